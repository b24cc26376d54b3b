"""The fast RE2 driver gives exactly what the wrapper's finditer gives, in characters."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import re2
from hypothesis import given
from hypothesis import strategies as st

from regenwatch import re2scan
from regenwatch.api import check
from regenwatch.match import compiled_pack, loosened
from regenwatch.re2scan import EncodedText, spans

PATTERNS = [r"(?i)exosom\w*", r"\bstem\s+cells?\b", r"é+", r"x*", r"(?i)célula|über|ação",
            r"[^.!?\n]{0,10}?approved"]
ALPHABET = "abcé ü\n.xstemcelsXEOápprovedção😀\u200b"


def reference(regex, text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start() + start, m.end() + start) for m in regex.finditer(text[start:end])]


@given(st.text(alphabet=ALPHABET, max_size=80), st.integers(0, 90), st.integers(0, 90),
       st.sampled_from(PATTERNS))
def test_spans_equal_the_wrappers_finditer(text, a, b, pattern):
    regex = re2.compile(pattern)
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    assert list(spans(regex, text, start, end)) == reference(regex, text, start, end)


def test_offsets_are_characters_after_wide_characters():
    text = "😀 café exosomes ü exosome"
    regex = re2.compile(r"exosomes?")
    got = list(spans(regex, text))
    assert [text[s:e] for s, e in got] == ["exosomes", "exosome"]
    assert got == reference(regex, text, 0, len(text))


def test_encoding_is_reused_for_the_same_text_only():
    a = "exosome " * 10
    first = re2scan.encoded(a)
    assert re2scan.encoded(a) is first
    assert re2scan.encoded("other text") is not first


def test_character_byte_conversion_round_trips():
    text = "aé😀b\u200bc"
    enc = EncodedText(text)
    for c in range(len(text) + 1):
        assert enc.to_char(enc.to_byte(c)) == c
        assert enc.to_byte(c) == len(text[:c].encode())


def test_without_the_private_entry_point_results_are_the_same(monkeypatch):
    regex = re2.compile(r"(?i)stem cells?")
    text = "Stem cells, stem cell. ü stem cells"
    fast = list(spans(regex, text, 3, len(text)))

    class Public:  # only the public API of the wrapper
        def __init__(self, inner):
            self.finditer = inner.finditer
            self.search = inner.search

    assert list(spans(Public(regex), text, 3, len(text))) == fast


def test_a_long_range_costs_one_encoding(monkeypatch):
    """Searching many small ranges of a long page encodes the page once (the wrapper
    re-encoded the whole string on every call: quadratic on a 1 MB page)."""
    text = "Our exosome therapy is safe. " * 20000
    calls = []
    real = re2scan.EncodedText

    def counting(t):
        calls.append(len(t))
        return real(t)

    monkeypatch.setattr(re2scan, "EncodedText", counting)
    monkeypatch.setattr(re2scan._local, "last", None, raising=False)
    regex = re2.compile("safe")
    for i in range(0, len(text), 29 * 500):
        assert list(spans(regex, text, i, i + 29)) == [(i + 23, i + 27)]
    assert calls == [len(text)]


@pytest.mark.parametrize("pattern, longer, shorter", [
    (r"a[^.]{0,3}b", "a12345b", "a1b"), (r"(?:x\s+){2,3}y", "x x x x y", "x x y"),
])
def test_loosened_accepts_everything_the_pattern_accepts_and_more(pattern, longer, shorter):
    exact, loose = re2.compile(pattern), re2.compile(loosened(pattern))
    assert exact.fullmatch(shorter) and loose.fullmatch(shorter)
    assert exact.fullmatch(longer) is None and loose.fullmatch(longer)


def test_loosened_keeps_fixed_counts():
    assert loosened(r"\d{3}-\d{4}") == r"\d{3}-\d{4}"


def _records(reports):
    return [(r.verdict, [(f.rule, f.start, f.end, f.modifiers) for f in r.findings],
             [(d.rule, d.start, d.end, d.reason) for d in r.dismissed]) for r in reports]


def _corpus_texts() -> list[str]:
    """The development corpus (when it is beside the project) and the hand-written fixtures."""
    texts = []
    for path in (Path(__file__).parents[2] / "shared" / "corpus" / "dev.jsonl",
                 Path(__file__).parent / "fixtures" / "handmade.jsonl"):
        if path.exists():
            texts += [json.loads(line)["text"] for line in path.read_text().splitlines()
                      if line.strip()]
    return texts


def test_gated_detection_finds_what_ungated_detection_finds(monkeypatch):
    """The loose gate only decides where the exact regex runs: on the development corpus
    and the hand-written fixtures, findings and dismissals are the same without it."""
    texts = _corpus_texts()
    assert texts
    gated = _records(check(t) for t in texts)
    assert any(cr.gate is not None for cr in compiled_pack("en"))
    import regenwatch.api as api

    real = api.compiled_pack
    monkeypatch.setattr(api, "compiled_pack", lambda lang: tuple(
        dataclasses.replace(cr, gate=None) for cr in real(lang)))
    assert _records(check(t) for t in texts) == gated


@given(st.text(alphabet=ALPHABET, max_size=60))
def test_screen_reports_exactly_the_patterns_that_match(text):
    from regenwatch.re2scan import Screen

    screen = Screen([re2.compile(p) for p in PATTERNS])
    got = screen.matching(text)
    if not text:
        assert got is None
        return
    assert got == {i for i, p in enumerate(PATTERNS) if re2.search(p, text)}


def test_a_screen_that_cannot_answer_says_unknown():
    from regenwatch.re2scan import Screen

    class FailedSet:  # what RE2 returns when a set's DFA runs out of memory: nothing
        def Match(self, data):
            return []

    screen = Screen([re2.compile("exosome")])
    screen._set = FailedSet()
    assert screen.matching("exosome therapy") is None  # not "no pattern matches"


def test_screening_short_texts_changes_no_result(monkeypatch):
    """Short texts skip the searches an RE2 set shows cannot match: on every paragraph of
    the development corpus and the fixtures, the records are the same without the set."""
    from regenwatch import re2scan as rs

    pieces = []
    for path in (Path(__file__).parents[2] / "shared" / "corpus" / "dev.jsonl",
                 Path(__file__).parent / "fixtures" / "handmade.jsonl"):
        if path.exists():
            for line in path.read_text().splitlines():
                if line.strip():
                    text = json.loads(line)["text"]
                    pieces += [text] + [p for p in text.split("\n\n") if p.strip()]
    assert len(pieces) > 80  # the fixtures alone give 90
    assert sum(len(p) <= 2000 for p in pieces) > 40
    screened = _records(check(p) for p in pieces)
    monkeypatch.setattr(rs.Screen, "matching", lambda self, text: None)
    assert _records(check(p) for p in pieces) == screened


def test_a_refused_match_does_not_hide_an_overlapping_good_one():
    """A stem glued to an accented letter ("autorizaci" + "ón") is refused as a word; the
    overlapping match that starts after it ("no necesitan autorización") is still found, on
    the fast path and on the public one."""
    from regenwatch.match import find_all

    regex = re2.compile(r"(?i)medicamento[^.]{0,40}?autorizaci|no necesitan autorizaci(?:ón|on)")
    text = "No son un medicamento, así que no necesitan autorización de la AEMPS."
    want = [(text.index("no necesitan"), text.index(" de la"))]
    assert list(find_all(regex, text)) == want

    class Public:
        def __init__(self, inner):
            self.search = inner.search

    assert list(find_all(Public(regex), text)) == want
    refused_all = list(spans(regex, text, accept=lambda s, e: False))
    assert refused_all == []


# Patterns as packs write them: accented letters under (?i), classes and ranges of them,
# curly quotes, gaps; texts with both cases, Windows-1252 punctuation, letters beyond
# Latin-1 and emoji.
LATIN1_PATTERNS = [r"(?i)células?", r"(?i)[ií]ntegr[oa]s?", r"(?i)über\w*", r"(?i)ação",
                   r"(?i)[^.!?\n]{0,10}?aprobad[oa]", r"’s\b", r"“[^”\n]+”", r"(?i)[à-ü]+",
                   r"(?i)(?-i:É)x", r"(?i)\bstem\s+cells?\b", r"x*", r"(?i)[^é\s]+"]
LATIN1_ALPHABET = "aceélsuüoçãÉÇÃÜÍíLUSx .!?\n’“”–€łŠ😀ÿ\u0092"


@given(st.text(alphabet=LATIN1_ALPHABET, max_size=80), st.integers(0, 90),
       st.integers(0, 90), st.sampled_from(LATIN1_PATTERNS))
def test_one_byte_matching_finds_what_utf8_matching_finds(text, a, b, pattern):
    """A regex run on the one-byte form of a text gives the spans the same regex gives over
    UTF-8, in characters, on both the fast path and the public one - case folding of
    accented letters included, which RE2 alone does not do there."""
    fast = re2scan.compile_latin1(pattern, re2.Options())
    utf8 = re2.compile(pattern)
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    want = list(spans(utf8, text, start, end))
    assert list(spans(fast, text, start, end)) == want

    class Public:
        def __init__(self, inner):
            self.search = inner.search

    public = Public(fast)
    re2scan._LATIN1[id(public)] = public
    try:
        assert list(spans(public, text, start, end)) == want
    finally:
        del re2scan._LATIN1[id(public)]


def _whole_words(text: str):
    def accept(s: int, e: int) -> bool:
        if e <= s:
            return False
        glued_left = s > 0 and text[s - 1].isalnum() and text[s].isalnum()
        glued_right = e < len(text) and text[e].isalnum() and text[e - 1].isalnum()
        return not glued_left and not glued_right
    return accept


@given(st.text(alphabet=LATIN1_ALPHABET, max_size=80), st.integers(0, 90),
       st.integers(0, 90), st.sampled_from(LATIN1_PATTERNS))
def test_word_spans_are_the_whole_word_matches_spans_gives(text, a, b, pattern):
    """The one-generator search detection uses gives exactly the matches spans() accepts
    as whole words, on one-byte and UTF-8 regexes alike."""
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    for regex in (re2scan.compile_latin1(pattern, re2.Options()), re2.compile(pattern)):
        want = list(spans(regex, text, start, end, accept=_whole_words(text)))
        assert list(re2scan.word_spans(regex, text, start, end)) == want


def test_word_spans_refuse_a_match_glued_to_a_letter():
    regex = re2scan.compile_latin1(r"(?i)autorizaci", re2.Options())
    assert list(re2scan.word_spans(regex, "sin autorización")) == []
    regex = re2scan.compile_latin1(r"(?i)autorizaci[oó]n", re2.Options())
    assert list(re2scan.word_spans(regex, "sin autorización.")) == [(4, 16)]


def test_accented_letters_match_in_both_cases_on_one_byte_text():
    regex = re2scan.compile_latin1("(?i)c[eé]lulas madre", re2.Options())
    assert [m for m in spans(regex, "TERAPIA DE CÉLULAS MADRE")] == [(11, 24)]
    assert re2scan.fold_latin1("(?i)(?-i:É)é[à-ü]") == "(?i)(?-i:É)[éÉ][à-üÀ-Ü]"


def test_a_pattern_with_no_one_byte_form_is_compiled_for_utf8():
    assert re2scan.compile_latin1("(?i)exosomas 🧬", re2.Options()) is None
    from regenwatch.match import _compile

    regex = _compile("exosomas 🧬", "test")
    assert list(spans(regex, "EXOSOMAS 🧬 y más")) == [(0, 10)]


def test_pack_letters_beyond_latin1_are_letters_on_one_byte_text():
    """\\pL in a pack means a Latin letter: "ł" and "Š", which have no Latin-1 byte, are
    still letters, and an emoji is not."""
    from regenwatch.match import _compile

    regex = _compile(r"\pL+", "test")
    assert re2scan.is_latin1(regex)
    text = "łódź Škoda 😀 Ωmega"
    assert [text[s:e] for s, e in spans(regex, text)] == ["łódź", "Škoda", "Ωmega"]


@given(st.text(alphabet=LATIN1_ALPHABET, max_size=60))
def test_a_one_byte_screen_reports_exactly_the_regexes_that_match(text):
    from regenwatch.re2scan import Screen

    regexes = [re2scan.compile_latin1(p, re2.Options()) for p in LATIN1_PATTERNS]
    got = Screen(regexes).matching(text)
    if not text:
        assert got is None
        return
    assert got == {i for i, r in enumerate(regexes) if next(spans(r, text), None) is not None}


@given(st.text(alphabet=LATIN1_ALPHABET, max_size=60), st.lists(
    st.tuples(st.integers(0, 70), st.integers(0, 70)), max_size=5))
def test_a_screen_over_ranges_reports_what_each_range_alone_matches(text, cuts):
    """Each range is searched as its own text: a match across its edge does not count."""
    from regenwatch.re2scan import Screen

    regexes = [re2scan.compile_latin1(p, re2.Options()) for p in LATIN1_PATTERNS]
    ranges = [(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in cuts]
    got = Screen(regexes).matching_ranges(text, ranges)
    assert got == [{i for i, r in enumerate(regexes)
                    if e > s and next(spans(r, text, s, e), None) is not None}
                   for s, e in ranges]


def test_a_screen_over_ranges_that_cannot_answer_says_unknown():
    from regenwatch.re2scan import Screen

    class FailedSet:  # a DFA out of memory: no index at all, not even the sentinel's
        def Match(self, data):
            return []

    screen = Screen([re2scan.compile_latin1("exosome", re2.Options())])
    screen._set = FailedSet()
    assert screen.matching_ranges("exosome therapy. Book now.", [(0, 16), (17, 26)]) is None


def test_screening_rules_by_sentence_changes_no_result(monkeypatch):
    """Rules are searched only in the sentences one set pass says they can match in; on the
    development corpus and the fixtures, the records are the same when every rule is
    searched over the whole text instead."""
    from regenwatch import re2scan as rs

    texts = _corpus_texts()
    assert len(texts) >= 45
    screened = _records(check(t) for t in texts)
    assert sum(bool(r[1]) for r in screened) > 20  # the screen left findings to compare
    monkeypatch.setattr(rs.Screen, "matching_ranges", lambda self, text, ranges: None)
    assert _records(check(t) for t in texts) == screened
