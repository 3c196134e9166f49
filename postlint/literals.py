"""Literal strings that every match of a regex must hold, and scans that use them.

Python's ``re`` cannot jump ahead to a literal when a pattern opens with a look-behind
or ``\\b``, or ignores case: it tries the whole pattern at every character. Yet most
patterns of the rules can only match where the text holds one of a few strings
("according", "% off", "http://"). This module reads those strings off the pattern as
``re`` itself parses it, and searches for them first; the exact pattern is then tried
only where it can match, so every match (and ``re.Match`` object) stays the same.

The pieces, shared by the ``attribution`` and ``promo`` signal modules and by the
user-pattern prefilter of ``kinds/patterns.py``:

* ``fold_safe`` and ``lowers_to``: when a lower-cased copy of a text can stand in for
  it (same offsets, every character a regex matches found as one known character);
* ``read_literals``: what every match starts with and the sets of strings it must
  hold one of, from ``re``'s parse tree; anything unexpected gives no literals;
* ``literal_trie``: one regex for many literal strings (or character sets);
* ``LiteralScan``: ``finditer`` that skips texts without a required string and tries
  the pattern only where a leading string starts;
* ``LiteralGate``: one scan that tells, for several regexes at once, where in a text
  each may match;
* ``SharedScan``: one pass over a lower-cased text for the phrases of several scanners
  (``PROSE_SCAN``: the attribution gate and promo's phrase lists share it).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from . import patterncache
from .segment import FOLD_TRAPS, StartsAtBoundary, confirmed, fold_safe, lowered, trie_pattern

try:  # ``re``'s own parser; private, so a shape it does not expect means "no literals"
    from re import _parser as _sre_parse  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

__all__ = [
    "FOLD_TRAPS",
    "Literals",
    "LiteralGate",
    "LiteralScan",
    "PROSE_SCAN",
    "SharedScan",
    "fold_safe",
    "literal_trie",
    "lowered",
    "lowers_to",
    "read_literals",
    "required_literals",
]

# --- case folding: when a lower-cased copy can stand in for the text --------------------

#: Greek capital sigma: lower-cased to "σ" alone but to "ς" at the end of a word.
_SIGMA = "\u03a3"


def lowers_to(ch: str, ignorecase: bool) -> str | None:
    """The one character that stands, in a ``fold_safe`` copy, wherever a regex
    matched ``ch``; None when there is no such character.

    Case-insensitive: ``ch`` must be ASCII (see ``FOLD_TRAPS``; other letters have
    partners that lower-case elsewhere, as µ and μ). Case-sensitive: the text holds
    ``ch`` itself, so ``ch`` must lower-case to one character whatever surrounds it,
    which excludes the characters that lower-case to two and capital sigma.
    """
    if ignorecase:
        return ch.lower() if ch.isascii() else None
    low = ch.lower()
    return low if len(low) == 1 and ch != _SIGMA else None


# --- reading the literals off re's parse tree -------------------------------------------

#: The most strings followed through a pattern ("(?:a|b)(?:c|d)" gives four).
MAX_STRINGS = 64
_ZERO_WIDTH = frozenset({"AT", "ASSERT", "ASSERT_NOT"})
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})
_Strings = frozenset[str]
_EMPTY: _Strings = frozenset({""})


@dataclass(frozen=True)
class Literals:
    """What every match of a regex holds (see ``read_literals``).

    The strings are for the text itself, or, when ``lowered``, for its ``fold_safe``
    lower-cased copy.
    """

    #: Every match starts with one of these (empty: no such set is known).
    lead: frozenset[str]
    #: Every match contains one string of each of these sets (in pattern order; each
    #: set holds no string that contains another of the set).
    needs: tuple[frozenset[str], ...]
    lowered: bool


def read_literals(regex: re.Pattern, *, for_lowered: bool = False) -> Literals:
    """The strings every match of ``regex`` starts with and the sets it holds one of.

    Read from ``re``'s parse tree. A literal, a character set of literals, a group or
    an alternation of such items, an optional (``?``) one and a zero-width test
    (``\\b``, anchors, look-arounds: they consume nothing) each match one of a few
    strings, so a run of them matches a string of their product; any other item ends
    the run. Each run, each such item alone and each run of items that match one
    string give a set that every match holds one string of, and so does a group or
    a repeat (at least once) through what its body needs, and an alternation through
    one set of each branch. The run at the very start gives the leading strings
    (through a first group, alternation or repeat when nothing fixed comes before).

    ``for_lowered``: the strings are for the ``fold_safe`` copy even when the regex is
    case-sensitive (a regex that ignores case always reads them so); characters
    that cannot be found there (see ``lowers_to``) end runs. A group with its own
    flags (``(?-i:...)``), a bytes pattern and anything unexpected count as no
    literals: a scan without them is slower, never wrong.
    """
    icase = bool(regex.flags & re.IGNORECASE)
    lowered_copy = for_lowered or icase
    if not isinstance(regex.pattern, str) or regex.flags & re.LOCALE:
        return Literals(frozenset(), (), lowered_copy)
    # Parsing costs as much as compiling: keep the answer in the pattern store.
    lead, needs = patterncache.remember(
        _CODE_TAG,
        ("literals", regex.pattern, regex.flags, for_lowered),
        lambda: _read(regex, icase, lowered_copy),
    )
    return Literals(lead, needs, lowered_copy)


_CODE_TAG = patterncache.code_tag(__file__)


def _read(
    regex: re.Pattern, icase: bool, lowered_copy: bool
) -> tuple[frozenset[str], tuple[frozenset[str], ...]]:
    """``read_literals``' answer as (lead, needs); empty when anything is unexpected."""
    none: tuple[frozenset[str], tuple[frozenset[str], ...]] = (frozenset(), ())
    try:
        items = list(_sre_parse.parse(regex.pattern, regex.flags))
        reader = _Reader(icase, lowered_copy)
        lead = reader.lead(items)
        needs = tuple(dict.fromkeys(reader.needs(items)))  # once each, in order
    except Exception:  # noqa: BLE001 - an unexpected parse shape: no literals, never wrong
        return none
    return frozenset(lead or ()), needs


