"""Session 3 speed-ups of segmentation, readability counts and read time: each fast path
against the plain computation it replaces, including the traps."""

from __future__ import annotations

import random
import re
import sys

import pytest

from postlint import readtime, segment, syllables
from postlint.document import Block, Document, Span, _blocks_split_like_prose, parse
from postlint.segment import WORD_RE
from postlint.textmetrics import word_starts


def _all_code_points() -> str:
    """Every code point a ``str`` can hold except the surrogates."""
    return "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


# --- count_cjk ------------------------------------------------------------------------


def test_cjk_hint_holds_every_cjk_character() -> None:
    cjk = "".join(segment._CJK_RUN_RE.findall(_all_code_points()))
    assert len(cjk) > 90_000
    assert len(segment._CJK_HINT_RE.findall(cjk)) == len(cjk)


def _plain_count_cjk(text: str, start: int = 0, end: int | None = None) -> int:
    end = len(text) if end is None else end
    return sum(m.end() - m.start() for m in segment._CJK_RUN_RE.finditer(text, start, end))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain ASCII text",
        "curly \u2019quotes\u201d and \u2014 dashes, caf\u00e9",
        "\u65e5\u672c\u8a9e",  # at the start and the end
        "Hangul \u1100 jamo and \uac00 and \U00020000 ext B \U0001f600 emoji",
        "\u3004 \u3005 \u30fb \u30fc \uff65 \uff66",  # just outside and inside the ranges
    ],
)
def test_count_cjk_equals_the_plain_scan(text: str) -> None:
    assert segment.count_cjk(text) == _plain_count_cjk(text)
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            assert segment.count_cjk(text, start, end) == _plain_count_cjk(text, start, end)


# --- read-time declarations ---------------------------------------------------------


def _plain_lines(prose: str) -> list[tuple[int, int]]:
    """Every line holding "read" (the reference the hint may only thin out)."""
    low = prose.lower()
    lines, at = [], low.find("read")
    while at != -1:
        start, end = low.rfind("\n", 0, at) + 1, low.find("\n", at)
        end = len(prose) if end == -1 else end
        lines.append((start, end))
        at = low.find("read", end)
    return lines


