"""Detectors for the ``attribution`` kind: does a post rely on someone else's reporting,
and does it say whose?

The kind (``postlint/kinds/attribution.py``) turns the ``Analysis`` built here into
findings and a metric. Everything tunable (phrase lists, verbs, section titles,
weights, thresholds) arrives through ``Detectors``, which is compiled once per run
from the rule's YAML parameters; nothing in this module names a phrase itself.

Two kinds of evidence are collected from the prose view:

* *reliance signals*: reporting phrases ("according to", "told reporters"), reporting
  verbs with a third-party subject ("OpenAI announced"), wire datelines ("(AP)"),
  speech-like quotations, figures with a research cue ("a survey found 40% ..."),
  "inspired by" / "originally published" lines and "Source:" lines;
* *attribution forms*: a link in the claim's paragraph, a "Source:"/"Via:" line with a
  URL, a references section with links, and front matter keys such as ``source``.

First-party writing ("we announced", a team blog written as "we") is the main source
of false alarms, so reporting verbs need a subject that is not first person, and a
post written in the first person plural only counts strong signals towards *missing*.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import operator
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

from . import patterncache
from .literals import LiteralGate, LiteralScan, SharedPhrases
from .segment import WORD_RE, WordPhrases, lowered

if TYPE_CHECKING:
    from .document import Block, Document

#: A proper name: capitalised words or acronyms, optionally joined by "of", "for", "de"
#: and the like (not by "and": "A and B" are two names).
#: Case-sensitive on purpose: capitals are what tell a name from a common noun.
NAME_RE = (
    r"(?:[A-Z][\w&'’.-]*[\w]|[A-Z])"
    r"(?:[ \t]*\n?[ \t]*(?:(?:of|for|de|del|la|le|von|van)[ \t]+)?[A-Z0-9][\w&'’.-]*[\w]){0,5}"
)
_POSSESSIVE_RE = patterncache.compile(r"(?:['’]s?)$")
# A straight quote opens after a space or bracket and closes before a non-letter, so a
# stray inch mark or code quote does not pair with the next quotation.
_QUOTE_RE = patterncache.compile(
    r'(?<![\w"])"(?=\S)([^"]{3,1200}?)(?<=\S)"(?!\w)|“([^”]{3,1200}?)”'
)
_NAME_COLON_RE = patterncache.compile(rf"(?P<name>{NAME_RE})\s*:\s*$")
_FOOTNOTE_AFTER_RE = patterncache.compile(r"^[\s.,;:]*(?:\[\^[^\]\s]+\]|\[\d+\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)")
_BY_AFTER_RE = patterncache.compile(r"^[\s,]*by\s+[A-Z]")


# --- compiled configuration ----------------------------------------------------------


@dataclass(frozen=True)
class Detectors:
    """The rule's parameters compiled once per run (see ``build_detectors``)."""

    reporting_phrases: SharedPhrases | None
    reference_phrases: SharedPhrases | None
    reporting_verbs: SharedPhrases | None
    third_party_subjects: frozenset[str]
    passive_auxiliaries: frozenset[str]
    speaker_roles: frozenset[str]
    source_patterns: tuple[SourcePattern, ...]
    origin: re.Pattern | None
    #: ``origin`` tried only where one of its leading words starts (``LiteralScan``).
    origin_scan: LiteralScan | None
    dateline: re.Pattern | None
    statistic_figure: re.Pattern | None
    statistic_cue: SharedPhrases | None
    speech_verbs: WordPhrases | None
    title_cues: re.Pattern | None
    mention_before: re.Pattern | None
    mention_after: re.Pattern | None
    source_line: re.Pattern | None
    reference_heading: re.Pattern | None
    url: re.Pattern
    url_scan: LiteralScan
    first_person: frozenset[str]
    first_party_pronouns: frozenset[str]
    speaker_pronouns: frozenset[str]
    not_names: frozenset[str]
    name_stopwords: frozenset[str]
    front_matter_keys: tuple[str, ...]
    quote_min_words: int
    skip_questions: bool
    quote_long_words: int
    subject_window: int
    speaker_window: int
    continuation_sentences: int
    name_window: int
    weights: dict[str, float]
    strong_signals: frozenset[str]
    missing_min_score: float
    quotes_alone_missing: bool
    first_party_ratio: float
    #: Where each regex run block by block may match (see ``LiteralGate``); None: anywhere.
    gate: LiteralGate | None = None


def _alternation(phrases: Iterable[str]) -> WordPhrases | None:
    """One scanner for a phrase list: whole words, case-insensitive, longest first."""
    scanner = WordPhrases(phrases)
    return scanner if scanner.pattern != r"(?<!\w)(?:)(?!\w)" else None


def _prose_phrases(phrases: Iterable[str]) -> SharedPhrases | None:
    """``_alternation`` for a list scanned over the prose (``_Context.phrases``): its
    candidates come from the pass shared with the gate and other scanners, where its
    phrases are registered (so a list only ever scanned in short snippets, or only
    read for its pattern, is not: it would add places to that pass for nothing)."""
    scanner = SharedPhrases(phrases)
    return scanner if scanner.pattern != r"(?<!\w)(?:)(?!\w)" else None


def _regexes(patterns: Iterable[str], flags: int = re.IGNORECASE) -> re.Pattern | None:
    parts = [f"(?:{p})" for p in patterns if p]
    return patterncache.compile("|".join(parts), flags) if parts else None


class SourcePattern(NamedTuple):
    """A phrase naming a source, e.g. "according to {name}" or "{name} reported".

    ``phrase`` finds the words; the name is then matched right after it (or right
    before it), so the scan never tries a name at every position of the text.
    """

    phrase: SharedPhrases
    name_after: bool


_NAME_AT_START_RE = patterncache.compile(rf"\s+(?:the\s+)?(?P<name>{NAME_RE})")
_NAME_AT_END_RE = patterncache.compile(rf"(?<![\w])(?P<name>{NAME_RE})\s+$")


def _source_pattern(template: str) -> SourcePattern:
    before, _, after = template.partition("{name}")
    name_after = bool(before.strip())
    phrase = before if name_after else after
    return SourcePattern(SharedPhrases([phrase.strip()]), name_after)


def _cue_regex(phrases: list[str], template: str) -> re.Pattern | None:
    """Cue words anchored next to a quotation: ``template`` places the alternation."""
    scanner = _alternation(phrases)
    return _regexes([template.format(scanner.pattern)]) if scanner else None


def _words(values: Iterable[str]) -> frozenset[str]:
    return frozenset(v.lower() for v in values)


