"""`regenwatch lint` as the CLI calls it: settings, files, lint, one output format, exit code.

Kept out of cli.py so the command there is a few lines of option wiring. Errors that stop
the run (bad config, unknown selector, nothing to read) are one line on stderr and exit 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from regenwatch import __version__
from regenwatch.lint.config import FAIL_ON, ConfigError, load_config
from regenwatch.lint.model import META_RULES, FileResult, LintRun
from regenwatch.lint.runner import LintOptions, is_meta_selector, lint_file
from regenwatch.lint.walk import collect
from regenwatch.model import severity_of
from regenwatch.rules.registry import SelectorError, all_rules, is_selected, validate_selectors
from regenwatch.rules.schema import PackError

FORMATS = ("text", "json", "sarif", "github")


def _split(values) -> tuple[str, ...] | None:
    if values is None:
        return None
    return tuple(s.strip() for v in values for s in v.split(",") if s.strip())


def resolve_options(select=None, ignore=None, fail_on=None, strict=None, lang=None,
                    max_bytes=20_000_000, start: Path | None = None):
    """Config file values, each replaced by the CLI flag when one is given."""
    config = load_config(start)
    sel, ign = _split(select), _split(ignore)
    opts = LintOptions(
        select=config.select if sel is None else sel,
        ignore=config.ignore if ign is None else ign,
        fail_on=fail_on or config.fail_on,
        strict=config.strict if strict is None else strict,
        lang=lang or config.lang,
        max_bytes=max_bytes,
    )
    if opts.fail_on not in FAIL_ON:
        raise ConfigError(f"--fail-on must be one of {', '.join(FAIL_ON)}")
    # RW0xx selectors are valid without a claim rule to match
    validate_selectors(tuple(s for s in opts.select + opts.ignore if not is_meta_selector(s)))
    return config, opts


def run_lint(paths: list[str], fmt: str, out: TextIO, err: TextIO, **flags) -> int:
    try:
        config, opts = resolve_options(**flags)
    except (ConfigError, SelectorError, PackError) as exc:
        err.write(f"regenwatch: error: {exc}\n")
        return 2
    found = collect(paths or ["."], config)
    run = LintRun([lint_file(p, opts) for p in found.files], opts.fail_on, opts.strict)
    for m in found.missing:
        run.files.append(FileResult(path=m, kind="unknown",
                                    error="not-found: no such file or directory"))
    for f in run.files:
        if f.error:
            err.write(f"regenwatch: error: {f.path}: {f.error}\n")
    if not run.files and found.excluded:
        err.write("regenwatch: warning: every path given is excluded by the config\n")
        emit(run, fmt, out, opts)
        return 0
    if not run.files:
        err.write("regenwatch: error: no files to lint (HTML, Markdown, JSON, YAML, text)\n")
        return 2
    emit(run, fmt, out, opts)
    return run.exit_code()


def emit(run: LintRun, fmt: str, out: TextIO, opts: LintOptions) -> None:
    if fmt == "json":
        out.write(json.dumps(to_json(run), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "sarif":
        from regenwatch.report.sarif import to_sarif
        doc = to_sarif(run.diagnostics, rule_descriptors(opts), __version__,
                       Path.cwd().resolve().as_uri() + "/")
        out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "github":
        from regenwatch.report.github import render
        out.write(render(run.diagnostics))
    else:
        out.write(render_text(run))


def render_text(run: LintRun) -> str:
    lines = [f"{d.path}:{d.line}:{d.column}: {d.code} {d.category} {d.message}"
             for d in run.diagnostics]
    for f in run.failing:
        lines.append(f"{f.path}: verdict {f.verdict} ({'; '.join(f.verdict_reasons)})")
    n = len(run.diagnostics)
    read = sum(1 for f in run.files if f.error is None)
    summary = f"{n} diagnostic(s) in {read} file(s)"
    if run.fail_on != "never":
        summary += f"; {len(run.failing)} file(s) at or above --fail-on {run.fail_on}"
    failed = len(run.files) - read
    if failed:
        summary += f"; {failed} file(s) could not be read"
    lines.append(summary)
    return "\n".join(lines) + "\n"


def to_json(run: LintRun) -> dict:
    return {
        "schema": "regenwatch-lint/1",
        "fail_on": run.fail_on,
        "files": [f.to_json() for f in run.files],
        "summary": {"files": len(run.files), "diagnostics": len(run.diagnostics),
                    "failing": [f.path for f in run.failing],
                    "errors": sum(1 for f in run.files if f.error),
                    "exit_code": run.exit_code()},
    }


def rule_descriptors(opts: LintOptions) -> list[dict]:
    from regenwatch.report.sarif import rule_descriptor

    levels = {"high": "error", "medium": "warning"}
    out = []
    for code, (name, severity, message, why) in META_RULES.items():
        out.append(rule_descriptor(code, name, "suppression", levels[severity], message, why))
    for info in all_rules():
        rule = info.primary
        if is_selected(rule, opts.select, opts.ignore):
            out.append(rule_descriptor(info.code, info.name, info.category,
                                       levels[severity_of(info.category)], rule.message,
                                       rule.why))
    return out
