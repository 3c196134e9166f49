"""The JSON contract (docs/json-format.md): stable keys, sorted findings, same bytes for same input.

The document is written in pieces (header, one fragment per file, footer) so the
CLI can stream it as files are linted instead of holding every finding of a big
batch in memory; ``render`` joins the same pieces, so both give the same bytes.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..__about__ import __version__
from ..model import Level

if TYPE_CHECKING:
    from ..model import FileResult, Finding, RunResult
    from ..rules import Rule


def header() -> str:
    return '{\n  "postlint": ' + json.dumps(__version__) + ',\n  "files": ['


def file_fragment(result: FileResult, first: bool) -> str:
    return fragment_separator(first) + file_body(result)


def fragment_separator(first: bool) -> str:
    """What goes before a file's object in the "files" list."""
    return "\n" if first else ",\n"


def file_body(result: FileResult) -> str:
    """One file's object, indented to sit in the "files" list (a worker can render it).

    The same bytes as ``_dumps(result.to_dict(), 4)``, written field by field:
    ``json.dumps`` with ``indent`` runs its pure-Python encoder over every value,
    which cost more than pickling the result. The layout of a finding is fixed
    (docs/json-format.md), so only its values need encoding; metrics and any
    finding holding a value of an unexpected type go through ``json.dumps``.
    """
    if type(result.path) is not str or not isinstance(result.error, (str, type(None))):
        return _dumps(result.to_dict(), 4)
    metrics = _flat_metrics(result.metrics) or _dumps(result.metrics, 6).lstrip(" ")
    findings = ",\n".join(map(_finding_body, result.findings))
    findings = "[\n" + findings + "\n      ]" if findings else "[]"
    return (
        f'    {{\n      "path": {_string(result.path)},\n'
        f'      "error": {_nullable(result.error)},\n'
        f'      "metrics": {metrics},\n'
        f'      "findings": {findings}\n    }}'
    )


_string = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) uses


def _dumps(value: Any, indent: int) -> str:
    """``json.dumps(value, indent=2)`` with every line indented by ``indent`` spaces."""
    body = json.dumps(value, indent=2, ensure_ascii=False)
    # json.dumps never emits a blank line (newlines inside strings are escaped), so
    # this equals textwrap.indent at a third of the cost.
    pad = " " * indent
    return pad + body.replace("\n", "\n" + pad)


#: How json.dumps writes the constants (NaN and Infinity are left to json.dumps).
_CONSTANTS = {None: "null", True: "true", False: "false"}


def _scalar(value: Any) -> str | None:
    """A str, int, finite float, bool or None as json.dumps writes it; else None."""
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is int:
        return int.__repr__(value)
    if kind is float and value - value == 0:  # finite: not NaN or an infinity
        return float.__repr__(value)
    if value is None or kind is bool:
        return _CONSTANTS[value]
    return None


def _flat_metrics(metrics: dict[str, Any]) -> str | None:
    """Non-empty metrics whose keys are str and values scalars, as at depth one; else None."""
    lines = []
    for key, value in metrics.items():
        text = _scalar(value)
        if type(key) is not str or text is None:
            return None
        lines.append(f"        {_string(key)}: {text}")
    return "{\n" + ",\n".join(lines) + "\n      }" if lines else None


def _nullable(value: str | None) -> str:
    return "null" if value is None else _string(value)


#: Each level's label as a JSON string (``Level.label`` is a Python-level property).
_LEVEL_TEXT = {level: _string(level.label) for level in Level}


def _finding_body(f: Finding) -> str:
    """A finding's object at the depth of the "findings" list (eight spaces)."""
    fix, evidence = f.fix, f.evidence
    if not (
        type(f.rule) is type(f.kind) is type(f.message) is type(f.match) is str
        and type(f.line) is type(f.column) is type(f.end_line) is type(f.end_column) is int
        and isinstance(f.level, Level)
        and type(evidence) is list
        and (fix is None or type(fix.replacement) is type(fix.description) is str)
        and (not evidence or all(type(e) is str for e in evidence))
    ):
        return _dumps(f.to_dict(), 8)
    if fix is None:
        fix_text = "null"
    else:
        fix_text = (
            f'{{\n            "replacement": {_string(fix.replacement)},\n'
            f'            "description": {_string(fix.description)}\n          }}'
        )
    if evidence:
        items = ",\n            ".join(map(_string, evidence))
        evidence_text = f"[\n            {items}\n          ]"
    else:
        evidence_text = "[]"
    return (
        f'        {{\n          "rule": {_string(f.rule)},\n'
        f'          "kind": {_string(f.kind)},\n'
        f'          "level": {_LEVEL_TEXT[f.level]},\n'
        f'          "message": {_string(f.message)},\n'
        f'          "line": {f.line},\n'
        f'          "column": {f.column},\n'
        f'          "end_line": {f.end_line},\n'
        f'          "end_column": {f.end_column},\n'
        f'          "match": {_string(f.match)},\n'
        f'          "fix": {fix_text},\n'
        f'          "evidence": {evidence_text}\n        }}'
    )


def footer(summary: dict[str, int], any_files: bool) -> str:
    summary_text = textwrap.indent(json.dumps(summary, indent=2), "  ").lstrip()
    return ("\n  " if any_files else "") + '],\n  "summary": ' + summary_text + "\n}\n"


def render(run: RunResult, rules: Sequence[Rule] = (), *, root: str = ".") -> str:
    parts = [header()]
    parts += [file_fragment(r, i == 0) for i, r in enumerate(run.files)]
    parts.append(footer(run.summary(), bool(run.files)))
    return "".join(parts)
