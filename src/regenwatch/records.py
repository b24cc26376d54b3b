"""One document -> its stored rows: the step every batch face (scan, Spark) shares.

Why here and not in a face: ``scan`` and ``spark`` must not import each other
(architecture.md), yet both must produce the same rows for the same input - same check,
same record, same table rows, same run identity - so their outputs compare record for record.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import asdict
from importlib import resources

from regenwatch import __version__
from regenwatch.api import CheckOptions, check
from regenwatch.model import Document, Report
from regenwatch.store import Row, make_row


def input_key(inputs: list[str]) -> str:
    """Identity of a run's input: absolute paths (URLs and ``-`` as given), one per line."""
    return "\n".join(i if i == "-" or "://" in i[:12] else os.path.abspath(i) for i in inputs)


def config_fingerprint(options: CheckOptions, max_bytes: int,
                       selection: dict | None = None) -> str:
    """Hash of everything that shapes the records: options, document selection (globs,
    prefilter), version, the packaged data files (rules, lexicons, knowledge base)."""
    h = hashlib.sha256(repr((asdict(options), max_bytes, sorted((selection or {}).items()),
                             __version__)).encode())
    root = resources.files("regenwatch")
    for path in sorted(_data_files(root), key=str):
        h.update(str(path).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _data_files(root) -> list:
    out = []
    for p in root.iterdir():
        if p.is_dir() and not p.name.startswith(("_", ".")):
            out.extend(_data_files(p))
        elif p.name.endswith((".yaml", ".json")):
            out.append(p)
    return out


def checked_row(item: Document | Report, seq: int, input_key: str, config: str,
                options: CheckOptions) -> tuple[Row, int]:
    """The stored rows of one item (a document is checked; an error record passes through)
    and the UTF-8 size of the content checked."""
    size = 0
    if isinstance(item, Report):
        report = item
    else:
        content = item.html if item.html is not None else item.text or ""
        size = len(content) if isinstance(content, bytes) else len(
            content.encode("utf-8", "surrogatepass"))
        try:
            report = check(item, options)
        except Exception as exc:  # noqa: BLE001 - one bad document must not end the scan
            report = Report.failed(item.id, item.source, "internal",
                                   f"{type(exc).__name__}: {exc}")
    record = report.to_json(include_text=options.include_text)
    return make_row(record, seq, input_key, config), size
