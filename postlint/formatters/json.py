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

if TYPE_CHECKING:
    from ..model import FileResult, RunResult
    from ..rules import Rule


def to_data(run: RunResult) -> dict[str, Any]:
    return {
        "postlint": __version__,
        "files": [r.to_dict() for r in run.files],
        "summary": run.summary(),
    }


def header() -> str:
    return '{\n  "postlint": ' + json.dumps(__version__) + ',\n  "files": ['


def file_fragment(result: FileResult, first: bool) -> str:
    return fragment_separator(first) + file_body(result)


def fragment_separator(first: bool) -> str:
    """What goes before a file's object in the "files" list."""
    return "\n" if first else ",\n"


def file_body(result: FileResult) -> str:
    """One file's object, indented to sit in the "files" list (a worker can render it)."""
    body = json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
    # Indent every line by four spaces; json.dumps never emits a blank line (newlines
    # inside strings are escaped), so this equals textwrap.indent at a third of the cost.
    return "    " + body.replace("\n", "\n    ")


def footer(summary: dict[str, int], any_files: bool) -> str:
    summary_text = textwrap.indent(json.dumps(summary, indent=2), "  ").lstrip()
    return ("\n  " if any_files else "") + '],\n  "summary": ' + summary_text + "\n}\n"


def render(run: RunResult, rules: Sequence[Rule] = (), *, root: str = ".") -> str:
    parts = [header()]
    parts += [file_fragment(r, i == 0) for i, r in enumerate(run.files)]
    parts.append(footer(run.summary(), bool(run.files)))
    return "".join(parts)
