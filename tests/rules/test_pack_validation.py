"""A broken pack is refused with one line naming the file and the line."""

import textwrap

import pytest

from regenwatch.rules.schema import PackError, load_pack_dir

GOOD = """\
language: en
rules:
  - code: RW101
    name: some-claim
    category: approval-claim
    kind: pattern
    patterns: ['approved']
    message: m
    why: w
    examples:
      match: [approved]
      no_match: [nothing]
"""


def _write(tmp_path, body):
    d = tmp_path / "en"
    d.mkdir()
    (d / "x.yaml").write_text(textwrap.dedent(body), encoding="utf-8")
    return d


def test_good_pack_loads(tmp_path):
    pack = load_pack_dir(_write(tmp_path, GOOD))
    assert [r.code for r in pack.rules] == ["RW101"]


@pytest.mark.parametrize("change,expected", [
    (("kind: pattern", "kind: fuzzy"), "unknown kind 'fuzzy'"),
    (("code: RW101", "code: RW401"), "outside approval-claim's range"),
    (("category: approval-claim", "category: nonsense"), "unknown category"),
    (("    why: w\n", "    why: w\n    colour: red\n"), "unknown field(s) colour"),
    (("      no_match: [nothing]\n", ""), "needs at least one match and one no_match"),
    (("name: some-claim", "name: Some Claim"), "bad name"),
    (("patterns: ['approved']", "patterns: ['approved', 'cleared', 'approved']"),
     "pattern listed twice: 'approved'"),
    (("patterns: ['approved']", "patterns: ['(unclosed']"), None),
])
def test_broken_pack_is_one_line_with_file_and_line(tmp_path, change, expected):
    d = _write(tmp_path, GOOD.replace(*change))
    with pytest.raises(PackError) as exc:
        pack = load_pack_dir(d)
        if expected is None:  # bad regex is found when compiling
            from regenwatch.match import Expander, _compile
            exp = Expander({}, {})
            for r in pack.rules:
                _compile(exp.expand(r.patterns[0], r.source), r.source)
    msg = str(exc.value)
    assert "\n" not in msg
    assert "x.yaml" in msg
    if expected:
        assert expected in msg
        assert "x.yaml:3" in msg or "x.yaml:1" in msg


def test_invalid_yaml_names_line(tmp_path):
    d = _write(tmp_path, "language: en\nrules:\n  - code: [unclosed\n")
    with pytest.raises(PackError, match=r"x\.yaml:\d+: invalid YAML"):
        load_pack_dir(d)
