"""A content-addressed cache of lint results, so re-linting an unchanged archive is cheap.

An entry is keyed by a SHA-256 of everything that decides a file's result:

* the file's bytes and the path it is reported under (the path is part of the output);
* the effective rules for that file (every field of every rule after config overrides,
  ``--select``/``--ignore``) and the minimum level shown;
* postlint's version *and* a digest of its own source files, so a changed kind in a
  development checkout never serves results computed by the old code.

A hit therefore gives the same ``FileResult`` as linting again, and the formatters
turn it into the same bytes. Not cached: results with a file error (some errors,
such as a regex time-out, depend on the machine's load) and files checked by a
``grammar`` rule, whose answers come from a LanguageTool server that may change or
be unreachable.

Entries are small JSON files under ``<cache dir>/v1/<2 hex>/<key>.json``, written to
a temporary file and renamed into place, so concurrent workers (``--jobs``, Dask
workers sharing a home directory) never see half an entry; an entry that does not
parse is treated as a miss and removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any

from .__about__ import __version__
from .engine import Linter
from .errors import PostlintError
from .model import FileResult, Finding, Fix, Level
from .rules import Rule
from .userdirs import user_cache_dir as default_cache_dir

FORMAT = "v1"


@cache
def code_fingerprint() -> str:
    """postlint's version plus a digest of its Python sources (read once per process)."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def rules_fingerprint(rules: list[Rule]) -> str:
    """A digest of every field of every rule (parameters included), compiled state excepted."""
    names = [f.name for f in fields(Rule) if f.name != "state"]
    text = repr([[(n, getattr(rule, n)) for n in names] for rule in rules])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# --- serialising results ---------------------------------------------------------------


def result_to_json(result: FileResult) -> dict[str, Any]:
    """Every field of a ``FileResult``, offsets and levels included (not the output format)."""
    return {
        "path": result.path,
        "error": result.error,
        "metrics": result.metrics,
        "notices": list(result.notices),
        "findings": [
            {
                "rule": f.rule,
                "kind": f.kind,
                "level": int(f.level),
                "message": f.message,
                "offset": f.offset,
                "end_offset": f.end_offset,
                "match": f.match,
                "fix": [f.fix.replacement, f.fix.description] if f.fix else None,
                "evidence": list(f.evidence),
                "position": [f.line, f.column, f.end_line, f.end_column],
            }
            for f in result.findings
        ],
    }


def result_from_json(data: dict[str, Any]) -> FileResult:
    findings = []
    for f in data["findings"]:
        line, column, end_line, end_column = f["position"]
        findings.append(
            Finding(
                rule=f["rule"],
                kind=f["kind"],
                level=Level(f["level"]),
                message=f["message"],
                offset=f["offset"],
                end_offset=f["end_offset"],
                match=f["match"],
                fix=Fix(*f["fix"]) if f["fix"] else None,
                evidence=list(f["evidence"]),
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
            )
        )
    return FileResult(data["path"], findings, data["metrics"], data["error"], list(data["notices"]))


def _round_trips(result: FileResult) -> bool:
    """True when JSON keeps the result exactly (metrics are plain numbers and strings).

    A metric holding a tuple or a non-string key would come back changed; such a
    result is simply not cached.
    """
    data = result_to_json(result)
    return result_from_json(json.loads(json.dumps(data))) == result


# --- the store -------------------------------------------------------------------------


@dataclass
class ResultCache:
    """A folder of cached results; every method tolerates a missing or damaged folder."""

    directory: Path = field(default_factory=default_cache_dir)
    hits: int = 0
    misses: int = 0

    def _entry(self, key: str) -> Path:
        return self.directory / FORMAT / key[:2] / f"{key}.json"

    def get(self, key: str) -> FileResult | None:
        entry = self._entry(key)
        try:
            result = result_from_json(json.loads(entry.read_text(encoding="utf-8")))
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, ValueError, KeyError, TypeError):  # corrupt or foreign: drop it
            with contextlib.suppress(OSError):
                entry.unlink()
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str, result: FileResult) -> None:
        """Store atomically (temp file + rename); a full or read-only disk only loses the entry."""
        entry = self._entry(key)
        text = json.dumps(result_to_json(result), separators=(",", ":"))
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=entry.parent)
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(text)
            os.replace(tmp, entry)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)

    def clear(self) -> int:
        """Delete every entry; return how many there were."""
        root = self.directory / FORMAT
        count = sum(1 for _ in root.rglob("*.json")) if root.is_dir() else 0
        shutil.rmtree(root, ignore_errors=True)
        return count


# --- a Linter that consults the cache ----------------------------------------------------


@dataclass
class CachingLinter(Linter):
    """A ``Linter`` whose ``lint_file`` answers from ``cache`` when it can.

    It is a drop-in replacement: ``--jobs`` workers and Dask workers call
    ``lint_file`` and share the cache folder without knowing about it.
    """

    cache: ResultCache | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        self._fingerprints: dict[int, tuple[list[Rule], str]] = {}

    def lint_file(self, path: str) -> FileResult:
        key = self.cache_key(path) if self.cache is not None else None
        if key is None:
            return super().lint_file(path)
        assert self.cache is not None
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        result = super().lint_file(path)
        if result.error is None and not result.notices and _round_trips(result):
            self.cache.put(key, result)
        return result

    def cache_key(self, path: str) -> str | None:
        """The entry's key, or None when this file's result must not be cached."""
        try:
            config = self.config_for(path)
            info = os.stat(path)
            # Only regular files: a FIFO would block and /dev/zero never ends (lint_file
            # reports those), and the size cap applies before anything is read.
            if not stat.S_ISREG(info.st_mode) or info.st_size > config.max_file_size:
                return None
            with open(path, "rb") as handle:
                data = handle.read(config.max_file_size + 1)
            rules = self.rules_for(path)
        except (OSError, PostlintError):
            return None  # lint_file reports it
        if any(rule.kind == "grammar" for rule in rules):
            return None
        min_level = self.min_level or config.min_level
        digest = hashlib.sha256()
        for part in (FORMAT, code_fingerprint(), self._rules_fingerprint(rules), min_level.label):
            digest.update(part.encode() + b"\0")
        digest.update(path.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _rules_fingerprint(self, rules: list[Rule]) -> str:
        """Rule lists are shared per config, so each is fingerprinted once per run."""
        known = self._fingerprints.get(id(rules))
        if known is None or known[0] is not rules:
            known = (rules, rules_fingerprint(rules))
            self._fingerprints[id(rules)] = known
        return known[1]


def with_cache(linter: Linter, directory: Path | None = None) -> CachingLinter:
    """The same linter (config, selection, minimum level) answering from a result cache."""
    return CachingLinter(
        config=linter.config,
        config_file=linter.config_file,
        selection=linter.selection,
        min_level=linter.min_level,
        cache=ResultCache(directory or default_cache_dir()),
    )
