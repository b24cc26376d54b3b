"""WARC archives (gzip-per-record or plain) read with FastWARC, 3.5x ``gzip -dc`` here.

Only ``response`` records with a 2xx HTML payload become documents (id = WARC-Record-ID,
source = WARC-Target-URI); every other record is counted as skipped with its reason
(``warc-request``, ``non-html``, ``http-status``, ``prefilter``...). With a prefilter the
raw payload bytes are tested before anything is decoded or parsed: that ordering is the
7x of design/performance.md.

Damage does not end the run. A record shorter than its Content-Length (truncated file, or
a lying header that swallowed the records after it) and a stream error (corrupt gzip
member, invalid WARC header) each give one error record; the reader then looks for the
next gzip member (or ``WARC/1.`` line in a plain file) after the damaged record and goes
on from there. Candidates that do not parse are passed over silently, so one damaged
region gives one error record.

A gzip-per-record file can also be read in byte ranges by several processes
(:func:`iter_warc_range`): each range starts at its first gzip member that holds a WARC
record, so the ranges together read every record once, as the whole-file reader does.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from typing import IO

from fastwarc.warc import ArchiveIterator, WarcRecordType

from regenwatch.decode import DecodeError, decode_bytes
from regenwatch.model import Document, Report
from regenwatch.sources.common import Skipped, looks_like_html

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
_SCAN_CHUNK = 1 << 20


def iter_warc(
    path: str,
    *,
    max_bytes: int,
    prefilter=None,
    stream: IO[bytes] | None = None,
    opener: Callable[[str], IO[bytes]] | None = None,
) -> Iterator[Document | Report | Skipped]:
    """Items of one WARC file (``stream`` for a non-seekable input such as stdin).

    ``opener(path)`` returns a seekable binary file for ``path`` (default: the local file);
    the Spark face passes one that also opens remote URIs. It raises FileNotFoundError or
    another OSError for an input it cannot open, which becomes one error record."""
    if stream is not None:
        yield from _records(stream, path, 0, max_bytes, prefilter, first=True)[0]
        return
    try:
        fh = opener(path) if opener is not None else open(path, "rb")
    except FileNotFoundError:
        yield Report.failed(path, path, "not-found", f"no such file: {path}")
        return
    except OSError as exc:
        yield Report.failed(path, path, "read", f"{type(exc).__name__}: {exc}")
        return
    with fh:
        first_bytes = fh.read(2)
        if not first_bytes:
            yield Report.failed(path, path, "empty", "empty WARC file")
            return
        magic = _GZIP_MAGIC if first_bytes == _GZIP_MAGIC[:2] else _WARC_MAGIC
        yield from _read_range(fh, path, 0, None, magic, max_bytes, prefilter)


def iter_warc_range(path: str, start: int, end: int, *, max_bytes: int, prefilter=None,
                    ) -> Iterator[Document | Report | Skipped]:
    """Items of the records of a gzip-per-record WARC whose gzip member starts in
    [``start``, ``end``): one shard of a file read by several processes.

    Byte offsets need not fall on members: a shard starts at the first member at or after
    ``start`` that decompresses to a WARC header and ends before the first such member at
    or after ``end`` (where the next shard starts), so adjacent shards read every record
    exactly once. A record starting in the shard is read to its end, past ``end`` too.
    Damage found after a shard's last record is reported only if the next shard will not
    meet it. Shard 0 reads exactly as :func:`iter_warc` does."""
    with open(path, "rb") as fh:
        first = start if start == 0 else find_member(fh, start)
        stop = find_member(fh, end)
        if first is None or (stop is not None and first >= stop):
            return
        yield from _read_range(fh, path, first, stop, _GZIP_MAGIC, max_bytes, prefilter)


def _read_range(fh, path: str, offset: int | None, stop: int | None, magic: bytes,
                max_bytes: int, prefilter) -> Iterator[Document | Report | Skipped]:
    """Records from ``offset`` to ``stop`` (None: the end), resyncing after damage."""
    first = True
    while offset is not None and (stop is None or offset < stop):
        fh.seek(offset)
        state = _State()
        yield from _read_from(fh, path, offset, max_bytes, prefilter, first, state, stop)
        if state.damaged_at is None:
            return
        first = False
        offset = _next_candidate(fh, state.damaged_at + 1, magic)


class _State:
    damaged_at: int | None = None


def _records(stream, path, offset, max_bytes, prefilter, first):
    state = _State()
    return _read_from(stream, path, offset, max_bytes, prefilter, first, state), state


def _read_from(fh, path: str, offset: int, max_bytes: int, prefilter, report_first: bool,
               state: _State, stop: int | None = None) -> Iterator[Document | Report | Skipped]:
    """Records from ``offset`` on, up to the first one starting at or after ``stop``.
    ``report_first`` False: a failure before the first good record means this was a false
    resync candidate, so it stays silent."""
    last = offset
    good = 0
    in_record = False
    try:
        for record in ArchiveIterator(fh, parse_http=True):
            if stop is not None and record.stream_pos >= stop:
                return
            last = record.stream_pos
            in_record = True
            item = _item(record, path, max_bytes, prefilter)
            in_record = False
            if isinstance(item, Report) and item.error and item.error.kind == "truncated":
                state.damaged_at = last
                if good or report_first:
                    yield item
                return
            good += 1
            yield item
    except OSError as exc:
        state.damaged_at = last
        if (good or report_first) and (in_record or not good
                                       or _damage_before(fh, last, stop)):
            yield Report.failed(f"{path}@{last}", path, "corrupt",
                                f"damaged WARC after offset {last}: {exc}")


def _damage_before(fh, last: int, stop: int | None) -> bool:
    """Is damage met after the record at ``last`` ahead of ``stop``? Damage in the member
    where the next shard starts is that shard's to report (it meets it first thing)."""
    if stop is None:
        return True
    damaged = _next_candidate(fh, last + 1, _GZIP_MAGIC)
    return damaged is None or damaged < stop


