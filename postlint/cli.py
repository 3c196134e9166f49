"""The ``postlint`` command: parse arguments, call the library, print, exit.

Exit codes (documented in the README):
  0  nothing at or above the fail level
  1  findings at or above the fail level, or files that could not be linted
  2  usage, configuration or rule error
  130  interrupted (SIGINT/SIGTERM); what was linted so far is printed first
"""

from __future__ import annotations

import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import click

from .__about__ import __version__
from .cli_common import (
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    config_option,
    selection_options,
)
from .cli_common import Interrupted as _Interrupted
from .cli_common import common_linter as _common_linter
from .cli_common import on_term as _on_term
from .cli_common import print_notices as _print_notices
from .errors import PostlintError, UsageError
from .model import FileResult, Finding, Level, RunResult

LEVELS = ["error", "warning", "suggestion"]
FORMAT_NAMES = [
    "text",
    "line",
    "json",
    "sarif",
    "github",
    "junit",
    "checkstyle",
    "rdjson",
    "codeclimate",
]


def _use_color(no_color: bool, stream) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


class _Group(click.Group):
    """Ctrl-C outside a command's own handling (start-up, option parsing) still exits 130.

    click turns a stray KeyboardInterrupt into "Aborted!" and exit 1, which a CI
    job would read as "findings"; an interruption must keep its own exit code.

    ``report`` is defined in ``postlint.cli_report`` and imported only when it is
    asked for (or listed by ``--help``), so ``check`` does not pay for building it.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (KeyboardInterrupt, _Interrupted):
            click.echo("postlint: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:  # "report", or a typo that may mean it
            self._attach_report()
        return super().get_command(ctx, cmd_name)

    def _attach_report(self) -> None:
        if "report" not in self.commands:
            from .cli_report import report

            self.add_command(report)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), "report"})


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="postlint")
def main() -> None:
    """postlint: lint prose drafts for read time, sources, hidden promotion and readability."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-f", "--format", "fmt", type=click.Choice(FORMAT_NAMES), default="text", show_default=True
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE (atomically)."
)
@config_option
@click.option("--min-level", type=click.Choice(LEVELS), help="Hide findings below this level.")
@click.option(
    "--fail-on",
    type=click.Choice([*LEVELS, "none"]),
    help="Exit 1 on findings at or above this level [default: error].",
)
@selection_options
@click.option(
    "--stdin-filename",
    default="<stdin>.md",
    show_default=True,
    help="Path to report (and pick the format) for '-'.",
)
@click.option("--no-color", is_flag=True, help="No colours (also NO_COLOR=1).")
@click.option(
    "-j",
    "--jobs",
    type=int,
    default=1,
    show_default=True,
    help="Worker processes (0 = one per core).",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    help="Report only findings not recorded in this baseline.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False),
    help="Record current findings as the baseline and exit 0.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Lint every file again instead of reusing cached results (see `postlint cache`).",
)
@click.option(
    "--dask",
    "dask_address",
    metavar="SCHEDULER_ADDRESS",
    help="Lint on a Dask cluster (pip install postlint[dask]); replaces --jobs.",
)
def check(
    paths,
    fmt,
    output,
    config,
    min_level,
    fail_on,
    select,
    ignore,
    stdin_filename,
    no_color,
    jobs,
    baseline,
    write_baseline,
    no_cache,
    dask_address,
):
    """Lint PATHS (files, folders, globs, or - for stdin)."""
    signal.signal(signal.SIGTERM, _on_term)
    from .notices import reset

    reset()
    run = RunResult()
    try:
        linter = _common_linter(config, select, ignore, min_level)
        if not no_cache and not os.environ.get("POSTLINT_NO_CACHE"):
            from .cache import with_cache

            linter = with_cache(linter)
        if dask_address:
            jobs = dask_address  # lint_parallel sends the files to this Dask scheduler
        stream = _open_stream(fmt, output, no_color, keep_findings=bool(write_baseline))
        fail_level = _fail_level(fail_on, linter)
        from .engine import batch_gc

        with batch_gc():
            _run_check(linter, paths, stdin_filename, jobs, stream, baseline, run)
        if write_baseline:
            from .baseline import write_baseline as write

            write(run, write_baseline)
            click.echo(
                f"postlint: wrote a baseline of {len(run.findings)} findings to {write_baseline}",
                err=True,
            )
            _finish_stream(stream, run, linter, output)
            sys.exit(EXIT_OK)
        _finish_stream(stream, run, linter, output)
    except PostlintError as exc:
        click.echo(f"postlint: {exc}", err=True)
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, _Interrupted):
        _print_partial(run)
        sys.exit(EXIT_INTERRUPTED)
    _print_notices()
    sys.exit(_exit_code(run, fail_level))


