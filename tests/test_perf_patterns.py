"""The user-pattern prefilter finds exactly what the plain ``regex`` scan finds.

``UserPattern`` runs a rule author's regex only where the prefilter's candidate
strings occur (``leading_prefilter``). These tests pin down that the matches, their
positions and groups never change, on tricky patterns and texts and on random ones,
and that the prefilter exists for the shapes of the shipped rules (so a change in
the ``regex`` module's internals that silently disables it is noticed).
"""

from __future__ import annotations

import random

import pytest
import regex

from postlint.kinds.patterns import (
    RegexTimeout,
    UserPattern,
    leading_prefilter,
    regex_time_limit,
)

V0, IC = regex.VERSION0, regex.IGNORECASE
CAPITAL = "[ABCDEFGHIJKLMNOPQRSTUVWXYZ]"


def plain(pattern: str, ignorecase: bool, text: str, pos: int = 0, endpos: int | None = None):
    flags = V0 | (IC if ignorecase else 0)
    found = regex.compile(pattern, flags).finditer(text, pos, endpos)
    return [(m.span(), m.groups(), m.groupdict()) for m in found]


def prefiltered(pattern: str, ignorecase: bool, text: str, pos: int = 0, endpos=None):
    found = UserPattern(pattern, ignorecase).finditer(text, pos, endpos)
    return [(m.span(), m.groups(), m.groupdict()) for m in found]


def assert_same(pattern: str, ignorecase: bool, text: str) -> None:
    for pos, endpos in [(0, None), (1, None), (0, len(text) - 1), (2, len(text) - 2)]:
        if 0 <= pos <= (len(text) if endpos is None else endpos):
            expected = plain(pattern, ignorecase, text, pos, endpos)
            assert prefiltered(pattern, ignorecase, text, pos, endpos) == expected, (
                pattern,
                text,
                pos,
                endpos,
            )


@pytest.mark.parametrize(
    "pattern, flags, candidates",
    [
        # The shapes of the shipped Style rules.
        (
            r"(?<!\w)(?:(?P<a0>(?:colo|humo)ur(?:s|ed)?)|(?P<b0>(?:colo|humo)r))(?!\w)",
            IC,
            "(?:colo(?:r|ur)|humo(?:r|ur))",
        ),
        (r"\b(?<![A-Z]\s)(?![IVXLCDM]+\b)([A-Z]{3,5})s?\b", 0, CAPITAL * 3),
        (
            r"(?:\b(?i:low[- ]hanging fruit)\b)|(?:\b(?i:game[- ]chang(?:er|ing))\b)",
            0,
            r"(?:game[\ \-]cha|low[\ \-]hang)",
        ),
        (r"(?:(?<=\bis )|(?<=\bI ))(?:kind|sort) of\b", IC, r"(?:kind\ of|sort\ of)"),
    ],
)
def test_the_shipped_rule_shapes_get_a_prefilter(pattern, flags, candidates):
    prefilter = leading_prefilter(pattern, V0 | flags)
    assert prefilter is not None
    assert prefilter.candidates.pattern == candidates


def test_the_candidates_are_the_leading_strings():
    assert leading_prefilter("ab(?:cd|e)f", V0).candidates.pattern == "ab(?:cdf|ef)"
    assert leading_prefilter("ab?c", V0).candidates.pattern == "a"
    assert leading_prefilter("(?i)ab+c", V0).candidates.pattern == "ab"
    assert leading_prefilter("(?i)ab+c", V0).lowered
    assert not leading_prefilter("[A-C]{2}x", V0).lowered
    assert leading_prefilter("[A-C]{2}x", V0).candidates.pattern == "[ABC][ABC]x"
    # A prefix that extends a shorter one adds nothing.
    assert leading_prefilter("col|colour", V0).candidates.pattern == "col"


@pytest.mark.parametrize(
    "pattern, flags",
    [
        (r"\w+", 0),  # any word character: nothing to search for
        (r"a|", 0),  # may match nothing
        (r"(?:a|b)*c", 0),  # may start with c, or a, or b: not read
        (r"x?", 0),
        (r"(?r)abc", 0),  # searches backwards
        (r"x\Gy", 0),  # \G depends on where the search started
        (r"a\Kb", 0),  # \K moves the match start
        (r"(?:abc){e<=1}", 0),  # fuzzy: any first character
        (r"(?b)(?:abc){e<=1}", 0),
        (r"(?f)(?i)strasse", 0),  # full case folding: "ß" matches "ss"
        (r"(?i)éte", 0),  # non-ASCII case-insensitive letters are not read
        ("\u03a3", 0),  # capital sigma lower-cases to σ or ς, by what surrounds it
        (r"İx", 0),  # lower-cases to two characters
        (r"(?(1)a|b)", 0),
        (r"(a)(?1)", 0),
        (r"[^a]bc", 0),
        (r".bc", 0),
        (r"\d\d", 0),
    ],
)
def test_patterns_the_analysis_cannot_prove_get_none(pattern, flags):
    assert leading_prefilter(pattern, V0 | flags) is None


