"""The shipped Style pack: each rule on a realistic draft that triggers it and one that
does not, through the engine (so exceptions, quotes and levels apply as for users)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from postlint.config import Config
from postlint.engine import Linter, Selection
from postlint.rules import load_pack, shipped_packs_dir

STYLE = shipped_packs_dir() / "Style"


def lint(rule: str, draft: str) -> list[tuple[int, int, str, str, str | None]]:
    linter = Linter(config=Config(packs=["Style"]), selection=Selection(select=[f"Style.{rule}"]))
    result = linter.lint_text(textwrap.dedent(draft), "draft.md")
    assert result.error is None
    return [
        (f.line, f.column, f.match, f.message, f.fix.replacement if f.fix else None)
        for f in result.findings
    ]


def test_every_style_rule_loads_and_documents_itself():
    rules = load_pack(Path(STYLE))
    names = {r.name for r in rules}
    assert names == {
        "Acronyms",
        "Cliches",
        "Exclamation",
        "HeadingCase",
        "Hedging",
        "RepeatedWords",
        "Spelling",
        "Weasel",
        "Wordy",
    }
    for rule in rules:
        assert rule.description.strip(), rule.id
        assert rule.example.strip(), rule.id


@pytest.mark.parametrize("rule", [p.stem for p in sorted(Path(STYLE).glob("*.yml"))])
def test_each_rule_fires_on_its_own_example(rule):
    example = next(r for r in load_pack(Path(STYLE)) if r.name == rule).example
    assert lint(rule, example), f"Style.{rule} does not fire on its example"


def test_wordy_suggests_plain_words_with_fixes():
    draft = """\
        ---
        title: Release notes
        ---
        # Release notes

        In order to speed up builds, we made a decision to cache
        dependencies. At this point in time the cache is on by default.
        """
    assert lint("Wordy", draft) == [
        (6, 1, "In order to", "Use 'To' instead of 'In order to'.", "To"),
        (6, 33, "made a decision", "Use 'decided' instead of 'made a decision'.", "decided"),
        (7, 15, "At this point in time", "Use 'Now' instead of 'At this point in time'.", "Now"),
    ]


def test_wordy_leaves_plain_prose_alone():
    draft = "To speed up builds, we cache dependencies. The cache is now on by default.\n"
    assert lint("Wordy", draft) == []


def test_weasel_flags_vague_intensifiers():
    draft = "The new parser is very fast and quite a bit smaller.\n"
    assert lint("Weasel", draft) == [
        (1, 19, "very", "'very' is a weasel word: say how much, or cut it.", None),
        (1, 33, "quite", "'quite' is a weasel word: say how much, or cut it.", None),
    ]


def test_weasel_quiet_on_measured_claims():
    assert lint("Weasel", "The new parser is 40% faster and 2 MB smaller.\n") == []


def test_cliches_flag_stock_phrases_in_either_spelling():
    draft = """\
        Caching was low hanging fruit. At the end of the day, it is a
        game-changer for slow networks.
        """
    message = "is a cliché: say what you mean in plain words."
    assert lint("Cliches", draft) == [
        (1, 13, "low hanging fruit", f"'low hanging fruit' {message}", None),
        (1, 32, "At the end of the day", f"'At the end of the day' {message}", None),
        (2, 1, "game-changer", f"'game-changer' {message}", None),
    ]


def test_cliches_quiet_on_specific_claims():
    draft = "Caching took one afternoon and cut page loads on slow networks by half.\n"
    assert lint("Cliches", draft) == []


def test_hedging_flags_hedges_but_not_kind_of_as_a_noun():
    draft = """\
        I think the migration is kind of done. What kind of data
        does it move? This sort of tool is new.
        """
    suffix = "hedges: state the claim, or say what you are unsure of and why."
    assert lint("Hedging", draft) == [
        (1, 1, "I think", f"'I think' {suffix}", None),
        (1, 26, "kind of", f"'kind of' {suffix}", None),
    ]


def test_hedging_quiet_on_direct_statements():
    draft = "The migration is done. It moves user data and audit logs.\n"
    assert lint("Hedging", draft) == []


def test_repeated_words_across_a_line_break_with_fix():
    draft = """\
        We moved the build to a new runner and the
        the cache went with it.
        """
    assert lint("RepeatedWords", draft) == [
        (1, 43, "\nthe", "'the' is repeated; delete one.", ""),
    ]


def test_repeated_words_leaves_legitimate_doubles():
    draft = "He said that that was fine. Cats, cats everywhere.\n"
    assert lint("RepeatedWords", draft) == []


def test_acronyms_flags_undefined_ones_once():
    draft = """\
        # Shipping the CDN

        The CDN caches pages near readers; the API stays the same. The CDN
        also hides the origin.
        """
    message = "Spell out 'CDN' on first use, e.g. 'Full Name (CDN)'."
    assert lint("Acronyms", draft) == [(1, 16, "CDN", message, None)]


def test_acronyms_accepts_a_definition_anywhere():
    draft = """\
        # Shipping the CDN

        A Content Delivery Network (CDN) caches pages near readers. THE END.
        """
    assert lint("Acronyms", draft) == []


def test_spelling_flags_mixed_british_and_american():
    draft = """\
        We organised the colour palette and optimised the layout.

        Then we picked a new color.
        """
    assert lint("Spelling", draft) == [
        (
            3,
            22,
            "color",
            "'color' and 'colour' follow different spelling conventions (British and American);"
            " keep to one, as in 'colour'.",
            None,
        )
    ]


def test_spelling_quiet_when_one_convention_is_used():
    draft = "We organized the color palette and optimized the layout.\n"
    assert lint("Spelling", draft) == []


def test_heading_case_suggests_sentence_case_with_a_fix():
    draft = """\
        # Migrating Your Projects To GitHub Actions

        We moved every project to GitHub Actions in June.
        """
    expected = "Migrating your projects to GitHub Actions"
    assert lint("HeadingCase", draft) == [
        (
            1,
            3,
            "Migrating Your Projects To GitHub Actions",
            f"Use sentence case for headings: '{expected}'.",
            expected,
        )
    ]


def test_heading_case_quiet_on_sentence_case_headings():
    draft = """\
        # Migrating your projects to GitHub Actions

        ## What `Run` does in Go

        In June we moved every project to GitHub Actions.
        """
    assert lint("HeadingCase", draft) == []


def test_exclamation_flags_a_shouting_paragraph():
    draft = """\
        Version 2 is out! It is faster! And it is free!

        We hope you like it!
        """
    assert lint("Exclamation", draft) == [
        (
            1,
            31,
            "!",
            "3 exclamation marks in one paragraph; keep at most 1 and let the content carry"
            " the excitement.",
            None,
        )
    ]


def test_exclamation_allows_one_per_paragraph():
    draft = "Version 2 is out! It is faster.\n\nWe hope you like it!\n"
    assert lint("Exclamation", draft) == []
