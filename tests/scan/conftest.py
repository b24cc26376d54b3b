"""Shared helpers for the scan tests: a generated corpus and the CLI as a subprocess."""

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import scan_corpus  # noqa: E402


def env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "200"}


def kill_mid_run(cmd: list[str], ready, delay: float) -> None:
    """Run a scan command in a session of its own, wait until ready(proc) returns, then after
    delay seconds SIGKILL the whole process group (the scan and its workers, mid-run)."""
    proc = subprocess.Popen(cmd, env=env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        ready(proc)
        time.sleep(delay)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def cli(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "regenwatch", *map(str, args)],
                          capture_output=True, env=env(), timeout=300, **kw)


def records(output: Path) -> list[dict]:
    """Every stored regenwatch/1 record of a scan output, in stored order."""
    if output.suffix == ".jsonl":
        return [json.loads(x) for x in output.read_text(encoding="utf-8").splitlines()]
    import duckdb

    con = duckdb.connect()
    if output.suffix == ".duckdb":
        con = duckdb.connect(str(output), read_only=True)
        rel = "documents"
    else:
        rel = f"read_parquet('{output}/documents.parquet')"
    rows = con.execute(f"SELECT record FROM {rel} ORDER BY seq").fetchall()
    con.close()
    return [json.loads(r) for (r,) in rows]


def key_counts(recs: list[dict]) -> Counter:
    """(id, verdict, error kind) multiset: equal for equal results, whatever the order."""
    return Counter((r["id"], r["verdict"], (r["error"] or {}).get("kind")) for r in recs)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    """3,000 short documents plus 48 bad records (12 of each failure)."""
    return scan_corpus.write(tmp_path_factory.mktemp("corpus") / "c.jsonl", 3000, bad=True)


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory) -> Path:
    """800 short documents plus 16 bad records."""
    return scan_corpus.write(tmp_path_factory.mktemp("small") / "s.jsonl", 800, bad=True)
