"""Close calls the independent writers' documents exposed, each in words of its own: FAQ
labels before questions, a seller's own approval claim beside a true approval, German
"not a drug, so no approval" wording, social and shop offers without a phone number."""

import pytest

from regenwatch.api import check


def _categories(report):
    return {f.category for f in report.findings}


def test_a_labelled_faq_question_is_asked_not_offered():
    text = ("Peak Joint Stem Cell Clinic. Call (555) 555-0170 to book.\n\n"
            "Q: Do you offer IV or spinal injections?\n"
            "A: No. Our stem cells go into the knee joint only, under ultrasound.")
    report = check(text)
    assert "risky-route" not in _categories(report)
    assert any(d.reason.startswith("asked") for d in report.dismissed
               if d.category == "risky-route")


def test_own_approval_claim_beside_a_true_approval_is_a_finding():
    text = ("Harbor Cell Clinic\n\nCord blood transplants have been FDA approved for "
            "leukemia and lymphoma for decades. Our intravenous mesenchymal stem cell protocol "
            "is also FDA approved for lupus and type 2 diabetes.\n\nPackages from $9,800. "
            "Call (555) 555-0142 for a free consultation.")
    report = check(text)
    assert report.verdict == "high"
    assert {"approval-claim", "risky-route"} <= _categories(report)


def test_true_approval_page_with_a_general_promise_stays_low():
    text = ("City Hospital Cell Therapy Program\n\nWe offer only treatments that are approved "
            "by the FDA for your condition. Cord blood transplants treat leukemia and lymphoma; "
            "CAR-T cell therapy treats certain lymphomas.\n\nReferrals: (555) 555-0190.")
    report = check(text)
    assert report.verdict == "low", [(f.rule, f.quote) for f in report.findings]


def test_german_not_a_drug_so_no_approval_is_an_exemption_claim():
    text = ("Stammzellpraxis am Rhein. Termin vereinbaren: +49 221 555 0101.\n"
            "Da unsere Behandlung mit Stammzellen nicht als Arzneimittel gilt, benötigt sie "
            "keine Zulassung.")
    assert "exemption-claim" in _categories(check(text))


def test_dm_a_code_word_with_a_price_is_an_offer():
    text = ("exosome facial is back ✨ 100% safe, no downtime, only $299 this month. "
            "DM \"SKIN\" to grab a spot #exosomes")
    report = check(text)
    assert report.verdict == "elevated"
    assert "safety-claim" in _categories(report)


def test_a_shop_with_a_cart_and_a_price_is_an_offer():
    text = ("Aurel Labs\nHome · Serums · About · Cart\n\nExosome Repair Serum · 30 mL · $96\n\n"
            "Made in an FDA-registered, cGMP facility. 100% safe for every skin type.")
    report = check(text)
    assert report.verdict == "elevated"
    assert {"registration-as-approval", "safety-claim"} <= _categories(report)


def test_portuguese_nasal_route_and_total_safety():
    text = ("Clínica Vida Nova. Agende pelo WhatsApp +55 11 5555-0101.\n"
            "Nossos exossomos são aplicados por via nasal, com total segurança.")
    found = _categories(check(text))
    assert {"risky-route", "safety-claim"} <= found


def test_no_break_and_ideographic_spaces_read_as_spaces():
    for space in ("\u00a0", "\u3000", "\u202f"):
        text = (f"Our exosome therapy is FDA{space}approved. Book now: (555) 555-0100.")
        report = check(text)
        hits = [f for f in report.findings if f.category == "approval-claim"]
        assert hits, space
        assert hits[0].quote == f"FDA{space}approved"  # offsets still point into the input


def test_full_width_claim_words_are_obfuscation_also_beside_an_ideographic_space():
    text = "Our exosome IV drip. Call (555) 555-0100. ＦＤＡ\u3000ａｐｐｒｏｖｅｄ cells."
    found = _categories(check(text))
    assert {"approval-claim", "obfuscated-text"} <= found


def test_exclusion_from_a_named_regulator_is_an_exemption_claim():
    text = ("Southern Stem Cell Clinic, Brisbane. Call 07 5550 3390 to book.\n"
            "Because we use your own cells, our stem cell treatment is excluded from TGA "
            "regulation.")
    report = check(text)
    assert "exemption-claim" in _categories(report)
    assert report.verdict == "high"


def test_a_negated_list_stays_negated_across_its_commas():
    text = ("Dermaestética Sol · Medellín. Exosomas sobre la piel para el aspecto de las líneas "
            "finas. Sesión: $650.000 COP. Agenda por WhatsApp 300 555 0147.\n"
            "Importante: no tratamos acné activo, rosácea ni dermatitis.")
    assert "disease-claim" not in _categories(check(text))
    text = ("Clínica Capilar Lisboa. Aplicamos exossomas no couro cabeludo. Marcações: 21 555 "
            "0186.\nNão indicado para alopecia areata, alopecia cicatricial ou queda de cabelo "
            "por doença.")
    assert "disease-claim" not in _categories(check(text))


def test_a_listed_claim_after_a_plain_one_is_still_a_claim():
    text = ("Our exosome IV drip treats COPD, asthma and emphysema. Book now: (555) 555-0100.")
    report = check(text)
    quotes = " ".join(f.quote for f in report.findings if f.category == "disease-claim")
    assert "emphysema" in quotes or "COPD" in quotes
    assert report.verdict == "high"


def test_an_ad_hashtag_and_a_code_make_a_post_an_offer():
    text = ("#publi Há três anos tinha enxaquecas quase diárias. Desde que comecei o spray nasal "
            "de exossomas tive só duas crises num mês! Usem o meu código MARTA10 para 10% de "
            "desconto.")
    report = check(text)
    assert "risky-route" in _categories(report)
    assert report.verdict in ("elevated", "high")


def test_a_registration_told_as_a_plain_fact_is_no_finding():
    text = ("Molar Bank · Dental Stem Cell Banking. Collection kit and processing: $695. "
            "Call 1-888-555-0107.\n\nMolar Bank is registered with the FDA as a human cells and "
            "tissues establishment (FEI 3019876543).")
    report = check(text)
    assert "registration-as-approval" not in _categories(report)
    assert any(d.reason.startswith("plain-registration") for d in report.dismissed)


def test_a_registration_sold_as_a_badge_stays_a_finding():
    text = ("Molar Bank · Dental Stem Cell Banking. Collection kit: $695. Call 1-888-555-0107."
            "\n\nOur stem cell lab is registered with the FDA as a tissue establishment (FEI "
            "3019876543), so you know your cells are in safe hands.")
    assert "registration-as-approval" in _categories(check(text))


def test_a_product_listing_with_a_size_a_price_and_shipping_is_an_offer():
    text = ("Exosome Lyo-Powder (topical)\n$129 / 5 vials · Free US shipping over $200\n\n"
            "- Made in an FDA-registered lab, so you know it's the real deal\n- 100% safe")
    report = check(text)
    assert report.verdict == "elevated"
    assert {"registration-as-approval", "safety-claim"} <= _categories(report)


def test_an_audit_that_counts_claims_is_research_not_an_offer():
    text = ("Research letter. We identified 212 clinic websites offering exosome treatments. "
            "Forty-seven sites (22%) described their products as \"FDA approved\", and 88 "
            "(42%) asserted \"no side effects\". Intravenous administration was offered by 96 "
            "sites (45%). The median advertised price was $3,500 per session (IQR 2,200 to "
            "6,000). Limitations include the cross-sectional design.")
    report = check(text)
    assert report.verdict == "low", [(f.rule, f.quote) for f in report.findings]


def test_a_story_under_a_thread_that_asks_about_the_product_is_a_testimonial():
    text = ("Forum › Back pain › Has anyone tried the stem cell injections in Tulsa?\n\n"
            "Reply from joe_r:\nI went in March. My back pain went from an 8 to a 2 and I "
            "can sleep through the night again. Mention my referral code JOE15 for 15% off.")
    report = check(text)
    assert "testimonial" in _categories(report)
    assert report.verdict == "elevated"


