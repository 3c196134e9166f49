"""Editors' batch reports: build the data once, then write HTML, CSV or JSON from it.

    from postlint.report import build_report, render_html, findings_csv
    data = build_report(run)           # run: a postlint.model.RunResult
    html = render_html(data)           # one self-contained page

``render_html`` needs Jinja2 and is imported only when used, so the CSV and JSON
writers (and ``postlint check``) never pay for it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .build import (
    Context,
    FindingRow,
    PostRow,
    ReportData,
    ReportOptions,
    Summary,
    build_report,
)
from .csv import findings_csv, summary_csv

if TYPE_CHECKING:
    from .html import render_html as render_html

__all__ = [
    "Context",
    "FindingRow",
    "PostRow",
    "ReportData",
    "ReportOptions",
    "Summary",
    "build_report",
    "findings_csv",
    "render_html",
    "report_json",
    "summary_csv",
]


def report_json(data: ReportData) -> str:
    """The ``--json`` file: summary, findings per rule and each post with its findings."""
    return json.dumps(data.to_dict(), indent=2, ensure_ascii=False) + "\n"


def __getattr__(name: str):
    if name == "render_html":
        from .html import render_html

        return render_html
    raise AttributeError(name)
