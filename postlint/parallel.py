"""Lint many files on several cores, results streamed back in input order.

Each worker builds its own Linter once (packs compiled once per worker), then
lints chunks of paths; ``imap`` keeps the output order identical to ``--jobs 1``.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .engine import Linter
from .model import FileResult

_worker_linter: Linter | None = None


@dataclass(frozen=True)
class LinterSpec:
    """What a worker needs to rebuild the parent's Linter (all picklable)."""

    linter: Linter


def _init_worker(spec: LinterSpec) -> None:
    """Adopt the parent's Linter; leave signal handling to the parent.

    A forked worker inherits the CLI's SIGTERM handler, which raises an exception
    meant for the parent: inside a worker it fires while the pool is being shut
    down (``Pool.terminate`` sends SIGTERM) and prints tracebacks, or kills a worker
    mid-write so that the pool waits forever. Workers die quietly on SIGTERM and
    ignore Ctrl-C, which the parent handles for the whole run.
    """
    global _worker_linter
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_linter = spec.linter


def _lint_one(path: str) -> FileResult:
    assert _worker_linter is not None
    result = _worker_linter.lint_file(path)
    # Run-wide notices (e.g. "no LanguageTool server") are raised in the worker; carry
    # them home on the result so the parent can print each once.
    from .notices import drain

    result.notices.extend(drain())
    return result


def default_jobs() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )


def lint_parallel(
    linter: Linter, paths: Iterable[str], jobs: int | str, chunksize: int = 8
) -> Iterator[FileResult]:
    """Yield results in the order of ``paths`` using ``jobs`` worker processes.

    ``jobs`` may also be a Dask scheduler address (``--dask``): the files are then
    linted on that cluster (see ``postlint.distributed``), still in order.
    """
    if isinstance(jobs, str):
        from .distributed import lint_on_dask

        yield from lint_on_dask(linter, paths, jobs)
        return
    if jobs <= 1:
        for path in paths:
            yield linter.lint_file(path)
        return
    method = "fork" if hasattr(os, "fork") else "spawn"
    if method == "fork":  # compile the packs once here; forked workers share them for free
        linter.rules_for(os.path.join(os.getcwd(), "-"))
    ctx = multiprocessing.get_context(method)
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(LinterSpec(linter),)) as pool:
        yield from pool.imap(_lint_one, paths, chunksize=chunksize)
