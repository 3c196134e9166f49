"""The contract between the engine and a kind (the code that runs a rule).

A kind declares its parameters; the rule loader validates a rule file against
them, then ``prepare`` compiles the rule once per run (patterns, word lists) and
``check`` runs it over one parsed document. Kinds work on the document's prose
view, whose offsets are offsets in the source, so they never translate positions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from ..document import Document
    from ..model import Finding
    from ..rules import Rule

#: Every scope a rule may name. Kinds narrow this with ``Kind.scopes``.
ALL_SCOPES = frozenset(
    {"document", "heading", "paragraph", "sentence", "list", "blockquote", "table", "text"}
)


class ParamError(Exception):
    """Raised by validation; the loader adds the file, line and key."""

    def __init__(self, key: str, expected: str):
        self.key = key
        self.expected = expected
        super().__init__(f"{key}: {expected}")


@dataclass(frozen=True)
class Param:
    """One rule parameter: its type, default and a line of help for ``postlint explain``.

    ``type`` is one of: "str", "int", "float", "number", "bool", "list[str]",
    "dict[str,str]", "dict", "regex", "list[regex]", "any".
    """

    type: str
    default: Any = None
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] | None = None


class Kind:
    """Base class of every kind. Subclasses set ``name``, ``params`` and implement ``check``."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    params: ClassVar[dict[str, Param]] = {}
    scopes: ClassVar[frozenset[str]] = ALL_SCOPES
    default_scope: ClassVar[str] = "sentence"
    #: Style rules leave other people's words (quotations, block quotes) alone by default.
    skip_quotes_default: ClassVar[bool] = True

    def validate(self, rule: Rule) -> None:  # noqa: B027 - optional hook
        """Cross-parameter checks beyond types; raise ParamError."""

    def prepare(self, rule: Rule) -> Any:
        """Compile what the rule needs once per run; the result is stored on ``rule.state``."""
        return None

    def check(self, rule: Rule, doc: Document) -> Iterable[Finding]:
        raise NotImplementedError

    def metrics(self, rule: Rule, doc: Document) -> dict[str, Any]:
        """Document metrics this kind contributes to the JSON output (optional)."""
        return {}


def iter_scope_spans(doc: Document, scope: str) -> Iterator[tuple[int, int]]:
    """Yield the (start, end) spans of a scope in document order."""
    if scope in ("document", "text"):
        yield (0, len(doc.source))
    elif scope == "sentence":
        yield from ((s.start, s.end) for s in doc.sentences)
    elif scope == "heading":
        yield from ((b.start, b.end) for b in doc.blocks if b.kind == "heading")
    elif scope == "paragraph":
        yield from ((b.start, b.end) for b in doc.blocks if b.kind == "paragraph")
    elif scope == "list":
        yield from ((b.start, b.end) for b in doc.blocks if b.in_list)
    elif scope == "blockquote":
        yield from ((b.start, b.end) for b in doc.blocks if b.in_quote)
    elif scope == "table":
        yield from ((b.start, b.end) for b in doc.blocks if b.in_table)
    else:  # validated at load time; an unknown scope is a programming error
        raise ValueError(f"unknown scope {scope!r}")
