"""Turn command-line paths into files, and files into text, without losing anything.

Reading is careful because postlint runs unattended over archives: a binary file,
bytes that are not UTF-8, a file that vanished or can't be read each become a
one-line message on that file's result, and the batch goes on.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from .document import KNOWN_EXTENSIONS

SKIP_DIRS = {
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "__pycache__",
    ".venv",
    "venv",
    ".tox",
    ".postlint_cache",
}


@dataclass
class ReadResult:
    text: str | None
    error: str | None = None  # set when the file could not be read (text is None) or was repaired


def expand_paths(paths: Iterable[str], extensions: Iterable[str] | None = None) -> Iterator[str]:
    """Files named, files found under folders (by extension, sorted), and glob matches.

    A path that does not exist is yielded as is, so the caller reports it in order.
    """
    exts = tuple(e.lower() for e in (extensions or KNOWN_EXTENSIONS))
    seen: set[str] = set()
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        if os.path.isdir(raw):
            for found in _walk(raw, exts):
                if found not in seen:
                    seen.add(found)
                    yield found
        elif os.path.exists(raw) or os.path.islink(raw) or not glob.has_magic(raw):
            if raw not in seen:
                seen.add(raw)
                yield raw
        else:
            for match in sorted(glob.glob(raw, recursive=True)):
                if os.path.isdir(match):
                    yield from (f for f in _walk(match, exts) if f not in seen and not seen.add(f))
                elif match not in seen:
                    seen.add(match)
                    yield match


def _walk(folder: str, exts: tuple[str, ...]) -> Iterator[str]:
    def on_error(exc: OSError) -> None:  # unreadable sub-folders are skipped, not fatal
        return None

    visited: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(folder, onerror=on_error, followlinks=True):
        try:
            st = os.stat(dirpath)
            key = (st.st_dev, st.st_ino)
        except OSError:
            dirnames[:] = []
            continue
        if key in visited:  # a symlink loop
            dirnames[:] = []
            continue
        visited.add(key)
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if name.lower().endswith(exts):
                yield os.path.join(dirpath, name)


def decode(data: bytes) -> ReadResult:
    """Decode bytes as UTF-8 (a BOM is dropped); say so when bytes had to be replaced.

    A UTF-16 BOM is looked at before the NUL-byte test for binary files, since UTF-16
    text is full of NUL bytes.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return ReadResult(data.decode("utf-16"))
        except UnicodeDecodeError:
            return ReadResult(None, "invalid UTF-16; skipped")
    if b"\x00" in data[:8192]:
        return ReadResult(None, "binary file (contains NUL bytes); skipped")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return ReadResult(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        bad = data.count(b"\xef\xbf\xbd")
        return ReadResult(
            text,
            f"invalid UTF-8 at byte {exc.start}; undecodable bytes were replaced with U+FFFD"
            + ("" if bad else ""),
        )


def read_file(path: str, max_size: int) -> ReadResult:
    """Read one file, at most ``max_size`` bytes of it, into text.

    Only regular files are read: a FIFO would block for ever and a device such as
    /dev/zero never ends. The size is checked before reading and the read itself is
    capped, so a file that grows meanwhile cannot be loaded whole either.
    """
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            return ReadResult(None, "is a folder")
        if not stat.S_ISREG(st.st_mode):
            return ReadResult(None, "not a regular file (a FIFO, socket or device); skipped")
        if st.st_size > max_size:
            return _too_big(st.st_size, max_size)
        fd = os.open(path, _READ_FLAGS)
        try:
            # Ask for what the file holds, not the cap: read(n) allocates n bytes first
            # (20 MB by default, for posts of a few KB). A file that grew since the
            # stat is read on, up to the cap.
            data = _read_upto(fd, min(st.st_size, max_size) + 1)
            if st.st_size < len(data) <= max_size:
                data += _read_upto(fd, max_size + 1 - len(data))
        finally:
            os.close(fd)
    except FileNotFoundError:
        return ReadResult(None, "no such file")
    except PermissionError:
        return ReadResult(None, "permission denied")
    except OSError as exc:
        return ReadResult(None, f"cannot read: {exc.strerror or exc}")
    if len(data) > max_size:
        return _too_big(len(data), max_size)
    return decode(data)


#: A file descriptor opened as ``open(path, "rb")`` opens it (never inherited by child
#: processes: PEP 446), without its two Python buffer objects (about 20 us a file).
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)


def _read_upto(fd: int, size: int) -> bytes:
    """Up to ``size`` bytes, fewer only at the end of the file (``BufferedReader.read``)."""
    data = os.read(fd, size)
    if 0 < len(data) < size:  # a short read: the end of the file, or more to come
        parts = [data]
        while size := size - len(data):
            data = os.read(fd, size)
            if not data:
                break
            parts.append(data)
        data = b"".join(parts)
    return data


def read_stream(stream: BinaryIO | None, max_size: int) -> ReadResult:
    """Read standard input (``-``) with the same size cap as files; a closed stdin is an error."""
    if stream is None:
        return ReadResult(None, "standard input is closed; nothing to read")
    try:
        data = stream.read(max_size + 1)
    except OSError as exc:
        return ReadResult(None, f"cannot read standard input: {exc.strerror or exc}")
    if len(data) > max_size:
        return ReadResult(
            None, f"standard input is over the {max_size}-byte limit (max_file_size); skipped"
        )
    return decode(data)


def _too_big(size: int, max_size: int) -> ReadResult:
    return ReadResult(
        None, f"file is {size} bytes, over the {max_size}-byte limit (max_file_size); skipped"
    )
