"""Inline suppressions: used ones hide their finding (and the file's verdict follows), unused
ones are RW001, ones without a known rule code are RW002 and hide nothing."""

from tests.lint.conftest import lint_json

OFFER = "<p>Book now: $2,400 per session. Call (555) 555-0100.</p>\n"


def _page(tmp_path, body: str, name: str = "p.html") -> tuple[int, dict]:
    (tmp_path / name).write_text(body, encoding="utf-8")
    code, out, err = lint_json(tmp_path, name)
    assert code in (0, 1), err
    return code, out["files"][0]


def codes(f: dict) -> list[str]:
    return [d["code"] for d in f["diagnostics"]]


def test_used_suppression_hides_finding_and_lowers_verdict(tmp_path):
    code, f = _page(tmp_path, OFFER + "<!-- regenwatch: ignore RW401 -->\n"
                    "<p>Our exosomes cure arthritis.</p>\n")
    assert codes(f) == [] and f["suppressed"] == 1
    assert f["verdict"] == "low" and code == 0


def test_without_the_comment_the_same_page_fails(tmp_path):
    code, f = _page(tmp_path, OFFER + "<p>Our exosomes cure arthritis.</p>\n")
    assert codes(f) == ["RW401"] and f["verdict"] == "high" and code == 1


def test_suppression_covers_only_the_next_block(tmp_path):
    code, f = _page(tmp_path, OFFER + "<!-- regenwatch: ignore RW401 -->\n"
                    "<p>Our exosomes cure arthritis.</p>\n"
                    "<p>Our exosomes cure lupus.</p>\n")
    assert codes(f) == ["RW401"] and f["diagnostics"][0]["line"] == 4
    assert code == 1


def test_suppression_of_another_rule_does_not_hide(tmp_path):
    _, f = _page(tmp_path, OFFER + "<!-- regenwatch: ignore RW602 -->\n"
                 "<p>Our exosomes cure arthritis.</p>\n")
    assert codes(f) == ["RW001", "RW401"]  # sorted by line: the comment comes first
    unused = f["diagnostics"][0]
    assert (unused["line"], unused["column"]) == (2, 1)
    assert "RW602" in unused["message"] and unused["level"] == "warning"


def test_several_codes_one_unused(tmp_path):
    _, f = _page(tmp_path, OFFER + "<!-- regenwatch: ignore RW401, RW602 -->\n"
                 "<p>Our exosomes cure arthritis.</p>\n")
    assert codes(f) == ["RW001"] and "RW602" in f["diagnostics"][0]["message"]
    assert "RW401" not in f["diagnostics"][0]["message"]


def test_missing_code_is_an_error_and_suppresses_nothing(tmp_path):
    code, f = _page(tmp_path, OFFER + "<!-- regenwatch: ignore -->\n"
                    "<p>Our exosomes cure arthritis.</p>\n")
    assert codes(f) == ["RW002", "RW401"]
    assert f["diagnostics"][0]["level"] == "error" and code == 1


def test_unknown_code_is_invalid(tmp_path):
    _, f = _page(tmp_path, OFFER + "<!-- regenwatch: ignore RW499 -->\n<p>Hello.</p>\n")
    assert codes(f) == ["RW002"] and "RW499" in f["diagnostics"][0]["message"]


def test_markdown_forms(tmp_path):
    md = ("Book now: $2,400 per session. Call (555) 555-0100.\n\n"
          "[//]: # (regenwatch: ignore RW401)\n"
          "Our exosomes cure arthritis.\n\n"
          "<!-- regenwatch: ignore RW602 -->\n"
          "Our stem cell therapy is 100% safe.\n\n"
          "Our exosomes cure lupus.\n")
    _, f = _page(tmp_path, md, "p.md")
    assert codes(f) == ["RW401"] and f["diagnostics"][0]["line"] == 9
    assert f["suppressed"] == 2


def test_yaml_comment_form_and_front_matter(tmp_path):
    yml = ("body: 'Book now: $2,400 per session. Call (555) 555-0100.'\n"
           "# regenwatch: ignore RW401\n"
           "claim: Our exosomes cure arthritis.\n"
           "other: Our exosomes cure lupus.\n")
    _, f = _page(tmp_path, yml, "d.yaml")
    assert codes(f) == ["RW401"] and f["diagnostics"][0]["line"] == 4
    md = ("---\n# regenwatch: ignore RW401\ntitle: Our exosomes cure arthritis.\n---\n"
          "Book now: $2,400 per session. Call (555) 555-0100.\n")
    _, f = _page(tmp_path, md, "fm.md")
    assert codes(f) == [] and f["suppressed"] == 1


def test_unused_check_can_be_ignored(tmp_path):
    (tmp_path / "p.html").write_text(OFFER + "<!-- regenwatch: ignore RW602 -->\n<p>Hi.</p>\n")
    _, out, _ = lint_json(tmp_path, "p.html", ignore=["RW001"])
    assert out["files"][0]["diagnostics"] == []


def test_code_of_a_rule_not_selected_is_not_reported_unused(tmp_path):
    (tmp_path / "p.html").write_text(OFFER + "<!-- regenwatch: ignore RW602 -->\n<p>Hi.</p>\n")
    _, out, _ = lint_json(tmp_path, "p.html", select=["RW4"])
    assert out["files"][0]["diagnostics"] == []
