"""Session 3 speed-ups of segmentation, readability counts and read time: each fast path
against the plain computation it replaces, including the traps."""

from __future__ import annotations

import re
import sys

import pytest

from postlint import readtime, segment
from postlint.document import parse


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
