"""The fast paths of the pattern-driven kinds give exactly the answers of the plain ones.

Each test compares a shortcut with the straightforward computation it replaces, on
texts chosen to break it: case folding that changes length (İ, ß), characters that
lower-case by context (Σ), non-ASCII letters, matches at the very start and end of
the text, and empty input.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from test_perf_patterns import phrase_at

from postlint.document import parse
from postlint.kinds import adverbs
from postlint.rules import load_rule_file

RULES = Path(__file__).resolve().parents[1] / "rules"

TRICKY_TEXTS = [
    "",
    "Really",
    "quickly badly",
    "Oddly, REALLY quickly. Fully-fledged ideas, oddly-shaped boxes.",
    "İmmediately and finally, surely.",  # İ lower-cases to two characters
    "Straße: greatly, weißly, STRASSEly done, truly.",
    "ΟΔΥΣΣΕΑΣ ΣΚΛΗΡΑly καλά. ΘΕΣ'ly quickly",  # capital sigma: lower case by context
    "naïvely, ﬁnally, ǅly, Kly, ſly, ıly, and Ly lY LY, gladly, Sly.",
    "> Quoted really quickly badly.\n\nNot quoted: really quickly badly.",
    '"He said it really quickly," she noted gladly and sadly.',
    "Only the family was early. July, Italy, reply, ally, ly, lyly.",
    "日本語 really 日本語 quickly.",
]


def _adverbs_rule(pattern: str | None = None):
    rule = load_rule_file(RULES / "Postlint" / "Adverbs.yml", "Postlint")
    if pattern is not None:
        rule.params["pattern"] = pattern
        rule.state = rule.engine.prepare(rule)
    return rule


@pytest.mark.parametrize("pattern", [None, r"\w+ly", r"[^\W\d_]{2,}(?:ly|LY)s?", r"\w*SLY\w*"])
@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_adverb_candidates_equal_judging_every_word(text: str, pattern: str | None) -> None:
    rule = _adverbs_rule(pattern)
    doc = parse(text, "t.md")
    assert rule.state.needs is not None  # every pattern above has a required string
    gated = adverbs._document_adverbs(rule.state, doc)
    plain = adverbs._document_adverbs(dataclasses.replace(rule.state, needs=None), doc)
    assert gated == plain


def test_adverb_candidates_find_words_at_the_edges() -> None:
    rule = _adverbs_rule()
    doc = parse("Really quickly", "t.md")
    assert adverbs._document_adverbs(rule.state, doc) == [(0, "Really"), (7, "quickly")]
    assert adverbs._candidate_words(rule.state.needs, doc) == [0, 1]
    assert adverbs._candidate_words(rule.state.needs, parse("", "t.md")) == []
    assert adverbs._candidate_words(rule.state.needs, parse("İly", "t.md")) is None


@pytest.mark.parametrize("text", TRICKY_TEXTS)
@pytest.mark.parametrize("min_adverbs", [1, 2, 3])
def test_adverb_findings_equal_the_per_sentence_scan(text: str, min_adverbs: int) -> None:
    rule = _adverbs_rule()
    rule.params["min_adverbs"] = min_adverbs
    doc = parse(text, "t.md")
    state = rule.state
    expected = []
    for sentence in doc.sentences:
        words = [w for w in doc.words if sentence.start <= w.start < sentence.end]
        found = [
            doc.prose[s:e]
            for s, e in words
            if doc.prose[s:e].lower() not in state.not_adverbs
            and state.pattern.fullmatch(doc.prose[s:e])
            and not doc.in_quote(s, e)
        ]
        if len(found) >= min_adverbs and len(found) / len(words) > rule.params["max_ratio"]:
            expected.append((sentence.start, sentence.end, [f"adverb: '{a}'" for a in found]))
    found = [(f.offset, f.end_offset, f.evidence) for f in rule.engine.check(rule, doc)]
    assert found == expected


# --- capitalization: only words the style would change ask the keeper ------------------

HEADINGS_TEXT = """# Getting Started With The New API

We met Émile and İlkay at Google. Straße is a Name here, and `parzer` too.
"Quoted Title" and The Middle word.

## the lower case Heading of Émile's Straße

## `code` First Then Words

