"""OffsetMap unit tests: identity, deletions, expansions, both directions."""

from __future__ import annotations

import pytest

from regenwatch.normalize import normalize
from regenwatch.normalize.offsets import OffsetMap


def test_identity():
    m = OffsetMap()
    assert m.is_identity and m.to_original(3, 7) == (3, 7) and m.to_analysis(2, 5) == (2, 5)


def test_deletion_and_expansion():
    # original "a\u200bbﬁc" -> analysis "abfic": delete [1,2), expand [3,4) to 2 chars
    m = OffsetMap([(1, 2, 0), (3, 4, 2)])
    assert m.to_original(0, 2) == (0, 3)   # "ab" spans the removed ZWSP
    assert m.to_original(1, 2) == (2, 3)   # "b"
    assert m.to_original(2, 3) == (3, 4)   # "f" -> the whole ligature
    assert m.to_original(2, 4) == (3, 4)
    assert m.to_original(4, 5) == (4, 5)   # "c"
    assert m.to_original(5, 5) == (5, 5)
    assert m.to_analysis(3, 4) == (2, 4)
    assert m.to_analysis(0, 5) == (0, 5)


def test_rejects_unsorted():
    with pytest.raises(ValueError):
        OffsetMap([(3, 4, 0), (1, 2, 0)])


def test_map_quotes_original_of_obfuscated_phrase():
    text = "Our FDА-app\u200broved еxоsоmе IV"
    norm = normalize(text)
    assert norm.text == "Our FDA-approved exosome IV"
    i = norm.text.index("FDA-approved exosome")
    s, e = norm.to_original(i, i + len("FDA-approved exosome"))
    assert text[s:e] == "FDА-app\u200broved еxоsоmе"
    assert norm.to_analysis(s, e) == (i, i + len("FDA-approved exosome"))
