"""Property tests: offsets, replay, idempotence, ASCII identity, no exceptions."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regenwatch.normalize import normalize, obfuscation_runs

# Text built from the pieces that trigger every rule, plus arbitrary code points.
PIECES = st.sampled_from([
    "a", "p", "r", "o", "v", "e", "d", "F", "D", "A", " ", ".", "-", "0", "3", "@", "$", "!",
    "\u0430", "\u0435", "\u043e", "\u0456", "\u0410", "\u041f", "\u0434", "\u03b1", "\u03b2",
    "\u0391", "\u200b", "\u200d", "\u00ad", "\ufeff", "\u2060", "\ufe0f", "\U000e0041",
    "\uff21", "\ufb01", "\u2161", "\u0301", "\u0337", "\u00e9", "\u00f3", "\u4e00", "\n",
    "approved", "safe", "cure", "FDA", "exosome", "\U0001f468", "\ud800", "\x00", "\u00b5",
])
TEXT = st.one_of(
    st.lists(PIECES, max_size=40).map("".join),
    st.text(max_size=60),
    st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=60),
)
# REGENWATCH_HYPOTHESIS_EXAMPLES raises the count for a long local run.
SETTINGS = settings(
    max_examples=int(os.environ.get("REGENWATCH_HYPOTHESIS_EXAMPLES", "400")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _replay(original: str, changes, start: int, end: int) -> str:
    """Apply the changes inside [start, end); one-for-one changes may be cut by the span."""
    parts, pos = [], start
    for c in changes:
        one_for_one = len(c.original) == len(c.replacement)
        if c.end <= start or c.start >= end:
            continue
        if c.start < start or c.end > end:
            assert one_for_one, "to_original cut a change that is not one-for-one"
            a, b = max(c.start, start), min(c.end, end)
            parts.append(original[pos:a])
            parts.append(c.replacement[a - c.start:b - c.start])
            pos = b
            continue
        parts.append(original[pos:c.start])
        parts.append(c.replacement)
        pos = c.end
    parts.append(original[pos:end])
    return "".join(parts)


@SETTINGS
@given(TEXT)
def test_replaying_changes_gives_the_output(text):
    norm = normalize(text)
    assert _replay(text, norm.changes, 0, len(text)) == norm.text
    prev = 0
    for c in norm.changes:
        assert prev <= c.start <= c.end <= len(text)
        assert text[c.start:c.end] == c.original
        prev = c.end


@SETTINGS
@given(TEXT, st.data())
def test_spans_map_back_to_the_exact_original(text, data):
    norm = normalize(text)
    n = len(norm.text)
    a = data.draw(st.integers(0, n))
    b = data.draw(st.integers(a, n))
    os_, oe = norm.to_original(a, b)
    assert 0 <= os_ <= oe <= len(text)
    # The original span, normalised by the changes inside it, contains the analysis span;
    # it equals it when the span does not cut a multi-letter replacement (ligature).
    replay = _replay(text, norm.changes, os_, oe)
    assert norm.text[a:b] in replay
    if not any(len(c.replacement) > 1 and len(c.original) != len(c.replacement)
               for c in norm.changes):
        assert replay == norm.text[a:b]


@SETTINGS
@given(TEXT)
def test_offsets_monotonic_and_inside(text):
    norm = normalize(text)
    last = 0
    for p in range(len(norm.text) + 1):
        s, _e = norm.to_original(p, p)
        assert 0 <= s <= len(text)
        assert s >= last
        last = s
    for p in range(len(norm.text)):
        s, e = norm.to_original(p, p + 1)
        assert s < e


@SETTINGS
@given(TEXT)
def test_idempotent(text):
    once = normalize(text).text
    assert normalize(once).text == once


@SETTINGS
@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=80))
def test_ascii_without_layer2_is_identity(text):
    norm = normalize(text)
    if not norm.changes:
        assert norm.text == text
        assert norm.to_original(0, len(text)) == (0, len(text))
        assert norm.to_original(1, 3) == (1, 3)


@SETTINGS
@given(st.text(alphabet=st.characters(max_codepoint=0x7F).filter(str.isalpha), max_size=80))
def test_ascii_letters_only_is_identity(text):
    norm = normalize(text)
    assert norm.text == text and norm.changes == ()


@SETTINGS
@given(TEXT)
def test_no_input_raises_and_runs_are_sane(text):
    norm = normalize(text)
    for s, e, n, kinds in obfuscation_runs(norm):
        assert 0 <= s < e <= len(text)
        assert n == sum(kinds.values()) >= 1
    norm.summary()
