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
_NOT = re.compile(r"n't\b")
_NOT_BYTES = re.compile(rb"n't\b")
_WORD_RUNS = re.compile(r"[\w']+")


def _ascii_tables() -> tuple[bytes, bytes]:
    """normalise()'s steps as byte tables for ASCII text, derived from the steps themselves:
    the first lower-cases and unifies apostrophes, the second turns every character the
    punctuation pattern replaces, and all whitespace, into a space."""
    lower, words = bytearray(range(256)), bytearray(range(256))
    for b in range(128):
        c = chr(b)
        lower[b] = ord(c.lower().translate(_APOSTROPHES))
        if c.isspace() or _NOT_WORD.sub(" ", c) != c:
            words[b] = 32
    return bytes(lower), bytes(words)


_ASCII_LOWER, _ASCII_WORDS = _ascii_tables()


def normalise(text: str) -> str:
    """Lower-case, NFKC, one kind of apostrophe, "n't" read as "not", punctuation as spaces.

    The result is the text's runs of letters, digits and apostrophes joined by one space.
    (Done as byte tables for ASCII text, which NFKC leaves as it is; the tests compare
    both paths with the plain steps.)
    """
    if text.isascii():
        data = text.encode("ascii").translate(_ASCII_LOWER)
        if b"n't" in data:
            data = _NOT_BYTES.sub(b" not", data)
        return b" ".join(data.translate(_ASCII_WORDS).split()).decode("ascii")
    text = unicodedata.normalize("NFKC", text).lower()
    for apostrophe in "\u2019\u2018\u02bc`":  # _APOSTROPHES
        if apostrophe in text:
            text = text.replace(apostrophe, "'")
    for letter, name in _GREEK.items():
        if letter in text:
            text = text.replace(letter, f" {name} ")
    if "n't" in text:
        text = _NOT.sub(" not", text)
    if "_" in text:  # a word character for the regex below, punctuation here
        text = text.replace("_", " ")
    return " ".join(_WORD_RUNS.findall(text))


def _norm_terms(terms: Iterable[str]) -> list[str]:
    """Distinct non-empty normalised terms, longest first."""
    return sorted({n for n in map(normalise, terms) if n}, key=lambda n: (-len(n), n))


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # exactly what the re module's \w matches in a str


def _runs(x: str) -> set[str]:
    """The word runs of a normalised text (its only non-word characters are spaces and
    apostrophes)."""
    return set(x.replace("'", " ").split())


def _end_at(x: str, p: int, term: str, plural: bool) -> int:
    """Where the whole-word occurrence of term at x[p] ends (with the plural ending, "s" or
    "es", it takes there), or -1 when there is none at p; term must be at x[p]."""
    if p > 0 and _is_word(x[p - 1]):
        return -1
    q, size = p + len(term), len(x)
    if q >= size or not _is_word(x[q]):
        return q
    if plural and x[q] == "s" and (q + 1 >= size or not _is_word(x[q + 1])):
        return q + 1
    if plural and x.startswith("es", q) and (q + 2 >= size or not _is_word(x[q + 2])):
        return q + 2
    return -1


def _first(x: str, term: str, plural: bool) -> int:
    """Start of the first whole-word occurrence of term in x, or -1."""
    p = x.find(term)
    while p >= 0 and _end_at(x, p, term, plural) < 0:
        p = x.find(term, p + 1)
    return p


def _occurrences(x: str, term: str, plural: bool) -> list[tuple[int, int]]:
    """(start, end) of every whole-word occurrence of term in x, overlapping ones included."""
    out = []
    p = x.find(term)
    while p >= 0:
        q = _end_at(x, p, term, plural)
        if q >= 0:
            out.append((p, q))
        p = x.find(term, p + 1)
    return out