def _fail_level(fail_on: str | None, linter) -> Level | None:
    if fail_on == "none":
        return None
    if fail_on:
        return Level.parse(fail_on)
    return linter.config_for(None).fail_on


def _exit_code(run: RunResult, fail_level: Level | None) -> int:
    if any(r.error for r in run.files):
        return EXIT_FINDINGS
    worst = run.worst()
    if fail_level is not None and worst is not None and worst >= fail_level:
        return EXIT_FINDINGS
    return EXIT_OK


#: Formats printed file by file as results arrive; the others print at the end.
STREAMED_FORMATS = ("text", "line", "json")

#: What the summary and exit code need of a file: (file error?, findings per level).
TallyKey = tuple[bool, ...]


class RenderedFile(NamedTuple):
    """One file's output, rendered where it was linted, and what the run still needs."""

    text: str
    tally: TallyKey
    notices: list[str]


@dataclass(frozen=True)
class FileRenderer:
    """Renders one file's part of a streamed format (``--jobs`` workers call it too).

    A JSON part has no separator: the stream adds it, since only the stream knows
    whether the file is the first. Picklable, so worker processes can receive it.
    """

    fmt: str
    color: bool = False

    def text(self, result: FileResult) -> str:
        if self.fmt == "text":
            from .formatters.text import render_file

            return render_file(result, self.color)
        if self.fmt == "line":
            from .formatters.line import render_file

            return render_file(result)
        from .formatters import json as json_format

        return json_format.file_body(result)

    def __call__(self, result: FileResult) -> RenderedFile:
        return RenderedFile(self.text(result), _tally_key(result), result.notices)


class _Stream:
    """Text, line and JSON print each file as soon as it is linted; others print at the end."""

    def __init__(self, fmt: str, color: bool, buffered: bool, keep_findings: bool = False):
        self.fmt = fmt
        self.color = color
        self.buffered = buffered
        self.parts: list[str] = []
        #: Formats rendered at the end, and baselines, need every finding kept until then.
        self.keep_findings = keep_findings or fmt not in STREAMED_FORMATS
        self.renderer = FileRenderer(fmt, color) if fmt in STREAMED_FORMATS else None
        self.files_written = 0

    def file_done(self, item: FileResult | RenderedFile) -> None:
        """Print a file's part: ``item`` is a result, or its part rendered by ``renderer``."""
        if self.renderer is not None:
            text = item.text if isinstance(item, RenderedFile) else self.renderer.text(item)
            if self.fmt == "json":  # streamed too: a big batch never holds every finding
                from .formatters import json as json_format

                if self.files_written == 0:
                    self._emit(json_format.header())
                text = json_format.fragment_separator(self.files_written == 0) + text
            self._emit(text)
        self.files_written += 1

    def _emit(self, text: str) -> None:
        if not text:
            return
        if self.buffered:
            self.parts.append(text)
        else:
            _echo(text)


def _echo(text: str) -> None:
    """``click.echo(text, nl=False)``, without a needless pass over the text.

    On output that is no terminal, click removes colour codes with a regex pass
    over the whole text: a corpus file's 15 KB of JSON took 20 us to echo instead
    of 8 (12 ms of a 1,000-post run, in the parent that ``--jobs`` workers share
    the cores with). Every code it removes starts with ESC, so text without one is
    echoed with ``color=True``, which skips the pass: the same bytes.
    """
    click.echo(text, nl=False, color=True if "\x1b" not in text else None)


def _open_stream(fmt: str, output: str | None, no_color: bool, keep_findings: bool) -> _Stream:
    color = output is None and _use_color(no_color, sys.stdout)
    return _Stream(fmt, color, buffered=output is not None, keep_findings=keep_findings)


def _run_check(
    linter, paths, stdin_filename, jobs, stream: _Stream, baseline_path, run: RunResult
) -> None:
    """Lint into ``run`` as results arrive, so an interrupted run still has what it linted."""
    from .inputs import expand_paths

    baseline = None
    if baseline_path:
        from .baseline import load_baseline

        baseline = load_baseline(baseline_path)
    file_paths = [p for p in paths if p != "-"]
    if "-" in paths:
        from .inputs import read_stream

        stdin = getattr(sys.stdin, "buffer", None)  # sys.stdin is None when fd 0 is closed
        read = read_stream(stdin, linter.config_for(None).max_file_size)
        if read.text is None:
            from .model import FileResult

            result = FileResult(stdin_filename, error=read.error)
        else:
            result = linter.lint_text(read.text, stdin_filename)
            if read.error:
                result.error = read.error
        _add(run, result, stream, baseline)
    missing = [p for p in file_paths if not os.path.exists(p) and not any(ch in p for ch in "*?[")]
    expanded = expand_paths(file_paths, linter.config_for(None).extensions)
    if jobs != 1:
        from .parallel import default_jobs, lint_parallel

        # Workers render their files when nothing but the printed text is needed of them.
        render = stream.renderer if baseline is None and not stream.keep_findings else None
        results = lint_parallel(linter, expanded, jobs or default_jobs(), render=render)
    else:
        results = (linter.lint_file(p) for p in expanded)
    for result in results:
        _add(run, result, stream, baseline)
    if missing and len(missing) == len(paths):
        raise UsageError(f"no such file or folder: {', '.join(missing)}")