def test_an_offer_quoted_by_a_news_story_is_not_the_story_s_offer():
    text = ("How stem cell sellers slip past ad filters\n\nA reader sent us a sponsored post: "
            "\"Stem cell IV, FDA approved, cures MS and lupus, book now.\" None of it is true. "
            "No stem cell IV has been approved by the FDA for multiple sclerosis.")
    report = check(text)
    assert report.verdict == "low", [(f.rule, f.quote) for f in report.findings]


def test_a_hospital_page_listing_warning_signs_is_informational():
    text = ("Universitätsklinikum · Patienteninformation\n\nVorsicht bei Angeboten von "
            "Stammzellkliniken gegen Parkinson oder Autismus.\n\nWoran Sie fragwürdige Angebote "
            "erkennen:\n• Es werden „garantierte Ergebnisse“ versprochen.\n• Die Zellen sollen "
            "per Infusion gegeben werden.\n\nStammzell-Ambulanz · Telefon 0555 0178-20")
    report = check(text)
    assert report.verdict == "low", [(f.rule, f.quote) for f in report.findings]


def test_a_consent_order_with_penalties_is_not_a_listing():
    text = ("The Commission's consent order bars the respondents from claiming that their "
            "exosome infusions treat Parkinson's disease. The order imposes a civil penalty of "
            "$40,000; patients had paid $7,500 to $22,000.")
    assert check(text).verdict == "low"


def test_a_guarantee_of_quality_or_delivery_is_no_promise_of_results():
    text = ("Our exosome vials are made in a cGMP-certified lab, so quality is guaranteed. "
            "Order now: (555) 555-0142.")
    assert "cure-guarantee" not in _categories(check(text))
    text = ("Our exosome facial: visible glow after one session, guaranteed, or your money back. "
            "Book now: (555) 555-0142.")
    assert "cure-guarantee" in _categories(check(text))


def test_a_spanish_exosome_serum_on_the_skin_is_no_drip():
    text = ("Facial de exosomas · Polanco. Nuestro protocolo combina microagujas y un suero de "
            "exosomas para suavizar líneas finas. Sesión: $4,200. Agenda por WhatsApp 55 5555 "
            "0123.")
    assert "risky-route" not in _categories(check(text))
    text = ("Nuestro suero intravenoso de exosomas se aplica en 40 minutos. Sesión: $4,200. "
            "Agenda por WhatsApp 55 5555 0123.")
    assert "risky-route" in _categories(check(text))


def test_a_condition_inside_a_negated_longer_claim_is_negated_too():
    text = ("Hospital de Santa Clara · Hematologia. Consultas: 22 555 0148.\n"
            "Aviso: o nosso serviço não realiza tratamentos com células estaminais ou exossomas "
            "para doenças como autismo, esclerose múltipla, artrose ou envelhecimento.")
    assert "disease-claim" not in _categories(check(text))


def test_harms_reported_after_a_route_are_a_warning_not_an_offer_of_it():
    text = ("Injury Attorneys. Consultations are free: call 1-800-555-0179.\n"
            "Clinics marketed stem cell treatments with promises that they could cure arthritis "
            "or halt ALS. Patients have reported serious harm, including blood infections after "
            "contaminated stem cell infusions.")
    found = _categories(check(text))
    assert "disease-claim" not in found and "risky-route" not in found


def test_selling_points_without_something_negate_nothing_after_them():
    text = ("Our exosome glow facial is back: no needles, no downtime, and it is totally "
            "risk-free for every complexion. Only $199 this week, DM \"GLOW\" to book your spot.")
    assert "safety-claim" in _categories(check(text))
    text = ("En Clínica Vitalis usamos tus propias células madre para tratar la disfunción "
            "eréctil. Sin pastillas y con resultados permanentes. WhatsApp +57 300 555 0100.")
    assert "cure-guarantee" in _categories(check(text))


def test_a_route_the_clinic_no_longer_offers_is_negated():
    text = ("Ridgeway Stem Cell Center. Our umbilical stem cell injections for knees start at "
            "$3,200; call (555) 555-0133.\n\nDo you still do IV stem cell drips?\n"
            "We no longer offer IV stem cell drips; every injection now goes into the joint.")
    report = check(text)
    assert "risky-route" not in _categories(report)
    assert any(d.reason.startswith("negated: no longer offer") for d in report.dismissed
               if d.category == "risky-route")


def test_you_no_longer_have_to_live_with_a_disease_is_still_a_claim():
    text = ("Our clinic's exosome therapy: you no longer have to live with arthritis. "
            "Book now: (555) 555-0144, packages from $2,900.")
    report = check(text)
    assert "disease-claim" in _categories(report)


def test_a_parents_story_keeps_its_speaker_across_sentences():
    text = ("Forum › Autism parents\nThread: Has anyone tried stem cells abroad?\n\n"
            "We did! My daughter Ana had her stem cells done in Cancún in May. Before, she had "
            "no words at all. Now her autism is so much milder and she talks in short phrases. "
            "Mention my referral code ANA-22 and you get $400 off.")
    report = check(text)
    assert {"testimonial", "disease-claim"} <= _categories(report)
    assert report.verdict == "high"


def test_a_relatives_story_in_a_news_report_is_not_a_claim():
    text = ("City Gazette — Health\n\nFamilies keep travelling abroad for stem cell "
            "treatments that regulators warn are unproven. One mother told us her son had his "
            "cells done in Cancún. Before, he had no words. Now his autism is milder, she says; "
            "doctors caution that children also improve on their own and that there is no "
            "evidence the cells helped.")
    report = check(text)
    assert report.verdict == "low"


def test_a_german_state_notice_quoting_unlawful_claims_is_low():
    text = ("Landesamt für Gesundheit Westmark · Verbraucherinformation\n\n"
            "Unzulässige Werbung für Exosomen-Behandlungen\n\n"
            "Bei Kontrollen fielen Sätze auf wie „Exosomen-Therapie gegen Rheuma“ und "
            "„völlig frei von Nebenwirkungen“.\n\nWir stellen klar: Exosomenpräparate haben in "
            "der EU keine Zulassung als Arzneimittel. Hinweise auf unzulässige Angebote nimmt "
            "das Landesamt unter 0431 555 0199 entgegen.")
    report = check(text)
    assert report.verdict == "low", [(f.rule, f.quote) for f in report.findings]


def test_do_not_book_in_a_warning_is_no_offer_but_dont_wait_book_now_is():
    warning = ("Exosome clinics advertise IV drips that cure arthritis; there is no evidence. "
               "Do not book a consultation to find out more.")
    advert = ("Our exosome IV drips cure arthritis. Don't wait, book a consultation: "
              "(555) 555-0101.")
    assert check(warning).verdict == "low"
    assert check(advert).verdict == "high"


def test_a_participant_contribution_is_pay_to_participate():
    text = ("Clínica Ortobiológica Tejo · Lisboa\n\nEstudo observacional com células estaminais "
            "no joelho: procuramos participantes.\n\nContribuição do participante: 3.900 € "
            "(inclui colheita e injeção). Inscrições: 21 555 0170.")
    assert "pay-to-participate" in _categories(check(text))


def test_a_patients_own_fat_cells_are_a_product_in_spanish():
    text = ("Clínica Sur — Turnos: 0351 555-0138\n\nTrabajamos con células del propio paciente, "
            "obtenidas de su tejido graso, por lo que no se considera un medicamento y no "
            "requiere autorización de la ANMAT. Tratamos artrosis y autismo.")
    report = check(text)
    assert {"exemption-claim", "disease-claim"} <= _categories(report)


_FORUM = ("Joint Pain Forum › Alternatives\nThread: Stem cells in Cancún for knee osteoarthritis?"
          "\n\nPost by lakeside_jo:\nNobody pays me to say this. I had osteoarthritis in both "
          "knees and had stem cell injections at Clínica Ola last spring. My osteoarthritis is "
          "so much better that I walk two miles a day. It was $5,000; their number is "
          "+52 998 555 0150.{extra}")


