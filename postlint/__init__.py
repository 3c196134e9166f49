"""postlint: a content-quality linter for prose drafts.

The library is the product; the ``postlint`` command is a thin layer over it::

    import postlint
    result = postlint.lint_text("# Title\n\nThis is very good.\n", path="draft.md")
    for finding in result.findings:
        print(finding.line, finding.column, finding.rule, finding.message)

    run = postlint.lint_paths(["posts/"])
    print(run.summary())
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .__about__ import __version__

if TYPE_CHECKING:
    from .config import Config
    from .engine import Linter, Selection
    from .model import FileResult, Finding, Fix, Level, RunResult

__all__ = [
    "Config",
    "FileResult",
    "Finding",
    "Fix",
    "Level",
    "Linter",
    "RunResult",
    "Selection",
    "__version__",
    "lint_paths",
    "lint_text",
    "load_config",
]

#: Where each public name lives. They are imported on first use, so that importing
#: ``postlint`` (or ``postlint.cli`` for ``--version``) does not load the engine.
_EXPORTS = {
    "Config": "config",
    "FileResult": "model",
    "Finding": "model",
    "Fix": "model",
    "Level": "model",
    "Linter": "engine",
    "RunResult": "model",
    "Selection": "engine",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'postlint' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


ConfigLike = "Config | dict[str, Any] | str | Path | None"


def load_config(config: ConfigLike) -> tuple[Config | None, Path | None]:
    """Accept a Config, a mapping like the YAML file's, or a path to a config file."""
    from .config import Config, config_from_mapping

    if config is None or isinstance(config, Config):
        return config, None
    if isinstance(config, dict):
        return config_from_mapping(config, None), None
    return None, Path(config)


def _linter(config: ConfigLike, select: Iterable[str], ignore: Iterable[str]) -> Linter:
    from .engine import Linter, Selection

    cfg, cfg_file = load_config(config)
    return Linter(
        config=cfg, config_file=cfg_file, selection=Selection(tuple(select), tuple(ignore))
    )


def lint_text(
    text: str,
    path: str = "<text>.md",
    config: ConfigLike = None,
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> FileResult:
    """Lint one string. ``path`` picks the format (.md, .html, .txt) and, if it exists, the config."""
    return _linter(config, select, ignore).lint_text(text, path)


def lint_paths(
    paths: Iterable[str],
    config: ConfigLike = None,
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> RunResult:
    """Lint files and folders (recursively, by extension)."""
    return _linter(config, select, ignore).lint(paths)
