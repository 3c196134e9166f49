"""Turning a rule's tokens and patterns into one compiled regex, once per run."""

from __future__ import annotations

import re
from collections.abc import Iterable


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
    """One regex for all tokens and patterns; longest tokens first so phrases beat their prefixes."""
    parts = [token_pattern(t) for t in sorted(set(tokens), key=lambda t: (-len(t), t)) if t.strip()]
    parts += [f"(?:{p})" for p in patterns]
    if not parts:
        return None
    flags = re.IGNORECASE if ignorecase else 0
    return re.compile("|".join(parts), flags)


def first_words(tokens: Iterable[str], patterns: Iterable[str]) -> frozenset[str] | None:
    """Lowercased first words of literal tokens, for a cheap "can this document match?" test.

    None when the rule also has regex patterns (they can match anything) or a token
    does not start with a word character.
    """
    if list(patterns):
        return None
    out = set()
    for token in tokens:
        words = token.split()
        if not words or not re.match(r"\w+$", words[0]):
            return None
        out.add(words[0].lower())
    return frozenset(out)
