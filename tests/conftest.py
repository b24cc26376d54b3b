import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI replays the same examples every run (a red run must be reproducible) and never fails
# a property on a slow, shared machine's timing.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV_CORPUS = SHARED / "corpus" / "dev.jsonl"


@pytest.fixture(scope="session")
def dev_docs():
    if not DEV_CORPUS.exists():
        pytest.skip("../shared/corpus/dev.jsonl is not beside the project")
    return [json.loads(line) for line in DEV_CORPUS.read_text(encoding="utf-8").splitlines()
            if line.strip()]
