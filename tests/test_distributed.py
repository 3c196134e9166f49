"""Linting on a real Dask cluster (two worker processes on loopback) prints the same bytes
as ``--jobs 1``; skipped when dask[distributed] is not installed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("dask.distributed")

from dask.distributed import Client, LocalCluster  # noqa: E402

from postlint.cli import main  # noqa: E402
from postlint.config import Config  # noqa: E402
from postlint.distributed import lint_paths_on_dask  # noqa: E402
from postlint.engine import Linter  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "docs"


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as local:
        yield local


def drafts() -> list[str]:
    """The example drafts and, when the shared corpus is there, a slice of it."""
    paths = sorted(str(p) for p in (ROOT / "examples").glob("*.md"))
    paths += sorted(str(p) for p in (ROOT / "examples").glob("*.html"))
    if CORPUS.is_dir():
        paths += sorted(str(p) for p in CORPUS.glob("*.md"))[:40]
    return paths


def _check(args: list[str]) -> str:
    result = CliRunner().invoke(
        main,
        ["check", "--format", "json", "--fail-on", "none", "--no-cache", *args],
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_dask_output_is_byte_identical_to_one_job(cluster):
    paths = drafts()
    args = ["--ignore", "Postlint.Grammar", *paths]
    local = _check(["--jobs", "1", *args])
    assert local.count('"path": ') == len(paths)
    assert _check(["--dask", cluster.scheduler_address, *args]) == local


def test_report_json_on_dask_matches_one_job(cluster, tmp_path):
    paths = drafts()[:12]
    outputs = []
    for how in (["--jobs", "1"], ["--dask", cluster.scheduler_address]):
        target = tmp_path / f"report-{how[0].strip('-')}.json"
        result = CliRunner().invoke(
            main, ["report", "--ignore", "Postlint.Grammar", "--json", str(target), *how, *paths]
        )
        assert result.exit_code == 0, result.output
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b'"path": ') >= len(paths)


def test_api_streams_results_in_input_order_in_small_chunks(cluster, probe_pack, tmp_path):
    paths = []
    for i in range(7):
        path = tmp_path / f"post-{i}.md"
        path.write_text(f"Post {i}: " + "target " * i + "\n", encoding="utf-8")
        paths.append(str(path))
    linter = Linter(config=Config(packs=[str(probe_pack)]))
    with Client(cluster) as client:
        results = list(lint_paths_on_dask(linter, paths, client, chunksize=2, window=2))
    assert [r.path for r in results] == paths
    assert [len(r.findings) for r in results] == list(range(7))
    assert [(f.line, f.column, f.match) for f in results[2].findings] == [
        (1, 9, "target"),
        (1, 16, "target"),
    ]


def test_unreachable_scheduler_is_a_usage_error(monkeypatch):
    monkeypatch.setenv("POSTLINT_DASK_TIMEOUT", "1s")
    result = CliRunner().invoke(
        main, ["check", "--no-cache", "--dask", "tcp://127.0.0.1:9", str(ROOT / "README.md")]
    )
    assert result.exit_code == 2
    assert result.output.startswith(
        "postlint: could not reach the Dask scheduler at tcp://127.0.0.1:9"
    )
