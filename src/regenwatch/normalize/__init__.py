"""Unicode de-obfuscation normaliser (issue 3).

Public interface (used by the rules engine and the CLI):
- ``normalize(text) -> Normalized``: ``.text`` (analysis text, case kept), ``.original``,
  ``.changes`` (``Change``: kind, start, end in original offsets, original, replacement,
  counted), ``.to_original(start, end)``, ``.to_analysis(start, end)``, ``.summary()``.
- ``obfuscation_runs(norm) -> [(start, end, changed_count, {kind: count})]`` in original
  offsets: the ``obfuscated-text`` findings.

Two layers (decisions.md, "Normaliser [3]"): layer 1 (``layer1``, ``special``) undoes
script-level obfuscation in non-ASCII text; layer 2 (``layer2``) folds spaced letters, digit
swaps and accent decoys only towards claim-lexicon words, also in ASCII text. Pure ASCII with
nothing for layer 2 returns unchanged with an identity map after one RE2 scan.
"""

from __future__ import annotations

from ..lexicon import claim_vocabulary
from . import layer1, layer2
from .offsets import OffsetMap
from .result import KINDS, Change, Edit, Normalized
from .runs import obfuscation_runs
from .scan import to_bytes
from .special import special_edits
from .tables import SOFT_HYPHEN

__all__ = ["KINDS", "Change", "Normalized", "normalize", "obfuscation_runs"]


def normalize(text: str) -> Normalized:
    if not isinstance(text, str):
        raise TypeError(f"normalize() takes str, not {type(text).__name__}")
    if not text:
        return Normalized(text, text, ())
    vocab = claim_vocabulary()
    data = to_bytes(text)  # one encoding for every RE2 scan of the text
    if text.isascii():
        if not layer2.has_candidates(text, data):
            return Normalized(text, text, ())
        return _finish(text, text, [], None, vocab, data)
    builder = None
    mapped = text
    if layer1.has_lookalike(text, data):
        sv = layer1.scan_view(text)
        runs = layer1.lookalike_runs(sv)
        keep, words = layer1.lookalike_decisions(text, vocab, sv)
        mapped = layer1.apply_lookalikes(text, keep, runs)

        def builder(text=text, mapped=mapped, keep=keep, words=words, runs=runs):
            return layer1.lookalike_edits(text, mapped, keep, words, runs)

    special = special_edits(text, data) if layer1.has_special(data) else []
    text1 = _apply(mapped, special) if special else mapped
    return _finish(text, text1, special, builder, vocab, data if text1 is text else None)


def _finish(original, text1, special, builder, vocab, data1=None) -> Normalized:
    """``data1``: ``text1`` as UTF-8 when already encoded."""
    map1 = OffsetMap([(s, e, len(r)) for s, e, r, _k, _c in special])
    l2 = layer2.fold_edits(text1, vocab, data1)
    if l2:
        text2 = _apply(text1, l2)
        edits = _compose(special, l2, map1, text1)
    else:
        text2, edits = text1, special
    if any(SOFT_HYPHEN in original[s:e] for s, e, *_ in edits):
        edits = _count_soft_hyphens(original, text2, edits, vocab)
    if text2 == original and not edits and builder is None:
        return Normalized(original, original, ())
    return Normalized(text2, original, edits=edits, lookalike_builder=builder)


def _apply(text: str, edits) -> str:
    parts, pos = [], 0
    for s, e, r, *_ in edits:
        parts.append(text[pos:s])
        parts.append(r)
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


def _compose(l1: list[Edit], l2: list[Edit], map1: OffsetMap, text1: str) -> list[Edit]:
    """Both layers' edits in original offsets; a fold over a layer-1 edit merges with it."""
    ns = 0
    shift = 0
    regions = []  # layer-1 edits with their text1 span
    for s, e, r, k, c in l1:
        ns = s + shift
        regions.append([ns, ns + len(r), s, e, r, k, c, []])
        shift += len(r) - (e - s)
    out: list[Edit] = []
    merged: dict[int, list] = {}
    ri = 0
    for s, e, r, k, c in l2:
        while ri < len(regions) and regions[ri][1] <= s and regions[ri][0] < s:
            ri += 1
        hit = None
        j = ri
        while j < len(regions) and regions[j][0] < e:
            if s < regions[j][1]:
                hit = j
                break
            j += 1
        if hit is None:
            os_, oe = map1.to_original(s, e)
            out.append((os_, oe, r, k, c))
        else:
            merged.setdefault(hit, []).append((s, e, r, k, c))
    for j, reg in enumerate(regions):
        a, b, s, e, r, k, c, _ = reg
        folds = merged.get(j)
        if not folds:
            out.append((s, e, r, k, c))
            continue
        lo = min(a, *(f[0] for f in folds))
        hi = max(b, *(f[1] for f in folds))
        piece = _apply(text1[lo:hi], [(fs - lo, fe - lo, fr) for fs, fe, fr, *_ in folds])
        os_, _x = map1.to_original(lo, lo + 1) if lo < a else (s, s)
        _y, oe = map1.to_original(hi - 1, hi) if hi > b else (e, e)
        out.append((min(os_, s), max(oe, e), piece, folds[0][3], True))
    out.sort()
    return out


def _count_soft_hyphens(original, text2, edits, vocab):
    """A removed soft hyphen counts only inside a claim word (decisions.md)."""
    fmap = OffsetMap([(s, e, len(r)) for s, e, r, _k, _c in edits if len(r) != e - s])
    out = []
    for s, e, r, k, c in edits:
        if k == "invisible" and set(original[s:e]) == {SOFT_HYPHEN}:
            p, _q = fmap.to_analysis(s, e)
            c = _word_at(text2, p).lower() in vocab
        out.append((s, e, r, k, c))
    return out


def _word_at(text: str, p: int) -> str:
    a = p
    while a > 0 and text[a - 1].isalpha() and p - a < 40:
        a -= 1
    b = p
    while b < len(text) and text[b].isalpha() and b - p < 40:
        b += 1
    return text[a:b]

