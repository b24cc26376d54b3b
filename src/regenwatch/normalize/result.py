"""The normaliser's result: analysis text, original text, changes and the offset map.

Why lazy changes: on heavily obfuscated pages a quarter of all letters change; building a
``Change`` object for each while normalising would cost more than the normalising itself.
The result keeps the compact decisions and builds ``changes`` on first access.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .offsets import OffsetMap

Edit = tuple[int, int, str, str, bool]

# Kinds of change, in the order ``--explain`` documents them.
KINDS = (
    "lookalike",            # look-alike letter inside a Latin word (Cyrillic е in "thе")
    "lookalike-word",       # a whole word of look-alikes in Latin text ("ЕХОЅОМЕ")
    "compat",               # full-width, mathematical, enclosed, small-capital, ligature forms
    "invisible",            # zero-width and other invisible characters removed
    "zalgo",                # stacked combining marks on a Latin letter removed
    "split-letters",        # "a p p r o v e d", "a-p-p-r-o-v-e-d"
    "dotted-abbreviation",  # "F.D.A." -> "FDA" (never counted)
    "digit-swap",           # "appr0ved", "s@fe"
    "accent",               # "appróved"
)


@dataclass(frozen=True)
class Change:
    kind: str
    start: int  # original offsets, end exclusive
    end: int
    original: str
    replacement: str
    counted: bool = True


class Normalized:
    """``text`` (analysis text, case kept), ``original``, ``changes``, ``to_original``."""

    def __init__(
        self,
        text: str,
        original: str,
        changes: tuple[Change, ...] | None = None,
        *,
        edits: list[Edit] | None = None,
        lookalike_builder=None,
    ) -> None:
        self.text = text
        self.original = original
        if changes is not None:
            edits = [(c.start, c.end, c.replacement, c.kind, c.counted) for c in changes]
            self.__dict__["changes"] = tuple(changes)
        self._edits: list[Edit] = edits or []
        self._lookalike_builder = lookalike_builder
        # One-for-one edits (look-alikes, full-width letters) move no offset: only the others
        # go into the map, so a span inside "ＦＤＡ" maps to exactly its own letters.
        self._map = OffsetMap([(s, e, len(r)) for s, e, r, _k, _c in self._edits
                               if len(r) != e - s])

    def __repr__(self) -> str:
        return f"Normalized(text={self.text[:40]!r}..., changes={len(self.edit_list())})"

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map an analysis-text span back to the exact original span that produced it."""
        return self._map.to_original(start, end)

    def to_analysis(self, start: int, end: int) -> tuple[int, int]:
        """Map an original span to the analysis-text span it became."""
        return self._map.to_analysis(start, end)

    @property
    def is_identity(self) -> bool:
        return self.text == self.original and not self.edit_list()

    def edit_list(self) -> list[Edit]:
        """All changes as sorted ``(start, end, replacement, kind, counted)`` tuples."""
        return self._all_edits

    @cached_property
    def _all_edits(self) -> list[Edit]:
        if self._lookalike_builder is None:
            return list(self._edits)
        look = self._lookalike_builder()
        if not self._edits:
            return look
        return sorted(_drop_covered(look, self._edits) + self._edits)

    @cached_property
    def changes(self) -> tuple[Change, ...]:
        o = self.original
        return tuple(Change(k, s, e, o[s:e], r, c) for s, e, r, k, c in self.edit_list())

    def summary(self) -> dict:
        """``{changed_chars, kinds}`` for the output record (all changes, counted or not)."""
        kinds: dict[str, int] = {}
        total = 0
        for s, e, _r, k, _c in self.edit_list():
            n = max(e - s, 1)
            total += n
            kinds[k] = kinds.get(k, 0) + n
        return {"changed_chars": total, "kinds": kinds}


def _drop_covered(look: list[Edit], explicit: list[Edit]) -> list[Edit]:
    """Look-alike edits minus any character that an explicit edit already covers."""
    out: list[Edit] = []
    j = 0
    for s, e, r, k, c in look:
        while j < len(explicit) and explicit[j][1] <= s:
            j += 1
        if j >= len(explicit) or explicit[j][0] >= e:
            out.append((s, e, r, k, c))
            continue
        for p in range(s, e):  # one-for-one edits: split by character
            if not any(a <= p < b for a, b, *_ in explicit[j:j + 8] if a < e):
                out.append((p, p + 1, r[p - s], k, c))
    return out
