"""Bad and hostile input: bounded time, no exception; regexes cannot backtrack badly."""

from __future__ import annotations

import re
import time

import pytest

from regenwatch.normalize import layer1, layer2, normalize, obfuscation_runs, special

BUDGET = 20.0  # seconds: generous for CI; the measured cost is a few seconds at most


@pytest.mark.parametrize("text", [
    "\u0301" * 10_000_000,                  # 10 MB of one combining mark
    "a" + "\u0301" * 2_000_000,             # stacked on a Latin letter
    "\u200b" * 1_000_000,                   # only zero-width characters
    "\u200d\u200c\ufe0f" * 300_000,
    "ab\ud800cd\udfff" * 10_000,            # lone surrogates
    "a\x00b" * 100_000,                     # NUL bytes
    "\u0430 " * 200_000,                    # a page of one-letter look-alike words
    "\u0430" * 1_000_000 + "b",             # one enormous mixed word
    "a " * 500_000,                         # single letters everywhere (layer 2)
    "A." * 500_000,
    "a1" * 500_000,
    "a\u200d" * 100_000,
], ids=lambda t: f"{t[:4]!r}x{len(t)}")
def test_bounded_time_no_exception(text):
    t0 = time.perf_counter()
    norm = normalize(text)
    obfuscation_runs(norm)
    norm.summary()
    assert time.perf_counter() - t0 < BUDGET


def test_surrogates_and_nul_survive():
    text = "x\ud800 appr0ved \x00"
    norm = normalize(text)
    assert norm.text == "x\ud800 approved \x00"


def test_zero_width_only_text():
    norm = normalize("\u200b\u2060\ufeff")
    assert norm.text == "" and obfuscation_runs(norm) == []
    assert norm.to_original(0, 0) == (3, 3)


@pytest.mark.parametrize("regex", [
    layer1._NONLATIN_WORD, layer1._GREEK_SCI, layer1._LOOKALIKE_RUN, layer2._ACCENTED,
    layer2._LETTERISH, special._MARK_RUN, special._INVIS_RUN, layer1._FAST.nonlatin_word,
    layer1._FAST.greek_sci, layer1._FAST.lookalike_run,
])
def test_python_regexes_are_linear(regex):
    """The few Python ``re`` patterns use character classes and possessive quantifiers only;
    doubling adversarial input must not more than roughly double the time."""
    samples = ["\u0430" * 20000 + "b", "\u0430\u0301" * 10000 + "x", "\u03b1A" * 10000,
               "\u00e9" * 20000 + "!", "\u0301" * 20000, "\u200b" * 20000]
    for s in samples:
        t1 = _time(regex, s)
        t2 = _time(regex, s * 4)
        assert t2 < 12 * t1 + 0.05, (regex.pattern[:40], s[:3])


def _time(regex, s):
    t0 = time.perf_counter()
    for m in regex.finditer(s):  # noqa: B007
        pass
    return time.perf_counter() - t0


def test_layer2_uses_re2():
    assert not isinstance(layer2._CANDIDATES, re.Pattern)
