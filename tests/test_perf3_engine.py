"""Whole-run overhead (session 3): workers render streamed output, GC set-up around forks.

The fast paths must give the same bytes as the plain ones: ``--jobs 2`` output is
compared with ``--jobs 1`` for every streamed format, with and without ``--output``,
and the stream is fed pre-rendered files and plain results in every mix.
"""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from postlint.cli import RenderedFile, _Stream, _tally, _tally_for, _tally_key, main
from postlint.engine import Linter
from postlint.model import FileResult, Finding, Fix, Level
from postlint.parallel import lint_parallel

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(str(p) for p in (REPO / "examples").glob("*.md"))
QUIET = ["--ignore", "Postlint.Grammar", "--no-cache", "--fail-on", "none"]


def _posts(folder: Path) -> list[str]:
    """Example drafts plus the tricky ones: empty, non-ASCII, a file error, a quote."""
    folder.mkdir()
    texts = {
        "a_empty.md": "",
        "b_unicode.md": "# İstanbul straße\n\nThe ﬁnal café is, arguably, very very good.\n",
        "c_bad_utf8.md": b"Caf\xe9 au lait.\n",
        "d_quote.md": 'He said "this is basically the best".\n\nIn order to win, try.\n',
    }
    for name, text in texts.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (folder / name).write_bytes(data)
    for i, example in enumerate(EXAMPLES):
        (folder / f"e{i:02d}.md").write_bytes(Path(example).read_bytes())
    return [str(folder)]


def _check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *QUIET, *args])
    return result.exit_code, result.output


@pytest.mark.parametrize("fmt", ["json", "text", "line", "sarif"])
def test_jobs_2_prints_the_same_bytes_as_jobs_1(tmp_path: Path, fmt: str) -> None:
    paths = _posts(tmp_path / "posts")
    one = _check("--format", fmt, "--jobs", "1", *paths)
    two = _check("--format", fmt, "--jobs", "2", *paths)
    assert one == two
    assert one[1]  # something was printed


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_output_file_is_the_same_with_workers_rendering(tmp_path: Path, fmt: str) -> None:
    paths = _posts(tmp_path / "posts")
    out1, out2 = tmp_path / "one.out", tmp_path / "two.out"
    code1, _ = _check("--format", fmt, "--jobs", "1", "--output", str(out1), *paths)
    code2, _ = _check("--format", fmt, "--jobs", "2", "--output", str(out2), *paths)
    assert code1 == code2 == 1  # c_bad_utf8.md is a file error
    assert out1.read_bytes() == out2.read_bytes()


def test_summary_and_exit_code_come_from_the_workers_tallies(tmp_path: Path) -> None:
    paths = _posts(tmp_path / "posts")
    args = ["--format", "text", "--fail-on", "suggestion"]
    one = CliRunner().invoke(main, ["check", *QUIET, *args, "--jobs", "1", *paths])
    two = CliRunner().invoke(main, ["check", *QUIET, *args, "--jobs", "2", *paths])
    assert (one.exit_code, one.output) == (two.exit_code, two.output)
    assert "could not be linted fully" in two.output.splitlines()[-1]


def _results() -> list[FileResult]:
    linter = Linter()
    return [linter.lint_file(p) for p in EXAMPLES[:3]] + [
        FileResult("gone.md", error="no such file"),
        FileResult("empty.md"),
    ]


@pytest.mark.parametrize("fmt", ["json", "text", "line"])
@pytest.mark.parametrize("color", [False, True])
def test_stream_gives_the_same_bytes_for_results_and_rendered_files(fmt: str, color: bool) -> None:
    results = _results()
    plain = _Stream(fmt, color, buffered=True)
    mixed = _Stream(fmt, color, buffered=True)
    assert mixed.renderer is not None
    for i, result in enumerate(results):
        plain.file_done(result)
        # every other file arrives rendered, as from a worker: the first, the middle, the last
        mixed.file_done(mixed.renderer(result) if i % 2 == 0 else result)
    assert "".join(plain.parts) == "".join(mixed.parts)
    if fmt == "json":
        text = "".join(plain.parts)
        assert text.startswith('{\n  "postlint": ') and "[\n    {" in text and "},\n    {" in text


