"""Helpers for source tests: WARC files written with warcio, a loopback HTTP server."""

from __future__ import annotations

import http.server
import io
import threading

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from regenwatch.sources import SourceStats, iter_documents


class WarcBuilder:
    """Gzip-per-record WARC in memory; ``offsets`` are the records' byte offsets."""

    def __init__(self) -> None:
        self.buf = io.BytesIO()
        self.writer = WARCWriter(self.buf, gzip=True)
        self.offsets: list[int] = []

    def _write(self, record) -> None:
        self.offsets.append(self.buf.tell())
        self.writer.write_record(record)

    def warcinfo(self) -> None:
        self._write(self.writer.create_warcinfo_record("test.warc.gz", {"software": "test"}))

    def response(self, uri: str, body: bytes, ctype: str | None = "text/html; charset=utf-8",
                 status: str = "200 OK", extra: list | None = None) -> None:
        headers = [("Content-Type", ctype)] if ctype else []
        headers += extra or []
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        self._write(self.writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                   http_headers=http))

    def request(self, uri: str) -> None:
        http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "a.example")], is_http_request=True)
        self._write(self.writer.create_warc_record(uri, "request", payload=io.BytesIO(b""),
                                                   http_headers=http))

    def metadata(self, uri: str) -> None:
        self._write(self.writer.create_warc_record(
            uri, "metadata", payload=io.BytesIO(b"fetchTimeMs: 12\r\n"),
            warc_content_type="application/warc-fields"))

    def raw(self, data: bytes) -> None:
        self.offsets.append(self.buf.tell())
        self.buf.write(data)

    def bytes(self) -> bytes:
        return self.buf.getvalue()


@pytest.fixture
def warc():
    return WarcBuilder()


def run(inputs, **kwargs):
    """(items, stats) of one run, asserting the counts add up."""
    stats = SourceStats()
    items = list(iter_documents(inputs, stats=stats, **kwargs))
    assert stats.balanced, stats.to_json()
    return items, stats


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}
    seen: list = []

    def do_GET(self):  # noqa: N802 - http.server API
        self.seen.append((self.path, self.headers.get("User-Agent")))
        status, headers, body = self.routes.get(self.path, (404, {}, b"not found"))
        if callable(body):
            body = body()
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """A ThreadingHTTPServer on 127.0.0.1 only; set ``server.routes[path] = (status,
    headers, body)``."""

    class Handler(_Handler):
        routes: dict = {}
        seen: list = []

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.routes = Handler.routes
    httpd.seen = Handler.seen
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