def build_detectors(p: dict[str, Any]) -> Detectors:
    """Compile a rule's parameters (already type-checked by the loader)."""
    det = _compile(p)
    regexes = _gated_regexes(det)
    families = {
        # ``_scan_block`` yields nothing without a match of one of these ...
        "block": [key for key in regexes if key != "source_line"],
        # ... and "according to {name}" & co. are tested as one list first.
        "source_patterns": _source_keys(det),
    }
    return dataclasses.replace(
        det,
        # Shared with promo's phrase lists: one pass of the prose finds both's places,
        # most literals only at word starts, where they count (``LiteralGate.build``).
        gate=LiteralGate.build(regexes, families, shared=True, word_starts=True),
    )


def _gated_regexes(det: Detectors) -> dict[str, re.Pattern]:
    """Every regex that a detector runs block by block, by the key it asks
    ``_Context.may_match`` with."""
    scanners: dict[str, SharedPhrases | None] = {
        "reporting_phrases": det.reporting_phrases,
        "reference_phrases": det.reference_phrases,
        "reporting_verbs": det.reporting_verbs,
        "statistic_cue": det.statistic_cue,
    }
    scanners.update(zip(_source_keys(det), (sp.phrase for sp in det.source_patterns), strict=True))
    regexes = {key: s.regex for key, s in scanners.items() if s is not None}
    regexes.update((key, r) for key, r in (("origin", det.origin), ("dateline", det.dateline)) if r)
    regexes["quotation"] = _QUOTE_RE
    if det.source_line is not None:
        regexes["source_line"] = det.source_line
    return regexes


def _source_keys(det: Detectors) -> list[str]:
    return [f"source_patterns[{i}]" for i in range(len(det.source_patterns))]


def _compile(p: dict[str, Any]) -> Detectors:
    agencies = "|".join(re.escape(a) for a in p["wire_agencies"])
    origin = _regexes(p["origin_patterns"])
    dateline_parts = list(p["dateline_patterns"])
    if agencies:
        dateline_parts.insert(0, rf"\((?P<agency>{agencies})\)")
    return Detectors(
        reporting_phrases=_prose_phrases(p["reporting_phrases"]),
        reference_phrases=_prose_phrases(p["reference_phrases"]),
        reporting_verbs=_prose_phrases(p["reporting_verbs"]),
        third_party_subjects=_words(p["third_party_subjects"]),
        passive_auxiliaries=_words(p["passive_auxiliaries"]),
        speaker_roles=_words(p["speaker_roles"]) | _words(p["third_party_subjects"]),
        source_patterns=tuple(_source_pattern(t) for t in p["source_patterns"] if "{name}" in t),
        origin=origin,
        origin_scan=LiteralScan(origin) if origin is not None else None,
        dateline=_regexes(dateline_parts, flags=re.MULTILINE),
        statistic_figure=_regexes(p["statistic_patterns"]),
        statistic_cue=_prose_phrases(p["statistic_cues"]),
        speech_verbs=_alternation(p["speech_verbs"]),
        title_cues=_regexes([rf"(?:{_alternation(p['title_cues']).pattern})\W*$"])
        if p["title_cues"]
        else None,
        mention_before=_cue_regex(p["mention_cues_before"], r"{}\W*$"),
        mention_after=_cue_regex(p["mention_cues_after"], r"^\W*{}"),
        source_line=_regexes(
            [rf"^[ \t>*_-]*(?:{'|'.join(p['source_line_labels'])})[ \t]*[:—–-]?"],
            flags=re.IGNORECASE | re.MULTILINE,
        )
        if p["source_line_labels"]
        else None,
        reference_heading=_regexes(
            [rf"^\W*(?:\d+\.?\s*)?(?:{'|'.join(p['reference_headings'])})\W*$"]
        )
        if p["reference_headings"]
        else None,
        url=patterncache.compile(p["url_pattern"], re.IGNORECASE),
        # "http" and "www." open with two letters: their places come from the shared pass.
        url_scan=LiteralScan(patterncache.compile(p["url_pattern"], re.IGNORECASE), shared=True),
        first_person=_words(p["first_person"]),
        first_party_pronouns=_words(p["first_party_pronouns"]),
        speaker_pronouns=_words(p["speaker_pronouns"]),
        not_names=_words(p["not_names"]),
        name_stopwords=_words(p["name_stopwords"]),
        front_matter_keys=tuple(p["front_matter_keys"]),
        quote_min_words=int(p["quote_min_words"]),
        skip_questions=bool(p["skip_questions"]),
        quote_long_words=int(p["quote_long_words"]),
        subject_window=int(p["subject_window"]),
        speaker_window=int(p["speaker_window"]),
        continuation_sentences=int(p["continuation_sentences"]),
        name_window=int(p["name_window"]),
        weights={k: float(v) for k, v in p["weights"].items()},
        strong_signals=frozenset(p["strong_signals"]),
        missing_min_score=float(p["missing_min_score"]),
        quotes_alone_missing=bool(p["quotes_alone_missing"]),
        first_party_ratio=float(p["first_party_ratio"]),
    )


# --- what the analysis finds -----------------------------------------------------------
# Records that are never changed after they are made are named tuples: defining one
# costs about a fifth of a dataclass at import (start-up of every run).


@dataclass
class Signal:
    """One piece of evidence that the post relies on someone else's reporting."""

    kind: str  # a key of Detectors.weights: "reporting phrase", "dateline", ...
    start: int
    end: int
    text: str
    attributed: bool = False  # a link sits in the same paragraph

    def describe(self) -> str:
        return f"{self.kind}: '{_short(self.text)}'"


@dataclass
class NamedSource:
    """A source named in the text ("According to DCD", "Source: DCD", "(AP)")."""

    name: str
    start: int
    end: int
    cue: str
    linked: bool = False


class Quote(NamedTuple):
    start: int
    end: int
    text: str
    speaker: str | None


@dataclass
class Origin:
    """An "inspired by" / "originally published" / "adapted from" statement."""

    start: int
    end: int
    text: str
    has_url: bool
    name: str | None


class Statistic(NamedTuple):
    """A figure with a research cue and neither a link nor a named source in its sentence."""

    start: int
    end: int
    figure: str
    cue: str


class Form(NamedTuple):
    """A document-level attribution: front matter key, "Source:" line or references section."""

    kind: str
    text: str
    linked: bool
    start: int = 0


@dataclass
class Analysis:
    signals: list[Signal] = field(default_factory=list)
    names: list[NamedSource] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    origins: list[Origin] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    #: Written as "we"; only decided when some signal needs weighing (else False).
    first_party_voice: bool = False
    score: float = 0.0
    verdict: str = "not_needed"

    #: Unattributed signals that count towards *missing* (see ``count_towards_missing``).
    counted: list[Signal] = field(default_factory=list)


