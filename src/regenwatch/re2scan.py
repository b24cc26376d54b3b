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

Regexes made by :func:`compile_latin1` run on a one-byte-per-character copy of the text
(Latin-1, with the Windows-1252 punctuation such as ’ “ – in the C1 range and any other
character as one placeholder byte: a letter or not). Byte offsets are then character
offsets, and RE2's automata are smaller and faster than over UTF-8, where every accented
letter, case-folded, is a sequence of byte ranges: measured on the English rules, 10-20%
less time and 30% less DFA memory, with the same matches on every rule and page tried.
"""

from __future__ import annotations

import bisect
import codecs
import re
import threading

import re2

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
WIDE_LETTER, WIDE_OTHER = 0xFF, 0x81  # the bytes for any other letter / other character


def _one_byte(exc: UnicodeError):
    """Encoding error handler: a character with no byte in Windows-1252 becomes one byte,
    WIDE_LETTER for a letter ("ł", "ő"), WIDE_OTHER for the rest (emoji, CJK)."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    bad = exc.object[exc.start:exc.end]
    return bytes(WIDE_LETTER if c.isalpha() else WIDE_OTHER for c in bad), exc.end


codecs.register_error("regenwatch.one_byte", _one_byte)


def latin1_bytes(text: str) -> bytes:
    """text as one byte per character (see the module docstring): Windows-1252, which is
    Latin-1 plus punctuation such as ’ “ – € in the C1 range, and one byte for the rest."""
    return text.encode("cp1252", "regenwatch.one_byte")


_LATIN1: dict[int, object] = {}  # id -> regex made by compile_latin1 (held, so ids stay unique)


def _other_case(ch: str) -> str:
    """The other case of a Latin-1 letter, if it is one Latin-1 letter too ("é" -> "É")."""
    if ch.isascii() or not ch.isalpha():
        return ""
    other = ch.swapcase()
    return other if len(other) == 1 and other != ch and ord(other) <= 0xFF else ""


def fold_latin1(pattern: str) -> str:
    """pattern with every non-ASCII letter matched in both cases where the pattern ignores
    case: RE2's (?i) folds only ASCII letters when it matches Latin-1 ("(?i)é" does not
    find "É"). A letter becomes [éÉ], or gains its other case inside a [...] class;
    (?-i:...) groups are left alone. Escapes are copied as they are."""
    out: list[str] = []
    ignore = [False]  # case flag of each open group; the outermost follows a leading (?i)
    in_class = False
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            j = i + 2
            if pattern[i + 1:i + 3] in ("x{", "p{", "P{"):
                j = pattern.index("}", i) + 1
            out.append(pattern[i:j])
            i = j
            continue
        if in_class:
            if ch == "]":
                in_class = False
            elif pattern[i + 1:i + 2] == "-" and pattern[i + 2:i + 3] not in ("]", "\\", ""):
                last = pattern[i + 2]  # a range "à-ü": its other case is a range too
                lo, hi = _other_case(ch), _other_case(last)
                out.append(f"{ch}-{last}" + (f"{lo}-{hi}" if ignore[-1] and lo and hi
                                               and lo <= hi else ""))
                i += 3
                continue
            ends_range = pattern[i + 1:i + 2] == "-" and pattern[i + 2:i + 3] == "\\"
            out.append(ch + (_other_case(ch) if ignore[-1] and not ends_range else ""))
            i += 1
            continue
        if ch == "[":
            in_class = True
            j = i + 1
            if pattern[j:j + 1] == "^":
                j += 1
            if pattern[j:j + 1] == "]":
                j += 1  # a "]" first in a class is a literal
            out.append(pattern[i:j])
            i = j
            continue
        if ch == "(":
            flags = ""
            if pattern.startswith("(?", i):
                k = i + 2
                while k < n and pattern[k] not in ":)":
                    k += 1
                flags = pattern[i + 2:k]
                closes = k < n and pattern[k] == ")"  # (?i) sets the flag for the group
                if closes:
                    if "-i" in flags:
                        ignore[-1] = False
                    elif "i" in flags:
                        ignore[-1] = True
                    out.append(pattern[i:k + 1])
                    i = k + 1
                    continue
            state = ignore[-1]
            if "-i" in flags:
                state = False
            elif "i" in flags:
                state = True
            ignore.append(state)
            out.append(ch)
            i += 1
            continue
        if ch == ")" and len(ignore) > 1:
            ignore.pop()
        other = _other_case(ch) if ignore[-1] else ""
        out.append(f"[{ch}{other}]" if other else ch)
        i += 1
    return "".join(out)


