"""GitLab Code Quality report (a subset of the Code Climate issue format).

A JSON array of issues ``{description, check_name, fingerprint, severity,
location: {path, positions: {begin: {line, column}, end: {line, column}}}}``.
Severities: error → ``major``, warning → ``minor``, suggestion → ``info``; a
file that could not be linted is a ``critical`` issue at line 1. The
fingerprint is the baseline fingerprint (no line numbers), so GitLab's
merge-request widget shows only findings a change introduced or fixed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..baseline import LineReader, ReadLine, finding_fingerprint, relative_path
from ..model import Finding, Level, RunResult

if TYPE_CHECKING:
    from ..rules import Rule

SEVERITIES = {Level.ERROR: "major", Level.WARNING: "minor", Level.SUGGESTION: "info"}


def build(
    run: RunResult, *, root: str = ".", read_line: ReadLine | None = None
) -> list[dict[str, Any]]:
    reader = read_line or LineReader()
    issues: list[dict[str, Any]] = []
    for file in sorted(run.files, key=lambda r: relative_path(r.path, root)):
        path = relative_path(file.path, root)
        if file.error:
            digest = hashlib.sha256(f"postlint.FileError\x1f{path}".encode()).hexdigest()[:32]
            issues.append(
                {
                    "type": "issue",
                    "description": file.error,
                    "check_name": "postlint.FileError",
                    "categories": ["Bug Risk"],
                    "fingerprint": digest,
                    "severity": "critical",
                    "location": {"path": path, "lines": {"begin": 1}},
                }
            )
        seen: dict[str, int] = {}
        for f in sorted(file.findings, key=Finding.sort_key):
            fp = finding_fingerprint(f, file, root=root, read_line=reader)
            # identical findings in one file still need distinct fingerprints
            seen[fp] = seen.get(fp, 0) + 1
            if seen[fp] > 1:
                fp = hashlib.sha256(f"{fp}#{seen[fp]}".encode()).hexdigest()[:32]
            line = max(f.line, 1)
            end_line = max(f.end_line, line)
            issues.append(
                {
                    "type": "issue",
                    "description": f"{f.rule}: {f.message or f.rule}",
                    "check_name": f.rule,
                    "categories": ["Style"],
                    "fingerprint": fp,
                    "severity": SEVERITIES[f.level],
                    "location": {
                        "path": path,
                        "positions": {
                            "begin": {"line": line, "column": max(f.column, 1)},
                            "end": {"line": end_line, "column": max(f.end_column, 1)},
                        },
                    },
                }
            )
    return issues


def render(
    run: RunResult,
    rules: Sequence[Rule],
    *,
    root: str = ".",
    read_line: ReadLine | None = None,
) -> str:
    """The Code Quality JSON array, ending in a newline."""
    return (
        json.dumps(build(run, root=root, read_line=read_line), indent=2, ensure_ascii=False) + "\n"
    )
