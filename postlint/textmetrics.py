"""Per-document counts shared by every readability rule, computed once per document.

Why: a run may use several metric rules (document grade, reading ease, a
paragraph-scoped variant) plus sentence, paragraph and adverb rules. Each needs
word counts or readability ``Counts`` for the same paragraphs. Counting is the
expensive part (tokens, syllables, easy-word lookups), so it happens here, once,
memoised in ``doc.cache``; formulas are then cheap functions of the counts.

What is counted (decisions worth knowing):

* Readability counts use paragraph blocks only (list items, block quotes and
  table cells included, headings excluded): a heading has no full stop and would
  read as one tiny sentence, pulling every grade down.
* Text in quotation marks *is* counted: the reader still has to read it. Rules
  drop findings that fall entirely inside quotations (the engine's skip_quotes).
* Tokens are whitespace tokens of the prose view (code, URLs and markup already
  blanked), which is what ``readability.count_texts`` expects; sentences come from
  the document's own sentence splitter, which knows abbreviations and decimals.
"""

from __future__ import annotations

import bisect
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

from .readability import Counts, count_texts, scores, total

if TYPE_CHECKING:
    from .document import Block, Document

__all__ = [
    "BlockCounts",
    "document_counts",
    "document_scores",
    "paragraph_counts",
    "sentence_word_counts",
    "word_spans_in",
    "word_starts",
    "words_in",
]

#: A span's start (``Span`` is the tuple (start, end)), read in C.
_span_start = itemgetter(0)

_PARAGRAPHS_KEY = "textmetrics.paragraphs"
_DOCUMENT_KEY = "textmetrics.document"
_SCORES_KEY = "textmetrics.scores"
_SENTENCE_WORDS_KEY = "textmetrics.sentence_words"


class BlockCounts(NamedTuple):
    """Readability counts of one paragraph block (a tuple: one per paragraph)."""

    block: Block
    counts: Counts


def word_starts(doc: Document) -> list[int]:
    """Start offsets of ``doc.words``, for bisecting word ranges (``Document.word_starts``)."""
    return doc.word_starts


def _word_range(doc: Document, start: int, end: int) -> tuple[int, int]:
    """Indexes [lo, hi) into ``doc.words`` of the words starting inside [start, end)."""
    starts = word_starts(doc)
    return bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)


def words_in(doc: Document, start: int, end: int) -> int:
    """Number of document words that start inside [start, end), without re-tokenising."""
    lo, hi = _word_range(doc, start, end)
    return hi - lo


def word_spans_in(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    """The (start, end) spans of the document words inside [start, end)."""
    lo, hi = _word_range(doc, start, end)
    return [(w.start, w.end) for w in doc.words[lo:hi]]


def sentence_word_counts(doc: Document) -> list[int]:
    """``words_in`` of every sentence of ``doc.sentences``, in order (memoised).

    Both sentence-length rules and the adverb rule need these counts; computed once
    in one pass (two bisects per sentence) instead of by each rule.
    """
    counts = doc.cache.get(_SENTENCE_WORDS_KEY)
    if counts is None:
        starts, lo = word_starts(doc), bisect.bisect_left
        counts = [lo(starts, end) - lo(starts, start) for start, end in doc.sentences]
        doc.cache[_SENTENCE_WORDS_KEY] = counts
    return counts


def _sentences_per_block(doc: Document, blocks: list[Block]) -> list[int]:
    """How many of ``doc.sentences`` start inside each block (blocks are in order)."""
    starts = list(map(_span_start, doc.sentences))
    return [bisect.bisect_left(starts, b.end) - bisect.bisect_left(starts, b.start) for b in blocks]


def paragraph_counts(doc: Document) -> list[BlockCounts]:
    """Readability counts for every paragraph block, in document order (memoised)."""
    cached = doc.cache.get(_PARAGRAPHS_KEY)
    if cached is not None:
        return cached
    blocks = [b for b in doc.blocks if b.kind == "paragraph"]
    prose = doc.prose
    counts = count_texts(
        [prose[b.start : b.end].split() for b in blocks], _sentences_per_block(doc, blocks)
    )
    out = list(map(tuple.__new__, repeat(BlockCounts), zip(blocks, counts, strict=True)))
    doc.cache[_PARAGRAPHS_KEY] = out
    return out


def document_counts(doc: Document) -> Counts:
    """The sum of the paragraph counts: the document's readability counts (memoised)."""
    cached = doc.cache.get(_DOCUMENT_KEY)
    if cached is None:
        cached = total(item.counts for item in paragraph_counts(doc))
        doc.cache[_DOCUMENT_KEY] = cached
    return cached


def document_scores(doc: Document) -> dict[str, float]:
    """Every named readability formula on the document, rounded to 2 decimals (memoised)."""
    cached = doc.cache.get(_SCORES_KEY)
    if cached is None:
        cached = scores(document_counts(doc))
        doc.cache[_SCORES_KEY] = cached
    return cached
