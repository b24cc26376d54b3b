"""All rule packs, by language and code; selection by code, prefix, name or category."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from regenwatch.model import CATEGORIES
from regenwatch.rules.schema import PackError, Rule, RulePack, load_pack_dir


def packs_root() -> Path:
    return Path(str(resources.files("regenwatch.rules").joinpath("packs")))


@functools.cache
def load_packs(root: Path | None = None) -> dict[str, RulePack]:
    root = root or packs_root()
    packs = {}
    for directory in sorted(p for p in root.iterdir() if p.is_dir() and p.name[0] not in "._"):
        pack = load_pack_dir(directory)
        seen: dict[str, Rule] = {}
        for rule in pack.rules:
            if rule.code in seen:
                raise PackError(f"{rule.source}: duplicate code {rule.code} "
                                f"(first at {seen[rule.code].source})")
            seen[rule.code] = rule
        packs[pack.language] = pack
    _check_cross_language(packs)
    return packs


def _check_cross_language(packs: dict[str, RulePack]) -> None:
    """One code is one kind of claim in every language: same name and category."""
    first: dict[str, Rule] = {}
    for pack in packs.values():
        for rule in pack.rules:
            other = first.setdefault(rule.code, rule)
            if (other.name, other.category) != (rule.name, rule.category):
                raise PackError(
                    f"{rule.source}: {rule.code} is {rule.name}/{rule.category} here but "
                    f"{other.name}/{other.category} at {other.source}"
                )


@dataclass(frozen=True)
class RuleInfo:
    """A rule as the user sees it: one entry per code, with its languages."""

    code: str
    name: str
    category: str
    languages: tuple[str, ...]
    rules: tuple[Rule, ...]

    @property
    def primary(self) -> Rule:
        for rule in self.rules:
            if rule.language == "en":
                return rule
        return self.rules[0]


def all_rules() -> list[RuleInfo]:
    by_code: dict[str, list[Rule]] = {}
    for pack in load_packs().values():
        for rule in pack.rules:
            by_code.setdefault(rule.code, []).append(rule)
    return [
        RuleInfo(code, rules[0].name, rules[0].category,
                 tuple(r.language for r in rules), tuple(rules))
        for code, rules in sorted(by_code.items())
    ]


def find_rule(key: str) -> RuleInfo | None:
    key = key.strip()
    for info in all_rules():
        if info.code.upper() == key.upper() or info.name == key.lower():
            return info
    return None


class SelectorError(ValueError):
    pass


def _matches(selector: str, rule: Rule) -> bool:
    s = selector.strip()
    if s.upper().startswith("RW"):
        return rule.code.startswith(s.upper())
    if s in CATEGORIES:
        return rule.category == s
    return rule.name == s.lower()


def validate_selectors(selectors: tuple[str, ...]) -> None:
    codes = [r for pack in load_packs().values() for r in pack.rules]
    for s in selectors:
        if not any(_matches(s, r) for r in codes) and s not in CATEGORIES:
            raise SelectorError(f"unknown rule selector {s!r} (a code, prefix, name or category)")


def is_selected(rule: Rule, select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> bool:
    if select and not any(_matches(s, rule) for s in select):
        return False
    return not any(_matches(s, rule) for s in ignore)
