"""The example drafts in examples/: exactly what postlint reports on each.

Every draft is linted with examples/.postlint.yml, as `postlint check examples/`
does, and the test asserts the exact set of findings as (rule, line, column,
level) for every rule that runs there: the Postlint content and readability
rules, the House pack and the Style pack (Postlint.Grammar is off in that config;
it needs a LanguageTool server). Content-check and House findings are also pinned
by exact message and fix, and the JSON metrics of each draft are asserted.

Findings marked "false alarm" are wrong and are listed in the README's "Known
misses and false alarms": they are pinned so a fix to the check shows up here as
a deliberate change (delete the line), not as silent drift.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

from postlint.engine import Linter
from postlint.model import FileResult

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CONFIG = EXAMPLES / ".postlint.yml"

FINDINGS: dict[str, list[tuple[str, int, int, str]]] = {
    "affiliate-review-late-disclosure.md": [
        ("House.HeadingLength", 1, 53, "suggestion"),
        ("Postlint.LongSentence", 3, 74, "suggestion"),
        ("Postlint.LongSentence", 7, 79, "suggestion"),
        ("Postlint.Passive", 7, 112, "suggestion"),  # false alarm, see README
        ("Postlint.VeryLongSentence", 13, 255, "warning"),
        ("Postlint.LongSentence", 21, 19, "suggestion"),
        ("Postlint.VeryLongSentence", 27, 1, "warning"),
        ("Postlint.Promotion", 33, 30, "warning"),
    ],
    "clean-essay.md": [
        ("Postlint.Passive", 3, 116, "suggestion"),
        ("Style.Weasel", 15, 190, "suggestion"),
        ("Postlint.LongSentence", 15, 242, "suggestion"),
        ("Style.Weasel", 27, 195, "suggestion"),
        ("Postlint.LongSentence", 31, 43, "suggestion"),
    ],
    "dense-academic-post.md": [
        ("Postlint.ParagraphReadability", 3, 1, "suggestion"),
        ("Postlint.VeryLongSentence", 3, 1, "warning"),
        ("Postlint.Passive", 3, 83, "suggestion"),
        ("Postlint.Passive", 3, 195, "suggestion"),
        ("Postlint.Passive", 3, 384, "suggestion"),
        ("Postlint.LongSentence", 3, 396, "suggestion"),
        ("Postlint.Passive", 3, 445, "suggestion"),
        ("Postlint.Passive", 3, 515, "suggestion"),
        ("Postlint.ParagraphReadability", 7, 1, "suggestion"),
        ("Postlint.Readability", 7, 1, "warning"),
        ("Postlint.ReadingEase", 7, 1, "warning"),
        ("Postlint.VeryLongSentence", 7, 1, "warning"),
        ("Postlint.Passive", 7, 363, "suggestion"),
        ("Postlint.VeryLongSentence", 7, 425, "warning"),
        ("Postlint.Passive", 7, 496, "suggestion"),
        ("Postlint.ParagraphReadability", 9, 1, "suggestion"),
        ("Postlint.VeryLongSentence", 9, 1, "warning"),
        ("Postlint.Passive", 9, 8, "suggestion"),
        ("Postlint.Passive", 9, 140, "suggestion"),
        ("Postlint.LongSentence", 9, 253, "suggestion"),
        ("Postlint.Passive", 9, 335, "suggestion"),
        ("Postlint.Passive", 9, 413, "suggestion"),
        ("Postlint.LongSentence", 13, 1, "suggestion"),
        ("Postlint.ParagraphReadability", 13, 1, "suggestion"),
        ("Postlint.Passive", 13, 24, "suggestion"),
        ("Postlint.VeryLongSentence", 13, 224, "warning"),
        ("Postlint.Passive", 13, 237, "suggestion"),
        ("Style.Wordy", 13, 256, "suggestion"),
        ("Postlint.Passive", 13, 395, "suggestion"),
        ("Postlint.Passive", 13, 512, "suggestion"),
        ("Postlint.ParagraphReadability", 15, 1, "suggestion"),
        ("Postlint.Passive", 15, 26, "suggestion"),
        ("Postlint.VeryLongSentence", 15, 131, "warning"),
        ("Postlint.Passive", 15, 193, "suggestion"),
        ("Postlint.Passive", 15, 301, "suggestion"),
        ("Postlint.ComplexWords", 19, 1, "suggestion"),
        ("Postlint.ParagraphReadability", 19, 1, "suggestion"),
        ("Postlint.VeryLongSentence", 19, 218, "warning"),
        ("Postlint.Passive", 19, 284, "suggestion"),
        ("Postlint.Passive", 19, 394, "suggestion"),
        ("Postlint.Passive", 19, 530, "suggestion"),
        ("Postlint.VeryLongSentence", 21, 1, "warning"),
        ("Postlint.Passive", 21, 51, "suggestion"),
    ],
    "front-matter-sponsored.md": [
        ("Postlint.ReadTime", 6, 15, "warning"),
        ("Style.HeadingCase", 13, 3, "suggestion"),  # false alarm, see README
        ("Postlint.VeryLongSentence", 15, 1, "warning"),
        ("Postlint.LongSentence", 15, 198, "suggestion"),
        ("Postlint.Passive", 15, 214, "suggestion"),
        ("Postlint.Passive", 15, 265, "suggestion"),
        ("Postlint.Passive", 21, 332, "suggestion"),
        ("Postlint.LongSentence", 23, 1, "suggestion"),
        ("Postlint.Passive", 23, 106, "suggestion"),
        ("Postlint.LongSentence", 29, 135, "suggestion"),
        ("Postlint.VeryLongSentence", 39, 29, "warning"),
        ("Style.Weasel", 39, 280, "suggestion"),
    ],
    "inline-disable.md": [
        ("Postlint.Passive", 3, 87, "suggestion"),
        ("Postlint.LongSentence", 5, 1, "suggestion"),
        ("Postlint.LongSentence", 13, 53, "suggestion"),
        ("Postlint.LongSentence", 27, 188, "suggestion"),
        ("Postlint.Passive", 27, 315, "suggestion"),
        ("Postlint.LongSentence", 34, 111, "suggestion"),
        ("Postlint.LongSentence", 36, 62, "suggestion"),
        ("House.Banned", 38, 17, "warning"),
    ],
    "library-evening-hours.html": [
        ("Postlint.LongSentence", 27, 10, "suggestion"),
        ("Postlint.LongSentence", 27, 158, "suggestion"),
        ("Postlint.VeryLongSentence", 33, 134, "warning"),
        ("Postlint.Passive", 35, 110, "suggestion"),
        ("Postlint.LongSentence", 39, 288, "suggestion"),
        ("Postlint.LongSentence", 51, 10, "suggestion"),
        ("Postlint.LongSentence", 55, 144, "suggestion"),
        ("House.Terms", 55, 191, "warning"),
        ("House.Terms", 55, 225, "warning"),
    ],
    "named-unlinked-rewrite.md": [
        ("House.HeadingLength", 1, 66, "suggestion"),
        ("Postlint.Attribution", 3, 127, "warning"),
        ("Postlint.Passive", 3, 269, "suggestion"),
        ("Postlint.LongSentence", 5, 1, "suggestion"),
        ("Postlint.Attribution", 5, 14, "warning"),
        ("Postlint.Passive", 5, 37, "suggestion"),
        ("Postlint.Passive", 5, 101, "suggestion"),
        ("Postlint.Passive", 5, 200, "suggestion"),
        ("Postlint.Passive", 5, 256, "suggestion"),
        ("Postlint.LongSentence", 9, 1, "suggestion"),
        ("Postlint.Passive", 9, 328, "suggestion"),
        ("Postlint.LongSentence", 11, 1, "suggestion"),
        ("Postlint.LongSentence", 15, 45, "suggestion"),
        ("Postlint.VeryLongSentence", 15, 210, "warning"),
        ("Postlint.Passive", 15, 276, "suggestion"),
        ("Postlint.Passive", 15, 355, "suggestion"),
        ("Postlint.LongSentence", 19, 1, "suggestion"),
        ("Postlint.VeryLongSentence", 25, 82, "warning"),
    ],
    "news-rewrite-disclosed.md": [
        ("House.HeadingLength", 1, 62, "suggestion"),
        ("Postlint.VeryLongSentence", 5, 1, "warning"),
        ("Postlint.LongSentence", 5, 267, "suggestion"),
        ("Postlint.LongSentence", 5, 460, "suggestion"),
        ("Postlint.VeryLongSentence", 7, 34, "warning"),
        ("Postlint.LongSentence", 11, 88, "suggestion"),
        ("Postlint.VeryLongSentence", 11, 330, "warning"),
        ("Postlint.VeryLongSentence", 17, 170, "warning"),
        ("Postlint.LongSentence", 23, 1, "suggestion"),
        ("Postlint.LongSentence", 27, 51, "suggestion"),
        ("Postlint.VeryLongSentence", 29, 27, "warning"),
        ("Postlint.Passive", 29, 81, "suggestion"),
        ("Postlint.LongSentence", 31, 39, "suggestion"),
    ],
    "news-rewrite-hidden-plug.md": [
        ("House.HeadingLength", 1, 62, "suggestion"),
        ("Postlint.VeryLongSentence", 3, 1, "warning"),
        ("Postlint.Attribution", 3, 14, "warning"),
        ("Postlint.LongSentence", 3, 191, "suggestion"),
        ("Postlint.LongSentence", 3, 384, "suggestion"),
        ("Postlint.VeryLongSentence", 5, 34, "warning"),
        ("Postlint.LongSentence", 9, 88, "suggestion"),
        ("Postlint.VeryLongSentence", 9, 330, "warning"),
        ("Postlint.VeryLongSentence", 15, 170, "warning"),
        ("Postlint.Promotion", 17, 192, "error"),
        ("Postlint.VeryLongSentence", 17, 192, "warning"),
        ("Postlint.LongSentence", 17, 401, "suggestion"),
        ("Postlint.LongSentence", 21, 51, "suggestion"),
        ("Postlint.VeryLongSentence", 23, 27, "warning"),
        ("Postlint.Passive", 23, 81, "suggestion"),
        ("Postlint.LongSentence", 25, 39, "suggestion"),
    ],
    "overstated-read-time.md": [
        ("Postlint.ReadTime", 3, 18, "warning"),
        ("Postlint.LongSentence", 17, 1, "suggestion"),
        ("Style.Weasel", 25, 181, "suggestion"),
    ],
    "pasted-web-page.md": [
        ("Postlint.ReadTime", 12, 1, "warning"),
        ("Postlint.LongSentence", 22, 142, "suggestion"),
        ("Postlint.Passive", 26, 254, "suggestion"),
        ("Postlint.Passive", 30, 56, "suggestion"),
        ("Postlint.Passive", 30, 100, "suggestion"),
        ("Postlint.LongSentence", 30, 245, "suggestion"),
        ("Postlint.LongSentence", 32, 33, "suggestion"),
        ("Postlint.Passive", 32, 45, "suggestion"),
        ("Postlint.Passive", 32, 92, "suggestion"),
        ("Postlint.Passive", 36, 84, "suggestion"),
        ("Postlint.Attribution", 40, 1, "warning"),
        ("Postlint.Passive", 40, 11, "suggestion"),
    ],
    "unsourced-copy.md": [
        ("House.HeadingLength", 1, 64, "suggestion"),
        ("Postlint.VeryLongSentence", 3, 1, "warning"),
        ("Postlint.Attribution", 3, 30, "error"),
        ("Postlint.VeryLongSentence", 3, 190, "warning"),
        ("Postlint.LongSentence", 5, 1, "suggestion"),
        ("Postlint.LongSentence", 9, 218, "suggestion"),
        ("Postlint.VeryLongSentence", 13, 1, "warning"),
        ("Postlint.Passive", 13, 60, "suggestion"),
        ("Postlint.LongSentence", 17, 139, "suggestion"),
        ("Postlint.Passive", 17, 168, "suggestion"),
        ("Postlint.LongSentence", 21, 28, "suggestion"),
        ("Postlint.VeryLongSentence", 25, 131, "warning"),
    ],
    "well-sourced-rewrite.md": [
        ("Postlint.LongSentence", 3, 1, "suggestion"),
        ("Postlint.Passive", 3, 494, "suggestion"),
        ("Style.Weasel", 9, 152, "suggestion"),
        ("Postlint.LongSentence", 15, 177, "suggestion"),
        ("Postlint.VeryLongSentence", 19, 27, "warning"),
        ("Postlint.VeryLongSentence", 23, 1, "warning"),
        ("Postlint.Passive", 23, 170, "suggestion"),
        ("Postlint.LongSentence", 23, 215, "suggestion"),
        ("Postlint.Passive", 23, 419, "suggestion"),
        ("Postlint.VeryLongSentence", 27, 62, "warning"),
        ("Style.Weasel", 27, 200, "suggestion"),
    ],
}
MESSAGES: dict[tuple[str, str, int, int], tuple[str, str | None]] = {
    ("affiliate-review-late-disclosure.md", "House.HeadingLength", 1, 53): (
        "This heading has 16 words (house limit 10); a heading is a signpost, not a summary.",
        None,
    ),
    ("affiliate-review-late-disclosure.md", "Postlint.Promotion", 33, 30): (
        "Disclosure 'affiliate links' comes after the promotion on line 27; place a clear disclosure before or at the promotion.",
        None,
    ),
    ("dense-academic-post.md", "Postlint.Readability", 7, 1): (
        "Flesch-Kincaid grade is 22.8 (target <= 16); this paragraph is the hardest at 30.6.",
        None,
    ),
    ("dense-academic-post.md", "Postlint.ReadingEase", 7, 1): (
        "Flesch reading ease is -6.4 (target >= 30); this paragraph is the hardest at -27.0.",
        None,
    ),
    ("front-matter-sponsored.md", "Postlint.ReadTime", 6, 15): (
        "Declared read time is 9 min, but the text reads in about 2.2 min; declare 3 min.",
        "3",
    ),
    ("inline-disable.md", "House.Banned", 38, 17): (
        "'revolutionary' is on the house list of banned buzzwords; say what actually happens.",
        None,
    ),
    ("library-evening-hours.html", "House.Terms", 55, 191): (
        "House style: write 'email', not 'e-mail'.",
        "email",
    ),
    ("library-evening-hours.html", "House.Terms", 55, 225): (
        "House style: write 'website', not 'web site'.",
        "website",
    ),
    ("named-unlinked-rewrite.md", "House.HeadingLength", 1, 66): (
        "This heading has 11 words (house limit 10); a heading is a signpost, not a summary.",
        None,
    ),
    ("named-unlinked-rewrite.md", "Postlint.Attribution", 3, 127): (
        "'Pixel Ledger' is named as a source (Pixel Ledger first reported) but never linked: link the source: [Pixel Ledger](https://...).",
        None,
    ),
    ("named-unlinked-rewrite.md", "Postlint.Attribution", 5, 14): (
        "'GameTrade Daily' is named as a source (According to GameTrade Daily) but never linked: link the source: [GameTrade Daily](https://...).",
        None,
    ),
    ("news-rewrite-disclosed.md", "House.HeadingLength", 1, 62): (
        "This heading has 13 words (house limit 10); a heading is a signpost, not a summary.",
        None,
    ),
    ("news-rewrite-hidden-plug.md", "House.HeadingLength", 1, 62): (
        "This heading has 13 words (house limit 10); a heading is a signpost, not a summary.",
        None,
    ),
    ("news-rewrite-hidden-plug.md", "Postlint.Attribution", 3, 14): (
        "'Water Networks Journal' is named as a source (According to Water Networks Journal) but never linked: link the source: [Water Networks Journal](https://...).",
        None,
    ),
    ("news-rewrite-hidden-plug.md", "Postlint.Promotion", 17, 192): (
        "Undisclosed promotion (score 6.18): signals: segue 'for utilities needing', commercial domain 'PipeProbeSupply.com', superlative 'positioned itself as the leading provider', vendor named with a claim 'PipeProbeSupply.com', off-topic '26% of its words occur elsewhere'; add a disclosure such as 'Sponsored' before it.",
        None,
    ),
    ("overstated-read-time.md", "Postlint.ReadTime", 3, 18): (
        "Declared read time is 12 min, but the text reads in about 2.0 min; declare 2 min.",
        "2 min read",
    ),
    ("pasted-web-page.md", "Postlint.ReadTime", 12, 1): (
        "Declared read time is 5 min, but the text reads in about 2.4 min; declare 3 min.",
        "3 min read",
    ),
    ("pasted-web-page.md", "Postlint.Attribution", 40, 1): (
        "'This post was inspired by' names 'Renewable Fields Magazine' but has no URL: name the original and link it, e.g. 'This post was inspired by [Title](https://...) by Publication'.",
        None,
    ),
    ("unsourced-copy.md", "House.HeadingLength", 1, 64): (
        "This heading has 13 words (house limit 10); a heading is a signpost, not a summary.",
        None,
    ),
    ("unsourced-copy.md", "Postlint.Attribution", 3, 30): (
        "This post reports others' news (reporting verb: 'announced', reporting verb: 'said', quotation: '\"Oat drinks have stopped being a niche product and become s…', reporting verb: 'said', +10 more) but names no source: link the source near the claim, e.g. 'according to [Publication](https://...)', or add a 'Source: https://...' line.",
        None,
    ),
}
METRICS: dict[str, dict[str, object]] = {
    "affiliate-review-late-disclosure.md": {
        "attribution": "not_needed",
        "promo": "disclosed",
        "disclosure": True,
        "read_time_display": 3,
        "declared_read_time_minutes": None,
    },
    "clean-essay.md": {
        "attribution": "not_needed",
        "promo": "none",
        "disclosure": False,
        "read_time_display": 3,
        "declared_read_time_minutes": None,
    },
    "dense-academic-post.md": {
        "attribution": "not_needed",
        "promo": "none",
        "disclosure": False,
        "read_time_display": 3,
        "declared_read_time_minutes": None,
    },
    "front-matter-sponsored.md": {
        "attribution": "not_needed",
        "promo": "disclosed",
        "disclosure": True,
        "read_time_display": 3,
        "declared_read_time_minutes": 9,
    },
    "inline-disable.md": {
        "attribution": "not_needed",
        "promo": "none",
        "disclosure": False,
        "read_time_display": 3,
        "declared_read_time_minutes": None,
    },
    "library-evening-hours.html": {
        "attribution": "not_needed",
        "promo": "none",
        "disclosure": False,
        "read_time_display": 2,
        "declared_read_time_minutes": None,
    },
    "named-unlinked-rewrite.md": {
        "attribution": "named_unlinked",
        "promo": "none",
        "disclosure": False,
        "read_time_display": 3,
        "declared_read_time_minutes": None,
    },
    "news-rewrite-disclosed.md": {
        "attribution": "linked",
        "promo": "disclosed",
        "disclosure": True,
        "read_time_display": 3,
        "declared_read_time_minutes": None,
    },
    "news-rewrite-hidden-plug.md": {
        "attribution": "named_unlinked",
        "promo": "undisclosed",
        "disclosure": False,
        "read_time_display": 3,
        "declared_read_time_minutes": None,
    },
    "overstated-read-time.md": {
        "attribution": "not_needed",
        "promo": "none",
        "disclosure": False,
        "read_time_display": 2,
        "declared_read_time_minutes": 12,
    },
    "pasted-web-page.md": {
        "attribution": "named_unlinked",
        "promo": "none",
        "disclosure": False,
        "read_time_display": 3,
        "declared_read_time_minutes": 5,
    },
    "unsourced-copy.md": {
        "attribution": "missing",
        "promo": "none",
        "disclosure": False,
        "read_time_display": 3,
        "declared_read_time_minutes": None,
    },
    "well-sourced-rewrite.md": {
        "attribution": "linked",
        "promo": "none",
        "disclosure": False,
        "read_time_display": 3,
        "declared_read_time_minutes": None,
    },
}


@cache
def _linter() -> Linter:
    return Linter(config_file=CONFIG)


@cache
def lint(name: str) -> FileResult:
    result = _linter().lint_file(str(EXAMPLES / name))
    assert result.error is None, result.error
    return result


def _readme_tool() -> ModuleType:
    """examples/update_readme.py, imported by path (examples/ is not a package)."""
    spec = importlib.util.spec_from_file_location("update_readme", EXAMPLES / "update_readme.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_draft_has_expectations():
    drafts = {
        p.name for p in EXAMPLES.iterdir() if p.suffix in (".md", ".html") and p.name != "README.md"
    }
    assert drafts == set(FINDINGS) == set(METRICS)
    assert len(drafts) >= 12


@pytest.mark.parametrize("name", sorted(FINDINGS))
def test_findings(name: str):
    got = [(f.rule, f.line, f.column, f.level.label) for f in lint(name).findings]
    assert got == FINDINGS[name]


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_content_messages_and_fixes(key: tuple[str, str, int, int]):
    name, rule, line, column = key
    found = [f for f in lint(name).findings if (f.rule, f.line, f.column) == (rule, line, column)]
    assert len(found) == 1
    fix = found[0].fix.replacement if found[0].fix else None
    assert (found[0].message, fix) == MESSAGES[key]


@pytest.mark.parametrize("name", sorted(METRICS))
def test_metrics(name: str):
    metrics = lint(name).metrics
    assert {key: metrics.get(key) for key in METRICS[name]} == METRICS[name]
    # The brief for the drafts: realistic posts of 300 to 1,200 words.
    assert 300 <= metrics["words"] <= 1200


def _line_of(name: str, text: str) -> int:
    """The 1-based line of the first occurrence of ``text`` in a draft."""
    source = (EXAMPLES / name).read_text(encoding="utf-8")
    return source.count("\n", 0, source.index(text)) + 1


def test_html_page_furniture_is_ignored():
    """The header's '9 min read', the sponsored aside and the footer plug are not prose."""
    name = "library-evening-hours.html"
    result = lint(name)
    body = range(_line_of(name, "<main>"), _line_of(name, "</main>"))
    assert [f for f in result.findings if f.line not in body] == []
    assert result.metrics["declared_read_time_minutes"] is None
    assert result.metrics["promo"] == "none"


