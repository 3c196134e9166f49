"""Hostile and broken inputs through the real command: one line each, a defined exit code.

Most tests run ``python -m postlint.cli`` in a subprocess, because what they check
is process-level: signals, a reader that goes away, a closed stdin, peak memory.
docs/reliability.md lists each case with its outcome and the test that proves it.
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from postlint.cli import main
from postlint.config import Config, config_from_mapping
from postlint.engine import Linter
from postlint.errors import ConfigError

REPO = Path(__file__).resolve().parent.parent
DRAFT = (REPO / "examples" / "news-rewrite-hidden-plug.md").read_text(encoding="utf-8")
#: The grammar rule needs a LanguageTool server; without one it adds a notice, not a finding.
QUIET = ["--ignore", "Postlint.Grammar"]


def postlint(*args: str, **popen) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "postlint.cli", *args],
        env=env,
        stdout=popen.pop("stdout", subprocess.PIPE),
        stderr=popen.pop("stderr", subprocess.PIPE),
        **popen,
    )


def run(*args: str, stdin: bytes | None = None, timeout: float = 120) -> tuple[int, str, str]:
    proc = postlint(*args, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL)
    try:
        out, err = proc.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()  # a hang is the failure being tested for: leave no process behind
        proc.communicate()
        raise
    return proc.returncode, out.decode(), err.decode()


def batch(folder: Path, count: int, text: str = DRAFT) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"post{i:04d}.md" for i in range(count)]
    for path in paths:
        path.write_text(text, encoding="utf-8")
    return paths


# -- files that are not ordinary text ---------------------------------------------------------


def test_fifo_device_and_symlink_loop_are_skipped_in_one_line_each(tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)  # reading it would block for ever: no writer
    (tmp_path / "loop1.md").symlink_to(tmp_path / "loop2.md")
    (tmp_path / "loop2.md").symlink_to(tmp_path / "loop1.md")
    (tmp_path / "dangling.md").symlink_to(tmp_path / "gone.md")
    good = tmp_path / "good.md"
    good.write_text("I think so.\n", encoding="utf-8")
    paths = [fifo, "/dev/zero", tmp_path / "loop1.md", tmp_path / "dangling.md", good]
    code, out, err = run("check", "-f", "line", *QUIET, *map(str, paths), timeout=30)
    assert code == 1
    assert out.splitlines() == [
        f"{fifo}:1:1: error [postlint] not a regular file (a FIFO, socket or device); skipped",
        "/dev/zero:1:1: error [postlint] not a regular file (a FIFO, socket or device); skipped",
        f"{tmp_path / 'loop1.md'}:1:1: error [postlint] cannot read: Too many levels of symbolic links",
        f"{tmp_path / 'dangling.md'}:1:1: error [postlint] no such file",
        f"{good}:1:1: suggestion [Style.Hedging] 'I think' hedges: state the claim, or say what "
        "you are unsure of and why.",
    ]
    assert "Traceback" not in err


def test_binary_and_badly_encoded_files_through_the_cli(tmp_path):
    (tmp_path / "a.md").write_bytes(b"\x7fELF\x02\x01\x00\x00I think")
    (tmp_path / "b.md").write_bytes("Caf\xe9: I think so.\n".encode("latin-1"))
    (tmp_path / "c.md").write_bytes(b"\xff\xfeI\x00 \x00t")  # UTF-16 BOM, odd byte count
    (tmp_path / "d.md").write_bytes("I think so.\n".encode("utf-16"))  # BOM, then NUL bytes
    code, out, err = run("check", "-f", "line", *QUIET, str(tmp_path))
    assert code == 1
    assert out.splitlines() == [
        f"{tmp_path / 'a.md'}:1:1: error [postlint] binary file (contains NUL bytes); skipped",
        f"{tmp_path / 'b.md'}:1:1: error [postlint] invalid UTF-8 at byte 3; undecodable bytes "
        "were replaced with U+FFFD",
        f"{tmp_path / 'b.md'}:1:7: suggestion [Style.Hedging] 'I think' hedges: state the claim, "
        "or say what you are unsure of and why.",
        f"{tmp_path / 'c.md'}:1:1: error [postlint] invalid UTF-16; skipped",
        f"{tmp_path / 'd.md'}:1:1: suggestion [Style.Hedging] 'I think' hedges: state the claim, "
        "or say what you are unsure of and why.",
    ]
    assert err.count("Traceback") == 0


def test_a_200_mb_file_is_skipped_by_size_without_being_read(tmp_path):
    huge = tmp_path / "huge.md"
    with open(huge, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: instant, and 200 MB by stat
    proc = postlint("check", "-f", "line", *QUIET, str(huge))
    _, status, usage = os.wait4(proc.pid, 0)
    out = proc.stdout.read().decode()
    proc.stdout.close()
    proc.stderr.close()
    assert os.waitstatus_to_exitcode(status) == 1
    assert out == (
        f"{huge}:1:1: error [postlint] file is 209715200 bytes, over the 20000000-byte limit "
        "(max_file_size); skipped\n"
    )
    assert usage.ru_maxrss < 200 * 1024, f"peak RSS {usage.ru_maxrss} KiB"  # never loaded


def test_max_file_size_is_configurable(tmp_path):
    config = tmp_path / ".postlint.yml"
    config.write_text("max_file_size: 100\n", encoding="utf-8")
    (tmp_path / "big.md").write_text("I think so. " * 20, encoding="utf-8")
    (tmp_path / "small.md").write_text("I think so.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "-f", "line", *QUIET, str(tmp_path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'big.md'}:1:1: error [postlint] file is 240 bytes, over the 100-byte "
        "limit (max_file_size); skipped",
        f"{tmp_path / 'small.md'}:1:1: suggestion [Style.Hedging] 'I think' hedges: state the "
        "claim, or say what you are unsure of and why.",
    ]


# -- paths that change under us ---------------------------------------------------------------


def test_a_file_that_vanishes_mid_run_is_reported_and_the_run_goes_on(tmp_path):
    first, second, third = batch(tmp_path / "posts", 3, "I think so.\n")
    results = Linter(config=Config(packs=["Style"])).lint_paths([str(tmp_path / "posts")])
    assert next(results).error is None  # the folder was listed; now the next file goes
    second.unlink()
    rest = list(results)
    assert [(r.path, r.error) for r in rest] == [(str(second), "no such file"), (str(third), None)]
    assert [(f.line, f.column, f.match) for f in rest[1].findings] == [(1, 1, "I think")]


def test_a_folder_that_vanishes_mid_walk_is_skipped(tmp_path):
    batch(tmp_path / "posts" / "a", 1, "I think so.\n")
    batch(tmp_path / "posts" / "b", 1, "I think so.\n")
    results = Linter(config=Config(packs=["Style"])).lint_paths([str(tmp_path / "posts")])
    assert next(results).path == str(tmp_path / "posts" / "a" / "post0000.md")
    shutil.rmtree(tmp_path / "posts" / "b")
    assert list(results) == []


# -- standard input and output ----------------------------------------------------------------


def test_closed_stdin_is_a_file_error_and_other_paths_are_linted(tmp_path):
    good = tmp_path / "good.md"
    good.write_text("I think so.\n", encoding="utf-8")
    proc = subprocess.run(
        f"{sys.executable} -m postlint.cli check -f line --ignore Postlint.Grammar - {good} <&-",
        shell=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0] == (
        "<stdin>.md:1:1: error [postlint] standard input is closed; nothing to read"
    )
    assert proc.stdout.splitlines()[1].startswith(f"{good}:1:1: suggestion [Style.Hedging]")
    assert "Traceback" not in proc.stderr


def test_stdin_closed_early_lints_what_arrived():
    proc = postlint("check", "-f", "line", *QUIET, "-", stdin=subprocess.PIPE)
    proc.stdin.write(b"I think so. And then the wri")  # the writer goes away mid-sentence
    proc.stdin.close()
    out = proc.stdout.read()
    proc.stdout.close()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 0
    assert out.decode().splitlines() == [
        "<stdin>.md:1:1: suggestion [Style.Hedging] 'I think' hedges: state the claim, or say "
        "what you are unsure of and why."
    ]


def test_output_to_a_closed_pipe_exits_1_quietly(tmp_path):
    batch(tmp_path / "posts", 60)
    for jobs in ("1", "2"):
        proc = postlint("check", "-j", jobs, *QUIET, str(tmp_path / "posts"))
        first = proc.stdout.readline()
        proc.stdout.close()  # like `postlint check posts/ | head -1`
        err = proc.stderr.read().decode()
        proc.stderr.close()
        assert proc.wait(timeout=60) == 1
        assert first.decode().strip() == str(tmp_path / "posts" / "post0000.md")
        assert err == ""


# -- interruption ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "jobs, sig, to_group",
    [
        ("1", signal.SIGTERM, False),
        ("1", signal.SIGINT, True),
        ("2", signal.SIGTERM, False),
        ("2", signal.SIGINT, True),
    ],
    ids=["SIGTERM", "Ctrl-C", "SIGTERM --jobs 2", "Ctrl-C --jobs 2"],
)
def test_an_interrupted_run_exits_130_with_a_summary_and_no_output_file(
    tmp_path, jobs, sig, to_group
):
    # Big enough, and uncached, that two fast workers cannot finish before the signal.
    paths = batch(tmp_path / "posts", 4000)
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
    out_file = tmp_path / "report.json"
    proc = postlint(
        "check", "-j", jobs, "-f", "json", "-o", str(out_file), "--no-cache", *QUIET,
        str(tmp_path / "posts"),
        start_new_session=True,
    )  # fmt: skip
    time.sleep(5)  # start-up and some files, far from the end of the batch
    assert proc.poll() is None, "the batch ended before the signal; make it longer"
    (os.killpg if to_group else os.kill)(proc.pid, sig)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err.decode()[-3000:]  # seen once under heavy load: say why
    lines = err.decode().splitlines()
    assert re.fullmatch(r"postlint: interrupted after [1-9]\d* files", lines[0]), lines
    assert re.fullmatch(r"✖ \d+ problems \(.*\) in [1-9]\d* files", lines[1]), lines
    assert "Traceback" not in err.decode()
    assert not out_file.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".postlint-")] == []
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths} == before


def test_an_interrupted_atomic_write_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    from postlint import atomic

    target = tmp_path / "baseline.json"
    target.write_text("old\n", encoding="utf-8")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_text_atomic(str(target), "new " * 100_000)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baseline.json"]


# -- nothing lost, nothing read from outside ---------------------------------------------------


def test_linted_files_are_byte_identical_after_every_kind_of_run(tmp_path):
    posts = tmp_path / "posts"
    batch(posts, 3)
    (posts / "crlf.md").write_bytes(b"---\r\ntitle: x\r\n---\r\nI think so.\r\n")
    (posts / "latin1.md").write_bytes("Café, I think.\n".encode("latin-1"))
    (posts / "page.html").write_bytes(b"<p>I think &amp; so</p>")
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in posts.iterdir()}
    mtimes = {p: p.stat().st_mtime_ns for p in posts.iterdir()}
    runner = CliRunner()
    for args in (
        ["check", str(posts)],
        ["check", "-f", "json", "-o", str(tmp_path / "out.json"), str(posts)],
        ["check", "--write-baseline", str(tmp_path / "baseline.json"), str(posts)],
        ["check", "--baseline", str(tmp_path / "baseline.json"), "-j", "2", str(posts)],
    ):
        runner.invoke(main, [*args, *QUIET])
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in posts.iterdir()} == before
    assert {p: p.stat().st_mtime_ns for p in posts.iterdir()} == mtimes


@pytest.mark.parametrize(
    "key, value",
    [("pack_paths", "../outside"), ("packs", "../outside/Evil"), ("packs", "styles/../../x")],
)
def test_a_config_cannot_reach_outside_its_project_by_a_relative_path(tmp_path, key, value):
    project = tmp_path / "project"
    project.mkdir()
    (project / ".git").mkdir()
    config = project / ".postlint.yml"
    config.write_text(f"{key}: ['{value}']\n", encoding="utf-8")
    code, out, err = run("check", "-c", str(config), str(config))
    assert code == 2
    assert err == (
        f"postlint: {config}:1: key '{key}': expected a folder inside the project ({project}) "
        f"or an absolute path; '{value}' leads outside it\n"
    )


def test_a_nested_config_may_use_the_projects_shared_packs(tmp_path):
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / "styles" / "House").mkdir(parents=True)
    (project / "styles" / "House" / "Think.yml").write_text(
        "kind: existence\ntokens: [I think]\nmessage: \"Found '{match}'.\"\n", encoding="utf-8"
    )
    docs = project / "docs"
    docs.mkdir()
    (docs / ".postlint.yml").write_text(
        "packs: [House, ../styles/House]\npack_paths: [../styles]\n", encoding="utf-8"
    )
    (docs / "post.md").write_text("I think so.\n", encoding="utf-8")
    result = Linter().lint_file(str(docs / "post.md"))
    assert [(f.rule, f.line, f.column, f.message) for f in result.findings] == [
        ("House.Think", 1, 1, "Found 'I think'."),
        ("House.Think", 1, 1, "Found 'I think'."),
    ]


def test_absolute_pack_paths_are_an_explicit_choice_and_allowed(tmp_path):
    elsewhere = tmp_path / "shared-styles"
    elsewhere.mkdir()
    config = config_from_mapping({"pack_paths": [str(elsewhere)]}, tmp_path / "p" / ".postlint.yml")
    assert config.pack_paths == [elsewhere]
    with pytest.raises(ConfigError):
        config_from_mapping({"pack_paths": ["../../.."]}, tmp_path / "p" / ".postlint.yml")


# -- scale (opt-in: POSTLINT_SLOW=1) ----------------------------------------------------------


@pytest.mark.skipif(not os.environ.get("POSTLINT_SLOW"), reason="slow: set POSTLINT_SLOW=1")
def test_a_folder_of_100000_files(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(100_000):
        (folder / f"p{i:06d}.md").write_bytes(b"I think so.\n" if i % 100 == 0 else b"Fine.\n")
    started = time.monotonic()
    proc = postlint("check", "-f", "line", *QUIET, str(folder), stdout=subprocess.PIPE)
    out, _ = proc.communicate(timeout=3600)
    elapsed = time.monotonic() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"\n100,000 files: {elapsed:.0f} s, children's peak RSS {peak_kib / 1024:.0f} MiB")
    assert proc.returncode == 0
    assert out.decode().count("[Style.Hedging]") == 1_000
    assert peak_kib < 1024 * 1024


def test_text_output_keeps_only_counts_yet_summarises_and_exits_the_same(tmp_path):
    import json

    batch(tmp_path / "posts", 3)
    (tmp_path / "posts" / "bad.md").write_bytes(b"\x00binary")
    runner = CliRunner()
    text = runner.invoke(main, ["check", *QUIET, str(tmp_path / "posts")])
    data = runner.invoke(main, ["check", "-f", "json", *QUIET, str(tmp_path / "posts")])
    summary = json.loads(data.stdout)["summary"]
    total = summary["errors"] + summary["warnings"] + summary["suggestions"]
    assert summary["files"] == 4 and total > 0

    def counted(n: int, word: str) -> str:
        return f"{n} {word}" if n == 1 else f"{n} {word}s"

    parts = ", ".join(counted(summary[k + "s"], k) for k in ("error", "warning", "suggestion"))
    assert text.stdout.splitlines()[-1] == (
        f"✖ {counted(total, 'problem')} ({parts}) in 4 files; 1 could not be linted fully"
    )
    assert text.exit_code == data.exit_code == 1
