"""``existence``: flag every occurrence of listed phrases or patterns (Vale's existence)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .base import Kind, Param, ParamError, iter_scope_spans
from .patterns import compile_alternation, first_words

if TYPE_CHECKING:
    from ..document import Document
    from ..model import Finding
    from ..rules import Rule


class ExistenceKind(Kind):
    name = "existence"
    description = "'{match}' should be avoided."
    default_scope = "text"
    params = {
        "tokens": Param("list[str]", [], help="phrases to flag (literal, whole words)"),
        "patterns": Param("list[regex]", [], help="regular expressions to flag"),
    }

    def validate(self, rule: Rule) -> None:
        if not rule.params["tokens"] and not rule.params["patterns"]:
            raise ParamError("tokens", "expected at least one of 'tokens' or 'patterns'")

    def prepare(self, rule: Rule):
        regex = compile_alternation(rule.params["tokens"], rule.params["patterns"], rule.ignorecase)
        return regex, first_words(rule.params["tokens"], rule.params["patterns"])

    def check(self, rule: Rule, doc: Document) -> Iterator[Finding]:
        regex, firsts = rule.state
        if firsts is not None and firsts.isdisjoint(doc.lowercase_words):
            return
        for start, end in iter_scope_spans(doc, rule.scope):
            for m in regex.finditer(doc.prose, start, end):
                if m.end() > m.start():
                    yield rule.finding(doc, m.start(), m.end())
