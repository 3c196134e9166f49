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
from itertools import compress, islice
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

    Why: repetitions are rare, so the words are compared in text only where their
    lengths in the source are equal (about one pair in ten), found in C from the word
    spans without cutting every word out of the source. That is exact when ``fold``
    keeps the length of every word: always without ``fold``, and for
    ``str.casefold`` when it keeps the length of the whole source (casefold maps each
    character on its own, to one character or more, so then every character maps to
    exactly one); equal words then have equal lengths. A source where casefold changes
    a length ("ß" -> "ss", "ﬁ" -> "fi", "İ") compares every pair of folded words.
    """
    if fold is str.casefold and _lower_words_fold_alike(doc):
        lower = doc.lower_words
        return list(compress(range(1, len(lower)), map(operator.eq, lower, islice(lower, 1, None))))
    source, words = doc.source, doc.words
    if fold is not None and (fold is not str.casefold or len(fold(source)) != len(source)):
        keys = list(map(fold, [source[start:end] for start, end in words]))
        return list(compress(range(1, len(keys)), map(operator.eq, keys, keys[1:])))
    lengths = list(map(operator.sub, map(_span_end, words), word_starts(doc)))
    found = []
    for j in compress(range(1, len(lengths)), map(operator.eq, lengths, lengths[1:])):
        (a, b), (c, d) = words[j - 1], words[j]
        if (source[a:b] == source[c:d]) if fold is None else fold(source[a:b]) == fold(source[c:d]):
            found.append(j)
    return found


_span_end = operator.itemgetter(1)


def _lower_words_fold_alike(doc: Document) -> bool:
    """Do two words of ``doc`` casefold alike exactly when their ``doc.lower_words`` are
    equal? Then ``_repeated`` compares those, in C, instead of cutting words out of the
    source.

    True when both hold:

    * each word's text in the prose is its text in the source. The prose view is the
      source with everything else blanked to white space (``Document``), except that a
      character reference is decoded where its "&" stands (the rest of it blanked): a
      word holds no white space, so it reads as in the source unless one of its
      characters replaced an "&". Checked at every "&" of the source;
    * every character of the source casefolds to what it lower-cases to, and none is
      capital sigma (the one character whose lower case depends on its neighbours): a
      word's casefold is then its lower case. ASCII text always passes.
    """
    source, prose = doc.source, doc.prose
    at = source.find("&")
    while at >= 0:
        if prose[at] != "&" and not prose[at].isspace():
            return False
        at = source.find("&", at + 1)
    if source.isascii():
        return True
    others = source.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    chars = set(others.decode("utf-8", "surrogatepass"))
    return _SIGMA not in chars and all(c.casefold() == c.lower() for c in chars)


_ASCII_BYTES = bytes(range(128))
_SIGMA = "\u03a3"


def _adjacent(doc: Document, gap_start: int, gap_end: int) -> bool:
    """True when only white space or emphasis markers sit between two words in the source."""
    gap = doc.source[gap_start:gap_end]
    return (
        all(c.isspace() or c in _EMPHASIS for c in gap) and not doc.prose[gap_start:gap_end].strip()
    )
