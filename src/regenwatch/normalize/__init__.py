"""Placeholder interface of the normaliser (issue 3): identity until the real one lands."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    kind: str
    start: int  # original offsets
    end: int
    original: str
    replacement: str
    counted: bool = True


@dataclass(frozen=True)
class Normalized:
    text: str
    original: str
    changes: tuple[Change, ...] = ()

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        return start, end


def normalize(text: str) -> Normalized:
    return Normalized(text=text, original=text)


def obfuscation_runs(norm: Normalized) -> list[tuple[int, int, int, dict[str, int]]]:
    return []
