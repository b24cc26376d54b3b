"""Bounded load on loopback: ordinary requests against `regenwatch serve`, zero 5xx.

2,000 requests (REGENWATCH_LOAD_N to change), 50 at a time, mixed like real use: short
texts, a clinic page as HTML, rule look-ups and health checks. Prints p50/p95 latency.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.web.conftest import CLAIMS, EXAMPLE_PAGE

pytestmark = pytest.mark.slow

TOTAL = int(os.environ.get("REGENWATCH_LOAD_N", "2000"))
CONCURRENCY = 50


def _requests():
    page = EXAMPLE_PAGE.read_text()
    texts = [CLAIMS, "Exosome products are not FDA approved.",
             "Is stem cell therapy safe? Ask your doctor.",
             "Our clinic offers PRP and stem cell injections for knee pain. Call to book."]
    for i in range(TOTAL):
        kind = i % 10
        if kind < 6:
            yield "POST", "/v1/check", {"text": texts[i % len(texts)], "id": f"load-{i}"}
        elif kind < 8:
            yield "POST", "/v1/check", {"html": page, "id": f"load-{i}"}
        elif kind == 8:
            yield "GET", "/v1/rules/RW101", None
        else:
            yield "GET", "/healthz", None


async def _run(base: str):
    queue: asyncio.Queue = asyncio.Queue()
    for item in _requests():
        queue.put_nowait(item)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        async def user():
            while True:
                try:
                    method, path, body = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                started = time.perf_counter()
                response = await client.request(method, path, json=body)
                latencies.append(time.perf_counter() - started)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(user() for _ in range(CONCURRENCY)))
        elapsed = time.perf_counter() - started
    return latencies, statuses, elapsed


def test_load_zero_server_errors(server):
    # In its own thread: Playwright's sync API may own this thread's event loop.
    with ThreadPoolExecutor(1) as pool:
        latencies, statuses, elapsed = pool.submit(asyncio.run, _run(server)).result()
    assert len(latencies) == TOTAL
    q = statistics.quantiles(latencies, n=100)
    p50, p95 = q[49] * 1000, q[94] * 1000
    print(f"\nload: {TOTAL} requests, {CONCURRENCY} concurrent, {elapsed:.1f} s "
          f"({TOTAL / elapsed:.0f} req/s); p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
          f"max {max(latencies) * 1000:.0f} ms; status {dict(sorted(statuses.items()))}; "
          f"load average {os.getloadavg()[0]:.2f}")
    server_errors = sum(n for code, n in statuses.items() if code >= 500)
    assert server_errors == 0, statuses
    assert set(statuses) == {200}, statuses
