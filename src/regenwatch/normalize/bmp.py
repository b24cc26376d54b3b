"""A same-length stand-in of a text with no character beyond U+FFFF, for fast ``re`` scans.

Why: Python's ``re`` tests the BMP part of a character class with one bitmap lookup, but
every range beyond U+FFFF one by one. The look-alike, compatibility and Latin classes have
about a hundred such ranges, so a layer-1 scan cost ~200 ns a character (1 ms on a 5 KB
page). Layer 1 therefore scans ``view(text)`` with the classes' BMP parts: each character
beyond the BMP (an emoji, a mathematical letter) is replaced by a BMP character that is in
exactly the same classes, so positions and matches are the same as the full classes give.
"""

from __future__ import annotations

import functools
import re

from . import tables as T

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_WORD = re.compile(f"[{T.WORD_CLASS}]")
_LATIN = re.compile(f"[{T.LATIN_CLASS}{T.COMPAT_LETTERS_CLASS}_]")
# Stand-ins, one per combination of the classes below. None is Greek, an ASCII capital, a
# digit or a newline: layer 1 tests those too, and no character beyond the BMP is one.
STAND_INS = " a\u4e00\u0430\ua720\u1d26"


def _classes(c: str) -> tuple[bool, bool, bool]:
    """The classes layer 1 scans for: word character, Latin-like letter, look-alike."""
    return _WORD.match(c) is not None, _LATIN.match(c) is not None, c in T.LOOKALIKE


@functools.lru_cache(maxsize=4096)
def stand_in(c: str) -> str | None:
    want = _classes(c)
    for s in STAND_INS:
        if _classes(s) == want:
            return s
    return None


def view(text: str) -> str | None:
    """``text`` with a stand-in for each character beyond the BMP; None if one has none."""
    if _ASTRAL.search(text) is None:
        return text
    parts, pos = [], 0
    for m in _ASTRAL.finditer(text):
        s = stand_in(m.group())
        if s is None:
            return None
        parts.append(text[pos:m.start()])
        parts.append(s)
        pos = m.end()
    parts.append(text[pos:])
    return "".join(parts)