def required_literals(regex: re.Pattern) -> frozenset[str] | None:
    """The most selective set of ``read_literals(regex, for_lowered=True).needs``:
    strings for the lower-cased copy one of which every match contains; None: none
    is known. Most selective: see ``_selectivity``.
    """
    needs = read_literals(regex, for_lowered=True).needs
    return min(needs, key=_selectivity) if needs else None


def _selectivity(strings: _Strings) -> tuple[int, int, list[str]]:
    """Sort key, most selective first: the longest shortest string (rare in a text),
    then the fewest strings, then alphabetical order (so ties are decided the same
    way on every run)."""
    return -min(map(len, strings)), len(strings), sorted(strings)


def _gate_order(strings: _Strings) -> tuple[bool, int, int, list[str]]:
    """Sort key, best text gate first: strings of 4 or more characters (rarely all
    present by chance), then the fewest strings (each is one search), then the longest."""
    shortest = min(map(len, strings))
    return (shortest < 4, len(strings), -shortest, sorted(strings))


def gate_sets(needs: Iterable[_Strings], count: int) -> tuple[_Strings, ...]:
    """Up to ``count`` sets to test a whole text with, best first (``_gate_order``):
    sets of at most ``MAX_STRINGS`` strings of two characters or more."""
    useful = {s for s in needs if min(map(len, s)) >= 2 and len(s) <= MAX_STRINGS}
    return tuple(sorted(useful, key=_gate_order)[:count])


def minimal(strings: Iterable[str]) -> _Strings:
    """The strings that contain no other one: a text holds one of them iff it holds one of all."""
    strings = frozenset(strings)
    return frozenset(s for s in strings if not any(t != s and t in s for t in strings))


