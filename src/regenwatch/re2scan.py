"""Run compiled RE2 regexes over a str with one UTF-8 encoding per text, not one per call.

The google-re2 wrapper's ``finditer`` encodes the whole string to UTF-8 on every call and
builds Python objects for every match; over the ~300 scans a 5 KB page needs, that was
about three quarters of detection time (measured: 4.0 ms -> 0.94 ms per page for the
English rules). Here a text is encoded once (the last text seen is remembered), each match
is one call into RE2's own ``Match`` on the bytes, and byte offsets are turned back into
character offsets with a table of the text's non-ASCII characters (nothing at all for
ASCII text, the common case).

The wrapper's private ``_regexp.Match`` is used when present; without it (another
google-re2 release) every scan goes through the public ``finditer`` and results are the
same, only slower. ``tests/test_re2scan.py`` compares both paths.
"""

from __future__ import annotations

import bisect
import re
import threading

import re2

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
try:
    _UNANCHORED = re2._Anchor.UNANCHORED  # noqa: SLF001 - see the module docstring
except AttributeError:  # pragma: no cover - another google-re2 release
    _UNANCHORED = None


class EncodedText:
    """A text, its UTF-8 bytes, and the offset conversions between them."""

    __slots__ = ("text", "data", "ascii", "_chars", "_bytes", "_extra")

    def __init__(self, text: str):
        self.text = text
        self.data = text.encode("utf-8", "surrogatepass")
        self.ascii = len(self.data) == len(text)
        self._chars: list[int] = []  # char index of each non-ASCII character
        self._bytes: list[int] = []  # its byte index
        self._extra: list[int] = []  # extra bytes of all non-ASCII chars up to and incl. it
        if not self.ascii:
            extra = 0
            for m in _NON_ASCII.finditer(text):
                c = m.start()
                self._chars.append(c)
                self._bytes.append(c + extra)
                extra += len(m.group().encode("utf-8", "surrogatepass")) - 1
                self._extra.append(extra)

    def to_byte(self, c: int) -> int:
        if self.ascii:
            return c
        k = bisect.bisect_left(self._chars, c)
        return c + (self._extra[k - 1] if k else 0)

    def to_char(self, b: int) -> int:
        if self.ascii:
            return b
        k = bisect.bisect_left(self._bytes, b)
        return b - (self._extra[k - 1] if k else 0)


_local = threading.local()


def encoded(text: str) -> EncodedText:
    """The encoding of text, reused while the same str object is scanned again."""
    last = getattr(_local, "last", None)
    if last is not None and last.text is text:
        return last
    enc = EncodedText(text)
    _local.last = enc
    return enc


def spans(regex, text: str, start: int = 0, end: int | None = None, accept=None):
    """(start, end) character spans of the leftmost-longest matches of regex in
    text[start:end], as ``regex.finditer(text[start:end])`` would give them (the range is
    the whole context: ``^`` and ``\\b`` see its edges, not the text around it).

    With ``accept(s, e)``, a match it refuses is not given and the search goes on one
    character after its start, not after its end: a refused leftmost match ("autorizaci"
    glued to "ón") must not hide a good one that overlaps it ("no necesitan autorización").
    Each retry scans at most one match length again, so the cost stays linear in the text
    times the longest match."""
    n = len(text)
    end = n if end is None else max(0, min(end, n))
    start = max(0, min(start, end))
    match = getattr(getattr(regex, "_regexp", None), "Match", None)
    if match is None or _UNANCHORED is None:
        piece = text if (start == 0 and end == n) else text[start:end]
        pos = 0
        while pos <= len(piece):
            m = regex.search(piece, pos)
            if m is None:
                return
            s, e = m.span()
            if accept is None or accept(s + start, e + start):
                yield s + start, e + start
                pos = e if e > pos else e + 1
            else:
                pos = s + 1
        return
    enc = encoded(text)
    bs, be = enc.to_byte(start), enc.to_byte(end)
    data = enc.data if (bs == 0 and be == len(enc.data)) else memoryview(enc.data)[bs:be]
    size = be - bs
    pos = 0
    while pos <= size:
        s, e = match(_UNANCHORED, data, pos, size)[0]
        if s < 0:
            return
        cs, ce = enc.to_char(s + bs), enc.to_char(e + bs)
        if accept is None or accept(cs, ce):
            yield cs, ce
            if e > pos:
                pos = e
                continue
        else:
            e = s  # refused: look again from the character after its start
        pos = e + 1  # an empty match: step over one whole character
        while pos < size and (data[pos] & 0xC0) == 0x80:
            pos += 1


class Screen:
    """Which of several regexes match a text at all, found in one pass (an RE2 set).

    Worth it on short texts, where the fixed cost of each separate search dominates: on
    ~300-character posts one set pass replaced dozens of searches that mostly find nothing.
    On long pages a search that finds nothing is cheap and the set pass is not, so callers
    screen short texts only. Very large regexes (long term lists) stay out of a set: they
    blow up its DFA.

    An always-matching sentinel goes first: RE2 reports no match at all when a set's DFA
    runs out of memory, so a result without the sentinel means "unknown", never "none".
    """

    def __init__(self, patterns: list[str]):
        self._set = None
        make = getattr(getattr(re2, "_re2", None), "Set", None)
        if make is None or _UNANCHORED is None or not patterns:
            return
        options = re2.Options()
        options.max_mem = 256 << 20
        candidate = make(_UNANCHORED, options)
        for pattern in ["(?s).", *patterns]:
            if candidate.Add(pattern.encode("utf-8")) < 0:
                return
        if candidate.Compile():
            self._set = candidate

    def matching(self, text: str) -> set[int] | None:
        """Indices of the patterns that match somewhere in text; None when unknown."""
        if self._set is None or not text:
            return None
        got = self._set.Match(encoded(text).data)
        if 0 not in got:  # the sentinel always matches a non-empty text: the pass failed
            return None
        return {i - 1 for i in got if i}
