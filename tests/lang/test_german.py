"""German (issue 8's "adding a language is adding data"): the same rule codes as English,
German words, German context.

One claim in plain, negated, asked, hypothetical, attributed, refuted and regulator forms
(only the plain form is a finding), whole documents, and language identification.
"""

import json
from pathlib import Path

import pytest

from regenwatch.api import CheckOptions, check
from regenwatch.lang import detect_language

from .context_forms import (
    assert_context_form,
    assert_cue_makes_an_offer,
    assert_offer_is_high,
    assert_refuting_text_is_low,
)

DE = CheckOptions(language="de")
OFFER = " Jetzt Termin vereinbaren: +49 30 5550 0100."

CASES = [
    # (text, category, expected finding?, expected dismissal reason prefix)
    ("Unsere Exosomen-Therapie ist von der FDA zugelassen.", "approval-claim", True, None),
    ("Unsere Exosomen-Therapie ist nicht von der FDA zugelassen.", "approval-claim", False,
     "negated"),
    # "Keine" negates the product itself: no product mention, so no candidate at all
    ("Keine Stammzelltherapie ist vom Paul-Ehrlich-Institut zugelassen.", "approval-claim",
     False, None),
    ("Ist die Exosomen-Therapie von der FDA zugelassen?", "approval-claim", False, "asked"),
    ("Wenn die Exosomen-Therapie von der FDA zugelassen wäre, würde die Kasse zahlen.",
     "approval-claim", False, "hypothetical"),
    ("Manche Kliniken behaupten, Exosomen seien von der FDA zugelassen.", "approval-claim",
     False, "attributed"),
    ("Das PEI warnt: Kein Exosomen-Produkt ist von der Behörde zugelassen.", "approval-claim",
     False, None),
    ("Unsere Exosomen-Infusion behandelt Parkinson.", "disease-claim", True, None),
    ("Exosomen behandeln Parkinson nicht.", "disease-claim", False, "negated"),
    ("Können Exosomen Parkinson heilen?", "disease-claim", False, "asked"),
    ("Angeblich heilen Stammzellen Autismus.", "disease-claim", False, "attributed"),
    ("Anbieter werben mit dem Versprechen, Exosomen heilten Alzheimer.", "disease-claim",
     False, "attributed"),
    ("Es gibt keine Belege, dass das Sekretom Diabetes heilt.", "disease-claim", False, None),
    ("Ohne OP und ohne Narkose: Unsere Stammzellen behandeln Arthrose.", "disease-claim",
     True, None),
    ("Wenn Sie an Arthrose leiden, regenerieren unsere Stammzellen Ihren Knorpel.",
     "disease-claim", True, None),
    ("Unsere Stammzell-Infusion ist 100 % sicher.", "safety-claim", True, None),
    # the product itself is negated: no candidate to dismiss
    ("Keine Stammzell-Infusion ist 100 % sicher.", "safety-claim", False, None),
    ("Wir geben Stammzellen intrathekal bei Multipler Sklerose.", "risky-route", True, None),
    # the product itself is negated: no candidate to dismiss
    ("Lassen Sie sich niemals Stammzellen intrathekal spritzen.", "risky-route", False,
     None),
    ("Da es Ihre eigenen Stammzellen sind, benötigt die Behandlung keine Zulassung.",
     "exemption-claim", True, None),
    ("Manche Kliniken behaupten, Stammzellen bräuchten keine Zulassung.", "exemption-claim",
     False, "attributed"),
]


@pytest.mark.parametrize("text,category,expected,reason", CASES)
def test_context_forms(text, category, expected, reason):
    assert_context_form(DE, text + OFFER, category, expected, reason)


CLINIC = """Praxisklinik Vitalzell | München
Start | Behandlungen | Preise | Kontakt

Stammzelltherapie mit Nabelschnur-Stammzellen bei Parkinson und Kniearthrose. Unser
Protokoll umfasst zwei intravenöse Infusionen und ist behördlich zugelassen. Ohne
Nebenwirkungen und ohne Risiko einer Abstoßung.

"Nach der zweiten Infusion kann ich wieder ohne Stock gehen." - Peter R.

Komplettpaket: 9.500 Euro. Kostenlose Erstberatung per WhatsApp: +49 89 5550 1234.
"""

NEWS = """Gesundheit heute | Verbraucherschutz

Warnung vor Kliniken, die Exosomen als Wundermittel verkaufen

Berlin, 3. März. Mehrere Kliniken werben mit Exosomen-Behandlungen, die angeblich "von
der FDA zugelassen" seien, "Haarausfall heilen" und "keine Nebenwirkungen" hätten. Diese
Behauptungen sind falsch: Kein Exosomen-Produkt ist in der EU oder in den USA als
Arzneimittel zugelassen, erklärte eine Sprecherin des Paul-Ehrlich-Instituts.

Die befragten Fachleute betonen, dass es keine Belege gibt, dass Exosomen Haare
nachwachsen lassen, und raten zur Vorsicht bei Angeboten mit hohen Rabatten.
"""

ADVICE = """Ratgeber Patientenschutz

Stammzellen aus dem Ausland: Darauf sollten Sie achten

Anbieter versprechen oft, ihre Stammzellen heilten MS oder Parkinson und seien ohne
Nebenwirkungen. Fachleute raten zur Vorsicht: In der EU gelten bearbeitete Zellen als
Arzneimittel für neuartige Therapien und brauchen eine Zulassung. Fragen Sie nach der
Studiennummer und holen Sie eine ärztliche Zweitmeinung ein. Seriöse Studien verlangen von
Teilnehmenden in der Regel kein Geld.
"""


