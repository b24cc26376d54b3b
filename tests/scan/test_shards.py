"""Large gzip WARC inputs read by the workers in byte-range shards: the output is the
sequential reader's, record for record and ``seq`` for ``seq``; duplicates, damage, skip
counts and resuming after SIGKILL behave as they do without shards."""

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import bench_warc
import duckdb
import pytest
from fastwarc.warc import ArchiveIterator

import regenwatch.scan as scan_mod
from regenwatch.api import CheckOptions
from regenwatch.prefilter import Prefilter
from regenwatch.scan import plan_shards, run_scan

from .conftest import cli, env, key_counts, kill_mid_run, records

SHARD = 64 << 10  # a 120-page crawl is ~1.5 MB: about 25 shards


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    path = tmp_path_factory.mktemp("crawl") / "c.warc.gz"
    bench_warc.generate(str(path), 120, share=0.2)
    return path


def _scan(path, out, workers, **kw):
    paths = path if isinstance(path, list) else [path]
    return run_scan([str(p) for p in paths], out, workers=workers, progress=False, fresh=True,
                    sources={"prefilter": Prefilter()}, shard_bytes=SHARD, shard_min_bytes=0,
                    **kw)


def _seq_ids(out) -> list[tuple]:
    con = duckdb.connect(str(out), read_only=True)
    rows = con.execute("SELECT seq, id, verdict, error_kind FROM documents ORDER BY seq")
    got = rows.fetchall()
    con.close()
    return got


def _counts(s) -> tuple:
    return (s.read, s.processed, s.n_skipped, dict(s.skipped), dict(s.failed),
            dict(s.verdicts), s.bytes)


@pytest.fixture
def shard_spy(monkeypatch):
    """The shards handed to workers (the spy runs in the parent)."""
    sent = []
    submit = scan_mod._Pool.submit

    def recording(self, n, work):
        if isinstance(work, scan_mod._Shard):
            sent.append(work)
        return submit(self, n, work)

    monkeypatch.setattr(scan_mod._Pool, "submit", recording)
    return sent


def _same_as_sequential(path, tmp_path, shard_spy) -> tuple:
    one = _scan(path, tmp_path / "one.duckdb", 1)
    two = _scan(path, tmp_path / "two.duckdb", 2)
    assert len(shard_spy) > 4  # the workers did read shards
    assert one.balanced and two.balanced
    assert _counts(two) == _counts(one)
    assert _seq_ids(tmp_path / "two.duckdb") == _seq_ids(tmp_path / "one.duckdb")
    assert records(tmp_path / "two.duckdb") == records(tmp_path / "one.duckdb")
    return one, two


def test_shards_store_what_one_worker_stores(crawl, tmp_path, shard_spy):
    one, _ = _same_as_sequential(crawl, tmp_path, shard_spy)
    assert one.processed > 10 and one.skipped["prefilter"] > 50
    assert one.skipped["warc-request"] == 120


def test_shards_to_json_lines(crawl, tmp_path, shard_spy):
    _scan(crawl, tmp_path / "one.jsonl", 1)
    _scan(crawl, tmp_path / "two.jsonl", 2)
    assert shard_spy
    assert (tmp_path / "two.jsonl").read_text() == (tmp_path / "one.jsonl").read_text()


def test_ids_repeated_in_later_shards_are_duplicate_errors(crawl, tmp_path, shard_spy):
    doubled = tmp_path / "d.warc.gz"
    doubled.write_bytes(crawl.read_bytes() * 2)  # every record twice, far apart
    one, two = _same_as_sequential(doubled, tmp_path, shard_spy)
    assert two.failed["duplicate-id"] == two.processed > 0


def test_several_warc_files_are_sharded_in_order(crawl, tmp_path, shard_spy):
    other = tmp_path / "o.warc.gz"
    bench_warc.generate(str(other), 40, seed=2, share=0.3)
    one, two = _same_as_sequential([other, crawl, other], tmp_path, shard_spy)
    assert {s.path for s in shard_spy} == {str(other), str(crawl)}
    assert two.failed["duplicate-id"] > 0  # the third input repeats the first


def _member_offsets(path) -> list[int]:
    with open(path, "rb") as fh:
        return [r.stream_pos for r in ArchiveIterator(fh, parse_http=False)]