def test_an_unaffiliated_patients_forum_post_is_a_testimonial_only():
    report = check(_FORUM.format(extra=""))
    assert "testimonial" in _categories(report)
    assert "disease-claim" not in _categories(report)
    assert report.verdict == "elevated"
    assert any(d.reason.startswith("patient-post") for d in report.dismissed
               if d.category == "disease-claim")


def test_a_forum_post_with_a_referral_code_is_the_sellers_claim():
    report = check(_FORUM.format(extra=" Mention my referral code JO-50 and they take $500 "
                                       "off."))
    assert {"testimonial", "disease-claim"} <= _categories(report)
    assert report.verdict == "high"


def test_infusion_words_of_skin_care_are_no_route():
    for text in ("Our exosome-infused serum brightens dull skin. $89. Add to cart.",
                 "HydraGlow facial, $185: cleanse and a hydration infusion (topical, no "
                 "needles). Exosome Glow Facial $395. Book online."):
        assert "risky-route" not in _categories(check(text)), text
    iv = "Exosome infusions at our clinic, $900 per infusion. Book now: (555) 555-0101."
    assert "risky-route" in _categories(check(iv))


def test_a_licensed_facility_is_registration_not_approval():
    text = ("StemVita stem cell activator, $79. Made in a TGA-licensed, GMP-certified "
            "facility, so you know it's genuine. Order now, free shipping.")
    cats = _categories(check(text))
    assert "registration-as-approval" in cats and "approval-claim" not in cats
    licensed = "Our exosome vials are TGA-licensed. $300. Order now, free shipping."
    assert "approval-claim" in _categories(check(licensed))


def test_a_vet_page_that_does_not_offer_stem_cells_is_low():
    text = ("Cedar Vet Hospital - Pet Health Notes\n\nChronic kidney disease (CKD) is common "
            "in older cats. Reader question: \"Should I try stem cell injections for my cat's "
            "kidney disease?\" Our answer: small trials of stem cell infusions in cats with CKD "
            "have not shown a consistent benefit. We do not offer stem cell treatment.\n\n"
            "Dental month: 10% off cleanings booked before June 30. Call 555-0134.")
    assert check(text).verdict == "low"


def test_a_marrow_donor_drive_is_low():
    text = ("Campanha de cadastro de doadores de medula óssea. Se você for compatível, as "
            "células-tronco do sangue são coletadas por aférese. O transplante de medula óssea "
            "é um tratamento estabelecido para leucemias e outras doenças do sangue. Mantenha "
            "seu endereço atualizado. Informações: (19) 5550-2281")
    assert check(text).verdict == "low"


# --- session of 2026-12-07 (writers R, S, T) -------------------------------------------

def _check(text, language=None):
    from regenwatch.api import CheckOptions
    from regenwatch.model import Document

    return check(Document(id="t", source="t", text=text), CheckOptions(language=language))


def test_if_you_have_x_consult_your_doctor_is_a_caution_in_four_languages():
    shop = {"en": "Exosome Glow Serum $49. Add to cart. Free shipping.\n",
            "es": "Sérum de exosomas 34,90 €. Añadir a la cesta. Envío gratis.\n",
            "pt": "Sérum de exossomas 34,90 €. Adicionar ao carrinho. Envio grátis.\n",
            "de": "Exosomen-Serum 34,90 €. In den Warenkorb. Versandkostenfrei.\n"}
    cautions = {
        "en": "If you have eczema or rosacea, consult your dermatologist before use.",
        "es": "Si tienes dermatitis, rosácea u otra afección, consulta a tu dermatólogo.",
        "pt": "Se você tem dermatite ou rosácea, consulte o seu dermatologista antes de usar.",
        "de": "Wenn Sie an Neurodermitis leiden, fragen Sie vorher Ihren Hautarzt.",
    }
    for lang, caution in cautions.items():
        report = _check(shop[lang] + caution, lang)
        assert "disease-claim" not in _categories(report), (lang, report.findings)
        assert any("advice" in (d.reason or "") for d in report.dismissed), lang


def test_if_you_suffer_from_x_we_help_is_still_a_claim():
    shop = "Exosome Glow Serum $49. Add to cart. Free shipping.\n"
    assert "disease-claim" in _categories(_check(
        shop + "If you suffer from arthritis, our exosome therapy can help.", "en"))
    assert "disease-claim" in _categories(_check(
        "Sérum de exosomas 34,90 €. Añadir a la cesta. Envío gratis.\n"
        "Si padeces artrosis, te ayudamos con exosomas.", "es"))
    assert "disease-claim" in _categories(_check(
        shop + "Whether it's a torn hamstring or knee osteoarthritis, our exosome injections "
               "get you back on the field.", "en"))


def test_no_approval_needed_is_an_exemption_not_a_disclaimer_of_the_registration():
    text = ("EXO-PURE · exosomas liofilizados · Precio: 1.290,00 € · [Añadir al carrito]\n"
            "— Fabricado en un laboratorio con certificación GMP y registrado ante la FDA.\n"
            "— Los exosomas no son un medicamento: al no contener células vivas no necesitan "
            "autorización de la AEMPS ni receta.")
    cats = _categories(_check(text, "es"))
    assert {"exemption-claim", "registration-as-approval"} <= cats


def test_a_stem_glued_to_an_accent_does_not_hide_the_claim_after_it():
    text = ("Exosomas liofilizados. Precio: 1.290 €. Añadir al carrito.\n"
            "Los exosomas no son un medicamento, así que no necesitan autorización de la AEMPS.")
    assert "exemption-claim" in _categories(_check(text, "es"))


# --- writers U and V ----------------------------------------------------------------


def test_a_priced_participant_fee_is_a_paid_study_not_an_investigational_one():
    text = ("Knee Cartilage Outcomes Registry\nOur registry is listed on ClinicalTrials.gov "
            "(NCT09912345), so you know this is legitimate research. Eligible participants "
            "receive an injection of stem cells into the knee.\nParticipant fee: $6,200 per "
            "knee. Apply online.")
    report = _check(text, "en")
    assert report.verdict in ("elevated", "high")
    assert "pay-to-participate" in _categories(report)


def test_sports_injuries_is_not_a_named_condition():
    text = ("Peak Regen Clinic. Book online or call (555) 555-0133.\nOur PRP and stem cell "
            "injections help with sports injuries and get you moving. 100% safe.")
    assert "disease-claim" not in _categories(_check(text, "en"))


# --- writers W and X ----------------------------------------------------------------


def test_a_german_dentist_saying_exosomes_are_advertised_as_miracles_stays_low():
    text = ("Zahnarztpraxis am See · Termin: +41 44 555 01 20\nBieten Sie auch Exosomen an?\n"
            "Nein. Wir werden oft danach gefragt, weil Exosomen in den sozialen Medien als "
            "Wundermittel beworben werden. Exosomen-Produkte sind von Swissmedic nicht "
            "zugelassen.")
    report = _check(text, "de")
    assert "cure-guarantee" not in _categories(report)


