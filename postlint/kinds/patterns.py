"""Turning a rule's tokens and patterns into one compiled regex, once per run.

Patterns written by rule authors are untrusted: ``(a+)+$`` against a long run of
"a" takes longer than the age of the universe with Python's ``re``. They are
compiled with the ``regex`` module instead (``UserPattern``), whose matching
functions take a ``timeout``. The engine sets one deadline per rule and document
(``regex_time_limit``); every scan a rule makes draws on that shared budget, and
running past it raises ``RegexTimeout``, which the engine reports as that file's
error before it goes on with the other rules and files. Literal tokens are
escaped by us and cannot backtrack badly, so they stay on the faster ``re``.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
import time
import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from .. import literals, patterncache
from ..literals import literal_trie, lowered, lowers_to
from ..segment import WORD_RE, split_top_level
from ..textmetrics import word_starts
from .base import ParamError

if TYPE_CHECKING:
    import regex

    from ..document import Document

_CODE_TAG = patterncache.code_tag(__file__)
_WORD_CHAR = patterncache.compile(r"\w")
_LAST_WORD_CHAR = patterncache.compile(r"\w$")

# Flags of the ``regex`` module, as plain ints: a run whose patterns come from the
# pattern store never imports ``regex`` (see ``patterncache.regex_compile``).
# ``_regex_module`` checks them against the module whenever a pattern is analysed
# (``_parse``); tests check them too.
VERSION0 = 0x2000
IGNORECASE = 0x2
ASCII = 0x80
VERBOSE = 0x40
LOCALE = patterncache.REGEX_LOCALE
FULLCASE = 0x4000
#: Engine flags that change how a search proceeds (reverse, fuzzy and best-match
#: searching, POSIX leftmost-longest) or full case folding: no prefilter.
_UNSUPPORTED_FLAGS = (
    0x400 | 0x1000 | 0x8000 | 0x10000 | FULLCASE
)  # REVERSE BESTMATCH ENHANCEMATCH POSIX
_FLAG_NAMES = {
    "VERSION0": VERSION0,
    "IGNORECASE": IGNORECASE,
    "ASCII": ASCII,
    "VERBOSE": VERBOSE,
    "LOCALE": LOCALE,
    "FULLCASE": FULLCASE,
    "REVERSE": 0x400,
    "BESTMATCH": 0x1000,
    "ENHANCEMATCH": 0x8000,
    "POSIX": 0x10000,
}


def _regex_module():
    """The ``regex`` package (imported on first need: compiling or analysing a pattern
    that the store does not hold, or reporting an invalid one)."""
    import regex

    if any(int(getattr(regex, name)) != value for name, value in _FLAG_NAMES.items()):
        raise RuntimeError("the regex module's flag values changed; postlint needs an update")
    return regex


#: Monotonic time by which the running rule must be done with its patterns (None: no bound).
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "postlint_regex_deadline", default=None
)


class RegexTimeout(Exception):
    """A rule's patterns used up its time budget (``regex_timeout``) on one document."""


@contextlib.contextmanager
def regex_time_limit(seconds: float | None) -> Iterator[None]:
    """Give every ``UserPattern`` scan inside the block ``seconds`` in total (None: unbounded)."""
    token = _DEADLINE.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _remaining() -> float | None:
    deadline = _DEADLINE.get()
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise RegexTimeout()
    return left


