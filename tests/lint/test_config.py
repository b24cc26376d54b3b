"""Config discovery and precedence: regenwatch.toml / [tool.regenwatch], nearest directory
first, regenwatch.toml before pyproject.toml, CLI flags over both; bad config is exit 2."""

from pathlib import Path

import pytest

from regenwatch.lint.config import ConfigError, find_config, load_config
from tests.lint.conftest import lint_json

PAGE = ("<p>Book now: $2,400 per session. Call (555) 555-0100.</p>\n"
        "<p>Our exosomes cure arthritis. Our stem cell therapy is 100% safe.</p>\n")


@pytest.fixture
def tree(tmp_path) -> Path:
    (tmp_path / "site" / "pages").mkdir(parents=True)
    (tmp_path / "site" / "pages" / "p.html").write_text(PAGE)
    return tmp_path


def _codes(out) -> set[str]:
    return {d["code"] for f in out["files"] for d in f["diagnostics"]}


def test_no_config_defaults(tree):
    code, out, _ = lint_json(tree / "site")
    assert code == 1 and _codes(out) == {"RW401", "RW602"} and out["fail_on"] == "high"


def test_regenwatch_toml_found_walking_up(tree):
    (tree / "regenwatch.toml").write_text('ignore = ["RW6"]\nfail-on = "never"\n')
    code, out, _ = lint_json(tree / "site" / "pages")
    assert code == 0 and _codes(out) == {"RW401"}
    assert find_config(tree / "site" / "pages") == tree / "regenwatch.toml"


def test_pyproject_table(tree):
    (tree / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.regenwatch]\n'
                                         'select = ["safety-claim"]\n')
    _, out, _ = lint_json(tree / "site")
    assert _codes(out) == {"RW602"}


def test_pyproject_without_table_is_passed_over(tree):
    (tree / "regenwatch.toml").write_text('ignore = ["RW6"]\n')
    (tree / "site" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(tree / "site") == tree / "regenwatch.toml"


def test_regenwatch_toml_beats_pyproject_in_same_directory(tree):
    (tree / "pyproject.toml").write_text('[tool.regenwatch]\nselect = ["RW6"]\n')
    (tree / "regenwatch.toml").write_text('select = ["RW4"]\n')
    _, out, _ = lint_json(tree / "site")
    assert _codes(out) == {"RW401"}


def test_nearest_config_wins(tree):
    (tree / "regenwatch.toml").write_text('select = ["RW4"]\n')
    (tree / "site" / "regenwatch.toml").write_text('select = ["RW6"]\n')
    _, out, _ = lint_json(tree / "site" / "pages")
    assert _codes(out) == {"RW602"}


def test_cli_flags_override_config(tree):
    (tree / "regenwatch.toml").write_text('select = ["RW4"]\nfail-on = "never"\n')
    code, out, _ = lint_json(tree / "site", select=["RW6"], fail_on="high")
    assert _codes(out) == {"RW602"} and code == 0  # a safety claim alone is "elevated"
    code, out, _ = lint_json(tree / "site", select=["RW6"], fail_on="elevated")
    assert code == 1


def test_exclude_globs_relative_to_config(tree):
    (tree / "site" / "drafts").mkdir()
    (tree / "site" / "drafts" / "d.html").write_text(PAGE)
    (tree / "regenwatch.toml").write_text('exclude = ["site/drafts", "*.tmp.html"]\n')
    (tree / "site" / "pages" / "x.tmp.html").write_text(PAGE)
    _, out, _ = lint_json(tree / "site")
    assert [f["path"] for f in out["files"]] == ["pages/p.html"]
    # a file named on the command line (as pre-commit does) is excluded too, and a run with
    # nothing left to lint passes (a commit touching only excluded files)
    code, out, err = lint_json(tree / "site", "drafts/d.html")
    assert code == 0 and out["files"] == [] and "excluded" in err


@pytest.mark.parametrize("body,needle", [
    ('ignor = ["RW4"]\n', "unknown key"),
    ('select = "RW4"\n', "select must be a list"),
    ('fail-on = "low"\n', "fail-on must be one of"),
    ('select = [\n', "regenwatch.toml"),
])
def test_bad_config_is_exit_2(tree, body, needle):
    (tree / "regenwatch.toml").write_text(body)
    with pytest.raises(ConfigError, match=needle):
        load_config(tree)
    code, _, err = lint_json(tree / "site")
    assert code == 2 and needle in err and len(err.strip().splitlines()) == 1


def test_unknown_selector_in_config_is_exit_2(tree):
    (tree / "regenwatch.toml").write_text('select = ["RW77x"]\n')
    code, _, err = lint_json(tree / "site")
    assert code == 2 and "RW77x" in err
