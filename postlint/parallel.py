"""Lint many files on several cores, results streamed back in input order.

Each worker builds its own Linter once (packs compiled once per worker), then
lints chunks of paths; ``imap`` keeps the output order identical to ``--jobs 1``.

A caller that only prints each file's output can pass ``render``: workers then send
back what it returns (e.g. the file's rendered text and a small tally) instead of
the whole ``FileResult``, so the parent neither unpickles every finding nor renders
them while it competes with the workers for the cores.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from .engine import BATCH_GC_THRESHOLD, Linter
from .model import FileResult

_worker_linter: Linter | None = None
_worker_render: Callable[[FileResult], Any] | None = None


@dataclass(frozen=True)
class LinterSpec:
    """What a worker needs: the parent's Linter and, optionally, how to render a result."""

    linter: Linter
    render: Callable[[FileResult], Any] | None = None


def _init_worker(spec: LinterSpec) -> None:
    """Adopt the parent's Linter; leave signal handling to the parent.

    A forked worker inherits the CLI's SIGTERM handler, which raises an exception
    meant for the parent: inside a worker it fires while the pool is being shut
    down (``Pool.terminate`` sends SIGTERM) and prints tracebacks, or kills a worker
    mid-write so that the pool waits forever. Workers die quietly on SIGTERM and
    ignore Ctrl-C, which the parent handles for the whole run.

    The parent blocks SIGTERM while it forks (``_sigterm_blocked``), so a SIGTERM
    that reaches a worker before this point waits, and is delivered only once the
    default action is back: the worker dies instead of running the CLI's handler.
    """
    global _worker_linter, _worker_render
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    gc.set_threshold(BATCH_GC_THRESHOLD, *gc.get_threshold()[1:])
    _worker_linter = spec.linter
    _worker_render = spec.render


def _lint_chunk(paths: list[str]) -> list[Any]:
    """Lint a chunk of paths in a worker (``_lint_one`` each), results in order."""
    return [_lint_one(path) for path in paths]


def _lint_one(path: str) -> Any:
    """Lint one file in a worker: its ``FileResult``, or what ``render`` makes of it."""
    assert _worker_linter is not None
    result = _worker_linter.lint_file(path)
    # Run-wide notices (e.g. "no LanguageTool server") are raised in the worker; carry
    # them home on the result so the parent can print each once.
    from .notices import drain

    result.notices.extend(drain())
    return result if _worker_render is None else _worker_render(result)


def default_jobs() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )


def lint_parallel(
    linter: Linter,
    paths: Iterable[str],
    jobs: int | str,
    chunksize: int = 8,
    render: Callable[[FileResult], Any] | None = None,
) -> Iterator[Any]:
    """Yield results in the order of ``paths`` using ``jobs`` worker processes.

    ``jobs`` may also be a Dask scheduler address (``--dask``): the files are then
    linted on that cluster (see ``postlint.distributed``), still in order. With
    ``render`` (a picklable function of a ``FileResult``), ``render(result)`` is
    yielded instead of each result; worker processes call it themselves.
    """
    if isinstance(jobs, str):
        from .distributed import lint_on_dask

        results: Iterable[FileResult] = lint_on_dask(linter, paths, jobs)
    elif jobs <= 1:
        results = map(linter.lint_file, paths)
    else:
        yield from _lint_in_pool(linter, paths, jobs, chunksize, render)
        return
    yield from results if render is None else map(render, results)


def _lint_in_pool(
    linter: Linter,
    paths: Iterable[str],
    jobs: int,
    chunksize: int,
    render: Callable[[FileResult], Any] | None,
) -> Iterator[Any]:
    method = "fork" if hasattr(os, "fork") else "spawn"
    froze = _prepare_fork(linter) if method == "fork" else False
    ctx = multiprocessing.get_context(method)
    spec = LinterSpec(linter, render)
    unblock = _sigterm_blocked()
    try:
        with ctx.Pool(jobs, initializer=_init_worker, initargs=(spec,)) as pool:
            unblock()  # a SIGTERM that came meanwhile is handled now, and ends the pool
            for results in pool.imap(_lint_chunk, _chunks(paths, chunksize, jobs)):
                yield from results
    finally:
        unblock()
        if froze:
            gc.unfreeze()


def _chunks(paths: Iterable[str], size: int, jobs: int) -> Iterator[list[str]]:
    """``paths`` in order, in chunks of ``size``, and smaller ones at the end.

    A chunk is what a worker takes at a time: once the last one is handed out, the
    other workers have nothing left while it runs (half a chunk of 8 posts on
    average, about 1 % of a ``--jobs 2`` corpus run). So, with ``4 * size * jobs``
    paths read ahead, the paths left when the input ends are cut into chunks of a
    ``2 * jobs``-th of them (at least one path, at most ``size``): the workers
    finish together, for a few more chunks. Reading ahead that little keeps
    streaming a huge batch (``Pool.imap`` reads its input as the workers take it).
    """
    paths = iter(paths)
    ahead = deque(islice(paths, 4 * size * jobs))
    while ahead:
        ahead.extend(islice(paths, size))
        ended = len(ahead) <= 4 * size * jobs  # then ``ahead`` holds every path left
        take = max(1, min(size, len(ahead) // (2 * jobs))) if ended else size
        yield [ahead.popleft() for _ in range(take)]


def _sigterm_blocked() -> Callable[[], None]:
    """Block SIGTERM in this thread (workers forked now inherit it); return the undo.

    Without this, a SIGTERM sent to a worker between its fork and ``_init_worker``
    (``Pool.terminate`` right after a short batch) runs the parent's handler in the
    worker; when its exception is swallowed the worker lives on and the pool waits
    for it for ever. The undo restores the old mask and may be called twice.
    """
    if not hasattr(signal, "pthread_sigmask"):
        return lambda: None
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    return lambda: signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _prepare_fork(linter: Linter) -> bool:
    """Do once in the parent what every forked worker would otherwise do for itself.

    The packs are compiled here, with the users' patterns their rules compile on
    first use (``UserPattern.prepare_all``); when a kind the packs imported counts
    syllables, the whole syllable table, the hyphenator's pattern trie and the
    easy-word list are loaded too, so workers share them (copy-on-write) instead of
    each building its own; so are the Markdown parser and the HTML blanker
    (``parse_markdown.prepare``). ``gc.freeze`` moves every
    object alive now out of the collector's sight: workers then never walk (and so
    never touch and copy) the inherited pages during a collection. The parent
    unfreezes when the pool is done, so nothing stays uncollectable. A program that
    froze objects of its own before calling (``gc.get_freeze_count()``) keeps them
    frozen: nothing is frozen here then, and the return value (did this freeze?)
    tells the caller not to unfreeze.
    """
    linter.rules_for(os.path.join(os.getcwd(), "-"))
    patterns = sys.modules.get("postlint.kinds.patterns")
    if patterns is not None:
        patterns.UserPattern.prepare_all()
    syllables = sys.modules.get("postlint.syllables")
    if syllables is not None:
        syllables.cmudict_syllables()
        syllables.prepare_hyphenator()
    from .parse_markdown import prepare as prepare_markdown

    prepare_markdown()
    readability = sys.modules.get("postlint.readability")
    if readability is not None:
        with contextlib.suppress(Exception):  # missing data fails later, where it is used
            readability.easy_words()
    if gc.get_freeze_count():
        return False
    gc.freeze()
    return True
