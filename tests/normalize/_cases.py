"""Shared helpers for the normaliser tests: case files and the dev corpus."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CORPUS = ROOT / ".." / "shared" / "corpus" / "dev.jsonl"


def load_cases(name: str) -> list[dict]:
    return json.loads((HERE / "cases" / name).read_text(encoding="utf-8"))


def corpus_docs() -> list[dict] | None:
    if not CORPUS.exists():
        return None
    with CORPUS.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
