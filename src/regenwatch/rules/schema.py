"""Load and validate rule packs: a broken pack is one line naming the file and line.

Every field a rule declares is honoured; an unknown field or kind is refused rather than
silently ignored (the Vale lesson in architecture.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from regenwatch.model import CATEGORIES
from regenwatch.yamlfast import SafeLoader as FastSafeLoader

KINDS = frozenset({"pattern", "listed", "obfuscation"})
SCOPES = frozenset({"sentence"})
MODIFIERS = frozenset(
    {"negated", "asked", "hypothetical", "attributed", "regulator-voice", "refuted",
     "informational", "investigational", "true-statement", "disclaimed", "unoffered",
     "plain-registration", "non-outcome", "patient-post", "facility-licence",
     "registration-credited", "device-clearance",
     "negated-inside", "contraindicated", "disowned"}
)
REQUIRES = frozenset({"product-context", "offer", "first-person", "not-approved-product"})
STATUSES = frozenset({"stable", "preview", "deprecated"})
_CODE = re.compile(r"^RW[1-9]\d\d$")
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CATEGORY_PREFIX = {
    "approval-claim": (100, 199),
    "registration-as-approval": (200, 299),
    "exemption-claim": (300, 399),
    "disease-claim": (400, 499),
    "cure-guarantee": (500, 599),
    "safety-claim": (600, 699),
    "risky-route": (700, 799),
    "pay-to-participate": (800, 849),
    "testimonial": (850, 899),
    "obfuscated-text": (900, 999),
}
_RULE_KEYS = {
    "code", "name", "category", "kind", "scope", "patterns", "requires", "context",
    "message", "why", "basis", "status", "since", "examples", "window", "lead",
}
_REQUIRED = ("code", "name", "category", "kind", "message", "why", "examples")


class PackError(ValueError):
    """A rule pack that cannot be honoured; str() is one line: file:line: problem."""


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    category: str
    kind: str
    message: str
    why: str
    language: str
    source: str  # file:line, for error messages and `regenwatch rules`
    patterns: tuple[str, ...] = ()
    scope: str = "sentence"
    window: int = 0  # kind listed: how many preceding lines may hold the lead-in
    lead: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    context: tuple[str, ...] = ()  # modifiers that drop this rule's candidates
    basis: tuple[str, ...] = ()
    status: str = "stable"
    since: str = "0.1.0"
    examples_match: tuple[str, ...] = ()
    examples_no_match: tuple[str, ...] = ()


@dataclass
class RulePack:
    language: str
    macros: dict[str, str] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)


class _LineLoader(FastSafeLoader):
    """SafeLoader that remembers the line of every mapping as key '__line__'."""


def _construct_mapping(loader, node, deep=False):
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _load_yaml(path: Path):
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise PackError(f"{path}:{line}: invalid YAML: {exc.problem}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"{path}: cannot read: {exc}") from exc


def _str_list(value, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PackError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def parse_rule(raw: dict, language: str, path: Path) -> Rule:
    line = raw.get("__line__", 0)
    where = f"{path}:{line}"
    unknown = set(raw) - _RULE_KEYS - {"__line__"}
    if unknown:
        raise PackError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    for key in _REQUIRED:
        if not raw.get(key):
            raise PackError(f"{where}: rule is missing '{key}'")
    code, name, category, kind = raw["code"], raw["name"], raw["category"], raw["kind"]
    if not isinstance(code, str) or not _CODE.match(code):
        raise PackError(f"{where}: bad code {code!r} (want RW + three digits)")
    if not isinstance(name, str) or not _NAME.match(name):
        raise PackError(f"{where}: bad name {name!r} (want kebab-case)")
    if category not in CATEGORIES:
        raise PackError(f"{where}: unknown category {category!r}")
    lo, hi = _CATEGORY_PREFIX[category]
    if not lo <= int(code[2:]) <= hi:
        raise PackError(f"{where}: code {code} is outside {category}'s range RW{lo}-RW{hi}")
    if kind not in KINDS:
        raise PackError(f"{where}: unknown kind {kind!r} (one of {', '.join(sorted(KINDS))})")
    scope = raw.get("scope", "sentence")
    if scope not in SCOPES:
        raise PackError(f"{where}: unknown scope {scope!r}")
    patterns = _str_list(raw.get("patterns"), where, "patterns")
    if kind in ("pattern", "listed") and not patterns:
        raise PackError(f"{where}: a {kind} rule needs 'patterns'")
    repeated = next((p for i, p in enumerate(patterns) if p in patterns[:i]), None)
    if repeated is not None:  # a pasted-twice pattern: harmless to matching, a sign of a slip
        raise PackError(f"{where}: pattern listed twice: {repeated!r}")
    lead = _str_list(raw.get("lead"), where, "lead")
    if kind == "listed" and not lead:
        raise PackError(f"{where}: a listed rule needs 'lead' patterns (the lead-in line)")
    if lead and kind != "listed":
        raise PackError(f"{where}: 'lead' is only honoured by kind 'listed'")
    requires = _str_list(raw.get("requires"), where, "requires")
    for r in requires:
        if r not in REQUIRES:
            raise PackError(f"{where}: unknown requirement {r!r}")
    context = _str_list(raw.get("context"), where, "context")
    for m in context:
        if m not in MODIFIERS:
            raise PackError(f"{where}: unknown context modifier {m!r}")
    status = raw.get("status", "stable")
    if status not in STATUSES:
        raise PackError(f"{where}: unknown status {status!r}")
    examples = raw["examples"]
    if not isinstance(examples, dict):
        raise PackError(f"{where}: 'examples' must have 'match' and 'no_match' lists")
    match = _str_list(examples.get("match"), where, "examples.match")
    no_match = _str_list(examples.get("no_match"), where, "examples.no_match")
    if not match or not no_match:
        raise PackError(f"{where}: rule {code} needs at least one match and one no_match example")
    window = raw.get("window", 0)
    if not isinstance(window, int) or window < 0:
        raise PackError(f"{where}: 'window' must be a non-negative integer")
    return Rule(
        code=code, name=name, category=category, kind=kind,
        message=str(raw["message"]).strip(), why=str(raw["why"]).strip(),
        language=language, source=where, patterns=patterns, scope=scope, window=window, lead=lead,
        requires=requires, context=context, basis=_str_list(raw.get("basis"), where, "basis"),
        status=status, since=str(raw.get("since", "0.1.0")),
        examples_match=match, examples_no_match=no_match,
    )


def load_pack_dir(directory: Path) -> RulePack:
    """Read every *.yaml of one language directory; `_macros.yaml` holds the macros."""
    language = directory.name
    pack = RulePack(language=language)
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise PackError(f"{directory}: no rule files")
    for path in files:
        data = _load_yaml(path)
        if not isinstance(data, dict):
            raise PackError(f"{path}:1: expected a mapping at top level")
        if data.get("language") != language:
            raise PackError(f"{path}:1: 'language: {language}' is required")
        extra = set(data) - {"language", "rules", "macros", "__line__"}
        if extra:
            raise PackError(f"{path}:1: unknown top-level field(s) {', '.join(sorted(extra))}")
        macros = data.get("macros") or {}
        for key, value in macros.items():
            if key == "__line__":
                continue
            if not isinstance(value, (str, list)):
                raise PackError(f"{path}: macro {key!r} must be a string or a list")
            pack.macros[key] = value if isinstance(value, str) else "|".join(value)
        for raw in data.get("rules") or []:
            if not isinstance(raw, dict):
                raise PackError(f"{path}: each rule must be a mapping")
            pack.rules.append(parse_rule(raw, language, path))
    return pack
