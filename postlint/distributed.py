"""Lint on a Dask cluster: documents go out in chunks, results come back in input order.

    from dask.distributed import Client
    from postlint.distributed import lint_paths_on_dask

    with Client("tcp://scheduler:8786") as client:
        for result in lint_paths_on_dask(linter, paths, client):
            ...

The ``Linter`` (configs, rule packs, compiled rules) is scattered to every worker
once and stays there; each task then lints a chunk of paths with it, so the rule
packs are not shipped or compiled per document. At most ``window`` chunks are in
flight at a time and results are yielded as soon as the chunk holding the next
file in order is done, so memory stays flat however long the list of paths is.

Inputs: local paths, which every worker must be able to read at the same absolute
path (a shared file system), and fsspec URLs (``s3://``, ``gs://``, ``https://``,
...) that the workers open themselves with ``fsspec`` (installed on the workers
with the protocol's package, e.g. ``s3fs``). Results carry the path as it was
given, so a cluster run prints the same bytes as a local one.

``dask[distributed]`` is an optional extra: ``pip install postlint[dask]``.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .engine import Linter
from .errors import UsageError
from .model import FileResult

if TYPE_CHECKING:
    from dask.distributed import Client


def _import_client() -> Any:
    try:
        from dask.distributed import Client
    except ImportError:
        raise UsageError("--dask needs dask[distributed]: pip install 'postlint[dask]'") from None
    return Client


def is_url(path: str) -> bool:
    return "://" in path


def _lint_url(linter: Linter, url: str) -> FileResult:
    """Read an fsspec URL on the worker and lint it as a file with that name."""
    try:
        import fsspec
    except ImportError:
        return FileResult(url, error="reading URLs needs fsspec on the Dask workers")
    from .inputs import decode

    try:
        with fsspec.open(url, "rb") as handle:
            data = handle.read()
    except Exception as exc:  # network, permissions, missing object: this file only
        return FileResult(url, error=f"could not read: {type(exc).__name__}: {exc}")
    read = decode(data)
    if read.text is None:
        return FileResult(url, error=read.error)
    result = linter.lint_text(read.text, url)
    if read.error:
        result.error = read.error + (f"; {result.error}" if result.error else "")
    return result


def lint_chunk(linter: Linter, paths: list[tuple[str, str]]) -> list[FileResult]:
    """Worker side: lint (readable path, reported path) pairs with the scattered linter."""
    out = []
    for where, shown in paths:
        result = _lint_url(linter, where) if is_url(where) else linter.lint_file(where)
        result.path = shown
        out.append(result)
    return out


def _chunks(paths: Iterable[str], size: int) -> Iterator[list[tuple[str, str]]]:
    chunk: list[tuple[str, str]] = []
    for path in paths:
        where = path if is_url(path) else os.path.abspath(path)
        chunk.append((where, path))
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def lint_paths_on_dask(
    linter: Linter,
    paths: Iterable[str],
    client: Client,
    chunksize: int = 16,
    window: int | None = None,
) -> Iterator[FileResult]:
    """Yield one result per path, in order, linted on ``client``'s workers.

    ``window`` bounds the chunks in flight (default: four per worker thread).
    """
    if window is None:
        threads = sum(client.nthreads().values()) or 1
        window = 4 * threads
    shipped = client.scatter(linter, broadcast=True)  # once per run, kept on every worker
    pending: deque = deque()
    for chunk in _chunks(paths, chunksize):
        pending.append(client.submit(lint_chunk, shipped, chunk, pure=False))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def lint_on_dask(linter: Linter, paths: Iterable[str], address: str) -> Iterator[FileResult]:
    """``--dask ADDRESS``: connect to the scheduler, lint, disconnect.

    Connecting gives up after ``$POSTLINT_DASK_TIMEOUT`` (default 30 s).
    """
    client_class = _import_client()
    try:
        client = client_class(address, timeout=os.environ.get("POSTLINT_DASK_TIMEOUT", "30s"))
    except OSError as exc:
        raise UsageError(f"could not reach the Dask scheduler at {address}: {exc}") from None
    with client:
        yield from lint_paths_on_dask(linter, paths, client)
