"""Inputs that once broke a normaliser property, kept so they stay fixed."""

import pytest

from regenwatch.normalize import normalize


@pytest.mark.parametrize("text", [
    "cure$\u0301",  # a mark on a swapped symbol used to land on the new letter ("cureś")
])
def test_normalising_twice_equals_once(text):
    once = normalize(text).text
    assert normalize(once).text == once
