"""Layer 2: folds guided by the claim vocabulary; also runs on pure ASCII.

Why guided: spaced letters, digit swaps and accents are only obfuscation when the folded word
is a claim word. Unguided, these folds would wreck "U.S.A.", "CoQ10", "COVID-19" and "está".
So every fold here is tried, and kept only if the folded word is in ``claim_vocabulary()``:
- ``split-letters``: single letters split by spaces, dots or hyphens ("a p p r o v e d",
  "a-p-p-r-o-v-e-d"), three letters at least; separators removed.
- ``dotted-abbreviation``: capitals split by dots ("F.D.A." -> "FDA"): folded, never counted
  (taxonomy: dotted abbreviations are not obfuscation). A final dot that ends a sentence stays.
- ``digit-swap``: digits or symbols for letters inside a word ("appr0ved", "cur3s", "s@fe").
- ``accent``: an accent on a word that is a claim word without it and is not itself a common
  word of the pack languages or their neighbours ("appróved"; not "está", "légal").

The candidate scan is one RE2 search over UTF-8 bytes (linear time, no backtracking); ASCII
text without candidates leaves after that one search. A fold over a character that layer 1
changed (a full-width digit) is merged with layer 1's edit in ``__init__._compose``.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata

import re2

from . import layer1, scan
from . import tables as T

Edit = tuple[int, int, str, str, bool]  # analysis start, end, replacement, kind, counted

_SEP = rb"(?:[ \t]|\. ?|-|_|\*)"
_SWAP_CHARS = rb"0-9@$!|"
_SPLIT = rb"\b[A-Za-z](?:" + _SEP + rb"[A-Za-z]\b)+\.?"
_MIX = (
    rb"[A-Za-z" + _SWAP_CHARS + rb"]*(?:[A-Za-z][" + _SWAP_CHARS + rb"]|["
    + _SWAP_CHARS + rb"][A-Za-z])[A-Za-z" + _SWAP_CHARS + rb"]*"
)
_CANDIDATES = re2.compile(b"(" + _SPLIT + b")|(" + _MIX + b")")
_HAS_LOOKALIKE = re.compile(f"[{T.LOOKALIKE_CLASS}]")
_ACCENTED = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff\u0300-\u036f]")
_LETTERISH = re.compile(
    "[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff\u0300-\u036f]+"
)
_LETTERISH_RUN = re.compile(_LETTERISH.pattern.replace("]+", "]*"))

_SWAPS = {
    "0": "o", "1": "il", "3": "e", "4": "a", "5": "s", "7": "t",
    "@": "a", "$": "s", "!": "il", "|": "li",
}
_MAX_AMBIGUOUS = 4
_MAX_WORD = 40


def has_candidates(text: str, data: bytes | None = None) -> bool:
    """Cheap test used by the ASCII fast path; ``data``: the text as UTF-8, if encoded."""
    return _CANDIDATES.search(scan.to_bytes(text) if data is None else data) is not None


def fold_edits(text: str, vocab: frozenset[str], data: bytes | None = None) -> list[Edit]:
    """Layer-2 edits in ``text`` (layer-1 output) positions; ``data``: ``text`` as UTF-8, if
    already encoded.

    Letters that layer 1 left as look-alikes (single letters are no words, so "а р р r о v е d"
    keeps its Cyrillic) are read through the look-alike table here, and mapped too when the
    fold succeeds.
    """
    out: list[Edit] = []
    view = text
    if not text.isascii() and layer1.has_lookalike(text, data):  # same length: same positions
        view = layer1.map_lookalikes(text, layer1.lookalike_runs(layer1.scan_view(text)))
    if data is None or view is not text:
        data = scan.to_bytes(view)
    for s, e, group in scan.spans(_CANDIDATES, view, data):
        n = len(out)
        if group == 1:
            _split(view, s, e, vocab, out)
        else:
            _swap(view, s, e, vocab, out)
        if view is not text and len(out) > n:
            out.extend((p, p + 1, view[p], "lookalike", True)
                       for p in range(s, e) if text[p] != view[p])
    if not text.isascii():
        _accents(text, vocab, out)
        out.sort()
    return out


def _split(text, s, e, vocab, out) -> None:
    letters = [i for i in range(s, e) if text[i].isalpha()]
    if len(letters) < 2 or len(letters) > 200:
        return
    i = 0
    while i < len(letters):
        best = 0
        for j in range(min(len(letters), i + _MAX_WORD), i + 1, -1):
            word = "".join(text[p] for p in letters[i:j]).lower()
            if word in vocab:
                best = j
                break
        if not best:
            i += 1
            continue
        first, last = letters[i], letters[best - 1]
        seps = text[first:last + 1]
        dotted = "." in seps
        upper = all(text[p].isupper() for p in letters[i:best])
        min_len = 2 if dotted and upper else 3
        gaps = [(a + 1, b) for a, b in zip(letters[i:best], letters[i + 1:best], strict=False)]
        if best - i >= min_len:
            kind = "dotted-abbreviation" if dotted and upper else "split-letters"
            counted = kind == "split-letters"
            out.extend((a, b, "", kind, counted) for a, b in gaps if b > a)
            end = last + 1
            if dotted and end < len(text) and text[end] == "." and _drop_final_dot(text, end):
                out.append((end, end + 1, "", kind, counted))
        i = best


def _drop_final_dot(text: str, dot: int) -> bool:
    """Drop the dot after "F.D.A" unless it also ends a sentence."""
    rest = text[dot + 1:dot + 3]
    if not rest or rest[0] in "\n\r":
        return False
    if rest[0] == " ":
        return len(rest) > 1 and not rest[1].isupper()
    return True


def _swap(text, s, e, vocab, out) -> None:
    token = text[s:e]
    while token and token[-1] in "!|":
        token = token[:-1]
    if _number_with_letters(text, s, token, out) or _two_letter_no(text, s, e, token, vocab, out):
        return
    if token.startswith("@") or not 3 <= len(token) <= _MAX_WORD:
        return
    if sum(c.isalpha() for c in token) < 2 or _looks_like_code(token):
        return
    slots = [(i, c) for i, c in enumerate(token) if not c.isalpha()]
    if any(c not in _SWAPS for _i, c in slots):
        return
    if sum(len(_SWAPS[c]) > 1 for _i, c in slots) > _MAX_AMBIGUOUS:
        return
    letters = [c for c in token if c.isalpha()]
    upper = all(c.isupper() for c in letters)
    for choice in itertools.product(*(_SWAPS[c] for _i, c in slots)):
        chars = list(token)
        for (i, _c), rep in zip(slots, choice, strict=True):
            chars[i] = rep
        word = "".join(chars)
        if word.lower() in vocab:
            for (i, _c), rep in zip(slots, choice, strict=True):
                end = s + i + 1
                while end < len(text) and unicodedata.combining(text[end]):
                    end += 1  # a mark on the swapped symbol would sit on the new letter
                out.append((s + i, end, rep.upper() if upper else rep, "digit-swap", True))
            return


def _number_with_letters(text: str, s: int, token: str, out) -> bool:
    """Letter O for zero in a percentage ("1OO% safe"): a number is no word of the
    vocabulary, so the "%" after it is what says it is a number."""
    end = s + len(token)
    if not (len(token) >= 2 and token[0] in "123456789" and end < len(text)
            and text[end] == "%" and all(c in "0123456789Oo" for c in token)
            and any(c in "Oo" for c in token)):
        return False
    out.extend((s + i, s + i + 1, "0", "digit-swap", True)
               for i, c in enumerate(token) if c in "Oo")
    return True


def _two_letter_no(text: str, s: int, e: int, token: str, vocab, out) -> bool:
    """"n0 side effects": too short to judge alone ("N0" is a tumour stage), so the next
    word must be a claim word."""
    if token.lower() != "n0":
        return False
    m = _LETTERISH.match(text, e + 1) if text[e:e + 1] == " " else None
    if m is None or m.group().lower() not in vocab:
        return False
    out.append((s + 1, s + 2, "O" if token[0].isupper() else "o", "digit-swap", True))
    return True


def _looks_like_code(token: str) -> bool:
    """Short capitals with a digit at an edge are names of things (3MA, FD4), not swaps."""
    letters = [c for c in token if c.isalpha()]
    return len(token) <= 4 and all(c.isupper() for c in letters) and (
        token[0].isdigit() or token[-1].isdigit()
    )


def _accents(text, vocab, out) -> None:
    pos = 0
    while (m := _ACCENTED.search(text, pos)) is not None:
        w = _LETTERISH.search(text, _word_start(text, m.start()))
        s, e = w.span()
        pos = max(e, m.end())
        if e - s > 3 * _MAX_WORD:  # no claim word is that long (stacked marks, 10 MB words)
            continue
        if not _decoy_accents(text[s:e], vocab):
            continue
        marked = [i for i in range(s, e) if not text[i].isascii()]
        for i in marked:
            c = text[i]
            if unicodedata.combining(c):
                out.append((i, i + 1, "", "accent", True))
            else:
                out.append((i, i + 1, _strip_marks(c), "accent", True))


@functools.lru_cache(maxsize=8192)
def _decoy_accents(word: str, vocab: frozenset[str]) -> bool:
    """Is ``word`` a claim word written with accents it does not have? Cached: a Spanish or
    Portuguese page has hundreds of accented words, mostly the same few dozen."""
    folded = _strip_marks(word)
    low = unicodedata.normalize("NFC", word).lower()
    if not folded.isascii() or folded.lower() not in vocab or low in vocab:
        return False
    return low not in T.accented_words()


def _word_start(text: str, i: int) -> int:
    """Start of the letters before ``i``, looking back at most ``_MAX_WORD`` characters."""
    lim = max(0, i - _MAX_WORD)
    return i - _LETTERISH_RUN.match(text[lim:i][::-1]).end()


def _strip_marks(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
