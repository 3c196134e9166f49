"""Session 6, engine stream: the per-file and per-finding shortcuts give what the plain code gave.

Each test compares a faster path with the code it replaced (kept here as the oracle),
on the tricky cases: case folding that changes length (İ, ß), non-ASCII, spans at the
start and end of the text, empty input.
"""

from __future__ import annotations

import json
import os
import sys

import pytest

from postlint.config import Config, ConfigResolver, _folder_key
from postlint.document import parse
from postlint.engine import Linter, _kept
from postlint.formatters import json as json_format
from postlint.inputs import _read_upto, read_file
from postlint.model import FINDING_ORDER, Finding, Fix, Level
from postlint.rules import Rule, format_message

# --- the engine's filter of a rule's findings ------------------------------------


def _old_keep(finding: Finding, rule: Rule, doc, min_level: Level) -> bool:
    """The per-finding test ``_kept`` replaced."""
    if finding.level < min_level:
        return False
    if rule.exceptions:
        m = finding.match.lower() if rule.ignorecase else finding.match
        if any(m == (e.lower() if rule.ignorecase else e) for e in rule.exceptions):
            return False
    return not (rule.skip_quotes and doc.in_quote(finding.offset, finding.end_offset))


TEXT = 'İstanbul said "Straße and STRASSE" and ß. Kelvin \u212a and k; "end"'


def _findings(doc) -> list[Finding]:
    """A finding on every word-like span, at every level, first and last ones included."""
    spans, start = [], None
    for i, ch in enumerate(doc.source + " "):
        if ch.isalnum() and start is None:
            start = i
        elif not ch.isalnum() and start is not None:
            spans.append((start, i))
            start = None
    levels = list(Level)
    return [
        Finding("X.R", "k", levels[i % 3], "m", s, e, match=doc.source[s:e])
        for i, (s, e) in enumerate(spans)
    ]


@pytest.mark.parametrize("ignorecase", [False, True])
@pytest.mark.parametrize("skip_quotes", [False, True])
@pytest.mark.parametrize(
    "exceptions", [[], ["straße"], ["STRASSE", "i̇stanbul", "K"], ["İstanbul", "\u212a", "end"]]
)
@pytest.mark.parametrize("min_level", list(Level))
def test_kept_equals_the_per_finding_test(ignorecase, skip_quotes, exceptions, min_level):
    doc = parse(TEXT, "t.md", None)
    rule = Rule(
        "X.R", "X", "R", "existence", Level.WARNING, "m",
        ignorecase=ignorecase, exceptions=exceptions, skip_quotes=skip_quotes,
    )  # fmt: skip
    produced = _findings(doc)
    expected = [f for f in produced if _old_keep(f, rule, doc, min_level)]
    assert _kept(produced, rule, doc, min_level) == expected
    assert _kept([], rule, doc, min_level) == []


def test_kept_on_an_empty_document():
    doc = parse("", "t.md", None)
    rule = Rule("X.R", "X", "R", "existence", Level.WARNING, "m", exceptions=["a"])
    f = Finding("X.R", "k", Level.ERROR, "m", 0, 0, match="")
    assert _kept([f], rule, doc, Level.SUGGESTION) == [f]


# --- line breaks in messages, and the sort order -----------------------------------

LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def test_a_printable_message_holds_no_line_break():
    """The engine's proof for skipping ``_one_line``: every character ``splitlines``
    breaks at is not printable, so a printable message is one line already."""
    assert all(len(("a" + ch + "b").splitlines()) == 2 for ch in LINE_BREAKS)
    assert not any(ch.isprintable() for ch in LINE_BREAKS)
    every_break = {
        chr(c) for c in range(sys.maxunicode + 1) if len(("a" + chr(c) + "b").splitlines()) == 2
    }
    assert every_break == set(LINE_BREAKS)


@pytest.mark.parametrize("sep", [*LINE_BREAKS, "\r\n", "\t", " "])
def test_messages_become_one_line(tmp_path, sep):
    pack = tmp_path / "P"
    pack.mkdir()
    message = json.dumps("{match}" + sep + "second" + sep, ensure_ascii=True)
    (pack / "Zebra.yml").write_text(
        f"kind: existence\nlevel: warning\nmessage: {message}\ntokens: [zebra]\n",
        encoding="utf-8",
    )
    linter = Linter()
    rules = linter.rulesets.pack(pack)
    result = linter._lint_document("a zebra.\n", "t.md", None, rules, Config())
    (finding,) = result.findings
    assert finding.message == " ".join(("zebra" + sep + "second" + sep).splitlines())
    assert (finding.line, finding.column, finding.end_column) == (1, 3, 8)