class LinkRef(NamedTuple):
    """A link or a bare URL, reduced to what name matching needs."""

    start: int
    end: int
    text: str
    url: str

    @property
    def host(self) -> str:
        """The URL's host without "www." (parsed only when a name is matched to links)."""
        return _host(self.url)


# --- the analysis ----------------------------------------------------------------------


class _Reaches(NamedTuple):
    """Per block of ``_Context.blocks``: where each detector may read (see ``_Context``)."""

    #: The start of the block's first line (``_datelines`` and ``_source_lines`` read
    #: from there: "^" must see the blanked markup before the block).
    lines: list[int]
    ends: list[int]
    #: [lo, hi): the block and the sentences holding its first and last character, so
    #: every sentence overlapping it (``_statistics``); the block alone without sentences.
    los: list[int]
    his: list[int]


class _Context:
    """Per-document lookups shared by the detectors."""

    def __init__(self, doc: Document, det: Detectors):
        self.doc = doc
        self.det = det
        self.prose = doc.prose
        self.sentences = doc.sentences
        self.sentence_starts = [s.start for s in self.sentences]
        self.sentence_ends = [s.end for s in self.sentences]
        self.blocks = [b for b in doc.blocks if b.kind != "heading" and not b.in_quote]
        self._lowercase_memo: dict[str, bool] = {}

    # Links and research cues are looked up only near a signal, a "Source:" line or a
    # references heading: most posts have none of these, so both are built on demand.

    @cached_property
    def links(self) -> list[LinkRef]:
        return _collect_links(self.doc, self.det.url_scan)

    @cached_property
    def link_starts(self) -> list[int]:
        return [link.start for link in self.links]

    @cached_property
    def introduced(self) -> set[str]:
        """Research cues ("survey") already introduced with a source, or in a heading."""
        return _cues_in_titles(self.doc, self.det)

    @cached_property
    def lowercase_words(self) -> frozenset[str]:
        """Words the post also writes in lowercase: "Bug reported" is not a name.

        Only the fallback of ``written_lowercase`` (words that share a start offset).
        """
        return frozenset(filter(str.islower, _slices(self.prose, self.doc.words)))

    @cached_property
    def low(self) -> str | None:
        """``fold_safe(prose)``: the copy every scan of the prose searches (``segment.lowered``,
        remembered per text), kept here so that a scan of a shorter text in between does
        not make the next scan of the prose lower-case it again."""
        return lowered(self.prose)

    @cached_property
    def _starts(self) -> dict[str, list[int]] | None:
        """The gate's literal starts, from the lower-cased prose (``low``)."""
        gate = self.det.gate
        if gate is None:
            return None
        return gate.starts(self.prose, folded=self.low, cache=self.doc.cache)

    def phrases(self, scanner: SharedPhrases, start: int, end: int) -> Iterator[re.Match]:
        """``scanner``'s matches in the prose within [start, end), its candidates taken
        from the pass over the prose that it shares with the gate and other scanners."""
        if self.low is None:
            return scanner.finditer(self.prose, start, end)
        return scanner.finditer(self.prose, start, end, folded=self.low, cache=self.doc.cache)

    def may_match(self, key: str, start: int, end: int) -> bool:
        """False when the detector regex ``key`` (see ``_gated_regexes``) certainly has no
        match in [start, end): none of its literals starts there (``LiteralGate``).

        The detectors run their regexes block by block, and most blocks hold none of
        their phrases: one scan of the prose for the literals of all of them tells
        which blocks to skip, instead of a regex call per block and regex.
        """
        starts = self._starts
        if starts is None:
            return True
        offsets = starts[key]
        i = bisect.bisect_left(offsets, start)
        return i < len(offsets) and offsets[i] < end

    def may_match_anywhere(self, key: str) -> bool:
        """``may_match(key, 0, len(prose))``: False when no literal of ``key`` starts
        anywhere, and then no range may match either."""
        starts = self._starts
        return starts is None or bool(starts[key])

    @cached_property
    def _block_keys(self) -> tuple[list[int], list[str]] | None:
        """The offsets of the gate's ``_BLOCK_KEYS`` literals, in order, and the key of
        each (None: no gate, or no safe lower-cased copy)."""
        starts = self._starts
        if starts is None:
            return None
        pairs = sorted((at, key) for key in _BLOCK_KEYS for at in starts.get(key, ()))
        return [at for at, _ in pairs], [key for _, key in pairs]

    def keys_in(self, start: int, end: int) -> frozenset[str] | None:
        """The keys of ``_BLOCK_KEYS`` whose literals start in [start, end), where
        ``may_match`` passes; None: every key may match (no gate)."""
        found = self._block_keys
        if found is None:
            return None
        offsets, keys = found
        return frozenset(
            keys[bisect.bisect_left(offsets, start) : bisect.bisect_left(offsets, end)]
        )

    def blocks_to_scan(self) -> Iterator[tuple[Block, set[str] | None]]:
        """The blocks where ``_scan_block`` may find something, in order, each with the
        keys of the detectors to run there (None: no gate, every block and detector).

        Each detector there reports only what its regex matches inside its reach: the
        block (``_BLOCK_KEYS``), from the start of its first line for datelines, and the
        sentences that overlap it for statistic cues. A detector none of whose literals
        starts in its reach finds nothing and changes nothing (``may_match``), and a
        block where no detector has one is skipped. Most blocks hold no literal of the
        ``block`` family of keys (the literals of all of them) in the union of those
        reaches, and are dropped by ``_holding``, in C.
        """
        if self._starts is None:
            yield from zip(self.blocks, itertools.repeat(None))
            return
        lines, ends, los, his = self._reaches
        dateline = self.det.dateline is not None
        statistics = bool(self.sentences) and None not in (
            self.det.statistic_figure,
            self.det.statistic_cue,
        )
        for k in self._holding("block", map(min, lines, los), his):
            block = self.blocks[k]
            keys = set(self.keys_in(block.start, block.end))
            if dateline and self.may_match("dateline", lines[k], block.end):
                keys.add("dateline")
            if statistics and self.may_match("statistic_cue", los[k], his[k]):
                keys.add("statistic_cue")
            if keys:
                yield block, keys

    def from_line_start(self, key: str) -> Iterator[tuple[Block, int]]:
        """Each block, with the start of its first line, where ``key`` may match from
        that line start to the block's end (``may_match``); all blocks without a gate."""
        lines, ends, _, _ = self._reaches
        if self._starts is None:
            return zip(self.blocks, lines, strict=True)
        return ((self.blocks[k], lines[k]) for k in self._holding(key, lines, ends))

    def _holding(self, key: str, lows: Iterable[int], highs: Iterable[int]) -> Iterator[int]:
        """The indexes k of the blocks where a literal of ``key`` starts in [lows[k],
        highs[k]) (``may_match`` of each, in C)."""
        offsets = self._starts[key]  # type: ignore[index] - only asked with a gate
        first = map(bisect.bisect_left, itertools.repeat(offsets), lows)
        past = map(bisect.bisect_left, itertools.repeat(offsets), highs)
        return itertools.compress(range(len(self.blocks)), map(operator.lt, first, past))

    @cached_property
    def _reaches(self) -> _Reaches:
        """The blocks' bounds and reaches, computed for all blocks by ``map`` in C."""
        prose, blocks = self.prose, self.blocks
        starts = list(map(operator.attrgetter("start"), blocks))
        ends = list(map(operator.attrgetter("end"), blocks))
        line_starts = map(prose.rfind, itertools.repeat("\n"), itertools.repeat(0), starts)
        lines = list(map(operator.add, line_starts, itertools.repeat(1)))
        if not self.sentences:
            return _Reaches(lines, ends, starts, ends)
        firsts = self._sentence_indexes(starts)
        lasts = self._sentence_indexes(
            map(max, map(operator.sub, ends, itertools.repeat(1)), starts)
        )
        los = list(map(min, starts, map(self.sentence_starts.__getitem__, firsts)))
        his = list(map(max, ends, map(self.sentence_ends.__getitem__, lasts)))
        return _Reaches(lines, ends, los, his)

    def _sentence_indexes(self, offsets: Iterable[int]) -> Iterator[int]:
        """``sentence_index`` of each offset, in C."""
        found = map(bisect.bisect_right, itertools.repeat(self.sentence_starts), offsets)
        return map(max, map(operator.sub, found, itertools.repeat(1)), itertools.repeat(0))

    def is_name_word(self, word: str) -> bool:
        """Capitalised, not a function word, and (unless an acronym) never lowercase here."""
        if not word[:1].isupper() or word.lower() in self.det.not_names:
            return False
        return word.isupper() or not self.written_lowercase(word.lower())

    def written_lowercase(self, lower: str) -> bool:
        """Is ``lower`` one of the post's words, as written (``lowercase_words``)?

        Answered from the places the prose spells it, each checked against the
        document's word spans, instead of slicing every word of the post.
        """
        if lower not in self._lowercase_memo:
            self._lowercase_memo[lower] = self._written(lower)
        return self._lowercase_memo[lower]

    def _written(self, lower: str) -> bool:
        """Some word of the post spells ``lower`` exactly: found from the places the
        prose spells it, or (words not in strict order) from ``lowercase_words``; the
        two agree whenever no two words share a start."""
        if self.word_starts is None:
            return lower in self.lowercase_words
        if not lower.islower():
            return False
        at = self.prose.find(lower)
        while at != -1:
            if self.is_word(at, at + len(lower)):
                return True
            at = self.prose.find(lower, at + 1)
        return False

    @cached_property
    def word_starts(self) -> list[int] | None:
        """Start offsets of the document's words if they strictly increase, else None.

        The document's own list (``Document.word_starts``), checked in C: a start -> end
        dict of every word cost three times as much, and ``is_word`` needs only a
        bisection of the starts.
        """
        starts = self.doc.word_starts
        return starts if all(map(operator.lt, starts, itertools.islice(starts, 1, None))) else None

    def is_word(self, start: int, end: int) -> bool:
        """Is [start, end) one of the document's words? Only when ``word_starts`` is set."""
        starts = self.word_starts
        assert starts is not None
        i = bisect.bisect_left(starts, start)
        return i < len(starts) and starts[i] == start and self.doc.words[i][1] == end

    def sentence_index(self, offset: int) -> int:
        return max(bisect.bisect_right(self.sentence_starts, offset) - 1, 0)

    def sentence_span(self, offset: int) -> tuple[int, int]:
        if not self.sentences:
            return (0, len(self.prose))
        s = self.sentences[self.sentence_index(offset)]
        return (s.start, s.end)

    def has_link(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.link_starts, start)
        if i > 0 and self.links[i - 1].end > start:
            return True
        return i < len(self.links) and self.links[i].start < end

    def words_before(self, start: int, offset: int, count: int) -> list[str]:
        return WORD_RE.findall(self.prose, start, offset)[-count:]  # no groups: the words


