"""The ``promo`` kind (rules/Postlint/Promotion.yml): undisclosed promotional inserts.

Each draft is a short, realistic post; the tests assert the exact rule, position,
level, message and evidence, and the JSON metrics. The last test runs the
labelled set in tests/data/promo_cases.yml through bench/accuracy_promo.py.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

from postlint.config import Config
from postlint.engine import Linter, Selection
from postlint.model import FileResult

RULE = "Postlint.Promotion"
ROOT = Path(__file__).resolve().parent.parent

NEWS = """\
# Chipmakers expand near Austin

Two chipmakers said on Monday that they will build new fabrication plants near
Austin. The plants will make power chips for electric cars and for the grid.
Local officials expect thousands of construction jobs over the next three years.
Speaking of which, RuggedTabHub.com has positioned itself as the leading provider of field tablets.

The state offered tax breaks to both chipmakers, and federal grants cover part of
the cost. The first plant should open in 2027, and the second a year later, if
the chipmakers find enough trained workers for the construction and the plants.
"""
PLUG_LINE = 6
PLUG = "Speaking of which, RuggedTabHub.com has positioned itself as the leading provider of field tablets."


def lint(text: str, path: str = "draft.md", **overrides: Any) -> FileResult:
    rules = {RULE: overrides} if overrides else {}
    linter = Linter(
        config=Config(packs=["Postlint"], rules=rules), selection=Selection(select=[RULE])
    )
    return linter.lint_text(text, path)


def promo_metrics(result: FileResult) -> tuple[str, bool, int]:
    m = result.metrics
    return m["promo"], m["disclosure"], m["promo_sentences"]


def test_undisclosed_insert_is_an_error_at_the_sentence_naming_its_signals():
    result = lint(NEWS)
    assert result.error is None
    [f] = result.findings
    assert (f.rule, f.level.label) == (RULE, "error")
    assert (f.line, f.column, f.end_line, f.end_column) == (PLUG_LINE, 1, PLUG_LINE, len(PLUG) + 1)
    assert f.match == PLUG
    assert f.message.startswith("Undisclosed promotion (score ")
    assert (
        "signals: segue 'Speaking of which', commercial domain 'RuggedTabHub.com', "
        "superlative 'positioned itself as the leading provider'"
    ) in f.message
    assert f.message.endswith("add a disclosure such as 'Sponsored' before it.")
    assert f.evidence[:4] == [
        "segue: 'Speaking of which' (+2)",
        "commercial domain: 'RuggedTabHub.com' (+1.5)",
        "superlative: 'positioned itself as the leading provider' (+1.5)",
        "vendor named with a claim: 'RuggedTabHub.com' (+1)",
    ]
    assert promo_metrics(result) == ("undisclosed", False, 1)


def test_disclosure_before_the_promotion_clears_it():
    result = lint("*Sponsored*\n\n" + NEWS)
    assert result.findings == []
    assert promo_metrics(result) == ("disclosed", True, 1)


def test_disclosure_inside_the_promotional_sentence_counts_as_placed_at_it():
    text = NEWS.replace("Speaking of which,", "Speaking of which (#ad),")
    result = lint(text)
    assert result.findings == []
    assert promo_metrics(result) == ("disclosed", True, 1)


def test_disclosure_only_at_the_end_is_a_warning_at_the_disclosure():
    text = NEWS + "\nThis article was sponsored by RuggedTabHub.\n"
    result = lint(text)
    [f] = result.findings
    assert (f.level.label, f.line, f.column, f.match) == ("warning", 12, 18, "sponsored by")
    assert f.message == (
        f"Disclosure 'sponsored by' comes after the promotion on line {PLUG_LINE}; place a "
        "clear disclosure before or at the promotion."
    )
    assert f.evidence == [f"first promotion: line {PLUG_LINE}", "disclosure: 'sponsored by'"]
    assert promo_metrics(result) == ("disclosed", True, 1)


def test_front_matter_sponsored_discloses_the_whole_post():
    result = lint("---\ntitle: Chips\nsponsored: true\n---\n" + NEWS)
    assert result.findings == []
    assert promo_metrics(result) == ("disclosed", True, 1)


def test_front_matter_disclosure_false_does_not_disclose():
    result = lint("---\nsponsored: false\ndisclosure: ''\n---\n" + NEWS)
    [f] = result.findings
    assert (f.line, f.column, f.level.label) == (PLUG_LINE + 4, 1, "error")
    assert promo_metrics(result) == ("undisclosed", False, 1)


def test_vague_label_is_not_a_disclosure_and_is_named_in_the_evidence():
    result = lint("#spon\n\n" + NEWS.replace("# Chipmakers", "## Chipmakers"))
    [f] = result.findings
    assert (f.line, f.column, f.level.label) == (PLUG_LINE + 2, 1, "error")
    assert f.evidence[-1] == "not a disclosure (too vague): '#spon'"
    assert promo_metrics(result) == ("undisclosed", False, 1)


def test_negated_disclosure_does_not_count():
    result = lint("This post is not sponsored.\n\n" + NEWS)
    [f] = result.findings
    assert (f.line, f.level.label) == (PLUG_LINE + 2, "error")


REVIEW = """\
# Three budget keyboards after a month of typing

