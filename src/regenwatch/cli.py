"""Command line: wires subcommands to the faces; no detection logic lives here."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from regenwatch import __version__
from regenwatch.api import CheckOptions, check
from regenwatch.model import VERDICTS, Report
from regenwatch.rules.registry import SelectorError, validate_selectors
from regenwatch.rules.schema import PackError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Find illegal claims in exosome and stem-cell marketing.")
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


class Format(StrEnum):
    text = "text"
    json = "json"


class FailOn(StrEnum):
    high = "high"
    elevated = "elevated"
    never = "never"


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"regenwatch: error: {message}", markup=False, soft_wrap=True)  # one line
    return typer.Exit(code)


def reaches(verdict: str | None, fail_on: FailOn) -> bool:
    if verdict is None or fail_on == FailOn.never:
        return False
    return VERDICTS.index(verdict) >= VERDICTS.index(fail_on.value)


def _options(select, ignore, no_text: bool, lang: str | None) -> CheckOptions:
    select = tuple(s for v in select or () for s in v.split(",") if s)
    ignore = tuple(s for v in ignore or () for s in v.split(",") if s)
    try:
        validate_selectors(select + ignore)
    except (SelectorError, PackError) as exc:
        raise _fail(str(exc)) from exc
    return CheckOptions(select=select, ignore=ignore, include_text=not no_text, language=lang)


SelectOpt = Annotated[list[str] | None, typer.Option("--select", help="Only these rules: "
                      "code, prefix (RW4), name or category.")]
IgnoreOpt = Annotated[list[str] | None, typer.Option("--ignore", help="Skip these rules.")]
FailOpt = Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when a verdict is at or "
                    "above this level.")]
IncludeOpt = Annotated[list[str] | None, typer.Option("--include", help="Directory walks: "
                       "only files matching this glob (repeatable).")]
ExcludeOpt = Annotated[list[str] | None, typer.Option("--exclude", help="Directory walks: "
                       "skip files matching this glob (repeatable).")]
AllowHostOpt = Annotated[list[str] | None, typer.Option("--allow-host", help="Let the URL "
                         "fetcher reach this host even if it is loopback or private.")]


def _source_kwargs(include, exclude, allow_host, urls: Path | None = None,
                   prefilter: bool = False) -> dict:
    kwargs = {"include": tuple(include or ()), "exclude": tuple(exclude or ()),
              "allow_hosts": tuple(allow_host or ())}
    if urls is not None:
        kwargs["urls_file"] = str(urls)
    if prefilter:
        from regenwatch.prefilter import Prefilter
        kwargs["prefilter"] = Prefilter()
    return kwargs


@app.command("check")
def check_cmd(
    path: Annotated[str, typer.Argument(help="A .txt or .html file, an http(s) URL, a "
                                        "directory, or - for stdin.")] = "-",
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    fail_on: FailOpt = FailOn.high,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    no_text: Annotated[bool, typer.Option("--no-text", help="Leave the text out of JSON.")] = False,
    lang: Annotated[str | None, typer.Option("--lang", help="Force a language: en, es...")] = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes")] = 20_000_000,
    strict: Annotated[bool, typer.Option("--strict", help="Failed records exit 1.")] = False,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    allow_host: AllowHostOpt = None,
) -> None:
    """Check one document and explain every claim it makes."""
    from regenwatch.sources import iter_documents

    opts = _options(select, ignore, no_text, lang)
    src = _source_kwargs(include, exclude, allow_host)
    is_url = path.startswith(("http://", "https://"))
    if not is_url and path != "-" and Path(path).is_dir():
        code = _scan_to(sys.stdout, [path], opts, fail_on, max_bytes, strict, src)
        raise typer.Exit(code)
    if not is_url and path != "-" and not Path(path).exists():
        raise _fail(f"{path}: no such file")
    items = list(iter_documents([path], max_bytes=max_bytes, **src))
    if not items:
        raise _fail(f"{path}: nothing to read")
    item = items[0]
    if isinstance(item, Report):
        raise _fail(f"{path}: {item.error.kind}: {item.error.message}")
    report = check(item, opts)
    if report.error:
        raise _fail(f"{path}: {report.error.kind}: {report.error.message}")
    if fmt == Format.json:
        out.file.write(json.dumps(report.to_json(include_text=opts.include_text),
                                  ensure_ascii=False) + "\n")
    else:
        from regenwatch.report.text import render
        render(report, out, report.text, _basis_lines(), _questions(report.lang))
    raise typer.Exit(1 if reaches(report.verdict, fail_on) else 0)


def _basis_lines():
    try:
        from regenwatch.explain import basis_lines
    except ImportError:
        return None
    return basis_lines


def _questions(lang: str | None) -> list[str] | None:
    try:
        from regenwatch.explain import patient_questions
    except ImportError:
        return None
    return patient_questions(lang or "en")


def _scan_to(stream, inputs: list[str], opts: CheckOptions, fail_on: FailOn,
             max_bytes: int, strict: bool, src: dict | None = None) -> int:
    from regenwatch.sources import SourceStats, iter_documents

    stats = SourceStats()
    worst = False
    failed = processed = 0
    for item in iter_documents(inputs, max_bytes=max_bytes, stats=stats, **(src or {})):
        report = item if isinstance(item, Report) else check(item, opts)
        if report.error:
            failed += 1
        else:
            processed += 1
            worst = worst or reaches(report.verdict, fail_on)
        stream.write(json.dumps(report.to_json(include_text=opts.include_text),
                                ensure_ascii=False) + "\n")
    err.print(f"read {stats.read}: processed {processed}, failed {failed}")
    if processed == 0 and failed == 0:
        return 2
    if processed == 0:
        return 2
    if worst or (strict and failed):
        return 1
    return 0


@app.command("scan")
def scan_cmd(
    inputs: Annotated[list[str], typer.Argument(help="JSONL corpora, files, directories.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="results.duckdb, "
                      "NAME.parquet (a directory) or NAME.jsonl.")] = Path("results.duckdb"),
    fail_on: FailOpt = FailOn.high,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    no_text: Annotated[bool, typer.Option("--no-text")] = False,
    max_bytes: Annotated[int, typer.Option("--max-bytes")] = 20_000_000,
    strict: Annotated[bool, typer.Option("--strict")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1,
                       help="Worker processes.")] = 1,
    fresh: Annotated[bool, typer.Option("--fresh", help="Replace what the output holds for "
                     "these inputs instead of resuming.")] = False,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    allow_host: AllowHostOpt = None,
    urls: Annotated[Path | None, typer.Option("--urls", help="A file of URLs, one per line "
                    "(robots.txt and a polite per-host rate are respected).")] = None,
    prefilter: Annotated[bool, typer.Option("--prefilter/--no-prefilter", help="Skip pages "
                         "with no product word before extraction (for crawls).")] = False,
    shard_mb: Annotated[float, typer.Option("--shard-mb", hidden=True, help="Size of the "
                        "byte ranges workers read of gzip WARC inputs (tests, tuning).")] = 2,
) -> None:
    """Check many documents into a store; rerun the same command to resume."""
    from regenwatch.scan import ScanError, run_scan, summary_lines
    from regenwatch.store import StoreError

    opts = _options(select, ignore, no_text, None)
    try:
        s = run_scan(inputs, output, workers=workers, options=opts, max_bytes=max_bytes,
                     fresh=fresh, progress=err.is_terminal, shard_bytes=int(shard_mb * 2**20),
                     sources=_source_kwargs(include, exclude, allow_host, urls, prefilter))
    except StoreError as exc:
        raise _fail(f"{output}: {exc}") from exc
    except ScanError as exc:
        raise _fail(f"{exc}; rerun the same command to continue") from exc
    except OSError as exc:
        raise _fail(f"{output}: {exc.strerror or exc}") from exc
    for line in summary_lines(s):
        err.print(line, markup=False)
    if s.interrupted:
        raise typer.Exit(130)
    if s.processed + s.resumed == 0:
        raise typer.Exit(2)
    worst = any(n and reaches(v, fail_on) for v, n in s.verdicts.items())
    raise typer.Exit(1 if worst or (strict and s.failed) else 0)


@app.command("spark-scan")
def spark_scan_cmd(
    warc_list: Annotated[str, typer.Argument(help="A file with one WARC path or URI per "
                                             "line (.gz ok).")],
    output: Annotated[str, typer.Option("--output", "-o", help="Output directory: "
                      "documents/, findings/, errors/ as Parquet.")],
    master: Annotated[str, typer.Option("--master", help="Spark master.")] = "local[2]",
    partitions: Annotated[int | None, typer.Option("--partitions", min=1, help="Spark "
                          "tasks (default: one per WARC file).")] = None,
    base_url: Annotated[str | None, typer.Option("--base-url", help="Prefix for relative "
                        "list entries (s3://commoncrawl/).")] = None,
    prefilter: Annotated[bool, typer.Option("--prefilter/--no-prefilter")] = False,
    overwrite: Annotated[bool, typer.Option("--overwrite")] = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    no_text: Annotated[bool, typer.Option("--no-text")] = False,
    max_bytes: Annotated[int, typer.Option("--max-bytes")] = 20_000_000,
) -> None:
    """Scan a list of WARC files with Apache Spark into Parquet (see docs/spark.md)."""
    from regenwatch.spark import run_spark_scan, spark_missing

    reason = spark_missing()
    if reason:
        raise _fail(reason)
    opts = _options(select, ignore, no_text, None)
    try:
        s = run_spark_scan(warc_list, output, master=master, partitions=partitions,
                           options=opts, max_bytes=max_bytes, prefilter=prefilter,
                           base_url=base_url, mode="overwrite" if overwrite else "errorifexists")
    except (OSError, ValueError) as exc:
        raise _fail(f"{warc_list}: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - Spark's errors (output exists, JVM...)
        raise _fail(f"spark: {str(exc).strip().splitlines()[0]}") from exc
    for line in s.lines():
        err.print(line, markup=False)
    raise typer.Exit(0 if s.processed else 2)


@app.command("report")
def report_cmd(
    results: Annotated[Path, typer.Argument(help="A scan's results: .duckdb, .parquet "
                                            "or .jsonl.")] = Path("results.duckdb"),
    out_dir: Annotated[Path, typer.Option("--out", help="Directory for the charts and "
                       "report.html.")] = Path("report"),
) -> None:
    """Summarise a scan: verdicts, categories, conditions, routes, riskiest domains."""
    from regenwatch.report.summary import ReportError, write_report

    try:
        paths = write_report(results, out_dir)
    except ReportError as exc:
        raise _fail(str(exc)) from exc
    for p in paths:
        out.print(str(p), markup=False)


@app.command("rules")
def rules_cmd(
    code: Annotated[str | None, typer.Argument(help="A rule code or name to explain.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
) -> None:
    """List every rule, or explain one (what it finds, why, basis, examples)."""
    from regenwatch.report.rules import render_rule, render_table, rule_json
    from regenwatch.rules.registry import all_rules, find_rule

    try:
        infos = all_rules()
    except PackError as exc:
        raise _fail(str(exc)) from exc
    if code is None:
        if fmt == Format.json:
            out.file.write(json.dumps([rule_json(i) for i in infos], ensure_ascii=False) + "\n")
        else:
            render_table(infos, out)
        raise typer.Exit(0)
    info = find_rule(code)
    if info is None:
        raise _fail(f"no rule {code!r}; `regenwatch rules` lists them")
    if fmt == Format.json:
        out.file.write(json.dumps(rule_json(info), ensure_ascii=False) + "\n")
    else:
        render_rule(info, out)
    raise typer.Exit(0)


@app.command("eval")
def eval_cmd(
    corpus: Annotated[Path, typer.Argument(help="Labelled JSONL (taxonomy record format).")],
    lang: Annotated[str | None, typer.Option("--lang")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
) -> None:
    """Measure the detector on a labelled corpus: per-category P/R/F1, verdicts, confusion."""
    from regenwatch.evaluate import EvalError, evaluate, render_eval

    try:
        result = evaluate(corpus, lang=lang)
    except EvalError as exc:
        raise _fail(str(exc)) from exc
    if fmt == Format.json:
        out.file.write(json.dumps(result, ensure_ascii=False) + "\n")
    else:
        render_eval(result, out)
    raise typer.Exit(0)


@app.command("kb")
def kb_cmd(
    show: Annotated[str | None, typer.Argument(help="A fact id, product id or category.")] = None,
    validate: Annotated[bool, typer.Option("--validate", help="Check every file; exit 2 "
                                           "with one line on the first problem.")] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Another copy of the "
                                                  "knowledge base to read.")] = None,
) -> None:
    """Show the knowledge base (facts with sources, dates, status) or validate it."""
    from regenwatch.kb.cli_command import run_kb

    raise typer.Exit(run_kb(show, validate, fmt.value, data_dir))


class LintFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"


@app.command("lint")
def lint_cmd(
    paths: Annotated[list[str] | None, typer.Argument(help="Files and directories "
                     "(HTML, Markdown, JSON, YAML); default: the current directory.")] = None,
    fmt: Annotated[LintFormat, typer.Option("--format", "-f")] = LintFormat.text,
    fail_on: Annotated[FailOn | None, typer.Option("--fail-on", help="Exit 1 when a file's "
                       "verdict is at or above this level (default: config, else high).")] = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    strict: Annotated[bool | None, typer.Option("--strict/--no-strict", help="Unreadable "
                      "files and RW0xx suppression problems exit 1.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Force a language: en, es...")] = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes")] = 20_000_000,
) -> None:
    """Lint website copy before publication: findings at file:line:column."""
    from regenwatch.lint.face import run_lint

    raise typer.Exit(run_lint(paths or ["."], fmt.value, sys.stdout, sys.stderr,
                              select=select, ignore=ignore,
                              fail_on=fail_on.value if fail_on else None, strict=strict,
                              lang=lang, max_bytes=max_bytes))


@app.command("serve")
def serve_cmd(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8000,
    allow_host: Annotated[list[str] | None, typer.Option(
        "--allow-host", help="Let URL checks reach this host even if it is private.")] = None,
) -> None:
    """Serve the web page for patients and the JSON API (/docs)."""
    try:
        import uvicorn

        from regenwatch.web import Settings, create_app
    except ImportError as exc:
        raise _fail("the web extra is missing: pip install 'regenwatch[web]'") from exc
    settings = Settings(allow_hosts=tuple(allow_host or ()))
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


@app.command("normalize")
def normalize_cmd(
    path: Annotated[str, typer.Argument(help="A text file, or - for stdin.")] = "-",
    explain: Annotated[bool, typer.Option("--explain", help="List each change: kind, "
                                          "original span, replacement.")] = False,
) -> None:
    """Print the text as a reader sees it: look-alike letters and hidden characters undone."""
    from regenwatch.normalize.cli_command import run_normalize

    raise typer.Exit(run_normalize(path, explain))


@app.command("version")
def version_cmd() -> None:
    """Print the version."""
    out.print(__version__)


def main() -> None:
    try:
        app()
    except PackError as exc:
        err.print(f"regenwatch: error: {exc}", markup=False)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
