"""Bytes -> str for every source: declared charset, else detected, never a crash.

Web pages lie about their charset and text files declare none, so the order is: BOM, the
declared charset (HTTP header or ``<meta>``) when the bytes decode under it, strict UTF-8,
then charset-normalizer's guess (preferring cp1252 among equally good guesses: it is what
browsers use for "latin-1" and the commonest legacy charset on the web). Binary input (NUL
bytes outside UTF-16/32, or nothing decodes) raises :class:`DecodeError` so the source layer
can turn it into an error record instead of feeding garbage to the detector.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE
)
_WESTERN = frozenset({"latin-1", "iso8859-1", "iso-8859-1", "ascii", "us-ascii", "cp1252"})


class DecodeError(ValueError):
    """The input is binary or in no charset we can read; ``kind`` names the error record."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def bom_encoding(raw: bytes) -> str | None:
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    return None


def declared_charset(raw: bytes) -> str | None:
    """The charset a page declares in its first 4 KB (``<meta charset>`` or http-equiv)."""
    m = _META_CHARSET.search(raw, 0, 4096)
    return m.group(1).decode("ascii").lower() if m else None


def is_ascii_compatible(encoding: str | None) -> bool:
    """False for UTF-16/32 and friends, whose bytes a byte-level prefilter cannot read."""
    if not encoding:
        return True
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return True
    return not name.startswith(("utf-16", "utf-32"))


def _normal(encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        name = codecs.lookup(encoding.strip().strip("\"'")).name
    except LookupError:
        return None
    # WHATWG: latin-1 and ascii labels mean windows-1252; a declared UTF-16 in a page that
    # reached us as ASCII-compatible bytes (no BOM) is a lie browsers also ignore.
    if name in _WESTERN:
        return "cp1252"
    if name.startswith(("utf-16", "utf-32")):
        return None
    return name


def decode_bytes(raw: bytes, declared: str | None = None, *, html: bool = False) -> str:
    """Decode ``raw``; ``declared`` is an HTTP header charset; ``html`` also reads ``<meta>``.

    The result never starts with a BOM.
    """
    bom = bom_encoding(raw)
    if bom:
        # A BOM is a declaration we cannot second-guess: if the bytes do not decode under
        # it, the input is damaged, not in some other charset.
        try:
            text = raw.decode(bom).removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise DecodeError("decode", f"not valid {bom} despite its BOM: {exc.reason}") \
                from exc
        if _control_share(text) > 0.05:
            raise DecodeError("decode", f"{bom} BOM, but the text is mostly control characters")
        return text
    if b"\x00" in raw[:65536]:
        guess = _utf16_without_bom(raw)
        if guess:
            return guess
        raise DecodeError("binary", "NUL bytes: not a text or HTML document")
    candidates = [_normal(declared)]
    if html:
        candidates.append(_normal(declared_charset(raw)))
    for enc in candidates:
        if not enc:
            continue
        if enc == "cp1252" and _is_utf8_with_multibyte(raw):
            # Declared latin-1 but valid multi-byte UTF-8: the declaration is the lie.
            return raw.decode("utf-8")
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue  # wrong declaration: fall through to detection
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _detect(raw)


def _is_utf8_with_multibyte(raw: bytes) -> bool:
    if raw.isascii():
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 text without a BOM has a NUL in every other byte of ASCII characters."""
    sample = raw[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    enc = "utf-16-be" if even > 0.4 * half and odd < 0.05 * half else None
    enc = enc or ("utf-16-le" if odd > 0.4 * half and even < 0.05 * half else None)
    if not enc:
        return None
    try:
        text = raw.decode(enc)
    except UnicodeDecodeError:
        return None
    return text if _control_share(text) < 0.05 else None


def _control_share(text: str) -> float:
    """Share of C0 control characters (other than tab, CR, LF, FF) in a sample."""
    sample = text[:65536]
    if not sample:
        return 0.0
    controls = sum(1 for c in sample if c < " " and c not in "\t\n\r\f")
    return controls / len(sample)


def _detect(raw: bytes) -> str:
    from charset_normalizer import from_bytes

    matches = from_bytes(raw[:262144])
    best = matches.best()
    if best is None:
        # Nothing reads it as text; cp1252 still maps all but five bytes, so only call it
        # binary when the control-character share says so.
        text = raw.decode("cp1252", errors="replace")
        if _control_share(text) > 0.1:
            raise DecodeError("decode", "no charset decodes this input")
        return text
    encoding = best.encoding
    for m in matches:
        if m.encoding == "cp1252" and m.chaos <= best.chaos + 0.01:
            encoding = "cp1252"
            break
    return raw.decode(encoding, errors="replace")
