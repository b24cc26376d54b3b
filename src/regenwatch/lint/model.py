"""What `regenwatch lint` reports: diagnostics at file:line:column, and a verdict per file.

A diagnostic is either a claim finding (its severity comes from its category, as everywhere
in regenwatch) or one of the linter's own RW0xx checks on suppression comments. Lines and
columns are 1-based and count code points; `end_column` is exclusive (one past the last
character), as SARIF's `endColumn` is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from regenwatch.model import VERDICTS

LEVELS = {"high": "error", "medium": "warning"}
# The linter's own codes: RW0xx lies below every category range (RW1xx-RW9xx).
META_RULES = {
    "RW001": ("unused-suppression", "medium",
              "A suppression comment names a rule that found nothing in the block it covers.",
              "A stale suppression hides the next claim of that kind someone adds to the "
              "block, and tells a reviewer a claim is there when it is not. Remove the code "
              "from the comment (or the comment)."),
    "RW002": ("invalid-suppression", "high",
              "A suppression comment names no rule code, or an unknown one.",
              "A suppression must say which claim it accepts, so a reviewer can judge it and "
              "it cannot hide other claims; `regenwatch: ignore` alone suppresses nothing. "
              "Write `regenwatch: ignore RW401` with the code from the finding."),
}


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    category: str
    severity: str  # "high" or "medium"
    message: str
    quote: str = ""

    @property
    def level(self) -> str:
        return LEVELS.get(self.severity, "warning")

    @property
    def is_meta(self) -> bool:
        return self.code in META_RULES

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "column": self.column,
                "end_line": self.end_line, "end_column": self.end_column, "code": self.code,
                "name": self.name, "category": self.category, "severity": self.severity,
                "level": self.level, "message": self.message, "quote": self.quote}


@dataclass
class FileResult:
    path: str  # as shown: relative to the current directory where possible, "/" separators
    kind: str  # html, markdown, json, yaml, text
    verdict: str | None = None
    verdict_reasons: list[str] = field(default_factory=list)
    lang: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    suppressed: int = 0
    error: str | None = None

    def reaches(self, fail_on: str) -> bool:
        if self.verdict is None or fail_on == "never":
            return False
        return VERDICTS.index(self.verdict) >= VERDICTS.index(fail_on)

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "kind": self.kind, "verdict": self.verdict,
                "verdict_reasons": list(self.verdict_reasons), "lang": self.lang,
                "suppressed": self.suppressed, "error": self.error,
                "diagnostics": [d.to_json() for d in self.diagnostics]}


@dataclass
class LintRun:
    files: list[FileResult]
    fail_on: str = "high"
    strict: bool = False

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for f in self.files for d in f.diagnostics]

    @property
    def failing(self) -> list[FileResult]:
        return [f for f in self.files if f.reaches(self.fail_on)]

    def exit_code(self) -> int:
        """decisions.md: 2 when nothing could be read; 1 when a file's verdict reaches
        --fail-on; with --strict also 1 for unreadable files and RW0xx diagnostics."""
        if not any(f.error is None for f in self.files):
            return 2
        if self.failing:
            return 1
        if self.strict and any(
                f.error or any(d.is_meta for d in f.diagnostics) for f in self.files):
            return 1
        return 0
