"""The knowledge base: regulatory facts, approved products, category texts, patient questions.

Facts are data (``kb/data/*.yaml``) so they can be reviewed and corrected without touching
code, and every fact carries its citation, source, date and status so the program never
states more than it can back. ``load()`` validates everything once and caches the result;
pass a directory to load a different copy (tests point it at broken files).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from regenwatch.kb.base import KnowledgeBase
from regenwatch.kb.records import ApprovedProduct, CategoryInfo, Fact, KBError, Question

__all__ = [
    "ApprovedProduct",
    "CategoryInfo",
    "Fact",
    "KBError",
    "KnowledgeBase",
    "Question",
    "data_dir",
    "fact",
    "is_true_approval",
    "load",
    "true_approvals",
]


@functools.cache
def data_dir() -> Path:
    """The packaged data directory (found once: asking importlib costs ~50 us, and load()
    asks on every call)."""
    return Path(str(resources.files(__package__).joinpath("data")))


def load(path: str | Path | None = None) -> KnowledgeBase:
    """The validated knowledge base from `path` (default: the packaged data), cached."""
    return _load(Path(path).resolve() if path is not None else data_dir())


@functools.lru_cache(maxsize=8)
def _load(path: Path) -> KnowledgeBase:
    return KnowledgeBase.from_dir(path)


def fact(fact_id: str) -> Fact:
    """One fact of the packaged knowledge base; KBError when the id is unknown."""
    return load().fact(fact_id)


def is_true_approval(
    text: str, context: str | None = None, conditions: Iterable[str] | None = None
) -> ApprovedProduct | None:
    """The approved product that makes `text` a true approval statement, or None.

    "FDA-approved cord blood transplant for leukemia" -> Hemacord; "FDA-approved exosomes",
    "stem cell therapy for knee arthritis" or "cord blood for autism" -> None. `context` may
    supply the product name when the sentence says only "it"; `conditions` (the lexicon's
    condition terms) widen the off-label check and accept a product named without its use.
    """
    return load().is_true_approval(text, context, conditions)


def true_approvals(
    text: str, context: str | None = None, conditions: Iterable[str] | None = None
) -> list[ApprovedProduct]:
    """Every approved product that makes `text` true, most specific first."""
    return load().true_approvals(text, context, conditions)
