import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from regenwatch.lint.face import run_lint

HERE = Path(__file__).resolve().parent
SITE = HERE / "fixtures" / "site"
ROOT = HERE.parents[1]


def lint_json(cwd: Path, *paths: str, **flags) -> tuple[int, dict, str]:
    """Run the linter in-process from `cwd`; (exit code, JSON output, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    os.chdir(cwd)
    try:
        code = run_lint(list(paths) or ["."], "json", out, err, **flags)
    finally:
        os.chdir(old)
    return code, json.loads(out.getvalue()) if out.getvalue() else {}, err.getvalue()


def run_cli(cwd: Path, *args: str):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "regenwatch", "lint", *args], cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def site(tmp_path) -> Path:
    dest = tmp_path / "site"
    shutil.copytree(SITE, dest)
    return dest


def by_quote(result: dict) -> dict[tuple[str, str], list[dict]]:
    out: dict[tuple[str, str], list[dict]] = {}
    for f in result["files"]:
        for d in f["diagnostics"]:
            out.setdefault((d["path"], d["quote"]), []).append(d)
    return out
