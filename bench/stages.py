"""Where a cold run spends its CPU: parsing, segmentation and each rule, per 1,000 posts.

Run on demand (``python bench/stages.py [--sample 250] [--repeat 2]``). Each stage
is timed with ``time.process_time`` on the same sample of corpus posts: first the
parse, then the shared segmentation (sentences and words), then every rule of the
default packs (grammar excluded) on the already-segmented documents, in the order
the engine runs them and under its ``regex_timeout`` budget. Figures are scaled to 1,000 posts so they compare with
``docs/performance.md``. The best of ``--repeat`` passes is kept per stage: the
machine is shared, and the minimum is the least disturbed figure.

Passes run under the engine's ``batch_gc`` thresholds, as a real batch does: with
the interpreter's default thresholds the collector walks every live document of the
sample again and again, which inflated the segmentation figure by about 40 %. The
first pass starts with cold memos (syllable rows, word judgements), as every worker
of a real run does; its column shows what they cost on top of the warm figure.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from postlint.document import parse
from postlint.engine import Linter, batch_gc
from postlint.kinds.patterns import regex_time_limit

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"


def sample_files(corpus: Path, size: int) -> list[Path]:
    files = sorted(corpus.glob("*.md"))
    step = max(1, len(files) // size)
    return files[::step][:size]


def one_pass(texts: list[tuple[str, str]], rules, timeout: float) -> dict[str, float]:
    times: dict[str, float] = {}
    t = time.process_time()
    docs = [parse(text, path) for path, text in texts]
    times["parsing"] = time.process_time() - t
    t = time.process_time()
    for doc in docs:
        doc.sentences, doc.words  # noqa: B018 - computed and cached on first use
    times["segmentation"] = time.process_time() - t
    for rule in rules:
        t = time.process_time()
        for doc in docs:
            with regex_time_limit(timeout):  # as the engine runs rules: a bounded regex costs more
                list(rule.engine.check(rule, doc))
                rule.engine.metrics(rule, doc)
        times[rule.id] = times.get(rule.id, 0.0) + time.process_time() - t
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--sample", type=int, default=250)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    files = sample_files(args.corpus, args.sample)
    texts = [(str(p), p.read_text(encoding="utf-8")) for p in files]
    linter = Linter()
    rules = [r for r in linter.rules_for(str(files[0])) if r.kind != "grammar"]
    timeout = linter.config_for(str(files[0])).regex_timeout
    with batch_gc():
        first = one_pass(texts, rules, timeout)
        best = dict(first)
        for _ in range(max(1, args.repeat) - 1):
            for stage, seconds in one_pass(texts, rules, timeout).items():
                best[stage] = min(seconds, best[stage])
    scale = 1000 / len(texts)
    print(f"{len(texts)} posts; CPU seconds per 1,000 posts")
    print(f"{'stage':32} {'warm':>6} {'cold':>6}  (warm: best of {args.repeat}; cold: first pass)")
    for stage, seconds in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"{stage:32} {seconds * scale:6.2f} {first[stage] * scale:6.2f}")
    total, cold = sum(best.values()) * scale, sum(first.values()) * scale
    print(f"{'total':32} {total:6.2f} {cold:6.2f}")


if __name__ == "__main__":
    main()