def _plain_declarations(prose: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for regex in (readtime._PREFIX_RE, readtime._SUFFIX_RE):
        for start, end in _plain_lines(prose):
            for m in regex.finditer(prose, start, end):
                if not any(s < m.end() and m.start() < e for s, e in spans):
                    spans.append(m.span())
    return sorted(spans)


@pytest.mark.parametrize(
    "text",
    [
        "5 min read",
        "A 5-minute read about things.\nIt reads well.",
        "READING TIME: 4 MINUTES\n\nMore text to read.",
        "11 minutes readIt was a dark night",
        "Read in 3 mins. Then read on.",
        "7m. read\nand 7M READ and 8 m read",
        "Reading time: ~ 2 min\nno number to read here",
        "I read it. Twelve minutes later I read again: twelve min read",
        "\u0130stanbul: 5 min read",  # lower-casing changes the length: no hint
        "5 m\u0131n read and Read time: 5 m\u0131ns",  # dotless i: no hint
        "thread, spread, already read, bread",  # "read" without a declaration
        "",
    ],
)
def test_declarations_equal_the_unhinted_scan(text: str) -> None:
    doc = parse(text, "x.md")
    found = [(d.start, d.end) for d in readtime._text_declarations(doc)]
    assert found == _plain_declarations(doc.prose)
    kept = readtime._lines_mentioning_read(doc.prose)
    assert set(kept) <= set(_plain_lines(doc.prose))


def test_declaration_hint_drops_lines_that_cannot_match() -> None:
    prose = "I read the thread.\nA 5 min read.\nSpread it."
    assert readtime._lines_mentioning_read(prose) == [(19, 32)]
    assert re.fullmatch(r"A 5 min read\.", prose[19:32])


# --- words in one scan ----------------------------------------------------------------


def _doc(prose: str, blocks: list[tuple[int, int]]) -> Document:
    return Document(
        "x.md", "markdown", prose, prose, blocks=[Block("paragraph", s, e) for s, e in blocks]
    )


def _per_block_words(doc: Document) -> list[tuple[int, int]]:
    """The reference: ``WORD_RE`` over each block on its own."""
    return [m.span() for b in doc.blocks for m in WORD_RE.finditer(doc.prose, b.start, b.end)]


WORD_CASES = [
    ("", []),
    ("   \n  ", []),
    ("word", [(0, 4)]),  # a word at the start and at the end of the text
    ("Hello, world.\n\nSecond para U.S. e.g. don't", [(0, 13), (15, 43)]),
    ("\u0130stanbul STRASSE stra\u00dfe \u0131 caf\u00e9 na\u0308ive", [(0, 41)]),  # İ, ß, marks
    ("ab cd", [(0, 2), (3, 5)]),
    ("abcd", [(0, 2), (2, 4)]),  # a block ends inside a word: scanned block by block
    ("ab-cd ef", [(0, 2), (3, 8)]),  # "-" between the blocks: not whitespace
    ("x ab cd", [(2, 4), (5, 7)]),  # a word outside every block
    ("ab cd ef", [(3, 5), (0, 2)]),  # blocks out of order
    ("ab cd ef", [(0, 5), (3, 8)]),  # overlapping blocks
    ("ab cd", [(0, 2), (2, 2), (3, 5)]),  # an empty block before whitespace
    ("3.14 and 1,000 U.K. x", [(0, 21)]),
    ("\u65e5\u672c abc \u65e5", [(0, 8)]),
]


@pytest.mark.parametrize(("prose", "blocks"), WORD_CASES)
def test_words_equal_the_per_block_scan(prose: str, blocks: list[tuple[int, int]]) -> None:
    doc = _doc(prose, blocks)
    assert [tuple(w) for w in doc.words] == _per_block_words(doc)
    assert all(type(w) is Span for w in doc.words)
    assert doc.lower_words == [prose[s:e].lower() for s, e in doc.words]
    assert word_starts(doc) == [w.start for w in doc.words]


@pytest.mark.parametrize(
    ("prose", "blocks", "one_scan"),
    [
        ("ab cd", [(0, 2), (3, 5)], True),
        ("", [], True),
        ("  ab  ", [(2, 4)], True),
        ("abcd", [(0, 2), (2, 4)], False),
        ("ab-cd", [(0, 2), (3, 5)], False),
        ("x ab", [(2, 4)], False),
        ("ab cd", [(3, 5), (0, 2)], False),
        ("ab", [(0, 3)], False),  # a block past the end of the prose
    ],
)
def test_one_scan_only_when_blocks_are_whitespace_separated(
    prose: str, blocks: list[tuple[int, int]], one_scan: bool
) -> None:
    doc = _doc(prose, blocks)
    assert _blocks_split_like_prose(prose, doc.blocks) is one_scan


def test_words_of_parsed_posts_equal_the_per_block_scan() -> None:
    text = (
        "---\ntitle: T\n---\n# Heading *one*\n\nDr. Smith's `code` [link](http://x.y) "
        "\u0130zmir stra\u00dfe.\n\n- item one\n- item two\n\n| a | b |\n|---|---|\n| c | d |\n\n"
        "> quoted words\n\n```\nnot words\n```\nlast"
    )
    for path in ("x.md", "x.txt", "x.html"):
        doc = parse(text, path)
        assert [tuple(w) for w in doc.words] == _per_block_words(doc)
        assert doc.lower_words == [doc.prose[s:e].lower() for s, e in doc.words]


# --- sentences ------------------------------------------------------------------------


def _stepping_token_start(text: str, scanned_from: int, at: int) -> int:
    """``_token_start`` as it was: stepping back one character at a time."""
    i = at
    while i > scanned_from and not segment._is_separator(text[i - 1]):
        i -= 1
    return i if i == 0 or segment._is_separator(text[i - 1]) else -1


def test_token_start_equals_stepping_back() -> None:
    rng = random.Random(3)
    alphabet = "ab. \n\t\u00a0\u3002\u2019!?"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 12)))
        at = rng.randrange(len(text))
        # As in ``sentences_in``: no CJK terminator between the scan's start and ``at``.
        scanned_from = max((i + 1 for i in range(at) if text[i] in segment._CJK_TERMS), default=0)
        scanned_from = rng.randrange(scanned_from, at + 1)
        assert segment._token_start(text, scanned_from, at) == _stepping_token_start(
            text, scanned_from, at
        ), (text, scanned_from, at)


