"""`regenwatch kb` output: a table for people, JSON for programs, one record on request."""

from __future__ import annotations

import io
import json

from regenwatch import kb
from regenwatch.kb.cli_command import run_kb


def _run(**kw) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_kb(out=out, err=err, **kw)
    return code, out.getvalue(), err.getvalue()


def test_table_lists_facts():
    code, out, _ = _run()
    assert code == 0
    assert "us-no-exosome-approved" in out and "unconfirmed" in out


def test_json_everything():
    code, out, _ = _run(fmt="json")
    data = json.loads(out)
    assert code == 0
    assert len(data["facts"]) == kb.load().counts()["facts"]
    assert {c["category"] for c in data["categories"]} >= {"approval-claim", "testimonial"}
    assert data["questions"]["en"]


def test_show_fact_product_category():
    for key in ("harm-nebraska", "ryoncil", "risky-route"):
        code, out, _ = _run(show=key, fmt="json")
        assert code == 0 and json.loads(out)
    code, out, _ = _run(show="evasion-intent")
    assert code == 0 and "unconfirmed" in out


def test_show_unknown_and_bad_format():
    code, _, err = _run(show="nope")
    assert code == 2 and "nope" in err
    code, _, err = _run(fmt="xml")
    assert code == 2 and "xml" in err


def test_validate_json():
    code, out, _ = _run(validate=True, fmt="json")
    assert code == 0 and json.loads(out)["ok"] is True
