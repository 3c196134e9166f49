"""``substitution``: flag a phrase and suggest a plainer one, with a fix (Vale's substitution).

A rule's ``swap`` maps what to look for to what to write instead. Keys are
literal phrases matched as whole words (``regex: false``, the default) or regular
expressions (``regex: true``; whole words too unless ``nonword: true``). A replacement may offer alternatives separated by
``|``; the message then lists them all and no automatic fix is proposed, because
only the author can choose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import patterncache
from ..literals import SharedPhrases
from ..model import Fix
from .base import Kind, Param, ParamError, iter_scope_spans
from .patterns import UserPattern, prose_finditer, token_pattern

if TYPE_CHECKING:
    from ..document import Document
    from ..model import Finding
    from ..rules import Rule

#: Group names are prefixed so they cannot clash with groups in an author's regex.
_GROUP = "_swap{}"


@dataclass(frozen=True)
class Swap:
    """One entry of the swap map: the alternatives offered for a match."""

    alternatives: tuple[str, ...]

    @property
    def fixable(self) -> bool:
        return len(self.alternatives) == 1

    def listed(self, matched: str) -> str:
        """The ``{replacement}`` placeholder: each alternative quoted, joined by "or"."""
        return " or ".join(f"'{preserve_initial_case(matched, a)}'" for a in self.alternatives)


def preserve_initial_case(matched: str, replacement: str) -> str:
    """Give ``replacement`` the case of ``matched``'s first letter.

    A fix must not break a sentence: "In order to start" becomes "To start", and
    "in order to" in mid-sentence stays lower case.
    """
    if not matched or not replacement:
        return replacement
    if matched[0].isupper() and replacement[0].islower():
        return replacement[0].upper() + replacement[1:]
    # Otherwise the rule's spelling wins: "javascript" -> "JavaScript" stays as written.
    return replacement


class SubstitutionKind(Kind):
    name = "substitution"
    description = "Use {replacement} instead of '{match}'."
    default_scope = "text"
    params = {
        "swap": Param(
            "dict[str,str]",
            required=True,
            help="what to flag -> what to suggest; separate alternatives with '|'",
        ),
        "regex": Param("bool", False, help="treat swap keys as regular expressions"),
        "nonword": Param(
            "bool", False, help="let regex keys match inside words (default: whole words only)"
        ),
    }

    def validate(self, rule: Rule) -> None:
        swap = rule.params["swap"]
        if not swap:
            raise ParamError("swap", "expected at least one 'phrase: replacement' entry")
        for key, value in swap.items():
            if not key.strip():
                raise ParamError("swap", "expected non-empty phrases as keys")
            if not [a for a in value.split("|") if a.strip()]:
                raise ParamError("swap", f"expected a replacement for {key!r}")
            if rule.params["regex"]:
                try:
                    patterncache.compile(key)
                except re.error as exc:
                    raise ParamError("swap", f"invalid regular expression {key!r}: {exc}") from None

    def prepare(
        self, rule: Rule
    ) -> tuple[re.Pattern | UserPattern | SharedPhrases, dict[str, Swap] | list[Swap]]:
        """One regex for the whole map.

        Literal phrases share one pair of word-boundary checks around a plain
        alternation (Python's ``re`` scans that many times faster than one
        boundary per phrase), and a match finds its swap by its normalised text.
        Regex keys get one named group each instead.
        """
        flags = re.IGNORECASE if rule.ignorecase else 0
        swap = rule.params["swap"]
        if rule.params["regex"]:
            parts = "|".join(f"(?P<{_GROUP.format(i)}>{key})" for i, key in enumerate(swap))
            if not rule.params["nonword"]:
                parts = rf"(?<!\w)(?:{parts})(?!\w)"
            return UserPattern(parts, rule.ignorecase, "swap"), [_swap(v) for v in swap.values()]
        lookup = {_normalise(key, rule.ignorecase): _swap(value) for key, value in swap.items()}
        if all(_wordy_edges(key) for key in swap if key.strip()):
            # The same matches, found faster (through the pass shared with other scanners).
            return SharedPhrases(swap, rule.ignorecase), lookup
        return phrase_regex(swap, flags), lookup

    def check(self, rule: Rule, doc: Document) -> Iterator[Finding]:
        regex, swaps = rule.state
        for start, end in iter_scope_spans(doc, rule.scope):
            for m in prose_finditer(regex, doc, start, end):
                if m.end() > m.start():
                    yield self._finding(rule, doc, m, self._swap_for(rule, m, swaps))

    @staticmethod
    def _swap_for(rule: Rule, m: re.Match, swaps: dict[str, Swap] | list[Swap]) -> Swap:
        if isinstance(swaps, dict):
            return swaps[_normalise(m.group(), rule.ignorecase)]
        return next(swaps[i] for i in range(len(swaps)) if m.group(_GROUP.format(i)) is not None)

    @staticmethod
    def _finding(rule: Rule, doc: Document, m: re.Match, swap: Swap) -> Finding:
        fix = Fix(preserve_initial_case(m.group(), swap.alternatives[0])) if swap.fixable else None
        return rule.finding(doc, m.start(), m.end(), fix=fix, replacement=swap.listed(m.group()))


def _swap(value: str) -> Swap:
    return Swap(tuple(a.strip() for a in value.split("|") if a.strip()))


def _normalise(phrase: str, ignorecase: bool) -> str:
    joined = " ".join(phrase.split())
    return joined.casefold() if ignorecase else joined


def phrase_regex(phrases: Iterable[str], flags: int = 0) -> re.Pattern:
    """Literal phrases as one regex: whole words, any run of white space between words.

    Longest phrases come first so "at this point in time" wins over "at this point".
    Phrases that begin and end with a word character share a single boundary check.
    """
    ordered = sorted({p for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
    worded = [p for p in ordered if _wordy_edges(p)]
    other = [token_pattern(p) for p in ordered if not _wordy_edges(p)]
    parts = []
    if worded:
        body = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in worded)
        parts.append(rf"(?<!\w)(?:{body})(?!\w)")
    return patterncache.compile("|".join(parts + other), flags)


def _wordy_edges(phrase: str) -> bool:
    phrase = phrase.strip()
    return bool(_WORD_CHAR.match(phrase)) and bool(_LAST_WORD_CHAR.search(phrase))


_WORD_CHAR = patterncache.compile(r"\w")
_LAST_WORD_CHAR = patterncache.compile(r"\w$")
