"""A pattern that ends on a single digit stops inside a longer number ("$4" of "$450"), and
find_all refuses a match glued to a letter or digit: such a cue never fires on a real
price. Every alternative that ends with \\d must take the whole number."""

import re

import pytest

from regenwatch.rules.registry import load_packs

# \d at the end of the pattern or of an alternative, not inside a class and not the end of
# a bounded class repeat ([\d\s]{6,}\d ends on the number's last digit already)
_BARE_DIGIT_END = re.compile(r"(?<![\[\\}])\\d(?=[|)]|$)")


def _patterns():
    for language, pack in load_packs().items():
        for name, body in pack.macros.items():
            yield f"{language}:{name}", body
        for rule in pack.rules:
            for k, pattern in enumerate(rule.patterns):
                yield f"{language}:{rule.code}[{k}]", pattern


@pytest.mark.parametrize("where,pattern", list(_patterns()))
def test_no_alternative_ends_inside_a_number(where, pattern):
    assert not _BARE_DIGIT_END.search(pattern), where


def test_a_three_digit_price_after_a_sale_price_is_an_offer_cue():
    from regenwatch.match import compiled_macro, find_all

    text = "De R$ 249,90 por R$ 189,90"
    assert [text[a:b] for a, b in find_all(compiled_macro("pt", "offer_strong"), text)] == [
        text]
