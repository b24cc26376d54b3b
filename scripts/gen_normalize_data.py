#!/usr/bin/env python3
"""Regenerate the normaliser's data files from maintained Unicode and word-frequency data.

Why a script: the look-alike table must never be hand-written. It is derived from the UTS #39
confusables data (through ICU's spoof checker, PyICU) and from Unicode's compatibility
decompositions (NFKC), then stored in ``src/regenwatch/normalize/data`` with its Unicode
version and licence notice so that the package needs neither ICU nor the word lists at run time.

Run it in a throw-away environment (these are generation-time tools, not dependencies)::

    apt-get install -y libicu-dev pkg-config          # ICU headers for PyICU
    python -m venv /tmp/genvenv
    /tmp/genvenv/bin/pip install PyICU wordfreq
    /tmp/genvenv/bin/python scripts/gen_normalize_data.py

Outputs:
- ``lookalikes.json``: characters of other scripts whose UTS #39 skeleton is one ASCII letter
  or digit (``lookalikes``), and compatibility forms whose NFKC form is ASCII letters/digits
  (``compat``: full-width, mathematical, enclosed, letter-like, ligatures, Roman numerals, plus
  small capitals by name). The override layer (Cyrillic І is I, not l) lives in ``tables.py``.
- ``words_en.txt``: common English words (targets of whole look-alike words).
- ``accented_words.txt``: common words with diacritics in the pack languages and their usual
  neighbours (an accent on such a word is spelling, not a decoy).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "regenwatch" / "normalize" / "data"
WORD_LANGS_ACCENTED = ("en", "es", "pt", "de", "fr", "it")
TOP_N = 50000


def _is_ascii_alnum(s: str) -> bool:
    return s.isascii() and s.isalnum()


def lookalikes(icu) -> dict[str, str]:
    """Letters of non-Latin scripts whose UTS #39 skeleton is a single ASCII letter or digit.

    Excluded: Latin-script letters (ı, ɑ, ʋ… are real letters of Turkish, IPA or African
    orthographies), characters that NFKC already folds (handled as ``compat``), and
    non-letters (digits of other scripts, maths symbols such as ×).
    """
    checker = icu.SpoofChecker()
    table = {}
    for cp in range(0x80, 0x110000):
        c = chr(cp)
        if not unicodedata.category(c).startswith("L"):
            continue
        name = unicodedata.name(c, "")
        if name.startswith("LATIN") or unicodedata.normalize("NFKC", c) != c:
            continue
        skel = checker.getSkeleton(0, c)
        if len(skel) == 1 and _is_ascii_alnum(skel):
            table[f"{cp:04X}"] = skel
    return table


_COMPAT_SKIP_WORDS = ("SUPERSCRIPT", "SUBSCRIPT", "MODIFIER LETTER", "ORDINAL INDICATOR",
                      "INFORMATION SOURCE")


def compat() -> dict[str, str]:
    """Compatibility forms that a reader sees as ASCII letters or digits.

    Single characters whose NFKC form is one ASCII letter or digit (full-width, mathematical
    alphanumerics, enclosed letters, letter-like symbols such as ℍ), multi-letter ligatures
    (ﬁ, not the Dutch ĳ), Roman numerals (Ⅱ) and circled numbers (⑩). Superscripts,
    subscripts and ordinal indicators stay (², ª), and so does every symbol whose NFKC form
    is several letters (™, ㎏).
    """
    table = {}
    for cp in range(0x80, 0x110000):
        c = chr(cp)
        n = unicodedata.normalize("NFKC", c)
        if n == c or not _is_ascii_alnum(n):
            continue
        name = unicodedata.name(c, "")
        if any(w in name for w in _COMPAT_SKIP_WORDS):
            continue
        multi_ok = ("LIGATURE" in name and "IJ" not in name) or name.startswith(
            ("ROMAN NUMERAL", "CIRCLED NUMBER")
        )
        if len(n) == 1 or multi_ok:
            table[f"{cp:04X}"] = n
    for cp in range(0x80, 0x110000):  # small capitals: no NFKC form, known by name
        name = unicodedata.name(chr(cp), "")
        if name.startswith("LATIN LETTER SMALL CAPITAL ") and len(name) == 28:
            table.setdefault(f"{cp:04X}", name[-1].lower())
    return table


def word_lists(wordfreq) -> tuple[list[str], list[str]]:
    en = sorted(
        w for w in wordfreq.top_n_list("en", TOP_N)
        if w.isascii() and w.isalpha() and (len(w) > 1 or w in ("a", "i"))
    )
    accented = set()
    for lang in WORD_LANGS_ACCENTED:
        for w in wordfreq.top_n_list(lang, TOP_N):
            if not w.isascii() and w.isalpha() and any(c.isascii() for c in w):
                accented.add(unicodedata.normalize("NFC", w))
    return en, sorted(accented)


UNICODE_NOTICE = (
    "Derived from Unicode data: UTS #39 confusables (through ICU's spoof checker) and the "
    "Unicode Character Database (NFKC, character names). Copyright (c) 1991-2022 Unicode, "
    "Inc. Distributed under the Unicode License (https://www.unicode.org/license.txt); "
    "see NOTICE-unicode.txt beside this file."
)
WORDFREQ_NOTICE = (
    "Derived from wordfreq {version} (Robyn Speer), whose word lists are licensed under "
    "CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/). This derived list is "
    "shared under the same licence."
)


def main() -> int:
    try:
        import icu
        import wordfreq
    except ImportError as exc:
        print(f"needs PyICU and wordfreq ({exc}); see this script's docstring", file=sys.stderr)
        return 2
    doc = {
        "unicode_version_confusables": icu.UNICODE_VERSION,
        "icu_version": icu.ICU_VERSION,
        "unicode_version_nfkc": unicodedata.unidata_version,
        "generated_by": "scripts/gen_normalize_data.py",
        "licence": UNICODE_NOTICE,
        "lookalikes": lookalikes(icu),
        "compat": compat(),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "lookalikes.json").write_text(
        json.dumps(doc, indent=0, sort_keys=False, ensure_ascii=True) + "\n", encoding="utf-8"
    )
    en, accented = word_lists(wordfreq)
    version = getattr(wordfreq, "__version__", None) or _dist_version("wordfreq")
    header = (f"# {WORDFREQ_NOTICE.format(version=version)}\n"
              "# generated by scripts/gen_normalize_data.py\n")
    (OUT / "words_en.txt").write_text(header + "\n".join(en) + "\n", encoding="utf-8")
    (OUT / "accented_words.txt").write_text(header + "\n".join(accented) + "\n", encoding="utf-8")
    print(f"lookalikes={len(doc['lookalikes'])} compat={len(doc['compat'])} "
          f"en_words={len(en)} accented={len(accented)}")
    return 0


def _dist_version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


if __name__ == "__main__":
    sys.exit(main())
