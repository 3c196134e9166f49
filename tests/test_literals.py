"""The shared literal prefilter (``postlint/literals.py``) never changes what a regex finds.

``read_literals`` reads the strings every match must hold from ``re``'s parse tree;
``LiteralScan`` and ``LiteralGate`` skip text by them; ``fold_safe`` and ``lowers_to``
decide when a lower-cased copy may stand in for the text; ``literal_trie`` builds the
candidate regexes. Each is checked against the plain ``re`` result on texts built to
catch the edge cases: case folding that changes length or equates non-ASCII
characters with ASCII letters, final sigma, look-behinds at the start of a pattern,
matches at the very start and end of the text, scoped flags, non-ASCII literals.
"""

from __future__ import annotations

import re
import sys

import pytest
import regex

from postlint.literals import (
    FOLD_TRAPS,
    LiteralGate,
    LiteralScan,
    fold_safe,
    gate_sets,
    literal_trie,
    lowers_to,
    read_literals,
    required_literals,
)


def _every_code_point() -> str:
    return "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF)


# --- case folding: the claims the lower-cased copy rests on, for every code point ---------


def test_ascii_case_insensitive_matches_lower_case_to_the_letter_or_are_known_traps():
    """A character that ``(?i)c`` matches, for ASCII ``c``, lower-cases to ``c.lower()``,
    unless it is one of ``FOLD_TRAPS`` or lower-cases to more than one character."""
    everything = _every_code_point()
    for code in range(128):
        c = chr(code)
        for t in re.findall("(?i)" + re.escape(c), everything):
            low = t.lower()
            assert low == c.lower() or t in FOLD_TRAPS or len(low) > 1, (c, t)


def test_the_regex_module_folds_no_other_character_onto_ascii():
    """The same claim for the ``regex`` module's IGNORECASE (``kinds/patterns.py``)."""
    every = _every_code_point()[0x80:]
    partners = {m.group() for m in regex.compile("[\x00-\x7f]", regex.V0 | regex.I).finditer(every)}
    missed = set()
    for x in partners:
        for c in map(chr, range(0x80)):
            if regex.fullmatch(regex.escape(c), x, regex.V0 | regex.I) and x.lower() != c.lower():
                missed.add(x)
    assert {x for x in missed if len(x.lower()) == 1} <= set(FOLD_TRAPS)
    assert "\u212a" in partners  # the Kelvin sign at least: the scan did run


def test_fold_safe_refuses_traps_and_length_changes():
    assert fold_safe("Save NOW", "save now") == "save now"
    assert fold_safe("Save NOW") == "save now"
    assert fold_safe("ſave", "ſave") is None  # long s: (?i)s matches it
    assert fold_safe("dıscount") is None  # dotless i
    assert fold_safe("İstanbul", "İstanbul".lower()) is None  # lower case is longer
    assert fold_safe("\u212aelvin") == "kelvin"  # the Kelvin sign lowers to k: safe
    assert fold_safe("") == ""


def test_lowers_to_accepts_only_characters_that_lower_alike_everywhere():
    """A case-sensitive character it accepts shows as its answer in any lower-cased
    text (final sigma is the context that changes one); case-insensitive: ASCII only."""
    contexts = [("", ""), ("\u0391", ""), ("\u0391", "\u0391"), ("a ", "."), ("", "\u0391")]
    for c in _every_code_point():
        low = lowers_to(c, False)
        if low is not None:
            for before, after in contexts:
                assert (before + c + after).lower()[len(before)] == low, hex(ord(c))
        assert (lowers_to(c, True) is not None) == c.isascii()
    assert lowers_to("\u03a3", False) is None  # ΑΣ lowers to ας
    assert lowers_to("\u0130", False) is None  # İ lowers to two characters
    assert lowers_to("\u00e9", False) == "\u00e9"
    assert lowers_to("\u00c9", True) is None


# --- read_literals: what every match holds --------------------------------------------------


def _required(pattern: str, flags: int = 0) -> set[str] | None:
    found = required_literals(re.compile(pattern, flags))
    return None if found is None else set(found)


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
        # non-ASCII: not searchable case-insensitively; case-sensitive ones that lower
        # to one character wherever they stand are; capital sigma is not (final sigma)
        (r"(?i)café", 0, {"caf"}),
        (r"Straße", 0, {"straße"}),
        ("\u0391\u03a3", 0, {"\u03b1"}),
        # a space matches only a space; \s+ is no literal: either word is enough
        (r"hat tip", re.I, {"hat tip"}),
        (r"hat\s+tip", re.I, {"hat"}),
    ],
)
def test_required_literals(pattern, flags, expected):
    assert _required(pattern, flags) == expected


@pytest.mark.parametrize(
    "pattern",
    [r"\w+", r"a?b*", r"[a-z]+\d", r"(?i:abc)", r"(\w)\1", r"x|\d+", r"(?=abc)", r"(?i)ı+"],
)
def test_no_literal_means_no_prefilter(pattern):
    assert _required(pattern) is None


