"""Markup built to make regexes backtrack: thousands of unclosed comments, brackets and
image openers on one line. Time must grow linearly with the input (4x the input may not
cost more than ~10x: quadratic work would cost 16x)."""

import time

import pytest

from regenwatch.lint.inline import blank_inline
from regenwatch.lint.markdown import blank_body, comments

HOSTILE = {
    "unclosed comments": "<!-- ",
    "open brackets": "[",
    "image openers": "![a](",
    "spaces then text": " " * 50 + "x\n",
}


def _cpu(fn, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        fn(text)
        best = min(best, time.process_time() - t0)
    return best


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("fn", [blank_body, blank_inline, comments],
                         ids=["blank_body", "blank_inline", "comments"])
def test_markdown_scanning_is_linear(fn, name):
    unit = HOSTILE[name]
    small = unit * (10_000 // len(unit))
    large = unit * (40_000 // len(unit))
    t_small, t_large = _cpu(fn, small), _cpu(fn, large)
    assert t_large <= max(10 * t_small, 0.2), (name, t_small, t_large)
