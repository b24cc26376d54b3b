"""Human-readable report: verdict first, each finding in its sentence, then what to ask."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from regenwatch.model import Report

_VERDICT_STYLE = {"high": "bold white on red", "elevated": "bold black on yellow",
                  "low": "bold white on green"}
_VERDICT_WORDS = {
    "high": "HIGH RISK: this page makes claims that regulators treat as illegal marketing.",
    "elevated": "ELEVATED: this page makes claims that should make you cautious.",
    "low": "LOW: no regulated claim is made by this text as an offer.",
}


def line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _sentence_around(text: str, start: int, end: int, width: int = 90) -> tuple[int, int]:
    lo = max(text.rfind("\n", 0, start) + 1, start - width)
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else min(hi, end + width)
    return lo, hi


def render(report: Report, console: Console, text: str | None = None,
           explain_basis=None, questions: list[str] | None = None) -> None:
    text = text if text is not None else (report.text or "")
    name = report.source if report.source != "-" else "stdin"
    if report.error:
        console.print(f"[bold red]error[/] {name}: {report.error.kind}: {report.error.message}")
        return
    verdict = report.verdict or "low"
    console.print(Text(f" {verdict.upper()} ", style=_VERDICT_STYLE[verdict]), Text(f" {name}"))
    console.print(_VERDICT_WORDS[verdict])
    for reason in report.verdict_reasons:
        console.print(f"  because: {reason}")
    if report.lang:
        console.print(f"  language: {report.lang}   score: {report.score}/100")
    if not report.findings:
        console.print("\nNo findings.")
    else:
        console.print(f"\n[bold]{len(report.findings)} finding(s)[/]")
    for f in report.findings:
        line, col = line_col(text, f.start)
        console.print(
            f"\n[bold]{line}:{col}[/] [cyan]{f.rule}[/] [magenta]{f.category}[/] "
            f"({f.severity})"
        )
        lo, hi = _sentence_around(text, f.start, f.end)
        snippet = Text("    " + text[lo:f.start].lstrip())
        snippet.append(text[f.start:f.end], style="bold reverse")
        snippet.append(text[f.end:hi].rstrip())
        console.print(snippet)
        console.print(f"    [italic]{f.message}[/]")
        if explain_basis is not None:
            for line_text in explain_basis(f.basis):
                console.print(f"    basis: {escape(line_text)}", highlight=False)
    if report.dismissed:
        console.print(f"\n[dim]{len(report.dismissed)} candidate(s) dismissed by context "
                      "(negated, asked, quoted to refute, regulator voice...).[/]")
    if questions and report.findings:
        console.print("\n[bold]Questions to ask the clinic[/]")
        for i, q in enumerate(questions, 1):
            console.print(f"  {i}. {q}")
