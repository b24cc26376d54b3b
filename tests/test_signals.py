"""doc_signals stops counting where no reader can tell the difference, skips rare macros an
RE2 set finds absent and searches clauses as ranges of the text; every judgement must equal
the straightforward computation's."""

from __future__ import annotations

import re

import pytest
import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from regenwatch.match import compiled_macro, find_all
from regenwatch.model import Signal
from regenwatch.signals import _QUOTED, DocSignals, _in, doc_signals, product_mentions

COUNTS = ("offer_strong", "offer_weak", "price", "info", "trial", "trial_fee")


def _all(language, name, text):
    regex = compiled_macro(language, name)
    return [] if regex is None else list(find_all(regex, text))[:50]


def _macro(language, name):
    return compiled_macro(language, name) or compiled_macro("en", name)


def _affirmed(text, hits, language):
    """The plain computation: slice each clause out and search it as its own string."""
    n = 0
    for s, e in hits:
        line_start = text.rfind("\n", 0, s) + 1
        clause = re.split(r"[.;:!?]", text[max(line_start, s - 60):s])[-1]
        breaks = list(find_all(_macro(language, "clause_breaks"), clause))
        if breaks:
            clause = clause[breaks[-1][1]:]
        line_end = text.find("\n", e)
        rest = text[e:len(text) if line_end < 0 else line_end]
        asked = rest.split(".")[0].rstrip().endswith("?")
        negs = list(find_all(_macro(language, "negation_words"), clause))
        negated = bool(negs) and not list(
            find_all(_macro(language, "own_words"), clause, negs[-1][1]))
        n += not negated and not asked
    return n


def reference(language: str, text: str) -> DocSignals:
    """Uncapped counts (50 hits at most, as ever), every line searched anew."""
    sig = DocSignals(**{a: len(_all(language, a, text)) for a in COUNTS})
    quoted = list(find_all(_QUOTED, text))

    def unquoted(hits):
        return [(s, e) for s, e in hits if not any(a <= s < b for a, b in quoted)]

    def said(hits):  # "do not book": a negation among the three words before, same clause
        out = []
        for s, e in hits:
            clause = re.split(r"[.;:!?,()—–\n]", text[max(0, s - 40):s])[-1]
            tail = " ".join(clause.split()[-3:])
            if not list(find_all(_macro(language, "negation_words"), tail)):
                out.append((s, e))
        return out

    def not_to_doctor(hits):  # "book an appointment with your GP": the reader's doctor
        doctor = _macro(language, "own_doctor")
        return [(s, e) for s, e in hits if doctor is None or not any(
            a <= 12 for a, _b in find_all(doctor, text[e:e + 60]))]

    def not_salary(hits):  # "sueldo de S/ 8.500": what a job pays
        salary = _macro(language, "salary_words")
        out = []
        for s, e in hits:
            clause = re.split(r"[.;:!?,()—–\n]", text[max(0, s - 40):s])[-1]
            if salary is None or not list(find_all(salary, " ".join(clause.split()[-4:]))):
                out.append((s, e))
        return out

    for attr in ("offer_strong", "price"):  # quoted cues are someone else's
        hits = not_to_doctor(said(unquoted(_all(language, attr, text))))
        setattr(sig, attr, len(not_salary(hits) if attr == "price" else hits))
    sig.offer_weak = len(not_to_doctor(said(unquoted(_all(language, "offer_weak", text)))))
    weak = not_to_doctor(said(unquoted(_all(language, "offer_weak", text))))[:10]
    sig.offer_weak_kinds = len({text[s:e].lower() for s, e in weak})
    def just_negated(s):  # "não vendemos": the word right before the seller's verb
        words = re.split(r"[.;:!?,()—–\n]", text[max(0, s - 40):s])[-1].split()
        return bool(words) and bool(list(find_all(_macro(language, "negation_words"),
                                                  words[-1])))

    sig.seller_voice = sum(1 for s, _e in _all(language, "seller_voice", text)
                           if not any(a <= s < b for a, b in quoted) and not just_negated(s))
    sig.product = _affirmed(text, _all(language, "product", text), language)
    if sig.seller_voice == 0 and _all(language, "product_disowned", text):
        sig.product = 0  # "we do not offer stem cell treatment"
    seller = compiled_macro(language, "seller_voice")

    def on_seller_line(s):
        lo, hi = text.rfind("\n", 0, s) + 1, text.find("\n", s)
        return any(True for _ in find_all(seller, text, lo, len(text) if hi < 0 else hi))

    sig.unapproved_product = _affirmed(text, [
        h for h in _all(language, "unapproved_product", text) if on_seller_line(h[0])],
        language)
    for macro, name in (("ind_number", "ind-number"), ("nct_number", "nct-number"),
                        ("disclaimer", "disclaimer")):
        sig.spans.extend(Signal(name, s, e) for s, e in _all(language, macro, text))
    return sig


