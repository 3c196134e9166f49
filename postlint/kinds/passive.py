"""``passive``: flag passive-voice phrases (a be/get form followed by a past participle).

A passive hides who acts ("the release was delayed"), which is often exactly
what a reader wants to know. Detection is a cheap pattern, not a parser:

* an auxiliary from ``be_forms`` ("is", "was", "been", "isn't", ...) or
  ``get_forms`` ("got", "gets", ...);
* up to ``max_between`` words matching ``between`` (adverbs, "not", "being":
  "is not always used", "is being tested");
* a past participle: a word ending in "-ed" or one from ``irregular``
  ("written", "built", "known", ...).

Cheap exclusions keep it honest: ``adjectives`` lists "-ed" words that describe
a state after "be" ("is interested", "was tired") or are not participles at all
("indeed", "need", "hundred"); ``get_idioms`` lists "get" phrases that are not
passives ("get started", "get used to"). The finding covers the phrase from the
auxiliary to the participle.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import patterncache
from ..segment import lowered, trie_pattern
from .base import Kind, Param, ParamError

if TYPE_CHECKING:
    from ..document import Document
    from ..model import Finding
    from ..rules import Rule

_EDGE_LEFT = r"(?<![\w'\u2019-])"
_EDGE_RIGHT = r"(?![\w'\u2019-])"


def _alternation(words: Iterable[str]) -> str:
    """Longest first; a straight apostrophe also matches a curly one ("isn't", "isn’t")."""
    unique = sorted({w.strip() for w in words if w.strip()}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace("'", "['\u2019]") for w in unique)


def _word_choice(words: Iterable[str]) -> str:
    """Any one of ``words``, as ``_alternation`` matches, but factored as a trie.

    Why: ``re`` tries the branches of a case-insensitive alternation one by one (its
    first-letter shortcut is for case-sensitive literals only), so a list of 170
    irregular participles cost about two microseconds at every candidate. The trie
    (``segment.trie_pattern``) matches the same set of words; where the choice sits
    (between a look-behind and a look-ahead that make it a whole word) only that set
    matters, not the order in which its branches are tried. Words with an apostrophe
    or white space keep the plain alternation (which also lets "'" match "’").
    """
    unique = sorted({w.strip() for w in words if w.strip()})
    if any("'" in w or any(c.isspace() for c in w) for w in unique):
        return _alternation(unique)
    return trie_pattern(unique, word_end=False)


def auxiliary_candidates(forms: Iterable[str]) -> re.Pattern[str] | None:
    """Where a passive can start: an auxiliary and a white-space character, lower-cased.

    Why: the passive regex opens with a look-behind and is case-insensitive, so
    ``re`` tries it at every position of the prose. Every match starts with one of
    the auxiliaries followed by white space (``\\s+`` always follows it), so
    searching these in ``segment.lowered`` prose finds every position where the
    regex can match, and ``_candidate_matches`` tries the regex only there. In
    lowered text a character matching an ASCII letter case-insensitively is that
    letter (``lowered`` refuses text where that fails), so the candidates are a
    superset. None when a form is not ASCII (apostrophes aside): then the prose is
    scanned with the regex alone.
    """
    lower = {w.strip().lower().replace("\u2019", "'") for w in forms if w.strip()}
    if not lower or not all(w.isascii() for w in lower):
        return None
    both = lower | {w.replace("'", "\u2019") for w in lower}
    return patterncache.compile(trie_pattern(sorted(both), word_end=False) + r"\s")


@dataclass(frozen=True)
class PassiveState:
    regex: re.Pattern[str]
    get_forms: frozenset[str]
    adjectives: frozenset[str]
    get_idioms: frozenset[str]
    candidates: re.Pattern[str] | None = None


class PassiveKind(Kind):
    name = "passive"
    description = "'{match}' is passive voice; say who does it, if the reader needs to know."
    scopes = frozenset({"text"})
    default_scope = "text"
    params = {
        "be_forms": Param("list[str]", [], help="forms of 'be' that start a passive"),
        "get_forms": Param("list[str]", [], help="forms of 'get' that start a passive"),
        "between": Param(
            "regex", r"not|never|\w+ly", help="a word allowed between auxiliary and participle"
        ),
        "max_between": Param("int", 2, help="how many such words may come in between"),
        "min_stem": Param("int", 2, help="letters before '-ed' for a regular participle"),
        "irregular": Param("list[str]", [], help="irregular past participles"),
        "adjectives": Param(
            "list[str]", [], help="'-ed' words that are adjectives or not participles after 'be'"
        ),
        "get_idioms": Param("list[str]", [], help="participles that make 'get' an idiom"),
    }

    def validate(self, rule: Rule) -> None:
        if not rule.params["be_forms"] and not rule.params["get_forms"]:
            raise ParamError("be_forms", "expected at least one of 'be_forms' or 'get_forms'")
        if rule.params["max_between"] < 0:
            raise ParamError("max_between", "expected 0 or more")
        if rule.params["min_stem"] < 1:
            raise ParamError("min_stem", "expected 1 or more")

    def prepare(self, rule: Rule) -> PassiveState:
        p = rule.params
        aux = _alternation([*p["be_forms"], *p["get_forms"]])
        participle = rf"[^\W\d_]{{{p['min_stem']},}}ed"
        if p["irregular"]:
            participle = f"{_word_choice(p['irregular'])}|{participle}"
        pattern = (
            rf"{_EDGE_LEFT}(?:{aux})"
            rf"(?:\s+(?:{p['between']}){_EDGE_RIGHT}){{0,{p['max_between']}}}"
            rf"\s+(?P<participle>{participle}){_EDGE_RIGHT}"
        )
        return PassiveState(
            regex=patterncache.compile(pattern, re.IGNORECASE),
            get_forms=_lowered(p["get_forms"]),
            adjectives=_lowered(p["adjectives"]),
            get_idioms=_lowered(p["get_idioms"]),
            candidates=auxiliary_candidates([*p["be_forms"], *p["get_forms"]]),
        )

    def check(self, rule: Rule, doc: Document) -> Iterator[Finding]:
        state: PassiveState = rule.state
        low = lowered(doc.prose) if state.candidates is not None else None
        for m in _block_matches(state, doc, low):
            if _is_passive(m, state):
                yield rule.finding(doc, m.start(), m.end(), participle=m.group("participle"))


def _block_matches(state: PassiveState, doc: Document, low: str | None) -> Iterator[re.Match[str]]:
    """``state.regex.finditer(doc.prose, block.start, block.end)`` for every block, in order.

    With candidates, one scan of the whole lower-cased prose (``_candidate_matches``)
    replaces a scan per block: a post has about 40 blocks and only a few candidates.
    """
    starts = [b.start for b in doc.blocks]
    ends = [b.end for b in doc.blocks]
    # Blocks are made in document order and do not overlap; checked, since the one scan
    # relies on it (each candidate then lies in at most one block, the last one before it).
    if state.candidates is not None and low is not None and all(map(operator.le, ends, starts[1:])):
        return _candidate_matches(state, doc.prose, low, starts, ends)
    return (
        m
        for start, end in zip(starts, ends, strict=True)
        for m in _matches(state, doc.prose, low, start, end)
    )


def _matches(
    state: PassiveState, prose: str, low: str | None, start: int, end: int
) -> Iterator[re.Match[str]]:
    """``state.regex.finditer(prose, start, end)``, through the candidates when possible."""
    if state.candidates is None or low is None:
        return state.regex.finditer(prose, start, end)
    return _candidate_matches(state, prose, low, [start], [end])


def _candidate_matches(
    state: PassiveState, prose: str, low: str, starts: list[int], ends: list[int]
) -> Iterator[re.Match[str]]:
    """``state.regex.finditer`` over each range ``[starts[i], ends[i])`` (in order, disjoint),
    found through one candidate scan of ``low`` (the lower-cased ``prose``).

    Per range, a scan through candidates (as ``segment.confirmed``) searches the first
    candidate at or after ``pos`` lying within the range, tries the regex there up to
    the range's end, and goes on from the match's end or the next character. Here the
    first candidate at or after ``pos`` before the last end is taken: one outside
    every range, or running past the end of its range, is one that no range's search
    returns, and is passed over as a failed match is. A match ends inside its range,
    so ``pos`` never skips a candidate of a later range. The candidate pattern is a
    literal auxiliary and one white-space character, so at most one candidate starts
    at a position.
    """
    if not starts:
        return
    search, match = state.candidates.search, state.regex.match
    pos, last = starts[0], ends[-1]
    while True:
        candidate = search(low, pos, last)
        if candidate is None:
            return
        at = candidate.start()
        i = bisect.bisect_right(starts, at) - 1
        if i < 0 or candidate.end() > ends[i]:
            pos = at + 1
            continue
        m = match(prose, at, ends[i])
        if m is None:
            pos = at + 1
            continue
        yield m
        pos = m.end() if m.end() > at else at + 1


def _lowered(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w.strip().lower().replace("\u2019", "'") for w in words)


def _is_passive(m: re.Match[str], state: PassiveState) -> bool:
    """Drop adjectival participles and 'get' idioms that the pattern cannot tell apart."""
    participle = m.group("participle").lower()
    if participle in state.adjectives:
        return False
    auxiliary = m.group().split(None, 1)[0].lower().replace("\u2019", "'")
    return not (auxiliary in state.get_forms and participle in state.get_idioms)
