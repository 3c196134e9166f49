"""The attribution kind's prefilter: ``required_literals`` and ``LiteralGate`` must never
skip text where a detector regex can match, and the gated analysis must equal the
ungated one."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import yaml

from postlint.attribution_signals import (
    LeadingScan,
    LiteralGate,
    analyse,
    build_detectors,
    leading_literals,
    required_literals,
)
from postlint.document import parse
from postlint.rules import load_rule_file

ROOT = Path(__file__).resolve().parent.parent


def literals(pattern: str, flags: int = 0) -> set[str] | None:
    found = required_literals(re.compile(pattern, flags))
    return None if found is None else set(found)


# --- what a pattern needs ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        # the longest run wins; optional parts are multiplied out
        (r"\bcross-?posted\s+from\b", re.I, {"cross-posted", "crossposted"}),
        (r"(?i)\bAccording\s+to\b", 0, {"according"}),
        (r"(?<!\w)(?:said|told)(?!\w)", re.I, {"said", "told"}),
        # case-sensitive literals are lower-cased for the lower-cased copy
        (r"\((?:AP|Reuters)\)", 0, {"(ap)", "(reuters)"}),
        (r"^[A-Z]+\s+(?:—|–|--)(?=\s)", re.M, {"—", "–", "--"}),
        # an alternation needs one of its branches: the union
        (r"\bfoo\w+|bar(?:baz)?", re.I, {"foo", "bar"}),
        # a repeat with a minimum of one needs its body; zero or more needs nothing
        (r"(?:abc)+x?", 0, {"abc"}),
        (r"\d+(?:%|percent)", 0, {"%", "percent"}),
        # look-arounds consume nothing: the literal runs through them
        (r'(?<![\w"])"(?=\S)x', 0, {'"x'}),
        # non-ASCII: not searchable case-insensitively; caseless ones are fine otherwise
        (r"(?i)café", 0, {"caf"}),
        (r"Straße", 0, {"stra"}),
        # a space matches only a space; \s+ is no literal: either word is enough
        (r"hat tip", re.I, {"hat tip"}),
        (r"hat\s+tip", re.I, {"hat"}),
    ],
)
def test_required_literals(pattern, flags, expected):
    assert literals(pattern, flags) == expected


@pytest.mark.parametrize(
    "pattern",
    [r"\w+", r"a?b*", r"[a-z]+\d", r"(?i:abc)", r"(\w)\1", r"x|\d+", r"(?=abc)", r"(?i)ı+"],
)
def test_no_literal_means_no_prefilter(pattern):
    assert literals(pattern) is None


# --- the gate never hides a match ----------------------------------------------------------

PATTERNS = [
    (r"(?<!\w)(?:according\s+to|said|says|reported(?:ly)?)(?!\w)", re.I),
    (r"\b(?:originally|first)\s+(?:published|posted)\s+(?:on|at)\b", re.I),
    (r"\bcross-?posted\s+from\b", re.I),
    (r"\((?P<agency>AP|Reuters)\)|^[A-Z][A-Z.]+\s+(?:—|–|--)(?=\s)", re.M),
    (r'(?<![\w"])"(?=\S)([^"]{3,40}?)(?<=\S)"(?!\w)|“([^”]{3,40}?)”', 0),
    (r"\bsk\w+|kelvin", re.I),
]
TEXTS = [
    "said",  # a match that is the whole text
    "He SAID so. According   to\nthem, it was REPORTEDLY fine",
    "Originally Published on Monday; cross-posted from x; crossposted from y",
    "(AP) — WASHINGTON — talks. (Reuters)",
    'He said "this is a quote," and “another one here” ok"',
    "\u212aelvin and Skate: the Kelvin sign folds to k",  # K (Kelvin sign) lowers to k
    "Stra\u00dfe STRASSE said",  # ß: no ASCII fold
    "the reported reportedly report",  # literals that are prefixes of one another
]


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
@pytest.mark.parametrize("text", TEXTS)
def test_every_match_holds_a_found_literal(pattern, flags, text):
    regex = re.compile(pattern, flags)
    gate = LiteralGate.build({"r": regex})
    assert gate is not None
    starts = gate.starts(text)
    assert starts is not None
    need = required_literals(regex)
    for pos in range(len(text) + 1):
        for endpos in {pos, pos + 1, pos + 7, len(text)}:
            for m in regex.finditer(text, pos, endpos):
                inside = [
                    p
                    for p in starts["r"]
                    if m.start() <= p and any(text[p : m.end()].lower().startswith(n) for n in need)
                ]
                assert inside, (pattern, text, pos, endpos, m)


def test_overlapping_and_prefix_literals_are_all_found():
    gate = LiteralGate(
        {"a": frozenset({"abc"}), "b": frozenset({"bcd"}), "c": frozenset({"ab", "xyz"})}
    )
    assert gate.starts("ABCD abc") == {"a": [0, 5], "b": [1], "c": [0, 5]}


def test_a_family_passes_where_any_member_may_match():
    regexes = {"a": re.compile("said"), "b": re.compile("told"), "c": re.compile("xyz")}
    gate = LiteralGate.build(regexes, {"ab": ["a", "b"]})
    assert gate.starts("He told me; she said") == {"a": [16], "b": [3], "c": [], "ab": [3, 16]}


def test_texts_without_a_safe_lowercase_copy_are_not_gated():
    gate = LiteralGate.build({"r": re.compile(r"\bis\b", re.I)})
    assert gate.starts("th\u0131s \u0131s") is None  # dotless i matches "i" case-insensitively
    assert gate.starts("\u0130s") is None  # dotted capital I lowers to two characters
    assert gate.starts("") == {"r": []}


def test_a_regex_without_literals_disables_the_gate():
    assert LiteralGate.build({"a": re.compile("said"), "b": re.compile(r"\w+")}) is None


# --- scans that start only where a match can ----------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        (r"https?://\S+|\bwww\.\S+", re.I, {"http://", "https://", "www."}),
        (r'(?<![\w"])"(?=\S)x"|“y”', 0, {'"x"', "“y”"}),
        # an optional start is multiplied out
        (r"(?:www\.)?example", 0, {"www.example", "example"}),
        (r"x?y", 0, {"xy", "y"}),
        (r"(?:Read|Via)+\s*:", 0, {"read", "via"}),
        (r"\((?:AP|PA)\)", 0, {"(ap)", "(pa)"}),
    ],
)
def test_leading_literals(pattern, flags, expected):
    assert set(leading_literals(re.compile(pattern, flags))) == expected


@pytest.mark.parametrize("pattern", [r"\w+://", r"(?:www\.)?\w", r"a|\d", r"x*y"])
def test_no_leading_literal_means_a_plain_scan(pattern):
    assert leading_literals(re.compile(pattern)) is None


@pytest.mark.parametrize(("pattern", "flags"), [*PATTERNS, (r"https?://\S+|\bwww\.\S+", re.I)])
@pytest.mark.parametrize(
    "text", [*TEXTS, "WWW.x.org and HTTPS://a.b/c; xwww.no http://", "Th\u0131s: www.a.b"]
)
def test_leading_scan_matches_like_finditer(pattern, flags, text):
    regex = re.compile(pattern, flags)
    scan = LeadingScan(regex)
    for pos in range(len(text) + 1):
        for endpos in (None, pos, pos + 5, len(text) - 1):
            want = [
                m.span() for m in regex.finditer(text, pos, len(text) if endpos is None else endpos)
            ]
            assert [m.span() for m in scan.finditer(text, pos, endpos)] == want, (pos, endpos)


# --- gated analysis equals the ungated one -------------------------------------------------


@pytest.fixture(scope="module")
def detectors():
    rule = load_rule_file(ROOT / "rules" / "Postlint" / "Attribution.yml", "Postlint")
    gated = build_detectors(rule.params)
    assert gated.gate is not None
    return gated, dataclasses.replace(gated, gate=None)


def _texts() -> list[str]:
    cases = yaml.safe_load((ROOT / "tests" / "data" / "attribution_cases.yml").read_text())
    return [c["text"] for c in cases] + [
        "(AP) — The agency said in a statement that 40% of users left.",
        "WASHINGTON — Officials said on Monday.\n\nA survey found 12 percent agree.",
        "Th\u0131s post was \u0131nspired by an article in The Verge.",
        '- "We ship on Fridays," said Ana.\n- “It works,” she added.',
        "> According to Reuters, 3 in 10 firms\n\nSource: Reuters",
        "Intro.\n\n- Via: The Verge\n- h/t Jane Doe\n\nOriginally published at Example.",
    ]


def test_gated_analysis_equals_ungated(detectors):
    gated, plain = detectors
    for text in _texts():
        a, b = analyse(parse(text, "d.md"), gated), analyse(parse(text, "d.md"), plain)
        assert a == b, text


# --- word counts without visiting every word ----------------------------------------------

VOICE_TEXTS = [
    'We ship. Our team said "we love it, us too" and we\'re happy. US sales rose; ours did too.',
    "“We did it,” she said. We agree. > quoted\n\nWe, ourselves, and OUR users.",
    "Th\u0131s post: we ship, we test.",  # no safe lower-cased copy: the word-by-word count
    "Trust us. Bus, use, just, status: none of them is 'us'. We-based, ours.",
    "",
]


@pytest.mark.parametrize("text", VOICE_TEXTS)
def test_voice_counts_equal_the_word_by_word_count(detectors, text):
    from postlint.attribution_signals import _Context, _first_party_voice, _voice_counts

    gated, _ = detectors
    doc = parse(text, "d.md")
    words = doc.unquoted_words
    pronouns = gated.first_party_pronouns
    hits = sum(1 for w in words if doc.prose[w.start : w.end].lower() in pronouns)
    expected = bool(words) and hits / len(words) >= gated.first_party_ratio
    ctx = _Context(doc, gated)
    counts = _voice_counts(ctx) if doc.words else None
    assert counts is None or counts == (len(words), hits)
    assert _first_party_voice(ctx) == expected


@pytest.mark.parametrize("text", VOICE_TEXTS + _texts())
def test_written_lowercase_equals_the_set_of_lowercase_words(detectors, text):
    from postlint.attribution_signals import _Context
    from postlint.segment import WORD_RE

    ctx = _Context(parse(text, "d.md"), detectors[0])
    for word in {m.group().lower() for m in WORD_RE.finditer(text)} | {"bug", "us", ""}:
        assert ctx.written_lowercase(word) == (word in ctx.lowercase_words), word
