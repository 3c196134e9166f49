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


#: Names of the start-up data files postlint keeps in ``user_cache_dir()``: the pattern
#: store (``patterncache``), the syllable tables and the hyphenation pattern groups (``syllables``).
#: Each is rebuilt on the next run when missing.
STARTUP_DATA_PREFIXES = ("patterns-", "cmudict-", "pyphen-")


def startup_data_files(directory: Path | None = None) -> list[Path]:
    """The start-up data files in ``directory`` (default: ``user_cache_dir()``), sorted.

    Only top-level ``*.marshal`` files with a known prefix: anything else a user keeps
    in the folder is left alone.
    """
    folder = user_cache_dir() if directory is None else directory
    try:
        candidates = list(folder.glob("*.marshal"))
    except OSError:
        return []
    return sorted(p for p in candidates if p.name.startswith(STARTUP_DATA_PREFIXES))


def clear_startup_data(directory: Path | None = None) -> tuple[int, int]:
    """Delete the start-up data files; return (files deleted, bytes freed).

    Why: every release of postlint or of its data packages writes new tables under new
    names and leaves the old ones behind, so ``postlint cache clear`` removes them too.
    """
    files = bytes_freed = 0
    for path in startup_data_files(directory):
        try:
            size = path.stat().st_size
            path.unlink()
        except OSError:
            continue
        files += 1
        bytes_freed += size
    return files, bytes_freed
