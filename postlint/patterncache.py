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

``regex_compile`` does the same for patterns of the third-party ``regex`` module
(users' patterns, see ``kinds.patterns.UserPattern``), whose parser is pure Python
too: it keeps the arguments regex passes to its C ``_regex.compile`` (see
``regex_compile``) and, on a later run, loads only that C extension, not the
``regex`` package and its parser (about 7 ms of imports).

``remember`` keeps other start-up work in the same file: analyses of a pattern (the
literals every match needs) that cost as much as compiling it. Their namespace
carries the analysing module's size and mtime, so changed code never reads old
answers.
"""

from __future__ import annotations

import atexit
import importlib.machinery
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


#: Entries for ``regex`` patterns: ("regex", pattern, flags, the regex install's tag).
_REGEX = "regex"
#: Flags of the ``regex`` module (checked against it in tests and on every cold compile).
REGEX_LOCALE = 0x4

#: Whether ``re`` may be given possessive repeats (``*+``, ``++``). They exist from
#: Python 3.11, but before 3.11.5 ``re`` ran them wrongly when the repeated piece can
#: backtrack inside itself (CPython gh-106052): the word patterns then matched the
#: wrong text, or never returned (``"a'"`` on 3.11.2). Older versions get plain repeats,
#: which match the same text.
POSSESSIVE_REPEATS = sys.version_info >= (3, 11, 5)
#: Constructs whose patterns are not stored: a brace holding a fuzzy constraint's letter
#: (``{e<=1}``; also refuses harmless ``\p{Greek}``, which then compiles as before).
_FUZZY_HINT = r"\{[^}]*[eids]"
_regex_tag: tuple | None = None  # the install's identity; () when the extension is not found
_regex_c: Any = None  # the C extension ``regex._regex``, once loaded


def regex_compile(pattern: str, flags: int = 0) -> Any:
    """``regex.compile(pattern, flags)``, served from the persistent store when possible.

    Why: the ``regex`` module parses and optimises a pattern in pure Python (about 1.5 ms
    for a user's pattern) and importing that parser costs about 7 ms, on every run. Its
    C extension builds the pattern object from a handful of arguments (flags, the code
    as bytes, group tables, the required string...), which the module itself exposes
    as ``pattern._pickled_data``: regex pickles a pattern as ``_regex.compile(*data)``
    (``copyreg`` in ``regex._main``). The store keeps that tuple, keyed by the pattern,
    the flags and the identity of the installed ``regex`` files (size and mtime of the
    extension, its parser and its compiler), and a later run calls ``_regex.compile``
    with it, as unpickling would, loading only the C extension.

    A pattern is compiled by ``regex.compile`` itself (the public API: same errors, same
    object) whenever the store cannot serve it; what is stored was checked to rebuild
    an equal pattern, and nothing unusual is stored (a locale-dependent pattern, named
    lists, fuzzy matching: see ``_regex_parts``). An entry that does not hold together
    (a damaged or foreign store) is dropped and compiled for real.
    """
    flags = int(flags)
    tag = regex_install() if _enabled and isinstance(pattern, str) else ()
    if not tag:
        return _regex_module().compile(pattern, flags)
    key = (_REGEX, pattern, flags, tag)
    store = _load()
    _used.add(key)
    parts = store.get(key)
    if parts is not None:
        compiled = _regex_rebuild(pattern, parts)
        if compiled is not None:
            return compiled
        del store[key]
    compiled = _regex_module().compile(pattern, flags)
    parts = _regex_parts(pattern, compiled)
    if parts is not None:
        store[key] = parts
        _mark_dirty()
    return compiled


def _regex_module() -> Any:
    import regex  # the package and its parser: imported only when something is compiled

    return regex


def regex_install() -> tuple:
    """The identity of the installed ``regex`` (() when it cannot be told): its package
    folder, and the size and mtime of the C extension, the parser and the compiler."""
    global _regex_tag
    if _regex_tag is None:
        try:
            _regex_tag = _find_regex_install()
        except Exception:  # an unusual install (a zip, no extension): no store
            _regex_tag = ()
    return _regex_tag


def _find_regex_install() -> tuple:
    package = sys.modules.get("regex")
    if package is not None:
        folder = os.path.dirname(package.__file__)
    else:  # locates the package without importing it
        spec = importlib.machinery.PathFinder.find_spec("regex")
        if spec is None or not spec.submodule_search_locations:
            return ()
        folder = list(spec.submodule_search_locations)[0]
    extension = next(
        (
            path
            for suffix in importlib.machinery.EXTENSION_SUFFIXES
            if os.path.isfile(path := os.path.join(folder, "_regex" + suffix))
        ),
        None,
    )
    if extension is None:
        return ()
    files = [extension, os.path.join(folder, "_regex_core.py"), os.path.join(folder, "_main.py")]
    stats = [os.stat(path) for path in files]
    return (
        folder,
        *(
            (os.path.basename(p), st.st_size, st.st_mtime_ns)
            for p, st in zip(files, stats, strict=True)
        ),
    )


def regex_extension() -> Any:
    """The C extension ``regex._regex``, loaded on its own when the package is not imported.

    It is registered under its own name, so a later ``import regex`` uses this very module
    (and its pattern type) instead of loading it again.
    """
    global _regex_c
    if _regex_c is None:
        module = sys.modules.get("regex._regex")
        if module is None and not regex_install():
            module = _regex_module()._regex
        elif module is None:
            import importlib.util

            folder, (name, _size, _mtime) = regex_install()[:2]
            extension = os.path.join(folder, name)
            loader = importlib.machinery.ExtensionFileLoader("regex._regex", extension)
            spec = importlib.util.spec_from_file_location("regex._regex", extension, loader=loader)
            module = importlib.util.module_from_spec(spec)
            loader.exec_module(module)
            sys.modules["regex._regex"] = module
        _regex_c = module
    return _regex_c


def _regex_rebuild(pattern: str, parts: Any) -> Any:
    """The pattern object from stored parts, or None when they do not hold together."""
    try:
        magic, checksum, data = parts
        c = regex_extension()
        if magic != c.MAGIC or not _regex_data_ok(pattern, data, checksum):
            return None
        return c.compile(*data)
    except Exception:
        return None


def _regex_data_ok(pattern: str, data: tuple, checksum: int) -> bool:
    """Do the stored arguments have the shapes ``_regex.compile`` expects, and is the code
    the one that was stored? (The C engine trusts its code: a damaged store must not
    reach it.) ``hash`` of a tuple of ints is the same in every process of one Python
    version (unlike that of bytes or str), and the store is per Python version."""
    if type(data) is not tuple or len(data) != 11 or data[0] != pattern:
        return False
    _pattern, flags, code, group_index, index_group, lists, list_indexes, req_offset = data[:8]
    req_chars, req_flags, group_count = data[8:]
    return (
        type(code) is bytes
        and hash(tuple(code)) == checksum
        and all(type(v) is int for v in (flags, req_offset, req_flags, group_count))
        and not flags & REGEX_LOCALE
        and lists == {}
        and list_indexes == []
        and type(req_chars) is tuple
        and all(type(c) is int for c in req_chars)
        and type(group_index) is dict
        and type(index_group) is dict
        and all(type(k) is str and type(v) is int for k, v in group_index.items())
        and index_group == {v: k for k, v in group_index.items()}
        and all(0 < v <= group_count for v in group_index.values())
    )


def _regex_parts(pattern: str, compiled: Any) -> tuple | None:
    """What to store for a freshly compiled pattern, or None when it must not be stored."""
    try:
        data = compiled._pickled_data
        if (
            compile(_FUZZY_HINT).search(pattern)
            or _regex_module().LOCALE != REGEX_LOCALE
            or type(data) is not tuple
            or len(data) != 11
            or type(data[2]) is not bytes
        ):
            return None
        parts = (regex_extension().MAGIC, hash(tuple(data[2])), data)
        marshal.dumps(parts)
        rebuilt = _regex_rebuild(pattern, parts)
    except Exception:  # an unexpected shape: compile this pattern every time
        return None
    if rebuilt is None or rebuilt._pickled_data != data or rebuilt.flags != compiled.flags:
        return None
    return parts


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
    """A remembered answer whose module this run used in another version (see ``code_tag``),
    or a ``regex`` pattern compiled by another install of ``regex`` than this run's."""
    if len(key) == 4 and key[0] == _REGEX:
        return bool(_regex_tag) and key[3] != _regex_tag
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