# Pages that name claims only to report, refuse or warn about them: each stays low.
_STAYS_LOW = {
    "a_patient_groups_checklist_with_a_helpline_and_reported_prices_is_no_offer": (
        "en",
        "Questions before you pay for stem cells\nLakeside Parkinson's Alliance, patient "
        "resource centre\nMembers tell our helpline they were offered exosome infusions "
        "for Parkinson's at $12,000 to $25,000. Ask whether the product is approved and "
        "whether a trial charges you. We do not endorse or receive money from any clinic.\n"
        "Call our helpline: 1-800-555-0144.",
    ),
    "a_german_abstract_counting_what_clinics_offer_is_no_offer": (
        "de",
        "Stammzell-Werbung im Netz: eine Querschnittsanalyse\nHintergrund: Kliniken bewerben "
        "Exosomen. Methoden: Wir kodierten 150 Webseiten. Ergebnisse: 48 % nannten Arthrose "
        "oder Multiple Sklerose, 20 % boten intravenöse Gaben an; Preise zwischen 500 und "
        "19.000 €. Schlussfolgerung: Die Werbung verstößt oft gegen das Heilmittelwerbegesetz.",
    ),
    "a_practice_that_has_stopped_offering_stem_cells_recommends_registered_care": (
        "en",
        "Riverside Physio | Newsletter\nWhy we've stopped offering stem cell injections\n"
        "The studies were small and the results mixed. For knee osteoarthritis we now "
        "recommend weight management, strength work and the registered medicines your GP "
        "prescribes.\nBook a knee assessment on (02) 5555 0190.",
    ),
    "a_hospital_page_naming_the_transplant_then_its_uses_describes_an_approved_product": (
        "de",
        "Klinikum Nordsee – Hämatologie\nPatienteninformation: Stammzelltransplantation\n"
        "Bei der Transplantation erhalten Sie blutbildende Stammzellen einer Spenderin oder "
        "eines Spenders. Sie ist eine etablierte Behandlung bei akuten Leukämien und "
        "schwerer aplastischer Anämie. Zu den Risiken gehören Infektionen und die "
        "Graft-versus-Host-Erkrankung.\nKontakt: Transplantationsambulanz, Tel. 0471 555 "
        "0190",
    ),
    "a_reply_that_sends_the_reader_to_book_with_their_own_doctor_is_no_offer": (
        "es",
        "Foro Piel Sana › ¿Exosomas para la rosácea?\nmarta_r escribió:\nEn mi "
        "peluquería dicen que los exosomas \"curan la rosácea y son seguros\". ¿Es "
        "cierto?\nDr_Pablo respondió:\nNo hay pruebas de eso y ningún producto de "
        "exosomas está autorizado. Pide cita con tu dermatólogo: la rosácea tiene "
        "tratamientos que funcionan.",
    ),
    "an_association_that_says_it_sells_nothing_is_no_seller": (
        "pt",
        "Associação Coração Forte · Alerta aos doentes\nAlgumas clínicas prometem que "
        "as células-tronco curam a insuficiência cardíaca, \"sem riscos\". Não há "
        "provas disso. Nós não vendemos tratamentos. Fale com a nossa equipa de apoio "
        "ou com o seu cardiologista antes de pagar seja o que for.",
    ),
    "one_messaging_app_named_three_times_in_a_fact_check_is_no_offer": (
        "es",
        "VERIFICAYA · Chequeo de datos\nFALSO: un video asegura que los exosomas "
        "curan el Alzheimer. Al final aparece un número de WhatsApp.\nLos estudios "
        "con vesículas extracelulares en enfermedades neurodegenerativas están en "
        "fase preclínica. Los productos que se aplican por vía intravenosa sin "
        "control pueden causar infecciones.\nConclusión: la afirmación es falsa. "
        "¿Recibió un contenido dudoso? Envíelo a nuestro WhatsApp de verificación.",
    ),
    "a_clinic_answering_that_patients_asked_about_exosomes_has_no_product_context": (
        "pt",
        "Clínica Dermatológica · Coimbra\nMarcações: 239 555 021 · Fale connosco\n"
        "Fazem tratamentos com exossomas?\nNão fazemos. Nos últimos meses muitos "
        "doentes perguntaram-nos por exossomas injetáveis para a queda de cabelo.\n"
        "Para a alopecia, o acne ou a rosácea, seguimos tratamentos com medicamentos "
        "autorizados. Para o envelhecimento da pele, oferecemos laser fracionado.",
    ),
    "a_warning_article_listing_quoted_phrases_stays_low": (
        "en",
        "Sports Medicine · Blog\nFive phrases on a clinic's website that should make "
        "you close the tab\nThe prices range from $3,000 to well over $30,000. I've "
        "paraphrased the phrases here.\n1. \"Made in an FDA-registered lab\"\n"
        "Registration is a listing requirement; it is not approval, and it says "
        "nothing about whether anything works.\n2. \"It's minimally manipulated\"\nThat "
        "exemption is narrow. Ask the clinic for its complication rate; compare "
        "package prices.",
    ),
    "a_hospital_cord_blood_page_in_spanish_stays_low": (
        "es",
        "Hospital Universitario · Hematología\nTrasplante de sangre de cordón "
        "umbilical\nEl trasplante de células progenitoras hematopoyéticas es un "
        "tratamiento establecido para enfermedades graves de la sangre y del sistema "
        "inmunitario. Las células se administran por infusión intravenosa a través "
        "de un catéter central.\nLas unidades proceden de bancos públicos que cuentan "
        "con licencia sanitaria de COFEPRIS.\nInformes: Coordinación de Trasplantes, "
        "extensión 4410.",
    ),
    "a_caregivers_story_that_says_it_sells_nothing_is_not_an_offer": (
        "en",
        "Lewy Body Caregivers Circle > Our Stories > Our stem cell trip, one year "
        "later\nMy husband has Lewy body dementia. Last spring we flew to a clinic in "
        "Cancun for two stem cell IV infusions. I'm not selling anything and I won't "
        "name the clinic.\nFor six weeks his hallucinations stopped. It cost us "
        "$22,000. Talk to your neurologist first.",
    ),
    "a_recall_notice_with_a_return_phone_number_is_not_an_offer": (
        "en",
        "URGENT: VOLUNTARY PRODUCT RECALL\nVitaVesicle Injectable Exosome Concentrate\n"
        "Halcyon Biologics is recalling nine lots after testing found bacteria. "
        "Adverse events have been reported, including sepsis after the product was "
        "administered intravenously. Clinics should quarantine remaining vials and "
        "contact Halcyon at 407-555-0139 for return instructions. Patients who "
        "received an infusion from these lots should seek medical care. Reports may "
        "also go to MedWatch.",
    ),
    "a_spanish_disciplinary_summary_quoting_the_doctor_stays_low": (
        "es",
        "Resumen de resolución disciplinaria — Colegio Oficial de Médicos "
        "(expediente 2024/117)\nHechos probados. El colegiado difundió mensajes como "
        "\"curamos la artrosis sin cirugía con tus propias células madre\". Cobró "
        "entre 3.500 y 7.000 euros por infiltraciones en su consulta.\nResolución. "
        "Suspensión durante seis meses y traslado del expediente a la consejería.",
    ),
}


@pytest.mark.parametrize("name", sorted(_STAYS_LOW))
def test_a_page_that_only_reports_or_refuses_claims_stays_low(name):
    lang, text = _STAYS_LOW[name]
    report = _check(text, lang)
    assert report.verdict == "low", [(f.rule, f.quote) for f in report.findings]


# --- writers Y and Z ----------------------------------------------------------------

def test_a_cord_blood_page_saying_what_transplants_are_not_approved_for_stays_low():
    text = ("Regional Cord Blood Program · Patients\nSeveral public banks' cord blood products "
            "(HPC, Cord Blood) are licensed by the FDA for transplantation in patients with "
            "disorders that affect the blood-forming system. Cord blood transplants are not "
            "approved for conditions such as autism or cerebral palsy, and we do not offer them "
            "for those uses.\nPrivate storage from $1,500. Book a consultation: (555) 555-0160.")
    report = _check(text, "en")
    assert "disease-claim" not in _categories(report)
    assert any(d.reason.startswith("negated-inside") for d in report.dismissed)


def test_a_study_fee_with_a_multi_digit_amount_is_found():
    text = ("Ästhetikzentrum Isarblick · München\nAnwendungsstudie: Exosomen-Serum nach "
            "Microneedling. Für unsere Anwendungsstudie suchen wir 60 Teilnehmende.\n"
            "Eigenbeteiligung: 890 € für alle vier Sitzungen (statt regulär 1.560 €).\n"
            "Anmeldung telefonisch unter 089 555 014 77")
    report = _check(text, "de")
    assert "pay-to-participate" in _categories(report)
    assert any(f.quote.startswith("Eigenbeteiligung: 890") for f in report.findings)


