"""Result stores for `regenwatch scan`: JSON Lines, DuckDB and a Parquet directory.

Why one module: the three formats share one row model (built from the `regenwatch/1`
record, so any record source - a scan, a JSONL file - can fill any store) and one contract
that makes scans resumable:

* ``write(batch)`` is all-or-nothing. DuckDB commits each batch in a transaction; Parquet
  writes each batch to a staging directory and publishes it with one atomic rename; JSON
  Lines appends whole lines and a resumed run cuts a torn last line.
* ``stored(input_key)`` says which ids are already stored for this input (id -> how many
  rows: the first record and any ``duplicate-id`` error records with that id) and their
  verdict counts, so a rerun after SIGINT or SIGKILL skips exactly what was stored.

Schema (DuckDB tables; Parquet files ``<dir>/<table>.parquet`` with the same columns)::

  documents  input VARCHAR      the run's input key (its inputs, absolute, one per line)
             seq BIGINT         position of the record in the input stream (0-based)
             id VARCHAR, source VARCHAR, lang VARCHAR,
             verdict VARCHAR    high / elevated / low; NULL for a failed record
             score INTEGER, n_findings INTEGER,
             categories VARCHAR[]       distinct finding categories, sorted
             verdict_reasons VARCHAR[],
             error_kind VARCHAR         NULL unless the record failed
             config VARCHAR     fingerprint of options + rules that produced the record
             record VARCHAR     the whole regenwatch/1 record as JSON text
  findings   input, doc_id, rule, category, severity, start INTEGER, "end" INTEGER,
             quote, message, block     (one row per reported finding; quote "end" in SQL)
  errors     input, id, source, kind, message   (one row per failed record)

Every record read - failed ones included - has one ``documents`` row, so
``count(documents) = processed + failed`` for a complete run.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

# Arrow's default allocator (mimalloc) keeps freed pages for reuse; over a long scan the parent
# held about 25 MB more than with the system allocator (12,000-page crawl, DuckDB output), and
# the scan's memory bound counts that process too.
pa.set_memory_pool(pa.system_memory_pool())

DOC_SCHEMA = pa.schema([
    ("input", pa.string()), ("seq", pa.int64()), ("id", pa.string()),
    ("source", pa.string()), ("lang", pa.string()), ("verdict", pa.string()),
    ("score", pa.int32()), ("n_findings", pa.int32()),
    ("categories", pa.list_(pa.string())), ("verdict_reasons", pa.list_(pa.string())),
    ("error_kind", pa.string()), ("config", pa.string()), ("record", pa.string()),
])
FINDING_SCHEMA = pa.schema([
    ("input", pa.string()), ("doc_id", pa.string()), ("rule", pa.string()),
    ("category", pa.string()), ("severity", pa.string()), ("start", pa.int32()),
    ("end", pa.int32()), ("quote", pa.string()), ("message", pa.string()),
    ("block", pa.string()),
])
ERROR_SCHEMA = pa.schema([
    ("input", pa.string()), ("id", pa.string()), ("source", pa.string()),
    ("kind", pa.string()), ("message", pa.string()),
])
SCHEMAS = {"documents": DOC_SCHEMA, "findings": FINDING_SCHEMA, "errors": ERROR_SCHEMA}
_SQL_TYPES = {pa.string(): "VARCHAR", pa.int64(): "BIGINT", pa.int32(): "INTEGER",
              pa.list_(pa.string()): "VARCHAR[]"}


class StoreError(Exception):
    """The output cannot be used (bad extension, other configuration, unreadable)."""


@dataclass
class Row:
    """One record ready for any store: its JSON line and its table rows."""

    seq: int
    id: str
    verdict: str | None
    line: str  # the regenwatch/1 record, JSON, no newline
    doc: tuple
    findings: list[tuple] = field(default_factory=list)
    error: tuple | None = None


def make_row(record: dict[str, Any], seq: int, input_key: str, config: str,
             line: str | None = None) -> Row:
    """Rows of one `regenwatch/1` record (``line`` is its JSON text if already made)."""
    if line is None:
        line = json.dumps(record, ensure_ascii=False)
    rid, source = record["id"], record["source"]
    error = record.get("error")
    findings = record.get("findings") or []
    doc = (input_key, seq, rid, source, record.get("lang"), record.get("verdict"),
           int(record.get("score") or 0), len(findings),
           sorted({f["category"] for f in findings}), list(record.get("verdict_reasons") or []),
           error["kind"] if error else None, config, line)
    frows = [(input_key, rid, f["rule"], f["category"], f["severity"], f["start"], f["end"],
              f["quote"], f["message"], (f.get("context") or {}).get("block", "main"))
             for f in findings]
    erow = (input_key, rid, source, error["kind"], error["message"]) if error else None
    return Row(seq, rid, record.get("verdict"), line, doc, frows, erow)


def _table(rows: list[tuple], schema: pa.Schema) -> pa.Table:
    cols = list(zip(*rows, strict=True)) if rows else [[] for _ in schema]
    return pa.table([pa.array(c, type=f.type) for c, f in zip(cols, schema, strict=True)],
                    schema=schema)


def tables_of(rows: list[Row]) -> dict[str, pa.Table]:
    """Arrow tables (documents, findings, errors) of a batch of rows."""
    return {
        "documents": _table([r.doc for r in rows], DOC_SCHEMA),
        "findings": _table([f for r in rows for f in r.findings], FINDING_SCHEMA),
        "errors": _table([r.error for r in rows if r.error], ERROR_SCHEMA),
    }


@dataclass
class Batch:
    """Records in the shape a store writes: JSON lines (for .jsonl) or Arrow tables.

    Scan workers build batches, so the parent process only concatenates and writes; a
    batch carries only what its store needs (``lines`` or ``tables``).
    """

    lines: list[str] = field(default_factory=list)
    tables: dict[str, list[pa.Table]] = field(default_factory=dict)

    @classmethod
    def of_rows(cls, rows: list[Row], lines: bool = True, tables: bool = True) -> Batch:
        return cls([r.line for r in rows] if lines else [],
                   {k: [t] for k, t in tables_of(rows).items()} if tables else {})

    def extend(self, other: Batch) -> None:
        self.lines.extend(other.lines)
        for k, ts in other.tables.items():
            self.tables.setdefault(k, []).extend(ts)

    def table(self, name: str) -> pa.Table:
        ts = self.tables.get(name) or []
        return pa.concat_tables(ts) if ts else _table([], SCHEMAS[name])

    def __len__(self) -> int:
        if self.lines:
            return len(self.lines)
        return sum(t.num_rows for t in self.tables.get("documents", []))


def _batch(data: Batch | list[Row]) -> Batch:
    return data if isinstance(data, Batch) else Batch.of_rows(data)


@dataclass
class Stored:
    """What a store already holds for one input."""

    counts: Counter = field(default_factory=Counter)  # id -> rows stored
    verdicts: Counter = field(default_factory=Counter)  # verdict (None = failed) -> docs
    configs: set = field(default_factory=set)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class Store:
    """Interface shared by the stores; see the module docstring for the contract."""

    resumable = True

    def stored(self, input_key: str) -> Stored:
        raise NotImplementedError

    def begin(self, input_key: str, config: str, fresh: bool) -> Stored:
        """Prepare a run; returns what is already stored for this input (nothing if fresh).

        Raises StoreError when stored rows for this input came from another configuration.
        """
        if fresh:
            self.delete_input(input_key)
            return Stored()
        got = self.stored(input_key)
        other = got.configs - {config}
        if other:
            raise StoreError("it holds results of this input made with other options or "
                             "rules; rerun with --fresh to replace them, or use another "
                             "--output")
        return got

    def delete_input(self, input_key: str) -> None:
        raise NotImplementedError

    wants_lines = False  # what a Batch for this store must carry
    wants_tables = True

    def write(self, data: Batch | list[Row]) -> None:
        raise NotImplementedError

    def close(self, complete: bool = True) -> None:
        """Finish; ``complete`` is False when the run was interrupted (it stays resumable)."""


def store_class(path: str | Path) -> type[Store]:
    """The store class for an output name (raises StoreError for an unknown extension)."""
    name = Path(path).name.lower()
    if name.endswith((".jsonl", ".ndjson")):
        return JsonlStore
    if name.endswith((".duckdb", ".db")):
        return DuckDBStore
    if name.endswith(".parquet"):
        return ParquetStore
    raise StoreError("the output name must end in .jsonl, .duckdb or .parquet")


def open_store(path: str | Path) -> Store:
    """The store for an output name: ``.jsonl``, ``.duckdb`` or ``.parquet`` (a directory)."""
    return store_class(path)(Path(path))


# ----------------------------------------------------------------------------- JSON Lines

class JsonlStore(Store):
    """One record per line, in input order - the format the team's scoring reads.

    A completed output is rewritten by the next run (as `scan` always did). While a run is
    in progress a hidden state file beside the output names its input and configuration;
    if a run dies, the same command finds that file and continues after the last whole line.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.state = path.with_name(f".{path.name}.scan-state")
        self._fh = None

    def _state_matches(self, input_key: str, config: str) -> bool:
        try:
            st = json.loads(self.state.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return st.get("input") == input_key and st.get("config") == config

    def stored(self, input_key: str) -> Stored:
        got = Stored()
        if not self.path.exists():
            return got
        with self.path.open("rb") as fh:
            for raw in fh:
                if not raw.endswith(b"\n"):
                    break  # a torn last line: cut in begin()
                rec = json.loads(raw)
                got.counts[rec["id"]] += 1
                got.verdicts[rec.get("verdict")] += 1
        return got

    def begin(self, input_key: str, config: str, fresh: bool) -> Stored:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        resume = not fresh and self.path.exists() and self._state_matches(input_key, config)
        got = self.stored(input_key) if resume else Stored()
        if resume:
            with self.path.open("rb+") as fh:  # drop a line torn by a kill
                data_end = 0
                for raw in fh:
                    if not raw.endswith(b"\n"):
                        break
                    data_end += len(raw)
                fh.truncate(data_end)
        self.state.write_text(json.dumps({"input": input_key, "config": config}),
                              encoding="utf-8")
        self._fh = self.path.open("a" if resume else "w", encoding="utf-8")
        return got

    def delete_input(self, input_key: str) -> None:
        pass

    wants_lines, wants_tables = True, False

    def write(self, data: Batch | list[Row]) -> None:
        self._fh.write("".join(line + "\n" for line in _batch(data).lines))
        self._fh.flush()

    def close(self, complete: bool = True) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if complete:
            self.state.unlink(missing_ok=True)


# ----------------------------------------------------------------------------- DuckDB

def _create_sql(table: str, schema: pa.Schema) -> str:
    cols = ", ".join(f'"{f.name}" {_SQL_TYPES[f.type]}' for f in schema)
    return f"CREATE TABLE IF NOT EXISTS {table} ({cols})"


class DuckDBStore(Store):
    """A DuckDB file with the documents, findings and errors tables; one transaction a batch.

    DuckDB's memory limit is set low: the scan's memory bound counts this process too.
    """

    def __init__(self, path: Path) -> None:
        import duckdb

        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(path))
        except duckdb.Error as exc:
            raise StoreError(str(exc).splitlines()[0]) from exc
        self.con.execute("SET memory_limit='64MB'")
        self.con.execute("SET threads=1")
        for table, schema in SCHEMAS.items():
            self.con.execute(_create_sql(table, schema))

    def stored(self, input_key: str) -> Stored:
        got = Stored()
        cur = self.con.execute("SELECT id, count(*) FROM documents WHERE input = ? GROUP BY id",
                               [input_key])
        while chunk := cur.fetchmany(100_000):
            got.counts.update(dict(chunk))
        got.verdicts.update(dict(self.con.execute(
            "SELECT verdict, count(*) FROM documents WHERE input = ? GROUP BY verdict",
            [input_key]).fetchall()))
        got.configs = {c for (c,) in self.con.execute(
            "SELECT DISTINCT config FROM documents WHERE input = ?", [input_key]).fetchall()}
        return got

    def delete_input(self, input_key: str) -> None:
        self.con.execute("BEGIN TRANSACTION")
        for table in SCHEMAS:
            self.con.execute(f"DELETE FROM {table} WHERE input = ?", [input_key])
        self.con.execute("COMMIT")

    def write(self, data: Batch | list[Row]) -> None:
        batch = _batch(data)
        self.con.execute("BEGIN TRANSACTION")
        try:
            for name in SCHEMAS:
                tbl = batch.table(name)
                if tbl.num_rows:
                    self.con.register("_batch", tbl)
                    self.con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _batch")
                    self.con.unregister("_batch")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def close(self, complete: bool = True) -> None:
        self.con.close()


