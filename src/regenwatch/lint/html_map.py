"""HTML: the extractor's text, mapped back to the source character by character.

`extract()` collapses whitespace, decodes entities and drops tags, so an extracted offset is
not a source offset. Blocks may carry the line/column of their element (decisions.md
"HTML"), but a finding sits somewhere inside its block. So each block's text is located in the
source once, in document order: the source's visible characters (text nodes, and separately
the alt/content/title attribute values and JSON-LD strings the extractor also reads) are
listed with their offsets, whitespace left out; the block's non-whitespace characters are
found as one run there, starting after the previous block. Each character then has an exact
source offset, whatever the extractor does with spaces between inline elements. The block is
located, not the finding's quote, so a phrase repeated on the page maps to the right
occurrence (Vale's position bugs came from re-searching the quote).
"""

from __future__ import annotations

import bisect
import html as htmllib
import re

from regenwatch.extract import extract
from regenwatch.lint.mapped import Comment, LineIndex, Mapped

_RAW = ("script", "style", "template", "noscript", "textarea", "xmp")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:_-]*)")
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_TEXT_ATTRS = frozenset(("alt", "content", "title"))


class _Stream:
    """Non-whitespace characters with their source offsets."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.offsets: list[int] = []

    def add(self, source: str, start: int, end: int) -> None:
        pos = start
        for m in _ENTITY.finditer(source, start, end):
            self._plain(source, pos, m.start())
            decoded = htmllib.unescape(m.group())
            if decoded == m.group():
                self._plain(source, m.start(), m.end())
            else:
                for ch in decoded:
                    if not ch.isspace():
                        self.chars.append(ch)
                        self.offsets.append(m.start())
            pos = m.end()
        self._plain(source, pos, end)

    def _plain(self, source: str, start: int, end: int) -> None:
        for i in range(start, end):
            ch = source[i]
            if not ch.isspace():
                self.chars.append(ch)
                self.offsets.append(i)


def _tag_end(source: str, pos: int) -> int:
    """Offset just past the '>' closing the tag that starts at pos (quotes respected)."""
    quote = ""
    n = len(source)
    while pos < n:
        ch = source[pos]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == ">":
            return pos + 1
        pos += 1
    return n


def scan(source: str) -> tuple[_Stream, _Stream, list[Comment]]:
    """Text-node characters, attribute-value characters and comments of an HTML source."""
    text, attrs, comments = _Stream(), _Stream(), []
    pos, n = 0, len(source)
    lower = source.lower()
    while pos < n:
        lt = source.find("<", pos)
        if lt < 0:
            text.add(source, pos, n)
            break
        text.add(source, pos, lt)
        if source.startswith("<!--", lt):
            end = source.find("-->", lt + 4)
            end = n if end < 0 else end + 3
            comments.append(Comment(lt, end, source[lt + 4:max(lt + 4, end - 3)]))
            pos = end
            continue
        if source.startswith(("<!", "<?"), lt):
            end = source.find(">", lt)
            pos = n if end < 0 else end + 1
            continue
        m = _TAG.match(source, lt)
        if not m:
            text.add(source, lt, lt + 1)
            pos = lt + 1
            continue
        end = _tag_end(source, m.end())
        if not m.group(1):
            for a in _ATTR.finditer(source, m.end(), end - 1):
                if a.group(1).lower() in _TEXT_ATTRS:
                    g = 2 if a.group(2) is not None else 3 if a.group(3) is not None else 4
                    if a.group(g) is not None:
                        attrs.add(source, a.start(g), a.end(g))
            name = m.group(2).lower()
            if name in _RAW:
                close = lower.find("</" + name, end)
                close = n if close < 0 else close
                if name == "script" and "ld+json" in lower[m.end():end]:
                    _json_strings(source, end, close, attrs)
                end = close
        pos = end
    return text, attrs, comments


def _json_strings(source: str, start: int, end: int, stream: _Stream) -> None:
    """JSON-LD descriptions are meta blocks too: their string values, escapes decoded."""
    from regenwatch.lint.structured import json_string

    i = source.find('"', start, end)
    while 0 <= i < end:
        try:
            value, origin, after = json_string(source, i)
        except (IndexError, ValueError):  # broken JSON: the extractor skipped it too
            return
        for ch, o in zip(value, origin, strict=True):
            if not ch.isspace():
                stream.chars.append(ch)
                stream.offsets.append(o)
        i = source.find('"', after, end)


def map_html(source: str) -> Mapped:
    """Extract the page as `api.check()` would and map every character back to the source."""
    ext = extract(source)
    text = ext.text
    stream, attrs, comments = scan(source)
    joined, attr_joined = "".join(stream.chars), "".join(attrs.chars)
    index = LineIndex(source)
    origin: list[int | None] = [None] * len(text)
    regions: list[tuple[int, int]] = []
    cursor = 0
    for block in ext.blocks:
        body = text[block.start:block.end]
        keep = [i for i, ch in enumerate(body) if not ch.isspace()]
        needle = "".join(body[i] for i in keep)
        found = None
        if block.role in ("meta",):
            k = attr_joined.find(needle)
            if k >= 0:
                found = (attrs.offsets, k)
        if found is None and needle:
            anchor = _anchor(block, index, stream.offsets)
            k = joined.find(needle, max(cursor, anchor))
            if k < 0:
                k = joined.find(needle, anchor)
            if k < 0:
                k = joined.find(needle)
            if k >= 0:
                found = (stream.offsets, k)
                if block.role not in ("meta", "title"):
                    cursor = k + len(needle)
        if found is not None:
            offsets, k = found
            for j, i in enumerate(keep):
                origin[block.start + i] = offsets[k + j]
            regions.append((offsets[k], offsets[k + len(needle) - 1] + 1))
        elif block.line is not None:  # not found: fall back on the element's position
            at = index.offset(block.line, block.column or 1)
            for i in range(block.start, block.end):
                origin[i] = at
            regions.append((at, at + 1))
    return _fill(text, origin, regions, comments, ext.blocks)


def _anchor(block, index: LineIndex, offsets: list[int]) -> int:
    """Stream index of the block's element when the extractor knows it, else 0."""
    if block.line is None:
        return 0
    return bisect.bisect_left(offsets, index.offset(block.line, block.column or 1))


def _fill(text, origin, regions, comments, blocks) -> Mapped:
    """Characters without a source (spaces, separators) take the next known origin."""
    nxt = None
    for i in range(len(origin) - 1, -1, -1):
        if origin[i] is None:
            origin[i] = nxt
        else:
            nxt = origin[i]
    prev = 0
    for i, o in enumerate(origin):
        if o is None:
            origin[i] = prev
        else:
            prev = o
    return Mapped(text, origin, sorted(regions), comments, blocks)


