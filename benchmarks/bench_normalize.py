#!/usr/bin/env python3
"""Throughput of the normaliser in MB/s of UTF-8 input, each beside a same-run reference.

Why a reference: machines differ, so each figure is printed next to ``str.lower`` of the same
text measured in the same run (decisions.md, "Tests, CI, the machine").

Texts (built here, no corpus needed):
- ``ascii-clean``: plain ASCII with no layer-2 candidates (target >= 200 MB/s);
- ``ascii-layer2``: ASCII with spaced letters, digit swaps and dotted abbreviations (reported
  separately: layer 2's cost);
- ``obfuscated``: seed-like English where every e, a and o is a Cyrillic look-alike
  (target >= 5 MB/s).

Usage: ``python benchmarks/bench_normalize.py [--smoke] [--mb N]``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from regenwatch.normalize import normalize, obfuscation_runs  # noqa: E402

_WORDS = (
    "the clinic offers regenerative treatment for knee pain and our team will explain every "
    "option during a consultation with patients who want to know more about recovery time "
    "costs and results of therapy in the field of medicine research shows mixed evidence"
).split()
_LAYER2 = ["a p p r o v e d", "appr0ved", "F.D.A.", "cur3s", "s@fe", "U.S.A.", "CoQ10", "e.g."]


def _text(n_bytes: int, kind: str, seed: int = 7) -> str:
    rnd = random.Random(seed)
    out, size = [], 0
    while size < n_bytes:
        w = rnd.choice(_WORDS)
        if kind == "ascii-layer2" and rnd.random() < 0.02:
            w = rnd.choice(_LAYER2)
        out.append(w)
        size += len(w) + 1
    text = " ".join(out)
    if kind == "obfuscated":
        text = text.translate(str.maketrans({"e": "\u0435", "a": "\u0430", "o": "\u043e"}))
    return text


def _best(fn, text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - t0)
    return best


def run(mb: float, repeat: int) -> list[tuple[str, float, float]]:
    rows = []
    normalize("warm up: thе FDА аpprоvеd a p p r o v e d")
    for kind in ("ascii-clean", "ascii-layer2", "obfuscated"):
        text = _text(int(mb * 1_000_000), kind)
        size = len(text.encode("utf-8")) / 1e6
        t = _best(normalize, text, repeat)
        ref = _best(str.lower, text, repeat)
        rows.append((kind, size / t, size / ref))
        print(f"{kind:13s} {size:6.2f} MB  normalize {size / t:9.1f} MB/s   "
              f"reference str.lower {size / ref:9.1f} MB/s", flush=True)
        if kind == "obfuscated":  # what the rules engine pays: changes and runs too
            t = _best(_full, text, repeat)
            rows.append(("obfuscated+runs", size / t, size / ref))
            print(f"{'  +changes+runs':13s} {size:6.2f} MB  normalize {size / t:9.1f} MB/s   "
                  f"reference str.lower {size / ref:9.1f} MB/s", flush=True)
    return rows


def _full(text: str) -> None:
    norm = normalize(text)
    norm.changes  # noqa: B018
    obfuscation_runs(norm)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--smoke", action="store_true", help="tiny input, one repeat (CI)")
    ap.add_argument("--mb", type=float, default=4.0, help="input size per text (default 4)")
    args = ap.parse_args(argv)
    mb, repeat = (0.05, 1) if args.smoke else (args.mb, 5)
    run(mb, repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
