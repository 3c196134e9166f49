"""CSV files for spreadsheets: one row a finding, and one row a post.

Both files start with a UTF-8 byte-order mark, because Excel reads a CSV without
one as the local code page and garbles every non-ASCII character; LibreOffice,
pandas (``encoding="utf-8-sig"``) and Python's csv module read it fine. Rows end
in CRLF (RFC 4180). A text cell that a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, tab or CR: linted text is untrusted)
gets a leading apostrophe, the usual guard against CSV injection; pass
``spreadsheet_safe=False`` for the raw text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from .build import LEVEL_LABELS, ReportData

BOM = "\ufeff"

FINDING_COLUMNS: tuple[str, ...] = (
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "rule",
    "kind",
    "level",
    "message",
    "match",
    "context",
    "fix",
    "evidence",
)

POST_COLUMNS: tuple[str, ...] = (
    "path",
    "status",
    "words",
    "flesch_kincaid_grade",
    "flesch_reading_ease",
    "read_time_minutes",
    "declared_read_time_minutes",
    "promo",
    "attribution",
    "findings",
    *(label + "s" for label in LEVEL_LABELS),
    "rules",
    "file_error",
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def findings_csv(data: ReportData, *, spreadsheet_safe: bool = True) -> str:
    """One row per finding, posts in report order, findings in position order."""
    rows = []
    for post in data.posts:
        for item in post.findings:
            f = item.finding
            context = item.context
            rows.append(
                {
                    "path": post.path,
                    "line": f.line,
                    "column": f.column,
                    "end_line": f.end_line,
                    "end_column": f.end_column,
                    "rule": f.rule,
                    "kind": f.kind,
                    "level": f.level.label,
                    "message": f.message,
                    "match": f.match,
                    "context": _context_text(context) if context else "",
                    "fix": f.fix.replacement if f.fix else "",
                    "evidence": "; ".join(f.evidence),
                }
            )
    return _write(FINDING_COLUMNS, rows, spreadsheet_safe)


def summary_csv(data: ReportData, *, spreadsheet_safe: bool = True) -> str:
    """One row per post with its headline metrics (empty when missing) and counts."""
    rows = []
    for post in data.posts:
        row: dict[str, Any] = {name: post.metric(name) for name in POST_COLUMNS}
        row.update(
            path=post.path,
            status=post.status,
            findings=len(post.findings),
            rules=" ".join(post.rules),
            file_error=post.error or "",
        )
        row.update({label + "s": post.counts[label] for label in LEVEL_LABELS})
        rows.append(row)
    return _write(POST_COLUMNS, rows, spreadsheet_safe)


def _context_text(context) -> str:
    before = ("…" if context.clipped_before else "") + context.before
    after = ("…" if context.clipped_match else "") + context.after
    return before + context.match + after + ("…" if context.clipped_after else "")


def _write(columns: Sequence[str], rows: Iterable[dict[str, Any]], safe: bool) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value, safe) for key, value in row.items()})
    return BOM + buffer.getvalue()


def _cell(value: Any, safe: bool) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if safe and isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
