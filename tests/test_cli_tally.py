"""Streamed output keeps one shared stand-in per kind of file, not every file's findings."""

from __future__ import annotations

from postlint.cli import _tally
from postlint.model import FileResult, Finding, Level, RunResult


def result(path: str, levels: list[Level], error: str | None = None) -> FileResult:
    findings = [
        Finding(rule="P.R", kind="existence", level=lv, message=f"m{i}", offset=i, end_offset=i + 1)
        for i, lv in enumerate(levels)
    ]
    return FileResult(path, findings=findings, error=error)


def test_tallies_keep_summary_worst_level_and_errors() -> None:
    files = [
        result("a.md", [Level.WARNING, Level.SUGGESTION, Level.WARNING]),
        result("b.md", []),
        result("c.md", [Level.ERROR], error="c.md: malformed front matter (line 4)"),
    ]
    full, tallied = RunResult(files), RunResult([_tally(r) for r in files])
    assert (
        tallied.summary()
        == full.summary()
        == {
            "files": 3,
            "errors": 1,
            "warnings": 2,
            "suggestions": 1,
            "file_errors": 1,
        }
    )
    assert tallied.worst() == full.worst() == Level.ERROR
    assert [bool(r.error) for r in tallied.files] == [False, False, True]


def test_files_with_the_same_counts_share_one_tally() -> None:
    a = _tally(result("a.md", [Level.WARNING, Level.SUGGESTION]))
    b = _tally(result("b.md", [Level.SUGGESTION, Level.WARNING]))
    c = _tally(result("c.md", [Level.WARNING, Level.WARNING]))
    d = _tally(result("d.md", [Level.WARNING, Level.SUGGESTION], error="d.md: unreadable"))
    assert a is b
    assert c is not a and d is not a
