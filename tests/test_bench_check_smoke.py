"""The check benchmark runs at smoke size in CI and prints its figures next to a reference
measured in the same run (the full size is `python benchmarks/bench_check.py`)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_bench_check_smoke():
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_check.py"), "--smoke"],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert "docs/s" in r.stdout and "reference str.lower" in r.stdout
    assert "1 MB document" in r.stdout
