"""``sentence_length``: flag sentences with more words than ``max``.

Two rules usually share this kind: a suggestion for sentences over 25 words and
a warning for those over 30. So that a 40-word sentence gets only the warning,
the gentler rule sets ``up_to: 30``: it flags sentences of ``max + 1`` to
``up_to`` words and leaves longer ones to the stricter rule.

Words are the document's word spans (code, URLs and markup are not words);
words inside quotation marks count, because the reader still reads them, but a
sentence that sits wholly inside a quotation is someone else's and is skipped
by the engine (``skip_quotes``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..textmetrics import sentence_word_counts
from .base import Kind, Param, ParamError

if TYPE_CHECKING:
    from ..document import Document
    from ..model import Finding
    from ..rules import Rule


class SentenceLengthKind(Kind):
    name = "sentence_length"
    description = "This sentence has {words} words (more than {max}); split it."
    scopes = frozenset({"sentence"})
    default_scope = "sentence"
    params = {
        "max": Param("int", 30, help="flag sentences with more words than this"),
        "up_to": Param(
            "int", None, help="only flag sentences of at most this many words (leave longer ones)"
        ),
    }

    def validate(self, rule: Rule) -> None:
        if rule.params["max"] < 1:
            raise ParamError("max", "expected a positive number of words")
        up_to = rule.params["up_to"]
        if up_to is not None and up_to <= rule.params["max"]:
            raise ParamError("up_to", "expected a number of words greater than 'max'")

    def check(self, rule: Rule, doc: Document) -> Iterator[Finding]:
        limit, up_to = rule.params["max"], rule.params["up_to"]
        for sentence, count in zip(doc.sentences, sentence_word_counts(doc), strict=True):
            if count > limit and (up_to is None or count <= up_to):
                yield rule.finding(doc, sentence.start, sentence.end, words=count, max=limit)