TRICKY = [
    # (pattern, ignorecase, text)
    (r"(?i)kelvin", False, "\u212aelvin and Kelvin and KELVIN"),  # Kelvin sign lowers to k
    (r"s\w+", True, "\u017ftandard and Standard"),  # long s: a trap, plain scan
    (r"i\w", True, "\u0130stanbul \u0131t It it"),  # dotted and dotless i
    (r"\bis\b", True, "\u0130S is IS"),  # lower-casing changes the length
    (r"caf\u00e9", False, "Caf\u00e9 caf\u00e9 CAF\u00c9 cafe"),  # non-ASCII, case-sensitive
    (r"(?<=\bis )kind of", False, "is kind of, this kind of, is kind of"),  # look-behind
    (r"(?<=a)b", False, "abab"),  # the look-behind sees before pos
    (r"\bb\w*", False, "ab b bb"),  # \b sees before pos
    (r"ab(?=c)", False, "abc abc"),  # endpos cuts the look-ahead
    (r"(?i)aa?", False, "aAa aaa"),  # adjacent matches
    (r"ab(?:ab)*c", False, "abababc ababc abc"),  # overlapping candidates
    (r"[A-Z]{3,5}s?\b", False, "ABCDEFG ABCs AB ABCDE"),
    (
        r"\b(?<![A-Z]\s)(?![IVXLCDM]+\b)([A-Z]{3,5})s?\b(?!\s[A-Z]{2,}\b)",
        False,
        "CDN MIX XIV PLOS ONE CDNs",
    ),
    (r"(?:(?P<a>colou?r)|(?P<b>grey))s?", True, "Colours, GREY, colorS greyness"),
    (r"^ab", False, "ab ab"),  # ^ matches at the real start only
    (r"(?m)^ab", False, "ab\nab"),
    (r"ab$", False, "ab ab"),
    (r"end", False, "the end"),  # at the very end
    (r"(?i)\bx", False, "x"),
    (r"(?i)ǅ", False, "ǅ ǆ Ǆ"),  # non-ASCII case-insensitive: no prefilter
    ("(?i:a)\u03a3", False, "a\u03a3 a\u03a3a A\u03c3"),  # Σ lowers to ς at a word end
    (r"(a+)+b", False, "aaab aab"),
]


@pytest.mark.parametrize("pattern, ignorecase, text", TRICKY)
def test_prefiltered_scans_match_the_plain_scan(pattern, ignorecase, text):
    assert_same(pattern, ignorecase, text)


def test_random_patterns_and_texts_match_the_plain_scan():
    rng = random.Random(6)
    atoms = ["a", "b", "A", "ab", "[ab]", "[A-C]", "\\w", ".", "\\s", " ", "é", "ſ", "K"]
    wrappers = [
        "{}",
        "{}?",
        "{}+",
        "{}*",
        "(?:{})",
        "({})",
        "{}{{2}}",
        "{}{{1,3}}",
        "(?i:{})",
        "(?-i:{})",
        "\\b{}",
        "(?<!\\w){}",
        "(?<=a){}",
        "{}(?!\\w)",
        "(?>{})",
        "{}++",
    ]
    alphabet = "aabbAB  .éÉſsSkK\u212a\u0130ıi\nC"
    for _ in range(400):
        parts = []
        for _ in range(rng.randint(1, 4)):
            piece = rng.choice(wrappers).format(rng.choice(atoms))
            if rng.random() < 0.2:
                piece = f"(?:{piece}|{rng.choice(atoms)})"
            parts.append(piece)
        pattern = "".join(parts)
        if rng.random() < 0.2:
            pattern = pattern + "|" + rng.choice(atoms) + rng.choice(atoms)
        ignorecase = rng.random() < 0.5
        for _ in range(5):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
            assert_same(pattern, ignorecase, text)


def test_a_prefiltered_pattern_still_times_out():
    pattern = UserPattern(r"(a+)+$")
    assert pattern.prefilter is not None
    with regex_time_limit(0.05), pytest.raises(RegexTimeout):
        list(pattern.finditer("a" * 50_000 + "!\n"))


def word_index(doc) -> dict[str, list[int]]:
    """Lowercased word -> indices into ``doc.words`` (what ``Document`` used to build)."""
    index: dict[str, list[int]] = {}
    for i, w in enumerate(doc.lower_words):
        index.setdefault(w, []).append(i)
    return index


