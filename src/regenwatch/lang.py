"""Per-document language identification (lingua, low-accuracy mode: fast, small memory).

Covers the pack languages and their usual neighbours so that an Italian or French page gets
its own code rather than being read with English rules. Low-accuracy mode is unsure on a
sentence or two, so an unsure answer is checked against a vote of function words.
"""

from __future__ import annotations

import functools
import re

_CANDIDATES = ("ENGLISH", "SPANISH", "PORTUGUESE", "GERMAN", "FRENCH", "ITALIAN", "DUTCH")
_FUNCTION_WORDS = {
    "en": "the and of to is are our your for with this that you we it not be have from or".split(),
    "es": ("el la los las de del que y en es son por para con una un no se su nuestro "
           "nuestra nuestros nuestras al sus este esta muy pero hoy usted").split(),
    # na, ou, ao, sem, mais, também, muito: Portuguese, never Spanish words, so a short post
    # ("Soro de exossomos na veia… chama no zap") does not lose to Spanish "no"
    "pt": ("o a os as de do da que e em é são por para com uma um não nosso você "
           "na nas ou ao sem mais também muito").split(),
    "de": "der die das und ist sind nicht mit für ein eine zu von den dem sie wir ihr".split(),
    "fr": "le la les de des du et est sont pour avec une un ne pas nous vous".split(),
    "it": "il lo la gli le di del che e è sono per con una un non nostro".split(),
    "nl": "de het een en is zijn niet met voor van dat wij jij onze".split(),
}
_WORD = re.compile(r"[^\W\d_]+")
_SURE = 0.85
_CONFUSABLE = {"es": "pt", "pt": "es"}


@functools.cache
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    langs = [getattr(Language, name) for name in _CANDIDATES]
    return (LanguageDetectorBuilder.from_languages(*langs)
            .with_low_accuracy_mode().build())


_FUNCTION_SETS = {lang: frozenset(words) for lang, words in _FUNCTION_WORDS.items()}
_LETTERS = re.compile(r"[^\W\d_]")


def _scores(sample: str) -> dict[str, int]:
    words = [w.lower() for w in _WORD.findall(sample)]
    return {lang: sum(w in fw for w in words) for lang, fw in _FUNCTION_SETS.items()}


def _vote(sample: str) -> tuple[str | None, int]:
    scores = _scores(sample)
    best = max(scores, key=scores.get)
    ranked = sorted(scores.values(), reverse=True)
    return (best if ranked[0] > ranked[1] else None), ranked[0]


def detect_language(text: str, default: str = "en") -> str:
    sample = text[:1500]
    if len(_LETTERS.findall(sample[:200])) < 12:
        return default
    scores = _scores(sample[:800])
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] >= 12 and ranked[0] >= 3 * ranked[1]:
        return max(scores, key=scores.get)  # function words leave no doubt: skip the model
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        return default
    top = values[0]
    lang = top.language.iso_code_639_1.name.lower()
    voted, hits = _vote(sample)
    if top.value < _SURE:
        if voted is not None and hits >= 2:
            return voted
    elif _CONFUSABLE.get(lang) == voted and hits >= 2 and len(_WORD.findall(sample)) <= 60:
        # low-accuracy mode is often sure, and wrong, between Spanish and Portuguese on a
        # short post ("Exosomas IV para el párkinson. Agenda ya" came back Portuguese)
        return voted
    return lang
