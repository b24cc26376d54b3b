"""Compile rule patterns to RE2 (linear time, no catastrophic backtracking) and run them.

Patterns reference macros (`{approve}`) from the pack and term lists from the lexicon
(`{condition}`, `{product}`); both expand to non-capturing groups. Terms written in capitals
of at most four letters (MS, ALS, ED) match case-sensitively: in lower case they are words.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import re2

from regenwatch import lexicon
from regenwatch.re2scan import Screen, compile_latin1, word_spans
from regenwatch.rules.registry import load_packs
from regenwatch.rules.schema import PackError, Rule

_REF = re.compile(r"\{([a-z][a-z0-9_.-]*)\}")
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.max_mem = 64 << 20
_RE2_OPTIONS.longest_match = True  # "laboratory", not "lab" + a failed word check


def term_to_regex(term: str, plural: bool = True) -> str:
    """A lexicon term as a regex: flexible spaces, hyphens and apostrophes; with plural, the
    plural endings too (a lexicon's conditions, not a context pack's trigger words)."""
    out = []
    for ch in term:
        if ch == " ":
            out.append(r"[\s\-]+")
        elif ch == "-":
            out.append(r"[\s\-]?")
        elif ch in "'’":
            out.append(r"['’]?")
        else:
            out.append(re.escape(ch))
    body = "".join(out)
    if len(term) <= 4 and term.isupper():
        return f"(?-i:{body})"
    if plural and len(term) > 3 and term[-1].isalpha():
        body += "(?:s|es)?"  # plurals: "torn rotator cuffs", "migraines"
    return body


def _ascii_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_")


def bounded_term(term: str, left: str = r"\b", right: str = r"\b", plural: bool = True) -> str:
    """term_to_regex with a word boundary on each edge RE2 can judge: its \\b knows only
    ASCII word characters, so an edge on "é" or "¿" gets none ("acné", "úlceras",
    "advirtió" would never match behind one); find_all checks the outer
    edges with Unicode letters anyway."""
    lb = left if _ascii_word_char(term[0]) else ""
    rb = right if _ascii_word_char(term[-1]) else ""
    return lb + term_to_regex(term, plural) + rb


def _list_regex(terms: tuple[str, ...]) -> str:
    alts = sorted({bounded_term(t) for t in terms if t}, key=lambda a: (-len(a), a))
    return "(?:" + "|".join(alts) + ")"


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    regex: object  # re2._Regexp
    lead: object | None
    gate: object | None = None  # a looser regex that finds the sentences worth searching
    index: int = -1  # position in compiled_pack(language), as rule_screen numbers them


_BOUNDED = re.compile(r"(?<!\\)\{(\d+),(\d+)\}")


def loosened(pattern: str) -> str:
    """The pattern with every bounded repeat ``{m,n}`` made unbounded (``{m,}``, ``*``).

    Its matches are a superset of the pattern's. RE2's DFA handles a gap such as
    ``[^.!?\\n]{0,60}?`` before a long term list badly (every position in the gap is a
    separate state; measured 2-3x slower than the loosened form on 5 KB pages), so detection
    searches with the loosened regex and runs the exact one only in sentences it hit.
    """
    return _BOUNDED.sub(lambda m: "*" if m.group(1) == "0" else m.group(0).split(",")[0] + ",}",
                        pattern)


class Expander:
    """Expands {name} references with pack macros first, then lexicon lists."""

    def __init__(self, macros: dict[str, str], lists: dict[str, tuple[str, ...]]):
        self.macros = macros
        self.lists = {k: _list_regex(v) for k, v in lists.items() if v}

    def expand(self, pattern: str, where: str, depth: int = 0) -> str:
        if depth > 8:
            raise PackError(f"{where}: macros nest too deeply in {pattern!r}")

        def sub(m: re.Match) -> str:
            name = m.group(1)
            if name in self.macros:
                return "(?:" + self.expand(self.macros[name], where, depth + 1) + ")"
            if name in self.lists:
                return self.lists[name]
            raise PackError(f"{where}: unknown macro or list {{{name}}}")

        return _REF.sub(sub, pattern)


# What \pL means in a pack: a letter of a Latin script (ASCII, Latin-1 and Latin Extended
# A/B). The texts are in Latin-script languages and the normaliser has already folded
# look-alike letters of other scripts, while RE2's \pL (every script's letters, case-folded,
# in UTF-8) made the DFAs of the German rules several times larger: measured over a crawl's
# 236 relevant pages, about 40 MB of state cache per worker for the German rules alone.
LATIN_LETTER = r"[a-zA-Z\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{24F}]"
# The same on the one-byte text the rules run on (re2scan.compile_latin1): Windows-1252's
# letters (Š, œ, ž, Ÿ, ƒ) sit in the C1 range, and any letter beyond it ("ł", "ő") is the
# byte WIDE_LETTER (0xFF, inside the last range; tests/test_re2scan.py checks "łódź").
LATIN_LETTER_1 = (r"[a-zA-Z\x{83}\x{8A}\x{8C}\x{8E}\x{9A}\x{9C}\x{9E}\x{9F}"
                  r"\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{FF}]")


def _compile(pattern: str, where: str):
    """A pack pattern, case-insensitive, compiled to run on one byte per character (see
    re2scan.compile_latin1); for UTF-8 only if it holds a character with no byte there."""
    try:
        regex = compile_latin1("(?i)" + pattern.replace(r"\pL", LATIN_LETTER_1),
                               _RE2_OPTIONS)
        if regex is not None:
            return regex
        return re2.compile("(?i)" + pattern.replace(r"\pL", LATIN_LETTER), _RE2_OPTIONS)
    except re2.error as exc:
        raise PackError(f"{where}: pattern does not compile in RE2: {exc}") from exc


@functools.cache
def _expander(language: str) -> Expander:
    """One per language: the pack's macros over its lexicon's lists (English lists for a
    pack without a lexicon). Building the list regexes is the costly part of start-up."""
    try:
        lists = lexicon.load(language).lists()
    except lexicon.LexiconError:
        lists = lexicon.load("en").lists()
    return Expander(load_packs()[language].macros, lists)


@functools.cache
def compiled_pack(language: str) -> tuple[CompiledRule, ...]:
    pack = load_packs()[language]
    exp = _expander(language)
    out = []
    for rule in pack.rules:
        if rule.kind == "obfuscation":
            continue
        body = "|".join(f"(?:{exp.expand(p, rule.source)})" for p in rule.patterns)
        lead = None
        if rule.lead:
            lead = _compile("|".join(f"(?:{exp.expand(p, rule.source)})" for p in rule.lead),
                            rule.source)
        loose = loosened(body)
        gate = _compile(loose, rule.source) if loose != body else None
        out.append(CompiledRule(rule, _compile(body, rule.source), lead, gate, len(out)))
    return tuple(out)


SCREEN_MAX_TEXT = 2000  # characters; on a longer text a whole-text set pass costs more
# than the searches it saves (context triggers and signals)


@functools.cache
def rule_screen(language: str) -> Screen:
    """Every rule of the pack in one RE2 set, each as its loose gate where it has one (a
    superset of its matches), so one pass over a sentence tells which rules can match in it.

    Measured on 5 KB pages of the development corpus: 0.44 ms a page for the 29 English
    rules over ~66 sentences, against 1.2 ms for one whole-text pass per rule. The set's DFA
    needs room: at 16 MB it thrashed (70 ms a page); the Screen's 256 MB limit is a ceiling,
    and about 40 MB is used.
    """
    return Screen([cr.gate or cr.regex for cr in compiled_pack(language)])


def rule_sentences(language: str, text: str,
                   ranges: list[tuple[int, int]]) -> dict[int, list[int]] | None:
    """Rule index (into compiled_pack) -> the indices of the ranges (sentences) where the
    rule can match; None when the set cannot answer and every rule must be searched."""
    found = rule_screen(language).matching_ranges(text, ranges)
    if found is None:
        return None
    out: dict[int, list[int]] = {}
    for k, hits in enumerate(found):
        for index in hits:
            out.setdefault(index, []).append(k)
    return out


@functools.cache
def compiled_macro(language: str, name: str):
    """A pack macro compiled on its own, for document-level signals."""
    exp = _expander(language)
    if name not in exp.macros and name not in exp.lists:
        return None
    return _compile(exp.expand("{" + name + "}", f"{language} macros"), f"{language}:{name}")


def find_all(regex, text: str, start: int = 0, end: int | None = None):
    """(start, end) of every match of regex in text[start:end], word-bounded (lazily).

    A range is searched as its own text (see :func:`regenwatch.re2scan.spans`), so a long
    text costs one encoding however many ranges of it are searched.
    """
    return word_spans(regex, text, start, end)
