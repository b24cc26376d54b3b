"""Fixtures for knowledge-base tests: a writable copy of the packaged data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from regenwatch import kb


@pytest.fixture()
def kb_copy(tmp_path: Path) -> Path:
    """A copy of the packaged data directory that a test may break."""
    dest = tmp_path / "data"
    shutil.copytree(kb.data_dir(), dest)
    return dest
