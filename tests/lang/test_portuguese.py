"""Portuguese (issue 8's "adding a language is adding data"): the same rule codes as
English, Portuguese words (Brazil and Portugal), Portuguese context.

One claim in plain, negated, asked, hypothetical, attributed, refuted and regulator forms
(only the plain form is a finding), whole documents, and language identification.
"""

import pytest

from regenwatch.api import CheckOptions, check
from regenwatch.lang import detect_language

from .context_forms import (
    assert_context_form,
    assert_cue_makes_an_offer,
    assert_offer_is_high,
    assert_refuting_text_is_low,
)

PT = CheckOptions(language="pt")
OFFER = " Agende sua avaliação pelo WhatsApp (11) 95555-0100."

CASES = [
    # (text, category, expected finding?, expected dismissal reason prefix)
    ("Nossa terapia com exossomos é aprovada pela Anvisa.", "approval-claim", True, None),
    ("Nossa terapia com exossomos não é aprovada pela Anvisa.", "approval-claim", False,
     "negated"),
    ("O tratamento com células-tronco nunca foi aprovado pela FDA.", "approval-claim", False,
     "negated"),
    ("A terapia com exossomos é aprovada pela Anvisa?", "approval-claim", False, "asked"),
    ("Se a terapia com exossomos fosse aprovada pela Anvisa, o plano de saúde pagaria.",
     "approval-claim", False, "hypothetical"),
    ("As clínicas afirmam que os exossomos são aprovados pela FDA.", "approval-claim", False,
     "attributed"),
    ("A Anvisa alerta que nenhum produto de exossomos é aprovado pela agência.",
     "approval-claim", False, None),
    ("Nosso soro intravenoso de exossomos trata o Parkinson.", "disease-claim", True, None),
    ("Os exossomos não tratam o Parkinson.", "disease-claim", False, "negated"),
    ("Os exossomos podem tratar o Parkinson?", "disease-claim", False, "asked"),
    ("É verdade que as células-tronco curam o autismo?", "disease-claim", False, "asked"),
    ("Algumas clínicas prometem que os exossomos curam o Alzheimer.", "disease-claim", False,
     "attributed"),
    ("Não há evidência de que o secretoma cure a diabetes.", "disease-claim", False, None),
    ("Supostamente, as células-mãe revertem a esclerose múltipla.", "disease-claim", False,
     "attributed"),
    ("Sem cirurgia nem internação, nossas células-tronco tratam a artrose.", "disease-claim",
     True, None),
    ("Se você sofre de artrose, nossas células-tronco regeneram a sua cartilagem.",
     "disease-claim", True, None),
    ("Nossa infusão de células-tronco é 100 % segura.", "safety-claim", True, None),
    # the product itself is negated: no candidate to dismiss
    ("Nenhuma infusão de células-tronco é 100 % segura.", "safety-claim", False, None),
    ("Aplicamos células-tronco por via intratecal para a esclerose múltipla.", "risky-route",
     True, None),
    # the product itself is negated: no candidate to dismiss
    ("Nunca aceite células-tronco por via intratecal.", "risky-route", False, None),
    ("Os exossomos não são medicamentos, por isso não precisam de registro na Anvisa.",
     "exemption-claim", True, None),
    ("Alguns centros alegam que os exossomos não precisam de registro na Anvisa.",
     "exemption-claim", False, "attributed"),
]


@pytest.mark.parametrize("text,category,expected,reason", CASES)
def test_context_forms(text, category, expected, reason):
    assert_context_form(PT, text + OFFER, category, expected, reason)


CLINIC = """Instituto Regenera Vida | São Paulo, SP
Início | Tratamentos | Valores | Contato

Terapia com células-tronco do cordão umbilical para Parkinson e artrose. Nosso protocolo
inclui duas infusões intravenosas e é aprovado pela Anvisa. Sem efeitos colaterais e sem
risco de rejeição.

"Depois da segunda infusão voltei a andar sem bengala." - Pedro R.

Pacote completo: R$ 48.000, em até 12x sem juros. Agende sua avaliação gratuita pelo
WhatsApp (11) 95555-1234.
"""