def _cues_in_titles(doc: Document, det: Detectors) -> set[str]:
    """A post titled "Survey results" is about that survey: its figures are its own.

    Titles are short, so they are scanned with the plain regex (the same matches as
    ``WordPhrases.finditer``): the candidate scan would lower-case each title through
    ``segment.lowered``, whose memo of the last text asked about is the prose, and the
    next scan of the prose would lower-case the whole post again.
    """
    if det.statistic_cue is None:
        return set()
    titles = [doc.prose[b.start : b.end] for b in doc.blocks if b.kind == "heading"]
    titles.append(str(doc.front_matter.get("title", "")))
    finditer = det.statistic_cue.regex.finditer
    return {m.group().lower() for t in titles for m in finditer(t)}


def _collect_links(doc: Document, url_re: LiteralScan) -> list[LinkRef]:
    refs = [LinkRef(lk.start, lk.end, lk.text, lk.url) for lk in doc.links]
    # Bare URLs left in the prose (HTML and plain text do not always turn them into links).
    for m in url_re.finditer(doc.prose, folded=lowered(doc.prose), cache=doc.cache):
        refs.append(LinkRef(m.start(), m.end(), m.group(), m.group()))
    refs.sort(key=lambda r: (r.start, r.end))
    return refs


@functools.lru_cache(maxsize=4096)
def _host(url: str) -> str:
    if "://" not in url:
        url = "http://" + url
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def analyse(doc: Document, det: Detectors) -> Analysis:
    """Run every detector over ``doc`` and decide the ``attribution`` verdict."""
    ctx = _Context(doc, det)
    out = Analysis()
    out.forms = [*_front_matter_forms(doc, det), *_source_lines(ctx, out), *_references(ctx)]
    for block, keys in ctx.blocks_to_scan():
        _scan_block(ctx, block, out, keys)
    _link_names(ctx, out)
    if any(f.linked and f.kind == "front matter" for f in out.forms):
        for o in out.origins:  # canonical_url / original_url is the original's address
            o.has_url = True
    # The voice only decides which signals count, so a post without any skips it.
    out.first_party_voice = bool(out.signals) and _first_party_voice(ctx)
    out.counted = [s for s in out.signals if _counts_towards_missing(s, out, det)]
    out.score = sum(det.weights.get(s.kind, 1.0) for s in out.counted)
    out.verdict = _verdict(out, det)
    return out


