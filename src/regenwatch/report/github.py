"""GitHub Actions workflow commands: one `::error`/`::warning` line per diagnostic.

A step that prints these gets each finding as an annotation on the pull request's diff at
the file, line and column. Values are escaped as the runner expects (`%`, CR and LF in the
message; also `:` and `,` in properties), or a message with a comma would cut the title.
"""

from __future__ import annotations


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(d) -> str:
    """`d` has path, line, column, end_line, end_column, code, name, level, message, quote."""
    props = [f"file={_prop(d.path)}", f"line={d.line}", f"col={d.column}",
             f"endLine={d.end_line}", f"endColumn={d.end_column}", f"title={_prop(d.code)}"]
    message = f"{d.code} {d.name}: {d.message}"
    if d.quote:
        message += f' ("{d.quote}")'
    return f"::{d.level} {','.join(props)}::{_data(message)}"


def render(diagnostics) -> str:
    return "".join(annotation(d) + "\n" for d in diagnostics)
