"""Layer 1: undo script-level obfuscation in non-ASCII text.

Why this shape: look-alike letters are one-for-one replacements, so the fast path maps every
look-alike of the text at C speed (``str.translate`` over the runs of look-alikes) and then
puts back the words that must stay as written. That inverts the usual per-word loop: an
English page where a quarter of the letters are Cyrillic costs one translate plus one scan
for non-Latin words, not a Python step per word. Decisions read the original text only, so
normalising twice equals once. The scans run over ``bmp.view(text)`` with BMP-only classes,
2-7x faster than the full classes.

What stays as written:
- words without any Latin letter (Russian, Greek, Ukrainian text; a Russian name in English
  text), unless the word is made only of look-alikes, the nearest words on both sides that are
  not such words are Latin, and the mapped word is a claim-lexicon or common English word
  (then it is a whole look-alike word, kind ``lookalike-word``);
- a lone Greek letter, unless it reads as the article "a" between spaces and no other Greek
  stays in the text ("It is α cure"; "the α and β chains" stays);
- Greek small letters written against capitals or digits: science notation (αSMA, TNFα,
  γH2AX, IFNγ). Decided: "αSMA" stays; "αpproved" is mapped.

The rarer edits (invisible characters, compatibility forms, stacked marks) come from one scan
for those characters and are handled one by one in ``special_edits``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

import re2

from . import bmp, scan
from . import tables as T

Edit = tuple[int, int, str, str, bool]  # orig start, orig end, replacement, kind, counted

class _Scans:
    """Layer 1's ``re`` scans over one set of character-class bodies."""

    def __init__(self, word: str, latin: str, compat_letters: str, lookalike: str) -> None:
        # A whole word (no word character on either side) without a Latin letter. It opens
        # with a digit or a non-ASCII character, the class that ``re`` skips to at C speed;
        # the lookbehinds then test that first character as the rest.
        x = f"{latin}{compat_letters}_"
        self.nonlatin_word = re.compile(
            f"[^\x00-/:-\x7f](?<=[{word}])(?<![{x}])(?<![{word}].)"
            f"(?:(?![{x}])[{word}])*+(?![{word}])"
        )
        self.has_lookalike = re.compile(f"[{lookalike}]")
        self.lookalike_run = re.compile(f"[{lookalike}]+")
        self.word_char = re.compile(f"[{word}]")
        self.greek_sci = re.compile(
            f"[{T.GREEK_SMALL_LOOKALIKES}]"
            f"(?:(?<![{word}].)(?=[A-Z0-9])|(?<=[A-Z0-9].)(?![{word}]))"
        )


_FULL = _Scans(T.WORD_CLASS, T.LATIN_CLASS, T.COMPAT_LETTERS_CLASS, T.LOOKALIKE_CLASS)
# The same scans without characters beyond U+FFFF, run over ``bmp.view(text)``: 2-7x faster.
_FAST = _Scans(T.WORD_CLASS_BMP, T.LATIN_CLASS_BMP, T.COMPAT_LETTERS_CLASS_BMP,
               T.LOOKALIKE_CLASS_BMP)
_NONLATIN_WORD = _FULL.nonlatin_word
_HAS_LOOKALIKE = _FULL.has_lookalike
_LOOKALIKE_RUN = _FULL.lookalike_run
_WORD_CHAR = _FULL.word_char
_GREEK_SCI = _FULL.greek_sci
_ANY_LOOKALIKE = re2.compile(f"[{T.LOOKALIKE_CLASS_RE2}]")  # whole-text tests
_ANY_LOOKALIKE_BYTES = scan.compile_bytes(f"[{T.LOOKALIKE_CLASS_RE2}]")
_SPECIAL = scan.compile_bytes(
    "[" + T.re2_class_of(T.INVISIBLE_ALWAYS | T.INVISIBLE_BETWEEN_LATIN | set(T.COMPAT))
    + "\\x{300}-\\x{36f}\\x{1ab0}-\\x{1aff}\\x{1dc0}-\\x{1dff}\\x{20d0}-\\x{20ff}"
    + "\\x{fe20}-\\x{fe2f}]+"
)
_GREEK = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")
GREEK_ARTICLE = "greek-article"