def _product(left: _Strings, right: _Strings) -> _Strings | None:
    """Every string of ``left`` followed by every one of ``right`` (None: too many)."""
    joined = frozenset(a + b for a in left for b in right)
    return joined if len(joined) <= MAX_STRINGS else None


class _Reader:
    """Walks ``re``'s parse tree for ``read_literals``."""

    def __init__(self, ignorecase: bool, lowered_copy: bool):
        self.ignorecase = ignorecase
        self.lowered_copy = lowered_copy

    def char(self, code: int) -> str | None:
        """A literal character as the scanned text shows it (None: it cannot be found)."""
        ch = chr(code)
        return lowers_to(ch, self.ignorecase) if self.lowered_copy else ch

    def fixed(self, op: Any, av: Any) -> _Strings | None:
        """Every string the item can match, when they are few and known; else None."""
        name = str(op)
        if name in _ZERO_WIDTH:
            return _EMPTY  # the text around it is adjacent
        if name == "LITERAL":
            ch = self.char(av)
            return None if ch is None else frozenset({ch})
        if name == "IN":  # ranges, classes, negation: too many strings
            chars = [self.char(v) if str(o) == "LITERAL" else None for o, v in av]
            return None if None in chars else frozenset(chars)  # type: ignore[arg-type]
        if name == "SUBPATTERN":
            _group, add_flags, del_flags, body = av
            return None if add_flags or del_flags else self.fixed_sequence(body)
        if name == "BRANCH":
            options: _Strings = frozenset()
            for branch in av[1]:
                strings = self.fixed_sequence(branch)
                if strings is None:
                    return None
                options |= strings
            return options if len(options) <= MAX_STRINGS else None
        if name in _REPEATS and av[1] == 1:  # x? and x{1}
            strings = self.fixed_sequence(av[2])
            if strings is None or av[0] == 1:
                return strings
            return strings | _EMPTY  # x? may match nothing
        return None

    def fixed_sequence(self, items: Any) -> _Strings | None:
        out: _Strings | None = _EMPTY
        for op, av in items:
            strings = self.fixed(op, av)
            if strings is None or out is None:
                return None
            out = _product(out, strings)
        return out

    def needs(self, items: Any) -> list[_Strings]:
        """The sets each match of the sequence ``items`` holds one string of."""
        out: list[_Strings] = []
        run = plain = _EMPTY  # the product of the current run; its run of single strings
        for op, av in items:
            strings = self.fixed(op, av)
            if strings is None:
                out += _closed(run) + _closed(plain) + self.inner(op, av)
                run = plain = _EMPTY
                continue
            if "" not in strings:
                out.append(minimal(strings))
            if len(strings) == 1:
                plain = frozenset({next(iter(plain)) + next(iter(strings))})
            else:
                out += _closed(plain)
                plain = _EMPTY
            joined = _product(run, strings)
            if joined is None:
                out += _closed(run)
            run = strings if joined is None else joined
        return out + _closed(run) + _closed(plain)

    def inner(self, op: Any, av: Any) -> list[_Strings]:
        """The sets that an item which is not a few fixed strings still requires."""
        name = str(op)
        if name == "SUBPATTERN":
            return [] if av[1] or av[2] else self.needs(av[3])
        if name == "ATOMIC_GROUP":
            return self.needs(av)
        if name in _REPEATS and av[0] >= 1:
            return self.needs(av[2])
        if name == "BRANCH":  # the most selective set of each branch, joined
            union: set[str] = set()
            for branch in av[1]:
                needs = self.needs(branch)
                if not needs:
                    return []
                union |= min(needs, key=_selectivity)
            return [minimal(union)]
        return []

    def lead(self, items: Any) -> _Strings | None:
        """The strings every match of the sequence ``items`` starts with (None: unknown)."""
        run = _EMPTY
        for op, av in items:
            strings = self.fixed(op, av)
            if strings is None:
                return self.lead_item(op, av) if run == _EMPTY else _nonempty(run)
            joined = _product(run, strings)
            if joined is None:
                break
            run = joined
        return _nonempty(run)

    def lead_item(self, op: Any, av: Any) -> _Strings | None:
        """What a first item that is not a few fixed strings starts with."""
        name = str(op)
        if name == "SUBPATTERN":
            return None if av[1] or av[2] else self.lead(av[3])
        if name == "ATOMIC_GROUP":
            return self.lead(av)
        if name in _REPEATS and av[0] >= 1:
            return self.lead(av[2])
        if name == "BRANCH":
            union: set[str] = set()
            for branch in av[1]:
                lead = self.lead(branch)
                if lead is None:
                    return None
                union |= lead
            return frozenset(union)
        return None


