"""Document-level signals: is this an offer, informational writing, a trial, a disclaimer?

The cue lists are pack macros (`offer_strong`, `info`, ...) so each language supplies its
own words; this module only counts them. Counting over the whole text is what lets a
business's own page be an offer even where no price is visible (taxonomy close call 1).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import islice

import re2

from regenwatch.match import SCREEN_MAX_TEXT, compiled_macro, find_all
from regenwatch.model import Signal
from regenwatch.re2scan import Screen, compile_latin1, spans

_SPAN_SIGNALS = {
    "ind_number": "ind-number",
    "nct_number": "nct-number",
    "disclaimer": "disclaimer",
}


@dataclass
class DocSignals:
    """Counts of cue words. The derived judgements (offer, informational...) are cached: they
    are read once per candidate, and the counts they use are final before the first read.

    doc_signals counts each cue only as far as a reader tells values apart (_CAPS; info up
    to max(3, offer_score), product and unapproved_product up to 1): the counts are for
    comparing with those thresholds, not totals to report."""
    offer_strong: int = 0
    offer_weak: int = 0
    offer_strong_kinds: int = 0  # different strong cues among the counted ones (up to 2)
    offer_weak_kinds: int = 0  # different weak cue words among the first 10 (up to 2)
    price: int = 0
    seller_voice: int = 0
    info: int = 0
    trial: int = 0
    trial_fee: int = 0
    product: int = 0
    product_asked: int = 0  # product words not negated, questions included (0 when unread)
    unapproved_product: int = 0  # unapproved products the seller itself offers
    # a patient's own post: forum structure ("Thread:", "Reply from", "wrote:") or a writer
    # saying it sells nothing; up to 1 (0 unread)
    forum: int = 0
    affiliate: int = 0  # signs the writer is paid by a seller (#ad...), up to 1 (0 unread)
    # the page says it does not offer the product ("Why we don't offer stem cell
    # injections"), up to 1 (0 unread: read only where a product word is affirmed)
    product_disowned: int = 0
    approved_context: bool = False  # the page describes a really approved product
    spans: list[Signal] = field(default_factory=list)

    @cached_property
    def offer_score(self) -> int:
        return (2 * min(self.offer_strong, 4) + min(self.offer_weak, 3) + min(self.price, 2)
                + 2 * min(self.seller_voice, 4))

    @cached_property
    def has_registered_trial(self) -> bool:
        return any(s.name in ("ind-number", "nct-number") for s in self.spans)

    @cached_property
    def investigational(self) -> bool:
        """A registered trial that charges nothing: not an offer of an unapproved product."""
        return self.has_registered_trial and self.trial_fee == 0 and self.trial >= 1

    @cached_property
    def informational(self) -> bool:
        return self.info >= 3 and self.info >= self.offer_score

    @cached_property
    def is_offer(self) -> bool:
        """Close call 1: booking cues, or a business speaking of its own treatment."""
        if self.investigational:
            return False
        # One cue repeated ("WhatsApp" three times in a fact-check) is one cue; a price beside
        # a participation fee is a paid "study" recruiting (close call 4).
        strong = self.offer_strong >= 1 and (self.seller_voice >= 1 or self.offer_strong_kinds >= 2
                                             or self.price >= 1 or self.offer_weak >= 1)
        # in a patient's own forum post a price is what a clinic charged or asked ("It's
        # $7,500 for three drips. Is that true?"), not the writer's offer
        priced = self.price >= 1 and not self.patient_post and (
            self.offer_weak_kinds >= 2 or self.seller_voice >= 1 or self.trial_fee >= 1)
        # a post that earns its writer something for the discount it hands out ("my referral
        # code gets you 10 % off and me a credit") sells (close calls 1 and 5)
        paid_post = self.offer_strong >= 1 and self.affiliate >= 1
        cued = strong or priced or paid_post or self.seller_voice >= 2
        if not cued:
            return False
        if self.informational and self.seller_voice < 3:
            return False
        return True

    @cached_property
    def patient_post(self) -> bool:
        """Close call 5: a patient's own forum post, no seller speaking and nothing paid for
        it: the disease it says improved is a testimonial only, not the seller's claim."""
        return self.forum >= 1 and self.seller_voice == 0 and self.affiliate == 0

    def doc_signals(self) -> list[Signal]:
        out = list(self.spans)
        if self.is_offer:
            out.append(Signal("commercial-offer"))
        if self.informational and not self.is_offer:
            out.append(Signal("informational-genre"))
        return out


# How far each count is taken: the most any reader tells apart (offer_score's min(), the
# >= and == tests above and in detect.py); counting further would only cost scans.
_CAPS = {"offer_strong": 4, "offer_weak": 3, "price": 2, "trial": 1, "trial_fee": 1,
         "seller_voice": 4}


