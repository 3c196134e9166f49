"""``path:line:col: level [Rule] message`` — one finding a line, for editors and grep."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import FileResult, RunResult
    from ..rules import Rule


def render_file(result: FileResult) -> str:
    lines = []
    if result.error:
        lines.append(f"{result.path}:1:1: error [postlint] {result.error}")
    for f in result.findings:
        message = " ".join(f.message.split())
        lines.append(f"{result.path}:{f.line}:{f.column}: {f.level.label} [{f.rule}] {message}")
    return "".join(line + "\n" for line in lines)


def render(run: RunResult, rules: Sequence[Rule] = (), *, root: str = ".") -> str:
    return "".join(render_file(r) for r in run.files)
