"""Read and validate the knowledge-base YAML files.

Every fact the program cites must say where it came from and how sure we are, so the loader
refuses anything it cannot vouch for: unknown or missing fields, a bad status, a date that is
not ISO, a duplicate id, a category basis naming a fact that does not exist. Each refusal is
one line naming the file, the line and the record, like Vale's rule loader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from regenwatch.kb.checks import (
    LINE,
    SourceFile,
    as_date,
    as_terms,
    as_text,
    as_url,
    check_keys,
    parse,
)
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


@dataclass
class RawKB:
    """Everything read from one data directory, before it is wrapped for callers."""

    facts: dict[str, Fact] = field(default_factory=dict)
    products: list[ApprovedProduct] = field(default_factory=list)
    matching: dict[str, Any] = field(default_factory=dict)
    questions: dict[str, list[Question]] = field(default_factory=dict)
    categories: dict[str, dict[str, CategoryInfo]] = field(default_factory=dict)


def _kind_of(path: Path) -> tuple[str, str]:
    """(file kind, language) from a name: patient-questions.es.yaml -> (questions, es)."""
    stem = path.name[: -len(".yaml")]
    base, _, lang = stem.partition(".")
    if base == "patient-questions":
        return "questions", lang or "en"
    if base == "categories":
        return "categories", lang or "en"
    if lang:
        raise SourceFile(path).fail(
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
        doc = parse(path)
        f = SourceFile(path)
        check_keys(f, doc, FILE_KEYS[kind], set(), "file")
        if kind == "facts":
            _read_facts_file(f, doc, raw, owner)
        elif kind == "questions":
            _check_lang(f, doc, lang)
            raw.questions[lang] = _read_questions(f, doc, lang)
        else:
            _check_lang(f, doc, lang)
            raw.categories[lang] = _read_categories(f, doc, lang)
    return raw


def _check_lang(f: SourceFile, doc: dict, lang: str) -> None:
    if doc.get("lang") != lang:
        raise f.fail(doc.get(LINE), f"'lang: {lang}' expected (from the file name)")


def _claim_id(f: SourceFile, line, what: str, rid: Any, owner: dict[str, str]) -> str:
    if not isinstance(rid, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", rid):
        raise f.fail(line, f"{what}: bad id {rid!r} (lower-case letters, digits, hyphens)")
    if rid in owner:
        raise f.fail(line, f"{what} {rid!r}: duplicate id (first in {owner[rid]})")
    owner[rid] = f.path.name
    return rid


def _read_facts_file(f: SourceFile, doc: dict, raw: RawKB, owner: dict[str, str]) -> None:
    defaults = doc.get("defaults", {}) or {}
    if not isinstance(defaults, dict):
        raise f.fail(None, "defaults must be a mapping")
    check_keys(f, defaults, set(FACT_FIELDS) | set(PRODUCT_REQUIRED) | set(PRODUCT_OPTIONAL)
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
            raise f.fail(doc["matching"].get(LINE), "matching: defined in two files")
        raw.matching = _read_matching(f, doc["matching"])


def _merge(f: SourceFile, defaults: dict, rec: Any, fields: tuple[str, ...]) -> dict:
    if not isinstance(rec, dict):
        raise f.fail(None, f"record must be a mapping, got {rec!r}")
    merged = {k: v for k, v in defaults.items() if k in fields}
    merged.update(rec)
    merged[LINE] = rec.get(LINE)
    return merged


def _read_fact(f: SourceFile, rec: dict, owner: dict[str, str]) -> Fact:
    line = rec.get(LINE)
    rid = _claim_id(f, line, "fact", rec.get("id"), owner)
    what = f"fact {rid!r}"
    check_keys(f, rec, set(FACT_FIELDS), set(FACT_FIELDS), what)
    status = rec["status"]
    if status not in STATUSES:
        raise f.fail(line, f"{what}: bad status {status!r} (confirmed or unconfirmed)")
    note = as_text(f, line, f"{what} status_note", rec["status_note"], empty=True)
    if status == "unconfirmed" and not note:
        raise f.fail(line, f"{what}: an unconfirmed fact needs a status_note saying what is open")
    if rec["jurisdiction"] not in JURISDICTIONS:
        raise f.fail(line, f"{what}: unknown jurisdiction {rec['jurisdiction']!r}")
    return Fact(
        id=rid,
        statement=as_text(f, line, f"{what} statement", rec["statement"]),
        jurisdiction=rec["jurisdiction"],
        citation=as_text(f, line, f"{what} citation", rec["citation"], nullable=True),
        source=as_text(f, line, f"{what} source", rec["source"]),
        source_url=as_url(f, line, what, rec["source_url"]),
        source_date=as_date(f, line, f"{what} source_date", rec["source_date"]),
        status=status,
        status_note=note or "",
        review_date=as_date(f, line, f"{what} review_date", rec["review_date"], full=True),
        file=f.path.name,
    )


def _read_product(f: SourceFile, rec: dict, owner: dict[str, str]) -> ApprovedProduct:
    line = rec.get(LINE)
    rid = _claim_id(f, line, "product", rec.get("id"), owner)
    what = f"product {rid!r}"
    check_keys(f, rec, set(PRODUCT_REQUIRED) | set(PRODUCT_OPTIONAL), set(PRODUCT_REQUIRED), what)
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
        name=as_text(f, line, f"{what} name", rec["name"]),
        holder=as_text(f, line, f"{what} holder", rec["holder"], nullable=True),
        kind=rec["kind"],
        indications=as_terms(f, line, f"{what} indications", rec["indications"]),
        aliases=as_terms(f, line, f"{what} aliases", rec["aliases"]),
        jurisdictions=juris,
        approval_date=as_date(f, line, f"{what} approval_date", rec["approval_date"], approx=True),
        source=as_text(f, line, f"{what} source", rec["source"]),
        status=rec["status"],
        status_note=as_text(f, line, f"{what} status_note", rec.get("status_note", ""), empty=True),
        not_for=as_terms(f, line, f"{what} not_for", rec["not_for"]) if "not_for" in rec else (),
        withdrawn=as_date(f, line, f"{what} withdrawn", withdrawn) if withdrawn else None,
    )


def _read_matching(f: SourceFile, rec: Any) -> dict[str, Any]:
    if not isinstance(rec, dict):
        raise f.fail(None, "matching must be a mapping")
    line = rec.get(LINE)
    check_keys(f, rec, set(MATCHING_KEYS), set(MATCHING_KEYS), "matching")
    out: dict[str, Any] = {
        key: as_terms(f, line, f"matching {key}", rec[key])
        for key in ("never_approved", "unapproved_uses", "negation_cues")
    }
    kinds = rec["kind_aliases"]
    if not isinstance(kinds, dict):
        raise f.fail(line, "matching kind_aliases: must map product kinds to lists")
    out["kind_aliases"] = {}
    for kind, kind_terms in kinds.items():
        if kind == LINE:
            continue
        if kind not in PRODUCT_KINDS:
            raise f.fail(kinds.get(LINE), f"matching kind_aliases: unknown kind {kind!r}")
        out["kind_aliases"][kind] = as_terms(f, line, f"matching kind_aliases {kind}", kind_terms)
    regs = rec["regulators"]
    if not isinstance(regs, dict):
        raise f.fail(line, "matching regulators: must map names to jurisdictions")
    out["regulators"] = {}
    for name, juris in regs.items():
        if name == LINE:
            continue
        if juris not in JURISDICTIONS:
            raise f.fail(
                regs.get(LINE), f"matching regulators {name!r}: unknown jurisdiction {juris!r}"
            )
        out["regulators"][str(name).lower()] = juris
    return out


def _read_questions(f: SourceFile, doc: dict, lang: str) -> list[Question]:
    items = doc.get("questions")
    if not isinstance(items, list) or not items:
        raise f.fail(doc.get(LINE), "questions: must be a non-empty list")
    seen: set[str] = set()
    out = []
    for rec in items:
        if not isinstance(rec, dict):
            raise f.fail(None, f"question must be a mapping, got {rec!r}")
        line = rec.get(LINE)
        qid = rec.get("id")
        what = f"question {qid!r}"
        check_keys(f, rec, set(QUESTION_REQUIRED) | set(QUESTION_OPTIONAL),
                    set(QUESTION_REQUIRED), what)
        if qid in seen:
            raise f.fail(line, f"{what}: duplicate id")
        seen.add(qid)
        out.append(Question(
            id=as_text(f, line, f"{what} id", qid),
            text=as_text(f, line, f"{what} text", rec["text"]),
            source=as_text(f, line, f"{what} source", rec["source"]),
            source_url=as_url(f, line, what, rec["source_url"]),
            source_date=as_date(f, line, f"{what} source_date", rec["source_date"]),
            lang=lang,
            note=as_text(f, line, f"{what} note", rec.get("note", ""), empty=True),
        ))
    return out


def _read_categories(f: SourceFile, doc: dict, lang: str) -> dict[str, CategoryInfo]:
    items = doc.get("categories")
    if not isinstance(items, list) or not items:
        raise f.fail(doc.get(LINE), "categories: must be a non-empty list")
    required = CATEGORY_REQUIRED_EN if lang == "en" else CATEGORY_REQUIRED_TR
    out: dict[str, CategoryInfo] = {}
    for rec in items:
        if not isinstance(rec, dict):
            raise f.fail(None, f"category entry must be a mapping, got {rec!r}")
        line = rec.get(LINE)
        cat = rec.get("category")
        what = f"category {cat!r}"
        check_keys(f, rec, set(required), set(required), what)
        if cat in out:
            raise f.fail(line, f"{what}: duplicate entry")
        basis = rec.get("basis", [])
        if lang == "en" and (not isinstance(basis, list) or not basis
                             or not all(isinstance(b, str) for b in basis)):
            raise f.fail(line, f"{what}: basis must be a non-empty list of fact ids")
        out[cat] = CategoryInfo(
            category=cat,
            patient=as_text(f, line, f"{what} patient", rec["patient"]),
            why=as_text(f, line, f"{what} why", rec["why"]),
            basis=tuple(basis),
            lang=lang,
        )
    return out


def line_of_category(path: Path, category: str) -> int | None:
    """Line of a category entry, for cross-file errors raised after parsing."""
    doc = parse(path)
    for rec in doc.get("categories", []) or []:
        if isinstance(rec, dict) and rec.get("category") == category:
            return rec.get(LINE)
    return None