## İstanbul AND ǅ Digraph: After The Colon. Next Sentence

### A
"""


@pytest.mark.parametrize("style", ["$sentence", "$title", "$lower", "$upper"])
@pytest.mark.parametrize("text", [HEADINGS_TEXT, "", "# Heading", "# Émile's Heading\n\nÉmile's."])
def test_heading_case_equals_asking_the_keeper_for_every_word(style: str, text: str) -> None:
    from postlint.kinds import capitalization as cap

    rule = load_rule_file(RULES / "Style" / "HeadingCase.yml", "Style")
    rule.params["match"] = style
    rule.state = rule.engine.prepare(rule)
    doc = parse(text, "t.md")
    keep = cap._Keeper(rule, doc)
    recase = cap._styler(style, {w.lower() for w in rule.params["small_words"]})
    expected = []
    for block in doc.blocks:
        if block.kind != "heading":
            continue
        chars = list(doc.source[block.start : block.end])
        for word in cap._heading_words(doc, block.start, block.end):
            target = keep.spelling(word) or recase(word)
            at = word.start - block.start
            chars[at : at + len(target)] = target
        heading = "".join(chars)
        if heading != doc.source[block.start : block.end]:
            expected.append((block.start, block.end, heading))
    found = [(f.offset, f.end_offset, f.fix.replacement) for f in rule.engine.check(rule, doc)]
    assert found == expected
    if text == HEADINGS_TEXT and style == "$sentence":
        assert found


# --- existence tokens: phrases found around their anchor word ----------------------------


def opener_reference(matcher, doc) -> list[tuple[int, int]]:
    """``TokenMatcher._indexed`` as it was: from every word that opens a phrase."""
    words = doc.words
    found = []
    for i, word in enumerate(doc.lower_words):
        for seq in matcher.sequences.get(word, ()):  # longest first
            if phrase_at(matcher, doc, i, seq):
                found.append((words[i].start, words[i + len(seq) - 1].end))
                break
    return found


TOKENS = [
    "the", "the end", "at the end of the day", "end of the", "of the day", "I think",
    "I", "straße", "STRASSE", "İt", "ǅx", "very", "the the", "a a a",
]  # fmt: skip
TOKEN_TEXTS = [
    "",
    "the",
    "At the end of the day I think the end. The I",
    "at the end of the\nday, at *the* end of the day; end of the day the the the",
    "Straße STRASSE strasse İt it İT ǅx ǆx Ǆx very VERY",
    "a a a a a a the end",
    "the end of the day",
]


@pytest.mark.parametrize("ignorecase", [True, False])
@pytest.mark.parametrize("text", TOKEN_TEXTS)
def test_token_phrases_around_anchors_equal_the_opener_scan(text: str, ignorecase: bool) -> None:
    from postlint.kinds.patterns import TokenMatcher

    doc = parse(text, "t.txt")
    matcher = TokenMatcher(TOKENS, ignorecase)
    assert matcher._indexed(doc) == opener_reference(matcher, doc)


def test_token_phrases_at_the_edges() -> None:
    from postlint.kinds.patterns import TokenMatcher

    doc = parse("the end of the day", "t.txt")
    matcher = TokenMatcher(["end of the day", "the", "day"], True)
    found = [doc.source[s:e] for s, e in matcher._indexed(doc)]
    assert found == ["the", "end of the day", "the", "day"]
    assert [doc.source[s:e] for s, e in matcher.spans(doc)] == ["the", "end of the day"]


# --- user patterns: the prefilter plan is kept in the pattern store ----------------------

PLANNED = [
    (r"(?<!\w)(?:(?P<a0>(?:colo|humo)ur(?:s|ed)?)|(?P<b0>(?:colo|humo)r))(?!\w)", True),
    (r"\b(?<![A-Z]\s)(?![IVXLCDM]+\b)([A-Z]{3,5})s?\b", False),
    (r"\w[\w-]*\s+\(([A-Z]{3,5})s?\)|\b([A-Z]{3,5})s?\s+\([A-Za-z][\w -]+\)", False),
    (r"\w[\w-]*\s+\(([A-Z]{3,5})\)", False),
    (r"\w+\s+\(|abc", True),
    (r"(?:kind|sort) of\b", True),
    (r"[^\W\d_]+(?:['’-][^\W\d_]+)*", False),
]
PLANNED_TEXT = (
    "Colour, HUMOR and colours. A Content Delivery Network (CDN) and DNS (domain name "
    "system); ABCs (x) (CDN) kind of sort OF İstanbul Straße abc ABC word ( abc"
)


@pytest.mark.parametrize("pattern, ignorecase", PLANNED)
def test_a_remembered_plan_builds_a_prefilter_with_the_same_matches(pattern, ignorecase):
    import marshal

    import regex

    from postlint.kinds import patterns

    flags = regex.VERSION0 | (regex.IGNORECASE if ignorecase else 0)
    plan = patterns._describe(pattern, flags)
    stored = marshal.loads(marshal.dumps(plan))  # what a later run reads back
    assert stored == plan
    first = patterns.UserPattern(pattern, ignorecase)
    again = patterns.UserPattern(pattern, ignorecase)  # served from the store
    assert "_compiled" not in again.__dict__  # compiled on first use only
    assert type(again.prefilter) is type(patterns._build(stored, pattern, flags))
    plain = regex.compile(pattern, flags)
    for pos, endpos in [(0, None), (3, None), (0, 40)]:
        expected = [(m.span(), m.groups()) for m in plain.finditer(PLANNED_TEXT, pos, endpos)]
        for user in (first, again):
            found = user.finditer(PLANNED_TEXT, pos, endpos)
            assert [(m.span(), m.groups()) for m in found] == expected


def test_an_invalid_pattern_fails_at_load_on_every_run():
    from postlint import patterncache
    from postlint.kinds.base import ParamError
    from postlint.kinds.patterns import UserPattern

    for _ in range(2):
        with pytest.raises(ParamError, match="invalid regular expression"):
            UserPattern("(unclosed", key="first")
    assert not any(
        isinstance(k, tuple) and len(k) == 3 and "(unclosed" in str(k[2])
        for k in patterncache._load()
    )


# --- passive: one candidate scan for all blocks, irregular participles as a trie ----------

PASSIVE_TEXT = """Was delayed at the start. The build was delayed

