"""Peak memory of one ``postlint check`` over the corpus repeated N times.

    python bench/memory.py                 # 10 x the corpus, text output
    python bench/memory.py --times 100     # 100 x (100,000 posts with the shipped corpus)
    python bench/memory.py --format json --jobs 2

The batch is a temporary folder of symlinks (copy 003 of post 17 links to the
corpus file), so nothing is duplicated on disk. postlint runs in a child process;
``os.wait4`` gives that child's own peak RSS (its worker processes are measured
separately: each is a fresh process with its own peak). The result cache, if
present, is switched off (POSTLINT_NO_CACHE=1) so every file is really linted.
Run on demand; never part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "docs"


def make_batch(corpus: Path, times: int, folder: Path) -> int:
    """Fill ``folder`` with ``times`` sub-folders of symlinks to the corpus; return the count."""
    posts = sorted(p for p in corpus.iterdir() if p.is_file())
    for copy in range(times):
        sub = folder / f"copy{copy:03d}"
        sub.mkdir()
        for post in posts:
            (sub / post.name).symlink_to(post)
    return len(posts) * times


def measure(folder: Path, fmt: str, jobs: int) -> tuple[int, float, int]:
    """Run postlint on ``folder``; return (exit code, seconds, peak RSS of the parent in KiB)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "POSTLINT_NO_CACHE": "1"}
    args = [sys.executable, "-m", "postlint.cli", "check", str(folder), "--fail-on", "none"]
    args += ["--format", fmt, "--jobs", str(jobs), "--ignore", "Postlint.Grammar"]
    started = time.monotonic()
    with open(os.devnull, "wb") as sink:
        proc = subprocess.Popen(args, env=env, stdout=sink, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.stderr.close()
    return os.waitstatus_to_exitcode(status), time.monotonic() - started, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--times", type=int, default=10, help="copies of the corpus (default 10)")
    parser.add_argument("--format", default="text", help="output format (default text)")
    parser.add_argument("--jobs", type=int, default=1)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="postlint-memory-") as tmp:
        count = make_batch(options.corpus, options.times, Path(tmp))
        code, seconds, peak = measure(Path(tmp), options.format, options.jobs)
    print(
        f"{count} posts ({options.times} x corpus), --format {options.format} "
        f"--jobs {options.jobs}: exit {code}, {seconds:.0f} s, "
        f"{count / seconds:.0f} posts/s, peak RSS {peak / 1024:.0f} MiB"
    )


if __name__ == "__main__":
    main()