def test_an_introductory_trial_price_is_not_a_paid_study():
    text = ("Calm Skin Studio Singapore\nExosome calming facial for sensitive skin.\n"
            "Introductory trial S$198 (U.P. S$388) — first visit only. Package of 6: S$1,880.\n"
            "WhatsApp 8555 0154 to book.")
    assert "pay-to-participate" not in _categories(_check(text, "en"))


def test_a_laboratory_that_is_licensed_is_registration_not_approval():
    text = ("About Us — Southern Cross Cell Bank & Clinic, Perth WA\nOur on-site laboratory is "
            "TGA-licensed and cGMP compliant, so you can trust every cell we process.\n"
            "Stem cell banking from $2,400. Book a consultation: (08) 5555 0123.")
    report = _check(text, "en")
    assert "approval-claim" not in _categories(report)
    assert "registration-as-approval" in _categories(report)


# Offers whose claims must be found: name -> (language, verdict, categories, text).
_CLAIMED = {
    "an_exemption_joined_by_and_to_a_negated_fact_is_still_claimed": (
        "es", "high", ["exemption-claim"],
        "Instituto Renova · Preguntas frecuentes\n¿Necesitan registro del INVIMA? No. "
        "Nuestros exosomas no contienen células vivas y no se consideran medicamento. "
        "Tratamos la fibrosis pulmonar. Agenda tu cita: 601 555 0123.",
    ),
    "a_german_safety_word_with_its_letters_spaced_out_is_found_and_obfuscated": (
        "de", "elevated", ["safety-claim", "obfuscated-text"],
        "Glow Lounge Bern · Exosomen-Booster\nn e b e n w i r k u n g s f r e i und "
        "angenehm. Jetzt Termin buchen: 199 CHF.",
    ),
    "a_forum_post_with_a_referral_code_that_earns_its_writer_a_credit_sells": (
        "de", "high", ["disease-claim"],
        "Forum Familienleben › Autismus\nBeitrag von Lena_K:\nUnsere Tochter hat Autismus. "
        "Nach den Stammzell-Behandlungen in einer Klinik in Prag schläft sie endlich "
        "durch. Mit meinem Empfehlungscode LENA15 bekommt ihr 15 % Rabatt und ich eine "
        "Gutschrift.",
    ),
    "a_portuguese_faq_saying_the_procedure_is_not_considered_a_medicine_claims_exemption": (
        "pt", "high", ["exemption-claim"],
        "Clínica Mar · Perguntas frequentes\nPrecisa de autorização do INFARMED? Não. "
        "Como usamos as suas próprias células estaminais, o procedimento não é "
        "considerado um medicamento.\nMarcações: 289 555 072",
    ),
    "a_german_deal_of_the_week_with_the_old_price_is_an_offer": (
        "de", "high", ["disease-claim"],
        "Hautstudio Nordlicht – Angebot der Woche\nExosomen-Behandlung gegen Rosazea "
        "und Akne\nNur diese Woche: 189 € statt 259 €\nAntworte einfach mit TERMIN und "
        "wir melden uns.",
    ),
    "a_spanish_promo_with_the_old_price_and_a_reply_keyword_is_an_offer": (
        "es", "high", ["disease-claim"],
        "Clínica Aurora · Promoción\nExosomas para la rosácea: 180 € (antes 250 €).\n"
        "Responde CITA a este mensaje.",
    ),
    "a_trial_whose_participants_contribute_to_its_costs_is_paid": (
        "en", "elevated", ["pay-to-participate"],
        "Harbor Stem Cell Research Program · information evening\nOur program is registered "
        "on ClinicalTrials.gov (NCT01234567), proof that it meets research standards. "
        "Participants contribute toward processing costs; contributions range from "
        "$6,200 to $9,800.\nReserve a seat: harbor.example/evening",
    ),
    "a_nebuliser_dose_on_a_research_shop_page_is_a_risky_route": (
        "es", "elevated", ["risky-route"],
        "LabVesic · Solo para investigación\nVial de exosomas liofilizados, 1 ml: 180 "
        "€.\nPauta: reconstituir en 4 ml de suero y administrar mediante nebulizador "
        "cada tres días. Envío en 24 h. Añadir al carrito.",
    ),
    "an_exosome_solution_for_nasal_use_is_a_risky_route": (
        "de", "elevated", ["risky-route"],
        "VesiLab Shop\nEXO-N 5 – Exosomen-Konzentrat zur nasalen Anwendung, 5 ml\n"
        "Preis: 240 € · Versand in 2 Tagen · Jetzt in den Warenkorb",
    ),
    "a_paid_trial_in_spanish_is_not_investigational": (
        "es", "high", ["risky-route"],
        "Instituto de Medicina Celular · Ciudad de Panamá\nAplicamos células madre "
        "por vía intratecal (punción lumbar) a pacientes con ELA.\nEl programa está "
        "registrado en ClinicalTrials.gov (NCT09912345). La participación tiene un "
        "costo de 24.000 USD.\nEscríbanos: pacientes@ejemplo.example · +507 555 0199",
    ),
    "a_sponsor_read_with_a_discount_code_is_an_offer": (
        "en", "high", ["disease-claim", "risky-route"],
        "LIMITLESS LONGEVITY — Ep. 212 transcript\n[00:31:10] JAX: Quick break to "
        "talk about today's sponsor. I did their three-day exosome IV protocol in "
        "Nassau. Helix put my rheumatoid arthritis into remission. They're an "
        "FDA-registered facility, and it's completely safe.\n[00:32:05] JAX: Use code "
        "LIMITLESS for fifteen percent off your first protocol.",
    ),
    "an_open_inbox_and_room_for_new_patients_make_a_founders_post_an_offer": (
        "en", "high", ["disease-claim", "exemption-claim", "risky-route"],
        "Dr. B. H. • CEO, Sonoran Cell Therapeutics\nPeople keep asking how we can "
        "treat ALS with exosomes. Under Right to Try, no FDA approval is needed, so "
        "our clinic gives exosome infusions to people with ALS.\nIf someone you love "
        "has ALS, my inbox is open. We have capacity for six new patients this "
        "quarter.",
    ),
    "a_german_forum_post_with_a_referral_code_and_a_bonus_is_an_offer": (
        "de", "elevated", ["safety-claim", "testimonial"],
        "Läuferforum › Verletzungen › Exosomen-Spritzen?\n\nMarathon_Mike:\nIch war bei "
        "ExoSport in Hamburg. Nach zwei Exosomen-Spritzen war ich schmerzfrei. Keine "
        "Nebenwirkungen, null Risiko. Mit meinem Code MIKE20 bekommst du 20 % auf "
        "die erste Behandlung – ich bekomme dafür auch einen kleinen Bonus.",
    ),
    "own_minimally_manipulated_cells_are_the_product_in_spanish": (
        "es", "high", ["disease-claim", "exemption-claim", "risky-route"],
        "Pura Vida Cell Center · Costa Rica\n¿La terapia está aprobada por la FDA?\nNo "
        "la necesita. Trabajamos con sus propias células, mínimamente manipuladas, "
        "por lo que no requieren aprobación de ninguna agencia.\nNuestro equipo trata "
        "esclerosis múltiple por vía intravenosa. El protocolo cuesta USD 14.500.",
    ),
}


@pytest.mark.parametrize("name", sorted(_CLAIMED))
def test_an_offer_with_claims_keeps_its_verdict_and_categories(name):
    lang, verdict, categories, text = _CLAIMED[name]
    report = _check(text, lang)
    assert report.verdict == verdict, [(f.rule, f.quote) for f in report.findings]
    assert set(categories) <= _categories(report)


