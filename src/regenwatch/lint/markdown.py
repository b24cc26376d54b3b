"""Markdown: the body with its markup blanked in place, plus front-matter fields.

The body is checked as the source itself with marks turned into spaces (`inline.py`), so
body offsets are source offsets. Two more length-preserving changes make it read as prose:
code fences, link definitions, comments and heading/quote marks become spaces, and a line
break inside a paragraph becomes a space (the segmenter treats a line as a hard boundary; a
hard-wrapped paragraph is one run of sentences). List items, headings, quotes and table rows
keep their line breaks.

YAML front matter (`---` ... `---`) is read like a YAML content file: its string values come
first in the checked text, each mapped to its source position. TOML front matter (`+++`) is
blanked and not checked (no parser here reports positions).
"""

from __future__ import annotations

import re

import re2

from regenwatch.lint.inline import blank_inline
from regenwatch.lint.mapped import Comment, Mapped, TextBuilder, identity
from regenwatch.lint.structured import build, yaml_comments, yaml_fields

_PARAGRAPH = re2.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")


def _html_comments(text: str, start: int = 0):
    """(start, end, inner) of each <!-- ... --> from `start`, by plain search: linear even
    on thousands of unclosed "<!--" (a lazy regex rescans the rest of the text per opener)."""
    pos = start
    while (open_at := text.find("<!--", pos)) >= 0:
        close_at = text.find("-->", open_at + 4)
        if close_at < 0:
            return
        yield open_at, close_at + 3, text[open_at + 4:close_at]
        pos = close_at + 3
_LINKDEF_COMMENT = re.compile(r"(?m)^ {0,3}\[//\]:\s*#\s*[(\"'](.*?)[)\"']\s*$")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_LINKDEF = re.compile(r" {0,3}\[[^\]]+\]:\s*\S")
_HR = re.compile(r" {0,3}([-*_])(?:\s*\1){2,}\s*$")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)\s*$")
_HEADING = re.compile(r" {0,3}(#{1,6})(?=\s|$)")
_QUOTE = re.compile(r" {0,3}(?:>\s?)+")
_TABLE_SEP = re.compile(r"\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BLOCK_START = re.compile(r"\s*(?:[-*+]\s|\d{1,9}[.)]\s|#|>|\||```|~~~|<)")
_FRONT = re.compile(r"\A(---|\+\+\+)[ \t]*\r?\n")


def _front_matter(source: str) -> tuple[int, int, int, str] | None:
    """(start of content, end of content, end of block, delimiter) of leading front matter."""
    m = _FRONT.match(source)
    if not m:
        return None
    delim = m.group(1)
    close = re.compile(r"(?m)^(" + re.escape(delim) + r"|\.\.\.)[ \t]*\r?$")
    c = close.search(source, m.end())
    if not c:
        return None
    end = source.find("\n", c.end())
    return m.end(), c.start(), len(source) if end < 0 else end + 1, delim


def blank_body(source: str, start: int = 0) -> str:
    """The Markdown source from `start` on, markup blanked, same length as the source."""
    chars = list(source)
    for i in range(start):
        if chars[i] != "\n":
            chars[i] = " "
    text = source
    for c_start, c_end, _inner in _html_comments(text, start):
        _spaces(chars, c_start, c_end)
    lines = _lines(text, start)
    fence = ""
    kinds: list[str] = []  # per line: blank, block, para
    prev_para = False
    for ls, le in lines:
        line = "".join(chars[ls:le])
        if fence:
            _spaces(chars, ls, le)
            if line.strip().startswith(fence):
                fence = ""
            kinds.append("blank")
            continue
        f = _FENCE.match(line)
        if f:
            fence = f.group(1)[0] * 3
            _spaces(chars, ls, le)
            kinds.append("blank")
            continue
        if not line.strip() or _LINKDEF.match(line) or _HR.match(line) or (
                prev_para and _SETEXT.match(line)) or _TABLE_SEP.match(line):
            _spaces(chars, ls, le)
            kinds.append("blank")
            prev_para = False
            continue
        kind = "block" if _BLOCK_START.match(line) else "para"
        h = _HEADING.match(line)
        if h:
            _spaces(chars, ls, ls + h.end())
            kind = "heading"
        q = _QUOTE.match(line)
        if q and not h:
            _spaces(chars, ls, ls + q.end())
        if line.lstrip().startswith("|"):
            for i in range(ls, le):
                if chars[i] == "|":
                    chars[i] = " "
        inner = blank_inline("".join(chars[ls:le]))
        chars[ls:le] = list(inner)
        kinds.append(kind)
        prev_para = kind != "heading"
    # a line break inside a paragraph is a space: join a line with the next unless either is
    # blank or a heading, or the next starts a block of its own (list item, quote, table...)
    for idx in range(len(lines) - 1):
        here, nxt = kinds[idx], kinds[idx + 1]
        if here in ("para", "block") and nxt == "para":
            le = lines[idx][1]
            if le < len(chars) and chars[le] == "\n":
                chars[le] = " "
                if le > 0 and chars[le - 1] == "\r":
                    chars[le - 1] = " "
    return "".join(chars)


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    while pos < len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        out.append((pos, end))
        pos = end + 1
    return out


def _spaces(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] not in "\n":
            chars[i] = " "


def _paragraphs(body: str, start: int) -> list[tuple[int, int]]:
    """Source ranges of the runs of non-blank lines: what a suppression comment targets."""
    out = []
    for m in _PARAGRAPH.finditer(body[start:]):
        out.append((start + m.start(), start + m.end()))
    return out


def comments(source: str, start: int = 0) -> list[Comment]:
    found = [Comment(s, e, inner) for s, e, inner in _html_comments(source, start)]
    found += [Comment(m.start(), m.end(), m.group(1))
              for m in _LINKDEF_COMMENT.finditer(source, start)]
    return sorted(found, key=lambda c: c.start)


def map_markdown(source: str) -> Mapped:
    builder = TextBuilder()
    found: list[Comment] = []
    body_start = 0
    fm = _front_matter(source)
    if fm is not None:
        cstart, cend, body_start, delim = fm
        if delim == "---":
            content = source[cstart:cend]
            build(yaml_fields(content, base=cstart), builder)
            found += yaml_comments(content, base=cstart)
    body = blank_body(source, body_start)
    regions = _paragraphs(body, body_start)
    builder.add(body[body_start:], identity(body[body_start:], body_start))
    mapped = builder.build(found + comments(source, body_start))
    mapped.regions.extend(regions)
    return mapped


def map_text(source: str) -> Mapped:
    """Plain text: checked as is; paragraphs are the suppression targets."""
    return Mapped(source, identity(source), _paragraphs(source, 0), [])
