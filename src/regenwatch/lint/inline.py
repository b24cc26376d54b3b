"""Blank out inline markup without moving a single character.

Markdown and HTML marks (`**`, `[..](url)`, `<b>`) are replaced by spaces instead of being
removed, so the checked text has exactly the length of the source and a finding's offset is
its source offset: positions are exact by construction, with no map to get wrong. The rules
see "Our  FDA-approved  exosomes" where the source says "Our **FDA-approved** exosomes";
extra spaces change no match (patterns allow any run of spaces between words).
"""

from __future__ import annotations

import re

import re2

_CODE_TICKS = re.compile(r"`+")
# RE2 for the bracket patterns: a line of thousands of "[" made Python's re quadratic.
_IMAGE = re2.compile(r"!\[([^\]\n]*)\]\(([^)\n]*)\)")
_LINK = re2.compile(r"\[([^\]\n]+)\](\([^)\n]*\)|\[[^\]\n]*\])")
_AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^>\s]*>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_EMPHASIS = re.compile(r"\*+|~~|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])")
_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def blank_inline(text: str) -> str:
    chars = list(text)
    for m in _IMAGE.finditer(text):
        _blank(chars, m.start(), m.start(1))
        _blank(chars, m.end(1), m.end())
    for m in _LINK.finditer(text):
        _blank(chars, m.start(), m.start(1))
        _blank(chars, m.end(1), m.end())
    for rx in (_AUTOLINK, _TAG, _CODE_TICKS, _ESCAPE):
        for m in rx.finditer(text):
            _blank(chars, m.start(), m.end())
    for m in _EMPHASIS.finditer(text):
        # a lone "*" list marker at the start of a line is kept: the segmenter reads it
        line_start = text.rfind("\n", 0, m.start()) + 1
        if m.group() == "*" and not text[line_start:m.start()].strip() \
                and text[m.end():m.end() + 1] == " ":
            continue
        _blank(chars, m.start(), m.end())
    return "".join(chars)
