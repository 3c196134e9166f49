"""Rule files read on every run come from the pattern store, so PyYAML is not imported."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest

from postlint.yamlio import YamlLoadError, load_yaml

RULE = "kind: existence\nlevel: warning\nmessage: 'Avoid {match}.'\ntokens:\n  - very\n  - really\n"


def test_remembered_documents_are_equal_and_independent(fresh_store: Path) -> None:
    first = load_yaml(RULE, remember=True)
    first.data["tokens"].append("changed by a caller")
    second = load_yaml(RULE, remember=True)
    assert second.data == {
        "kind": "existence",
        "level": "warning",
        "message": "Avoid {match}.",
        "tokens": ["very", "really"],
    }
    assert second.key_lines == {"kind": 1, "level": 2, "message": 3, "tokens": 4}


def test_errors_are_never_remembered(fresh_store: Path) -> None:
    for _ in range(2):
        with pytest.raises(YamlLoadError, match="invalid YAML") as raised:
            load_yaml("kind: existence\ntokens: [very\n", remember=True)
        assert raised.value.line == 3


def test_a_warm_run_without_front_matter_does_not_import_pyyaml(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from postlint import lint_text\n"
        "result = lint_text('It was really very good.\\n', path='draft.md')\n"
        "print(sorted({f.rule for f in result.findings}) != [], 'yaml' in sys.modules)\n"
    )
    env = {**os.environ, "POSTLINT_CACHE_DIR": str(tmp_path)}
    env.pop("POSTLINT_PATTERN_CACHE", None)
    runs = [
        subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=tmp_path
        ).stdout.split()
        for _ in range(2)
    ]
    assert runs == [["True", "True"], ["True", "False"]]


def test_documents_marshal_cannot_store_are_still_copied(fresh_store: Path) -> None:
    """A date is valid safe YAML that marshal refuses: the copy falls back to deepcopy."""
    text = "published: 2026-11-27\ntags: [news]\n"
    first = load_yaml(text, remember=True)
    first.data["tags"].append("changed by a caller")
    second = load_yaml(text, remember=True)
    assert second.data == {"published": datetime.date(2026, 11, 27), "tags": ["news"]}
    assert second.key_lines == {"published": 1, "tags": 2}
