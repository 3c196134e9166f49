"""Benchmark offline syllable counting and readability scoring against textstat.

Usage: python bench/bench_readability.py [CORPUS_DIR] [--words N]

Reports dictionary load time (cold parse and warm cache), syllables/s on N words
from the corpus, documents/s for postlint vs textstat, and the largest score
difference from textstat over those documents.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from postlint import readability, syllables


def _timed(fn, *args):
    """(result, seconds) of one call."""
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def load_texts(corpus: Path, max_words: int) -> list[str]:
    """Read documents until about ``max_words`` whitespace tokens are collected."""
    texts, total = [], 0
    for path in sorted(corpus.glob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            texts.append(text)
            total += len(text.split())
            if total >= max_words:
                break
    return texts


def bench_load() -> None:
    """Cold parse vs cached load of the CMUdict table."""
    import os

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["POSTLINT_CACHE_DIR"] = tmp
        _, cold = _timed(syllables.load_cmudict)
        _, warm = _timed(syllables.load_cmudict)
        del os.environ["POSTLINT_CACHE_DIR"]
    _, nocache = _timed(syllables.load_cmudict, False)
    print(f"cmudict load: parse {nocache * 1e3:.0f} ms, first run {cold * 1e3:.0f} ms, ", end="")
    print(f"cached {warm * 1e3:.0f} ms")


def bench_syllables(texts: list[str]) -> None:
    """Syllables/s over all words, cold (empty memo) and warm."""
    words = [readability._clean(w) for t in texts for w in t.split()]
    words = [w for w in words if w]
    syllables.cmudict_syllables()
    for label in ("cold", "warm"):
        if label == "cold":
            syllables.count_syllables.cache_clear()
        _, secs = _timed(lambda: [syllables.count_syllables(w) for w in words])
        print(f"syllables ({label}): {len(words) / secs:,.0f} words/s on {len(words):,} words")


def bench_scores(texts: list[str]) -> None:
    """postlint counts+scores vs textstat's seven formulas, and their agreement."""
    syllables.count_syllables.cache_clear()
    readability._ROWS.clear()  # the per-token and per-word memos: start cold
    readability._WORD_ROWS.clear()
    _, ours = _timed(lambda: [readability.scores(readability.count_plain_text(t)) for t in texts])
    _, warm = _timed(lambda: [readability.scores(readability.count_plain_text(t)) for t in texts])
    syllables.make_textstat_offline()
    import textstat

    def theirs_all():
        return [{k: round(getattr(textstat, k)(t), 2) for k in readability.FORMULAS} for t in texts]

    ref, theirs = _timed(theirs_all)
    mine = [readability.scores(readability.count_plain_text(t)) for t in texts]
    worst = max(abs(m[k] - r[k]) for m, r in zip(mine, ref, strict=True) for k in m)
    print(
        f"{len(texts)} docs: postlint {ours:.2f} s cold / {warm:.2f} s warm, textstat {theirs:.2f} s, max |diff| {worst}"
    )


def main() -> None:
    """Run all benchmarks."""
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default="/work/shared/corpus/docs")
    parser.add_argument("--words", type=int, default=100_000)
    args = parser.parse_args()
    bench_load()
    texts = load_texts(Path(args.corpus), args.words)
    bench_syllables(texts)
    bench_scores(texts)


if __name__ == "__main__":
    main()
