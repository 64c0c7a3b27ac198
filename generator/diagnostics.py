"""Messages about content, located by file and line, and the one exception that carries them."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "fel"
    WARNING = "varning"


@dataclass(frozen=True, order=True)
class Location:
    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    location: Location
    severity: Severity
    message: str

    @property
    def sort_key(self) -> tuple:
        return (self.location, self.severity != Severity.ERROR, self.message)

    def __str__(self) -> str:
        return f"{self.location}: {self.severity.value}: {self.message}"


@dataclass
class Report:
    """Collects every diagnostic of a run so that all are reported at once."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.diagnostics.append(Diagnostic(location, Severity.ERROR, message))

    def warning(self, location: Location, message: str) -> None:
        self.diagnostics.append(Diagnostic(location, Severity.WARNING, message))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity == Severity.WARNING]

    def sorted(self) -> list[Diagnostic]:
        unique = {(d.location, d.severity, d.message): d for d in self.diagnostics}
        return sorted(unique.values(), key=lambda d: d.sort_key)

    def summary(self) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        if not errors and not warnings:
            return "Innehållet är giltigt: inga fel, inga varningar."
        return f"{_count(errors, 'fel', 'fel')}, {_count(warnings, 'varning', 'varningar')}."


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class ContentError(Exception):
    """The content has errors; the build must stop before writing any page."""

    def __init__(self, report: Report):
        self.report = report
        lines = [str(d) for d in report.sorted()] + [report.summary()]
        super().__init__("\n".join(lines))


def display_path(path: Path) -> str:
    """The path as the editor typed it: relative to the working directory when possible."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def suggestion(wrong: str, candidates: Iterable[str]) -> str:
    """' Menade du "x"?' for the closest candidate, or ''."""
    close = difflib.get_close_matches(wrong, sorted(set(candidates)), n=1, cutoff=0.6)
    return f' Menade du "{close[0]}"?' if close else ""
