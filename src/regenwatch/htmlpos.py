"""Source positions for a parsed HTML tree whose parser reports none (Lexbor).

One regex pass over the raw HTML lists every start tag by name, skipping comments and the
contents of raw-text elements (script, style, textarea, title...), which a parser never
turns into elements. The k-th element named ``p`` in document order is then the k-th
``<p`` of the source. Elements the parser invents (implied ``tbody``, a ``<p>`` made from a
stray ``</p>``) can shift later positions of the same tag name; the walk also never lets a
position go backwards, and text runs are searched for in the source from their element on.
Measured against the alternatives in benchmarks/bench_extract.py.
"""

from __future__ import annotations

import bisect
import re

_RAW = frozenset("script style textarea title xmp iframe noembed noframes plaintext".split())
_TAG = re.compile(r"<!--|<([a-zA-Z][^\s/>]*)")
_CLOSE = {name: re.compile("</" + name, re.I) for name in _RAW}
_WORD = re.compile(r"\w+")
_SEARCH_WINDOW = 65_536  # bounds the cost of a word that is not in the source literally


class SourcePositions:
    """Offsets of start tags by tag name, and offset -> (line, column), both 1-based."""

    def __init__(self, html: str) -> None:
        self.html = html
        self._tags = _scan(html)
        self._next: dict[str, int] = {}
        self._newlines: list[int] | None = None

    def element(self, tag: str, cursor: int) -> int | None:
        """Offset of the next unclaimed ``<tag`` at or after ``cursor``, or None."""
        offsets = self._tags.get(tag)
        if not offsets:
            return None
        i = self._next.get(tag, 0)
        if i < len(offsets) and offsets[i] < cursor:
            # An earlier tag of this name was never claimed (the parser dropped or moved
            # it): skip forward rather than point backwards.
            i = bisect.bisect_left(offsets, cursor, i)
        if i >= len(offsets):
            return None
        self._next[tag] = i + 1
        return offsets[i]

    def find_text(self, text: str, cursor: int) -> int:
        """Source offset where the text run ``text`` starts, searching after the tag at
        ``cursor``: its first word is found, then the run's start is the first
        non-blank character after the last tag before that word (so "&copy; 2026" and
        "- item" point at their first character, not at the word)."""
        html = self.html
        start = html.find(">", cursor) + 1 if cursor < len(html) and html[cursor] == "<" \
            else cursor
        m = _WORD.search(text)
        found = start
        if m is not None:
            word, at = m.group(0), start
            for _ in range(8):  # skip hits inside a tag's attributes (href="/exosome")
                hit = html.find(word, at, start + _SEARCH_WINDOW)
                if hit < 0:
                    break
                if html.rfind("<", start, hit) <= html.rfind(">", start, hit):
                    found = hit
                    break
                at = hit + 1
        begin = max(html.rfind(">", start, found) + 1, start)
        while begin < found and html[begin].isspace():
            begin += 1
        if m is None:  # no word: skip blanks and tags up to the first text character
            while begin < len(html) and (html[begin].isspace() or html[begin] == "<"):
                if html[begin] == "<":
                    end = html.find(">", begin)
                    if end < 0:
                        break
                    begin = end + 1
                else:
                    begin += 1
        return begin

    def line_col(self, offset: int) -> tuple[int, int]:
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.html)]
        line = bisect.bisect_right(self._newlines, offset - 1)
        line_start = self._newlines[line - 1] + 1 if line else 0
        return line + 1, offset - line_start + 1


def _scan(html: str) -> dict[str, list[int]]:
    """Start-tag offsets by lower-case name. Comments and raw-text contents are skipped
    by searching for their end (a lazy ``.*?`` regex over large scripts was the slow part);
    an unterminated comment or script runs to the end, as in a browser."""
    tags: dict[str, list[int]] = {}
    search, n, pos = _TAG.search, len(html), 0
    while True:
        m = search(html, pos)
        if m is None:
            return tags
        name = m.group(1)
        if name is None:  # comment
            end = html.find("-->", m.end())
            pos = n if end < 0 else end + 3
            continue
        name = name.lower()
        tags.setdefault(name, []).append(m.start())
        if name in _RAW:
            # not html.lower().find(): lower() can change the length (İ), shifting offsets
            close = _CLOSE[name].search(html, m.end())
            pos = n if close is None else close.start() + 2
        else:
            pos = m.end()
