"""``attribution``: a post that reports someone else's news must name and link its source.

The detectors live in ``postlint/attribution_signals.py``; this module declares the
parameters (every list and threshold, with defaults a publisher can override in
YAML), runs the analysis once per document and turns it into five finding types and
the ``attribution`` metric:

* ``missing`` (error): reliance signals and nothing anywhere names a source;
* ``named_unlinked`` (warning): "According to DCD" and no link to DCD in the post;
* ``quote_no_speaker`` (warning): a speech-like quotation with nobody saying it;
* ``origin`` (warning): "inspired by" / "originally published" with no URL or no name;
* ``unsourced_statistic`` (suggestion): a figure with a research cue, no link, no name.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..attribution_signals import Analysis, Detectors, Signal, analyse, build_detectors
from ..model import Level
from .base import Kind, Param, ParamError

if TYPE_CHECKING:
    from ..document import Document
    from ..model import Finding
    from ..rules import Rule

FINDING_TYPES = ("missing", "named_unlinked", "quote_no_speaker", "origin", "unsourced_statistic")

DEFAULT_MESSAGES = {
    "missing": (
        "This post reports others' news ({signals}) but names no source: link the source "
        "near the claim, e.g. 'according to [Publication](https://...)', or add a "
        "'Source: https://...' line."
    ),
    "named_unlinked": (
        "'{name}' is named as a source ({cue}) but never linked: link the source: "
        "[{name}](https://...)."
    ),
    "quote_no_speaker": (
        "Quotation with no speaker ({signals}): say who said it, e.g. '..., Jane Doe said', "
        "and link where it was said."
    ),
    "origin": (
        "'{match}' {problem}: name the original and link it, e.g. "
        "'{match} [Title](https://...) by Publication'."
    ),
    "unsourced_statistic": (
        "Statistic '{figure}' with '{cue}' but no source in the sentence: "
        "link the study or name who published it."
    ),
}
DEFAULT_LEVELS = {
    "missing": "error",
    "named_unlinked": "warning",
    "quote_no_speaker": "warning",
    "origin": "warning",
    "unsourced_statistic": "suggestion",
}

_P = Param
PARAMS: dict[str, Param] = {
    "reporting_phrases": _P("list[str]", [], help="phrases that report others' news"),
    "reference_phrases": _P("list[str]", [], help="weaker phrases pointing at a source"),
    "reporting_verbs": _P("list[str]", [], help="verbs counted with a third-party subject"),
    "third_party_subjects": _P("list[str]", [], help="unnamed third parties ('officials')"),
    "passive_auxiliaries": _P("list[str]", [], help="'is reported' is a passive, not a report"),
    "speaker_roles": _P("list[str]", [], help="unnamed speakers of quotes ('one respondent')"),
    "source_patterns": _P("list[str]", [], help="phrases naming a source; {name} marks the name"),
    "origin_patterns": _P("list[regex]", [], help="'inspired by' / 'originally published' lines"),
    "wire_agencies": _P("list[str]", [], help="news agencies in datelines, e.g. AP -> '(AP)'"),
    "dateline_patterns": _P("list[regex]", [], help="other dateline regexes (case-sensitive)"),
    "statistic_patterns": _P(
        "list[regex]", [], help="figures: percentages, millions, 'one in five'"
    ),
    "statistic_cues": _P("list[str]", [], help="words that attribute a figure to research"),
    "speech_verbs": _P("list[str]", [], help="verbs that give a quotation its speaker"),
    "title_cues": _P("list[str]", [], help="words before a quoted title ('the article')"),
    "mention_cues_before": _P(
        "list[str]", [], help="words right before a quotation that mention it ('called')"
    ),
    "mention_cues_after": _P(
        "list[str]", [], help="words right after a quotation that mention it ('means')"
    ),
    "speaker_pronouns": _P("list[str]", [], help="pronouns that can be a speaker"),
    "source_line_labels": _P("list[regex]", [], help="labels of 'Source:' lines"),
    "reference_headings": _P("list[regex]", [], help="titles of references sections"),
    "front_matter_keys": _P("list[str]", [], help="front matter keys that name a source"),
    "url_pattern": _P("regex", r"https?://[^\s<>\"')\]]+|\bwww\.[^\s<>\"')\]]+"),
    "first_person": _P("list[str]", [], help="a subject that makes a report first-party"),
    "first_party_pronouns": _P("list[str]", [], help="words whose density marks a team's voice"),
    "first_party_ratio": _P("number", 0.01, help="share of words that makes the voice first-party"),
    "not_names": _P("list[str]", [], help="capitalised words that are not names"),
    "name_stopwords": _P("list[str]", [], help="name words ignored when matching domains"),
    "quote_min_words": _P("int", 4, help="shortest quotation that can be speech"),
    "skip_questions": _P("bool", True, help="quoted questions are not reported speech"),
    "quote_long_words": _P("int", 10, help="quotations this long are speech even unpunctuated"),
    "subject_window": _P("int", 3, help="words before a verb searched for its subject"),
    "speaker_window": _P("int", 6, help="words around a speech verb searched for a speaker"),
    "continuation_sentences": _P(
        "int", 1, help="a quotation this many sentences after a spoken one continues its speaker"
    ),
    "name_window": _P("int", 4, help="words around a statistic cue searched for a source name"),
    "weights": _P("dict", {}, help="weight of each signal type towards 'missing'"),
    "strong_signals": _P("list[str]", [], help="signal types that count in first-party voice"),
    "missing_min_score": _P("number", 2.0, help="signal weight that makes a missing source"),
    "quotes_alone_missing": _P(
        "bool", False, help="may quotations alone (an interview) make a source missing?"
    ),
    "max_evidence": _P("int", 4, help="signals listed in a 'missing' message"),
    "messages": _P("dict[str,str]", {}, help="message per finding type (overrides defaults)"),
    "levels": _P("dict[str,str]", {}, help="level per finding type (overrides defaults)"),
}


class AttributionKind(Kind):
    name = "attribution"
    description = "Name and link the source of reported news, quotes and figures."
    params = PARAMS
    scopes = frozenset({"document"})
    default_scope = "document"
    skip_quotes_default = False  # quotations are evidence here, not other people's style

    def validate(self, rule: Rule) -> None:
        for key in ("messages", "levels"):
            unknown = set(rule.params[key]) - set(FINDING_TYPES)
            if unknown:
                raise ParamError(
                    key,
                    f"unknown finding type {sorted(unknown)[0]!r}; "
                    f"expected one of: {', '.join(FINDING_TYPES)}",
                )
        for ftype, level in rule.params["levels"].items():
            try:
                Level.parse(level)
            except ValueError as exc:
                raise ParamError(f"levels.{ftype}", str(exc)) from None
        for template in rule.params["source_patterns"]:
            if "{name}" not in template:
                raise ParamError("source_patterns", f"{template!r} has no {{name}} placeholder")

    def prepare(self, rule: Rule) -> Detectors:
        return build_detectors(rule.params)

    def check(self, rule: Rule, doc: Document) -> Iterator[Finding]:
        result = _analysis(rule, doc)
        yield from _missing(rule, doc, result)
        yield from _named_unlinked(rule, doc, result)
        yield from _quotes(rule, doc, result)
        yield from _origins(rule, doc, result)
        yield from _statistics(rule, doc, result)

    def metrics(self, rule: Rule, doc: Document) -> dict[str, Any]:
        return {"attribution": _analysis(rule, doc).verdict}


def _analysis(rule: Rule, doc: Document) -> Analysis:
    """One analysis per document and rule, shared by ``check`` and ``metrics``."""
    key = ("attribution", rule.id)
    if key not in doc.cache:
        doc.cache[key] = analyse(doc, rule.state)
    return doc.cache[key]


def _emit(
    rule: Rule, doc: Document, ftype: str, span: tuple[int, int], found: list[str], **values: Any
) -> Finding:
    """A finding of one type, with its configured message and level; evidence starts
    with ``type: <finding type>`` so tools can tell the types apart."""
    message = rule.params["messages"].get(ftype, DEFAULT_MESSAGES[ftype])
    level = Level.parse(rule.params["levels"].get(ftype, DEFAULT_LEVELS[ftype]))
    evidence = [f"type: {ftype}", *found]
    return rule.finding(doc, *span, message, evidence=evidence, level=level, **values)


def _missing(rule: Rule, doc: Document, a: Analysis) -> Iterator[Finding]:
    if a.verdict != "missing":
        return
    first: Signal = min(a.counted, key=lambda s: s.start)
    evidence = [s.describe() for s in sorted(a.counted, key=lambda s: s.start)]
    shown = ", ".join(evidence[: rule.params["max_evidence"]])
    if len(evidence) > rule.params["max_evidence"]:
        shown += f", +{len(evidence) - rule.params['max_evidence']} more"
    yield _emit(rule, doc, "missing", (first.start, first.end), evidence, signals=shown)


def _named_unlinked(rule: Rule, doc: Document, a: Analysis) -> Iterator[Finding]:
    seen: set[str] = set()
    for n in sorted(a.names, key=lambda n: n.start):
        if n.linked or n.name.lower() in seen:
            continue
        seen.add(n.name.lower())
        evidence = [f"named source: '{n.name}'", f"cue: '{n.cue}'", "no link to it in the post"]
        yield _emit(rule, doc, "named_unlinked", (n.start, n.end), evidence, name=n.name, cue=n.cue)


def _quotes(rule: Rule, doc: Document, a: Analysis) -> Iterator[Finding]:
    for q in a.quotes:
        if q.speaker is None:
            words = len(q.text.split())
            evidence = [f"quotation of {words} words", "no speech verb with a name nearby"]
            yield _emit(
                rule,
                doc,
                "quote_no_speaker",
                (q.start, q.end),
                evidence,
                signals=f"{words} words, no 'said'/'told'/'wrote' with a name nearby",
            )


def _origins(rule: Rule, doc: Document, a: Analysis) -> Iterator[Finding]:
    for o in a.origins:
        if o.has_url:
            continue
        if o.name:
            problem = f"names '{o.name}' but has no URL"
        else:
            problem = "has no URL and does not name the source"
        evidence = [f"origin: '{o.text}'", problem]
        yield _emit(rule, doc, "origin", (o.start, o.end), evidence, problem=problem)


def _statistics(rule: Rule, doc: Document, a: Analysis) -> Iterator[Finding]:
    for s in a.statistics:
        evidence = [f"figure: '{s.figure}'", f"research cue: '{s.cue}'", "no link or named source"]
        yield _emit(
            rule, doc, "unsourced_statistic", (s.start, s.end), evidence, figure=s.figure, cue=s.cue
        )
