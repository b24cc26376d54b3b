"""Inputs that once broke a normaliser property, kept so they stay fixed."""

import pytest

from regenwatch.normalize import normalize


@pytest.mark.parametrize("text", [
    "cure$\u0301",  # a mark on a swapped symbol used to land on the new letter ("cureś")
])
def test_normalising_twice_equals_once(text):
    once = normalize(text).text
    assert normalize(once).text == once


@pytest.mark.parametrize(("text", "folded"), [
    ("n0 side effects", "no side effects"),  # two letters, judged by the claim word after
    ("1OO% s4fe", "100% safe"),  # letter O for zero before a percent sign
    ("z3r0 efeitos colaterais", "zero efeitos colaterais"),
    ("s3m efeitos c0laterais", "sem efeitos colaterais"),
    ("my MS is in rem1ss1on now", "my MS is in remission now"),
    ("s-i-n r-e-c-h-a-z-o", "sin rechazo"),
])
def test_digit_swaps_in_safety_and_outcome_words_are_undone(text, folded):
    assert normalize(text).text == folded


@pytest.mark.parametrize("text", [
    "Staged T2 N0 M0 at diagnosis.",  # a tumour stage is not "no"
    "Room 1O2 is on the left.",  # no percent sign: not a number in disguise
])
def test_codes_that_look_like_swaps_stay(text):
    assert normalize(text).text == text
