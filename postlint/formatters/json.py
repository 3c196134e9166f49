"""The JSON contract (docs/json-format.md): stable keys, sorted findings, same bytes for same input."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..__about__ import __version__

if TYPE_CHECKING:
    from ..model import RunResult
    from ..rules import Rule


def to_data(run: RunResult) -> dict[str, Any]:
    return {
        "postlint": __version__,
        "files": [r.to_dict() for r in run.files],
        "summary": run.summary(),
    }


def render(run: RunResult, rules: Sequence[Rule] = (), *, root: str = ".") -> str:
    return json.dumps(to_data(run), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
