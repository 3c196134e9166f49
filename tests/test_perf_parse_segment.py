"""The fast scans in ``postlint.segment`` give exactly what the plain regexes they replace give.

``split_sentences`` no longer runs its boundary regex over every character: it jumps to
terminators and newlines and steps back to the token's start (see ``segment._STOP_RE``).
The original regex and loop are kept here as the reference, and both are run on tricky
hand-written cases and on many random strings built from the characters that matter
(terminators, closers, openers, CJK stops, every kind of space, abbreviations), with
ranges that start or end inside tokens.
"""

from __future__ import annotations

import random
import re

import pytest

from postlint.segment import (
    _ALPHA,
    _CJK_TERMS,
    _CLOSERS,
    _NEXT_RE,
    _RUN,
    WORD_RE,
    _bounds,
    _ends_after_period,
    _trim,
    split_sentences,
)

_REFERENCE_BOUNDARY_RE = re.compile(
    r"(?P<blank>\n[^\S\n]*\n)"
    rf"|[{_CJK_TERMS}]+[{_CLOSERS}]*"
    rf"|(?<![^\s{_CJK_TERMS}])(?P<prev>[^\s{_CJK_TERMS}]*?)"
    rf"(?<![.?!\u2026\u203c\u2047-\u2049])(?P<punct>[.?!\u2026\u203c\u2047-\u2049]+)[{_CLOSERS}]*(?=\s|\Z)"
)


def _reference_is_boundary(text: str, m: re.Match[str], end: int) -> bool:
    nxt = _NEXT_RE.match(text, m.end(), end)
    assert nxt is not None
    if nxt.end() >= end and not nxt["word"]:
        return True
    word = nxt["word"]
    if word and word[0].islower():
        return False
    if m["punct"] != ".":
        return True
    return _ends_after_period(m["prev"], word)


def reference_split_sentences(
    text: str, start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """``split_sentences`` as it was: one ``finditer`` of the boundary regex."""
    start, end = _bounds(text, start, end)
    spans: list[tuple[int, int]] = []
    sent_start = start
    for m in _REFERENCE_BOUNDARY_RE.finditer(text, start, end):
        if m["blank"] is not None:
            cut, resume = m.start(), m.end()
        elif m["punct"] is None or _reference_is_boundary(text, m, end):
            cut = resume = m.end()
        else:
            continue
        span = _trim(text, sent_start, cut)
        if span is not None:
            spans.append(span)
        sent_start = resume
    span = _trim(text, sent_start, end)
    if span is not None:
        spans.append(span)
    return spans


TRICKY = [
    "",
    ".",
    "...",
    "Hi. Yo.",
    "a.b. C",
    'He said "Stop." Then left.',
    'Ends with closers.") Next one.',
    "Wait... what? Yes!",
    "Mr. Smith. Dr. Who? No. 5 is here. Jan. 12 it was.",
    "U.S. Army. e.g. Vale. A. A. Milne wrote. Henry I. The king.",
    "\u4f60\u597d\u3002\u300d\u300dfoo. Bar.",  # closers eaten by a CJK stop, then a token
    "\u4f60\u597d\u3002foo. Bar.",  # a token right after a CJK stop
    "one\n\ntwo\n \r\nthree.\n\n\n",
    "tab\tend.\u2028Next\u3000one.\xa0Next!",
    "x.\x1cY. z.\x0bW.",
    "\u203c\u2047 \u2049. A\u2026 B\u2026",
    'a.... B ..x. .."). "." C',
    "(See Fig. 3.) Then. [Done.] {Done.}",
    "\u00bfQu\u00e9? \u00a1S\u00ed! \u00abNo.\u00bb Fin.",
]


@pytest.mark.parametrize("text", TRICKY)
def test_sentences_match_the_reference_on_tricky_text(text):
    for start in range(len(text) + 2):
        for end in (None, len(text), len(text) - 1, start + 3, start):
            assert split_sentences(text, start, end) == reference_split_sentences(
                text, start, end
            ), (text, start, end)


_PIECES = list(
    "aA1 .?!\u2026\u203c\u2047\u2048\u2049\"'\u201d\u2019\u00bb\u203a)]}\u300d\u300f\uff09"
    "\u3011\u3009\u300b\u201c\u2018\u00ab\u2039([{\u00bf\u00a1\u300c\u300e\uff08\u3010"
    "\u3002\uff01\uff1f\uff61\n\n\t\r\x0b\x1c\u2028\u3000\xa0\u00e9_-,"
) + ["Mr", "e.g", "U.S", "the", "The", "No", "5", "Inc", "J", "a.m", "\u4f60"]


@pytest.mark.parametrize("seed", range(4))
def test_sentences_match_the_reference_on_random_text(seed):
    rnd = random.Random(seed)
    for _ in range(5000):
        text = "".join(rnd.choice(_PIECES) for _ in range(rnd.randint(0, 40)))
        start = rnd.randint(-2, len(text) + 2)
        end = rnd.choice([None, rnd.randint(-1, len(text) + 3)])
        assert split_sentences(text, start, end) == reference_split_sentences(text, start, end), (
            text,
            start,
            end,
        )


# --- words: WORD_RE opens with a character set; the original opened with look-behinds ------

_REFERENCE_WORD_RE = re.compile(
    rf"(?<![^\W_])(?<!{_ALPHA}\.){_ALPHA}(?:\.{_ALPHA})+\.?(?![^\W_])"
    rf"|{_RUN}(?:(?:['\u2019\u02bc\-\u2010\u2011]|(?<=\d)[.,](?=\d)){_RUN})*"
)

_WORD_PIECES = list(
    "aZ9 .,'\u2019\u02bc-\u2010\u2011_\u00e9\u0301\u0915\u093f\u200d\u732b\u3042\n\t"
) + ["U.S.", "e.g.", "3.14", "1,000", "don't", "well-known", "A.", "x.y", "_a"]
# ASCII runs that go on in other letters or marks (WORD_RE reads the ASCII part first).
_WORD_PIECES += ["Zé", "a\u0301b", "9\u0915", "x\u732b", "\u0130a", "1.", ",5", "'s"]


def _same_words(text: str, pos: int, endpos: int) -> None:
    def spans(pattern):
        return [m.span() for m in pattern.finditer(text, pos, endpos)]

    assert spans(WORD_RE) == spans(_REFERENCE_WORD_RE), (text, pos, endpos)
    assert WORD_RE.findall(text) == _REFERENCE_WORD_RE.findall(text), text
    for i in range(len(text) + 1):  # match, fullmatch and search at every position
        for method in ("match", "fullmatch", "search"):
            new = getattr(WORD_RE, method)(text, i)
            old = getattr(_REFERENCE_WORD_RE, method)(text, i)
            assert (new and new.span()) == (old and old.span()), (text, i, method)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "U.S. e.g. A.B",
        "x.U.S.",
        "3.14 and 1,000",
        "don't well-known",
        "_a a_ 9_",
        "e\u0301t\u00e9",
    ],
)
def test_words_match_the_reference_on_tricky_text(text):
    for pos in range(len(text) + 1):
        _same_words(text, pos, len(text))
        _same_words(text, 0, pos)


@pytest.mark.parametrize("seed", range(3))
def test_words_match_the_reference_on_random_text(seed):
    rnd = random.Random(seed)
    for _ in range(1500):
        text = "".join(rnd.choice(_WORD_PIECES) for _ in range(rnd.randint(0, 16)))
        pos = rnd.randint(0, len(text))
        _same_words(text, pos, rnd.randint(pos, len(text)))