def _closed(run: _Strings) -> list[_Strings]:
    """A finished run as a required set: none if it may match the empty string."""
    return [] if "" in run else [minimal(run)]


def _nonempty(strings: _Strings) -> _Strings | None:
    return None if "" in strings else strings


# --- one regex for many literals ----------------------------------------------------------

#: A position of a literal: one character, or a set of characters (a class).
Position = str | frozenset[str]


def literal_trie(literals: Iterable[Sequence[Position]], *, starts_only: bool = False) -> str:
    """One regex for many literals, factored as a trie: "colour" and "color" share "colo".

    Each literal is a sequence of positions (a string is one, character by character).
    At each offset the regex matches the longest literal that starts there; with
    ``starts_only`` a literal that extends a shorter one is dropped (the shorter one
    finds its start already), which makes a smaller regex for candidate searches.
    Every character stands for itself (unlike ``segment.trie_pattern``, where a space
    stands for any run of white space).
    """
    root: dict = {}
    for literal in sorted(literals, key=len) if starts_only else literals:
        node = root
        for position in literal:
            if starts_only and node.get("") is True:
                break
            node = node.setdefault(position, {})
        else:
            if starts_only:
                node.clear()
            node[""] = True
    return _trie_body(root)


def _trie_body(node: dict) -> str:
    branches = sorted(_position(key) + _trie_body(child) for key, child in node.items() if key)
    if "" in node:  # a literal may end here: after the longer ones, so they win
        branches.append("")
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _position(position: Position) -> str:
    if isinstance(position, str):
        return re.escape(position)
    if len(position) == 1:
        return re.escape(next(iter(position)))
    return "[" + "".join(re.escape(c) for c in sorted(position)) + "]"


# --- scans ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """How a ``LiteralScan`` looks for matches (built on first use)."""

    #: Per required set, the ``search`` of each of its strings: a text must hold one of each.
    gates: tuple[tuple[Callable[[str], re.Match | None], ...], ...]
    #: Matches where a leading string starts (None: the scan cannot skip to them).
    candidates: re.Pattern | None
    #: The scan when the literals do not help (``StartsAtBoundary``: exact too).
    plain: StartsAtBoundary
    #: The leading strings as found in a ``fold_safe`` copy, when ``PROSE_SCAN`` finds
    #: their places (see ``LiteralScan``); None: the scan searches ``candidates`` itself.
    shared: frozenset[str] | None = None
    #: Matches where one of ``shared`` starts, in the ``fold_safe`` copy.
    shared_candidates: re.Pattern | None = None


def _literal_search(literal: str) -> Callable[[str], re.Match | None]:
    """A ``search`` that finds ``literal`` in a text (truthy) or not (None).

    ``re`` finds a literal by jumping to its first character; a literal that opens with
    white space (" paid ") stops it at every space. Such a literal is first looked for
    without its leading white space, which it contains: a text without that holds no
    literal either, and most texts are settled by that faster search alone.
    """
    search = patterncache.compile(re.escape(literal)).search
    core = literal.lstrip()
    if not core or core == literal:
        return search
    core_search = patterncache.compile(re.escape(core)).search

    def search_after_core(text: str) -> re.Match | None:
        return core_search(text) and search(text)

    return search_after_core


