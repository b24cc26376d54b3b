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
  stays; next to CJK text (where full-width Latin is ordinary) the change is not counted.
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
                if m2:
                    _marks(text, i, j, out)
                i = j
    return out


def _invisibles(text: str, s: int, e: int, out: list[Edit]) -> None:
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
    near = text[max(0, i - 2):i] + text[i + 1:i + 3]
    counted = not any(T.is_cjk(c) for c in near)
    _push(out, i, i + 1, T.COMPAT[text[i]], "compat", counted, text)


def _marks(text: str, s: int, e: int, out: list[Edit]) -> None:
    base = text[s - 1] if s > 0 else ""
    if not base or not (T.is_latin_letter(base) or base in T.LOOKALIKE or base in T.COMPAT):
        return
    marks = text[s:e]
    if len(marks) < 3 and not any(m in T.OVERLAY_MARKS for m in marks):
        return
    keep = 0
    for k in (2, 1):
        head = marks[:k]
        if len(head) == k and not any(m in T.OVERLAY_MARKS for m in head) \
                and len(unicodedata.normalize("NFC", base + head)) == 1:
            keep = k
            break
    _push(out, s + keep, e, "", "zalgo", True, text)


def _push(out: list[Edit], s: int, e: int, rep: str, kind: str, counted: bool, text: str):
    if out and out[-1][1] == s and out[-1][3] == kind and out[-1][4] == counted:
        ps, _pe, prep, _k, _c = out[-1]
        out[-1] = (ps, e, prep + rep, kind, counted)
    else:
        out.append((s, e, rep, kind, counted))
