"""Document-level signals: is this an offer, informational writing, a trial, a disclaimer?

The cue lists are pack macros (`offer_strong`, `info`, ...) so each language supplies its
own words; this module only counts them. Counting over the whole text is what lets a
business's own page be an offer even where no price is visible (taxonomy close call 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import re2

from regenwatch.match import compiled_macro, find_all
from regenwatch.model import Signal

_SPAN_SIGNALS = {
    "ind_number": "ind-number",
    "nct_number": "nct-number",
    "disclaimer": "disclaimer",
}


@dataclass
class DocSignals:
    """Counts of cue words. The derived judgements (offer, informational...) are cached: they
    are read once per candidate, and the counts they use are final before the first read."""
    offer_strong: int = 0
    offer_weak: int = 0
    price: int = 0
    seller_voice: int = 0
    info: int = 0
    trial: int = 0
    trial_fee: int = 0
    product: int = 0
    unapproved_product: int = 0  # unapproved products the seller itself offers
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
        cued = (self.offer_strong >= 1 and (self.seller_voice >= 1 or self.offer_strong >= 2
                                            or self.price >= 1 or self.offer_weak >= 1)
                ) or self.seller_voice >= 2
        if not cued:
            return False
        if self.informational and self.seller_voice < 3:
            return False
        return True

    def doc_signals(self) -> list[Signal]:
        out = list(self.spans)
        if self.is_offer:
            out.append(Signal("commercial-offer"))
        if self.informational and not self.is_offer:
            out.append(Signal("informational-genre"))
        return out


def _count(language: str, name: str, text: str, cap: int = 50) -> tuple[int, list]:
    regex = compiled_macro(language, name)
    if regex is None:
        return 0, []
    hits = []
    for s, e in find_all(regex, text):
        hits.append((s, e))
        if len(hits) >= cap:
            break
    return len(hits), hits


_QUOTED = re2.compile(r'"[^"\n]+"|“[^”\n]+”|«[^»\n]+»|„[^“\n]+“')


def _macro(language: str, name: str):
    """The pack's own word list, or English's where a pack has none."""
    return compiled_macro(language, name) or compiled_macro("en", name)


def _affirmed(text: str, hits: list[tuple[int, int]], language: str = "en") -> int:
    """Product mentions not governed by a negation or a question ("we offer no stem cells or
    exosomes", "Do you offer exosomes? No.")."""
    n = 0
    for s, e in hits:
        line_start = text.rfind("\n", 0, s) + 1
        clause = re.split(r"[.;:!?]", text[max(line_start, s - 40):s])[-1]
        breaks = list(find_all(_macro(language, "clause_breaks"), clause))
        if breaks:  # "kein Insulin mehr, seit ich die Stammzellen...": a new clause
            clause = clause[breaks[-1][1]:]
        line_end = text.find("\n", e)
        rest = text[e:len(text) if line_end < 0 else line_end]
        asked = rest.split(".")[0].rstrip().endswith("?")
        negations = list(find_all(_macro(language, "negation_words"), clause))
        # "no risks with our exosome treatment": the seller's own product after the negated
        # word is affirmed; "we offer no stem cells or exosomes" is not.
        negated = bool(negations) and not any(
            True for _ in find_all(_macro(language, "own_words"), clause, negations[-1][1]))
        if not negated and not asked:
            n += 1
    return n


def _line_has(regex, text: str, pos: int) -> bool:
    """Whether the line holding pos also holds a match of regex (a seller speaking)."""
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    return any(True for _ in find_all(regex, text, lo, len(text) if hi < 0 else hi))


def product_mentions(language: str, text: str) -> int:
    """Product words the text affirms (not negated, not only asked about)."""
    return _affirmed(text, _count(language, "product", text)[1], language)


def doc_signals(language: str, text: str) -> DocSignals:
    sig = DocSignals()
    for attr in ("offer_strong", "offer_weak", "price", "info", "trial",
                 "trial_fee"):
        setattr(sig, attr, _count(language, attr, text)[0])
    # A seller speaking in its own voice; "our" inside quotation marks is someone quoted
    # (a warning letter or a news story citing the clinic's words).
    quoted = list(find_all(_QUOTED, text))
    sig.seller_voice = sum(1 for s, _e in _count(language, "seller_voice", text)[1]
                           if not any(a <= s < b for a, b in quoted))
    sig.product = product_mentions(language, text)
    seller = compiled_macro(language, "seller_voice")
    sig.unapproved_product = _affirmed(text, [
        (s, e) for s, e in _count(language, "unapproved_product", text)[1]
        if seller is None or _line_has(seller, text, s)
    ], language)
    for macro, name in _SPAN_SIGNALS.items():
        _, hits = _count(language, macro, text)
        sig.spans.extend(Signal(name, s, e) for s, e in hits)
    return sig
