"""Hostile input cannot make check() blow up: time grows linearly with the input, never
quadratically (RE2 is linear; the rest of the pipeline must not undo that)."""

import time

import pytest

from regenwatch.api import check
from regenwatch.model import Document

HOSTILE = {
    "no-punctuation claim soup": "our exosome iv drip cures parkinson's and is fda approved "
    "and no side effects and guaranteed ",
    "negation storm": "not no never without none not no never exosome ",
    "one endless sentence": "exosome, stem cell, infusion, lupus, " * 3,
    "dots and spaces": "a. b. c. d. e. f. g. F.D.A. a p p r o v e d ",
    "question marks": "is it FDA approved? ",
    "quotes and brackets": "\"(\"[exosome]\")\" ",
}


def _cpu(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        report = check(Document(id="h", source="h", text=text))
        best = min(best, time.process_time() - t0)
        assert report.error is None
    return best


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_time_grows_linearly(name):
    unit = HOSTILE[name]
    small = unit * (20_000 // len(unit))
    large = unit * (80_000 // len(unit))
    t_small, t_large = _cpu(small), _cpu(large)
    # 4x the input: linear work takes ~4x; quadratic would take ~16x.
    assert t_large <= max(10 * t_small, 0.5), (name, t_small, t_large)


def test_default_size_limit_is_an_error_record(tmp_path):
    import subprocess
    import sys

    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.write(b"exosome therapy " * (21_000_000 // 16 + 1))
    r = subprocess.run([sys.executable, "-m", "regenwatch", "check", str(big)],
                       capture_output=True, timeout=120)
    assert r.returncode == 2
    assert b"too-large" in r.stderr and b"Traceback" not in r.stderr
