"""Inputs -> documents (architecture layer L6): files, directories, JSONL, WARC, stdin, URLs.

:func:`iter_documents` is the one entry point the faces call. It yields a ``Document`` to
check or an error ``Report`` (``Report.failed``) for an input that cannot become one, and
counts everything in :class:`SourceStats` so a summary can show
``read = processed + skipped + failed``.

Error kinds: ``not-found``, ``read``, ``empty`` (a file or stdin with nothing but
whitespace), ``too-large`` (over ``max_bytes``), ``binary`` (NUL bytes), ``decode`` (no
charset reads it, or a BOM that lies), ``bad-json`` (a JSONL line that is not JSON),
``bad-record`` (a JSONL record without id or content), ``corrupt`` (damaged WARC or
JSONL stream), ``truncated`` (WARC record cut short), ``duplicate-id``, ``fetch``
(network, HTTP status, scheme), ``ssrf`` (refused address), ``robots`` (disallowed by
robots.txt), ``unsupported-type`` (a URL that is neither HTML nor text).

Skip reasons: ``warc-<type>`` (request, metadata, warcinfo, revisit... records),
``non-html``, ``non-http``, ``http-status`` (non-2xx WARC responses),
``unsupported-extension`` (directory files of unknown kinds), ``prefilter``.

HTML documents carry the decoded page in ``Document.html``; the engine extracts
(``text_file(..., as_html=True)``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from typing import IO

from regenwatch.model import Document, Report
from regenwatch.sources.common import (
    HTML_EXTENSIONS,
    JSONL_EXTENSIONS,
    TEXT_EXTENSIONS,
    WARC_EXTENSIONS,
    Skipped,
    SourceStats,
    duplicate_id,
    html_document,
    looks_like_html,
    text_document,
)
from regenwatch.sources.directory import walk
from regenwatch.sources.jsonl import iter_jsonl, open_jsonl
from regenwatch.sources.text import stdin_bytes, text_file
from regenwatch.sources.warc import iter_warc

__all__ = ["SourceStats", "iter_documents", "Skipped"]


def iter_documents(
    inputs: Sequence[str],
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    urls_file: str | None = None,
    max_bytes: int = 20_000_000,
    allow_hosts: Sequence[str] = (),
    stats: SourceStats | None = None,
    prefilter=None,
    fetcher=None,
    stdin: IO[bytes] | None = None,
) -> Iterator[Document | Report]:
    """Documents and error records of every input, in order.

    ``inputs``: paths (files or directories), ``-`` for stdin, or http(s) URLs.
    ``urls_file``: a file with one URL per line (``#`` comments), crawled politely
    (robots.txt, per-host delay). ``prefilter``: a :class:`regenwatch.prefilter.Prefilter`
    to drop pages without a product word before decoding (for large scans; counted as
    skipped ``prefilter``). ``fetcher``: a :class:`regenwatch.sources.url.Fetcher` to use
    instead of the one made on first need from ``allow_hosts`` and ``max_bytes``.
    """
    stats = stats if stats is not None else SourceStats()
    ctx = _Context(max_bytes, allow_hosts, prefilter, fetcher, stdin)
    seen: set[str] = set()
    try:
        for item in _all_items(inputs, urls_file, include, exclude, ctx):
            if isinstance(item, Document):
                if item.id in seen:
                    item = duplicate_id(item.id, item.source)
                else:
                    seen.add(item.id)
            elif isinstance(item, Report):
                seen.add(item.id)
            stats.count(item)
            if not isinstance(item, Skipped):
                yield item
    finally:
        ctx.close()


class _Context:
    def __init__(self, max_bytes, allow_hosts, prefilter, fetcher, stdin) -> None:
        self.max_bytes = max_bytes
        self.allow_hosts = tuple(allow_hosts)
        self.prefilter = prefilter
        self.stdin = stdin
        self._fetcher = fetcher
        self._own_fetcher = False

    @property
    def fetcher(self):
        if self._fetcher is None:
            from regenwatch.sources.url import Fetcher

            self._fetcher = Fetcher(allow_hosts=self.allow_hosts, max_bytes=self.max_bytes)
            self._own_fetcher = True
        return self._fetcher

    def close(self) -> None:
        if self._own_fetcher and self._fetcher is not None:
            self._fetcher.close()

    def filtered(self, items):
        """Apply the prefilter to documents that arrive as str (JSONL html/text)."""
        for item in items:
            if (self.prefilter is not None and isinstance(item, Document)
                    and (item.html is not None or item.text is not None)):
                body = item.html if item.html is not None else item.text
                if not self.prefilter.passes(body.encode("utf-8", "surrogatepass")):
                    yield Skipped("prefilter", item.id)
                    continue
            yield item

    def fetch_document(self, url: str, id: str, polite: bool) -> Document | Report | Skipped:
        from regenwatch.sources.url import FetchError

        try:
            got = self.fetcher.fetch(url, polite=polite)
        except FetchError as exc:
            return Report.failed(id, url, exc.kind, str(exc))
        if self.prefilter is not None and not self.prefilter.passes(got.body, got.charset):
            return Skipped("prefilter", id)
        if got.is_html:
            return html_document(got.body, id, got.final_url, got.charset)
        if got.content_type.startswith("text/"):
            return text_document(got.body, id, got.final_url)
        return Report.failed(id, got.final_url, "unsupported-type",
                             f"{got.content_type or 'no content type'} is neither HTML nor text")


def _all_items(inputs, urls_file, include, exclude, ctx: _Context):
    for spec in inputs:
        if spec == "-":
            yield from _stdin_items(ctx)
        elif "://" in spec[:12]:
            yield ctx.fetch_document(spec, spec, polite=False)
        elif os.path.isdir(spec):
            for path, reason in walk(spec, include, exclude):
                if reason:
                    yield Skipped(reason, path)
                else:
                    yield from _file_items(path, ctx, explicit=False)
        else:
            yield from _file_items(spec, ctx, explicit=True)
    if urls_file:
        yield from _url_list_items(urls_file, ctx)


def _file_items(path: str, ctx: _Context, explicit: bool):
    lower = path.lower()
    if not os.path.exists(path):
        yield Report.failed(path, path, "not-found", f"no such file: {path}")
    elif lower.endswith(WARC_EXTENSIONS):
        yield from iter_warc(path, max_bytes=ctx.max_bytes, prefilter=ctx.prefilter)
    elif lower.endswith(JSONL_EXTENSIONS):
        try:
            stream = open_jsonl(path)
        except OSError as exc:
            yield Report.failed(path, path, "read", f"{type(exc).__name__}: {exc}")
            return
        with stream:
            yield from ctx.filtered(iter_jsonl(
                stream, path, max_bytes=ctx.max_bytes,
                fetch=lambda url, rid: ctx.fetch_document(url, rid, True)))
    elif lower.endswith(HTML_EXTENSIONS):
        yield text_file(path, ctx.max_bytes, as_html=True, prefilter=ctx.prefilter)
    elif lower.endswith(TEXT_EXTENSIONS):
        yield text_file(path, ctx.max_bytes, as_html=False, prefilter=ctx.prefilter)
    else:
        yield text_file(path, ctx.max_bytes, as_html=None, prefilter=ctx.prefilter)


def _stdin_items(ctx: _Context):
    stream = ctx.stdin if ctx.stdin is not None else sys.stdin.buffer
    head = _peek(stream)
    if head.lstrip().startswith((b"\x1f\x8b", b"WARC/")):
        # A WARC on stdin is streamed: --max-bytes applies per record, not to the archive.
        yield from iter_warc("-", max_bytes=ctx.max_bytes, prefilter=ctx.prefilter,
                             stream=stream)
        return
    raw = stdin_bytes(ctx.max_bytes, stream)
    if isinstance(raw, Report):
        yield raw
        return
    if raw[:64].lstrip().startswith(b"{"):
        import io

        yield from ctx.filtered(iter_jsonl(
            io.BytesIO(raw), "-", max_bytes=ctx.max_bytes,
            fetch=lambda url, rid: ctx.fetch_document(url, rid, True)))
    elif ctx.prefilter is not None and not ctx.prefilter.passes(raw):
        yield Skipped("prefilter", "-")
    elif looks_like_html(raw):
        yield html_document(raw, "-", "-")
    else:
        yield text_document(raw, "-", "-")


def _peek(stream) -> bytes:
    """The first bytes of ``stream`` without consuming them (BufferedReader or BytesIO)."""
    if hasattr(stream, "peek"):
        return stream.peek(64)[:64]
    if stream.seekable():
        pos = stream.tell()
        head = stream.read(64)
        stream.seek(pos)
        return head
    return b""


def _url_list_items(urls_file: str, ctx: _Context):
    try:
        with open(urls_file, encoding="utf-8", errors="replace") as fh:
            urls = [line.strip() for line in fh]
    except OSError:
        yield Report.failed(urls_file, urls_file, "not-found", f"cannot read {urls_file}")
        return
    for url in urls:
        if url and not url.startswith("#"):
            yield ctx.fetch_document(url, url, polite=True)
