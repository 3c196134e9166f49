"""The attribution kind's prefilters change nothing: the analysis gated by one literal
scan (``LiteralGate``, tested with the shared machinery in ``tests/test_literals.py``)
equals the ungated one, and the word counts taken without visiting every word equal
the word-by-word ones."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from postlint.attribution_signals import analyse, build_detectors
from postlint.document import parse
from postlint.rules import load_rule_file

ROOT = Path(__file__).resolve().parent.parent


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