#: The gate keys of the detectors that search the block itself (``_Context.keys_in``):
#: without one of its keys in the block, such a detector finds nothing and changes
#: nothing. Datelines and statistics reach beyond the block (``_Context.blocks_to_scan``).
_BLOCK_KEYS = (
    "reporting_phrases",
    "reference_phrases",
    "reporting_verbs",
    "origin",
    "quotation",
    "source_patterns",
)


def _scan_block(ctx: _Context, block: Block, out: Analysis, keys: set[str] | None) -> None:
    """Run the detectors over one block, in a fixed order (earlier ones win overlaps).

    ``keys`` (``_Context.blocks_to_scan``) name the detectors that may find something
    here: one of their gate keys has a literal in their reach (None: all of them).
    Any other detector would return at once, having changed nothing, so it is not
    even called (most blocks that pass the gate hold one key).
    """
    start, end = block.start, block.end
    found: list[Signal] = []
    if keys is None or "reporting_phrases" in keys or "reference_phrases" in keys:
        found += _reporting_phrases(ctx, start, end)
    if keys is None or "reporting_verbs" in keys:
        found += _reporting_verbs(ctx, start, end)
    if keys is None or "dateline" in keys:
        found += _datelines(ctx, start, end, out)
    if keys is None or "origin" in keys:
        found += _origins(ctx, start, end, out)
    if keys is None or "quotation" in keys:
        found += _quotes(ctx, start, end, out)
    if keys is None or "statistic_cue" in keys:
        found += _statistics(ctx, start, end, out)
    if keys is None or "source_patterns" in keys:
        out.names += _named_sources(ctx, start, end)
    if not found:
        return
    linked_paragraph = ctx.has_link(start, end)
    for s in _without_overlaps(found):
        s.attributed = linked_paragraph
        out.signals.append(s)


def _without_overlaps(signals: list[Signal]) -> list[Signal]:
    """One signal per stretch of text: "The agency said in a statement" is one report,
    not a reporting phrase plus a reporting verb. Earlier detectors win."""
    kept: list[Signal] = []
    for s in signals:
        if not any(s.start < k.end and k.start < s.end for k in kept):
            kept.append(s)
    return sorted(kept, key=lambda s: s.start)


# --- reliance signals ----------------------------------------------------------------------


def _reporting_phrases(ctx: _Context, start: int, end: int) -> Iterator[Signal]:
    """News phrases ("told reporters") and weaker reference phrases ("according to")."""
    for kind, key, regex in (
        ("reporting phrase", "reporting_phrases", ctx.det.reporting_phrases),
        ("reference phrase", "reference_phrases", ctx.det.reference_phrases),
    ):
        if regex is None or not ctx.may_match(key, start, end):
            continue
        for m in ctx.phrases(regex, start, end):
            if not _first_person_subject(ctx, m.start()) and not _first_person_object(ctx, m.end()):
                yield Signal(kind, m.start(), m.end(), m.group())


def _reporting_verbs(ctx: _Context, start: int, end: int) -> Iterator[Signal]:
    """Reporting verbs ("announced", "said") with a third-party subject just before them:
    a name ("OpenAI announced") or a word such as "officials"; never "we" or "I"."""
    regex = ctx.det.reporting_verbs
    if regex is None or not ctx.may_match("reporting_verbs", start, end):
        return
    for m in ctx.phrases(regex, start, end):
        s_start, _ = ctx.sentence_span(m.start())
        before = ctx.words_before(s_start, m.start(), ctx.det.subject_window)
        if any(w.lower() in ctx.det.first_person for w in before):
            continue
        if before and before[-1].lower() in ctx.det.passive_auxiliaries:
            continue  # "errors are reported": a passive, usually about software
        if any(ctx.is_name_word(w) or w.lower() in ctx.det.third_party_subjects for w in before):
            yield Signal("reporting verb", m.start(), m.end(), m.group())


def _first_person_subject(ctx: _Context, offset: int) -> bool:
    """True when a first-person word sits just before ``offset`` in its sentence."""
    s_start, _ = ctx.sentence_span(offset)
    before = ctx.words_before(s_start, offset, ctx.det.subject_window)
    return any(w.lower() in ctx.det.first_person for w in before)


def _first_person_object(ctx: _Context, offset: int) -> bool:
    """ "according to our survey": the two words after a phrase name the first party."""
    after = WORD_RE.findall(ctx.prose, offset, offset + 40)[:2]
    return any(w.lower() in ctx.det.first_person for w in after)


def _datelines(ctx: _Context, start: int, end: int, out: Analysis) -> Iterator[Signal]:
    regex = ctx.det.dateline
    line_start = ctx.prose.rfind("\n", 0, start) + 1  # so "^" sees blanked markup
    if regex is None or not ctx.may_match("dateline", line_start, end):
        return
    for m in regex.finditer(ctx.prose, line_start, end):
        agency = m.groupdict().get("agency")
        if agency:
            out.names.append(NamedSource(agency, m.start("agency"), m.end("agency"), "dateline"))
        yield Signal("dateline", m.start(), m.end(), m.group().strip())


def _origins(ctx: _Context, start: int, end: int, out: Analysis) -> Iterator[Signal]:
    """ "This post was inspired by ..." needs a URL nearby and a named source.

    One origin per line: "inspired by X. Read the original article" is one statement.
    """
    scan = ctx.det.origin_scan
    if scan is None or not ctx.may_match("origin", start, end):
        return
    last_line = -1
    for m in scan.finditer(ctx.prose, start, end, folded=ctx.low):
        line_start, line_end = _line_bounds(ctx.prose, m.start(), start, end)
        if line_start == last_line:
            continue
        last_line = line_start
        s_start, s_end = ctx.sentence_span(m.start())
        # The URL may sit in the same sentence or on the next line ("Read the original").
        reach = _through_next_line(ctx.prose, max(s_end - 1, line_end))
        has_url = ctx.has_link(min(s_start, line_start), reach)
        name = _source_name(ctx, line_start, line_end)
        out.origins.append(Origin(m.start(), m.end(), m.group(), has_url, name))
        yield Signal("origin", m.start(), m.end(), m.group())


def _line_bounds(text: str, offset: int, lo: int, hi: int) -> tuple[int, int]:
    start = max(text.rfind("\n", lo, offset) + 1, lo)
    end = text.find("\n", offset, hi)
    return start, hi if end == -1 else end


