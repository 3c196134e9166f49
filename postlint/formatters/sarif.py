"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` lists every active rule (and any rule a finding
names that is not among them), sorted by id; results point at paths relative to
``root`` under ``uriBaseId`` ``%SRCROOT%``. Columns are Unicode code points
(``columnKind: unicodeCodePoints``), ``endColumn`` is the column just past the
match. ``partialFingerprints["postlint/v1"]`` is the baseline fingerprint (rule,
path, matched text and its context; no line numbers), so code scanning keeps
tracking an alert when lines move. Per-file errors and notices are
``toolExecutionNotifications``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..__about__ import __version__
from ..baseline import LineReader, ReadLine, finding_fingerprint, relative_path
from ..model import FileResult, Finding, Level, RunResult

if TYPE_CHECKING:
    from ..rules import Rule

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
#: The project's home page, shown by SARIF viewers next to the tool name.
INFORMATION_URI = "https://github.com/postlint/postlint"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "postlint/v1"

LEVELS = {Level.ERROR: "error", Level.WARNING: "warning", Level.SUGGESTION: "note"}


def _text(value: str) -> dict[str, str]:
    return {"text": value}


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    for i, ch in enumerate(text):
        if ch in ".!?" and (i + 1 == len(text) or text[i + 1] == " "):
            return text[: i + 1]
    return text


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    full = " ".join(rule.description.split()) or rule.message or rule.id
    help_lines = [full]
    if rule.message and rule.message != full:
        help_lines.append(f"Message: {rule.message}")
    if rule.example:
        help_lines.append(f"Example: {rule.example}")
    if rule.link:
        help_lines.append(f"More: {rule.link}")
    out: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name or rule.id,
        "shortDescription": _text(_first_sentence(full)),
        "fullDescription": _text(full),
        "help": _text("\n".join(help_lines)),
        "defaultConfiguration": {"level": LEVELS[rule.level]},
        "properties": {"tags": sorted({t for t in (rule.pack, rule.kind) if t})},
    }
    if rule.link:
        out["helpUri"] = rule.link
    return out


def _unknown_rule(rule_id: str, finding: Finding) -> dict[str, Any]:
    name = rule_id.rpartition(".")[2] or rule_id
    return {
        "id": rule_id,
        "name": name,
        "shortDescription": _text(rule_id),
        "fullDescription": _text(rule_id),
        "help": _text(rule_id),
        "defaultConfiguration": {"level": LEVELS[finding.level]},
        "properties": {"tags": [finding.kind] if finding.kind else []},
    }


def _region(f: Finding) -> dict[str, int] | None:
    if f.line < 1:
        return None
    region = {"startLine": f.line}
    if f.column >= 1:
        region["startColumn"] = f.column
    end_line = f.end_line if f.end_line >= f.line else f.line
    region["endLine"] = end_line
    if f.end_column >= 1 and (end_line > f.line or f.end_column >= f.column):
        region["endColumn"] = f.end_column
    return region


def _location(uri: str, region: dict[str, int] | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri, "uriBaseId": SRCROOT}}
    if region:
        physical["region"] = region
    return {"physicalLocation": physical}


def _uri(rel: str) -> str:
    # a relative URI reference: percent-encode what a URI cannot hold literally
    return quote(rel, safe="/-._~!$&'()*+,;=@")


def _result(
    f: Finding, file: FileResult, rule_index: int, root: str, read_line: ReadLine
) -> dict[str, Any]:
    uri = _uri(relative_path(file.path, root))
    region = _region(f)
    fp = finding_fingerprint(f, file, root=root, read_line=read_line)
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[f.level],
        "message": _text(f.message or f.rule),
        "locations": [_location(uri, region)],
        "partialFingerprints": {FINGERPRINT_KEY: fp},
    }
    if f.fix is not None and region is not None:
        out["fixes"] = [
            {
                "description": _text(
                    f.fix.description or f"Replace with \u201c{f.fix.replacement}\u201d"
                ),
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": uri, "uriBaseId": SRCROOT},
                        "replacements": [
                            {
                                "deletedRegion": region,
                                "insertedContent": _text(f.fix.replacement),
                            }
                        ],
                    }
                ],
            }
        ]
    props: dict[str, Any] = {}
    if f.evidence:
        props["evidence"] = list(f.evidence)
    if f.match:
        props["match"] = f.match
    if props:
        out["properties"] = props
    return out


def build(
    run: RunResult,
    rules: Sequence[Rule],
    *,
    root: str = ".",
    read_line: ReadLine | None = None,
) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict (see :func:`render`)."""
    reader = read_line or LineReader()
    descriptors: dict[str, dict[str, Any]] = {}
    for rule in rules:
        descriptors.setdefault(rule.id, _rule_descriptor(rule))
    files = sorted(run.files, key=lambda r: relative_path(r.path, root))
    for file in files:
        for f in file.findings:
            if f.rule not in descriptors:
                descriptors[f.rule] = _unknown_rule(f.rule, f)
    ids = sorted(descriptors)
    index = {rule_id: i for i, rule_id in enumerate(ids)}

    results = []
    notifications = []
    for file in files:
        for f in sorted(file.findings, key=Finding.sort_key):
            results.append(_result(f, file, index[f.rule], root, reader))
        uri = _uri(relative_path(file.path, root))
        if file.error:
            notifications.append(
                {
                    "level": "error",
                    "message": _text(file.error),
                    "locations": [_location(uri, None)],
                    "descriptor": {"id": "postlint.file-error"},
                }
            )
        for notice in sorted(set(file.notices)):
            notifications.append(
                {
                    "level": "note",
                    "message": _text(notice),
                    "locations": [_location(uri, None)],
                    "descriptor": {"id": "postlint.notice"},
                }
            )

    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "postlint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [descriptors[i] for i in ids],
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(
    run: RunResult,
    rules: Sequence[Rule],
    *,
    root: str = ".",
    read_line: ReadLine | None = None,
) -> str:
    """SARIF 2.1.0 JSON text, ending in a newline.

    ``read_line(path, line)`` supplies line text for the fingerprints; by default
    the linted files are read from disk (a file that cannot be read gives "").
    """
    return (
        json.dumps(build(run, rules, root=root, read_line=read_line), indent=2, ensure_ascii=False)
        + "\n"
    )
