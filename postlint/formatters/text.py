"""Human output: grouped by file, sorted by position, coloured on a terminal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import FileResult, RunResult
    from ..rules import Rule

_COLORS = {"error": "red", "warning": "yellow", "suggestion": "cyan"}


def _style(text: str, color: bool, **kw) -> str:
    if not color:
        return text
    import click

    return click.style(text, **kw)


def render_file(result: FileResult, color: bool = False) -> str:
    if not result.findings and not result.error:
        return ""
    out = [_style(result.path, color, underline=True, bold=True)]
    if result.error:
        out.append("  " + _style("error", color, fg="red", bold=True) + f"  {result.error}")
    width = max((len(f"{f.line}:{f.column}") for f in result.findings), default=3)
    for f in result.findings:
        pos = f"{f.line}:{f.column}".ljust(width)
        level = _style(f.level.label.ljust(10), color, fg=_COLORS[f.level.label])
        message = " ".join(f.message.split())
        rule = _style(f.rule, color, dim=True)
        out.append(f"  {pos}  {level} {message}  {rule}")
    return "\n".join(out) + "\n\n"


def render_summary(run: RunResult, color: bool = False) -> str:
    s = run.summary()
    total = s["errors"] + s["warnings"] + s["suggestions"]
    files = s["files"]
    noun = "file" if files == 1 else "files"
    if total == 0 and not s["file_errors"]:
        return _style(f"✔ no problems in {files} {noun}", color, fg="green") + "\n"
    parts = ", ".join(
        _plural(s[key], word)
        for key, word in (
            ("errors", "error"),
            ("warnings", "warning"),
            ("suggestions", "suggestion"),
        )
    )
    line = f"✖ {_plural(total, 'problem')} ({parts}) in {files} {noun}"
    if s["file_errors"]:
        line += f"; {s['file_errors']} could not be linted fully"
    return (
        _style(line, color, fg="red" if s["errors"] or s["file_errors"] else "yellow", bold=True)
        + "\n"
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def render(
    run: RunResult, rules: Sequence[Rule] = (), *, root: str = ".", color: bool = False
) -> str:
    return "".join(render_file(r, color) for r in run.files) + render_summary(run, color)
