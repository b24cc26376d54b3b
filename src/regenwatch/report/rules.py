"""`regenwatch rules`: the rule table and one rule's page (ruff-style)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from regenwatch.rules.registry import RuleInfo


def rule_json(info: RuleInfo) -> dict:
    r = info.primary
    return {
        "code": info.code, "name": info.name, "category": info.category,
        "languages": list(info.languages), "kind": r.kind, "status": r.status,
        "since": r.since, "message": r.message, "why": r.why, "basis": list(r.basis),
        "examples": {"match": list(r.examples_match), "no_match": list(r.examples_no_match)},
        "context": list(r.context), "source": r.source,
    }


def render_table(infos: list[RuleInfo], console: Console) -> None:
    table = Table(title=f"{len(infos)} rules")
    for col in ("code", "name", "category", "languages", "status"):
        table.add_column(col)
    for i in infos:
        table.add_row(i.code, i.name, i.category, ",".join(i.languages), i.primary.status)
    console.print(table)


def render_rule(info: RuleInfo, console: Console) -> None:
    r = info.primary
    console.print(f"[bold]{info.code} {info.name}[/] ({info.category}, {r.status} since "
                  f"{r.since}; languages: {', '.join(info.languages)})\n")
    console.print(r.why + "\n")
    console.print(f"[bold]Message[/]: {r.message}")
    console.print(f"[bold]Dismissed when[/]: {', '.join(r.context) or 'never'}")
    console.print(f"[bold]Basis[/]: {', '.join(r.basis) or '-'}")
    try:
        from regenwatch.explain import basis_lines
        for line in basis_lines(r.basis):
            console.print(f"  - {escape(line)}", highlight=False)
    except ImportError:
        pass
    console.print("\n[bold]Example that is flagged[/]")
    for ex in r.examples_match:
        console.print(f"  + {ex}", markup=False)
    console.print("[bold]Example that is not flagged[/]")
    for ex in r.examples_no_match:
        console.print(f"  - {ex}", markup=False)
