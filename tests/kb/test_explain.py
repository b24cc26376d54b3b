"""Every category explains itself with existing, cited facts; unconfirmed ones are marked."""

from __future__ import annotations

import io

import pytest

from regenwatch import kb
from regenwatch.explain import (
    BasisRef,
    basis_lines,
    explain,
    format_basis_line,
    patient_questions,
)
from regenwatch.model import CATEGORIES


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_category_explains(category):
    exp = explain(category, [])
    assert exp.message and exp.why and exp.category == category
    assert exp.basis
    base = kb.load()
    for ref in exp.basis:
        fact = base.fact(ref.id)
        assert ref.statement == fact.statement and ref.source_date == fact.source_date
        assert ref.status == fact.status
    assert exp.to_json()["basis"][0]["id"] == exp.basis[0].id


def test_rule_basis_overrides_default_and_keeps_order():
    exp = explain("disease-claim", ["us-homologous", "us-drug-definition", "us-homologous"])
    assert [b.id for b in exp.basis] == ["us-homologous", "us-drug-definition"]


def test_unknown_basis_raises():
    with pytest.raises(kb.KBError, match="us-nope"):
        explain("approval-claim", ["us-nope"])


def test_basis_line_format():
    line = format_basis_line(kb.fact("us-no-exosome-approved"))
    assert line == (
        "FDA public safety notification on exosome products (US, 2019-12-06) "
        "<https://www.fda.gov/vaccines-blood-biologics/safety-availability-biologics/"
        "public-safety-notification-exosome-products>"
    )
    assert "[unconfirmed]" not in line


def test_unconfirmed_is_marked_everywhere():
    base = kb.load()
    for fact in base.facts.values():
        marked = format_basis_line(fact).endswith("[unconfirmed]")
        assert marked == (not fact.confirmed), fact.id
        assert BasisRef.of(fact).line() == format_basis_line(fact)
    exp = explain("obfuscated-text")
    assert exp.has_unconfirmed
    assert any(b.line().endswith("[unconfirmed]") for b in exp.basis)


def test_patient_questions():
    qs = patient_questions("en")
    assert len(qs) >= 6 and all(q.strip() for q in qs)
    assert patient_questions("fr") == qs  # English where a language has no file


def test_explain_other_language_falls_back():
    assert explain("cure-guarantee", lang="fr").message == explain("cure-guarantee").message


def test_basis_lines_for_reports():
    lines = basis_lines(["us-no-exosome-approved", "evasion-intent", "no-such-id"])
    assert lines[0].startswith("us-no-exosome-approved: FDA public safety notification")
    assert lines[1].endswith("[unconfirmed]")
    assert lines[2] == "no-such-id: (not in the knowledge base)"


def test_text_report_keeps_the_unconfirmed_mark():
    """Rich would read "[unconfirmed]" as a style tag and drop it unless it is escaped."""
    from rich.console import Console

    from regenwatch.model import Finding, Report
    from regenwatch.report.text import render

    text = "FDА аpprоved"
    finding = Finding(rule="RW901", category="obfuscated-text", start=0, end=len(text),
                      quote=text, message="look-alike letters", basis=("evasion-intent",))
    report = Report(id="-", source="-", verdict="low", findings=[finding], text=text)
    buf = io.StringIO()
    render(report, Console(file=buf, width=300), text, basis_lines, patient_questions("en"))
    out = buf.getvalue()
    assert "evasion-intent:" in out and "[unconfirmed]" in out