def test_sentences_in_equals_split_sentences_per_range() -> None:
    text = "Dr. Who left. He came back!\n\nNo. 5 is here\u3002\u6b21 e.g. this. End"
    ranges = [(0, 13), (14, 27), (29, len(text)), (5, 3), (0, None), (40, 500)]
    expected = [span for s, e in ranges for span in segment.split_sentences(text, s, e)]
    assert segment.sentences_in(text, ranges) == expected
    assert segment.sentences_in(text, []) == []


# --- hyphenation: merged pattern values ---------------------------------------------


def test_merged_trie_positions_equal_pyphen() -> None:
    pyphen = pytest.importorskip("pyphen")
    data = syllables._pyphen()
    if not isinstance(data, syllables._Hyphenator):
        pytest.skip("pyphen's own object is in use (nonstandard patterns)")
    hyphenator = syllables._Hyphenator(data.patterns, data.maxlen)
    hyphenator._trie = syllables._pattern_trie(data.patterns)
    reference = pyphen.Pyphen(lang="en_US")
    rng = random.Random(11)
    words = [
        "", "a", "ab", "abc", "abcd", "rearrangement", "Hyphenation", "\u0130stanbul",
        "stra\u00dfe", "na\u00efvet\u00e9", "x" * 60, "covid19", "1970's", "tion", "ing",
    ]  # fmt: skip
    words += [
        "".join(
            rng.choice("abcdefghijklmnopqrstuvwxyz'\u00e9.") for _ in range(rng.randrange(1, 25))
        )
        for _ in range(3000)
    ]
    for word in words:
        assert hyphenator._trie_positions(word) == reference.positions(word), word


def test_state_output_keeps_the_max_of_every_pattern_ending_there() -> None:
    trie = syllables._pattern_trie({"ab": (0, (0, 3)), "abc": (1, (1, 0, 5)), "b": (0, (2,))})
    abc, ab = trie["a"]["b"]["c"], trie["a"]["b"]
    assert trie.bias == 3  # the longest pattern: a start sits 3 fields below its end

    def fields(output: int) -> list[int]:  # value v is written as v low bits
        return [(output >> (16 * k) & 0xFFFF).bit_length() for k in range(5)]

    hyphenator = syllables._Hyphenator({"ab": (0, (0, 3)), "abc": (1, (1, 0, 5))}, 3)
    hyphenator._trie = trie
    first = hyphenator._trie_positions("xxabcxx")
    # "abc" alone ends "abc": 1, 0, 5 from its offset 1; "ab" and "b" end "ab": max(3, 2)
    assert fields(abc[syllables._OUT]) == [0, 1, 0, 5, 0]
    assert fields(ab[syllables._OUT]) == [0, 0, 3, 0, 0]
    assert fields(trie["a"][syllables._OUT]) == [0] * 5  # no pattern ends "a"
    assert hyphenator._trie_positions("xxabcxx") == first == hyphenator._plain_positions("xxabcxx")


def test_short_words_have_no_points_without_a_lookup() -> None:
    pyphen = pytest.importorskip("pyphen")
    data = syllables._pyphen()
    if not isinstance(data, syllables._Hyphenator):
        pytest.skip("pyphen's own object is in use (nonstandard patterns)")
    reference = pyphen.Pyphen(lang="en_US")
    hyphenator = syllables._Hyphenator(data.patterns, data.maxlen)
    for word in ["", "a", "ab", "abc", "\u0130s", "\u0130ab", "abcd", "ABCDE", "a'b"]:
        assert hyphenator.positions(word) == reference.positions(word), word
    assert hyphenator._calls == 2  # only "abcd" and "ABCDE" were looked up


