"""PATH... -> the files to lint: files as named, directories walked for copy files.

A directory yields the files whose suffix `runner.SUFFIXES` knows (HTML, Markdown, JSON,
YAML, text), sorted so output is stable; excluded directories are not entered. A file named
on the command line is linted whatever its suffix (as text when unknown), unless excluded:
pre-commit passes files one by one, so excludes must hold for them too. When every file
named is excluded, there is nothing to do and that is no error (a commit that only touches
excluded files must pass the hook); nothing found and nothing excluded is exit 2.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from regenwatch.lint.config import LintConfig
from regenwatch.lint.runner import SUFFIXES


@dataclass
class Collected:
    files: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # paths that do not exist
    excluded: int = 0  # files and directories skipped by `exclude`


def collect(paths: list[str], config: LintConfig) -> Collected:
    found = Collected()
    files, missing = found.files, found.missing
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve()
        if key in seen:
            return
        if config.excluded(p):
            found.excluded += 1
            return
        seen.add(key)
        files.append(p)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            if config.excluded(p) and raw not in (".", ""):
                found.excluded += 1
                continue
            for root, dirs, names in os.walk(p):
                here = Path(root)
                kept = sorted(d for d in dirs if not config.excluded(here / d))
                found.excluded += len(dirs) - len(kept)
                dirs[:] = kept
                for name in sorted(names):
                    if Path(name).suffix.lower() in SUFFIXES:
                        add(here / name)
        elif p.is_file():
            add(p)
        else:
            missing.append(raw)
    return found