def test_oversight_credited_to_a_registration_stays_registration_as_approval():
    """Close call 2: "FDA-registered facility, so every lot is made under federal
    oversight" credits oversight to the registration (registration-as-approval); a page
    saying its clinic operates under FDA oversight claims approval."""
    credited = _check("Nordlys Bio · Exosome Serum, 5 vials $480\nMade in our FDA-registered "
                      "facility, so every lot of our exosome serum is produced under federal "
                      "oversight. Order online today.", "en")
    assert _categories(credited) == {"registration-as-approval"}
    assert credited.verdict == "elevated"
    claimed = _check("Nordlys Clinic · Exosome IV $900\nOur exosome clinic operates under "
                     "FDA oversight. Book online today.", "en")
    assert "approval-claim" in _categories(claimed)
    guidelines = _check("Nordlys Bio · Exosome Serum, 5 vials $480\nOur lab is FDA-registered "
                        "and follows all FDA guidelines for our exosome serum. Order today.",
                        "en")
    assert "approval-claim" in _categories(guidelines)  # "follows FDA guidelines" claims it


def test_a_patient_passing_on_the_clinics_number_makes_an_offer_of_a_testimonial_only():
    """Close calls 1 and 5: a phone number makes a forum post an offer; an unaffiliated
    patient's story of a named disease improving is then a testimonial, not a disease claim
    (elevated). The Spanish one says it in a first-person verb with no subject."""
    en = _check("Subject: update a year after stem cells in Panama (lupus)\nThis board helped "
                "me decide, so here goes. Since the second round my lupus flares have "
                "calmed down a lot. The coordinator is Ana, WhatsApp +507 555 0199. It cost "
                "me about $9k.", "en")
    assert en.verdict == "elevated", [(f.rule, f.quote) for f in en.findings]
    assert _categories(en) >= {"testimonial"} and "disease-claim" not in _categories(en)
    es = _check("Foro Rodillas › Células madre\nRespuesta de ana_58:\nMe infiltré células "
                "madre en una clínica de Rosario y a los tres meses camino 30 cuadras sin "
                "bastón. No me pagan nada. Les paso el WhatsApp: 341 555 0142.", "es")
    assert es.verdict == "elevated", [(f.rule, f.quote) for f in es.findings]
    assert "testimonial" in _categories(es) and "disease-claim" not in _categories(es)


@pytest.mark.parametrize("text", [
    # a marketplace listing: a price, a count and ratings
    "StemRevive Capsules, 60 ct | $54.95\n★★★★☆ 3.9 (2,416 ratings)\n• Stem cell activator, "
    "100% safe with no side effects\nCustomer reviews",
    # a price in pesos and a discount code
    "exosome + PRP under-eye combo, 100% safe, done on your lunch break. ₱18,500 w/ code "
    "EYES20 til Sunday",
    # a clinic's number and a free consult with a word between
    "Our exosome injections are 100% safe. Call 555-0164 for a complimentary phone consult.",
    # a basket button in the shop's own language
    "Sérum Célula Madre de Manzana\n30 ml · 42,90 €   [Añadir a la cesta]\n\nCon extracto de "
    "células madre vegetales. Sin ningún riesgo, apto para pieles reactivas.",
    "Sérum Exo-Rosa · 30 ml · 39,90 €\n[Adicionar ao cesto]\n\nUm sérum com exossomos de "
    "rosa.\n• 100% seguro, sem qualquer efeito secundário.",
    "Exosomen-Serum · 30 ml · 49,90 €\n[In den Warenkorb]\n\nMit pflanzlichen Exosomen. "
    "Völlig risikofrei und ohne Nebenwirkungen.",
])
def test_listings_and_posts_that_sell_in_other_words_are_offers(text):
    """A listing or post with a price and a way to buy sells: its safety claim is its own."""
    report = check(text)
    assert "safety-claim" in _categories(report)
    assert report.verdict == "elevated"


def test_a_licence_in_a_list_of_facility_badges_is_the_facility_s():
    """Close call 2: "a Health Canada-licensed, FDA-registered, cGMP-certified facility"
    licenses the place, however many badges stand between the licence and the noun."""
    text = ("Exosome Repair Serum, 30 mL · CAD $189 [ Add to cart ]\nOur exosomes are produced "
            "in a Health Canada-licensed, FDA-registered, cGMP-certified facility.")
    report = check(text)
    assert _categories(report) == {"registration-as-approval"}
    assert report.verdict == "elevated"


def test_a_p_shot_post_is_a_prp_offer_with_its_safety_and_permanence_claims():
    """PRP under its trade names ("P-Shot", "vampire facial") is a product: the post's
    "zero risk" and "results that last for good" are claims, with no disease named."""
    text = ("The Titan P-Shot uses platelets from YOUR OWN blood, so there's zero risk and "
            "zero side effects, with results that last for good. Book this week and save "
            "$300: link in bio or text TITAN to 555-0183.")
    report = check(text)
    assert _categories(report) == {"safety-claim", "cure-guarantee"}
    assert report.verdict == "elevated"


def test_a_physicians_warning_thread_is_no_offer():
    """"Ask for an NCT number" is advice, not "ask for Dana at the front desk"; "'No side
    effects' is also false" refutes the quoted claim."""
    text = ("🧵 A few notes on the \"exosome IV\" ads in my feed:\n"
            "1/ \"No side effects\" is also false. FDA has warned about serious adverse events.\n"
            "2/ Ask for an NCT number and an IND. If a \"study\" charges you $8,000 to join, it "
            "is not a normal trial.")
    report = check(text)
    assert report.verdict == "low"
    assert "commercial-offer" not in {s.name for s in report.signals}


def test_a_med_spa_that_refers_skin_diseases_to_a_dermatologist_makes_no_disease_claim():
    text = ("Microneedling with topical exosomes, for the look of fine lines. If you are "
            "looking for care for a skin condition such as acne, rosacea or eczema, we will "
            "refer you to a dermatologist. $395 per session. Book online or call 604-555-0139.")
    report = check(text)
    assert "disease-claim" not in _categories(report)
    assert report.verdict == "low"


def test_an_approved_product_named_beside_an_unapproved_drip_does_not_excuse_the_drip():
    """Close call 10: the page says truly that Ryoncil is approved, but what it sells is an
    IV drip of umbilical cord MSCs "in our lounge" - an unapproved product by a risky route."""
    text = ("Cellular Renewal Drip\nWhat it is: an IV infusion of umbilical cord MSCs, given in "
            "our lounge over about 90 minutes.\nIn December 2024 the FDA approved one MSC "
            "product, Ryoncil, for children with steroid-refractory acute graft-versus-host "
            "disease. Our drip is not that product.\n$6,800 per drip. Call (555) 011-5528.")
    report = check(text)
    assert "risky-route" in _categories(report)
    assert report.verdict == "elevated"


def test_a_patients_harm_story_with_the_price_paid_is_a_warning():
    """A bloodstream infection, a hospital admission and IV antibiotics after a clinic's
    "MSC infusions" are a warning to the forum, not an offer of the route."""
    text = ("LupusLink Forums > Thread: Please read before you book an IV stem cell trip\n"
            "In March I flew to a clinic for \"umbilical MSC\" infusions, $14,500 for three IVs. "
            "Two days after I got home I was admitted to hospital with a bloodstream infection "
            "and needed IV antibiotics. My lupus is the same as before, and now I have hospital "
            "bills on top of the clinic bill.")
    report = check(text)
    assert report.verdict == "low"
    assert "risky-route" not in _categories(report)


def test_a_free_screening_and_a_named_team_are_booking_cues():
    text = ("Our FDA-approved Nerve Renewal protocol places amniotic exosomes along the nerves. "
            "Free neuropathy screening this week only. Call 941-555-0136 and ask for the Nerve "
            "Renewal team.")
    report = check(text)
    assert "approval-claim" in _categories(report)
    assert report.verdict == "high"