def test_inline_disable_comments_apply():
    """House.Banned is off between disable and enable; the next-line disable hides one weasel."""
    name = "inline-disable.md"
    found = {(f.rule, f.line) for f in lint(name).findings}
    enable = _line_of(name, "<!-- postlint-enable -->")
    weasel = _line_of(name, "should be really boring")
    assert [line for rule, line in found if rule == "House.Banned"] == [
        _line_of(name, "None of this is revolutionary")
    ]
    assert enable < _line_of(name, "None of this is revolutionary")
    assert ("Style.Weasel", weasel) not in found
    # Without the comments the same draft has both findings: the comments do the work.
    source = (EXAMPLES / name).read_text(encoding="utf-8")
    bare = source.replace("<!-- postlint-disable", "<!-- not-a-directive")
    unsuppressed = _linter().lint_text(bare, str(EXAMPLES / name))
    rules = {(f.rule, f.line) for f in unsuppressed.findings}
    assert ("Style.Weasel", weasel) in rules
    assert sum(rule == "House.Banned" for rule, _ in rules) > 1


def test_readme_tables_are_current():
    """examples/README.md shows the real output; regenerate with examples/update_readme.py."""
    tool = _readme_tool()
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert tool.render(readme) == readme
    assert readme.count("<!-- findings: ") == len(FINDINGS)
