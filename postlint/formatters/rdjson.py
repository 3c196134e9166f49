"""reviewdog's Diagnostic Format (rdjson), for ``reviewdog -f=rdjson``.

reviewdog counts columns in UTF-8 bytes, 1-based, the range end exclusive;
postlint counts characters, so columns are converted with the line's text (read
from the linted file; where it cannot be read the character columns are used).
Fixes become ``suggestions``; a file that could not be linted becomes an
``ERROR`` diagnostic with no range.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..baseline import LineReader, ReadLine, relative_path
from ..model import Finding, Level, RunResult
from .sarif import INFORMATION_URI

if TYPE_CHECKING:
    from ..rules import Rule

SEVERITIES = {Level.ERROR: "ERROR", Level.WARNING: "WARNING", Level.SUGGESTION: "INFO"}
SOURCE = {"name": "postlint", "url": INFORMATION_URI}


def _byte_column(line_text: str, column: int) -> int:
    """The 1-based UTF-8 byte column of 1-based character ``column`` in ``line_text``."""
    if not line_text or column < 1:
        return column
    return len(line_text[: column - 1].encode("utf-8")) + 1 + max(column - 1 - len(line_text), 0)


def _range(f: Finding, path: str, read_line: ReadLine) -> dict[str, Any] | None:
    if f.line < 1:
        return None
    end_line = f.end_line if f.end_line >= f.line else f.line
    start = {"line": f.line}
    if f.column >= 1:
        start["column"] = _byte_column(read_line(path, f.line), f.column)
    end = {"line": end_line}
    if f.end_column >= 1:
        end["column"] = _byte_column(read_line(path, end_line), f.end_column)
    return {"start": start, "end": end}


def build(
    run: RunResult, rules: Sequence[Rule], *, root: str = ".", read_line: ReadLine | None = None
) -> dict[str, Any]:
    reader = read_line or LineReader()
    links = {rule.id: rule.link for rule in rules if rule.link}
    diagnostics: list[dict[str, Any]] = []
    for file in sorted(run.files, key=lambda r: relative_path(r.path, root)):
        path = relative_path(file.path, root)
        if file.error:
            diagnostics.append(
                {
                    "message": file.error,
                    "location": {"path": path},
                    "severity": "ERROR",
                    "code": {"value": "postlint.FileError"},
                }
            )
        for f in sorted(file.findings, key=Finding.sort_key):
            location: dict[str, Any] = {"path": path}
            rng = _range(f, file.path, reader)
            if rng:
                location["range"] = rng
            code: dict[str, Any] = {"value": f.rule}
            if f.rule in links:
                code["url"] = links[f.rule]
            diag: dict[str, Any] = {
                "message": f.message or f.rule,
                "location": location,
                "severity": SEVERITIES[f.level],
                "code": code,
            }
            if f.fix is not None and rng:
                diag["suggestions"] = [{"range": rng, "text": f.fix.replacement}]
            diagnostics.append(diag)
    return {"source": SOURCE, "diagnostics": diagnostics}


def render(
    run: RunResult,
    rules: Sequence[Rule],
    *,
    root: str = ".",
    read_line: ReadLine | None = None,
) -> str:
    """rdjson text (one JSON object), ending in a newline."""
    return (
        json.dumps(build(run, rules, root=root, read_line=read_line), indent=2, ensure_ascii=False)
        + "\n"
    )