LATIN, FOREIGN, NEUTRAL, CANDIDATE = "L", "X", "N", "C"


def has_lookalike(text: str, data: bytes | None = None) -> bool:
    """``data``: the text as UTF-8 (``scan.to_bytes``), if already encoded."""
    if data is not None and b"\xed" not in data:  # no lone surrogate (UTF-8 ED A0-BF ..)
        return _ANY_LOOKALIKE_BYTES.search(data) is not None
    try:
        return _ANY_LOOKALIKE.search(text) is not None
    except UnicodeEncodeError:  # lone surrogates: RE2 reads UTF-8 only
        return _HAS_LOOKALIKE.search(text) is not None


def scan_view(text: str) -> tuple[str, _Scans]:
    """The text to scan and the scans to run over it: ``bmp.view(text)`` with the fast scans
    (same positions, same matches), or the text itself with the full ones."""
    view = bmp.view(text)
    return (text, _FULL) if view is None else (view, _FAST)


def lookalike_runs(sv: tuple[str, _Scans]) -> list[tuple[int, int]]:
    """Spans of consecutive look-alike characters; ``sv`` from ``scan_view``."""
    view, scans = sv
    return [m.span() for m in scans.lookalike_run.finditer(view)]


def map_lookalikes(text: str, runs: list[tuple[int, int]]) -> str:
    """``text`` with every look-alike mapped; ``runs`` from ``lookalike_runs``.

    ``str.translate`` looks every character up in a dict (~100 ns each on non-ASCII text), so
    only the runs are translated unless they are most of the text.
    """
    if len(runs) * 16 > len(text):
        return text.translate(T.LOOKALIKE_TRANS)
    parts, pos = [], 0
    for s, e in runs:
        parts.append(text[pos:s])
        parts.append(text[s:e].translate(T.LOOKALIKE_TRANS))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


def has_special(data: bytes) -> bool:
    """``data``: the text as UTF-8 (``scan.to_bytes``)."""
    return _SPECIAL.search(data) is not None


def _classify(word: str) -> str:
    """A word without Latin letters: neutral (no letters), candidate (only look-alikes), foreign."""
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return NEUTRAL
    if all(c in T.LOOKALIKE for c in letters):
        return CANDIDATE
    return FOREIGN


def _is_word(mapped: str, vocab: frozenset[str]) -> bool:
    low = "".join(c for c in mapped if c.isalnum()).lower()
    if len(low) == 1:
        return low in ("a", "i")
    return low in vocab or low in T.english_words()


def lookalike_decisions(text: str, vocab: frozenset[str], sv=None):
    """Spans to keep as written, and whole look-alike words to map.

    Returns ``(keep, word_spans)``: sorted, disjoint original spans. ``sv``: ``scan_view(text)``.
    """
    view, scans = sv or scan_view(text)
    words = [m.span() for m in scans.nonlatin_word.finditer(view) if m.end() > m.start()]
    classes = [_classify(text[s:e]) for s, e in words]
    n = len(words)
    left = [None] * n
    prev_end, ctx = 0, None
    for i, (s, _e) in enumerate(words):
        if scans.word_char.search(view, prev_end, s):
            ctx = LATIN
        left[i] = ctx
        if classes[i] == FOREIGN:
            ctx = FOREIGN
        prev_end = words[i][1]
    right = [None] * n
    next_start, ctx = len(text), None
    for i in range(n - 1, -1, -1):
        s, e = words[i]
        if scans.word_char.search(view, e, next_start):
            ctx = LATIN
        right[i] = ctx
        if classes[i] == FOREIGN:
            ctx = FOREIGN
        next_start = s
    keep: list[tuple[int, int]] = []
    mapped_words: list[tuple[int, int]] = []
    lone_greek: list[tuple[int, int]] = []
    for i, (s, e) in enumerate(words):
        cls = classes[i]
        if cls == NEUTRAL:
            continue
        decision = _map_candidate(text, s, e, left[i], right[i], vocab) if cls == CANDIDATE \
            else False
        if decision == GREEK_ARTICLE:
            lone_greek.append((s, e))
        elif decision:
            mapped_words.append((s, e))
        elif scans.has_lookalike.search(view, s, e):
            keep.append((s, e))
    for m in scans.greek_sci.finditer(view):
        keep.append(m.span())
    keep.sort()
    if lone_greek:
        if _other_greek(text, keep):
            keep = sorted(keep + lone_greek)
        else:
            mapped_words = sorted(mapped_words + lone_greek)
    return keep, mapped_words