class LiteralScan:
    """``regex.finditer``, with the regex tried only where a match can be.

    ``read_literals`` says what every match holds. A text that lacks a string of one
    of the ``gates`` best required sets (``gate_sets``) holds no match and is not
    scanned at all; when every match starts with one of a few strings of at least
    ``min_lead`` characters, only the places where one of them starts are tried
    (``segment.confirmed``); otherwise the regex is scanned as ``StartsAtBoundary``
    does. All three skip only text where the regex cannot match, so the matches are
    those of ``regex.finditer``, the same ``re.Match`` objects in the same order.

    A regex that ignores case finds its literals in the lower-cased copy of the text
    (``fold_safe``); a text without a safe copy is scanned without skipping.

    ``shared``: when the leading strings do not all open with the same character,
    ``re`` finds them by trying them at every character that opens one, a pass of its
    own over the text; such a scan registers them (as ``read_literals`` reads them for
    the ``fold_safe`` copy) with ``PROSE_SCAN``, and a caller that passes the
    document's ``cache`` gets their places from the pass shared with other scanners.
    """

    def __init__(
        self, regex: re.Pattern, *, min_lead: int = 1, gates: int = 0, shared: bool = False
    ):
        self.regex = regex
        self.min_lead = min_lead
        self.gates = gates
        self._ignorecase = bool(regex.flags & re.IGNORECASE)
        # Registered now, not on first use: a phrase added after the first document's
        # pass makes that pass stale (and the shared trie is compiled again).
        self._shared = self._shared_lead() if shared else None

    @functools.cached_property
    def plan(self) -> _Plan:
        """Built on first use. Each string of a required set becomes a regex of that
        one literal, which ``re`` finds faster than ``str.__contains__`` does (an
        alternation of several would lose ``re``'s literal search); a set that the
        leading strings already stand for is left to the candidate search."""
        literals = read_literals(self.regex)
        lead = sorted(literals.lead)
        candidates = None
        if lead and min(map(len, lead)) >= self.min_lead:
            candidates = patterncache.compile(literal_trie(lead, starts_only=True))
        gates = tuple(
            tuple(_literal_search(s) for s in sorted(strings))
            for strings in gate_sets(literals.needs, self.gates)
            if candidates is None or strings != minimal(literals.lead)
        )
        plain = StartsAtBoundary(self.regex.pattern, self.regex.flags)
        shared = self._shared if candidates is not None else None
        if shared is None:
            return _Plan(gates, candidates, plain)
        trie = patterncache.compile(literal_trie(sorted(shared), starts_only=True))
        return _Plan(gates, candidates, plain, shared, trie)

    def _shared_lead(self) -> frozenset[str] | None:
        """The leading strings for the ``fold_safe`` copy, registered with ``PROSE_SCAN``,
        unless they all open with one character."""
        lead = read_literals(self.regex, for_lowered=True).lead
        if not lead or min(map(len, lead)) < self.min_lead:
            return None
        if len({s[0] for s in lead}) < 2:
            return None  # ``re`` finds them itself with a fast search for that character
        PROSE_SCAN.add(lead)
        return lead

    def finditer(
        self,
        text: str,
        pos: int = 0,
        endpos: int | None = None,
        *,
        folded: str | None = None,
        cache: dict[Any, Any] | None = None,
    ) -> Iterator[re.Match]:
        """The matches in ``text[pos:endpos]``; ``folded`` is ``fold_safe(text)`` when the
        caller has it (else ``lowered`` gives it when needed); ``cache``: the document's,
        for ``PROSE_SCAN`` (see the class docstring)."""
        plan = self.plan
        scanned: str | None = text
        if self._ignorecase:
            scanned = folded if folded is not None else lowered(text)
        if scanned is None:
            return plan.plain.finditer(text, pos, endpos)
        if not all(any(search(scanned) for search in gate) for gate in plan.gates):
            return iter(())
        if plan.candidates is None:
            return plan.plain.finditer(text, pos, endpos)
        if plan.shared is not None and cache is not None:
            low = folded if folded is not None else lowered(text)
            if low is not None:
                starts = PROSE_SCAN.starts(low, plan.shared, cache)
                return self._confirmed_at(starts, plan, low, text, pos, endpos)
        return confirmed(plan.candidates, self.regex, scanned, text, pos, endpos)

    def _confirmed_at(
        self, starts: list[int], plan: _Plan, low: str, text: str, pos: int, endpos: int | None
    ) -> Iterator[re.Match]:
        """``segment.confirmed`` with the candidates taken from ``starts`` (increasing).

        Exact: a match of the regex at ``p`` starts with a leading string, which the
        ``fold_safe`` copy ``low`` shows at ``p`` as one of ``plan.shared``
        (``read_literals``), so ``p`` is in ``starts`` (``SharedScan``) and
        ``shared_candidates`` matches there, within ``endpos`` as the match does. The
        places are visited in order and resumed after each match, as ``confirmed`` does.
        """
        assert plan.shared_candidates is not None
        end = len(text) if endpos is None else min(endpos, len(text))
        candidate, match = plan.shared_candidates.match, self.regex.match
        resume = pos
        for at in starts[bisect.bisect_left(starts, pos) :]:
            if at > end:
                return
            if at < resume or candidate(low, at, end) is None:
                continue
            m = match(text, at, end)
            if m is not None:
                yield m
                resume = m.end() if m.end() > m.start() else m.end() + 1


