"""``repetition``: the same word twice in a row ("the the"), usually an editing slip.

Two words count as adjacent when only white space (line breaks included) or
emphasis markers (``*``, ``_``, ``~``) separate them in the source, inside one
block. Anything else between them (punctuation, inline code, a link, a tag, a
heading or paragraph break) makes the repetition deliberate or invisible to a
reader, so it is left alone.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Callable, Iterator
from itertools import compress
from typing import TYPE_CHECKING

from ..model import Fix
from ..textmetrics import word_starts
from .base import Kind, Param, iter_scope_spans
from .patterns import UserPattern

if TYPE_CHECKING:
    from ..document import Document
    from ..model import Finding
    from ..rules import Rule

#: Characters that may separate two repeated words in the source (besides white space).
_EMPHASIS = frozenset("*_~")


class RepetitionKind(Kind):
    name = "repetition"
    description = "'{word}' is repeated."
    default_scope = "paragraph"
    params = {
        "tokens": Param("list[str]", [], help="only these words count (default: every word)"),
        "pattern": Param(
            "regex",
            r"[^\W\d_]+(?:['’-][^\W\d_]+)*",
            help="words must fully match this to count; the default skips numbers and versions",
        ),
    }

    def prepare(self, rule: Rule) -> tuple[UserPattern, frozenset[str], frozenset[str]]:
        fold = str.casefold if rule.ignorecase else str
        tokens = frozenset(fold(t) for t in rule.params["tokens"])
        exceptions = frozenset(fold(e) for e in rule.exceptions)
        return UserPattern(rule.params["pattern"], rule.ignorecase), tokens, exceptions

    def check(self, rule: Rule, doc: Document) -> Iterator[Finding]:
        pattern, tokens, exceptions = rule.state
        words = doc.words
        starts = word_starts(doc)
        repeats = _repeated(doc, str.casefold if rule.ignorecase else None)
        if not repeats:  # most posts: no scope can hold a finding
            return
        block_starts = [b.start for b in doc.blocks]
        for start, end in iter_scope_spans(doc, rule.scope):
            lo = bisect.bisect_left(starts, start)
            hi = bisect.bisect_left(starts, end)
            # The scope's word pairs (j - 1, j) for j in lo + 1 .. hi - 1 whose words are equal.
            first_repeat = bisect.bisect_left(repeats, lo + 1)
            for j in repeats[first_repeat : bisect.bisect_left(repeats, hi)]:
                first, second = words[j - 1], words[j]
                word = doc.source[second.start : second.end]
                key = word.casefold() if rule.ignorecase else word
                if (tokens and key not in tokens) or key in exceptions:
                    continue
                if not pattern.fullmatch(word) or not _adjacent(doc, first.end, second.start):
                    continue
                if bisect.bisect_right(block_starts, first.start) != bisect.bisect_right(
                    block_starts, second.start
                ):
                    continue  # a heading and the paragraph under it, two list items, ...
                # The span runs from the end of the first word, so removing it leaves one copy;
                # when emphasis markers sit in between, removing them would break the markup.
                gap = doc.source[first.end : second.start]
                fix = Fix("") if gap.isspace() else None
                yield rule.finding(doc, first.end, second.end, fix=fix, word=word)


def _repeated(doc: Document, fold: Callable[[str], str] | None) -> list[int]:
    """Indexes j into ``doc.words`` where word j equals word j - 1 (after ``fold``), in order.

    Why: repetitions are rare, so comparing every pair of neighbours in C (one
    list of folded words, ``map(operator.eq, ...)``) and looking closer only at the
    few equal pairs beats a Python loop over every pair of every scope.
    """
    source = doc.source
    keys = [source[start:end] for start, end in doc.words]
    if fold is not None:
        keys = list(map(fold, keys))
    return list(compress(range(1, len(keys)), map(operator.eq, keys, keys[1:])))


def _adjacent(doc: Document, gap_start: int, gap_end: int) -> bool:
    """True when only white space or emphasis markers sit between two words in the source."""
    gap = doc.source[gap_start:gap_end]
    return (
        all(c.isspace() or c in _EMPHASIS for c in gap) and not doc.prose[gap_start:gap_end].strip()
    )
