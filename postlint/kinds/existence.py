"""``existence``: flag every occurrence of listed phrases or patterns (Vale's existence)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .base import Kind, Param, ParamError, iter_scope_spans
from .patterns import TokenMatcher, compile_patterns, prose_finditer

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
        tokens = (
            TokenMatcher(rule.params["tokens"], rule.ignorecase) if rule.params["tokens"] else None
        )
        regex = compile_patterns(rule.params["patterns"], rule.ignorecase)
        return tokens, regex

    def check(self, rule: Rule, doc: Document) -> Iterator[Finding]:
        tokens, regex = rule.state
        whole = rule.scope in ("text", "document")
        for start, end in iter_scope_spans(doc, rule.scope):
            spans = tokens.spans(doc, start, end) if tokens else []
            if regex is not None:
                spans += [
                    m.span() for m in prose_finditer(regex, doc, start, end) if m.end() > m.start()
                ]
                spans.sort()
            for s, e in spans:
                yield rule.finding(doc, s, e)
            if whole:
                break
