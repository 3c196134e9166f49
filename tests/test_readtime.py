"""Read time: the estimate (words, CJK, images, code), declared read times and the rule."""

from __future__ import annotations

import pytest

from postlint.config import Config
from postlint.document import parse
from postlint.engine import Linter, Selection
from postlint.errors import ConfigError
from postlint.readtime import (
    ReadTimeSettings,
    code_lines,
    estimate_read_time,
    find_declarations,
    image_seconds,
)

SENTENCE = "The team ships a small change to the build today."  # ten words


def prose(words: int, per_paragraph: int = 5) -> str:
    """Paragraphs of ``per_paragraph`` ten-word sentences, ``words`` words in all."""
    full, rest = divmod(words, 10)
    sentences = [SENTENCE] * full
    if rest:
        sentences.append(" ".join(SENTENCE.split()[:rest]) + ".")
    return "\n\n".join(
        " ".join(sentences[i : i + per_paragraph]) for i in range(0, len(sentences), per_paragraph)
    )


def lint(text: str, path: str = "post.md", **overrides):
    rules = {"Postlint.ReadTime": overrides} if overrides else {}
    linter = Linter(
        config=Config(packs=["Postlint"], rules=rules),
        selection=Selection(select=["Postlint.ReadTime"]),
    )
    return linter.lint_text(text, path)


def only(result):
    assert len(result.findings) == 1, [f.to_dict() for f in result.findings]
    return result.findings[0]


# --- the estimate ------------------------------------------------------------------


def test_words_at_238_per_minute():
    doc = parse(prose(476), "post.md")
    estimate = estimate_read_time(doc)
    assert estimate.words == 476
    assert estimate.minutes == 2.0
    assert estimate.display == 2


def test_display_rounds_up_and_is_at_least_one():
    assert estimate_read_time(parse(prose(500), "a.md")).display == 3  # 2.1 min
    assert estimate_read_time(parse(prose(480), "a.md")).display == 2  # 2.02 shown as 2.0
    empty = estimate_read_time(parse("", "a.md"))
    assert (empty.minutes, empty.display) == (0.0, 1)


def test_image_time_is_medium_style():
    assert image_seconds(1, 12, 1, 3) == 12
    assert image_seconds(3, 12, 1, 3) == 12 + 11 + 10
    # 12 down to 3 is ten images (75 s); the next two get the 3 s floor.
    assert image_seconds(12, 12, 1, 3) == 75 + 3 + 3


def test_images_add_to_the_estimate_and_can_be_turned_off():
    text = prose(238) + "\n\n![a](a.png)\n\n![b](b.png)\n\n![c](c.png)\n"
    doc = parse(text, "post.md")
    with_images = estimate_read_time(doc)
    assert with_images.images == 3
    assert with_images.image_seconds == 33
    assert with_images.minutes == round((60 + 33) / 60, 1) == 1.6
    without = estimate_read_time(doc, ReadTimeSettings(images=False))
    assert (without.images, without.minutes) == (0, 1.0)


def test_cjk_characters_at_their_own_rate():
    text = "这是一个测试句子。" * 100 + "\n\n" + prose(238)  # 800 CJK characters + 238 words
    estimate = estimate_read_time(parse(text, "post.md"))
    assert estimate.cjk_chars == 800
    assert estimate.words == 238
    assert estimate.minutes == round(1 + 800 / 500, 1) == 2.6


def test_code_lines_at_their_own_rate_or_excluded():
    code = "```go\n" + "x := compute()\n\n" * 30 + "```\n"
    doc = parse(prose(238) + "\n\n" + code, "post.md")
    assert code_lines(doc) == 30  # blank lines and fences are not counted
    assert estimate_read_time(doc).minutes == 2.0  # 30 lines at 30 lines/min
    excluded = estimate_read_time(doc, ReadTimeSettings(code_lines_per_minute=0))
    assert (excluded.code_lines, excluded.minutes) == (0, 1.0)
    # Code is never counted as prose words.
    assert excluded.words == 238


