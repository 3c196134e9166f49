"""Where postlint keeps its per-user files (result cache, syllable tables, compiled patterns)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def user_cache_dir() -> Path:
    """``$POSTLINT_CACHE_DIR``, else the platform's user cache dir + ``postlint``.

    ``$XDG_CACHE_HOME/postlint`` or ``~/.cache/postlint`` on Linux and other Unixes,
    ``~/Library/Caches/postlint`` on macOS, ``%LOCALAPPDATA%\\postlint\\Cache`` on Windows.
    A user cache dir (rather than ``.postlint_cache/`` in the project) keeps checkouts
    clean and lets one cache serve every clone of the same archive.
    """
    explicit = os.environ.get("POSTLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "postlint" / "Cache"
    if os.uname().sysname == "Darwin":
        return Path.home() / "Library" / "Caches" / "postlint"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "postlint"


def owned_by_user(path: Path) -> bool:
    """True unless the file belongs to another user (never load data someone else planted)."""
    return not hasattr(os, "getuid") or path.stat().st_uid == os.getuid()


def write_atomically(path: Path, data: bytes) -> bool:
    """Write ``data`` to a temporary file beside ``path`` and rename it into place.

    Concurrent processes (``--jobs``, Dask workers) then never read half a file. Any
    failure (read-only home, full disk, sandbox) is swallowed and reported as False:
    every user file postlint writes is an optional cache.
    """
    import tempfile  # only needed when writing; keeps start-up light

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False
    return True
