"""Plain data shared by every layer: documents in, the `regenwatch/1` record out.

Frozen dataclasses so a finding cannot change after the decision that made it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from regenwatch import SCHEMA

CATEGORIES = (
    "approval-claim",
    "registration-as-approval",
    "exemption-claim",
    "disease-claim",
    "cure-guarantee",
    "safety-claim",
    "risky-route",
    "pay-to-participate",
    "testimonial",
    "obfuscated-text",
)
HIGH_SEVERITY = frozenset({"approval-claim", "exemption-claim", "disease-claim"})
VERDICTS = ("low", "elevated", "high")


def severity_of(category: str) -> str:
    return "high" if category in HIGH_SEVERITY else "medium"


@dataclass(frozen=True)
class Block:
    """A piece of extracted text with its role on the page and its source position."""

    start: int
    end: int
    role: str = "main"  # main, title, heading, nav, aside, footer, meta
    line: int | None = None  # 1-based line of the element in the source file
    column: int | None = None  # 1-based column


@dataclass(frozen=True)
class Document:
    """One input: exactly one of text, html or url is used (html wins over text)."""

    id: str
    source: str
    text: str | None = None
    html: str | bytes | None = None
    url: str | None = None
    blocks: tuple[Block, ...] = ()  # filled by extraction; empty means one main block


@dataclass(frozen=True)
class Finding:
    rule: str
    category: str
    start: int
    end: int
    quote: str
    message: str
    basis: tuple[str, ...] = ()
    block: str = "main"
    modifiers: tuple[str, ...] = ()

    @property
    def severity(self) -> str:
        return severity_of(self.category)

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "message": self.message,
            "basis": list(self.basis),
            "context": {"block": self.block, "modifiers": list(self.modifiers)},
        }


@dataclass(frozen=True)
class Dismissed:
    """A candidate that context removed, kept so the decision can be audited."""

    rule: str
    category: str
    start: int
    end: int
    quote: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Signal:
    name: str
    start: int | None = None
    end: int | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SourceError:
    """A record that could not be read or judged; stored, counted, never fatal."""

    kind: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "message": self.message}


@dataclass
class Report:
    """The result of checking one document; `to_json` gives the regenwatch/1 record."""

    id: str
    source: str
    lang: str | None = None
    verdict: str | None = None
    verdict_reasons: list[str] = field(default_factory=list)
    score: int = 0
    findings: list[Finding] = field(default_factory=list)
    dismissed: list[Dismissed] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    normalization: dict[str, Any] = field(
        default_factory=lambda: {"changed_chars": 0, "kinds": {}}
    )
    text: str | None = None
    error: SourceError | None = None

    def to_json(self, include_text: bool = True) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "id": self.id,
            "source": self.source,
            "lang": self.lang,
            "verdict": self.verdict,
            "verdict_reasons": list(self.verdict_reasons),
            "score": self.score,
            "findings": [f.to_json() for f in self.findings],
            "dismissed": [d.to_json() for d in self.dismissed],
            "signals": [s.to_json() for s in self.signals],
            "normalization": self.normalization,
            "text": self.text if include_text else None,
            "error": self.error.to_json() if self.error else None,
        }

    @classmethod
    def failed(cls, id: str, source: str, kind: str, message: str) -> Report:
        return cls(id=id, source=source, error=SourceError(kind, message))
