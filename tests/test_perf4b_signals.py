"""Round 4b of the headline detectors' speed work: the fast paths give the plain answers.

``WordStartScan.spans`` tries at a shared start only the matchers that have a phrase
opening with the character there (``_matchers_by_first_letter``); each matcher's
spans must stay those of its own scan (``_word_start_spans``), whatever the texts
and however the matchers share first letters.
"""

from __future__ import annotations

import random

from postlint.promo_signals import (
    PhraseMatcher,
    WordStartScan,
    _matchers_by_first_letter,
    _word_start_spans,
)

_LISTS = [
    (["our", "own", "my"], []),
    (["our store", "check out", "checkout", "2x faster", "_private"], [r"(?i)\bsave \d+%"]),
    ([], [r"#1\b"]),  # regexes only: no word-start trie
    (["über deal", "ßpecial", "office", "of course"], []),
    (["out", "o"], []),
]

_TEXTS = [
    "",
    "our",
    "o",
    "our store, check   out OUR STORE; checkout 2x faster _private my own",
    "x_our xour 9our our_ éour our\u0301 of course office ofﬁce",
    "über deal ßpecial strasse: über\ndeal, o o out ou",
    "istanbul our\tstore #1 save 20% at our store",
    "ends with our",
]


def _matchers() -> list[PhraseMatcher]:
    return [PhraseMatcher(tokens, patterns) for tokens, patterns in _LISTS]


def test_matchers_by_first_letter_lists_each_matcher_under_its_phrases_first_letters():
    assert _matchers_by_first_letter(_matchers()) == {
        "o": (0, 1, 3, 4),
        "m": (0,),
        "c": (1,),
        "2": (1,),
        "_": (1,),
        "ü": (3,),
        "ß": (3,),
    }


def _assert_same_as_alone(scan: WordStartScan, matchers: list[PhraseMatcher], low: str) -> None:
    for matcher, found in zip(matchers, scan.spans(low), strict=True):
        alone = _word_start_spans(matcher.word_start, low) if matcher.word_start else []
        assert found == alone, low


def test_word_start_scan_equals_each_matchers_own_scan_on_tricky_texts():
    matchers = _matchers()
    scan = WordStartScan(matchers)
    for text in _TEXTS:
        _assert_same_as_alone(scan, matchers, text.lower())


def test_word_start_scan_equals_each_matchers_own_scan_on_random_texts():
    matchers = _matchers()
    scan = WordStartScan(matchers)
    rng = random.Random(4)
    pieces = ["our", "out", "o", " ", "\n", "store", "check", "x", "_", "2x", "über", "ß", "#1"]
    for _ in range(300):
        low = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        _assert_same_as_alone(scan, matchers, low)
