"""Session 6, the headline detectors: per-block work done once per document.

Each mechanism is checked against the per-block computation it replaces (kept here
as a plain reference): the blocks attribution scans and the detectors it runs there,
the blocks its "Source:" line scan reads, and promo's memo of content words; on
tricky documents (list items whose line starts before the block, sentences that
cross blocks, dash datelines, no sentences, the empty text, non-ASCII and case
folding that changes length) and on corpus posts.
"""

from __future__ import annotations

import bisect
from pathlib import Path

import pytest

from postlint import attribution_signals as A
from postlint import promo_signals as P
from postlint.document import parse
from postlint.engine import Linter

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"

TRICKY = [
    "",
    "# Only a heading\n",
    "```\ncode only\n```\n",
    "According to a survey, 40% of users agree.",
    "- According to a survey, 40% of users agree.\n- Source: Reuters\n- via the wire\n",
    "WASHINGTON (AP) — Officials said on Monday that prices rose.\n\nNothing here.\n",
    "LONDON — The study found that 3 in 10 people read it.\nSecond line of it.\n",
    "A sentence that runs on\nacross lines. Researchers found 12 million users.\n\n"
    "> A quoted survey found 50% of readers.\n\nSource: https://example.com\n",
    "\u0130stanbul \u2014 A report by Acme found 30% growth. \u212aelvin data from "
    "the census.\n\n1. The survey: \u201cWe told reporters it was fine,\u201d one said.\n",
    "Caf\u00e9 r\u00e9sum\u00e9 na\u00efve. " * 30 + "\n\nAccording to Gartner, 80% fail.",
    "Text before.\n\n* item one\n* item two with the report from Acme Corp\n\n"
    "Originally published at Example. Via: Someone\nH/T: a friend",
]


@pytest.fixture(scope="module")
def detectors() -> A.Detectors:
    return next(r for r in Linter().rules_for("x.md") if r.id == "Postlint.Attribution").state


def _corpus_texts(step: int) -> list[str]:
    files = sorted(CORPUS.glob("*.md"))[::step]
    if not files:
        pytest.skip("no corpus")
    return [f.read_text(encoding="utf-8") for f in files]


# --- reference: the per-block tests that blocks_to_scan and from_line_start replace --------


def _may_match(ctx: A._Context, key: str, start: int, end: int) -> bool:
    offsets = ctx._starts[key]
    i = bisect.bisect_left(offsets, start)
    return i < len(offsets) and offsets[i] < end


def _line_start(ctx: A._Context, offset: int) -> int:
    return ctx.prose.rfind("\n", 0, offset) + 1


def _sentence_reach(ctx: A._Context, start: int, end: int) -> tuple[int, int]:
    first = ctx.sentence_index(start)
    last = ctx.sentence_index(max(end - 1, start))
    return min(start, ctx.sentences[first].start), max(end, ctx.sentences[last].end)


def _reference_blocks(ctx: A._Context) -> list[tuple[A.Block, set[str]]]:
    """Per block: the block keys it holds, datelines from its line start, statistic
    cues in the sentences overlapping it; the blocks with at least one."""
    det, out = ctx.det, []
    for block in ctx.blocks:
        keys = {
            key
            for key in A._BLOCK_KEYS
            if key in ctx._starts and _may_match(ctx, key, block.start, block.end)
        }
        if det.dateline is not None and _may_match(
            ctx, "dateline", _line_start(ctx, block.start), block.end
        ):
            keys.add("dateline")
        statistics = ctx.sentences and det.statistic_figure and det.statistic_cue
        if statistics and _may_match(
            ctx, "statistic_cue", *_sentence_reach(ctx, block.start, block.end)
        ):
            keys.add("statistic_cue")
        if keys:
            out.append((block, keys))
    return out


def _reference_lines(ctx: A._Context, key: str) -> list[tuple[A.Block, int]]:
    found = []
    for block in ctx.blocks:
        line_start = _line_start(ctx, block.start)
        if _may_match(ctx, key, line_start, block.end):
            found.append((block, line_start))
    return found


