"""A self-contained HTML page of a scan summary: charts embedded as base64 PNG, no links out.

Self-contained so the page can be mailed or attached to a ticket as one file. Every value
from the data is HTML-escaped: quotes, domains and error messages come from scanned pages.
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

_CSS = """
body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#222}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.2rem .7rem;text-align:left;
border-bottom:1px solid #eee}td.n{text-align:right;font-variant-numeric:tabular-nums}
img{max-width:100%}.muted{color:#777}
"""


def _img(path: Path, alt: str) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img alt="{escape(alt)}" src="data:image/png;base64,{data}">'


def _table(head: list[str], rows: list[list]) -> str:
    if not rows:
        return '<p class="muted">None.</p>'
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f'<td class="n">{v}</td>' if isinstance(v, int | float)
                         else f"<td>{escape(str(v))}</td>" for v in row) + "</tr>"
        for row in rows)
    return f"<table><tr>{th}</tr>{body}</table>"


def render_html(summary, charts: dict[str, Path], results: str) -> str:
    s = summary
    parts = [f"<!doctype html><html lang=en><head><meta charset=utf-8>"
             f"<title>regenwatch scan report</title><style>{_CSS}</style></head><body>",
             "<h1>regenwatch scan report</h1>",
             f'<p class="muted">Results: {escape(results)} &middot; {s.documents} records, '
             f"{s.failed} failed</p>"]

    def section(title: str, chart: str | None, table: str) -> None:
        parts.append(f"<h2>{escape(title)}</h2>")
        if chart and chart in charts:
            parts.append(_img(charts[chart], title))
        parts.append(table)

    section("Verdicts", "verdicts",
            _table(["verdict", "documents"], [[k, n] for k, n in s.verdicts.items()]))
    section("Claim categories", "categories",
            _table(["category", "documents", "findings"], [list(r) for r in s.categories]))
    section("Most-claimed conditions", "conditions",
            _table(["condition", "body system", "documents"], [list(r) for r in s.conditions]))
    section("Risky routes", "routes", _table(["route", "documents"], [list(r) for r in s.routes]))
    section("Domains ranked by risk", "domains",
            _table(["domain", "pages", "high", "elevated", "low", "risk", "mean score",
                    "max score"],
                   [[d["domain"], d["documents"], d["high"], d["elevated"], d["low"],
                     d["risk"], d["mean_score"], d["max_score"]] for d in s.domains])
            + ('' if s.domains else '<p class="muted">Sources are paths, not URLs.</p>'))
    section("Failed records", None, _table(["kind", "records"], [list(r) for r in s.errors]))
    parts.append("<h2>Inputs</h2>" + "".join(f"<p><code>{escape(i)}</code></p>"
                                              for i in s.inputs))
    parts.append("</body></html>\n")
    return "\n".join(parts)
