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

from ..lexicon import available_languages, claim_vocabulary, load

_TOKEN = re.compile(r"\S+")
_SPAN = re.compile(r"\s*\S*")  # whitespace, then a token: to the next token's end
_WORDS = re.compile(r"[^\W\d_]+")
_LEAD = "\"'([{<«“‘¿¡*"
_TRAIL = ".,;:!?)\"']}>»”’*"

Run = tuple[int, int, int, dict[str, int]]


def obfuscation_runs(norm) -> list[Run]:
    counted = [(s, e, k) for s, e, _r, k, c in norm.edit_list() if c]
    if not counted:
        return []
    text = norm.original
    a, b = _window(text, counted[0][0], max(e if e > s else s + 1 for s, e, _k in counted))
    spans = [m.span() for m in _TOKEN.finditer(text, a, b)]
    ntok = len(spans)
    vocab = run_vocabulary()
    out: list[Run] = []
    run: list | None = None  # [first token, last token, changed, kinds]
    ti = 0
    for s, e, k in counted:
        n = e - s if e > s else 1
        stop = e if e > s else s + 1
        while ti < ntok and spans[ti][1] <= s:
            ti += 1
        if ti < ntok and spans[ti][0] < stop:  # inside token ti (maybe several)
            lo = hi = ti
            while hi + 1 < ntok and spans[hi + 1][0] < stop:
                hi += 1
        else:  # in the whitespace before token ti: joins its neighbours
            lo, hi = max(ti - 1, 0), min(ti, ntok - 1)
        if run is not None and lo <= run[1] + 1:
            if hi > run[1]:
                run[1] = hi
            run[2] += n
            run[3][k] = run[3].get(k, 0) + n
        else:
            if run is not None:
                _close(run, spans, text, norm, vocab, out)
            run = [lo, hi, n, {k: n}]
    if run is not None:
        _close(run, spans, text, norm, vocab, out)
    return out


def _window(text: str, first: int, stop: int) -> tuple[int, int]:
    """The stretch of whole tokens the edits in [first, stop) can reach: from the token
    before ``first`` to the token after ``stop``. Only it is tokenised (edits usually sit in
    a small part of a page; tokenising all of it cost more than the rest of this module)."""
    a = first - _SPAN.match(text[first - 1::-1] if first else "").end()
    return a, _SPAN.match(text, stop).end()


def _close(run, spans, text, norm, vocab, out) -> None:
    lo, hi, changed, kinds = run
    if lo > hi or not spans:
        return
    s, e = _trim(text, spans[lo][0], spans[hi][1])
    if changed >= 2 or _in_claim_word(norm, s, e, vocab):
        out.append((s, e, changed, kinds))


@functools.cache
def run_vocabulary() -> frozenset[str]:
    """Words in which one changed character is enough: the claim vocabulary plus the
    lexicons' cosmetic-concern words (a zero-width space inside "scars" is as deliberate as
    one inside "safe"; dev-115)."""
    words = set(claim_vocabulary())
    for lang in available_languages():
        lex = load(lang)
        words |= lex.vocabulary_words(lex.cosmetic_concerns)
    return frozenset(words)


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
