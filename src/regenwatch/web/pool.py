"""Checks run in worker processes, so a pathological input can be stopped.

`check()` is pure Python; a thread that runs too long cannot be interrupted, and a few such
threads would starve every other request of the GIL. So each check runs in one of a few
worker processes: the request waits at most `timeout` seconds for it, and a worker that
overruns is killed and replaced (the client gets 504). Requests beyond the pool size queue
(bounded: `max_pending`, else the server answers 503 busy rather than piling up).
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
from dataclasses import dataclass
from typing import Any

from regenwatch.api import CheckOptions
from regenwatch.model import Document


class CheckTimeout(Exception):
    """The check ran longer than the time allowed for one request."""


class PoolBusy(Exception):
    """Too many requests are already waiting for a worker."""


class WorkerCrashed(Exception):
    """A worker died while checking (out of memory, killed): not the input's fault."""


_WARM_UP = (
    Document(id="warm-up", source="-", text=(
        "Our FDA-approved exosome therapy reverses Parkinson's disease and knee "
        "osteoarthritis. 100% safe, no side effects. Book now: $2,400 per IV session.")),
    Document(id="warm-up", source="-", html=(
        "<title>Stem cell clinic</title><h1>Mesenchymal stem cells</h1>"
        "<p>Cord blood transplant is FDA-approved for leukemia.</p>")),
)


def _worker_main(conn) -> None:  # pragma: no cover - runs in the child process
    from regenwatch.api import check

    # Load rule packs, lexicons, the knowledge base and compiled patterns (several are
    # lazy) before the first request arrives, so no request pays for them.
    for doc in _WARM_UP:
        check(doc)
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if job is None:
            return
        doc, options = job
        try:
            report = check(doc, options)
            conn.send(("ok", report.to_json(include_text=options.include_text)))
        except Exception as exc:  # a bug in the engine: reported, the worker lives on
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


@dataclass
class _Worker:
    process: Any
    conn: Any


class WorkerPool:
    """`size` worker processes; `await pool.check(doc, options, timeout)` -> record dict."""

    def __init__(self, size: int | None = None, max_pending: int = 256) -> None:
        self.size = max(1, size or os.cpu_count() or 1)
        self.max_pending = max_pending
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._workers: list[_Worker] = []
        self._waiting = 0
        self.restarts = 0
        self.failed_starts = 0
        self._starting: set[asyncio.Task] = set()

    # -- lifecycle ----------------------------------------------------------------------

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=_worker_main, args=(child,), daemon=True,
                                    name="regenwatch-check")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._workers.append(worker)
        return worker

    def _ensure_started(self) -> asyncio.Queue[_Worker]:
        if self._idle is None:
            self._idle = asyncio.Queue()
            for _ in range(self.size):
                self._start_worker(self._idle)
        return self._idle

    def _start_worker(self, idle: asyncio.Queue[_Worker]) -> None:
        """Spawn a worker; it joins the idle queue once it has loaded the rules, so the
        time limit of a check never includes a worker's start-up."""
        worker = self._spawn()

        async def when_ready() -> None:
            try:
                status, _ = await asyncio.to_thread(worker.conn.recv)
            except (EOFError, OSError):
                status = "died"
            if status == "ready" and self._idle is idle:
                idle.put_nowait(worker)
            else:
                self.failed_starts += 1
                self._discard(worker)

        task = asyncio.get_running_loop().create_task(when_ready())
        self._starting.add(task)
        task.add_done_callback(self._starting.discard)

    def _discard(self, worker: _Worker) -> None:
        with contextlib.suppress(Exception):
            worker.process.kill()
        with contextlib.suppress(Exception):
            worker.conn.close()
        with contextlib.suppress(Exception):
            worker.process.join(timeout=2)
        with contextlib.suppress(ValueError):
            self._workers.remove(worker)

    def close(self) -> None:
        for worker in list(self._workers):
            with contextlib.suppress(Exception):
                worker.conn.send(None)
            self._discard(worker)
        self._idle = None

    @property
    def alive(self) -> int:
        return sum(1 for w in self._workers if w.process.is_alive())

    # -- work ---------------------------------------------------------------------------

    async def _acquire(self, idle: asyncio.Queue[_Worker], queue_timeout: float) -> _Worker:
        """An idle, living worker; one that died while idle (OOM killer, an operator) is
        replaced and the next one taken, so its death costs no request."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + queue_timeout
        while True:
            try:
                worker = idle.get_nowait()
            except asyncio.QueueEmpty:
                if self._waiting >= self.max_pending:
                    raise PoolBusy(f"{self._waiting} requests are waiting") from None
                self._waiting += 1
                try:
                    worker = await asyncio.wait_for(idle.get(), deadline - loop.time())
                except TimeoutError as exc:
                    raise PoolBusy("no worker became free in time") from exc
                finally:
                    self._waiting -= 1
            if worker.process.is_alive():
                return worker
            self._discard(worker)
            self.restarts += 1
            self._start_worker(idle)

    async def check(self, doc: Document, options: CheckOptions, timeout: float,
                    queue_timeout: float = 30.0) -> dict[str, Any]:
        idle = self._ensure_started()
        worker = await self._acquire(idle, queue_timeout)
        healthy = False
        try:
            worker.conn.send((doc, options))
            status, payload = await asyncio.wait_for(asyncio.to_thread(worker.conn.recv),
                                                     timeout)
            healthy = True
        except TimeoutError as exc:
            raise CheckTimeout(f"the check took longer than {timeout:g} s") from exc
        except (EOFError, OSError, BrokenPipeError) as exc:
            raise WorkerCrashed(f"worker stopped: {exc!r}") from exc
        finally:
            if healthy:
                idle.put_nowait(worker)
            else:  # killed mid-check (or died): replace it; the recv thread then ends
                self._discard(worker)
                self.restarts += 1
                if self._idle is idle:
                    self._start_worker(idle)
        if status != "ok":
            raise WorkerCrashed(payload)
        return payload
