"""Regenerate the findings tables in examples/README.md from postlint's real output.

Run after changing a draft, the example config or a shipped rule:

    python examples/update_readme.py

Each table sits between ``<!-- findings: FILE -->`` and ``<!-- /findings -->``
markers; the prose around the tables (what each draft is, which findings are
right, the known misses) is written by hand and left alone. The tables are
generated, never edited, so they cannot drift from what postlint reports;
tests/test_examples.py checks that they are current.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent
sys.path.insert(0, str(EXAMPLES.parent))

from postlint.engine import Linter  # noqa: E402
from postlint.model import FileResult, Finding  # noqa: E402

README = EXAMPLES / "README.md"
CONFIG = EXAMPLES / ".postlint.yml"
MARKER_RE = re.compile(
    r"(<!-- findings: (?P<name>[\w.-]+) -->\n)(?P<body>.*?)(<!-- /findings -->)", re.S
)
#: The JSON metrics the README shows under each table.
METRICS = ("attribution", "promo", "disclosure", "read_time_display", "declared_read_time_minutes")
MAX_MESSAGE = 320


@cache
def _linter() -> Linter:
    """One linter for every example, so the packs are loaded and compiled once."""
    return Linter(config_file=CONFIG)


def lint_example(name: str) -> FileResult:
    """Lint one example with the example config, as `postlint check examples/` does."""
    return _linter().lint_file(str(EXAMPLES / name))


def _short(message: str) -> str:
    text = " ".join(message.split()).replace("|", "\\|")
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def finding_row(finding: Finding) -> str:
    return (
        f"| {finding.rule} | {finding.line}:{finding.column} | {finding.level.label} "
        f"| {_short(finding.message)} |"
    )


def metrics_line(result: FileResult) -> str:
    shown = ", ".join(f"`{key}`: {_json(result.metrics.get(key))}" for key in METRICS)
    return f"Metrics: {shown}."


def _json(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def table(name: str) -> str:
    """The generated block for one example: findings table and metrics line."""
    result = lint_example(name)
    if result.error:
        raise SystemExit(f"{name}: {result.error}")
    lines = ["| Rule | Line:col | Level | Message |", "| --- | --- | --- | --- |"]
    lines += [finding_row(f) for f in result.findings]
    if not result.findings:
        lines.append("| (none) | | | |")
    # Blank lines around the table end the HTML comment block before it in Markdown.
    return "\n" + "\n".join(lines) + "\n\n" + metrics_line(result) + "\n\n"


def render(readme: str) -> str:
    """The README with every marked table regenerated."""
    return MARKER_RE.sub(lambda m: m.group(1) + table(m["name"]) + m.group(4), readme)


def main() -> int:
    text = README.read_text(encoding="utf-8")
    updated = render(text)
    if updated != text:
        README.write_text(updated, encoding="utf-8")
        print(f"updated {README}")
    else:
        print(f"{README} is current")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
