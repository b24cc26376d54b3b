"""One claim, in plain, negated, asked, hypothetical, attributed-then-refuted and regulator
forms: only the plain form is a finding; the others are dismissed with their reason."""

import pytest

from regenwatch.api import CheckOptions, check

from .lang.context_forms import assert_context_form

OFFER = " Book your consultation today: (555) 555-0100."

CASES = [
    # (text, category, expected finding?, expected dismissal reason prefix)
    ("Our exosome therapy is FDA approved.", "approval-claim", True, None),
    ("Our exosome therapy is not FDA approved.", "approval-claim", False, None),
    ("Is exosome therapy FDA approved?", "approval-claim", False, "asked"),
    ("If exosome therapy were FDA approved, insurers would pay.", "approval-claim", False,
     "hypothetical"),
    ("Clinics claim exosomes are FDA approved; there is no evidence.", "approval-claim", False,
     "attributed"),
    ("The FDA warns that no exosome product is FDA approved.", "approval-claim", False, None),
    ("Our exosome IV drip treats Parkinson's disease.", "disease-claim", True, None),
    ("Exosomes do not treat Parkinson's disease.", "disease-claim", False, "negated"),
    ("Can exosomes treat Parkinson's disease?", "disease-claim", False, "asked"),
    ("Clinics claim exosomes cure Alzheimer's; there is no evidence.", "disease-claim", False,
     "attributed"),
    ("There is no evidence that stem cells cure autism.", "disease-claim", False, None),
    ("Our stem cell infusion is 100% safe.", "safety-claim", True, None),
    ("Our stem cell infusion is not 100% safe.", "safety-claim", False, "negated"),
    ("We give stem cells intrathecally for MS.", "risky-route", True, None),
    ("Our stem cells are never given intrathecally.", "risky-route", False, "negated"),
    # the seller's own "sold as" is its claim; a third party's is attributed
    ("Because our exosomes are sold as reagents, they sit outside FDA drug rules.",
     "exemption-claim", True, None),
    ("Such exosomes are sold as reagents that sit outside FDA drug rules; they do not.",
     "exemption-claim", False, "attributed"),
    # a reason the seller gives is its own claim
    ("Because they are sold as research reagents, these exosomes are not regulated by the FDA "
     "as drugs.", "exemption-claim", True, None),
]


@pytest.mark.parametrize("text,category,expected,reason", CASES)
def test_context_forms(text, category, expected, reason):
    assert_context_form(CheckOptions(), text + OFFER, category, expected, reason)


def test_disclaimer_does_not_cancel_a_claim():
    report = check("Our exosome drip cures long COVID. Results vary; not evaluated by the FDA."
                   + OFFER)
    assert any(f.category == "disease-claim" for f in report.findings)
    assert any(s.name == "disclaimer" for s in report.signals)
    assert report.verdict == "high"


def test_cautionary_article_is_low():
    text = ("Health officials warned on Tuesday that clinics advertise exosome IV drips as "
            "FDA approved cures for long COVID. \"No exosome product is approved,\" said the "
            "county health officer. Investigators said four patients were hospitalized.")
    report = check(text)
    assert report.verdict == "low"
    assert not [f for f in report.findings if f.category != "obfuscated-text"]


@pytest.mark.parametrize("text", [
    "Our exosome IV drip. Contraindications: active cancer, pregnancy, lupus.",
    "Our exosome IV drip is not suitable if you have cancer or lupus.",
    "Our exosome facial: side effects include redness; tell us if you have eczema.",
])
def test_contraindications_and_risks_are_not_disease_claims(text):
    report = check(text + OFFER)
    assert not [f for f in report.findings if f.category == "disease-claim"], [
        (f.rule, f.quote) for f in report.findings]


@pytest.mark.parametrize("text", [
    "This facial is not suitable if you are pregnant or breastfeeding, have an active skin "
    "infection, a flare of eczema or psoriasis on the face, or keloid scarring.",
    "Hair loss with a medical cause, such as thyroid disease or alopecia areata, needs a "
    "doctor's diagnosis first.",
    "If you have a condition such as acne, rosacea or eczema, please see a board-certified "
    "dermatologist first.",
])
def test_a_condition_named_as_a_reason_not_to_treat_is_no_disease_claim(text):
    """Contraindications and referrals on an honest med-spa page reach further than an "if":
    the diseases they name are reasons not to have the treatment."""
    report = check("Exosome glow facial with microneedling, $349 per session. " + text + OFFER)
    assert not [f for f in report.findings if f.category == "disease-claim"], [
        (f.rule, f.quote) for f in report.findings]
    assert report.verdict == "low"
