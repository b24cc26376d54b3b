"""Exit codes (decisions.md): 2 usage error or nothing readable; 1 a file's verdict at or
above --fail-on; else 0. Unreadable files and RW0xx diagnostics exit 1 only with --strict."""

import pytest

from tests.lint.conftest import run_cli

OFFER = "<p>Book now: $2,400 per session. Call (555) 555-0100.</p>\n"
HIGH = OFFER + "<p>Our exosomes cure arthritis.</p>\n"
ELEVATED = OFFER + "<p>Our stem cell therapy is 100% safe.</p>\n"
NO_OFFER = "<p>Our exosomes cure arthritis.</p>\n"  # a claim, but no offer: verdict low
CLEAN = "<p>Exosomes are not FDA approved, the agency warns.</p>\n"


@pytest.mark.parametrize("page,fail_on,expected", [
    (HIGH, None, 1), (HIGH, "high", 1), (HIGH, "elevated", 1), (HIGH, "never", 0),
    (ELEVATED, None, 0), (ELEVATED, "elevated", 1),
    (NO_OFFER, "elevated", 0), (CLEAN, None, 0),
])
def test_verdict_against_fail_on(tmp_path, page, fail_on, expected):
    (tmp_path / "p.html").write_text(page)
    args = ["p.html"] + (["--fail-on", fail_on] if fail_on else [])
    r = run_cli(tmp_path, *args)
    assert r.returncode == expected, r.stdout + r.stderr


def test_no_offer_still_reports_findings(tmp_path):
    (tmp_path / "p.html").write_text(NO_OFFER)
    r = run_cli(tmp_path, "p.html")
    assert r.returncode == 0 and "p.html:1:17: RW401" in r.stdout


def test_one_bad_file_among_clean_ones(tmp_path):
    (tmp_path / "a.html").write_text(CLEAN)
    (tmp_path / "b.md").write_text(HIGH.replace("<p>", "").replace("</p>", ""))
    r = run_cli(tmp_path, ".")
    assert r.returncode == 1 and "b.md: verdict high" in r.stdout


@pytest.mark.parametrize("args", [
    ["missing.html"], ["--select", "RW77x", "."], ["--fail-on", "low", "."], ["empty-dir"],
])
def test_usage_errors_exit_2(tmp_path, args):
    (tmp_path / "empty-dir").mkdir()
    (tmp_path / "p.html").write_text(CLEAN)
    r = run_cli(tmp_path, *args)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "Traceback" not in r.stderr


def test_unreadable_file_changes_exit_only_with_strict(tmp_path):
    (tmp_path / "ok.html").write_text(CLEAN)
    (tmp_path / "bad.json").write_text('{"a": ')
    r = run_cli(tmp_path, ".")
    assert r.returncode == 0 and "bad.json" in r.stderr and "line 1" in r.stderr
    assert run_cli(tmp_path, ".", "--strict").returncode == 1
    (tmp_path / "ok.html").unlink()
    assert run_cli(tmp_path, ".").returncode == 2  # nothing could be read at all


def test_suppression_problems_exit_1_only_with_strict(tmp_path):
    (tmp_path / "p.html").write_text("<!-- regenwatch: ignore -->\n" + CLEAN)
    r = run_cli(tmp_path, "p.html")
    assert r.returncode == 0 and "RW002" in r.stdout
    assert run_cli(tmp_path, "p.html", "--strict").returncode == 1
    (tmp_path / "regenwatch.toml").write_text("strict = true\n")
    assert run_cli(tmp_path, "p.html").returncode == 1
    assert run_cli(tmp_path, "p.html", "--no-strict").returncode == 0


def test_select_and_ignore_take_codes_prefixes_and_categories(tmp_path):
    (tmp_path / "p.html").write_text(HIGH + "<p>It is 100% safe.</p>\n")
    r = run_cli(tmp_path, "p.html", "--select", "disease-claim", "-f", "github")
    assert "RW401" in r.stdout and "RW602" not in r.stdout
    r = run_cli(tmp_path, "p.html", "--ignore", "RW4,RW6", "-f", "github")
    assert "RW401" not in r.stdout and "RW602" not in r.stdout and r.returncode == 0