# Macros absent from most pages, where their scan would read the whole text for nothing.
_RARE = ("trial", "trial_fee", "ind_number", "nct_number", "disclaimer")
# On a short text every scan is mostly fixed cost, so all of them are screened.
_ALL = ("offer_strong", "offer_weak", "price", "seller_voice", "info", "product",
        "unapproved_product", *_RARE)


@cache
def _screen(language: str, names: tuple[str, ...]) -> tuple[Screen, tuple[str, ...]]:
    """The named macros as one RE2 set: one pass tells which of them match at all."""
    names = tuple(name for name in names if compiled_macro(language, name) is not None)
    return Screen([compiled_macro(language, name) for name in names]), names


def _absent(language: str, text: str) -> set[str]:
    """The screened macros with no match anywhere in text, which need no scan (the rare
    ones on any page, all of them on a short one). Unknown (a failed set pass) is none."""
    screen, names = _screen(language, _ALL if len(text) <= SCREEN_MAX_TEXT else _RARE)
    found = screen.matching(text)
    if found is None:
        return set()
    return {name for i, name in enumerate(names) if i not in found}


def _hits(language: str, name: str, text: str, cap: int = 50,
          absent: set[str] = frozenset()) -> Iterator[tuple[int, int]]:
    """The first cap matches of a pack macro, lazily: a scan stops when no more are wanted."""
    regex = compiled_macro(language, name)
    if regex is None or name in absent:
        return iter(())
    return islice(find_all(regex, text), cap)


# German opens with „ and may close with “ or, typed on a plain keyboard, with "
_QUOTED = compile_latin1(r'"[^"\n]+"|“[^”\n]+”|«[^»\n]+»|„[^“"\n]+["“]', re2.Options())


def _macro(language: str, name: str):
    """The pack's own word list, or English's where a pack has none."""
    return compiled_macro(language, name) or compiled_macro("en", name)


def _in(regex, text: str, lo: int, hi: int, edge: int | None = None) -> list[tuple[int, int]]:
    """find_all(regex, text[edge:hi], lo - edge) without copying the slice: searching a
    range of the text keeps its one UTF-8 encoding (a new str would replace it), and word
    edges are judged as if text[edge:hi] were the whole string."""
    edge = lo if edge is None else edge
    out = []
    for s, e in spans(regex, text, lo, hi):
        if e > s and not (s > edge and text[s - 1].isalnum() and text[s].isalnum()) and not (
                e < hi and text[e].isalnum() and text[e - 1].isalnum()):
            out.append((s, e))
    return out


def _affirmed(text: str, hits: Iterator[tuple[int, int]], language: str = "en",
              limit: int | None = None, asked_counts: bool = False) -> int:
    """Product mentions not governed by a negation or a question ("we offer no stem cells or
    exosomes", "Do you offer exosomes? No."), counting up to limit; with asked_counts, a
    mention in a question counts too (the topic of a forum thread)."""
    breaks_re = _macro(language, "clause_breaks")
    negation_re = _macro(language, "negation_words")
    own_re = _macro(language, "own_words")
    asked_re = _macro(language, "asked_about")
    n = 0
    for s, e in hits:
        # The clause before the mention: at most 60 characters, back to the line start or
        # the last of .;:!? in them.
        lo = max(0, s - 60)
        lo = text.rfind("\n", lo, s) + 1 or lo
        lo = max(lo, *(text.rfind(c, lo, s) + 1 for c in ".;:!?"))
        breaks = _in(breaks_re, text, lo, s)
        if breaks:  # "kein Insulin mehr, seit ich die Stammzellen...": a new clause
            lo = breaks[-1][1]
        line_end = text.find("\n", e)
        line_end = len(text) if line_end < 0 else line_end
        dot = text.find(".", e, line_end)
        asked = text[e:line_end if dot < 0 else dot].rstrip().endswith("?")
        if asked and not asked_counts:
            continue
        if not asked_counts and asked_re is not None and _in(asked_re, text, lo, s) and not (
                own_re is not None and _in(own_re, text, lo, s)):
            continue  # "patients often asked us about exosomes": a question reported
        negations = _in(negation_re, text, lo, s)
        # "no risks with our exosome treatment": the seller's own product after the negated
        # word is affirmed; "we offer no stem cells or exosomes" is not.
        if negations and not _in(own_re, text, negations[-1][1], s, lo):
            continue
        n += 1
        if n == limit:
            break
    return n


