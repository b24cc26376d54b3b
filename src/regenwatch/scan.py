"""The scan face: many documents through `api.check` in worker processes, into a store.

Shape and why:

* The parent reads the inputs (``sources.iter_documents``), cuts the stream into chunks and
  hands them to ``workers`` processes over a queue; workers return finished batches (JSON
  lines or Arrow tables, whichever the store takes), so the parent only reads, routes and
  writes. Workers are forked before any thread or database exists.
* Memory stays bounded whatever the input size: at most ``2 * workers + 2`` chunks are in
  flight, a chunk holds at most ``chunk_docs`` documents or ``chunk_bytes`` of text, and the
  parent writes a batch at least every ``batch_docs`` records.
* Work is spread evenly: a chunk is small in bytes (web pages of 40 KB make chunks of a few
  pages, so a crawl's few relevant pages do not land in two or three chunks that one
  worker ends up doing alone), and a chunk that has waited ``chunk_wait`` seconds is sent
  while a worker is idle (a prefiltered crawl yields a document now and then).
* Large gzip WARC inputs are read by the workers too (``plan_shards``): the parent cuts
  them into byte ranges of ``shard_bytes`` and each worker reads, prefilters, decodes and
  checks the records of its shard (``sources.warc.iter_warc_range``), sending results in
  pieces as it goes. The parent takes the pieces in input order (``_run_shards``: at most
  ``2 * workers + 2`` shards out, so later shards' results wait in bounded memory) and
  makes them what the sequential reader gives (``_Sequencer``: ``seq`` numbers, the
  ``duplicate-id`` rule, resume, skip counts). Reading in the parent alone held two workers
  to 1.13-1.3x on a prefiltered crawl, where reading is most of the work.
* Output keeps input order (results are reordered by chunk number), so ``--workers 2``
  writes the same records in the same order as ``--workers 1``, which runs in-process.
* Resumable: each store batch commits all-or-nothing; a rerun of the same command asks the
  store which ids it already holds for this input and skips them (one stored row per
  occurrence, so ``duplicate-id`` error records are neither lost nor doubled). Shard
  workers get the stored ids as a file of hashes and leave those documents unchecked.
* The summary always balances: read = processed + skipped + failed, where skipped counts
  the records a resumed run found stored plus what the sources skipped.

This module must not import the CLI, the web app or Spark (architecture.md).
"""

from __future__ import annotations

import bisect
import hashlib
import mmap
import multiprocessing as mp
import os
import queue
import signal
import tempfile
import time
from array import array
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from regenwatch.api import CheckOptions
from regenwatch.model import Document, Report
from regenwatch.records import checked_row, config_fingerprint, input_key
from regenwatch.sources.common import WARC_EXTENSIONS, Skipped, duplicate_id
from regenwatch.store import Batch, Row, Store, open_store, store_class

__all__ = ["ScanSummary", "run_scan", "summary_lines", "input_key", "config_fingerprint"]


@dataclass
class ScanSummary:
    """Counts of one run; ``verdicts`` covers everything stored for the input (resumed too)."""

    read: int = 0
    processed: int = 0
    resumed: int = 0  # skipped: already stored by an earlier run of the same command
    skipped: Counter = field(default_factory=Counter)  # skipped by the sources, by reason
    failed: Counter = field(default_factory=Counter)  # error kind -> records
    verdicts: Counter = field(default_factory=Counter)  # verdict -> documents
    bytes: int = 0  # UTF-8 bytes of the documents checked in this run
    seconds: float = 0.0
    interrupted: bool = False
    output: str = ""

    @property
    def n_skipped(self) -> int:
        return self.resumed + sum(self.skipped.values())

    @property
    def n_failed(self) -> int:
        return sum(self.failed.values())

    @property
    def balanced(self) -> bool:
        return self.read == self.processed + self.n_skipped + self.n_failed

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d.update(skipped_total=self.n_skipped, failed_total=self.n_failed,
                 balanced=self.balanced)
        return d


# ----------------------------------------------------------------------------- workers

