"""HTML files: decoded here, extracted by the engine.

Choice (issue 4): a source sets ``Document.html`` to the decoded page (``str``) and leaves
``text``/``blocks`` empty; ``api.check`` calls :func:`regenwatch.extract.extract`. Decoding
belongs here because only a source knows an HTTP charset header; extraction belongs to the
engine so every face (CLI, web, Spark) extracts the same way, with source positions.
"""

from __future__ import annotations

from regenwatch.model import Document, Report
from regenwatch.sources.common import Skipped
from regenwatch.sources.text import text_file


def html_file(path: str, max_bytes: int, prefilter=None) -> Document | Report | Skipped:
    return text_file(path, max_bytes, as_html=True, prefilter=prefilter)
