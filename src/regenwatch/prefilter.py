"""First stage of a web-scale scan: does this raw page mention a product word at all?

Runs on RAW BYTES before any decoding or HTML extraction, because extraction is ~7x the
cost of the whole rest of the fast pipeline (design/performance.md). It only has to be
cheap and never lose a page the full pipeline would judge ``elevated`` or ``high``; a false
pass costs one extraction.

Terms: the product words of every lexicon language plus :data:`EXTRA_ANCHORS` (product
words of the languages whose lexicon is not written yet). Each term matches as a whole word
(a few stems as word prefixes, so German compounds such as "Stammzelltherapie" and every
inflection of "exosom-" pass) in these byte forms:

* words separated by spaces, hyphens, ``&nbsp;``/``&#160;``/U+00A0, zero-width characters
  or tags (``stem <b>cell</b>``), or not at all ("#stemcells");
* accented letters as any non-ASCII bytes (UTF-8, cp1252), any entity, or unaccented;
  apostrophes straight, curly or as entities, or left out;
* look-alikes: a Latin letter next to a Cyrillic or Greek letter (UTF-8 or numeric entity)
  passes whatever the word (mixed-script words are themselves the obfuscation signal);
* invisible characters (zero-width space/joiners, word joiner, BOM, soft hyphen, as bytes
  or entities) between two Latin letters: the page is scanned again with them removed.

Engine: hyperscan where its wheel exists (x86 with SSSE3), else google-re2 in Latin-1 mode
(bytes in, bytes matched) as one alternation. Python ``re`` alternation is ~500x slower.
Pages in a charset whose bytes are not ASCII-compatible (UTF-16/32) cannot be read this way
and always pass.
"""

from __future__ import annotations

import functools
import re

from regenwatch import lexicon
from regenwatch.decode import bom_encoding, is_ascii_compatible

# Product words of languages without a lexicon file yet (es, pt, de, fr, it). A trailing
# "*" makes the term a word prefix (no word boundary after it).
EXTRA_ANCHORS: tuple[str, ...] = (
    "exosom*", "exossom*", "secretom*", "mesenchym*", "mesenquim*", "mesênquim*",
    "mésenchym*", "mesenchimal*", "regenerativ*", "régénérati*", "rigenerativ*",
    "*stammzell*", "*zelltherapie*", "nabelschnur*", "*exosomen*",
    "células madre", "célula madre", "células troncales", "células-tronco",
    "célula-tronco", "células estaminais", "cellules souches", "cellule souche",
    "cellule staminali", "cellula staminale",
    "terapia celular", "terapia cellulare", "thérapie cellulaire", "terapias celulares",
    "cordón umbilical", "cordão umbilical", "cordon ombilical", "cordone ombelicale",
    "gelatina de wharton", "gelée de wharton", "amniótic*", "amniotic*", "amniotisch*",
    "placentari*", "plazent*", "adiposo", "adiposo", "tejido adiposo",
    "fracción vascular estromal", "vesículas extracelulares", "extrazelluläre vesikel",
    "secretoma", "sekretom",
)
# Short, ambiguous terms matched only in their usual capitalisation ("MSc" is a degree,
# "msc" a shipping line in lower case; "EXO" stays a product name in upper case).
CASE_SENSITIVE = frozenset(("msc", "mscs", "exo", "prp", "svf", "bmac"))

_SPACE = rb"(?:[\s_\-/.]|\xc2\xa0|\xa0|&nbsp;?|&#0*160;?|&#x0*a0;?|<[^<>]*>)*"
_APOS = (
    rb"(?:'|\xe2\x80\x99|\xe2\x80\x98|\x92|&#0*39;|&#x0*27;|&apos;|&rsquo;|&lsquo;"
    rb"|&#0*8217;|&#x0*2019;|`|\xc2\xb4|\xb4)?"
)
_LATIN = rb"[A-Za-z]"
_CYR_GREEK = (
    rb"(?:[\xd0-\xd3][\x80-\xbf]|\xcd[\xb0-\xbf]|[\xce\xcf][\x80-\xbf]"
    rb"|&#(?:8[89]\d|9\d\d|1[01]\d\d|12[0-7]\d);|&#x0*(?:3[7-9a-f]|4[0-9a-f])[0-9a-f];)"
)
LOOKALIKE = (_LATIN + _CYR_GREEK, _CYR_GREEK + _LATIN)
# Invisible characters that may split a word: their presence between two Latin letters
# triggers a second scan of the page with them removed (cheaper and tighter than allowing
# them between every two letters of every term, which costs hyperscan 4 s to compile).
_INVISIBLE = (
    rb"(?:\xe2\x80[\x8b-\x8d]|\xe2\x81\xa0|\xef\xbb\xbf|\xc2\xad|\xad|&shy;|&#0*173;"
    rb"|&#x0*ad;|&#0*8203;|&#x0*200b;|&zwsp;|&zwj;|&zwnj;|&#0*820[45];|&#x0*200[cd];)"
)
INVISIBLE_SPLIT = _LATIN + _INVISIBLE + rb"+" + _LATIN
_STRIP = re.compile(_INVISIBLE)


