"""Plain words for a finding: what is wrong, which facts say so, what a patient can ask.

Layer 4: reads the knowledge base (L1), knows nothing of rules or reports. A finding carries
only a category and basis ids; this module turns them into a message a patient can read and a
list of cited facts, each with its source, date and status, so a report never shows an
unconfirmed fact as settled.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from regenwatch import kb as _kb
from regenwatch.kb import Fact, KBError, KnowledgeBase

__all__ = [
    "BasisRef",
    "Explanation",
    "basis_lines",
    "explain",
    "format_basis_line",
    "patient_questions",
]


class _Cited(Protocol):
    source: str
    jurisdiction: str
    source_date: str
    source_url: str | None
    status: str


@dataclass(frozen=True)
class BasisRef:
    """One cited fact, flattened for output (JSON, SARIF, HTML)."""

    id: str
    statement: str
    citation: str | None
    jurisdiction: str
    source: str
    source_url: str | None
    source_date: str
    status: str
    status_note: str = ""

    @classmethod
    def of(cls, fact: Fact) -> BasisRef:
        return cls(
            id=fact.id,
            statement=fact.statement,
            citation=fact.citation,
            jurisdiction=fact.jurisdiction,
            source=fact.source,
            source_url=fact.source_url,
            source_date=fact.source_date,
            status=fact.status,
            status_note=fact.status_note,
        )

    @property
    def confirmed(self) -> bool:
        return self.status == "confirmed"

    def line(self) -> str:
        return format_basis_line(self)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Explanation:
    """What a report shows next to a finding."""

    category: str
    message: str  # one line for a patient
    why: str  # the longer reason, for the rules page and detailed views
    basis: tuple[BasisRef, ...]
    lang: str = "en"

    @property
    def has_unconfirmed(self) -> bool:
        return any(not b.confirmed for b in self.basis)

    def to_json(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "message": self.message,
            "why": self.why,
            "basis": [b.to_json() for b in self.basis],
            "lang": self.lang,
        }


def explain(
    category: str,
    basis: list[str] | tuple[str, ...] | None = None,
    lang: str = "en",
    kb: KnowledgeBase | None = None,
) -> Explanation:
    """Explain a finding of `category` citing `basis` (the category's defaults when empty).

    Unknown basis ids raise KBError: rule packs are expected to check their ids against
    ``KnowledgeBase.missing`` when they load, so reaching one here is a programming error.
    """
    base = kb or _kb.load()
    info = base.category(category, lang)
    ids = list(dict.fromkeys(basis or info.basis))
    missing = base.missing(ids)
    if missing:
        raise KBError(f"{category}: basis names unknown fact(s) {', '.join(missing)}")
    return Explanation(
        category=category,
        message=info.patient,
        why=info.why,
        basis=tuple(BasisRef.of(base.facts[i]) for i in ids),
        lang=info.lang,
    )


def basis_lines(
    ids: list[str] | tuple[str, ...], kb: KnowledgeBase | None = None
) -> list[str]:
    """One citation line per basis id, "<id>: <source> (<jurisdiction>, <date>) <url>".

    For reports, so an id the knowledge base lacks is shown as such instead of failing the
    whole report. The lines are plain text: Rich callers must escape them (or print with
    markup off), or Rich would swallow the "[unconfirmed]" mark as a style tag.
    """
    base = kb or _kb.load()
    out = []
    for fid in dict.fromkeys(ids):
        fact = base.facts.get(fid)
        out.append(f"{fid}: {format_basis_line(fact)}" if fact
                   else f"{fid}: (not in the knowledge base)")
    return out


def patient_questions(lang: str = "en", kb: KnowledgeBase | None = None) -> list[str]:
    """The questions a patient can ask before paying, in `lang` (English fallback)."""
    return [q.text for q in (kb or _kb.load()).questions(lang)]


def format_basis_line(fact: _Cited) -> str:
    """One citation line: "<source> (<jurisdiction>, <date>) <url>", flagged when unconfirmed.

    The "[unconfirmed]" mark is how every output keeps an unconfirmed fact from reading as
    settled (decisions.md, "Knowledge base and memory"). Only the first of several sources
    is named, to keep report lines short; the fact keeps them all.
    """
    line = f"{_primary_source(fact.source)} ({fact.jurisdiction}, {fact.source_date})"
    if fact.source_url:
        line += f" <{fact.source_url}>"
    if fact.status != "confirmed":
        line += " [unconfirmed]"
    return line


_TRAILING_DATE = re.compile(r"\s*\((?:~?\d{4}(?:-\d{2}){0,2}|\w+ \d{4})\)\s*$")


def _primary_source(source: str) -> str:
    """The first of "A (2019-12-06); B (2020-06)", without its own date (the line adds one)."""
    first = source.split(";")[0].strip()
    return _TRAILING_DATE.sub("", first) or first
