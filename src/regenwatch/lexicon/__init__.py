"""Word lists per language: products, claim words, conditions, cosmetic concerns.

Data below both the normaliser (which folds only towards these words) and the rule packs
(which refer to the lists by name, e.g. ``{condition}``). One YAML file per language.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml

from regenwatch.yamlfast import safe_load

_LIST_KEYS = ("products", "claim_words", "cosmetic_concerns", "routes", "body_structures",
              "function_words")


class LexiconError(ValueError):
    pass


@dataclass(frozen=True)
class Lexicon:
    language: str
    products: tuple[str, ...]
    claim_words: tuple[str, ...]
    routes: tuple[str, ...]
    conditions: dict[str, tuple[str, ...]]  # body system -> terms
    cosmetic_concerns: tuple[str, ...]
    body_structures: tuple[str, ...] = ()  # organs and tissues a repair claim names
    # articles and prepositions inside this language's terms ("sangue do cordão"): never
    # claim words, so one look-alike in "dо" or "nо" is not obfuscation of a claim word
    function_words: tuple[str, ...] = ()

    def vocabulary_words(self, terms) -> set[str]:
        """Lower-cased words of terms, without one-letter words and function words."""
        skip = {w.lower() for w in self.function_words}
        return {w.lower() for term in terms for w in _WORD.findall(term)
                if len(w) > 1 and w.lower() not in skip}

    def condition_terms(self) -> tuple[str, ...]:
        return tuple(t for terms in self.conditions.values() for t in terms)

    def lists(self) -> dict[str, tuple[str, ...]]:
        """Named term lists that rule patterns may reference as ``{name}``."""
        out = {
            "product": self.products,
            "condition": self.condition_terms(),
            "cosmetic": self.cosmetic_concerns,
            "route": self.routes,
            "body": self.body_structures,
        }
        for system, terms in self.conditions.items():
            out[f"condition.{system}"] = terms
        return out


def available_languages() -> list[str]:
    root = resources.files(__package__).joinpath("data")
    return sorted(p.name[:-5] for p in root.iterdir() if p.name.endswith(".yaml"))


@functools.cache
def load(language: str) -> Lexicon:
    path = resources.files(__package__).joinpath("data", f"{language}.yaml")
    try:
        raw = safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise LexiconError(f"no lexicon for language {language!r}") from exc
    except yaml.YAMLError as exc:
        raise LexiconError(f"lexicon/data/{language}.yaml: {exc}") from exc
    if not isinstance(raw, dict) or raw.get("language") != language:
        raise LexiconError(f"lexicon/data/{language}.yaml: 'language: {language}' missing")
    lists = {}
    for key in _LIST_KEYS:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise LexiconError(f"lexicon/data/{language}.yaml: {key} must be a list of strings")
        lists[key] = tuple(value)
    conditions = raw.get("conditions", {})
    if not isinstance(conditions, dict):
        raise LexiconError(f"lexicon/data/{language}.yaml: conditions must map systems to lists")
    return Lexicon(
        language=language,
        conditions={k: tuple(v) for k, v in conditions.items()},
        **lists,
    )


_WORD = re.compile(r"[^\W\d_]+")


@functools.cache
def claim_vocabulary() -> frozenset[str]:
    """Every lower-cased word of every language's lexicon: the targets of risky folds."""
    words: set[str] = set()
    for lang in available_languages():
        lex = load(lang)
        words |= lex.vocabulary_words((*lex.products, *lex.claim_words, *lex.routes,
                                       *lex.condition_terms()))
    return frozenset(words)