def test_finding_order_is_the_sort_key():
    f = Finding("A.B", "k", Level.ERROR, "msg", 3, 9, line=2, column=4, end_line=3, end_column=1)
    assert FINDING_ORDER(f) == f.sort_key() == (2, 4, "A.B", 3, 1, "msg")


# --- Rule.finding -------------------------------------------------------------------


@pytest.mark.parametrize(
    "template,values",
    [
        ("'{match}' is bad", {}),
        ("'{match}' is bad", {"match": "theirs"}),
        ("{match} {count} {unknown}", {"count": 3}),
        ("{", {}),
        ("}", {}),
        ("{0}", {}),
        ("{match.__class__.__name__}", {}),
        ("{match!r:>12}", {}),
        ("no placeholder", {"x": 1}),
        ("", {}),
    ],
)
def test_rule_finding_fills_the_message_as_format_message_did(template, values):
    rule = Rule("X.R", "X", "R", "existence", Level.WARNING, template)
    doc = parse("İß Straße ends", "t.md", None)
    for start, end in [(0, 2), (3, 9), (10, 14), (14, 14)]:
        match = doc.source[start:end]
        f = rule.finding(doc, start, end, **values)
        assert f.message == format_message(template, {"match": match, **values})
        assert (f.rule, f.kind, f.level, f.offset, f.end_offset, f.match) == (
            "X.R", "existence", Level.WARNING, start, end, match
        )  # fmt: skip
        assert f.fix is None and f.evidence == []
    g = rule.finding(doc, 0, 2, "m", fix=Fix("x", "y"), evidence=("e",), level=Level.ERROR)
    assert (g.message, g.fix, g.evidence, g.level) == ("m", Fix("x", "y"), ["e"], Level.ERROR)


# --- config lookup --------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path, monkeypatch):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "c").mkdir()
    (tmp_path / "a" / ".postlint.yml").write_text("min_level: error\n", encoding="utf-8")
    (tmp_path / "c" / ".postlint.yml").write_text("min_level: warning\n", encoding="utf-8")
    for name in ["top.md", "a/x.md", "a/b/y.md", "c/z.md", "a/b/İß.md"]:
        (tmp_path / name).write_text("text\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


PATHS = [
    "top.md", "a/x.md", "a/b/y.md", "c/z.md", "a/b/İß.md", "./a/x.md", "a//b/y.md",
    "a/../c/z.md", "a/./b/../x.md", "a", "a/", "a/b", "c/.", ".", "..", "missing.md",
    "a/missing.md", "a/x.md/", "-", "", None, "a/\x00.md",
]  # fmt: skip


def test_memoised_lookup_equals_a_fresh_one(tree):
    memo = ConfigResolver()
    for _round in range(2):
        for rel in PATHS:
            for path in [rel, None if rel is None else str(tree / rel) if rel else rel]:
                fresh = ConfigResolver()
                assert memo.for_path(path).min_level == fresh._resolve(path).min_level, path
                assert memo.for_path(path) is memo._resolve(path), path


def test_folder_key_depends_on_the_working_folder(tree, monkeypatch):
    resolver = ConfigResolver()
    assert resolver.for_path("y.md").min_level is not Level.ERROR  # top: defaults
    monkeypatch.chdir(tree / "a" / "b")
    assert resolver.for_path("y.md").min_level is Level.ERROR  # a/.postlint.yml
    assert _folder_key("y.md") == (os.getcwd(), "")
    assert _folder_key(str(tree / "a")) == str(tree / "a")
    assert _folder_key(str(tree / "a" / "x.md")) == str(tree / "a")
    assert _folder_key("nothing-here.md") is None
    assert _folder_key(None) is None and _folder_key("-") is None


# --- reading files --------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"", b"a", b"\xef\xbb\xbfBOM \xc4\xb0", b"x" * 100, b"\xff\xfeh\x00i\x00", b"a\x00b"],
)
@pytest.mark.parametrize("max_size", [0, 1, 99, 100, 101, 10_000])
def test_read_file_equals_a_buffered_read(tmp_path, data, max_size):
    from postlint.inputs import _too_big, decode

    path = tmp_path / "f.md"
    path.write_bytes(data)
    expected = _too_big(len(data), max_size) if len(data) > max_size else decode(data)
    assert read_file(str(path), max_size) == expected


