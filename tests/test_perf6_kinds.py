"""Session 6 speed work on the style pattern kinds: each faster path against the plain one."""

from __future__ import annotations

import random
import re

import regex

from postlint.document import parse
from postlint.kinds import consistency
from postlint.kinds.capitalization import _INLINE_CODE
from postlint.rules import load_rule_file

#: The inline-code pattern before the possessive content (the lazy ``[^`]+?``).
_LAZY_INLINE_CODE = re.compile(r"(`(?<!``)`*)(?!`)([^`]+?)\1(?!`)")


def _code_spans(pattern: re.Pattern, text: str) -> list[tuple[tuple[int, int], str, str]]:
    return [(m.span(), m.group(1), m.group(2)) for m in pattern.finditer(text)]


def test_inline_code_matches_the_lazy_pattern_on_tricky_texts():
    texts = [
        "",
        "`",
        "``",
        "`a`",
        "`a``",
        "``a`",
        "``a``b`",
        "`Run` and ``Go`` but ```x`` and `y``",
        "a `b` c ``d ` e`` f ```g``` `h",
        "`é` `日本` `\U0001f600`` x`",
        "```\ncode\n```\ntext `x`",
        "`a\nb` `` ` ``",
        "x" * 50 + "`" + "y" * 50,
    ]
    for text in texts:
        assert _code_spans(_INLINE_CODE, text) == _code_spans(_LAZY_INLINE_CODE, text), text


def test_inline_code_matches_the_lazy_pattern_on_random_texts():
    rng = random.Random(6)
    for _ in range(3000):
        text = "".join(rng.choice("``` ab\né") for _ in range(rng.randrange(0, 30)))
        assert _code_spans(_INLINE_CODE, text) == _code_spans(_LAZY_INLINE_CODE, text), text


_VARIANTS = (
    r"(?<!\w)(?:(?P<a0>organi(s|z)(?:e|ed)(x)?)|(?P<b0>col(ou?)r)|(?P<a1>(a(b)?)+)|(?P<b1>q))(?!\w)"
)


def test_variant_of_names_the_first_group_that_took_part():
    words = ["organised", "organizedx", "color", "colour", "abab", "aa", "q"]
    for pattern in (re.compile(_VARIANTS), regex.compile(_VARIANTS, regex.V0)):
        for word in words:
            m = pattern.match(word)
            assert m is not None
            assert consistency._variant_of(m) == consistency._first_variant(m), word


def test_a_variant_with_named_groups_keeps_the_first_group():
    """In the regex module a variant's own group named like another variant's takes that
    name over, so ``lastgroup`` would name the wrong variant: such rules keep the old way."""
    m = regex.compile(r"(?:(?P<a0>(?P<b0>x)y)|(?P<b0>z))", regex.V0).match("xy")
    assert m.lastgroup == "b0" and consistency._first_variant(m) == "a0"
    assert consistency._NAMED_GROUP.search("(?P<b0>x)y")
    assert consistency._NAMED_GROUP.search("(?<name>x)")
    assert consistency._NAMED_GROUP.search("(?'name'x)")
    assert not consistency._NAMED_GROUP.search(r"(?<!\w)(?<=a)(?:x|(y))(?=z)(?!w)")


def test_a_rule_with_named_groups_in_its_variants_counts_each_variant(tmp_path):
    body = "kind: consistency\nregex: true\neither:\n  '(?P<b0>x)y': 'z'\n"
    folder = tmp_path / "Pack"
    folder.mkdir()
    (folder / "Test.yml").write_text(body, encoding="utf-8")
    rule = load_rule_file(folder / "Test.yml", "Pack")
    assert rule.state[2] is consistency._first_variant
    doc = parse("xy and xy, then z.\n", "t.md")
    # "xy" (variant a0) twice, "z" (b0) once: "z" is flagged. Named by ``lastgroup``, both
    # "xy" would count as b0 and "z" would win instead.
    assert [(f.offset, f.match) for f in rule.engine.check(rule, doc)] == [(16, "z")]


def test_shared_scan_registers_a_callers_sets_once_and_finds_their_places():
    from postlint.literals import SharedScan

    scan = SharedScan("perf6")
    low = "see http://x and the report, then http://y"
    anywhere, words = frozenset({"http://"}), frozenset({"report"})
    assert scan.starts(low, anywhere) == [4, 34]
    generation = scan._generation
    assert scan.starts(low, anywhere, word_start=words) == [4, 21, 34]
    assert scan._generation == generation + 1  # the word-start set was new
    # Asked again (and with equal sets built anew): nothing new, same places.
    assert scan.starts(low, frozenset({"http://"}), word_start=frozenset({"report"})) == [4, 21, 34]
    assert scan._generation == generation + 1
    # A phrase registered for word starts only is still registered anywhere when asked so.
    assert scan.starts("xreport", frozenset({"report"})) == [1]


def test_shared_scan_takes_plain_sets_too():
    from postlint.literals import SharedScan

    scan = SharedScan("perf6-sets")
    assert scan.starts("a report", {"rep"}, word_start={"a"}) == [0, 2]  # type: ignore[arg-type]
