"""Output formats. Each is a module with ``render(run, rules, *, root=".") -> str``.

Modules are imported only when their format is asked for, to keep start-up fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import RunResult
    from ..rules import Rule

FORMATS: dict[str, str] = {
    "text": "postlint.formatters.text",
    "line": "postlint.formatters.line",
    "json": "postlint.formatters.json",
    "sarif": "postlint.formatters.sarif",
    "github": "postlint.formatters.github",
    "junit": "postlint.formatters.junit",
    "checkstyle": "postlint.formatters.checkstyle",
    "rdjson": "postlint.formatters.rdjson",
    "codeclimate": "postlint.formatters.codeclimate",
}


def render(
    name: str, run: RunResult, rules: Sequence[Rule], *, root: str = ".", color: bool = False
) -> str:
    """Render a whole run in the named format."""
    module = importlib.import_module(FORMATS[name])
    if name == "text":
        return module.render(run, rules, root=root, color=color)
    return module.render(run, rules, root=root)