def compile_latin1(pattern: str, options):
    """pattern compiled to run on latin1_bytes(text); None when it holds a character that
    has no byte there (the caller compiles it for UTF-8 instead)."""
    if not options.case_sensitive:
        pattern = "(?i)" + pattern
    try:
        data = fold_latin1(pattern).encode("cp1252")
    except UnicodeEncodeError:
        return None
    opts = re2.Options()
    for name in ("max_mem", "longest_match", "case_sensitive", "never_capture", "literal",
                 "dot_nl", "posix_syntax", "word_boundary", "perl_classes", "one_line"):
        setattr(opts, name, getattr(options, name))
    opts.encoding = re2.Options.Encoding.LATIN1
    regex = re2.compile(data, opts)
    _LATIN1[id(regex)] = regex
    return regex


def is_latin1(regex) -> bool:
    return id(regex) in _LATIN1
try:
    _UNANCHORED = re2._Anchor.UNANCHORED  # noqa: SLF001 - see the module docstring
except AttributeError:  # pragma: no cover - another google-re2 release
    _UNANCHORED = None


class EncodedText:
    """A text, its UTF-8 bytes and the offset conversions between them, and its one-byte
    form; each made when first needed (most regexes run on the one-byte form only)."""

    __slots__ = ("text", "ascii", "_data", "_latin1", "_chars", "_bytes", "_extra")

    def __init__(self, text: str):
        self.text = text
        self.ascii = text.isascii()
        self._data: bytes | None = None
        self._latin1: bytes | None = None
        self._chars: list[int] | None = None  # char index of each non-ASCII character
        self._bytes: list[int] = []  # its byte index
        self._extra: list[int] = []  # extra bytes of all non-ASCII chars up to and incl. it

    @property
    def data(self) -> bytes:
        """The UTF-8 bytes."""
        if self._data is None:
            self._data = (self._latin1 if self.ascii and self._latin1 is not None
                          else self.text.encode("utf-8", "surrogatepass"))
        return self._data

    @property
    def latin1(self) -> bytes:
        """The text as latin1_bytes gives it (the same bytes as UTF-8 for ASCII text)."""
        if self._latin1 is None:
            self._latin1 = self.data if self.ascii else latin1_bytes(self.text)
        return self._latin1

    def _tables(self) -> list[int]:
        if self._chars is None:
            self._chars = []
            extra = 0
            for m in _NON_ASCII.finditer(self.text):
                c = m.start()
                self._chars.append(c)
                self._bytes.append(c + extra)
                extra += len(m.group().encode("utf-8", "surrogatepass")) - 1
                self._extra.append(extra)
        return self._chars

    def to_byte(self, c: int) -> int:
        if self.ascii:
            return c
        k = bisect.bisect_left(self._tables(), c)
        return c + (self._extra[k - 1] if k else 0)

    def to_char(self, b: int) -> int:
        if self.ascii:
            return b
        self._tables()
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
    if id(regex) in _LATIN1:
        yield from _latin1_spans(regex, match, encoded(text).latin1, start, end, accept)
        return
    if match is None or _UNANCHORED is None:
        yield from _public_spans(regex, text if (start == 0 and end == n) else text[start:end],
                                 start, accept)
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


def _public_spans(regex, piece, start: int, accept):
    """spans() through the wrapper's public ``search`` (another google-re2 release), on the
    piece of text (str) or of its one-byte form (bytes) that starts at ``start``."""
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


