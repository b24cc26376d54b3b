"""Sentences are the scope rules and context share: abbreviations and numbered list items
do not end one, lines always do, questions are marked, run-on text is cut."""

from regenwatch.segment import split_sentences


def _texts(text):
    return [(text[s.start:s.end], s.is_question, s.is_list_item) for s in split_sentences(text)]


def test_abbreviations_and_questions():
    text = "Is it FDA approved? No. Dr. Smith said the U.S. FDA has not approved it. Really!"
    assert _texts(text) == [
        ("Is it FDA approved?", True, False),
        ("No.", False, False),
        ("Dr. Smith said the U.S. FDA has not approved it.", False, False),
        ("Really!", False, False),
    ]


def test_lines_and_list_items():
    text = "Conditions we treat:\n- Long COVID\n1. Parkinson's disease\n• Lupus"
    assert [t for t, _q, item in _texts(text) if item] == [
        "- Long COVID", "1. Parkinson's disease", "• Lupus"]


def test_offsets_point_into_the_text():
    text = "  First one.   Second one!\n\nThird?  "
    for s in split_sentences(text):
        assert text[s.start:s.end].strip() == text[s.start:s.end]
    assert len(split_sentences(text)) == 3


def test_run_on_text_is_cut_into_bounded_pieces():
    text = "exosome drip cures lupus and " * 200
    pieces = split_sentences(text)
    assert len(pieces) > 1
    assert all(s.end - s.start <= 600 for s in pieces)
