"""``metric``: a readability formula over shared counts, flagged when it meets a condition.

``formula`` is a named readability formula (``flesch_kincaid_grade``, ...) or an
arithmetic expression over counts ("100 * complex_words / words"). Expressions
are parsed with :mod:`ast` and only numbers, count names, ``+ - * /`` and
parentheses are accepted, so a rule file can never run code. ``condition``
("> 10", "<= 50") says when to flag.

With ``scope: document`` the finding points at the worst paragraph (by the same
formula) rather than line 1, so the author knows where to start; with
``scope: paragraph`` every paragraph that meets the condition is flagged. Counts
come from :mod:`postlint.textmetrics`, computed once per document.

Every metric rule also publishes the document's scores for all named formulas
as JSON metrics (the same keys and values whatever the number of rules).
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import patterncache
from ..readability import FORMULAS, Counts
from ..textmetrics import BlockCounts, document_counts, document_scores, paragraph_counts
from .base import Kind, Param, ParamError

if TYPE_CHECKING:
    from ..document import Document
    from ..model import Finding
    from ..rules import Rule

#: Names an expression may use; ``paragraphs`` is the number of counted paragraphs.
COUNT_NAMES = (
    "words",
    "sentences",
    "syllables",
    "polysyllables",
    "complex_words",
    "long_words",
    "difficult_words",
    "letters",
    "characters",
    "paragraphs",
)

_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul}
_COMPARE: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
}
_CONDITION_RE = patterncache.compile(r"^\s*(>=|<=|==|>|<)\s*(-?\d+(?:\.\d+)?)\s*$")

Formula = Callable[[Counts, int], float]


class FormulaError(ValueError):
    """An expression uses something other than numbers, count names and + - * / ( )."""


def compile_formula(text: str) -> Formula:
    """A function (counts, paragraphs) -> score for a named formula or a safe expression."""
    name = text.strip()
    if name in FORMULAS:
        named = FORMULAS[name]
        return lambda counts, _paragraphs: named(counts)
    try:
        tree = ast.parse(name, mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"cannot parse {text!r}: {exc.msg}") from None
    _check_node(tree.body)
    return lambda counts, paragraphs: _evaluate(tree.body, counts, paragraphs)


def _check_node(node: ast.AST) -> None:
    """Reject any node that is not a number, an allowed name or + - * / arithmetic."""
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return
    if isinstance(node, ast.Name):
        if node.id not in COUNT_NAMES:
            raise FormulaError(
                f"unknown name {node.id!r}; expected one of {', '.join(COUNT_NAMES)}"
            )
        return
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        _check_node(node.operand)
        return
    if isinstance(node, ast.BinOp) and isinstance(node.op, (*_BINARY, ast.Div)):
        _check_node(node.left)
        _check_node(node.right)
        return
    raise FormulaError(
        f"{ast.unparse(node)!r} is not allowed; use numbers, count names, + - * / and parentheses"
    )


def _evaluate(node: ast.AST, counts: Counts, paragraphs: int) -> float:
    """Evaluate a checked expression; division by zero gives 0.0, like the named formulas."""
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return float(paragraphs if node.id == "paragraphs" else getattr(counts, node.id))
    if isinstance(node, ast.UnaryOp):
        value = _evaluate(node.operand, counts, paragraphs)
        return -value if isinstance(node.op, ast.USub) else value
    assert isinstance(node, ast.BinOp)  # guaranteed by _check_node
    left = _evaluate(node.left, counts, paragraphs)
    right = _evaluate(node.right, counts, paragraphs)
    if isinstance(node.op, ast.Div):
        return left / right if right else 0.0
    return _BINARY[type(node.op)](left, right)


@dataclass(frozen=True)
class Condition:
    """ "> 10" as data: flag when ``score <op> threshold``."""

    op: str
    threshold: float

    @classmethod
    def parse(cls, text: str) -> Condition:
        m = _CONDITION_RE.match(text)
        if m is None:
            raise ValueError(text)
        return cls(m.group(1), float(m.group(2)))

    def met(self, score: float) -> bool:
        return _COMPARE[self.op](score, self.threshold)

    def worse(self, a: float, b: float) -> bool:
        """Is score ``a`` further into the flagged direction than ``b``?"""
        return a < b if self.op in ("<", "<=") else a > b

    def target(self) -> str:
        """The opposite of the condition, i.e. the audience target: "> 10" -> "<= 10"."""
        opposite = {">": "<=", ">=": "<", "<": ">=", "<=": ">", "==": "!="}[self.op]
        return f"{opposite} {_fmt(self.threshold)}"


@dataclass(frozen=True)
class MetricState:
    formula: Formula
    condition: Condition


def _fmt(value: float) -> str:
    """Scores in messages: one decimal, whole numbers without one."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