def test_corrupt_member_in_the_middle(crawl, tmp_path, shard_spy):
    data = crawl.read_bytes()
    cut = _member_offsets(crawl)[120]
    damaged = tmp_path / "x.warc.gz"
    damaged.write_bytes(data[:cut] + b"\x1f\x8b\x08\x00garbage-not-deflate" * 50 + data[cut:])
    out = tmp_path / "x.duckdb"
    s = run_scan([str(damaged)], out, workers=2, progress=False, shard_bytes=SHARD,
                 shard_min_bytes=0, options=CheckOptions(include_text=False))
    assert len(shard_spy) > 4
    assert s.balanced and s.read == 241 + s.n_failed  # warcinfo + 120 x 2, and the damage
    assert dict(s.failed) == {"corrupt": 1}
    whole = run_scan([str(crawl)], tmp_path / "w.duckdb", workers=1, progress=False,
                     options=CheckOptions(include_text=False))
    intact = [r for r in _seq_ids(out) if r[3] is None]
    assert [r[1:] for r in intact] == [r[1:] for r in _seq_ids(tmp_path / "w.duckdb")]
    assert s.processed == whole.processed and s.skipped == whole.skipped


def test_when_shards_are_used(crawl, tmp_path):
    big = 4 * SHARD
    assert len(plan_shards([str(crawl)], 2, SHARD, big)) > 4
    assert plan_shards([str(crawl)], 1, SHARD, big) is None  # one worker reads in-process
    assert plan_shards([str(crawl)], 2, SHARD, 1 << 40) is None  # too small to pay
    assert plan_shards(["-"], 2, SHARD, 0) is None
    assert plan_shards(["https://a.example/c.warc.gz"], 2, SHARD, 0) is None
    plain = tmp_path / "p.warc"
    plain.write_bytes(b"WARC/1.0\r\n" + b"x" * 1000)
    assert plan_shards([str(plain)], 2, 100, 0) is None  # no members to find
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text("{}\n")
    assert plan_shards([str(crawl), str(jsonl)], 2, SHARD, 0) is None


def test_a_shard_sends_its_results_in_pieces(crawl, monkeypatch):
    """A worker never holds a whole shard's results: they leave in pieces as it reads."""
    monkeypatch.setattr(scan_mod, "_OPTIONS", CheckOptions())
    monkeypatch.setattr(scan_mod, "_PIECE_ROWS", 4)

    class Results(list):
        put = list.append

    got = Results()
    size = os.path.getsize(crawl)
    scan_mod._work_shard(7, scan_mod._Shard(str(crawl), 0, size), got)
    pieces = [p for n, p in got if n == 7]
    assert len(pieces) == len(got) > 5
    assert [p.final for p in pieces] == [False] * (len(pieces) - 1) + [True]
    assert max(len(p.items) for p in pieces) == 4
    assert sum(p.read for p in pieces) == 241


def _wait_for_lines(proc, out, timeout=60.0) -> None:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        assert proc.poll() is None, "the scan ended before it could be interrupted"
        if out.exists() and out.stat().st_size > 0:
            return
        time.sleep(0.01)
    raise AssertionError("no batch was committed")


@pytest.fixture(scope="module")
def relevant_crawl(tmp_path_factory):
    """300 pages, half of them relevant: a two-worker scan of it takes a few seconds."""
    path = tmp_path_factory.mktemp("rel") / "r.warc.gz"
    bench_warc.generate(str(path), 300, share=0.5)
    return path


@pytest.fixture(scope="module")
def relevant_reference(relevant_crawl, tmp_path_factory) -> list[dict]:
    """The records of the sequential reader (one worker, in-process)."""
    ref = tmp_path_factory.mktemp("ref") / "ref.jsonl"
    assert cli("scan", relevant_crawl, "--prefilter", "-o", ref,
               "--fail-on", "never").returncode == 0
    return records(ref)


def test_sigkill_then_rerun_with_shards(relevant_crawl, relevant_reference, tmp_path):
    reference = relevant_reference
    out = tmp_path / "k.jsonl"
    cmd = [sys.executable, "-m", "regenwatch", "scan", str(relevant_crawl), "--prefilter",
           "--workers", "2", "--shard-mb", "0.25", "--fail-on", "never", "-o", str(out)]
    for delay in (0.3, 0.0, 1.0):
        out.unlink(missing_ok=True)
        kill_mid_run(cmd, lambda proc: _wait_for_lines(proc, out), delay)
        stored = len(records(out))
        r = subprocess.run(cmd, env=env(), capture_output=True, timeout=300)
        assert r.returncode == 0, r.stderr
        got = records(out)
        assert key_counts(got) == key_counts(reference)  # nothing lost, nothing doubled
        assert [g["id"] for g in got] == [g["id"] for g in reference]  # and in order
        if 0 < stored < len(reference):
            assert f"{stored} already stored".encode() in r.stderr
            return
    pytest.fail("no kill landed mid-run: resuming was not tested")


