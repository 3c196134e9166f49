"""Readability rules: metric formulas and conditions, sentence and paragraph length,
passive voice and adverb-heavy sentences, with exact positions and messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from postlint.config import Config
from postlint.document import parse
from postlint.engine import Linter, Selection
from postlint.errors import RuleError
from postlint.kinds.metric import FormulaError, compile_formula
from postlint.readability import FORMULAS, Counts, count_plain_text, scores
from postlint.rules import load_rule_file
from postlint.textmetrics import document_counts, paragraph_counts


def lint(text: str, *rules: str, path: str = "post.md"):
    linter = Linter(
        config=Config(packs=["Postlint"]),
        selection=Selection(select=[f"Postlint.{r}" for r in rules]),
    )
    return linter.lint_text(text, path)


def positions(result) -> list[tuple[str, int, int, int, int]]:
    return [(f.rule, f.line, f.column, f.end_line, f.end_column) for f in result.findings]


EASY = (
    "We fixed the bug on Monday. The test now runs in two seconds. "
    "Nobody has to wait for the build any more. Our team is glad. "
    "We will ship the fix this week and tell you when it is out."
)  # 40 words, five sentences
HARD = (
    "Notwithstanding considerable organisational heterogeneity, the consortium's "
    "interoperability considerations necessitate comprehensive standardisation of "
    "authentication infrastructure, cryptographic primitives, administrative "
    "responsibilities and operational documentation, particularly where "
    "jurisdictional requirements impose additional, frequently contradictory, "
    "regulatory obligations upon participating institutions and their "
    "subcontractors, whose contractual commitments rarely anticipate such "
    "complications."
)  # 44 words, one sentence


# --- metric formulas -----------------------------------------------------------------

COUNTS = Counts(
    words=200,
    sentences=10,
    syllables=300,
    letters=900,
    characters=1000,
    polysyllables=30,
    complex_words=20,
    long_words=40,
    difficult_words=25,
    unfamiliar_words=50,
    tokens=210,
)


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("100 * complex_words / words", 10.0),
        ("words / sentences", 20.0),
        ("(syllables + letters) / (words - 100)", 12.0),
        ("-polysyllables + 2.5", -27.5),
        ("long_words / paragraphs", 10.0),
        ("difficult_words - characters / 100", 15.0),
        ("words / (sentences - 10)", 0.0),  # division by zero is 0, like the named formulas
    ],
)
def test_expression_formulas(expression, value):
    assert compile_formula(expression)(COUNTS, 4) == pytest.approx(value)


def test_named_formulas_are_the_readability_functions():
    for name, function in FORMULAS.items():
        assert compile_formula(name)(COUNTS, 1) == function(COUNTS)


@pytest.mark.parametrize(
    ("expression", "error"),
    [
        ("__import__('os').system('true')", "is not allowed"),
        ("words ** 2", "is not allowed"),
        ("words // sentences", "is not allowed"),
        ("words.real", "is not allowed"),
        ("words if sentences else 0", "is not allowed"),
        ("'words'", "is not allowed"),
        ("unknown_count + 1", "unknown name 'unknown_count'"),
        ("words +", "cannot parse"),
        ("", "cannot parse"),
    ],
)
def test_invalid_expressions_are_refused(expression, error):
    with pytest.raises(FormulaError, match=error):
        compile_formula(expression)


def _rule_file(tmp_path: Path, body: str) -> Path:
    pack = tmp_path / "Custom"
    pack.mkdir()
    path = pack / "Grade.yml"
    path.write_text(body, encoding="utf-8")
    return path


def test_invalid_formula_is_a_rule_error_naming_file_line_and_key(tmp_path):
    path = _rule_file(tmp_path, 'kind: metric\ncondition: "> 3"\nformula: "words ** 2"\n')
    with pytest.raises(RuleError) as info:
        load_rule_file(path, "Custom")
    assert (info.value.path, info.value.line, info.value.key) == (str(path), 3, "formula")
    assert "'words ** 2' is not allowed" in str(info.value)


def test_invalid_condition_is_a_rule_error(tmp_path):
    path = _rule_file(tmp_path, "kind: metric\nformula: gunning_fog\ncondition: about 12\n")
    with pytest.raises(RuleError) as info:
        load_rule_file(path, "Custom")
    assert (info.value.line, info.value.key) == (3, "condition")
    assert 'expected a comparison and a number, e.g. "> 10"' in info.value.detail


def test_valid_expression_rule_loads(tmp_path):
    path = _rule_file(tmp_path, 'kind: metric\nformula: "words / sentences"\ncondition: ">= 20"\n')
    rule = load_rule_file(path, "Custom")
    assert (rule.id, rule.scope, rule.params["min_words"]) == ("Custom.Grade", "document", 100)


# --- document metrics ------------------------------------------------------------------


def test_document_metrics_are_the_seven_formulas_on_prose_only():
    text = f"# Heading\n\n{EASY}\n\n{HARD}\n"
    with_code = (
        f"# Heading\n\n{EASY}\n\n```python\nfor extraordinarily in range(10): pass\n```\n\n{HARD}\n"
    )
    metrics = lint(text, "Readability").metrics
    assert set(FORMULAS) <= set(metrics)
    assert {k: metrics[k] for k in FORMULAS} == scores(document_counts(parse(text, "post.md")))
    assert {k: lint(with_code, "Readability").metrics[k] for k in FORMULAS} == {
        k: metrics[k] for k in FORMULAS
    }


def test_document_counts_sum_paragraphs_and_use_the_documents_sentences():
    doc = parse(f"{EASY}\n\n{HARD}\n", "post.md")
    per_paragraph = paragraph_counts(doc)
    assert [p.counts.sentences for p in per_paragraph] == [5, 1]
    assert [p.counts.words for p in per_paragraph] == [40, 44]
    assert document_counts(doc).words == 84
    # Same words as textstat would count on the plain text.
    assert count_plain_text(EASY).words == 40


def test_metrics_appear_once_with_several_metric_rules():
    text = f"{EASY}\n\n{HARD}\n"
    both = lint(text, "Readability", "ReadingEase", "ComplexWords").metrics
    one = lint(text, "Readability").metrics
    assert both == one


# --- metric findings -------------------------------------------------------------------


def test_document_finding_points_at_the_worst_paragraph():
    text = f"# Release notes\n\n{EASY}\n\n{HARD}\n\n{EASY}\n"
    result = lint(text, "Readability")
    [finding] = result.findings
    assert (finding.line, finding.column) == (5, 1)
    assert (finding.end_line, finding.end_column) == (5, 1 + len(HARD))
    assert finding.message == (
        "Flesch-Kincaid grade is 13.3 (target <= 10); this paragraph is the hardest at 45.8."
    )
    assert finding.evidence == ["document: 13.3", "paragraph: 45.8 over 44 words"]
    assert result.metrics["flesch_kincaid_grade"] == 13.26


def test_reading_ease_points_at_the_lowest_scoring_paragraph():
    text = f"{EASY}\n\n{EASY}\n\n{HARD}\n"
    [finding] = lint(text, "ReadingEase").findings
    assert (finding.line, finding.column) == (5, 1)
    assert finding.message.startswith("Flesch reading ease is 20.1 (target >= 50);")


def test_easy_document_is_not_flagged():
    assert lint(f"{EASY}\n\n{EASY}\n\n{EASY}\n", "Readability", "ReadingEase").findings == []


def test_short_documents_are_skipped():
    assert lint(f"{HARD}\n", "Readability", "ReadingEase").findings == []  # 44 < 100 words


def test_paragraph_scope_flags_each_hard_paragraph():
    text = f"{HARD}\n\n{EASY}\n\n{HARD}\n"
    result = lint(text, "ParagraphReadability")
    assert positions(result) == [
        ("Postlint.ParagraphReadability", 1, 1, 1, 1 + len(HARD)),
        ("Postlint.ParagraphReadability", 5, 1, 5, 1 + len(HARD)),
    ]
    assert result.findings[0].message == (
        "This paragraph reads at Flesch-Kincaid grade 45.8 (target <= 16);"
        " shorten its sentences or use plainer words."
    )


def test_expression_rule_reports_percentages():
    text = f"{EASY}\n\n{HARD}\n\n{EASY}\n"
    [finding] = lint(text, "ComplexWords").findings
    assert finding.line == 3
    assert finding.message.endswith("this paragraph has the most at 75%.")


# --- sentence length -------------------------------------------------------------------


def words(n: int) -> str:
    """A sentence of exactly n words."""
    return " ".join(["word"] * (n - 1) + ["end."]).capitalize()


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (25, []),
        (26, [("Postlint.LongSentence", "suggestion")]),
        (30, [("Postlint.LongSentence", "suggestion")]),
        (31, [("Postlint.VeryLongSentence", "warning")]),
        (60, [("Postlint.VeryLongSentence", "warning")]),
    ],
)
def test_each_long_sentence_gets_one_finding(count, expected):
    result = lint(f"Short one. {words(count)} Another.\n", "LongSentence", "VeryLongSentence")
    assert [(f.rule, f.level.label) for f in result.findings] == expected
    if expected:
        f = result.findings[0]
        assert (f.line, f.column, f.end_column) == (1, 12, 12 + len(words(count)))
        limit = 25 if count <= 30 else 30
        verb = "consider splitting it" if count <= 30 else "split it"
        assert f.message == f"This sentence has {count} words (more than {limit}); {verb}."


def test_sentence_length_ignores_code_and_urls():
    sentence = "See " + " ".join(f"`x{i}`" for i in range(30)) + " [here](https://a.example/b/c)."
    assert lint(sentence + "\n", "VeryLongSentence", "LongSentence").findings == []


def test_quoted_long_sentence_is_skipped():
    text = f"> {words(40)}\n\nShe paused. “{words(35)}” Then she left.\n"
    assert lint(text, "VeryLongSentence").findings == []


def test_up_to_must_exceed_max(tmp_path):
    path = _rule_file(tmp_path, "kind: sentence_length\nmax: 30\nup_to: 25\n")
    with pytest.raises(RuleError, match="key 'up_to': expected a number of words greater"):
        load_rule_file(path, "Custom")


# --- paragraph length ------------------------------------------------------------------


def test_long_paragraph_is_flagged_over_its_span():
    long_paragraph = " ".join([words(10)] * 15) + " One more."  # 152 words
    text = f"# Title\n\n{' '.join([words(10)] * 15)}\n\n{long_paragraph}\n"
    result = lint(text, "LongParagraph")
    assert positions(result) == [("Postlint.LongParagraph", 5, 1, 5, 1 + len(long_paragraph))]
    assert (
        result.findings[0].message == "This paragraph has 152 words (more than 150); break it up."
    )


def test_list_items_and_quotes_are_not_long_paragraphs():
    item = " ".join([words(10)] * 16)
    assert lint(f"- {item}\n\n> {item}\n", "LongParagraph").findings == []


# --- passive voice ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "match"),
    [
        ("The release was delayed by two weeks.", "was delayed"),
        ("Mistakes were made.", "were made"),
        ("The patch is being reviewed now.", "is being reviewed"),
        ("The report has been written twice.", "been written"),
        ("This flag is not supported on Windows.", "is not supported"),
        ("Every request is automatically logged.", "is automatically logged"),
        ("Our branch got merged yesterday.", "got merged"),
        ("The file will be overwritten.", "be overwritten"),
        ("The servers are often built in Taiwan.", "are often built"),
        ("The old API isn't maintained any more.", "isn't maintained"),
        ("The old API isn’t maintained any more.", "isn’t maintained"),
        ("These results were never published.", "were never published"),
        ("The key is kept in a vault.", "is kept"),
    ],
)
def test_passive_positives(sentence, match):
    result = lint(f"Intro line.\n\n{sentence}\n", "Passive")
    [finding] = result.findings
    assert (finding.line, finding.column) == (3, 1 + sentence.index(match))
    assert finding.match == match
    assert finding.message == (
        f"'{match}' is passive voice; say who does it, if the reader needs to know."
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "She is interested in compilers.",
        "I am tired of flaky tests.",
        "The office is located in Berlin.",
        "We are excited about the release.",
        "Let's get started with the install.",
        "You will get used to it.",
        "This is indeed the fastest path.",
        "The team's shared drive is full.",
        "He is a developer who wrote the parser.",
        "They were running the tests all night.",
        "The speed is what matters.",
        "What we need is a faster build.",
        "She said the tool was red, then green.",
        "The build is fast and the cache is warm.",
        "By noon the tickets were gone.",
        "Prices have risen and the old plan has become useless.",
    ],
)
def test_passive_negatives(sentence):
    assert lint(f"{sentence}\n", "Passive").findings == []


def test_passive_in_quotes_and_code_is_skipped():
    text = 'The minister said "mistakes were made" today.\n\n`it was parsed`\n'
    assert lint(text, "Passive").findings == []


# --- adverbs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "adverbs"),
    [
        ("It really quickly became clear.", "really, quickly"),
        ("We carefully and slowly rolled it out.", "carefully, slowly"),
        ("The parser is extremely badly written.", "extremely, badly"),
        ("Honestly, it basically just works.", "Honestly, basically"),
        ("Finally the tests run reliably.", "Finally, reliably"),
        ("She deliberately and repeatedly refused.", "deliberately, repeatedly"),
        ("Frankly, the docs are hopelessly outdated.", "Frankly, hopelessly"),
        ("The cache is literally completely empty.", "literally, completely"),
        ("Naturally it fails silently.", "Naturally, silently"),
        ("They quietly and efficiently fixed it.", "quietly, efficiently"),
        ("Surely this is obviously wrong.", "Surely, obviously"),
    ],
)
def test_adverb_positives(sentence, adverbs):
    result = lint(f"# Notes\n\n{sentence}\n", "Adverbs")
    [finding] = result.findings
    n_words = len(parse(sentence, "a.md").words)
    assert (finding.line, finding.column, finding.end_column) == (3, 1, 1 + len(sentence))
    assert finding.message == (
        f"This sentence leans on 2 adverbs ({adverbs}) in {n_words} words;"
        " a stronger verb often says it better."
    )
    assert finding.evidence == [f"adverb: '{a}'" for a in adverbs.split(", ")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Only the family came early.",
        "Reply early and apply the supply fix.",
        "In July we flew to Italy.",
        "The nightly build and the weekly report are friendly.",
        "It is likely an anomaly in the assembly.",
        "We rely on a daily job.",
        "The change was quickly merged.",  # one adverb is fine
        "Please read the whole guide before you change the build, the tests, the release "
        "scripts and the docs, and only then carefully ship it to users.",  # 2 in 26 words
        "She said it was “really truly awful” and left.",  # quoted adverbs are not counted
        "The holy grail of builds is an orderly, lively, costly pipeline.",
        "Emily and Kelly wrote the fly-by-night ugly hack.",
    ],
)
def test_adverb_negatives(sentence):
    assert lint(f"{sentence}\n", "Adverbs").findings == []


def test_without_a_long_enough_paragraph_the_longest_one_is_named():
    hard_words = HARD.split()
    paragraphs = [" ".join(hard_words[:n]) + "." for n in (30, 38, 34)]  # all under 40 words
    [finding] = lint("\n\n".join(paragraphs) + "\n", "Readability").findings
    assert (finding.line, finding.column, finding.end_column) == (3, 1, 1 + len(paragraphs[1]))
