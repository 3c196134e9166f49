"""Session 5, text statistics: faster paths for syllables and the word split.

Each faster path is checked against the definition it replaces: pyphen itself for
hyphenation points and the plain (non-possessive) word pattern for the split. Tricky cases:
case folding that changes length (İ) or maps a non-ASCII letter to ASCII (the Kelvin
sign), ß, apostrophes and digits, words at the very start and end, empty input.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from postlint import segment, syllables
from postlint.document import parse

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"

TRICKY_WORDS = [
    "", "a", "ab", "abc", "abcd", "abcde", "rearrangement", "Hyphenation", "HYPHENATION",
    "\u0130stanbul", "\u0130", "stra\u00dfe", "STRASSE", "na\u00efvet\u00e9", "\u212aelvin",
    "x" * 60, "covid19", "1970's", "don't", "tion", "ing", "supercalifragilisticexpialidocious",
    "e.g.", "o'clock", "foo_bar", "https", "kubernetes", "\u0131s", "\u017fo", "12345",
    "antidisestablishmentarianism" * 3,
]  # fmt: skip


def _random_words(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz'\u00e9.\u0130\u00dfK\u212a0_"
    return ["".join(rng.choice(letters) for _ in range(rng.randrange(0, 40))) for _ in range(count)]


@pytest.fixture(scope="module")
def hyphenators():
    """pyphen's own object, and ours over the same patterns with its trie built."""
    pyphen = pytest.importorskip("pyphen")
    data = syllables._pyphen()
    if not isinstance(data, syllables._Hyphenator):
        pytest.skip("pyphen's own object is in use (nonstandard patterns)")
    ours = syllables._Hyphenator(data.patterns, data.maxlen)
    ours.build_trie()
    return pyphen.Pyphen(lang="en_US"), ours


# --- hyphenation: points counted from one int per word ------------------------------------


def test_trie_count_and_positions_equal_pyphen(hyphenators) -> None:
    reference, ours = hyphenators
    for word in TRICKY_WORDS + _random_words(3, 4000):
        expected = reference.positions(word)
        assert ours.positions(word) == expected, word
        assert ours.count(word) == len(expected), word


def test_plain_count_before_the_trie_is_built(hyphenators) -> None:
    reference, built = hyphenators
    plain = syllables._Hyphenator(built.patterns, built.maxlen)
    plain.plain_calls = 10**9  # never builds its trie
    for word in TRICKY_WORDS:
        assert plain.count(word) == len(reference.positions(word)), word
    assert plain._trie is None


def test_count_builds_the_trie_after_the_plain_calls(hyphenators) -> None:
    reference, built = hyphenators
    lazy = syllables._Hyphenator(built.patterns, built.maxlen)
    lazy.plain_calls = 3
    words = ["rearrangement", "hyphenation", "kubernetes", "readability", "tokenizer"]
    assert [lazy.count(w) for w in words] == [len(reference.positions(w)) for w in words]
    assert lazy._trie is not None


def test_walk_fields_hold_the_max_of_every_pattern() -> None:
    # Field k of the walk's int is references[k] of the plain lookup, v as v low bits.
    patterns = {"ab": (0, (0, 3)), "abc": (1, (1, 0, 5)), "b": (0, (2,)), "c": (0, (0, 4))}
    hyphenator = syllables._Hyphenator(patterns, 3)
    hyphenator.build_trie()
    references = hyphenator._walk("xxabcxx")
    fields = [references >> (syllables._FIELD * k) & 0xFFFF for k in range(10)]
    # ".xxabcxx.": "ab" at 3 puts 3 at 4; "abc" puts 1, 0, 5 at 4, 5, 6; "b" puts 2 at 4;
    # "c" puts 4 at 6.
    assert [f.bit_length() for f in fields] == [0, 0, 0, 0, 3, 0, 5, 0, 0, 0]
    assert all(f == (1 << f.bit_length()) - 1 for f in fields)  # v as v low bits
    assert hyphenator.count("xxabcxx") == len(hyphenator._plain_positions("xxabcxx")) == 2


