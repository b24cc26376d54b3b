"""JSON Lines corpora: one record per line with ``id`` and one of ``html``, ``text``, ``url``.

Only those four fields are read (decisions.md): labels such as ``verdict`` or ``spans`` in
a corpus file never reach the engine, so a scan cannot peek at the answer. ``html`` wins
when both ``html`` and ``text`` are given; a ``url`` record is fetched through the guarded
fetcher. A bad line is an error record and the file goes on. Ids may be strings or
integers; a record without one gets ``<file>:<line>`` as the id of its error record.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from typing import IO

from regenwatch.model import Document, Report
from regenwatch.sources.common import Skipped

FetchDocument = Callable[[str, str], Document | Report | Skipped]  # (url, id) -> item
_CHUNK = 1 << 20


def open_jsonl(path: str) -> IO[bytes]:
    return gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")


def iter_jsonl(
    stream: IO[bytes],
    name: str,
    *,
    max_bytes: int,
    fetch: FetchDocument | None = None,
) -> Iterator[Document | Report | Skipped]:
    """Records of a JSONL stream; ``name`` (the path or "-") prefixes synthetic ids."""
    # A line holds one document plus JSON escaping: allow twice the document cap.
    limit = 2 * max_bytes + 4096
    lineno = 0
    while True:
        try:
            line = stream.readline(limit + 1)
        except (OSError, EOFError) as exc:  # truncated .jsonl.gz, unreadable file
            yield Report.failed(f"{name}:{lineno + 1}", name, "corrupt",
                                f"cannot read further: {exc}")
            return
        if not line:
            return
        lineno += 1
        where = f"{name}:{lineno}"
        if len(line) > limit and not line.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield Report.failed(where, name, "too-large",
                                f"line {lineno} is longer than {limit} bytes")
            continue
        if not line.strip():
            continue  # blank lines are not records
        yield _record(line, where, name, max_bytes, fetch)


def _skip_rest_of_line(stream: IO[bytes]) -> None:
    while True:
        chunk = stream.readline(_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _record(line: bytes, where: str, name: str, max_bytes: int,
            fetch: FetchDocument | None) -> Document | Report | Skipped:
    try:
        obj = json.loads(line)
    except UnicodeDecodeError as exc:
        return Report.failed(where, name, "decode", f"not UTF-8 JSON: {exc}")
    except ValueError as exc:
        return Report.failed(where, name, "bad-json", f"invalid JSON: {exc}")
    if not isinstance(obj, dict):
        return Report.failed(where, name, "bad-record", "a record must be a JSON object")
    rid = obj.get("id")
    if isinstance(rid, bool) or not isinstance(rid, str | int) or rid == "":
        return Report.failed(where, name, "bad-record", "record without a string id")
    rid = str(rid)
    html, text, url = obj.get("html"), obj.get("text"), obj.get("url")
    source = url if isinstance(url, str) and url else name
    for field_name, value in (("html", html), ("text", text), ("url", url)):
        if value is not None and not isinstance(value, str):
            return Report.failed(rid, source, "bad-record", f"{field_name} must be a string")
    if html:
        if len(html) > max_bytes and len(html.encode("utf-8")) > max_bytes:
            return Report.failed(rid, source, "too-large", "html larger than --max-bytes")
        return Document(id=rid, source=source, html=html)
    if text:
        if len(text) > max_bytes and len(text.encode("utf-8")) > max_bytes:
            return Report.failed(rid, source, "too-large", "text larger than --max-bytes")
        return Document(id=rid, source=source, text=text.removeprefix("\ufeff"))
    if url:
        if fetch is None:
            return Report.failed(rid, url, "fetch", "URL records need a fetcher")
        return fetch(url, rid)
    return Report.failed(rid, source, "bad-record", "record needs html, text or url")
