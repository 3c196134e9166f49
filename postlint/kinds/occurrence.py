"""``occurrence``: limit how often something appears in each scope (Vale's occurrence).

Typical uses: at most one exclamation mark per paragraph, at most three commas
in a sentence, at least one link in a post. Each span of the rule's ``scope``
(sentence, paragraph, heading, document, ...) is counted on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .. import patterncache
from .base import Kind, Param, ParamError, iter_scope_spans
from .patterns import UserPattern, prose_finditer, token_pattern

if TYPE_CHECKING:
    from ..document import Document
    from ..model import Finding
    from ..rules import Rule


class OccurrenceKind(Kind):
    name = "occurrence"
    description = "Found {count} matches here; the limit is {max}."
    #: The default message when a scope has too few matches (``{match}`` is then the whole span).
    min_description = "Found {count} matches here; expected at least {min}."
    default_scope = "paragraph"
    params = {
        "token": Param("str", None, help="a literal phrase to count (whole words)"),
        "pattern": Param("regex", None, help="a regular expression to count"),
        "max": Param("int", None, help="flag the first match beyond this many per scope"),
        "min": Param("int", None, help="flag a scope with fewer matches than this"),
    }

    def validate(self, rule: Rule) -> None:
        token, pattern = rule.params["token"], rule.params["pattern"]
        if bool(token) == bool(pattern):
            raise ParamError("token", "expected exactly one of 'token' or 'pattern'")
        low, high = rule.params["min"], rule.params["max"]
        if low is None and high is None:
            raise ParamError("max", "expected 'max' or 'min' (or both)")
        for key, value in (("min", low), ("max", high)):
            if value is not None and value < 0:
                raise ParamError(key, f"expected a count of 0 or more, got {value}")
        if low is not None and high is not None and low > high:
            raise ParamError("min", f"expected min ({low}) to be at most max ({high})")

    def prepare(self, rule: Rule) -> re.Pattern | UserPattern:
        token = rule.params["token"]
        if token:
            return patterncache.compile(
                token_pattern(token), re.IGNORECASE if rule.ignorecase else 0
            )
        return UserPattern(rule.params["pattern"], rule.ignorecase)

    def check(self, rule: Rule, doc: Document) -> Iterator[Finding]:
        regex = rule.state
        low, high = rule.params["min"], rule.params["max"]
        limits = {"max": high if high is not None else "", "min": low if low is not None else ""}
        needle = _needle(rule)
        if low is None and needle is not None and doc.prose.count(needle) <= high:
            return  # no scope holds more than ``max`` matches (see ``_needle``)
        for start, end in iter_scope_spans(doc, rule.scope):
            matches = [m for m in prose_finditer(regex, doc, start, end) if m.end() > m.start()]
            count = len(matches)
            if high is not None and count > high:
                over = matches[high]
                yield rule.finding(doc, over.start(), over.end(), count=count, **limits)
            if low is not None and count < low:
                span = _trimmed(doc.prose, start, end)
                if span is not None:
                    message = self.min_description if rule.message == self.description else None
                    yield rule.finding(doc, *span, message, count=count, **limits)


def _needle(rule: Rule) -> str | None:
    """A string every match of a ``token`` rule holds as written, or None.

    ``token_pattern`` matches the token's words in order; the first one is written in
    the pattern literally, so every match holds it, exactly as written when the rule
    is case-sensitive, or when it is ASCII without letters (``re`` then matches no
    other character for it, with or without IGNORECASE). The matches of one scope do
    not overlap, so they hold as many separate occurrences of it, and ``str.count``
    (the most occurrences that do not overlap) bounds them: when it is at most
    ``max`` in the whole prose, no scope can have more, and none needs scanning.
    """
    token = rule.params["token"]
    if not token or not token.split():
        return None
    first = token.split()[0]
    if rule.ignorecase and not (first.isascii() and not any(c.isalpha() for c in first)):
        return None
    return first


def _trimmed(prose: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without the blanked markup around it: a document scope starts at its first word."""
    while start < end and prose[start].isspace():
        start += 1
    while end > start and prose[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None