def _through_next_line(text: str, offset: int) -> int:
    """The end of the line after the one holding ``offset``: a URL on the next line
    ("Read it here: https://...") still belongs to an attribution line.

    Blocks are trimmed of blanked URLs, so this looks past the block on purpose.
    """
    nl = text.find("\n", offset)
    if nl == -1:
        return len(text)
    nxt = text.find("\n", nl + 1)
    return len(text) if nxt == -1 else nxt


_QUOTE_SCAN = LiteralScan(_QUOTE_RE)
_DASH_ATTRIBUTION_RE = patterncache.compile(r"^[\s,]*(?:—|–|―|--)\s*(?P<name>[A-Z][\w'’.-]*)")
_CODEISH_RE = patterncache.compile(r"[`=<>{}\[\]\\|$#@]|::|\(\)|^\s*[-/.]")


def _quotes(ctx: _Context, start: int, end: int, out: Analysis) -> Iterator[Signal]:
    """Speech-like quotations; each records its speaker, if any."""
    if not ctx.may_match("quotation", start, end):
        return
    for m in _QUOTE_SCAN.finditer(ctx.prose, start, end):
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        # Four pure tests, any of which drops the quotation: the cheapest first, which
        # also drops nine in ten (code, short or title-cased quotations).
        if not _speech_like(ctx, inner, ctx.doc.source[m.start() : m.end()]):
            continue
        if _is_title(ctx, m.start(), m.end()) or _is_list_example(ctx, m.start(), m.end()):
            continue
        if _is_mention(ctx, m.start(), m.end()):
            continue
        speaker = _speaker(ctx, m.start(), m.end()) or _continued_speaker(ctx, m.start(), out)
        out.quotes.append(Quote(m.start(), m.end(), m.group(), speaker))
        if speaker is None or speaker.lower() not in ctx.det.first_person:
            yield Signal("quotation", m.start(), m.end(), m.group())


def _is_title(ctx: _Context, q_start: int, q_end: int) -> bool:
    """A quoted title: 'the article "..."', '"..." by Jane Doe'."""
    if _BY_AFTER_RE.match(ctx.prose[q_end : q_end + 40]):
        return True
    cues = ctx.det.title_cues
    return bool(cues and cues.search(ctx.prose[max(q_start - 40, 0) : q_start]))


def _is_mention(ctx: _Context, q_start: int, q_end: int) -> bool:
    """A wording under discussion, not speech: 'the sign reads "..."', '"X" means "Y"'.

    A quotation that is named, labelled or defined is *mentioned*; nobody is being
    reported as saying it, so it needs no speaker.
    """
    before, after = ctx.det.mention_before, ctx.det.mention_after
    if before and before.search(ctx.prose[max(q_start - 40, 0) : q_start]):
        return True
    return bool(after and after.search(ctx.prose[q_end : q_end + 40]))


def _continued_speaker(ctx: _Context, q_start: int, out: Analysis) -> str | None:
    """The speaker of the quotation just before, when this one follows it closely.

    News writing attributes a quotation once and lets the next one continue it:
    '"...," said one grower. "It means I can plan."' The previous quotation must end
    at most ``continuation_sentences`` sentences before this one starts.
    """
    if not out.quotes or out.quotes[-1].speaker is None:
        return None
    previous = out.quotes[-1]
    gap = ctx.sentence_index(q_start) - ctx.sentence_index(max(previous.end - 1, 0))
    return previous.speaker if gap <= ctx.det.continuation_sentences else None


def _is_list_example(ctx: _Context, q_start: int, q_end: int) -> bool:
    """A list item that is nothing but a quotation is an example or an option."""
    block = ctx.doc.block_at(q_start)
    if block is None or not block.in_list:
        return False
    rest = ctx.prose[block.start : q_start] + ctx.prose[q_end : block.end]
    return not WORD_RE.search(rest)


def _speech_like(ctx: _Context, inner: str, source: str) -> bool:
    """Long enough, not code, not a title, and reads like someone talking."""
    if _CODEISH_RE.search(source.strip('"“”')) or "\n\n" in inner:
        return False
    words = WORD_RE.findall(inner)
    if len(words) < ctx.det.quote_min_words:
        return False
    capitalised = sum(1 for w in words if w[:1].isupper())
    if capitalised / len(words) >= 0.6:  # a title: "Go Modules Reference"
        return False
    if ctx.det.skip_questions and inner.rstrip(" ,.")[-1:] == "?":
        return False  # "How do I cite packages?": a question someone might ask
    if len(words) >= ctx.det.quote_long_words:
        return True
    spoken_end = inner.rstrip()[-1:] in ".!?,…"
    personal = any(w.lower() in ctx.det.speaker_pronouns for w in words)
    return spoken_end or personal


def _speaker(ctx: _Context, q_start: int, q_end: int) -> str | None:
    """Who said it: a speech verb near a name or pronoun in the quote's sentence or
    the ones beside it, or an em-dash attribution right after the quote."""
    after = ctx.doc.source[q_end : q_end + 200]
    dash = _DASH_ATTRIBUTION_RE.match(after)
    if dash:
        return dash.group("name")
    footnote = _FOOTNOTE_AFTER_RE.match(after)
    if footnote:
        return footnote.group().strip(" .,;:")
    colon = _NAME_COLON_RE.search(ctx.prose, max(q_start - 120, 0), q_start)
    if colon and ctx.is_name_word(colon.group("name").split()[0]):
        return colon.group("name")  # "Ralf Jung: “...”"
    s_start, s_end = ctx.sentence_span(q_start)
    if ctx.has_link(s_start, max(s_end, q_end)):
        return "linked source"  # the quote's sentence links where it comes from
    i = ctx.sentence_index(q_start)
    j = ctx.sentence_index(max(q_end - 1, q_start))
    lo = ctx.sentences[max(i - 1, 0)].start if ctx.sentences else 0
    hi = ctx.sentences[min(j + 1, len(ctx.sentences) - 1)].end if ctx.sentences else q_end
    window = ctx.prose[lo:q_start] + " " * (q_end - q_start) + ctx.prose[q_end:hi]
    if ctx.det.speech_verbs is None:
        return None
    for verb in ctx.det.speech_verbs.finditer(window):
        agent = _agent_near(ctx, window, verb.start(), verb.end())
        if agent:
            return agent
    return None


def _agent_near(ctx: _Context, text: str, v_start: int, v_end: int) -> str | None:
    n = ctx.det.speaker_window
    before = WORD_RE.findall(text, 0, v_start)[-n:]
    after = WORD_RE.findall(text, v_end)[:n]
    for word in [*reversed(before), *after]:
        lower = word.lower()
        if lower in ctx.det.speaker_pronouns or lower in ctx.det.speaker_roles:
            return word
        if ctx.is_name_word(word):
            return word
    return None


