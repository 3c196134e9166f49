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
import re
import time
from collections.abc import Iterable, Iterator

import regex

from .base import ParamError

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
        flags = regex.VERSION0 | (regex.IGNORECASE if ignorecase else 0)
        try:
            self._compiled = regex.compile(pattern, flags)
        except (regex.error, ValueError, OverflowError) as exc:
            raise ParamError(key, f"invalid regular expression {pattern!r}: {exc}") from None

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None) -> Iterator:
        """Like ``re.Pattern.finditer``; the timeout covers the whole iteration."""
        matches = self._compiled.finditer(string, pos, endpos, timeout=_remaining())
        try:
            yield from matches
        except TimeoutError:
            raise RegexTimeout() from None

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
    bounded = [t for t in tokens if re.match(r"\w", t) and re.search(r"\w$", t)]
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
    return re.compile("|".join(parts), flags)


class TokenMatcher:
    """Find literal phrases through the document's shared word index instead of a regex scan.

    A big alternation regex costs about a microsecond per character per rule; looking
    up each phrase's first word in ``doc.word_index`` costs only as much as there are
    candidates. Phrases that do not tokenise cleanly into words ("#1", "e.g.") fall
    back to a regex. Matches do not cross blanked markup other than whitespace, and
    the longest phrase wins at a given start, as with the regex.
    """

    def __init__(self, tokens: Iterable[str], ignorecase: bool):
        from ..segment import WORD_RE

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
        self.fallback = compile_alternation(leftovers, [], ignorecase)

    def spans(self, doc, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Non-overlapping (start, end) matches inside [start, end), in order."""
        end = len(doc.source) if end is None else end
        found = self._indexed(doc)
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
        words, lower, prose, source = doc.words, doc.lower_words, doc.prose, doc.source
        found: list[tuple[int, int]] = []
        index = doc.word_index
        for first, seqs in self.sequences.items():
            for i in index.get(first, ()):
                for seq in seqs:
                    j = i + len(seq)
                    if tuple(lower[i:j]) != seq:
                        continue
                    if any(
                        not prose[words[k].end : words[k + 1].start].isspace()
                        for k in range(i, j - 1)
                    ):
                        continue
                    if (
                        not self.ignorecase
                        and tuple(source[s:e] for s, e in words[i:j]) != self.originals[seq]
                    ):
                        continue
                    found.append((words[i].start, words[j - 1].end))
                    break
            if any(len(seq) == 1 for seq in seqs):
                for s, e in doc.part_index.get(first, ()):
                    if self.ignorecase or source[s:e] == self.originals[(first,)][0]:
                        found.append((s, e))
        return found