class MetricKind(Kind):
    name = "metric"
    description = "{formula} is {score} (target {target})."
    scopes = frozenset({"document", "paragraph"})
    default_scope = "document"
    skip_quotes_default = False
    params = {
        "formula": Param(
            "str",
            required=True,
            help="a named formula ("
            + ", ".join(FORMULAS)
            + ") or an expression over "
            + ", ".join(COUNT_NAMES),
        ),
        "condition": Param("str", required=True, help='when to flag, e.g. "> 10" or "<= 50"'),
        "min_words": Param("int", 100, help="skip documents or paragraphs with fewer words"),
        "paragraph_min_words": Param(
            "int", 40, help="document scope: paragraphs considered when pointing at the worst"
        ),
    }

    def prepare(self, rule: Rule) -> MetricState:
        try:
            formula = compile_formula(rule.params["formula"])
        except FormulaError as exc:
            raise ParamError("formula", str(exc)) from None
        try:
            condition = Condition.parse(rule.params["condition"])
        except ValueError:
            raise ParamError(
                "condition", 'expected a comparison and a number, e.g. "> 10" or "<= 50"'
            ) from None
        return MetricState(formula, condition)

    def check(self, rule: Rule, doc: Document) -> Iterator[Finding]:
        if rule.scope == "paragraph":
            yield from self._check_paragraphs(rule, doc)
        else:
            yield from self._check_document(rule, doc)

    def _check_paragraphs(self, rule: Rule, doc: Document) -> Iterator[Finding]:
        state: MetricState = rule.state
        for item in paragraph_counts(doc):
            if item.counts.words < rule.params["min_words"]:
                continue
            score = state.formula(item.counts, 1)
            if state.condition.met(score):
                yield self._finding(rule, doc, item, score, None)

    def _check_document(self, rule: Rule, doc: Document) -> Iterator[Finding]:
        state: MetricState = rule.state
        counts = document_counts(doc)
        if counts.words < rule.params["min_words"]:
            return
        paragraphs = paragraph_counts(doc)
        score = state.formula(counts, len(paragraphs))
        if not state.condition.met(score):
            return
        worst = _worst_paragraph(paragraphs, state, rule.params["paragraph_min_words"])
        if worst is not None:
            yield self._finding(rule, doc, worst, state.formula(worst.counts, 1), score)

    def _finding(
        self, rule: Rule, doc: Document, item: BlockCounts, score: float, doc_score: float | None
    ) -> Finding:
        state: MetricState = rule.state
        evidence = [f"paragraph: {_fmt(score)} over {item.counts.words} words"]
        if doc_score is not None:
            evidence.insert(0, f"document: {_fmt(doc_score)}")
        return rule.finding(
            doc,
            item.block.start,
            item.block.end,
            evidence=evidence,
            formula=rule.params["formula"],
            score=_fmt(score),
            paragraph_score=_fmt(score),
            doc_score=_fmt(doc_score if doc_score is not None else score),
            condition=f"{state.condition.op} {_fmt(state.condition.threshold)}",
            target=state.condition.target(),
            words=item.counts.words,
        )

    def metrics(self, rule: Rule, doc: Document) -> dict[str, Any]:
        return dict(document_scores(doc))


def _worst_paragraph(
    paragraphs: list[BlockCounts], state: MetricState, min_words: int
) -> BlockCounts | None:
    """The paragraph that scores worst among those with enough words.

    Falls back to the longest paragraph when none is long enough, so a document
    finding always has a place to point at.
    """
    eligible = [p for p in paragraphs if p.counts.words >= min_words]
    if not eligible:
        return max(paragraphs, key=lambda p: p.counts.words, default=None)
    worst = eligible[0]
    worst_score = state.formula(worst.counts, 1)
    for item in eligible[1:]:
        score = state.formula(item.counts, 1)
        if state.condition.worse(score, worst_score):
            worst, worst_score = item, score
    return worst
