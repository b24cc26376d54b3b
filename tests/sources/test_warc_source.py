"""WARC input: every record processed or reported with a reason, never a crash."""

from __future__ import annotations

import gzip
import os

from conftest import run

from regenwatch.model import Document, Report
from regenwatch.prefilter import Prefilter
from regenwatch.sources.warc import iter_warc, iter_warc_range

PAGE = b"<html><head><title>t</title></head><body><p>Exosome therapy %d</p></body></html>"


def write(tmp_path, data: bytes, name="a.warc.gz"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def docs(items):
    return [i for i in items if isinstance(i, Document)]


def errors(items):
    return [i for i in items if isinstance(i, Report)]


def test_good_warc_ids_sources_and_skips(tmp_path, warc):
    warc.warcinfo()
    warc.request("http://a.example/0")
    warc.response("http://a.example/0", PAGE % 0)
    warc.metadata("http://a.example/0")
    warc.response("http://a.example/img.png", b"\x89PNG\r\n\x1a\n\x00\x00", ctype="image/png")
    warc.response("http://a.example/gone", b"<html>moved</html>", status="301 Moved")
    warc.response("http://a.example/1", PAGE % 1, ctype=None)  # sniffed as HTML
    items, stats = run([write(tmp_path, warc.bytes())])
    got = docs(items)
    assert [d.source for d in got] == ["http://a.example/0", "http://a.example/1"]
    assert all(d.id.startswith("<urn:uuid:") for d in got)
    assert "Exosome therapy 0" in got[0].html and got[0].text is None
    assert stats.processed == 2 and stats.read == 7
    assert stats.skipped == {"warc-warcinfo": 1, "warc-request": 1, "warc-metadata": 1,
                             "non-html": 1, "http-status": 1}


def test_truncated_gzip_gives_error_record_and_keeps_earlier_records(tmp_path, warc):
    for i in range(4):
        warc.response(f"http://a.example/{i}", PAGE % i)
    data = warc.bytes()
    items, stats = run([write(tmp_path, data[:-30])])
    assert len(docs(items)) == 3
    (err,) = errors(items)
    assert err.error.kind == "truncated"
    assert stats.failed == {"truncated": 1}


def test_corrupt_member_is_reported_and_the_run_goes_on(tmp_path, warc):
    for i in range(3):
        warc.response(f"http://a.example/{i}", PAGE % i)
    warc.raw(b"\x1f\x8b\x08\x00garbage-not-deflate" * 3)
    warc.raw(gzip.compress(b"NOTWARC/1.0\r\nX: y\r\n\r\n"))
    for i in range(3, 6):
        warc.response(f"http://a.example/{i}", PAGE % i)
    items, stats = run([write(tmp_path, warc.bytes())])
    assert [d.source[-1] for d in docs(items)] == list("012345")
    kinds = [e.error.kind for e in errors(items)]
    assert kinds and set(kinds) == {"corrupt"}
    assert stats.processed == 6


def test_lying_content_length_does_not_swallow_later_records(tmp_path, warc):
    warc.response("http://a.example/0", PAGE % 0)
    warc.raw(gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:x:bad>\r\n"
                           b"Content-Length: 99999\r\n\r\nshort"))
    warc.response("http://a.example/1", PAGE % 1)
    warc.response("http://a.example/2", PAGE % 2)
    items, stats = run([write(tmp_path, warc.bytes())])
    assert [d.source for d in docs(items)] == [f"http://a.example/{i}" for i in range(3)]
    (err,) = errors(items)
    assert err.id == "<urn:x:bad>" and err.error.kind == "truncated"


def test_binary_wrong_charset_empty_and_large_pages(tmp_path, warc):
    warc.response("http://a.example/binary.html", b"\x00\x01\x02\xff" * 100)
    warc.response("http://a.example/latin", "<p>Células madre, señor</p>".encode("cp1252"),
                  ctype="text/html; charset=utf-8")  # declared charset is wrong
    warc.response("http://a.example/empty", b"<html><body></body></html>")
    warc.response("http://a.example/big", b"<p>" + b"x" * 5000 + b"</p>")
    warc.response("http://a.example/gz", gzip.compress(PAGE % 7),
                  extra=[("Content-Encoding", "gzip")])
    items, stats = run([write(tmp_path, warc.bytes())], max_bytes=4000)
    by_source = {i.source: i for i in items}
    assert by_source["http://a.example/binary.html"].error.kind == "binary"
    assert "Células madre, señor" in by_source["http://a.example/latin"].html
    assert isinstance(by_source["http://a.example/empty"], Document)
    assert by_source["http://a.example/big"].error.kind == "too-large"
    assert "Exosome therapy 7" in by_source["http://a.example/gz"].html
    assert stats.processed == 3 and stats.failed == {"binary": 1, "too-large": 1}


