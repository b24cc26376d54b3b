"""HTML -> text plus blocks over the whole visible text (decisions.md "HTML").

Only script, style, template and noscript are dropped: offers sit in sidebars, footers and
hidden FAQ panels, so every other element's text is kept and tagged with its role.
"""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from regenwatch.model import Block

_DROP = ("script", "style", "template", "noscript")
_BLOCK_TAGS = frozenset(
    "p div section article main header footer nav aside li ul ol dl dt dd table tr td th "
    "h1 h2 h3 h4 h5 h6 blockquote pre figure figcaption details summary form br hr title "
    "address fieldset legend label option button".split()
)
_ROLE_TAGS = {"nav": "nav", "footer": "footer", "aside": "aside", "header": "header"}


@dataclass(frozen=True)
class Extracted:
    text: str
    blocks: tuple[Block, ...]
    title: str | None = None


def extract(html: str | bytes) -> Extracted:
    """Visible text of a page, one block per block-level element, plus meta blocks."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    tree = LexborHTMLParser(html)
    for tag in _DROP:
        for node in tree.css(tag):
            node.decompose()
    parts: list[str] = []
    blocks: list[Block] = []

    def add(text: str, role: str) -> None:
        text = " ".join(text.split())
        if not text:
            return
        start = sum(len(p) for p in parts)
        parts.append(text + "\n")
        blocks.append(Block(start=start, end=start + len(text), role=role))

    title_node = tree.css_first("title")
    title = title_node.text(strip=True) if title_node else None
    if title:
        add(title, "title")
    for sel in ('meta[name="description"]', 'meta[property="og:description"]',
                'meta[name="keywords"]'):
        for node in tree.css(sel):
            add(node.attributes.get("content") or "", "meta")
    body = tree.body or tree.root
    if body is not None:
        _walk(body, add, "main")
    for node in tree.css("img[alt]"):
        add(node.attributes.get("alt") or "", "meta")
    return Extracted(text="".join(parts), blocks=tuple(blocks), title=title)


def _walk(node, add, role: str) -> None:
    buf: list[str] = []

    def flush() -> None:
        if buf:
            add("".join(buf), role)
            buf.clear()

    child = node.child
    while child is not None:
        tag = child.tag
        if tag == "-text":
            buf.append(child.text_content or "")
        elif tag in _BLOCK_TAGS:
            flush()
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                add(child.text(separator=" "), "heading")
            else:
                _walk(child, add, _ROLE_TAGS.get(tag, role))
        elif tag in ("-comment", "title"):
            pass
        else:
            buf.append(child.text(separator=" ") or "")
            buf.append(" ")
        child = child.next
    flush()