class LiteralGate:
    """Where in a text each of several regexes may match, from one scan.

    Built from the ``required_literals`` of each regex (by key): every match contains
    one of its regex's literals, so a range of the text in which none of them starts
    holds no match of that regex, whatever ``pos``/``endpos`` it is run with.
    """

    def __init__(self, needs: dict[str, frozenset[str]], *, shared: bool = False):
        self.keys = tuple(needs)
        literals = sorted(set().union(*needs.values()))
        self.regex = patterncache.compile(literal_trie(literals)) if literals else None
        #: With ``shared``, the places to try ``regex`` come from ``PROSE_SCAN``'s pass,
        #: which other scanners of the same prose share (see ``starts``).
        self.shared = frozenset(literals) if shared else None
        if self.shared:
            PROSE_SCAN.add(self.shared)
        # The scan reports the longest literal starting at an offset; the others that
        # start there are its prefixes, so each literal stands for the keys of its prefixes.
        self.owners = {
            lit: tuple(k for k, need in needs.items() if any(lit.startswith(n) for n in need))
            for lit in literals
        }

    @classmethod
    def build(
        cls,
        regexes: dict[str, re.Pattern],
        families: dict[str, list[str]] | None = None,
        *,
        shared: bool = False,
    ) -> LiteralGate | None:
        """A gate for all of ``regexes`` (by key), and for each family of keys one that
        passes where any member may match; None when a regex has no known literal.
        ``shared``: find the literals through ``PROSE_SCAN`` (see ``__init__``)."""
        needs: dict[str, frozenset[str]] = {}
        for key, regex in regexes.items():
            need = required_literals(regex)
            if need is None:
                return None
            needs[key] = need
        for family, keys in (families or {}).items():
            needs[family] = frozenset().union(*(needs[k] for k in keys))
        return cls(needs, shared=shared)

    def starts(
        self, text: str, *, folded: str | None = None, cache: dict[Any, Any] | None = None
    ) -> dict[str, list[int]] | None:
        """Per key, the ordered offsets of ``text`` where one of its literals starts.
        None when ``text`` has no safe lower-cased copy; ``folded`` is that copy
        (``fold_safe(text)``) when the caller has it, else ``lowered`` makes it.
        ``cache``: the document's, for ``PROSE_SCAN`` (a shared gate only).

        Each search resumes one character after the last start, so literals that
        overlap are all found. A shared gate tries its regex only at the places
        ``PROSE_SCAN`` found (a superset of those where the regex matches, in order), so
        it finds the same starts and the same longest literal at each.
        """
        low = folded if folded is not None else lowered(text)
        if low is None:
            return None
        found: dict[str, list[int]] = {key: [] for key in self.keys}
        if self.regex is None:
            return found
        owners = self.owners
        for m in self._matches(low, cache):
            at = m.start()
            for key in owners[m.group()]:
                found[key].append(at)
        return found

    def _matches(self, low: str, cache: dict[Any, Any] | None) -> Iterator[re.Match]:
        """``regex``'s match at each offset of ``low`` where it matches, in order."""
        assert self.regex is not None
        if self.shared:
            match, starts = self.regex.match, PROSE_SCAN.starts(low, self.shared, cache)
            return filter(None, (match(low, at) for at in starts))
        return _overlapping(self.regex.search, low)