def test_odd_fields_counts_odd_values_in_the_range() -> None:
    values = [0, 1, 2, 3, 9, 15, 14, 7]
    packed = sum(((1 << v) - 1) << (syllables._FIELD * k) for k, v in enumerate(values))
    for lo in range(len(values) + 1):
        for hi in range(lo, len(values) + 1):
            expected = sum(v % 2 for v in values[lo:hi])
            assert syllables._odd_fields(packed, lo, hi) == expected, (lo, hi)


def test_values_too_wide_for_a_field_keep_the_plain_lookup() -> None:
    hyphenator = syllables._Hyphenator({"bc": (0, (0, 17)), "cd": (0, (16, 3))}, 2)
    hyphenator.plain_calls = 0
    assert not hyphenator._trie_ok
    for word in ["abcde", "xbcdx", "bcbcbc", "cdcd"]:
        assert hyphenator.count(word) == len(hyphenator._plain_positions(word)), word
    assert hyphenator._trie is None


def test_syllables_of_words_missing_from_cmudict_count_pyphen_points(hyphenators) -> None:
    reference, _ = hyphenators
    table = syllables.cmudict_syllables()
    words = [w for w in TRICKY_WORDS + _random_words(8, 500) if w and w.lower() not in table]
    for word in words:
        assert syllables.syllables_of(word) == len(reference.positions(word.lower())) + 1, word
    assert syllables.syllables_of("") == 0
    assert syllables.syllables_of("Readability") == table["readability"]


# --- words: the split patterns' joined runs are possessive ---------------------------------


#: ``WORD_RE`` as one group with plain (greedy) repeats: the split as it was defined.
_PLAIN_SPLIT = re.compile(f"({segment.WORD_RE.pattern})")

SPLIT_TEXTS = [
    "", "a", "word", " word ", "don't", "well-known", "3.5 and 1,000.", "e.g. U.S. a.b.c.d5",
    "e.g.5 U.S.A. i.e., x.y", "rock'n'roll -- 'quoted' ‘curly’ it’s", "a--b a-'b a'- 9.x 9.,9",
    "Stra\u00dfe na\u00efve e\u0301te\u0301 \u0130stanbul \u212aelvin caf\u00e9-bar",
    "\u05e9\u05c1\u05b8\u05dc\u05d5\u05b9\u05dd \u0915\u093f\u0924\u093e\u092c \u65e5\u672c\u8a9e\u3067\u3059",
    "end.", "x" * 50 + "-" + "y" * 50, "a\u200db \u2010\u2011 a\u2010b 1\u20192", "'" * 5,
]  # fmt: skip


def _random_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    pieces = ["a", "Z", "9", "0", ".", ",", "'", "\u2019", "-", "\u2010", " ", "\n", "_", "é",
              "e\u0301", "\u0915\u093f", "\u65e5", "İ", "ß", "!", "(", "U.S.", "e.g."]  # fmt: skip
    return ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, 60))) for _ in range(count)]


def test_word_split_equals_the_plain_split() -> None:
    for text in SPLIT_TEXTS + _random_texts(21, 3000):
        expected = _PLAIN_SPLIT.split(text)
        assert segment.WORD_SPLIT_RE.split(text) == expected, text
        assert segment.split_words(text) == expected, text
        if segment._is_narrow(text):
            assert segment._WORD_SPLIT_NARROW_RE.split(text) == expected, text


def test_word_split_equals_the_plain_split_on_corpus_posts() -> None:
    files = sorted(CORPUS.glob("*.md"))[::25]
    if not files:
        pytest.skip("corpus not available")
    for path in files:
        prose = parse(path.read_text(encoding="utf-8"), str(path)).prose
        assert segment.split_words(prose) == _PLAIN_SPLIT.split(prose), path
        assert segment.WORD_SPLIT_RE.split(prose) == _PLAIN_SPLIT.split(prose), path
