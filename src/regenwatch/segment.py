"""Text -> sentences with offsets: the scope a rule and its context triggers share.

Lines are hard boundaries (pages put menus, headings and list items on their own lines);
inside a line, a sentence ends at . ! ? followed by space and a capital, an opening quote or
a digit, unless the word before is a known abbreviation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = frozenset(
    "dr mr mrs ms st vs etc e.g i.e u.s u.k fig approx inc ltd co corp jr sr prof dra "
    "sra sres av ca dept est mt ph.d m.d".split()
)
_CLOSERS = "\"'”’)]»"
_STOP = re.compile(r"[.!?]")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    line_start: int  # start offset of the line this sentence sits on
    is_question: bool = False
    is_list_item: bool = False


def _is_abbreviation(text: str, dot: int) -> bool:
    i = dot
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    word = text[i:dot].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        line_end = n if nl < 0 else nl
        _split_line(text, pos, line_end, out)
        pos = line_end + 1
    return out


def _split_line(text: str, start: int, end: int, out: list[Sentence]) -> None:
    line_start = start
    stripped = text[start:end].lstrip()
    is_item = stripped[:1] in ("-", "•", "*", "·", "–", "✓", "✔") or (
        stripped[:2].rstrip(".)").isdigit() and stripped[1:3].startswith((".", ")"))
    )
    s = start
    i = start
    while i < end:
        m = _STOP.search(text, i, end)  # jump to the next . ! ? instead of walking the line
        if m is None:
            break
        i = m.start()
        ch = text[i]
        if ch in ".!?":
            j = i + 1
            while j < end and text[j] in ".!?":
                j += 1
            while j < end and text[j] in _CLOSERS:
                j += 1
            if j >= end or text[j] in " \t":
                k = j
                while k < end and text[k] in " \t":
                    k += 1
                nxt = text[k] if k < end else ""
                boundary = k >= end or nxt.isupper() or nxt.isdigit() or nxt in "\"'“‘(¿¡"
                if ch == "." and (_is_abbreviation(text, i) or text[s:i].strip().isdigit()):
                    boundary = False
                if boundary:
                    _emit(text, s, j, line_start, is_item, out)
                    s = k
                    i = k
                    continue
            i = j
            continue
        i += 1
    _emit(text, s, end, line_start, is_item, out)


_MAX_SENTENCE = 600  # characters; longer "sentences" are run-on text, cut at a space


def _emit(text: str, start: int, end: int, line_start: int, is_item: bool,
          out: list[Sentence]) -> None:
    """Emit [start, end) as one sentence, or as pieces of at most _MAX_SENTENCE characters
    cut at whitespace, so context work per candidate stays bounded on hostile input."""
    while end - start > _MAX_SENTENCE:
        cut = text.rfind(" ", start + _MAX_SENTENCE // 2, start + _MAX_SENTENCE)
        if cut <= start:
            cut = start + _MAX_SENTENCE
        _emit_one(text, start, cut, line_start, is_item, out)
        start = cut
    _emit_one(text, start, end, line_start, is_item, out)


def _emit_one(text: str, start: int, end: int, line_start: int, is_item: bool,
              out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        body = text[start:end].rstrip(_CLOSERS)
        out.append(Sentence(start, end, line_start, body.endswith("?"), is_item))