def _map_candidate(text, s, e, left, right, vocab) -> bool:
    if left == FOREIGN or right == FOREIGN or (left is None and right is None):
        return False
    word = text[s:e]
    if not _is_word(word.translate(T.LOOKALIKE_TRANS), vocab):
        return False
    letters = [c for c in word if c.isalpha()]
    if len(letters) == 1 and "GREEK" in unicodedata.name(letters[0], ""):
        return _lone_greek_article(text, s, e, letters[0])
    return True


def _lone_greek_article(text: str, s: int, e: int, letter: str):
    """A lone Greek letter reads as the article "a" only between spaces ("It is α cure");
    whether it is mapped is settled for the whole text in ``lookalike_decisions``."""
    spaced = (s == 0 or text[s - 1].isspace()) and (e == len(text) or text[e].isspace())
    if spaced and T.LOOKALIKE[letter].lower() == "a":
        return GREEK_ARTICLE
    return False


def _other_greek(text: str, keep: list[tuple[int, int]]) -> bool:
    """Does Greek stay in the text (β, μ, kept words, αSMA)? Then a lone α is a symbol too.

    Decided on the whole text and on characters that stay as written, so the answer is the
    same when the output is normalised again (a window of characters would not be).
    """
    for m in _GREEK.finditer(text):
        c = m.group()
        if c not in T.LOOKALIKE:
            return True
        p = m.start()
        i = bisect_right(keep, (p, len(text) + 1)) - 1
        if i >= 0 and keep[i][0] <= p < keep[i][1]:
            return True
    return False


def apply_lookalikes(text: str, keep: list[tuple[int, int]], runs) -> str:
    """Map every look-alike except inside ``keep`` spans (same length as ``text``)."""
    mapped = map_lookalikes(text, runs)
    if not keep:
        return mapped
    parts, pos = [], 0
    for s, e in keep:
        if s < pos:
            s = pos
        if s >= e:
            continue
        parts.append(mapped[pos:s])
        parts.append(text[s:e])
        pos = e
    parts.append(mapped[pos:])
    return "".join(parts)


def lookalike_edits(text: str, mapped: str, keep, mapped_words, runs) -> list[Edit]:
    """The one-for-one look-alike changes, built on demand (``Normalized.changes``).

    ``mapped`` is ``apply_lookalikes(text, keep, runs)``: same length, so it holds each
    replacement.
    """
    if not keep and not mapped_words:
        return [(s, e, mapped[s:e], "lookalike", True) for s, e in runs]
    out: list[Edit] = []
    ki = wi = 0
    nk, nw = len(keep), len(mapped_words)
    for s, e in runs:
        while ki < nk and keep[ki][1] <= s:
            ki += 1
        while wi < nw and mapped_words[wi][1] <= s:
            wi += 1
        kind = "lookalike-word" if wi < nw and mapped_words[wi][0] <= s else "lookalike"
        if ki < nk and keep[ki][0] < e:  # part of the run is kept: letter by letter
            for p in range(s, e):
                j = ki
                while j < nk and keep[j][0] <= p and keep[j][1] <= p:
                    j += 1
                if not (j < nk and keep[j][0] <= p < keep[j][1]):
                    out.append((p, p + 1, mapped[p], kind, True))
            continue
        out.append((s, e, mapped[s:e], kind, True))
    return out
