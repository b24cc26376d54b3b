"""JSON and YAML content files: their prose string values, each mapped to the source.

Static site generators keep page copy in data files (`_data/*.yml`, `content/*.json`, front
matter). Only string *values* are copy; keys, numbers, and single-token values that look
like URLs, paths or identifiers are not. Each kept value is one line group of the checked
text (so a sentence never runs from one field into the next) and one suppression region.

JSON positions are exact (escapes decoded by hand). YAML positions come from PyYAML's node
marks; inside a scalar, characters are aligned to the source greedily, which is exact for
plain and quoted single-line values and close (same line or the next) for folded blocks.
"""

from __future__ import annotations

import json
import re

import yaml

from regenwatch.lint.inline import blank_inline
from regenwatch.lint.mapped import Comment, TextBuilder

_NOT_PROSE = re.compile(r"\S*(?:/|://|\\)\S*|[\w.-]+\.[A-Za-z0-9]{1,5}|#[0-9A-Fa-f]{3,8}")
_YAML_COMMENT = re.compile(r"(?m)(?:^|\s)#([^\n]*)")


class StructuredError(ValueError):
    """The file is not valid JSON/YAML; str() is one line with the position."""


def is_prose(value: str) -> bool:
    v = value.strip()
    if not v or not any(ch.isalpha() for ch in v):
        return False
    return not (" " not in v and _NOT_PROSE.fullmatch(v))


# --- JSON -----------------------------------------------------------------------------------

_ESC = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def json_string(source: str, start: int) -> tuple[str, list[int], int]:
    """Decode the JSON string whose opening quote is at start: value, origins, end offset."""
    chars: list[str] = []
    origin: list[int] = []
    i = start + 1
    while source[i] != '"':  # IndexError on an unterminated string
        if source[i] == "\\":
            esc = source[i + 1]
            if esc == "u":
                code = int(source[i + 2:i + 6], 16)
                width = 6
                if 0xD800 <= code < 0xDC00 and source.startswith("\\u", i + 6):
                    low = int(source[i + 8:i + 12], 16)
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    width = 12
                chars.append(chr(code))
                origin.append(i)
                i += width
            else:
                chars.append(_ESC.get(esc, esc))
                origin.append(i)
                i += 2
        else:
            chars.append(source[i])
            origin.append(i)
            i += 1
    return "".join(chars), origin, i + 1


def json_fields(source: str) -> list[tuple[str, list[int], tuple[int, int]]]:
    """String values of a JSON document in source order: (value, origins, source range)."""
    try:
        json.loads(source)
    except json.JSONDecodeError as exc:
        raise StructuredError(f"line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
    out = []
    i, n = 0, len(source)
    while i < n:
        q = source.find('"', i)
        if q < 0:
            break
        value, origin, end = json_string(source, q)
        j = end
        while j < n and source[j] in " \t\r\n":
            j += 1
        if (j >= n or source[j] != ":") and is_prose(value):
            out.append((value, origin, (q, end)))
        i = end
    return out


# --- YAML -----------------------------------------------------------------------------------

def _align(value: str, source: str, start: int, end: int) -> list[int]:
    """Greedy alignment of a scalar's characters to its source slice."""
    origin = []
    j = start
    for ch in value:
        k = source.find(ch, j, min(end, j + 16))
        if k < 0 and ch in " \n":  # folded line break or escaped newline
            k = next((x for x in range(j, min(end, j + 16)) if source[x].isspace()), -1)
        if k < 0:
            origin.append(min(j, max(start, end - 1)))
        else:
            origin.append(k)
            j = k + 1
    return origin


def yaml_fields(source: str, base: int = 0) -> list[tuple[str, list[int], tuple[int, int]]]:
    """String values of every YAML document in `source` (offsets shifted by `base`)."""
    try:
        docs = list(yaml.compose_all(source, Loader=yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1} column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise StructuredError(f"{where}{problem}") from exc
    out = []
    str_tag = "tag:yaml.org,2002:str"

    seen: set[int] = set()

    def walk(node, is_key: bool = False) -> None:
        # an alias is the node it names: visit each node once (no "billion laughs" blow-up)
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                walk(k, True)
                walk(v)
        elif isinstance(node, yaml.SequenceNode):
            for v in node.value:
                walk(v)
        elif isinstance(node, yaml.ScalarNode) and not is_key and node.tag == str_tag:
            if is_prose(node.value):
                s, e = node.start_mark.index, node.end_mark.index
                origin = [base + o for o in _align(node.value, source, s, e)]
                out.append((node.value, origin, (base + s, base + e)))

    for doc in docs:
        if doc is not None:
            walk(doc)
    out.sort(key=lambda f: f[2])
    return out


def yaml_comments(source: str, base: int = 0) -> list[Comment]:
    return [Comment(base + m.start(1) - 1, base + m.end(1), m.group(1))
            for m in _YAML_COMMENT.finditer(source)]


def build(fields, builder: TextBuilder | None = None) -> TextBuilder:
    """Fields -> one line group each; HTML tags and Markdown marks inside values blanked."""
    builder = builder or TextBuilder()
    for value, origin, region in fields:
        builder.add(blank_inline(value), origin, region)
    return builder


def map_json(source: str):
    return build(json_fields(source)).build()


def map_yaml(source: str):
    return build(yaml_fields(source)).build(yaml_comments(source))
