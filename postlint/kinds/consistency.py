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
from collections.abc import Callable, Iterator
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

    def prepare(
        self, rule: Rule
    ) -> tuple[re.Pattern | UserPattern, list[tuple[str, str]], Callable[[re.Match], str]]:
        """All variants in one regex (one scan per document), one named group per variant,
        and how to tell from a match which variant it is (``_variant_of``)."""
        pairs = list(rule.params["either"].items())
        parts = []
        for i, pair in enumerate(pairs):
            for side, variant in zip("ab", pair, strict=True):
                body = variant if rule.params["regex"] else _literal(variant)
                parts.append(f"(?P<{side}{i}>{body})")
        whole = rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)"
        if rule.params["regex"]:  # the author's patterns: bounded in time
            named = any(_NAMED_GROUP.search(variant) for pair in pairs for variant in pair)
            variant_of = _first_variant if named else _variant_of
            return UserPattern(whole, rule.ignorecase, "either"), pairs, variant_of
        flags = re.IGNORECASE if rule.ignorecase else 0
        return patterncache.compile(whole, flags), pairs, _variant_of

    def check(self, rule: Rule, doc: Document) -> Iterator[Finding]:
        regex, pairs, variant_of = rule.state
        found = _matches_by_variant(regex, doc, rule, variant_of)
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


def _matches_by_variant(
    regex: re.Pattern, doc: Document, rule: Rule, variant_of: Callable[[re.Match], str]
) -> dict[str, list[re.Match]]:
    """Occurrences in the scope grouped by variant; quoted words are someone else's spelling."""
    found: dict[str, list[re.Match]] = {}
    for start, end in iter_scope_spans(doc, rule.scope):
        for m in prose_finditer(regex, doc, start, end):
            if m.end() == m.start():
                continue
            if rule.skip_quotes and doc.in_quote(m.start(), m.end()):
                continue
            found.setdefault(variant_of(m), []).append(m)
    return found


def _first_variant(m: re.Match) -> str:
    """The name of the variant's group ("a0", "b3", ...) that took part in ``m``: the
    first named group that is not None."""
    return next(name for name, text in m.groupdict().items() if text is not None)


def _variant_of(m: re.Match) -> str:
    """``_first_variant(m)``, without building the dict of every variant's group.

    Exact when no variant names a group of its own (``prepare`` checks): each variant is
    wrapped in a named group, and nothing outside those groups captures, so the one that
    took part encloses every other group of the match and is the last to close, which
    ``lastgroup`` names (``re`` and the ``regex`` module alike). A variant's own group
    named like another variant's would take that name over in the ``regex`` module.
    """
    return m.lastgroup  # type: ignore[return-value]


#: A named group in a regex variant: ``(?P<name>``, ``(?<name>`` or ``(?'name'`` (look-behinds
#: ``(?<=``/``(?<!`` are not; an escaped parenthesis may be taken for one, which only
#: costs the slower, always exact ``_first_variant``).
_NAMED_GROUP = patterncache.compile(r"\(\?(?:P?<(?![=!])|')")