# ----------------------------------------------------------------------------- Parquet

class ParquetStore(Store):
    """A directory with documents.parquet, findings.parquet and errors.parquet.

    A Parquet file cannot be appended to, so each batch goes to ``_staging/<n>/`` (written
    under ``tmp-<n>`` and renamed, so a batch is there whole or not at all). Closing merges
    the staged batches into the three files: all three are written as ``.tmp`` first, then
    ``_staging`` is renamed ``_merged`` (the commit point), the files are replaced and
    ``_merged`` removed. Opening finishes or undoes a merge a kill interrupted.
    """

    def __init__(self, path: Path) -> None:
        self.dir = path
        self.staging = path / "_staging"
        self.merged = path / "_merged"
        self.dir.mkdir(parents=True, exist_ok=True)
        self._recover()
        for p in self.staging.glob("tmp-*"):
            shutil.rmtree(p)
        done = [int(p.name) for p in self.staging.glob("*") if p.name.isdigit()]
        self._next = max(done, default=-1) + 1

    def _main(self, table: str) -> Path:
        return self.dir / f"{table}.parquet"

    def _recover(self) -> None:
        if self.merged.exists():  # a merge passed its commit point: finish it
            for table in SCHEMAS:
                tmp = self._main(table).with_suffix(".parquet.tmp")
                if tmp.exists():
                    os.replace(tmp, self._main(table))
            shutil.rmtree(self.merged)
        for table in SCHEMAS:  # a merge that did not: forget it
            self._main(table).with_suffix(".parquet.tmp").unlink(missing_ok=True)

    def _files(self, table: str) -> list[Path]:
        files = [self._main(table)] if self._main(table).exists() else []
        parts = sorted((p for p in self.staging.iterdir() if p.name.isdigit()),
                       key=lambda p: int(p.name)) if self.staging.exists() else []
        return files + [p / f"{table}.parquet" for p in parts]

    def stored(self, input_key: str) -> Stored:
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        got = Stored()
        for f in self._files("documents"):
            pf = pq.ParquetFile(f)
            for batch in pf.iter_batches(columns=["input", "id", "verdict", "config"],
                                         batch_size=65536):
                batch = batch.filter(pc.equal(batch.column("input"), input_key))
                got.counts.update(batch.column("id").to_pylist())
                got.verdicts.update(batch.column("verdict").to_pylist())
                got.configs.update(batch.column("config").unique().to_pylist())
        return got

    def write(self, data: Batch | list[Row]) -> None:
        import pyarrow.parquet as pq

        batch = _batch(data)
        n = self._next
        tmp = self.staging / f"tmp-{n}"
        tmp.mkdir(parents=True)
        for name in SCHEMAS:
            pq.write_table(batch.table(name), tmp / f"{name}.parquet")
        os.rename(tmp, self.staging / str(n))
        self._next += 1

    def _merge(self, drop_input: str | None = None) -> None:
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        for table, schema in SCHEMAS.items():
            tmp = self._main(table).with_suffix(".parquet.tmp")
            with pq.ParquetWriter(tmp, schema) as writer:
                for f in self._files(table):
                    for batch in pq.ParquetFile(f).iter_batches(batch_size=16384):
                        if drop_input is not None:
                            batch = batch.filter(pc.not_equal(batch.column("input"),
                                                              drop_input))
                        if batch.num_rows:
                            writer.write_batch(batch)
        if self.staging.exists():
            os.rename(self.staging, self.merged)
        else:
            self.merged.mkdir()
        self._recover()
        self._next = 0

    def delete_input(self, input_key: str) -> None:
        self._merge(drop_input=input_key)

    def close(self, complete: bool = True) -> None:
        staged = self.staging.exists() and any(p.name.isdigit() for p in self.staging.iterdir())
        if staged or not all(self._main(t).exists() for t in SCHEMAS):
            self._merge()
        shutil.rmtree(self.staging, ignore_errors=True)
