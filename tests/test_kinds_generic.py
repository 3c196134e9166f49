"""The generic kinds (substitution, occurrence, repetition, conditional, consistency,
capitalization) on Markdown drafts: exact positions, messages and fixes, plus the
errors a malformed rule file gets."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from postlint.document import parse
from postlint.errors import RuleError
from postlint.rules import Rule, load_rule_file


def make_rule(tmp_path: Path, body: str, name: str = "Test") -> Rule:
    folder = tmp_path / "Pack"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.yml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return load_rule_file(path, "Pack")


def run(rule: Rule, draft: str) -> list[tuple[int, int, str, str, str | None]]:
    """(line, column, match, message, fix replacement) for each finding, in order."""
    doc = parse(textwrap.dedent(draft), "draft.md")
    out = []
    for f in rule.engine.check(rule, doc):
        line, col = doc.line_col(f.offset)
        out.append((line, col, f.match, f.message, f.fix.replacement if f.fix else None))
    return out


# --- substitution -----------------------------------------------------------------

WORDY = """
    kind: substitution
    ignorecase: true
    swap:
      in order to: to
      at this point: now
      at this point in time: now
      due to the fact that: because|since
"""


def test_substitution_fix_keeps_the_capital_of_a_sentence_start(tmp_path):
    draft = """\
        # Notes

        In order to ship, we cut scope. We did it at this
        point in time, in order to be fast.
        """
    assert run(make_rule(tmp_path, WORDY), draft) == [
        (3, 1, "In order to", "Use 'To' instead of 'In order to'.", "To"),
        # The longer phrase wins over its prefix, across a line break.
        (
            3,
            43,
            "at this\npoint in time",
            "Use 'now' instead of 'at this\npoint in time'.",
            "now",
        ),
        (4, 16, "in order to", "Use 'to' instead of 'in order to'.", "to"),
    ]


def test_substitution_with_alternatives_lists_them_and_offers_no_fix(tmp_path):
    draft = "We waited due to the fact that it rained.\n"
    assert run(make_rule(tmp_path, WORDY), draft) == [
        (
            1,
            11,
            "due to the fact that",
            "Use 'because' or 'since' instead of 'due to the fact that'.",
            None,
        )
    ]


def test_substitution_matches_whole_words_only_and_skips_code(tmp_path):
    draft = "Disorder to the system; `in order to` is code.\n"
    assert run(make_rule(tmp_path, WORDY), draft) == []


def test_substitution_regex_keys_and_a_custom_message(tmp_path):
    rule = make_rule(
        tmp_path,
        r"""
        kind: substitution
        regex: true
        message: "Prefer '{replacement}' to '{match}'."
        swap:
          'utili[sz](?:e|ed|es)': use
        """,
    )
    assert run(rule, "We utilised the cache and\nutilize the disk.\n") == [
        (1, 4, "utilised", "Prefer ''use'' to 'utilised'.", "use"),
        (2, 1, "utilize", "Prefer ''use'' to 'utilize'.", "use"),
    ]


def test_substitution_is_case_sensitive_unless_asked(tmp_path):
    rule = make_rule(tmp_path, "kind: substitution\nswap:\n  Javascript: JavaScript\n")
    assert run(rule, "Javascript and javascript.\n") == [
        (1, 1, "Javascript", "Use 'JavaScript' instead of 'Javascript'.", "JavaScript")
    ]


# --- occurrence ----------------------------------------------------------------------


def test_occurrence_max_points_at_the_first_match_over_the_limit(tmp_path):
    rule = make_rule(tmp_path, 'kind: occurrence\ntoken: "!"\nmax: 1\nscope: paragraph\n')
    draft = """\
        It shipped! It is fast!
        And free!

        One more!
        """
    assert run(rule, draft) == [
        (1, 23, "!", "Found 3 matches here; the limit is 1.", None),
    ]


def test_occurrence_min_points_at_the_scope_span(tmp_path):
    rule = make_rule(
        tmp_path,
        r"""
        kind: occurrence
        pattern: '\d+(?:\.\d+)?%'
        min: 1
        scope: heading
        message: "Heading has {count} figures; want {min}."
        """,
    )
    draft = "# Sales up 12%\n\nText.\n\n## Why it matters\n"
    assert run(rule, draft) == [
        (5, 4, "Why it matters", "Heading has 0 figures; want 1.", None),
    ]


def test_occurrence_counts_words_per_sentence(tmp_path):
    rule = make_rule(tmp_path, "kind: occurrence\ntoken: and\nmax: 2\nscope: sentence\n")
    draft = "Cats and dogs and birds and fish. Salt and pepper and oil.\n"
    assert run(rule, draft) == [(1, 25, "and", "Found 3 matches here; the limit is 2.", None)]


# --- repetition ------------------------------------------------------------------------


def test_repetition_flags_the_second_word_and_fix_removes_it(tmp_path):
    rule = make_rule(tmp_path, "kind: repetition\nignorecase: true\n")
    draft = """\
        The the release moved to the
        the new runner.
        """
    assert run(rule, draft) == [
        (1, 4, " the", "'the' is repeated.", ""),
        (1, 29, "\nthe", "'the' is repeated.", ""),
    ]


def test_repetition_ignores_words_split_by_markup_punctuation_or_blocks(tmp_path):
    rule = make_rule(tmp_path, "kind: repetition\nignorecase: true\n")
    draft = """\
        # Setup

        Setup is quick. Quick, quick: run `run` run it.

        - item
        - item
        Version 2 2 is out.
        """
    assert run(rule, draft) == []


def test_repetition_across_emphasis_markers_and_with_a_token_filter(tmp_path):
    rule = make_rule(tmp_path, "kind: repetition\ntokens: [a, the]\nexceptions: []\n")
    draft = "It is is a **a** test of the the tool.\n"
    assert run(rule, draft) == [
        # No fix: deleting " **a" would leave the closing "**" unmatched.
        (1, 11, " **a", "'a' is repeated.", None),
        (1, 29, " the", "'the' is repeated.", ""),
    ]


def test_repetition_exceptions_are_left_alone(tmp_path):
    rule = make_rule(tmp_path, "kind: repetition\nexceptions: [that]\n")
    assert run(rule, "He said that that was fine, fine.\n") == []


# --- conditional ------------------------------------------------------------------------

ACRONYMS = r"""
    kind: conditional
    message: "Define '{term}'."
    first: '\b([A-Z]{3,5})\b'
    second: '(?:\b[A-Z][a-z]+ )+\(([A-Z]{3,5})\)|\b([A-Z]{3,5}) \([a-z][a-z ]+\)'
    exceptions: [API]
