"""Render a :class:`~postlint.report.build.ReportData` as one self-contained HTML page.

Jinja2 with autoescaping on renders ``templates/report.html.j2``; every piece of
linted text, path and rule message goes through it, so a post containing
``<script>`` shows that text instead of running it. The stylesheet and the small
sort/filter script are read from ``templates/`` and inlined, and the charts are
inline SVG (see :mod:`postlint.report.charts`): the page needs no network.
Nothing time-dependent is rendered unless the caller passes ``generated``.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..__about__ import __version__
from . import charts
from .build import LEVEL_LABELS, STATUS_ORDER, ReportData

TEMPLATES = Path(__file__).parent / "templates"

#: How metric values read on the page, and whether they are good, bad or neutral news.
VERDICTS: dict[str, tuple[str, str]] = {
    "undisclosed": ("undisclosed", "bad"),
    "disclosed": ("disclosed", "ok"),
    "missing": ("missing", "bad"),
    "named_unlinked": ("named, no link", "warn"),
    "linked": ("linked", "ok"),
    "not_needed": ("not needed", "neutral"),
    "none": ("none", "neutral"),
}


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["number"] = format_number
    env.filters["verdict"] = verdict_label
    env.filters["tone"] = verdict_tone
    return env


def format_number(value: Any, digits: int = 1) -> str:
    """12.41 -> '12.4', 5 -> '5', None -> '—' (the table shows a dash for a missing metric)."""
    if value is None or isinstance(value, bool):
        return "—"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def verdict_label(value: Any) -> str:
    if value is None:
        return "—"
    return VERDICTS.get(str(value), (str(value).replace("_", " "), "neutral"))[0]


def verdict_tone(value: Any) -> str:
    return VERDICTS.get(str(value), ("", "neutral"))[1]


def sort_value(value: Any) -> str:
    """A table cell's ``data-sort``: numbers as numbers, missing as empty (sorted last)."""
    if value is None or isinstance(value, bool):
        return ""
    return str(value)


def render_html(data: ReportData) -> str:
    """The report page as a string (same data, same bytes)."""
    template = _environment().get_template("report.html.j2")
    script = "\n" + _static("report.js") + "\n"
    return template.render(
        data=data,
        summary=data.summary,
        options=data.options,
        version=__version__,
        levels=LEVEL_LABELS,
        status_rank={s: i for i, s in enumerate(STATUS_ORDER)},
        charts=_charts(data),
        sort_value=sort_value,
        css=Markup(_static("report.css")),
        script=Markup(script),
        script_hash=_csp_hash(script),
    )


def _charts(data: ReportData) -> list[dict[str, Any]]:
    """Each chart with a heading and a note on how many posts it leaves out."""
    grades = data.values("flesch_kincaid_grade")
    minutes = data.values("read_time_minutes")
    posts = len(data.posts)
    return [
        {
            "id": "chart-grade",
            "heading": "Reading grade (Flesch–Kincaid)",
            "svg": charts.histogram(
                grades, title="Posts by reading grade", unit="posts", min_step=1.0
            ),
            "note": _missing_note(posts - len(grades)),
        },
        {
            "id": "chart-readtime",
            "heading": "Estimated read time (minutes)",
            "svg": charts.histogram(
                minutes, title="Posts by read time", unit="posts", min_step=1.0
            ),
            "note": _missing_note(posts - len(minutes)),
        },
        {
            "id": "chart-rules",
            "heading": "Findings by rule",
            "svg": charts.bar_chart(data.by_rule, title="Findings by rule"),
            "note": "",
        },
    ]


def _missing_note(missing: int) -> str:
    if not missing:
        return ""
    return f"{missing} post{'s' if missing != 1 else ''} without this metric left out."


def _csp_hash(script: str) -> str:
    """The Content-Security-Policy source that lets exactly our inline script run.

    Anything else that ended up in the page as a script (it should not: the text is
    escaped) is then blocked by the browser too.
    """
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@lru_cache(maxsize=4)
def _static(name: str) -> str:
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    if "</" in text and name.endswith(".js"):
        raise ValueError(f"{name} must not contain '</' (it is inlined in a <script>)")
    return text