_OPTIONS: CheckOptions | None = None
_INPUT = _CONFIG = ""
_LINES, _TABLES = True, True  # what the output's store needs (set before workers fork)
_MAX_BYTES, _PREFILTER = 20_000_000, None  # how shard workers read (set before they fork)
_PIECE_ROWS, _PIECE_BYTES, _PIECE_READ = 256, 1 << 20, 2000  # when a shard sends results


@dataclass
class _Done:
    """A checked chunk: the store's batch and the counts for the summary."""

    batch: Batch
    n: int = 0
    processed: int = 0
    bytes: int = 0
    failed: Counter = field(default_factory=Counter)
    verdicts: Counter = field(default_factory=Counter)


def _one(seq: int, item: Document | Report, done: _Done):
    row, size = checked_row(item, seq, _INPUT, _CONFIG, _OPTIONS)
    _count(done, row, size)
    return row


def _count(done: _Done, row: Row, size: int) -> None:
    done.bytes += size
    kind = row.doc[10]  # error_kind
    if kind is not None:
        done.failed[kind] += 1
    else:
        done.processed += 1
    done.verdicts[row.verdict] += 1


@dataclass(frozen=True)
class _Shard:
    """A byte range of a gzip WARC file that one worker reads (see ``iter_warc_range``);
    ``stored`` names the hashes of the ids an earlier run stored (see ``_write_stored``)."""

    path: str
    start: int
    end: int
    stored: str | None = None


def _id_hash(rid: str) -> int:
    return int.from_bytes(hashlib.blake2b(rid.encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "little")


def _write_stored(ids) -> str:
    """A file of the sorted 64-bit hashes of ``ids``, so a resumed run's workers need not
    check documents that are stored already: they map it (one copy in the page cache for
    all of them, 8 bytes an id) instead of each holding the ids."""
    fd, path = tempfile.mkstemp(prefix="regenwatch-stored-", suffix=".u64")
    with os.fdopen(fd, "wb") as fh:
        array("Q", sorted({_id_hash(rid) for rid in ids})).tofile(fh)
    return path


_STORED_MAPS: dict[str, memoryview] = {}


def _maybe_stored(path: str, rid: str) -> bool:
    """Is ``rid`` among the hashes in ``path``? (A hash may collide: the parent decides.)"""
    hashes = _STORED_MAPS.get(path)
    if hashes is None:
        with open(path, "rb") as fh:
            hashes = memoryview(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)).cast("Q")
        _STORED_MAPS[path] = hashes
    h = _id_hash(rid)
    i = bisect.bisect_left(hashes, h)
    return i < len(hashes) and hashes[i] == h


@dataclass
class _Piece:
    """Part of a shard's results, in input order: rows numbered from 0 (the parent knows
    the real positions) and what the source read and skipped; ``final`` on the last."""

    # (id, is a Document, row, bytes checked, the Document if it was not checked because
    # an earlier run stored its id)
    items: list = field(default_factory=list)
    read: int = 0
    skipped: Counter = field(default_factory=Counter)
    size: int = 0  # bytes of JSON records: what the parent holds while it waits
    final: bool = False


def _work_shard(n: int, shard: _Shard, results) -> None:
    """Read, prefilter, decode and check one shard, sending results as they come (a
    shard's results are never all in memory at once)."""
    from regenwatch.sources.warc import iter_warc_range

    piece = _Piece()
    for item in iter_warc_range(shard.path, shard.start, shard.end, max_bytes=_MAX_BYTES,
                                prefilter=_PREFILTER):
        piece.read += 1
        if isinstance(item, Skipped):
            piece.skipped[item.reason] += 1
        elif (isinstance(item, Document) and shard.stored is not None
              and _maybe_stored(shard.stored, item.id)):
            piece.items.append((item.id, True, None, 0, item))
            piece.size += len(item.html or item.text or "")
        else:
            row, size = checked_row(item, 0, _INPUT, _CONFIG, _OPTIONS)
            piece.items.append((item.id, isinstance(item, Document), row, size, None))
            piece.size += len(row.line)
        if (len(piece.items) >= _PIECE_ROWS or piece.size >= _PIECE_BYTES
                or piece.read >= _PIECE_READ):
            results.put((n, piece))
            piece = _Piece()
    piece.final = True
    results.put((n, piece))


