"""The command line end to end, as a user runs it: exit codes, text and JSON output, bad
input as one line on stderr and exit 2, never a traceback."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "clinic-page.html"


def run(*args, stdin: bytes | None = None):
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "regenwatch", *args], input=stdin,
                          capture_output=True, env=env, timeout=120)


def test_example_page_is_high_and_text_report_explains():
    r = run("check", str(EXAMPLE))
    assert r.returncode == 1, r.stderr
    out = r.stdout.decode()
    assert out.lstrip().startswith("HIGH")
    assert "RW101" in out and "approval-claim" in out
    assert "disease-claim" in out


def test_fail_on_never_exits_zero():
    assert run("check", str(EXAMPLE), "--fail-on", "never").returncode == 0


def test_json_record_offsets_point_into_text():
    r = run("check", str(EXAMPLE), "--format", "json")
    rec = json.loads(r.stdout)
    assert rec["schema"] == "regenwatch/1"
    assert rec["verdict"] == "high"
    assert rec["error"] is None
    for f in rec["findings"]:
        assert rec["text"][f["start"]:f["end"]] == f["quote"]
        assert f["severity"] in ("high", "medium")
        assert f["rule"].startswith("RW")


def test_stdin_low_text_exits_zero():
    r = run("check", "-", "--format", "json",
            stdin=b"Exosomes are not FDA approved, the agency warns.")
    assert r.returncode == 0
    assert json.loads(r.stdout)["verdict"] == "low"


def test_fail_on_elevated():
    text = b"Our exosome serum is 100% safe. Order now: $99, add to cart."
    assert run("check", "-", "--fail-on", "high", stdin=text).returncode == 0
    assert run("check", "-", "--fail-on", "elevated", stdin=text).returncode == 1


@pytest.mark.parametrize("content,name", [
    (b"\x00\x01\x02binary\x00data", "x.txt"),
    (b"", "empty.txt"),
    (b"\xff\xfe\xfa not utf8 \xc3\x28", "bad.txt"),
])
def test_bad_input_is_one_line_exit_2(tmp_path, content, name):
    p = tmp_path / name
    p.write_bytes(content)
    r = run("check", str(p))
    assert r.returncode == 2
    err = r.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err


def test_missing_path_exit_2(tmp_path):
    r = run("check", str(tmp_path / "nope.txt"))
    assert r.returncode == 2 and "Traceback" not in r.stderr.decode()


def test_too_large_exit_2(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"exosome " * (1024 * 1024))
    r = run("check", str(p), "--max-bytes", "1000000")
    assert r.returncode == 2 and "too-large" in r.stderr.decode()


def test_unknown_selector_exit_2():
    r = run("check", str(EXAMPLE), "--select", "RW000zz")
    assert r.returncode == 2


def test_select_and_ignore():
    r = run("check", str(EXAMPLE), "--format", "json", "--select", "disease-claim")
    cats = {f["category"] for f in json.loads(r.stdout)["findings"]}
    assert cats == {"disease-claim"}
    r = run("check", str(EXAMPLE), "--format", "json", "--ignore", "RW4")
    assert all(not f["rule"].startswith("RW4") for f in json.loads(r.stdout)["findings"])


def test_scan_jsonl_reads_only_input_fields(tmp_path):
    corpus = tmp_path / "c.jsonl"
    recs = [
        {"id": "a", "text": "Our exosome IV cures Parkinson's. Call (555) 555-0100.",
         "verdict": "low", "categories": []},
        {"id": "b", "text": "Exosomes are not FDA approved.", "verdict": "high",
         "categories": ["approval-claim"]},
        {"id": "a", "text": "duplicate"},
        {"id": "c"},
    ]
    corpus.write_text("\n".join(json.dumps(r) for r in recs) + "\nnot json\n")
    out = tmp_path / "out.jsonl"
    r = run("scan", str(corpus), "--output", str(out))
    assert r.returncode == 1  # 'a' is high
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(rows) == 5  # nothing lost: every input line has a record
    by_id = {}
    for row in rows:
        by_id.setdefault(row["id"], row)
    assert by_id["a"]["verdict"] == "high"  # labels in the input are ignored
    assert by_id["b"]["verdict"] == "low"
    kinds = sorted(row["error"]["kind"] for row in rows if row["error"])
    assert kinds == ["bad-json", "bad-record", "duplicate-id"]


def test_rules_list_and_one_rule():
    r = run("rules")
    assert r.returncode == 0 and b"RW101" in r.stdout
    r = run("rules", "RW401")
    out = r.stdout.decode()
    assert r.returncode == 0
    assert "What it finds" in out and "Example that is flagged" in out
    assert run("rules", "RW999x").returncode == 2


def test_eval_prints_metrics(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "x", "lang": "en", "verdict": "high",
                                  "categories": ["disease-claim"],
                                  "text": "Our stem cell drip cures MS. Book now (555) 555-0100."}))
    r = run("eval", str(corpus), "--format", "json")
    res = json.loads(r.stdout)
    assert res["verdict_accuracy"] == 1.0
    assert res["per_category"]["disease-claim"]["f1"] == 1.0


def test_check_url_on_loopback_with_allow_host(tmp_path):
    import http.server
    import threading

    page = EXAMPLE.read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            if self.path == "/robots.txt":
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/clinic.html"
        refused = run("check", url, "--format", "json")
        assert refused.returncode == 2  # loopback is refused unless allowed
        r = run("check", url, "--format", "json", "--allow-host", "127.0.0.1")
        assert r.returncode == 1, r.stderr
        rec = json.loads(r.stdout)
        assert rec["source"] == url and rec["verdict"] == "high"
    finally:
        server.shutdown()


def test_check_directory_writes_json_lines(tmp_path):
    (tmp_path / "a.txt").write_text("Our exosome IV drip cures lupus. Call (555) 555-0100.")
    (tmp_path / "b.txt").write_text("Exosomes are not FDA approved, the agency warns.")
    r = run("check", str(tmp_path))
    rows = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert sorted(row["verdict"] for row in rows) == ["high", "low"]
    assert r.returncode == 1
