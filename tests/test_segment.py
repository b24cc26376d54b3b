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


def test_stops_closers_and_blank_lines_keep_their_offsets():
    """Pinned spans (start, end, line_start, question, item) from the per-character walker
    that came before the stop-to-stop one: the rewrite for speed changed no offset."""
    cases = {
        'Costs 2.5 mg.Then more? Yes!) And "quoted." Next':
            [(0, 23, 0, True, False), (24, 29, 0, False, False), (30, 43, 0, False, False),
             (44, 48, 0, False, False)],
        "e.g. this. 12. Item one.  ¿Qué? ¡Sí!\n\n   \n• Lupus.. Done?!x ok":
            [(0, 10, 0, False, False), (11, 24, 0, False, False), (26, 31, 0, True, False),
             (32, 36, 0, False, False), (42, 51, 42, False, True), (52, 62, 42, False, True)],
        "Wait...  (See below.) 3 cells.\r\nNo":
            [(0, 7, 0, False, False), (9, 21, 0, False, False), (22, 30, 0, False, False),
             (32, 34, 32, False, False)],
        "Dr. Who. I. Robot said “hi.” ‘Ok.’ fine.\t Tab":
            [(0, 8, 0, False, False), (9, 28, 0, False, False), (29, 40, 0, False, False),
             (42, 45, 0, False, False)],
    }
    for text, want in cases.items():
        got = [(s.start, s.end, s.line_start, s.is_question, s.is_list_item)
               for s in split_sentences(text)]
        assert got == want, text


def test_an_emoji_between_sentences_does_not_join_them():
    text = "¿El asma no te deja en paz? 🫁 En nuestra clínica aplicamos exosomas nebulizados."
    got = [text[s.start:s.end] for s in split_sentences(text)]
    assert got == ["¿El asma no te deja en paz?",
                   "En nuestra clínica aplicamos exosomas nebulizados."]