def test_hundred_megabyte_page_is_reported_without_reading_it_all(tmp_path):
    """A 100 MB record streamed into a WARC file: too-large, and the next record is read."""
    path = tmp_path / "big.warc.gz"
    size = 100 * 1024 * 1024
    with gzip.open(path, "wb", compresslevel=1) as gz:
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
        gz.write(b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:x:big>\r\n"
                 b"WARC-Target-URI: http://a.example/big\r\nContent-Type: application/http; "
                 b"msgtype=response\r\nContent-Length: %d\r\n\r\n" % (len(http) + size))
        gz.write(http)
        chunk = b"<p>" + b"a" * (1024 * 1024 - 8) + b"</p>\n"
        for _ in range(100):
            gz.write(chunk)
        gz.write(b"\r\n\r\n")
    with open(path, "ab") as fh:
        fh.write(gzip.compress(
            b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:x:small>\r\n"
            b"WARC-Target-URI: http://a.example/small\r\nContent-Type: application/http; "
            b"msgtype=response\r\nContent-Length: %d\r\n\r\n" % (len(http) + len(PAGE % 1))
            + http + PAGE % 1 + b"\r\n\r\n"))
    items, stats = run([str(path)])
    assert items[0].error.kind == "too-large"
    assert isinstance(items[1], Document) and items[1].id == "<urn:x:small>"


def test_prefilter_skips_are_counted(tmp_path, warc):
    warc.response("http://a.example/0", PAGE % 0)
    warc.response("http://a.example/1", b"<p>Gardening: cut the stem of a rose.</p>")
    items, stats = run([write(tmp_path, warc.bytes())], prefilter=Prefilter())
    assert [d.source for d in docs(items)] == ["http://a.example/0"]
    assert stats.skipped == {"prefilter": 1}


def test_plain_uncompressed_warc(tmp_path, warc):
    for i in range(3):
        warc.response(f"http://a.example/{i}", PAGE % i)
    items, _ = run([write(tmp_path, gzip.decompress(warc.bytes()), "a.warc")])
    assert len(docs(items)) == 3


def test_empty_and_non_warc_files(tmp_path):
    empty = write(tmp_path, b"", "empty.warc.gz")
    text = write(tmp_path, gzip.compress(b"hello\nnot a warc\n"), "text.warc.gz")
    noise = write(tmp_path, bytes(range(256)) * 20, "noise.warc")
    items, stats = run([empty, text, noise])
    assert [i.error.kind for i in items] == ["empty", "corrupt", "corrupt"]


def shards(path: str, size: int, **kwargs) -> list:
    """Items of ``path`` read as byte ranges of ``size``, one after the other."""
    total = os.path.getsize(path)
    return [item for start in range(0, total, size)
            for item in iter_warc_range(path, start, start + size, max_bytes=20_000_000,
                                        **kwargs)]


def summary(items) -> list[tuple]:
    return [(type(i).__name__, i.id, getattr(i, "reason", None)) for i in items]


def crawl(warc, n: int, damage: bytes = b"", at: int = -1) -> None:
    for i in range(n):
        if i == at:
            warc.raw(damage)
        warc.request(f"http://a.example/{i}")
        warc.response(f"http://a.example/{i}", PAGE % i)


def test_shards_read_every_record_exactly_once(tmp_path, warc):
    """Cut anywhere - inside members, on them - shards together give the file's records
    in order, none twice, none lost; shard 0 of one range is the whole file."""
    crawl(warc, 40)
    path = write(tmp_path, warc.bytes())
    whole = summary(iter_warc(path, max_bytes=20_000_000))
    assert len(whole) == 80
    for size in (1, 97, 300, warc.offsets[7] - warc.offsets[6], 5000, 1 << 30):
        assert summary(shards(path, size)) == whole, size
    for offset in warc.offsets[1:5]:  # a shard starting exactly on a member
        assert summary(shards(path, offset)) == whole


def test_shards_prefilter_skips_like_the_whole_file(tmp_path, warc):
    crawl(warc, 10)
    warc.response("http://a.example/garden", b"<p>Gardening: cut the stem of a rose.</p>")
    path = write(tmp_path, warc.bytes())
    whole = summary(iter_warc(path, max_bytes=20_000_000, prefilter=Prefilter()))
    assert ("Skipped", "prefilter") in [(kind, reason) for kind, _id, reason in whole]
    assert summary(shards(path, 200, prefilter=Prefilter())) == whole


def _damaged_crawl(tmp_path, warc, damage: bytes) -> tuple[str, list]:
    crawl(warc, 30, damage, at=15)
    path = write(tmp_path, warc.bytes())
    return path, summary(iter_warc(path, max_bytes=20_000_000))


def _check_shards_of_damaged(path: str, whole: list, kind: str) -> None:
    intact = [s for s in whole if s[0] != "Report"]
    for size in (61, 250, 700, 1500, 4000):
        got = shards(path, size)
        kept = [s for s in summary(got) if s[0] != "Report"]
        assert kept == intact, size  # every intact record once, in order
        kinds = [i.error.kind for i in got if isinstance(i, Report)]
        assert kinds == [kind], (size, kinds)  # the damage reported once


def test_shards_of_a_file_with_a_corrupt_member(tmp_path, warc):
    path, whole = _damaged_crawl(tmp_path, warc, b"\x1f\x8b\x08\x00garbage-not-deflate" * 3)
    assert [s for s in whole if s[0] == "Report"] != []
    _check_shards_of_damaged(path, whole, "corrupt")


def test_shards_of_a_file_with_a_lying_content_length(tmp_path, warc):
    damage = gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:x:bad>\r\n"
                           b"Content-Length: 99999\r\n\r\nshort")
    path, whole = _damaged_crawl(tmp_path, warc, damage)
    _check_shards_of_damaged(path, whole, "truncated")
