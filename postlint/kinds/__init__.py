"""The registry of kinds: built-in ones by name, others from ``postlint.kinds`` entry points.

Kinds are imported on first use so that start-up stays fast and a rule pack that
only uses ``existence`` never imports textstat.
"""

from __future__ import annotations

import importlib
from functools import cache

from .base import Kind

BUILTIN_KINDS: dict[str, str] = {
    "existence": "postlint.kinds.existence:ExistenceKind",
    "substitution": "postlint.kinds.substitution:SubstitutionKind",
    "occurrence": "postlint.kinds.occurrence:OccurrenceKind",
    "repetition": "postlint.kinds.repetition:RepetitionKind",
    "conditional": "postlint.kinds.conditional:ConditionalKind",
    "consistency": "postlint.kinds.consistency:ConsistencyKind",
    "capitalization": "postlint.kinds.capitalization:CapitalizationKind",
    "metric": "postlint.kinds.metric:MetricKind",
    "sentence_length": "postlint.kinds.sentence_length:SentenceLengthKind",
    "paragraph_length": "postlint.kinds.paragraph_length:ParagraphLengthKind",
    "passive": "postlint.kinds.passive:PassiveKind",
    "adverbs": "postlint.kinds.adverbs:AdverbsKind",
    "readtime": "postlint.kinds.readtime:ReadTimeKind",
    "attribution": "postlint.kinds.attribution:AttributionKind",
    "promo": "postlint.kinds.promo:PromoKind",
    "grammar": "postlint.kinds.grammar:GrammarKind",
}


def _load(target: str) -> Kind:
    module_name, _, class_name = target.partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    return cls()


@cache
def _plugin_kinds() -> dict[str, str]:
    # importlib.metadata costs about 20 ms to import: only runs naming a
    # kind that is not built in pay for it.
    from importlib.metadata import entry_points

    found: dict[str, str] = {}
    for ep in entry_points(group="postlint.kinds"):
        found[ep.name] = ep.value
    return found


@cache
def get_kind(name: str) -> Kind:
    """Return the kind called ``name``; KeyError with a helpful message if there is none."""
    target = BUILTIN_KINDS.get(name)
    if target is None:
        target = _plugin_kinds().get(name)
    if target is None:
        known = ", ".join(sorted(set(BUILTIN_KINDS) | set(_plugin_kinds())))
        raise KeyError(f"unknown kind {name!r}; expected one of: {known}")
    try:
        return _load(target)
    except ModuleNotFoundError as exc:
        raise KeyError(f"kind {name!r} is not available ({exc})") from None


def kind_names() -> list[str]:
    return sorted(set(BUILTIN_KINDS) | set(_plugin_kinds()))