This is done. It isn’t known. It ISN'T KNOWN. It was not always well written.

- it got merged; they get started; it's been done; it was BIDDEN and bid
- İstanbul is visited; naïve code was rewritten; ſo it was ſhown; it was sewn

> A quote was written. pre-was done; -is done; is-done; was

done; it was well-known; it was forecast, it was READ and it was
"""


def test_passive_participles_as_a_trie_match_as_the_alternation() -> None:
    import re

    from postlint.kinds import passive

    rule = load_rule_file(RULES / "Postlint" / "Passive.yml", "Postlint")
    p = rule.params
    plain = passive._alternation(p["irregular"])
    trie = passive._word_choice(p["irregular"])
    assert trie != plain
    for words in (p["irregular"], ["sewn", "sewed", "se"], ["a"], ["x", "x", " y "]):
        left = re.compile(rf"(?<!\w)(?:{passive._alternation(words)})(?!\w)", re.I)
        right = re.compile(rf"(?<!\w)(?:{passive._word_choice(words)})(?!\w)", re.I)
        text = PASSIVE_TEXT + " ".join(words) + " " + " ".join(w.upper() for w in words)
        assert [m.span() for m in right.finditer(text)] == [m.span() for m in left.finditer(text)]
    assert passive._word_choice(["isn't", "x"]) == passive._alternation(["isn't", "x"])


@pytest.mark.parametrize("text", [PASSIVE_TEXT, "", "was done", "It was done.\n\nIt is done"])
def test_passive_one_scan_equals_a_regex_scan_per_block(text: str) -> None:
    from postlint.kinds import passive
    from postlint.segment import lowered

    rule = load_rule_file(RULES / "Postlint" / "Passive.yml", "Postlint")
    state = rule.state
    doc = parse(text, "t.md")
    expected = [
        (m.span(), m.group("participle"))
        for b in doc.blocks
        for m in state.regex.finditer(doc.prose, b.start, b.end)
    ]
    found = passive._block_matches(state, doc, lowered(doc.prose))
    assert [(m.span(), m.group("participle")) for m in found] == expected
    if text == PASSIVE_TEXT:
        assert len(expected) > 10