def test_a_bytes_pattern_has_no_literals():
    found = read_literals(re.compile(rb"abc"))
    assert not found.lead and not found.needs


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
    assert set(read_literals(re.compile(pattern, flags), for_lowered=True).lead) == expected


@pytest.mark.parametrize("pattern", [r"\w+://", r"(?:www\.)?\w", r"a|\d", r"x*y"])
def test_no_leading_literal_means_a_plain_scan(pattern):
    assert not read_literals(re.compile(pattern), for_lowered=True).lead


def test_case_sensitive_literals_are_verbatim_unless_lowered():
    found = read_literals(re.compile(r"\bAd\b"))
    assert found.lead == {"Ad"} and not found.lowered
    assert read_literals(re.compile(r"\bAd\b"), for_lowered=True).lead == {"ad"}


def _sets(pattern: str, flags: int = 0) -> tuple[list[str], list[list[str]]]:
    """(leading strings, the two sets ``LiteralScan`` may gate a text with)."""
    found = read_literals(re.compile(pattern, flags))
    return sorted(found.lead), [sorted(g) for g in gate_sets(found.needs, 2)]


def test_required_sets_of_a_case_insensitive_pattern_are_lower_case():
    lead, groups = _sets(r"(?i)\b(?:I|We) (?:was|WERE) Paid (?:to|by)\b")
    assert lead == ["i was paid by", "i was paid to", "i were paid by", "i were paid to"] + [
        "we was paid by",
        "we was paid to",
        "we were paid by",
        "we were paid to",
    ]
    assert groups[0] == [" paid "]


def test_required_sets_in_alternatives_and_optional_parts():
    lead, groups = _sets(r"\d+\s?% (?:off|discount)\b")
    assert lead == []  # a match starts with a digit: no literal
    assert groups[0] == ["% discount", "% off"]
    lead, _ = _sets(r"get (?:up to )?\d")
    assert lead == ["get ", "get up to "]


def test_required_sets_skip_what_is_not_certain():
    assert _sets(r"(?i)café") == (["caf"], [["caf"]])  # é is not ASCII: not folded safely
    assert _sets(r"(?i)a(?-i:Bc)d") == (["a"], [])  # a scoped-flag group is opaque
    assert _sets(r"x*yz")[0] == []  # x* may match nothing: y is not the start
    assert _sets(r"ab|cd") == (["ab", "cd"], [["ab", "cd"]])
    assert _sets(r"(a)\1bc") == (["a"], [["bc"]])  # a back-reference ends the run
    assert _sets(r"[^\S\n]*Ad$", re.MULTILINE) == ([], [["Ad"]])


# --- literal_trie ----------------------------------------------------------------------------


def test_the_trie_matches_the_longest_literal_at_each_offset():
    trie = re.compile(literal_trie(["ab", "abc", "b", "a.c", "(x)"]))
    assert [m.group() for m in trie.finditer("abcab b abd a.c axc (x) x")] == [
        "abc",
        "ab",
        "b",
        "ab",
        "a.c",
        "(x)",
    ]


def test_a_starts_only_trie_keeps_the_shorter_literal():
    assert literal_trie(["colour", "col", "color"], starts_only=True) == "col"
    assert literal_trie(["colour", "color"], starts_only=True) == "colo(?:r|ur)"
    assert literal_trie(["ab", "abc"]) == "ab(?:c|)"


def test_trie_positions_may_be_character_sets():
    pattern = literal_trie([(frozenset("AB"), "x"), (frozenset("-"), frozenset(" -"))])
    assert pattern == r"(?:[AB]x|\-[\ \-])"
    assert re.findall(pattern, "Ax Bx Cx -- - ") == ["Ax", "Bx", "--", "- "]


# --- LiteralGate: the gate never hides a match ---------------------------------------------

PATTERNS = [
    (r"(?<!\w)(?:according\s+to|said|says|reported(?:ly)?)(?!\w)", re.I),
    (r"\b(?:originally|first)\s+(?:published|posted)\s+(?:on|at)\b", re.I),
    (r"\bcross-?posted\s+from\b", re.I),
    (r"\((?P<agency>AP|Reuters)\)|^[A-Z][A-Z.]+\s+(?:—|–|--)(?=\s)", re.M),
    (r'(?<![\w"])"(?=\S)([^"]{3,40}?)(?<=\S)"(?!\w)|“([^”]{3,40}?)”', 0),
    (r"\bsk\w+|kelvin", re.I),
    ("\u0391\u03a3\\w*", 0),
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
    "\u0391\u03a3 \u0391\u03a3\u0391 final sigma",  # ΑΣ lowers to ας, ΑΣΑ to ασα
]


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
@pytest.mark.parametrize("text", TEXTS)
def test_every_match_holds_a_found_literal(pattern, flags, text):
    compiled = re.compile(pattern, flags)
    gate = LiteralGate.build({"r": compiled})
    assert gate is not None
    starts = gate.starts(text)
    assert starts is not None
    need = required_literals(compiled)
    for pos in range(len(text) + 1):
        for endpos in {pos, pos + 1, pos + 7, len(text)}:
            for m in compiled.finditer(text, pos, endpos):
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


