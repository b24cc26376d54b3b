"""The WARC benchmark runs at smoke size (no timing assertion: figures vary by machine)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


@pytest.mark.skipif(shutil.which("gzip") is None, reason="gzip not installed")
def test_bench_warc_smoke(capsys):
    import bench_warc

    info = bench_warc.main(["--smoke"])
    assert info["pages"] == 200
    stats = info["stats"]
    assert stats["read"] == stats["processed"] + sum(stats["skipped"].values()) + sum(
        stats["failed"].values())
    assert info["candidates"] == stats["processed"] >= info["relevant"]
    assert "read + prefilter + extract" in info["rates"]
    assert "gzip -dc" in capsys.readouterr().out
