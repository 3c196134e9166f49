"""Round 4b of the parsing speed work: results equal the plain computations they replace."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from postlint.document import Document
from postlint.parse_markdown import parse_markdown

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"

TRICKY = [
    "",
    "\n",
    "\n\n",
    "a",
    "a\n",
    "a\nb",
    "a\n\nb\n",
    "# Title\n\nSome *prose* here.",
    "---\ntitle: x\n---\n\nBody İ ß text\n",
    "---\ntitle: x\n---",
    "line one\nline two\n\n\n",
    "caf\u00e9 \u2014 na\u00efve\n  indented\n\tTab\n",
    "```\ncode\n```",
    "> quote\n> more\n\n- item\n- item\n",
    "x\r\ny\r\n",  # carriage returns: the Document computes its own
    "x\ry",
]


def _reference_line_starts(doc: Document) -> list[int]:
    """``Document.line_starts`` computed from the source, as the property does."""
    return type(doc).line_starts.func(doc)


@pytest.mark.parametrize("text", TRICKY)
def test_line_starts_handed_over_equal_document_own(text: str) -> None:
    doc = parse_markdown(text, "t.md")
    handed_over = "line_starts" in doc.__dict__
    assert handed_over == ("\r" not in text)
    assert doc.line_starts == _reference_line_starts(doc)


def test_line_starts_on_random_line_structures() -> None:
    rng = random.Random(4)
    pieces = ["", "a", "word word", " ", "\n", "\n\n", "# h", "- i", "İ", "ß", "> q"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 12)))
        doc = parse_markdown(text, "t.md")
        assert doc.line_starts == _reference_line_starts(doc), repr(text)


def test_line_starts_on_corpus_posts() -> None:
    files = sorted(CORPUS.glob("*.md"))[:40]
    if not files:
        pytest.skip("corpus not available")
    for path in files:
        text = path.read_text(encoding="utf-8")
        doc = parse_markdown(text, str(path))
        assert doc.line_starts == _reference_line_starts(doc), path


def test_line_starts_list_is_the_documents_own() -> None:
    doc = parse_markdown("a\nb\n", "t.md")
    other = parse_markdown("a\nb\n", "t.md")
    doc.line_starts.append(99)
    assert other.line_starts == [0, 2, 4]