def _latin1_spans(regex, match, data: bytes, start: int, end: int, accept):
    """spans() for a compile_latin1 regex: offsets in data are the text's character offsets."""
    if match is None or _UNANCHORED is None:
        yield from _public_spans(regex, data[start:end], start, accept)
        return
    view = data if (start == 0 and end == len(data)) else memoryview(data)[start:end]
    size = end - start
    pos = 0
    while pos <= size:
        s, e = match(_UNANCHORED, view, pos, size)[0]
        if s < 0:
            return
        if accept is None or accept(s + start, e + start):
            yield s + start, e + start
            pos = e if e > pos else e + 1
        else:
            pos = s + 1


def word_spans(regex, text: str, start: int = 0, end: int | None = None):
    """spans(regex, text, start, end) with only matches that are whole words: a match glued
    to a letter or digit on either side is refused (RE2's \\b knows only ASCII letters).

    The same matches as spans() with that accept function, in one generator instead of
    three stacked ones and a callback: detection makes about 200 such searches a 5 KB page,
    most of them over one sentence, where that overhead was twice the search itself."""
    match = getattr(getattr(regex, "_regexp", None), "Match", None)
    if id(regex) not in _LATIN1 or match is None or _UNANCHORED is None:
        yield from spans(regex, text, start, end, accept=lambda s, e: e > s and (
            not (s > 0 and text[s - 1].isalnum() and text[s].isalnum()))
            and not (e < len(text) and text[e].isalnum() and text[e - 1].isalnum()))
        return
    n = len(text)
    end = n if end is None else max(0, min(end, n))
    start = max(0, min(start, end))
    data = encoded(text).latin1
    view = data if (start == 0 and end == n) else memoryview(data)[start:end]
    size = end - start
    pos = 0
    while pos <= size:
        s, e = match(_UNANCHORED, view, pos, size)[0]
        if s < 0:
            return
        cs, ce = s + start, e + start
        if e > s and not (cs > 0 and text[cs - 1].isalnum() and text[cs].isalnum()) and not (
                ce < n and text[ce].isalnum() and text[ce - 1].isalnum()):
            yield cs, ce
            pos = e if e > pos else e + 1
        else:
            pos = s + 1


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

    def __init__(self, regexes: list):
        """regexes: compiled alike (all by compile_latin1 or all for UTF-8), else no set."""
        self._set = None
        make = getattr(getattr(re2, "_re2", None), "Set", None)
        self.latin1 = bool(regexes) and all(id(r) in _LATIN1 for r in regexes)
        if (make is None or _UNANCHORED is None or not regexes
                or (not self.latin1 and any(id(r) in _LATIN1 for r in regexes))):
            return
        options = re2.Options()
        options.max_mem = 256 << 20
        if self.latin1:
            options.encoding = re2.Options.Encoding.LATIN1
        candidate = make(_UNANCHORED, options)
        if candidate.Add(b"(?s).") < 0:
            return
        for regex in regexes:
            if candidate.Add(regex.pattern if self.latin1 else regex.pattern.encode()) < 0:
                return
        if candidate.Compile():
            self._set = candidate

    def matching(self, text: str) -> set[int] | None:
        """Indices of the regexes that match somewhere in text; None when unknown."""
        if self._set is None or not text:
            return None
        enc = encoded(text)
        got = self._set.Match(enc.latin1 if self.latin1 else enc.data)
        if 0 not in got:  # the sentinel always matches a non-empty text: the pass failed
            return None
        return {i - 1 for i in got if i}

    def matching_ranges(self, text: str, ranges: list[tuple[int, int]]) -> list[set[int]] | None:
        """For each (start, end) range of text, searched as its own text (as spans() does),
        the indices of the regexes that match inside it; None when any pass failed."""
        if self._set is None:
            return None
        enc = encoded(text)
        if self.latin1:
            view, pieces = memoryview(enc.latin1), ranges
        else:
            view = memoryview(enc.data)
            pieces = [(enc.to_byte(s), enc.to_byte(e)) for s, e in ranges]
        match = self._set.Match
        out = []
        for s, e in pieces:
            if e <= s:
                out.append(set())
                continue
            got = match(view[s:e])
            if 0 not in got:  # the sentinel is missing: the pass failed
                return None
            out.append({i - 1 for i in got if i})
        return out
