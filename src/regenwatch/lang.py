"""Per-document language identification (lingua, low-accuracy mode: fast, small memory).

Covers the pack languages and their usual neighbours so that an Italian or French page gets
its own code rather than being read with English rules.
"""

from __future__ import annotations

import functools

_CANDIDATES = ("ENGLISH", "SPANISH", "PORTUGUESE", "GERMAN", "FRENCH", "ITALIAN", "DUTCH")


@functools.cache
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    langs = [getattr(Language, name) for name in _CANDIDATES]
    return (LanguageDetectorBuilder.from_languages(*langs)
            .with_low_accuracy_mode().build())


def detect_language(text: str, default: str = "en") -> str:
    sample = text[:4000]
    if sum(ch.isalpha() for ch in sample) < 12:
        return default
    lang = _detector().detect_language_of(sample)
    if lang is None:
        return default
    return lang.iso_code_639_1.name.lower()
