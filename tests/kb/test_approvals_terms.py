"""The matcher's regex-free parts give what the regexes they replace gave.

normalise() has a byte-table path for ASCII and a shorter path for other text; _Terms finds
whole-word terms by set lookups and str.find instead of one compiled alternation; the API
decides which sentences name an approved product from one scan of the page. Each is
compared here with the plain implementation on generated input.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections import namedtuple

import pytest

from regenwatch import kb
from regenwatch.api import _approved_product_names, _sentences_naming_approved_product
from regenwatch.kb.approvals import _APOSTROPHES, _GREEK, _NOT_WORD, _runs, _Terms, normalise
from regenwatch.re2scan import spans


def reference_normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().translate(_APOSTROPHES)
    for letter, name in _GREEK.items():
        text = text.replace(letter, f" {name} ")
    text = re.sub(r"n't\b", " not", text)
    text = _NOT_WORD.sub(" ", text)
    return " ".join(text.split())


def reference_pattern(terms, plural: bool) -> re.Pattern[str] | None:
    norm = sorted({reference_normalise(t) for t in terms} - {""}, key=len, reverse=True)
    if not norm:
        return None
    alt = "|".join(re.escape(t) for t in norm)
    suffix = "(?:s|es)?" if plural else ""
    return re.compile(rf"(?<!\w)(?:{alt}){suffix}(?!\w)")


_ODD = ["é", "’", "‘", "ʼ", "`", "β", "α", "ß", "İ", "_", "ﬁ", "Σ", "\u00a0", "\u2028", "\x1c",
        "ǅ", "²", "ſ", "K", "n't", "N'T", "n`t", "don’t", " ", "-", "'"]


@pytest.mark.parametrize("ascii_only", [True, False])
def test_normalise_matches_the_plain_steps(ascii_only):
    rng = random.Random(7)
    pool = [chr(i) for i in range(128)] + ([] if ascii_only else _ODD * 4)
    if ascii_only:
        pool += ["n't", "N'T", "n`t", "_"] * 4
    for _ in range(20_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 16)))
        assert normalise(text) == reference_normalise(text), repr(text)


def _word_lists():
    base = kb.load()
    m = base.matching
    names = [a for p in base.products for a in p.aliases]
    names += [a for v in m["kind_aliases"].values() for a in v]
    inds = [t for p in base.products for t in p.indications]
    return {
        "names": (names, True),
        "indications": (inds, True),
        "unapproved": (list(m["unapproved_uses"]), True),
        "negation": (list(m["negation_cues"]), False),
        "regulators": (list(m["regulators"]), False),
        "odd": (["'s", "a", "ab", "ab cd", "abs", "b'c", "c", "cell", "cells", "es"], True),
    }


@pytest.mark.parametrize("name", ["names", "indications", "unapproved", "negation",
                                  "regulators", "odd"])
def test_terms_match_the_alternation(name):
    terms, plural = _word_lists()[name]
    table = _Terms(terms, plural=plural)
    rx = reference_pattern(terms, plural)
    one = {i: reference_pattern([t], plural) for i, t in enumerate(table.terms)}
    rng = random.Random(name)
    everything = frozenset(range(len(table.terms)))
    third = max(1, len(everything) // 3)
    subsets = [everything, *(frozenset(rng.sample(sorted(everything), k=third)) for _ in "abc")]
    alternations = [reference_pattern([table.terms[i] for i in ids], plural) for ids in subsets]
    filler = ["is", "for", "s", "es", "x", "'", "-", "_", ",", "é", "not", "a", "cell"]
    for _ in range(1500):
        words = [rng.choice(terms) if rng.random() < 0.4 else rng.choice(filler)
                 for _ in range(rng.randint(1, 8))]
        glue = [rng.choice(["", " ", " ", "s", "es", "'", "-"]) for _ in words]
        x = normalise("".join(w + g for w, g in zip(words, glue, strict=True)))
        runs = _runs(x)
        # (a term that is not a substring cannot match, so only the others are searched)
        assert table.found(x, runs) == {i for i, t in enumerate(table.terms)
                                        if t in x and one[i].search(x)}, x
        assert table.search(x, runs) == bool(rx.search(x)), x
        first = rx.search(x)
        assert table.first(x, runs) == (first.start() if first else -1), x
        occ = table.occurrences(x, runs)
        for ids, alternation in zip(subsets, alternations, strict=True):
            assert table.spans(occ, ids) == [m.span() for m in alternation.finditer(x)], x


Sentence = namedtuple("Sentence", "start end")


def test_sentences_naming_a_product_match_searching_each_sentence():
    names = _approved_product_names()
    rng = random.Random(3)
    words = ["CORD Blood", "HemaCord", "KYMRIAH", "Car-T", "cord blood", "hemacord", "car t cell",
             "stem cell transplant", "x", "é", "_", "-", "cord", "blood", "İ", "\n", ". ",
             "cells", "maci", "1", "ſ"]
    for _ in range(1500):
        pool = words if rng.random() < 0.5 else [w for w in words if w.isascii()]
        text = "".join(rng.choice(pool) + rng.choice(["", " ", "-", "\n", "x", "."])
                       for _ in range(rng.randint(1, 30)))
        lower = text.lower()
        if text.isascii():
            hits = list(spans(names, text))
        else:
            hits = [m.span() for m in names.finditer(lower)]
        cuts = sorted(rng.randint(0, len(text) + 2) for _ in range(rng.randint(0, 12)))
        sentences = [Sentence(a, b) for a, b in zip(cuts, cuts[1:], strict=False)]
        expected = [s for s in sentences if names.search(lower[s.start:s.end])]
        assert list(_sentences_naming_approved_product(lower, hits, sentences)) == expected
        # the matches after the last sentence but one may be left out
        stop = max((s.end for s in sentences), default=0)
        kept = [h for h in hits if h[0] < stop] + [h for h in hits if h[0] >= stop][:1]
        assert list(_sentences_naming_approved_product(lower, kept, sentences)) == expected
