"""A one-line progress bar on stderr for long batches: files done, rate and time left.

It draws only for a person watching: stderr must be a terminal and the ``CI``
environment variable unset (CI logs keep every carriage-return redraw as noise).
Piped or redirected runs, and tests, see nothing. Redraws are throttled so a
fast run does not spend its time writing to the terminal.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TextIO

#: Seconds between redraws.
REDRAW_INTERVAL = 0.2
#: Width of the bar in characters.
BAR_WIDTH = 24


def should_show(stream: TextIO, environ: dict[str, str] | None = None) -> bool:
    """True when ``stream`` is a terminal and we are not in CI."""
    env = os.environ if environ is None else environ
    if env.get("CI"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def format_duration(seconds: float) -> str:
    """65 -> '1:05', 3700 -> '1:01:40'."""
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def render_line(done: int, total: int, elapsed: float, width: int = BAR_WIDTH) -> str:
    """The text of one redraw, e.g. ``[#####.....]  50/100 files  12.5 files/s  0:04 left``."""
    filled = int(width * done / total) if total else width
    bar = "#" * filled + "." * (width - filled)
    rate = done / elapsed if elapsed > 0 else 0.0
    left = format_duration((total - done) / rate) if rate > 0 else "?"
    return f"[{bar}] {done}/{total} files  {rate:.1f} files/s  {left} left"


class Progress:
    """Count files as they finish; draw on ``stream`` when :func:`should_show` allows.

    Use as a context manager so the line is finished (or wiped) however the run ends.
    """

    def __init__(
        self,
        total: int,
        stream: TextIO | None = None,
        *,
        enabled: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = should_show(self.stream) if enabled is None else enabled
        self.clock = clock
        self.done = 0
        self.started = clock()
        self._last_draw = float("-inf")
        self._drawn = -1  # the count last drawn

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = self.clock()
        if self.enabled and (now - self._last_draw >= REDRAW_INTERVAL or self.done >= self.total):
            self._draw(now)

    def _draw(self, now: float) -> None:
        self._last_draw = now
        self._drawn = self.done
        self.stream.write("\r" + render_line(self.done, self.total, now - self.started))
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            if self._drawn != self.done:
                self._draw(self.clock())
            self.stream.write("\n")
            self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
