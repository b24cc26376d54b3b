"""The development corpus score as a regression floor (a little under the current figures).

Targets for English (issue 2): verdict accuracy >= 0.90, category micro-F1 >= 0.85, span
recall >= 0.85, no low document judged high; Spanish has the same targets (issue 8). German
and Portuguese have too few documents for targets; their floors guard the packs. The floors
rise as the detector improves.
"""

import importlib.util
import json

import pytest

from regenwatch.api import check
from regenwatch.model import Document

from .conftest import SHARED

FLOORS = {
    # English (issue 2): measured 0.98 / 0.979 / 0.959, no low document judged high
    "en": {"verdict_accuracy": 0.95, "category_micro_f1": 0.95, "span_recall": 0.92},
    # Spanish (issue 8): measured 1.0 / 1.0 / 0.94 on the 16 Spanish documents
    "es": {"verdict_accuracy": 0.93, "category_micro_f1": 0.92, "span_recall": 0.88},
    # German and Portuguese packs: measured 1.0 / 1.0 / 1.0 on the 4 German documents (one
    # document is a quarter of the score) and a correct verdict on the one Portuguese
    # document, which has no categories to score
    "de": {"verdict_accuracy": 0.75, "category_micro_f1": 0.85, "span_recall": 0.75},
    "pt": {"verdict_accuracy": 1.0},
}


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "corpus" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("lang", sorted(FLOORS))
def test_dev_corpus_floor(dev_docs, lang):
    gold = [d for d in dev_docs if d["lang"] == lang]
    preds = [json.loads(json.dumps(check(Document(id=d["id"], source=d["id"],
                                                  text=d["text"])).to_json(False)))
             for d in gold]
    res = _scorer().score(gold, preds)
    for key, floor in FLOORS[lang].items():
        assert res[key] >= floor, (key, res[key], res)
    low, n_low = res["low_flagged_high"].split("/")
    assert low == "0", f"{low} of {n_low} low documents judged high"


def test_seed_article_is_low_with_obfuscation(dev_docs):
    seed = next(d for d in dev_docs if d["id"] == "dev-seed")
    report = check(Document(id="dev-seed", source="dev-seed", text=seed["text"]))
    assert report.verdict == "low"
    cats = {f.category for f in report.findings}
    assert cats == {"obfuscated-text"}, cats
