"""`regenwatch kb`: print, show or validate the knowledge base.

Kept beside the data rather than in cli.py so the CLI only wires arguments: the table for
people, JSON for programs, and a validation mode that CI can run (exit 0 ok, 2 on the first
broken record, with the loader's one-line message).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from regenwatch.kb.base import KnowledgeBase
from regenwatch.kb.records import KBError
from regenwatch.model import CATEGORIES

EXIT_OK = 0
EXIT_ERROR = 2


def run_kb(
    show: str | None = None,
    validate: bool = False,
    fmt: str = "text",
    data_dir: str | Path | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Print the knowledge base, one record (`show`: a fact, product or category), or validate.

    Validation always re-reads the files (no cache), so it reports the state on disk.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    if fmt not in ("text", "json"):
        print(f"regenwatch kb: unknown format {fmt!r} (text or json)", file=err)
        return EXIT_ERROR
    try:
        from regenwatch.kb import data_dir as _default_dir

        kb = KnowledgeBase.from_dir(Path(data_dir).resolve() if data_dir else _default_dir())
    except KBError as exc:
        print(f"regenwatch kb: {exc}", file=err)
        return EXIT_ERROR
    if validate:
        return _validated(kb, fmt, out)
    if show:
        return _show(kb, show, fmt, out, err)
    if fmt == "json":
        _dump(out, _everything(kb))
    else:
        _table(kb, out)
    return EXIT_OK


def _validated(kb: KnowledgeBase, fmt: str, out: TextIO) -> int:
    counts = kb.counts()
    if fmt == "json":
        _dump(out, {"ok": True, **counts})
    else:
        print(
            f"knowledge base ok: {counts['facts']} facts ({counts['confirmed']} confirmed, "
            f"{counts['unconfirmed']} unconfirmed), {counts['products']} approved products, "
            f"{counts['questions']} patient questions, {counts['categories']} categories",
            file=out,
        )
    return EXIT_OK


def _show(kb: KnowledgeBase, key: str, fmt: str, out: TextIO, err: TextIO) -> int:
    record: Any
    if key in kb.facts:
        record = kb.facts[key]
    elif key in CATEGORIES:
        record = kb.category(key)
    else:
        record = next((p for p in kb.products if p.id == key), None)
    if record is None:
        print(f"regenwatch kb: no fact, product or category {key!r}", file=err)
        return EXIT_ERROR
    data = record.to_json()
    if fmt == "json":
        _dump(out, data)
        return EXIT_OK
    console = Console(file=out, soft_wrap=False)
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for name, value in data.items():
        if isinstance(value, list):
            value = ", ".join(value)
        cell = "" if value is None else escape(str(value))
        if name == "status" and value != "confirmed":
            cell = f"[red]{cell}[/red]"
        table.add_row(name, cell)
    console.print(table)
    return EXIT_OK


def _table(kb: KnowledgeBase, out: TextIO) -> None:
    console = Console(file=out)
    table = Table(title="regenwatch knowledge base: facts", show_lines=False)
    for name, kw in (
        ("id", {"no_wrap": True}),
        ("jurisdiction", {}),
        ("date", {"no_wrap": True}),
        ("status", {}),
        ("statement", {"overflow": "fold"}),
    ):
        table.add_column(name, **kw)
    for f in kb.facts.values():
        status = f.status if f.confirmed else f"[red]{f.status}[/red]"
        table.add_row(f.id, f.jurisdiction, f.source_date, status, escape(f.statement))
    console.print(table)
    counts = kb.counts()
    console.print(
        f"{counts['facts']} facts ({counts['unconfirmed']} unconfirmed), "
        f"{counts['products']} approved products, {counts['questions']} patient questions. "
        "Show one with `regenwatch kb --show ID`."
    )


def _everything(kb: KnowledgeBase) -> dict[str, Any]:
    return {
        "facts": [f.to_json() for f in kb.facts.values()],
        "products": [p.to_json() for p in kb.products],
        "categories": [c.to_json() for c in kb.categories()],
        "questions": {
            lang: [q.to_json() for q in kb.questions(lang)] for lang in kb.languages()
        },
    }


def _dump(out: TextIO, data: Any) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")
