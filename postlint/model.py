"""The values that flow out of the engine: levels, findings, fixes and per-file results.

Everything a formatter, a report or a library user reads is defined here, so the
JSON contract (docs/json-format.md) has one source of truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from operator import attrgetter
from typing import Any


class Level(IntEnum):
    """Severity of a finding. Ordered so that ``level >= Level.WARNING`` reads naturally."""

    SUGGESTION = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Level:
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown level {name!r}; expected one of: error, warning, suggestion"
            ) from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Fix:
    """A proposed edit: replace the finding's span with ``replacement``."""

    replacement: str
    description: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"replacement": self.replacement, "description": self.description}


@dataclass
class Finding:
    """One problem in one file.

    ``offset``/``end_offset`` index the decoded source text; ``line``/``column``
    (1-based, columns counted in characters) are filled in by the engine from them.
    ``evidence`` names the signals that made a content check fire, so an author can
    see why (e.g. ``["segue: 'Speaking of which'", "superlative: 'the leading provider'"]``).
    """

    rule: str
    kind: str
    level: Level
    message: str
    offset: int
    end_offset: int
    match: str = ""
    fix: Fix | None = None
    evidence: list[str] = field(default_factory=list)
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0

    def sort_key(self) -> tuple:
        return FINDING_ORDER(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "kind": self.kind,
            "level": self.level.label,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "match": self.match,
            "fix": self.fix.to_dict() if self.fix else None,
            "evidence": list(self.evidence),
        }


#: The order findings are shown in (``Finding.sort_key``), as a key function that
#: builds the tuple in C: the engine sorts every file's findings with it.
FINDING_ORDER = attrgetter("line", "column", "rule", "end_line", "end_column", "message")


@dataclass
class FileResult:
    """The outcome of linting one file (or one string).

    ``error`` is set when the file could not be linted fully (unreadable, binary,
    undecodable bytes, malformed front matter); findings and metrics then hold what
    could still be computed.
    """

    path: str
    findings: list[Finding] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    notices: list[str] = field(default_factory=list)

    def count(self, level: Level) -> int:
        return sum(1 for f in self.findings if f.level == level)

    def worst(self) -> Level | None:
        return max((f.level for f in self.findings), default=None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "error": self.error,
            "metrics": self.metrics,
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass
class RunResult:
    """All files of one run, in input order."""

    files: list[FileResult] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.files for f in r.findings]

    def summary(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "errors": sum(r.count(Level.ERROR) for r in self.files),
            "warnings": sum(r.count(Level.WARNING) for r in self.files),
            "suggestions": sum(r.count(Level.SUGGESTION) for r in self.files),
            "file_errors": sum(1 for r in self.files if r.error),
        }

    def worst(self) -> Level | None:
        return max((lv for r in self.files if (lv := r.worst()) is not None), default=None)