def _add(run: RunResult, item: FileResult | RenderedFile, stream: _Stream, baseline) -> None:
    if baseline is not None:
        item = baseline.filter_new(RunResult([item])).files[0]
    if item.notices:  # from worker processes: each message once per run
        from .notices import notice_once

        for message in item.notices:
            notice_once(message, message)
    stream.file_done(item)
    if isinstance(item, RenderedFile):
        run.files.append(_tally_for(item.tally))
    else:
        run.files.append(item if stream.keep_findings else _tally(item))


#: One shared stand-in finding per level: the summary and exit code only count levels.
_LEVEL_TOKENS = {
    level: Finding(rule="", kind="", level=level, message="", offset=0, end_offset=0)
    for level in Level
}


#: One shared tally per (file error?, findings per level): see ``_tally``.
_TALLIES: dict[TallyKey, FileResult] = {}


def _tally_key(result: FileResult) -> TallyKey:
    return (bool(result.error), *(result.count(level) for level in Level))


def _tally(result: FileResult) -> FileResult:
    """What the summary and exit code need once a file is printed: error or not, levels.

    Text, line and JSON output print each file as it is linted, so holding every
    message, match and metric until the end would grow memory with the batch. Files
    with the same error flag and counts per level share one stand-in, so the run
    grows by one list slot (8 bytes) a file: 10 million posts cost 80 MB, not 6 GB.
    """
    return _tally_for(_tally_key(result))


def _tally_for(key: TallyKey) -> FileResult:
    """The shared stand-in for files with this ``_tally_key``."""
    tally = _TALLIES.get(key)
    if tally is None:
        findings = [
            _LEVEL_TOKENS[lv] for lv, n in zip(Level, key[1:], strict=True) for _ in range(n)
        ]
        tally = FileResult("<tally>", findings=findings, error="file error" if key[0] else None)
        _TALLIES[key] = tally
    return tally


def _active_rules(linter, run: RunResult):
    seen: dict[str, object] = {}
    for result in run.files or [None]:
        path = result.path if result else "."
        try:
            for rule in linter.rules_for(path):
                seen.setdefault(rule.id, rule)
        except PostlintError:
            continue
    return [seen[k] for k in sorted(seen)]


def _finish_stream(stream: _Stream, run: RunResult, linter, output: str | None) -> None:
    if stream.fmt == "text":
        from .formatters.text import render_summary

        stream._emit(render_summary(run, stream.color))
        text = "".join(stream.parts)
    elif stream.fmt == "line":
        text = "".join(stream.parts)
    elif stream.fmt == "json":
        from .formatters import json as json_format

        if stream.files_written == 0:
            stream._emit(json_format.header())
        stream._emit(json_format.footer(run.summary(), stream.files_written > 0))
        text = "".join(stream.parts)
    else:
        from .formatters import render

        text = render(stream.fmt, run, _active_rules(linter, run), root=os.getcwd())
        if output is None:
            _echo(text)
    if output is not None:
        from .atomic import write_text_atomic

        write_text_atomic(output, text)


def _print_partial(run: RunResult) -> None:
    from .formatters.text import render_summary

    click.echo(f"postlint: interrupted after {len(run.files)} files", err=True)
    click.echo(render_summary(run), err=True, nl=False)


def _rules_here(config: str | None):
    """The Linter and the rules active for a file in the current folder; exit 2 on a bad config."""
    try:
        linter = _common_linter(config, (), (), None)
        return linter, linter.rules_for(os.path.join(os.getcwd(), "_"))
    except PostlintError as exc:
        click.echo(f"postlint: {exc}", err=True)
        sys.exit(exc.exit_code)


