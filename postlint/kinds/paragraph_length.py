"""``paragraph_length``: flag paragraphs with more words than ``max``.

A wall of text loses readers on screens; the finding covers the paragraph so an
editor highlights exactly what to break up. List items, table cells and
headings are not paragraphs here (a long list item is a different problem);
paragraphs in block quotes are skipped by the engine as quoted material.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..textmetrics import words_in
from .base import Kind, Param, ParamError

if TYPE_CHECKING:
    from ..document import Document
    from ..model import Finding
    from ..rules import Rule


class ParagraphLengthKind(Kind):
    name = "paragraph_length"
    description = "This paragraph has {words} words (more than {max}); break it up."
    scopes = frozenset({"paragraph"})
    default_scope = "paragraph"
    params = {
        "max": Param("int", 150, help="flag paragraphs with more words than this"),
        "include_lists": Param("bool", False, help="also measure list items"),
    }

    def validate(self, rule: Rule) -> None:
        if rule.params["max"] < 1:
            raise ParamError("max", "expected a positive number of words")

    def check(self, rule: Rule, doc: Document) -> Iterator[Finding]:
        limit = rule.params["max"]
        for block in doc.blocks:
            if block.kind != "paragraph" or (block.in_list and not rule.params["include_lists"]):
                continue
            count = words_in(doc, block.start, block.end)
            if count > limit:
                yield rule.finding(doc, block.start, block.end, words=count, max=limit)
