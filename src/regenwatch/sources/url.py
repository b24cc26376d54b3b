"""Fetch a URL politely and safely: the only code in regenwatch that opens a socket.

* http and https only; at most ``max_redirects`` hops, each re-vetted by the SSRF guard
  (:mod:`regenwatch.sources.guard`), which sits in the connection layer.
* Timeouts on connect and read plus an overall deadline; the body is streamed and cut at
  ``max_bytes`` (after content decoding, so a gzip bomb is cut too).
* An honest User-Agent naming the tool, its version and where to read about it.
* Environment proxies are ignored (``trust_env=False``): a proxy would be a way around
  the guard.
* ``polite=True`` (bulk crawls: ``--urls FILE``, JSONL url records) obeys robots.txt and
  waits ``delay`` seconds between requests to the same host (longer if robots.txt asks
  with Crawl-delay, capped at 30 s).
"""

from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpcore
import httpx

from regenwatch import __version__
from regenwatch.sources.guard import BlockedAddress, GuardedBackend, Resolver

PROJECT_URL = "https://github.com/regenwatch/regenwatch"
USER_AGENT = f"regenwatch/{__version__} (+{PROJECT_URL})"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class FetchError(Exception):
    """A URL that could not be fetched; ``kind`` names the error record."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Fetched:
    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content_type: str  # media type, lower case, no parameters
    charset: str | None
    body: bytes

    @property
    def is_html(self) -> bool:
        return self.content_type in _HTML_TYPES or (
            not self.content_type and b"<html" in self.body[:2048].lower()
        )


class _GuardedTransport(httpx.HTTPTransport):
    def __init__(self, backend: GuardedBackend) -> None:
        super().__init__(retries=0, trust_env=False)
        ssl_context = getattr(self._pool, "_ssl_context", None)
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context, max_connections=10, max_keepalive_connections=5,
            keepalive_expiry=5.0, network_backend=backend,
        )


class Fetcher:
    """One per run: keeps the connection pool, robots.txt cache and per-host clocks."""

    def __init__(
        self,
        *,
        allow_hosts: Iterable[str] = (),
        max_bytes: int = 20_000_000,
        max_redirects: int = 5,
        timeout: float = 10.0,
        deadline: float = 30.0,
        delay: float = 1.0,
        resolver: Resolver | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.max_bytes = max_bytes
        self.deadline = deadline
        self.delay = delay
        self._clock, self._sleep = clock, sleep
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._last: dict[str, float] = {}
        self._client = httpx.Client(
            transport=_GuardedTransport(GuardedBackend(allow_hosts, resolver)),
            follow_redirects=True,
            max_redirects=max_redirects,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            headers={"User-Agent": USER_AGENT, "Accept": "text/html,text/plain;q=0.9,*/*;q=0.1"},
            trust_env=False,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def fetch(self, url: str, *, polite: bool = False) -> Fetched:
        """GET ``url``; raises :class:`FetchError` (kinds: fetch, ssrf, too-large, robots)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError("fetch", f"only http(s) URLs are fetched: {url!r}")
        if polite:
            self._wait_politely(url)
        try:
            return self._get(url)
        except BlockedAddress as exc:
            raise FetchError("ssrf", str(exc)) from exc
        except httpx.TooManyRedirects as exc:
            raise FetchError("fetch", f"too many redirects: {url}") from exc
        except httpx.UnsupportedProtocol as exc:
            raise FetchError("fetch", f"redirect to a non-http(s) URL: {exc}") from exc
        except httpx.HTTPError as exc:
            raise FetchError("fetch", f"{type(exc).__name__}: {exc}") from exc

    def _get(self, url: str) -> Fetched:
        started = self._clock()
        with self._client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError("fetch", f"HTTP {response.status_code} for {url}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes * 4:
                raise FetchError("too-large", f"Content-Length {declared} > --max-bytes")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError("too-large", f"more than {self.max_bytes} bytes: {url}")
                if self._clock() - started > self.deadline:
                    raise FetchError("fetch", f"deadline of {self.deadline:g} s exceeded")
                chunks.append(chunk)
            ctype = response.headers.get("content-type", "")
            media = ctype.split(";")[0].strip().lower()
            return Fetched(url=url, final_url=str(response.url), status=response.status_code,
                           content_type=media, charset=response.charset_encoding,
                           body=b"".join(chunks))

    # -- politeness ---------------------------------------------------------------------

    def _wait_politely(self, url: str) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        robots = self._robots_for(origin)
        if robots is not None and not robots.can_fetch(USER_AGENT, url):
            raise FetchError("robots", f"robots.txt of {origin} disallows {url}")
        delay = self.delay
        if robots is not None:
            crawl_delay = robots.crawl_delay(USER_AGENT)
            if crawl_delay:
                delay = max(delay, min(float(crawl_delay), 30.0))
        host = parts.hostname or ""
        last = self._last.get(host)
        now = self._clock()
        if last is not None and now - last < delay:
            self._sleep(delay - (now - last))
        self._last[host] = self._clock()

    def _robots_for(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        """Parsed robots.txt; None = no rules (404). Unreachable (5xx, error) = disallow all,
        as RFC 9309 asks."""
        if origin in self._robots:
            return self._robots[origin]
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            fetched = self._get(origin + "/robots.txt")
            parser.parse(fetched.body.decode("utf-8", errors="replace").splitlines())
            result: urllib.robotparser.RobotFileParser | None = parser
        except FetchError as exc:
            if str(exc).startswith("HTTP 4"):
                result = None
            else:
                parser.disallow_all = True
                result = parser
        except BlockedAddress as exc:
            raise FetchError("ssrf", str(exc)) from exc
        except httpx.HTTPError:
            parser.disallow_all = True
            result = parser
        self._robots[origin] = result
        self._last[urlsplit(origin).hostname or ""] = self._clock()
        return result