def is_warc_member(fh, offset: int) -> bool:
    """Does a gzip member start at ``offset`` and decompress to a WARC header? (A bare
    magic number may be a chance byte sequence inside another member's deflate data.)"""
    fh.seek(offset)
    try:
        head = zlib.decompressobj(31).decompress(fh.read(1024), len(_WARC_MAGIC))
    except zlib.error:
        return False
    return head == _WARC_MAGIC


def find_member(fh, start: int) -> int | None:
    """Offset of the first gzip member at or after ``start`` that holds a WARC record."""
    offset = _next_candidate(fh, start, _GZIP_MAGIC)
    while offset is not None and not is_warc_member(fh, offset):
        offset = _next_candidate(fh, offset + 1, _GZIP_MAGIC)
    return offset


def is_gzip_file(path: str) -> bool:
    """Does the file start with a gzip member (so it can be cut into shards)? A file that
    cannot be read is left to :func:`iter_warc`, which reports it."""
    try:
        with open(path, "rb") as fh:
            return fh.read(3) == _GZIP_MAGIC
    except OSError:
        return False


def _item(record, path: str, max_bytes: int, prefilter) -> Document | Report | Skipped:
    rtype = record.record_type
    rid = record.record_id or f"{path}@{record.stream_pos}"
    uri = record.headers.get("WARC-Target-URI") or path
    length = record.content_length
    if length > max_bytes:
        if rtype != WarcRecordType.response:
            return Skipped(f"warc-{rtype}", rid)
        return Report.failed(rid, uri, "too-large",
                             f"payload of {length} bytes > --max-bytes ({max_bytes})")
    # Read before deciding anything: a record shorter than its Content-Length is damage
    # (it may have swallowed the records after it), whatever its type.
    payload = record.reader.read(max_bytes + 1)
    if len(payload) < length:
        return Report.failed(rid, uri, "truncated",
                             f"record has {len(payload)} of its {length} bytes")
    if rtype != WarcRecordType.response:
        return Skipped(f"warc-{rtype}", rid)
    http = record.http_headers
    if http is None:
        return Skipped("non-http", rid)
    if not 200 <= (http.status_code or 0) < 300:
        return Skipped("http-status", rid)
    ctype = (record.http_content_type or "").lower()
    if ctype and ctype not in _HTML_TYPES:
        return Skipped("non-html", rid)
    encoding = (http.get("Content-Encoding") or "").strip().lower()
    if encoding and encoding != "identity":
        payload = _decompress(payload, encoding, max_bytes)
        if payload is None:
            return Report.failed(rid, uri, "corrupt", f"bad {encoding} content encoding")
    if not ctype and not looks_like_html(payload):
        return Skipped("non-html", rid)
    charset = record.http_charset
    if prefilter is not None and not prefilter.passes(payload, charset):
        return Skipped("prefilter", rid)
    try:
        html = decode_bytes(payload, charset, html=True)
    except DecodeError as exc:
        return Report.failed(rid, uri, exc.kind, str(exc))
    return Document(id=rid, source=uri, html=html)


def _decompress(payload: bytes, encoding: str, max_bytes: int) -> bytes | None:
    wbits = {"gzip": 31, "x-gzip": 31, "deflate": 15}.get(encoding)
    if wbits is None:
        return None
    try:
        d = zlib.decompressobj(wbits)
        out = d.decompress(payload, max_bytes + 1)
    except zlib.error:
        return None
    return out if len(out) <= max_bytes else None


def _next_candidate(fh, start: int, magic: bytes) -> int | None:
    """Offset of the next gzip member / WARC header at or after ``start``."""
    fh.seek(start)
    pos = start
    tail = b""
    while True:
        chunk = fh.read(_SCAN_CHUNK)
        if not chunk:
            return None
        data = tail + chunk
        i = data.find(magic)
        while i >= 0:
            candidate = pos - len(tail) + i
            if magic != _WARC_MAGIC or candidate == 0 or data[i - 1:i] == b"\n":
                return candidate
            i = data.find(magic, i + 1)
        tail = data[-(len(magic) - 1):]
        pos += len(chunk)
