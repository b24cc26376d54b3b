"""The scan benchmark runs at smoke size (figures are reported, not judged here)."""

import json
import subprocess
import sys

from .conftest import ROOT, env


def test_bench_scan_smoke(tmp_path):
    out = tmp_path / "bench.json"
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_scan.py"), "--smoke",
                        "--docs", "200", "--json", str(out)],
                       capture_output=True, env=env(), timeout=300)
    assert r.returncode == 0, r.stderr.decode()
    got = json.loads(out.read_text())
    assert got["documents"] == 200 and got["gzip_dc"]["mb_s"] > 0
    for key in ("workers_1", "workers_2"):
        run = got[key]
        assert run["seconds"] > 0 and run["peak_rss_mb"] > 0 and "load_before" in run
        assert "read 200: processed 200" in run["summary"]
    assert got["speedup_1_to_2"] > 0 and got["speedup_after_startup"] > 0
    assert got["workers_1"]["scan_seconds"] <= got["workers_1"]["seconds"]
    assert b"speed-up 1 -> 2 workers" in r.stdout
    assert got["machine_reference"]["speedup"] > 0  # check() alone on 1 vs 2 processes
    assert b"machine reference" in r.stdout


def test_bench_scan_warc_smoke(tmp_path):
    """The WARC mode scans a generated crawl with the prefilter, against gzip -dc of it."""
    out = tmp_path / "bench.json"
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_scan.py"), "--smoke",
                        "--warc", "--json", str(out)],
                       capture_output=True, env=env(), timeout=300)
    assert r.returncode == 0, r.stderr.decode()
    got = json.loads(out.read_text())
    assert got["input"] == "warc" and got["gzip_dc"]["mb_s"] > 0
    for key in ("workers_1", "workers_2"):
        summary = got[key]["summary"]
        assert "read " in summary and "failed 0" in summary
        assert got[key]["vs_gzip_dc"] > 0
