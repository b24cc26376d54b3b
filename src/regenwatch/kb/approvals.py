"""Tell a true approval statement from a false one, using only the product data.

Decisions (taxonomy close call 10): what the knowledge base shows to be true is no finding,
so "FDA-licensed cord blood for transplants in leukaemia" must pass while "FDA-approved
exosomes" and "cord blood for autism" must not. A sentence is a true approval statement when
it names an approved product (by name, generic name or class wording), names one of that
product's labelled indications, and names nothing that takes it off the label: a product word
no approval covers (exosome), a use FDA said is not approved (arthritis), a word outside the
label (Ryoncil is for children, not adults), or a regulator of a jurisdiction where the
product is not approved. All of those word lists live in approved-products.yaml; callers
may add the lexicon's condition terms for a stricter off-label check.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from regenwatch.kb.records import ApprovedProduct

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_GREEK = {"β": "beta", "α": "alpha"}
_NOT_WORD = re.compile(r"[^\w'\s]+|_+")


def normalise(text: str) -> str:
    """Lower-case, NFKC, one kind of apostrophe, "n't" read as "not", punctuation as spaces."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_APOSTROPHES)
    for letter, name in _GREEK.items():
        text = text.replace(letter, f" {name} ")
    text = re.sub(r"n't\b", " not", text)
    text = _NOT_WORD.sub(" ", text)
    return " ".join(text.split())


def _pattern(terms: Iterable[str], plural: bool = True) -> re.Pattern[str] | None:
    """Whole-word alternation, longest first so a match reports the most specific term."""
    norm = sorted({normalise(t) for t in terms if normalise(t)}, key=len, reverse=True)
    if not norm:
        return None
    alt = "|".join(re.escape(t) for t in norm)
    suffix = "(?:s|es)?" if plural else ""
    return re.compile(rf"(?<!\w)(?:{alt}){suffix}(?!\w)")


@dataclass(frozen=True)
class _Compiled:
    product: ApprovedProduct
    order: int
    own_names: re.Pattern[str]  # brand and generic names
    class_names: re.Pattern[str] | None  # the kind's wording ("cord blood transplant")
    indications: re.Pattern[str]
    not_for: re.Pattern[str] | None
    # The normalised names as plain strings: a substring test that must pass before the
    # name patterns run (it cannot reject a sentence the patterns would accept).
    name_terms: tuple[str, ...] = ()


def _found(rx: re.Pattern[str] | None, text: str, context: str) -> bool:
    return bool(rx and (rx.search(text) or (context and rx.search(context))))


class ApprovalMatcher:
    """Compiled once per knowledge base; called only on approval-claim candidates."""

    def __init__(self, products: Sequence[ApprovedProduct], matching: dict):
        kind_aliases = matching.get("kind_aliases", {})
        self._never = _pattern(matching.get("never_approved", ()))
        self._unapproved = _pattern(matching.get("unapproved_uses", ()))
        self._negation = _pattern(matching.get("negation_cues", ()), plural=False)
        self._regulators = [
            (_pattern([name], plural=False), juris)
            for name, juris in matching.get("regulators", {}).items()
        ]
        # A sentence in class wording ("CAR-T is approved for lymphoma and myeloma") speaks
        # for every product of the kind, so its label is the union of theirs.
        self._kind_labels = {
            kind: _pattern(t for p in products if p.kind == kind for t in p.indications)
            for kind in kind_aliases
        }
        # One pass over the sentence and its context finds every product name and class
        # wording at once; the per-product patterns then run only for products named there.
        self._any_name = _pattern(
            [*(a for p in products for a in p.aliases),
             *(a for aliases in kind_aliases.values() for a in aliases)])
        self._products = []
        for order, p in enumerate(products):
            names = _pattern(p.aliases)
            inds = _pattern(p.indications)
            assert names is not None and inds is not None  # the loader requires both lists
            terms = {normalise(t) for t in (*p.aliases, *kind_aliases.get(p.kind, ()))}
            self._products.append(_Compiled(
                p, order, names, _pattern(kind_aliases.get(p.kind, ())), inds,
                _pattern(p.not_for) if p.not_for else None, tuple(t for t in terms if t),
            ))

    def matches(
        self,
        text: str,
        context: str | None = None,
        conditions: Iterable[str] | None = None,
    ) -> list[ApprovedProduct]:
        """Products that make `text` a true approval statement, most specific first.

        `context` (the block or the sentences before) may supply the product's name when the
        sentence only says "it": "In 2024 FDA approved it for children with acute GVHD".
        Indications and disqualifiers are read from `text` alone.

        `conditions` (say, the lexicon's condition terms) are further uses outside every
        label unless a product lists them. Passing them also accepts a sentence that names a
        product outright with no indication at all ("FDA approved Lantidra in 2023"), since
        the matcher can then see that no other condition is claimed.
        """
        s = normalise(text)
        if not s or (self._never and self._never.search(s)):
            return []
        ctx = normalise(context) if context else ""
        named = {juris for rx, juris in self._regulators if rx and rx.search(s)}
        affirmed = s
        if self._negation:
            cue = self._negation.search(s)
            affirmed = s[: cue.start()] if cue else s
        extra = _conditions_pattern(tuple(conditions)) if conditions is not None else None
        ranked: list[tuple[int, int, int, ApprovedProduct]] = []
        if self._any_name is not None and not (
                self._any_name.search(s) or (ctx and self._any_name.search(ctx))):
            return []
        for c in self._products:
            p = c.product
            if p.withdrawn or (named and not named & set(p.jurisdictions)):
                continue
            if not any(t in s or t in ctx for t in c.name_terms):
                continue
            by_name = _found(c.own_names, s, ctx)
            if not (by_name or _found(c.class_names, s, ctx)):
                continue
            hits = [m.group(0) for m in c.indications.finditer(s)]
            if not hits and not (conditions is not None and c.own_names.search(s)):
                continue
            label = c.indications if by_name else self._kind_labels.get(p.kind) or c.indications
            if (c.not_for and c.not_for.search(s)) or self._off_label(label, affirmed, extra):
                continue
            # A product named outright beats one reached through class wording; then the
            # most specific indication; then file order (the first-licensed product first).
            ranked.append((0 if by_name else 1, -max(map(len, hits), default=0), c.order, p))
        return [p for *_, p in sorted(ranked, key=lambda r: r[:3])]

    def _off_label(
        self, label: re.Pattern[str], affirmed: str, extra: re.Pattern[str] | None
    ) -> bool:
        """True when the affirmed part names a use outside the label."""
        rest = label.sub(" ", affirmed)
        return any(rx is not None and rx.search(rest) for rx in (self._unapproved, extra))


@functools.lru_cache(maxsize=16)
def _conditions_pattern(conditions: tuple[str, ...]) -> re.Pattern[str] | None:
    return _pattern(conditions)