NEWS = """Anvisa alerta: não existe terapia com exossomos aprovada no Brasil

A Agência Nacional de Vigilância Sanitária (Anvisa) publicou um alerta sobre anúncios de
exossomos vendidos como cura milagrosa. Segundo a agência, clínicas afirmam que os
exossomos "curam a calvície", são "aprovados pela Anvisa" e "não têm efeitos colaterais".
Essas alegações são falsas: nenhum produto de exossomos tem registro no Brasil, explicou a
agência em comunicado.

Especialistas ouvidos pela reportagem lembram que não há evidência de que os exossomos
façam o cabelo crescer e recomendam desconfiar de promessas de cura.
"""

ADVICE = """Guia do consumidor: células-tronco no exterior

Muitas clínicas prometem que as células-tronco curam esclerose múltipla ou Parkinson e
que o tratamento é sem riscos. Desconfie: no Brasil, terapias celulares avançadas precisam
de registro na Anvisa ou de autorização para pesquisa clínica. Pergunte sempre o número do
estudo e procure uma segunda opinião médica. Estudos sérios não cobram dos participantes.
"""


def test_portuguese_clinic_offer_is_high():
    assert_offer_is_high(CLINIC, "pt", {
        "disease-claim", "approval-claim", "risky-route", "safety-claim", "testimonial"})


@pytest.mark.parametrize("text", [NEWS, ADVICE])
def test_portuguese_news_and_advice_that_refute_claims_are_low(text):
    assert_refuting_text_is_low(text, "pt")


@pytest.mark.parametrize("text", [CLINIC, NEWS, ADVICE])
def test_language_detection_picks_portuguese(text):
    assert detect_language(text) == "pt"


def test_european_portuguese_wording():
    text = ("Tratamento com células estaminais para a artrose e o cancro. Marcações: "
            "+351 912 345 678.")
    report = check(text, PT)
    assert any(f.category == "disease-claim" for f in report.findings)
    assert report.verdict == "high"


def test_acne_scars_on_a_medspa_page_are_appearance_not_disease():
    text = ("Facial com exossomos e microagulhamento: melhora a textura, as linhas finas e as "
            "cicatrizes de acne. Tratamento 100% seguro. Sessão: R$ 1.200. Agende pelo "
            "WhatsApp (11) 95555-0177.")
    report = check(text, PT)
    assert not [f for f in report.findings if f.category == "disease-claim"], [
        (f.rule, f.quote) for f in report.findings]
    assert report.verdict == "elevated"


def test_patient_forum_testimonial_is_reported_but_low():
    text = ("Fórum Vivendo com EM. Fui há seis meses a uma clínica no Panamá. Depois de duas "
            "infusões de células-tronco voltei a andar sem bengala. Alguém mais já foi?")
    report = check(text, PT)
    assert any(f.category == "testimonial" for f in report.findings)
    assert report.verdict == "low"


def test_a_licensed_partner_laboratory_is_registration_not_approval():
    """Close call 2: "um laboratório parceiro licenciado pelo Infarmed" licenses the place
    that makes the product, as "licenciado pelo Infarmed" said of the product would not."""
    site = check("As nossas preparações de exossomos são produzidas por um laboratório parceiro "
                 "licenciado pelo Infarmed e certificado GMP." + OFFER, PT)
    assert "approval-claim" not in {f.category for f in site.findings}
    assert "registration-as-approval" in {f.category for f in site.findings}


@pytest.mark.parametrize("cue", [
    "De R$ 249,90 por R$ 189,90",
    "clinica.example · Patrocinado",
    "Marcações por DM!",
])
def test_sale_prices_sponsored_labels_and_dm_bookings_are_offer_cues(cue):
    assert_cue_makes_an_offer("Sérum de exossomos, 30 ml, 189 €. Fórmula sem efeitos "
                              "colaterais.", cue, PT)


def test_a_complaint_about_a_broken_guarantee_is_no_offer_of_it():
    """A patient's complaint on a review site quotes the clinic's guarantee to complain about
    it; the company's canned reply does not make the page its offer."""
    text = ("Reclamação: Clínica Exemplo – prometeram resultado e não cumpriram\nFiz o protocolo "
            "com células-tronco no joelho por causa da minha artrose. Ele disse que havia "
            "\"garantia de resultado\". Paguei R$ 16.800 e nada mudou. Quero meu dinheiro de "
            "volta.\nResposta da empresa: lamentamos. Nossa equipe entrará em contato.")
    assert check(text, PT).verdict == "low"