def _statistics(ctx: _Context, start: int, end: int, out: Analysis) -> Iterator[Signal]:
    """Figures with a research cue ("a survey found 40% of ..."): an unsourced statistic,
    and a reliance signal, when the sentence has no link and no named source and the
    research ("the survey") was not introduced with a source before."""
    fig_re, cue_re = ctx.det.statistic_figure, ctx.det.statistic_cue
    if fig_re is None or cue_re is None:
        return
    sentences = ctx.sentences
    # The caller tests the reach of all the sentences below at once (``blocks_to_scan``).
    for i in range(ctx.sentence_index(start), len(sentences)):
        s = sentences[i]
        if s.start >= end:
            break
        if s.end <= start or not ctx.may_match("statistic_cue", s.start, s.end):
            continue
        cues = list(ctx.phrases(cue_re, s.start, s.end))
        if not cues:
            continue
        if _own_or_named(ctx, s, cues):
            ctx.introduced.update(c.group().lower() for c in cues)
            continue
        if ctx.has_link(s.start, s.end):  # "a [study](...) found": reliance, attributed
            ctx.introduced.update(c.group().lower() for c in cues)
            yield Signal("statistic", cues[0].start(), cues[0].end(), cues[0].group())
            continue
        figure = fig_re.search(ctx.prose, s.start, s.end)
        if figure is None or any(c.group().lower() in ctx.introduced for c in cues):
            continue
        cue = cues[0]
        out.statistics.append(Statistic(figure.start(), figure.end(), figure.group(), cue.group()))
        yield Signal(
            "statistic", figure.start(), figure.end(), f"{figure.group()} ... {cue.group()}"
        )


def _own_or_named(ctx: _Context, s: Any, cues: list[re.Match]) -> bool:
    """A first-person word ("our survey") or a name next to a cue ("a Gallup poll")."""
    words = WORD_RE.findall(ctx.prose, s.start, s.end)
    if any(map(ctx.det.first_person.__contains__, map(str.lower, words))):
        return True
    return any(_name_near(ctx, c.start(), c.end(), s) for c in cues)


def _name_near(ctx: _Context, c_start: int, c_end: int, sentence: Any) -> bool:
    """A proper name within ``name_window`` words of the cue ("a Gartner survey")."""
    n = ctx.det.name_window
    before = WORD_RE.findall(ctx.prose, sentence.start, c_start)[-n:]
    after = WORD_RE.findall(ctx.prose, c_end, sentence.end)[:n]
    return any(map(ctx.is_name_word, [*before, *after]))


# --- named sources and links ------------------------------------------------------------------


def _named_sources(ctx: _Context, start: int, end: int) -> Iterator[NamedSource]:
    patterns = ctx.det.source_patterns
    if not ctx.may_match("source_patterns", start, end):
        return
    for key, pattern in zip(_source_keys(ctx.det), patterns, strict=True):
        if not ctx.may_match(key, start, end):
            continue
        for m in ctx.phrases(pattern.phrase, start, end):
            if pattern.name_after:
                found = _NAME_AT_START_RE.match(ctx.prose, m.end(), end)
                offset = m.end()
            else:
                offset = max(m.start() - 80, start)
                found = _NAME_AT_END_RE.search(ctx.prose, offset, m.start())
            if not found:
                continue
            name = _clean_name(found.group("name"), ctx)
            if name:
                n_start = found.start("name") + found.group("name").find(name)
                cue = ctx.prose[min(m.start(), n_start) : max(m.end(), n_start + len(name))]
                yield NamedSource(name, n_start, n_start + len(name), _short(cue, 40))


def _clean_name(raw: str, ctx: _Context) -> str | None:
    """Trim punctuation, a possessive and a leading article; reject what is not a name
    ("It", "Respondents", a one-word "Bug" the post also writes in lowercase)."""
    name = " ".join(raw.split()).rstrip(".,;:!?'’")
    name = _POSSESSIVE_RE.sub("", name) if name.endswith(("'s", "’s")) else name
    if name.lower().startswith("the "):
        name = name[4:]
    words = name.split()
    if not words or words[0].lower() in ctx.det.speaker_roles:
        return None
    if len(words) == 1 and not ctx.is_name_word(words[0]):
        return None
    if words[0].lower() in ctx.det.not_names:
        return None
    return name


_BY_NAME_RE = patterncache.compile(
    rf"\b(?:by|from|on|at|in|via|of)\s+(?:the\s+)?(?P<name>{NAME_RE})"
)


def _source_name(ctx: _Context, start: int, end: int) -> str | None:
    """The source named in a "Source:" or "inspired by" line: the name after "by"/"from"/
    "on" if there is one, else the first name; quoted titles are not names."""
    text = _QUOTE_RE.sub(lambda m: " " * len(m.group()), ctx.prose[start:end])
    candidates = [m.group("name") for m in _BY_NAME_RE.finditer(text)]
    candidates += re.findall(NAME_RE, text)  # no groups: the names
    for raw in candidates:
        name = _clean_name(raw, ctx)
        if name:
            return name
    return None


def _locate(text: str, name: str, start: int, end: int) -> tuple[int, int]:
    at = text.find(name, start, end)
    return (at, at + len(name)) if at >= 0 else (start, start)


def _link_names(ctx: _Context, out: Analysis) -> None:
    """A name is linked when a link sits in its paragraph or any link in the post matches it."""
    extra_hosts = [f.text for f in out.forms if f.linked]
    for n in out.names:
        block = ctx.doc.block_at(n.start)
        p_start, p_end = (block.start, block.end) if block else ctx.sentence_span(n.start)
        n.linked = ctx.has_link(p_start, p_end) or any(
            name_matches_link(n.name, link.text, link.host, ctx.det) for link in ctx.links
        )
        if not n.linked:
            n.linked = any(name_matches_link(n.name, t, _host(t), ctx.det) for t in extra_hosts)


def name_matches_link(name: str, text: str, host: str, det: Detectors) -> bool:
    """Does a link (its visible text or its domain) point at the source ``name``?

    Text match: the name appears in the link text. Domain match: every significant
    token of the name appears in the host ("Ars Technica" -> arstechnica.com), or an
    acronym's letters appear in order in the host's first label ("DCD" ->
    datacenterdynamics.com).
    """
    lname = name.lower()
    if lname and lname in text.lower():
        return True
    if not host:
        return False
    tokens = [t for t in re.findall(r"[a-z0-9]+", lname) if t not in det.name_stopwords]
    if tokens and all(t in host for t in tokens):
        return True
    label = host.split(".")[0]
    if name.isupper() and 2 <= len(name) <= 6 and label[:1] == lname[:1]:
        return _subsequence(lname, label)
    return False


