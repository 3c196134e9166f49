"""Smoke test: a deterministic sample of real posts lints cleanly with every shipped pack.

The corpus lives outside the project (../shared/corpus/docs); without it the test
is skipped, so the project never depends on it to pass.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from postlint.config import Config
from postlint.engine import Linter

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"
SAMPLE_SIZE = 40


def sample() -> list[Path]:
    """Every n-th file in name order: the same 40 files on every run, spread over the corpus."""
    files = sorted(p for p in CORPUS.iterdir() if p.is_file())
    step = max(len(files) // SAMPLE_SIZE, 1)
    return files[::step][:SAMPLE_SIZE]


@pytest.fixture(scope="module")
def results():
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    files = sample()
    linter = Linter(config=Config())
    return files, list(linter.lint_paths([str(p) for p in files]))


def test_no_file_gets_an_error(results):
    files, linted = results
    assert [r.path for r in linted] == [str(p) for p in files]
    assert {r.path: r.error for r in linted if r.error} == {}


def test_every_finding_points_at_its_match(results):
    files, linted = results
    wrong = []
    for path, result in zip(files, linted, strict=True):
        lines = _lines(path.read_text(encoding="utf-8-sig"))
        for f in result.findings:
            assert 1 <= f.line <= f.end_line <= len(lines), (path.name, f)
            assert 1 <= f.column <= len(lines[f.line - 1]) + 1, (path.name, f)
            if f.end_line == f.line:
                assert f.column <= f.end_column, (path.name, f)
            text = _span_text(lines, f.line, f.column, f.end_line, f.end_column)
            if text != f.match:
                wrong.append((path.name, f.rule, f.line, f.column, f.match, text))
    assert wrong == []


def test_metrics_are_present(results):
    _, linted = results
    for result in linted:
        assert result.metrics["words"] > 0, result.path
        assert result.metrics["sentences"] > 0, result.path


def _lines(text: str) -> list[str]:
    """Lines as postlint counts them: only CRLF, CR and LF end a line (not U+2028, form feed...)."""
    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)


def _span_text(lines: list[str], line: int, col: int, end_line: int, end_col: int) -> str:
    """The source text between two 1-based (line, column) positions."""
    if line == end_line:
        return lines[line - 1][col - 1 : end_col - 1]
    parts = [lines[line - 1][col - 1 :]]
    parts.extend(lines[line : end_line - 1])
    parts.append(lines[end_line - 1][: end_col - 1])
    return "".join(parts)
