"""SARIF 2.1.0 for code-scanning tools (GitHub, Azure DevOps, VS Code's SARIF viewer).

Takes plain diagnostics (anything with path, line, column, end_line, end_column, code,
level, message, quote) and rule descriptions, so it imports no face. Columns count Unicode
code points (`columnKind`), the unit regenwatch reports everywhere; `endColumn` is exclusive
as SARIF defines it. URIs are relative to the directory the linter ran in (`%SRCROOT%`), which
is what GitHub needs to place an alert on a file of the repository.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"


def _artifact(path: str) -> dict[str, str]:
    p = Path(path)
    if p.is_absolute():  # outside the directory the linter ran in
        return {"uri": p.as_uri()}
    return {"uri": quote(p.as_posix()), "uriBaseId": "%SRCROOT%"}


def rule_descriptor(code: str, name: str, category: str, level: str, message: str,
                    why: str) -> dict[str, Any]:
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": message},
        "fullDescription": {"text": why},
        "help": {"text": f"{why}\n\n`regenwatch rules {code}` explains the rule with examples.",
                 "markdown": f"{why}\n\n`regenwatch rules {code}` explains the rule with "
                             "examples."},
        "defaultConfiguration": {"level": level},
        "properties": {"category": category, "tags": [category]},
    }


def to_sarif(diagnostics, rules: list[dict[str, Any]], version: str,
             root_uri: str | None = None) -> dict[str, Any]:
    """One run; `rules` are descriptors (see `rule_descriptor`), referenced by index."""
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    for d in diagnostics:
        region: dict[str, Any] = {"startLine": d.line, "startColumn": d.column,
                                  "endLine": d.end_line, "endColumn": d.end_column}
        if d.quote:
            region["snippet"] = {"text": d.quote}
        location = {"physicalLocation": {
            "artifactLocation": _artifact(d.path),
            "region": region}}
        result: dict[str, Any] = {"ruleId": d.code, "level": d.level,
                                  "message": {"text": d.message}, "locations": [location]}
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        results.append(result)
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "regenwatch", "version": version,
                            "informationUri": "https://pypi.org/project/regenwatch/",
                            "rules": rules}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if root_uri:
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": root_uri}}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
