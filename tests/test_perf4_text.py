"""Session 4, text statistics: faster words, readability rows and syllable data.

Each faster path is checked against the plain computation it replaces, on tricky
inputs (ASCII punctuation around words, abbreviations, case folding that changes
length, non-ASCII letters, empty input) and on real posts of the corpus.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from postlint import readability, segment
from postlint.document import parse

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"


def _corpus_texts(step: int) -> list[str]:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not available")
    return [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.md"))[::step]]


# --- words: the ASCII form of WORD_SPLIT_RE ------------------------------------------

_ASCII_PIECES = list("aZ9 .,'-_\n\t\x1c\"()") + [
    "U.S.", "e.g.", "A.", "x.y", "3.14", "1,000", "don't", "well-known", "_a", "1.",
    ",5", "'s", "a--b", "9-", "-9", "a.b.c", "Ph.D.", "A.B", "1.2.3", "a'", "..", "x_y",
]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "a",
        "U.S. e.g. A.B x.y.z. 3.14 1,000,000 don't well-known -a- 'quoted' _under_score_",
        "a.b. c.d.e 1.a a.1 A.B.C.D. end.",
        "Mr. Smith's co-op (est. 1999) cost $3,500.50 - or 12.5%.",
    ],
)
def test_ascii_word_split_equals_the_unicode_pattern(text: str) -> None:
    assert text.isascii()
    assert segment._WORD_SPLIT_ASCII_RE.split(text) == segment.WORD_SPLIT_RE.split(text)
    assert segment.split_words(text) == segment.WORD_SPLIT_RE.split(text)


def test_ascii_word_split_on_random_ascii_text() -> None:
    rng = random.Random(4)
    for _ in range(4000):
        text = "".join(rng.choice(_ASCII_PIECES) for _ in range(rng.randrange(0, 14)))
        expected = segment.WORD_SPLIT_RE.split(text)
        assert segment._WORD_SPLIT_ASCII_RE.split(text) == expected, text


def test_split_words_keeps_the_unicode_pattern_for_other_text() -> None:
    for text in ["caf\u00e9 na\u00efve", "\u0130stanbul stra\u00dfe", "don\u2019t \u732b a\u0301b"]:
        assert segment.split_words(text) == segment.WORD_SPLIT_RE.split(text)


def test_ascii_word_split_on_real_posts() -> None:
    texts = [t for t in _corpus_texts(3) if t.isascii()]
    assert texts
    for text in texts:
        prose = parse(text, "post.md").prose
        assert segment.split_words(prose) == segment.WORD_SPLIT_RE.split(prose)


# --- readability rows: ASCII case variants share the lower-case word's row ------------


def _plain_word_counts(word: str) -> tuple[int, ...]:
    """``_word_counts`` computed on the word itself, never through another word."""
    return readability._word_counts(word)


@pytest.fixture
def fresh_rows(monkeypatch):
    monkeypatch.setattr(readability, "_ROWS", readability._PackedRows())
    monkeypatch.setattr(readability, "_WORD_ROWS", readability._WordRows())


_CASED = [
    "The", "THE", "the", "Readability", "READABILITY", "McDonald's", "DON'T", "Don't",
    "IT'S", "iPhone", "NASA", "Kubernetes", "X", "A", "I", "42", "3D", "ABC123", "Foo_Bar",
    "\u0130stanbul", "\u0130", "STRASSE", "Stra\u00dfe", "Na\u00efve", "\u212aelvin",
    "\u0131s", "\u017fo", "\u00c9t\u00e9", "Hyphenation", "SUPERCALIFRAGILISTIC",
]  # fmt: skip


def test_case_variants_get_their_own_counts(fresh_rows) -> None:
    rows = readability._WORD_ROWS
    for word in _CASED:
        packed = int.from_bytes(readability._ROW.pack(*_plain_word_counts(word)), "little")
        assert rows[word] == packed, word
    tokens = [t for w in _CASED for t in (w, f"({w},", f"“{w}”.")]
    columns = zip(*map(readability._token_counts, tokens), strict=True)
    assert readability._sum_tokens(tokens) == [sum(c) for c in columns]


def test_ascii_case_variants_share_one_row(fresh_rows) -> None:
    readability._sum_tokens(["The", "THE,", "(the"])
    assert set(readability._WORD_ROWS) == {"the", "The", "THE"}
    rows = readability._WORD_ROWS
    assert rows["The"] == rows["THE"] == rows["the"]


def test_non_ascii_words_are_counted_as_they_are(fresh_rows, monkeypatch) -> None:
    asked: list[str] = []
    counts = readability._word_counts
    monkeypatch.setattr(readability, "_word_counts", lambda w: asked.append(w) or counts(w))
    readability._sum_tokens(["\u0130stanbul", "Stra\u00dfe", "Caf\u00e9"])
    assert asked == ["\u0130stanbul", "Stra\u00dfe", "Caf\u00e9"]
