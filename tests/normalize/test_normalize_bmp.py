"""Layer 1's fast scans (BMP-only classes over ``bmp.view``) find exactly what the full classes
find over the text itself, characters beyond U+FFFF included."""

from __future__ import annotations

import random

from regenwatch.lexicon import claim_vocabulary
from regenwatch.normalize import bmp, layer1
from regenwatch.normalize import tables as T

_ASTRAL_SAMPLES = (
    [c for c in T.LOOKALIKE if ord(c) > 0xFFFF]
    + [c for c in T.COMPAT if ord(c) > 0xFFFF][:200]
    + [c for c in T.INVISIBLE_ALWAYS | T.INVISIBLE_BETWEEN_LATIN if ord(c) > 0xFFFF][:50]
    + list("\U0001f499\U0001f600\U00020000\U00010330\U0001d7ce\U000e0041\U000e0100\U0010ffff")
)


def test_every_sampled_astral_character_has_a_stand_in_in_the_same_classes():
    for c in _ASTRAL_SAMPLES:
        s = bmp.stand_in(c)
        assert s is not None and ord(s) <= 0xFFFF, hex(ord(c))
        assert bmp._classes(s) == bmp._classes(c), hex(ord(c))


def test_view_keeps_positions_and_bmp_text():
    text = "ok \U0001f499 h\u0435llo \U0001d41a\U0001d41b"
    view = bmp.view(text)
    assert len(view) == len(text) and all(ord(c) <= 0xFFFF for c in view)
    assert bmp.view("plain \u0435 text") == "plain \u0435 text"


def _pieces():
    return ["appr", "oved", "\u0430", "\u0435", "\u043e", "\u0440", "\u0441", "\u0445",
            "\u0410\u0412", "\u03b1", "\u03b2", "SMA", "TNF", "2", " ", " ", "  ", "\n", "-",
            ".", "\u00e9", "\u0301", "\u200b", "_", "\u041f\u0440\u0438\u0432\u0435\u0442",
            "exosome", "cure", "a", "is"] + _ASTRAL_SAMPLES[:40] + ["\U0001f499", "\U0001d41a"]


def test_fast_scans_equal_full_scans_on_mixed_text():
    rng = random.Random(3)
    vocab = claim_vocabulary()
    pieces = _pieces()
    for _ in range(1500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        sv = layer1.scan_view(text)
        full = (text, layer1._FULL)
        assert layer1.lookalike_runs(sv) == layer1.lookalike_runs(full), text
        assert layer1.lookalike_decisions(text, vocab, sv) == \
            layer1.lookalike_decisions(text, vocab, full), text
        long = text + " padding" * 200  # few runs in a long text: translated run by run
        for t in (text, long):
            runs = layer1.lookalike_runs(layer1.scan_view(t))
            assert layer1.map_lookalikes(t, runs) == t.translate(T.LOOKALIKE_TRANS)


def test_nonlatin_word_equals_its_plain_form():
    """The scan opens with a cheap class for speed; it matches what the plain pattern does."""
    import re

    w, x = T.WORD_CLASS, f"{T.LATIN_CLASS}{T.COMPAT_LETTERS_CLASS}_"
    plain = re.compile(f"(?<![{w}])(?:(?![{x}])[{w}])++(?![{w}])")
    rng = random.Random(11)
    pieces = list("ab09_ /:.\x7f\x80\u00e9\u0301\u200b\u00ad\u0430\u0435\u03b1\u4e00\uff21") + [
        "\U0001d41a", "\U0001f499", "\U000e0041", "\ud800", "\n", "  "]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 15)))
        want = [m.span() for m in plain.finditer(text)]
        assert [m.span() for m in layer1._FULL.nonlatin_word.finditer(text)] == want, text
        assert [m.span() for m in layer1._FAST.nonlatin_word.finditer(bmp.view(text))] == want
