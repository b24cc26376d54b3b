"""What every source shares: the counters, the "skipped" marker, capped reads, sniffing.

Sources yield ``Document`` (to check), ``Report`` (an error record: ``Report.failed``) or
:class:`Skipped` (not a document for us: a WARC request record, an image in a directory,
a page the prefilter ruled out). The dispatcher counts every item exactly once, so
``read == processed + skipped + failed`` holds by construction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import IO

from regenwatch.decode import DecodeError, decode_bytes
from regenwatch.model import Document, Report

HTML_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml", ".xht")
TEXT_EXTENSIONS = (".txt", ".text", ".md", ".markdown", ".rst")
JSONL_EXTENSIONS = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
WARC_EXTENSIONS = (".warc", ".warc.gz", ".warc.zst")


@dataclass(frozen=True)
class Skipped:
    """An input unit that is not a document for the detector, with the reason why."""

    reason: str
    id: str = ""


@dataclass
class SourceStats:
    """Counters for one run: every unit read is processed, skipped or failed."""

    read: int = 0
    processed: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    failed: Counter = field(default_factory=Counter)  # error kind -> count

    def count(self, item: Document | Report | Skipped) -> None:
        self.read += 1
        if isinstance(item, Skipped):
            self.skipped[item.reason] += 1
        elif isinstance(item, Report):
            self.failed[item.error.kind if item.error else "unknown"] += 1
        else:
            self.processed += 1

    @property
    def balanced(self) -> bool:
        return self.read == self.processed + sum(self.skipped.values()) + sum(
            self.failed.values())

    def to_json(self) -> dict:
        return {
            "read": self.read,
            "processed": self.processed,
            "skipped": dict(sorted(self.skipped.items())),
            "failed": dict(sorted(self.failed.items())),
        }


def duplicate_id(id: str, source: str) -> Report:
    """The error record that replaces a second document with an id seen earlier in a run."""
    return Report.failed(id, source, "duplicate-id", f"id {id!r} was already seen in this run")


class TooLarge(Exception):
    pass


def read_capped(stream: IO[bytes], max_bytes: int) -> bytes:
    """Read at most ``max_bytes``; raises :class:`TooLarge` if there is more."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLarge(f"more than --max-bytes ({max_bytes}) bytes")
    return data


def looks_like_html(raw: bytes) -> bool:
    head = raw[:2048].lstrip().lower()
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        head = head[3:] if head.startswith(b"\xef") else head[2:].replace(b"\x00", b"")
    return head.startswith((b"<!doctype html", b"<html", b"<!--")) or any(
        tag in head for tag in (b"<head", b"<body", b"<meta ", b"<title")
    )


def text_document(raw: bytes, id: str, source: str) -> Document | Report:
    """A plain-text document: ``text`` is the input as given, decoded, BOM removed."""
    if not raw.strip():
        return Report.failed(id, source, "empty", "no text")
    try:
        text = decode_bytes(raw)
    except DecodeError as exc:
        return Report.failed(id, source, exc.kind, str(exc))
    return Document(id=id, source=source, text=text)


def html_document(raw: bytes, id: str, source: str, charset: str | None = None,
                  ) -> Document | Report:
    """An HTML document, decoded here (HTTP charset, then ``<meta>``, then detection) so the
    engine gets ``str``; extraction is the engine's job (``api`` calls ``extract``).
    A page with markup but no text is still a document (processed, judged ``low``)."""
    if not raw.strip():
        return Report.failed(id, source, "empty", "no HTML")
    try:
        html = decode_bytes(raw, charset, html=True)
    except DecodeError as exc:
        return Report.failed(id, source, exc.kind, str(exc))
    return Document(id=id, source=source, html=html)
