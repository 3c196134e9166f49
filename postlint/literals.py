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
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from . import patterncache
from .segment import (
    FOLD_TRAPS,
    StartsAtBoundary,
    WordPhrases,
    confirmed,
    fold_safe,
    lowered,
    trie_pattern,
)

try:  # ``re``'s own parser; private, so a shape it does not expect means "no literals"
    from re import _compiler as _sre_compile  # Python 3.11+
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile as _sre_compile  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

__all__ = [
    "FOLD_TRAPS",
    "Literals",
    "LiteralGate",
    "LiteralScan",
    "PROSE_SCAN",
    "ScanGate",
    "SharedPhrases",
    "SharedScan",
    "WORD_OPENERS",
    "confirmed_at",
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


class Literals(NamedTuple):
    """What every match of a regex holds (see ``read_literals``).

    The strings are for the text itself, or, when ``lowered``, for its ``fold_safe``
    lower-cased copy. A *word start* is a place at the start of the text or just after
    a character that is not a letter or digit (``str.isalnum``); the same places in a
    text and in its ``fold_safe`` copy (``tests/test_perf4_signals.py`` checks every
    code point), which is what lets ``SharedScan`` look for such strings only there.
    """

    #: Every match starts with one of these (empty: no such set is known).
    lead: frozenset[str]
    #: Every match contains one string of each of these sets (in pattern order; each
    #: set holds no string that contains another of the set).
    needs: tuple[frozenset[str], ...]
    lowered: bool
    #: Every match starts at a word start (see ``_Reader.before``) when it starts with
    #: one of ``lead`` that opens with a letter or digit.
    lead_at_break: bool = False
    #: Per set of ``needs``, the strings (the set's, less only those that start with
    #: another) one of which every match holds at a word start, for those that open
    #: with a letter or digit (see ``_Reader.before``); None: not known.
    needs_at_break: tuple[frozenset[str] | None, ...] = ()


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

    The break flags say which of these strings are held at a word start (see
    ``Literals``, ``_Reader.before``).
    """
    icase = bool(regex.flags & re.IGNORECASE)
    lowered_copy = for_lowered or icase
    if not isinstance(regex.pattern, str) or regex.flags & re.LOCALE:
        return Literals(frozenset(), (), lowered_copy)
    # Parsing costs as much as compiling: keep the answer in the pattern store.
    lead, needs, lead_at_break, needs_at_break = patterncache.remember(
        _CODE_TAG,
        ("literals", regex.pattern, regex.flags, for_lowered),
        lambda: _read(regex, icase, lowered_copy),
    )
    return Literals(lead, needs, lowered_copy, lead_at_break, needs_at_break)


_CODE_TAG = patterncache.code_tag(__file__)


_Read = tuple[frozenset[str], tuple[frozenset[str], ...], bool, tuple[frozenset[str] | None, ...]]


def _read(regex: re.Pattern, icase: bool, lowered_copy: bool) -> _Read:
    """``read_literals``' answer as (lead, needs, lead_at_break, needs_at_break); empty
    when anything is unexpected."""
    try:
        items = list(_sre_parse.parse(regex.pattern, regex.flags))
        reader = _Reader(icase, lowered_copy, bool(regex.flags & re.ASCII))
        lead, lead_at_break = reader.lead(items, False)
        needs: dict[_Strings, _Strings | None] = {}  # once each, in order
        for strings, at_break in reader.needs(items, False):
            needs[strings] = needs.get(strings) or at_break
    except Exception:  # noqa: BLE001 - an unexpected parse shape: no literals, never wrong
        return frozenset(), (), False, ()
    return frozenset(lead or ()), tuple(needs), bool(lead) and lead_at_break, tuple(needs.values())


def required_literals(regex: re.Pattern) -> frozenset[str] | None:
    """The most selective set of ``read_literals(regex, for_lowered=True).needs``:
    strings for the lower-cased copy one of which every match contains; None: none
    is known. Most selective: see ``_selectivity``.
    """
    needs = read_literals(regex, for_lowered=True).needs
    return min(needs, key=_selectivity) if needs else None


def gate_literals(regex: re.Pattern) -> tuple[frozenset[str], bool] | None:
    """``required_literals(regex)``, or the variant of it that every match holds at a
    word start when there is one (``Literals.needs_at_break``), and which of the two."""
    literals = read_literals(regex, for_lowered=True)
    if not literals.needs:
        return None
    best = min(range(len(literals.needs)), key=lambda i: _selectivity(literals.needs[i]))
    at_break = literals.needs_at_break[best]  # the same choice as ``required_literals``
    return (literals.needs[best], False) if at_break is None else (at_break, True)


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

    def __init__(self, ignorecase: bool, lowered_copy: bool, ascii_words: bool = False):
        self.ignorecase = ignorecase
        self.lowered_copy = lowered_copy
        #: ``re.ASCII``: ``\w``, ``\W`` and ``\b`` see "é" as no letter, so they tell
        #: nothing about word starts (``before``).
        self.ascii_words = ascii_words

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

    def needs(self, items: Any, outer: Break) -> list[_Need]:
        """The sets each match of the sequence ``items`` holds one string of, each with
        its variant held at a word start (None: unknown); ``outer``: ``before`` for the
        place before ``items``."""
        out: list[_Need] = []
        run = plain = _EMPTY  # the product of the current run; its run of single strings
        run_at = plain_at = 0  # the items where they start
        for i, (op, av) in enumerate(items):
            strings = self.fixed(op, av)
            if strings is None:
                out += self.closed(run, items, run_at, outer)
                out += self.closed(plain, items, plain_at, outer)
                out += self.inner(op, av, self.before(items, i, outer))
                run = plain = _EMPTY
                run_at = plain_at = i + 1
                continue
            if "" not in strings:
                out += self.closed(strings, items, i, outer)
            if len(strings) == 1:
                plain = frozenset({next(iter(plain)) + next(iter(strings))})
            else:
                out += self.closed(plain, items, plain_at, outer)
                plain, plain_at = _EMPTY, i + 1
            joined = _product(run, strings)
            if joined is None:
                out += self.closed(run, items, run_at, outer)
                run_at = i
            run = strings if joined is None else joined
        return (
            out
            + self.closed(run, items, run_at, outer)
            + self.closed(plain, items, plain_at, outer)
        )

    def closed(self, strings: _Strings, items: Any, at: int, outer: Break) -> list[_Need]:
        """A finished run of ``items`` from ``at`` as a required set, with its break flag;
        none if it may match the empty string."""
        if "" in strings:
            return []
        while at < len(items) and self.fixed(*items[at]) == _EMPTY:
            at += 1  # zero-width items first: the strings start after them
        return [_kept(strings, bool(self.before(items, at, outer)))]

    def inner(self, op: Any, av: Any, outer: Break) -> list[_Need]:
        """The sets that an item which is not a few fixed strings still requires;
        ``outer``: ``before`` for the item. A repeat's sets are held by its first pass."""
        name = str(op)
        if name == "SUBPATTERN":
            return [] if av[1] or av[2] else self.needs(av[3], outer)
        if name == "ATOMIC_GROUP":
            return self.needs(av, outer)
        if name in _REPEATS and av[0] >= 1:
            return self.needs(av[2], outer)
        if name == "BRANCH":  # the most selective set of each branch, joined
            union: set[str] = set()
            at_break: set[str] | None = set()
            for branch in av[1]:
                needs = self.needs(branch, outer)
                if not needs:
                    return []
                strings, variant = min(needs, key=lambda n: _selectivity(n[0]))
                union |= strings
                at_break = None if at_break is None or variant is None else at_break | variant
            return [(minimal(union), None if at_break is None else _prefix_minimal(at_break))]
        return []

    def lead(self, items: Any, outer: Break) -> tuple[_Strings | None, bool]:
        """The strings every match of the sequence ``items`` starts with (None: unknown),
        and whether the match then starts at a word start."""
        run = _EMPTY
        for i, (op, av) in enumerate(items):
            strings = self.fixed(op, av)
            if strings is None:
                if run == _EMPTY:  # only zero-width items before it
                    return self.lead_item(op, av, self.before(items, i, outer))
                break
            if strings == _EMPTY:
                continue  # zero-width: ``before`` sees it from the first string on
            joined = _product(run, strings)
            if joined is None:
                break
            if run == _EMPTY:
                at_break = bool(self.before(items, i, outer))
            run = joined
        return (None, False) if "" in run else (run, at_break)

    def lead_item(self, op: Any, av: Any, outer: Break) -> tuple[_Strings | None, bool]:
        """What a first item that is not a few fixed strings starts with."""
        name = str(op)
        if name == "SUBPATTERN":
            return (None, False) if av[1] or av[2] else self.lead(av[3], outer)
        if name == "ATOMIC_GROUP":
            return self.lead(av, outer)
        if name in _REPEATS and av[0] >= 1:
            return self.lead(av[2], outer)
        if name == "BRANCH":
            union: set[str] = set()
            at_break = True
            for branch in av[1]:
                lead, flag = self.lead(branch, outer)
                if lead is None:
                    return None, False
                union |= lead
                at_break = at_break and flag
            return frozenset(union), at_break
        return None, False

    # --- word starts ---------------------------------------------------------------------
    # A string that every match holds is *at a break* when the text just before it is
    # known to end a word: the start of the text, a character that is not a letter or
    # digit, or a ``\b`` when the string opens with a word character. ``SharedScan``
    # needs that to look for strings only at word starts.

    def before(self, items: Any, k: int, outer: Break) -> Break:
        """What the text just before ``items[k]`` is (``outer``: before ``items[0]``):
        True, a break; ``BOUNDARY``, a break if a word character follows; False, unknown.

        Walks back over the items: one that ends with a non-alphanumeric character or
        tests for one decides; a zero-width one, or one that may match nothing and
        otherwise ends so, leaves the answer to the items before it (both ways, the text
        before ``items[k]`` is a break when theirs is); anything else: unknown.
        """
        for op, av in reversed(items[:k]):
            end = self.end(op, av)
            if end is _MAYBE:
                continue
            return end
        return outer

    def end(self, op: Any, av: Any) -> Break | object:
        """What the text just after an item is, as ``before`` answers (``_MAYBE``: a break
        if the text before the item is one)."""
        name = str(op)
        if name == "LITERAL":  # ASCII punctuation has no case partners
            ch = chr(av)
            return ch.isascii() and not ch.isalnum()
        if name == "IN":
            return all(self.breaks(o, v) for o, v in av)
        if name == "AT":
            if str(av) in ("AT_BEGINNING", "AT_BEGINNING_STRING"):
                return True  # the start of the text, or after "\n" (MULTILINE)
            if str(av) == "AT_BOUNDARY":
                return False if self.ascii_words else BOUNDARY
            return _MAYBE
        if name in ("ASSERT", "ASSERT_NOT"):
            return self.look(name == "ASSERT", *av)
        if name == "SUBPATTERN":
            return False if av[1] or av[2] else self.sequence_end(av[3])
        if name == "ATOMIC_GROUP":
            return self.sequence_end(av)
        if name == "BRANCH":
            ends = {self.sequence_end(branch) for branch in av[1]}
            if len(ends) == 1:
                return ends.pop()
            return _MAYBE if ends <= {True, _MAYBE} else False
        if name in _REPEATS:
            body = self.sequence_end(av[2])
            if body is True or body is _MAYBE:
                return True if av[0] >= 1 and body is True else _MAYBE
        return False

    def sequence_end(self, items: Any) -> Break | object:
        """``end`` of a sequence: ``_MAYBE`` when it may match nothing and otherwise
        ends with a break."""
        return self.before(items, len(items), _MAYBE)  # type: ignore[arg-type]

    def look(self, positive: bool, direction: int, body: Any) -> Break | object:
        """A look-around: ``(?<!\\w)`` and a look-behind for one non-alphanumeric
        character test the character before; others consume nothing."""
        if direction != -1 or len(body) != 1:
            return _MAYBE
        op, av = body[0]
        if positive:
            return True if str(op) in ("LITERAL", "IN") and self.end(op, av) is True else _MAYBE
        if str(op) == "IN" and [(str(o), str(v)) for o, v in av] == [("CATEGORY", "CATEGORY_WORD")]:
            return not self.ascii_words
        return _MAYBE

    def breaks(self, op: Any, av: Any) -> bool:
        """A member of a character set that only matches non-alphanumeric characters."""
        if str(op) == "LITERAL":
            return chr(av).isascii() and not chr(av).isalnum()
        if str(op) != "CATEGORY" or self.ascii_words and str(av) == "CATEGORY_NOT_WORD":
            return False
        return str(av) in _BREAK_CATEGORIES


#: ``_Reader.before``: a break when a word character follows (after ``\\b``).
BOUNDARY = "boundary"
#: ``_Reader.end``: the item may match nothing; else it ends with a break.
_MAYBE = object()
Break = bool | str

#: Categories of ``re`` whose characters are all non-alphanumeric.
_BREAK_CATEGORIES = frozenset({"CATEGORY_SPACE", "CATEGORY_NOT_WORD", "CATEGORY_LINEBREAK"})


#: A required set and its variant held at a word start (see ``Literals.needs_at_break``).
_Need = tuple[_Strings, _Strings | None]


def _kept(strings: _Strings, at_break: bool) -> _Need:
    """``minimal(strings)``, and for strings held at a break, those that start with no
    other: a string dropped for merely containing another would leave the other off
    the break ("crossposted" holds "posted", but not at its start)."""
    return minimal(strings), _prefix_minimal(strings) if at_break else None


def _prefix_minimal(strings: Iterable[str]) -> _Strings:
    """The strings that start with no other one."""
    strings = frozenset(strings)
    return frozenset(s for s in strings if not any(t != s and s.startswith(t) for t in strings))


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


class _Plan(NamedTuple):
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
    #: Without leading strings: the literal every match holds after a prefix of known
    #: characters (see ``Anchor``); None: not known.
    anchor: Anchor | None = None


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
    They are registered for word starts only when every match starts at one
    (``Literals.lead_at_break``).
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
        lead = read_literals(regex, for_lowered=True) if shared else None
        #: ``_shared`` is registered for word starts only (see ``SharedScan``).
        self._shared_at_break = lead is not None and lead.lead_at_break
        self._shared = self._shared_lead(lead.lead) if lead is not None else None

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
        if candidates is None:
            return _Plan(gates, candidates, plain, anchor=Anchor.read(self.regex))
        if shared is None:
            return _Plan(gates, candidates, plain)
        trie = patterncache.compile(literal_trie(sorted(shared), starts_only=True))
        return _Plan(gates, candidates, plain, shared, trie)

    def _shared_lead(self, lead: frozenset[str]) -> frozenset[str] | None:
        """The leading strings for the ``fold_safe`` copy (``lead``), registered with
        ``PROSE_SCAN``, unless they all open with one character."""
        if not lead or min(map(len, lead)) < self.min_lead:
            return None
        if len({s[0] for s in lead}) < 2:
            return None  # ``re`` finds them itself with a fast search for that character
        PROSE_SCAN.add(lead, word_start=self._shared_at_break)
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
            if plan.anchor is not None:
                return plan.anchor.finditer(self.regex, text, pos, endpos)
            return plan.plain.finditer(text, pos, endpos)
        if plan.shared is not None and cache is not None:
            low = folded if folded is not None else lowered(text)
            if low is not None:
                if self._shared_at_break:
                    starts = PROSE_SCAN.starts(low, cache=cache, word_start=plan.shared)
                else:
                    starts = PROSE_SCAN.starts(low, plan.shared, cache)
                return self._confirmed_at(starts, plan, low, text, pos, endpos)
        return confirmed(plan.candidates, self.regex, scanned, text, pos, endpos)

    def _confirmed_at(
        self, starts: list[int], plan: _Plan, low: str, text: str, pos: int, endpos: int | None
    ) -> Iterator[re.Match]:
        """``segment.confirmed`` with the candidates taken from ``starts`` (increasing).

        Exact: a match of the regex at ``p`` starts with a leading string, which the
        ``fold_safe`` copy ``low`` shows at ``p`` as one of ``plan.shared``
        (``read_literals``), so ``p`` is in ``starts`` (``SharedScan``: ``p`` is a word
        start when they were registered for word starts only) and
        ``shared_candidates`` matches there, within ``endpos`` as the match does (see
        ``confirmed_at``).
        """
        assert plan.shared_candidates is not None
        return confirmed_at(
            starts, plan.shared_candidates.match, self.regex.match, low, text, pos, endpos
        )


class Anchor(NamedTuple):
    r"""A literal that every match of a regex holds after a prefix of known characters.

    A regex such as ``(?:^[^\S\n]*|[\[(|][^\S\n]*)Ad...`` (a label "Ad" alone on a line
    or in brackets) opens with no literal, so ``re`` tries it at every offset of the
    text. But every match holds "Ad", and before it only characters that the items in
    front of it consume (``before``: spaces and tabs, "[", "(", "|"). So a match that
    starts at ``p`` has "Ad" at some ``a >= p``, and ``text[p:a]`` is a run of such
    characters: ``p`` lies between ``a`` and the start of that run. Those few places
    are the only ones tried (``finditer``).
    """

    #: Held verbatim by every match (the regex is case-sensitive).
    literal: str
    #: Matches one character that the items before ``literal`` may consume (None: they
    #: are all zero-width, so every match starts at ``literal``).
    before: re.Pattern | None

    @classmethod
    def read(cls, regex: re.Pattern) -> Anchor | None:
        """The first run of two or more literal characters in the regex's top-level
        sequence, if only items that consume single characters (a literal, a set, a
        repeat or group or alternation of such items) or nothing (anchors, look-arounds)
        come before it; None otherwise, or for a regex that ignores case."""
        if not isinstance(regex.pattern, str) or regex.flags & (re.IGNORECASE | re.LOCALE):
            return None
        try:
            parsed = _sre_parse.parse(regex.pattern, regex.flags)
            items = list(parsed)
            first = next(i for i, (op, _av) in enumerate(items) if str(op) == "LITERAL")
            run = itertools.takewhile(lambda item: str(item[0]) == "LITERAL", items[first:])
            literal = "".join(chr(av) for _op, av in run)
            chars = _consumed(items[:first])
            if len(literal) < 2 or chars is None:
                return None
            if not chars:
                return cls(literal, None)
            branch = [_sre_parse.SubPattern(parsed.state, [item]) for item in chars]
            union = _sre_parse.SubPattern(parsed.state, [(_sre_parse.BRANCH, (None, branch))])
            before = _sre_compile.compile(union, regex.flags)
        except Exception:  # noqa: BLE001 - an unexpected parse shape: no anchor, never wrong
            return None
        return cls(literal, before)

    def starts(self, text: str, pos: int, end: int) -> Iterator[int]:
        """Increasing offsets in [pos, end) that include every start of a match within
        [pos, end): for each place of ``literal`` (every one, overlapping), it and the
        places before it back over a run of ``before`` characters.

        A walk back stops at the offset after the previous place of the literal: if it
        went on, it would walk the run that the previous walk already walked.
        """
        find, before = text.find, self.before
        low = pos  # the lowest offset not yet given
        at = find(self.literal, pos, end)
        while at != -1:
            first = at
            if before is not None:
                while first > low and before.match(text, first - 1) is not None:
                    first -= 1
            yield from range(first, at + 1)
            low = at + 1
            at = find(self.literal, low, end)

    def finditer(
        self, regex: re.Pattern, text: str, pos: int = 0, endpos: int | None = None
    ) -> Iterator[re.Match]:
        """``regex.finditer(text, pos, endpos)``, trying the regex only at ``starts``
        (``confirmed_at``: every match start is one of them)."""
        end = len(text) if endpos is None else min(endpos, len(text))
        resume = pos
        for at in self.starts(text, pos, end):
            if at < resume:
                continue
            m = regex.match(text, at, end)
            if m is not None:
                yield m
                resume = m.end() if m.end() > m.start() else m.end() + 1


#: Items that consume nothing, and items that consume one character.
_ZERO_WIDTH_ITEMS = frozenset({"AT", "ASSERT", "ASSERT_NOT"})
_ONE_CHARACTER = frozenset({"LITERAL", "NOT_LITERAL", "IN", "ANY"})


def _consumed(items: Any) -> list[Any] | None:
    """The one-character items (literal, set, any) that a sequence of parse-tree items
    may consume characters with; None when some item may consume otherwise (a group
    reference, flags, anything unexpected)."""
    out: list[Any] = []
    for op, av in items:
        name = str(op)
        if name in _ZERO_WIDTH_ITEMS:
            continue
        if name in _ONE_CHARACTER:
            found: list[Any] | None = [(op, av)]
        elif name in _REPEATS:
            found = _consumed(av[2])
        elif name == "SUBPATTERN":
            found = None if av[1] or av[2] else _consumed(av[3])
        elif name == "ATOMIC_GROUP":
            found = _consumed(av)
        elif name == "BRANCH":
            branches = [_consumed(branch) for branch in av[1]]
            found = None if None in branches else [c for b in branches for c in b]  # type: ignore[union-attr]
        else:
            return None
        if found is None:
            return None
        out += [c for c in found if c not in out]
    return out


def confirmed_at(
    starts: list[int],
    candidate: Callable[[str, int, int], re.Match | None],
    match: Callable[[str, int, int], re.Match | None],
    low: str,
    text: str,
    pos: int = 0,
    endpos: int | None = None,
) -> Iterator[re.Match]:
    """``segment.confirmed``, with the places to try taken from ``starts`` (increasing).

    ``segment.confirmed`` searches ``candidate``'s pattern in ``low`` (``text`` or its
    ``fold_safe`` copy) from ``pos`` and tries ``match`` (the exact regex) in ``text``
    where one starts, going on after each match (one character later after an empty
    one). Here the places come from ``starts`` instead, each checked with ``candidate``
    within ``endpos``. The matches are the same whenever every place where ``match``
    matches, within ``endpos``, is one of ``starts`` at which ``candidate`` matches:
    the places passed over are only ones where the exact regex fails, which
    ``confirmed`` passes over too. The places are visited in order and resumed after
    each match, as ``confirmed`` does.
    """
    end = len(text) if endpos is None else min(endpos, len(text))
    resume = pos
    # Indexes, not a slice: a caller asking span by span (one sentence at a time) would
    # copy the rest of the document's starts at every call.
    for k in range(bisect.bisect_left(starts, pos), len(starts)):
        at = starts[k]
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
    holds no match of that regex, whatever ``pos``/``endpos`` it is run with. A literal
    of ``word_start`` is one that every match holding it holds at a word start
    (``gate_literals``): only those places of it count.
    """

    def __init__(
        self,
        needs: dict[str, frozenset[str]],
        *,
        shared: bool = False,
        word_start: frozenset[str] = frozenset(),
    ):
        self.keys = tuple(needs)
        trie, self.owners = _gate_tables(needs)
        self.regex = patterncache.compile(trie) if trie is not None else None
        literals = frozenset(self.owners)  # every literal of ``needs``, once
        #: With ``shared``, the places to try ``regex`` come from ``PROSE_SCAN``'s pass,
        #: which other scanners of the same prose share (see ``starts``): the literals
        #: of ``word_start`` are registered for word starts only, the others anywhere.
        self.shared = literals - word_start if shared else None
        self.shared_word_start = literals & word_start if shared else frozenset()
        if shared:
            PROSE_SCAN.add(self.shared or ())
            PROSE_SCAN.add(self.shared_word_start, word_start=True)

    @classmethod
    def build(
        cls,
        regexes: dict[str, re.Pattern],
        families: dict[str, list[str]] | None = None,
        *,
        shared: bool = False,
        word_starts: bool = False,
    ) -> LiteralGate | None:
        """A gate for all of ``regexes`` (by key), and for each family of keys one that
        passes where any member may match; None when a regex has no known literal.
        ``shared``: find the literals through ``PROSE_SCAN`` (see ``__init__``).
        ``word_starts`` (with ``shared``): a literal that every regex holding it holds
        at a word start (``gate_literals``) is looked for there only, so ``starts``
        gives only the places that count, fewer than a gate without it."""
        needs: dict[str, frozenset[str]] = {}
        at_break: set[str] = set()
        anywhere: set[str] = set()
        for key, regex in regexes.items():
            found = gate_literals(regex) if word_starts and shared else _anywhere(regex)
            if found is None:
                return None
            needs[key] = found[0]
            (at_break if found[1] else anywhere).update(found[0])
        for family, keys in (families or {}).items():
            needs[family] = frozenset().union(*(needs[k] for k in keys))
        return cls(needs, shared=shared, word_start=frozenset(at_break - anywhere))

    def starts(
        self, text: str, *, folded: str | None = None, cache: dict[Any, Any] | None = None
    ) -> dict[str, list[int]] | None:
        """Per key, the ordered offsets of ``text`` where one of its literals starts
        (a literal of ``word_start``: only at word starts).
        None when ``text`` has no safe lower-cased copy; ``folded`` is that copy
        (``fold_safe(text)``) when the caller has it, else ``lowered`` makes it.
        ``cache``: the document's, for ``PROSE_SCAN`` (a shared gate only).

        Each search resumes one character after the last start, so literals that
        overlap are all found. A shared gate tries its regex only at the places
        ``PROSE_SCAN`` found: every place where a literal starts, but a literal of
        ``word_start`` only at word starts (the only places that count for it), in
        order; at each it finds the same longest literal as a scan of every place.
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
        if self.shared is not None:
            starts = PROSE_SCAN.starts(low, self.shared, cache, word_start=self.shared_word_start)
            # ``map`` calls ``match(low, at)`` for each start in C (no generator frame).
            return filter(None, map(self.regex.match, itertools.repeat(low), starts))
        return _overlapping(self.regex.search, low)


def _gate_tables(needs: dict[str, frozenset[str]]) -> tuple[str | None, dict[str, tuple[str, ...]]]:
    """A ``LiteralGate``'s trie of all the literals (None: there are none) and, per
    literal, the keys it stands for.

    The scan reports the longest literal starting at an offset; the others that start
    there are its prefixes, so each literal stands for the keys of its prefixes. Both
    depend on ``needs`` alone, and cost about 2 ms of every start-up for the shipped
    packs: they are kept in the pattern store.
    """
    # Sorted: a caller may build ``needs`` from a set, whose order changes from run to
    # run (the order of the keys of a literal does not matter to ``starts``).
    key = ("gate", tuple(sorted((k, tuple(sorted(need))) for k, need in needs.items())))
    return patterncache.remember(_CODE_TAG, key, lambda: _compute_gate_tables(needs))


def _compute_gate_tables(
    needs: dict[str, frozenset[str]],
) -> tuple[str | None, dict[str, tuple[str, ...]]]:
    literals = sorted(set().union(*needs.values()))
    owners = {
        lit: tuple(k for k, need in needs.items() if any(lit.startswith(n) for n in need))
        for lit in literals
    }
    return (literal_trie(literals) if literals else None), owners


def _anywhere(regex: re.Pattern) -> tuple[frozenset[str], bool] | None:
    """``required_literals(regex)``, to be looked for everywhere."""
    need = required_literals(regex)
    return None if need is None else (need, False)


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

    Most phrases only count at a word start (a scanner registers them so, with
    ``word_start``, when it can prove it; see ``Literals``): those that open with an
    ASCII letter or digit are tried only where such a character follows another
    character or the start of the text (``_word_walk``), which skips the letters inside
    words, about four in five. The other phrases are tried at every offset.

    Exact: the tries are ``segment.trie_pattern`` of the phrases without word-end
    tests, so they match at an offset wherever one of them starts there, whitespace
    in a phrase standing for any run of whitespace (a literal's space included). The
    offsets found are every offset where a phrase registered anywhere starts, and every
    word start (after a character that is not an ASCII letter or digit, a superset of
    the word starts of ``Literals``) where a phrase registered for word starts does.
    That can be more offsets than a scanner's own regex matches at, never fewer, as
    long as that regex only matches where one of its registered phrases does (each
    user says why in its docstring).
    """

    def __init__(self, name: str) -> None:
        #: The key of its answers in a document's cache.
        self.key = f"literals.SharedScan.{name}"
        self._phrases: set[str] = set()
        #: The phrases that some scanner registered without ``word_start``.
        self._anywhere: set[str] = set()
        #: The built scans (``_build``), with the generation they were built at.
        self._scans: _Scans | None = None
        #: Bumped by every ``add`` that registers something new: older answers are stale.
        self._generation = 0
        #: Callers' phrase sets already found registered, anywhere and for word starts
        #: (registrations are never taken back, so a set found once stays registered).
        self._seen_anywhere: set[frozenset[str]] = set()
        self._seen_word_start: set[frozenset[str]] = set()

    def add(self, phrases: Iterable[str], *, word_start: bool = False) -> None:
        """Register phrases (lower case); ``word_start``: they only count at word
        starts. The scans are rebuilt on their next use."""
        new = set(phrases) - (self._phrases if word_start else self._anywhere)
        if new:
            self._phrases |= new
            if not word_start:
                self._anywhere |= new
            self._generation += 1

    def starts(
        self,
        low: str,
        phrases: frozenset[str] = frozenset(),
        cache: dict[Any, Any] | None = None,
        *,
        word_start: frozenset[str] = frozenset(),
    ) -> list[int]:
        """The increasing offsets of ``low`` where a registered phrase may start.

        ``phrases`` and ``word_start`` are the caller's own, registered anywhere and for
        word starts (registered again if missing: an object unpickled in another
        process was never registered there). ``cache`` (a document's) keeps the answer
        for the next scanner of the same text.
        """
        # A caller asks with the same sets again and again (a scoped rule once per
        # sentence): a set's hash is kept in it, so looking it up is cheaper than testing
        # each of its phrases. (``frozenset`` of a frozenset is that very set.)
        phrases, word_start = frozenset(phrases), frozenset(word_start)
        if phrases not in self._seen_anywhere:
            self.add(phrases)
            self._seen_anywhere.add(phrases)
        if word_start not in self._seen_word_start:
            self.add(word_start, word_start=True)
            self._seen_word_start.add(word_start)
        kept = cache.get(self.key) if cache is not None else None
        if kept is not None and kept[0] == self._generation and kept[1] == low:
            return kept[2]
        scans = self._current()
        found = self._scan(low, scans)
        if cache is not None:  # under the generation the scans hold (another thread may add)
            cache[self.key] = (scans[0], low, found)
        return found

    def _scan(self, low: str, scans: _Scans) -> list[int]:
        _generation, walk, trie = scans
        found = _word_starts(*walk, low) if walk is not None else []
        if trie is not None:
            elsewhere = [m.start() for m in _overlapping(trie.search, low)]
            found = sorted({*found, *elsewhere}) if found else elsewhere
        return found

    def _walk(self) -> tuple[re.Pattern, re.Pattern] | None:
        """``_word_walk`` of the phrases registered for word starts only that open with
        an ASCII letter or digit (None: there are none), built on first use after a change."""
        return self._current()[1]

    def _trie(self) -> re.Pattern | None:
        """The trie of the other phrases, tried at every offset (None: there are none)."""
        return self._current()[2]

    def _current(self) -> _Scans:
        """The scans of the phrases registered now, built on first use after a change."""
        scans = self._scans
        return scans if scans is not None and scans[0] == self._generation else self._build()

    def _build(self) -> _Scans:
        """Build the scans from a copy of the phrases, stamped with the generation read
        before copying: if another thread registers phrases meanwhile, the stamp is old
        and the next use builds again, instead of these scans passing for current ones."""
        generation = self._generation
        phrases, anywhere = set(self._phrases), set(self._anywhere)
        words = sorted(p for p in phrases - anywhere if p[:1] in WORD_OPENERS)
        others = sorted(phrases.difference(words))
        walk = _word_walk(trie_pattern(words, word_end=False)) if words else None
        scans = _Scans(
            generation,
            (patterncache.compile(walk[0]), patterncache.compile(walk[1])) if walk else None,
            patterncache.compile(trie_pattern(others, word_end=False)) if others else None,
        )
        self._scans = scans
        return scans


class _Scans(NamedTuple):
    """A ``SharedScan``'s built regexes and the generation of phrases they cover."""

    generation: int
    walk: tuple[re.Pattern, re.Pattern] | None
    trie: re.Pattern | None


#: What ``_word_walk`` takes for word characters: ASCII letters (lower case) and digits.
#: A phrase registered for word starts is looked for there only when it opens with one.
WORD_OPENERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _word_walk(trie: str) -> tuple[str, str]:
    """Two regexes that find the word starts where ``trie`` matches (see ``_word_starts``).

    A word is a run of ASCII letters and digits. The first regex, matched at the
    start of a text, skips separators, then whole words at whose start ``trie`` does
    not match: it ends at the first word start where it does, or at the end of the
    text. The second one first skips the rest of a word: matched just after a word
    start, it goes on to the next ones. ``re`` walks the words in C, and tries
    ``trie`` once per word instead of at each of its letters.
    """
    # Possessive repeats keep ``re`` from saving backtracking points it never uses (where
    # it runs them right: ``patterncache.POSSESSIVE_REPEATS``); the walk is correct either way.
    more, some = ("*+", "++") if patterncache.POSSESSIVE_REPEATS else ("*", "+")
    word, other = "[a-z0-9]", "[^a-z0-9]"
    body = f"{other}{more}(?:(?!{trie}){word}{some}{other}{more}){more}"
    return body, f"{word}{more}{body}"


def _word_starts(first: re.Pattern, rest: re.Pattern, low: str) -> list[int]:
    """The word starts of ``low`` where the trie of ``_word_walk`` matches, in order.

    Each match of the walk ends at a word start where the trie matches, or at the
    end of the text (where no phrase starts: none is empty); after a word start the
    walk goes on one character later, skipping the rest of that word, so every word
    start is tried once, in order.
    """
    found: list[int] = []
    end = len(low)
    at = first.match(low).end()  # type: ignore[union-attr] - the walk always matches
    while at < end:
        found.append(at)
        at = rest.match(low, at + 1).end()  # type: ignore[union-attr]
    return found


#: The lower-cased prose view's shared scan (see ``SharedScan``).
PROSE_SCAN = SharedScan("prose")


class ScanGate:
    """Which of several ``LiteralScan``s may match a text, from ``PROSE_SCAN``'s pass.

    A ``LiteralScan`` without a shared lead reads the whole text once or twice on its
    own (a search for a string every match holds, then for its candidates), and most
    texts hold none of its matches. A ``LiteralGate`` over the scans' regexes finds,
    from the pass over the lower-cased text that other scanners already paid for,
    where one of each regex's required strings starts (``gate_literals``); a scan none
    of whose strings starts anywhere in the text has no match there (``LiteralGate``)
    and need not run at all.

    Only scans whose strings the shared pass finds cheaply join: strings held at word
    starts, or opening with a character that is no letter, digit or white space
    (``_rare_opener``). The pass looks for other strings at every offset where their
    first character stands, and a letter or a space would stop it at most places of
    every text; those scans run as before.
    """

    def __init__(self, scans: Iterable[LiteralScan]) -> None:
        #: The scans that join, by the gate's key for their regex.
        self.scans: dict[str, LiteralScan] = {}
        for scan in scans:
            found = gate_literals(scan.regex)
            if found is not None and (found[1] or all(map(_rare_opener, found[0]))):
                self.scans.setdefault(f"{scan.regex.flags}/{scan.regex.pattern}", scan)
        regexes = {key: scan.regex for key, scan in self.scans.items()}
        self.gate = LiteralGate.build(regexes, shared=True, word_starts=True) if regexes else None

    def skipped(
        self, text: str, folded: str | None, cache: dict[Any, Any] | None = None
    ) -> frozenset[LiteralScan]:
        """The scans that certainly have no match in ``text``; ``folded`` is its
        ``fold_safe`` copy (None: there is none, and no scan is skipped); ``cache``: the
        document's, where the shared pass is kept."""
        if self.gate is None or folded is None:
            return frozenset()
        starts = self.gate.starts(text, folded=folded, cache=cache)
        if starts is None:
            return frozenset()
        return frozenset(scan for key, scan in self.scans.items() if not starts[key])


def _rare_opener(string: str) -> bool:
    """Does ``string`` open with a character that few places of a text hold (no
    letter, digit or white space)? A cost judgement only: any string is exact."""
    return not (string[:1].isalnum() or string[:1].isspace())


class SharedPhrases:
    r"""``segment.WordPhrases``, its candidates found by ``PROSE_SCAN``'s shared pass.

    ``WordPhrases`` (whole words: ``(?<!\w)(?:a|b\s+c)(?!\w)``) finds its candidates by
    trying a trie of its phrases at every offset of the lower-cased text: with a
    hundred phrases that costs more than the shared pass costs for all its scanners.
    Here the phrases are registered with ``PROSE_SCAN`` for word starts, and
    ``finditer`` tries the trie only at the places that pass found.

    Exact (``confirmed_at``), when the phrases are case-insensitive, ASCII and each
    opens with an ASCII letter or digit (else ``WordPhrases`` scans alone): a match
    at ``p`` follows no word character (``(?<!\w)``: no letter, digit or "_"); the
    ``fold_safe`` copy lower-cases that character to one that is no letter or digit
    either (``tests/test_perf4_signals.py`` checks every code point), so ``p`` is a
    word start of the copy. There the copy shows the phrase in lower case: a
    character that matches an ASCII letter case-insensitively lower-cases to it in a
    ``fold_safe`` copy, other ASCII characters match only themselves and white space
    stays white space. So the shared trie (``segment.trie_pattern``, a space standing
    for any run of white space) and this scanner's own trie of the same phrases both
    match at ``p``, within the match's end.
    """

    def __init__(self, phrases: Iterable[str], ignorecase: bool = True):
        phrases = list(phrases)
        self.phrases = WordPhrases(phrases, ignorecase)
        #: The exact regex (``WordPhrases.regex``) and its pattern.
        self.regex = self.phrases.regex
        self.pattern = self.phrases.pattern
        lower = sorted({" ".join(p.split()).lower() for p in phrases if p.strip()})
        shareable = (
            ignorecase and bool(lower) and all(p.isascii() and p[0] in WORD_OPENERS for p in lower)
        )
        #: The lower-cased phrases registered with ``PROSE_SCAN`` (None: not shared).
        self.shared = frozenset(lower) if shareable else None
        self._candidate = None
        if self.shared is not None:
            PROSE_SCAN.add(self.shared, word_start=True)
            self._candidate = patterncache.compile(trie_pattern(lower, word_end=False))

    def __setstate__(self, state: dict) -> None:
        """Unpickled (a Dask worker's rules): register the phrases at once, as ``__init__``
        does, rather than at first use in the middle of a run (which makes the shared
        pass already made for the current post stale)."""
        self.__dict__.update(state)
        if self.shared is not None:
            PROSE_SCAN.add(self.shared, word_start=True)

    def finditer(
        self,
        text: str,
        pos: int = 0,
        endpos: int | None = None,
        *,
        folded: str | None = None,
        cache: dict[Any, Any] | None = None,
    ) -> Iterator[re.Match]:
        """``WordPhrases.finditer``; with ``cache`` (the document's, when ``text`` is its
        prose) the candidates come from the pass shared with other scanners. ``folded``
        is ``fold_safe(text)`` when the caller has it (else ``lowered`` gives it)."""
        low = None
        if self._candidate is not None and cache is not None:
            low = folded if folded is not None else lowered(text)
        if low is None:
            return self.phrases.finditer(text, pos, endpos)
        starts = PROSE_SCAN.starts(low, cache=cache, word_start=self.shared)  # type: ignore[arg-type]
        return confirmed_at(starts, self._candidate.match, self.regex.match, low, text, pos, endpos)  # type: ignore[union-attr]
