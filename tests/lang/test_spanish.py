"""Spanish (issue 8): the same rule codes as English, Spanish words, Spanish context.

One claim in plain, negated, asked, hypothetical, attributed, refuted and regulator forms
(only the plain form is a finding), whole documents, and language identification.
"""

import pytest

from regenwatch.api import CheckOptions, check
from regenwatch.lang import detect_language

from .context_forms import assert_context_form

ES = CheckOptions(language="es")
OFFER = " Agenda tu valoración hoy: +52 664 555 0100."

CASES = [
    # (text, category, expected finding?, expected dismissal reason prefix)
    ("Nuestra terapia con exosomas está aprobada por la FDA.", "approval-claim", True, None),
    ("Nuestra terapia con exosomas no está aprobada por la FDA.", "approval-claim", False,
     "negated"),
    ("El tratamiento con células madre no está aprobado por COFEPRIS.", "approval-claim", False,
     "negated"),
    ("¿Está aprobada por la FDA la terapia con exosomas?", "approval-claim", False, "asked"),
    ("Si la terapia con exosomas estuviera aprobada por la FDA, el seguro la pagaría.",
     "approval-claim", False, "hypothetical"),
    ("Las clínicas afirman que los exosomas están aprobados por la FDA.", "approval-claim",
     False, "attributed"),
    ("La FDA advierte que ningún producto de exosomas está aprobado por la agencia.",
     "approval-claim", False, None),
    ("Nuestro suero intravenoso de exosomas trata el párkinson.", "disease-claim", True, None),
    ("Los exosomas no tratan el párkinson.", "disease-claim", False, "negated"),
    ("¿Pueden los exosomas tratar el párkinson?", "disease-claim", False, "asked"),
    ("¿Es cierto que las células madre curan el autismo?", "disease-claim", False, "asked"),
    ("Algunas clínicas aseguran que los exosomas curan el alzhéimer; no hay evidencia.",
     "disease-claim", False, "attributed"),
    ("No hay evidencia de que el secretoma cure la diabetes.", "disease-claim", False, None),
    ("Según su publicidad, las células madre revierten la esclerosis múltiple.",
     "disease-claim", False, "attributed"),
    ("Sin cirugía ni hospitalización, nuestras células madre tratan la artrosis.",
     "disease-claim", True, None),
    ("Si padeces artrosis, nuestras células madre regeneran tu cartílago.", "disease-claim",
     True, None),
    ("Nuestra infusión de células madre es 100 % segura.", "safety-claim", True, None),
    # the product itself is negated: no candidate to dismiss
    ("Ninguna infusión de células madre es 100 % segura.", "safety-claim", False, None),
    ("Aplicamos células madre por vía intratecal para la esclerosis múltiple.", "risky-route",
     True, None),
    # the product itself is negated: no candidate to dismiss
    ("Nunca acepte células madre por vía intratecal.", "risky-route", False, None),
    ("Los exosomas no son medicamentos, por eso no requieren registro sanitario.",
     "exemption-claim", True, None),
    ("Algunos centros afirman que los exosomas no requieren registro sanitario.",
     "exemption-claim", False, "attributed"),
]


@pytest.mark.parametrize("text,category,expected,reason", CASES)
def test_context_forms(text, category, expected, reason):
    assert_context_form(ES, text + OFFER, category, expected, reason)


CLINIC = """Centro Regenera Vida | Guadalajara, Jalisco
Inicio | Tratamientos | Precios | Contacto

Terapia con células madre de cordón umbilical para el párkinson y la artrosis. Nuestro
protocolo incluye dos infusiones intravenosas y está avalado por COFEPRIS. Sin efectos
secundarios y sin riesgo de rechazo.

"Después de la segunda infusión volví a caminar sin bastón." - Pedro R.

Paquete completo: $95,000 MXN. Agenda tu valoración gratuita por WhatsApp: 33 5550 1234.
"""

NEWS = """Diario Salud Hoy | Sociedad

Alertan sobre clínicas que venden exosomas como cura milagrosa

Madrid, 3 de marzo. Varias clínicas anuncian tratamientos con exosomas "aprobados por la
FDA" que, según su publicidad, "curan la alopecia" y "no tienen efectos secundarios".
Estas afirmaciones son falsas: ningún producto de exosomas está autorizado como
medicamento en Europa ni en Estados Unidos, explicó una portavoz de la AEMPS.

Los expertos consultados por este diario advierten de que no hay evidencia de que los
exosomas regeneren el pelo y recomiendan desconfiar de las ofertas con grandes descuentos.
"""


def test_spanish_clinic_offer_is_high():
    report = check(CLINIC)
    assert report.lang == "es"
    cats = {f.category for f in report.findings}
    assert {"disease-claim", "approval-claim", "risky-route", "safety-claim"} <= cats, cats
    assert any(s.name == "commercial-offer" for s in report.signals)
    assert report.verdict == "high"


def test_spanish_news_that_refutes_claims_is_low():
    report = check(NEWS)
    assert report.lang == "es"
    assert report.verdict == "low"
    assert not [f for f in report.findings if f.category != "obfuscated-text"], [
        (f.rule, f.quote) for f in report.findings]
    assert report.dismissed  # the quoted claims were seen and set aside, not missed


