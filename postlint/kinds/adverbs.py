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

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import compress, groupby
from typing import TYPE_CHECKING

from .. import patterncache
from ..literals import required_literals
from ..segment import lowered
from ..textmetrics import word_starts, words_in
from .base import Kind, Param, ParamError

if TYPE_CHECKING:
    from ..document import Document
    from ..model import Finding
    from ..rules import Rule


@dataclass(frozen=True)
class AdverbState:
    pattern: re.Pattern[str]
    not_adverbs: frozenset[str]
    #: Words judged so far (memoised per run, as two sets so lookups run in C).
    adverbs: set[str] = field(default_factory=set)
    others: set[str] = field(default_factory=set)
    #: Strings one of which every match of ``pattern`` holds in the lower-cased text
    #: (``literals.required_literals``; "ly" for the default): only the words holding
    #: one need judging. None: every word is judged.
    needs: frozenset[str] | None = None

    def adverbs_among(self, words: set[str]) -> set[str]:
        """The words that ``pattern`` fullmatches and that are not in ``not_adverbs``.

        The answer is built from what this call read and judged, never by reading
        the memo again at the end: emptying a full memo (here, or in another thread
        of a Dask worker) would otherwise drop the adverbs it already knew.
        """
        found = words & self.adverbs
        unknown = words - found - self.others
        if unknown:
            if len(self.adverbs) + len(self.others) >= _MEMO_SIZE:
                self.adverbs.clear()  # keeps memory flat on huge runs
                self.others.clear()
            for word in unknown:
                adverb = word.lower() not in self.not_adverbs and self.pattern.fullmatch(word)
                (self.adverbs if adverb else self.others).add(word)
                if adverb:
                    found.add(word)
        return found


_MEMO_SIZE = 1 << 16


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
        pattern = patterncache.compile(rule.params["pattern"], re.IGNORECASE)
        needs = required_literals(pattern)
        return AdverbState(
            pattern=pattern,
            not_adverbs=frozenset(w.lower() for w in rule.params["not_adverbs"]),
            # One-character strings are in most words: no gain over judging them all.
            needs=needs if needs and min(map(len, needs)) >= 2 else None,
        )

    def check(self, rule: Rule, doc: Document) -> Iterator[Finding]:
        """Flag sentences by the document's adverbs, found in one pass over its words.

        A sentence's adverbs are the document's (unquoted) adverbs that start
        inside it, in order, which is what a per-sentence scan of its words finds;
        only sentences holding at least ``min_adverbs`` of them can be flagged, so
        only those are looked at (the adverbs are grouped by the sentence they
        start in, found by bisecting the sentence starts).
        """
        p = rule.params
        adverbs = _document_adverbs(rule.state, doc)
        if len(adverbs) < p["min_adverbs"]:
            return
        sentences = doc.sentences
        sentence_starts = [s.start for s in sentences]
        for i, group in groupby(
            adverbs, key=lambda a: _sentence_of(sentences, sentence_starts, a[0])
        ):
            found = [word for _, word in group]
            if i < 0 or len(found) < p["min_adverbs"]:
                continue
            sentence = sentences[i]
            words = words_in(doc, sentence.start, sentence.end)
            if len(found) / words > p["max_ratio"]:
                yield rule.finding(
                    doc,
                    sentence.start,
                    sentence.end,
                    evidence=[f"adverb: '{a}'" for a in found],
                    count=len(found),
                    adverbs=", ".join(found),
                    words=words,
                )


def _sentence_of(sentences: list, sentence_starts: list[int], offset: int) -> int:
    """The index of the sentence whose [start, end) holds ``offset``, or -1 (between sentences)."""
    i = bisect.bisect_right(sentence_starts, offset) - 1
    return i if i >= 0 and offset < sentences[i].end else -1


def _document_adverbs(state: AdverbState, doc: Document) -> list[tuple[int, str]]:
    """(start, word) of every adverb among the document's words, in order, quoted ones left out.

    Each distinct word is judged once; the words are then picked out in C. With
    ``state.needs`` only the words holding one of those strings are judged (see
    ``_candidate_words``): every other word cannot match the pattern.
    """
    prose, spans = doc.prose, doc.words
    indexes = _candidate_words(state.needs, doc) if state.needs is not None else None
    if indexes is not None:
        spans = [spans[i] for i in indexes]
    words = [prose[start:end] for start, end in spans]
    adverbs = state.adverbs_among(set(words))
    found = []
    for i in compress(range(len(words)), map(adverbs.__contains__, words)):
        start, end = spans[i]
        if not doc.in_quote(start, end):
            found.append((start, words[i]))
    return found


def _candidate_words(needs: frozenset[str], doc: Document) -> list[int] | None:
    """Indexes (in order) of the words of ``doc`` that hold one of ``needs`` when lower-cased.

    Why it is exact: ``needs`` come from ``literals.required_literals``, so every
    match of the pattern holds one of them in a ``fold_safe`` lower-cased copy. The
    prose's copy (``segment.lowered``) lower-cases each character to one character,
    as the word's own copy does, except capital sigma, whose lower case depends on
    its neighbours (and which is neither of the ASCII or case-sensitive characters
    a needed string is made of): a string found in the word's copy is found at the
    same offsets in the prose's. None when the prose has no such copy.
    """
    low = lowered(doc.prose)
    if low is None:
        return None
    starts, spans = word_starts(doc), doc.words
    found: set[int] = set()
    for string in needs:
        size = len(string)
        at = low.find(string)
        while at >= 0:
            i = bisect.bisect_right(starts, at) - 1
            if i >= 0 and at + size <= spans[i].end:
                found.add(i)
            at = low.find(string, at + 1)
    return sorted(found)
