"""Round-4 speed work on readability counts: the faster paths give the same counts."""

from __future__ import annotations

import pytest

from postlint import readability, syllables

TRICKY = ["", "a", "The", "THE", "readability", "İstanbul", "straße", "ffmpeg's", "12738", "x_y"]


@pytest.mark.parametrize("word", TRICKY)
def test_syllables_of_equals_count_syllables(word: str) -> None:
    assert syllables.syllables_of(word) == syllables.count_syllables(word)


def test_word_rows_do_not_fill_the_count_syllables_memo() -> None:
    """readability memoises words itself (``_WordRows``); a second memo only costs."""
    syllables.count_syllables.cache_clear()
    readability._WORD_ROWS.clear()
    readability._ROWS.clear()
    counts = readability.count_plain_text("Unmemoised zorbulating words, again.")
    assert counts.words == 4
    assert syllables.count_syllables.cache_info().currsize == 0