def _disowns_product(language: str, text: str, absent: set[str]) -> bool:
    """The page says it does not offer the product: "we don't offer stem cell injections",
    "Do you offer exosome IVs? No.", or by pronoun after the product on the same line
    ("stem cell gels ... We do not offer them:"). The pronoun form is searched on its own
    and the product word looked for behind it: as one regex with a 150-character gap after
    the product list it cost three times the rest of the cue (0.17 ms a 5 KB page)."""
    if any(True for _ in _hits(language, "product_disowned", text, 1, absent)):
        return True
    pronoun = compiled_macro(language, "product_disowned_pronoun")
    product = compiled_macro(language, "product")
    if pronoun is None or product is None:
        return False
    for s, _e in find_all(pronoun, text):
        lo = max(text.rfind("\n", 0, s) + 1, s - 150)
        if any(True for _ in find_all(product, text, lo, s)):
            return True
    return False


def _on_seller_lines(seller, text: str, hits: Iterator[tuple[int, int]]):
    """The hits on a line where a seller speaks (each line is searched once)."""
    lines: dict[int, bool] = {}  # line start -> whether seller matches in that line
    for s, e in hits:
        lo = text.rfind("\n", 0, s) + 1
        if lo not in lines:
            hi = text.find("\n", s)
            lines[lo] = bool(_in(seller, text, lo, len(text) if hi < 0 else hi, 0))
        if lines[lo]:
            yield s, e


def product_mentions(language: str, text: str, limit: int | None = None,
                     absent: set[str] = frozenset()) -> int:
    """Product words the text affirms (not negated, not only asked about), up to limit."""
    return _affirmed(text, _hits(language, "product", text, absent=absent), language, limit)


def _unnegated(language: str, text: str, hits: Iterator[tuple[int, int]],
               words: int = 3) -> Iterator[tuple[int, int]]:
    """Offer cues not told not to happen: "do not book a consultation" in a warning, "no
    hay precio" are no offer. A negation word among the three words before a cue (or the
    given number), in its clause, cancels it. Searched as a range of the text, which keeps
    its one encoding."""
    negation_re = _macro(language, "negation_words")
    for s, e in hits:
        if negation_re is not None and _in(negation_re, text, _last_words(text, s, words), s):
            continue
        yield s, e