def _overlapping(search: Callable[..., re.Match | None], text: str) -> Iterator[re.Match]:
    """``search``'s match at each offset where it matches: each search resumes one
    character after the last start."""
    m = search(text)
    while m is not None:
        yield m
        m = search(text, m.start() + 1)


class SharedScan:
    """Where any of several scanners' phrases may start in a text, from one pass.

    The attribution gate and promo's phrase lists each scanned the same lower-cased
    prose with a trie of their own; most of such a scan is ``re`` trying the trie at
    every letter, whatever it holds. One trie of every registered phrase (``add``)
    costs little more than one of them, and each scanner then tries its own regex only
    at the offsets found (``starts``, kept in the document's cache for the next one).

    Exact: the trie is ``segment.trie_pattern`` of all the phrases without word-end
    tests, so it matches at an offset wherever one of them starts there, whitespace
    in a phrase standing for any run of whitespace (a literal's space included). It
    can match at more offsets than a scanner's own regex, never at fewer, as long as
    that regex only matches where one of its registered phrases does (each user says
    why in its docstring).
    """

    def __init__(self, name: str) -> None:
        #: The key of its answers in a document's cache.
        self.key = f"literals.SharedScan.{name}"
        self._phrases: set[str] = set()
        self._regex: re.Pattern | None = None
        #: Bumped by every ``add`` that registers something new: older answers are stale.
        self._generation = 0

    def add(self, phrases: Iterable[str]) -> None:
        """Register phrases (lower case); the trie is rebuilt on its next use."""
        new = set(phrases) - self._phrases
        if new:
            self._phrases |= new
            self._regex = None
            self._generation += 1

    def starts(
        self, low: str, phrases: frozenset[str], cache: dict[Any, Any] | None = None
    ) -> list[int]:
        """The increasing offsets of ``low`` where a registered phrase may start.

        ``phrases`` are the caller's own (registered again if missing: an object
        unpickled in another process was never registered there). ``cache`` (a
        document's) keeps the answer for the next scanner of the same text.
        """
        if not phrases <= self._phrases:
            self.add(phrases)
        kept = cache.get(self.key) if cache is not None else None
        if kept is not None and kept[0] == self._generation and kept[1] == low:
            return kept[2]
        found = [m.start() for m in _overlapping(self._trie().search, low)]
        if cache is not None:
            cache[self.key] = (self._generation, low, found)
        return found

    def _trie(self) -> re.Pattern:
        """The trie of every registered phrase, built on first use after a change."""
        if self._regex is None:
            pattern = trie_pattern(sorted(self._phrases), word_end=False)
            self._regex = patterncache.compile(pattern)
        return self._regex


#: The lower-cased prose view's shared scan (see ``SharedScan``).
PROSE_SCAN = SharedScan("prose")
