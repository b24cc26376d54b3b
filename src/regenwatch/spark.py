"""The Spark face: the scan of a WARC list on a cluster, results as Parquet (issue 6).

Shaped like cc-pyspark so Common Crawl users recognise it (written here, not copied): one
job per WARC list, one task per WARC file (``parallelize(paths, numSlices=len(paths))`` +
``mapPartitions``), counters for the records read / processed / skipped / failed, Parquet
out. Each task runs exactly what a local ``regenwatch scan`` runs on a WARC file -
``sources.warc.iter_warc`` then ``records.checked_row`` (``api.check`` + the store's row
builder) - so the output has the local store's tables and columns and the same records:

  <output>/documents/verdict=high|elevated|low|error/*.parquet
  <output>/findings/*.parquet
  <output>/errors/*.parquet

``documents`` is partitioned by verdict; a failed record (NULL verdict in the local store)
sits in the ``verdict=error`` partition. :func:`load_output` reads the three tables back
with the local store's exact schema (``error`` -> NULL). Differences from a local scan, by
design: ``seq`` is ``file_index * 2**32 + position in the file`` (sort by it for input
order; a task cannot know how many records the files before it hold), and ``duplicate-id``
is checked within a WARC file, not across files (Common Crawl record ids are UUIDs).

Inputs: local paths, ``file://`` URIs, and any URI fsspec can open (``s3://`` with s3fs,
``https://`` ...), else ``s3://`` through boto3 (downloaded to a temporary file first, as
cc-pyspark does). The list file itself and the output directory go through Spark, i.e. the
cluster's Hadoop connectors (``s3a://bucket/out``). A missing or corrupt WARC file becomes
an error record (``not-found``, ``read``, ``corrupt``...) and the job goes on.

The counters are Spark accumulators updated in a transformation, so a retried task can
count twice (Spark's rule); the Parquet tables are the exact account.

This module imports pyspark only inside the functions that need it, and never the CLI, the
scan face or the web app. Run it with ``spark-submit`` too (see ``docs/spark.md``)::

  spark-submit --master yarn regenwatch/spark.py warc.paths s3a://bucket/out
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from regenwatch.api import CheckOptions
from regenwatch.model import Document, Report
from regenwatch.records import checked_row, config_fingerprint, input_key
from regenwatch.sources.common import Skipped
from regenwatch.sources.warc import iter_warc
from regenwatch.store import SCHEMAS

TABLES = ("documents", "findings", "errors")
ERROR_PARTITION = "error"
_SEQ_SHIFT = 32


class SparkUnavailable(RuntimeError):
    """pyspark or Java is missing: the message says which, in one line."""


def spark_missing() -> str | None:
    """Why a Spark job cannot run here (pyspark or Java missing), or None."""
    import importlib.util

    if importlib.util.find_spec("pyspark") is None:
        return "spark-scan needs pyspark: pip install 'regenwatch[spark]'"
    java_home = os.environ.get("JAVA_HOME")
    if not (shutil.which("java") or (java_home and Path(java_home, "bin", "java").exists())):
        return "spark-scan needs Java 17+: java is not on PATH or JAVA_HOME"
    return None


# ----------------------------------------------------------------------------- inputs

def read_warc_list(spec: str | Sequence[str], base_url: str | None = None) -> list[str]:
    """The WARC paths of a list: a sequence as given, or a local list file (one path per
    line, ``#`` comments, ``.gz`` allowed, like Common Crawl's ``warc.paths.gz``).

    ``base_url`` is put before relative entries (``https://data.commoncrawl.org/`` or
    ``s3://commoncrawl/`` for Common Crawl's lists).
    """
    if isinstance(spec, str | os.PathLike):
        path = os.fspath(spec)
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    else:
        lines = list(spec)
    paths = [line.strip() for line in lines]
    paths = [p for p in paths if p and not p.startswith("#")]
    if base_url:
        base = base_url.rstrip("/") + "/"
        paths = [p if "://" in p[:12] or p.startswith("/") else base + p for p in paths]
    return paths


def open_input(uri: str) -> IO[bytes]:
    """A seekable binary file for a local path, ``file://`` URI or remote URI.

    Remote URIs go through fsspec when it is installed (``s3://`` needs s3fs), else ``s3://``
    through boto3 into a temporary file. Anything else is an OSError, which the WARC reader
    turns into one ``read`` error record.
    """
    if uri.startswith("file://"):
        uri = uri[len("file://"):]
    if "://" not in uri[:12]:
        return open(uri, "rb")
    try:
        import fsspec
    except ImportError:
        fsspec = None
    if fsspec is not None:
        try:
            return fsspec.open(uri, "rb").open()
        except (FileNotFoundError, OSError):
            raise
        except Exception as exc:  # noqa: BLE001 - missing protocol package, bad URI...
            raise OSError(f"cannot open {uri}: {type(exc).__name__}: {exc}") from exc
    if uri.startswith(("s3://", "s3a://")):
        return _s3_download(uri)
    raise OSError(f"cannot open {uri}: install fsspec (and s3fs for s3://) on the executors")


def _s3_download(uri: str) -> IO[bytes]:
    import tempfile

    try:
        import boto3
        import botocore.exceptions
    except ImportError as exc:
        raise OSError(f"cannot open {uri}: install fsspec+s3fs or boto3") from exc
    bucket, _, key = uri.split("://", 1)[1].partition("/")
    tmp = tempfile.TemporaryFile(dir=os.environ.get("SPARK_LOCAL_DIRS", "").split(",")[0]
                                 or None)
    try:
        boto3.client("s3").download_fileobj(bucket, key, tmp)
    except botocore.exceptions.ClientError as exc:
        tmp.close()
        if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey"):
            raise FileNotFoundError(uri) from exc
        raise OSError(f"cannot read {uri}: {exc}") from exc
    tmp.seek(0)
    return tmp


# ----------------------------------------------------------------------------- the task

@dataclass(frozen=True)
class TaskConfig:
    """Everything a task needs, pickled once into the job's closure."""

    options: CheckOptions
    input_key: str
    config: str
    max_bytes: int = 20_000_000
    prefilter: bool = False


def scan_file(index: int, path: str, cfg: TaskConfig,
              counts: Counter | None = None) -> Iterator[tuple[str, tuple]]:
    """Table rows of one WARC file: ``("documents" | "findings" | "errors", row)``.

    Plain Python (no Spark): the task body, also what the benchmark times per core.
    ``counts`` gets ``read``, ``processed``, ``skipped``, ``failed`` and per-reason keys
    (``skipped:non-html``, ``failed:corrupt``...).
    """
    counts = counts if counts is not None else Counter()
    prefilter = None
    if cfg.prefilter:
        from regenwatch.prefilter import Prefilter

        prefilter = Prefilter()
    seen: set[str] = set()
    pos = 0
    for item in iter_warc(path, max_bytes=cfg.max_bytes, prefilter=prefilter,
                          opener=open_input):
        counts["read"] += 1
        if isinstance(item, Skipped):
            counts["skipped"] += 1
            counts[f"skipped:{item.reason}"] += 1
            continue
        if isinstance(item, Document) and item.id in seen:
            item = Report.failed(item.id, item.source, "duplicate-id",
                                 f"id {item.id!r} was already seen in this run")
        seen.add(item.id)
        row, _ = checked_row(item, (index << _SEQ_SHIFT) + pos, cfg.input_key, cfg.config,
                             cfg.options)
        pos += 1
        kind = row.doc[10]  # error_kind
        if kind is None:
            counts["processed"] += 1
        else:
            counts["failed"] += 1
            counts[f"failed:{kind}"] += 1
        yield "documents", row.doc
        for f in row.findings:
            yield "findings", f
        if row.error:
            yield "errors", row.error


class _CounterParam:
    """Accumulator of a Counter (Spark duck-types AccumulatorParam: zero, addInPlace)."""

    def zero(self, value: Counter) -> Counter:
        return Counter()

    def addInPlace(self, a: Counter, b: Counter) -> Counter:  # noqa: N802 - Spark's API
        a.update(b)
        return a


def _partition_task(cfg: TaskConfig, acc):
    def run(items: Iterator[tuple[int, str]]) -> Iterator[tuple[str, tuple]]:
        for index, path in items:
            counts: Counter = Counter()
            try:
                yield from scan_file(index, path, cfg, counts)
            finally:
                acc.add(counts)
    return run


# ----------------------------------------------------------------------------- the job

@dataclass
class SparkSummary:
    """Counts of one job: read = processed + skipped + failed."""

    files: int = 0
    read: int = 0
    processed: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> records
    failed: Counter = field(default_factory=Counter)  # error kind -> records
    seconds: float = 0.0
    output: str = ""

    @property
    def balanced(self) -> bool:
        return self.read == self.processed + sum(self.skipped.values()) + sum(
            self.failed.values())

    def lines(self) -> list[str]:
        out = [f"{self.files} WARC files, read {self.read}: processed {self.processed}, "
               f"skipped {sum(self.skipped.values())}, failed {sum(self.failed.values())}"]
        if self.skipped:
            out.append("  skipped: " + ", ".join(f"{n} {k}" for k, n in
                                                 sorted(self.skipped.items())))
        if self.failed:
            out.append("  failed: " + ", ".join(f"{n} {k}" for k, n in
                                                sorted(self.failed.items())))
        out.append(f"  {self.seconds:.1f} s -> {self.output}")
        return out


def _spark_type(t):
    import pyarrow as pa
    from pyspark.sql import types as T

    if pa.types.is_list(t):
        return T.ArrayType(_spark_type(t.value_type))
    return {pa.string(): T.StringType(), pa.int64(): T.LongType(),
            pa.int32(): T.IntegerType()}[t]


def spark_schema(table: str):
    """The Spark schema of a store table (the local store's Arrow schema, translated)."""
    from pyspark.sql import types as T

    return T.StructType([T.StructField(f.name, _spark_type(f.type), True)
                         for f in SCHEMAS[table]])


def get_session(master: str = "local[2]", app_name: str = "regenwatch-scan"):
    """The active SparkSession, else a new one; local masters run the workers on this very
    Python (so they import this regenwatch) with the UI off."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name).master(master)
    if master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = (builder.config("spark.pyspark.python", sys.executable)
                   .config("spark.pyspark.driver.python", sys.executable)
                   .config("spark.ui.enabled", "false")
                   .config("spark.ui.showConsoleProgress", "false")
                   .config("spark.sql.shuffle.partitions", "2"))
        src = str(Path(__file__).resolve().parents[1])
        path = os.environ.get("PYTHONPATH", "")
        builder = builder.config("spark.executorEnv.PYTHONPATH",
                                 src + (os.pathsep + path if path else ""))
    return builder.getOrCreate()


def run_spark_scan(warcs: str | Sequence[str], output_dir: str | os.PathLike, *,
                   master: str = "local[2]", partitions: int | None = None,
                   options: CheckOptions | None = None, max_bytes: int = 20_000_000,
                   prefilter: bool = False, base_url: str | None = None,
                   mode: str = "errorifexists", output_files: int | None = None,
                   spark=None) -> SparkSummary:
    """Scan every WARC of a list into ``output_dir`` (three Parquet directories).

    ``warcs``: a list file (see :func:`read_warc_list`) or the paths themselves.
    ``partitions``: Spark tasks (default one per WARC file). ``mode``: Spark's save mode
    (``overwrite`` to replace). ``output_files``: Parquet files per table (per verdict for
    ``documents``; default one per WARC file up to 256): the rows are cached after the
    scan, so fewer output files never means fewer scanning tasks. ``spark``: a session to
    use; else the active one, else a new one on ``master``, stopped at the end.
    Raises :class:`SparkUnavailable` when pyspark or Java is missing and ValueError for an
    empty list.
    """
    reason = spark_missing()
    if reason:
        raise SparkUnavailable(reason)
    from pyspark import StorageLevel
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    own = spark is None and SparkSession.getActiveSession() is None
    spark = spark or get_session(master)
    out = os.fspath(output_dir)
    t0 = time.monotonic()
    try:
        if isinstance(warcs, str) and "://" in warcs[:12] and not warcs.startswith("file:"):
            warcs = spark.sparkContext.textFile(warcs).collect()  # Hadoop reads the list
        paths = read_warc_list(warcs, base_url)
        if not paths:
            raise ValueError("the WARC list is empty")
        options = options or CheckOptions()
        # the same configuration fingerprint a local scan of these files records
        config = config_fingerprint(options, max_bytes, {"prefilter": prefilter})
        cfg = TaskConfig(options, input_key(paths), config, max_bytes, prefilter)
        sc = spark.sparkContext
        acc = sc.accumulator(Counter(), _CounterParam())
        tasks = sc.parallelize(list(enumerate(paths)), numSlices=partitions or len(paths))
        rows = tasks.mapPartitions(_partition_task(cfg, acc)).persist(
            StorageLevel.MEMORY_AND_DISK)
        try:
            rows.count()  # every WARC file scanned, one task each, before any coalescing
            files = output_files or max(1, min(len(paths), 256))
            for table in TABLES:
                data = rows.filter(lambda r, t=table: r[0] == t).map(lambda r: r[1])
                df = spark.createDataFrame(data, spark_schema(table)).coalesce(files)
                if table == "documents":
                    df = df.withColumn("verdict", F.coalesce("verdict", F.lit(ERROR_PARTITION)))
                    writer = df.write.partitionBy("verdict")
                else:
                    writer = df.write
                writer.mode(mode).parquet(f"{out.rstrip('/')}/{table}")
        finally:
            rows.unpersist()
        counts: Counter = acc.value
    finally:
        if own:
            spark.stop()
    return _summary(counts, len(paths), time.monotonic() - t0, out)


def _summary(counts: Counter, files: int, seconds: float, out: str) -> SparkSummary:
    s = SparkSummary(files=files, read=counts["read"], processed=counts["processed"],
                     seconds=seconds, output=out)
    for key, n in counts.items():
        kind, _, reason = key.partition(":")
        if reason and kind == "skipped":
            s.skipped[reason] += n
        elif reason and kind == "failed":
            s.failed[reason] += n
    return s


def load_output(output_dir: str | os.PathLike) -> dict[str, Any]:
    """The three tables of a local Spark output as Arrow tables with the local store's
    schema (the ``error`` partition back to a NULL verdict), for comparison and analysis."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    tables = {}
    for table in TABLES:
        schema = SCHEMAS[table]
        path = Path(output_dir, table)
        if table == "documents":
            part = ds.partitioning(pa.schema([("verdict", pa.string())]), flavor="hive")
            dataset = ds.dataset(path, format="parquet", partitioning=part)
        else:
            dataset = ds.dataset(path, format="parquet")
        tbl = dataset.to_table()
        if table == "documents":
            verdict = tbl.column("verdict")
            verdict = pc.if_else(pc.equal(verdict, ERROR_PARTITION),
                                 pa.scalar(None, pa.string()), verdict)
            tbl = tbl.set_column(tbl.schema.get_field_index("verdict"), "verdict", verdict)
        tables[table] = tbl.select(schema.names).cast(schema)
    return tables


def main(argv: list[str] | None = None) -> int:
    """``spark-submit regenwatch/spark.py WARC_LIST OUTPUT [...]``."""
    ap = argparse.ArgumentParser(prog="regenwatch.spark", description=__doc__.split("\n")[0])
    ap.add_argument("warc_list", help="file with one WARC path or URI per line (.gz ok)")
    ap.add_argument("output", help="output directory (local, hdfs://, s3a://)")
    ap.add_argument("--master", default=None,
                    help="without spark-submit (default local[2]); spark-submit's rules")
    ap.add_argument("--partitions", type=int, default=None,
                    help="tasks (default: one per WARC file)")
    ap.add_argument("--base-url", default=None,
                    help="prefix for relative list entries (e.g. s3://commoncrawl/)")
    ap.add_argument("--prefilter", action="store_true",
                    help="skip pages without a product word before extraction")
    ap.add_argument("--output-files", type=int, default=None,
                    help="Parquet files per table (default: one per WARC file, at most 256)")
    ap.add_argument("--overwrite", action="store_true")
    ap.add_argument("--no-text", action="store_true", help="leave the text out of records")
    args = ap.parse_args(argv)
    reason = spark_missing()
    if reason:
        print(f"regenwatch: error: {reason}", file=sys.stderr)
        return 2
    from pyspark.sql import SparkSession

    if os.environ.get("PYSPARK_GATEWAY_PORT"):  # under spark-submit: its --master rules
        spark = SparkSession.builder.appName("regenwatch-scan").getOrCreate()
    else:
        spark = get_session(args.master or "local[2]")
    try:
        s = run_spark_scan(args.warc_list, args.output, master=args.master or "local[2]",
                           partitions=args.partitions, base_url=args.base_url,
                           prefilter=args.prefilter,
                           options=CheckOptions(include_text=not args.no_text),
                           mode="overwrite" if args.overwrite else "errorifexists",
                           output_files=args.output_files, spark=spark)
    except (OSError, ValueError) as exc:
        print(f"regenwatch: error: {exc}", file=sys.stderr)
        return 2
    finally:
        spark.stop()
    print("\n".join(s.lines()), file=sys.stderr)
    print(json.dumps({"read": s.read, "processed": s.processed,
                      "skipped": dict(s.skipped), "failed": dict(s.failed)}))
    return 0 if s.processed else 2


if __name__ == "__main__":
    sys.exit(main())