def test_read_upto_reads_on_after_short_reads():
    read_end, write_end = os.pipe()
    try:
        for chunk in [b"ab", b"c", b"def"]:
            os.write(write_end, chunk)
        assert _read_upto(read_end, 1) == b"a"
        os.write(write_end, b"")
        assert os.read(read_end, 1) == b"b"
        os.close(write_end)
        write_end = -1
        assert _read_upto(read_end, 10) == b"cdef"  # ends at the end, fewer than asked
        assert _read_upto(read_end, 10) == b""
    finally:
        os.close(read_end)
        if write_end >= 0:
            os.close(write_end)


def test_read_file_reports_a_folder_and_a_missing_file(tmp_path):
    assert read_file(str(tmp_path), 100).error == "is a folder"
    assert read_file(str(tmp_path / "nope.md"), 100).error == "no such file"


# --- JSON -----------------------------------------------------------------------------


@pytest.mark.parametrize("level", list(Level))
@pytest.mark.parametrize(
    "fix,evidence",
    [(None, []), (Fix("İß", 'say "x"'), ["a", "\u2028ü"]), (Fix(""), ["e"]), (None, [1])],
)
def test_finding_body_equals_json_dumps(level, fix, evidence):
    f = Finding(
        "Style.Ü", "existence", level, 'İ "quoted" \\ \x85', 0, 4,
        match="ß\n", fix=fix, evidence=evidence, line=1, column=2, end_line=3, end_column=4,
    )  # fmt: skip
    assert json_format._finding_body(f) == json_format._dumps(f.to_dict(), 8)


# --- printing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain İß\n",
        "\x1b[31mred\x1b[0m",
        "a\x1b[1;32mb",
        "esc \x1b alone",
        "x" * 20_000 + "\x1b[0m",
    ],
)
def test_echo_prints_what_click_echo_prints(capsys, text):
    import click

    from postlint.cli import _echo

    click.echo(text, nl=False)
    expected = capsys.readouterr().out
    _echo(text)
    assert capsys.readouterr().out == expected
    assert "\x1b[" not in expected  # captured output is no terminal: codes are removed


# --- the --jobs pool's chunks -------------------------------------------------------------


@pytest.mark.parametrize("n", [0, 1, 2, 5, 31, 32, 33, 64, 65, 100, 1000])
@pytest.mark.parametrize("size,jobs", [(8, 2), (1, 2), (8, 3), (4, 1)])
def test_chunks_keep_every_path_in_order_and_shrink_at_the_end(n, size, jobs):
    from postlint.parallel import _chunks

    paths = [f"p{i}.md" for i in range(n)]
    chunks = list(_chunks(iter(paths), size, jobs))
    assert [p for chunk in chunks for p in chunk] == paths
    sizes = [len(chunk) for chunk in chunks]
    assert all(1 <= s <= size for s in sizes)
    assert sizes == sorted(sizes, reverse=True)  # full chunks first, then smaller ones
    if n >= 4 * size * jobs:
        assert sizes[: (n - 4 * size * jobs) // size] == [size] * ((n - 4 * size * jobs) // size)
        assert sizes[-1] == 1


def test_chunks_read_only_a_little_ahead():
    from postlint.parallel import _chunks

    read = []

    def paths():
        for i in range(10_000):
            read.append(i)
            yield f"p{i}.md"

    chunks = _chunks(paths(), 8, 2)
    for _ in range(3):
        next(chunks)
    assert len(read) <= 4 * 8 * 2 + 3 * 8 + 1


def test_jobs_output_equals_one_job(tmp_path):
    from postlint.parallel import lint_parallel

    for i in range(23):
        (tmp_path / f"{i:02}.md").write_text(f"Post {i}. " + "It was done quickly. " * i)
    paths = sorted(str(p) for p in tmp_path.iterdir())
    linter = Linter()
    one = [json_format.file_body(linter.lint_file(p)) for p in paths]
    assert list(lint_parallel(linter, paths, 2, render=json_format.file_body)) == one
