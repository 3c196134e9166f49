"""``adverbs``: flag sentences that lean on many "-ly" adverbs.

"It really quickly became extremely clear" props weak verbs up with adverbs; a
stronger verb usually says it in fewer words. A sentence is flagged when it has
at least ``min_adverbs`` adverbs and they make up more than ``max_ratio`` of
its words. An adverb is a word matching ``pattern`` (by default, ending in
"-ly") that is not in ``not_adverbs``: the many "-ly" words that are nouns,
verbs or adjectives ("only", "family", "early", "reply", "July", "friendly").

Adverbs inside quotation marks are someone else's words and are not counted;
the sentence's word count still includes them, since the reader reads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..textmetrics import word_spans_in
from .base import Kind, Param, ParamError

if TYPE_CHECKING:
    from ..document import Document
    from ..model import Finding
    from ..rules import Rule


@dataclass(frozen=True)
class AdverbState:
    pattern: re.Pattern[str]
    not_adverbs: frozenset[str]


class AdverbsKind(Kind):
    name = "adverbs"
    description = "This sentence leans on {count} adverbs ({adverbs}); try stronger verbs."
    scopes = frozenset({"sentence"})
    default_scope = "sentence"
    params = {
        "pattern": Param("regex", r"[^\W\d_]{2,}ly", help="what an adverb looks like"),
        "not_adverbs": Param(
            "list[str]", [], help="words matching the pattern that are not adverbs"
        ),
        "min_adverbs": Param("int", 2, help="flag only sentences with at least this many"),
        "max_ratio": Param("number", 0.1, help="flag when adverbs / words is above this"),
    }

    def validate(self, rule: Rule) -> None:
        if rule.params["min_adverbs"] < 1:
            raise ParamError("min_adverbs", "expected 1 or more")
        if not 0 <= rule.params["max_ratio"] < 1:
            raise ParamError("max_ratio", "expected a fraction from 0 up to (not including) 1")

    def prepare(self, rule: Rule) -> AdverbState:
        return AdverbState(
            pattern=re.compile(rule.params["pattern"], re.IGNORECASE),
            not_adverbs=frozenset(w.lower() for w in rule.params["not_adverbs"]),
        )

    def check(self, rule: Rule, doc: Document) -> Iterator[Finding]:
        p = rule.params
        for sentence in doc.sentences:
            words = word_spans_in(doc, sentence.start, sentence.end)
            adverbs = self._adverbs(rule.state, doc, words)
            if len(adverbs) >= p["min_adverbs"] and len(adverbs) / len(words) > p["max_ratio"]:
                yield rule.finding(
                    doc,
                    sentence.start,
                    sentence.end,
                    evidence=[f"adverb: '{a}'" for a in adverbs],
                    count=len(adverbs),
                    adverbs=", ".join(adverbs),
                    words=len(words),
                )

    @staticmethod
    def _adverbs(state: AdverbState, doc: Document, words: list[tuple[int, int]]) -> list[str]:
        """The adverbs among the sentence's words, in order, quoted ones left out."""
        found = []
        for start, end in words:
            word = doc.prose[start:end]
            if word.lower() in state.not_adverbs or not state.pattern.fullmatch(word):
                continue
            if not doc.in_quote(start, end):
                found.append(word)
        return found
