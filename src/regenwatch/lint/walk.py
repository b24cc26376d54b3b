"""PATH... -> the files to lint: files as named, directories walked for copy files.

A directory yields the files whose suffix `runner.SUFFIXES` knows (HTML, Markdown, JSON,
YAML, text), sorted so output is stable; excluded directories are not entered. A file named
on the command line is linted whatever its suffix (as text when unknown), unless excluded:
pre-commit passes files one by one, so excludes must hold for them too.
"""

from __future__ import annotations

import os
from pathlib import Path

from regenwatch.lint.config import LintConfig
from regenwatch.lint.runner import SUFFIXES


def collect(paths: list[str], config: LintConfig) -> tuple[list[Path], list[str]]:
    """(files to lint, paths that do not exist)."""
    files: list[Path] = []
    missing: list[str] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen and not config.excluded(p):
            seen.add(key)
            files.append(p)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            if config.excluded(p) and raw not in (".", ""):
                continue
            for root, dirs, names in os.walk(p):
                here = Path(root)
                dirs[:] = sorted(d for d in dirs if not config.excluded(here / d))
                for name in sorted(names):
                    if Path(name).suffix.lower() in SUFFIXES:
                        add(here / name)
        elif p.is_file():
            add(p)
        else:
            missing.append(raw)
    return files, missing
