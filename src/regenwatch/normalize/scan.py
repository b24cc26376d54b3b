"""Linear-time scanning with RE2 over UTF-8 bytes, reporting Python string offsets.

Why: Python's ``re`` costs tens of nanoseconds per character on large character classes (the
look-alike and compatibility sets have hundreds of ranges) and is a backtracking engine; RE2
scans in linear time at memory speed. The wrapper converts byte offsets to code-point offsets
incrementally, so the total cost stays linear however many matches there are. Lone
surrogates survive the round trip (``surrogatepass``).

Each match is one call into RE2's own ``Match`` on the bytes, as in ``regenwatch.re2scan``:
the google-re2 wrapper's ``finditer`` builds a Python match object per call and doubled the
cost of a page's candidate scan. Without the private ``_regexp.Match`` (another google-re2
release) the public ``finditer`` gives the same results, only slower.
"""

from __future__ import annotations

from collections.abc import Iterator

import re2

try:
    _UNANCHORED = re2._Anchor.UNANCHORED  # noqa: SLF001 - see the module docstring
except AttributeError:  # pragma: no cover - another google-re2 release
    _UNANCHORED = None


def compile_bytes(pattern: str):
    return re2.compile(pattern.encode("utf-8"))


def to_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _byte_matches(regex, data: bytes) -> Iterator[tuple[int, int, int]]:
    """``(start, end, group)`` in bytes; ``group``: the first capture group that took part
    (0 when none did)."""
    match = getattr(getattr(regex, "_regexp", None), "Match", None)
    if match is None or _UNANCHORED is None:  # pragma: no cover - another google-re2 release
        for m in regex.finditer(data):
            s, e = m.span()
            yield s, e, next((g for g in range(1, regex.groups + 1)
                              if m.group(g) is not None), 0)
        return
    size = len(data)
    pos = 0
    while pos <= size:
        found = match(_UNANCHORED, data, pos, size)
        s, e = found[0]
        if s < 0:
            return
        yield s, e, next((g for g in range(1, len(found)) if found[g][0] >= 0), 0)
        if e > pos:
            pos = e
        else:  # an empty match: step over one whole character
            pos = e + 1
            while pos < size and (data[pos] & 0xC0) == 0x80:
                pos += 1


def spans(regex, text: str, data: bytes | None = None) -> Iterator[tuple[int, int, int]]:
    """``(start, end, group)`` in code points for each match of ``regex`` in ``text``;
    ``group``: the first capture group that took part in the match, 0 if none did."""
    if data is None:
        data = to_bytes(text)
    if len(data) == len(text):
        yield from _byte_matches(regex, data)
        return
    byte_pos = char_pos = 0
    for bs, be, g in _byte_matches(regex, data):
        s = char_pos + len(data[byte_pos:bs].decode("utf-8", "surrogatepass"))
        e = s + len(data[bs:be].decode("utf-8", "surrogatepass"))
        byte_pos, char_pos = be, e
        yield s, e, g
