"""Lint files: map each to checkable text, run `api.check()`, apply suppressions, place
every finding at file:line:column, and give each file its verdict.

Verdict vs severity (decisions.md: "--fail-on compares the document's verdict"): each file
is one document, so a file fails when its own verdict (recomputed without suppressed
findings) is at or above --fail-on. A page with a disease claim but no offer anywhere on it is
`low` and passes; every finding is still printed. Clinics that want any high-severity
finding to fail can read `level` in the JSON/SARIF output; see README "Linting copy".
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from regenwatch.api import CheckOptions, check
from regenwatch.assess import assess
from regenwatch.lint import suppress
from regenwatch.lint.mapped import LineIndex, Mapped
from regenwatch.lint.model import META_RULES, Diagnostic, FileResult
from regenwatch.model import Document, severity_of
from regenwatch.rules.registry import all_rules, is_selected, load_packs

SUFFIXES = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown",
            ".json": "json", ".yaml": "yaml", ".yml": "yaml", ".txt": "text"}


@dataclass(frozen=True)
class LintOptions:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str = "high"
    strict: bool = False
    lang: str | None = None
    max_bytes: int = 20_000_000


def meta_selected(code: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    """RW0xx checks run unless ignored (--select narrows the claim rules only)."""
    name = META_RULES[code][0]

    def hit(s: str) -> bool:
        s = s.strip()
        return code.startswith(s.upper()) if s.upper().startswith("RW") else s in (
            name, "suppression")

    return not any(hit(s) for s in ignore)


def is_meta_selector(selector: str) -> bool:
    return any(meta_selected(c, (), (selector,)) is False for c in META_RULES)


def _mapper(kind: str):
    if kind == "html":
        from regenwatch.lint.html_map import map_html
        return map_html
    if kind == "markdown":
        from regenwatch.lint.markdown import map_markdown
        return map_markdown
    if kind in ("json", "yaml"):
        from regenwatch.lint import structured
        return structured.map_json if kind == "json" else structured.map_yaml
    from regenwatch.lint.markdown import map_text
    return map_text


def display_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        rel = str(path)
    return Path(path if rel.startswith("..") else rel).as_posix()


def read_source(path: Path, max_bytes: int) -> str:
    """Decoded file text (UTF-8, BOM removed); raises ValueError with a one-line reason."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ValueError(f"too-large: {size} bytes exceeds --max-bytes {max_bytes}")
        data = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"unreadable: {exc.strerror or exc}") from exc
    if b"\x00" in data[:8192]:
        raise ValueError("binary: not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"decode: not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc


def lint_file(path: Path, opts: LintOptions, shown: str | None = None) -> FileResult:
    kind = SUFFIXES.get(path.suffix.lower(), "text")
    shown = shown or display_path(path)
    result = FileResult(path=shown, kind=kind)
    try:
        source = read_source(path, opts.max_bytes)
        mapped = _mapper(kind)(source)
    except ValueError as exc:  # includes StructuredError
        result.error = str(exc)
        return result
    except RecursionError:
        result.error = "too-deep: nesting too deep to read"
        return result
    lint_source(source, mapped, opts, result)
    return result


def lint_source(source: str, mapped: Mapped, opts: LintOptions, result: FileResult) -> None:
    if not mapped.text.strip():
        result.verdict, result.verdict_reasons = "low", ["no text to check"]
        _meta(result, source, suppress.parse(mapped, _known_codes()), opts)
        return
    doc = Document(id=result.path, source=result.path, text=mapped.text, blocks=mapped.blocks)
    report = check(doc, CheckOptions(select=opts.select, ignore=opts.ignore,
                                     include_text=False, language=opts.lang))
    if report.error:
        result.error = f"{report.error.kind}: {report.error.message}"
        return
    result.lang = report.lang
    sups = suppress.parse(mapped, _known_codes())
    kept, dropped = suppress.apply(report.findings, sups,
                                   lambda f: mapped.source_span(f.start, f.end)[0])
    result.suppressed = len(dropped)
    result.verdict, result.verdict_reasons = report.verdict, list(report.verdict_reasons)
    if dropped:
        names = {s.name for s in report.signals}
        shim = SimpleNamespace(is_offer="commercial-offer" in names, investigational=False,
                               informational="informational-genre" in names)
        if shim.is_offer:  # a text that is no offer stays `low` whatever it contains
            result.verdict, reasons, _ = assess(kept, shim)
            result.verdict_reasons = reasons + [f"{len(dropped)} finding(s) suppressed"]
    index = LineIndex(source)
    names = _rule_names()
    for f in kept:
        s, e = mapped.source_span(f.start, f.end)
        line, col = index.line_col(s)
        end_line, end_col = index.line_col(e)
        result.diagnostics.append(Diagnostic(result.path, line, col, end_line, end_col, f.rule,
                                             names.get(f.rule, f.rule), f.category,
                                             severity_of(f.category), f.message, f.quote))
    _meta(result, source, sups, opts)
    result.diagnostics.sort(key=lambda d: (d.line, d.column, d.code))


def _meta(result: FileResult, source: str, sups, opts: LintOptions) -> None:
    index = LineIndex(source)
    for s in sups:
        line, col = index.line_col(s.comment.start)
        end_line, end_col = index.line_col(s.comment.end)
        quote = source[s.comment.start:s.comment.end]
        if s.problem:
            code, message = "RW002", s.problem
        else:
            unused = [c for c in s.codes if c not in s.used and _code_selected(c, opts)]
            if not unused:
                continue
            code = "RW001"
            where = "the next block" if s.target else "anything (no block follows it)"
            message = f"unused suppression: {', '.join(unused)} found nothing in {where}"
        if not meta_selected(code, opts.select, opts.ignore):
            continue
        name, severity, _, _ = META_RULES[code]
        result.diagnostics.append(Diagnostic(result.path, line, col, end_line, end_col, code,
                                             name, "suppression", severity, message, quote))


def _code_selected(code: str, opts: LintOptions) -> bool:
    return any(r.code == code and is_selected(r, opts.select, opts.ignore)
               for pack in load_packs().values() for r in pack.rules)


def _known_codes() -> frozenset[str]:
    return frozenset(r.code for pack in load_packs().values() for r in pack.rules)


def _rule_names() -> dict[str, str]:
    return {i.code: i.name for i in all_rules()}


