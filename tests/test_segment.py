"""Tests for postlint.segment: sentence spans, word spans and CJK counts on a prose view."""

from __future__ import annotations

import re
import time

import pytest

from postlint.segment import WORD_RE, count_cjk, split_sentences, word_spans


def sentences(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """Split and check the span invariants, so every case also checks offsets."""
    spans = split_sentences(text, start, end)
    check_spans(text, spans, start, len(text) if end is None else end)
    return [text[s:e] for s, e in spans]


def check_spans(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    """Spans are in range, non-empty, trimmed, strictly increasing and non-overlapping."""
    prev_end = start
    for s, e in spans:
        assert prev_end <= s < e <= end
        assert not text[s].isspace() and not text[e - 1].isspace()
        prev_end = e


def words(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """Return the word texts, checking that spans are ordered and inside the range."""
    spans = word_spans(text, start, end)
    assert spans == sorted(spans)
    return [text[s:e] for s, e in spans]


# --- sentences: (text, expected sentence texts) -------------------------------------------

CASES = [
    ("plain", "One. Two? Three!", ["One.", "Two?", "Three!"]),
    ("no terminator at end", "First one. And the last", ["First one.", "And the last"]),
    ("titles", "Mr. Smith met Mrs. Jones and Dr. Who.", ["Mr. Smith met Mrs. Jones and Dr. Who."]),
    (
        "prof and st",
        "Prof. Lee lives on St. James Street. He walks.",
        ["Prof. Lee lives on St. James Street.", "He walks."],
    ),
    (
        "company abbreviations",
        "Acme Inc. CEO Jo spoke. Widgets Ltd. and Foo Corp. agreed.",
        ["Acme Inc. CEO Jo spoke.", "Widgets Ltd. and Foo Corp. agreed."],
    ),
    ("vs", "It was Alice vs. Bob. Bob won.", ["It was Alice vs. Bob.", "Bob won."]),
    (
        "e.g. and i.e.",
        "Use a tool, e.g. Vale. Or not, i.e. None.",
        ["Use a tool, e.g. Vale.", "Or not, i.e. None."],
    ),
    (
        "U.S. before a noun",
        "The U.S. Army is large. It moves.",
        ["The U.S. Army is large.", "It moves."],
    ),
    (
        "U.S. at sentence end",
        "She moved to the U.S. The weather was good.",
        ["She moved to the U.S.", "The weather was good."],
    ),
    ("U.K. lowercase follows", "The U.K. economy grew.", ["The U.K. economy grew."]),
    (
        "a.m. p.m.",
        "We met at 9 a.m. and left at 5 p.m. The day was long.",
        ["We met at 9 a.m. and left at 5 p.m.", "The day was long."],
    ),
    (
        "months",
        "On Jan. 5 and Feb. 12 we shipped. Done.",
        ["On Jan. 5 and Feb. 12 we shipped.", "Done."],
    ),
    (
        "No. and Fig.",
        "See No. 5 and Fig. 3 for details. Then stop.",
        ["See No. 5 and Fig. 3 for details.", "Then stop."],
    ),
    ("approx", "It costs approx. 30 dollars. Cheap.", ["It costs approx. 30 dollars.", "Cheap."]),
    (
        "initials",
        "J. R. R. Tolkien wrote it. A. A. Milne did not.",
        ["J. R. R. Tolkien wrote it.", "A. A. Milne did not."],
    ),
    (
        "initial in a name",
        "George W. Bush spoke. Then he left.",
        ["George W. Bush spoke.", "Then he left."],
    ),
    (
        "decimals",
        "Pi is 3.14 roughly. It is 2.5 times more.",
        ["Pi is 3.14 roughly.", "It is 2.5 times more."],
    ),
    (
        "versions",
        "Upgrade to v1.2.3 now. Python 3.11. Next is 3.12.",
        ["Upgrade to v1.2.3 now.", "Python 3.11.", "Next is 3.12."],
    ),
    (
        "number ends sentence",
        "Sales rose in 2020. 2021 was worse.",
        ["Sales rose in 2020.", "2021 was worse."],
    ),
    ("ellipsis lowercase", "Wait... what? Yes.", ["Wait... what?", "Yes."]),
    ("ellipsis capital", "He paused... Then he spoke.", ["He paused...", "Then he spoke."]),
    (
        "unicode ellipsis",
        "Well\u2026 maybe. Well\u2026 Maybe.",
        ["Well\u2026 maybe.", "Well\u2026", "Maybe."],
    ),
    ("closing quote", 'He said "I left." Then she came.', ['He said "I left."', "Then she came."]),
    (
        "closing bracket",
        "It works (see above.) Next we test.",
        ["It works (see above.)", "Next we test."],
    ),
    ("quote then lowercase", '"Stop!" he said. "Now."', ['"Stop!" he said.', '"Now."']),
    ("interrobang", "Really?! Yes!! Why?", ["Really?!", "Yes!!", "Why?"]),
    ("question lowercase", "Tea? coffee? Either works.", ["Tea? coffee?", "Either works."]),
    (
        "typographic quotes",
        "\u201cReally?\u201d she asked. \u2018Yes.\u2019 He nodded.",
        ["\u201cReally?\u201d she asked.", "\u2018Yes.\u2019", "He nodded."],
    ),
    (
        "lowercase after period",
        "The file ends in .txt. and then more.",
        ["The file ends in .txt. and then more."],
    ),
    ("etc. before lowercase", "Apples, pears, etc. are fruit.", ["Apples, pears, etc. are fruit."]),
    (
        "etc. before capital splits",
        "Apples, pears, etc. The end.",
        ["Apples, pears, etc.", "The end."],
    ),
    (
        "etc. in brackets",
        "Fruit (apples, etc.) is good. Eat it.",
        ["Fruit (apples, etc.) is good.", "Eat it."],
    ),
    (
        "single newline",
        "This sentence\ncontinues here. Next.",
        ["This sentence\ncontinues here.", "Next."],
    ),
    ("blank line", "A heading\n\nThe body text. More", ["A heading", "The body text.", "More"]),
    ("blank line with spaces", "Line one\n   \t \nLine two", ["Line one", "Line two"]),
    (
        "blanked link",
        "See    the docs  for details.   Then go.",
        ["See    the docs  for details.", "Then go."],
    ),
    (
        "blanked url runs",
        "Read                              . Now",
        ["Read                              .", "Now"],
    ),
    ("crlf single", "One line\r\ncontinues. Two.", ["One line\r\ncontinues.", "Two."]),
    ("crlf blank", "Title\r\n\r\nBody one. Body two.\r\n", ["Title", "Body one.", "Body two."]),
    ("cjk", "我喜欢猫。你呢？好！", ["我喜欢猫。", "你呢？", "好！"]),
    ("cjk quotes", "他说：「走吧。」然后走了。", ["他说：「走吧。」", "然后走了。"]),
    ("japanese", "今日は晴れです。明日は雨！", ["今日は晴れです。", "明日は雨！"]),
    ("mixed cjk and latin", "I like 猫。 Me too.", ["I like 猫。", "Me too."]),
    (
        "emoji",
        "Great job \U0001f389. Next one! \U0001f44d Done.",
        ["Great job \U0001f389.", "Next one!", "\U0001f44d Done."],
    ),
    ("empty", "", []),
    ("only whitespace", "   \n \n  ", []),
    ("only punctuation", "...", ["..."]),
    (
        "inc before a starter",
        "She joined Acme Inc. The firm grew.",
        ["She joined Acme Inc.", "The firm grew."],
    ),
    ("roe v. wade", "See Roe v. Wade. It matters.", ["See Roe v. Wade.", "It matters."]),
    (
        "opening quote before capital",
        'He stopped. "Why?" she asked.',
        ["He stopped.", '"Why?" she asked.'],
    ),
    (
        "hyphenated and numbers",
        "A 1,000-word post. It is 3.5 min.",
        ["A 1,000-word post.", "It is 3.5 min."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_exact_offsets_with_blanked_runs() -> None:
    text = "Intro.    See    the  docs.\n\nNext   "
    assert split_sentences(text) == [(0, 6), (10, 27), (29, 33)]


def test_offsets_in_a_subrange() -> None:
    text = "XX First one. Second one! YY"
    spans = split_sentences(text, 3, 25)
    assert [text[s:e] for s, e in spans] == ["First one.", "Second one!"]
    assert spans == [(3, 13), (14, 25)]


def test_range_end_cuts_lookahead() -> None:
    # The range ends right after the period: it is the end of the range, so it splits there.
    text = "Mr. Smith. tail"
    assert sentences(text, 0, 10) == ["Mr. Smith."]


def test_spans_trimmed_and_increasing() -> None:
    text = "  \n One.   Two?  \n\n  \r\n Three!  (Four.)   five  "
    spans = split_sentences(text)
    check_spans(text, spans, 0, len(text))
    assert [text[s:e] for s, e in spans] == ["One.", "Two?", "Three!", "(Four.)   five"]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_range_is_clamped() -> None:
    assert split_sentences("Hi. Yo.", 0, 100) == [(0, 3), (4, 7)]
    assert split_sentences("Hi. Yo.", 5, 2) == []


def test_no_split_inside_blanked_paragraph_lines() -> None:
    # A blanked code block keeps its newlines: lines of spaces are blank lines.
    text = "Before the code.\n          \n          \nAfter it."
    assert sentences(text) == ["Before the code.", "After it."]


# --- words --------------------------------------------------------------------------------

WORD_CASES = [
    ("plain", "The quick fox", ["The", "quick", "fox"]),
    (
        "apostrophes",
        "don't rock\u2019n\u2019roll students' 'quoted'",
        ["don't", "rock\u2019n\u2019roll", "students", "quoted"],
    ),
    ("hyphens", "well-known co-op -dash- a--b", ["well-known", "co-op", "dash", "a", "b"]),
    (
        "numbers",
        "3.5 1,000 1,000.50 v1.2.3 3. 5,",
        ["3.5", "1,000", "1,000.50", "v1.2.3", "3", "5"],
    ),
    (
        "abbreviations",
        "the U.S. e.g. i.e. a.m. Ph.D.",
        ["the", "U.S.", "e.g.", "i.e.", "a.m.", "Ph", "D"],
    ),
    ("sentence period not in word", "end. Next", ["end", "Next"]),
    ("accents", "caf\u00e9 nai\u0308ve na\u00efve", ["caf\u00e9", "nai\u0308ve", "na\u00efve"]),
    (
        "devanagari",
        "\u0939\u093f\u0928\u094d\u0926\u0940 text",
        ["\u0939\u093f\u0928\u094d\u0926\u0940", "text"],
    ),
    (
        "cjk excluded",
        "I like \u732b and \u3072\u3089\u304c\u306a \ud55c\uad6d",
        ["I", "like", "and"],
    ),
    ("underscore and emoji split", "snake_case \U0001f600 ok", ["snake", "case", "ok"]),
    ("blanked runs", "See     the   docs", ["See", "the", "docs"]),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in WORD_CASES], ids=[c[0] for c in WORD_CASES]
)
def test_words(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_word_offsets_and_range() -> None:
    text = "ab  cd-ef  gh"
    assert word_spans(text) == [(0, 2), (4, 9), (11, 13)]
    assert word_spans(text, 3, 10) == [(4, 9)]


def test_word_re_is_exported_and_compiled() -> None:
    assert WORD_RE.fullmatch("it's") is not None
    assert WORD_RE.fullmatch("\u732b") is None


# --- CJK ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 0),
        ("plain English", 0),
        ("\u6211\u559c\u6b22\u732b\u3002", 4),  # the full stop is not counted
        ("\u3072\u3089\u304c\u306a\u30ab\u30bf\u30ab\u30ca", 8),
        ("\ud55c\uad6d\uc5b4 text", 3),
        ("\u30e9\u30fc\u30e1\u30f3\u30fb\u5c4b", 5),  # katakana middle dot is punctuation
        ("\U00020000 ext B", 1),
    ],
)
def test_count_cjk(text: str, count: int) -> None:
    assert count_cjk(text) == count


def test_count_cjk_range() -> None:
    text = "ab\u6211\u559ccd\u732b"
    assert count_cjk(text, 0, 4) == 2
    assert count_cjk(text, 4) == 1


# --- robustness ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["." * 50_000 + "x", "a." * 50_000 + "ab", " " * 100_000 + "x.", '."' * 30_000 + "x"],
    ids=["dots", "letter-dots", "spaces", "dot-quotes"],
)
def test_pathological_input_stays_linear(text: str) -> None:
    began = time.perf_counter()
    split_sentences(text)
    word_spans(text)
    assert time.perf_counter() - began < 2.0


# --- candidate scans used by the content kinds -----------------------------------------

from postlint.segment import StartsAtBoundary, WordPhrases, literal_prefix  # noqa: E402

_SCAN_TEXT = (
    "Save 20% today! Savings are saved; SAVE up to 30% off. İstanbul unsaved.\n"
    "Check out our checkout, then CHECK  OUT the docs. Sign up today, signup now.\n"
)


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?i)\bsave (?:up to )?\d+\s?% off\b",
        r"(?i)\bsave\w*",
        r"\bSave\b",
        r"(?i)\bsign ?up\b",
        r"(?i)\bcheck\s+out\b|\bsign up\b",
        r"(?i)\bsa*ve",
        r"(?i)\bsav[ei]",
    ],
)
def test_starts_at_boundary_matches_exactly_like_re(pattern):
    fast = StartsAtBoundary(pattern)
    slow = re.compile(pattern)
    assert [m.span() for m in fast.finditer(_SCAN_TEXT)] == [
        m.span() for m in slow.finditer(_SCAN_TEXT)
    ]
    assert [m.span() for m in fast.finditer(_SCAN_TEXT, 20, 120)] == [
        m.span() for m in slow.finditer(_SCAN_TEXT, 20, 120)
    ]


@pytest.mark.parametrize(
    ("body", "prefix"),
    [
        ("save (?:up to)?", "save "),
        ("sa*ve", "s"),
        ("ab+c", "ab"),
        (r"\d+", ""),
        ("a|b", ""),
        ("x?y", ""),
    ],
)
def test_literal_prefix_is_what_every_match_starts_with(body, prefix):
    assert literal_prefix(body) == prefix


def test_word_phrases_match_like_the_whole_word_regex():
    phrases = ["check out", "checkout", "sign up", "save"]
    fast = WordPhrases(phrases)
    slow = re.compile(fast.pattern, re.IGNORECASE)
    assert [m.span() for m in fast.finditer(_SCAN_TEXT)] == [
        m.span() for m in slow.finditer(_SCAN_TEXT)
    ]
