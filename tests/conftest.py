import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV_CORPUS = SHARED / "corpus" / "dev.jsonl"


@pytest.fixture(scope="session")
def dev_docs():
    if not DEV_CORPUS.exists():
        pytest.skip("../shared/corpus/dev.jsonl is not beside the project")
    return [json.loads(line) for line in DEV_CORPUS.read_text(encoding="utf-8").splitlines()
            if line.strip()]