def _work_chunk(chunk: list[tuple[int, Document | Report]]) -> _Done:
    done = _Done(Batch(), n=len(chunk))
    rows = [_one(seq, item, done) for seq, item in chunk]
    done.batch = Batch.of_rows(rows, lines=_LINES, tables=_TABLES)
    return done


def _worker(tasks, results, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C means
    while True:
        try:
            task = tasks.get(timeout=1.0)
        except queue.Empty:
            if os.getppid() != parent:  # the parent was killed: do not linger
                return
            continue
        if task is None:
            return
        n, work = task
        if isinstance(work, _Shard):
            _work_shard(n, work, results)
        else:
            results.put((n, _work_chunk(work)))


class ScanError(RuntimeError):
    """The scan cannot go on (a worker process died)."""


class _Pool:
    """``n`` forked workers with bounded task and result queues; results by chunk number."""

    def __init__(self, n: int) -> None:
        ctx = mp.get_context("fork")
        self.tasks = ctx.Queue()
        self.results = ctx.Queue()
        self.procs = [ctx.Process(target=_worker, args=(self.tasks, self.results, os.getpid()),
                                  daemon=True) for _ in range(n)]
        for p in self.procs:
            p.start()

    def submit(self, n: int, chunk) -> None:
        self.tasks.put((n, chunk))

    def get(self):
        while True:
            try:
                return self.results.get(timeout=1.0)
            except queue.Empty:
                dead = [p for p in self.procs if not p.is_alive()]
            if dead:
                raise ScanError(f"a scan worker died (exit code {dead[0].exitcode})")

    def close(self, wait: bool) -> None:
        if wait:
            for _ in self.procs:
                self.tasks.put(None)
            for p in self.procs:
                p.join(timeout=10)
        for p in self.procs:
            if p.is_alive():
                p.terminate()
                p.join(timeout=5)
        self.tasks.cancel_join_thread()
        self.results.cancel_join_thread()


# ----------------------------------------------------------------------------- the run

class _StopFlag:
    """First Ctrl-C asks the run to stop between records (so no write is torn); a second
    one interrupts at once. Outside the main thread signals are left alone."""

    def __init__(self) -> None:
        self.set = False
        self._old = None

    def _handle(self, signum, frame) -> None:
        if self.set:
            raise KeyboardInterrupt
        self.set = True

    def __enter__(self) -> _StopFlag:
        try:
            self._old = signal.signal(signal.SIGINT, self._handle)
        except ValueError:  # not the main thread
            self._old = None
        return self

    def __exit__(self, *exc) -> None:
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)


def _take_stored(remaining: Counter, rid: str) -> bool:
    """Is this occurrence of ``rid`` one an earlier run stored? (Uses it up if so.)"""
    left = remaining.get(rid)
    if not left:
        return False
    if left == 1:
        del remaining[rid]
    else:
        remaining[rid] = left - 1
    return True


def plan_shards(inputs: list[str], workers: int, shard_bytes: int,
                min_bytes: int) -> list[_Shard] | None:
    """Byte ranges for workers to read, or None to read in the parent as usual.

    Only when it is safe and pays: every input a local gzip WARC file (members can be
    found from any offset), at least two workers and ``min_bytes`` of input (start-up per
    shard is small, but the last shards finishing alone costs on a small input)."""
    from regenwatch.sources.warc import is_gzip_file

    if workers < 2 or not inputs:
        return None
    for spec in inputs:
        if (spec == "-" or "://" in spec[:12] or not spec.lower().endswith(WARC_EXTENSIONS)
                or not os.path.isfile(spec) or not is_gzip_file(spec)):
            return None
    sizes = [os.path.getsize(spec) for spec in inputs]
    if sum(sizes) < min_bytes:
        return None
    return [_Shard(spec, start, min(start + shard_bytes, size))
            for spec, size in zip(inputs, sizes, strict=True)
            for start in range(0, size, shard_bytes)]


