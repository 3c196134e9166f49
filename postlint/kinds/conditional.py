"""``conditional``: if ``first`` appears, ``second`` must appear too (Vale's conditional).

The classic use is acronyms: an acronym (``first``) must be spelled out
somewhere in the post (``second``, e.g. "Domain Name System (DNS)"). Matches
are compared by a *key*: the first capture group that took part in the match,
or the whole match when the pattern has no groups. That lets ``second`` list
several ways of defining a term as alternatives, each with its own group.

Each undefined term is reported once, at its first use: a reader needs the
definition there, and repeating the finding on every use is noise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .base import Kind, Param, iter_scope_spans
from .patterns import UserPattern, prose_finditer

if TYPE_CHECKING:
    from ..document import Document
    from ..model import Finding
    from ..rules import Rule


def match_key(m: re.Match) -> str:
    """The first participating capture group, or the whole match."""
    return next((g for g in m.groups() if g is not None), m.group())


class ConditionalKind(Kind):
    name = "conditional"
    description = "'{term}' has no definition in this document."
    default_scope = "text"
    params = {
        "first": Param("regex", required=True, help="what needs a companion (e.g. an acronym)"),
        "second": Param("regex", required=True, help="the companion (e.g. its definition)"),
    }

    def prepare(self, rule: Rule) -> tuple[UserPattern, UserPattern]:
        return (
            UserPattern(rule.params["first"], rule.ignorecase, "first"),
            UserPattern(rule.params["second"], rule.ignorecase, "second"),
        )

    def check(self, rule: Rule, doc: Document) -> Iterator[Finding]:
        first, second = rule.state
        fold = str.casefold if rule.ignorecase else str
        exceptions = {fold(e) for e in rule.exceptions}
        # The companion may appear anywhere in the prose, before or after the first use.
        # Its scan is made when a term that is not an exception first needs it: in about
        # a third of the posts every term found is an exception (or none is found), and
        # the companions could not change the outcome.
        companions: set[str] | None = None
        reported: set[str] = set()
        for start, end in iter_scope_spans(doc, rule.scope):
            for m in prose_finditer(first, doc, start, end):
                key = fold(match_key(m))
                if m.end() == m.start() or key in exceptions or key in reported:
                    continue
                if companions is None:
                    companions = {fold(match_key(c)) for c in prose_finditer(second, doc)}
                if key in companions:
                    continue
                if rule.skip_quotes and doc.in_quote(m.start(), m.end()):
                    continue  # let a later, unquoted use carry the finding
                reported.add(key)
                yield rule.finding(doc, m.start(), m.end(), term=match_key(m))
