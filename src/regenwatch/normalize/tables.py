"""Character classes and tables of the normaliser.

Why a module of its own: every decision of the normaliser rests on a few questions about a
character (is it a look-alike, a compatibility form, an invisible, a Latin letter?). The
answers come from generated Unicode data (``data/lookalikes.json``, built by
``scripts/gen_normalize_data.py`` from UTS #39 and NFKC; never hand-written) plus the small,
documented override layer below. Word lists load lazily so that ASCII text never pays for them.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources

_DATA = resources.files(__package__).joinpath("data")


def _load_json() -> dict:
    return json.loads(_DATA.joinpath("lookalikes.json").read_text(encoding="utf-8"))


_RAW = _load_json()
UNICODE_VERSION: str = _RAW["unicode_version_confusables"]
LICENCE: str = _RAW["licence"]

# Override layer: map to what a reader sees, case-correct, one letter for one letter.
# UTS #39 skeletons send every vertical stroke to "l"; a capital stroke letter (Cyrillic І,
# Greek Ι, palochka Ӏ) reads as capital I in running text, so every capital whose skeleton is
# "l" becomes "I". Explicit entries below win over the rule.
OVERRIDES: dict[str, str] = {
    "\u0406": "I",  # CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I (skeleton says "l")
    "\u0399": "I",  # GREEK CAPITAL LETTER IOTA
    "\u04c0": "I",  # CYRILLIC LETTER PALOCHKA
    "\u04cf": "l",  # CYRILLIC SMALL LETTER PALOCHKA: a plain stroke, reads as l
}


def _build_lookalikes() -> dict[str, str]:
    table = {}
    for hexcp, target in _RAW["lookalikes"].items():
        c = chr(int(hexcp, 16))
        if target == "l" and c.isupper():
            target = "I"
        table[c] = OVERRIDES.get(c, target)
    return table


LOOKALIKE: dict[str, str] = _build_lookalikes()
COMPAT: dict[str, str] = {chr(int(k, 16)): v for k, v in _RAW["compat"].items()}
LOOKALIKE_TRANS = {ord(k): v for k, v in LOOKALIKE.items()}

# Greek small look-alikes that science writes next to capitals or digits (αSMA, TNFα, γH2AX):
# kept there, see layer1.
GREEK_SMALL_LOOKALIKES = "".join(
    sorted(c for c in LOOKALIKE if "\u03b1" <= c <= "\u03ff" and c.islower())
)

# Invisible characters. ALWAYS: removed wherever they are. BETWEEN_LATIN: meaningful in other
# scripts (ZWNJ in Persian, ZWJ in emoji, variation selectors, bidi controls in RTL text), so
# removed only between Latin letters.
INVISIBLE_ALWAYS = frozenset(
    "\u00ad\u200b\u2060\u2061\u2062\u2063\u2064\ufeff\U000e0001"
    + "".join(chr(c) for c in range(0xE0020, 0xE0080))
)
SOFT_HYPHEN = "\u00ad"
INVISIBLE_BETWEEN_LATIN = frozenset(
    "\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
    + "".join(chr(c) for c in range(0xE0100, 0xE01F0))
)
EMOJI_PRESENTATION = "\ufe0f"

# Character-class bodies for regular expressions (Python ``re`` and ``[...]`` syntax).
LATIN_CLASS_BMP = (
    "A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u1d00-\u1dbf"
    "\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff\uab30-\uab6f\uff21-\uff3a\uff41-\uff5a"
)
LATIN_CLASS = LATIN_CLASS_BMP + "\U0001d400-\U0001d7ff"
MARKS_CLASS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# Overlay and enclosing marks: never a legitimate accent on a Latin letter.
OVERLAY_MARKS = frozenset(
    "\u0334\u0335\u0336\u0337\u0338\u20d2\u20d3\u20d8\u20d9\u20da\u20dd\u20de\u20df\u20e0"
    "\u20e2\u20e3\u20e4\u20e5\u20e6\u20ea\u20eb"
)


def _class_of(chars, esc=lambda cp: f"\\U{cp:08x}") -> str:
    """A compact ``[...]`` body (ranges) for a set of characters."""
    cps = sorted(ord(c) for c in chars)
    out, i = [], 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        a, b = cps[i], cps[j]
        out.append(esc(a) if a == b else f"{esc(a)}-{esc(b)}")
        i = j + 1
    return "".join(out)


def re2_class_of(chars) -> str:
    """Like ``_class_of`` in RE2 syntax (``\\x{HHHH}``), for byte-level scans."""
    return _class_of(chars, lambda cp: f"\\x{{{cp:x}}}")


INVISIBLE_CLASS = _class_of(INVISIBLE_ALWAYS | INVISIBLE_BETWEEN_LATIN)
LOOKALIKE_CLASS = _class_of(LOOKALIKE)
# The same class for RE2: Python's re tests a class this large character by character,
# which made a whole-page "any look-alike?" search cost milliseconds on long pages.
LOOKALIKE_CLASS_RE2 = re.sub(r"\\U0*([0-9a-fA-F]+)", r"\\x{\1}", LOOKALIKE_CLASS)
COMPAT_CLASS = _class_of(COMPAT)
# Compatibility letters count as Latin letters when words are classified (ﬁ, Ｆ, 𝐚).
COMPAT_LETTERS_CLASS = _class_of(c for c, v in COMPAT.items() if v.isalpha())
# Word characters: \w plus what can sit inside an obfuscated word.
WORD_CLASS = f"\\w{MARKS_CLASS}{INVISIBLE_CLASS}{COMPAT_CLASS}"


def _bmp_class_of(chars) -> str:
    return _class_of(c for c in chars if ord(c) <= 0xFFFF)


# The same classes without characters beyond U+FFFF (see ``bmp``): ``re`` tests a class's BMP
# part with one bitmap lookup but each range beyond it one by one.
LOOKALIKE_CLASS_BMP = _bmp_class_of(LOOKALIKE)
COMPAT_LETTERS_CLASS_BMP = _bmp_class_of(c for c, v in COMPAT.items() if v.isalpha())
WORD_CLASS_BMP = (f"\\w{MARKS_CLASS}{_bmp_class_of(INVISIBLE_ALWAYS | INVISIBLE_BETWEEN_LATIN)}"
                  f"{_bmp_class_of(COMPAT)}")


def is_latin_letter(c: str) -> bool:
    """ASCII letter or a letter of the Latin blocks (é, ł, ø, full-width and math letters)."""
    if c.isascii():
        return c.isalpha()
    o = ord(c)
    return c.isalpha() and (
        0xC0 <= o <= 0x2AF or 0x1D00 <= o <= 0x1EFF or 0x2C60 <= o <= 0x2C7F
        or 0xA720 <= o <= 0xA7FF or 0xAB30 <= o <= 0xAB6F or 0xFF21 <= o <= 0xFF5A
        or 0x1D400 <= o <= 0x1D7FF or o in (0xAA, 0xBA)
    )


def is_typographic_compat(c: str) -> bool:
    """Ligatures and Roman numerals: compatibility forms of ordinary typesetting."""
    o = ord(c)
    return 0xFB00 <= o <= 0xFB4F or 0x2160 <= o <= 0x2188


def is_cjk(c: str) -> bool:
    """CJK scripts and punctuation, where full-width Latin letters are ordinary typography."""
    if not c:
        return False
    o = ord(c)
    return 0x2E80 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0xF900 <= o <= 0xFAFF \
        or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x3FFFF


def _word_file(name: str) -> frozenset[str]:
    text = _DATA.joinpath(name).read_text(encoding="utf-8")
    return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))


@functools.cache
def english_words() -> frozenset[str]:
    """Common English words (wordfreq, see data/NOTICE-unicode.txt): whole look-alike words."""
    return _word_file("words_en.txt")


@functools.cache
def accented_words() -> frozenset[str]:
    """Common words with diacritics in en, es, pt, de, fr, it: accents that are spelling."""
    return _word_file("accented_words.txt")