@main.command("rules")
@click.option("-c", "--config", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable list.")
def rules_cmd(config, as_json):
    """List every active rule with its kind, level and description."""
    linter, rules = _rules_here(config)
    if as_json:
        import json

        data = [
            {
                "id": r.id,
                "kind": r.kind,
                "level": r.level.label,
                "description": " ".join(r.description.split()),
            }
            for r in rules
        ]
        click.echo(json.dumps(data, indent=2))
        return
    width = max((len(r.id) for r in rules), default=10)
    for r in rules:
        summary = " ".join(r.description.split())
        summary = summary.split(". ")[0][:90]
        click.echo(f"{r.id.ljust(width)}  {r.kind:<16} {r.level.label:<10} {summary}")


@main.command()
@click.argument("rule_id")
@click.option("-c", "--config", type=click.Path(exists=True, dir_okay=False))
def explain(rule_id, config):
    """Describe RULE_ID: what it checks, its parameters and an example."""
    from .engine import matches_rule

    linter, rules = _rules_here(config)
    found = [r for r in rules if r.id.lower() == rule_id.lower()] or [
        r for r in rules if matches_rule(rule_id, r)
    ]
    if not found:
        click.echo(f"postlint: no active rule called {rule_id!r}; see `postlint rules`", err=True)
        sys.exit(EXIT_USAGE)
    for rule in found:
        click.echo(_explain_text(rule, linter))


def _explain_text(rule, linter) -> str:
    import textwrap

    lines = [f"{rule.id}  ({rule.kind}, {rule.level.label})", ""]
    lines += textwrap.wrap(" ".join(rule.description.split()) or "(no description)", 80)
    lines += ["", f"Defined in: {rule.path}"]
    if rule.link:
        lines.append(f"More: {rule.link}")
    params = rule.engine.params
    if params:
        lines += ["", "Parameters:"]
        for name, spec in params.items():
            value = rule.params.get(name)
            shown = _short(value)
            lines.append(f"  {name} = {shown}" + (f"    # {spec.help}" if spec.help else ""))
    if rule.example:
        lines += ["", "Example:", f"  {rule.example}"]
        result = linter.lint_text(rule.example, "example.md")
        for f in result.findings:
            if f.rule == rule.id:
                lines.append(f"  -> {f.line}:{f.column} {f.message}")
    return "\n".join(lines)


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 70 else text[:67] + "..."


STARTER_CONFIG = """\
# postlint configuration. Docs: https://github.com/postlint/postlint#configuration
# postlint looks for this file in the linted file's folder and its parents.

# Rule packs to use: shipped ones by name, your own by folder.
packs:
  - Postlint   # read time, attribution, promotion, readability
  - Style      # wordiness, weasel words, cliches, repeated words

# Folders that hold your own packs (each pack is a folder of rule files).
# pack_paths:
#   - styles

# Per-rule settings: off, a level, or parameter overrides.
rules:
  # Postlint.ReadTime:
  #   words_per_minute: 250
  # Style.Cliches: off
  # Style.Weasel: warning

# Settings for some files only (globs relative to this file).
# overrides:
#   - files: ["drafts/**"]
#     rules:
#       Postlint.Attribution: off

# Hide findings below this level; exit 1 on findings at or above fail_on.
min_level: suggestion
fail_on: error

# Grammar and spelling through a LanguageTool server (optional).
# languagetool:
#   server: http://localhost:8081
"""


@main.command()
@click.option("--force", is_flag=True, help="Overwrite an existing .postlint.yml.")
@click.argument("folder", default=".", type=click.Path(file_okay=False))
def init(force, folder):
    """Write a commented starter .postlint.yml in FOLDER."""
    target = Path(folder) / ".postlint.yml"
    if target.exists() and not force:
        click.echo(f"postlint: {target} already exists (use --force to overwrite)", err=True)
        sys.exit(EXIT_USAGE)
    from .atomic import write_text_atomic

    write_text_atomic(str(target), STARTER_CONFIG)
    click.echo(f"wrote {target}")


@main.group("cache")
def cache_group() -> None:
    """The result cache (unchanged files are not linted again)."""


@cache_group.command("clear")
def cache_clear() -> None:
    """Delete every cached result and the start-up data (syllable tables, pattern store)."""
    from .cache import ResultCache
    from .userdirs import clear_startup_data

    store = ResultCache()
    results = store.clear()
    files, size = clear_startup_data(store.directory)
    click.echo(
        f"postlint: removed {results} cached results and {files} start-up data files"
        f" ({size / 1e6:.1f} MB) from {store.directory}"
    )


@cache_group.command("dir")
def cache_dir() -> None:
    """Print the cache folder ($POSTLINT_CACHE_DIR overrides it)."""
    from .userdirs import user_cache_dir  # not via .cache, which imports the engine

    click.echo(str(user_cache_dir()))


if __name__ == "__main__":  # pragma: no cover
    main()
