"""The generated look-alike data: provenance, licence, shape, and the override layer."""

from __future__ import annotations

import json
import unicodedata
from importlib import resources

from regenwatch.normalize import tables as T

DATA = resources.files("regenwatch.normalize").joinpath("data")


def test_data_carries_version_and_licence():
    raw = json.loads(DATA.joinpath("lookalikes.json").read_text(encoding="utf-8"))
    assert raw["unicode_version_confusables"] == T.UNICODE_VERSION == "15.0"
    assert raw["generated_by"] == "scripts/gen_normalize_data.py"
    assert "Unicode" in raw["licence"] and "license" in raw["licence"].lower()
    notice = DATA.joinpath("NOTICE-unicode.txt").read_text(encoding="utf-8")
    assert "Unicode, Inc." in notice and "CC BY-SA 4.0" in notice
    for name in ("words_en.txt", "accented_words.txt"):
        head = DATA.joinpath(name).read_text(encoding="utf-8").split("\n", 1)[0]
        assert head.startswith("# ") and "CC BY-SA 4.0" in head


def test_every_lookalike_imitates_one_ascii_letter_or_digit():
    assert len(T.LOOKALIKE) > 250
    for c, target in T.LOOKALIKE.items():
        assert len(target) == 1 and target.isascii() and target.isalnum(), (c, target)
        assert not c.isascii()
        assert not unicodedata.name(c, "").startswith("LATIN"), c  # ı, ɑ: real letters


def test_seed_letters_and_case():
    for cyr, lat in zip("аеіосуАСОЕІВНКМРТХ", "aeiocyACOEIBHKMPTX", strict=True):
        assert T.LOOKALIKE[cyr] == lat, cyr
    assert T.LOOKALIKE["\u0406"] == "I"  # override: І reads as I, not l
    assert T.LOOKALIKE["\u0399"] == "I"  # Greek capital iota
    assert T.LOOKALIKE["\u03b1"] == "a" and T.LOOKALIKE["\u03bf"] == "o"
    assert "\u043f" not in T.LOOKALIKE and "\u03ba" not in T.LOOKALIKE  # п, κ: no single letter


def test_compat_only_where_result_is_ascii_alnum():
    for c, rep in T.COMPAT.items():
        assert rep.isascii() and rep.isalnum(), (c, rep)
    for keep in "µ™½²³¹ªº㎏ℹĳ":
        assert keep not in T.COMPAT, keep
    assert T.COMPAT["\uff21"] == "A" and T.COMPAT["\ufb01"] == "fi" and T.COMPAT["\u2161"] == "II"
    assert T.COMPAT["\u1d00"] == "a"  # small capital, known by name


def test_word_lists_load():
    assert "approved" in T.english_words() and "the" in T.english_words()
    assert "está" in T.accented_words() and "légal" in T.accented_words()