class UserPattern:
    """A rule author's regex: the ``re`` methods the kinds use, each bounded by the deadline."""

    def __init__(self, pattern: str, ignorecase: bool = False, key: str = "pattern"):
        self.pattern = pattern
        self._flags = VERSION0 | (IGNORECASE if ignorecase else 0)
        try:
            #: How to build ``prefilter`` (``_describe``), kept in the pattern store: the
            #: analysis walks the pattern's parse tree, which costs more than compiling
            #: it. Only a pattern that compiled is stored, so a later run that finds it
            #: knows it is valid and compiles it on first use (``_compiled``); an
            #: invalid one fails here on every run, with the same error.
            self._plan = patterncache.remember(
                _CODE_TAG,
                ("user-pattern", pattern, self._flags, _regex_identity()),
                self._analyse,
            )
        except Exception as exc:
            if not isinstance(exc, _pattern_errors()):
                raise
            raise ParamError(key, f"invalid regular expression {pattern!r}: {exc}") from None
        _LIVE_PATTERNS.add(self)
        # The prefilter is built on first use, but what it will look for in the shared
        # pass is registered now, with the rules: registering it in the middle of a run
        # would make the pass already made for the current document stale.
        literals.PROSE_SCAN.add(_planned_shared(self._plan), word_start=True)

    def prepare(self) -> None:
        """Compile the pattern and build its prefilter now rather than on first use.

        Why: ``--jobs`` forks its workers from a parent that loaded the rules; what the
        parent prepares, every worker inherits, instead of each compiling it again.
        """
        self._compiled  # noqa: B018 - cached on first access
        self.prefilter  # noqa: B018

    @staticmethod
    def prepare_all() -> None:
        """``prepare`` every user pattern alive in this process (see ``prepare``).

        A pattern that fails here is left as it was: its first use fails the same way,
        where that failure is reported (the file and rule that used it).
        """
        for pattern in list(_LIVE_PATTERNS):
            with contextlib.suppress(Exception):
                pattern.prepare()

    def _analyse(self) -> tuple | None:
        """Compile the pattern (which validates it; kept for ``_compiled``) and describe its prefilter."""
        self.__dict__["_compiled"] = patterncache.regex_compile(self.pattern, self._flags)
        return _describe(self.pattern, self._flags)

    def __getstate__(self) -> dict:
        """Pickled (``--dask`` ships the rules) without the compiled pattern and prefilter:
        they are rebuilt on first use, and the pattern object may come from ``regex``'s C
        extension alone, which pickles only once the ``regex`` package is imported."""
        state = dict(self.__dict__)
        state.pop("_compiled", None)
        state.pop("prefilter", None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        _LIVE_PATTERNS.add(self)
        # As in __init__: a Dask worker unpickles the rules before linting, so what
        # the prefilter will share is registered before the first shared pass.
        literals.PROSE_SCAN.add(_planned_shared(self._plan), word_start=True)

    @functools.cached_property
    def _compiled(self) -> regex.Pattern:
        return patterncache.regex_compile(self.pattern, self._flags)

    @functools.cached_property
    def prefilter(self) -> Prefilter | Alternatives | InfixPrefilter | None:
        """Where matches can start (None: anywhere), built from the remembered plan."""
        return _build(self._plan, self.pattern, self._flags)

    def finditer(
        self,
        string: str,
        pos: int = 0,
        endpos: int | None = None,
        *,
        cache: dict | None = None,
    ) -> Iterator:
        """Like ``re.Pattern.finditer``; the timeout covers the whole iteration.

        With a ``prefilter`` the pattern is tried only where a match can start (see
        ``_confirmed``): the same matches, found without trying every position.
        ``cache``: the document's, when ``string`` is its prose (see ``Prefilter.shared``).
        """
        end = len(string) if endpos is None else endpos
        if self.prefilter is not None and 0 <= pos <= end <= len(string):
            next_start = self.prefilter.finder(string, cache)
            if next_start is not None:
                return self._confirmed(next_start, string, pos, end)
        return self._finditer(string, pos, endpos)

    def _finditer(self, string: str, pos: int, endpos: int | None) -> Iterator:
        matches = self._compiled.finditer(string, pos, endpos, timeout=_remaining())
        try:
            yield from matches
        except TimeoutError:
            raise RegexTimeout() from None

    def _confirmed(self, next_start: _Finder, string: str, pos: int, end: int) -> Iterator:
        """``finditer``'s matches: the pattern tried only where the prefilter says one can start.

        ``next_start(pos, end)`` is at or before the first position at or after ``pos``
        where the pattern matches (``Prefilter``, ``Alternatives``), so the first such
        position where the pattern does match is where ``finditer``'s search would
        have found its match, and ``match`` there gives the same match object. Like
        ``finditer``, the next search resumes at the end of that match (never empty:
        the prefilters are only made for patterns that always consume a character).
        """
        match = self._compiled.match
        while pos < end:
            start = next_start(pos, end)
            if start is None:
                return
            try:
                m = match(string, start, end, timeout=_remaining())
            except TimeoutError:
                raise RegexTimeout() from None
            if m is None:
                pos = start + 1
                continue
            yield m
            pos = m.end() if m.end() > start else start + 1

    def search(self, string: str, pos: int = 0, endpos: int | None = None):
        return self._call(self._compiled.search, string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int | None = None):
        return self._call(self._compiled.match, string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int | None = None):
        return self._call(self._compiled.fullmatch, string, pos, endpos)

    @staticmethod
    def _call(method, string: str, pos: int, endpos: int | None):
        try:
            return method(string, pos, endpos, timeout=_remaining())
        except TimeoutError:
            raise RegexTimeout() from None

    def __repr__(self) -> str:
        return f"UserPattern({self.pattern!r})"


#: Every ``UserPattern`` made in this process and still in use, for ``prepare_all``.
_LIVE_PATTERNS: weakref.WeakSet[UserPattern] = weakref.WeakSet()


def prose_finditer(
    regex: re.Pattern | UserPattern | literals.SharedPhrases,
    doc: Document,
    start: int = 0,
    end: int | None = None,
) -> Iterator[re.Match]:
    """``regex.finditer(doc.prose, start, end)``. A ``UserPattern`` or ``SharedPhrases``
    gets the document's cache: their candidates may come from the pass over the
    lower-cased prose that they share with other scanners (``literals.PROSE_SCAN``)."""
    if isinstance(regex, (UserPattern, literals.SharedPhrases)):
        return regex.finditer(doc.prose, start, end, cache=doc.cache)
    return regex.finditer(doc.prose, start, len(doc.prose) if end is None else end)


def _regex_identity() -> tuple | str:
    """What the remembered analyses depend on: the installed ``regex`` files (its version
    when they cannot be told), so another ``regex`` never reads this one's answers."""
    return patterncache.regex_install() or _regex_module().__version__


def _pattern_errors() -> tuple[type[Exception], ...]:
    """The errors that mean an invalid pattern. ``regex.error`` can only have been raised
    once ``regex`` was imported, so looking it up never imports anything."""
    import sys

    found = sys.modules.get("regex")
    return (ValueError, OverflowError) + ((found.error,) if found is not None else ())


def compile_patterns(
    patterns: Iterable[str], ignorecase: bool, key: str = "patterns"
) -> UserPattern | None:
    """One bounded regex for a list of user patterns (None when the list is empty)."""
    patterns = list(patterns)
    if not patterns:
        return None
    return UserPattern("|".join(f"(?:{p})" for p in patterns), ignorecase, key)


def token_pattern(token: str) -> str:
    """A literal phrase matched on word boundaries; runs of spaces match any whitespace.

    Tokens are phrases, not regexes, so authors can write "in order to" without
    escaping; ``patterns`` take raw regexes.
    """
    words = [re.escape(w) for w in token.split()]
    body = r"\s+".join(words)
    left = r"(?<![\w])" if token[:1].isalnum() or token[:1] == "_" else ""
    right = r"(?![\w])" if token[-1:].isalnum() or token[-1:] == "_" else ""
    return left + body + right


def compile_alternation(
    tokens: Iterable[str], patterns: Iterable[str], ignorecase: bool
) -> re.Pattern | None:
    """One regex for all tokens and patterns; longest tokens first so phrases beat their prefixes.

    Tokens that start and end with a word character share one boundary check around
    the whole alternation, which is far cheaper than a lookaround per token.
    """
    tokens = sorted({t for t in tokens if t.strip()}, key=lambda t: (-len(t), t))
    bounded = [t for t in tokens if _WORD_CHAR.match(t) and _LAST_WORD_CHAR.search(t)]
    other = [t for t in tokens if t not in bounded]
    parts = []
    if bounded:
        body = "|".join(r"\s+".join(re.escape(w) for w in t.split()) for t in bounded)
        parts.append(rf"(?<!\w)(?:{body})(?!\w)")
    parts += [token_pattern(t) for t in other]
    parts += [f"(?:{p})" for p in patterns]
    if not parts:
        return None
    flags = re.IGNORECASE if ignorecase else 0
    return patterncache.compile("|".join(parts), flags)


class TokenMatcher:
    """Find literal phrases from the document's word list instead of a regex scan.

    A big alternation regex costs about a microsecond per character per rule; looking
    up the occurrences of a phrase's words in ``doc.lower_words`` (see ``_indexed``)
    and comparing the words around them costs far less. Phrases that do not tokenise
    cleanly into words ("#1", "e.g.") fall back to a regex. Matches do not cross
    blanked markup other than whitespace, and the longest phrase wins at a given
    start, as with the regex. One-word phrases also match a part of a hyphenated word
    ("known" in "well-known"), split at each hyphen.
    """

    def __init__(self, tokens: Iterable[str], ignorecase: bool):
        self.ignorecase = ignorecase
        self.sequences: dict[str, list[tuple[str, ...]]] = {}
        self.originals: dict[tuple[str, ...], tuple[str, ...]] = {}
        leftovers = []
        for token in tokens:
            words = WORD_RE.findall(token)
            if not words or " ".join(words) != " ".join(token.split()):
                leftovers.append(token)
                continue
            key = tuple(w.lower() for w in words)
            self.sequences.setdefault(key[0], []).append(key)
            self.originals[key] = tuple(words)
        for seqs in self.sequences.values():
            seqs.sort(key=len, reverse=True)
        #: Every phrase with the offset of its anchor, grouped by anchor: its longest word
        #: (the first of them), likely the rarest, whose occurrences are looked up (see
        #: ``_indexed``).
        self._by_anchor: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for seqs in self.sequences.values():
            for seq in seqs:
                offset = max(range(len(seq)), key=lambda k, seq=seq: (len(seq[k]), -k))
                self._by_anchor.setdefault(seq[offset], []).append((seq, offset))
        #: First words that are a whole phrase: they may match part of a hyphenated word.
        self.single = frozenset(w for w, seqs in self.sequences.items() if min(map(len, seqs)) == 1)
        self.fallback = compile_alternation(leftovers, [], ignorecase)

    def spans(self, doc, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Non-overlapping (start, end) matches inside [start, end), in order."""
        end = len(doc.source) if end is None else end
        found = self._indexed(doc) + self._word_parts(doc)
        if self.fallback is not None:
            found += [m.span() for m in self.fallback.finditer(doc.prose) if m.end() > m.start()]
        found.sort(key=lambda se: (se[0], -se[1]))
        out: list[tuple[int, int]] = []
        last_end = -1
        for s, e in found:
            if s >= last_end and start <= s and e <= end:
                out.append((s, e))
                last_end = e
        return out

    def _indexed(self, doc) -> list[tuple[int, int]]:
        """Phrases starting at a word: the longest one whose words follow, space-separated.

        Why anchors: openers like "the", "a" and "i" are frequent, so going from each
        occurrence of an opener costs a step for a good share of all words. Instead a
        phrase is looked for only when the document holds all its words (one set test),
        and then only around the occurrences of its anchor (its longest word, found with
        ``list.index`` in C). Every occurrence of a phrase holds its anchor at the
        anchor's offset, so the same (start, phrase) pairs are tested as from the
        openers; at each start the longest phrase that passes wins, as before (so the
        order in which phrases are tried does not matter). Only the phrases whose anchor
        the document holds are looked at: the anchors present are found in C, by one
        set intersection.
        """
        lower = doc.lower_words
        present = _word_set(doc)
        longest: dict[int, int] = {}  # start word -> end word (exclusive) of the phrase kept
        for anchor in present.intersection(self._by_anchor):
            places = None
            for seq, offset in self._by_anchor[anchor]:
                if not present.issuperset(seq):
                    continue
                if places is None:
                    places = _positions(lower, anchor)
                size = len(seq)
                for i in places:
                    i -= offset
                    j = i + size
                    if i < 0 or j <= longest.get(i, 0) or not self._found_at(doc, seq, i, j):
                        continue
                    longest[i] = j
        words = doc.words
        return [(words[i].start, words[j - 1].end) for i, j in sorted(longest.items())]

    def _found_at(self, doc, seq: tuple[str, ...], i: int, j: int) -> bool:
        """Do words ``i`` to ``j - 1`` spell ``seq``, separated by white space only?"""
        words, prose = doc.words, doc.prose
        if len(seq) > 1 and tuple(doc.lower_words[i:j]) != seq:
            return False
        if any(not prose[words[k].end : words[k + 1].start].isspace() for k in range(i, j - 1)):
            return False
        source = doc.source
        return self.ignorecase or tuple(source[s:e] for s, e in words[i:j]) == self.originals[seq]

    def _word_parts(self, doc) -> list[tuple[int, int]]:
        """One-word phrases found as parts of hyphenated words (split at each hyphen)."""
        if not self.single:
            return []
        found: list[tuple[int, int]] = []
        source, single = doc.source, self.single
        for (start, _end), word in _hyphenated(doc):
            pos = start
            for part in word.split("-"):
                if part in single and (
                    self.ignorecase or source[pos : pos + len(part)] == self.originals[(part,)][0]
                ):
                    found.append((pos, pos + len(part)))
                pos += len(part) + 1
        return found


_LAST_HYPHENATED: tuple[object, list] = (None, [])


def _hyphenated(doc) -> list:
    """(span, lower-cased word) of the document's words holding a hyphen.

    Every rule with one-word tokens needs them; the last document's list is kept.
    They are found from the hyphens of the prose, each looked up among the word spans
    by bisection, rather than by testing every word: a word's lower-cased copy holds
    "-" exactly when its text does (no character lower-cases to one holding "-";
    tests/test_perf_patterns2.py checks every code point). The memo is read once into
    a local, so a thread linting another document at the same time (a Dask worker with
    several threads) can only make it recompute, never hand over the other's list.
    """
    global _LAST_HYPHENATED
    lower = doc.lower_words
    memo = _LAST_HYPHENATED
    if memo[0] is not lower:
        words, starts = doc.words, word_starts(doc)
        found: list = []
        last = -1
        for hyphen in _HYPHEN_RE.finditer(doc.prose):
            at = hyphen.start()
            i = bisect_right(starts, at) - 1
            if i > last and words[i][1] > at:  # the hyphen lies inside word i
                found.append((words[i], lower[i]))
                last = i
        memo = _LAST_HYPHENATED = (lower, found)
    return memo[1]


_HYPHEN_RE = patterncache.compile("-")


def _word_set(doc) -> set[str]:
    """The distinct lower-cased words of the document (kept in ``doc.cache``: every token
    rule tests its phrases against it)."""
    present = doc.cache.get("patterns.word_set")
    if present is None:
        present = doc.cache["patterns.word_set"] = set(doc.lower_words)
    return present


def _positions(words: list[str], word: str) -> list[int]:
    """Every index of ``word`` in ``words``, in order (``list.index`` scans in C)."""
    found = []
    index = words.index
    try:
        at = index(word)
        while True:
            found.append(at)
            at = index(word, at + 1)
    except ValueError:
        return found


# --- Prefilters: where a user pattern can start ------------------------------------
#
# A user pattern usually opens with a look-behind, ``\b`` or a case-insensitive
# alternation, so the ``regex`` module tries it at every character of the text. Yet
# most patterns can only match where the text holds one of a few short strings
# ("colo", "behavio", three capitals, ...). ``leading_prefilter`` reads those strings
# off the pattern as the ``regex`` module itself parses it, and ``UserPattern`` then
# runs the exact pattern only where one of them occurs.

#: Bounds on the candidate strings: enough to be selective, small enough to scan fast.
_MAX_PREFIXES = 256
_MAX_PREFIX_LEN = 8
_MAX_SET_SIZE = 256

#: One position of a candidate string: the characters allowed there, and whether they
#: were written case-insensitively (then only ASCII characters are allowed).
_Position = tuple[frozenset[str], bool]
_Prefix = tuple[_Position, ...]
#: ``next_start(pos, end)``: a position at or before the first match at or after ``pos``
#: (None: no match there), for one text.
_Finder = Callable[[int, int], "int | None"]


class Prefilter:
    """Where matches of a pattern can start: a cheap ``re`` for its leading strings.

    ``candidates`` matches ``scanned(text)`` at every position where the pattern can
    match ``text`` (and at others, which the exact pattern then rejects).
    ``scanned`` is the text itself when every leading character is case-sensitive,
    else its lower-cased copy with lower-cased candidates (``literals.lowered``): a
    faster scan than any case-insensitive regex, and exact because each character
    of a candidate is one that the copy shows wherever the pattern matched
    (``literals.lowers_to``).

    ``word_start``: the pattern only matches where the character before is not an
    ASCII word character (``_word_start``), so a candidate right after one (the "low"
    of "below", the inner capitals of "HTTPS") is passed over without trying the
    pattern, whose ``regex`` call costs about 2 microseconds even when it fails at
    once (its timeout reads the process clock).
    """

    def __init__(self, prefixes: Iterable[_Prefix], word_start: bool = False):
        prefixes = frozenset(prefixes)
        # Building the trie costs milliseconds for long lists: kept in the pattern store.
        self.lowered, trie, strings = patterncache.remember(
            _CODE_TAG, ("prefilter", prefixes), lambda: _prefilter_parts(prefixes)
        )
        self.candidates = patterncache.compile(trie)
        #: The candidates spelled out, when they are few: then ``str.find`` finds them.
        self.strings = None if strings is None else list(strings)
        self.word_start = word_start
        #: For a word-start pattern whose leading strings open with many letters, the
        #: scan that ``re`` enters at nearly every letter is instead made for a character
        #: outside the ASCII word characters followed by a candidate (see
        #: ``_candidate_starts``), which it enters about once a word.
        #: (Only in the lower-cased copy, where leading letters are frequent: capitals
        #: are rare enough for ``re`` to skip to them faster than to word starts.)
        self.after_boundary = None
        if word_start and self.lowered and strings is None and len(_first_chars(prefixes)) >= 8:
            self.after_boundary = patterncache.compile(f"[^a-z0-9_](?:{trie})")
        #: For candidates that are a run of one set of ASCII characters ("[A-Z]" three
        #: times), how ``_run_starts`` finds them without ``re`` (None: it cannot).
        self.run = _class_run(prefixes, self.lowered)
        #: The candidates spelled out in full, registered with ``literals.PROSE_SCAN`` for
        #: word starts: the places of a document's prose come from the pass that the
        #: other scanners of the prose share (see ``finder``). None: not shared.
        self.shared: frozenset[str] | None = None
        if word_start and self.lowered:
            self.shared = patterncache.remember(
                _CODE_TAG, ("prefilter-shared", prefixes), lambda: _shared_strings(prefixes)
            )
        if self.shared is not None:
            literals.PROSE_SCAN.add(self.shared, word_start=True)

    def scanned(self, text: str) -> str | None:
        """The text to search ``candidates`` in (None: no prefilter for this text)."""
        return lowered(text) if self.lowered else text

    def finder(self, text: str, cache: dict | None = None) -> _Finder | None:
        """``next_start(pos, end)``: the first candidate at or after ``pos`` in ``text``.

        ``cache``: the document's, when ``text`` is its prose; a shared prefilter then
        takes its candidates from the places ``literals.PROSE_SCAN`` found (exact: see
        ``_shared_strings``), unless the text holds the Kelvin sign.
        """
        scanned = self.scanned(text)
        if scanned is None:
            return None
        if self.shared is not None and cache is not None and _KELVIN not in text:
            starts = literals.PROSE_SCAN.starts(scanned, cache=cache, word_start=self.shared)
            found = _shared_finder(starts, self.candidates, scanned)
        elif self.strings is not None:
            found = _string_finder(self.strings, scanned)
        else:
            found = _candidate_finder(self.candidates, scanned, self.after_boundary, self.run)
        return _at_word_starts(found, text) if self.word_start else found

    def __repr__(self) -> str:
        return f"Prefilter({self.candidates.pattern!r}, lowered={self.lowered})"


def _prefilter_parts(prefixes: frozenset[_Prefix]) -> tuple[bool, str, tuple[str, ...] | None]:
    """``Prefilter``'s parts: whether it scans the lower-cased text, its candidate trie
    pattern and its spelled-out strings (None: too many)."""
    lowered = any(folded for prefix in prefixes for _chars, folded in prefix)
    if lowered:
        prefixes = frozenset(
            tuple((frozenset(c.lower() for c in chars), True) for chars, _ in prefix)
            for prefix in prefixes
        )
    positions = [[chars for chars, _folded in p] for p in prefixes]
    strings = _spelled_out(positions)
    trie = literal_trie(positions, starts_only=True)
    return lowered, trie, None if strings is None else tuple(strings)


#: The Kelvin sign: the one character outside the ASCII word characters that lower-cases
#: to one of them ("k"; ``tests/test_perf5_signals.py`` checks every code point).
_KELVIN = "\u212a"
#: At most this many strings of a prefilter are registered with the shared pass.
_MAX_SHARED = 256


def _planned_shared(plan: tuple | None) -> frozenset[str]:
    """The strings that the prefilters ``plan`` describes (see ``_describe``) register
    with the shared pass when they are built (``Prefilter.shared``): those of its lead
    plans, its own or its branches'; an infix plan's suffix is no word-start prefilter."""
    if plan is None:
        return frozenset()
    if plan[0] == "alt":
        return frozenset().union(*(_planned_shared(branch) for _source, branch in plan[1]))
    if plan[0] != "lead" or not plan[2]:
        return frozenset()
    prefixes = plan[1]
    if not any(folded for prefix in prefixes for _chars, folded in prefix):
        return frozenset()  # case-sensitive: searched in the text, not the lower-cased copy
    shared = patterncache.remember(
        _CODE_TAG, ("prefilter-shared", prefixes), lambda: _shared_strings(prefixes)
    )
    return shared or frozenset()


def _shared_strings(prefixes: frozenset[_Prefix]) -> frozenset[str] | None:
    """A lower-cased word-start prefilter's candidates spelled out in full, for
    ``literals.PROSE_SCAN`` (None: too many, or one opens with other than an ASCII
    letter or digit, which the shared pass does not look for at word starts only).

    Exact: a match at ``p`` follows no ASCII word character of the text
    (``Prefilter.word_start``); a text without the Kelvin sign lower-cases such a
    character to one that is no ASCII letter or digit either, so ``p`` is a word
    start of the ``fold_safe`` copy, where one of the candidates, opening with an
    ASCII letter or digit, starts (``Prefilter``). The shared pass finds every such
    place of every string registered for word starts (a space of a string stands
    for any run of white space there, which only adds places).
    """
    spelled: set[str] = set()
    for prefix in prefixes:
        heads = [""]
        for chars, _folded in prefix:
            lowered_chars = sorted({c.lower() for c in chars})
            if len(heads) * len(lowered_chars) > _MAX_SHARED:
                return None
            heads = [head + c for head in heads for c in lowered_chars]
        spelled.update(heads)
        if len(spelled) > _MAX_SHARED:
            return None
    if not spelled or not all(s[:1] in literals.WORD_OPENERS for s in spelled):
        return None
    return frozenset(spelled)


def _shared_finder(starts: list[int], candidates: re.Pattern, scanned: str) -> _Finder:
    """``next_start(pos, end)``: the first of ``starts`` at or after ``pos``, before
    ``end``, where ``candidates`` matches ``scanned``.

    Every place where the pattern matches is one of ``starts`` (``_shared_strings``)
    where ``candidates`` matches, so the first of those at or after ``pos`` is at or
    before the first match there; none before ``end`` means no match before it.
    """
    match = candidates.match
    count = len(starts)

    # Lazy: ``starts`` covers the whole document, and a scoped rule asks once per
    # sentence or paragraph; testing every start on each call would be quadratic.
    def next_start(pos: int, end: int) -> int | None:
        i = bisect_left(starts, pos)
        while i < count:
            at = starts[i]
            if at >= end:
                return None
            if match(scanned, at):
                return at
            i += 1
        return None

    return next_start


#: At most this many candidate strings are searched one by one with ``str.find``.
_MAX_STRINGS = 16
#: A spelled-out string is cut short at its first choice of characters after this many.
_MIN_SPELLED = 3


def _spelled_out(prefixes: list[list[frozenset[str]]]) -> list[str] | None:
    """Strings whose occurrences are where the candidates start, or None when too many.

    Each candidate is spelled out position by position, and cut short at a position
    allowing several characters once it has ``_MIN_SPELLED`` of them ("low" for
    ``low[ -]hang``: three ``str.find`` calls instead of eight, the exact pattern
    rejecting the extra starts). A string that extends another is dropped, as in
    ``literal_trie(starts_only=True)``. Every candidate occurrence begins with one of
    the strings, so the first string occurrence at or after ``pos`` is at or before
    the first candidate there, which is all ``UserPattern._confirmed`` needs.
    """
    strings: set[str] = set()
    for prefix in prefixes:
        spelled = [""]
        for chars in prefix:
            if len(chars) > 1 and len(spelled[0]) >= _MIN_SPELLED:
                break
            if len(spelled) * len(chars) > _MAX_STRINGS:
                return None
            spelled = [head + c for head in spelled for c in sorted(chars)]
        strings.update(spelled)
        if len(strings) > _MAX_STRINGS:
            return None
    return sorted(s for s in strings if not any(s != t and s.startswith(t) for t in strings))


def _first_chars(prefixes: frozenset[_Prefix]) -> set[str]:
    return {c for prefix in prefixes for c in prefix[0][0]}


def _candidate_finder(
    candidates: re.Pattern,
    scanned: str,
    after_boundary: re.Pattern | None = None,
    run: tuple[bytes, int] | None = None,
) -> _Finder:
    """``next_start(pos, end)``: where ``candidates`` first matches in ``scanned[pos:end]``.

    Searches reaching the end of the text are answered from every place the pattern
    matches there (``_candidate_starts``), shared by the prefilters with the same
    candidate pattern (Acronyms' term and definition patterns both look for three
    capitals), so the text is scanned once for them all.
    """
    search = candidates.search
    size = len(scanned)
    starts: list[int] | None = None

    def next_start(pos: int, end: int) -> int | None:
        nonlocal starts
        if end != size:
            candidate = search(scanned, pos, end)
            return None if candidate is None else candidate.start()
        if starts is None:
            starts = _candidate_starts(candidates, scanned, after_boundary, run)
        i = bisect_left(starts, pos)
        return starts[i] if i < len(starts) else None

    return next_start


#: The text whose candidate starts ``_candidate_starts`` keeps, and them by pattern.
_LAST_STARTS: tuple[str | None, dict[tuple[str, int], list[int]]] = (None, {})


def _candidate_starts(
    candidates: re.Pattern,
    scanned: str,
    after_boundary: re.Pattern | None = None,
    run: tuple[bytes, int] | None = None,
) -> list[int]:
    """Every position where ``candidates`` matches ``scanned`` (to its end), in order: the
    first match at or after ``pos`` starts at the first of them at or after ``pos``.

    With ``after_boundary`` (a character outside the ASCII word characters, then
    ``candidates``), only the starts at 0 or after such a character: for a word-start
    prefilter the others are passed over anyway (``_at_word_starts``), and a character
    of the lower-cased copy that is an ASCII word character comes from a word
    character of the text (``lowers_to``: only letters lower-case to ASCII letters), so
    no start where the pattern can match is left out.

    Without ``after_boundary``, candidates that are a run of one set of ASCII characters
    (``run``, see ``_class_run``) are found by ``_run_starts``: the same places.

    Kept for the last text only (the kinds scan one document's prose in turn); read
    once into a local, so threads linting other documents can only cause a rescan."""
    global _LAST_STARTS
    memo = _LAST_STARTS
    if memo[0] is not scanned:
        memo = _LAST_STARTS = (scanned, {})
    known = memo[1]
    scan = candidates if after_boundary is None else after_boundary
    key = (scan.pattern, scan.flags)
    found = known.get(key)
    if found is None and run is not None and after_boundary is None:
        found = known[key] = _run_starts(scanned, *run)
    if found is None:
        search = scan.search
        if after_boundary is None:
            found, step = [], 0
        else:  # the match opens with the boundary character: the candidate is one later
            found, step = [0] if candidates.match(scanned) else [], 1
        m = search(scanned)
        while m is not None:
            at = m.start() + step
            found.append(at)
            m = search(scanned, at + 1 - step)
        known[key] = found
    return found


def _class_run(prefixes: frozenset[_Prefix], lowered: bool) -> tuple[bytes, int] | None:
    """``(table, k)`` when the candidates (``literal_trie`` of ``prefixes``, lower-cased
    when ``lowered``, as ``_prefilter_parts`` makes them) are ``k`` >= 2 characters in a
    row from one set of ASCII characters other than "?": ``table`` maps each byte to 1
    for a member, else 0. None otherwise."""
    if len(prefixes) != 1:
        return None
    (prefix,) = prefixes
    sets = {frozenset(c.lower() for c in chars) if lowered else chars for chars, _ in prefix}
    if len(prefix) < 2 or len(sets) != 1:
        return None
    (chars,) = sets
    if not all(c.isascii() for c in chars) or "?" in chars:
        return None
    return bytes(1 if chr(i) in chars else 0 for i in range(256)), len(prefix)


def _run_starts(scanned: str, table: bytes, k: int) -> list[int]:
    """Every place of ``scanned`` where ``k`` characters of the ``_class_run`` set start in
    a row, in order: one C pass instead of a ``re`` search from each place.

    Exact: encoding to ASCII with "replace" writes one byte per character ("?" for each
    one that is not ASCII, hence no member), so offsets are kept; ``table`` marks the
    members with 1, and every occurrence of ``k`` ones, overlapping ones included (each
    search resumes one byte later), is such a place.
    """
    marks = scanned.encode("ascii", "replace").translate(table)
    needle = b"\x01" * k
    found = []
    at = marks.find(needle)
    while at >= 0:
        found.append(at)
        at = marks.find(needle, at + 1)
    return found


#: Characters that are word characters for ``regex`` in every mode but LOCALE.
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def _at_word_starts(found: _Finder, text: str) -> _Finder:
    """``found``'s candidates, less those right after an ASCII word character of ``text``."""

    def next_start(pos: int, end: int) -> int | None:
        start = found(pos, end)
        while start and text[start - 1] in _ASCII_WORD:
            start = found(start + 1, end)
        return start

    return next_start


def _word_start(tree, prefixes: frozenset[_Prefix]) -> bool:
    """Can a match only start where the character before is not an ASCII word character?

    True when, before consuming anything, every match passes ``\\b``, ``\\m`` or a
    negative look-behind of one character that matches every ASCII word character
    (``(?<!\\w)``, ``(?<![\\w'-])``...), and (for ``\\b`` and ``\\m``) every leading
    string starts with a word character: ASCII letters, digits or "_", or in a
    lower-cased scan any character that lower-cases to one of those, all letters.
    ``regex`` counts all of them as word characters in every mode but LOCALE, which
    is refused.
    """
    first = _first_chars(prefixes)
    return bool(first) and first <= _ASCII_WORD and _asserts_word_start(tree) is True


def _asserts_word_start(node) -> bool | None:
    """True: the node asserts a word start before consuming; None: it consumes nothing
    and asserts nothing usable; False: it may consume first (see ``_word_start``)."""
    name = type(node).__name__
    if name in ("Boundary", "StartOfWord"):
        return True if getattr(node, "positive", False) else None
    if name == "LookAround":
        return True if node.behind and not node.positive and _any_word_char(node) else None
    if name in _ZERO_WIDTH:
        return None
    if name in ("Group", "Atomic"):
        return _asserts_word_start(node.subpattern)
    if name == "Sequence":
        for item in node.items:
            found = _asserts_word_start(item)
            if found is not None:
                return found
        return None
    if name == "Branch":
        return all(_asserts_word_start(b) is True for b in node.branches) or False
    return False


def _any_word_char(look) -> bool:
    """Does the look-around's pattern, one character, match every ASCII word character?

    Read with ``matches`` on sets built only of positive members (no negation at any
    level): case folding (which ``matches`` ignores) can then only widen what the
    engine matches, never narrow it.
    """
    sub = look.subpattern
    if type(sub).__name__ == "Sequence" and len(sub.items) == 1:
        sub = sub.items[0]
    if getattr(sub, "zerowidth", True) or not _positive_set(sub):
        return False
    return all(sub.matches(ord(c)) for c in _ASCII_WORD)


def _positive_set(node) -> bool:
    """A character, range, property or union of them, none of them negated."""
    name = type(node).__name__
    if name not in ("Character", "Range", "Property", "SetUnion") or not node.positive:
        return False
    return name != "SetUnion" or all(_positive_set(item) for item in node.items)


def _string_finder(strings: list[str], text: str) -> _Finder:
    """``next_start(pos, end)``: the first occurrence of any of ``strings`` in ``text[pos:end]``.

    A few ``str.find`` calls scan far faster than a regex tried at every position.
    Each string's last answer is kept: the first occurrence at or after ``asked``
    within ``end`` is also the first at or after any later ``pos`` up to it.
    """
    find = text.find
    known: list[tuple[int, int, int]] = [(-1, -1, -1)] * len(strings)  # (asked, end, at)

    def next_start(pos: int, end: int) -> int | None:
        best = -1
        for i, string in enumerate(strings):
            asked, asked_end, at = known[i]
            if asked < 0 or pos < asked or end != asked_end or (at >= 0 and at < pos):
                at = find(string, pos, end)
                known[i] = (pos, end, at)
            if at >= 0 and (best < 0 or at < best):
                best = at
        return None if best < 0 else best

    return next_start


def leading_prefilter(pattern: str, flags: int) -> Prefilter | None:
    """A ``Prefilter`` for ``regex.compile(pattern, flags)``, or None when none is proven."""
    prefixes = _leading_prefixes(pattern, flags)
    return None if prefixes is None else Prefilter(prefixes)


def _leading_prefixes(pattern: str, flags: int) -> frozenset[_Prefix] | None:
    """The strings every match of ``regex.compile(pattern, flags)`` starts with, if proven.

    The pattern is parsed by the ``regex`` module's own parser (so every construct
    means what it means to the engine), and ``_leading`` derives the strings every
    match must start with. Anything the analysis does not know, an engine flag that
    changes how a search proceeds (reverse, fuzzy and best-match searching, POSIX
    leftmost-longest, full case folding) and any internal change in the ``regex``
    module give None: no prefilter, the plain scan.
    """
    try:
        tree, info_flags = _parse(pattern, flags)
        if info_flags & _UNSUPPORTED_FLAGS or not _walkable(tree):
            return None
        lead = _leading(tree)
    except Exception:  # an internal of the regex module changed: fail safe
        return None
    if lead is None or () in lead[0]:
        return None
    return frozenset(lead[0])


def _describe(pattern: str, flags: int) -> tuple | None:
    """How to build the prefilter of a pattern, as plain data the pattern store can keep.

    ``("lead", prefixes, word_start)`` for a ``Prefilter`` (``_lead_plan``),
    ``("alt", ((source, plan), ...))`` for ``Alternatives`` (a branch's plan is one of
    these, or ``("regex",)``: the branch compiled alone), ``("infix", head, prefixes,
    steps)`` for an ``InfixPrefilter`` (``_infix_plan``); None: no prefilter.
    """
    return (
        _lead_plan(pattern, flags)
        or Alternatives.plan(pattern, flags)
        or _infix_plan(pattern, flags)
    )


def _lead_plan(pattern: str, flags: int) -> tuple | None:
    """``("lead", prefixes, word_start)`` for a ``Prefilter`` (None: no leading strings)."""
    prefixes = _leading_prefixes(pattern, flags)
    if prefixes is None:
        return None
    try:
        tree, info_flags = _parse(pattern, flags)
        word_start = not info_flags & LOCALE and _word_start(tree, prefixes)
    except Exception:  # an internal of the regex module changed: no word-start test
        word_start = False
    return ("lead", prefixes, word_start)


def _build(plan: tuple | None, pattern: str, flags: int):
    """The prefilter ``plan`` (see ``_describe``) describes for ``pattern``."""
    if plan is None:
        return None
    if plan[0] == "lead":
        return Prefilter(plan[1], plan[2])
    if plan[0] == "infix":
        return _infix_from_plan(plan)
    branches: list[Prefilter | InfixPrefilter | regex.Pattern] = []
    for source, branch in plan[1]:
        built = None if branch[0] == "regex" else _build(branch, source, flags)
        branches.append(built or patterncache.regex_compile(source, flags))
    return Alternatives(branches)


class InfixPrefilter:
    """Where a pattern ``P S`` can start, found from the strings that lead its suffix ``S``.

    ``\\w[\\w-]*\\s+\\(([A-Z]{3,5})`` can start at any word character, but its match
    must reach a "(" followed by three capitals. When the head ``P`` (the first items
    of the pattern's top-level sequence) can only consume characters of a known set
    ``C`` and the suffix ``S`` has a ``Prefilter``, a match starting at ``s`` consumes
    ``text[s:q]`` with ``P`` (all in ``C``) and a candidate of ``S`` starts at ``q``.

    Proof that ``next_start(pos, end)`` is at or before the first match start ``s*``
    at or after ``pos``: let ``q0`` be the first candidate at or after ``pos``, and
    ``run(q)`` the start of the longest run of ``C`` characters ending at ``q``. The
    match at ``s*`` has its candidate at some ``q* >= s* >= pos``, so ``q* >= q0``; and
    ``s* >= run(q*) >= run(q0)``, because ``run`` never decreases (a later ``q`` either
    extends the same run or lies past a character outside ``C``, itself after
    ``run(q0)``). So ``s* >= max(pos, run(q0))``, which is what ``next_start`` returns;
    no candidate at all means no match. The candidate ends within the match, hence
    before ``end``, as ``Prefilter``'s search requires.

    Narrower, with ``steps`` (the head as a sequence of one-character sets, each
    repeated ``lo`` to ``hi`` times, look-arounds passed over: see ``_head_steps``):
    when ``text[q0]`` is not in ``C``, ``next_start`` gives the first start at or after
    ``pos`` from which the steps can consume ``text[s:q0]`` exactly (``_StepTests.starts``),
    instead of every position of the run. Proof: a head consumes only ``C``
    characters, so no match's head covers ``q0``; a match at ``s* <= q0`` therefore
    has ``q* <= q0``, i.e. ``q* = q0``, and its head consumed ``text[s*:q0]`` as the
    steps allow, so ``s*`` is one of those starts (any quantifier kind, greedy, lazy
    or possessive, consumes a count between its bounds). With none at or after
    ``pos``, every match at or after ``pos`` starts after ``q0``, and the search goes
    on from ``q0 + 1``. The run answer stays for a candidate inside ``C`` and for
    runs that would cost too much to follow step by step.
    """

    def __init__(self, head: tuple, suffix: Prefilter, steps: tuple | None = None):
        self.members = _member_test(head)
        self.suffix = suffix
        self.steps = steps
        self._known: dict[str, bool] = {}

    def _in_head(self, ch: str) -> bool:
        known = self._known.get(ch)
        if known is None:
            known = self._known[ch] = self.members(ord(ch))
        return known

    def finder(self, text: str, cache: dict | None = None) -> _Finder | None:
        """``next_start(pos, end)``: where a match can start, from the next candidate."""
        candidates = self.suffix.finder(text, cache)
        if candidates is None:
            return None
        in_head = self._in_head
        steps = None if self.steps is None else _StepTests(self.steps)
        # The last answer: asked from ``asked``, candidate at ``q``, and either the
        # sorted starts the steps allow (from ``asked`` on) or, as an int, the run's start.
        # For a later ``pos`` up to ``q``, ``q`` is still the first candidate.
        last: list = [None, None, None]

        def next_start(pos: int, end: int) -> int | None:
            while pos < end:
                asked, q, starts = last
                if asked is None or not asked <= pos <= q:
                    q = candidates(pos, end)
                    if q is None:
                        return None
                    starts = None
                    if steps is not None and not in_head(text[q]):
                        starts = steps.starts(text, q, pos)
                    if starts is None:
                        starts = q
                        while starts > pos and in_head(text[starts - 1]):
                            starts -= 1
                    last[:] = pos, q, starts
                if type(starts) is int:
                    return max(pos, starts)
                i = bisect_left(starts, pos)
                if i < len(starts):
                    return starts[i]
                pos = q + 1  # no match starts at or before q (see the class docstring)
            return None

        return next_start

    def __repr__(self) -> str:
        return f"InfixPrefilter({self.suffix!r})"


def infix_prefilter(pattern: str, flags: int) -> InfixPrefilter | None:
    """An ``InfixPrefilter`` for ``regex.compile(pattern, flags)``, or None when none is proven."""
    plan = _infix_plan(pattern, flags)
    return None if plan is None else _infix_from_plan(plan)


def _infix_plan(pattern: str, flags: int) -> tuple | None:
    """``("infix", head, prefixes, steps)``: ``head`` describes the characters the
    pattern's first items can consume (``_leaf_data``), ``prefixes`` lead the items
    after them, ``steps`` are the head items one by one (``_head_steps``, or None).

    The pattern must be a sequence whose first items consume only characters of a
    set the parse tree states exactly (``_head_leaves``) and whose remaining items
    have a ``Prefilter``; the shortest such head is taken. Same fail-safe rules as
    ``leading_prefilter``.
    """
    try:
        tree, info_flags = _parse(pattern, flags)
        if (
            info_flags & (_UNSUPPORTED_FLAGS | ASCII)
            or type(tree).__name__ != "Sequence"
            or not _walkable(tree)
        ):
            return None
        items = list(tree.items)
        for k in range(1, len(items)):
            if _head_leaves(items[k - 1]) is None:
                return None
            lead = _leading_sequence(items[k:])
            if lead is not None and () not in lead[0]:
                head = tuple(_leaf_data(leaf) for item in items[:k] for leaf in _head_leaves(item))
                return ("infix", head, frozenset(lead[0]), _head_steps(items[:k]))
    except Exception:  # an internal of the regex module changed: fail safe
        return None
    return None


def _infix_from_plan(plan: tuple) -> InfixPrefilter:
    """The ``InfixPrefilter`` of an ``_infix_plan`` (no parse: the head is plain data)."""
    _kind, head, prefixes, steps = plan
    return InfixPrefilter(head, Prefilter(prefixes), steps)


def _head_steps(items: list) -> tuple | None:
    """The head items as steps ``(leaf data, lo, hi)``: one character of the leaf's set,
    ``lo`` to ``hi`` times (hi -1: no bound); look-arounds and other assertions consume
    nothing and are passed over. None when an item is anything else (a string, a group,
    a repeated group...): the ``InfixPrefilter`` then uses the run of ``C`` alone."""
    steps = []
    for item in items:
        name = type(item).__name__
        if name in _ZERO_WIDTH or name == "LookAround":
            continue
        node, lo, hi = item, 1, 1
        if name in ("GreedyRepeat", "LazyRepeat", "PossessiveRepeat"):
            node, lo, hi = item.subpattern, item.min_count, item.max_count
        if type(node).__name__ not in ("Character", "Range", "Property", "SetUnion"):
            return None
        if (
            not _plain_member(node)
            or type(lo) is not int
            or (hi is not None and type(hi) is not int)
        ):
            return None
        steps.append((_leaf_data(node), lo, -1 if hi is None else hi))
    return tuple(steps)


#: Positions followed back per candidate at most; past it the run answer is used.
_MAX_STEP_WORK = 2_000


class _StepTests:
    """The head steps of an ``InfixPrefilter`` with a memo of their character tests."""

    def __init__(self, steps: tuple):
        self.steps = [(_member_test((leaf,)), lo, hi, {}) for leaf, lo, hi in steps]

    def starts(self, text: str, q: int, low: int) -> list[int] | None:
        """Sorted starts ``s >= low`` from which the steps can consume exactly ``text[s:q]``
        (None: too much work; the caller falls back to the run)."""
        ends = {q}
        work = 0
        for member, lo, hi, known in reversed(self.steps):
            found: set[int] = set()
            for p in ends:
                k = 0
                while k != hi and p - k > low:
                    ch = text[p - k - 1]
                    ok = known.get(ch)
                    if ok is None:
                        ok = known[ch] = member(ord(ch))
                    if not ok:
                        break
                    k += 1
                work += k + 1
                if k >= lo:
                    found.update(range(p - k, p - lo + 1))
            if work > _MAX_STEP_WORK:
                return None
            ends = found
            if not ends:
                break
        return sorted(ends)


def _head_leaves(node) -> list | None:
    """The one-character nodes ``node`` can consume with, if each states its characters.

    Look-arounds and other assertions consume nothing and are passed over. A leaf is
    accepted only when the ``regex`` module's own ``matches`` tells its characters:
    a character, range, set or property, case-sensitive and not ASCII-restricted
    (``matches`` ignores both). Anything else (``.``, a backreference, a string
    written case-insensitively, an unfamiliar set) gives None.
    """
    name = type(node).__name__
    if name in _ZERO_WIDTH or name == "LookAround":
        return []
    if name in _CONTAINERS:  # LookAround, also a container, was passed over above
        leaves: list = []
        for child in _children(node):
            found = _head_leaves(child)
            if found is None:
                return None
            leaves += found
        return leaves
    if name in ("String", "Literal"):
        if node.case_flags & IGNORECASE:
            return None
        return [frozenset(node.characters)]
    if name in ("Character", "Range", "Property", "SetUnion") and _plain_member(node):
        return [node]
    return None


def _plain_member(node) -> bool:
    """Does ``node.matches`` tell exactly what the engine matches (see ``_head_leaves``)?"""
    if getattr(node, "zerowidth", True) or node.case_flags & IGNORECASE:
        return False
    if type(node).__name__ == "Property":
        return node.encoding != 1  # ASCII-restricted: ``matches`` would say Unicode
    if type(node).__name__ == "SetUnion":
        return all(
            type(i).__name__ in ("Character", "Range", "Property")
            and (type(i).__name__ != "Property" or i.encoding != 1)
            for i in node.items
        )
    return True


def _leaf_data(leaf) -> tuple:
    """A ``_head_leaves`` leaf as plain data the pattern store can keep (see ``_matches``).

    A string's leaf is its set of code points; a node keeps what its ``matches`` reads.
    """
    if isinstance(leaf, frozenset):
        return ("in", leaf)
    name = type(leaf).__name__
    if name == "Character":
        return ("=", leaf.value, leaf.positive)
    if name == "Range":
        return ("-", leaf.lower, leaf.upper, leaf.positive)
    if name == "Property":
        return ("p", leaf.value, leaf.positive)
    if name == "SetUnion":
        return ("u", leaf.positive, tuple(_leaf_data(item) for item in leaf.items))
    raise ValueError(f"no data form for {name}")  # ``_infix_plan`` then gives no plan


def _matches(leaf: tuple, code: int) -> bool:
    """The ``regex`` module's ``matches`` of the node ``leaf`` describes, on plain data.

    Each line is the formula of that node type's ``matches`` in ``regex._regex_core``
    (a property is looked up by the C extension, as there); tests compare the two on
    many code points.
    """
    kind = leaf[0]
    if kind == "in":
        return code in leaf[1]
    if kind == "=":
        return (code == leaf[1]) == leaf[2]
    if kind == "-":
        return (leaf[1] <= code <= leaf[2]) == leaf[3]
    if kind == "p":
        return patterncache.regex_extension().has_property_value(leaf[1], code) == leaf[2]
    return any(_matches(item, code) for item in leaf[2]) == leaf[1]


def _member_test(leaves: tuple) -> Callable[[int], bool]:
    """Is a code point one some leaf (``_leaf_data``) can consume?"""

    def member(code: int) -> bool:
        return any(_matches(leaf, code) for leaf in leaves)

    return member


class Alternatives:
    """A top-level alternation ``A|B|...`` whose branches find their starts separately.

    When one branch (``\\w[\\w-]*\\s+\\(...``) can start anywhere, the whole pattern
    gets no ``Prefilter``, and ``regex`` tries every branch at every position. The
    pattern matches at a position exactly when one of its branches does there, so the
    first position where any branch can start is found from each branch's own
    ``Prefilter`` or, without one, from that branch compiled alone and searched; the
    whole pattern is then matched there (``UserPattern._confirmed``), giving its own
    match object and groups. The branches are split from the source text only when
    that is plainly safe (no verbose mode or comments, no reference between groups,
    no inline flags but leading ones), and checked against the parse tree's branches.
    """

    def __init__(self, branches: list[Prefilter | InfixPrefilter | regex.Pattern]):
        self.branches = branches

    @staticmethod
    def plan(pattern: str, flags: int) -> tuple | None:
        """How to build ``Alternatives`` for ``pattern`` when some but not all branches
        have a prefilter, as plain data (see ``_describe``); None otherwise."""
        try:
            tree, info_flags = _parse(pattern, flags)
            if (
                info_flags & (_UNSUPPORTED_FLAGS | VERBOSE)
                or type(tree).__name__ != "Branch"
                or not _walkable(tree)
                or _min_length(tree) == 0
            ):
                return None
            head, pieces = _top_level_branches(pattern)
            if pieces is None or len(pieces) != len(tree.branches):
                return None
            branches = []
            for piece in pieces:
                source = head + piece
                branch = _lead_plan(source, flags) or _infix_plan(source, flags)
                if branch is None:
                    patterncache.regex_compile(
                        source, flags
                    )  # a piece that does not compile alone: no split
                    branch = ("regex",)
                branches.append((source, branch))
        except Exception:  # a piece that does not compile alone, a changed internal: no split
            return None
        # All plain prefilters: the whole pattern had one. None at all: nothing to gain.
        kinds = {branch[0] for _source, branch in branches}
        if kinds == {"lead"} or kinds == {"regex"}:
            return None
        return ("alt", tuple(branches))

    def finder(self, text: str, cache: dict | None = None) -> _Finder | None:
        """The first position at or after ``pos`` where any branch can start."""
        finders = []
        for branch in self.branches:
            if isinstance(branch, (Prefilter, InfixPrefilter)):
                finder = branch.finder(text, cache)
                if finder is None:
                    return None
                finders.append(finder)
            else:
                finders.append(_searcher(branch, text))
        # Each branch's last answer (asked from, first start or None); it stays the
        # answer for any later ``pos`` up to that start, so most branches are asked once.
        known: list[tuple[int, int | None]] = [(-1, None)] * len(finders)

        def next_start(pos: int, end: int) -> int | None:
            best = None
            for i, finder in enumerate(finders):
                asked, start = known[i]
                if asked < 0 or pos < asked or (start is not None and start < pos):
                    start = finder(pos, end)
                    known[i] = (pos, start)
                if start is not None and (best is None or start < best):
                    best = start
            return best

        return next_start


def _searcher(compiled: regex.Pattern, text: str) -> _Finder:
    """Where ``compiled`` alone next matches ``text``, bounded by the rule's deadline."""

    def next_start(pos: int, end: int) -> int | None:
        try:
            m = compiled.search(text, pos, end, timeout=_remaining())
        except TimeoutError:
            raise RegexTimeout() from None
        return None if m is None else m.start()

    return next_start


#: Constructs that make a branch depend on the others or on the whole pattern.
_CROSS_BRANCH_RE = patterncache.compile(
    r"\\[0-9gGkK]|\(\?(?:P[=>]|&|\(|R|[0-9+-]|#)|\(\?[a-zA-Z-]+\)|\[:"
)
_LEADING_FLAGS_RE = patterncache.compile(r"(?:\(\?[a-zA-Z]+\))*")


def _top_level_branches(pattern: str) -> tuple[str, list[str] | None]:
    """Leading inline flags, and the branches of a top-level alternation (None: unsafe)."""
    head = _LEADING_FLAGS_RE.match(pattern).group()
    body = pattern[len(head) :]
    if _CROSS_BRANCH_RE.search(body):
        return head, None
    return head, split_top_level(body)


def _min_length(node) -> int:
    """The fewest characters a match of the (walkable) node consumes."""
    name = type(node).__name__
    if name == "Sequence":
        return sum(_min_length(item) for item in node.items)
    if name == "Branch":
        return min((_min_length(b) for b in node.branches), default=0)
    if name in ("Group", "Atomic"):
        return _min_length(node.subpattern)
    if name in ("GreedyRepeat", "LazyRepeat", "PossessiveRepeat"):
        return node.min_count * _min_length(node.subpattern)
    if name in ("String", "Literal"):
        return len(node.characters)
    if name in _LEAVES and name != "RefGroup":
        return 1
    return 0  # assertions, look-arounds, backreferences


def _parse(pattern: str, flags: int):
    """The ``regex`` module's parse tree of ``pattern`` and its final flags (as ``compile``)."""
    _regex_module()  # the flag values above must still be the module's
    from regex import _regex_core as core

    global_flags = flags
    while True:
        source = core.Source(pattern)
        info = core.Info(global_flags, source.char_type, {})
        source.ignore_space = bool(info.flags & VERBOSE)
        try:
            tree = core._parse_pattern(source, info)
        except core._UnscopedFlagSet:  # an inline global flag: parse again with it
            global_flags = info.global_flags
            continue
        if not source.at_end():
            raise ValueError("unbalanced parenthesis")
        return tree, info.flags


def _node_types() -> dict[str, type]:
    from regex import _regex_core as core

    return {name: getattr(core, name) for name in _CONTAINERS + _LEAVES + _ZERO_WIDTH}


#: Nodes whose children the analysis walks, nodes it reads as one character or a
#: backreference, and assertions that consume nothing. Any other node (``\G``,
#: ``\K``, ``(*SKIP)``, fuzzy matching, recursion, conditionals, named lists)
#: disables the prefilter.
_CONTAINERS = (
    "Sequence",
    "Branch",
    "Group",
    "Atomic",
    "GreedyRepeat",
    "LazyRepeat",
    "PossessiveRepeat",
    "LookAround",
)
_LEAVES = (
    "Character",
    "String",
    "Literal",
    "Range",
    "SetUnion",
    "SetDiff",
    "SetInter",
    "SetSymDiff",
    "Property",
    "Any",
    "AnyAll",
    "AnyU",
    "RefGroup",
)
_ZERO_WIDTH = (
    "Boundary",
    "DefaultBoundary",
    "StartOfWord",
    "EndOfWord",
    "DefaultStartOfWord",
    "DefaultEndOfWord",
    "StartOfLine",
    "StartOfLineU",
    "StartOfString",
    "EndOfLine",
    "EndOfLineU",
    "EndOfString",
    "EndOfStringLine",
    "EndOfStringLineU",
)


def _children(node) -> list:
    name = type(node).__name__
    if name == "Sequence":
        return list(node.items)
    if name == "Branch":
        return list(node.branches)
    if name in _CONTAINERS:
        return [node.subpattern]
    return []


def _walkable(node) -> bool:
    """Is every node of the tree one the analysis knows (by exact type)?"""
    types = _node_types()
    stack = [node]
    while stack:
        node = stack.pop()
        if types.get(type(node).__name__) is not type(node):
            return False
        stack.extend(_children(node))
    return True


def _leading(node) -> tuple[set[_Prefix], bool] | None:
    """The strings every match of ``node`` starts with, and whether they are all it matches.

    Returns ``(prefixes, complete)``: every match of ``node`` starts with one of
    ``prefixes`` (a prefix is a tuple of positions, each the set of characters allowed
    there); ``complete`` when the node matches exactly those strings, so what follows
    it in a sequence may extend them. None: a match may start with any character.
    An empty prefix in the set means the node may consume nothing.
    """
    name = type(node).__name__
    if name in _ZERO_WIDTH or name == "LookAround":  # consume nothing: skipping them
        return {()}, True  # only drops a condition, so the candidates stay a superset
    if name == "Sequence":
        return _leading_sequence(node.items)
    if name == "Branch":
        return _leading_branch(node.branches)
    if name in ("Group", "Atomic"):
        return _leading(node.subpattern)
    if name in ("GreedyRepeat", "LazyRepeat", "PossessiveRepeat"):
        return _leading_repeat(node)
    position = _position(node)
    if position is not None:
        return {(position,)}, True
    if name in ("String", "Literal"):
        positions = [_char_position(c, node.case_flags) for c in node.characters]
        if None in positions:
            return None
        return {tuple(positions)}, True
    return None


def _leading_sequence(items) -> tuple[set[_Prefix], bool] | None:
    prefixes: set[_Prefix] = {()}
    for item in items:
        lead = _leading(item)
        if lead is None:  # what came before still leads every match
            return prefixes, False
        longer = _concat(prefixes, lead[0])
        if longer is None:
            return prefixes, False
        prefixes = longer
        if not lead[1]:
            return prefixes, False
    return prefixes, True


def _leading_branch(branches) -> tuple[set[_Prefix], bool] | None:
    prefixes: set[_Prefix] = set()
    complete = True
    for branch in branches:
        lead = _leading(branch)
        if lead is None:
            return None
        prefixes |= lead[0]
        complete = complete and lead[1]
    if len(prefixes) > _MAX_PREFIXES:
        return None
    return prefixes, complete


def _leading_repeat(node) -> tuple[set[_Prefix], bool] | None:
    if node.min_count == 0:  # may match nothing: nothing is known about what follows
        return {()}, False
    lead = _leading(node.subpattern)
    if lead is None or not lead[1]:
        return lead
    prefixes: set[_Prefix] = {()}
    for _ in range(node.min_count):
        longer = _concat(prefixes, lead[0])
        if longer is None:
            return prefixes, False
        prefixes = longer
    return prefixes, node.max_count == node.min_count


def _concat(heads: set[_Prefix], tails: set[_Prefix]) -> set[_Prefix] | None:
    """Every head followed by every tail (None: too many).

    Prefixes keep only their first ``_MAX_PREFIX_LEN`` positions. That keeps both
    meanings of ``_leading``: a match's first positions are those of its parts'
    first positions joined, and a short match (under the bound) is still exact.
    """
    if len(heads) * len(tails) > _MAX_PREFIXES:
        return None
    return {(head + tail)[:_MAX_PREFIX_LEN] for head in heads for tail in tails}


def _position(node) -> _Position | None:
    """The characters a one-character node (a character, a range, a set) may match."""
    name = type(node).__name__
    if name in ("Character", "Range"):
        members, case_flags = [node], node.case_flags
    elif name == "SetUnion":  # members carry no case flags of their own: the set's apply
        members, case_flags = list(node.items), node.case_flags
    else:
        return None
    if not getattr(node, "positive", False) or getattr(node, "zerowidth", True):
        return None
    chars: set[str] = set()
    for member in members:
        kind = type(member).__name__
        if kind not in ("Character", "Range") or not member.positive:
            return None  # a property (\w), a negation, a nested set: not read here
        low, high = (member.value,) * 2 if kind == "Character" else (member.lower, member.upper)
        if high - low >= _MAX_SET_SIZE:
            return None
        chars.update(map(chr, range(low, high + 1)))
        if len(chars) > _MAX_SET_SIZE:
            return None
    return _chars_position(frozenset(chars), case_flags)


def _char_position(code: int, case_flags: int) -> _Position | None:
    return _chars_position(frozenset(chr(code)), case_flags)


def _chars_position(chars: frozenset[str], case_flags: int) -> _Position | None:
    """A position, if its characters can be found in a lower-cased text.

    The ``Prefilter`` scans the lower-cased copy when any position ignores case, so
    every character must have a stand-in there (``literals.lowers_to``: ASCII when
    it ignores case, else one that lower-cases to one character wherever it stands).
    Full case folding (one character matching two) is not read.
    """
    folded = bool(case_flags & IGNORECASE)
    if case_flags & FULLCASE and folded:
        return None
    if any(lowers_to(c, folded) is None for c in chars):
        return None
    return chars, folded
