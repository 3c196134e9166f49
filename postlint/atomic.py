"""Write output files atomically: a temp file in the same folder, then rename.

An interrupted run must never leave a half-written report or baseline behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile


def _default_mode(path: str) -> int:
    """Keep an existing file's mode; a new file gets what open() would give (0666 & ~umask)."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text_atomic(path: str, text: str) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".postlint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(tmp, _default_mode(path))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
