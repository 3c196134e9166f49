"""``postlint report``: lint a batch of posts and write an editors' report.

Attached to the main group by :mod:`postlint.cli` when first asked for (so that
``postlint check`` does not build it). It lints like ``postlint check`` (same config,
``--select``/``--ignore``, worker processes), shows progress on a terminal, then
writes any of: one self-contained HTML page, a findings CSV, a per-post summary
CSV and a JSON file, each atomically. Findings do not change the exit code: a
report is for reading, not gating. Exit 0, or 2 on a usage or config error
(130 when interrupted; nothing is written then).
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator, Sequence

import click

from .cli_common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    Interrupted,
    common_linter,
    config_option,
    on_term,
    print_notices,
    selection_options,
)
from .errors import PostlintError, UsageError
from .model import FileResult, RunResult


@click.command("report")
@click.argument("paths", nargs=-1, required=True)
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Write the HTML page.")
@click.option(
    "--csv", "csv_path", type=click.Path(dir_okay=False), help="Write one row per finding."
)
@click.option(
    "--summary-csv", "summary_path", type=click.Path(dir_okay=False), help="Write one row per post."
)
@click.option(
    "--json", "json_path", type=click.Path(dir_okay=False), help="Write the report data as JSON."
)
@config_option
@selection_options
@click.option(
    "-j",
    "--jobs",
    type=int,
    default=0,
    show_default=True,
    help="Worker processes (0 = one per core).",
)
@click.option(
    "--dask",
    "dask_address",
    metavar="SCHEDULER_ADDRESS",
    help="Lint on a Dask cluster (pip install postlint[dask]); replaces --jobs.",
)
@click.option("--title", default="postlint report", show_default=True, help="Page heading.")
def report(
    paths,
    html_path,
    csv_path,
    summary_path,
    json_path,
    config,
    select,
    ignore,
    jobs,
    dask_address,
    title,
):
    """Lint PATHS (files, folders, globs) and write a report: --html, --csv, --summary-csv, --json."""
    signal.signal(signal.SIGTERM, on_term)
    outputs = {"html": html_path, "csv": csv_path, "summary": summary_path, "json": json_path}
    try:
        if not any(outputs.values()):
            raise UsageError("nothing to write: give --html, --csv, --summary-csv or --json")
        if jobs < 0:
            raise UsageError("--jobs must be 0 (one per core) or more")
        run = _lint(paths, config, select, ignore, dask_address or jobs)
        written = _write_outputs(run, outputs, title)
    except PostlintError as exc:
        click.echo(f"postlint: {exc}", err=True)
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, Interrupted):
        click.echo("postlint: interrupted; no report written", err=True)
        sys.exit(EXIT_INTERRUPTED)
    print_notices()
    summary = run.summary()
    click.echo(
        f"postlint: {summary['files']} posts, {len(run.findings)} findings; "
        f"wrote {', '.join(written)}",
        err=True,
    )
    sys.exit(EXIT_OK)


def _lint(paths: Sequence[str], config, select, ignore, jobs: int | str) -> RunResult:
    from .inputs import expand_paths
    from .notices import reset
    from .progress import Progress

    reset()
    if "-" in paths:
        raise UsageError("report reads files, not standard input: name files or folders")
    linter = common_linter(config, select, ignore, None)
    missing = [p for p in paths if not os.path.exists(p) and not any(ch in p for ch in "*?[")]
    if len(missing) == len(paths):
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    files = list(expand_paths(paths, linter.config_for(None).extensions))
    run = RunResult()
    with Progress(len(files)) as progress:
        for result in _results(linter, files, jobs):
            run.files.append(result)
            progress.advance()
    return run


def _results(linter, files: list[str], jobs: int | str) -> Iterator[FileResult]:
    """Results in input order; worker processes only when there is more than one file.

    ``jobs`` may be a Dask scheduler address (``--dask``).
    """
    from .parallel import default_jobs, lint_parallel

    if isinstance(jobs, str):
        return lint_parallel(linter, files, jobs)
    workers = min(jobs or default_jobs(), len(files))
    if workers <= 1:
        return (linter.lint_file(path) for path in files)
    return lint_parallel(linter, files, workers)


def _write_outputs(run: RunResult, outputs: dict[str, str | None], title: str) -> list[str]:
    """Build the report once and write each requested file; returns the paths written."""
    from .atomic import write_text_atomic
    from .report import ReportOptions, build_report, findings_csv, report_json, summary_csv

    data = build_report(run, options=ReportOptions(title=title), root=os.getcwd())
    writers = {
        "html": _html,
        "csv": findings_csv,
        "summary": summary_csv,
        "json": report_json,
    }
    written = []
    for name, path in outputs.items():
        if path:
            try:
                write_text_atomic(path, writers[name](data))
            except OSError as exc:
                raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
            written.append(path)
    return written


def _html(data) -> str:
    from .report.html import render_html

    return render_html(data)
