"""Session 6, text statistics: the hyphenation automaton and the shared readability rows.

Each faster path is checked against the definition it replaces: the plain (pyphen 0.18)
lookup for hyphenation, whose ``references`` list the automaton's int must hold field by
field. Tricky cases: case folding that changes length (İ), ß, ligatures, characters no
pattern holds, patterns at the very start and end, a pattern that is a suffix of another,
patterns longer than ``maxlen``, empty input.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

from postlint import readability, segment, syllables
from postlint.document import parse

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"

TRICKY_WORDS = [
    "", "a", "ab", "abc", "abcd", "rearrangement", "Hyphenation", "HYPHENATION",
    "\u0130stanbul", "\u0130", "stra\u00dfe", "na\u00efvet\u00e9", "\u212aelvin", "\ufb01nal",
    "x" * 60, "covid19", "1970's", "don\u2019t", "e.g.", "foo_bar", "https", "kubernetes",
    "\u0131s", "\u017fo", "12345", "..", ".a.", "antidisestablishmentarianism" * 3,
]  # fmt: skip


def _references(patterns: dict, maxlen: int, word: str) -> list[int]:
    """The plain lookup's ``references`` (``_Hyphenator._plain_positions``), as a list."""
    pointed = f".{word.lower()}."
    references = [0] * (len(pointed) + 1)
    for i in range(len(pointed) - 1):
        for j in range(i + 1, min(i + maxlen, len(pointed)) + 1):
            pattern = patterns.get(pointed[i:j])
            if pattern:
                offset, values = pattern
                for k, value in enumerate(values, i + offset):
                    references[k] = max(references[k], value)
    return references


def _fields(walked: int, count: int) -> list[int]:
    """The first ``count`` fields of a walk's int, each v low bits read back as v."""
    fields = [walked >> (syllables._FIELD * k) & 0xFFFF for k in range(count)]
    assert all(f == (1 << f.bit_length()) - 1 for f in fields)  # v as v low bits
    return [f.bit_length() for f in fields]


def _assert_walk_is_plain(hyphenator: syllables._Hyphenator, words: list[str]) -> None:
    """Fields 0 to len(word) (every field a caller reads, and one more) equal the plain
    lookup's references; the count and positions equal the plain lookup's."""
    hyphenator.build_trie()
    assert hyphenator._trie is not None
    for word in words:
        expected = _references(hyphenator.patterns, hyphenator.maxlen, word)
        size = len(word.lower()) + 1
        assert _fields(hyphenator._walk(word), size) == expected[:size], word
        if len(word) >= 4:
            assert hyphenator.count(word) == len(hyphenator._plain_positions(word)), word
            assert hyphenator._trie_positions(word) == hyphenator._plain_positions(word), word


def _random_words(seed: int, count: int, letters: str) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(letters) for _ in range(rng.randrange(0, 30))) for _ in range(count)]


# --- the automaton on small pattern sets ----------------------------------------------------

SMALL = {
    ".ab": (1, (0, 1)),  # at the start only
    "ab": (0, (0, 3)),
    "abc": (1, (1, 0, 5)),
    "b": (0, (2,)),  # a suffix of "ab": found through the failure link
    "bc": (0, (0, 0, 7)),
    "c.": (1, (0, 9)),  # at the end only
    "bcbca": (2, (1, 1, 1, 1)),  # overlaps itself
    "\u00e9": (0, (1,)),
    "ss": (0, (0, 1)),
    "xxxxxxxx": (0, (1,) * 9),  # longer than maxlen below: never applies
}


def test_walk_equals_the_plain_lookup_on_small_patterns() -> None:
    words = ["abc", "xxabcxx", "bcbcbca", "abcabc", "ab", "c", "\u00e9t\u00e9", "stra\u00dfe"]
    words += _random_words(1, 3000, "abc.\u00e9sx\u0130\u00df1")
    _assert_walk_is_plain(syllables._Hyphenator(dict(SMALL), 6), TRICKY_WORDS + words)
    _assert_walk_is_plain(syllables._Hyphenator(dict(SMALL), 8), TRICKY_WORDS + words)


def test_patterns_longer_than_maxlen_or_empty_never_join() -> None:
    root = syllables._pattern_trie({"abcd": (0, (1,)), "ab": (0, (0, 1)), "": (0, (5,))}, 3)
    assert "a" in root and "b" in root["a"] and "c" not in root["a"]["b"]
    assert root[syllables._OUT] == 0 and root.bias == 2
    assert syllables._pattern_trie({}).bias == 0


def test_characters_no_pattern_holds_are_not_kept() -> None:
    hyphenator = syllables._Hyphenator(dict(SMALL), 6)
    hyphenator.build_trie()
    word = "ab\u4e00\u4e01b\u4e02cabq"  # CJK and "q" in no pattern
    hyphenator._walk(word)
    states, seen = [hyphenator._trie], {}
    while states:
        state = states.pop()
        if id(state) not in seen:
            seen[id(state)] = state
            states += [v for k, v in state.items() if k != syllables._OUT]
    assert len(seen) == 17  # the root and the trie's 16 nodes ("xxxxxxxx" is too long)
    kept = {key for state in seen.values() for key in state}
    assert kept <= set("".join(SMALL)) | {syllables._OUT}
    assert _fields(hyphenator._walk(word), 13) == _references(SMALL, 6, word)[:13]


