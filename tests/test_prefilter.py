"""Prefilter: forms it must catch, words it must not, recall on the dev corpus, decoy rate."""

from __future__ import annotations

import collections
import json
import sys
import zlib
from pathlib import Path

import pytest

from regenwatch.prefilter import Prefilter, anchor_terms

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import synthpages  # noqa: E402

ENGINES = ["re2"]
try:
    import hyperscan  # noqa: F401

    ENGINES.insert(0, "hyperscan")
except ImportError:  # pragma: no cover - portable fallback only
    pass


@pytest.fixture(scope="module", params=ENGINES)
def pf(request):
    return Prefilter(request.param)


MUST_PASS = [
    b"<p>Exosome therapy</p>",
    b"stem cells", b"STEM CELLS", b"Stem-Cell", b"#stemcells",
    b"stem&nbsp;cell", b"stem&#160;cell", b"stem\xc2\xa0cell", b"stem\xa0cell",
    b"stem <b>cell</b>", b"stem</span> <span class='x'>cells", b"stem\n   cell",
    b"Wharton's jelly", b"Wharton&rsquo;s jelly", b"Wharton\xe2\x80\x99s jelly",
    b"whartons jelly",
    b"mesenchymal", b"secretome", b"SVF", b"BMAC", b"MSC", b"MSCs",
    "células madre".encode(), "células madre".encode("cp1252"), b"c&eacute;lulas madre",
    b"c&#233;lulas madre", b"celulas madre", "células-tronco".encode(),
    b"exosomas", b"Exosomen", b"Stammzelltherapie", b"ROSENSTAMMZELLEN",
    b"Regenerativmedizin", b"cellules souches",
    # look-alikes: a Cyrillic letter inside a Latin word
    "stеm сеll".encode(), "ехоsоmе".encode() + b" x", "Crеstvіеw".encode(),
    b"st&#1077;m cell",
    # zero-width split, soft hyphen
    "exo\u200bsome".encode(), b"exo&#8203;some", b"me&shy;sen&shy;chy&shy;mal",
    "mes\u00adenchymal".encode(),
    # not ASCII-compatible: always passes
    "nothing relevant".encode("utf-16"), "nothing".encode("utf-16-le"),
]

MUST_FAIL = [
    b"", b"<p>Nothing here</p>", b"stemware", b"systemic", b"the stem of a rose",
    b"cell phone", b"MSc in physics", b"msc shipping", b"exotic", b"exodus",
    b"placebo", b"physical therapy", b"regenerates", b"FDA approved drug",
    "Gar\u00adten".encode(),  # soft hyphen in an unrelated German word
    "Москва".encode(),  # Cyrillic, but no Latin letter next to it
]


@pytest.mark.parametrize("raw", MUST_PASS)
def test_passes(pf, raw):
    assert pf.passes(raw)


@pytest.mark.parametrize("raw", MUST_FAIL)
def test_fails(pf, raw):
    assert not pf.passes(raw)


def test_declared_utf16_charset_passes(pf):
    assert pf.passes(b"anything", charset="utf-16")


def test_anchor_terms_cover_lexicon_and_other_languages():
    terms = anchor_terms()
    for t in ("exosome", "stem cell", "wharton's jelly", "svf", "bmac", "células madre",
              "*stammzell*", "exosom*"):
        assert t in terms


def test_near_misses_fail_and_ambiguous_anchors_are_known(pf):
    for i, phrase in enumerate(synthpages.NEAR_MISSES):
        assert not pf.passes(synthpages.near_miss_page(phrase, i)), phrase
    for i, phrase in enumerate(synthpages.AMBIGUOUS):
        # words that ARE anchors pass by design; listed so the cost is visible
        assert pf.passes(synthpages.near_miss_page(phrase, i)), phrase


def _corpus():
    for candidate in (Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev.jsonl",
                      Path("/work/shared/corpus/dev.jsonl")):
        if candidate.exists():
            return [json.loads(x) for x in candidate.read_text(encoding="utf-8").splitlines()]
    pytest.skip("dev corpus (../shared/corpus/dev.jsonl) not present")


def test_recall_on_dev_corpus_every_layout(pf):
    docs = [d for d in _corpus() if d["verdict"] in ("elevated", "high")]
    assert docs
    missed = []
    for d in docs:
        for layout in synthpages.LAYOUTS:
            page = synthpages.render(d["text"], layout, seed=zlib.crc32(d["id"].encode()))
            if not pf.passes(page):
                missed.append((d["id"], layout))
    print(f"\nprefilter recall: {len(docs) * len(synthpages.LAYOUTS) - len(missed)}"
          f"/{len(docs) * len(synthpages.LAYOUTS)} (elevated+high x {len(synthpages.LAYOUTS)}"
          " layouts)")
    assert missed == []


def test_pass_rate_on_unrelated_pages(pf):
    n = 1000
    passed = collections.Counter()
    for seed in range(n):
        topic, page = synthpages.decoy(seed, size=8000)
        passed[topic] += pf.passes(page)
    rate = sum(passed.values()) / n
    print(f"\nprefilter pass rate on {n} unrelated pages: {rate:.1%} {dict(passed)}")
    assert rate <= 0.05


@pytest.mark.slow
def test_recall_on_what_the_full_pipeline_flags():
    """decisions.md: the prefilter passes every document the full pipeline judges
    elevated or high, in every layout (not only the gold labels)."""
    api = pytest.importorskip("regenwatch.api")
    from regenwatch.model import Document

    pf = Prefilter()
    flagged = [d for d in _corpus()
               if api.check(Document(id=d["id"], source="-", text=d["text"])).verdict
               in ("elevated", "high")]
    missed = [(d["id"], layout) for d in flagged for layout in synthpages.LAYOUTS
              if not pf.passes(synthpages.render(d["text"], layout,
                                                 seed=zlib.crc32(d["id"].encode())))]
    assert flagged and missed == []
