"""Inputs -> Documents (or error Reports). Interim reader for text, HTML, JSONL and stdin."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from regenwatch.model import Document, Report


@dataclass
class SourceStats:
    read: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    failed: int = 0


def _decode(data: bytes, name: str) -> str | Report:
    if b"\x00" in data[:8192]:
        return Report.failed(name, name, "binary", "binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Report.failed(name, name, "decode", f"not valid UTF-8: {exc.reason}")


def iter_documents(inputs: list[str], *, max_bytes: int = 20_000_000,
                   stats: SourceStats | None = None, **_ignored) -> Iterator[Document | Report]:
    stats = stats if stats is not None else SourceStats()
    seen: set[str] = set()
    for item in inputs:
        if item == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
            stats.read += 1
            yield _from_bytes(data, "-", "-", max_bytes, html=False)
            continue
        path = Path(item)
        if not path.exists():
            stats.read += 1
            yield Report.failed(item, item, "not-found", "no such file or directory")
            continue
        if path.suffix == ".jsonl":
            yield from _jsonl(path, seen, stats, max_bytes)
            continue
        stats.read += 1
        data = path.read_bytes()
        yield _from_bytes(data, item, item, max_bytes, path.suffix.lower() in (".html", ".htm"))


def _from_bytes(data: bytes, id_: str, source: str, max_bytes: int, html: bool):
    if len(data) > max_bytes:
        return Report.failed(id_, source, "too-large", f"more than {max_bytes} bytes")
    if not data.strip():
        return Report.failed(id_, source, "empty", "no text")
    text = _decode(data, id_)
    if isinstance(text, Report):
        return text
    if html:
        return Document(id=id_, source=source, html=text)
    return Document(id=id_, source=source, text=text)


def _jsonl(path: Path, seen: set[str], stats: SourceStats, max_bytes: int):
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            stats.read += 1
            where = f"{path}:{lineno}"
            try:
                rec = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield Report.failed(where, str(path), "bad-json", str(exc))
                continue
            if not isinstance(rec, dict) or not isinstance(rec.get("id"), str):
                yield Report.failed(where, str(path), "bad-record", "record needs a string 'id'")
                continue
            rid = rec["id"]
            if rid in seen:
                yield Report.failed(rid, str(path), "duplicate-id", f"id seen before ({where})")
                continue
            seen.add(rid)
            source = rec.get("url") or str(path)
            if isinstance(rec.get("html"), str):
                yield Document(id=rid, source=source, html=rec["html"])
            elif isinstance(rec.get("text"), str):
                yield Document(id=rid, source=source, text=rec["text"])
            else:
                yield Report.failed(rid, source, "bad-record", "record needs 'text' or 'html'")
