"""The JSON API and the form, in process (FastAPI TestClient, real worker processes)."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from regenwatch import SCHEMA
from regenwatch.web import Settings, create_app
from tests.web.conftest import CLAIMS, EXAMPLE_PAGE, ROOT

RECORD_KEYS = {"schema", "id", "source", "lang", "verdict", "verdict_reasons", "score",
               "findings", "dismissed", "signals", "normalization", "text", "error"}


def _error(response, status: int, kind: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and {"kind", "message"} <= set(body["error"])
    if kind:
        assert body["error"]["kind"] == kind, body
    return body["error"]


# -- /v1/check ---------------------------------------------------------------------------

def test_check_text_gives_the_record(client):
    r = client.post("/v1/check", json={"text": CLAIMS, "id": "case-1"})
    assert r.status_code == 200, r.text
    rec = r.json()
    assert set(rec) == RECORD_KEYS
    assert rec["schema"] == SCHEMA and rec["id"] == "case-1" and rec["error"] is None
    assert rec["verdict"] == "high"
    cats = {f["category"] for f in rec["findings"]}
    assert {"approval-claim", "disease-claim", "safety-claim"} <= cats
    for f in rec["findings"]:  # offsets point into the text as given
        assert rec["text"][f["start"]:f["end"]] == f["quote"]


def test_check_html_uses_visible_text(client):
    r = client.post("/v1/check", json={"html": EXAMPLE_PAGE.read_text()})
    assert r.status_code == 200
    rec = r.json()
    assert rec["verdict"] == "high"
    assert "<p>" not in rec["text"] and "FDA-approved" in rec["text"]


def test_html_wins_over_text_and_options_apply(client):
    r = client.post("/v1/check", json={"html": "<p>Nothing to see.</p>", "text": CLAIMS})
    assert r.json()["findings"] == []
    r = client.post("/v1/check", json={"text": CLAIMS, "select": ["safety-claim"],
                                       "include_text": False})
    rec = r.json()
    assert rec["text"] is None
    assert {f["category"] for f in rec["findings"]} == {"safety-claim"}


def test_negated_claims_are_dismissed_not_found(client):
    rec = client.post("/v1/check", json={
        "text": "Exosome products are not FDA approved."}).json()
    assert rec["verdict"] == "low"
    assert not [f for f in rec["findings"] if f["category"] == "approval-claim"]


@pytest.mark.parametrize("body, content_type", [
    (b"{not json", "application/json"),
    (b"[1, 2]", "application/json"),
    (b"", "application/json"),
    (b"text=hello", "application/x-www-form-urlencoded"),
])
def test_unreadable_body_is_400(client, body, content_type):
    _error(client.post("/v1/check", content=body, headers={"content-type": content_type}),
           400, "bad-json")


@pytest.mark.parametrize("payload", [
    {},
    {"id": "x"},
    {"text": 5},
    {"text": "x", "unknown": 1},
    {"text": "x", "select": "RW1"},
    {"text": "x", "include_text": "maybe"},
])
def test_invalid_fields_are_422(client, payload):
    err = _error(client.post("/v1/check", json=payload), 422, "invalid-request")
    assert err["detail"]


def test_unknown_rule_is_422(client):
    err = _error(client.post("/v1/check", json={"text": "x", "select": ["RW999x"]}), 422,
                 "unknown-rule")
    assert "RW999x" in err["message"]


def test_non_http_url_is_422(client):
    for url in ("file:///etc/passwd", "ftp://example.com/", "gopher://x", "not a url"):
        err = _error(client.post("/v1/check", json={"url": url}), 422)
        assert err["kind"] in ("fetch", "unavailable")


def test_request_too_large_is_413(client):
    big = "a" * 300_000
    _error(client.post("/v1/check", json={"text": big}), 413, "too-large")
    # Chunked upload without Content-Length is counted as it arrives.
    def chunks():
        for _ in range(30):
            yield b" " * 10_000
    _error(client.post("/v1/check", content=chunks(),
                       headers={"content-type": "application/json"}), 413, "too-large")


def test_text_over_char_limit_is_413():
    app = create_app(Settings(workers=1, max_body_bytes=100_000, max_chars=1_000))
    with TestClient(app) as c:
        _error(c.post("/v1/check", json={"text": "word " * 400}), 413, "too-large")
        assert c.post("/v1/check", json={"text": "word " * 100}).status_code == 200


def test_pathological_input_is_504_and_server_recovers():
    # A third of a megabyte of nothing but claims: far over a 0.1 s limit on any machine.
    # It must come back as 504, the worker is replaced, and the next request succeeds.
    app = create_app(Settings(workers=1, check_timeout=0.1, max_chars=400_000,
                              max_body_bytes=500_000))
    with TestClient(app) as c:
        assert c.post("/v1/check", json={"text": "warm"}).status_code in (200, 504)
        err = _error(c.post("/v1/check", json={"text": CLAIMS * 1500}), 504, "timeout")
        assert "0.1" in err["message"]
        app.state.settings = dataclasses.replace(app.state.settings, check_timeout=20.0)
        ok = c.post("/v1/check", json={"text": CLAIMS})
        assert ok.status_code == 200 and ok.json()["verdict"] == "high"
        assert c.get("/healthz").json()["worker_restarts"] >= 1


def test_worker_that_died_while_idle_costs_no_request():
    app = create_app(Settings(workers=1))
    with TestClient(app) as c:
        assert c.post("/v1/check", json={"text": "warm"}).status_code == 200
        pool = app.state.pool
        victim = pool._workers[0].process
        victim.kill()
        victim.join(5)
        r = c.post("/v1/check", json={"text": CLAIMS})
        assert r.status_code == 200 and r.json()["verdict"] == "high"
        assert pool.restarts == 1 and pool.alive == 1


def test_queue_overflow_is_503_not_a_hang():
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    app = create_app(Settings(workers=1, max_pending=1, check_timeout=20,
                              max_chars=400_000, max_body_bytes=500_000))

    async def run():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as ac:
            assert (await ac.post("/v1/check", json={"text": "warm"})).status_code == 200
            slow = {"text": CLAIMS * 1500}  # most of a second
            results = await asyncio.gather(*(ac.post("/v1/check", json=slow)
                                             for _ in range(4)))
        app.state.pool.close()
        return [r.status_code for r in results]

    with ThreadPoolExecutor(1) as pool:  # Playwright may own this thread's event loop
        codes = pool.submit(asyncio.run, run()).result()
    assert codes.count(200) >= 2 and set(codes) <= {200, 503}
    assert 503 in codes


# -- rules, kb, health, docs ----------------------------------------------------------------

def test_rules(client):
    rules = client.get("/v1/rules").json()
    codes = [r["code"] for r in rules]
    assert codes == sorted(codes) and "RW101" in codes
    one = client.get("/v1/rules/rw101").json()
    assert one["code"] == "RW101" and one["category"] == "approval-claim"
    assert one["examples"]["match"]
    assert not one["source"].startswith("/"), "no server paths in the API"
    _error(client.get("/v1/rules/RW000"), 404, "not-found")


def test_kb(client):
    pytest.importorskip("regenwatch.kb", reason="knowledge base not in this checkout")
    kb = client.get("/v1/kb").json()
    assert kb["facts"] and kb["questions"]["en"]
    assert all(f["status"] in ("confirmed", "unconfirmed") for f in kb["facts"])


def test_health_and_openapi(client):
    assert client.get("/healthz").json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    for path in ("/v1/check", "/v1/rules", "/v1/rules/{code}", "/healthz"):
        assert path in spec["paths"]
    responses = spec["paths"]["/v1/check"]["post"]["responses"]
    assert {"200", "400", "413", "422", "504"} <= set(responses)
    assert client.get("/docs").status_code == 200


def test_unknown_path_and_method(client):
    _error(client.get("/v1/nothing"), 404)
    _error(client.get("/v1/check"), 405)


# -- the page (form posts) ----------------------------------------------------------------

def test_home_page_form_is_labelled(client):
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "default-src 'self'" in r.headers["content-security-policy"]
    html = r.text
    for field in ("text", "file", "url"):
        assert f'<label for="{field}">' in html and f'id="{field}"' in html
    assert '<html lang="en">' in html and 'name="viewport"' in html


def test_form_text_shows_verdict_highlights_and_questions(client):
    r = client.post("/check", data={"text": CLAIMS})
    assert r.status_code == 200
    html = r.text
    assert "High risk" in html
    assert 'class="hl c-approval-claim"' in html and "FDA-approved" in html
    assert 'role="tooltip"' in html and 'tabindex="0"' in html
    assert "Questions to ask the clinic" in html
    assert 'id="finding-1"' in html


def test_form_file_upload_html(client):
    r = client.post("/check", files={"file": ("page.html", EXAMPLE_PAGE.read_bytes(),
                                              "text/html")})
    assert r.status_code == 200
    assert "High risk" in r.text and "clinic-page" not in r.text
    assert "<nav>" not in r.text  # the page's markup is not echoed, only its text


def test_form_escapes_user_text(client):
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)> FDA-approved exosomes'
    html = client.post("/check", data={"text": evil}).text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_form_errors_are_pages_not_500(client):
    r = client.post("/check", data={"text": "   "})
    assert r.status_code == 422 and "text/html" in r.headers["content-type"]
    r = client.post("/check", files={"file": ("x.bin", b"\x00\x01\x02binary", "application/x")})
    assert r.status_code == 422 and "not a text or HTML file" in r.text
    r = client.post("/check", data={"text": "a" * 300_000})
    assert r.status_code == 413 and "text/html" in r.headers["content-type"]


_CATS = ("approval-claim", "disease-claim", "safety-claim", "testimonial")


@st.composite
def _text_and_findings(draw):
    text = draw(st.text(alphabet=st.sampled_from("ab <>&\"'\né😀"), max_size=40))
    findings = []
    for _ in range(draw(st.integers(0, 5))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        cat = draw(st.sampled_from(_CATS))
        findings.append({"start": start, "end": end, "category": cat,
                         "severity": "high" if cat != "testimonial" else "medium",
                         "message": draw(st.text(max_size=10)), "basis": []})
    return text, findings


@given(_text_and_findings())
@settings(max_examples=200, deadline=None)
def test_highlight_keeps_the_text_exactly(case):
    """Whatever the findings (overlapping, empty, nested), the marked-up text without its
    notes is the original text, and every non-empty finding is marked."""
    from html import unescape

    from regenwatch.web.page import highlight

    text, findings = case
    html = highlight(text, findings)
    without_notes = re.sub(r'<span class="tip" role="tooltip".*?</span></span>(?=</mark>)',
                           "", html, flags=re.S)
    plain = unescape(re.sub(r"<[^>]+>", "", without_notes))
    assert plain == text
    marked = {n for m in re.findall(r'data-findings="([^"]*)"', html) for n in m.split()}
    assert marked == {str(i + 1) for i, f in enumerate(findings) if f["start"] < f["end"]}


def test_overlapping_findings_are_marked_once_each_piece():
    from regenwatch.web.page import highlight

    text = "It cures autism and Parkinson's."
    findings = [
        {"start": 3, "end": 31, "category": "disease-claim", "severity": "high",
         "message": "claim"},
        {"start": 9, "end": 15, "category": "disease-claim", "severity": "high",
         "message": "name <b>"},
    ]
    html = highlight(text, findings)
    assert html.count("<mark") == 3  # before, inside and after the inner span
    assert "name &lt;b&gt;" in html
    assert 'data-findings="1 2"' in html


# -- layering -----------------------------------------------------------------------------

def test_web_face_imports_no_other_face():
    code = ("import sys, regenwatch.web; "
            "print([m for m in sys.modules if m.split('.')[:2] in "
            "(['regenwatch','cli'], ['regenwatch','scan'], ['regenwatch','spark'])])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src")}, check=True)
    assert json.loads(out.stdout.replace("'", '"')) == []