class _Terms:
    r"""A word list matched whole-word in normalised text, without a regex.

    The reference semantics is the alternation the matcher used to compile:
    ``(?<!\w)(?:t1|t2|...)(?:s|es)?(?!\w)`` (no plural group when ``plural`` is false) over
    the normalised terms, longest first. ``found`` is which terms that regex can match,
    ``first`` where its search() starts and ``spans`` what its finditer() gives; the
    tests compare them with the regex.

    A term that starts with a word character can only match where a word run of the text
    begins, and that run is then the term's own first run (a one-run term may carry its
    plural ending). So a set lookup of the text's runs picks the few terms worth a
    ``str.find``. Building a table is a few dictionary inserts; compiling the ~160
    alternations it replaces was most of the knowledge base's start-up.
    """

    __slots__ = ("terms", "plural", "_index", "_keys", "_always", "_ids")

    def __init__(self, terms: Iterable[str], plural: bool = True):
        self.terms = tuple(_norm_terms(terms))
        self.plural = plural
        self._ids = {t: i for i, t in enumerate(self.terms)}
        self._index: dict[str, list[int]] = {}
        self._always: list[int] = []  # terms that do not start with a word character
        for i, t in enumerate(self.terms):
            if not _is_word(t[0]):
                self._always.append(i)
                continue
            first = t.replace("'", " ").split()[0]
            keys = [first]
            if plural and first == t:
                keys += [t + "s", t + "es"]
            for k in keys:
                self._index.setdefault(k, []).append(i)
        self._keys = frozenset(self._index)

    def ids(self, terms: Iterable[str]) -> frozenset[int]:
        """The ids of these terms (each must be in the table)."""
        return frozenset(self._ids[t] for t in _norm_terms(terms))

    def _candidates(self, runs: set[str]) -> list[int]:
        out = list(self._always)
        for r in runs & self._keys:
            out.extend(self._index[r])
        return out

    def _at(self, x: str, i: int) -> int:
        return _first(x, self.terms[i], self.plural)

    def occurs(self, x: str, i: int) -> bool:
        """Whether term i occurs in x."""
        return self.terms[i] in x and self._at(x, i) >= 0

    def found(self, x: str, runs: set[str]) -> set[int]:
        """Ids of the terms that occur in x (runs: ``_runs(x)``)."""
        return {i for i in self._candidates(runs) if self._at(x, i) >= 0}

    def occurrences(self, x: str, runs: set[str]) -> dict[int, list[tuple[int, int]]]:
        """Id -> (start, end) of each occurrence, for the terms that occur in x."""
        out = {}
        for i in self._candidates(runs):
            occ = _occurrences(x, self.terms[i], self.plural)
            if occ:
                out[i] = occ
        return out

    def search(self, x: str, runs: set[str] | None = None) -> bool:
        """Whether any term occurs in x."""
        return any(self._at(x, i) >= 0 for i in self._candidates(_runs(x) if runs is None
                                                                   else runs))

    def first(self, x: str, runs: set[str]) -> int:
        """Start of the leftmost occurrence of any term, or -1."""
        return min((a for a in map(functools.partial(self._at, x), self._candidates(runs))
                    if a >= 0), default=-1)

    def spans(self, occurrences: dict[int, list[tuple[int, int]]],
              allowed: frozenset[int]) -> list[tuple[int, int]]:
        """The non-overlapping matches, left to right, of the alternation of the `allowed`
        terms in the text of `occurrences`: at each start the longest term wins (two terms
        of one length cannot both match at one start), and the search goes on where a
        match ends."""
        best: dict[int, tuple[int, int]] = {}  # start -> (term length, end)
        for i in allowed.intersection(occurrences):
            n = len(self.terms[i])
            for p, q in occurrences[i]:
                if p not in best or n > best[p][0]:
                    best[p] = (n, q)
        out = []
        pos = 0
        for p in sorted(best):
            if p >= pos:
                pos = best[p][1]
                out.append((p, pos))
        return out


@dataclass(frozen=True)
class _Compiled:
    """One product, its word lists as ids in the matcher's tables."""

    product: ApprovedProduct
    order: int
    own: frozenset[int]  # brand and generic names
    cls: frozenset[int]  # the kind's wording ("cord blood transplant")
    inds: frozenset[int]
    not_for: frozenset[int]
    jurisdictions: frozenset[str]


