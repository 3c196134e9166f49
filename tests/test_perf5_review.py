"""Regression tests for problems the session-5 reviews found in the speed work."""

from __future__ import annotations

import re

from postlint.kinds.patterns import _shared_finder


class _CountingPattern:
    """A compiled pattern that counts its ``match`` calls."""

    def __init__(self, pattern: str):
        self.regex = re.compile(pattern)
        self.calls = 0

    def match(self, text: str, pos: int = 0):
        self.calls += 1
        return self.regex.match(text, pos)


def test_shared_finder_tests_each_start_once_when_asked_span_by_span():
    # 2,000 sentences, each with two shared starts of which only "foo" matches: a
    # sentence-scoped rule builds a finder for each sentence (``Prefilter.finder`` per
    # ``finditer`` call), from the starts of the whole document.
    sentence = "foo and fob went. "
    text = sentence * 2000
    starts = sorted(
        [i * len(sentence) for i in range(2000)] + [i * len(sentence) + 8 for i in range(2000)]
    )
    candidates = _CountingPattern(r"foo\b")
    found = []
    for i in range(2000):
        span_start, span_end = i * len(sentence), (i + 1) * len(sentence)
        next_start = _shared_finder(starts, candidates, text)
        pos = span_start
        while (at := next_start(pos, span_end)) is not None:
            found.append(at)
            pos = at + 1
    assert found == [i * len(sentence) for i in range(2000)]
    assert candidates.calls <= len(starts) + 2000  # linear, not 2,000 x 4,000


def test_shared_finder_answers_within_the_span_only():
    text = "xx foo yy foo"
    next_start = _shared_finder([3, 10], re.compile("foo"), text)
    assert next_start(0, 3) is None
    assert next_start(0, 6) == 3
    assert next_start(4, 13) == 10
    assert next_start(4, 10) is None
    assert next_start(11, 13) is None


def test_an_unpickled_user_pattern_registers_its_shared_strings_at_once():
    # A Dask worker unpickles the rules: registering only when the prefilter is first
    # built would make the shared pass already made for the current document stale.
    import pickle

    from postlint import literals
    from postlint.kinds.patterns import UserPattern, _planned_shared

    pattern = UserPattern(r"\b(?:zyzzogeton|quixotry)s?\b", ignorecase=True)
    shared = _planned_shared(pattern._plan)
    assert shared and all("zyzzogeton".startswith(s) or "quixotry".startswith(s) for s in shared)
    data = pickle.dumps(pattern)
    scan = literals.PROSE_SCAN
    scan._phrases.difference_update(shared)  # as in a fresh worker process
    before = scan._generation
    pickle.loads(data)
    assert shared <= scan._phrases
    assert scan._generation > before


OLD_311 = "/usr/bin/python3.11"  # Debian 12's Python: 3.11.2, before CPython gh-106052's fix


def _python_version(executable: str) -> tuple[int, ...] | None:
    import os
    import subprocess

    if not os.access(executable, os.X_OK):
        return None
    out = subprocess.run(
        [executable, "-c", "import sys; print(*sys.version_info[:3])"],
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout.split()
    return tuple(map(int, out)) if out else None


def test_word_splits_are_right_on_a_python_whose_possessive_repeats_are_broken(tmp_path):
    """Possessive repeats before 3.11.5 match wrongly or never return (gh-106052):
    there the word patterns must fall back to plain repeats and split as here."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    import pytest

    version = _python_version(OLD_311)
    if version is None or not (3, 11) <= version < (3, 11, 5):
        pytest.skip(f"needs a Python 3.11.0-3.11.4 at {OLD_311}")
    from postlint.segment import split_words

    text = "a' x- a--b don't Zoë's co-op 3.5-inch"
    program = f"from postlint.segment import split_words; print(split_words({text!r}))"
    repo = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(repo), "POSTLINT_CACHE_DIR": str(tmp_path)}
    out = subprocess.run(
        [OLD_311, "-c", program], capture_output=True, text=True, timeout=60, env=env
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == str(split_words(text)), sys.version


def test_block_dispatch_keeps_stock_parsing_when_a_stock_rule_is_missing(monkeypatch):
    # A markdown-it-py release without one of the rule functions the gates were proven
    # for: the parser is built as stock, instead of failing with AttributeError.
    from markdown_it import MarkdownIt, rules_block

    from postlint import markdown_parser

    monkeypatch.delattr(rules_block, "lheading")
    md = MarkdownIt("commonmark")
    before = md.block.ruler.get_all_rules()
    assert markdown_parser._install_block_dispatch(md) is False
    assert md.block.ruler.get_all_rules() == before


def test_shared_scan_built_before_a_late_registration_is_not_taken_for_current():
    # Another thread registers phrases while the scans are being built: the scans built
    # from the older phrases must not pass for current ones afterwards.
    from postlint.literals import SharedScan

    scan = SharedScan("review-test")
    scan.add(["alpha"], word_start=True)
    real_build = SharedScan._build

    def build_with_a_late_add(self):
        built = real_build(self)
        if not {"beta"} <= self._phrases:
            self.add(["beta"], word_start=True)  # as if from another thread, meanwhile
        return built

    scan._build = build_with_a_late_add.__get__(scan)
    cache: dict = {}
    assert scan.starts("alpha beta", cache=cache) == [0]  # built before "beta" arrived
    scan._build = real_build.__get__(scan)
    assert scan.starts("alpha beta", cache=cache) == [0, 6]


def test_an_unpickled_shared_phrase_scanner_registers_its_phrases_at_once():
    import pickle

    from postlint import literals

    phrases = literals.SharedPhrases(["zyzzyva quux", "frobnicate"])
    assert phrases.shared == {"zyzzyva quux", "frobnicate"}
    data = pickle.dumps(phrases)
    literals.PROSE_SCAN._phrases.difference_update(phrases.shared)  # a fresh worker
    pickle.loads(data)
    assert phrases.shared <= literals.PROSE_SCAN._phrases


def test_confirmed_at_does_not_copy_the_starts_for_each_span():
    from postlint.literals import confirmed_at

    class Starts(list):
        copies = 0

        def __getitem__(self, index):
            if isinstance(index, slice):
                Starts.copies += 1
            return super().__getitem__(index)

    text = "foo bar. " * 50
    starts = Starts(range(0, len(text), 9))
    found = []
    for i in range(50):
        span = (i * 9, i * 9 + 8)
        hit = re.compile("foo")
        found += [m.start() for m in confirmed_at(starts, hit.match, hit.match, text, text, *span)]
    assert found == list(range(0, len(text), 9))
    assert Starts.copies == 0


def _stat_reporting(size: int):
    import os

    real = os.stat

    def fake(path, *args, **kwargs):
        st = real(path, *args, **kwargs)
        return os.stat_result((st.st_mode, *st[1:6], size, *st[7:]))

    return fake


def test_a_file_that_grew_since_its_stat_is_read_whole(tmp_path, monkeypatch):
    from postlint import inputs

    post = tmp_path / "post.md"
    post.write_text("word " * 10, encoding="utf-8")  # 50 bytes; the stat says 10
    monkeypatch.setattr(inputs.os, "stat", _stat_reporting(10))
    assert inputs.read_file(str(post), 1000).text == "word " * 10
    too_big = inputs.read_file(str(post), 30)
    assert too_big.text is None
    assert "over the 30-byte limit" in too_big.error
