"""YAML primitives for the knowledge-base loader: parsing with lines, field and value checks.

Separate from loader.py so the record readers stay short; every check raises a one-line
KBError that starts with the file path and the line of the offending record.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

import yaml

from regenwatch.kb.records import KBError
from regenwatch.yamlfast import SafeLoader as FastSafeLoader

LINE = "__line__"
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_FULL_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _LineLoader(FastSafeLoader):
    """SafeLoader that keeps dates as strings, remembers lines and rejects duplicate keys."""

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen[key] = key_node.start_mark.line + 1
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE] = node.start_mark.line + 1
        return mapping


# Dates stay strings: the files mix full and reduced-precision ISO dates, and a date object
# would lose the difference between "2019" and "2019-01-01".
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class SourceFile:
    """Error context for one file: every message starts with its path and a line."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, line: int | None, what: str) -> KBError:
        where = f"{self.path}:{line}" if line else str(self.path)
        return KBError(f"{where}: {what}")


def parse(path: Path) -> dict[str, Any]:
    try:
        # _LineLoader is a SafeLoader subclass: no arbitrary objects are built.
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceFile(path).fail(line, f"YAML error: {problem}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KBError(f"{path}: cannot read: {exc}") from None
    if not isinstance(doc, dict):
        raise SourceFile(path).fail(None, "top level must be a mapping")
    return doc


def check_keys(f: SourceFile, rec: dict, allowed: set, required: set, what: str) -> None:
    line = rec.get(LINE)
    for key in rec:
        if key != LINE and key not in allowed:
            raise f.fail(line, f"{what}: unknown field {key!r}")
    for key in sorted(required):
        if key not in rec:
            raise f.fail(line, f"{what}: missing field {key!r}")


def as_date(
    f: SourceFile, line: int | None, what: str, value: Any, *, full=False, approx=False
) -> str:
    text = str(value) if isinstance(value, int | str) and not isinstance(value, bool) else None
    body = text[1:] if (approx and text and text.startswith("~")) else text
    ok = body is not None and (_FULL_ISO if full else _ISO).match(body)
    if ok:
        parts = [int(p) for p in body.split("-")] + [1, 1]
        try:
            _dt.date(parts[0], parts[1], parts[2])
        except ValueError:
            ok = False
    if not ok:
        form = "YYYY-MM-DD" if full else "ISO (YYYY, YYYY-MM or YYYY-MM-DD)"
        raise f.fail(line, f"{what}: bad date {value!r}, expected {form}")
    return text  # type: ignore[return-value]


def as_text(
    f: SourceFile, line, what: str, value: Any, *, nullable=False, empty=False
) -> str | None:
    if value is None and nullable:
        return None
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise f.fail(line, f"{what}: must be a {'non-empty ' if not empty else ''}string")
    return " ".join(value.split())


def as_terms(f: SourceFile, line, what: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise f.fail(line, f"{what}: must be a non-empty list of strings")
    for v in value:
        if v != v.lower() or not v.strip():
            raise f.fail(line, f"{what}: term {v!r} must be lower-case and non-empty")
    return tuple(value)


def as_url(f: SourceFile, line, what: str, value: Any) -> str | None:
    url = as_text(f, line, f"{what} source_url", value, nullable=True)
    if url is not None and not url.startswith(("https://", "http://")):
        raise f.fail(line, f"{what}: source_url must be an http(s) URL or null")
    return url