def _check_blocks(text: str, det: A.Detectors) -> None:
    doc = parse(text, "x.md")
    ctx = A._Context(doc, det)
    if ctx._starts is None:  # no safe lower-cased copy: every block, every detector
        assert list(ctx.blocks_to_scan()) == [(b, None) for b in ctx.blocks]
        assert list(ctx.from_line_start("source_line")) == [
            (b, _line_start(ctx, b.start)) for b in ctx.blocks
        ]
        return
    assert list(ctx.blocks_to_scan()) == _reference_blocks(ctx)
    assert list(ctx.from_line_start("source_line")) == _reference_lines(ctx, "source_line")


@pytest.mark.parametrize("text", TRICKY)
def test_blocks_to_scan_tricky(text: str, detectors: A.Detectors) -> None:
    _check_blocks(text, detectors)


def test_blocks_to_scan_no_safe_copy(detectors: A.Detectors) -> None:
    """'İ' lower-cases to two characters: no gate, so every block and every detector."""
    text = "\u0130 According to a survey, 40% agree.\n\n- Source: Reuters\n"
    ctx = A._Context(parse(text, "x.md"), detectors)
    assert ctx._starts is None
    _check_blocks(text, detectors)


def test_blocks_to_scan_finds_reach_outside_the_block(detectors: A.Detectors) -> None:
    """A list item's line starts before the block: a dash dateline there still counts,
    and a statistic cue in a sentence that crosses into the block does too."""
    text = "- WASHINGTON — prices rose\n- and more\n"
    ctx = A._Context(parse(text, "x.md"), detectors)
    scanned = list(ctx.blocks_to_scan())
    assert scanned == _reference_blocks(ctx)
    assert any("dateline" in keys for _, keys in scanned)


def test_blocks_to_scan_corpus(detectors: A.Detectors) -> None:
    for text in _corpus_texts(7):
        _check_blocks(text, detectors)


# --- promo: content words memoised -------------------------------------------------------


def test_content_words_memo_equals_is_content() -> None:
    stop = frozenset({"the", "and", "über"})
    memo = P._ContentWords(stop)
    words = ["the", "and", "über", "Über", "cat", "ca", "c4t", "naïve", "ǆemal", "", "şey", "ab"]
    for word in words * 2:  # the second round is answered from the memo
        assert memo[word] == P._is_content(word, stop), word


def test_content_words_memo_empties_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(P, "_NORMAL_FORMS_MAX", 3)
    memo = P._ContentWords(frozenset({"the"}))
    for word in ["alpha", "the", "be", "gamma", "delta", "alpha"]:
        assert memo[word] == P._is_content(word, frozenset({"the"}))
        assert len(memo) <= 3


def test_content_filters_in_order() -> None:
    rule = next(r for r in Linter().rules_for("x.md") if r.id == "Postlint.Promotion")
    cfg = rule.state
    words = ["the", "provider", "of", "routers", "provider", "ab", "x1y", "über"]
    expected = [w for w in words if P._is_content(w, cfg.stopwords)]
    assert P._content(words, cfg) == expected
    assert P._content(iter(words), cfg) == expected


# --- attribution: the quoted words of the first-person count ------------------------------

QUOTED = [
    "",
    "\u201cWe did it,\u201d she said. We agree.",
    '"we" and "our" and "us" are words. "We told them we would." We said.',
    "> We quoted this whole block.\n\nWe wrote this. \u201cOur words\u201d",
    "\u0130 \u201cwe\u201d \u212a \u201cour team\u201d \u00e9 we",
    '"A" ' * 50 + "\u201cwe\u201d at the end",
]


@pytest.mark.parametrize("text", QUOTED)
def test_quoted_words_are_those_in_quote(text: str) -> None:
    doc = parse(text, "x.md")
    starts = [w.start for w in doc.words]
    expected = [i for i, w in enumerate(doc.words) if doc.in_quote(w.start, w.end)]
    assert A._quoted_words(doc, starts) == expected


def test_quoted_words_corpus() -> None:
    for text in _corpus_texts(9):
        doc = parse(text, "x.md")
        starts = [w.start for w in doc.words]
        expected = [i for i, w in enumerate(doc.words) if doc.in_quote(w.start, w.end)]
        assert A._quoted_words(doc, starts) == expected
