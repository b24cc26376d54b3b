"""Layer 1, rarer edits: invisible characters, compatibility forms, stacked combining marks.

Why separate from the look-alike pass: these edits change length (an invisible is removed, a
ligature becomes two letters), so each becomes an explicit edit for the offset map. They are
rare in real text, so one regex scan finds the few places and plain Python decides each.

Rules (decisions.md, Normaliser [3]):
- ZWSP, word joiner, BOM, soft hyphen, tag characters, invisible operators: always removed;
  counted as obfuscation only inside a word (Latin letter or look-alike on both sides); a soft
  hyphen is counted later, only inside a claim word (``counted`` is settled in ``__init__``).
- ZWJ, ZWNJ, variation selectors, bidi controls: removed only between Latin letters (emoji
  sequences and Persian ZWNJ stay).
- Compatibility forms (full-width, mathematical, enclosed, small capitals, ligatures, Roman
  numerals) become their ASCII letters/digits; one followed by VS16 (an emoji such as Ⓜ️)
  stays. Not counted (folded for matching, but ordinary typography): next to CJK text, where
  full-width Latin is usual; ligatures (ﬁ, common in PDF text), Roman numerals (Phase Ⅱ) and
  enclosed or full-width digits.
- Marks stacked on a Latin letter (three or more, or any overlay/enclosing mark): removed,
  keeping at most two leading marks that compose with the letter (é, ệ stay).
"""

from __future__ import annotations

import re
import unicodedata

from . import scan
from . import tables as T
from .layer1 import _SPECIAL, Edit

_MARK_RUN = re.compile(f"[{T.MARKS_CLASS}]+")
_BETWEEN_ONLY = re.compile(f"[{T._class_of(T.INVISIBLE_BETWEEN_LATIN)}]")
_INVIS_RUN = re.compile(f"[{T.INVISIBLE_CLASS}]+")


def _is_mark(c: str) -> bool:
    return unicodedata.category(c) in ("Mn", "Me")


def _latinish(c: str) -> bool:
    return T.is_latin_letter(c) or c in T.LOOKALIKE or c in T.COMPAT or c.isdigit()


def _neighbour(text: str, i: int, step: int) -> str:
    """Nearest character from ``i`` in direction ``step`` that is neither invisible nor a mark."""
    n = len(text)
    limit = 64
    while 0 <= i < n and limit:
        c = text[i]
        if c not in T.INVISIBLE_ALWAYS and c not in T.INVISIBLE_BETWEEN_LATIN and not _is_mark(c):
            return c
        i += step
        limit -= 1
    return ""


def special_edits(text: str, data: bytes | None = None) -> list[Edit]:
    out: list[Edit] = []
    marks_done = 0
    for s, e, _m in scan.spans(_SPECIAL, text, data):
        i = s
        while i < e:
            c = text[i]
            if c in T.INVISIBLE_ALWAYS or c in T.INVISIBLE_BETWEEN_LATIN:
                j = _INVIS_RUN.match(text, i, e).end()
                _invisibles(text, i, j, out)
                i = j
            elif c in T.COMPAT:
                _compat(text, i, out)
                i += 1
            else:
                m2 = _MARK_RUN.match(text, i, e)
                j = m2.end() if m2 else i + 1
                if m2 and i >= marks_done:
                    marks_done = _marks(text, i, e, out)
                i = j
    if marks_done:
        out = _merge(sorted(out))
    return out


def _merge(edits: list[Edit]) -> list[Edit]:
    out: list[Edit] = []
    for s, e, r, k, c in edits:
        if out and out[-1][1] == s and out[-1][3] == k and out[-1][4] == c:
            ps, _pe, pr, _k, _c = out[-1]
            out[-1] = (ps, e, pr + r, k, c)
        else:
            out.append((s, e, r, k, c))
    return out


def _invisibles(text: str, s: int, e: int, out: list[Edit]) -> None:
    if text[s] == T.EMOJI_PRESENTATION and s > 0 and text[s - 1] in T.COMPAT:
        s += 1  # Ⓜ️: the compatibility form stays as an emoji, and so does its selector
        if s == e:
            return
    before = _neighbour(text, s - 1, -1)
    after = _neighbour(text, e, 1)
    between_latin = bool(before) and bool(after) and _latinish(before) and _latinish(after)
    if between_latin or not _BETWEEN_ONLY.search(text, s, e):
        _push(out, s, e, "", "invisible", between_latin, text)
        return
    i = s
    while i < e:
        j = i
        removable = between_latin or text[i] in T.INVISIBLE_ALWAYS
        while j < e and (between_latin or text[j] in T.INVISIBLE_ALWAYS) == removable:
            j += 1
        if removable:
            _push(out, i, j, "", "invisible", between_latin, text)
        i = j


def _compat(text: str, i: int, out: list[Edit]) -> None:
    if i + 1 < len(text) and text[i + 1] == T.EMOJI_PRESENTATION:
        return
    rep = T.COMPAT[text[i]]
    counted = (
        rep.isalpha() and not T.is_typographic_compat(text[i])
        and not (T.is_cjk(_outside_compat(text, i, -1)) or T.is_cjk(_outside_compat(text, i, 1)))
    )
    _push(out, i, i + 1, rep, "compat", counted, text)


def _outside_compat(text: str, i: int, step: int) -> str:
    """First character from ``i`` in direction ``step`` that is not a compatibility form."""
    for _ in range(64):
        i += step
        if not 0 <= i < len(text):
            return ""
        if text[i] not in T.COMPAT:
            return text[i]
    return ""


def _marks(text: str, s: int, limit: int, out: list[Edit]) -> int:
    """Marks from ``s`` on, across invisibles (removed anyway), as one cluster on its base.

    Returns where the cluster ends, so that its later marks are not judged again.
    """
    positions: list[tuple[int, int]] = []  # runs of marks in the cluster
    i = s
    while i < limit:
        m = _MARK_RUN.match(text, i, limit)
        if m:
            positions.append(m.span())
            i = m.end()
            continue
        inv = _INVIS_RUN.match(text, i, limit)
        if not inv:
            break
        i = inv.end()
    end = positions[-1][1]
    base = _neighbour_base(text, s - 1)
    if not base or not (T.is_latin_letter(base) or base in T.LOOKALIKE or base in T.COMPAT):
        return end
    marks = "".join(text[a:b] for a, b in positions)
    if len(marks) < 3 and not any(m in T.OVERLAY_MARKS for m in marks):
        return end
    keep = 0
    for k in (2, 1):
        head = marks[:k]
        if len(head) == k and not any(m in T.OVERLAY_MARKS for m in head) \
                and len(unicodedata.normalize("NFC", base + head)) == 1:
            keep = k
            break
    for a, b in positions:
        if keep >= b - a:
            keep -= b - a
            continue
        out.append((a + keep, b, "", "zalgo", True))
        keep = 0
    return end


def _neighbour_base(text: str, i: int) -> str:
    """The character a mark sits on: the nearest one before ``i`` that is not invisible."""
    for _ in range(64):
        if i < 0:
            return ""
        c = text[i]
        if c not in T.INVISIBLE_ALWAYS and c not in T.INVISIBLE_BETWEEN_LATIN:
            return c
        i -= 1
    return ""


def _push(out: list[Edit], s: int, e: int, rep: str, kind: str, counted: bool, text: str):
    if out and out[-1][1] == s and out[-1][3] == kind and out[-1][4] == counted:
        ps, _pe, prep, _k, _c = out[-1]
        out[-1] = (ps, e, prep + rep, kind, counted)
    else:
        out.append((s, e, rep, kind, counted))