def _not_salary(language: str, text: str,
                hits: Iterator[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Amounts a job posting pays ("sueldo de S/ 8.500 mensuales") are no price."""
    salary = _macro(language, "salary_words")
    for s, e in hits:
        if salary is not None and _in(salary, text, _last_words(text, s, 4), s):
            continue
        yield s, e


def _not_to_own_doctor(language: str, text: str,
                       hits: Iterator[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Booking cues that send the reader to their own doctor ("pide cita con tu
    dermatólogo", "book an appointment with your GP") are advice, not the page's offer."""
    doctor = _macro(language, "own_doctor")
    for s, e in hits:
        if doctor is not None and any(a - e <= 12 for a, _b in _in(doctor, text, e,
                                                                   min(len(text), e + 60))):
            continue
        yield s, e


def _not_forbidden(language: str, text: str,
                   hits: Iterator[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Cues the words after them forbid ("clinic promotion and referral codes are removed
    under rule 4", "booking links are not allowed"): a forum's house rules name what they
    ban, and that is neither the page's offer nor a sign its writer is paid."""
    forbidden = _macro(language, "forbidden_after")
    for s, e in hits:
        if forbidden is not None:
            stop = min(len(text), e + 50)
            for ch in ".;!?\n":
                i = text.find(ch, e, stop)
                if i >= 0:
                    stop = i
            if _in(forbidden, text, e, stop):
                continue
        yield s, e


def _not_typical(language: str, text: str,
                 hits: Iterator[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Prices given as what treatments usually cost ("in der Regel zwischen 100 und 400 Euro
    pro Sitzung", "typically $5,000 to $20,000"): the market's prices that an insurer or a
    reporter quotes, not the page's own."""
    typical = _macro(language, "typical_price")
    for s, e in hits:
        if typical is not None and _in(typical, text, _last_words(text, s, 8), s):
            continue
        yield s, e


_CUE_CLAUSE_ENDS = ".;:!?,()—–\n"  # "Don't wait, book now": the comma ends the negation


def _last_words(text: str, s: int, n: int = 3) -> int:
    """Where the last n words before s begin, within s's clause and 40 characters."""
    lo = max(0, s - 40)
    lo = max(lo, *(text.rfind(c, lo, s) + 1 for c in _CUE_CLAUSE_ENDS))
    i = s
    for _ in range(n):
        while i > lo and text[i - 1].isspace():
            i -= 1
        while i > lo and not text[i - 1].isspace():
            i -= 1
    return i


class _Quotes:
    """The quoted passages of a text, found on first need: cues inside them are someone
    quoted (a news story citing an ad's "book now", a letter citing "our clinic")."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: list[tuple[int, int]] | None = None

    def outside(self, hits: Iterator[tuple[int, int]]) -> Iterator[tuple[int, int]]:
        for s, e in hits:
            if self.spans is None:
                self.spans = list(find_all(_QUOTED, self.text))
            if not any(a <= s < b for a, b in self.spans):
                yield s, e


def doc_signals(language: str, text: str) -> DocSignals:
    """Count the cues of text in language's macros, each only as far as it can matter."""
    sig = DocSignals()
    absent = _absent(language, text)
    quotes = _Quotes(text)
    def own_cues(name: str, limit: int, not_salary: bool = False,
                 not_typical: bool = False) -> list[str]:
        """The first cues of the page's own offer, lower-cased: not inside a quotation (one
        it quotes) and not told not to happen ("do not book"); optionally not a job's pay
        and not what treatments usually cost (the market's price)."""
        hits = _not_forbidden(language, text, _not_to_own_doctor(language, text, _unnegated(
            language, text, quotes.outside(_hits(language, name, text, 50, absent)))))
        if not_salary:
            hits = _not_salary(language, text, hits)
        if not_typical:
            hits = _not_typical(language, text, hits)
        return [text[s:e].lower() for s, e in islice(hits, limit)]

    strong = own_cues("offer_strong", _CAPS["offer_strong"], not_typical=True)
    sig.offer_strong = len(strong)
    sig.offer_strong_kinds = min(len(set(strong)), 2)
    sig.price = len(own_cues("price", _CAPS["price"], not_salary=True, not_typical=True))
    for attr in ("trial", "trial_fee"):
        setattr(sig, attr, sum(1 for _ in _hits(language, attr, text, _CAPS[attr], absent)))
    # a price and two different weak cues (a size and "shipping") make a product listing;
    # one word twice ("consent order ... the order") does not
    weak = own_cues("offer_weak", 10)
    sig.offer_weak = min(len(weak), _CAPS["offer_weak"])
    sig.offer_weak_kinds = min(len(set(weak)), 2)
    # A seller speaking in its own voice; "our" inside quotation marks is someone quoted
    # (a warning letter or a news story citing the clinic's words).
    seller = compiled_macro(language, "seller_voice")
    if seller is not None and "seller_voice" not in absent:
        # "não vendemos tratamentos" (the word just before the verb) is no seller speaking;
        # "no risks with our treatment" still is
        for _ in _unnegated(language, text, quotes.outside(islice(find_all(seller, text), 50)),
                            words=1):
            sig.seller_voice += 1
            if sig.seller_voice == _CAPS["seller_voice"]:
                break
    # informational compares info with offer_score as well as with 3
    sig.info = sum(1 for _ in _hits(language, "info", text, max(3, sig.offer_score), absent))
    seen: list[tuple[int, int]] = []  # product hits read so far (all of them when none counts)

    def recorded(hits: Iterator[tuple[int, int]]) -> Iterator[tuple[int, int]]:
        for hit in hits:
            seen.append(hit)
            yield hit

    sig.product = _affirmed(text, recorded(_hits(language, "product", text, absent=absent)),
                            language, limit=1)
    if sig.product and _disowns_product(language, text, absent):
        # "We do not offer stem cell treatment": the page's offer (a dental discount, an
        # orthopaedic practice) is of something else; with no seller speaking, the product
        # words are only what it reports or answers about
        sig.product_disowned = 1
        if sig.seller_voice == 0:
            sig.product = 0
    if sig.product == 0 and seen:
        # "Has anyone tried stem cells abroad?" sets the topic of the stories told below it
        sig.product_asked = _affirmed(text, iter(seen), language, 1, asked_counts=True)
    offered = _hits(language, "unapproved_product", text, absent=absent)
    if seller is not None:
        offered = _on_seller_lines(seller, text, offered)
    sig.unapproved_product = _affirmed(text, offered, language, limit=1)
    if sig.seller_voice <= 1 and any(
            True for _ in _hits(language, "not_selling", text, 1, absent)):
        # "I'm not selling anything and I won't name the clinic": a patient's own story (the
        # "our" of "our stem cell trip" is a family's, not a seller's)
        sig.seller_voice = 0
        sig.forum = 1
    # only read where patient_post can come out true (a seller speaking twice settles it)
    if sig.seller_voice <= 1 and not sig.forum:
        cues = sum(1 for _ in _hits(language, "forum_cues", text,
                                    1 if sig.seller_voice == 0 else 3, absent))
        if sig.seller_voice == 0:
            sig.forum = cues
        elif cues >= 3:
            # a thread of several replies ("Resposta de ...") in which one parent says
            # "vendemos o carro" (we sold the car): a family speaking, not a seller
            sig.seller_voice = 0
            sig.forum = 1
    if sig.forum:
        sig.affiliate = sum(1 for _ in islice(_not_forbidden(
            language, text, _hits(language, "affiliate", text, 50, absent)), 1))
    for macro, name in _SPAN_SIGNALS.items():
        sig.spans.extend(Signal(name, s, e) for s, e in _hits(language, macro, text, 50, absent))
    return sig