def test_ctrl_c_with_shards_commits_in_order(relevant_crawl, relevant_reference, tmp_path):
    out = tmp_path / "i.jsonl"
    cmd = [sys.executable, "-m", "regenwatch", "scan", str(relevant_crawl), "--prefilter",
           "--workers", "2", "--shard-mb", "0.25", "--fail-on", "never", "-o", str(out)]
    proc = subprocess.Popen(cmd, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _wait_for_lines(proc, out)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr.decode()
    first = records(out)
    r = subprocess.run(cmd, env=env(), capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr
    reference = relevant_reference
    assert 0 < len(first) < len(reference)
    assert records(out)[:len(first)] == reference[:len(first)]  # a prefix, in order
    assert key_counts(records(out)) == key_counts(reference)
    assert Counter(g["id"] for g in records(out)) == Counter(g["id"] for g in reference)


@pytest.mark.parametrize("hint", ["right", "always-stored"])
def test_resume_with_shards(crawl, tmp_path, monkeypatch, hint):
    """A run that died after a few commits, rerun: the workers leave stored documents
    unchecked, the parent drops them; a wrong hint (a hash collision) costs a check in
    the parent, never a record."""
    ref = tmp_path / "ref.jsonl"
    _scan(crawl, ref, 1)
    out = tmp_path / "r.jsonl"
    done = scan_mod._Sequencer.done
    calls = []

    def dying(self, piece):
        calls.append(1)
        if len(calls) == 12:
            raise KeyboardInterrupt  # a second Ctrl-C: no clean finish
        return done(self, piece)

    with monkeypatch.context() as m:
        m.setattr(scan_mod._Sequencer, "done", dying)
        with pytest.raises(KeyboardInterrupt):
            _scan(crawl, out, 2, batch_docs=2)
    stored = len(records(out))
    assert 0 < stored < len(records(ref))
    if hint == "always-stored":
        monkeypatch.setattr(scan_mod, "_maybe_stored", lambda path, rid: True)
    unchecked = []

    def counting(self, piece):
        unchecked.extend(item for item in piece.items if item[2] is None)
        return done(self, piece)

    monkeypatch.setattr(scan_mod._Sequencer, "done", counting)
    s = run_scan([str(crawl)], out, workers=2, progress=False, shard_bytes=SHARD,
                 shard_min_bytes=0, sources={"prefilter": Prefilter()})
    assert s.balanced and s.resumed == stored and s.processed == len(records(ref)) - stored
    assert records(out) == records(ref)
    assert len(unchecked) == (stored if hint == "right" else len(records(ref)))


def test_later_shards_results_wait_in_bounded_memory():
    """Shard 0 is slow: the results of the shards after it wait in the parent, but only
    those of ``limit`` shards (no shard is handed out meanwhile) - and all is taken in
    input order."""
    from regenwatch.scan import ScanSummary, _Piece, _run_shards, _Sequencer

    taken = []

    class SlowFirstPool:
        def __init__(self):
            self.out, self.held, self.submitted, self.ahead = [], [], 0, 0

        def submit(self, n, shard):
            self.submitted += 1
            self.ahead = max(self.ahead, self.submitted - len(taken) // 3)  # shards not taken
            pieces = [(n, _Piece(items=[(f"id{n}.{k}", True, _row(f"{n}.{k}"), 1, None)], read=1,
                                 size=100, final=k == 2)) for k in range(3)]
            (self.held if n == 0 else self.out).extend(pieces)

        def get(self):
            if not self.out:  # nothing else can come: shard 0 finishes
                self.out, self.held = self.held, []
            return self.out.pop(0)

    class Never:
        set = False

    pool = SlowFirstPool()
    shards = [scan_mod._Shard("x", i, i + 1) for i in range(20)]
    scan_mod._OPTIONS = CheckOptions()
    seq = _Sequencer(ScanSummary(), Counter())
    _run_shards(pool, shards, seq, taken.append, Never(), limit=4, max_buffer=1 << 20)
    assert pool.submitted == 20 and pool.ahead == 4
    assert len(taken) == 60 and seq.seq == 60 and seq.summary.read == 60
    stored_ids = [t.batch.lines for t in taken]
    assert [json.loads(x[0])["id"] for x in stored_ids] == [
        f"id{n}.{k}" for n in range(20) for k in range(3)]


def _row(n):
    from regenwatch.model import Report
    from regenwatch.records import checked_row

    return checked_row(Report.failed(f"id{n}", "s", "read", "x"), 0, "k", "c",
                       CheckOptions())[0]
