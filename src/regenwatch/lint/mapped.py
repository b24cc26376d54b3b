"""The text a file is checked as, and where each of its characters came from.

Every format (HTML, Markdown, JSON, YAML, plain text) becomes one `Mapped`: the text that
`api.check()` reads plus `origin`, the source offset of each character. Findings carry
offsets into the checked text; `origin` turns them into source offsets, and `LineIndex` turns
those into the 1-based line and column a person's editor shows. Keeping one array per
character (instead of per-format arithmetic) lets every format share the suppression and
reporting code, and makes position tests format-independent.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Comment:
    """A comment in the source that may hold a suppression (`body` is its inner text)."""

    start: int
    end: int
    body: str


@dataclass
class Mapped:
    text: str
    origin: list[int]  # origin[i] = source offset of text[i]; len(origin) == len(text)
    # Source ranges a suppression can target ("the next block"), in any order.
    regions: list[tuple[int, int]] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    blocks: tuple = ()  # extraction blocks (HTML) passed on to check()

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source [start, end) of the checked text's [start, end) (end exclusive)."""
        if not self.origin:
            return 0, 0
        s = self.origin[min(start, len(self.origin) - 1)]
        last = self.origin[min(max(end - 1, start), len(self.origin) - 1)]
        return s, max(last + 1, s + 1)


class TextBuilder:
    """Joins pieces of text, each with its own origins, one piece per line group.

    Pieces are separated by a newline (the segmenter's hard boundary), whose origin is the
    end of the piece before it, so no sentence runs from one field into the next.
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.origin: list[int] = []
        self.regions: list[tuple[int, int]] = []

    def add(self, text: str, origin: list[int], region: tuple[int, int] | None = None) -> None:
        assert len(text) == len(origin)
        if not text:
            return
        if self.parts:
            self.parts.append("\n")
            self.origin.append(self.origin[-1])
        self.parts.append(text)
        self.origin.extend(origin)
        if region is not None:
            self.regions.append(region)

    def build(self, comments: list[Comment] | None = None) -> Mapped:
        return Mapped("".join(self.parts), self.origin, self.regions, comments or [])


class LineIndex:
    """Source offset -> (line, column), both 1-based, columns in code points."""

    def __init__(self, source: str) -> None:
        self.starts = [0]
        i = source.find("\n")
        while i >= 0:
            self.starts.append(i + 1)
            i = source.find("\n", i + 1)

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        line = max(1, min(line, len(self.starts)))
        return self.starts[line - 1] + max(0, column - 1)


def identity(text: str, base: int = 0) -> list[int]:
    return list(range(base, base + len(text)))
