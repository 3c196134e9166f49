"""Baselines: old findings stay quiet when lines move, new ones are reported,
identical findings are counted, bad files are a one-line ConfigError, and the
file is written atomically.
"""

from __future__ import annotations

import json
import os

import pytest

from postlint.baseline import (
    Baseline,
    LineReader,
    fingerprint,
    load_baseline,
    relative_path,
    write_baseline,
)
from postlint.errors import ConfigError
from postlint.model import FileResult, Finding, Level, RunResult

RULE = "Plain.Wordy"

TEXT = """\
# Notes

We utilize the tool daily.
Nobody should utilize jargon.
"""


def positioned(text: str, needle: str, nth: int = 0, rule: str = RULE) -> Finding:
    """A finding on the ``nth`` occurrence of ``needle``, with 1-based line/column like the engine's."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    end = start + len(needle)

    def line_col(offset: int) -> tuple[int, int]:
        return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1

    (line, col), (end_line, end_col) = line_col(start), line_col(end)
    return Finding(
        rule=rule,
        kind="substitution",
        level=Level.WARNING,
        message=f"Use 'use' instead of '{needle}'.",
        offset=start,
        end_offset=end,
        match=needle,
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
    )


def run_for(path, text: str, needles: list[tuple[str, int]]) -> RunResult:
    path.write_text(text, encoding="utf-8")
    return RunResult(
        [FileResult(path=str(path), findings=[positioned(text, n, i) for n, i in needles])]
    )


@pytest.fixture
def post(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path / "post.md"


def test_unchanged_finding_is_filtered_even_when_its_line_moved(post, tmp_path):
    old = run_for(post, TEXT, [("utilize", 0), ("utilize", 1)])
    write_baseline(old, str(tmp_path / "baseline.json"))

    moved_text = "Intro added later, with many words.\n\n" + TEXT
    now = run_for(post, moved_text, [("utilize", 0), ("utilize", 1)])
    assert [f.line for f in now.findings] == [5, 6]
    new = load_baseline(str(tmp_path / "baseline.json")).filter_new(now)
    assert new.findings == []
    assert [r.path for r in new.files] == [str(post)]


def test_new_finding_is_kept(post, tmp_path):
    write_baseline(run_for(post, TEXT, [("utilize", 0)]), str(tmp_path / "b.json"))
    text = TEXT + "Please utilize the new form.\n"
    now = run_for(post, text, [("utilize", 0), ("utilize", 1), ("utilize", 2)])
    new = load_baseline(str(tmp_path / "b.json")).filter_new(now)
    # the second and third "utilize" have other context, so both are new
    assert [(f.line, f.column) for f in new.findings] == [(4, 15), (5, 8)]


def test_same_match_in_another_file_or_rule_is_new(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    write_baseline(run_for(a, TEXT, [("utilize", 0)]), "base.json")
    baseline = load_baseline("base.json")
    assert baseline.filter_new(run_for(b, TEXT, [("utilize", 0)])).findings != []
    other_rule = RunResult([FileResult(str(a), [positioned(TEXT, "utilize", 0, rule="X.Other")])])
    assert len(baseline.filter_new(other_rule).findings) == 1


def test_duplicates_are_counted(post, tmp_path):
    line = "Utilize it. Utilize it.\n"
    # two identical lines: same match, same context, same fingerprint
    text2 = "Title\n\n" + line + line
    base = run_for(post, text2, [("Utilize it", 0), ("Utilize it", 2)])
    fps = Baseline.from_run(base).counts
    assert list(fps.values()) == [2]
    write_baseline(base, str(tmp_path / "b.json"))

    text3 = text2 + line
    now = run_for(post, text3, [("Utilize it", 0), ("Utilize it", 2), ("Utilize it", 4)])
    new = load_baseline(str(tmp_path / "b.json")).filter_new(now)
    assert [f.line for f in new.findings] == [5]

    fewer = run_for(post, "Title\n\n" + line, [("Utilize it", 0)])
    assert load_baseline(str(tmp_path / "b.json")).filter_new(fewer).findings == []


def test_edits_elsewhere_on_a_long_line_do_not_resurrect(post, tmp_path):
    head, tail = "A long paragraph on one line. " * 5, " And more text. " * 5
    text = head + "We utilize tools." + tail + "\n"
    write_baseline(run_for(post, text, [("utilize", 0)]), str(tmp_path / "b.json"))
    edited = "Edited opening." + head + "We utilize tools." + tail + "Extra.\n"
    now = run_for(post, edited, [("utilize", 0)])
    assert load_baseline(str(tmp_path / "b.json")).filter_new(now).findings == []


def test_fingerprint_ignores_positions_and_whitespace():
    f1 = positioned("x\nWe  utilize\tit\n", "utilize")
    f2 = positioned("\n\n\nWe utilize it\n", "utilize")
    assert (f1.line, f1.column) != (f2.line, f2.column)
    assert fingerprint(f1, "a.md", "We  utilize\tit") == fingerprint(f2, "a.md", "We utilize it")
    assert fingerprint(f1, "a.md", "We utilize it") != fingerprint(f1, "b.md", "We utilize it")
    assert fingerprint(f1, "a.md", "We utilize it") != fingerprint(f1, "a.md", "They utilize it")


def test_baseline_file_is_readable_sorted_json(post, tmp_path):
    write_baseline(run_for(post, TEXT, [("utilize", 1), ("utilize", 0)]), "b.json")
    doc = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert doc["postlint_baseline"] == 1
    assert [e["fingerprint"] for e in doc["findings"]] == sorted(
        e["fingerprint"] for e in doc["findings"]
    )
    entry = next(e for e in doc["findings"] if e["context"].startswith("We"))
    assert entry == {
        "fingerprint": entry["fingerprint"],
        "count": 1,
        "rule": RULE,
        "path": "post.md",
        "match": "utilize",
        "context": "We\u2026the tool daily.",
    }
    first = (tmp_path / "b.json").read_bytes()
    write_baseline(run_for(post, TEXT, [("utilize", 0), ("utilize", 1)]), "b.json")
    assert (tmp_path / "b.json").read_bytes() == first


def test_atomic_write_leaves_no_temp_files(post, tmp_path, monkeypatch):
    target = tmp_path / "b.json"
    run = run_for(post, TEXT, [("utilize", 0)])
    write_baseline(run, str(target))
    assert sorted(os.listdir(tmp_path)) == ["b.json", "post.md"]
    before = target.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ConfigError, match="cannot write baseline"):
        write_baseline(RunResult(), str(target))
    assert sorted(os.listdir(tmp_path)) == ["b.json", "post.md"]
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "invalid JSON at line 1"),
        ("[]", "expected a JSON object"),
        ('{"postlint_baseline": 9, "findings": []}', "unsupported version 9"),
        ('{"postlint_baseline": 1, "findings": {}}', "'findings' must be a list"),
        (
            '{"postlint_baseline": 1, "findings": [{"count": 1}]}',
            "findings[0] has no 'fingerprint'",
        ),
        (
            '{"postlint_baseline": 1, "findings": [{"fingerprint": "ab", "count": 0}]}',
            "positive integer",
        ),
    ],
)
def test_malformed_baseline_is_a_one_line_config_error(tmp_path, content, fragment):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_baseline(str(path))
    message = str(info.value)
    assert fragment in message
    assert str(path) in message
    assert "\n" not in message


def test_missing_or_binary_baseline(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_baseline(str(tmp_path / "nope.json"))
    binary = tmp_path / "bin.json"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_baseline(str(binary))


def test_file_errors_and_clean_files_pass_through(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = RunResult(
        [FileResult(path="gone.md", error="cannot read: no such file"), FileResult("ok.md")]
    )
    out = Baseline().filter_new(run)
    assert [(r.path, r.error, r.findings) for r in out.files] == [
        ("gone.md", "cannot read: no such file", []),
        ("ok.md", None, []),
    ]


def test_custom_line_reader_and_helpers(tmp_path):
    finding = positioned("We utilize it\n", "utilize")
    run = RunResult([FileResult("virtual.md", [finding])])
    baseline = Baseline.from_run(run, lambda path, line: "We utilize it")
    assert len(baseline) == 1
    assert baseline.filter_new(run, lambda path, line: "We utilize it").findings == []
    assert len(baseline.filter_new(run, lambda path, line: "").findings) == 1
    reader = LineReader()
    assert reader(str(tmp_path / "missing.md"), 1) == ""
    assert relative_path(str(tmp_path / "a" / "b.md"), str(tmp_path)) == "a/b.md"
    assert relative_path("-") == "-"
