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

from .. import patterncache
from ..model import Fix
from .base import Kind, Param, ParamError, iter_scope_spans
from .patterns import UserPattern, prose_finditer
from .substitution import preserve_initial_case

if TYPE_CHECKING:
    from ..document import Document
    from ..model import Finding
    from ..rules import Rule


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
                        patterncache.compile(variant)
                    except re.error as exc:
                        raise ParamError(
                            "either", f"invalid regular expression {variant!r}: {exc}"
                        ) from None

    def prepare(self, rule: Rule) -> tuple[re.Pattern | UserPattern, list[tuple[str, str]]]:
        """All variants in one regex (one scan per document), one named group per variant."""
        pairs = list(rule.params["either"].items())
        parts = []
        for i, pair in enumerate(pairs):
            for side, variant in zip("ab", pair, strict=True):
                body = variant if rule.params["regex"] else _literal(variant)
                parts.append(f"(?P<{side}{i}>{body})")
        whole = rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)"
        if rule.params["regex"]:  # the author's patterns: bounded in time
            return UserPattern(whole, rule.ignorecase, "either"), pairs
        return patterncache.compile(whole, re.IGNORECASE if rule.ignorecase else 0), pairs

    def check(self, rule: Rule, doc: Document) -> Iterator[Finding]:
        regex, pairs = rule.state
        found = _matches_by_variant(regex, doc, rule)
        for i, (name_a, name_b) in enumerate(pairs):
            found_a, found_b = found.get(f"a{i}", []), found.get(f"b{i}", [])
            if not found_a or not found_b:
                continue
            # Fewer uses lose; on a tie the variant that came second loses.
            a_wins = (len(found_a), -found_a[0].start()) > (len(found_b), -found_b[0].start())
            kept, flagged, kept_name = (
                (found_a, found_b, name_a) if a_wins else (found_b, found_a, name_b)
            )
            preferred = kept[0].group()
            for m in flagged:
                fix = None
                if not rule.params["regex"]:
                    fix = Fix(preserve_initial_case(m.group(), kept_name))
                yield rule.finding(doc, m.start(), m.end(), fix=fix, preferred=preferred)


def _literal(variant: str) -> str:
    return r"\s+".join(re.escape(w) for w in variant.split())


def _matches_by_variant(regex: re.Pattern, doc: Document, rule: Rule) -> dict[str, list[re.Match]]:
    """Occurrences in the scope grouped by variant; quoted words are someone else's spelling."""
    found: dict[str, list[re.Match]] = {}
    for start, end in iter_scope_spans(doc, rule.scope):
        for m in prose_finditer(regex, doc, start, end):
            if m.end() == m.start():
                continue
            if rule.skip_quotes and doc.in_quote(m.start(), m.end()):
                continue
            group = next(name for name, text in m.groupdict().items() if text is not None)
            found.setdefault(group, []).append(m)
    return found