class _Sequencer:
    """Shard results taken in input order, made what the sequential path stores: the
    position (``seq``) counted over all earlier shards, a repeated document id turned
    into a ``duplicate-id`` error record (``iter_documents``'s rule), records an earlier
    run stored dropped (``run_scan``'s resume rule)."""

    def __init__(self, summary: ScanSummary, remaining: Counter) -> None:
        self.summary = summary
        self.remaining = remaining
        self.seen: set[str] = set()
        self.seq = 0

    def done(self, piece: _Piece) -> _Done:
        done = _Done(Batch())
        rows = []
        for rid, is_doc, row, size, unchecked in piece.items:
            seq, self.seq = self.seq, self.seq + 1
            if is_doc and rid in self.seen:
                source = row.doc[3] if row is not None else unchecked.source
                row, size = checked_row(duplicate_id(rid, source), seq, _INPUT, _CONFIG,
                                        _OPTIONS)
            self.seen.add(rid)
            if _take_stored(self.remaining, rid):
                self.summary.resumed += 1
                continue
            if row is None:  # the worker took it for stored, wrongly (a hash collision)
                row, size = checked_row(unchecked, seq, _INPUT, _CONFIG, _OPTIONS)
            row.seq, row.doc = seq, (row.doc[0], seq, *row.doc[2:])
            _count(done, row, size)
            rows.append(row)
        self.summary.read += piece.read
        self.summary.skipped.update(piece.skipped)
        done.n = len(rows)
        done.batch = Batch.of_rows(rows, lines=_LINES, tables=_TABLES)
        return done


def _run_shards(pool: _Pool, shards: list[_Shard], sequencer: _Sequencer, take, stop,
                limit: int, max_buffer: int) -> None:
    """Hand shards to the workers and take their results in input order.

    At most ``limit`` shards are out at once; a later shard's results that arrive while an
    earlier one is still being read wait in memory, and no shard is handed out while they
    hold ``max_buffer`` bytes or more. On Ctrl-C it returns at once: what was taken is
    in order and the parent commits it."""
    waiting: dict[int, list[_Piece]] = {}
    buffered = next_submit = next_take = 0
    while next_take < len(shards) and not stop.set:
        while (next_submit < len(shards) and next_submit - next_take < limit
               and buffered < max_buffer):
            pool.submit(next_submit, shards[next_submit])
            next_submit += 1
        n, piece = pool.get()
        if n != next_take:
            waiting.setdefault(n, []).append(piece)
            buffered += piece.size
            continue
        take(sequencer.done(piece))
        while piece.final and not stop.set:
            next_take += 1
            ready = waiting.pop(next_take, [])
            for piece in ready:
                buffered -= piece.size
                take(sequencer.done(piece))
            if not ready or not ready[-1].final:
                break


def _count_records(inputs: list[str], max_bytes: int = 4 << 30) -> int | None:
    """Records to expect, for the ETA: lines of JSONL files, 1 a file; None if unknown or
    if counting would mean reading more than ``max_bytes`` before the scan starts."""
    total = 0
    if any(spec == "-" or not Path(spec).is_file() for spec in inputs):
        return None
    if sum(Path(spec).stat().st_size for spec in inputs) > max_bytes:
        return None
    for spec in inputs:
        p = Path(spec)
        if p.name.endswith((".jsonl", ".ndjson")):
            with p.open("rb") as fh:
                total += sum(buf.count(b"\n") for buf in iter(lambda: fh.read(1 << 20), b""))
        elif p.name.endswith(".gz") or ".warc" in p.name:
            return None
        else:
            total += 1
    return total


