"""Hand-written documents, not from the development corpus (so not tuned on it): a warning
letter with a phone number, a compliant med-spa, a paid registry study, a real trial, a cord
blood bank... Each must get the verdict the taxonomy gives it."""

import json
from pathlib import Path

import pytest

from regenwatch.api import check
from regenwatch.model import Document

FIXTURES = Path(__file__).parent / "fixtures" / "handmade.jsonl"
ROWS = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_handmade_verdict(row):
    report = check(Document(id=row["id"], source="fixture", text=row["text"]))
    assert report.verdict == row["verdict"], (
        [(f.rule, f.quote) for f in report.findings], report.verdict_reasons)
    found = {f.category for f in report.findings}
    assert set(row.get("categories", [])) <= found, found
    if row["verdict"] == "low" and "categories" in row and not row["categories"]:
        assert not found, [(f.rule, f.quote) for f in report.findings]  # hard negatives
