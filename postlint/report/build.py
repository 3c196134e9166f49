"""Turn a :class:`~postlint.model.RunResult` into the rows and totals of an editors' report.

This is the one place that decides what the report *says*; the HTML, CSV and
JSON writers only lay it out. Keeping it a plain data step means a library user
can call ``build_report(run)`` and use the numbers without rendering anything.

Metrics may be missing for any post (its rule is switched off, or the file could
not be read), so every metric here is ``None``-tolerant and every total counts
only the posts that have the value.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..__about__ import __version__
from ..document import _NEWLINE_RE  # the Document's own line breaks, so line numbers agree
from ..inputs import read_file
from ..model import FileResult, Finding, Level, RunResult

#: Levels from most to least severe, as labels; the order used in every table.
LEVEL_LABELS: tuple[str, ...] = tuple(lv.label for lv in sorted(Level, reverse=True))

#: Largest source file the report reads back to show findings in context (bytes).
MAX_SOURCE_BYTES = 10 * 1024 * 1024

SourceReader = Callable[[str], "str | None"]


@dataclass(frozen=True)
class ReportOptions:
    """Presentation settings; none of them changes what counts as a finding."""

    #: Characters of the line shown on each side of a finding's match.
    context_chars: int = 70
    #: A longer match (a whole paragraph) is cut to this many characters.
    max_match_chars: int = 160
    #: Report title shown in the page heading.
    title: str = "postlint report"
    #: Shown under the title when given; never generated, so output stays deterministic.
    generated: str | None = None


@dataclass(frozen=True)
class Context:
    """The source line around a finding: ``before`` + ``match`` + ``after``.

    ``clipped_*`` say whether text was left out on that side, so the page can show
    an ellipsis without guessing.
    """

    line: int
    before: str
    match: str
    after: str
    clipped_before: bool = False
    clipped_match: bool = False
    clipped_after: bool = False


@dataclass(frozen=True)
class FindingRow:
    """One finding of one post, with its line in context when the source could be read."""

    finding: Finding
    context: Context | None

    def to_dict(self) -> dict[str, Any]:
        return self.finding.to_dict()


@dataclass
class PostRow:
    """One post: its headline metrics, counts per level and findings."""

    path: str
    status: str
    metrics: dict[str, Any]
    counts: dict[str, int]
    findings: list[FindingRow]
    error: str | None = None

    @property
    def rules(self) -> list[str]:
        """Rule ids with at least one finding here, sorted (the table's rule filter reads them)."""
        return sorted({row.finding.rule for row in self.findings})

    @property
    def pairs(self) -> list[str]:
        """``rule:level`` of each kind of finding here, so the page can filter on both at once."""
        return sorted({f"{row.finding.rule}:{row.finding.level.label}" for row in self.findings})

    def metric(self, name: str) -> Any:
        return self.metrics.get(name)

    @property
    def readtime_findings(self) -> int:
        return sum(1 for row in self.findings if row.finding.kind == "readtime")

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status,
            "error": self.error,
            "counts": dict(self.counts),
            "metrics": dict(self.metrics),
            "findings": [row.to_dict() for row in self.findings],
        }


@dataclass
class Summary:
    """The numbers on the report's cards."""

    posts: int = 0
    words: int = 0
    findings: int = 0
    by_level: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVEL_LABELS, 0))
    undisclosed_promotion: int = 0
    missing_attribution: int = 0
    readtime_mismatches: int = 0
    file_errors: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "posts": self.posts,
            "words": self.words,
            "findings": self.findings,
            "by_level": dict(self.by_level),
            "undisclosed_promotion": self.undisclosed_promotion,
            "missing_attribution": self.missing_attribution,
            "readtime_mismatches": self.readtime_mismatches,
            "file_errors": self.file_errors,
        }