# --- in_quote ---------------------------------------------------------------------------


def _walking_in_quote(spans: list[Span], start: int, end: int) -> bool:
    """``Document.in_quote`` as it was: a walk back over the sorted spans."""
    import bisect

    i = bisect.bisect_right([s.start for s in spans], start) - 1
    while i >= 0:
        s = spans[i]
        if s.start <= start and end <= s.end:
            return True
        i -= 1
        if i >= 0 and spans[i].end < start and s.start - spans[i].end > 10_000:
            break
    return False


def test_in_quote_equals_the_walk_back() -> None:
    rng = random.Random(7)
    for _ in range(300):
        size = rng.choice([50, 30_000, 80_000])
        spans = sorted(
            Span(s, s + rng.choice([0, 1, 5, 50, 400, 20_000, 60_000]))
            for s in (rng.randrange(size) for _ in range(rng.randrange(0, 12)))
        )
        doc = _doc(" " * size, [])
        doc.__dict__["quote_spans"] = spans
        for _ in range(60):
            start = rng.randrange(-5, size + 5)
            end = start + rng.choice([-1, 0, 1, 3, 100, 15_000])
            assert doc.in_quote(start, end) == _walking_in_quote(spans, start, end)
        for s in spans:  # the spans' own edges
            for start, end in ((s.start, s.end), (s.start, s.end + 1), (s.start - 1, s.end)):
                assert doc.in_quote(start, end) == _walking_in_quote(spans, start, end)


def test_in_quote_stops_at_a_wide_gap_like_the_walk() -> None:
    # A block quote holds everything, but the walk stops at the wide gap before it reaches it.
    spans = [Span(0, 100_000), Span(10, 20), Span(50_000, 50_010)]
    doc = _doc(" " * 100_000, [])
    doc.__dict__["quote_spans"] = spans
    assert doc.in_quote(60_000, 60_001) is _walking_in_quote(spans, 60_000, 60_001) is False
    assert doc.in_quote(30_000, 30_001) is _walking_in_quote(spans, 30_000, 30_001) is True


# --- CMUdict look-ups before a group is split ------------------------------------------


def test_find_in_shard_equals_the_split_group() -> None:
    shards = syllables._build_shards(syllables.load_cmudict())
    assert shards is not None
    for prefix, shard in shards.items():
        group = syllables._split_group(shard)
        words = shard[0].split("\n")
        probes = [words[0], words[-1], prefix, prefix + "zzq", words[0][:-1], words[-1] + "s"]
        probes += [f"{words[0]}\n{words[1]}" if len(words) > 1 else "\n", ""]
        for word in probes:
            assert syllables._find_in_shard(shard, word) == group.get(word), (prefix, word)
    for prefix in list(shards)[::25]:  # every word of some groups
        shard = shards[prefix]
        group = syllables._split_group(shard)
        assert all(syllables._find_in_shard(shard, w) == n for w, n in group.items())


@pytest.mark.parametrize("finds", [0, 1, 4])
def test_cmudict_count_equals_the_table_before_and_after_splitting(monkeypatch, finds) -> None:
    table = syllables.load_cmudict()
    syllables._cmudict_count("the")  # groups loaded
    monkeypatch.setattr(syllables, "_GROUPS", {})
    monkeypatch.setattr(syllables, "_FINDS", {})
    monkeypatch.setattr(syllables, "FINDS_BEFORE_SPLIT", finds)
    rng = random.Random(finds)
    words = rng.sample(sorted(table), 3000)
    words += [w + "x" for w in words[:500]] + ["zz", "q", "\u00e9t\u00e9", "a\nb", "the"]
    for word in words * 2:
        assert syllables._cmudict_count(word) == table.get(word), word
