"""Fixtures for the web face: an in-process app, a real server on loopback, Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_PAGE = ROOT / "examples" / "clinic-page.html"
CLAIMS = ("Our FDA-approved exosome therapy reverses Parkinson's disease and rebuilds "
          "cartilage in knee osteoarthritis. The treatment is 100% safe, with no side "
          "effects. Single session $2,400 - call (555) 555-0142 to book.")
IN_CI = os.environ.get("CI", "").lower() == "true"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def client():
    from fastapi.testclient import TestClient

    from regenwatch.web import Settings, create_app

    app = create_app(Settings(workers=2, max_body_bytes=200_000, max_chars=150_000,
                              check_timeout=20.0))
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="session")
def server():
    """`regenwatch serve` in its own process on 127.0.0.1 and a free port; URL checks may
    fetch from 127.0.0.1 (as `--allow-host` allows for local use)."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep
               + os.environ.get("PYTHONPATH", ""))
    log = tempfile.TemporaryFile()  # a file, not a pipe: a full pipe would stall the server
    proc = subprocess.Popen(
        [sys.executable, "-m", "regenwatch", "serve", "--host", "127.0.0.1",
         "--port", str(port), "--allow-host", "127.0.0.1"],  # URL tests fetch on loopback
        env=env, stdout=subprocess.DEVNULL, stderr=log, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError("server exited: " + log.read().decode()[-2000:])
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start within 30 s")
            time.sleep(0.1)
        # Both workers warm: one check each so timings are not start-up.
        for _ in range(4):
            httpx.post(base + "/v1/check", json={"text": CLAIMS}, timeout=30)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "playwright is not installed"
    if reason is None and path is None:
        reason = "Chromium is not installed (apt-get install chromium)"
    if reason is not None:
        if IN_CI:
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    chosen = os.environ.get("REGENWATCH_SCREENSHOTS")
    path = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path
