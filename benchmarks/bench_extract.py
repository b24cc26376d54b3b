"""HTML -> text extractors: speed and source positions (the figures behind extract.py).

    python benchmarks/bench_extract.py [--pages N]

Pages: the dev corpus (when ``../shared/corpus/dev.jsonl`` exists) rendered in every
layout of ``synthpages`` plus decoys, plus a set of malformed pages (stray ``</p>``,
implied ``tbody``, unclosed tags, uppercase tags, comments holding tags). For each
candidate: MB/s on one core, and for those that give positions, how often the reported
line:column leads to the block's text:

* exact: the source at line:column starts with the block's text (entities decoded) or
  with its first word;
* element: it points at the start tag of the element holding the text (same line);
* wrong: anything else.

lxml gives only a line (``sourceline``): it is scored on whether the text's first word
is on that line. html.parser (stdlib) tokenises with exact positions but runs in Python.
"""

from __future__ import annotations

import argparse
import html
import html.parser
import json
import random
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import synthpages  # noqa: E402

from regenwatch.extract import extract  # noqa: E402

MALFORMED = [
    "<P>Upper case <B>stem</B> cell</P>\n<p>one</p></p>\n<p>two</p>",
    "<table><tr><td>cell one</td></tr></table>\n<table><tbody><tr><td>cell two</td>"
    "</tr></tbody></table>\n<p>after tables</p>",
    "<div><p>unclosed para\n<p>second unclosed\n<div>inner div</div>\n<p>third",
    "<!-- <p>commented</p> -->\n<p>real one</p>\n<script>var s='<p>x</p>'</script>\n"
    "<p>real two</p>",
    "<ul><li>one\n<li>two\n<li>three</ul>\n<p>Exosome <i>therapy</i>&nbsp;now</p>",
    "<b><p>misnested bold</b> text</p>\n<p>next para</p>",
]


def pages(limit: int) -> list[str]:
    out: list[str] = []
    corpus = HERE.parent.parent / "shared" / "corpus" / "dev.jsonl"
    texts = ([json.loads(x)["text"] for x in corpus.read_text(encoding="utf-8").splitlines()]
             if corpus.exists() else list(synthpages.RELEVANT_SNIPPETS))
    for i, text in enumerate(texts):
        for layout in ("plain", "inline", "entities", "footer"):
            out.append(synthpages.render(text, layout, seed=i).decode("utf-8"))
    for i in range(len(out) // 4):
        out.append(synthpages.decoy(i, size=30_000)[1].decode("utf-8"))
    for m in MALFORMED:
        out.append("<html><body>\n" + m + "\n</body></html>")
    return out[:limit] if limit else out


def score_positions(page: str, ex) -> tuple[int, int, int]:
    lines = page.split("\n")
    exact = element = wrong = 0
    for b in ex.blocks:
        text = ex.text[b.start:b.end]
        first = re.match(r"\w+", text)
        if b.line is None:
            wrong += 1
            continue
        raw = lines[b.line - 1][b.column - 1:]
        at = " ".join(html.unescape(re.sub(r"<[^>]*>", "", raw)).split())
        if raw.startswith("<") and b.role in ("meta", "title"):
            element += 1  # attribute text (meta content, alt) or an element's position
        elif at.startswith(text[:12]) or (first and at.startswith(first.group(0))):
            exact += 1
        else:
            wrong += 1
    return exact, element, wrong


class _PosParser(html.parser.HTMLParser):
    """Minimal block extractor on the stdlib tokenizer: exact positions, Python speed."""

    BLOCK = {"p", "div", "li", "h1", "h2", "h3", "td", "footer", "nav", "aside", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, tuple[int, int]]] = []
        self.buf: list[str] = []
        self.pos: tuple[int, int] | None = None
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.flush()

    def handle_data(self, data):
        if self.skip or not data.strip():
            return
        if not self.buf:
            self.pos = self.getpos()
        self.buf.append(data)

    def flush(self):
        if self.buf:
            self.blocks.append((" ".join("".join(self.buf).split()), self.pos))
            self.buf = []


def bench(name, fn, docs, size):
    t = time.perf_counter()
    results = [fn(p) for p in docs]
    dt = time.perf_counter() - t
    print(f"{name:48} {size / 1e6 / dt:8.1f} MB/s")
    return results


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=0)
    args = ap.parse_args(argv)
    docs = pages(args.pages)
    size = sum(len(p.encode("utf-8")) for p in docs)
    print(f"{len(docs)} pages, {size / 1e6:.1f} MB")

    ours = bench("regenwatch.extract (selectolax + htmlpos)", extract, docs, size)
    bench("regenwatch.extract positions=False", lambda p: extract(p, positions=False),
          docs, size)
    from selectolax.lexbor import LexborHTMLParser

    def plain(p):
        tree = LexborHTMLParser(p)
        for n in tree.css("script, style"):
            n.decompose()
        return tree.body.text(separator=" ") if tree.body else ""

    bench("selectolax body.text() (no blocks, no positions)", plain, docs, size)
    try:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.html import HTMLTree

        bench("resiliparse main_content=False (no positions)",
              lambda p: extract_plain_text(HTMLTree.parse(p), main_content=False), docs, size)
    except ImportError:
        print("resiliparse: not installed")
    lxml_scores = [0, 0]
    try:
        import lxml.html

        def with_lxml(p):
            root = lxml.html.document_fromstring(p)
            lines = p.split("\n")
            for el in root.iter():
                if not isinstance(el.tag, str) or el.tag in ("script", "style"):
                    continue
                text = (el.text or "").strip()
                m = re.match(r"\w+", text)
                if m and el.sourceline:
                    ok = m.group(0) in lines[el.sourceline - 1]
                    lxml_scores[0 if ok else 1] += 1

        bench("lxml.html + sourceline (line only)", with_lxml, docs, size)
    except ImportError:
        print("lxml: not installed")

    def stdlib(p):
        parser = _PosParser()
        parser.feed(p)
        parser.close()
        parser.flush()
        return parser.blocks

    bench("html.parser tokenizer (exact positions)", stdlib, docs, size)

    exact = element = wrong = 0
    malformed = [0, 0, 0]
    for i, (page, ex) in enumerate(zip(docs, ours, strict=True)):
        e, el, w = score_positions(page, ex)
        exact, element, wrong = exact + e, element + el, wrong + w
        if i >= len(docs) - len(MALFORMED):
            malformed = [malformed[0] + e, malformed[1] + el, malformed[2] + w]
    total = exact + element + wrong
    print(f"\nregenwatch.extract positions over {total} blocks: exact {exact / total:.1%}, "
          f"element {element / total:.1%}, wrong {wrong / total:.1%}")
    mt = sum(malformed)
    print(f"  malformed pages only ({mt} blocks): exact {malformed[0]}, element "
          f"{malformed[1]}, wrong {malformed[2]}")
    rng = random.Random(7)
    bad = total = 0
    for _ in range(2000):
        page = synthpages.malformed_page(rng)
        lines = page.split("\n")
        ex = extract(page)
        for b in ex.blocks:
            m = re.match(r"w\d+x", ex.text[b.start:b.end])
            if m:
                total += 1
                bad += not lines[b.line - 1][b.column - 1:].startswith(m.group(0))
    print(f"  2,000 random malformed pages ({total} blocks): wrong {bad}")
    if sum(lxml_scores):
        print(f"lxml sourceline: first word on the reported line for "
              f"{lxml_scores[0] / sum(lxml_scores):.1%} of {sum(lxml_scores)} elements "
              f"(no column)")


if __name__ == "__main__":
    main()
