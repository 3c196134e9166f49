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

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import patterncache
from ..segment import confirmed, lowered, trie_pattern
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


def auxiliary_candidates(forms: Iterable[str]) -> re.Pattern[str] | None:
    """Where a passive can start: an auxiliary and a white-space character, lower-cased.

    Why: the passive regex opens with a look-behind and is case-insensitive, so
    ``re`` tries it at every position of the prose. Every match starts with one of
    the auxiliaries followed by white space (``\\s+`` always follows it), so
    searching these in ``segment.lowered`` prose finds every position where the
    regex can match, and ``segment.confirmed`` tries the regex only there. In
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
            participle = f"{_alternation(p['irregular'])}|{participle}"
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
        for block in doc.blocks:
            for m in _matches(state, doc.prose, low, block.start, block.end):
                if _is_passive(m, state):
                    yield rule.finding(doc, m.start(), m.end(), participle=m.group("participle"))


def _matches(
    state: PassiveState, prose: str, low: str | None, start: int, end: int
) -> Iterator[re.Match[str]]:
    """``state.regex.finditer(prose, start, end)``, through the candidates when possible."""
    if state.candidates is None or low is None:
        return state.regex.finditer(prose, start, end)
    return confirmed(state.candidates, state.regex, low, prose, start, end)


def _lowered(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w.strip().lower().replace("\u2019", "'") for w in words)


def _is_passive(m: re.Match[str], state: PassiveState) -> bool:
    """Drop adjectival participles and 'get' idioms that the pattern cannot tell apart."""
    participle = m.group("participle").lower()
    if participle in state.adjectives:
        return False
    auxiliary = m.group().split(None, 1)[0].lower().replace("\u2019", "'")
    return not (auxiliary in state.get_forms and participle in state.get_idioms)
