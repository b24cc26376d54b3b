"""Every language pack is a full pack: the same codes, names and categories as English, the
document-signal macros the engine counts, and context triggers for every modifier (a pack
with no triggers would judge every quoted or negated claim as made)."""

import pytest

from regenwatch.context import MODIFIER_NAMES, load_context
from regenwatch.rules.registry import load_packs

SIGNAL_MACROS = ("offer_strong", "price", "offer_weak", "seller_voice", "info", "trial",
                 "trial_fee", "ind_number", "nct_number", "disclaimer",
                 "registration_disclaimer", "unapproved_product", "negation_words", "own_words",
                 "first_person", "clause_breaks")
LANGS = sorted(load_packs())


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_pack_mirrors_english_codes(lang):
    packs = load_packs()
    english = {r.code: (r.name, r.category) for r in packs["en"].rules}
    assert {r.code: (r.name, r.category) for r in packs[lang].rules} == english


@pytest.mark.parametrize("lang", LANGS)
def test_pack_defines_the_document_signal_macros(lang):
    missing = [m for m in SIGNAL_MACROS if m not in load_packs()[lang].macros]
    assert not missing, missing


@pytest.mark.parametrize("lang", LANGS)
def test_context_triggers_for_every_modifier(lang):
    ctx = load_context(lang)
    for name in MODIFIER_NAMES:
        ts = ctx.triggers[name]
        assert name == "asked" or ts.forward is not None or ts.backward is not None, name
    assert ctx.question_openers is not None
