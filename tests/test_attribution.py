"""The attribution kind: reliance signals, attribution forms, the five finding types and
the ``attribution`` metric, on realistic short drafts; plus the labelled set."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from postlint.config import Config
from postlint.engine import Linter, Selection
from postlint.errors import RuleError
from postlint.rules import build_rule

RULE = "Postlint.Attribution"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(config=Config(packs=["Postlint"]), selection=Selection(select=[RULE]))


def lint(linter: Linter, text: str, path: str = "draft.md"):
    result = linter.lint_text(text, path)
    assert result.error is None
    return result, [f for f in result.findings if f.rule == RULE]


def kind_of(finding) -> str:
    return finding.evidence[0].removeprefix("type: ")


# --- finding types -------------------------------------------------------------------


def test_named_but_unlinked_source_is_a_warning_at_the_name(linter):
    text = (
        "# Racks come home\n"
        "\n"
        "According to DCD, the cloud firm announced yesterday that it will build racks in Texas.\n"
        "The racks cover cooling, power and networking.\n"
    )
    result, found = lint(linter, text)
    assert result.metrics["attribution"] == "named_unlinked"
    assert len(found) == 1
    f = found[0]
    assert (f.line, f.column, f.end_column, f.level.label) == (3, 14, 17, "warning")
    assert f.match == "DCD"
    assert "'DCD' is named as a source (According to DCD) but never linked" in f.message
    assert "link the source: [DCD](https://...)" in f.message
    assert kind_of(f) == "named_unlinked"
    assert "named source: 'DCD'" in f.evidence


def test_missing_source_is_an_error_at_the_first_signal(linter):
    text = (
        "The carmaker will recall 40,000 vehicles.\n"
        "\n"
        "The company said in a statement that no injuries were reported.\n"
        "A spokesperson declined to comment on the cost.\n"
    )
    result, found = lint(linter, text)
    assert result.metrics["attribution"] == "missing"
    assert [(f.line, f.column, f.level.label, kind_of(f)) for f in found] == [
        (3, 13, "error", "missing")
    ]
    f = found[0]
    assert f.match == "said in a statement"
    assert "reporting phrase: 'said in a statement'" in f.message
    assert "reporting phrase: 'declined to comment'" in f.message
    assert "names no source: link the source near the claim" in f.message
    assert "reporting phrase: 'A spokesperson'" in f.evidence


def test_quote_without_speaker_is_a_warning_at_the_quote(linter):
    text = (
        "Critics were unconvinced by the plan.\n"
        "“It is a giveaway to the biggest firms and nothing more.”\n"
        "The vote is next week.\n"
    )
    result, found = lint(linter, text)
    assert [(f.line, f.column, f.level.label, kind_of(f)) for f in found] == [
        (2, 1, "warning", "quote_no_speaker")
    ]
    assert found[0].match == "“It is a giveaway to the biggest firms and nothing more.”"
    assert found[0].message.startswith("Quotation with no speaker (11 words")
    assert result.metrics["attribution"] == "not_needed"  # one quote alone is not a news report


@pytest.mark.parametrize(
    "text",
    [
        '"We will double our output within two years," said Priya Natarajan.\n',
        'Jane Okafor explained the delay.\n"The supply of transformers ran out last winter."\n',
        "“Software is a team sport, and the team is bigger than you think.” — Ada Byron\n",
        'Dr. Amara Singh runs the lab. "The bleaching is the worst I have seen," she said.\n',
        'The so-called "fast path" is only "fast" when the cache is warm.\n',
        'I finished the article "A Gentle Introduction to Build Systems" last night.\n',
        'New users often ask, "How do I pick the right package for my project?"\n',
    ],
    ids=["said-name", "previous-sentence", "em-dash", "pronoun", "scare", "title", "question"],
)
def test_quotes_with_a_speaker_or_not_speech_are_left_alone(linter, text):
    _, found = lint(linter, text)
    assert found == []


def test_a_quotation_continuing_the_previous_speaker_has_a_speaker(linter):
    text = (
        "The co-op signed up forty farms this spring.\n"
        '"The contract covers five harvests," said Tomasz Wilk. "That is how I can plan."\n'
    )
    _, found = lint(linter, text)
    assert found == []


def test_a_continuation_too_far_from_the_spoken_quotation_needs_its_own_speaker(linter):
    text = (
        '"The contract covers five harvests," said Tomasz Wilk. The co-op signed forty farms. '
        'Prices rose in May. "That is how every grower can plan ahead."\n'
    )
    _, found = lint(linter, text)
    assert [(f.line, f.column, kind_of(f)) for f in found] == [(1, 106, "quote_no_speaker")]
    assert found[0].match == '"That is how every grower can plan ahead."'
    # The window comes from the rule: allowing three sentences continues the speaker.
    wider = Linter(
        config=Config(packs=["Postlint"], rules={RULE: {"continuation_sentences": 3}}),
        selection=Selection(select=[RULE]),
    )
    assert lint(wider, text)[1] == []


def test_a_quotation_after_an_unattributed_one_does_not_inherit_a_speaker(linter):
    text = (
        "Critics were unconvinced by the plan.\n"
        "“It is a giveaway to the biggest firms and nothing more.” “It will cost us all.”\n"
    )
    _, found = lint(linter, text)
    assert [(f.line, f.column, kind_of(f)) for f in found] == [
        (2, 1, "quote_no_speaker"),
        (2, 59, "quote_no_speaker"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        '"We leverage the new calendar API" means "we use the new calendar API".\n',
        'Avoid the word "synergy in all our planning meetings" in release notes.\n',
        'The fridge has a note that reads "Do not eat my yoghurt, I will know."\n',
        'Every box is labelled "Handle with care, this side up."\n',
        'We kept a checklist called "Things we will never ship again."\n',
        '"Ship it when it is ready" stands for our release policy.\n',
    ],
    ids=["means", "the-word", "reads", "labelled", "called", "stands-for"],
)
def test_mentioned_wordings_are_not_speech(linter, text):
    _, found = lint(linter, text)
    assert found == []


def test_mention_cues_come_from_the_rule(linter):
    text = 'Every box is labelled "Handle with care, this side up."\n'
    bare = Linter(
        config=Config(packs=["Postlint"], rules={RULE: {"mention_cues_before": []}}),
        selection=Selection(select=[RULE]),
    )
    _, found = lint(bare, text)
    assert [(f.line, f.column, kind_of(f)) for f in found] == [(1, 23, "quote_no_speaker")]


def test_inspired_by_without_url_names_the_source(linter):
    text = (
        "I have been thinking about supply chains all week.\n"
        "\n"
        'Source: This post was inspired by "Chips and the new factory towns" by The Weekly Byte. '
        "Read the original article\n"
    )
    result, found = lint(linter, text)
    assert result.metrics["attribution"] == "named_unlinked"
    assert [(f.line, f.column, f.level.label, kind_of(f)) for f in found] == [
        (3, 9, "warning", "origin")
    ]
    assert found[0].match == "This post was inspired by"
    assert "names 'Weekly Byte' but has no URL" in found[0].message


def test_origin_without_url_or_name(linter):
    text = "This article is based on a piece I read last week about factory towns.\n"
    result, found = lint(linter, text)
    assert result.metrics["attribution"] == "missing"
    # Same position: sorted by message, so the origin warning comes first.
    assert [(f.line, f.column, kind_of(f)) for f in found] == [(1, 1, "origin"), (1, 1, "missing")]
    origin = found[0]
    assert "has no URL and does not name the source" in origin.message


def test_unsourced_statistic_is_a_suggestion_at_the_figure(linter):
    text = (
        "Remote work keeps growing.\nA recent survey found that 64% of developers work from home.\n"
    )
    _, found = lint(linter, text)
    assert [(f.line, f.column, f.end_column, f.level.label) for f in found] == [
        (2, 28, 31, "suggestion")
    ]
    assert found[0].message == (
        "Statistic '64%' with 'survey' but no source in the sentence: "
        "link the study or name who published it."
    )


@pytest.mark.parametrize(
    "text",
    [
        "A Gallup survey found that 64% of workers want flexible hours.\n",
        "A [2024 study](https://journal.example.org/remote) found that 64% work remotely.\n",
        "Our survey found that 64% of respondents use the new release.\n",
    ],
    ids=["named", "linked", "first-party"],
)
def test_sourced_statistics_are_not_flagged(linter, text):
    _, found = lint(linter, text)
    assert found == []


# --- attribution forms -------------------------------------------------------------------


CLAIM = "The ferry operator said in a statement that services resume on Friday.\n"


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("---\ntitle: Ferries\nsource: https://coastnews.example.com/ferry\n---\n" + CLAIM, "a.md"),
        ("---\ncanonical_url: https://coastnews.example.com/ferry\n---\n" + CLAIM, "a.md"),
        (CLAIM + "\nSource: https://coastnews.example.com/ferry\n", "a.md"),
        (CLAIM + "\nVia: [Coast News](https://coastnews.example.com/ferry)\n", "a.md"),
        (CLAIM + "\n## References\n\n- [Ferry notice](https://coastnews.example.com/f)\n", "a.md"),
        (
            "The ferry operator [said in a statement](https://coastnews.example.com/f) "
            "that services resume.\n",
            "a.md",
        ),
        (
            "<html><body><p>" + CLAIM.strip() + "</p>\n<p>Source: "
            '<a href="https://coastnews.example.com/ferry">Coast News</a></p></body></html>\n',
            "a.html",
        ),
    ],
    ids=[
        "front-matter-source",
        "canonical-url",
        "source-line",
        "via-line",
        "references",
        "inline-link",
        "html-source-line",
    ],
)
def test_each_attribution_form_makes_the_post_linked(linter, text, path):
    result, found = lint(linter, text, path)
    assert found == []
    assert result.metrics["attribution"] == "linked"


def test_source_line_without_url_is_named_unlinked(linter):
    result, found = lint(linter, CLAIM + "\nSource: Coast News\n")
    assert result.metrics["attribution"] == "named_unlinked"
    assert [(f.line, f.column, f.match, kind_of(f)) for f in found] == [
        (3, 9, "Coast News", "named_unlinked")
    ]


def test_name_is_linked_by_domain_or_acronym(linter):
    text = (
        "According to Ars Technica, the startup raised money. DCD reported the deal first.\n\n"
        "See [one](https://arstechnica.com/x) and [two](https://www.datacenterdynamics.com/y).\n"
    )
    result, found = lint(linter, text)
    assert found == []
    assert result.metrics["attribution"] == "linked"


def test_html_named_unlinked_position(linter):
    text = (
        "<html><body><article>\n"
        "<p>According to Harbor Times, the port will expand its terminal.</p>\n"
        "</article></body></html>\n"
    )
    result, found = lint(linter, text, "post.html")
    assert [(f.line, f.column, f.match) for f in found] == [(2, 17, "Harbor Times")]
    assert result.metrics["attribution"] == "named_unlinked"


def test_wire_dateline_names_the_agency(linter):
    result, found = lint(linter, "WASHINGTON (AP) — Lawmakers reached a deal late Thursday.\n")
    assert [(f.line, f.column, f.match, kind_of(f)) for f in found] == [
        (1, 13, "AP", "named_unlinked")
    ]
    assert result.metrics["attribution"] == "named_unlinked"


# --- first-party writing ------------------------------------------------------------------


def test_first_party_release_post_is_not_needed(linter):
    text = (
        "We are happy to announce the 1.4 release. Today we announced the new scheduler,\n"
        "and our contributors worked hard on it. The core team said it is the biggest\n"
        'change this year. "It cut our review time in half," said Tomás Rivera, one of\n'
        "our maintainers. Our plan for 1.5 is on the roadmap.\n"
    )
    result, found = lint(linter, text)
    assert found == []
    assert result.metrics["attribution"] == "not_needed"


def test_original_essay_is_not_needed(linter):
    text = "I learned to bake bread one winter. The first loaves were dense.\n"
    result, found = lint(linter, text)
    assert found == []
    assert result.metrics["attribution"] == "not_needed"


# --- configuration --------------------------------------------------------------------------


def test_levels_and_messages_come_from_yaml(linter):
    rule = next(r for r in linter.rules_for("draft.md") if r.id == RULE)
    custom = rule.with_overrides(
        {"levels": {"named_unlinked": "error"}, "messages": {"named_unlinked": "Link {name}."}},
        origin="test",
    )
    assert custom.params["levels"]["named_unlinked"] == "error"
    with pytest.raises(RuleError, match="unknown finding type 'nope'"):
        rule.with_overrides({"levels": {"nope": "error"}}, origin="test")


def test_source_pattern_needs_a_name_placeholder():
    with pytest.raises(RuleError, match="no {name} placeholder"):
        build_rule(
            {"kind": "attribution", "source_patterns": ["according to"]},
            pack="P",
            name="A",
            path="A.yml",
            key_lines={},
        )


# --- labelled set ---------------------------------------------------------------------------


def _evaluate() -> dict:
    path = ROOT / "bench" / "accuracy_attribution.py"
    spec = importlib.util.spec_from_file_location("accuracy_attribution", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.evaluate()


# Measured on tests/data/attribution_cases.yml (71 cases, 15 of them held out); a
# regression below these fails. Raise them when the detectors improve.
THRESHOLDS = {
    "missing": (0.9, 0.8),
    "named_unlinked": (0.9, 0.85),
    "origin": (1.0, 1.0),
    "quote_no_speaker": (0.95, 1.0),
    "unsourced_statistic": (1.0, 0.75),
}


def test_labelled_set_precision_and_recall():
    report = _evaluate()
    assert report["cases"] >= 70
    for ftype, (precision, recall) in THRESHOLDS.items():
        row = report["by_type"][ftype]
        assert row["precision"] >= precision, (ftype, row, report["misses"])
        assert row["recall"] >= recall, (ftype, row, report["misses"])
    correct = sum(r["tp"] for k, r in report["by_type"].items() if k.startswith("metric="))
    assert correct / report["cases"] >= 0.9, report["misses"]


def test_an_interview_with_named_quotes_alone_is_not_missing(linter):
    text = (
        '"We started the project to map river data," said Lucía Ortega.\n'
        '"Most of the work was cleaning old spreadsheets," Ortega added.\n'
    )
    result, found = lint(linter, text)
    assert found == []
    assert result.metrics["attribution"] == "not_needed"