def test_rendered_file_carries_tally_and_notices() -> None:
    result = FileResult(
        "a.md",
        findings=[
            Finding("R.a", "k", Level.WARNING, "m", 0, 1),
            Finding("R.b", "k", Level.ERROR, "m", 0, 1),
            Finding("R.c", "k", Level.WARNING, "m", 0, 1),
        ],
        error="broken",
        notices=["no server"],
    )
    rendered = _Stream("line", False, buffered=True).renderer(result)
    assert isinstance(rendered, RenderedFile)
    assert rendered.tally == _tally_key(result) == (True, 0, 2, 1)
    assert rendered.notices == ["no server"]
    assert _tally_for(rendered.tally) is _tally(result)
    assert rendered.text.startswith("a.md:1:1: error [postlint] broken\n")


def test_lint_parallel_render_is_applied_in_every_mode() -> None:
    linter = Linter()
    paths = EXAMPLES[:5]
    expected = [(r.path, len(r.findings)) for r in map(linter.lint_file, paths)]
    for jobs in (1, 2):
        got = list(lint_parallel(linter, paths, jobs, chunksize=2, render=_path_and_count))
        assert got == expected
        assert gc.get_freeze_count() == 0  # the parent unfreezes after the pool
    plain = list(lint_parallel(linter, paths, 2, chunksize=2))
    assert [(r.path, len(r.findings)) for r in plain] == expected


def _path_and_count(result: FileResult) -> tuple[str, int]:
    return result.path, len(result.findings)


def test_batch_gc_raises_the_threshold_and_restores_it_even_on_error() -> None:
    from postlint.engine import BATCH_GC_THRESHOLD, batch_gc

    before = gc.get_threshold()
    with pytest.raises(RuntimeError), batch_gc():
        assert gc.get_threshold() == (BATCH_GC_THRESHOLD, *before[1:])
        raise RuntimeError
    assert gc.get_threshold() == before


@pytest.mark.parametrize(
    ("text", "active"),
    [
        ("", False),
        ("Plain text, very very good.\n", False),
        ("<!-- postlint-disable -->\nvery very good\n", True),
        ("<!-- postlint-disable-next-line Style.Weasel -->\nvery good\n", True),
        ("---\npostlint:\n  disable: [Style.Weasel]\n---\nvery good\n", True),
    ],
)
def test_suppressions_know_when_they_disable_nothing(text: str, active: bool) -> None:
    from postlint.document import parse
    from postlint.engine import Suppressions

    suppress = Suppressions(parse(text, "a.md"))
    assert suppress.any is active
    if not active:  # the shortcut's premise: nothing is ever suppressed
        for rule in Linter().rules_for("a.md"):
            assert not any(suppress.suppressed(rule, line) for line in range(0, 5))


def test_findings_are_sorted_and_filtered_as_before() -> None:
    text = (
        "# Title\n\nThis is very, very good. Arguably the best.\n\n"
        "<!-- postlint-disable Style.Weasel -->\nArguably very good.\n"
        "<!-- postlint-enable -->\nArguably very good.\n"
    )
    result = Linter().lint_text(text, "a.md")
    keys = [f.sort_key() for f in result.findings]
    assert keys == sorted(keys)
    weasel_lines = {f.line for f in result.findings if f.rule == "Style.Weasel"}
    assert 6 not in weasel_lines and {3, 8} <= weasel_lines


def _reference_body(result: FileResult) -> str:
    """The plain rendering file_body must equal: json.dumps, indented by four spaces."""
    body = json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
    return "    " + body.replace("\n", "\n    ")


