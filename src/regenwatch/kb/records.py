"""The knowledge base's record types.

Frozen so that a fact quoted in a finding cannot drift from what was loaded; plain data so
the JSON output and the rules page can show every field without a translation layer.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

STATUSES = ("confirmed", "unconfirmed")
JURISDICTIONS = ("US", "EU", "UK", "CA", "AU", "JP", "KR", "TW", "MX", "global")
PRODUCT_KINDS = (
    "cord-blood-hpc",
    "msc",
    "cell-therapy",
    "tissue-engineered",
    "car-t",
    "gene-therapy",
    "gene-modified-cells",
    # not regenerative products, but sold beside them on the same med-spa and orthopaedic
    # pages ("we also offer FDA-approved Botox"): their approvals are true statements
    "botulinum-toxin",
    "dermal-filler",
    "viscosupplement",
)
# Kinds whose approval is true of its own sentence only: a page that sells Botox correctly
# is not "a page describing an approved product", whose other claims that would excuse.
SOLD_BESIDE_KINDS = frozenset(("botulinum-toxin", "dermal-filler", "viscosupplement"))


class KBError(ValueError):
    """A knowledge-base file is broken; the message is one line naming file and record."""


@dataclass(frozen=True)
class Fact:
    """One statement the program may cite, with where it was read and how sure we are."""

    id: str
    statement: str
    jurisdiction: str
    citation: str | None
    source: str
    source_url: str | None
    source_date: str  # ISO date, possibly reduced precision (2019, 2019-04)
    status: str  # confirmed | unconfirmed
    status_note: str
    review_date: str
    file: str = ""

    @property
    def confirmed(self) -> bool:
        return self.status == "confirmed"

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("file")
        return out


@dataclass(frozen=True)
class ApprovedProduct:
    """A really approved product and the uses on its label: what makes a claim true."""

    id: str
    name: str
    holder: str | None
    kind: str
    indications: tuple[str, ...]
    aliases: tuple[str, ...]
    jurisdictions: tuple[str, ...]
    approval_date: str  # ISO; a leading "~" marks a date to check before showing it
    source: str
    status: str
    status_note: str = ""
    not_for: tuple[str, ...] = ()
    withdrawn: str | None = None

    @property
    def jurisdiction(self) -> str:
        return ", ".join(self.jurisdictions)

    @property
    def date_approximate(self) -> bool:
        return self.approval_date.startswith("~")

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("indications", "aliases", "jurisdictions", "not_for"):
            out[key] = list(out[key])
        return out


@dataclass(frozen=True)
class Question:
    """A question a patient can ask a clinic, with the source it was drawn from."""

    id: str
    text: str
    source: str
    source_url: str | None
    source_date: str
    lang: str = "en"
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CategoryInfo:
    """Plain words for one taxonomy category and the facts its findings cite by default."""

    category: str
    patient: str  # one line a patient reads next to the finding
    why: str  # the longer reason, for the rules page
    basis: tuple[str, ...]
    lang: str = "en"

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["basis"] = list(self.basis)
        return out
