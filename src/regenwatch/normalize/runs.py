"""``obfuscated-text`` runs: groups of adjacent words that contain counted changes.

Why here and not in the rules: the normaliser knows what it changed and why. Words are the
whitespace-separated tokens of the original. A run is a maximal sequence of words each of which
contains a counted change, or touches a whitespace gap that does (the removed spaces of
"a p p r o v e d" join its letters); a clean word ends the run. A run is reported when it has
at least two changed characters, or one inside a claim word (a single zero-width space inside
"safe" counts; see ``run_vocabulary``). Offsets are original offsets; leading and trailing
punctuation is trimmed.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right

from ..lexicon import available_languages, claim_vocabulary, load

_TOKEN = re.compile(r"\S+")
_WORDS = re.compile(r"[^\W\d_]+")
_LEAD = "\"'([{<«“‘¿¡*"
_TRAIL = ".,;:!?)\"']}>»”’*"

Run = tuple[int, int, int, dict[str, int]]


def obfuscation_runs(norm) -> list[Run]:
    counted = [(s, e, k) for s, e, _r, k, c in norm.edit_list() if c]
    if not counted:
        return []
    text = norm.original
    spans = [m.span() for m in _TOKEN.finditer(text)]
    starts = [s for s, _e in spans]
    ends = [e for _s, e in spans]
    tok_count: dict[int, dict[str, int]] = {}
    gap_count: dict[int, dict[str, int]] = {}  # gap g lies before token g
    for s, e, k in counted:
        n = max(e - s, 1)
        first = bisect_right(ends, s)  # first token ending after s
        last = bisect_left(starts, max(e, s + 1)) - 1  # last token starting before e
        if first <= last:
            _add(tok_count.setdefault(first, {}), k, n)
            for t in range(first + 1, last + 1):
                tok_count.setdefault(t, {})
        else:
            _add(gap_count.setdefault(first, {}), k, n)
    dirty = sorted(set(tok_count) | {g for g in gap_count if g < len(spans)}
                   | {g - 1 for g in gap_count if g > 0})
    vocab = run_vocabulary()
    out: list[Run] = []
    i = 0
    while i < len(dirty):
        j = i
        while j + 1 < len(dirty) and dirty[j + 1] == dirty[j] + 1:
            j += 1
        a, b = dirty[i], dirty[j]
        kinds: dict[str, int] = {}
        for t in range(a, b + 1):
            for src in (tok_count.get(t), gap_count.get(t) if t > a else None):
                for k, n in (src or {}).items():
                    _add(kinds, k, n)
        changed = sum(kinds.values())
        s, e = _trim(text, starts[a], ends[b])
        if changed and (changed >= 2 or _in_claim_word(norm, s, e, vocab)):
            out.append((s, e, changed, kinds))
        i = j + 1
    return out


@functools.cache
def run_vocabulary() -> frozenset[str]:
    """Words in which one changed character is enough: the claim vocabulary plus the
    lexicons' cosmetic-concern words (a zero-width space inside "scars" is as deliberate as
    one inside "safe"; dev-115)."""
    words = set(claim_vocabulary())
    for lang in available_languages():
        for term in load(lang).cosmetic_concerns:
            words.update(w.lower() for w in _WORDS.findall(term) if len(w) > 1)
    return frozenset(words)


def _add(d: dict[str, int], k: str, n: int) -> None:
    d[k] = d.get(k, 0) + n


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    a, b = s, e
    while a < b and text[a] in _LEAD:
        a += 1
    while b > a and text[b - 1] in _TRAIL:
        b -= 1
    return (a, b) if a < b else (s, e)


def _in_claim_word(norm, s: int, e: int, vocab: frozenset[str]) -> bool:
    a, b = norm.to_analysis(s, e)
    return any(w.lower() in vocab for w in _WORDS.findall(norm.text[a:b]))
