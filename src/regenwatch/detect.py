"""Run a language pack over a normalised text: candidates, context, keep or dismiss.

Every candidate ends as a finding or as a dismissed entry that names the modifier and the
trigger that removed it, so a reviewer can see why (Presidio's explanation habit, but our
context drops rather than only raising scores).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from regenwatch.context import ContextPack, modifiers_for, opens_question
from regenwatch.match import CompiledRule, compiled_macro, find_all, rule_sentences
from regenwatch.re2scan import spans
from regenwatch.segment import Sentence
from regenwatch.signals import DocSignals


@dataclass(frozen=True)
class Candidate:
    rule: CompiledRule
    start: int  # analysis-text offsets
    end: int
    modifiers: tuple[str, ...]
    dismissed_by: str | None  # reason, or None when kept


class SentenceIndex:
    def __init__(self, sentences: list[Sentence]):
        self.sentences = sentences
        self.starts = [s.start for s in sentences]
        self.ends = [s.end for s in sentences]

    def touched(self, regex, text: str) -> list[int]:
        """Indices of the sentences that overlap a match of regex (matches unfiltered, so a
        looser regex's hits cover every sentence where the exact one can match)."""
        hit: set[int] = set()
        for s, e in spans(regex, text):
            k = bisect.bisect_right(self.ends, s)  # first sentence ending after s
            while k < len(self.starts) and self.starts[k] < max(e, s + 1):
                hit.add(k)
                k += 1
        return sorted(hit)

    def at(self, pos: int) -> int | None:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self.sentences[i].end:
            return i
        return None


def _has_first_person(text: str, sent: Sentence, first_person) -> bool:
    """A speaker in the sentence (the pack's `first_person` words: I, my, we, our...)."""
    return first_person is not None and any(
        True for _ in find_all(first_person, text, sent.start, sent.end))


def _own_disease_sentence(text: str, sent: Sentence, first_person, language) -> bool:
    """The seller speaks ("our", "we", "tratamos") and names a disease in this sentence."""
    condition = compiled_macro(language, "condition") if language else None
    if condition is None or not any(True for _ in find_all(condition, text, sent.start,
                                                            sent.end)):
        return False
    return _seller_speaks(text, sent, first_person, language)


def _names_never_approved(sentence: str) -> bool:
    from regenwatch.kb import load as load_kb

    return load_kb().names_never_approved(sentence)


def _seller_speaks(text: str, sent: Sentence, first_person, language) -> bool:
    """The seller speaks in this sentence ("our", "we", "tratamos")."""
    seller = compiled_macro(language, "seller_voice") if language else None
    return _has_first_person(text, sent, first_person) or (seller is not None and any(
        True for _ in find_all(seller, text, sent.start, sent.end)))


def _lead_ok(cr: CompiledRule, text: str, sentences: list[Sentence], idx: int, cs: int) -> bool:
    """kind=listed: the item is short and a lead-in line sits just above (or before it)."""
    sent = sentences[idx]
    words = len(text[sent.start:sent.end].split())
    whole_line = sent.start == sent.line_start or text[sent.line_start:sent.start].strip() == ""
    if not (sent.is_list_item and words <= 14) and not (whole_line and words <= 6):
        return False
    lo_idx = max(0, idx - cr.rule.window)
    lo = sentences[lo_idx].start
    return any(True for _ in find_all(cr.lead, text, lo, cs))


def _disclaimed(regex, text: str, sent: Sentence, nxt: Sentence | None, e: int,
                language: str | None = None) -> str | None:
    """A registration stated with an explicit 'this is not an approval' beside it. "They
    need no approval" is not one: it claims an exemption (the need words tell them apart)."""
    need = compiled_macro(language, "need_words") if language else None
    for lo, hi in ((e, sent.end), (nxt.start, nxt.end) if nxt else (0, 0)):
        for s, t in find_all(regex, text, lo, hi):
            if need is not None and any(True for _ in find_all(need, text, s, t)):
                continue
            return text[s:t]
    return None


def _plain_registration(text: str, sent: Sentence, s: int, e: int, ctx: ContextPack,
                        language: str | None) -> str | None:
    """A registration told as a plain fact ("registered with the FDA as a human cells and
    tissues establishment (FEI ...)") with no badge wording beside it (close call 2)."""
    if not language:
        return None
    plain = compiled_macro(language, "registration_plain")
    badge = compiled_macro(language, "registration_badge")
    hit = next(find_all(plain, text, sent.start, sent.end), None) if plain else None
    if hit is None or (badge is not None
                       and any(True for _ in find_all(badge, text, sent.start, sent.end))):
        return None
    return text[hit[0]:hit[1]]


def _guarantees_no_outcome(text: str, sent: Sentence, s: int, e: int, ctx: ContextPack,
                           language: str | None) -> str | None:
    """A guarantee of something other than results beside the word ("quality is
    guaranteed", "rooting guaranteed", "your guarantee of a legitimate product")."""
    other = compiled_macro(language, "guarantee_non_outcome") if language else None
    if other is None:
        return None
    for a, b in find_all(other, text, max(sent.start, s - 30), min(sent.end, e + 30)):
        return text[a:b]
    return None


def _facility_licence(text: str, sent: Sentence, s: int, e: int, ctx: ContextPack,
                      language: str | None) -> str | None:
    """"Made in a TGA-licensed, GMP-certified facility": the licence belongs to the place
    that makes the product (close call 2: registration-as-approval), not to the product."""
    after = compiled_macro(language, "licensed_facility_after") if language else None
    # the pack's licence words ("TGA-licensed", "Swissmedic-geprüft"); an approval word
    # ("an FDA-approved facility") stays an approval claim
    word = compiled_macro(language, "facility_licence_word") if language else None
    if after is None or word is None or not any(True for _ in find_all(word, text, s, e)):
        return None
    for _a, b in find_all(after, text, e, min(sent.end, e + 60)):
        return text[s:b]
    # "Our on-site laboratory is TGA-licensed": the place named just before the licence
    before = compiled_macro(language, "licensed_facility_before")
    if before is not None:
        for a, _b in find_all(before, text, max(sent.start, s - 60), s):
            return text[a:e]
    return None


_AND = frozenset({"and", "y", "e", "und", "so", "also"})


def _coordinated_negative_claim(text: str, s: int, e: int, language: str | None) -> bool:
    """The claim opens with its own negation word and follows "and" ("... y no se
    consideran medicamento", "... and need no approval")."""
    negation = compiled_macro(language, "negation_words") if language else None
    before = text[max(0, s - 12):s].split()
    return (negation is not None and bool(before) and before[-1].lower() in _AND
            and any(a == s for a, _b in find_all(negation, text, s, e)))


def _credited_to_registration(text: str, sent: Sentence, s: int, e: int, ctx: ContextPack,
                              language: str | None) -> str | None:
    """"Made in our FDA-registered facility, so every lot is under federal oversight":
    oversight or standards credited to a registration, with no approval word of their own,
    stay registration-as-approval (close call 2)."""
    words = compiled_macro(language, "registration_word") if language else None
    oversight = compiled_macro(language, "oversight_word") if language else None
    approved = compiled_macro(language, "approved_word") if language else None
    if words is None or oversight is None or not any(True for _ in find_all(oversight, text,
                                                                             s, e)):
        return None  # "follows FDA guidelines" is an approval claim whatever stands beside it
    if approved is not None and any(True for _ in find_all(approved, text, s, e)):
        return None
    for a, b in find_all(words, text, sent.start, sent.end):
        if not (s <= a < e):
            return text[a:b]
    return None


def _device_clearance(text: str, sent: Sentence, s: int, e: int, ctx: ContextPack,
                      language: str | None) -> str | None:
    """"Prepared with an FDA-cleared device": the clearance is the device's, which is true
    and says nothing of the product made with it."""
    device = compiled_macro(language, "device_noun") if language else None
    if device is None:
        return None
    product = compiled_macro(language, "product")
    for a, b in find_all(device, text, e, min(sent.end, e + 40)):
        # "cleared device", "cleared processing system"; an "FDA-cleared exosome kit" is
        # the product itself
        if len(text[e:a].split()) <= 2 and not (
                product is not None and any(True for _ in find_all(product, text, e, a))):
            return text[a:b]
        break
    # "The centrifuge system we use is FDA-cleared": the device is the subject, a few words
    # before, with no product word between it and the clearance
    lo = max(sent.start, s - 50)
    for a, b in reversed(list(find_all(device, text, lo, s))):
        between = text[b:s]
        if len(between.split()) <= 4 and not (
                product is not None and any(True for _ in find_all(product, text, b, s))):
            return text[a:b]
        break
    return None


def _negated_inside(text: str, sent: Sentence, s: int, e: int, ctx: ContextPack,
                    language: str | None) -> str | None:
    """A product-for-condition span with its own negation between them ("cord blood
    transplants are not approved for autism", "PRP is not a cure for arthritis"): the
    sentence says what the product is not for. Seller phrases such as "without surgery" are
    the context pack's pseudo triggers and do not count."""
    negation = compiled_macro(language, "negation_words") if language else None
    if negation is None:
        return None
    pseudo = list(find_all(ctx.pseudo, text, s, e)) if ctx.pseudo is not None else []
    for a, b in find_all(negation, text, s, e):
        if not any(pa <= a and b <= pb for pa, pb in pseudo):
            return text[a:b]
    return None


def _advice_to_see_a_doctor(text: str, sent: Sentence, s: int, e: int,
                            language: str | None) -> str | None:
    """"If you have eczema or rosacea, consult your dermatologist before use": a condition
    named under "if you have" whose sentence goes on to send the reader to a doctor is a
    caution, not a claim. "Si padeces artrosis, te ayudamos" (the seller helps) stays one."""
    if language is None:
        return None
    opener = compiled_macro(language, "advice_if")
    advice = compiled_macro(language, "medical_advice")
    if opener is None or advice is None:
        return None
    if not any(True for _ in find_all(opener, text, sent.start, s)):
        return None
    for a, b in find_all(advice, text, e, sent.end):
        return text[a:b]
    return None


# Checks a rule asks for by naming them in its context list: each returns the words that
# excuse this claim (the modifier's trigger), or None.
_CLAIM_CHECKS = {
    "non-outcome": _guarantees_no_outcome,
    "negated-inside": _negated_inside,
    "facility-licence": _facility_licence,
    "device-clearance": _device_clearance,
    "registration-credited": _credited_to_registration,
    "plain-registration": _plain_registration,
}


# On a page that says it does not offer the product, a route or an approval is its other
# services' only where no product word is named with it: "IV drips" of vitamins, "Emdogain,
# FDA-approved for intrabony defects", but not "our exosome IV" or "FDA-approved exosomes"
# on a page that dropped stem cells.
_DISOWNED_WITHOUT_PRODUCT = frozenset(("risky-route", "approval-claim"))


def _names_product(text: str, sent: Sentence, language: str | None) -> bool:
    product = compiled_macro(language, "product") if language else None
    return product is not None and any(True for _ in find_all(product, text, sent.start,
                                                               sent.end))


def has_product_context(cr: CompiledRule, sig: DocSignals) -> bool:
    """A product word the page affirms; for first-person stories and testimonials (Spanish,
    Portuguese and German ones carry the person in the verb), also one it asks about (a
    forum thread titled "Has anyone tried stem cells abroad?")."""
    return sig.product > 0 or (("first-person" in cr.rule.requires
                                or cr.rule.category == "testimonial")
                               and sig.product_asked > 0)


def _document_allows(cr: CompiledRule, sig: DocSignals) -> bool:
    """The rule's document-level requirements; a rule that fails them is not searched."""
    for req in cr.rule.requires:
        if req == "product-context" and not has_product_context(cr, sig):
            return False
        if req == "offer" and not sig.is_offer:
            return False
        if req == "not-approved-product" and sig.approved_context:
            return False
    return True


def _speaker_near(cr: CompiledRule, text: str, sentences: list[Sentence], i: int,
                  first_person=None) -> bool:
    """kind first-person: a speaker in the sentence, the one before it ("My husband had
    dementia. After three drips his memory is back."), or earlier in the same paragraph (a
    parent's story: "My son had his cells done in Cancún. Before, he was nonverbal. Now his
    autism is so much milder.")."""
    if "first-person" not in cr.rule.requires:
        return True
    lo = max(0, i - 1)
    while lo > max(0, i - _STORY_SENTENCES) and (
            sentences[lo - 1].line_start == sentences[i].line_start):
        lo -= 1
    # the speaker may come just after, in the same paragraph ("Leo said his first full
    # sentence after the second round. I cried in the car park.")
    hi = i + 2 if (i + 1 < len(sentences)
                   and sentences[i + 1].line_start == sentences[i].line_start) else i + 1
    return any(_has_first_person(text, sentences[k], first_person) for k in range(lo, hi))


_STORY_SENTENCES = 4  # how far back in a paragraph a story's speaker is looked for


def _list_continues(text: str, a: int, b: int, conjunctions) -> bool:
    """text[a:b] joins two items of one list: a comma or a conjunction and at most two other
    words ("acné activo, rosácea", "alopecia cicatricial ou queda de cabelo")."""
    gap = text[a:b]
    if not gap or len(gap) > 40 or any(c in gap for c in ".;:!?()\n"):
        return False
    if len(gap.replace(",", " ").split()) > 3:
        return False
    return "," in gap or (conjunctions is not None
                          and any(True for _ in find_all(conjunctions, text, a, b)))


# A question that opens with one of these claims asks about it; a condition opening a
# question is a seller's hook ("Torn rotator cuff? Skip the surgery.")
_ASKED_WHEN_OPENING = ("approval-claim", "exemption-claim", "registration-as-approval",
                       "safety-claim")

_LIST_SHARED = ("negated", "hypothetical", "asked", "contraindicated")


def _inside_cosmetic(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """'acne' inside 'acne scars' (the head of an appearance phrase) or inside Spanish
    'cicatrices de acné' (its tail, so the candidate may end where the phrase ends)."""
    return any(a < e <= b and a <= max(s, e - 1) for a, b in spans)


def detect(text: str, sentences: list[Sentence], rules: tuple[CompiledRule, ...],
           ctx: ContextPack, sig: DocSignals, true_statement=None,
           disclaimer=None, cosmetic=None, first_person=None,
           language: str | None = None) -> list[Candidate]:
    index = SentenceIndex(sentences)
    trigger_cache: dict = {}
    cosmetic_spans = list(find_all(cosmetic, text)) if cosmetic is not None else []
    topical = compiled_macro(language, "topical_infusion") if language else None
    topical_spans: list[tuple[int, int]] | None = None  # found on first need
    out: list[Candidate] = []
    searched: dict[str, list] = {}  # rules that share a pattern share its matches
    # which sentences each rule can match in, from one set pass per sentence
    screened = (rule_sentences(language, text, [(s.start, s.end) for s in sentences])
                if language else None)
    conjunctions = (compiled_macro(language, "list_conjunctions")
                    or compiled_macro("en", "list_conjunctions")) if language else None
    for cr in rules:
        if not _document_allows(cr, sig):
            continue
        found = searched.get(cr.regex.pattern)
        spans: list[tuple[int, int, int]] = list(found) if found is not None else []
        if found is not None:
            pass
        elif screened is not None:
            for k in screened.get(cr.index, ()):
                sk = sentences[k]
                spans.extend((a, b, k) for a, b in find_all(cr.regex, text, sk.start, sk.end))
        elif cr.gate is not None:  # exact regex only in the sentences the loose one hit
            for k in index.touched(cr.gate, text):
                sk = sentences[k]
                spans.extend((a, b, k) for a, b in find_all(cr.regex, text, sk.start, sk.end))
        else:
            for s, e in find_all(cr.regex, text):
                i, j = index.at(s), index.at(max(s, e - 1))
                if i is None:
                    continue
                if i != j:  # crossed a sentence boundary: retry inside each sentence
                    for k in range(i, (j if j is not None else i) + 1):
                        sk = sentences[k]
                        spans.extend((a, b, k)
                                     for a, b in find_all(cr.regex, text, sk.start, sk.end))
                    continue
                spans.append((s, e, i))
        searched[cr.regex.pattern] = spans
        last_end = -1
        for s, e, i in sorted(set(spans)):
            if s < last_end:
                continue
            last_end = e
            sent = sentences[i]
            if not _speaker_near(cr, text, sentences, i, first_person):
                continue
            if cr.rule.kind == "listed" and not _lead_ok(cr, text, sentences, i, s):
                continue
            if cr.rule.category == "disease-claim" and _inside_cosmetic(cosmetic_spans, s, e):
                continue
            if cr.rule.category == "risky-route" and topical is not None:
                if topical_spans is None:
                    topical_spans = list(find_all(topical, text))
                if any(a < e and s < b for a, b in topical_spans):
                    continue  # "exosome-infused serum", "hydration infusion": on the skin
            nxt = sentences[i + 1] if i + 1 < len(sentences) else None
            mods = modifiers_for(ctx, text, sent, s, e, nxt, trigger_cache)
            if ("asked" not in mods and cr.rule.category in _ASKED_WHEN_OPENING
                    and opens_question(text, sent, s, e)):
                mods = {**mods, "asked": f"{text[s:e]}?"}
            if ("negated" in mods and cr.rule.category == "exemption-claim"
                    and _coordinated_negative_claim(text, s, e, language)):
                # "no contienen células vivas y no se consideran medicamento": an exemption
                # that is itself a negation, joined by "and" to the negated predicate
                # before it, is not undone by that predicate's negation
                mods = {k: v for k, v in mods.items() if k != "negated"}
            doc_mods = {}
            if sig.informational and not sig.is_offer:
                doc_mods["informational"] = "informational-genre document"
            if not sig.is_offer and sig.seller_voice == 0:
                doc_mods["unoffered"] = "no offer, no seller speaking: a claim reported, not made"
            if sig.investigational:
                doc_mods["investigational"] = "registered trial that charges nothing"
            if sig.patient_post:
                doc_mods["patient-post"] = "a patient's own forum post, not paid by a seller"
            if sig.product_disowned and (cr.rule.category not in _DISOWNED_WITHOUT_PRODUCT
                                         or not _names_product(text, sent, language)):
                doc_mods["disowned"] = "the page says it does not offer the product"
            if "disclaimed" in cr.rule.context and disclaimer is not None:
                hit = _disclaimed(disclaimer, text, sent, nxt, e, language)
                if hit:
                    doc_mods["disclaimed"] = hit
            # On a page that describes an approved product, a sentence in the seller's own
            # voice that names a disease ("our IV protocol is also approved for lupus") or
            # claims an approval for a product no approval covers ("our Wharton's jelly
            # therapy is FDA approved for orthopaedic use") must be true by itself.
            own = sig.approved_context and (
                _own_disease_sentence(text, sent, first_person, language)
                or (cr.rule.category in ("approval-claim", "exemption-claim")
                    and _seller_speaks(text, sent, first_person, language)
                    and _names_never_approved(text[sent.start:sent.end])))
            if cr.rule.category == "disease-claim" and "hypothetical" not in mods:
                hit = _advice_to_see_a_doctor(text, sent, s, e, language)
                if hit:
                    mods = {**mods, "hypothetical": f"advice: {hit}"}
            for name in cr.rule.context:
                check = _CLAIM_CHECKS.get(name)
                hit = check(text, sent, s, e, ctx, language) if check is not None else None
                if hit:
                    doc_mods[name] = hit
            if sig.approved_context and not own:
                doc_mods["true-statement"] = "the page describes an approved product and its use"
            elif true_statement is not None and "true-statement" in cr.rule.context:
                hit = true_statement(text[sent.start:sent.end], sent.start)
                if hit:
                    doc_mods["true-statement"] = hit
            all_mods = {**mods, **doc_mods}
            reason = None
            for name in cr.rule.context:
                if name in all_mods:
                    reason = f"{name}: {all_mods[name]}"
                    break
            out.append(Candidate(cr, s, e, tuple(sorted(all_mods)), reason))
    return _inherit_dismissals(out, text, conjunctions)


# reasons that belong to the words of a claim, and so to every shorter claim inside it
_PHRASE_REASONS = ("negated", "asked", "hypothetical", "attributed", "regulator-voice",
                   "refuted", "true-statement", "contraindicated")


def _inherit_dismissals(candidates: list[Candidate], text: str,
                        conjunctions) -> list[Candidate]:
    """A claim inside a longer claim of the same category that was dismissed for its wording
    ("não realiza tratamentos ... para doenças como autismo" negated) is dismissed with it,
    however far its own words are from the negation; and so is the next item of its list
    ("..., esclerose múltipla, artrose ou envelhecimento")."""
    dismissed = [c for c in candidates if c.dismissed_by
                 and c.dismissed_by.split(":", 1)[0] in _PHRASE_REASONS]
    if not dismissed:
        return candidates
    out: list[Candidate] = []
    for c in candidates:  # a rule's candidates are consecutive and in text order
        if c.dismissed_by is None:
            outer = next((d for d in dismissed if d.rule.rule.category == c.rule.rule.category
                          and d.start <= c.start and c.end <= d.end
                          and (d.end - d.start) > (c.end - c.start)), None)
            prev = out[-1] if out and out[-1].rule is c.rule else None
            if outer is not None:
                c = Candidate(c.rule, c.start, c.end, c.modifiers,
                              f"{outer.dismissed_by} (the longer claim around it)")
            elif (prev is not None and prev.dismissed_by
                  and prev.dismissed_by.split(":", 1)[0] in _LIST_SHARED
                  and _list_continues(text, prev.end, c.start, conjunctions)):
                c = Candidate(c.rule, c.start, c.end, c.modifiers,
                              f"{prev.dismissed_by} (an item of the same list)")
        out.append(c)
    return out
