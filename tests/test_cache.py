"""The result cache: hits give the same bytes, keys change with everything that matters,
damaged entries are misses, and the command line can skip or clear it."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_pack

from postlint.cache import CachingLinter, ResultCache, result_from_json, result_to_json
from postlint.cli import main
from postlint.config import Config
from postlint.engine import Linter, Selection
from postlint.model import FileResult
from postlint.userdirs import clear_startup_data, startup_data_files

DRAFT = "# Notes\n\nWe hit the target on time.\n\nThe next target is harder.\n"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("POSTLINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("POSTLINT_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def caching_linter(pack: Path, folder: Path, **config) -> CachingLinter:
    return CachingLinter(config=Config(packs=[str(pack)], **config), cache=ResultCache(folder))


def entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.json"))


def test_a_hit_returns_the_same_result_without_linting(probe_pack, draft, cache_dir):
    linter = caching_linter(probe_pack, cache_dir)
    first = linter.lint_file(str(draft))
    assert [(f.line, f.column, f.end_column, f.message) for f in first.findings] == [
        (3, 12, 18, "Found 'target'."),
        (5, 10, 16, "Found 'target'."),
    ]
    assert (linter.cache.hits, linter.cache.misses) == (0, 1)
    assert len(entries(cache_dir)) == 1

    again = caching_linter(probe_pack, cache_dir)
    second = again.lint_file(str(draft))
    assert (again.cache.hits, again.cache.misses) == (1, 0)
    assert second == first


def test_changed_bytes_rules_or_level_are_new_keys(probe_pack, draft, tmp_path, cache_dir):
    linter = caching_linter(probe_pack, cache_dir)
    key = linter.cache_key(str(draft))
    draft.write_text(DRAFT + "\nOne more target.\n", encoding="utf-8")
    assert linter.cache_key(str(draft)) != key
    assert len(linter.lint_file(str(draft)).findings) == 3

    overridden = caching_linter(
        probe_pack, cache_dir, rules={"Probe.Target": {"tokens": ["harder"]}}
    )
    assert overridden.cache_key(str(draft)) != linter.cache_key(str(draft))
    assert [f.match for f in overridden.lint_file(str(draft)).findings] == ["harder"]

    other_pack = write_pack(
        tmp_path / "other", "Probe", {"Target": "kind: existence\ntokens: [next]\n"}
    )
    assert caching_linter(other_pack, cache_dir).cache_key(str(draft)) != key
    quiet = caching_linter(probe_pack, cache_dir, min_level=Config().fail_on)
    assert quiet.cache_key(str(draft)) != linter.cache_key(str(draft))


def test_a_corrupt_entry_is_a_miss_and_is_replaced(probe_pack, draft, cache_dir):
    expected = caching_linter(probe_pack, cache_dir).lint_file(str(draft))
    (entry,) = entries(cache_dir)
    entry.write_text('{"path": "draft.md", "findings": [', encoding="utf-8")

    linter = caching_linter(probe_pack, cache_dir)
    assert linter.lint_file(str(draft)) == expected
    assert (linter.cache.hits, linter.cache.misses) == (0, 1)
    assert json.loads(entry.read_text(encoding="utf-8"))["findings"][0]["match"] == "target"


def test_results_with_a_file_error_are_not_cached(probe_pack, tmp_path, cache_dir):
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: [unclosed\n---\nA target.\n", encoding="utf-8")
    result = caching_linter(probe_pack, cache_dir).lint_file(str(bad))
    assert result.error is not None and result.error.startswith("malformed front matter")
    assert entries(cache_dir) == []


def test_entries_round_trip_every_field(probe_pack, draft, cache_dir):
    result = Linter(config=Config(packs=[str(probe_pack)])).lint_file(str(draft))
    result.metrics["ratio"] = 0.1 + 0.2
    assert result_from_json(json.loads(json.dumps(result_to_json(result)))) == result


def test_concurrent_writers_leave_whole_entries_and_no_temp_files(probe_pack, draft, cache_dir):
    result = Linter(config=Config(packs=[str(probe_pack)])).lint_file(str(draft))
    store = ResultCache(cache_dir)
    threads = [threading.Thread(target=store.put, args=("ab" + "0" * 62, result)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [p.name for p in cache_dir.rglob("*")] == ["v1", "ab", "ab" + "0" * 62 + ".json"]
    assert store.get("ab" + "0" * 62) == result


def _check(args: list[str]) -> str:
    result = CliRunner().invoke(main, ["check", "--format", "json", "--fail-on", "none", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_cold_and_warm_runs_print_the_same_bytes(cache_dir):
    drafts = sorted(str(p) for p in (Path(__file__).parent.parent / "examples").rglob("*.md"))[:6]
    args = ["--ignore", "Postlint.Grammar", *drafts]
    cold = _check(args)
    assert len(entries(cache_dir)) == len(drafts)
    assert _check(args) == cold
    assert _check(["--no-cache", *args]) == cold


def test_no_cache_writes_nothing(cache_dir, draft):
    _check(["--no-cache", "--ignore", "Postlint.Grammar", str(draft)])
    assert not cache_dir.exists()


def test_cache_clear_removes_every_entry(cache_dir, draft):
    _check(["--ignore", "Postlint.Grammar", str(draft)])
    assert len(entries(cache_dir)) == 1
    data = startup_data_files(cache_dir)  # tables written by this run, if it built any
    size = sum(p.stat().st_size for p in data) / 1e6
    result = CliRunner().invoke(main, ["cache", "clear"])
    assert result.exit_code == 0
    assert result.output == (
        f"postlint: removed 1 cached results and {len(data)} start-up data files"
        f" ({size:.1f} MB) from {cache_dir}\n"
    )
    assert entries(cache_dir) == []


def test_cache_clear_removes_start_up_data_and_nothing_else(cache_dir):
    """Old syllable tables and pattern stores pile up, one set per release: clear them too."""
    cache_dir.mkdir()
    ResultCache(cache_dir).put("ab" * 32, FileResult("post.md"))
    names = [
        "patterns-cpython-311-3-11-7-sre20220615-m4.marshal",
        "cmudict-syllables-3618488-1795785435385044419-m4-f2.marshal",
        "cmudict-shards-3618488-1795785435385044419-m4-f1.marshal",
        "pyphen-en_US-106414-1795785433107459661-m4-f2.marshal",
    ]
    for name in names:
        (cache_dir / name).write_bytes(b"x" * 250_000)
    kept = ["notes.txt", "mine.marshal"]
    for name in kept:
        (cache_dir / name).write_text("the user's own file\n", encoding="utf-8")

    result = CliRunner().invoke(main, ["cache", "clear"])

    assert result.exit_code == 0
    assert result.output == (
        f"postlint: removed 1 cached results and 4 start-up data files (1.0 MB) from {cache_dir}\n"
    )
    assert sorted(p.name for p in cache_dir.iterdir()) == sorted(kept)
    assert clear_startup_data(cache_dir) == (0, 0)


def test_grammar_rules_bypass_the_cache(cache_dir, draft):
    linter = CachingLinter(
        selection=Selection(select=["Postlint.Grammar"]), cache=ResultCache(cache_dir)
    )
    assert linter.cache_key(str(draft)) is None
