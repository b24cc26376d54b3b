"""`regenwatch report`: PNG charts and a self-contained HTML page from each store format."""

import base64
import json
import re

import pytest

from regenwatch.report.summary import connect, summarize
from regenwatch.scan import run_scan

from .conftest import cli

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def scanned(small_corpus, tmp_path_factory):
    d = tmp_path_factory.mktemp("scanned")
    for name in ("r.duckdb", "r.parquet", "r.jsonl"):
        run_scan([str(small_corpus)], d / name, workers=2, progress=False)
    return d


def test_report_writes_charts_and_html(scanned, tmp_path):
    out = tmp_path / "rep"
    r = cli("report", scanned / "r.duckdb", "--out", out)
    assert r.returncode == 0, r.stderr
    for name in ("verdicts", "categories", "conditions", "routes", "domains"):
        png = (out / f"{name}.png").read_bytes()
        assert png.startswith(PNG) and len(png) > 5000
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "http" not in re.sub(r'src="data:image/png;base64,[^"]+"', "", page).replace(
        "https://", "")  # self-contained: no links out
    imgs = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(imgs) == 5 and all(base64.b64decode(i).startswith(PNG) for i in imgs)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["documents"] == 816 and summary["failed"] == 16
    assert sum(summary["verdicts"].values()) == 816


def test_summary_derives_conditions_routes_domains(scanned):
    con = connect(scanned / "r.duckdb")
    s = summarize(con)
    con.close()
    names = {c for c, _s, _n in s.conditions}
    assert {"parkinson", "multiple sclerosis", "copd"} <= names
    assert all(n > 0 for _c, _s, n in s.conditions)
    assert {"intravenously", "intrathecal"} <= {r for r, _n in s.routes}
    assert [d["domain"] for d in s.domains][0] == "exo-renew-clinic.example"
    assert s.domains[-1]["domain"] == "regen-facts.example"  # makes no claims
    assert sum(d["documents"] for d in s.domains) == 800


def test_every_store_gives_the_same_summary(scanned):
    got = []
    for name in ("r.duckdb", "r.parquet", "r.jsonl"):
        con = connect(scanned / name)
        js = summarize(con).to_json()
        con.close()
        js.pop("inputs")
        got.append(js)
    assert got[0] == got[1] == got[2]


def test_report_on_missing_results_is_a_usage_error(tmp_path):
    r = cli("report", tmp_path / "nothing.duckdb")
    assert r.returncode == 2 and b"Traceback" not in r.stderr
