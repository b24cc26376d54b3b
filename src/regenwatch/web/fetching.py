"""URL input for the web face: the project's SSRF-guarded fetcher, one call per request.

All network safety lives in the fetcher (http(s) only, every connection and redirect hop
vetted at connect time, loopback/private/link-local/metadata refused, size and time caps,
connects to the vetted address). This module only turns its answer into a Document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from regenwatch.model import Document, Report


class FetchFailed(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def _fetcher_module():
    try:
        from regenwatch.sources import url as fetcher
    except ImportError:  # pragma: no cover - the guarded fetcher is part of the package
        return None
    return fetcher


def fetch_document(url: str, id_: str, *, allow_hosts: Iterable[str] = (),
                   timeout: float = 10.0, max_bytes: int = 5_000_000,
                   resolver: Callable[..., list] | None = None) -> Document:
    """Fetch `url` through the guard; raises FetchFailed (kinds: ssrf, fetch, too-large...)."""
    fetcher = _fetcher_module()
    if fetcher is None:
        raise FetchFailed("unavailable", "this installation cannot fetch URLs")
    with fetcher.Fetcher(allow_hosts=tuple(allow_hosts), max_bytes=max_bytes,
                         max_redirects=5, timeout=timeout, deadline=timeout * 2,
                         resolver=resolver) as client:
        try:
            got = client.fetch(url)
        except fetcher.FetchError as exc:
            raise FetchFailed(exc.kind, str(exc)) from exc
    from regenwatch.sources.common import html_document, text_document

    if got.is_html:
        doc = html_document(got.body, id_, got.final_url, got.charset)
    elif got.content_type.startswith("text/") or not got.content_type:
        doc = text_document(got.body, id_, got.final_url)
    else:
        raise FetchFailed("unsupported-type",
                          f"{got.content_type} is neither HTML nor text")
    if isinstance(doc, Report):
        assert doc.error is not None
        raise FetchFailed(doc.error.kind, doc.error.message)
    return doc
