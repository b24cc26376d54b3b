"""Directories, walked recursively in sorted order so runs are reproducible.

``--include``/``--exclude`` are glob patterns matched against the path relative to the
directory (``/``-separated) and, for patterns without ``/``, against the file name; an
exclude wins. Without ``--include`` only files of known kinds (HTML, text, JSONL, WARC)
are read and other files are counted as skipped (``unsupported-extension``), so a site
mirror's images and scripts neither vanish silently nor become nonsense documents.
Hidden directories and files (``.git``...) are not walked unless an include names them.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator, Sequence

from regenwatch.sources.common import (
    HTML_EXTENSIONS,
    JSONL_EXTENSIONS,
    TEXT_EXTENSIONS,
    WARC_EXTENSIONS,
)

KNOWN_EXTENSIONS = HTML_EXTENSIONS + TEXT_EXTENSIONS + JSONL_EXTENSIONS + WARC_EXTENSIONS


def _matches(rel: str, patterns: Sequence[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    for pattern in patterns:
        if fnmatch.fnmatchcase(rel, pattern):
            return True
        if "/" not in pattern and fnmatch.fnmatchcase(name, pattern):
            return True
        if pattern.startswith("**/") and fnmatch.fnmatchcase(rel, pattern[3:]):
            return True
    return False


def walk(root: str, include: Sequence[str] = (), exclude: Sequence[str] = ()
         ) -> Iterator[tuple[str, str | None]]:
    """(path, skip reason or None) for every file under ``root``."""
    for dirpath, dirnames, filenames in os.walk(root, onerror=None, followlinks=False):
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        dirnames[:] = sorted(
            d for d in dirnames
            if not (d.startswith(".") and not include)
            and not _matches(rel_dir + d, exclude)
        )
        for name in sorted(filenames):
            rel = rel_dir + name
            path = os.path.join(dirpath, name)
            if name.startswith(".") and not include:
                continue  # hidden files are not content (.DS_Store, .gitignore)
            if exclude and _matches(rel, exclude):
                continue
            if include:
                if not _matches(rel, include):
                    continue
                yield path, None
            elif name.lower().endswith(KNOWN_EXTENSIONS):
                yield path, None
            else:
                yield path, "unsupported-extension"
