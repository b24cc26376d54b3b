"""Store round trips: what a store is given comes back from each format, batch by batch,
and `stored()` reports exactly the ids (with their duplicate counts) held for an input."""

import json

import duckdb
import pytest

from regenwatch.api import CheckOptions, check
from regenwatch.model import Report
from regenwatch.store import JsonlStore, StoreError, make_row, open_store

from .conftest import records

TEXTS = ["Our exosome therapy cures Parkinson's disease. Book now for $5,000.",
         "The clinic opens at nine.",
         "Stem cells are FDA approved for knee pain, 100% safe."]


def _rows(key="in", config="cfg"):
    reps = [check(t, CheckOptions()) for t in TEXTS]
    for i, r in enumerate(reps):
        r.id = f"d{i}"
    reps.append(Report.failed("d0", "src", "duplicate-id", "seen before"))
    reps.append(Report.failed("bad", "src", "bad-json", "nope"))
    return [make_row(r.to_json(), i, key, config) for i, r in enumerate(reps)]


@pytest.mark.parametrize("name", ["out.jsonl", "out.duckdb", "out.parquet"])
def test_round_trip(tmp_path, name):
    rows = _rows()
    store = open_store(tmp_path / name)
    assert store.begin("in", "cfg", fresh=False).total == 0
    store.write(rows[:2])
    store.write(rows[2:])
    store.close(complete=False)  # a completed JSONL output would be rewritten next time
    got = records(tmp_path / name)
    assert got == [json.loads(r.line) for r in rows]
    store = open_store(tmp_path / name)
    stored = store.begin("in", "cfg", fresh=False)
    assert stored.counts == {"d0": 2, "d1": 1, "d2": 1, "bad": 1}
    assert stored.verdicts[None] == 2 and sum(stored.verdicts.values()) == 5
    store.close()


@pytest.mark.parametrize("name", ["out.duckdb", "out.parquet"])
def test_tables_follow_the_schema(tmp_path, name):
    rows = _rows()
    store = open_store(tmp_path / name)
    store.begin("in", "cfg", fresh=False)
    store.write(rows)
    store.close()
    con = duckdb.connect()
    if name.endswith(".duckdb"):
        con = duckdb.connect(str(tmp_path / name), read_only=True)
        t = {n: n for n in ("documents", "findings", "errors")}
    else:
        t = {n: f"read_parquet('{tmp_path / name}/{n}.parquet')"
             for n in ("documents", "findings", "errors")}
    docs = con.execute(f"SELECT id, verdict, n_findings, categories, error_kind FROM "
                       f"{t['documents']} ORDER BY seq").fetchall()
    assert len(docs) == 5
    assert docs[0][1] == "high" and "disease-claim" in docs[0][3] and docs[0][2] >= 1
    assert docs[3] == ("d0", None, 0, [], "duplicate-id")
    n_find = con.execute(f"SELECT count(*) FROM {t['findings']}").fetchone()[0]
    assert n_find == sum(d[2] for d in docs)
    q = con.execute(f'SELECT quote, "start", "end" FROM {t["findings"]} '
                    f"WHERE doc_id = 'd0' ORDER BY 2").fetchall()
    assert all(TEXTS[0][s:e] == quote for quote, s, e in q)
    errs = con.execute(f"SELECT id, kind FROM {t['errors']} ORDER BY id").fetchall()
    assert errs == [("bad", "bad-json"), ("d0", "duplicate-id")]


@pytest.mark.parametrize("name", ["out.duckdb", "out.parquet"])
def test_other_configuration_is_refused_and_fresh_replaces(tmp_path, name):
    store = open_store(tmp_path / name)
    store.begin("in", "cfg", fresh=False)
    store.write(_rows())
    store.write(_rows(key="other"))
    store.close()
    store = open_store(tmp_path / name)
    with pytest.raises(StoreError):
        store.begin("in", "cfg2", fresh=False)
    assert store.begin("in", "cfg2", fresh=True).total == 0
    assert store.stored("in").total == 0
    assert store.stored("other").total == 5  # other inputs are kept
    store.close()


def test_jsonl_cuts_a_torn_line_and_rewrites_when_complete(tmp_path):
    out = tmp_path / "o.jsonl"
    rows = _rows()
    store = JsonlStore(out)
    store.begin("in", "cfg", fresh=False)
    store.write(rows[:3])
    store.close(complete=False)  # interrupted: stays resumable
    with out.open("a") as fh:
        fh.write('{"schema": "regenwatch/1", "id": "torn')
    store = JsonlStore(out)
    assert store.begin("in", "cfg", fresh=False).total == 3
    store.write(rows[3:])
    store.close()
    assert [r["id"] for r in records(out)] == ["d0", "d1", "d2", "d0", "bad"]
    store = JsonlStore(out)  # a completed output is rewritten, as scan always did
    assert store.begin("in", "cfg", fresh=False).total == 0
    store.close()
    assert out.read_text() == ""


def test_unknown_extension():
    with pytest.raises(StoreError):
        open_store("results.csv")
