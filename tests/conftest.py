"""Shared fixtures: a tiny pack with one ``existence`` rule that flags the word "target".

Position tests lint small drafts with this rule, so each expected finding is the
exact span of the word "target" and nothing else in the project's packs can
interfere with what is asserted.

The whole session uses a temporary cache folder (results, syllable tables, the
pattern store), so the suite never writes to the user's own cache directory and
never reads what an earlier run or another version left there.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ["POSTLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="postlint-test-cache-")

from postlint import literals, patterncache
from postlint.config import Config
from postlint.engine import Linter
from postlint.literals import SharedScan

_CACHE_DIR = os.environ["POSTLINT_CACHE_DIR"]


def pytest_unconfigure(config: pytest.Config) -> None:
    patterncache.save()  # now rather than at exit, which would recreate the folder
    shutil.rmtree(_CACHE_DIR, ignore_errors=True)


TARGET_RULE = """\
kind: existence
level: warning
message: "Found '{match}'."
tokens: [target]
skip_quotes: false
"""

#: (line, column, end_line, end_column, match) of one finding.
Position = tuple[int, int, int, int, str]


def write_pack(root: Path, name: str = "Probe", rules: dict[str, str] | None = None) -> Path:
    """Write a pack folder ``root/name`` with the given ``{RuleName: yaml}`` files."""
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    for rule_name, text in (rules or {"Target": TARGET_RULE}).items():
        (folder / f"{rule_name}.yml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def probe_pack(tmp_path: Path) -> Path:
    """A pack folder ``Probe`` holding the rule ``Probe.Target``."""
    return write_pack(tmp_path / "packs")


@pytest.fixture
def probe_linter(probe_pack: Path) -> Linter:
    """A Linter that runs only ``Probe.Target``."""
    return Linter(config=Config(packs=[str(probe_pack)]))


@pytest.fixture
def positions(probe_linter: Linter) -> Callable[[str, str], list[Position]]:
    """Lint ``text`` as the file ``path``; return where each "target" was found."""

    def run(text: str, path: str = "draft.md") -> list[Position]:
        result = probe_linter.lint_text(text, path)
        assert result.error is None, result.error
        for f in result.findings:
            assert f.rule == "Probe.Target"
            assert f.message == f"Found '{f.match}'."
        return [(f.line, f.column, f.end_line, f.end_column, f.match) for f in result.findings]

    return run


@pytest.fixture
def fresh_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty in-memory pattern store backed by a temporary cache folder."""
    monkeypatch.setenv("POSTLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("POSTLINT_PATTERN_CACHE", raising=False)
    monkeypatch.setattr(patterncache, "_store", None)
    monkeypatch.setattr(patterncache, "_used", set())
    monkeypatch.setattr(patterncache, "_dirty", False)
    return tmp_path


@pytest.fixture
def prose_scan(monkeypatch):
    """A fresh shared scan, so the phrases a test registers do not outlive it."""
    scan = SharedScan("test")
    monkeypatch.setattr(literals, "PROSE_SCAN", scan)
    return scan