# --- the automaton on pyphen's en_US patterns -----------------------------------------------


@pytest.fixture(scope="module")
def en_us() -> syllables._Hyphenator:
    data = syllables._pyphen()
    if not isinstance(data, syllables._Hyphenator):
        pytest.skip("pyphen's own object is in use (nonstandard patterns)")
    return syllables._Hyphenator(data.patterns, data.maxlen)


def test_walk_equals_the_plain_lookup_on_en_us(en_us) -> None:
    letters = "abcdefghijklmnopqrstuvwxyz'.\u00e9\u2019\ufb01\u0130\u00df0_"
    _assert_walk_is_plain(en_us, TRICKY_WORDS + _random_words(2, 3000, letters))


def test_walk_equals_the_plain_lookup_on_corpus_words(en_us) -> None:
    if not CORPUS.is_dir():
        pytest.skip("corpus not available")
    words = set()
    for path in sorted(CORPUS.glob("*.md"))[::10]:
        doc = parse(path.read_text(encoding="utf-8"), str(path))
        words.update(readability._clean(token) for token in doc.prose.split())
    _assert_walk_is_plain(en_us, sorted(words))


# --- words split lower-cased ----------------------------------------------------------------

_JOINERS = set("'\u2019\u02bc-\u2010\u2011")


def test_lower_keeps_a_narrow_texts_characters_in_their_classes() -> None:
    # What split_lowered_words rests on: every non-ASCII character that a narrow text may
    # hold (no letter, digit or mark) lower-cases to one such character, joiners to
    # themselves.
    for code in range(128, sys.maxunicode + 1):
        char = chr(code)
        if char.isalnum() or segment._MARK_RE.match(char):
            continue
        low = char.lower()
        assert len(low) == 1 and not low.isascii() and not low.isalnum(), hex(code)
        assert not segment._MARK_RE.match(low) and (low in _JOINERS) == (char in _JOINERS)


def test_lower_keeps_latin1_characters_in_the_latin1_classes() -> None:
    classes = [
        f"[{segment._LATIN1_ALNUM}]", f"[{segment._LATIN1_ALPHA}]", r"\d", r"\s", "[.,]",
        f"[{segment._JOINERS}]",
    ]  # fmt: skip
    for code in range(256):
        char = chr(code)
        low = char.lower()
        assert len(low) == 1 and ord(low) < 256, hex(code)
        for cls in classes:
            assert bool(re.fullmatch(cls, char)) == bool(re.fullmatch(cls, low)), (hex(code), cls)


LOWER_TEXTS = [
    "", "A", "The U.S. Army's E.G. rule", "\u24b6BC \u24d0bc x\u24b7y", "Don\u2019t STOP-gap 3.5",
    "\u0130stanbul and \u0130", "STRASSE stra\u00dfe", "\u212aelvin", "caf\u00e9 CAF\u00c9",
    "\u03a3\u039f\u03a6\u039f\u03a3 wise", "a\u0301b", "  lead and trail  ", "x\u00a0Y\u2003Z",
]  # fmt: skip


def test_split_lowered_words_equals_the_split_lower_cased() -> None:
    rng = random.Random(6)
    alphabet = (
        "aZ09 .,'\u2019\u02bc-\u2010\u2011\u24b6\u24d0\u00a0\n\u201c\u2014_\u0130\u00e9\u212a"
        "\u00c9\u00df\u00b5"
    )
    texts = LOWER_TEXTS + [
        "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40))) for _ in range(5000)
    ]
    split = latin1 = 0
    for text in texts:
        lowered = segment.split_lowered_words(text)
        if lowered is None:
            assert not segment._is_narrow(text) and not segment._is_latin1(text), text
            continue
        split += 1
        latin1 += not segment._is_narrow(text)
        pieces = segment.split_words(text)
        assert lowered == [piece.lower() for piece in pieces], text
        assert list(map(len, lowered)) == list(map(len, pieces)), text
    assert 500 < split < len(texts) and latin1 > 200


def _plain_words(doc) -> tuple[list[tuple[int, int]], list[str]]:
    """The words' spans and lower-cased texts, scanned block by block with ``WORD_RE``."""
    spans = [
        m.span()
        for block in doc.blocks
        for m in segment.WORD_RE.finditer(doc.prose, block.start, block.end)
    ]
    return spans, [doc.prose[s:e].lower() for s, e in spans]


def test_document_words_and_lower_words_on_tricky_and_corpus_documents() -> None:
    texts = ["\n\n".join(LOWER_TEXTS), "\u24b6 Circled \u24b7.\n\nNext \u2019para\u2019."]
    if CORPUS.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.md"))[::7]]
    for text in texts:
        doc = parse(text, "post.md")
        spans, lower = _plain_words(doc)
        assert doc.words == spans and doc.lower_words == lower
