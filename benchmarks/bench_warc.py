"""WARC throughput: read -> prefilter -> extract (-> detect), against ``gzip -dc``.

    python benchmarks/bench_warc.py                # 3,000 pages (the documented full size)
    python benchmarks/bench_warc.py --pages 20000
    python benchmarks/bench_warc.py --smoke        # CI size, seconds

Generates a gzip-per-record WARC with warcio (pages 5-60 KB, ~2% relevant: dev-corpus
texts when ``../shared/corpus/dev.jsonl`` exists, else built-in snippets, in random
layouts; the rest decoys with near-miss words), then times on one core, in one process:

* ``gzip -dc FILE > /dev/null``: the reference measured in the same run;
* read: FastWARC through ``iter_documents`` with every page decoded (no prefilter);
* read + prefilter: what a scan does before extraction;
* read + prefilter + extract;
* read + prefilter + ``regenwatch.api.check`` (which extracts each candidate itself): check
  is timed per candidate (CPU time, within a budget) after warming up on the candidates of
  another generated crawl, and added to the read + prefilter row.

Rates are MB/s of uncompressed WARC bytes, so the ratio to ``gzip -dc`` compares across
machines (design/decisions.md "Tests, CI").
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import synthpages  # noqa: E402

from regenwatch.extract import extract  # noqa: E402
from regenwatch.model import Document  # noqa: E402
from regenwatch.prefilter import Prefilter  # noqa: E402
from regenwatch.sources import SourceStats, iter_documents  # noqa: E402


def relevant_texts() -> list[str]:
    corpus = HERE.parent.parent / "shared" / "corpus" / "dev.jsonl"
    if corpus.exists():
        docs = [json.loads(x) for x in corpus.read_text(encoding="utf-8").splitlines()]
        return [d["text"] for d in docs if d.get("verdict") in ("elevated", "high")]
    return list(synthpages.RELEVANT_SNIPPETS)


def generate(path: str, pages: int, seed: int = 1, share: float = 0.02) -> dict:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(seed)
    texts = relevant_texts()
    raw_bytes = relevant = 0
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(writer.create_warcinfo_record(os.path.basename(path),
                                                          {"software": "bench_warc"}))
        for i in range(pages):
            size = rng.randint(5_000, 60_000)
            if rng.random() < share:
                relevant += 1
                layout = rng.choice(synthpages.LAYOUTS)
                body = synthpages.render(rng.choice(texts), layout, seed=i, pad=size)
            else:
                body = synthpages.decoy(seed * 1_000_003 + i, size=size)[1]
            raw_bytes += len(body)
            uri = f"https://site{i % 997}.example/page/{i}"
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                    protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                uri, "request", payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")],
                                              is_http_request=True)))
            writer.write_record(writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=http))
    return {"pages": pages, "relevant": relevant, "html_bytes": raw_bytes}


def uncompressed_size(path: str) -> int:
    out = subprocess.run(f"gzip -dc {path} | wc -c", shell=True, check=True,
                         capture_output=True, text=True)
    return int(out.stdout.strip())


def time_gzip(path: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(f"gzip -dc {path} > /dev/null", shell=True, check=True)
        best = min(best, time.perf_counter() - t)
    return best


def time_pipeline(path: str, *, prefilter, do_extract: bool, check, repeat: int) -> tuple:
    best = float("inf")
    for _ in range(repeat):
        stats = SourceStats()
        extracted = detected = 0
        t = time.perf_counter()
        for item in iter_documents([path], prefilter=prefilter, stats=stats):
            if not isinstance(item, Document):
                continue
            if check is not None:
                check(item)
                detected += 1
            elif do_extract:
                extract(item.html)
                extracted += 1
        best = min(best, time.perf_counter() - t)
    assert stats.balanced
    return best, stats, extracted or detected


def time_detect(path: str, prefilter, check, budget: float,
                warm_path: str | None = None) -> tuple[int, float]:
    """(candidates checked, seconds spent in check) within ``budget`` seconds.

    ``check`` extracts the page itself, so this time includes extraction. It is warmed on
    the candidates of a different crawl (``warm_path``, another seed) first: a long scan
    has long since loaded the packs and built RE2's automata, and timing the first pages of
    a process would mostly time that; warming on the same pages would flatter it.
    """
    check(Document(id="warm-up", source="-", text="exosome"))  # loads packs, KB, models
    if warm_path is not None:
        for item in iter_documents([warm_path], prefilter=prefilter):
            if isinstance(item, Document):
                check(item)
    done, spent = 0, 0.0
    for item in iter_documents([path], prefilter=prefilter):
        if not isinstance(item, Document):
            continue
        t = time.process_time()
        check(item)
        spent += time.process_time() - t
        done += 1
        if spent > budget:
            break
    return done, spent


def load_check():
    try:
        from regenwatch import api
    except Exception as exc:  # the engine is written in parallel; absent is fine
        return None, f"regenwatch.api not importable ({type(exc).__name__}: {exc})"
    options = None
    for name in ("Options", "CheckOptions"):
        if hasattr(api, name):
            options = getattr(api, name)()
            break
    return (lambda doc: api.check(doc, options)), "regenwatch.api.check"


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=3000)
    ap.add_argument("--smoke", action="store_true", help="200 pages, one repetition")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--warc", help="write/keep the WARC here instead of a temp file")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    ap.add_argument("--no-detect", action="store_true", help="skip regenwatch.api.check")
    ap.add_argument("--detect-budget", type=float, default=None,
                    help="seconds of api.check to time (default 60; 5 with --smoke); the "
                         "detect row is projected from the mean when the budget runs out")
    args = ap.parse_args(argv)
    pages, repeat = (200, 1) if args.smoke else (args.pages, args.repeat)
    if args.detect_budget is None:
        args.detect_budget = 5.0 if args.smoke else 60.0

    tmpdir = tempfile.mkdtemp(prefix="bench_warc_")
    path = args.warc or os.path.join(tmpdir, "bench.warc.gz")
    t = time.perf_counter()
    info = generate(path, pages)
    info["generate_s"] = round(time.perf_counter() - t, 2)
    size = uncompressed_size(path)
    info["warc_mb_uncompressed"] = round(size / 1e6, 1)
    info["warc_mb_compressed"] = round(os.path.getsize(path) / 1e6, 1)
    info["load_avg"] = os.getloadavg()[0]

    t_gzip = time_gzip(path, repeat)
    prefilter = Prefilter()
    info["prefilter_engine"] = prefilter.engine
    rows = {"gzip -dc": t_gzip}
    rows["read (decode every page)"], _, _ = time_pipeline(
        path, prefilter=None, do_extract=False, check=None, repeat=repeat)
    rows["read + prefilter"], stats, _ = time_pipeline(
        path, prefilter=prefilter, do_extract=False, check=None, repeat=repeat)
    rows["read + prefilter + extract"], _, n_extracted = time_pipeline(
        path, prefilter=prefilter, do_extract=True, check=None, repeat=repeat)
    check, check_note = load_check()
    if check is not None and not args.no_detect:
        warm = os.path.join(tmpdir, "warm-up.warc.gz")
        generate(warm, max(50, pages // 10), seed=2, share=0.2)
        done, spent = time_detect(path, prefilter, check, args.detect_budget, warm)
        if done:
            per_doc = spent / done
            # check() extracts each candidate itself: read + prefilter, then check
            rows["read + prefilter + extract + detect"] = (
                rows["read + prefilter"] + per_doc * n_extracted)
            check_note += (f": {per_doc * 1000:.0f} ms per candidate, {done} of "
                           f"{n_extracted} candidates timed"
                           + (" (budget reached; row projected)" if done < n_extracted else ""))
    elif args.no_detect:
        check_note = "not run (--no-detect)"
    info["detect"] = check_note
    info["candidates"] = n_extracted
    info["stats"] = stats.to_json()
    info["rates"] = {
        name: {"seconds": round(s, 3), "MB/s": round(size / 1e6 / s, 1),
               "pages/s": round(pages / s), "x gzip -dc": round(t_gzip / s, 2)}
        for name, s in rows.items()
    }
    if args.json:
        print(json.dumps(info, indent=2))
    else:
        print(f"{pages} pages ({info['relevant']} relevant), "
              f"{info['warc_mb_uncompressed']} MB uncompressed / "
              f"{info['warc_mb_compressed']} MB gz; load {info['load_avg']:.2f}; "
              f"prefilter: {prefilter.engine}; candidates extracted: {n_extracted}")
        print(f"{'stage':40} {'s':>7} {'MB/s':>8} {'pages/s':>8} {'x gzip':>7}")
        for name, r in info["rates"].items():
            print(f"{name:40} {r['seconds']:7.3f} {r['MB/s']:8.1f} {r['pages/s']:8d} "
                  f"{r['x gzip -dc']:7.2f}")
        print(f"detect: {check_note}")
        print(f"counts: {json.dumps(info['stats'])}")
    if not args.warc:
        os.remove(path)
    shutil.rmtree(tmpdir, ignore_errors=True)
    return info


if __name__ == "__main__":
    main()