@dataclass
class ReportData:
    """Everything the writers need, in display order."""

    posts: list[PostRow]
    summary: Summary
    by_rule: list[tuple[str, int]]
    options: ReportOptions = field(default_factory=ReportOptions)

    def values(self, metric: str) -> list[float]:
        """A numeric metric over all posts that have it (for the distribution charts)."""
        out = []
        for post in self.posts:
            value = post.metric(metric)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                out.append(float(value))
        return out

    @property
    def rule_ids(self) -> list[str]:
        return sorted(rule for rule, _ in self.by_rule)

    @property
    def statuses(self) -> list[str]:
        present = {post.status for post in self.posts}
        return [s for s in STATUS_ORDER if s in present]

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` file: the summary, findings per rule, then one entry per post."""
        return {
            "postlint": __version__,
            "summary": self.summary.to_dict(),
            "findings_by_rule": dict(self.by_rule),
            "files": [post.to_dict() for post in self.posts],
        }


#: A post's status is its worst outcome: a file that could not be linted fully comes
#: first (its findings may be incomplete), then the most severe finding, else clean.
STATUS_ORDER: tuple[str, ...] = ("file error", "errors", "warnings", "suggestions", "clean")


def post_status(result: FileResult) -> str:
    if result.error:
        return "file error"
    worst = result.worst()
    return "clean" if worst is None else worst.label + "s"


def read_source_file(path: str) -> str | None:
    """The file's text as the linter decoded it, or None when it is gone or unreadable."""
    return read_file(path, MAX_SOURCE_BYTES).text


def build_report(
    run: RunResult,
    *,
    options: ReportOptions | None = None,
    read_source: SourceReader = read_source_file,
    root: str | None = None,
) -> ReportData:
    """Collect per-post rows, the summary and findings per rule from a finished run.

    ``read_source`` is called once per post with findings to show each finding's
    line in context; return None when the text is not available (the finding is
    then shown without context). ``root`` makes display paths relative to it.
    """
    options = options or ReportOptions()
    posts = [_post_row(result, options, read_source, root) for result in run.files]
    return ReportData(posts, _summary(posts), _by_rule(run.findings), options)


def _post_row(
    result: FileResult, options: ReportOptions, reader: SourceReader, root: str | None
) -> PostRow:
    lines = _source_lines(reader, result.path) if result.findings else None
    rows = [FindingRow(f, _context(f, lines, options)) for f in result.findings]
    counts = {label: 0 for label in LEVEL_LABELS}
    for f in result.findings:
        counts[f.level.label] += 1
    return PostRow(
        path=_display_path(result.path, root),
        status=post_status(result),
        metrics=dict(result.metrics),
        counts=counts,
        findings=rows,
        error=result.error,
    )


def _display_path(path: str, root: str | None) -> str:
    if root is None or not os.path.isabs(path):
        return path
    rel = os.path.relpath(path, root)
    return path if rel.startswith("..") else rel


def _source_lines(reader: SourceReader, path: str) -> list[str] | None:
    try:
        text = reader(path)
    except OSError:
        return None
    return None if text is None else _NEWLINE_RE.split(text)


def _context(finding: Finding, lines: list[str] | None, options: ReportOptions) -> Context | None:
    """The match with up to ``context_chars`` of its line on each side.

    A match that spans lines (a sentence wrapped in the source) is joined into one
    line with spaces; a match longer than ``max_match_chars`` (a whole paragraph)
    is cut, and then shown without the text after it.
    """
    if lines is None or not 1 <= finding.line <= finding.end_line <= len(lines):
        return None
    first, last = lines[finding.line - 1], lines[finding.end_line - 1]
    start = _clamp(finding.column - 1, len(first))
    end = _clamp(finding.end_column - 1, len(last))
    if finding.end_line == finding.line:
        end = max(end, start)
        match = first[start:end]
    else:
        middle = lines[finding.line : finding.end_line - 1]
        match = " ".join([first[start:], *middle, last[:end]])
    width = options.context_chars
    before_start = max(0, start - width)
    before = first[before_start:start]
    if len(match) > options.max_match_chars:
        cut = match[: options.max_match_chars]
        return Context(finding.line, before, cut, "", before_start > 0, clipped_match=True)
    after_end = min(len(last), end + width)
    return Context(
        finding.line,
        before,
        match,
        last[end:after_end],
        clipped_before=before_start > 0,
        clipped_after=after_end < len(last),
    )


def _clamp(index: int, length: int) -> int:
    return min(max(index, 0), length)


def _summary(posts: Iterable[PostRow]) -> Summary:
    summary = Summary()
    for post in posts:
        summary.posts += 1
        words = post.metric("words")
        summary.words += words if isinstance(words, int) else 0
        for label, count in post.counts.items():
            summary.by_level[label] += count
            summary.findings += count
        summary.undisclosed_promotion += int(post.metric("promo") == "undisclosed")
        summary.missing_attribution += int(post.metric("attribution") == "missing")
        summary.readtime_mismatches += int(post.readtime_findings > 0)
        summary.file_errors += int(post.error is not None)
    return summary


def _by_rule(findings: Iterable[Finding]) -> list[tuple[str, int]]:
    """Findings per rule, most frequent first (ties by rule id, so output is stable)."""
    counts = Counter(f.rule for f in findings)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