def test_the_declarations_own_words_are_not_counted():
    doc = parse("Reading time: 4 minutes\n\n" + prose(238), "post.md")
    assert estimate_read_time(doc).words == 238
    assert estimate_read_time(doc, exclude=[]).words == 238 + 4


# --- finding declarations ------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "minutes", "match"),
    [
        ("5 min read", 5, "5 min read"),
        ("A 5-minute read about builds.", 5, "5-minute read"),
        ("Reading time: 5 minutes", 5, "Reading time: 5 minutes"),
        ("5 min reading", 5, "5 min reading"),
        ("Read time: 4 mins", 4, "Read time: 4 mins"),
        ("7 minutes read", 7, "7 minutes read"),
        ("Jun 26 · 11 minutes readIt was late.", 11, "11 minutes read"),
        ("Estimated reading time: 6 min", 6, "Estimated reading time: 6 min"),
        ("Time to read: 3 minutes", 3, "Time to read: 3 minutes"),
        ("2.5 min read", 2.5, "2.5 min read"),
    ],
)
def test_declaration_forms(line, minutes, match):
    doc = parse(f"# Title\n\n{line}\n", "post.md")
    [declaration] = find_declarations(doc)
    assert declaration.minutes == minutes
    assert doc.source[declaration.start : declaration.end] == match


@pytest.mark.parametrize(
    "line",
    [
        "I spent 5 minutes reading the docs before lunch.",
        "Open the 5 min readme first.",
        "The build takes 15 minutes; read the log while you wait.",
        "We read 5 papers in 10 minutes.",
        "Version 1.5 min readings were noisy.",
    ],
)
def test_not_declarations(line):
    assert find_declarations(parse(f"{line}\n", "post.md")) == []


def test_declarations_in_code_are_ignored():
    doc = parse("```\n5 min read\n```\n\nText.\n", "post.md")
    assert find_declarations(doc) == []


# --- the rule ---------------------------------------------------------------------------


def test_overstated_declaration_in_text_is_flagged_at_the_declaration_with_a_fix():
    text = "# Builds\n\nJun 26 · 5 min read\n\n" + prose(476)
    finding = only(lint(text))
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (3, 10, 3, 20)
    assert finding.match == "5 min read"
    assert finding.message == (
        "Declared read time is 5 min, but the text reads in about 2.0 min; declare 2 min."
    )
    assert finding.fix.replacement == "2 min read"
    # "Builds" and "Jun 26" are prose too; "5 min read" is not.
    assert finding.evidence == ["declared in text", "479 words at 238/min = 2.0 min"]


def test_glued_page_furniture_is_flagged_without_the_glued_word():
    text = "Admin\n\nJun 26 · 11 minutes readIt was a long night.\n\n" + prose(470)
    finding = only(lint(text))
    assert (finding.line, finding.column, finding.end_column) == (3, 10, 25)
    assert finding.match == "11 minutes read"
    assert finding.fix.replacement == "2 minutes read"


def test_front_matter_declaration_is_flagged_on_the_line_of_its_key():
    text = "---\ntitle: Builds\nreading_time: 9\nauthor: Sam\n---\n\n" + prose(476)
    result = lint(text)
    finding = only(result)
    assert (finding.line, finding.column, finding.end_column) == (3, 15, 16)
    assert finding.match == "9"
    assert finding.fix.replacement == "2"
    assert finding.evidence[0] == "declared in front matter 'reading_time'"
    assert result.metrics["declared_read_time_minutes"] == 9


def test_front_matter_string_value_keeps_its_unit_in_the_fix():
    text = '---\nreadingTime: "8 min"\n---\n\n' + prose(476)
    finding = only(lint(text))
    assert (finding.line, finding.column) == (2, 14)
    assert finding.match == '"8 min"'
    assert finding.fix.replacement == '"2 min"'


def test_prefix_form_fix_makes_the_unit_agree():
    finding = only(lint("Reading time: 1 minute\n\n" + prose(740)))
    assert finding.fix.replacement == "Reading time: 4 minutes"  # 3.1 min rounds up to 4


