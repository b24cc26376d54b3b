"""Text, HTML, JSONL, directory and stdin inputs through the dispatcher."""

from __future__ import annotations

import codecs
import gzip
import io
import json

from conftest import run

from regenwatch.model import Document, Report
from regenwatch.prefilter import Prefilter
from regenwatch.sources import SourceStats, iter_documents


def by_id(items):
    return {i.id: i for i in items}


# -- text and HTML files ---------------------------------------------------------------

def test_text_file_is_given_as_is_without_bom(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(codecs.BOM_UTF8 + "Stem cells cure  everything.\r\nSí.".encode())
    (item,), stats = run([str(p)])
    assert item.text == "Stem cells cure  everything.\r\nSí."
    assert item.id == item.source == str(p) and item.html is None
    assert stats.processed == 1


def test_text_file_in_legacy_charset_and_utf16(tmp_path):
    (tmp_path / "l.txt").write_bytes("Células madre para la rodilla, también".encode("cp1252"))
    (tmp_path / "u.txt").write_bytes("Stammzellen für alle".encode("utf-16"))
    items, _ = run([str(tmp_path / "l.txt"), str(tmp_path / "u.txt")])
    assert items[0].text == "Células madre para la rodilla, también"
    assert items[1].text == "Stammzellen für alle"


def test_html_file_sets_decoded_html(tmp_path):
    p = tmp_path / "page.html"
    p.write_bytes('<meta charset="windows-1252"><p>Células madre</p>'.encode("cp1252"))
    (item,), _ = run([str(p)])
    assert isinstance(item, Document) and "Células madre" in item.html and item.text is None


def test_unknown_extension_is_sniffed(tmp_path):
    (tmp_path / "page.php").write_bytes(b"<!DOCTYPE html><html><p>exosomes</p></html>")
    (tmp_path / "notes").write_bytes(b"just some exosome notes")
    items, _ = run([str(tmp_path / "page.php"), str(tmp_path / "notes")])
    assert items[0].html and items[1].text == "just some exosome notes"


def test_binary_with_html_name_missing_and_too_large(tmp_path):
    (tmp_path / "fake.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    big = tmp_path / "big.html"
    with open(big, "wb") as fh:  # 100 MB, sparse: never written out nor read
        fh.truncate(100 * 1024 * 1024)
    items, stats = run([str(tmp_path / "fake.html"), str(tmp_path / "nope.txt"), str(big)])
    assert [i.error.kind for i in items] == ["binary", "not-found", "too-large"]
    assert stats.failed == {"binary": 1, "not-found": 1, "too-large": 1}


def test_html_page_with_no_text_is_still_a_document(tmp_path):
    (tmp_path / "empty.html").write_bytes(b"<html><head></head><body></body></html>")
    (item,), _ = run([str(tmp_path / "empty.html")])
    assert isinstance(item, Document)


# -- JSONL -----------------------------------------------------------------------------

def write_jsonl(path, rows):
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n",
                    encoding="utf-8")
    return str(path)


def test_jsonl_fields_html_wins_and_labels_are_ignored(tmp_path, monkeypatch):
    rows = [
        {"id": "a", "text": "plain text", "verdict": "high", "spans": [1, 2]},
        {"id": "b", "html": "<p>page</p>", "text": "ignored text", "verdict": "low"},
        {"id": 7, "text": "integer id"},
    ]
    items, stats = run([write_jsonl(tmp_path / "c.jsonl", rows)])
    a, b, c = items
    assert a == Document(id="a", source=str(tmp_path / "c.jsonl"), text="plain text")
    assert b.html == "<p>page</p>" and b.text is None
    assert c.id == "7"
    # labels never reach the engine: a Document has no field that could carry them
    assert not any("high" in repr(i) or "spans" in repr(i) for i in items)


def test_jsonl_reads_only_the_four_fields(tmp_path, monkeypatch):
    """Changing every other field of a record changes nothing in what is yielded."""
    base = {"id": "x", "text": "Exosome IV for autism"}
    noisy = dict(base, verdict="high", categories=["disease-claim"], genre="clinic",
                 spans=[{"start": 0, "end": 7}], notes="answer key", lang="en")
    a, _ = run([write_jsonl(tmp_path / "a.jsonl", [base])])
    b, _ = run([write_jsonl(tmp_path / "b.jsonl", [noisy])])
    assert [(i.id, i.text, i.html, i.url) for i in a] == [(i.id, i.text, i.html, i.url)
                                                        for i in b]


def test_jsonl_bad_records_are_error_records(tmp_path):
    rows = [
        {"id": "ok", "text": "fine"},
        "{not json",
        "[1, 2]",
        {"text": "no id"},
        {"id": "empty"},
        {"id": "num", "text": 5},
        {"id": "ok", "text": "second time"},
        "",
        {"id": "last", "text": "still read"},
    ]
    items, stats = run([write_jsonl(tmp_path / "c.jsonl", rows)])
    kinds = [i.error.kind if isinstance(i, Report) else "doc" for i in items]
    assert kinds == ["doc", "bad-json", "bad-record", "bad-record", "bad-record",
                     "bad-record", "duplicate-id", "doc"]
    assert items[0].text == "fine"  # the duplicate never replaces the first
    assert items[3].id == f"{tmp_path / 'c.jsonl'}:4"
    assert stats.read == 8 and stats.processed == 2


def test_duplicate_ids_across_inputs(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", [{"id": "1", "text": "a"}])
    b = write_jsonl(tmp_path / "b.jsonl", [{"id": "1", "text": "b"}])
    items, _ = run([a, b])
    assert items[0].text == "a" and items[1].error.kind == "duplicate-id"


def test_jsonl_line_too_large_and_gzip(tmp_path):
    path = tmp_path / "c.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "big", "text": "x" * 5000}) + "\n")
        fh.write(json.dumps({"id": "huge", "html": "y" * 50000}) + "\n")
        fh.write(json.dumps({"id": "small", "text": "tiny"}) + "\n")
    items, _ = run([str(path)], max_bytes=4000)
    assert [i.error.kind if isinstance(i, Report) else i.text for i in items] == [
        "too-large", "too-large", "tiny"]


def test_jsonl_invalid_utf8(tmp_path):
    p = tmp_path / "c.jsonl"
    p.write_bytes(b'{"id": "a", "text": "\xff\xfe bad"}\n{"id": "b", "text": "good"}\n')
    items, _ = run([str(p)])
    assert items[0].error.kind == "decode" and items[1].text == "good"


# -- directories -----------------------------------------------------------------------

def make_tree(root):
    (root / "site" / "sub").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("x")
    (root / "site" / "index.html").write_text("<p>exosomes</p>")
    (root / "site" / "sub" / "about.htm").write_text("<p>about</p>")
    (root / "site" / "sub" / "notes.md").write_text("notes")
    (root / "site" / "logo.png").write_bytes(b"\x89PNG\x00\x00")
    (root / "site" / "app.js").write_text("var x")
    (root / "c.jsonl").write_text('{"id": "j1", "text": "from jsonl"}\n')


def test_directory_walk_counts_everything(tmp_path):
    make_tree(tmp_path)
    items, stats = run([str(tmp_path)])
    ids = [i.id.replace(str(tmp_path), "") for i in items]
    assert ids == ["j1", "/site/index.html", "/site/sub/about.htm", "/site/sub/notes.md"]
    assert stats.skipped == {"unsupported-extension": 2}
    assert stats.read == 6


def test_directory_include_exclude(tmp_path):
    make_tree(tmp_path)
    items, stats = run([str(tmp_path)], include=["*.html", "*.htm", "*.js"],
                       exclude=["sub/*", "site/sub/*"])
    ids = sorted(i.id.replace(str(tmp_path), "") for i in items)
    assert ids == ["/site/app.js", "/site/index.html"]
    assert stats.skipped == {}


def test_directory_with_prefilter(tmp_path):
    make_tree(tmp_path)
    items, stats = run([str(tmp_path / "site")], prefilter=Prefilter())
    assert [i.id for i in items] == [str(tmp_path / "site" / "index.html")]
    assert stats.skipped["prefilter"] == 2


# -- stdin -----------------------------------------------------------------------------

def test_stdin_text_html_and_jsonl():
    for data, check in [
        (b"\xef\xbb\xbfplain stem cell text", lambda i: i.text == "plain stem cell text"),
        (b"<!doctype html><p>x</p>", lambda i: i.html == "<!doctype html><p>x</p>"),
        (b'{"id": "s1", "text": "from stdin"}\n', lambda i: i.id == "s1"),
    ]:
        (item,), _ = run(["-"], stdin=io.BytesIO(data))
        assert check(item), data
        if item.id != "s1":
            assert item.id == "-" and item.source == "-"


def test_stdin_too_large():
    stats = SourceStats()
    (item,) = list(iter_documents(["-"], stdin=io.BytesIO(b"x" * 100), max_bytes=10,
                                  stats=stats))
    assert item.error.kind == "too-large" and stats.failed == {"too-large": 1}


def test_empty_files_and_lying_bom(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.html").write_bytes(b"  \n ")
    (tmp_path / "bom.txt").write_bytes(b"\xff\xfe\xfa not utf8 \xc3\x28")  # odd: not UTF-16
    items, stats = run([str(tmp_path / n) for n in ("empty.txt", "blank.html", "bom.txt")])
    assert [i.error.kind for i in items] == ["empty", "empty", "decode"]


def test_jsonl_with_prefilter(tmp_path):
    p = write_jsonl(tmp_path / "c.jsonl", [{"id": "a", "text": "exosome drip"},
                                           {"id": "b", "html": "<p>roses</p>"}])
    items, stats = run([p], prefilter=Prefilter())
    assert [i.id for i in items] == ["a"] and stats.skipped == {"prefilter": 1}


def test_stdin_warc_is_streamed_past_max_bytes(warc):
    for i in range(5):
        warc.response(f"http://a.example/{i}", b"<p>exosome page %d</p>" % i + b" " * 300)
    data = warc.bytes()
    assert len(data) > 1000
    items, stats = run(["-"], stdin=io.BytesIO(data), max_bytes=1000)
    assert len(items) == 5 and all(isinstance(i, Document) for i in items)
