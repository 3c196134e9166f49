"""What the ``check`` and ``report`` commands share: exit codes, interruption,
the rule-selection options, building the Linter, and printing run-wide notices.
"""

from __future__ import annotations

from pathlib import Path

import click

from .model import Level

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class Interrupted(BaseException):
    """SIGTERM, raised like KeyboardInterrupt: a BaseException, so that no ``except
    Exception`` on the way (the engine keeps a failing rule from stopping a batch)
    swallows it."""


def on_term(signum, frame):  # SIGTERM behaves like Ctrl-C: stop, print what we have
    raise Interrupted()


def config_option(f):
    return click.option(
        "-c",
        "--config",
        type=click.Path(exists=True, dir_okay=False),
        help="Use this config file for every path.",
    )(f)


def selection_options(f):
    """``--select`` and ``--ignore``: rule ids, pack names or rule names, comma-separated."""
    f = click.option(
        "--ignore", multiple=True, help="Skip these rules (ids, packs or names; comma-separated)."
    )(f)
    return click.option(
        "--select", multiple=True, help="Only these rules (ids, packs or names; comma-separated)."
    )(f)


def split_names(values) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def common_linter(config: str | None, select, ignore, min_level: str | None):
    from .engine import Linter, Selection

    return Linter(
        config_file=Path(config) if config else None,
        selection=Selection(tuple(split_names(select)), tuple(split_names(ignore))),
        min_level=Level.parse(min_level) if min_level else None,
    )


def print_notices() -> None:
    from .notices import drain

    for message in drain():
        click.echo(f"postlint: {message}", err=True)
