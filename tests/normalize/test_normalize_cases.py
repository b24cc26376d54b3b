"""Adversarial case files: positives recovered, negatives untouched, every kind covered."""

from __future__ import annotations

import pytest

from regenwatch.normalize import KINDS, normalize, obfuscation_runs

from ._cases import load_cases

SYNTHETIC = load_cases("synthetic.json")
WILD = load_cases("in_the_wild.json")
NEGATIVE = load_cases("negative.json")
KNOWN = load_cases("known_failures.json")
POSITIVE = SYNTHETIC + WILD


def test_case_counts():
    adversarial = len(SYNTHETIC) + len(NEGATIVE)
    assert adversarial >= 60
    assert abs(len(SYNTHETIC) - len(NEGATIVE)) <= adversarial // 5  # about half and half
    assert len(WILD) >= 30


@pytest.mark.parametrize("case", POSITIVE, ids=[c["id"] for c in POSITIVE])
def test_positive_recovered(case):
    norm = normalize(case["input"])
    assert norm.text == case["expect"]
    kinds = {c.kind for c in norm.changes}
    assert set(case["kinds"]) <= kinds, kinds
    assert bool(obfuscation_runs(norm)) == case["run"]


@pytest.mark.parametrize("case", NEGATIVE, ids=[c["id"] for c in NEGATIVE])
def test_negative_unchanged(case):
    norm = normalize(case["input"])
    assert norm.text == case["input"]
    assert norm.changes == ()
    assert obfuscation_runs(norm) == []
    assert norm.to_original(0, len(norm.text)) == (0, len(case["input"]))


def test_every_kind_covered():
    seen = set()
    for case in SYNTHETIC:
        seen.update(case["kinds"])
    assert seen == set(KINDS)


@pytest.mark.parametrize("case", POSITIVE + NEGATIVE, ids=[c["id"] for c in POSITIVE + NEGATIVE])
def test_idempotent(case):
    once = normalize(case["input"]).text
    assert normalize(once).text == once


@pytest.mark.parametrize("case", KNOWN, ids=[c["id"] for c in KNOWN])
@pytest.mark.xfail(strict=True, reason="known failure, documented in known_failures.json")
def test_known_failures(case):
    assert normalize(case["input"]).text == case["expect"]


@pytest.mark.parametrize("case", POSITIVE, ids=[c["id"] for c in POSITIVE])
def test_changes_replay_to_output(case):
    """Applying the reported changes to the original gives exactly the analysis text."""
    norm = normalize(case["input"])
    parts, pos = [], 0
    for c in norm.changes:
        assert c.start >= pos and case["input"][c.start:c.end] == c.original
        parts.append(case["input"][pos:c.start])
        parts.append(c.replacement)
        pos = c.end
    parts.append(case["input"][pos:])
    assert "".join(parts) == norm.text