def judgements(sig: DocSignals):
    return (sig.offer_score, sig.informational, sig.is_offer, sig.investigational,
            sig.has_registered_trial, sig.product > 0, sig.unapproved_product > 0,
            sig.seller_voice == 0, sig.seller_voice >= 3, min(sig.offer_weak_kinds, 2),
            sig.doc_signals())


def assert_same(language: str, text: str):
    got, ref = doc_signals(language, text), reference(language, text)
    assert judgements(got) == judgements(ref)
    assert got.spans == ref.spans
    caps = {"offer_strong": 4, "offer_weak": 3, "price": 2, "trial": 1, "trial_fee": 1,
            "seller_voice": 4, "product": 1, "unapproved_product": 1,
            "info": max(3, ref.offer_score)}
    for attr, cap in caps.items():
        assert getattr(got, attr) == min(getattr(ref, attr), cap), attr
    assert product_mentions(language, text) == ref.product
    assert product_mentions(language, text, 1) == min(ref.product, 1)


WORDS = {
    "en": ["our clinic", "our", "exosomes", "exosome", "stem cells", "no", "not", "don't",
           "without", "since", "but", "your", "book now", "call today", "$4,500", "price",
           "FDA approved", "results may vary", "investigational", "IND 12345",
           "NCT01234567", "clinical trial", "no study fee", "research", "study", "we offer",
           "Do you offer", "?", ".", ";", ":", "!", ",", "\n", '"', "“", "”", "«", "»",
           "é", "ñ", "café", "Über", "😀", "schedule", "consultation", "wharton's jelly",
           "amniotic", "secretome", "cells", "we", "free of", "researchers", "according to",
           "published", "journal", "experts", "unproven", "buy now", "per vial", "packages"],
    "es": ["nuestra clínica", "nuestros", "exosomas", "células madre", "no", "sin", "pero",
           "ofrecemos", "precio", "¿", "?", ".", "\n", '"', "ñ", "estudio", "ensayo clínico",
           "NCT01234567", "reserve su cita", "su", "tratamiento", "secretoma"],
    "de": ["unsere Klinik", "unser", "Exosomen", "Stammzellen", "nicht", "kein", "seit",
           "wir bieten", "Preis", "?", ".", "\n", '"', "„", "“", "ü", "Studie", "IND 4567",
           "Termin buchen", "Ihre", "Behandlung", "Sekretom"],
}


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(WORDS)).flatmap(lambda lang: st.tuples(
    st.just(lang),
    st.lists(st.sampled_from(WORDS[lang] + WORDS["en"]), max_size=60),
    st.lists(st.sampled_from([" ", "", "  ", "-", "\n"]), min_size=60, max_size=60))))
def test_same_judgements_as_the_plain_computation(case):
    lang, words, seps = case
    assert_same(lang, "".join(w + s for w, s in zip(words, seps, strict=False)))


@pytest.mark.parametrize("text", [
    "",
    "Our clinic offers exosomes. Book now! Our team, our doctors, our nurses and our lab.",
    'The letter cites "our exosome clinic" and "our team". We offer no stem cells or exosomes.',
    "Do you offer exosomes? No. Our clinic does not sell amniotic products.\nOur clinic: "
    "amniotic allograft, $4,500.",
    "No risks with our exosome treatment; without any stem cells since our exosomes work.",
    "NCT01234567 and IND 12345: an investigational trial, no study fee. Results may vary.",
    "ñexosomes exosomesé café-exosomes über-stem cells\n" * 30,
    "our clinic " * 80 + "exosomes " * 80,
    # more info words than offer_score: informational only if info is counted past 3
    "Researchers published in a journal. Experts say it is unproven. According to the study, "
    "researchers found nothing. Book now, buy now: $500, consultation.",
    "Amniotic allografts are popular.\nOur clinic is downtown.",  # the seller's other line
    "Our clinic is downtown.\nAmniotic allografts are popular.",
    "We do not\nsell exosomes",  # the clause starts on the product's line
    "Do you sell exosomes?\nYes, we do.",  # asked: the question ends the line
    "I can" + "not buy any, whatever it costs, of the".ljust(40) + "exosomes",  # cut "cannot"
])
def test_tricky_pages(text):
    assert_same("en", text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab é\nnoü.", max_size=30), st.integers(0, 30), st.integers(0, 30),
       st.integers(0, 30), st.sampled_from([r"\bno\b", r"[a-zé]+", r"é+", r"o\s?ü", r"(?i)b"]))
def test_range_search_equals_searching_the_slice(text, a, b, c, pattern):
    edge, lo, hi = sorted(min(x, len(text)) for x in (a, b, c))
    regex = re2.compile(pattern)
    slice_ = text[edge:hi]
    want = [(s + edge, e + edge) for s, e in find_all(regex, slice_, lo - edge)]
    assert _in(regex, text, lo, hi, edge) == want
