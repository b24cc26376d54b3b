"""Read and validate the knowledge-base YAML files.

Every fact the program cites must say where it came from and how sure we are, so the loader
refuses anything it cannot vouch for: unknown or missing fields, a bad status, a date that is
not ISO, a duplicate id, a category basis naming a fact that does not exist. Each refusal is
one line naming the file, the line and the record, like Vale's rule loader.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from regenwatch.kb.records import (
    JURISDICTIONS,
    PRODUCT_KINDS,
    STATUSES,
    ApprovedProduct,
    CategoryInfo,
    Fact,
    KBError,
    Question,
)

FACT_FIELDS = (
    "id", "statement", "jurisdiction", "citation", "source", "source_url", "source_date",
    "status", "status_note", "review_date",
)
NULLABLE_FACT = {"citation", "source_url"}
PRODUCT_REQUIRED = (
    "id", "name", "holder", "kind", "indications", "aliases", "jurisdiction",
    "approval_date", "source", "status",
)
PRODUCT_OPTIONAL = ("status_note", "not_for", "withdrawn")
MATCHING_KEYS = ("never_approved", "unapproved_uses", "negation_cues", "kind_aliases", "regulators")
QUESTION_REQUIRED = ("id", "text", "source", "source_url", "source_date")
QUESTION_OPTIONAL = ("note",)
CATEGORY_REQUIRED_EN = ("category", "patient", "why", "basis")
CATEGORY_REQUIRED_TR = ("category", "patient", "why")
FILE_KEYS = {
    "facts": {"defaults", "facts", "products", "matching"},
    "questions": {"lang", "questions"},
    "categories": {"lang", "categories"},
}
_LINE = "__line__"
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_FULL_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as strings, remembers lines and rejects duplicate keys."""

    def construct_mapping(self, node, deep=False):  # noqa: D401 - PyYAML hook
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen[key] = key_node.start_mark.line + 1
        mapping = super().construct_mapping(node, deep=deep)
        mapping[_LINE] = node.start_mark.line + 1
        return mapping


# Dates stay strings: the files mix full and reduced-precision ISO dates, and a date object
# would lose the difference between "2019" and "2019-01-01".
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class RawKB:
    """Everything read from one data directory, before it is wrapped for callers."""

    facts: dict[str, Fact] = field(default_factory=dict)
    products: list[ApprovedProduct] = field(default_factory=list)
    matching: dict[str, Any] = field(default_factory=dict)
    questions: dict[str, list[Question]] = field(default_factory=dict)
    categories: dict[str, dict[str, CategoryInfo]] = field(default_factory=dict)


