"""2,540 documents written for this project by sixty-two writers who saw only the taxonomy
(not the development corpus, not the rules): the generalisation check. Writers A, B, E, F,
G, I, J, K, M, N, P, R, U, W, Y, AA, AC, AG, AI and AM wrote mixed pages, C, H, L, O, Q, S,
V, X, AD, AF, AH, AJ and AN mostly Spanish, German and Portuguese ones, T German and
unusual English genres, Z four languages across every genre, D, AB, AE and AK English
hard cases, AL Spanish, Portuguese and German hard cases, AO English claims in indirect
wording, AP Spanish and Portuguese close calls, AQ German, AR informal English posts, AS
English niche clinics, AT Spanish, AU Portuguese, AV English journalism and pages that
imitate it, AW and AX a crawl's pages in English and in Spanish, Portuguese and German, AY
English testimonials, AZ hedged and unhedged twins, BA long English pages, BB Spanish,
Portuguese and German testimonials, BC and BD every genre in English and in Spanish,
Portuguese and German, BI and BJ every genre in four languages, BJ the hard middle, BK
English pages where regenerative products sit beside ordinary services, BL Spanish,
Portuguese and German in every genre, BM English from many markets in indirect wording,
BN the hardest close calls in four languages.
Scored as score.py scores the development corpus; thresholds sit a little under what the
engine reaches. Most sets were corrected on after they were scored, so they are no longer
unseen (writer L's was not): new writers are the next honest check."""

import json
from collections import Counter
from pathlib import Path

import pytest

from regenwatch.api import check
from regenwatch.model import Document

FIXTURES = Path(__file__).parent / "fixtures" / "independent.jsonl"
ROWS = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines()
        if line.strip()]


@pytest.fixture(scope="module")
def predictions():
    return {r["id"]: check(Document(id=r["id"], source="fixture", text=r["text"]))
            for r in ROWS}


def test_the_fixture_is_what_it_says():
    assert len(ROWS) == 2540
    assert Counter(r["lang"] for r in ROWS) == {'en': 1464, 'es': 414, 'de': 322, 'pt': 340}


def test_verdicts(predictions):
    right = sum(predictions[r["id"]].verdict == r["verdict"] for r in ROWS)
    lows = [r["id"] for r in ROWS if r["verdict"] == "low"]
    low_high = [i for i in lows if predictions[i].verdict == "high"]
    assert right / len(ROWS) >= 0.97, right
    # the severe error: at most one low document in 500 judged high (today none)
    assert len(low_high) <= len(lows) // 500, low_high


def test_categories(predictions):
    tp = fp = fn = 0
    for r in ROWS:
        found = {f.category for f in predictions[r["id"]].findings}
        gold = set(r["categories"])
        tp, fp, fn = tp + len(found & gold), fp + len(found - gold), fn + len(gold - found)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.97, (tp, fp)
    assert recall >= 0.94, (tp, fn)
