"""The persistent pattern store gives exactly what ``re.compile`` gives, or falls back to it."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from postlint import patterncache

PATTERNS = [
    (r"(?<![\w'’-])(?:been|being|is|was)\s+(\w+ed)\b", 0),
    (r"(?P<word>\w+)\s+(?P=word)", re.IGNORECASE),
    (r"[^\W\d_](?:\.[^\W\d_])+\.?", 0),
    (r"^#+\s*(?P<title>.+)$", re.MULTILINE),
    (r"colou?r|ﬁle|STRASSE", re.IGNORECASE),
    (r"[ᄀ-ᇿ一-鿿]+", 0),
    (r"(?x) \b [A-Z]{3,5} s? \b  # acronyms", 0),
]
TEXT = "It was painted. Colour and color, ﬁle, strasse, NASA and CDNs.\n## Notes\nthe the 漢字 e.g. U.S.A. ok"


def same_pattern(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (
        b.pattern,
        b.flags,
        b.groups,
        b.groupindex,
    )
    assert [m.span() for m in a.finditer(TEXT)] == [m.span() for m in b.finditer(TEXT)]
    assert [m.groups() for m in a.finditer(TEXT)] == [m.groups() for m in b.finditer(TEXT)]


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_compiled_from_scratch_equals_re_compile(
    fresh_store: Path, pattern: str, flags: int
) -> None:
    same_pattern(patterncache.compile(pattern, flags), re.compile(pattern, flags))


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_rebuilt_from_the_saved_store_equals_re_compile(
    fresh_store: Path, monkeypatch: pytest.MonkeyPatch, pattern: str, flags: int
) -> None:
    patterncache.compile(pattern, flags)
    patterncache.save()
    monkeypatch.setattr(patterncache, "_store", None)  # as a new process would

    def no_parsing(*args: object) -> None:
        raise AssertionError("a stored pattern must not be parsed again")

    monkeypatch.setattr(patterncache, "_assemble", no_parsing)
    same_pattern(patterncache.compile(pattern, flags), re.compile(pattern, flags))


def test_a_new_process_reuses_the_store(tmp_path: Path) -> None:
    script = (
        "import re, sys\n"
        "from postlint import patterncache as pc\n"
        "p = pc.compile(r'(?i)\\bcolou?r\\b')\n"
        "print(p.search('The Colour').span(), pc._dirty)\n"
    )
    env = {**os.environ, "POSTLINT_CACHE_DIR": str(tmp_path)}
    env.pop("POSTLINT_PATTERN_CACHE", None)
    runs = [
        subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
        for _ in range(2)
    ]
    assert [r.stdout.strip() for r in runs] == ["(4, 10) True", "(4, 10) False"]
    assert [p.name for p in tmp_path.glob("patterns-*.marshal")] == [patterncache.store_path().name]


def test_a_damaged_store_file_is_ignored(fresh_store: Path) -> None:
    patterncache.store_path().write_bytes(b"\x00not marshal at all")
    same_pattern(patterncache.compile(*PATTERNS[0]), re.compile(*PATTERNS[0]))


def test_a_damaged_entry_is_dropped_and_compiled_for_real(fresh_store: Path) -> None:
    pattern, flags = PATTERNS[1][0], int(PATTERNS[1][1])
    bogus = {(pattern, flags): (flags, [99999, 1, 2], 0, {}, (None,))}  # invalid SRE code
    patterncache.store_path().write_bytes(marshal.dumps(bogus))
    same_pattern(patterncache.compile(pattern, flags), re.compile(pattern, flags))
    assert patterncache._store[(pattern, flags)][1] != [99999, 1, 2]


def test_invalid_pattern_raises_the_same_error_as_re(fresh_store: Path) -> None:
    with pytest.raises(re.error, match="missing \\), unterminated subpattern at position 0"):
        patterncache.compile("(abc")
    assert patterncache._dirty is False


def test_switched_off_by_environment(fresh_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSTLINT_PATTERN_CACHE", "0")
    same_pattern(patterncache.compile(*PATTERNS[2]), re.compile(*PATTERNS[2]))
    patterncache.save()
    assert list(fresh_store.iterdir()) == []


def test_unwritable_cache_dir_loses_only_the_cache(
    fresh_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = fresh_store / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("POSTLINT_CACHE_DIR", str(blocker / "sub"))
    same_pattern(patterncache.compile(*PATTERNS[3]), re.compile(*PATTERNS[3]))
    patterncache.save()  # must not raise
    assert blocker.read_text() == "not a folder"


def test_store_is_trimmed_to_the_patterns_in_use(
    fresh_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(patterncache, "MAX_ENTRIES", 2)
    for pattern, flags in PATTERNS[:3]:
        patterncache.compile(pattern, flags)
    monkeypatch.setattr(patterncache, "_used", {PATTERNS[0]})
    patterncache.save()
    saved = marshal.loads(patterncache.store_path().read_bytes())
    assert list(saved) == [PATTERNS[0]]


def test_remember_computes_once_and_persists(
    fresh_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def analysis() -> tuple[frozenset[str], int]:
        calls.append("x")
        return frozenset({"colou", "colo"}), 3

    first = patterncache.remember("literals:1", ("(?i)colou?r", 2), analysis)
    again = patterncache.remember("literals:1", ("(?i)colou?r", 2), analysis)
    assert first == again == (frozenset({"colou", "colo"}), 3)
    assert calls == ["x"]
    patterncache.save()
    monkeypatch.setattr(patterncache, "_store", None)  # as a new process would
    assert patterncache.remember("literals:1", ("(?i)colou?r", 2), analysis) == first
    assert calls == ["x"]
    # changed code (another namespace) computes afresh
    assert patterncache.remember("literals:2", ("(?i)colou?r", 2), analysis) == first
    assert calls == ["x", "x"]


def test_remember_returns_but_does_not_store_what_marshal_cannot_write(fresh_store: Path) -> None:
    value = patterncache.remember("ns", "k", lambda: re.compile("a"))
    assert value.pattern == "a"
    assert ("=", "ns", "k") not in patterncache._store


def test_code_tag_changes_with_the_file(tmp_path: Path) -> None:
    module = tmp_path / "analysis.py"
    module.write_text("A = 1\n")
    before = patterncache.code_tag(str(module))
    module.write_text("A = 22\n")
    assert patterncache.code_tag(str(module)) != before
    assert before.startswith("analysis.py:6:")


def test_answers_of_an_older_module_version_are_dropped_on_save(fresh_store: Path) -> None:
    patterncache.remember("literals.py:100:1", "a", lambda: "old answer")
    patterncache.remember("segment.py:7:1", "t", lambda: "other module, not used this run")
    patterncache.save()
    patterncache._store = None
    patterncache._used = set()
    patterncache.remember("literals.py:120:2", "a", lambda: "new answer")
    patterncache.compile(*PATTERNS[0])
    patterncache.save()
    saved = marshal.loads(patterncache.store_path().read_bytes())
    assert ("=", "literals.py:100:1", "a") not in saved
    assert saved[("=", "literals.py:120:2", "a")] == "new answer"
    assert saved[("=", "segment.py:7:1", "t")] == "other module, not used this run"
    assert (PATTERNS[0][0], int(PATTERNS[0][1])) in saved


def test_remember_does_not_store_an_answer_whose_key_marshal_cannot_write(
    fresh_store: Path,
) -> None:
    """An enum flag in a key would otherwise make every later save of the store fail."""
    patterncache.remember("ns", "plain", lambda: "kept")
    value = patterncache.remember("ns", ("p", re.IGNORECASE), lambda: "answer")
    assert value == "answer"
    assert ("=", "ns", ("p", re.IGNORECASE)) not in patterncache._store
    patterncache.save()
    saved = marshal.loads(patterncache.store_path().read_bytes())
    assert saved[("=", "ns", "plain")] == "kept"
