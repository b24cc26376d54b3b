"""The Spark face against the local scan: same inputs, same records, counts that add up."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from regenwatch.scan import run_scan
from regenwatch.spark import load_output, run_spark_scan
from regenwatch.store import SCHEMAS

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def both(spark, corpus, tmp_path_factory):
    """(local tables, local summary, spark tables, spark summary, spark output dir)."""
    d = tmp_path_factory.mktemp("out")
    local_summary = run_scan(corpus, d / "local.parquet", progress=False)
    local = {t: pq.read_table(d / "local.parquet" / f"{t}.parquet") for t in SCHEMAS}
    spark_summary = run_spark_scan(corpus, d / "spark", spark=spark)
    return local, local_summary, load_output(d / "spark"), spark_summary, d / "spark"


def _by_id(tbl, key="id"):
    return {r[key]: r for r in tbl.to_pylist()}


def test_same_schema_as_local_store(both):
    local, _, out, _, _ = both
    for table, schema in SCHEMAS.items():
        assert out[table].schema.equals(schema), table
        assert local[table].schema.equals(schema), table


def test_same_records_as_local_scan(both):
    local, _, out, _, _ = both
    ldocs, sdocs = _by_id(local["documents"]), _by_id(out["documents"])
    assert set(ldocs) == set(sdocs)
    assert len(sdocs) == out["documents"].num_rows  # no id twice
    for rid, lrow in ldocs.items():
        srow = sdocs[rid]
        for col in SCHEMAS["documents"].names:
            if col != "seq":  # Spark's seq is file_index * 2**32 + position (module doc)
                assert srow[col] == lrow[col], (rid, col)
        rec = json.loads(srow["record"])
        assert rec["verdict"] == lrow["verdict"] and rec["id"] == rid
    key = ("doc_id", "start", "end", "rule")
    for table, cols in (("findings", key), ("errors", ("id", "kind"))):
        lrows = sorted(local[table].to_pylist(), key=lambda r, c=cols: [r[k] for k in c])
        srows = sorted(out[table].to_pylist(), key=lambda r, c=cols: [r[k] for k in c])
        assert srows == lrows, table
    verdicts = {r["verdict"] for r in sdocs.values()}
    assert {"high", "low", None} <= verdicts  # the corpus exercises offers, decoys, errors
    assert out["findings"].num_rows > 10


def test_input_order_recoverable_from_seq(both):
    local, _, out, _, _ = both
    lorder = [r["id"] for r in sorted(local["documents"].to_pylist(), key=lambda r: r["seq"])]
    sorder = [r["id"] for r in sorted(out["documents"].to_pylist(), key=lambda r: r["seq"])]
    assert sorder == lorder


def test_counts_add_up_and_match_local(both, corpus):
    _, ls, out, ss, _ = both
    assert ss.balanced, ss
    assert ss.files == len(corpus)
    assert ss.read == ls.read
    assert ss.processed == ls.processed
    assert dict(ss.skipped) == dict(ls.skipped)
    assert dict(ss.failed) == dict(ls.failed)
    assert ss.processed + sum(ss.failed.values()) == out["documents"].num_rows
    assert {"non-html", "http-status", "warc-request"} <= set(ss.skipped)


def test_corrupt_and_missing_inputs_are_error_rows(both, corpus):
    _, _, out, ss, _ = both
    corrupt, missing = corpus[-2], corpus[-1]
    errors = out["errors"].to_pylist()
    assert {"id": missing, "source": missing, "kind": "not-found"}.items() <= next(
        e for e in errors if e["source"] == missing).items()
    damaged = [e for e in errors if e["id"].startswith(corrupt)]
    assert damaged and {e["kind"] for e in damaged} <= {"corrupt", "truncated"}
    assert ss.failed["not-found"] == 1
    docs = _by_id(out["documents"])
    assert docs[missing]["verdict"] is None and docs[missing]["error_kind"] == "not-found"
    # good records of the corrupt file before and after the damage were still checked
    assert sum(1 for r in docs.values() if r["source"].startswith("https://c.example/")) >= 2


def test_documents_partitioned_by_verdict_with_error_partition(both):
    _, _, out, _, outdir = both
    parts = {p.name for p in (outdir / "documents").iterdir() if p.is_dir()}
    assert "verdict=error" in parts and "verdict=high" in parts
    assert parts <= {"verdict=high", "verdict=elevated", "verdict=low", "verdict=error"}
    errs = pq.read_table(outdir / "documents" / "verdict=error")
    assert set(errs.column("error_kind").to_pylist()) >= {"not-found"}
    assert (outdir / "findings").is_dir() and (outdir / "errors").is_dir()


def test_one_task_per_warc_file(spark, corpus, tmp_path):
    seen = []
    orig = spark.sparkContext.parallelize

    def spy(data, numSlices=None):  # noqa: N803 - Spark's name
        seen.append((len(data), numSlices))
        return orig(data, numSlices)

    spark.sparkContext.parallelize = spy
    try:
        run_spark_scan(corpus[:1], tmp_path / "one", spark=spark)
    finally:
        del spark.sparkContext.parallelize
    assert seen == [(1, 1)]


def test_cli_spark_scan(spark, corpus, tmp_path):
    from typer.testing import CliRunner

    from regenwatch.cli import app

    lst = tmp_path / "warcs.txt"
    lst.write_text("# a comment\n" + "\n".join(corpus[:1] + corpus[-1:]) + "\n\n")
    res = CliRunner().invoke(app, ["spark-scan", str(lst), "--output", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    assert "failed 1" in res.output
    assert Path(tmp_path / "o" / "documents" / "verdict=error").is_dir()
    again = CliRunner().invoke(app, ["spark-scan", str(lst), "--output", str(tmp_path / "o")])
    assert again.exit_code == 2 and "regenwatch: error:" in again.output


def test_output_files_coalesce_after_the_scan(spark, corpus, both, tmp_path):
    """Fewer output files: same tables, same counts (the scan is not rerun or recounted)."""
    _, _, out, ss, _ = both
    s1 = run_spark_scan(corpus, tmp_path / "one", spark=spark, output_files=1)
    assert (s1.read, s1.processed, s1.skipped, s1.failed) == (
        ss.read, ss.processed, ss.skipped, ss.failed)
    assert len(list((tmp_path / "one" / "findings").glob("*.parquet"))) == 1
    for part in (tmp_path / "one" / "documents").iterdir():
        if part.is_dir():
            assert len(list(part.glob("*.parquet"))) == 1
    again = load_output(tmp_path / "one")
    for table in SCHEMAS:
        assert sorted(map(str, again[table].to_pylist())) == sorted(
            map(str, out[table].to_pylist())), table
