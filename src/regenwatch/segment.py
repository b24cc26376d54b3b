"""Text -> sentences with offsets: the scope a rule and its context triggers share.

Lines are hard boundaries (pages put menus, headings and list items on their own lines);
inside a line, a sentence ends at . ! ? followed by space and a capital, an opening quote or
a digit, unless the word before is a known abbreviation.

Speed (about 70 lines and 65 sentences on a 5 KB page): a line without . ! ? (menus,
headings, list items) is one sentence made with a few string methods; only lines with a stop
are walked, from stop to stop.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_ABBREVIATIONS = frozenset(
    "dr mr mrs ms st vs etc e.g i.e u.s u.k fig approx inc ltd co corp jr sr prof dra "
    "sra sres av ca dept est mt ph.d m.d".split()
)
_LONGEST = max(map(len, _ABBREVIATIONS))
_CLOSERS = "\"'”’)]»"
_BULLETS = ("-", "•", "*", "·", "–", "✓", "✔")
_STOP = re.compile(r"[.!?]")
_MAX_SENTENCE = 600  # characters; longer "sentences" are run-on text, cut at a space


@dataclass(frozen=True, init=False)
class Sentence:
    start: int
    end: int
    line_start: int  # start offset of the line this sentence sits on
    is_question: bool = False
    is_list_item: bool = False

    def __init__(self, start: int, end: int, line_start: int, is_question: bool = False,
                 is_list_item: bool = False) -> None:
        # Writes the instance dict directly: the frozen dataclass __init__ goes through
        # object.__setattr__ per field, twice as slow, and a page has ~70 sentences.
        d = self.__dict__
        d["start"], d["end"], d["line_start"] = start, end, line_start
        d["is_question"], d["is_list_item"] = is_question, is_list_item


def _is_emoji_like(ch: str) -> bool:
    """Emoji and other pictographs between sentences ("¿Te duele? 🫁 En nuestra clínica...")
    do not glue two sentences together."""
    return not ch.isascii() and unicodedata.category(ch) in ("So", "Sk", "Mn", "Cf")


def _is_abbreviation(text: str, dot: int) -> bool:
    i = dot
    lim = max(0, dot - _LONGEST - 1)  # a longer word is no abbreviation: stop looking
    while i > lim and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    word = text[i:dot].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _is_item(stripped: str) -> bool:
    return stripped[:1] in _BULLETS or (
        stripped[:2].rstrip(".)").isdigit() and stripped[1:3].startswith((".", ")"))
    )


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        body = text[pos:end].lstrip()
        if body:
            is_item = _is_item(body)
            m = _STOP.search(text, pos, end)
            if m is not None:
                _split_line(text, pos, end, is_item, m.start(), out)
            elif end - pos <= _MAX_SENTENCE:  # no stop: the whole line is one sentence
                start = end - len(body)
                body = body.rstrip()
                out.append(Sentence(start, start + len(body), pos,
                                    body.rstrip(_CLOSERS).endswith("?"), is_item))
            else:
                _emit(text, pos, end, pos, is_item, out)
        pos = end + 1
    return out


def _split_line(text, start, end, is_item, i, out) -> None:
    """Sentences of the line [start, end) whose first stop is at ``i``."""
    s = start
    while True:
        ch = text[i]
        j = i + 1
        while j < end and text[j] in ".!?":
            j += 1
        while j < end and text[j] in _CLOSERS:
            j += 1
        if j >= end or text[j] in " \t":
            k = j
            while k < end and (text[k] in " \t" or _is_emoji_like(text[k])):
                k += 1
            nxt = text[k] if k < end else ""
            boundary = k >= end or nxt.isupper() or nxt.isdigit() or nxt in "\"'“‘(¿¡"
            if boundary and ch == "." and (
                    _is_abbreviation(text, i) or text[s:i].strip().isdigit()):
                boundary = False
            if boundary:
                _emit(text, s, j, start, is_item, out)
                s = j = k
        m = _STOP.search(text, j, end)  # jump to the next . ! ? instead of walking the line
        if m is None:
            break
        i = m.start()
    if s < end:
        _emit(text, s, end, start, is_item, out)



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
    body = text[start:end].lstrip()
    if body:
        start = end - len(body)
        body = body.rstrip()
        end = start + len(body)
        out.append(Sentence(start, end, line_start, body.rstrip(_CLOSERS).endswith("?"), is_item))
