"""Exact, monotonic map between analysis-text positions and original positions.

Why: a finding must quote the page as published, so every span found in the normalised text
has to map back to the exact original substring. Only edits that change length (removed
invisibles, ligatures, folded separators) move offsets; one-for-one replacements such as
look-alike letters keep positions, so the map stores only the length-changing edits and
answers each query with a binary search: O(edits) memory, O(log edits) per lookup, and the
identity (no edits) costs nothing.
"""

from __future__ import annotations

from bisect import bisect_right


class OffsetMap:
    """Edits are ``(orig_start, orig_end, new_len)``, sorted and non-overlapping."""

    __slots__ = ("_os", "_oe", "_ns", "_ne")

    def __init__(self, edits: list[tuple[int, int, int]] | None = None) -> None:
        self._os: list[int] = []
        self._oe: list[int] = []
        self._ns: list[int] = []
        self._ne: list[int] = []
        shift = 0
        last = -1
        for os_, oe, nl in edits or ():
            if os_ < last or oe < os_ or nl < 0:
                raise ValueError("edits must be sorted, non-overlapping and well formed")
            if oe - os_ == nl == 0:
                continue
            ns = os_ + shift
            self._os.append(os_)
            self._oe.append(oe)
            self._ns.append(ns)
            self._ne.append(ns + nl)
            shift += nl - (oe - os_)
            last = oe

    @property
    def is_identity(self) -> bool:
        return not self._os

    def _orig_start(self, p: int) -> int:
        """Original position where the analysis character at ``p`` comes from."""
        i = bisect_right(self._ns, p) - 1
        if i < 0:
            return p
        if p < self._ne[i]:
            return self._os[i]
        return p - self._ne[i] + self._oe[i]

    def _orig_end(self, p: int) -> int:
        """Original end (exclusive) of the analysis character at ``p - 1``."""
        if p <= 0:
            return self._orig_start(0) if p == 0 else p
        q = p - 1
        i = bisect_right(self._ns, q) - 1
        if i < 0:
            return p
        if q < self._ne[i]:
            return self._oe[i]
        return q - self._ne[i] + self._oe[i] + 1

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Smallest original span whose normalisation contains analysis span [start, end)."""
        if not self._os:
            return start, end
        os_ = self._orig_start(start)
        if end <= start:
            return os_, os_
        return os_, max(os_, self._orig_end(end))

    def to_analysis(self, start: int, end: int) -> tuple[int, int]:
        """Analysis span produced by original span [start, end) (edits cut by it included)."""
        if not self._os:
            return start, end
        return self._analysis_pos(start, False), max(
            self._analysis_pos(start, False), self._analysis_pos(end, True)
        )

    def _analysis_pos(self, o: int, is_end: bool) -> int:
        i = bisect_right(self._os, o) - 1
        if i < 0:
            return o
        if o < self._oe[i]:  # inside an edit: snap outwards
            return self._ne[i] if is_end else self._ns[i]
        return o - self._oe[i] + self._ne[i]
