"""Spark stays optional: nothing here needs pyspark or Java."""

from __future__ import annotations

import gzip
import subprocess
import sys
from collections import Counter
from pathlib import Path

from typer.testing import CliRunner

from regenwatch import spark as rspark
from regenwatch.api import CheckOptions
from regenwatch.records import config_fingerprint, input_key
from regenwatch.spark import TaskConfig, open_input, read_warc_list, scan_file

SRC = str(Path(__file__).resolve().parents[2] / "src")


def test_default_imports_never_load_pyspark():
    code = ("import sys; import regenwatch.cli, regenwatch.scan, regenwatch.api, "
            "regenwatch.store, regenwatch.spark; from regenwatch.cli import app; "
            "assert not [m for m in sys.modules if m.split('.')[0] in ('pyspark', 'py4j')], "
            "'pyspark imported'")
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": SRC})


def test_cli_one_line_and_exit_2_without_java(monkeypatch, tmp_path):
    from regenwatch.cli import app

    monkeypatch.setattr(rspark, "spark_missing",
                        lambda: "spark-scan needs Java 17+: java is not on PATH or JAVA_HOME")
    res = CliRunner().invoke(app, ["spark-scan", str(tmp_path / "l.txt"), "--output",
                                   str(tmp_path / "o")])
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == [
        "regenwatch: error: spark-scan needs Java 17+: java is not on PATH or JAVA_HOME"]


def test_spark_missing_names_java(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    reason = rspark.spark_missing()
    assert reason and ("Java" in reason or "pyspark" in reason)


def test_read_warc_list(tmp_path):
    lst = tmp_path / "warc.paths.gz"
    with gzip.open(lst, "wt") as fh:
        fh.write("# list\ncrawl-data/a.warc.gz\n\n/abs/b.warc.gz\ns3://x/c.warc.gz\n")
    assert read_warc_list(str(lst), base_url="s3://commoncrawl") == [
        "s3://commoncrawl/crawl-data/a.warc.gz", "/abs/b.warc.gz", "s3://x/c.warc.gz"]
    assert read_warc_list(["a", " ", "#x", "b"]) == ["a", "b"]


def test_open_input_local_and_file_uri(tmp_path):
    p = tmp_path / "f.bin"
    p.write_bytes(b"abc")
    with open_input(str(p)) as fh:
        assert fh.read() == b"abc"
    with open_input(f"file://{p}") as fh:
        assert fh.read() == b"abc"


def test_task_body_matches_local_rows(corpus):
    """The task function alone (no Spark) gives the rows the local sources + check give."""
    from regenwatch.records import checked_row
    from regenwatch.sources import iter_documents

    opts = CheckOptions()
    cfg = TaskConfig(opts, input_key(corpus[:1]), config_fingerprint(opts, 20_000_000))
    counts = Counter()
    rows = [r for tag, r in scan_file(0, corpus[0], cfg, counts) if tag == "documents"]
    local = [checked_row(item, seq, cfg.input_key, cfg.config, opts)[0].doc
             for seq, item in enumerate(iter_documents(corpus[:1]))]
    assert rows == local
    assert counts["read"] == counts["processed"] + counts["skipped"] + counts["failed"]


def test_cli_without_java_real_process(tmp_path):
    """No java anywhere: one unwrapped line on stderr, exit 2, even in a narrow console."""
    env = {"PYTHONPATH": SRC, "PATH": str(tmp_path), "COLUMNS": "40"}
    res = subprocess.run([sys.executable, "-m", "regenwatch", "spark-scan",
                          str(tmp_path / "list.txt"), "--output", str(tmp_path / "out")],
                         env=env, capture_output=True, text=True)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("regenwatch: error: spark-scan needs "), lines