@pytest.mark.parametrize("text", [CLINIC, NEWS])
def test_language_detection_picks_spanish(text):
    assert detect_language(text) == "es"




@pytest.mark.parametrize("text,lang", [
    ("Exosomas IV para el párkinson 💉 Agenda ya: 33 5550 1299", "es"),
    ("Células madre para la artrosis. Resultados garantizados. WhatsApp 55 5555 0101", "es"),
    ("Exossomos IV para o Parkinson. Agende já pelo WhatsApp", "pt"),
])
def test_short_posts_tell_spanish_from_portuguese(text, lang):
    assert detect_language(text) == lang


def test_acne_scars_on_a_medspa_page_are_appearance_not_disease():
    text = ("Facial con exosomas y microagujas: mejora la textura, las líneas finas y las "
            "cicatrices de acné. Tratamiento 100% seguro. Sesión: $3,800 MXN. Reserva por "
            "WhatsApp 55 5555 0177.")
    report = check(text, ES)
    assert not [f for f in report.findings if f.category == "disease-claim"], [
        (f.rule, f.quote) for f in report.findings]
    assert report.verdict == "elevated"


def test_patient_forum_testimonial_is_reported_but_low():
    text = ("Foro Vivir con EM. Fui hace seis meses a una clínica de Cancún. Después de dos "
            "infusiones de células madre volví a caminar sin bastón. ¿Alguien más ha ido?")
    report = check(text, ES)
    assert any(f.category == "testimonial" for f in report.findings)
    assert report.verdict == "low"


def test_spanish_patient_questions_and_explanations():
    from regenwatch.explain import explain, patient_questions
    from regenwatch.model import CATEGORIES

    es, en = patient_questions("es"), patient_questions("en")
    assert len(es) == len(en) and es != en
    assert all("¿" in q or "Pida" in q for q in es)
    for cat in CATEGORIES:
        assert explain(cat, lang="es").message != explain(cat, lang="en").message, cat


def test_walking_without_a_cane_does_not_negate_the_story():
    """"sin bastón" tells what the patient can do now, it negates nothing after it."""
    text = ("Foro SaludPerú › Mi experiencia con células madre\nPublicado por jorge_62:\n"
            "Tengo artrosis de rodilla. En marzo me hice una infiltración de células madre. "
            "A los dos meses ya subía las escaleras sin bastón y mi artrosis está mucho mejor. "
            "No gano nada con esto.")
    report = check(text, CheckOptions(language="es"))
    assert "testimonial" in {f.category for f in report.findings} | {
        d.category for d in report.dismissed if not d.reason.startswith("negated")}


def test_a_paid_study_is_named_by_what_it_studies_not_as_a_treatment():
    """Close call 4: "estudio de registro con células madre en artrosis" names the study's
    subject; the fee and the registration used as proof are the findings."""
    text = ("Convocatoria abierta: estudio de registro con células madre en artrosis de rodilla\n"
            "El estudio está registrado en ClinicalTrials.gov (NCT09184420), lo que respalda "
            "la seriedad de nuestro trabajo. Los participantes cubren el costo de procesamiento "
            "celular: USD 4.800. Inscribite llamando al (011) 5555-0274.")
    report = check(text, CheckOptions(language="es"))
    quotes = {(f.category, f.quote) for f in report.findings}
    assert ("disease-claim", "células madre en artrosis de rodilla") not in quotes
    assert "pay-to-participate" in {f.category for f in report.findings}


def test_a_patient_who_earns_nothing_and_shares_the_number_writes_a_testimonial_only():
    """Close call 5: "yo no gano nada con esto" - an unaffiliated parent's story of autism
    improving is a testimonial, not the clinic's disease claim, even with the clinic's number
    (which makes the post an offer, close call 1)."""
    text = ("Grupo de Facebook: Familias TEA\nMi hijo (6 años, autismo) recibió células madre en "
            "Panamá. A los dos meses empezó a decir frases de tres palabras. Yo no gano nada con "
            "esto. El número de la coordinadora es +507 6555 0198. Pagamos 11 500 dólares.")
    report = check(text, CheckOptions(language="es"))
    assert {f.category for f in report.findings} == {"testimonial"}
    assert report.verdict == "elevated"


def test_a_chilean_shop_with_delivery_and_a_buy_line_is_an_offer():
    """"Despacho a todo Chile" and "Compra en florandina.example" sell, as "envío gratis" and
    "añadir a la cesta" do: the shop's guarantee and safety claims are its own."""
    text = ("Sérum con Exosomas de Rosa Mosqueta · 30 ml · $34.990 CLP\nResultados garantizados "
            "en 14 días. Fórmula 100% segura.\nDespacho a todo Chile. Compra en "
            "florandina.example")
    report = check(text, CheckOptions(language="es"))
    assert {"cure-guarantee", "safety-claim"} <= {f.category for f in report.findings}
    assert report.verdict == "elevated"