def _letter(ch: str) -> bytes:
    """Byte-level alternatives for one letter of a term (ASCII case folded by the engine).

    An accented letter matches any 1-3 non-ASCII bytes (UTF-8 or a legacy single byte),
    any entity (``&eacute;``, ``&#233;``, ``&#xe9;``) or its unaccented letter. Listing the
    exact forms instead made hyperscan 5x slower (leading ``&#0*`` forms have no good
    literal factor), and the looser class costs no recall: the rest of the word is exact.
    """
    if ch.isascii():
        return _escape(ch)
    import unicodedata

    base = unicodedata.normalize("NFKD", ch)[0]
    alts = [rb"[\x80-\xff]{1,3}", rb"&#?[a-zA-Z0-9]{2,8};"]
    if base.isascii() and base.isalnum():
        alts.append(base.encode("ascii"))
    return b"(?:" + b"|".join(alts) + b")"


def _escape(ch: str) -> bytes:
    b = ch.encode("ascii")
    return b if b.isalnum() else b"\\" + b


def term_pattern(term: str) -> bytes:
    """The byte pattern of one term, with word boundaries (none after a ``*`` prefix)."""
    prefix = term.endswith("*")
    infix = term.startswith("*")
    term = term.strip("*")
    out: list[bytes] = []
    for ch in term:
        if ch in " -_":
            out.append(_SPACE)
        elif ch in "'’":
            out.append(_APOS)
        elif ch.isalnum():
            out.append(_letter(ch))
        else:
            out.append(_escape(ch) if ch.isascii() else ch.encode("utf-8"))
    body = b"".join(out)
    start = rb"\b" if term[0].isascii() and term[0].isalnum() and not infix else b""
    end = b"" if prefix else rb"(?:e?s)?\b"
    return start + body + end


def anchor_terms() -> tuple[str, ...]:
    """Product words of every lexicon language plus the extra anchors, deduplicated."""
    terms: dict[str, None] = {}
    for lang in lexicon.available_languages():
        for term in lexicon.load(lang).products:
            terms[term.lower()] = None
    for term in EXTRA_ANCHORS:
        terms[term.lower()] = None
    return tuple(terms)


def _patterns() -> list[tuple[bytes, bool]]:
    """(pattern, caseless) pairs."""
    pats = [
        (term_pattern(t.upper()), False) if t in CASE_SENSITIVE else (term_pattern(t), True)
        for t in anchor_terms()
    ]
    pats.extend((p, True) for p in LOOKALIKE)
    return pats


class Prefilter:
    """``Prefilter().passes(raw)``: True when a page may be relevant. Build once, reuse."""

    def __init__(self, engine: str | None = None) -> None:
        self.engine = engine or ("hyperscan" if _hyperscan_available() else "re2")
        pats = _patterns()
        self._invisible_id = len(pats)
        if self.engine == "hyperscan":
            import hyperscan

            pats.append((INVISIBLE_SPLIT, True))
            self._db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            flags = [
                hyperscan.HS_FLAG_SINGLEMATCH | (hyperscan.HS_FLAG_CASELESS if ci else 0)
                for _, ci in pats
            ]
            self._db.compile(expressions=[p for p, _ in pats], ids=list(range(len(pats))),
                             elements=len(pats), flags=flags)
            self._scratch = hyperscan.Scratch(self._db)
            self._terminated = hyperscan.ScanTerminated
        elif self.engine == "re2":
            import re2

            options = re2.Options()
            options.encoding = re2.Options.Encoding.LATIN1
            options.never_capture = True
            options.max_mem = 256 << 20
            alt = b"|".join((b"(?i:" if ci else b"(?:") + p + b")" for p, ci in pats)
            self._re = re2.compile(alt, options)
            self._invisible_re = re2.compile(INVISIBLE_SPLIT, options)
        else:
            raise ValueError(f"unknown prefilter engine {engine!r}")

    def passes(self, raw: bytes, charset: str | None = None) -> bool:
        """True when ``raw`` holds an anchor term, or cannot be read as ASCII-compatible.

        ``charset`` is a charset declared outside the page (HTTP header), if any.
        """
        if not raw:
            return False
        if not is_ascii_compatible(charset) or bom_encoding(raw) not in (None, "utf-8"):
            return True
        sample = raw[:512]
        if sample.count(0) * 4 >= len(sample):
            return True  # UTF-16 without a BOM (or binary: the decoder will say so)
        hit, invisible = self._scan(raw)
        if hit:
            return True
        if invisible:
            return self._scan(_STRIP.sub(b"", raw))[0]
        return False

    def _scan(self, raw: bytes) -> tuple[bool, bool]:
        """(an anchor matched, an invisible character splits Latin letters)."""
        if self.engine == "re2":
            if self._re.search(raw) is not None:
                return True, False
            return False, self._invisible_re.search(raw) is not None
        seen = [False]
        invisible_id = self._invisible_id

        def on_match(pid, _start, _end, _flags, _ctx) -> bool:
            if pid == invisible_id:
                seen[0] = True
                return False  # keep looking for a real anchor
            return True  # first anchor decides: stop scanning

        try:
            self._db.scan(raw, match_event_handler=on_match, scratch=self._scratch)
        except self._terminated:
            return True, False
        return False, seen[0]


@functools.cache
def _hyperscan_available() -> bool:
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return False
    return True