class _Progress:
    """Rich progress on stderr: records, MB, rate, ETA. Silent when disabled."""

    def __init__(self, enabled: bool, total: int | None) -> None:
        self.bar = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(TextColumn("scan"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[mb]:.1f} MB"),
                            TextColumn("{task.fields[rate]:.0f} rec/s"),
                            TextColumn("{task.fields[mbs]:.2f} MB/s"),
                            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=False)
        self.task = self.bar.add_task("scan", total=total, mb=0.0, rate=0.0, mbs=0.0)
        self.t0 = time.monotonic()
        self.bar.start()

    def update(self, done: int, nbytes: int) -> None:
        if self.bar is None:
            return
        dt = max(time.monotonic() - self.t0, 1e-6)
        self.bar.update(self.task, completed=done, mb=nbytes / 1e6, rate=done / dt,
                        mbs=nbytes / 1e6 / dt)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def run_scan(inputs: list[str], output: str | Path, *, workers: int = 1,
             options: CheckOptions | None = None, max_bytes: int = 20_000_000,
             fresh: bool = False, progress: bool = True, chunk_docs: int = 256,
             chunk_bytes: int = 128 << 10, chunk_wait: float = 0.25,
             batch_docs: int = 2000, batch_seconds: float = 2.0,
             sources: dict | None = None, shard_bytes: int = 2 << 20,
             shard_min_bytes: int | None = None,
             shard_buffer: int = 64 << 20) -> ScanSummary:
    """Scan ``inputs`` into ``output`` (store chosen by extension); see the module docstring.

    ``shard_bytes``: size of the byte ranges that workers read of large gzip WARC inputs
    (only when the inputs total ``shard_min_bytes``, default 4 shards, or more);
    ``shard_buffer``: bytes of later shards' results held while an earlier shard is read.

    Raises ``store.StoreError`` when the output cannot be used. On Ctrl-C the rows received
    so far are committed and the summary comes back with ``interrupted`` set.
    """
    from regenwatch.rules.registry import load_packs
    from regenwatch.sources import SourceStats, iter_documents

    global _OPTIONS, _INPUT, _CONFIG, _LINES, _TABLES, _MAX_BYTES, _PREFILTER
    options = options or CheckOptions()
    sources = dict(sources or {})
    # what selects the documents is part of the input: a URL list is an input, a filter
    # (include/exclude globs, the prefilter) changes which documents the input yields
    urls_file = sources.get("urls_file")
    key = input_key(list(inputs) + ([f"urls:{os.path.abspath(urls_file)}"] if urls_file
                                    else []))
    selection = {k: v for k, v in sorted(sources.items()) if k in ("include", "exclude")}
    selection["prefilter"] = sources.get("prefilter") is not None
    config = config_fingerprint(options, max_bytes, selection)
    _OPTIONS, _INPUT, _CONFIG = options, key, config
    _MAX_BYTES, _PREFILTER = max_bytes, sources.get("prefilter")
    shards = None if urls_file else plan_shards(
        list(inputs), workers, shard_bytes,
        4 * shard_bytes if shard_min_bytes is None else shard_min_bytes)
    cls = store_class(output)
    _LINES, _TABLES = cls.wants_lines, cls.wants_tables
    load_packs()  # a broken pack stops the run here, before any worker starts
    # Workers compile the rules themselves: compiled in the parent before the fork, they
    # stayed in the parent's RSS too (28 MB; the memory bound is on the process tree's
    # sum), and the parent of a pool checks nothing but a rare hash-collided resume.
    pool = _Pool(workers) if workers > 1 else None  # fork before threads and databases
    summary = ScanSummary(output=str(output))
    store: Store | None = None
    bar = None
    stored_file = None
    ok = False
    stop = _StopFlag()
    t0 = time.monotonic()
    try:
        store = open_store(output)
        stored = store.begin(key, config, fresh)
        remaining = stored.counts  # id -> stored rows not yet matched in this run
        summary.verdicts.update(stored.verdicts)
        stats = SourceStats()
        bar = _Progress(progress, _count_records(inputs) if progress else None)
        pending = Batch()
        n_pending = 0
        last_write = time.monotonic()
        done = 0

        def take(result: _Done) -> None:
            nonlocal last_write, done, pending, n_pending
            summary.failed.update(result.failed)
            summary.processed += result.processed
            summary.verdicts.update(result.verdicts)
            summary.bytes += result.bytes
            pending.extend(result.batch)
            n_pending += result.n
            done += result.n
            now = time.monotonic()
            if n_pending >= batch_docs or now - last_write >= batch_seconds:
                store.write(pending)
                pending, n_pending = Batch(), 0
                last_write = now
            bar.update(done + summary.resumed, summary.bytes)

        chunk: list[tuple[int, Document | Report]] = []
        chunk_size = 0
        chunk_began = 0.0
        in_flight: dict[int, Any] = {}
        next_submit = next_take = 0
        limit = 2 * workers + 2

        def flush_chunk() -> None:
            nonlocal chunk, chunk_size, next_submit, next_take
            if not chunk:
                return
            if pool is None:
                take(_work_chunk(chunk))
            else:
                while next_submit - next_take >= limit:
                    n, result = pool.get()
                    in_flight[n] = result
                    while next_take in in_flight:
                        take(in_flight.pop(next_take))
                        next_take += 1
                pool.submit(next_submit, chunk)
                next_submit += 1
            chunk, chunk_size = [], 0

        with stop:
            if shards is not None:  # workers read: nothing left for the loop below
                if remaining:
                    stored_file = _write_stored(remaining)
                    shards = [replace(shard, stored=stored_file) for shard in shards]
                _run_shards(pool, shards, _Sequencer(summary, remaining), take, stop,
                            2 * workers + 2, shard_buffer)
                items = iter(())
            else:
                items = iter_documents(inputs, max_bytes=max_bytes, stats=stats, **sources)
            for seq, item in enumerate(items):
                if stop.set:
                    break
                if _take_stored(remaining, item.id):
                    summary.resumed += 1
                    if summary.resumed % 1000 == 0:
                        bar.update(done + summary.resumed, summary.bytes)
                    continue
                if not chunk:
                    chunk_began = time.monotonic()
                chunk.append((seq, item))
                if isinstance(item, Document):
                    chunk_size += len(item.html or item.text or "")
                if (len(chunk) >= chunk_docs or chunk_size >= chunk_bytes
                        or (pool is not None and next_submit - next_take < workers
                            and time.monotonic() - chunk_began >= chunk_wait)):
                    flush_chunk()
            if not stop.set:
                flush_chunk()
            while next_take < next_submit and not stop.set:
                n, result = pool.get()
                in_flight[n] = result
                while next_take in in_flight:
                    take(in_flight.pop(next_take))
                    next_take += 1
        summary.interrupted = stop.set
        if n_pending:
            store.write(pending)
        summary.read += stats.read  # the shards' counts are in already
        summary.skipped.update(dict(stats.skipped))
        if summary.interrupted:  # records never handed out are not "read" in this run
            summary.read = summary.processed + summary.n_skipped + summary.n_failed
        ok = not summary.interrupted
    finally:
        if stored_file is not None:
            os.unlink(stored_file)
        if bar is not None:
            bar.stop()
        if pool is not None:
            pool.close(wait=ok)
        if store is not None:
            store.close(complete=ok)
        summary.seconds = time.monotonic() - t0
    return summary


def summary_lines(s: ScanSummary) -> list[str]:
    """The closing summary, a few plain lines."""
    mb = s.bytes / 1e6
    rate = mb / s.seconds if s.seconds else 0.0
    lines = [f"read {s.read}: processed {s.processed}, skipped {s.n_skipped}, "
             f"failed {s.n_failed}"]
    detail = []
    if s.resumed:
        detail.append(f"{s.resumed} already stored")
    detail += [f"{n} {reason}" for reason, n in sorted(s.skipped.items())]
    if detail:
        lines.append("  skipped: " + ", ".join(detail))
    if s.failed:
        lines.append("  failed: " + ", ".join(f"{n} {k}" for k, n in sorted(s.failed.items())))
    v = s.verdicts
    lines.append(f"  verdicts (all stored for this input): high {v.get('high', 0)}, "
                 f"elevated {v.get('elevated', 0)}, low {v.get('low', 0)}")
    lines.append(f"  {mb:.1f} MB in {s.seconds:.1f} s ({rate:.2f} MB/s) -> {s.output}")
    if s.interrupted:
        lines.append("  interrupted: run the same command again to continue")
    return lines
