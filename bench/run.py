"""Throughput, memory and start-up of ``postlint check``, with peers side by side.

Run on demand (never from the test suite):

    python bench/run.py [--corpus ../shared/corpus/docs] [--repeat 3] [--peers]

Figures are medians over repeated, interleaved runs of whole processes: the
machines are shared and noisy, so compare ratios within one run rather than
absolute times across runs. Peers (proselint, textstat) are measured only when
importable in the benchmark's environment; they are never project dependencies.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "docs"
SMALL = HERE.parent.parent / "shared" / "corpus" / "small.md"

TEXTSTAT_SCRIPT = """
import sys, glob, textstat
from postlint.syllables import make_textstat_offline
make_textstat_offline()
for path in sorted(glob.glob(sys.argv[1] + '/*.md')):
    text = open(path, encoding='utf-8').read()
    for f in (textstat.flesch_reading_ease, textstat.flesch_kincaid_grade, textstat.gunning_fog,
              textstat.smog_index, textstat.coleman_liau_index):
        f(text)
"""

PROSELINT_SCRIPT = """
import sys, glob, proselint.tools as t
for path in sorted(glob.glob(sys.argv[1] + '/*.md')):
    t.lint(open(path, encoding='utf-8').read())
"""


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a child process and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def corpus_words(corpus: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in corpus.glob("*.md"))


def has_module(name: str) -> bool:
    probe = [sys.executable, "-c", f"import {name}"]
    return subprocess.run(probe, capture_output=True).returncode == 0


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--peers", action="store_true", help="also time proselint and textstat if installed"
    )
    ap.add_argument(
        "--select", default="", help="rule selection passed to postlint (default: all but grammar)"
    )
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found: {args.corpus}")
    words = corpus_words(args.corpus)
    postlint = [
        sys.executable,
        "-m",
        "postlint.cli",
        "check",
        "--fail-on",
        "none",
        "--format",
        "json",
    ]
    selection = ["--select", args.select] if args.select else ["--ignore", "Postlint.Grammar"]
    commands = {
        "postlint --jobs 1": [*postlint, *selection, "--jobs", "1", str(args.corpus)],
        "postlint --jobs 2": [*postlint, *selection, "--jobs", "2", str(args.corpus)],
    }
    if args.peers and has_module("textstat"):
        commands["textstat (5 formulas)"] = [
            sys.executable,
            "-c",
            TEXTSTAT_SCRIPT,
            str(args.corpus),
        ]
    if args.peers and has_module("proselint"):
        commands["proselint"] = [sys.executable, "-c", PROSELINT_SCRIPT, str(args.corpus)]
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(args.repeat):  # interleaved, so load drifts hit every command alike
        for name, cmd in commands.items():
            results[name].append(timed(cmd))
    print(f"corpus: {args.corpus} ({words:,} words), {args.repeat} runs, median wall")
    print(f"{'command':<24} {'wall s':>8} {'words/s':>10} {'peak MB':>8}")
    base = statistics.median(w for w, _ in results["postlint --jobs 1"])
    for name, runs in results.items():
        wall = statistics.median(w for w, _ in runs)
        peak = max(p for _, p in runs)
        print(
            f"{name:<24} {wall:8.2f} {words / wall:10,.0f} {peak:8.0f}   x{base / wall:.2f} vs jobs 1"
        )
    startup(args.repeat)


def startup(repeat: int) -> None:
    if not SMALL.is_file():
        return
    cmd = [sys.executable, "-m", "postlint.cli", "check", "--fail-on", "none", str(SMALL)]
    floor = [sys.executable, "-c", "pass"]
    walls, floors = [], []
    for _ in range(max(repeat, 5)):
        walls.append(timed(cmd)[0])
        floors.append(timed(floor)[0])
    print(
        f"start-up on {SMALL.name}: {statistics.median(walls) * 1000:.0f} ms "
        f"(bare Python {statistics.median(floors) * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    main()
