"""``regenwatch normalize [PATH|-] [--explain]``: the body of the subcommand.

Why a separate function: the CLI owner wires it into ``cli.py``; this module only reads the
input, runs ``normalize`` and prints. Exit codes follow decisions.md: 0 on success, 2 with a
one-line error for a missing, binary or undecodable file.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from . import normalize

_BINARY_SNIFF = 8192
_SURROGATE = re.compile("[\ud800-\udfff]")


class InputError(Exception):
    pass


def read_input(path_or_dash: str) -> str:
    """Text of a UTF-8 file or of stdin (``-``); a leading BOM is removed."""
    if path_or_dash == "-":
        data = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        p = Path(path_or_dash)
        name = str(p)
        try:
            data = p.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{name}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{name}: is a directory") from None
        except OSError as exc:
            raise InputError(f"{name}: {exc.strerror or exc}") from None
    if b"\x00" in data[:_BINARY_SNIFF] and not _looks_utf16(data):
        raise InputError(f"{name}: binary file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid UTF-8 (byte {exc.start})") from None
    return text[1:] if text.startswith("\ufeff") else text


def _looks_utf16(data: bytes) -> bool:
    return data[:2] in (b"\xff\xfe", b"\xfe\xff")


def run_normalize(path_or_dash: str, explain: bool) -> int:
    """Print the normalised text, or with ``explain`` one line per change. Returns the exit code."""
    try:
        text = read_input(path_or_dash)
    except InputError as exc:
        print(f"regenwatch normalize: error: {exc}", file=sys.stderr)
        return 2
    norm = normalize(text)
    out = sys.stdout
    if explain:
        for c in norm.changes:
            flag = "" if c.counted else "  (not counted)"
            out.write(f"{c.kind}\t{c.start}:{c.end}\t{c.original!r} -> {c.replacement!r}{flag}\n")
        summary = norm.summary()
        out.write(f"# {len(norm.changes)} changes, {summary['changed_chars']} characters\n")
    else:
        out.write(_printable(norm.text))
        if norm.text and not norm.text.endswith("\n"):
            out.write("\n")
    out.flush()
    return 0


def _printable(text: str) -> str:
    """Lone surrogates cannot be printed; show them as U+FFFD (the text itself keeps them)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
