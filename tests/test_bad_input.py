"""Bad input never stops a batch: each bad file gets a clear error and the rest is linted."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest


def write_bytes(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return str(path)


def positions(result) -> list[tuple[int, int, int, int, str]]:
    return [(f.line, f.column, f.end_line, f.end_column, f.match) for f in result.findings]


def test_binary_file_is_skipped_and_the_batch_goes_on(probe_linter, tmp_path):
    binary = write_bytes(tmp_path / "a.md", b"target\x00\x01\x02")
    good = write_bytes(tmp_path / "b.md", b"A target.\n")
    first, second = probe_linter.lint_paths([binary, good])
    assert (first.path, first.error, first.findings) == (
        binary,
        "binary file (contains NUL bytes); skipped",
        [],
    )
    assert second.error is None
    assert positions(second) == [(1, 3, 1, 9, "target")]


def test_invalid_utf8_is_decoded_with_replacement(probe_linter, tmp_path):
    path = write_bytes(tmp_path / "latin1.md", "Café and a target.\n".encode("latin-1"))
    result = probe_linter.lint_file(path)
    assert result.error == ("invalid UTF-8 at byte 3; undecodable bytes were replaced with U+FFFD")
    # The bad byte becomes one replacement character, so columns stay right.
    assert positions(result) == [(1, 12, 1, 18, "target")]


def test_empty_file_has_no_error_and_zero_metrics(probe_linter, tmp_path):
    result = probe_linter.lint_file(write_bytes(tmp_path / "empty.md", b""))
    assert result.error is None
    assert result.findings == []
    assert {k: result.metrics[k] for k in ("words", "sentences", "paragraphs")} == {
        "words": 0,
        "sentences": 0,
        "paragraphs": 0,
    }


def test_missing_file_is_reported_in_order(probe_linter, tmp_path):
    good = write_bytes(tmp_path / "b.md", b"target\n")
    missing = str(tmp_path / "gone.md")
    results = list(probe_linter.lint_paths([missing, good]))
    assert [(r.path, r.error) for r in results] == [(missing, "no such file"), (good, None)]
    assert positions(results[1]) == [(1, 1, 1, 7, "target")]


def test_unreadable_file(probe_linter, tmp_path):
    path = write_bytes(tmp_path / "secret.md", b"target\n")
    os.chmod(path, 0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with privileges that can read a mode-000 file")
        result = probe_linter.lint_file(path)
        assert (result.error, result.findings) == ("permission denied", [])
    finally:
        os.chmod(path, 0o644)


@pytest.mark.parametrize(
    "front_matter, detail",
    [
        ("---\ntitle: [unclosed\n---\n", "malformed front matter (line 2): invalid YAML"),
        ("---\n- a list\n---\n", "malformed front matter: expected a mapping of keys"),
        ("+++\ntitle = \n+++\n", "malformed front matter: "),
    ],
    ids=["broken YAML", "not a mapping", "broken TOML"],
)
def test_malformed_front_matter_is_reported_and_the_body_still_linted(
    probe_linter, tmp_path, front_matter, detail
):
    path = write_bytes(tmp_path / "post.md", (front_matter + "A target.\n").encode())
    result = probe_linter.lint_file(path)
    assert result.error is not None and result.error.startswith(detail)
    assert positions(result) == [(4, 3, 4, 9, "target")]


def test_utf8_bom_is_stripped(probe_linter, tmp_path):
    path = write_bytes(tmp_path / "bom.md", b"\xef\xbb\xbftarget first\n")
    result = probe_linter.lint_file(path)
    assert result.error is None
    assert positions(result) == [(1, 1, 1, 7, "target")]


def test_utf8_bom_before_front_matter(probe_linter, tmp_path):
    path = write_bytes(tmp_path / "bom.md", b"\xef\xbb\xbf---\ntitle: x\n---\ntarget\n")
    result = probe_linter.lint_file(path)
    assert result.error is None
    assert positions(result) == [(4, 1, 4, 7, "target")]


def test_folder_walk_picks_known_extensions_in_sorted_order(probe_linter, tmp_path):
    root = tmp_path / "site"
    for rel in [
        "b.md",
        "a.html",
        "c.txt",
        "notes.py",
        "image.png",
        "sub/z.markdown",
        "sub/a.md",
        ".git/HEAD.md",
        ".hidden/x.md",
        "node_modules/pkg/readme.md",
    ]:
        write_bytes(root / rel, b"target\n")
    paths = [
        Path(r.path).relative_to(root).as_posix() for r in probe_linter.lint_paths([str(root)])
    ]
    assert paths == ["a.html", "b.md", "c.txt", "sub/a.md", "sub/z.markdown"]


def test_symlink_loop_does_not_hang(probe_linter, tmp_path):
    root = tmp_path / "loop"
    write_bytes(root / "sub" / "post.md", b"target\n")
    try:
        os.symlink(root, root / "sub" / "back", target_is_directory=True)
        os.symlink(root / "missing.md", root / "dangling.md")
    except (OSError, NotImplementedError):
        pytest.skip("symlinks are not available here")
    results = list(probe_linter.lint_paths([str(root)]))
    by_name = {Path(r.path).relative_to(root).as_posix(): r for r in results}
    assert by_name["sub/post.md"].error is None
    assert by_name["dangling.md"].error == "no such file"
    assert "sub/back/sub/post.md" not in by_name


def test_linted_files_are_left_byte_identical(probe_linter, tmp_path):
    files = {
        "crlf.md": b"---\r\ntitle: x\r\n---\r\nA target.\r\n",
        "bom.md": b"\xef\xbb\xbftarget\n",
        "latin1.md": "Café target\n".encode("latin-1"),
        "page.html": b"<p>target &amp; more</p>",
        "binary.md": b"\x00\x01target",
    }
    for name, data in files.items():
        write_bytes(tmp_path / name, data)

    def digests() -> dict[str, str]:
        return {n: hashlib.sha256((tmp_path / n).read_bytes()).hexdigest() for n in files}

    before = digests()
    mtimes = {n: (tmp_path / n).stat().st_mtime_ns for n in files}
    results = list(probe_linter.lint_paths([str(tmp_path)]))
    assert len(results) == len(files)
    assert digests() == before
    assert {n: (tmp_path / n).stat().st_mtime_ns for n in files} == mtimes
