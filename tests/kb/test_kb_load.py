"""The packaged knowledge base loads, validates, and every record can be cited."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from regenwatch import kb
from regenwatch.model import CATEGORIES

ISO = re.compile(r"^~?\d{4}(-\d{2}(-\d{2})?)?$")
TAXONOMY = Path(__file__).resolve().parents[3] / "shared" / "design" / "taxonomy.md"

# Ids the facts sheet defines and other modules (rule packs, explanations) refer to.
SHEET_IDS = """
us-drug-definition us-biologic-definition us-bla us-new-drug us-misbranded-held us-hctp
us-exosome-not-hctp us-361-criteria us-361-registration us-registration-misuse us-homologous
us-same-surgical us-enforcement-end us-ind us-ind-not-license us-research-use us-channels us-ftc
us-no-exosome-approved us-no-exosome-approved-latest us-only-stem-cell-approved
us-not-approved-conditions us-pay-outside-trial us-stem-cell-clinics-deceive
eu-atmp eu-cat eu-hospital-exemption eu-cell-therapy-warning eu-ev-medicine eu-cosmetics-human
uk-medicines uk-cosmetics-human uk-no-exosome-licence ca-cell-drugs ca-advertising au-hct
jp-asrm jp-pmd jp-exosome-gap kr-arm-act kr-cosmetic-ads kr-cosmetic-human tw-cosmetic-exosome
mx-cofepris platform-google harm-nebraska harm-cordblood-2018 harm-eyes harm-exosome-skin
harm-japan-exosome harm-spinal harm-kimera-sterility
""".split()


@pytest.fixture(scope="module")
def base() -> kb.KnowledgeBase:
    return kb.load()


def test_loads_and_is_cached(base):
    assert kb.load() is base
    assert base.counts()["facts"] >= len(SHEET_IDS)


def test_sheet_ids_present(base):
    missing = [i for i in SHEET_IDS if i not in base.facts]
    assert not missing


def test_every_fact_has_source_date_status(base):
    for f in base.facts.values():
        assert f.statement and f.source, f.id
        assert ISO.match(f.source_date), f.id
        assert f.status in ("confirmed", "unconfirmed"), f.id
        assert f.review_date == "2027-05-25", f.id
        if f.status == "unconfirmed":
            assert f.status_note, f.id
        if f.source_url:
            assert f.source_url.startswith("https://"), f.id


def test_unconfirmed_facts_exist_and_are_the_expected_ones(base):
    unconfirmed = {f.id for f in base.facts.values() if not f.confirmed}
    assert {"harm-japan-exosome", "uk-no-exosome-licence", "evasion-intent"} <= unconfirmed


def test_warning_letters_and_not_violations_have_ids(base):
    assert len([i for i in base.facts if i.startswith("wl-")]) >= 8
    assert len([i for i in base.facts if i.startswith("nv-")]) >= 6


def test_products_complete(base):
    ids = {p.id for p in base.products}
    assert {"hemacord", "hpc-cord-blood", "ryoncil", "maci", "lantidra", "kymriah",
            "omisirge", "waskyra", "prochymal", "alofisel", "holoclar"} <= ids
    for p in base.products:
        assert p.indications and p.aliases, p.id
        assert ISO.match(p.approval_date), p.id
        assert all(t == t.lower() for t in (*p.indications, *p.aliases)), p.id
        assert p.status in ("confirmed", "unconfirmed"), p.id
    assert base.product("alofisel").withdrawn == "2024-12-13"


def test_every_taxonomy_category_has_an_entry(base):
    for cat in CATEGORIES:
        info = base.category(cat)
        assert info.patient and info.why and info.basis, cat
        assert not base.missing(list(info.basis)), cat
    if TAXONOMY.exists():
        table = TAXONOMY.read_text(encoding="utf-8").split("## Finding categories")[1]
        table = table.split("##")[0]
        named = set(re.findall(r"^\| `([a-z-]+)` \|", table, flags=re.M))
        assert named == set(CATEGORIES)


def test_category_default_basis(base):
    expected = {
        "approval-claim": {"us-no-exosome-approved", "us-only-stem-cell-approved", "us-bla",
                           "eu-ev-medicine"},
        "registration-as-approval": {"us-361-registration", "us-registration-misuse"},
        "exemption-claim": {"us-exosome-not-hctp", "us-361-criteria", "us-same-surgical"},
        "disease-claim": {"us-drug-definition", "us-not-approved-conditions",
                          "us-stem-cell-clinics-deceive"},
        "cure-guarantee": {"us-ftc"},
        "safety-claim": {"harm-nebraska", "harm-cordblood-2018", "us-ftc"},
        "risky-route": {"harm-eyes", "harm-spinal", "harm-nebraska"},
        "pay-to-participate": {"us-pay-outside-trial", "us-registration-misuse",
                               "us-ind-not-license"},
        "testimonial": {"us-channels", "us-ftc"},
        "obfuscated-text": {"evasion-intent", "us-channels"},
    }
    for cat, ids in expected.items():
        assert set(base.category(cat).basis) == ids, cat
    assert not base.fact("evasion-intent").confirmed


def test_patient_questions(base):
    qs = base.questions("en")
    assert len(qs) >= 6
    for q in qs:
        assert q.text and q.source and ISO.match(q.source_date), q.id
    # No Spanish file yet: English is returned rather than nothing.
    assert [q.id for q in base.questions("es")] == [q.id for q in qs]


def test_unknown_ids_raise(base):
    with pytest.raises(kb.KBError, match="unknown"):
        base.fact("no-such-fact")
    with pytest.raises(kb.KBError, match="unknown category"):
        base.category("no-such-category")
    assert base.missing(["us-bla", "nope"]) == ["nope"]


def test_first_source_matches_source_date(base):
    """Report lines name the first source with `source_date`, so the two must belong together."""
    dated = re.compile(r"\((\d{4}(?:-\d{2}){0,2})\)")
    for f in base.facts.values():
        first = f.source.split(";")[0]
        found = dated.findall(first)
        if found:
            assert f.source_date in found, (f.id, first, f.source_date)