class _File:
    """Error context for one file: every message starts with its path and a line."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, line: int | None, what: str) -> KBError:
        where = f"{self.path}:{line}" if line else str(self.path)
        return KBError(f"{where}: {what}")


def _kind_of(path: Path) -> tuple[str, str]:
    """(file kind, language) from a name: patient-questions.es.yaml -> (questions, es)."""
    stem = path.name[: -len(".yaml")]
    base, _, lang = stem.partition(".")
    if base == "patient-questions":
        return "questions", lang or "en"
    if base == "categories":
        return "categories", lang or "en"
    if lang:
        raise _File(path).fail(
            None, "only patient-questions and categories files take a language suffix"
        )
    return "facts", ""


def read_dir(data_dir: Path) -> RawKB:
    files = sorted(data_dir.glob("*.yaml"))
    if not files:
        raise KBError(f"{data_dir}: no knowledge-base files (*.yaml)")
    raw = RawKB()
    owner: dict[str, str] = {}  # id -> file, one namespace for facts and products
    for path in files:
        kind, lang = _kind_of(path)
        doc = _parse(path)
        f = _File(path)
        _check_keys(f, doc, FILE_KEYS[kind], set(), "file")
        if kind == "facts":
            _read_facts_file(f, doc, raw, owner)
        elif kind == "questions":
            _check_lang(f, doc, lang)
            raw.questions[lang] = _read_questions(f, doc, lang)
        else:
            _check_lang(f, doc, lang)
            raw.categories[lang] = _read_categories(f, doc, lang)
    return raw


def _parse(path: Path) -> dict[str, Any]:
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise _File(path).fail(line, f"YAML error: {problem}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KBError(f"{path}: cannot read: {exc}") from None
    if not isinstance(doc, dict):
        raise _File(path).fail(None, "top level must be a mapping")
    return doc


def _check_keys(f: _File, rec: dict, allowed: set, required: set, what: str) -> None:
    line = rec.get(_LINE)
    for key in rec:
        if key != _LINE and key not in allowed:
            raise f.fail(line, f"{what}: unknown field {key!r}")
    for key in sorted(required):
        if key not in rec:
            raise f.fail(line, f"{what}: missing field {key!r}")


def _check_lang(f: _File, doc: dict, lang: str) -> None:
    if doc.get("lang") != lang:
        raise f.fail(doc.get(_LINE), f"'lang: {lang}' expected (from the file name)")


def _iso(f: _File, line: int | None, what: str, value: Any, *, full=False, approx=False) -> str:
    text = str(value) if isinstance(value, int | str) and not isinstance(value, bool) else None
    body = text[1:] if (approx and text and text.startswith("~")) else text
    ok = body is not None and (_FULL_ISO if full else _ISO).match(body)
    if ok:
        parts = [int(p) for p in body.split("-")] + [1, 1]
        try:
            _dt.date(parts[0], parts[1], parts[2])
        except ValueError:
            ok = False
    if not ok:
        form = "YYYY-MM-DD" if full else "ISO (YYYY, YYYY-MM or YYYY-MM-DD)"
        raise f.fail(line, f"{what}: bad date {value!r}, expected {form}")
    return text  # type: ignore[return-value]


def _text(f: _File, line, what: str, value: Any, *, nullable=False, empty=False) -> str | None:
    if value is None and nullable:
        return None
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise f.fail(line, f"{what}: must be a {'non-empty ' if not empty else ''}string")
    return " ".join(value.split())


def _terms(f: _File, line, what: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise f.fail(line, f"{what}: must be a non-empty list of strings")
    for v in value:
        if v != v.lower() or not v.strip():
            raise f.fail(line, f"{what}: term {v!r} must be lower-case and non-empty")
    return tuple(value)


def _claim_id(f: _File, line, what: str, rid: Any, owner: dict[str, str]) -> str:
    if not isinstance(rid, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", rid):
        raise f.fail(line, f"{what}: bad id {rid!r} (lower-case letters, digits, hyphens)")
    if rid in owner:
        raise f.fail(line, f"{what} {rid!r}: duplicate id (first in {owner[rid]})")
    owner[rid] = f.path.name
    return rid


def _read_facts_file(f: _File, doc: dict, raw: RawKB, owner: dict[str, str]) -> None:
    defaults = doc.get("defaults", {}) or {}
    if not isinstance(defaults, dict):
        raise f.fail(None, "defaults must be a mapping")
    _check_keys(f, defaults, set(FACT_FIELDS) | set(PRODUCT_REQUIRED) | set(PRODUCT_OPTIONAL)
                - {"id"}, set(), "defaults")
    for name in ("facts", "products"):
        if name in doc and not isinstance(doc[name], list):
            raise f.fail(None, f"{name} must be a list")
    for rec in doc.get("facts", []) or []:
        fact = _read_fact(f, _merge(f, defaults, rec, FACT_FIELDS), owner)
        raw.facts[fact.id] = fact
    for rec in doc.get("products", []) or []:
        merged = _merge(f, defaults, rec, PRODUCT_REQUIRED + PRODUCT_OPTIONAL)
        raw.products.append(_read_product(f, merged, owner))
    if "matching" in doc:
        if raw.matching:
            raise f.fail(doc["matching"].get(_LINE), "matching: defined in two files")
        raw.matching = _read_matching(f, doc["matching"])


def _merge(f: _File, defaults: dict, rec: Any, fields: tuple[str, ...]) -> dict:
    if not isinstance(rec, dict):
        raise f.fail(None, f"record must be a mapping, got {rec!r}")
    merged = {k: v for k, v in defaults.items() if k in fields}
    merged.update(rec)
    merged[_LINE] = rec.get(_LINE)
    return merged


def _read_fact(f: _File, rec: dict, owner: dict[str, str]) -> Fact:
    line = rec.get(_LINE)
    rid = _claim_id(f, line, "fact", rec.get("id"), owner)
    what = f"fact {rid!r}"
    _check_keys(f, rec, set(FACT_FIELDS), set(FACT_FIELDS), what)
    status = rec["status"]
    if status not in STATUSES:
        raise f.fail(line, f"{what}: bad status {status!r} (confirmed or unconfirmed)")
    note = _text(f, line, f"{what} status_note", rec["status_note"], empty=True)
    if status == "unconfirmed" and not note:
        raise f.fail(line, f"{what}: an unconfirmed fact needs a status_note saying what is open")
    if rec["jurisdiction"] not in JURISDICTIONS:
        raise f.fail(line, f"{what}: unknown jurisdiction {rec['jurisdiction']!r}")
    return Fact(
        id=rid,
        statement=_text(f, line, f"{what} statement", rec["statement"]),
        jurisdiction=rec["jurisdiction"],
        citation=_text(f, line, f"{what} citation", rec["citation"], nullable=True),
        source=_text(f, line, f"{what} source", rec["source"]),
        source_url=_url(f, line, what, rec["source_url"]),
        source_date=_iso(f, line, f"{what} source_date", rec["source_date"]),
        status=status,
        status_note=note or "",
        review_date=_iso(f, line, f"{what} review_date", rec["review_date"], full=True),
        file=f.path.name,
    )


def _url(f: _File, line, what: str, value: Any) -> str | None:
    url = _text(f, line, f"{what} source_url", value, nullable=True)
    if url is not None and not url.startswith(("https://", "http://")):
        raise f.fail(line, f"{what}: source_url must be an http(s) URL or null")
    return url


def _read_product(f: _File, rec: dict, owner: dict[str, str]) -> ApprovedProduct:
    line = rec.get(_LINE)
    rid = _claim_id(f, line, "product", rec.get("id"), owner)
    what = f"product {rid!r}"
    _check_keys(f, rec, set(PRODUCT_REQUIRED) | set(PRODUCT_OPTIONAL), set(PRODUCT_REQUIRED), what)
    if rec["status"] not in STATUSES:
        raise f.fail(line, f"{what}: bad status {rec['status']!r} (confirmed or unconfirmed)")
    if rec["kind"] not in PRODUCT_KINDS:
        raise f.fail(line, f"{what}: unknown kind {rec['kind']!r}")
    juris = rec["jurisdiction"]
    juris = tuple(juris) if isinstance(juris, list) else (juris,)
    for j in juris:
        if j not in JURISDICTIONS:
            raise f.fail(line, f"{what}: unknown jurisdiction {j!r}")
    withdrawn = rec.get("withdrawn")
    return ApprovedProduct(
        id=rid,
        name=_text(f, line, f"{what} name", rec["name"]),
        holder=_text(f, line, f"{what} holder", rec["holder"], nullable=True),
        kind=rec["kind"],
        indications=_terms(f, line, f"{what} indications", rec["indications"]),
        aliases=_terms(f, line, f"{what} aliases", rec["aliases"]),
        jurisdictions=juris,
        approval_date=_iso(f, line, f"{what} approval_date", rec["approval_date"], approx=True),
        source=_text(f, line, f"{what} source", rec["source"]),
        status=rec["status"],
        status_note=_text(f, line, f"{what} status_note", rec.get("status_note", ""), empty=True),
        not_for=_terms(f, line, f"{what} not_for", rec["not_for"]) if "not_for" in rec else (),
        withdrawn=_iso(f, line, f"{what} withdrawn", withdrawn) if withdrawn else None,
    )


def _read_matching(f: _File, rec: Any) -> dict[str, Any]:
    if not isinstance(rec, dict):
        raise f.fail(None, "matching must be a mapping")
    line = rec.get(_LINE)
    _check_keys(f, rec, set(MATCHING_KEYS), set(MATCHING_KEYS), "matching")
    out: dict[str, Any] = {
        key: _terms(f, line, f"matching {key}", rec[key])
        for key in ("never_approved", "unapproved_uses", "negation_cues")
    }
    kinds = rec["kind_aliases"]
    if not isinstance(kinds, dict):
        raise f.fail(line, "matching kind_aliases: must map product kinds to lists")
    out["kind_aliases"] = {}
    for kind, terms in kinds.items():
        if kind == _LINE:
            continue
        if kind not in PRODUCT_KINDS:
            raise f.fail(kinds.get(_LINE), f"matching kind_aliases: unknown kind {kind!r}")
        out["kind_aliases"][kind] = _terms(f, line, f"matching kind_aliases {kind}", terms)
    regs = rec["regulators"]
    if not isinstance(regs, dict):
        raise f.fail(line, "matching regulators: must map names to jurisdictions")
    out["regulators"] = {}
    for name, juris in regs.items():
        if name == _LINE:
            continue
        if juris not in JURISDICTIONS:
            raise f.fail(
                regs.get(_LINE), f"matching regulators {name!r}: unknown jurisdiction {juris!r}"
            )
        out["regulators"][str(name).lower()] = juris
    return out


def _read_questions(f: _File, doc: dict, lang: str) -> list[Question]:
    items = doc.get("questions")
    if not isinstance(items, list) or not items:
        raise f.fail(doc.get(_LINE), "questions: must be a non-empty list")
    seen: set[str] = set()
    out = []
    for rec in items:
        if not isinstance(rec, dict):
            raise f.fail(None, f"question must be a mapping, got {rec!r}")
        line = rec.get(_LINE)
        qid = rec.get("id")
        what = f"question {qid!r}"
        _check_keys(f, rec, set(QUESTION_REQUIRED) | set(QUESTION_OPTIONAL),
                    set(QUESTION_REQUIRED), what)
        if qid in seen:
            raise f.fail(line, f"{what}: duplicate id")
        seen.add(qid)
        out.append(Question(
            id=_text(f, line, f"{what} id", qid),
            text=_text(f, line, f"{what} text", rec["text"]),
            source=_text(f, line, f"{what} source", rec["source"]),
            source_url=_url(f, line, what, rec["source_url"]),
            source_date=_iso(f, line, f"{what} source_date", rec["source_date"]),
            lang=lang,
            note=_text(f, line, f"{what} note", rec.get("note", ""), empty=True),
        ))
    return out


def _read_categories(f: _File, doc: dict, lang: str) -> dict[str, CategoryInfo]:
    items = doc.get("categories")
    if not isinstance(items, list) or not items:
        raise f.fail(doc.get(_LINE), "categories: must be a non-empty list")
    required = CATEGORY_REQUIRED_EN if lang == "en" else CATEGORY_REQUIRED_TR
    out: dict[str, CategoryInfo] = {}
    for rec in items:
        if not isinstance(rec, dict):
            raise f.fail(None, f"category entry must be a mapping, got {rec!r}")
        line = rec.get(_LINE)
        cat = rec.get("category")
        what = f"category {cat!r}"
        _check_keys(f, rec, set(required), set(required), what)
        if cat in out:
            raise f.fail(line, f"{what}: duplicate entry")
        basis = rec.get("basis", [])
        if lang == "en" and (not isinstance(basis, list) or not basis
                             or not all(isinstance(b, str) for b in basis)):
            raise f.fail(line, f"{what}: basis must be a non-empty list of fact ids")
        out[cat] = CategoryInfo(
            category=cat,
            patient=_text(f, line, f"{what} patient", rec["patient"]),
            why=_text(f, line, f"{what} why", rec["why"]),
            basis=tuple(basis),
            lang=lang,
        )
    return out


def line_of_category(path: Path, category: str) -> int | None:
    """Line of a category entry, for cross-file errors raised after parsing."""
    doc = _parse(path)
    for rec in doc.get("categories", []) or []:
        if isinstance(rec, dict) and rec.get("category") == category:
            return rec.get(_LINE)
    return None