def test_a_price_a_patient_reports_in_a_forum_post_is_no_offer():
    """A patient asking a forum about a clinic's price and claims: the price is the clinic's,
    reported, and the claims are quoted to ask about them."""
    post = ("Posted by hannah_k in Knee Pain Forum\n\n"
            "A clinic near me says their stem cell drip is completely safe and FDA approved. "
            "They quoted $6,200 for the package. Is that true? My appointment with my own "
            "surgeon is next week and I don't want to waste the booking.\n\n"
            "Re: reply from ortho_nurse\nNo stem cell drip is FDA approved for knees. "
            "Ask your surgeon first.")
    report = check(post)
    assert not any(s.name == "commercial-offer" for s in report.signals)
    assert report.verdict == "low"
    shop = post.replace("Posted by hannah_k in Knee Pain Forum", "Our clinic: DM to book")
    assert check(shop).verdict != "low"  # the same price on a seller's page still counts


def test_a_law_firm_page_about_clinic_injuries_is_informational():
    """A law firm's offer is of legal services: the clinic claims it reports are not its own."""
    text = ("Hollis & Crane LLP | Product Liability\n\nHurt by a stem cell clinic? Many of our "
            "clients paid for stem cell infusions for arthritis after ads said they were FDA "
            "approved. Our attorneys offer a free case review and work on a contingency "
            "basis.\n\nCall 555-0133 today. Attorney advertising.")
    report = check(text)
    assert report.verdict == "low", [(f.rule, f.quote) for f in report.findings]
    assert any(s.name == "informational-genre" for s in report.signals)


@pytest.mark.parametrize("text, word", [
    ("Microneedling mit Exosomen-Serum in unserer Praxis, 180 €. Termin unter 089 555 0101 "
     "buchen. Bei Akne, Rosazea oder Schuppenflechte im Gesicht ist die Behandlung leider "
     "nicht möglich.", "Akne"),
    ("Exosome facial at our clinic, $240. Book on 555-0101. With active acne or psoriasis on "
     "the face the treatment cannot be performed.", "acne"),
    ("Facial con exosomas en nuestra clínica, 90 €. Reserva por WhatsApp al 55 5555 0101. "
     "Con acné activo o psoriasis no es posible hacer el tratamiento.", "acné"),
    ("Facial com exossomos na nossa clínica, R$ 390. Agende pelo WhatsApp (11) 95555-0101. "
     "Com acne ativa ou psoríase não é possível fazer o procedimento.", "acne"),
])
def test_a_condition_that_rules_a_treatment_out_is_no_claim(text, word):
    report = check(text)
    assert not [f for f in report.findings if f.category == "disease-claim"], [
        (f.rule, f.quote) for f in report.findings]
    assert any(d.quote.lower().startswith(word.lower()) and d.reason.startswith(
        "contraindicated") for d in report.dismissed)


def test_a_condition_named_as_a_possible_sign_is_no_claim():
    text = ("PRP scalp sessions for thinner-looking hair, $500. Book online.\n"
            "Sudden alopecia can be a sign of a thyroid problem, so see your doctor first.")
    report = check(text)
    assert "disease-claim" not in _categories(report)


def test_a_device_named_before_its_clearance_is_the_device():
    text = ("Our PRP menu: $700 a session, book online. The centrifuge we use is "
            "FDA-cleared. Our exosome facial is FDA-cleared for wrinkles.")
    report = check(text)
    approvals = [f.quote for f in report.findings if f.category == "approval-claim"]
    assert approvals == ["FDA-cleared"]  # the facial's, not the centrifuge's
    assert any(d.reason.startswith("device-clearance") for d in report.dismissed)


def test_a_question_that_opens_with_an_approval_claim_asks_it():
    asked = ("Soroterapia com exossomos, R$ 900 a sessão. Agende pelo WhatsApp.\n"
             "Exossomos são aprovados pela Anvisa?\nNão. Nenhum produto de exossomos tem "
             "registro.")
    assert "approval-claim" not in _categories(check(asked))
    hook = ("Joelho com artrose? Nossa terapia com células-tronco, R$ 9.000. "
            "Agende pelo WhatsApp.")
    assert "disease-claim" in _categories(check(hook))  # a condition opening a hook


def test_you_can_work_during_a_drip_is_no_testimonial():
    offer = ("Soro de exossomos na veia, R$ 1.200. Agende pelo WhatsApp. Você pode trabalhar "
             "no notebook enquanto recebe o soro.")
    assert "testimonial" not in _categories(check(offer))
    story = ("Fiz três sessões de células-tronco. Hoje posso trabalhar de novo, sem dor na "
             "coluna.")
    assert "testimonial" in _categories(check(story))


def test_a_forums_house_rule_naming_referral_codes_is_no_affiliate():
    post = ("MS Forum > Treatment questions\nSubject: A clinic offers IV stem cells for MS. "
            "Anyone tried it?\nmaya_r wrote: The package is $28k and they say it stops MS. My "
            "neurologist says no.\nModerator: clinic promotion and referral codes are removed "
            "under rule 4.")
    assert check(post).verdict == "low"
    paid = post.replace("clinic promotion and referral codes are removed under rule 4.",
                        "use my referral code for $500 off.")
    assert check(paid).verdict != "low"  # a writer who earns from the referral sells


def test_a_question_taking_up_a_new_case_asks_it():
    text = ("Guardamos células-tronco do cordão: coleta R$ 3.900. Fale com a gente pelo "
            "WhatsApp.\nE para autismo, paralisia cerebral ou diabetes?\nEsses usos ainda são "
            "experimentais e não prometemos nada.")
    report = check(text)
    assert "disease-claim" not in _categories(report)
    assert any(d.reason.startswith("asked") for d in report.dismissed)


def test_severe_anaemias_are_among_cord_blood_uses():
    text = ("Banco de cordão: coleta R$ 3.900. Fale com a gente pelo WhatsApp.\n"
            "O sangue do cordão é rico em células-tronco hematopoéticas. Ele é usado em "
            "transplantes para tratar doenças do sangue, como algumas leucemias, linfomas e "
            "anemias graves, quando o hematologista indica.")
    assert check(text).verdict == "low"


@pytest.mark.parametrize("line", [
    "We also offer FDA-approved Botox and Juvederm fillers.",
    "FDA-approved hyaluronic acid injections for knee osteoarthritis pain are on our menu.",
])
def test_approvals_of_products_sold_beside_exosomes_are_true(line):
    text = f"Glow Clinic: exosome facials, $299 a session. Book online.\n{line}"
    report = check(text)
    assert report.verdict == "low", [(f.rule, f.quote) for f in report.findings]
    assert any(d.reason.startswith("true-statement") for d in report.dismissed)


def test_an_approval_beside_an_exosome_in_one_sentence_stays_a_claim():
    text = ("Glow Clinic, $299 a session. Book online. Try our FDA-approved exosome and "
            "Botox facials.")
    assert "approval-claim" in _categories(check(text))


def test_an_indirect_question_asks_but_a_sellers_own_words_do_not():
    advice = ("Exosome facials for glow, $200 a session. Book online.\n"
              "If another clinic says its exosome injection is FDA registered, ask what the "
              "product is approved for.")
    assert "approval-claim" not in _categories(check(advice))
    seller = "Book now, $299. Call and ask what our FDA-approved exosome IV can do for you."
    assert "approval-claim" in _categories(check(seller))


@pytest.mark.parametrize("true_line", [
    "Juvederm fillers smooth nasolabial folds.",
    "FDA-approved hyaluronic acid injections for knee osteoarthritis are also available.",
])
def test_a_true_approval_of_a_product_sold_beside_excuses_no_other_claim(true_line):
    text = (f"Glow Clinic. Book now, $299 a session. {true_line} "
            "Our exosome facials heal acne and rosacea.")
    report = check(text)
    assert "disease-claim" in _categories(report)
    assert report.verdict == "high"