# --- LiteralScan: the same matches as re.finditer ------------------------------------------

_SCAN_TEXTS = [
    "",
    "Save 20% today! Savings are saved; SAVE up to 30% off. İstanbul unsaved.\n",
    "save up to 40% off",  # match at the very start and end
    "We were paid by Acme. I WAS PAID TO write. we was paid for it",
    "ſave 10% now; we were pａid; İ was paid by them.",  # long s, full-width a, dotted I
    "Kelvin: \u212aeep 5% off (Ad) [Ad]\nAd\n | Ad - x  Adverts",
    "x\u0131 was paid by z; \u0130 was paid by y",
    "get 5 % off, get up to 10%off; 3% discount\u00a0today; 7% OFF",
    "no.1 No. 1 #1 #12 trusted by 1,000 customers; used by 5k teams",
    "WE WERE PAID TO SAY: 50% OFF",  # required literals only in upper case
]

_SCAN_PATTERNS = [
    (r"(?i)\bsave (?:up to )?(?:\d+\s?%|\$\d+)", 0),
    (r"(?i)\b(?:i|we) (?:was|were) paid (?:to|by|for)\b", 0),
    (r"(?i)\b\d+\s?% (?:off|discount)\b", 0),
    (r"(?:^[^\S\n]*|[\[(|][^\S\n]*)Ad(?:[^\S\n]*$|[^\S\n]*[\]):|\u2014\u2013]|\s-\s)", re.M),
    (r"(?<![\w.])(?i:save)\b", 0),  # look-behind first, scoped flags
    (r"(?<!\w)paid", re.IGNORECASE),
    (r"(?i)kee", 0),  # the Kelvin sign matches k
    (r"\bno\.\s?1\b", 0),
    (r"#1\b", 0),
    (r"\b(?:trusted|used) by (?:over )?[\d,.]+\s*(?:k|m)?\s+(?:customers|teams)", 0),
    (r"(?i)^save|off$", re.M),
    (r"(?i)s?ave", 0),
    (r"(?i)\bget (?:up to )?\d+\s?% off\b", 0),
]

#: How the attribution kind scans (every leading string, no gate) and how promo does
#: (leading strings of two characters or more, at most two required sets).
_SCAN_KINDS = [{}, {"min_lead": 2, "gates": 2}]


@pytest.mark.parametrize("options", _SCAN_KINDS)
@pytest.mark.parametrize(("pattern", "flags"), _SCAN_PATTERNS)
def test_literal_scan_matches_exactly_like_re(pattern, flags, options):
    plain = re.compile(pattern, flags)
    scan = LiteralScan(plain, **options)
    for text in _SCAN_TEXTS + ["\n".join(_SCAN_TEXTS)]:
        expected = [m.span() for m in plain.finditer(text)]
        folded = fold_safe(text)
        assert [m.span() for m in scan.finditer(text, folded=folded)] == expected, text
        assert [m.span() for m in scan.finditer(text)] == expected, text


@pytest.mark.parametrize("options", _SCAN_KINDS)
@pytest.mark.parametrize(("pattern", "flags"), [*PATTERNS, (r"https?://\S+|\bwww\.\S+", re.I)])
@pytest.mark.parametrize(
    "text", [*TEXTS, "WWW.x.org and HTTPS://a.b/c; xwww.no http://", "Th\u0131s: www.a.b"]
)
def test_literal_scan_honours_pos_and_endpos(pattern, flags, text, options):
    compiled = re.compile(pattern, flags)
    scan = LiteralScan(compiled, **options)
    for pos in range(len(text) + 1):
        for endpos in (None, pos, pos + 5, len(text) - 1):
            end = len(text) if endpos is None else endpos
            want = [m.span() for m in compiled.finditer(text, pos, end)]
            assert [m.span() for m in scan.finditer(text, pos, endpos)] == want, (pos, endpos)


def test_literal_scan_skips_a_text_without_the_required_literal():
    scan = LiteralScan(
        re.compile(r"(?i)\b(?:i|we) (?:was|were) paid (?:to|by|for)\b"), min_lead=2, gates=2
    )
    assert len(scan.plan.gates) == 1  # " paid "; the leading strings are the candidates
    assert scan.plan.candidates is not None
    text = "We were told about it. " * 50
    assert list(scan.finditer(text, folded=fold_safe(text))) == []


def test_literal_scan_uses_a_one_character_lead_only_when_asked():
    quote = re.compile(r'(?<![\w"])"(?=\S)([^"]{3,40}?)(?<=\S)"(?!\w)|“([^”]{3,40}?)”')
    assert LiteralScan(quote).plan.candidates is not None
    assert LiteralScan(quote, min_lead=2).plan.candidates is None
