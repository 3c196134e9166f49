"""The infix prefilter finds exactly what the plain ``regex`` scan finds.

``infix_prefilter`` serves patterns that can start almost anywhere but must reach a
selective string later on (``\\w[\\w-]*\\s+\\(([A-Z]{3,5})``: any word, then "(" and
three capitals). These tests pin down when it applies, and that matches, positions
and groups never change: matches at the start and end of the text, look-behinds
opening the pattern, heads that cross lines, non-ASCII text, case folding that
changes length, and random patterns.
"""

from __future__ import annotations

import random

import pytest
import regex

from postlint.kinds.patterns import (
    Alternatives,
    InfixPrefilter,
    Prefilter,
    UserPattern,
    infix_prefilter,
)

V0, IC = regex.VERSION0, regex.IGNORECASE
SECOND = r"\w[\w-]*\s+\(([A-Z]{3,5})s?\)|\b([A-Z]{3,5})s?\s+\([A-Za-z][\w -]+\)"


def spans(found) -> list:
    return [(m.span(), m.groups()) for m in found]


def assert_same(pattern: str, ignorecase: bool, text: str) -> None:
    compiled = regex.compile(pattern, V0 | (IC if ignorecase else 0))
    user = UserPattern(pattern, ignorecase)
    n = len(text)
    for pos, endpos in [(0, None), (1, None), (0, n - 1), (2, n - 2), (n // 2, None)]:
        if 0 <= pos <= (n if endpos is None else endpos):
            expected = spans(compiled.finditer(text, pos, endpos))
            got = spans(user.finditer(text, pos, endpos))
            assert got == expected, (pattern, ignorecase, text, pos, endpos)


def test_the_acronym_definition_branch_gets_an_infix_prefilter():
    pattern = UserPattern(SECOND)
    assert isinstance(pattern.prefilter, Alternatives)
    infix, leading = pattern.prefilter.branches
    assert isinstance(infix, InfixPrefilter) and isinstance(leading, Prefilter)
    assert infix.suffix.candidates.pattern == r"\(" + "[ABCDEFGHIJKLMNOPQRSTUVWXYZ]" * 3
    text = "A Content Delivery Network (CDN) and DNS (domain name system), ABCs (x) (CDN)."
    assert [m.groups() for m in pattern.finditer(text)] == [("CDN", None), (None, "DNS")]
    assert_same(SECOND, False, text)


@pytest.mark.parametrize(
    "pattern",
    [
        r"\w+\(ABC",
        r"(?<=x)\w+\(ABC",  # a look-behind opening the pattern is passed over
        r"\b\w+\s*(?:ABC|DEF)",
        r"\w+ (?i:abc)",  # a case-insensitive suffix scans the lower-cased copy
        r"(?i)\w+\(ABC",  # \w and \s are the same sets ignoring case: no flag on them
    ],
)
def test_shapes_that_get_an_infix_prefilter(pattern):
    assert isinstance(infix_prefilter(pattern, V0), InfixPrefilter)
    assert isinstance(UserPattern(pattern).prefilter, InfixPrefilter)


def test_a_string_in_the_head():
    # A leading prefilter ("a" or "c") comes first in ``UserPattern``; the infix one exists.
    assert isinstance(infix_prefilter(r"(?:ab|c)+ XYZ", V0), InfixPrefilter)


@pytest.mark.parametrize(
    "pattern, flags",
    [
        (r".+\(ABC", 0),  # "." is not read as a set of characters
        (r"(\w)\1\(ABC", 0),  # nor a backreference
        (r"[a-z]+\(ABC", IC),  # a case-insensitive head: ``matches`` ignores case
        (r"\p{Lu}+\(ABC", IC),
        (r"(?a)\w+\(ABC", 0),  # ASCII-only \w: ``matches`` would answer for Unicode
        (r"(?a:\w)+\(ABC", 0),
        (r"(?i:ab)+\(ABC", 0),
        (r"\w+\w*", 0),  # no selective suffix
        (r"\w+(?:x|\s*)", 0),  # a suffix that may match nothing
        (r"abc|\w+\(ABC", 0),  # not a sequence (the alternation is split instead)
    ],
)
def test_patterns_without_an_infix_prefilter(pattern, flags):
    assert infix_prefilter(pattern, V0 | flags) is None


@pytest.mark.parametrize(
    "pattern, text",
    [
        (r"\w[\w-]*\s+\(([A-Z]{3,5})s?\)", "Word (ABC)"),  # a match at the start of the text
        (r"\w[\w-]*\s+\(([A-Z]{3,5})s?\)", "x. Multi-word\n\n  (ABCD)"),  # heads cross lines
        (r"\w[\w-]*\s+\(([A-Z]{3,5})s?\)", "end of text (ABC"),  # no match at the very end
        (r"\w[\w-]*\s+\(([A-Z]{3,5})s?\)", "- (ABC) a -b (ABC) é (ÀBC) Ünï (ABCs)"),
        (r"\w[\w-]*\s+\(([A-Z]{3,5})s?\)", "a (ABC) (DEF) b (ABC)(ABC)"),
        (r"(?<=x)\w+\(ABC", "x(ABC xab(ABC ab(ABC xa(ABC"),
        (r"(?<!a)b+ ABC", "ab ABC bb ABC abb ABC b ABC"),
        (r"\w+ (?i:abc)", "İstanbul ABC ſab ABC Kelvin abc"),  # lower() changes length
        (r"\w+ (?i:abc)", "ſab ABC Kelvin \u212abc x abc"),
        (r"[a-c]+\s+(?:XY|Z)", "ab\tXY abc Z cab\nZ d Z"),
    ],
)
def test_infix_scans_match_the_plain_scan(pattern, text):
    assert_same(pattern, False, text)
    assert_same(pattern, True, text)


def test_random_infix_patterns_match_the_plain_scan():
    rng = random.Random(61)
    heads = ["a", "\\w", "[ab]", "[a-c-]", "\\s", " ", "é", "(?<=a)", "\\b", "(?:ab|b)", "[^x]"]
    repeats = ["{}", "{}+", "{}*", "{}?", "{}{{1,2}}", "(?:{})+?"]
    suffixes = ["XY", "(?:X|YZ)", "X[YZ]", "(?i:x)y", "X+", "\\(X", "X(?=Y)"]
    alphabet = "aabbc  -éxXYZ(\n\u212aİ"
    for _ in range(300):
        head = "".join(rng.choice(repeats).format(rng.choice(heads)) for _ in range(3))
        pattern = head + rng.choice(suffixes)
        ignorecase = rng.random() < 0.3
        for _ in range(6):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
            assert_same(pattern, ignorecase, text)


def test_no_character_lower_cases_to_a_hyphen():
    # ``_hyphenated`` finds hyphenated words from the hyphens of the prose.
    assert [c for c in range(0x110000) if "-" in chr(c).lower() and c != 0x2D] == []


@pytest.mark.parametrize(
    "text",
    [
        "well-known -lead trail- a - b x--y",
        "-start and end-",
        "Ünï-Code İ-x ſ-k co-op's re-re-run",
        "no hyphens at all",
        "",
    ],
)
def test_hyphenated_words_are_the_words_holding_a_hyphen(text):
    from postlint.document import parse
    from postlint.kinds.patterns import _hyphenated

    doc = parse(text, "x.txt")
    expected = [(doc.words[i], w) for i, w in enumerate(doc.lower_words) if "-" in w]
    assert _hyphenated(doc) == expected


def test_token_phrases_are_found_after_their_second_word_gate():
    from postlint.document import parse
    from postlint.kinds.patterns import TokenMatcher

    matcher = TokenMatcher(["at the end of the day", "the", "the end", "I think", "I"], True)
    doc = parse("At the end of the day I think the end. The I", "x.txt")
    found = [doc.source[s:e] for s, e in matcher.spans(doc)]
    assert found == ["At the end of the day", "I think", "the end", "The", "I"]


@pytest.mark.parametrize(
    "pattern, ignorecase, strings",
    [
        (r"\b(?i:low[- ]hanging fruit)\b", False, ["low"]),  # cut short at "[- ]"
        (r"(?:kind|sort) of\b", True, ["kind of", "sort of"]),
        (r"ab[cd]", False, ["abc", "abd"]),  # a choice before three characters is spelled
        (r"(?:ab|abc|x)y", False, ["aby", "abcy", "xy"]),
        (r"(?:a|ab)[xy]", False, ["abx", "aby", "ax", "ay"]),
        (r"(?:abcd|ab)", False, ["ab"]),  # "abcd" extends "ab": dropped
        (r"[A-Z]{3}", False, None),  # too many strings: the trie regex
    ],
)
def test_candidates_spelled_out_for_str_find(pattern, ignorecase, strings):
    flags = V0 | (IC if ignorecase else 0)
    prefilter = UserPattern(pattern, ignorecase).prefilter
    assert isinstance(prefilter, Prefilter), flags
    assert prefilter.strings == (None if strings is None else sorted(strings))


def test_the_string_finder_is_never_past_the_trie_search():
    from postlint.kinds.patterns import _string_finder

    rng = random.Random(62)
    prefilter = UserPattern(r"(?:low[- ]h|kind of|ab[cd])").prefilter
    search = prefilter.candidates.search
    for _ in range(200):
        text = "".join(
            rng.choice(["low", "-", " ", "h", "kind of", "ab", "c", "x"]) for _ in range(20)
        )
        finder = _string_finder(prefilter.strings, text)
        # Asked in increasing and then random order, with varying ends (the cache must follow).
        asks = sorted(rng.randrange(len(text) + 1) for _ in range(8))
        asks += [rng.randrange(len(text) + 1) for _ in range(8)]
        for pos in asks:
            end = rng.choice([len(text), rng.randrange(pos, len(text) + 1)])
            got = finder(pos, end)
            first = search(text, pos, end)
            if first is None:
                assert got is None or any(text.startswith(s, got, end) for s in prefilter.strings)
            else:
                assert got is not None and pos <= got <= first.start()
                assert any(text.startswith(s, got, end) for s in prefilter.strings)
