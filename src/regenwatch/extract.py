"""HTML -> text plus blocks over the whole visible text (decisions.md "HTML").

Only script, style, template and noscript are dropped: offers sit in sidebars, footers and
hidden FAQ panels (``<details>``, ``display:none``), so every other element's text is kept and
tagged with its role (title, meta, heading, main, nav, aside, footer, header). Headings inside
nav/aside/footer/header keep the region's role: "where on the page" matters more to a
detector than "is a heading".

Inline elements (b, span, a...) join their text without spaces, as a browser renders it
("<b>Parkinson</b>'s" is "Parkinson's"); block elements end a line. Title, meta description,
og:description, keywords, image alt and JSON-LD descriptions are blocks of role ``meta``
(title: ``title``).

Positions (1-based line and column, columns in code points): a block of page text points
at its first character in the source; a block from an attribute or a head element (meta
content, alt, JSON-LD, title) points at its element's start tag. Lexbor (via selectolax)
reports no source positions, so :mod:`regenwatch.htmlpos` lists the raw HTML's start tags
and hands the k-th ``<p`` of the source to the k-th ``p`` element of the tree; each text run
is then found in the source from there. Measured (benchmarks/bench_extract.py, one core):
this extractor ~26 MB/s with positions, ~42 without; stdlib html.parser with exact
positions ~23 MB/s but no HTML5 tree; lxml ~73 MB/s but lines only; every block position
right on the dev-corpus renderings and on 2,000 random malformed pages.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import unescape

from selectolax.lexbor import LexborHTMLParser

from regenwatch.decode import DecodeError, decode_bytes
from regenwatch.htmlpos import SourcePositions
from regenwatch.model import Block

_DROP = frozenset(("script", "style", "template", "noscript"))
_BLOCK_TAGS = frozenset(
    "p div section article main header footer nav aside li ul ol dl dt dd table tbody thead "
    "tfoot tr td th caption h1 h2 h3 h4 h5 h6 blockquote pre figure figcaption details "
    "summary form br hr address fieldset legend label option optgroup select button "
    "body html center dialog menu hgroup search textarea iframe video audio".split()
)
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_FORMATTING = frozenset("a b big code em font i nobr s small strike strong tt u".split())
_IMPLIED = frozenset(("html", "head", "body", "tbody", "colgroup"))
_REGION = {"nav": "nav", "footer": "footer", "aside": "aside", "header": "header"}
_ARIA = {"navigation": "nav", "contentinfo": "footer", "complementary": "aside",
         "banner": "header", "main": "main"}
_META_NAMES = frozenset(("description", "og:description", "keywords", "twitter:description",
                         "og:title", "twitter:title"))
_JSONLD_KEYS = frozenset(("description", "text", "headline", "abstract"))


@dataclass(frozen=True)
class Extracted:
    text: str
    blocks: tuple[Block, ...]
    title: str | None = None


class _Builder:
    """Collects blocks; offsets are code points into the final text."""

    def __init__(self, positions: SourcePositions | None) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[Block] = []
        self.pos = positions

    def add(self, text: str, role: str, offset: int | None) -> None:
        text = " ".join(text.split())
        if not text:
            return
        line = col = None
        if offset is not None and self.pos is not None:
            line, col = self.pos.line_col(offset)
        start = self.length
        self.parts.append(text)
        self.parts.append("\n")
        self.length += len(text) + 1
        self.blocks.append(Block(start=start, end=start + len(text), role=role,
                                 line=line, column=col))


def extract(html: str | bytes, *, charset: str | None = None,
            positions: bool = True) -> Extracted:
    """Visible text of a page, one block per block-level run of text, plus meta blocks.

    ``charset`` is a declared charset from outside the page (HTTP header) for bytes input.
    Never raises on bad bytes (binary input degrades to replacement characters).
    ``positions=False`` skips source line/column tracking (a WARC scan has no file to point
    at).
    """
    if isinstance(html, bytes):
        try:
            html = decode_bytes(html, charset, html=True)
        except DecodeError:  # sources reject binary input; here we only must not crash
            html = html.replace(b"\x00", b"").decode("utf-8", errors="replace")
    html = html.removeprefix("\ufeff")
    if _too_deep(html):
        return _flat(html)
    tree = LexborHTMLParser(html)
    pos = SourcePositions(html) if positions else None
    out = _Builder(pos)
    root = tree.root
    title: list[str] = []
    if root is not None:
        _walk(root, out, pos, title)
    text = "".join(out.parts)
    return Extracted(text=text, blocks=tuple(out.blocks), title=title[0] if title else None)


def _walk(root, out: _Builder, pos: SourcePositions | None, title: list[str]) -> None:
    """Iterative pre-order walk (deeply nested pages must not hit the recursion limit)."""
    buf: list[str] = []
    buf_offset: list[int | None] = [None]
    alts: list[tuple[str, int | None]] = []
    role = "main"
    cursor = 0  # source offset of the last element seen: text runs are searched from here

    def flush() -> None:
        if buf:
            out.add("".join(buf), role, buf_offset[0])
            buf.clear()
        buf_offset[0] = None

    stack: list[tuple[object, str, bool]] = []
    node = root
    while True:
        while node is None:
            if not stack:
                flush()
                for alt, offset in alts:
                    out.add(alt, "meta", offset)
                return
            parent, saved_role, is_block = stack.pop()
            if is_block:
                flush()
            role = saved_role
            node = parent.next
        tag = node.tag
        if tag == "-text":
            value = node.text_content
            if value:
                if not buf and not value.isspace() and pos:
                    buf_offset[0] = cursor = pos.find_text(value, cursor)
                if buf or not value.isspace():
                    buf.append(value)
            node = node.next
            continue
        if tag.startswith(("-", "!")):  # comment, doctype, processing instruction
            node = node.next
            continue
        offset = None
        if pos and tag not in _FORMATTING and not (tag == "p" and node.child is None):
            # Formatting elements are cloned by the parser's misnesting repair and an empty
            # <p> may come from a stray </p>: neither claims a source tag. Implied elements
            # (tbody...) claim one but never move the cursor: text is searched forward
            # from the cursor, so a cursor too early is harmless and one too late is not.
            offset = pos.element(tag, cursor)
            if offset is not None and tag not in _IMPLIED:
                cursor = offset
        if tag in _DROP:
            if tag == "script":
                _jsonld(node, out, offset)
            node = node.next
            continue
        if tag == "title" and role == "main" and not stack_has(stack, "svg"):
            flush()
            value = node.text()
            out.add(value, "title", offset)
            if value.strip() and not title:
                title.append(" ".join(value.split()))
            node = node.next
            continue
        if tag == "meta":
            attrs = node.attributes
            name = (attrs.get("name") or attrs.get("property") or "").lower()
            if name in _META_NAMES:
                out.add(attrs.get("content") or "", "meta", offset)
            node = node.next
            continue
        if tag == "img" or (tag == "area" and node.attributes.get("alt")):
            alt = node.attributes.get("alt")
            if alt and alt.strip():
                alts.append((alt, offset))
            node = node.next
            continue
        is_block = tag in _BLOCK_TAGS
        if is_block:
            flush()
        new_role = role
        if tag in _REGION:
            new_role = _REGION[tag]
        elif tag in ("div", "section", "ul"):
            aria = node.attributes.get("role")
            if aria in _ARIA:
                new_role = _ARIA[aria]
        if tag in _HEADINGS and role == "main":
            new_role = "heading"
        if is_block and buf_offset[0] is None:
            buf_offset[0] = offset
        stack.append((node, role, is_block))
        role = new_role
        node = node.child


# Lexbor's tree builder is super-linear in the depth of unclosed containers (40,000 nested
# <div>: 12 s; 200,000: 4 min). Browsers cap the depth (Blink at 512); we read such a page
# flat instead: tags stripped, block tags as line breaks, no positions.
_DEEP_TAGS = ("div", "section", "article", "blockquote", "ul", "ol", "dl", "main", "nav",
              "aside", "header", "footer", "form", "fieldset", "center", "dialog")
_MAX_UNCLOSED = 4096
_FLAT_DROP = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|template|noscript|title)\b.*?(?:</\1\s*>|\Z)",
    re.S | re.I)
_FLAT_BLOCK = re.compile(r"</?(?:" + "|".join(sorted(_BLOCK_TAGS)) + r")\b[^>]*>", re.I)
_FLAT_TAG = re.compile(r"<[^>]*>")


def _too_deep(html: str) -> bool:
    if len(html) < 8 * _MAX_UNCLOSED:
        return False
    lower = html.lower()
    return any(lower.count("<" + t) - lower.count("</" + t) > _MAX_UNCLOSED for t in _DEEP_TAGS)


def _flat(html: str) -> Extracted:
    out = _Builder(None)
    m = re.search(r"<title[^>]*>(.*?)</title", html, re.S | re.I)
    title = " ".join(unescape(_FLAT_TAG.sub("", m.group(1))).split()) if m else None
    if title:
        out.add(title, "title", None)
    text = _FLAT_TAG.sub("", _FLAT_BLOCK.sub("\n", _FLAT_DROP.sub("", html)))
    for line in unescape(text).split("\n"):
        out.add(line, "main", None)
    return Extracted(text="".join(out.parts), blocks=tuple(out.blocks), title=title or None)


def stack_has(stack: list, tag: str) -> bool:
    return any(getattr(entry[0], "tag", None) == tag for entry in stack)


def _jsonld(node, out: _Builder, offset: int | None) -> None:
    kind = (node.attributes.get("type") or "").lower()
    if "ld+json" not in kind:
        return
    try:
        data = json.loads(node.text() or "")
    except ValueError:
        return
    found: list[str] = []
    _collect(data, found, 0)
    for value in found:
        out.add(value, "meta", offset)


def _collect(data, found: list[str], depth: int) -> None:
    if depth > 20 or len(found) > 200:
        return
    if isinstance(data, dict):
        for key, value in data.items():
            if key in _JSONLD_KEYS and isinstance(value, str):
                found.append(value)
            else:
                _collect(value, found, depth + 1)
    elif isinstance(data, list):
        for item in data:
            _collect(item, found, depth + 1)
