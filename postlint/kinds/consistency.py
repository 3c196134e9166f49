"""``consistency``: one spelling per document (Vale's consistency).

``either`` maps pairs of variants ("e-mail: email", "colour: color"). A post may
use either one, but not both: when both appear, the less frequent variant is
flagged at each of its occurrences (on a tie, the one that appeared second), and
the message names the variant the post mostly uses. Variants are whole words;
literal by default, regular expressions with ``regex: true`` (handy to cover
inflections: ``organis(?:e|ed|es|ing|ation)``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Fix
from .base import Kind, Param, ParamError, iter_scope_spans
from .patterns import token_pattern
from .substitution import preserve_initial_case

if TYPE_CHECKING:
    from ..document import Document
    from ..model import Finding
    from ..rules import Rule

Pair = tuple[tuple[str, re.Pattern], tuple[str, re.Pattern]]


class ConsistencyKind(Kind):
    name = "consistency"
    description = "'{match}' and '{preferred}' are both used; keep to '{preferred}'."
    default_scope = "text"
    params = {
        "either": Param(
            "dict[str,str]", required=True, help="pairs of variants that should not be mixed"
        ),
        "regex": Param("bool", False, help="treat the variants as regular expressions"),
    }

    def validate(self, rule: Rule) -> None:
        if not rule.params["either"]:
            raise ParamError("either", "expected at least one 'variant: variant' pair")
        if rule.params["regex"]:
            for pair in rule.params["either"].items():
                for variant in pair:
                    try:
                        re.compile(variant)
                    except re.error as exc:
                        raise ParamError(
                            "either", f"invalid regular expression {variant!r}: {exc}"
                        ) from None

    def prepare(self, rule: Rule) -> list[Pair]:
        flags = re.IGNORECASE if rule.ignorecase else 0

        def compile_variant(variant: str) -> re.Pattern:
            body = (
                rf"(?<!\w)(?:{variant})(?!\w)" if rule.params["regex"] else token_pattern(variant)
            )
            return re.compile(body, flags)

        return [
            ((a, compile_variant(a)), (b, compile_variant(b)))
            for a, b in rule.params["either"].items()
        ]

    def check(self, rule: Rule, doc: Document) -> Iterator[Finding]:
        spans = list(iter_scope_spans(doc, rule.scope))
        for (name_a, regex_a), (name_b, regex_b) in rule.state:
            found_a = _matches(regex_a, doc, spans, rule.skip_quotes)
            found_b = _matches(regex_b, doc, spans, rule.skip_quotes)
            if not found_a or not found_b:
                continue
            # Fewer uses lose; on a tie the variant that came second loses.
            a_wins = (len(found_a), -found_a[0].start()) > (len(found_b), -found_b[0].start())
            kept, flagged, kept_name = (
                (found_a, found_b, name_a) if a_wins else (found_b, found_a, name_b)
            )
            preferred = kept[0].group()
            for m in flagged:
                fix = (
                    None
                    if rule.params["regex"]
                    else Fix(preserve_initial_case(m.group(), kept_name))
                )
                yield rule.finding(doc, m.start(), m.end(), fix=fix, preferred=preferred)


def _matches(
    regex: re.Pattern, doc: Document, spans: list[tuple[int, int]], skip_quotes: bool
) -> list[re.Match]:
    """Occurrences in the scope; quoted words are someone else's spelling and do not count."""
    return [
        m
        for s, e in spans
        for m in regex.finditer(doc.prose, s, e)
        if m.end() > m.start() and not (skip_quotes and doc.in_quote(m.start(), m.end()))
    ]
