"""Every rule's own examples run as tests: match examples must produce a finding of that
rule, no_match examples must not (with the whole pipeline, context included)."""

import pytest

from regenwatch.api import CheckOptions, check
from regenwatch.rules.registry import load_packs

CASES = [
    (rule, lang, example, expected)
    for lang, pack in load_packs().items()
    for rule in pack.rules
    for expected, examples in ((True, rule.examples_match), (False, rule.examples_no_match))
    for example in examples
]


@pytest.mark.parametrize(
    "rule,lang,example,expected", CASES,
    ids=[f"{r.code}-{lang}-{'match' if e else 'no_match'}-{i}"
         for i, (r, lang, _x, e) in enumerate(CASES)],
)
def test_rule_example(rule, lang, example, expected):
    # offers need a product word and an offer cue; examples are sentences, so give the
    # detector the context a seller's page would have.
    report = check(example, CheckOptions(language=lang, select=(rule.code,)))
    codes = {f.rule for f in report.findings}
    assert (rule.code in codes) == expected, (
        f"{rule.code} {'missed' if expected else 'wrongly flagged'}: {example!r}; "
        f"findings={[(f.rule, f.quote) for f in report.findings]}, "
        f"dismissed={[(d.rule, d.reason) for d in report.dismissed]}"
    )


def test_every_rule_has_both_kinds_of_example():
    for pack in load_packs().values():
        for rule in pack.rules:
            assert rule.examples_match and rule.examples_no_match, rule.code
