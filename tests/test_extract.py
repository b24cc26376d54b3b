"""HTML extraction: whole visible text, roles, inline joins, positions, decoding."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from regenwatch.extract import extract

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import synthpages  # noqa: E402

PAGE = """<!doctype html>
<html><head><title>Stem &amp; Cell Clinic</title>
<meta name="description" content="Exosome therapy for knees">
<meta property="og:description" content="Now FDA approved">
<meta name="keywords" content="exosomes, stem cells">
<script type="application/ld+json">
{"@type": "FAQPage", "description": "JSON-LD says cure",
 "mainEntity": [{"@type": "Question", "name": "Is it approved?",
   "acceptedAnswer": {"@type": "Answer", "text": "Yes, fully approved."}}]}
</script>
<script>var hidden = "script text must go";</script>
<style>.x { content: "style text must go" }</style>
</head>
<body>
<nav><ul><li>Home</li><li><a href="/x">Stem cells</a></li></ul></nav>
<header><h1>Top banner</h1></header>
<h1>Our <b>Parkinson</b>'s program</h1>
<div>Intro <span>stem</span>&nbsp;cell therapy
  <p>Nested paragraph</p> tail text</div>
<details><summary>FAQ</summary><div style="display:none">Hidden cure answer</div></details>
<img src="a.png" alt="exosome vial">
<noscript>noscript text must go</noscript>
<template><p>template text must go</p></template>
<aside>Sidebar offer: $4,000</aside>
<footer><h3>Contact</h3>Call us</footer>
</body></html>
"""


def blocks_by_text(ex):
    return {ex.text[b.start:b.end]: b for b in ex.blocks}


def test_whole_visible_text_with_roles():
    ex = extract(PAGE)
    got = {text: b.role for text, b in blocks_by_text(ex).items()}
    assert got["Stem & Cell Clinic"] == "title"
    assert got["Exosome therapy for knees"] == "meta"
    assert got["Now FDA approved"] == "meta"
    assert got["exosomes, stem cells"] == "meta"
    assert got["JSON-LD says cure"] == "meta"
    assert got["Yes, fully approved."] == "meta"
    assert got["Home"] == "nav" and got["Stem cells"] == "nav"
    assert got["Top banner"] == "header"
    assert got["Our Parkinson's program"] == "heading"
    assert got["Intro stem cell therapy"] == "main"
    assert got["Nested paragraph"] == "main"
    assert got["tail text"] == "main"
    assert got["FAQ"] == "main" and got["Hidden cure answer"] == "main"
    assert got["exosome vial"] == "meta"
    assert got["Sidebar offer: $4,000"] == "aside"
    assert got["Contact"] == "footer" and got["Call us"] == "footer"
    assert ex.title == "Stem & Cell Clinic"
    for dropped in ("script text", "style text", "noscript text", "template text"):
        assert dropped not in ex.text


def test_inline_elements_insert_no_space_and_entities_decode():
    ex = extract("<p><b>Parkinson</b>&#39;s and stem&nbsp;cell and ex<i>o</i>some</p>")
    assert ex.text == "Parkinson's and stem cell and exosome\n"


def test_blocks_cover_text_and_offsets_are_exact():
    ex = extract(PAGE)
    for b in ex.blocks:
        assert ex.text[b.start:b.end].strip() == ex.text[b.start:b.end]
        assert ex.text[b.end] == "\n"
    assert ex.text.count("\n") == len(ex.blocks)


def test_positions_point_at_the_text():
    ex = extract(PAGE)
    lines = PAGE.split("\n")
    for text, b in blocks_by_text(ex).items():
        assert b.line is not None and b.column is not None, text
        at = lines[b.line - 1][b.column - 1:]
        first = text.split()[0].split("'")[0].rstrip(",.:")
        # a text run points at its first word; a meta/alt/title block at its element
        assert at.startswith(first) or at.startswith("<"), (text, b.line, b.column, at)
    b = blocks_by_text(ex)["Hidden cure answer"]
    assert (b.line, PAGE.split("\n")[b.line - 1][b.column - 1:].startswith("Hidden"))[1]
    assert blocks_by_text(ex)["Call us"].line == PAGE[:PAGE.index("Call us")].count("\n") + 1


def test_position_after_raw_text_and_comments():
    page = "<script>\n'<p>'\n</script>\n<!-- <p> -->\n<p>real</p>"
    ex = extract(page)
    (b,) = ex.blocks
    assert (b.line, b.column) == (5, 4)


def test_no_positions_when_disabled():
    ex = extract(PAGE, positions=False)
    assert all(b.line is None for b in ex.blocks)


def test_deep_nesting_does_not_recurse():
    ex = extract("<div>" * 5000 + "deep stem cell" + "</div>" * 5000)
    assert "deep stem cell" in ex.text


@pytest.mark.parametrize("page", [b"", b"   ", b"<html></html>", b"<html><body></body></html>",
                                  b"<<<>>>", b"\x00\x01binary", "<p>\ud800</p>".encode(
                                      "utf-8", "surrogatepass")])
def test_degenerate_pages_never_crash(page):
    extract(page)


def test_bytes_use_declared_then_detected_charset():
    page = '<meta charset="iso-8859-1"><p>Células madre</p>'.encode("cp1252")
    assert "Células madre" in extract(page).text
    # declared utf-8 but really cp1252: detection takes over, no crash, no U+FFFD
    lying = '<meta charset="utf-8"><p>Células madre para la rodilla, también</p>'.encode(
        "cp1252")
    assert "Células madre" in extract(lying).text
    # HTTP charset wins over a missing meta
    assert "Stammzellen für" in extract("<p>Stammzellen für</p>".encode("cp1252"),
                                        charset="windows-1252").text
    assert "Células" in extract('<p>Células</p>'.encode("utf-16")).text


def _normal(s: str) -> str:
    return " ".join(s.split())


@pytest.mark.parametrize("layout", ["plain", "inline", "entities", "footer", "aside", "cp1252"])
def test_rendered_text_survives_extraction(layout):
    text = "Our clinic's exosome therapy.\nCélulas madre para Parkinson's, 100% seguro."
    ex = extract(synthpages.render(text, layout))
    for para in text.split("\n"):
        assert _normal(para) in _normal(ex.text.replace("\n", " ")), layout


def test_meta_layout_keeps_description():
    ex = extract(synthpages.render("Exosome IV drip cures autism", "meta"))
    assert any(ex.text[b.start:b.end] == "Exosome IV drip cures autism" and b.role == "meta"
               for b in ex.blocks)


def test_dev_corpus_text_survives_every_layout():
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev.jsonl"
    if not corpus.exists():
        corpus = Path("/work/shared/corpus/dev.jsonl")
    if not corpus.exists():
        pytest.skip("dev corpus not present")
    docs = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    for d in docs[:40]:
        for layout in ("plain", "inline", "entities"):
            ex = extract(synthpages.render(d["text"], layout))
            flat = _normal(ex.text.replace("\n", " "))
            for para in d["text"].split("\n"):
                assert _normal(para) in flat, (d["id"], layout, para[:60])


def test_positions_on_random_malformed_pages():
    import random
    import re

    rng = random.Random(7)
    checked = 0
    for _ in range(200):
        page = synthpages.malformed_page(rng)
        lines = page.split("\n")
        ex = extract(page)
        for b in ex.blocks:
            first = re.match(r"w\d+x", ex.text[b.start:b.end])
            if not first:
                continue
            at = lines[b.line - 1][b.column - 1:]
            assert at.startswith(first.group(0)), (page, ex.text[b.start:b.end], at)
            checked += 1
    assert checked > 1000


def test_positions_survive_case_changing_characters():
    page = "<p>İİİ</p><SCRIPT>x</SCRIPT>\n<p>second İ</p>"
    ex = extract(page)
    assert [(b.line, b.column) for b in ex.blocks] == [(1, 4), (2, 4)]


def test_pathological_nesting_is_read_flat_and_fast():
    import time

    page = "<title>T</title>" + "<div>" * 100_000 + "deep <b>stem</b>&nbsp;cell"
    t = time.perf_counter()
    ex = extract(page)
    assert time.perf_counter() - t < 5
    assert ex.text == "T\ndeep stem cell\n" and ex.title == "T"
