"""Baselines: record today's findings so that CI fails only on new ones.

A finding is identified by its *fingerprint*: the rule id, the file's path relative
to a root (forward slashes), the matched text and a little text either side of it
on its line, whitespace-normalised. Line and column numbers are left out on
purpose, so adding a paragraph above an old finding does not bring it back.

Identical fingerprints are counted: if the baseline holds two and the file now
has three, one of the three is reported as new (the last in reading order).

The baseline file is JSON, sorted, one entry per distinct fingerprint::

    {"postlint_baseline": 1,
     "findings": [{"fingerprint": "…", "count": 1, "rule": "Pack.Rule",
                   "path": "posts/a.md", "match": "…", "context": "…"}]}

``rule``, ``path``, ``match`` and ``context`` are there for people reviewing the
file in a pull request; only ``fingerprint`` and ``count`` are read back.

This module also holds the two helpers the CI formatters share with it:
:func:`relative_path` and :class:`LineReader`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import ConfigError
from .model import FileResult, Finding, RunResult

#: The version written in (and required of) a baseline file.
FORMAT_VERSION = 1
#: How many characters of the line either side of the match go into the fingerprint.
CONTEXT_CHARS = 24

#: ``read_line(path, line_number)`` returns the text of a 1-based line of ``path``
#: (as the path appears in ``FileResult.path``), or "" when it cannot.
ReadLine = Callable[[str, int], str]


def relative_path(path: str, root: str = ".") -> str:
    """``path`` relative to ``root`` with forward slashes (``posts/a.md``), as in all CI output."""
    if not path or path == "-" or path.startswith("<"):
        return path  # stdin or a string: nothing to relativise
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root or "."))
    except ValueError:  # another drive on Windows
        rel = path
    return rel.replace(os.sep, "/")


class LineReader:
    """Reads lines of linted files on demand, each file once; a missing file reads as ""."""

    def __init__(self) -> None:
        self._lines: dict[str, list[str]] = {}

    def __call__(self, path: str, line: int) -> str:
        lines = self._lines.get(path)
        if lines is None:
            try:
                with open(path, encoding="utf-8", errors="replace", newline="") as fh:
                    lines = fh.read().splitlines()
            except (OSError, ValueError):
                lines = []
            self._lines[path] = lines
        return lines[line - 1] if 1 <= line <= len(lines) else ""


def _squash(text: str) -> str:
    return " ".join(text.split())


def finding_context(finding: Finding, line_text: str, end_line_text: str | None = None) -> str:
    """A little text either side of the match: ``before…after``, whitespace-normalised.

    ``line_text`` is the finding's start line, ``end_line_text`` its end line (the
    same line when omitted). Columns are 1-based characters, the end exclusive.
    """
    if end_line_text is None:
        end_line_text = line_text if finding.end_line in (finding.line, 0) else ""
    start = max(finding.column - 1, 0)
    before = _squash(line_text[:start])[-CONTEXT_CHARS:] if finding.column else ""
    end = max(finding.end_column - 1, 0)
    after = _squash(end_line_text[end:])[:CONTEXT_CHARS] if finding.end_column else ""
    return f"{before}\u2026{after}"


def fingerprint(
    finding: Finding, path: str, line_text: str, end_line_text: str | None = None
) -> str:
    """A stable hash of rule id, relative ``path``, matched text and its context on the line.

    ``path`` must already be normalised (see :func:`relative_path`). No line numbers.
    """
    context = finding_context(finding, line_text, end_line_text)
    key = "\x1f".join((finding.rule, path, _squash(finding.match), context))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _describe(
    finding: Finding, file: FileResult, root: str, read_line: ReadLine
) -> tuple[str, dict[str, str]]:
    rel = relative_path(file.path, root)
    line_text = read_line(file.path, finding.line) if finding.line else ""
    if finding.end_line and finding.end_line != finding.line:
        end_text: str | None = read_line(file.path, finding.end_line)
    else:
        end_text = None
    fp = fingerprint(finding, rel, line_text, end_text)
    info = {
        "rule": finding.rule,
        "path": rel,
        "match": _squash(finding.match),
        "context": finding_context(finding, line_text, end_text),
    }
    return fp, info


def finding_fingerprint(
    finding: Finding, file: FileResult, *, root: str = ".", read_line: ReadLine | None = None
) -> str:
    """:func:`fingerprint` of a finding in ``file``, reading its line text with ``read_line``."""
    return _describe(finding, file, root, read_line or LineReader())[0]


@dataclass
class Baseline:
    """Counts of known fingerprints. ``root`` is what paths were made relative to."""

    counts: Counter[str] = field(default_factory=Counter)
    root: str = "."
    entries: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def from_run(
        cls, run: RunResult, read_line: ReadLine | None = None, *, root: str = "."
    ) -> Baseline:
        reader = read_line or LineReader()
        baseline = cls(root=root)
        for file in run.files:
            for finding in file.findings:
                fp, info = _describe(finding, file, root, reader)
                baseline.counts[fp] += 1
                baseline.entries.setdefault(fp, info)
        return baseline

    def __len__(self) -> int:
        return sum(self.counts.values())

    def filter_new(self, run: RunResult, read_line: ReadLine | None = None) -> RunResult:
        """A copy of ``run`` keeping only findings the baseline does not account for.

        File errors, metrics and notices are kept as they are.
        """
        reader = read_line or LineReader()
        left = Counter(self.counts)
        files = []
        for file in run.files:
            kept = []
            for finding in file.findings:
                fp, _ = _describe(finding, file, self.root, reader)
                if left[fp] > 0:
                    left[fp] -= 1
                else:
                    kept.append(finding)
            files.append(
                FileResult(
                    path=file.path,
                    findings=kept,
                    metrics=file.metrics,
                    error=file.error,
                    notices=list(file.notices),
                )
            )
        return RunResult(files=files)

    def to_json(self) -> str:
        findings = []
        for fp in sorted(self.counts, key=lambda k: (self.entries.get(k, {}).get("path", ""), k)):
            entry: dict[str, object] = {"fingerprint": fp, "count": self.counts[fp]}
            entry.update(self.entries.get(fp, {}))
            findings.append(entry)
        doc = {"postlint_baseline": FORMAT_VERSION, "findings": findings}
        return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n"

    def save(self, path: str) -> None:
        """Write atomically: a temporary file in the same folder, then ``os.replace``."""
        import tempfile  # lazily: start-up matters in a pre-commit hook

        folder = os.path.dirname(os.path.abspath(path))
        fd, tmp = tempfile.mkstemp(prefix=".postlint-baseline-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(self.to_json())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def write_baseline(
    run: RunResult, path: str, *, root: str | None = None, read_line: ReadLine | None = None
) -> Baseline:
    """Record ``run``'s findings in ``path``; paths are relative to ``root`` (default ".").

    Raises ``ConfigError`` when the file cannot be written.
    """
    baseline = Baseline.from_run(run, read_line, root=root or ".")
    try:
        baseline.save(path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write baseline: {exc.strerror or exc}") from None
    return baseline


def load_baseline(path: str, *, root: str | None = None) -> Baseline:
    """Read a baseline written by :func:`write_baseline`; a bad file raises ``ConfigError``."""

    def bad(why: str) -> ConfigError:
        return ConfigError(f"{path}: not a postlint baseline: {why}")

    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: baseline file not found") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise bad("not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise bad(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    if not isinstance(doc, dict) or "findings" not in doc:
        raise bad("expected a JSON object with 'postlint_baseline' and 'findings'")
    if doc.get("postlint_baseline") != FORMAT_VERSION:
        raise bad(
            f"unsupported version {doc.get('postlint_baseline')!r}; expected {FORMAT_VERSION}"
        )
    items = doc["findings"]
    if not isinstance(items, list):
        raise bad("'findings' must be a list")
    baseline = Baseline(root=root or ".")
    for i, item in enumerate(items):
        fp = item.get("fingerprint") if isinstance(item, dict) else None
        count = item.get("count", 1) if isinstance(item, dict) else None
        if not isinstance(fp, str) or not fp:
            raise bad(f"findings[{i}] has no 'fingerprint' string")
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise bad(f"findings[{i}] 'count' must be a positive integer")
        baseline.counts[fp] += count
        baseline.entries.setdefault(
            fp, {k: str(v) for k, v in item.items() if k in ("rule", "path", "match", "context")}
        )
    return baseline
