"""SARIF 2.1.0 (validated against the official schema shipped in tests/fixtures), GitHub
Actions annotations, the text line format and the JSON report."""

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from regenwatch.report.github import annotation
from tests.lint.conftest import SITE, run_cli

SCHEMA = Path(__file__).resolve().parents[1] / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("out") / "site"
    shutil.copytree(SITE, dest)
    (dest / "sup.html").write_text("<!-- regenwatch: ignore -->\n<p>Hi.</p>\n"
                                   "<!-- regenwatch: ignore RW401 -->\n<p>Hello.</p>\n")
    return dest


@pytest.fixture(scope="module")
def sarif(site) -> dict:
    r = run_cli(site, ".", "--format", "sarif")
    assert r.returncode == 1, r.stderr
    return json.loads(r.stdout)


def test_sarif_is_valid_against_the_official_schema(sarif):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert "sarif-schema-2.1.0" in schema["id"]
    jsonschema.Draft4Validator.check_schema(schema)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(sarif), key=lambda e: list(e.path))
    assert not errors, [(list(e.path), e.message) for e in errors[:5]]


def test_schema_catches_a_broken_log(sarif):
    """The validation above can fail: a region with startLine 0 is refused."""
    broken = json.loads(json.dumps(sarif))
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"][
        "startLine"] = 0
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft4Validator(schema).iter_errors(broken))


def test_sarif_rules_and_results(sarif):
    run = sarif["runs"][0]
    assert sarif["version"] == "2.1.0"
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert {"RW001", "RW002", "RW101", "RW401", "RW602"} <= set(ids)
    r401 = rules[ids.index("RW401")]
    assert r401["name"] and r401["shortDescription"]["text"] and r401["fullDescription"]["text"]
    assert r401["defaultConfiguration"]["level"] == "error"
    assert rules[ids.index("RW602")]["defaultConfiguration"]["level"] == "warning"
    assert run["columnKind"] == "unicodeCodePoints"
    results = run["results"]
    for res in results:
        assert ids[res["ruleIndex"]] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        assert not loc["artifactLocation"]["uri"].startswith(("/", "file:"))
        assert res["level"] in ("error", "warning")
    by = {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"]):
          r for r in results}
    region = by[("content/post.md", "RW602")]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 11, "startColumn": 2, "endLine": 11, "endColumn": 11,
                      "snippet": {"text": "100% safe"}}
    assert by[("sup.html", "RW002")]["level"] == "error"
    assert by[("sup.html", "RW001")]["level"] == "warning"
    assert by[("index.html", "RW401")]["level"] == "error"


def test_github_annotations(site):
    r = run_cli(site, "index.html", "--format", "github")
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ")) for line in lines)
    assert ("::error file=index.html,line=12,col=6,endLine=12,endColumn=34,title=RW401::"
            "RW401 ") in r.stdout
    assert any(line.startswith("::warning file=index.html,line=14,col=34,") and
               "100%25 safe" in line for line in lines)


def test_github_escaping():
    class D:
        path, line, column, end_line, end_column = "a,b:c.md", 1, 2, 3, 4
        code, name, level, quote = "RW401", "x", "error", ""
        message = "50% off\nnow, call: me"

    line = annotation(D)
    assert line == ("::error file=a%2Cb%3Ac.md,line=1,col=2,endLine=3,endColumn=4,"
                    "title=RW401::RW401 x: 50%25 off%0Anow, call: me")


def test_text_format(site):
    r = run_cli(site, "content/post.md")
    assert r.returncode == 1
    assert "content/post.md:11:2: RW602 safety-claim Asserts" in r.stdout
    assert "content/post.md: verdict high" in r.stdout


def test_json_format(site):
    r = run_cli(site, ".", "--format", "json", "--fail-on", "never")
    assert r.returncode == 0
    out = json.loads(r.stdout)
    assert out["schema"] == "regenwatch-lint/1"
    files = {f["path"]: f for f in out["files"]}
    assert files["clean.html"]["verdict"] == "low" and files["index.html"]["verdict"] == "high"
    d = files["index.html"]["diagnostics"][0]
    assert set(d) >= {"line", "column", "end_line", "end_column", "code", "name", "category",
                      "severity", "level", "message", "quote"}


def test_sarif_path_outside_the_run_directory_is_a_file_uri(tmp_path):
    from regenwatch.report.sarif import to_sarif

    class D:
        path, line, column, end_line, end_column = str(tmp_path / "a b.md"), 1, 1, 1, 5
        code, level, message, quote = "RW401", "error", "m", "cure"

    doc = to_sarif([D], [], "0")
    loc = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc == {"uri": (tmp_path / "a b.md").as_uri()}
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert not list(jsonschema.Draft4Validator(schema).iter_errors(doc))