I typed on three budget keyboards for a month, writing code and long emails on
each keyboard. The quietest keyboard had linear switches and a thick plastic case.
I bought mine [from this shop](https://amzn.to/3kBdX2q) after the test ended.

The loudest keyboard was also the most comfortable for long typing sessions, so
the choice between the keyboards depends on whether you share an office.
"""


def test_affiliate_link_alone_is_a_promotion():
    result = lint(REVIEW)
    [f] = result.findings
    assert (f.line, f.column, f.end_line, f.level.label) == (5, 1, 5, "error")
    assert (
        f.match == "I bought mine [from this shop](https://amzn.to/3kBdX2q) after the test ended."
    )
    assert "signals: affiliate link 'https://amzn.to/3kBdX2q';" in f.message
    assert f.evidence[0] == "affiliate link: 'https://amzn.to/3kBdX2q' (+5.5)"
    assert "first-party wording: 'mine' (-1.5)" in f.evidence
    assert promo_metrics(result) == ("undisclosed", False, 1)


def test_affiliate_parameter_on_a_shop_link_is_an_affiliate_link():
    text = REVIEW.replace("https://amzn.to/3kBdX2q", "https://shop.example.com/kb?tag=kbblog-20")
    [f] = lint(text).findings
    assert f.evidence[0] == "link to commercial site: 'shop.example.com' (+1)"
    assert f.evidence[1] == "affiliate link: 'https://shop.example.com/kb?tag=kbblog-20' (+5.5)"


def test_affiliate_disclosure_at_the_top_clears_the_review():
    result = lint("This post contains affiliate links.\n\n" + REVIEW)
    assert result.findings == []
    assert promo_metrics(result) == ("disclosed", True, 1)


def test_single_weak_signal_is_not_flagged():
    text = NEWS.replace(
        PLUG, "Visit the museum of local industry to see the first chips made in the state."
    )
    result = lint(text)
    assert result.findings == []
    assert promo_metrics(result) == ("none", False, 0)


def test_first_party_call_to_action_is_not_flagged():
    text = NEWS.replace(PLUG, "Check out our live map of the plants for the latest photos.")
    assert lint(text).findings == []


def test_a_brand_that_is_the_posts_topic_is_not_a_vendor_insert():
    post = (
        "# Corvid 2.4 is out\n\n"
        "Corvid 2.4 caches type information between builds. Corvid now rebuilds a "
        "one-line change in half the time. The Corvid cache lives in the build folder.\n\n"
        "Corvid.io is the best-in-class compiler for incremental builds, so check out the release.\n"
    )
    result = lint(post)
    assert result.findings == []
    assert promo_metrics(result) == ("none", False, 0)


def test_segue_in_a_question_carries_over_to_the_plug_that_answers_it():
    text = NEWS.replace(
        PLUG, "Looking for a sturdy tablet? TabForge tablets are trusted by thousands of crews."
    )
    [f] = lint(text).findings
    assert (f.line, f.column) == (PLUG_LINE, 30)
    assert f.match == "TabForge tablets are trusted by thousands of crews."
    assert f.evidence[0] == "segue: 'Looking for a' (+2)"


def test_threshold_and_weights_come_from_the_rule_parameters():
    assert lint(NEWS, threshold=100).findings == []
    result = lint(NEWS, weights={"segue": 0, "marketing_claim": 0, "vendor_with_claim": 0})
    assert result.findings == []


def test_html_draft_reports_positions_in_the_original_file():
    html = (
        "<html><body>\n"
        "<h1>Garden notes</h1>\n"
        "<p>Tomatoes need six hours of sun and soil that drains well. Water the plants\n"
        "at the base in the morning so the leaves dry before evening.</p>\n"
        '<p>On a related note, <a href="https://seedvault.com/?utm_source=garden">SeedVault</a>'
        " is the top-rated seed shop, and you can use code GROW20 today.</p>\n"
        "<p>Feed the tomatoes every two weeks once the first fruit sets, and pinch out\n"
        "side shoots so the plants put their energy into the fruit.</p>\n"
        "</body></html>\n"
    )
    result = lint(html, "garden.html")
    [f] = result.findings
    assert (f.line, f.column, f.level.label) == (5, 4, "error")
    assert f.match.startswith("On a related note, <a href=")
    assert f.evidence[:3] == [
        "segue: 'On a related note' (+2)",
        "link to commercial site: 'seedvault.com' (+1)",
        "superlative: 'top-rated' (+1.5)",
    ]
    assert "tracking parameter: 'utm_source' (+1)" in f.evidence
    assert promo_metrics(result) == ("undisclosed", False, 1)


def _accuracy_module():
    spec = importlib.util.spec_from_file_location(
        "accuracy_promo", ROOT / "bench/accuracy_promo.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("accuracy_promo", module)
    spec.loader.exec_module(module)
    return module


def test_labelled_set_precision_and_recall():
    report = _accuracy_module().evaluate()
    assert report["cases"] >= 50
    # Measured: detection precision 1.0, recall 0.973 (one brand-only insert missed);
    # disclosure precision and recall 1.0. Thresholds leave a little room for tuning.
    assert report["detection"]["precision"] >= 0.95
    assert report["detection"]["recall"] >= 0.93
    assert report["disclosure"]["precision"] >= 0.95
    assert report["disclosure"]["recall"] >= 0.95
    assert report["promo_metric_accuracy"] >= 0.95
    assert report["late_warning_accuracy"] == 1.0


def test_segue_to_any_audience_needing_something_is_a_pattern_not_a_noun_list():
    plug = (
        "And for field crews in the market for rugged radios, TalkRidge.com sells "
        "handsets rated for rain and dust."
    )
    result = lint(NEWS.replace(PLUG, plug))
    [f] = result.findings
    assert (f.line, f.column, f.end_column) == (PLUG_LINE, 1, len(plug) + 1)
    assert f.evidence[0] == "segue: 'for field crews in the market for' (+2)"
    assert "signals: segue 'for field crews in the market for', commercial domain" in f.message
    # Without the segue weight the same sentence stays under the threshold.
    assert lint(NEWS.replace(PLUG, plug), weights={"segue": 0}).findings == []


def test_audience_segue_counts_only_at_a_clause_start():
    plug = "TalkRidge.com sells radios for field crews needing handsets rated for rain and dust."
    assert lint(NEWS.replace(PLUG, plug)).findings == []


def test_front_matter_sponsored_post_is_disclosed_promotion_without_a_scored_sentence():
    text = NEWS.replace(PLUG, "The chips will also power trains.")
    assert promo_metrics(lint(text)) == ("none", False, 0)
    result = lint("---\nsponsored: true\n---\n" + text)
    assert result.findings == []
    assert promo_metrics(result) == ("disclosed", True, 0)
    result = lint("---\ndisclosure: Paid for by the chipmakers' association.\n---\n" + text)
    assert promo_metrics(result) == ("disclosed", True, 0)
    assert promo_metrics(lint("---\ndisclosure: ''\n---\n" + text)) == ("none", False, 0)
