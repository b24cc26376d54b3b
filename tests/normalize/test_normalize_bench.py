"""The benchmark script runs at smoke size and prints its figures (no timing assertion)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_benchmark_smoke():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_normalize.py"), "--smoke"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    lines = [ln for ln in proc.stdout.splitlines() if "MB/s" in ln]
    assert len(lines) == 4
    assert all("reference str.lower" in ln for ln in lines)
    for kind in ("ascii-clean", "ascii-layer2", "obfuscated"):
        assert any(ln.startswith(kind) for ln in lines)