def test_declaration_within_tolerance_is_not_flagged():
    # 2.0 min estimated: 3 min is 1 minute off (not more than 1), so it passes.
    assert lint("3 min read\n\n" + prose(476)).findings == []


def test_both_tolerances_must_be_exceeded():
    # 20.0 min estimated, 21.5 declared: 1.5 min off, but only 7.5 % of the estimate.
    assert lint("21.5 min read\n\n" + prose(4760)).findings == []
    # 0.5 min estimated, 2 declared: 1.5 min off and 300 %: flagged.
    finding = only(lint("2 min read\n\n" + prose(120)))
    assert finding.message.startswith("Declared read time is 2 min, but the text reads in about")


def test_images_can_turn_a_declaration_from_wrong_to_right():
    images = "".join(f"\n\n![shot {i}](s{i}.png)" for i in range(10))  # 75 s
    text = "3 min read\n\n" + prose(238)
    assert len(lint(text).findings) == 1  # 1.0 min estimated: 2 min off
    assert lint(text + images).findings == []  # 2.25 min estimated: 0.75 min off


def test_require_declared_flags_line_one_when_missing():
    result = lint("# Builds\n\n" + prose(300), require_declared=True)  # 1.3 min
    finding = only(result)
    assert (finding.line, finding.column, finding.end_column) == (1, 1, 9)
    assert finding.message == "No read time declared; the text reads in about 2 min."
    assert result.metrics["declared_read_time_minutes"] is None


def test_require_declared_is_satisfied_by_a_declaration():
    assert lint("1 min read\n\n" + prose(238), require_declared=True).findings == []


def test_metrics():
    metrics = lint("# T\n\n" + prose(500) + "\n\n![x](x.png)\n").metrics
    assert metrics["read_time_minutes"] == round((501 / 238 * 60 + 12) / 60, 1) == 2.3
    assert metrics["read_time_display"] == 3
    assert metrics["declared_read_time_minutes"] is None


def test_invalid_rate_is_a_config_error():
    with pytest.raises(ConfigError, match="words_per_minute': expected a number greater than 0"):
        lint("Text.\n", words_per_minute=0)


@pytest.mark.parametrize(
    ("line", "minutes", "match"),
    [
        ("A five-minute read", 5.0, "five-minute read"),
        ("Read in 4 minutes.", 4.0, "Read in 4 minutes."),
        ("Reading time: twelve minutes", 12.0, "Reading time: twelve minutes"),
    ],
)
def test_declarations_with_number_words_and_read_in(line, minutes, match):
    doc = parse(line + "\n", "post.md")
    found = [(d.minutes, doc.source[d.start : d.end]) for d in find_declarations(doc)]
    assert found == [(minutes, match)]


@pytest.mark.parametrize("line", ["I read in bed most nights.", "Read in four languages."])
def test_read_in_without_a_time_is_not_a_declaration(line):
    assert find_declarations(parse(line + "\n", "post.md")) == []


def test_word_number_declaration_gets_a_digit_fix():
    finding = only(lint("A twelve-minute read\n\n" + prose(480)))
    assert (finding.line, finding.column, finding.match) == (1, 3, "twelve-minute read")
    assert finding.fix.replacement == "2-minute read"


def test_related_article_cards_further_down_are_not_checked():
    cards = "\n\nRelated articles\n\nHow we cut build times\n\n9 min read\n\nA tour of the new CLI\n\n12 min read\n"
    result = lint("2 min read\n\n" + prose(476) + cards)
    assert result.findings == []
    assert result.metrics["declared_read_time_minutes"] == 2


def test_check_all_declarations_checks_the_cards_too():
    cards = "\n\nRelated articles\n\nHow we cut build times\n\n9 min read\n"
    result = lint("2 min read\n\n" + prose(476) + cards, check_all_declarations=True)
    assert [f.match for f in result.findings] == ["9 min read"]
