"""Overhead of the grammar kind per document against the loopback LanguageTool look-alike.

Run on demand: ``python bench/bench_grammar.py``. It measures what postlint adds
around LanguageTool (building the prose text with its offset map, HTTP over one
keep-alive connection, JSON parsing, mapping matches back to findings); the fake
server's own matching is a few regexes, so a real LanguageTool adds its checking
time (typically tens to hundreds of milliseconds per page) on top of this.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from languagetool_fake import FakeLanguageTool  # noqa: E402

from postlint import languagetool as lt  # noqa: E402
from postlint.document import parse  # noqa: E402
from postlint.kinds.grammar import GrammarKind, build_request_text  # noqa: E402
from postlint.rules import build_rule  # noqa: E402

PARAGRAPH = (
    "The team **announced** a new release of [the tool](https://example.com/tool) "
    "yesterday. You will recieve the update automatically, and the the changelog lists "
    "every fix. Run `tool --upgrade` if you could of missed it.\n\n"
)


def markdown_post(paragraphs: int) -> str:
    return "---\ntitle: Release notes\n---\n# Release notes\n\n" + PARAGRAPH * paragraphs


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def bench(label: str, text: str, url: str, repeat: int) -> None:
    rule = build_rule(
        {"kind": "grammar", "server": url, "message": "{lt_message}"},
        pack="Bench",
        name="Grammar",
        path="bench.yml",
        key_lines={},
    )
    kind = GrammarKind()
    doc = parse(text, "post.md")
    findings = list(kind.check(rule, doc))  # warm-up: probe, connection
    words = len(doc.words)
    total = timed(lambda: list(kind.check(rule, doc)), repeat)
    prep = timed(lambda: build_request_text(doc), repeat)
    print(
        f"{label}: {words} words, {len(text)} chars, {len(findings)} findings | "
        f"grammar kind median {statistics.median(total):.2f} ms "
        f"(p90 {statistics.quantiles(total, n=10)[-1]:.2f} ms), "
        f"of which prose text + offset map {statistics.median(prep):.2f} ms"
    )


def main() -> None:
    with FakeLanguageTool() as fake:
        bench("typical post", markdown_post(20), fake.url, 200)
        bench("long post (3 requests)", markdown_post(300), fake.url, 30)
        print(f"requests sent: {len(fake.requests)}, connections opened: {len(fake.peers)}")
    lt.reset()


if __name__ == "__main__":
    main()
