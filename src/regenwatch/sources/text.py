"""Plain-text and stdin input: the document's text is the input as given (decoded, BOM
removed), so finding offsets point into exactly what the user wrote."""

from __future__ import annotations

import os
import sys
from typing import IO

from regenwatch.model import Document, Report
from regenwatch.sources.common import (
    Skipped,
    TooLarge,
    html_document,
    looks_like_html,
    read_capped,
    text_document,
)


def read_file(path: str, max_bytes: int) -> bytes | Report:
    """The bytes of ``path`` or an error record (not-found, too-large, read)."""
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            return Report.failed(path, path, "too-large",
                                 f"{size} bytes > --max-bytes ({max_bytes})")
        with open(path, "rb") as fh:
            return read_capped(fh, max_bytes)
    except FileNotFoundError:
        return Report.failed(path, path, "not-found", f"no such file: {path}")
    except TooLarge as exc:
        return Report.failed(path, path, "too-large", str(exc))
    except OSError as exc:
        return Report.failed(path, path, "read", f"{type(exc).__name__}: {exc}")


def text_file(path: str, max_bytes: int, *, as_html: bool | None = None,
              prefilter=None) -> Document | Report | Skipped:
    """A text file (``as_html`` None: sniff whether it is really HTML)."""
    raw = read_file(path, max_bytes)
    if isinstance(raw, Report):
        return raw
    html = looks_like_html(raw) if as_html is None else as_html
    if prefilter is not None and not prefilter.passes(raw):
        return Skipped("prefilter", path)
    return html_document(raw, path, path) if html else text_document(raw, path, path)


def stdin_bytes(max_bytes: int, stream: IO[bytes] | None = None) -> bytes | Report:
    stream = stream if stream is not None else sys.stdin.buffer
    try:
        return read_capped(stream, max_bytes)
    except TooLarge as exc:
        return Report.failed("-", "-", "too-large", str(exc))
