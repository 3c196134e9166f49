"""Compiled regular expressions that survive from one run to the next.

Why: a one-file run (a pre-commit hook) compiles about 450 patterns (the phrase
lists of the rule packs, the sentence splitter, the signal detectors) and Python's
``re`` parses and assembles each one in pure Python: about 60 ms of a 250 ms
start-up. Pickling a pattern does not help (unpickling recompiles it). The costly
part is the parse; its result is a list of integers plus group tables, which the C
engine (``_sre``) turns into a pattern object in microseconds.

So ``compile`` keeps those parts in a marshal file in the user cache directory and
builds patterns from them on later runs. The file is keyed by the interpreter's
exact version and ``_sre``'s magic number, ``_sre`` validates the code it is given,
and on any surprise (another Python implementation, a changed internal signature,
a damaged or foreign file) the module falls back to ``re.compile``: the cache can
make compiling faster, never different. ``POSTLINT_PATTERN_CACHE=0`` turns it off.

``remember`` keeps other start-up work in the same file: analyses of a pattern (the
literals every match needs) that cost as much as compiling it. Their namespace
carries the analysing module's size and mtime, so changed code never reads old
answers.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from .userdirs import owned_by_user, user_cache_dir, write_atomically

try:  # CPython's regex engine and the two steps of re.compile (parse, assemble)
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - not CPython
    _sre = None

T = TypeVar("T")

#: re.DEBUG as a plain int: ``int & RegexFlag`` runs enum's Python-level __rand__
#: (about 0.7 us), ``int & int`` stays in C; compile is called ~300 times at start-up.
_DEBUG = int(re.DEBUG)

#: Entries kept at most; past it, only the patterns used by the current run are kept.
MAX_ENTRIES = 3_000

# (pattern, flags) -> the arguments of _sre.compile after the pattern
_Parts = tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]

_store: dict[tuple, Any] | None = None  # (pattern, flags) -> _Parts; ("=", namespace, key) -> value
_used: set[tuple] = set()
_dirty = False
_enabled = _sre is not None and sys.implementation.name == "cpython"


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - mirrors re.compile
    """``re.compile(pattern, flags)``, served from the persistent store when possible."""
    flags = int(flags)
    if not _enabled or not isinstance(pattern, str) or flags & _DEBUG:
        return re.compile(pattern, flags)
    key = (pattern, flags)
    store = _load()
    _used.add(key)
    parts = store.get(key)
    if parts is not None:
        try:
            return _sre.compile(pattern, *parts)
        except Exception:  # a stale or damaged entry: forget it and compile for real
            del store[key]
    return _compile_and_remember(store, key)


def remember(namespace: str, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, kept in the store like compiled patterns and reused by later runs.

    For start-up work other than compiling whose result depends only on ``key``: which
    literals a pattern needs, the trie pattern of a phrase list. ``namespace`` must
    change whenever the code that computes the value does: pass ``code_tag(__file__)``
    of the module holding that code. Keys and values must be marshal-able (str, int,
    tuple, frozenset, ...; not an enum flag) and values are shared: treat them as
    immutable. An answer whose key or value marshal cannot write is returned without
    being stored, so it can never keep the whole store from being saved.
    """
    store_key = ("=", namespace, key)  # compiled patterns use 2-tuples: no clash
    store = _load()
    _used.add(store_key)
    if store_key in store:
        return store[store_key]
    value = compute()
    try:
        marshal.dumps((store_key, value))
    except ValueError:
        return value
    store[store_key] = value
    _mark_dirty()
    return value


def code_tag(module_file: str) -> str:
    """A namespace that changes with the module's file (a new release, an edit in a checkout)."""
    try:
        st = os.stat(module_file)
    except OSError:
        return f"{module_file}:unknown"
    return f"{os.path.basename(module_file)}:{st.st_size}:{st.st_mtime_ns}"


def _mark_dirty() -> None:
    global _dirty
    if not _dirty:
        _dirty = True
        atexit.register(save)


def _compile_and_remember(store: dict[tuple, Any], key: tuple[str, int]) -> re.Pattern:
    global _enabled
    pattern, flags = key
    try:
        parts = _assemble(pattern, flags)
        compiled = _sre.compile(pattern, *parts)
    except re.error:
        raise
    except Exception:  # the internals moved: use the public API from now on
        _enabled = False
        return re.compile(pattern, flags)
    store[key] = parts
    _mark_dirty()
    return compiled


def _assemble(pattern: str, flags: int) -> _Parts:
    """What ``re._compiler.compile`` passes to ``_sre.compile``, computed the same way."""
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes are int subclasses
    groupindex = parsed.state.groupdict
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (
        flags | parsed.state.flags,
        code,
        parsed.state.groups - 1,
        dict(groupindex),
        tuple(indexgroup),
    )


def store_path() -> Path:
    """The store for this exact interpreter (a new Python version starts a new file)."""
    version = "-".join(map(str, sys.version_info[:3]))
    tag = f"{sys.implementation.cache_tag}-{version}-sre{getattr(_sre, 'MAGIC', 0)}-m{marshal.version}"
    return user_cache_dir() / f"patterns-{tag}.marshal"


def _load() -> dict[tuple, Any]:
    global _store
    if _store is None:
        _store = _read(store_path()) if _persistent() else {}
    return _store


def _persistent() -> bool:
    return os.environ.get("POSTLINT_PATTERN_CACHE", "1") != "0"


def _read(path: Path) -> dict[tuple, Any]:
    try:
        if not owned_by_user(path):
            return {}
        data = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def _superseded(key: tuple, current: dict[str, str]) -> bool:
    """A remembered answer whose module this run used in another version (see ``code_tag``)."""
    if len(key) != 3:
        return False
    module = key[1].partition(":")[0]
    return module in current and current[module] != key[1]


def save() -> None:
    """Write the store if this run compiled something new (registered with atexit)."""
    global _dirty
    if not _dirty or _store is None or not _persistent():
        return
    # Answers of an older version of a module this run used are dead weight: drop them.
    current = {key[1].partition(":")[0]: key[1] for key in _used if len(key) == 3}
    entries = {key: value for key, value in _store.items() if not _superseded(key, current)}
    if len(entries) > MAX_ENTRIES:
        entries = {key: value for key, value in entries.items() if key in _used}
    write_atomically(store_path(), marshal.dumps(entries))
    _dirty = False
