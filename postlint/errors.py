"""Exceptions that carry a one-line, user-facing message.

The CLI turns each into a message and an exit code; nothing here should ever
reach a user as a traceback.
"""

from __future__ import annotations


class PostlintError(Exception):
    """Base class. ``str(err)`` is the complete one-line message."""

    exit_code = 2


class ConfigError(PostlintError):
    """A configuration file is missing, malformed or names something unknown (exit 2)."""


class RuleError(PostlintError):
    """A rule file is malformed: names the file, line and key, and what was expected."""

    def __init__(self, path: str, message: str, line: int | None = None, key: str | None = None):
        self.path = path
        self.line = line
        self.key = key
        self.detail = message
        where = f"{path}:{line}" if line else path
        what = f"key '{key}': " if key else ""
        super().__init__(f"{where}: {what}{message}")


class UsageError(PostlintError):
    """The command line asks for something impossible (exit 2)."""