class ApprovalMatcher:
    """Built once per knowledge base; called only on approval-claim candidates.

    Every word list is a ``_Terms`` table: nothing is compiled, and a call looks the
    sentence's words up once per list instead of running a regex per product over the
    sentence and its context. The context is normalised only when a candidate product is
    not named in the sentence itself.
    """

    def __init__(self, products: Sequence[ApprovedProduct], matching: dict):
        kind_aliases = matching.get("kind_aliases", {})
        regulators = matching.get("regulators", {})
        self._never = _Terms(matching.get("never_approved", ()))
        self._unapproved = _Terms(matching.get("unapproved_uses", ()))
        self._negation = _Terms(matching.get("negation_cues", ()), plural=False)
        self._regulators = _Terms(regulators, plural=False)
        self._jurisdictions: dict[int, set[str]] = {}  # regulator term id -> jurisdictions
        for name, juris in regulators.items():
            for i in self._regulators.ids([name]):
                self._jurisdictions.setdefault(i, set()).add(juris)
        # One table of every product name and class wording: a sentence and its context are
        # each looked up once, and a product's names are then a set intersection.
        self._names = _Terms(
            [*(a for p in products for a in p.aliases),
             *(a for aliases in kind_aliases.values() for a in aliases)])
        self._inds = _Terms(t for p in products for t in p.indications)
        self._not_for = _Terms(t for p in products for t in p.not_for)
        # Products of a kind share their lists, and share one set object for each, so the
        # per-call memos in matches() find them by identity.
        shared: dict[frozenset, frozenset] = {}

        def one(ids: frozenset) -> frozenset:
            return shared.setdefault(ids, ids)

        # A sentence in class wording ("CAR-T is approved for lymphoma and myeloma") speaks
        # for every product of the kind, so its label is the union of theirs.
        self._kind_labels = {
            kind: one(self._inds.ids(t for p in products if p.kind == kind
                                     for t in p.indications))
            for kind in kind_aliases
        }
        self._products: list[_Compiled] = []
        self._by_name: dict[int, list[int]] = {}  # name id -> products it names outright
        self._by_indication: dict[int, list[int]] = {}  # indication id -> products
        for order, p in enumerate(products):
            own = self._names.ids(p.aliases)
            inds = self._inds.ids(p.indications)
            assert own and inds  # the loader requires both lists
            self._products.append(_Compiled(
                p, order, one(own), one(self._names.ids(kind_aliases.get(p.kind, ()))),
                one(inds), one(self._not_for.ids(p.not_for)), frozenset(p.jurisdictions)))
            for i in own:
                self._by_name.setdefault(i, []).append(order)
            for i in inds:
                self._by_indication.setdefault(i, []).append(order)

    def names_never_approved(self, text: str) -> bool:
        """The text names a product no approval covers anywhere (exosomes, Wharton's jelly)."""
        s = normalise(text)
        return bool(s) and bool(self._never.search(s, _runs(s)))

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
        if not s:
            return []
        runs = _runs(s)
        if self._never.search(s, runs):
            return []
        named: set[str] = set()
        for i in self._regulators.found(s, runs):
            named |= self._jurisdictions[i]
        names_s = self._names.found(s, runs)
        inds_s = self._inds.occurrences(s, runs)
        # Only a product with one of its indications in the sentence (or, given conditions,
        # named in it) can qualify; the context is normalised only when a name is missing.
        found = {k for i in inds_s for k in self._by_indication[i]}
        if conditions is not None:
            found.update(k for i in names_s for k in self._by_name.get(i, ()))
        candidates = [c for c in map(self._products.__getitem__, sorted(found))
                      if not c.product.withdrawn
                      and not (named and named.isdisjoint(c.jurisdictions))]
        if not candidates:
            return []
        in_context = _NamesIn(self._names, context)
        cue = self._negation.first(s, runs)
        affirmed = s[:cue] if cue >= 0 else s
        inds_affirmed = self._inds.occurrences(affirmed, _runs(affirmed)) if cue >= 0 else inds_s
        extra = _conditions_terms(tuple(conditions)) if conditions is not None else None
        not_for = self._not_for.found(s, runs)
        ranked: list[tuple[int, int, int, ApprovedProduct]] = []
        longest: dict[frozenset[int], int] = {}  # products of a kind share their lists
        off_label: dict[frozenset[int], bool] = {}
        for c in candidates:
            p = c.product
            # Named in the sentence, else in the context (a product not named in either
            # cannot qualify, so no "is anything named at all" test is needed first).
            by_name = not c.own.isdisjoint(names_s) or in_context.any(c.own)
            if not (by_name or not c.cls.isdisjoint(names_s) or in_context.any(c.cls)):
                continue
            if c.inds not in longest:
                longest[c.inds] = max(
                    (q - p_ for p_, q in self._inds.spans(inds_s, c.inds)), default=0)
            label = c.inds if by_name else self._kind_labels.get(p.kind) or c.inds
            if not c.not_for.isdisjoint(not_for):
                continue
            if label not in off_label:
                off_label[label] = self._off_label(label, affirmed, inds_affirmed, extra)
            if off_label[label]:
                continue
            # A product named outright beats one reached through class wording; then the
            # most specific indication; then file order (the first-licensed product first).
            ranked.append((0 if by_name else 1, -longest[c.inds], c.order, p))
        return [p for *_, p in sorted(ranked, key=lambda r: r[:3])]

    def _off_label(self, label: frozenset[int], affirmed: str,
                   occurrences: dict[int, list[tuple[int, int]]], extra: _Terms | None) -> bool:
        """True when the affirmed part, its label uses blanked out, names another use."""
        pieces, pos = [], 0
        for p, q in self._inds.spans(occurrences, label):
            pieces += (affirmed[pos:p], " ")
            pos = q
        rest = "".join(pieces) + affirmed[pos:]
        rest_runs = _runs(rest)
        return self._unapproved.search(rest, rest_runs) or (
            extra is not None and extra.search(rest, rest_runs))


class _NamesIn:
    """Which names occur in a context, normalised and looked up only when first asked and
    then term by term (a context is long, and a product has few names)."""

    __slots__ = ("_table", "_context", "_text", "_known", "_answers")

    def __init__(self, table: _Terms, context: str | None):
        self._table, self._context = table, context
        self._text: str | None = None
        self._known: dict[int, bool] = {}
        self._answers: dict[frozenset[int], bool] = {}

    def any(self, ids: frozenset[int]) -> bool:
        answer = self._answers.get(ids)
        if answer is None:
            answer = self._answers[ids] = self._any(ids)
        return answer

    def _any(self, ids: frozenset[int]) -> bool:
        if self._text is None:
            self._text = normalise(self._context) if self._context else ""
        if not self._text:
            return False
        known = self._known
        for i in ids:
            hit = known.get(i)
            if hit is None:
                hit = known[i] = self._table.occurs(self._text, i)
            if hit:
                return True
        return False


@functools.lru_cache(maxsize=16)
def _conditions_terms(conditions: tuple[str, ...]) -> _Terms | None:
    terms = _Terms(conditions)
    return terms if terms.terms else None