TRICKY = [
    "",
    "İstanbul",
    "straße",
    "ﬁ",
    'quo"te \\ back',
    "tab\tnl\nnul\x00",
    "\u2028\u2029",
    "😀",
    "\x7f",
]


def _tricky_results() -> list[FileResult]:
    findings = [
        Finding(
            rule=text or "R.x",
            kind="k",
            level=level,
            message=text,
            offset=0,
            end_offset=len(text),
            match=text,
            fix=Fix(text, text[::-1]) if i % 2 else None,
            evidence=[text, "e"] if i % 3 else [],
            line=i,
            column=i * 7,
            end_line=i + 1,
            end_column=0,
        )
        for i, (text, level) in enumerate(zip(TRICKY, list(Level) * 3, strict=False))
    ]
    odd = Finding("R.odd", "k", Level.ERROR, "m", 0, 1, evidence=("a", "b"))  # type: ignore[arg-type]
    odd.line = Level.WARNING  # an int subclass: json writes it its own way
    metrics = [
        {},
        {"words": 3, "grade": 7.25, "ok": True, "no": False, "none": None, "s": "İß"},
        {"nan": float("nan"), "inf": float("inf"), "minus": -0.0, "big": 1e300},
        {"nested": {"a": [1, 2.5, "x"]}, 3: "int key"},
        {"e": 1e-7, "neg": -12, "huge": 10**30},
    ]
    out = [FileResult("empty.md"), FileResult("gone.md", error="no such file: İ\n")]
    for i, m in enumerate(metrics):
        out.append(FileResult(f"p{i}/ß.md", findings=findings[i:] + [odd] * (i % 2), metrics=m))
    return out


def test_json_file_body_equals_json_dumps_on_tricky_values() -> None:
    from postlint.formatters.json import file_body

    for result in _tricky_results():
        assert file_body(result) == _reference_body(result)


def test_json_file_body_equals_json_dumps_on_real_posts() -> None:
    from postlint.formatters.json import file_body

    linter = Linter()
    results = [linter.lint_file(p) for p in EXAMPLES]
    assert sum(len(r.findings) for r in results) > 20
    for result in results:
        assert file_body(result) == _reference_body(result)


def test_importing_postlint_and_its_cli_loads_neither_the_engine_nor_report() -> None:
    import subprocess
    import sys

    code = (
        "import sys, postlint, postlint.cli\n"
        "assert 'postlint.engine' not in sys.modules, 'engine'\n"
        "assert 'postlint.cli_report' not in sys.modules, 'report'\n"
        "assert postlint.Linter.__module__ == 'postlint.engine'\n"
        "assert 'Linter' in dir(postlint) and postlint.Level.ERROR > postlint.Level.WARNING\n"
    )
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-P", "-c", code], check=True, env=env)


def test_report_command_is_attached_on_demand() -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["--help"])
    assert listed.exit_code == 0 and "report" in listed.output
    typo = runner.invoke(main, ["reprt"])
    assert typo.exit_code == 2 and "Did you mean 'report'?" in typo.output
    helped = runner.invoke(main, ["report", "--help"])
    assert helped.exit_code == 0 and "--html" in helped.output


def test_cache_dir_command_prints_the_user_cache_dir(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("POSTLINT_CACHE_DIR", str(tmp_path / "c"))
    result = CliRunner().invoke(main, ["cache", "dir"])
    assert result.exit_code == 0
    assert result.output.strip() == str(tmp_path / "c")


def _blocked_in_worker(result: FileResult) -> bool:
    import signal

    return signal.SIGTERM in signal.pthread_sigmask(signal.SIG_BLOCK, set())


def test_sigterm_is_blocked_only_while_workers_are_forked() -> None:
    import signal

    paths = EXAMPLES[:3]
    assert list(lint_parallel(Linter(), paths, 2, chunksize=1, render=_blocked_in_worker)) == [
        False
    ] * len(paths)
    assert signal.SIGTERM not in signal.pthread_sigmask(signal.SIG_BLOCK, set())
