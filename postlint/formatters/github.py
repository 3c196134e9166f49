"""GitHub Actions workflow commands: one annotation line per finding.

    ::error file=posts/a.md,line=3,col=5,endLine=3,endColumn=12,title=Pack.Rule::message

error → ``::error``, warning → ``::warning``, suggestion → ``::notice``. GitHub
accepts ``col``/``endColumn`` only when the annotation starts and ends on the same
line, so they are left out for multi-line findings; ``endColumn`` is the column
just past the match. A file that could not be linted gets a file-level
``::error``. Escaping follows the runner's rules: in the message ``%``, CR and LF
become ``%25``, ``%0D`` and ``%0A``; in property values ``:`` and ``,`` also become
``%3A`` and ``%2C``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..baseline import relative_path
from ..model import Finding, Level, RunResult

if TYPE_CHECKING:
    from ..rules import Rule

COMMANDS = {Level.ERROR: "error", Level.WARNING: "warning", Level.SUGGESTION: "notice"}


def escape_data(value: str) -> str:
    """Escape a command's message (the part after ``::``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value (``file=…``, ``title=…``)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **props: str | int | None) -> str:
    """One workflow command line, properties in the order given, empty ones left out."""
    parts = [
        f"{key}={escape_property(str(value))}"
        for key, value in props.items()
        if value not in (None, "")
    ]
    head = f"::{name} {','.join(parts)}" if parts else f"::{name}"
    return f"{head}::{escape_data(message)}"


def _message(f: Finding) -> str:
    lines = [f.message or f.rule]
    if f.fix is not None:
        lines.append(f"Suggested fix: \u201c{f.fix.replacement}\u201d")
    if f.evidence:
        lines.append("Signals: " + "; ".join(f.evidence))
    return "\n".join(lines)


def _annotation(f: Finding, path: str) -> str:
    end_line = f.end_line if f.end_line >= f.line else f.line
    same_line = end_line == f.line
    return command(
        COMMANDS[f.level],
        _message(f),
        file=path,
        line=f.line if f.line >= 1 else None,
        col=f.column if same_line and f.column >= 1 else None,
        endLine=end_line if f.line >= 1 else None,
        endColumn=f.end_column if same_line and f.end_column >= 1 else None,
        title=f.rule,
    )


def render(run: RunResult, rules: Sequence[Rule], *, root: str = ".") -> str:
    """Annotation lines, each ending in a newline; "" when there is nothing to say."""
    out = []
    for file in sorted(run.files, key=lambda r: relative_path(r.path, root)):
        path = relative_path(file.path, root)
        if file.error:
            out.append(command("error", file.error, file=path, title="postlint: file not linted"))
        for f in sorted(file.findings, key=Finding.sort_key):
            out.append(_annotation(f, path))
    return "".join(line + "\n" for line in out)