def part_index(doc) -> dict[str, list[tuple[int, int]]]:
    """Parts of hyphenated words ("well" and "known" in "well-known"), lowercased."""
    index: dict[str, list[tuple[int, int]]] = {}
    for (s, _e), w in zip(doc.words, doc.lower_words, strict=True):
        if "-" in w:
            pos = s
            for part in w.split("-"):
                if part:
                    index.setdefault(part, []).append((pos, pos + len(part)))
                pos += len(part) + 1
    return index


def phrase_at(matcher, doc, i: int, seq: tuple[str, ...]) -> bool:
    """Do the words from ``i`` on spell the phrase ``seq``, as the reference searches define it?"""
    words, lower, prose, source = doc.words, doc.lower_words, doc.prose, doc.source
    j = i + len(seq)
    if tuple(lower[i:j]) != seq:
        return False
    if any(not prose[words[k].end : words[k + 1].start].isspace() for k in range(i, j - 1)):
        return False
    return matcher.ignorecase or (
        tuple(source[s:e] for s, e in words[i:j]) == matcher.originals[seq]
    )


def indexed_reference(matcher, doc) -> list[tuple[int, int]]:
    """``TokenMatcher``'s phrase search as it was, through a word index and a part index."""
    words, source = doc.words, doc.source
    by_word, by_part = word_index(doc), part_index(doc)
    found = []
    for first, seqs in matcher.sequences.items():
        for i in by_word.get(first, ()):
            for seq in seqs:
                if phrase_at(matcher, doc, i, seq):
                    found.append((words[i].start, words[i + len(seq) - 1].end))
                    break
        if any(len(seq) == 1 for seq in seqs):
            for s, e in by_part.get(first, ()):
                if matcher.ignorecase or source[s:e] == matcher.originals[(first,)][0]:
                    found.append((s, e))
    return sorted(found, key=lambda se: (se[0], -se[1]))


@pytest.mark.parametrize("ignorecase", [True, False])
def test_token_matcher_finds_what_the_word_index_found(ignorecase):
    from postlint.document import parse
    from postlint.kinds.patterns import TokenMatcher

    tokens = ["very", "Known", "in a nutshell", "win-win", "the new normal", "a", "well", "İt"]
    text = (
        "# Very well-known\n\nIt was very, VERY well-Known in a nutshell. A win-win: "
        "in a\nnutshell, in *a* nutshell; the new normal, The New Normal, well--known, "
        "ünknown-well-, İt-known a-a-A.\n"
    )
    doc = parse(text, "x.md")
    matcher = TokenMatcher(tokens, ignorecase)
    found = sorted(matcher._indexed(doc) + matcher._word_parts(doc), key=lambda se: (se[0], -se[1]))
    assert found == indexed_reference(matcher, doc)
    assert len(found) > 10


def test_a_top_level_alternation_finds_each_branch_its_own_way():
    from postlint.kinds.patterns import Alternatives, Prefilter

    second = r"\w[\w-]*\s+\(([A-Z]{3,5})s?\)|\b([A-Z]{3,5})s?\s+\([A-Za-z][\w -]+\)"
    pattern = UserPattern(second)
    assert isinstance(pattern.prefilter, Alternatives)
    unfiltered, filtered = pattern.prefilter.branches
    assert isinstance(filtered, Prefilter) and not isinstance(unfiltered, Prefilter)
    text = "A Content Delivery Network (CDN) and DNS (domain name system), ABCs (x) (CDN)."
    assert_same(second, False, text)
    assert [m.groups() for m in pattern.finditer(text)] == [("CDN", None), (None, "DNS")]


@pytest.mark.parametrize(
    "pattern",
    [
        r"\w+|\d+",  # no branch prefiltered: nothing to gain
        r"abc|abd",  # all prefiltered: one prefilter for the whole pattern
        r"(\w)x|\1abc",  # a backreference into another branch
        r"(?x)\w+ | abc",  # verbose mode
        r"\w+(?#|)|abc",  # a comment
        r"\w+|(?i)abc",  # an inline flag in the middle applies to the whole pattern
        r"\w*|abc",  # may match nothing
    ],
)
def test_alternations_that_are_not_split(pattern):
    from postlint.kinds.patterns import Alternatives

    assert not isinstance(UserPattern(pattern).prefilter, Alternatives)


@pytest.mark.parametrize(
    "pattern, text",
    [
        (r"\w+[|]x|abc", "ab|x abc a|x"),  # a "|" in a set does not split
        (r"\w+\|x|abc", "ab|x abc"),  # nor an escaped one
        (r"[]|]\w|abc", "]a |b abc"),  # nor one after a leading "]" in a set
        (r"(?i)\w+\s+\(|abc", "ABC Word ( abc"),  # leading flags apply to every branch
        (r"(?:\w|-)+=|ab(?=c)|x", "ab=c abc x-y="),
    ],
)
def test_split_alternations_match_the_plain_scan(pattern, text):
    assert_same(pattern, False, text)
    assert_same(pattern, True, text)
