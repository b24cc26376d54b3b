"""Per-core rate of the Spark task body, and what it means for one monthly Common Crawl.

    python benchmarks/bench_spark_task.py              # 3,000 pages (documented size)
    python benchmarks/bench_spark_task.py --smoke      # 200 pages

Times ``regenwatch.spark.scan_file`` - exactly what one Spark task runs on one WARC file
(FastWARC read, optional prefilter, ``api.check``, the store's row builder) - in one
process on one core, without Spark (the JVM and Parquet writing are not in the figure).
Generates the same synthetic gzip-per-record WARC as ``bench_warc.py`` (~2% relevant pages)
and measures ``gzip -dc`` on it in the same run as the reference. Rates are MB/s of
uncompressed WARC bytes per CPU-second of this process (wall time is reported too: on a
loaded machine it is longer); core-hours = crawl bytes / rate / 3600. CPU-bound estimates: the
download of a crawl (about a quarter of its bytes, gzip) is not counted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from bench_warc import generate, time_gzip, uncompressed_size  # noqa: E402

from regenwatch.api import CheckOptions, check  # noqa: E402
from regenwatch.model import Document  # noqa: E402
from regenwatch.records import config_fingerprint  # noqa: E402
from regenwatch.spark import TaskConfig, scan_file  # noqa: E402

CRAWL_BYTES = 394 * 2**40  # one monthly crawl, uncompressed WARC (December 2024)


def time_task(path: str, prefilter: bool, repeat: int) -> tuple[float, float, Counter]:
    """(best wall seconds, best CPU seconds of this process, counts)."""
    opts = CheckOptions()
    cfg = TaskConfig(opts, path, config_fingerprint(opts, 20_000_000), prefilter=prefilter)
    wall = cpu = float("inf")
    counts: Counter = Counter()
    for _ in range(repeat):
        counts = Counter()
        t, c = time.perf_counter(), time.process_time()
        for _ in scan_file(0, path, cfg, counts):
            pass
        wall = min(wall, time.perf_counter() - t)
        cpu = min(cpu, time.process_time() - c)
    return wall, cpu, counts


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=3000)
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--no-prefilter-pages", type=int, default=300,
                    help="pages for the every-page-checked row (slow)")
    args = ap.parse_args(argv)
    pages, repeat = (200, 1) if args.smoke else (args.pages, args.repeat)
    check(Document(id="w", source="-", text="exosome therapy"), CheckOptions())  # compile
    tmp = tempfile.mkdtemp(prefix="bench_spark_")
    out = {"load_avg_before": [round(x, 2) for x in os.getloadavg()], "rows": {}}
    for label, n, prefilter in (("task, prefilter on", pages, True),
                                ("task, prefilter off", min(pages, args.no_prefilter_pages),
                                 False)):
        path = os.path.join(tmp, f"{n}.warc.gz")
        if not os.path.exists(path):
            generate(path, n)
        size = uncompressed_size(path)
        t_gzip = time_gzip(path, repeat)
        wall, cpu, counts = time_task(path, prefilter, repeat)
        rate = size / cpu  # CPU time: what a dedicated core would take; wall shows the load
        out["rows"][label] = {
            "pages": n, "warc_mb": round(size / 1e6, 1), "wall_s": round(wall, 3),
            "cpu_s": round(cpu, 3), "MB/s per core (CPU)": round(rate / 1e6, 1),
            "MB/s wall": round(size / wall / 1e6, 1),
            "gzip -dc MB/s": round(size / t_gzip / 1e6, 1),
            "x gzip -dc": round(t_gzip / wall, 2), "checked": counts["processed"],
            "core_hours_394TiB": round(CRAWL_BYTES / rate / 3600),
        }
    out["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    for f in Path(tmp).iterdir():
        f.unlink()
    os.rmdir(tmp)
    print(json.dumps(out, indent=2))
    return out


if __name__ == "__main__":
    main()
