"""``promo``: undisclosed promotional inserts (issue 3, section 3).

Each sentence is scored with named, weighted signals (see ``postlint.promo_signals``);
a sentence whose score reaches the threshold is promotional. The post is then
checked for a clear disclosure ("Sponsored", "#ad", "affiliate links", front matter
``sponsored: true``) placed before or at the first promotion:

- no disclosure: an error at every promotional sentence, listing the signals;
- a disclosure only after the first promotion: one warning at that disclosure
  (readers must see it before the plug), and the promotions are not errors;
- a disclosure before or at it: nothing to report.

A post whose front matter declares it sponsored reports ``promo: disclosed`` even when
no sentence scores as a plug: it is promotion by its own account.

Defaults below mirror ``rules/Postlint/Promotion.yml``; a publisher tunes the YAML.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model import Level
from ..promo_signals import (
    Disclosure,
    PromoConfig,
    ScoredSentence,
    compile_config,
    document_hits,
    find_disclosures,
    find_vague_labels,
    front_matter_disclosure,
    promotional_sentences,
)
from .base import Kind, Param, ParamError

if TYPE_CHECKING:
    from ..document import Document
    from ..model import Finding
    from ..rules import Rule

DEFAULT_WEIGHTS: dict[str, float] = {
    "segue": 2.0,
    "commercial_domain": 1.5,
    "commercial_link": 1.0,
    "brand": 1.0,
    "marketing_claim": 1.5,
    "vendor_with_claim": 1.0,
    "call_to_action": 1.5,
    "affiliate_link": 5.5,
    "tracking_link": 1.0,
    "off_topic": 1.5,
    "first_party": -1.5,
}

DEFAULT_LABELS: dict[str, str] = {
    "segue": "segue",
    "commercial_domain": "commercial domain",
    "commercial_link": "link to commercial site",
    "brand": "brand",
    "marketing_claim": "superlative",
    "vendor_with_claim": "vendor named with a claim",
    "call_to_action": "call to action",
    "affiliate_link": "affiliate link",
    "tracking_link": "tracking parameter",
    "off_topic": "off-topic",
    "first_party": "first-party wording",
}

_LIST = "list[str]"


def _p(type_: str, default: Any, help: str) -> Param:
    return Param(type_, default, help=help)


PARAMS: dict[str, Param] = {
    "threshold": _p("number", 4.0, "a sentence whose signal weights sum to this is promotional"),
    "weights": _p("dict", DEFAULT_WEIGHTS, "weight of each signal (negative ones lower a score)"),
    "signal_labels": _p("dict[str,str]", DEFAULT_LABELS, "how each signal is named in messages"),
    "segues": _p(
        _LIST, [], "phrases that pivot to a plug; they count at a sentence or clause start"
    ),
    "segue_patterns": _p(
        "list[regex]", [], "segues as regexes (e.g. 'for <audience> needing'), at a clause start"
    ),
    "marketing_claims": _p(_LIST, [], "marketing superlatives and claims (literal phrases)"),
    "claim_patterns": _p("list[regex]", [], "marketing claims as regular expressions"),
    "calls_to_action": _p(_LIST, [], "calls to action (literal phrases)"),
    "cta_patterns": _p("list[regex]", [], "calls to action as regular expressions"),
    "commercial_tlds": _p(_LIST, ["com"], "top-level domains that name a business (Word.com)"),
    "platform_hosts": _p(_LIST, [], "hosts that are platforms or references, never a vendor plug"),
    "brand_pattern": _p("regex", "", "regular expression for a brand name (e.g. CamelCase)"),
    "topic_mentions": _p("int", 2, "a name mentioned this often elsewhere is the post's topic"),
    "affiliate_hosts": _p(_LIST, [], "link hosts of affiliate networks and shorteners"),
    "affiliate_params": _p(_LIST, [], "URL parameters that carry an affiliate id"),
    "tracking_params": _p(_LIST, [], "URL parameter prefixes that track a campaign"),
    "stopwords": _p(_LIST, [], "words ignored when measuring off-topic-ness"),
    "off_topic_max_shared": _p(
        "number", 0.3, "off-topic (graded) below this fraction of content words occur elsewhere"
    ),
    "off_topic_min_words": _p("int", 5, "content words a sentence needs before off-topic applies"),
    "off_topic_min_context": _p("int", 40, "content words the rest of the post needs"),
    "first_party_words": _p(_LIST, [], "words that show the author plugs their own work"),
    "disclosures": _p(_LIST, [], "clear disclosure labels and phrases (case-insensitive)"),
    "disclosure_patterns": _p("list[regex]", [], "disclosures as regexes (case-sensitive)"),
    "disclosure_negation": _p("regex", "", "regex before a disclosure that negates it"),
    "vague_labels": _p(_LIST, [], "labels that look like disclosures but are not clear"),
    "disclosure_front_matter": _p(
        _LIST, ["sponsored", "disclosure"], "front matter keys whose true/non-empty value discloses"
    ),
    "late_level": Param("str", "warning", choices=("error", "warning", "suggestion")),
    "late_message": _p(
        "str",
        "Disclosure '{match}' comes after the promotion on line {promo_line}; "
        "place it before or at the promotion.",
        "message at a disclosure placed after the first promotion",
    ),
}


class PromoKind(Kind):
    name = "promo"
    description = (
        "Undisclosed promotion (score {score}): signals: {signals}; "
        "add a disclosure such as 'Sponsored' before it."
    )
    default_scope = "sentence"
    scopes = frozenset({"sentence"})
    params = PARAMS

    def validate(self, rule: Rule) -> None:
        weights = rule.params["weights"]
        for key, value in weights.items():
            if key not in DEFAULT_WEIGHTS:
                known = ", ".join(DEFAULT_WEIGHTS)
                raise ParamError("weights", f"unknown signal {key!r}; expected one of: {known}")
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ParamError("weights", f"expected a number for {key!r}, got {value!r}")

    def prepare(self, rule: Rule) -> PromoConfig:
        params = dict(rule.params)
        params["weights"] = {**DEFAULT_WEIGHTS, **params["weights"]}
        return compile_config(params)

    def check(self, rule: Rule, doc: Document) -> Iterator[Finding]:
        result = analyse(rule, doc)
        if result.late is not None:
            yield self._late_finding(rule, doc, result)
        elif not result.disclosed:
            for promo in result.promos:
                yield self._promo_finding(rule, doc, promo, result.vague)

    def metrics(self, rule: Rule, doc: Document) -> dict[str, Any]:
        result = analyse(rule, doc)
        return {
            "promo": result.status,
            "disclosure": result.has_disclosure,
            "promo_sentences": len(result.promos),
        }

    def _promo_finding(
        self, rule: Rule, doc: Document, promo: ScoredSentence, vague: list[str]
    ) -> Finding:
        labels = {**DEFAULT_LABELS, **rule.params["signal_labels"]}
        fired = [s for s in promo.signals if s.weight > 0]
        named = [f"{labels.get(s.name, s.name)} '{s.match}'" for s in fired]
        evidence = [f"{labels.get(s.name, s.name)}: '{s.match}' (+{s.weight:g})" for s in fired]
        evidence += [
            f"{labels.get(s.name, s.name)}: '{s.match}' ({s.weight:g})"
            for s in promo.signals
            if s.weight <= 0
        ]
        evidence += [f"not a disclosure (too vague): '{v}'" for v in vague]
        return rule.finding(
            doc,
            promo.start,
            promo.end,
            evidence=evidence,
            signals=", ".join(named),
            score=f"{promo.score:g}",
        )

    def _late_finding(self, rule: Rule, doc: Document, result: PromoAnalysis) -> Finding:
        late = result.late
        assert late is not None
        promo_line, _ = doc.line_col(result.promos[0].start)
        return rule.finding(
            doc,
            late.start,
            late.end,
            rule.params["late_message"],
            level=Level.parse(rule.params["late_level"]),
            evidence=[f"first promotion: line {promo_line}", f"disclosure: '{late.text}'"],
            promo_line=promo_line,
        )


@dataclass
class PromoAnalysis:
    """What the kind found in one document: promotions and where the disclosure stands."""

    promos: list[ScoredSentence]
    #: A clear disclosure comes before or at the first promotion (or in front matter).
    disclosed: bool = False
    #: The first disclosure, when every disclosure comes after the first promotion.
    late: Disclosure | None = None
    #: Vague labels seen in an undisclosed post, named in the evidence.
    vague: list[str] = field(default_factory=list)
    #: The front matter says the whole post is sponsored (``sponsored: true``).
    declared: bool = False

    @property
    def has_disclosure(self) -> bool:
        return self.disclosed or self.late is not None

    @property
    def status(self) -> str:
        if not self.promos:
            # A post that declares itself sponsored is promotion by its own account,
            # even when no single sentence scores as a plug.
            return "disclosed" if self.declared else "none"
        return "disclosed" if self.has_disclosure else "undisclosed"


def analyse(rule: Rule, doc: Document) -> PromoAnalysis:
    """Analyse ``doc`` with a promo rule once; check() and metrics() share the result."""
    key = f"promo.{rule.id}"
    if key not in doc.cache:
        doc.cache[key] = _analyse(rule.state, doc, key)
    return doc.cache[key]


def _analyse(cfg: PromoConfig, doc: Document, key: str) -> PromoAnalysis:
    promos = promotional_sentences(doc, cfg, key)
    disclosures = find_disclosures(doc, cfg, document_hits(doc, cfg, key + ".hits").disclosures)
    result = PromoAnalysis(promos)
    if front_matter_disclosure(doc, cfg) is not None:
        result.disclosed = result.declared = True
    elif not promos:
        result.disclosed = bool(disclosures)
    elif any(d.start < promos[0].end for d in disclosures):
        result.disclosed = True
    elif disclosures:
        result.late = disclosures[0]
    else:
        result.vague = find_vague_labels(doc, cfg)
    return result