def test_german_clinic_offer_is_high():
    assert_offer_is_high(CLINIC, "de", {
        "disease-claim", "approval-claim", "risky-route", "safety-claim", "testimonial"})


@pytest.mark.parametrize("text", [NEWS, ADVICE])
def test_german_news_and_advice_that_refute_claims_are_low(text):
    assert_refuting_text_is_low(text, "de")


@pytest.mark.parametrize("text", [CLINIC, NEWS, ADVICE])
def test_language_detection_picks_german(text):
    assert detect_language(text) == "de"


def test_german_compounds_are_product_words():
    text = ("Stammzellbehandlungen und Exosomentherapie gegen Arthrose. Unsere Klinik berät "
            "Sie gern: +49 30 5550 0177.")
    report = check(text, DE)
    assert any(f.category == "disease-claim" for f in report.findings)
    assert report.verdict == "high"


def test_cosmetic_shop_with_appearance_words_is_not_a_disease_claim():
    text = ("Exosomen-Serum mit Rosenstammzellen: mildert feine Linien und Aknenarben, für "
            "ein ebenmäßiges Hautbild. 100 % sicher. Preis: 49,90 Euro, in den Warenkorb.")
    report = check(text, DE)
    assert not [f for f in report.findings if f.category == "disease-claim"], [
        (f.rule, f.quote) for f in report.findings]
    assert report.verdict == "elevated"


def test_patient_forum_testimonial_is_reported_but_low():
    text = ("Forum Leben mit MS. Ich war vor sechs Monaten in einer Klinik in Istanbul. Nach "
            "zwei Stammzell-Infusionen kann ich wieder ohne Stock gehen. War noch jemand dort?")
    report = check(text, DE)
    assert any(f.category == "testimonial" for f in report.findings)
    assert report.verdict == "low"


def test_obfuscation_message_is_german_on_a_german_page():
    report = check("Unsere Exosomen sind vоn der FDА zugеlаssеn. Termin: +49 30 5550 0100.")
    assert report.lang == "de"
    obf = [f for f in report.findings if f.category == "obfuscated-text"]
    assert obf and obf[0].message.startswith("Der Text")


def test_an_inspected_manufacturing_site_is_registration_not_approval():
    """Close call 2: "Swissmedic-geprüfter Herstellungsbetrieb" credits the place that makes
    the product; "von Swissmedic geprüft und zugelassen" said of the product is approval."""
    site = check("Unsere Exosomen stammen aus einem Swissmedic-geprüften Herstellungsbetrieb."
                 + OFFER, DE)
    product = check("Unsere Exosomen sind von Swissmedic geprüft und zugelassen." + OFFER, DE)
    assert {f.category for f in site.findings} == {"registration-as-approval"}
    assert "approval-claim" in {f.category for f in product.findings}


@pytest.mark.parametrize("cue", [
    "Versand schweizweit ab CHF 50.– kostenlos.",
    "Termine telefonisch unter 01 555 23 45.",
    "Schreib mir gern eine DM!",
])
def test_shop_and_booking_cues_make_a_priced_page_an_offer(cue):
    assert_cue_makes_an_offer("Exosomen-Serum · 30 ml · CHF 89.–\nVöllig risikofrei und ohne "
                              "Nebenwirkungen.", cue, DE)


def test_a_patient_who_says_she_gets_nothing_for_it_writes_a_testimonial_only():
    text = ("Betreff: Stammzellen ins Knie\nHallo zusammen, ich habe Kniearthrose und mir "
            "wurden Stammzellen ins Knie gespritzt. Meine Arthrose-Schmerzen sind komplett "
            "verschwunden. Ich bin niemandem verpflichtet und bekomme nichts dafür. Praxis "
            "Dr. Beispiel, Tel. 0662 555 318. Bei mir hat es 4.200 € gekostet.")
    report = check(text, DE)
    assert {f.category for f in report.findings} == {"testimonial"}
    assert report.verdict == "elevated"


def test_a_hospital_page_on_approved_car_t_is_low_despite_the_infusion():
    """The knowledge base knows CAR-T's labelled uses in German too ("Lymphomen",
    "akute lymphatische B-Zell-Leukämie"): a university hospital's page on the infusion of
    an approved product offers no risky route (independent writer Z's page)."""
    fixture = Path(__file__).parents[1] / "fixtures" / "independent.jsonl"
    row = next(r for r in map(json.loads, fixture.read_text(encoding="utf-8").splitlines())
               if r["id"] == "genZ-037")
    report = check(row["text"])
    assert report.findings == []
    assert report.verdict == "low"


def test_a_clinics_patient_voices_page_in_german_is_a_high_offer():
    """"Stammzellgabe" is a product word as "Stammzellbehandlung" is, so the patients'
    stories on the clinic's own page are claims, and the spinal route is one."""
    text = ("Patientenstimmen\n„Ich habe seit 2009 Multiple Sklerose. Nach der zweiten "
            "intrathekalen Stammzellgabe konnte ich wieder gehen. Inzwischen steht der "
            "Rollstuhl im Keller.“ — Heike W.\nTag 4: Rückgabe der Zellen per Lumbalpunktion in "
            "den Spinalkanal.\nKosten: Paket „Neuro“ 19.800 €. Kostenloses Erstgespräch: "
            "+421 2 5555 0133")
    report = check(text, DE)
    assert {"testimonial", "risky-route"} <= {f.category for f in report.findings}
    assert report.verdict == "high"
