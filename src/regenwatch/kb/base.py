"""The loaded knowledge base and the checks that span files.

Per-file checks live in loader.py; here are the ones that need everything at once: every
category of the taxonomy has an entry, every basis id names a fact, and translations cover
only ids the English files define.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from regenwatch.kb.approvals import ApprovalMatcher
from regenwatch.kb.loader import RawKB, line_of_category, read_dir
from regenwatch.kb.records import ApprovedProduct, CategoryInfo, Fact, KBError, Question
from regenwatch.model import CATEGORIES


class KnowledgeBase:
    """Facts, approved products, category texts and patient questions, validated."""

    def __init__(self, raw: RawKB, data_dir: Path):
        self.data_dir = data_dir
        self.facts: dict[str, Fact] = raw.facts
        self.products: list[ApprovedProduct] = raw.products
        self.matching = raw.matching
        self._questions = raw.questions
        self._categories = raw.categories
        self._matcher = ApprovalMatcher(self.products, self.matching)

    @classmethod
    def from_dir(cls, data_dir: Path) -> KnowledgeBase:
        raw = read_dir(data_dir)
        _cross_check(raw, data_dir)
        return cls(raw, data_dir)

    def fact(self, fact_id: str) -> Fact:
        try:
            return self.facts[fact_id]
        except KeyError:
            raise KBError(f"unknown knowledge-base fact {fact_id!r}") from None

    def product(self, product_id: str) -> ApprovedProduct:
        for p in self.products:
            if p.id == product_id:
                return p
        raise KBError(f"unknown approved product {product_id!r}")

    def missing(self, ids: list[str] | tuple[str, ...]) -> list[str]:
        """Ids that name no fact: for rule packs to validate their `basis` at load time."""
        return [i for i in ids if i not in self.facts]

    def languages(self) -> list[str]:
        return sorted(set(self._questions) | set(self._categories))

    def questions(self, lang: str = "en") -> list[Question]:
        """Patient questions in `lang`; English when there is no file for that language.

        Questions missing from a partial translation are taken from English, so the list
        never shrinks.
        """
        english = self._questions.get("en", [])
        local = {q.id: q for q in self._questions.get(lang, [])}
        return [local.get(q.id, q) for q in english]

    def category(self, cat: str, lang: str = "en") -> CategoryInfo:
        """Texts for a category in `lang` (English fallback); the basis is always English's."""
        base = self._categories.get("en", {}).get(cat)
        if base is None:
            raise KBError(f"unknown category {cat!r}")
        local = self._categories.get(lang, {}).get(cat)
        if local is None:
            return base
        return CategoryInfo(cat, local.patient, local.why, base.basis, lang)

    def categories(self, lang: str = "en") -> list[CategoryInfo]:
        return [self.category(c, lang) for c in CATEGORIES]

    def true_approvals(
        self, text: str, context: str | None = None, conditions: Iterable[str] | None = None
    ) -> list[ApprovedProduct]:
        """Approved products that make `text` true (see ApprovalMatcher.matches)."""
        return self._matcher.matches(text, context, conditions)

    def names_never_approved(self, text: str) -> bool:
        return self._matcher.names_never_approved(text)

    def is_true_approval(
        self, text: str, context: str | None = None, conditions: Iterable[str] | None = None
    ) -> ApprovedProduct | None:
        found = self._matcher.matches(text, context, conditions)
        return found[0] if found else None

    def counts(self) -> dict[str, int]:
        confirmed = sum(1 for f in self.facts.values() if f.confirmed)
        return {
            "facts": len(self.facts),
            "confirmed": confirmed,
            "unconfirmed": len(self.facts) - confirmed,
            "products": len(self.products),
            "questions": len(self.questions("en")),
            "categories": len(self._categories.get("en", {})),
        }


def _cross_check(raw: RawKB, data_dir: Path) -> None:
    cat_file = data_dir / "categories.yaml"
    q_file = data_dir / "patient-questions.yaml"
    if "en" not in raw.categories:
        raise KBError(f"{cat_file}: missing (every category needs its explanation)")
    if "en" not in raw.questions:
        raise KBError(f"{q_file}: missing (patient questions in English)")
    if not raw.matching:
        raise KBError(f"{data_dir}: no 'matching' section (expected in approved-products.yaml)")
    english = raw.categories["en"]
    for cat in CATEGORIES:
        if cat not in english:
            raise KBError(f"{cat_file}: category {cat!r} has no entry")
    for cat, info in english.items():
        if cat not in CATEGORIES:
            raise KBError(f"{cat_file}:{line_of_category(cat_file, cat)}: "
                          f"category {cat!r} is not a taxonomy category")
        for fid in info.basis:
            if fid not in raw.facts:
                raise KBError(f"{cat_file}:{line_of_category(cat_file, cat)}: "
                              f"category {cat!r}: basis names unknown fact {fid!r}")
    for lang, cats in raw.categories.items():
        for cat in cats:
            if cat not in english:
                raise KBError(f"{data_dir / f'categories.{lang}.yaml'}: "
                              f"category {cat!r} is not in categories.yaml")
    english_q = {q.id for q in raw.questions["en"]}
    for lang, items in raw.questions.items():
        for q in items:
            if q.id not in english_q:
                raise KBError(f"{data_dir / f'patient-questions.{lang}.yaml'}: "
                              f"question {q.id!r} is not in patient-questions.yaml")