def _subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(ch in it for ch in needle)


# --- document-level attribution forms -------------------------------------------------------


def _front_matter_forms(doc: Document, det: Detectors) -> Iterator[Form]:
    for key in det.front_matter_keys:
        value = doc.front_matter.get(key)
        if value in (None, "", [], {}):
            continue
        text = " ".join(_flatten(value))
        urls = det.url.findall(text)
        yield Form("front matter", urls[0] if urls else f"{key}: {text}", bool(urls))


def _flatten(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _flatten(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _flatten(v)
    else:
        yield str(value)


def _source_lines(ctx: _Context, out: Analysis) -> Iterator[Form]:
    """ "Source: ..." / "Via: ..." / "Originally published at ..." lines."""
    regex = ctx.det.source_line
    if regex is None or not ctx.may_match_anywhere("source_line"):
        return  # most posts: no block below may match either
    # From the start of the block's line: "^" must see the blanked markup before it.
    for block, line_start in ctx.from_line_start("source_line"):
        for m in regex.finditer(ctx.prose, line_start, block.end):
            line_end = ctx.prose.find("\n", m.end())
            line_end = len(ctx.prose) if line_end == -1 else line_end
            linked = ctx.has_link(m.start(), _through_next_line(ctx.prose, m.end()))
            rest = ctx.prose[m.end() : line_end].strip()
            out.signals.append(Signal("source line", m.start(), m.end(), m.group().strip()))
            origin = ctx.det.origin and ctx.det.origin.search(ctx.prose, m.start(), line_end)
            if not linked and not origin:  # an origin line gets its own finding
                name = _source_name(ctx, m.end(), line_end)
                if name:
                    at = _locate(ctx.prose, name, m.end(), line_end)
                    out.names.append(NamedSource(name, *at, "source line"))
            yield Form("source line", rest or m.group().strip(), linked, m.start())


def _references(ctx: _Context) -> Iterator[Form]:
    """A "References" / "Sources" / "Further reading" section that holds links."""
    regex = ctx.det.reference_heading
    if regex is None:
        return
    blocks = ctx.doc.blocks
    for i, b in enumerate(blocks):
        if b.kind != "heading" or not regex.match(ctx.doc.prose[b.start : b.end].strip()):
            continue
        end = len(ctx.prose)
        for later in blocks[i + 1 :]:
            if later.kind == "heading" and later.level <= b.level:
                end = later.start
                break
        if ctx.has_link(b.end, end):
            yield Form("references section", ctx.prose[b.start : b.end].strip(), True, b.start)


# --- verdict ------------------------------------------------------------------------------------


def _first_party_voice(ctx: _Context) -> bool:
    """A post written as "we" (a team's own blog) reports its own news.

    Words inside quotations are someone else's "we" and are left out: the words
    counted are ``doc.unquoted_words``, those that ``in_quote`` does not place in a
    quotation. The fast path gets the same two numbers without asking ``in_quote``
    about every word (``_voice_counts``).
    """
    doc, det = ctx.doc, ctx.det
    pronouns = det.first_party_pronouns
    if not pronouns or not doc.words:
        return False
    counts = _voice_counts(ctx)
    if counts is None:
        words = doc.unquoted_words
        counts = len(words), sum(1 for w in _slices(doc.prose, words) if w.lower() in pronouns)
    total, hits = counts
    return bool(total) and hits / total >= det.first_party_ratio


def _voice_counts(ctx: _Context) -> tuple[int, int] | None:
    """(unquoted words, unquoted pronouns), or None when the fast path cannot tell.

    ``in_quote`` holds only for a word inside a quote span, so only those words ask it
    (``_quoted_words``); the pronouns among all words are counted in C over
    ``doc.lower_words``, each word's text lower-cased, as the word-by-word count
    lower-cases it, and those among the quoted ones taken off, counted the same way.
    """
    doc, starts = ctx.doc, ctx.word_starts
    quoted = _quoted_words(doc, starts) if starts is not None else None
    if quoted is None:
        return None
    pronouns, lower = ctx.det.first_party_pronouns, doc.lower_words
    hits = sum(map(pronouns.__contains__, lower))
    hits -= sum(map(pronouns.__contains__, map(lower.__getitem__, quoted)))
    return len(doc.words) - len(quoted), hits


def _quoted_words(doc: Document, starts: list[int]) -> list[int] | None:
    """The indexes of the words for which ``doc.in_quote`` holds, in order; None when
    the words are not ordered and disjoint (then the words inside a span cannot be
    found by bisection). ``starts``: the words' start offsets (``_Context.word_starts``)."""
    stops = list(map(operator.itemgetter(1), doc.words))
    if not all(map(operator.le, stops[:-1], starts[1:])):
        return None
    inside: set[int] = set()
    # in_quote needs a span holding the whole word: the words from the first that
    # starts in it to the last that ends in it (starts and stops both increase).
    for q in doc.quote_spans:
        inside.update(range(bisect.bisect_left(starts, q.start), bisect.bisect_right(stops, q.end)))
    found = sorted(inside)
    held = map(doc.in_quote, map(starts.__getitem__, found), map(stops.__getitem__, found))
    return list(itertools.compress(found, held))


def _slices(text: str, spans: Iterable[Any]) -> Iterator[str]:
    """``text[s:e]`` for each (start, end) span."""
    return (text[s:e] for s, e in spans)


def _counts_towards_missing(s: Signal, out: Analysis, det: Detectors) -> bool:
    """Unattributed signals count; in a first-party voice only the strong kinds do."""
    return not s.attributed and (s.kind in det.strong_signals or not out.first_party_voice)


def _verdict(out: Analysis, det: Detectors) -> str:
    """linked | named_unlinked | missing | not_needed (see the rule's description)."""
    if not out.signals and not out.names:
        return "not_needed"
    if any(not n.linked for n in out.names) or any(o.name and not o.has_url for o in out.origins):
        return "named_unlinked"
    linked = (
        any(f.linked for f in out.forms)
        or any(s.attributed for s in out.signals)
        or any(n.linked for n in out.names)
        or any(o.has_url for o in out.origins)
    )
    if linked:
        return "linked"
    if out.forms:  # a source named in front matter or a "Source:" line, without a URL
        return "named_unlinked"
    only_quotes = all(s.kind == "quotation" for s in out.counted)
    if out.score >= det.missing_min_score and (det.quotes_alone_missing or not only_quotes):
        return "missing"
    return "not_needed"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