"""


def test_conditional_flags_the_first_use_of_each_undefined_term(tmp_path):
    draft = """\
        The CDN and the WAF sit in front of the API.

        A Content Delivery Network (CDN) caches pages. The WAF blocks bots.
        """
    assert run(make_rule(tmp_path, ACRONYMS), draft) == [
        (1, 17, "WAF", "Define 'WAF'.", None),
    ]


def test_conditional_accepts_any_alternative_of_second(tmp_path):
    draft = "Use the WAF (web application firewall) first; the WAF is cheap.\n"
    assert run(make_rule(tmp_path, ACRONYMS), draft) == []


# --- consistency ----------------------------------------------------------------------------


def test_consistency_flags_the_less_frequent_variant(tmp_path):
    rule = make_rule(
        tmp_path,
        "kind: consistency\nignorecase: true\neither:\n  email: e-mail\n  advisor: adviser\n",
    )
    draft = """\
        Send an e-mail. E-mail is fine.

        Or an email. Our advisor agrees.
        """
    assert run(rule, draft) == [
        (3, 7, "email", "'email' and 'e-mail' are both used; keep to 'e-mail'.", "e-mail"),
    ]


def test_consistency_tie_flags_the_variant_seen_second(tmp_path):
    rule = make_rule(tmp_path, "kind: consistency\neither:\n  colour: color\n")
    draft = "The color of the sky.\n\nThe colour of the sea.\n"
    assert run(rule, draft) == [
        (3, 5, "colour", "'colour' and 'color' are both used; keep to 'color'.", "color"),
    ]


def test_consistency_regex_variants_cover_inflections_without_a_fix(tmp_path):
    rule = make_rule(
        tmp_path,
        r"""
        kind: consistency
        regex: true
        either:
          'organis(?:e|ed|ing)': 'organiz(?:e|ed|ing)'
        """,
    )
    draft = "We organised it, organising more, then organized it.\n"
    assert run(rule, draft) == [
        (
            1,
            40,
            "organized",
            "'organized' and 'organised' are both used; keep to 'organised'.",
            None,
        ),
    ]


def test_consistency_ignores_quoted_spelling(tmp_path):
    rule = make_rule(tmp_path, "kind: consistency\neither:\n  colour: color\n")
    assert run(rule, 'The color. She wrote "the colour of money" once.\n') == []


# --- capitalization -------------------------------------------------------------------------------


def test_capitalization_sentence_case_with_fix_that_keeps_markup(tmp_path):
    rule = make_rule(tmp_path, "kind: capitalization\nexceptions: [Go]\n")
    draft = """\
        # Getting Started With **Go** and the `Run` API

        We use `Run` in Go.

        ## Why we did it: A story
        """
    assert run(rule, draft) == [
        (
            1,
            3,
            "Getting Started With **Go** and the `Run` API",
            "'Getting Started With **Go** and the `Run` API' should be in sentence case:"
            " 'Getting started with **Go** and the `Run` API'.",
            "Getting started with **Go** and the `Run` API",
        ),
    ]


def test_capitalization_learns_names_from_the_body(tmp_path):
    rule = make_rule(tmp_path, "kind: capitalization\n")
    draft = """\
        # Moving From Travis to GitHub Actions

        We left Travis last year and moved to GitHub Actions.
        """
    fix = "Moving from Travis to GitHub Actions"
    assert [(line, col, fix_) for line, col, _, _, fix_ in run(rule, draft)] == [(1, 3, fix)]


def test_capitalization_title_case_keeps_small_words_lower(tmp_path):
    rule = make_rule(tmp_path, "kind: capitalization\nmatch: $title\nlearn_proper_nouns: false\n")
    draft = "## a guide to the tools of the trade\n\n## Part 2: the end\n"
    assert run(rule, draft) == [
        (
            1,
            4,
            "a guide to the tools of the trade",
            "'a guide to the tools of the trade' should be in title case:"
            " 'A Guide to the Tools of the Trade'.",
            "A Guide to the Tools of the Trade",
        ),
        (
            3,
            4,
            "Part 2: the end",
            "'Part 2: the end' should be in title case: 'Part 2: The End'.",
            "Part 2: The End",
        ),
    ]


def test_capitalization_heading_starting_with_code_is_not_capitalised(tmp_path):
    rule = make_rule(tmp_path, "kind: capitalization\n")
    assert run(rule, "## `citool` is now a crate\n\nBody.\n") == []


def test_capitalization_regex_style_has_no_fix(tmp_path):
    rule = make_rule(tmp_path, "kind: capitalization\nmatch: '[A-Z][^.]*'\n")
    assert run(rule, "# Ends with a period.\n") == [
        (
            1,
            3,
            "Ends with a period.",
            "'Ends with a period.' should be in the form /[A-Z][^.]*/: ''.",
            None,
        )
    ]


# --- rule validation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "line", "key", "expected"),
    [
        ("kind: substitution\nlevel: warning\n", None, None, "missing required key 'swap'"),
        ("kind: substitution\nswap: [a, b]\n", 2, "swap", "expected a mapping of strings"),
        ("kind: substitution\nregex: true\nswap:\n  'a(b': c\n", 3, "swap", "invalid regular"),
        ("kind: substitution\nswap:\n  phrase: ''\n", 2, "swap", "expected a replacement"),
        ("kind: occurrence\ntoken: x\n", None, "max", "expected 'max' or 'min'"),
        ("kind: occurrence\nmax: 1\n", None, "token", "exactly one of 'token' or 'pattern'"),
        ("kind: occurrence\npattern: '[a'\nmax: 1\n", 2, "pattern", "invalid regular"),
        ("kind: occurrence\ntoken: x\nmin: 3\nmax: 1\n", 3, "min", "at most max"),
        ("kind: repetition\npattern: '(x'\n", 2, "pattern", "invalid regular"),
        ("kind: conditional\nfirst: '[A-Z]+'\n", None, None, "missing required key 'second'"),
        ("kind: consistency\neither: {}\n", 2, "either", "at least one"),
        ("kind: consistency\nregex: true\neither:\n  'a(': b\n", 3, "either", "invalid regular"),
        ("kind: capitalization\nmatch: $camel\n", 2, "match", "expected one of $sentence"),
        ("kind: capitalization\nscope: paragraph\n", 2, "scope", "expected one of heading"),
        ("kind: repetition\ntokns: [a]\n", 2, "tokns", "unknown key for kind 'repetition'"),
    ],
)
def test_malformed_rules_name_file_line_and_key(tmp_path, body, line, key, expected):
    with pytest.raises(RuleError) as info:
        make_rule(tmp_path, body, name="Broken")
    err = info.value
    assert err.path.endswith("Broken.yml")
    assert err.line == line
    assert err.key == key
    assert expected in err.detail
    assert str(err).startswith(f"{err.path}:{line}" if line else err.path)
