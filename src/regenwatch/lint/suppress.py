"""Inline suppressions: `regenwatch: ignore RW401` in a comment, for the next block only.

Forms: `<!-- regenwatch: ignore RW401 -->` in HTML and Markdown, `[//]: # (regenwatch:
ignore RW401)` in Markdown (a link definition no renderer shows), `# regenwatch: ignore
RW401` in YAML and YAML front matter. JSON has no comments: use `exclude` or `--ignore`.

Scope: the next block after the comment in the source: the next element's text in HTML,
the next paragraph, list or table (run of non-blank lines) in Markdown and text, the next
string value in YAML. A narrow scope keeps a suppression from hiding the same claim made
again further down the page. Several codes may be listed (`RW401, RW602`).

Like ruff's `noqa` + RUF100: a suppression must name rule codes (a bare `ignore` would hide
anything, so it suppresses nothing and is reported as RW002 invalid-suppression, as is an
unknown code), and a code that suppressed nothing is reported as RW001 unused-suppression.
RW0xx is outside every category range (RW1xx-RW9xx), so these never mix with claim rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from regenwatch.lint.mapped import Comment, Mapped

_DIRECTIVE = re.compile(r"regenwatch\s*:\s*(ignore|noqa|disable)\b(.*)", re.I | re.S)
_CODE = re.compile(r"\bRW\d{3}\b", re.I)

UNUSED = ("RW001", "unused-suppression")
INVALID = ("RW002", "invalid-suppression")


@dataclass
class Suppression:
    comment: Comment
    codes: tuple[str, ...]
    target: tuple[int, int] | None
    problem: str | None = None  # set when the directive is invalid
    used: set[str] = field(default_factory=set)

    def covers(self, rule: str, source_start: int) -> bool:
        if self.problem or self.target is None or rule not in self.codes:
            return False
        return self.target[0] <= source_start < self.target[1]


def parse(mapped: Mapped, known_codes: frozenset[str]) -> list[Suppression]:
    regions = sorted(mapped.regions)
    out = []
    for c in mapped.comments:
        m = _DIRECTIVE.search(c.body)
        if not m:
            continue
        rest = m.group(2)
        codes = tuple(dict.fromkeys(x.upper() for x in _CODE.findall(rest)))
        target = next((r for r in regions if r[0] >= c.end), None)
        problem = None
        if m.group(1).lower() != "ignore":
            problem = f"use 'regenwatch: ignore RWxxx', not '{m.group(1)}'"
        elif not codes:
            problem = "a suppression must name the rule codes it ignores (RW401...)"
        else:
            unknown = [x for x in codes if x not in known_codes]
            if unknown:
                problem = f"unknown rule code {', '.join(unknown)}"
        out.append(Suppression(c, codes, target, problem))
    return out


def apply(findings, suppressions: list[Suppression], source_start) -> tuple[list, list]:
    """Split findings into (kept, suppressed); marks the codes each suppression used."""
    kept, dropped = [], []
    for f in findings:
        start = source_start(f)
        hit = next((s for s in suppressions if s.covers(f.rule, start)), None)
        if hit is None:
            kept.append(f)
        else:
            hit.used.add(f.rule)
            dropped.append(f)
    return kept, dropped