def test_a_practice_that_does_not_offer_the_product_names_conditions_for_its_own_care():
    page = ("Harbour Orthopaedics | Conditions: Osteoarthritis, Rotator cuff tears, Back pain | "
            "Contact\nWhy we don't offer stem cell or exosome injections\nAdvertisements promise "
            "that stem cell injections regrow cartilage. The evidence is not there yet. We "
            "offer physiotherapy, bracing and surgery instead.\nBook an "
            "appointment: (03) 5550 3317.")
    report = check(page)
    assert report.verdict == "low", [(f.rule, f.quote) for f in report.findings]
    assert any(d.reason.startswith("disowned") for d in report.dismissed)
    # a disowned word does not excuse a product the page does sell
    seller = page + "\nOur exosome IV drip treats MS and Parkinson's, $900 a session."
    assert check(seller).verdict == "high"


def test_a_story_retold_on_a_page_that_does_not_offer_the_product_is_no_testimonial():
    text = ("Blog: ¿Las células madre curan la displasia de mi perro? Tres familias vieron un "
            "video de un labrador que \"volvió a correr\" después de una inyección de células "
            "madre.\nNo ofrecemos terapia con células madre. Agenda una valoración: 33 5555 "
            "0162.")
    assert "testimonial" not in _categories(check(text))


def test_a_price_the_market_usually_charges_is_no_offer():
    faq = ("Ihre Krankenkasse informiert: Zahlt die Kasse PRP? Nein. PRP-Injektionen werden "
           "privat abgerechnet, in der Regel zwischen 100 und 400 Euro pro Sitzung. Für PRP "
           "bei Kniearthrose sind die Studien klein. Stammzellbehandlungen gegen Arthrose sind "
           "keine zugelassenen Therapien; wir raten zur Vorsicht.")
    assert check(faq).verdict == "low"
    clinic = faq.replace("in der Regel zwischen", "bei uns für")
    assert "commercial-offer" in {s.name for s in check(clinic).signals}


def test_a_vitamin_lounge_that_answers_no_to_exosome_ivs_offers_no_risky_route():
    lounge = ("Saltwater IV: hydration drips from $115, vitamins and fluids. Book now: "
              "555-0155.\nDo you offer exosome or stem cell IVs? No. They are unapproved and "
              "the FDA has warned about them.\nBooking guarantees your slot.")
    report = check(lounge)
    assert report.verdict == "low", [(f.rule, f.quote) for f in report.findings]
    # a product named with the route is still the page's own
    seller = lounge + " Our new exosome IV drip is $400."
    assert "risky-route" in _categories(check(seller))


def test_a_state_board_advisory_quoting_claims_is_informational():
    advisory = ("STATE BOARD OF MEDICINE - Advisory to Licensees No. 2025-07\nThe Board has "
                "received complaints about exosome products. Examples from complaints: "
                "\"FDA-approved exosome facial\", \"Exosome IV for long COVID\". Licensees who "
                "supervise such products may face discipline for unprofessional conduct. "
                "Report concerns by calling 555-0100. Issued by order of the Board.")
    assert check(advisory).verdict == "low"


def test_approvals_of_other_products_on_a_page_that_declines_the_product_are_its_own():
    dental = ("Harrowgate Periodontics. Gum disease treatment: scaling and root planing.\n"
              "Emdogain, an enamel matrix gel that is FDA-approved for intrabony defects, may "
              "be used in gum surgery.\nYou may have seen stem cell gels marketed for gums. "
              "We do not offer them: none is approved.\nBook directly on 555-0172.")
    report = check(dental)
    assert report.verdict == "low", [(f.rule, f.quote) for f in report.findings]
    # an approval said of the product itself stays a claim, whatever else is declined
    seller = dental + " Our FDA-approved exosome gum serum is $90."
    assert "approval-claim" in _categories(check(seller))


def test_knee_injections_of_hyaluronic_acid_are_true_for_the_knee_only():
    page = "Glow Clinic: exosome facials, $200, book now. {line}"
    knee = check(page.format(line="Hyaluronic acid injections can help pain in knees with "
                                  "osteoarthritis."))
    assert "disease-claim" not in _categories(knee)
    hip = check(page.format(line="FDA-approved hyaluronic acid injections for hip "
                                 "osteoarthritis."))
    assert "approval-claim" in _categories(hip)


def test_others_advertising_a_cure_is_attributed_and_a_cleared_pen_is_a_device():
    text = ("Cartilage clinic: MACI and microfracture, book a consult $150.\nYou may see "
            "clinics advertising stem cell injections to regrow cartilage; they are not "
            "approved.\nOur microneedling uses an FDA-cleared pen, then a topical exosome "
            "serum for glow.")
    report = check(text)
    assert not {"disease-claim", "approval-claim"} & _categories(report), [
        (f.rule, f.quote) for f in report.findings]


def test_a_parent_who_sold_the_car_in_a_thread_of_replies_is_no_seller():
    thread = ("Fórum Mães Atípicas › Tratamentos\nTópico de Renata · 02/02\nUma clínica me "
              "ofereceu infusão de células-tronco para TEA. Custa US$ 22 mil. Alguém já fez?\n"
              "Resposta de Cláudia · 02/02\nEu fiz com meu filho. Gastamos R$ 140 mil, "
              "vendemos o carro. Nenhuma mudança.\nResposta de Dra_Helena (moderadora) · 03/02\n"
              "Não existe tratamento com células-tronco aprovado para autismo.\nResposta de "
              "Gui · 04/02\nForça, Renata.")
    assert check(thread).verdict == "low"


def test_a_we_dont_answer_disowns_and_a_referral_for_acne_is_advice():
    vet = ("Oakhurst Veterinary Hospital: arthritis in dogs and cats.\nLibrela is FDA-approved to "
           "control pain associated with osteoarthritis in dogs.\nDo you offer stem cell "
           "therapy?\nWe don't. No stem cell product for animals has FDA approval.\nCall "
           "555-0123 to book.")
    assert check(vet).verdict == "low", [(f.rule, f.quote) for f in check(vet).findings]
    spa = ("Glow Medspa: exosome facials $200, book online. Do you treat clients under 18? "
           "Teenagers with acne are better served by a dermatologist, and we are happy to "
           "refer.")
    assert "disease-claim" not in _categories(check(spa))


def test_a_sellers_own_approval_beside_a_true_one_must_be_true_itself():
    text = ("Crestmoor Stem Cell Institute\nCord blood stem cells have been FDA approved for "
            "transplants in blood cancers such as leukaemia for more than a decade.\nOur "
            "Wharton's jelly cell therapy is FDA approved for orthopaedic use.\nConditions we "
            "treat: knee osteoarthritis, rotator cuff tears.\nConsultation $250. Call (480) "
            "555-0152.")
    report = check(text)
    assert "approval-claim" in _categories(report)
    assert report.verdict == "high"


@pytest.mark.parametrize("dash", ["\u2010", "\u2011", "\u2012", "\u2013"])
def test_a_word_joining_dash_is_a_hyphen(dash):
    text = f"Book now, $300. Our FDA{dash}approved exosome IV drip."
    report = check(text)
    assert "approval-claim" in _categories(report)
    found = next(f for f in report.findings if f.category == "approval-claim")
    assert found.quote == f"FDA{dash}approved"  # offsets still point into the original


def test_a_spaced_dash_stays_punctuation():
    text = "Book now, $300. Exosomes \u2013 approved? No."
    assert "approval-claim" not in _categories(check(text))


def test_hair_lost_to_alopecia_is_no_harm_that_refutes():
    text = ("Webinar, $300 off. Our Health Canada-cleared exosome scalp protocol helps regrow "
            "hair lost to alopecia areata.")
    assert "approval-claim" in _categories(check(text))


def test_german_not_a_drug_with_the_subject_between_is_an_exemption():
    text = ("Kosten 4.900 € pro Knie, jetzt Termin buchen. Da nur Ihre eigenen Zellen verwendet "
            "werden, gilt die Behandlung nicht als Arzneimittel.")
    assert "exemption-claim" in _categories(check(text))
