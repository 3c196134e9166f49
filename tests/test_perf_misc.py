"""The fast paths of the metric counts and syllables give exactly the slow paths' answers.

Each test would fail if a shortcut (packed column sums, the pattern trie, byte-packed
CMUdict groups) drifted from the straightforward computation it replaces.
"""

from __future__ import annotations

import pyphen
import pytest

from postlint import readability, syllables
from postlint.readability import EMPTY, Counts, add, count_text, total

TRICKY_TOKENS = [
    "The", "the", "THE", "readability", "well-known", "don't", "'quoted'", "(word)",
    "...", "—", "42", "3.14", "naïve", "Straße", "İstanbul", "ıs", "ſo", "K", "x",
    "supercalifragilisticexpialidocious", "foo_bar", "a" * 300, "日本語", "e.g.", "",
]  # fmt: skip


def naive_columns(tokens: list[str]) -> list[int]:
    """Column sums token by token, the definition the packed sums must equal."""
    sums = [0] * 9
    for token in tokens:
        for k, value in enumerate(readability._token_counts(token)):
            sums[k] += value
    return sums


@pytest.mark.parametrize("repeat", [1, 3])
def test_packed_sums_equal_column_sums(repeat: int) -> None:
    tokens = [t for t in TRICKY_TOKENS if t] * repeat
    assert readability._sum_tokens(tokens) == naive_columns(tokens)
    assert readability._sum_tokens([]) == [0] * 9


def test_packed_sums_fall_back_when_a_count_is_too_large(monkeypatch) -> None:
    tokens = ["short", "a" * 40, "words", "a" * 40]
    expected = naive_columns(tokens)
    monkeypatch.setattr(readability, "_SMALL", 16)  # a 40-letter token is now "too large"
    monkeypatch.setattr(readability, "_ROWS", readability._PackedRows())
    assert readability._sum_tokens(tokens) == expected


def test_packed_memo_is_bounded(monkeypatch) -> None:
    monkeypatch.setattr(readability, "_MAX_ROWS", 4)
    rows = readability._PackedRows()
    monkeypatch.setattr(readability, "_ROWS", rows)
    tokens = [f"word{i}" for i in range(10)]
    assert readability._sum_tokens(tokens) == naive_columns(tokens)
    assert len(rows) <= 4


def test_count_text_fields() -> None:
    counts = count_text(["It", "was", "a", "remarkably", "readable", "sentence."], 1)
    assert counts.words == 6 and counts.tokens == 6 and counts.sentences == 1
    assert counts.syllables == 1 + 1 + 1 + 4 + 3 + 2
    assert counts.characters == len("Itwasaremarkablyreadablesentence.")


def test_total_equals_folded_add() -> None:
    parts = [count_text(t.split(), 1) for t in ("One two three.", "Complicated words here.", "")]
    folded = EMPTY
    for part in parts:
        folded = add(folded, part)
    assert total(parts) == folded
    assert total([]) == EMPTY
    assert isinstance(total(parts), Counts)


# --- hyphenation fallback --------------------------------------------------------------

HYPHENATION_WORDS = [
    "rearranges", "usaboundariesdata", "seroepidemiology", "hillerislambers", "20250707",
    "strescape_default", "a", "ab", "abc", "Hyphenation", "ÉCOLE", "naïveté", "straße",
    "İstanbul", "x" * 60, "zendesk", "unsoundnesses", "covid19", "1970's",
]  # fmt: skip


@pytest.fixture(scope="module")
def reference() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def test_plain_and_trie_lookups_match_pyphen(reference) -> None:
    hyphenator = syllables._pyphen()
    if not isinstance(hyphenator, syllables._Hyphenator):
        pytest.skip("pyphen's own object is in use (nonstandard patterns)")
    trie = syllables._pattern_trie(hyphenator.patterns)
    fresh = syllables._Hyphenator(hyphenator.patterns, hyphenator.maxlen)
    fresh._trie = trie
    for word in HYPHENATION_WORDS:
        expected = reference.positions(word)
        assert hyphenator._plain_positions(word) == expected, word
        assert fresh._trie_positions(word) == expected, word


def test_trie_is_built_after_the_plain_calls(reference) -> None:
    data = syllables._pyphen()
    if not isinstance(data, syllables._Hyphenator):
        pytest.skip("pyphen's own object is in use (nonstandard patterns)")
    hyphenator = syllables._Hyphenator(data.patterns, data.maxlen)
    hyphenator.plain_calls = 2
    results = [hyphenator.positions(w) for w in HYPHENATION_WORDS]
    assert hyphenator._trie is not None
    assert results == [reference.positions(w) for w in HYPHENATION_WORDS]


def test_trie_skipped_for_patterns_starting_before_their_key() -> None:
    hyphenator = syllables._Hyphenator({"ab": (-1, (1,))}, 2)
    hyphenator.plain_calls = 0
    hyphenator.positions("abab")
    assert hyphenator._trie is None


# --- CMUdict groups ---------------------------------------------------------------------


def test_groups_hold_the_same_counts() -> None:
    table = syllables.load_cmudict()
    shards = syllables._build_shards(table)
    assert shards is not None
    rebuilt: dict[str, int] = {}
    for shard in shards.values():
        rebuilt.update(syllables._split_group(shard))
    assert rebuilt == table
    assert syllables._valid_shards(shards)
    assert not syllables._valid_shards({str(i): "old format" for i in range(200)})


def test_groups_refuse_counts_over_a_byte() -> None:
    assert syllables._build_shards({"word": 300}) is None
