"""The dev corpus: seed word recovery, and obfuscation runs against the gold spans."""

from __future__ import annotations

import pytest

from regenwatch.normalize import normalize, obfuscation_runs

from ._cases import corpus_docs

DOCS = corpus_docs()
pytestmark = pytest.mark.skipif(DOCS is None, reason="../shared/corpus/dev.jsonl not present")

# The six Cyrillic letters of the seed and the capitals of the other documents, mapped to the
# Latin letter a reader sees (written out here, independent of the generated table).
READER = {
    "\u0430": "a", "\u0435": "e", "\u0456": "i", "\u043e": "o", "\u0441": "c", "\u0443": "y",
    "\u0410": "A", "\u0421": "C", "\u041e": "O", "\u0415": "E", "\u0406": "I",
}


def _obfuscated_ids():
    return {d["id"] for d in DOCS or () if "obfuscated-text" in d["categories"]}


def test_seed_every_token_recovered():
    seed = next(d for d in DOCS if d["id"] == "dev-seed")["text"]
    want = ["".join(READER.get(c, c) for c in tok) for tok in seed.split()]
    got = normalize(seed).text.split()
    assert len(got) == len(want)
    wrong = [(w, g) for w, g in zip(want, got, strict=True) if w != g]
    assert wrong == []
    assert sum(c in READER for c in seed) == 807


def test_every_gold_obfuscation_span_overlaps_a_run():
    missed = []
    total = 0
    for d in DOCS:
        gold = [s["quote"] for s in d["spans"] if s["category"] == "obfuscated-text"]
        if not gold:
            continue
        runs = obfuscation_runs(normalize(d["text"]))
        for q in gold:
            total += 1
            i = d["text"].find(q)
            if not any(s < i + len(q) and i < e for s, e, _n, _k in runs):
                missed.append((d["id"], q))
    assert total >= 40
    assert missed == []


def test_no_run_in_clean_documents():
    clean = [d for d in DOCS if d["id"] not in _obfuscated_ids()]
    assert len(clean) == len(DOCS) - 16
    flagged = {d["id"]: obfuscation_runs(normalize(d["text"])) for d in clean}
    assert {k: v for k, v in flagged.items() if v} == {}


def test_clean_documents_keep_their_text():
    """Accents, emoji, dashes and ASCII claims of the clean documents come back unchanged."""
    changed = [d["id"] for d in DOCS if d["id"] not in _obfuscated_ids()
               and normalize(d["text"]).text != d["text"]]
    assert changed == []


def test_runs_quote_the_original():
    for d in DOCS:
        if d["id"] in _obfuscated_ids():
            norm = normalize(d["text"])
            for s, e, n, kinds in obfuscation_runs(norm):
                assert 0 <= s < e <= len(d["text"])
                assert n == sum(kinds.values()) and n >= 1
