"""Signal detectors for undisclosed promotional inserts (the ``promo`` kind).

A sponsored or affiliate insert rarely looks like an advert on its own: it is an
ordinary sentence that *pivots* ("Speaking of which"), *names a vendor*
("Acme.com", a CamelCase brand, a link to a shop), *makes a marketing claim*
("the leading provider of"), *asks for action* ("use code SAVE10"), carries
*affiliate or tracking* parameters, and talks about something the rest of the
post never mentions. Each of those is a named, weighted signal; no single weak
one is enough, their sum is. Everything tunable comes from the rule's YAML
parameters, compiled once per run into a ``PromoConfig``.

The module is pure: it reads a ``Document`` and the compiled config and returns
plain data, so it can be tested and benchmarked without the engine.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import parse_qsl, urlsplit

from . import patterncache
from .literals import PROSE_SCAN, LiteralScan, ScanGate, _overlapping, fold_safe, literal_trie
from .segment import WORD_RE, StartsAtBoundary, lowered, trie_pattern

if TYPE_CHECKING:
    from .document import Document, Link, Span


class Signal(NamedTuple):
    """One piece of evidence in a sentence: its name, the text that fired and its weight.

    Records that are never changed are named tuples: cheaper than a dataclass to define
    at import (start-up of every run)."""

    name: str
    match: str
    weight: float


@dataclass
class ScoredSentence:
    start: int
    end: int
    signals: list[Signal]

    @property
    def score(self) -> float:
        return sum(s.weight for s in self.signals)


class Disclosure(NamedTuple):
    start: int
    end: int
    text: str


class _Unset:
    """The type of ``_UNSET``: an argument the caller did not give (None is a value)."""


_UNSET = _Unset()


class PhraseMatcher:
    """Literal phrases (case-insensitive, whole words) plus regexes compiled one by one.

    Phrases are matched on a lower-cased copy of the text, which is several times
    faster than a case-insensitive regex; spans are the same because the copy has
    the same length (the rare text whose length changes when lower-cased falls back
    to case-insensitive matching). Each regex keeps its own flags (write ``(?i)``
    for case-insensitive; ``^``/``$`` match at line ends), so a case-sensitive label
    such as "Ad" can sit beside case-insensitive phrases.
    """

    def __init__(self, tokens: list[str], patterns: list[str]):
        phrases = sorted({" ".join(t.lower().split()) for t in tokens if t.strip()})
        word_start = [p for p in phrases if p[0].isalnum() or p[0] == "_"]
        other = [p for p in phrases if p not in word_start]
        bodies = [r"\b" + trie_pattern(word_start)] if word_start else []
        bodies += [trie_pattern(other)] if other else []
        self.phrases = [patterncache.compile(b) for b in bodies]
        self.phrases_ignorecase = [patterncache.compile(b, re.IGNORECASE) for b in bodies]
        #: The phrases that open with a word character (a ``WordStartScan`` joins them).
        self.word_phrases = word_start
        #: The word-start trie without its leading ``\b``, which stops ``re`` from
        #: jumping to candidate letters; the boundary is checked by hand instead.
        self.word_start = patterncache.compile(trie_pattern(word_start)) if word_start else None
        #: Every match must hold certain literals: a text without them is skipped (see
        #: ``LiteralScan``; a one-letter lead would stop at every word, two gates at most).
        self.regexes = [
            LiteralScan(patterncache.compile(p, re.MULTILINE), min_lead=2, gates=2, shared=True)
            for p in patterns
        ]

    def spans(
        self,
        text: str,
        low: str | None = None,
        word_start: list[tuple[int, int]] | None = None,
        cache: dict[Any, Any] | None = None,
        *,
        folded: str | None | _Unset = _UNSET,
        skip: frozenset[LiteralScan] = frozenset(),
    ) -> list[tuple[int, int]]:
        """Every match in ``text`` as (start, end), in order, longest first at a position.

        ``low`` is ``text.lower()`` when the caller already has it (``prose_lower``);
        ``word_start`` the spans of ``word_start`` over it when a ``WordStartScan``
        found them together with other matchers' (the same list this method makes);
        ``cache`` the document's, for the regexes' shared scan (``LiteralScan``);
        ``folded``: ``fold_safe(text, low)`` when the caller has it; ``skip``: regexes
        known to have no match in ``text`` (``ScanGate.skipped``).
        """
        if low is None:
            low = text.lower()
        if len(low) == len(text):
            if word_start is not None:
                found = list(word_start)
            else:
                found = _word_start_spans(self.word_start, low) if self.word_start else []
            others = self.phrases[1:] if self.word_start else self.phrases
            found += [m.span() for r in others for m in r.finditer(low)]
        else:
            found = [m.span() for r in self.phrases_ignorecase for m in r.finditer(text)]
        regexes = [r for r in self.regexes if r not in skip] if skip else self.regexes
        if regexes:
            safe = fold_safe(text, low) if isinstance(folded, _Unset) else folded
            found += [m.span() for r in regexes for m in r.finditer(text, folded=safe, cache=cache)]
        return sorted((s for s in found if s[1] > s[0]), key=lambda s: (s[0], -s[1]))


def _word_start_spans(regex: re.Pattern, text: str) -> list[tuple[int, int]]:
    """The spans of ``\b`` + ``regex`` in ``text``, as ``finditer`` would give them.

    The phrases start with a word character, so ``\b`` before a match means "no word
    character just before it"; a candidate inside a word is skipped by one character.
    """
    out: list[tuple[int, int]] = []
    pos, search = 0, regex.search
    while (m := search(text, pos)) is not None:
        start, end = m.span()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            pos = start + 1
            continue
        out.append((start, end))
        pos = end if end > start else end + 1
    return out


class WordStartScan:
    """The word-start phrase spans of several ``PhraseMatcher``s, found in one pass.

    Each matcher's own scan (``_word_start_spans``) is a pass of ``re`` over the whole
    text, spent mostly on trying phrase first letters at every position. Instead, one
    pass (``literals.PROSE_SCAN``, shared with the attribution gate) finds every
    position where a phrase of any of them may start; each matcher's trie is then
    tried only there.

    Exact: a matcher's trie matches at a position only if one of its phrases does
    (``trie_pattern``), and the shared scan finds every word start where one of the
    registered phrases starts (they are registered for word starts: a position that
    follows a word character is skipped here anyway, as ``\b`` skips it), so its
    positions include all of the matcher's. They are
    visited in increasing order, and a matcher takes a position only at or after the
    end of its previous match: ``finditer``'s rule, as in ``_word_start_spans``.
    """

    def __init__(self, matchers: list[PhraseMatcher]):
        self._tries = [m.word_start for m in matchers]
        self._phrases = frozenset(p for m in matchers for p in m.word_phrases)
        self._by_first = _matchers_by_first_letter(matchers)
        # For word starts only: ``spans`` skips every other place.
        PROSE_SCAN.add(self._phrases, word_start=True)

    def spans(self, low: str, cache: dict[Any, Any] | None = None) -> list[list[tuple[int, int]]]:
        """For each matcher, ``_word_start_spans(matcher.word_start, low)``; ``cache``:
        the document's, where the shared pass is kept (see ``SharedScan.starts``)."""
        out: list[list[tuple[int, int]]] = [[] for _ in self._tries]
        if not self._phrases:
            return out
        resume = [0] * len(self._tries)  # where each matcher's finditer would go on
        tries, by_first = self._tries, self._by_first
        for start in PROSE_SCAN.starts(low, cache=cache, word_start=self._phrases):
            candidates = by_first.get(low[start])
            if candidates is None:
                continue  # no matcher has a phrase opening with this character
            if start and (low[start - 1].isalnum() or low[start - 1] == "_"):
                continue  # inside a word: no \b here
            for k in candidates:
                if start < resume[k]:
                    continue
                m = tries[k].match(low, start)
                if m is not None:
                    out[k].append(m.span())
                    resume[k] = m.end() if m.end() > start else start + 1
        return out


def _matchers_by_first_letter(matchers: list[PhraseMatcher]) -> dict[str, tuple[int, ...]]:
    """For each first character of a word-start phrase, the (increasing) indexes of the
    matchers that have a phrase opening with it.

    ``WordStartScan.spans`` tries at a place only the matchers listed for its character
    (about two of six): exact, because ``trie_pattern`` opens every branch with its
    phrase's first character as a literal (escaped, no flags; the phrases and the text
    are lower case), so a matcher's trie cannot match where none of its phrases'
    first characters stands.
    """
    found: dict[str, list[int]] = {}
    for k, m in enumerate(matchers):
        if m.word_start is not None:
            for first in sorted({p[0] for p in m.word_phrases}):
                found.setdefault(first, []).append(k)
    return {first: tuple(ks) for first, ks in found.items()}


@dataclass
class PromoConfig:
    """The rule's parameters, compiled once per run."""

    threshold: float
    weights: dict[str, float]
    segues: PhraseMatcher
    claims: PhraseMatcher
    calls_to_action: PhraseMatcher
    domain: re.Pattern
    #: A dot and a commercial TLD: text without one cannot hold a domain (a cheap test).
    domain_hint: re.Pattern
    brand: StartsAtBoundary | None
    first_party: PhraseMatcher
    disclosures: PhraseMatcher
    vague_labels: PhraseMatcher
    #: The word-start phrases of the ``HIT_LISTS``, scanned together.
    hit_scan: WordStartScan
    #: Which regexes of the ``HIT_LISTS`` may match a document (most match nowhere).
    hit_gate: ScanGate
    negation: re.Pattern | None
    platform_hosts: tuple[str, ...]
    affiliate_hosts: tuple[str, ...]
    affiliate_params: frozenset[str]
    tracking_params: frozenset[str]
    front_matter_keys: tuple[str, ...]
    stopwords: frozenset[str]
    off_topic_max_shared: float
    off_topic_min_words: int
    off_topic_min_context: int
    topic_mentions: int
    clause_lead: int = 3
    extra: dict[str, Any] = field(default_factory=dict)

    @functools.cached_property
    def link_rules(self) -> LinkRules:
        return LinkRules(self)

    @functools.cached_property
    def content_word(self) -> Callable[[str], bool]:
        """Is a normal form a content word (``_is_content`` with ``stopwords``)? Memoised."""
        return _ContentWords(self.stopwords).__getitem__

    @functools.cached_property
    def bound_weights(self) -> dict[str, float]:
        """The weights clipped at zero: what each signal can add to ``score_bound``."""
        return {name: max(w, 0.0) for name, w in self.weights.items()}

    @functools.cached_property
    def list_bounds(self) -> dict[str, float]:
        """What a hit of each list of ``DocumentHits.spans`` can add to ``score_bound``."""
        weight = self.bound_weights.get
        return {
            "segues": weight("segue", 0.0),
            "claims": weight("marketing_claim", 0.0) + weight("vendor_with_claim", 0.0),
            "calls_to_action": weight("call_to_action", 0.0),
            "first_party": weight("first_party", 0.0),
        }


def _words(items: list[str]) -> list[str]:
    """Entries of a word list; an entry may hold several whitespace-separated words."""
    return [w.lower() for item in items for w in item.split()]


def compile_config(params: dict[str, Any]) -> PromoConfig:
    """Build a ``PromoConfig`` from validated rule parameters."""
    tlds = "|".join(re.escape(t.strip(".").lower()) for t in params["commercial_tlds"])
    # The name part ignores case ("IndustrialMonitorDirect"), the TLD must be lowercase so
    # "ASP.NET" or "Node.JS" in prose are not taken for domains.
    domain = patterncache.compile(
        rf"(?<![\w.@/-])((?i:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.)+(?:{tlds}))(?![\w-]|\.\w)"
    )
    lists = {
        "segues": PhraseMatcher(params["segues"], params["segue_patterns"]),
        "claims": PhraseMatcher(params["marketing_claims"], params["claim_patterns"]),
        "calls_to_action": PhraseMatcher(params["calls_to_action"], params["cta_patterns"]),
        "first_party": PhraseMatcher(params["first_party_words"], []),
        "disclosures": PhraseMatcher(params["disclosures"], params["disclosure_patterns"]),
    }
    return PromoConfig(
        threshold=float(params["threshold"]),
        weights={k: float(v) for k, v in params["weights"].items()},
        domain=domain,
        domain_hint=patterncache.compile(rf"\.(?:{tlds})"),
        brand=StartsAtBoundary(params["brand_pattern"]) if params["brand_pattern"] else None,
        vague_labels=PhraseMatcher(params["vague_labels"], []),
        hit_scan=WordStartScan([lists[name] for name in HIT_LISTS]),
        hit_gate=ScanGate(r for name in HIT_LISTS for r in lists[name].regexes),
        **lists,
        negation=patterncache.compile(params["disclosure_negation"], re.IGNORECASE)
        if params["disclosure_negation"]
        else None,
        platform_hosts=tuple(h.lower() for h in params["platform_hosts"]),
        affiliate_hosts=tuple(h.lower() for h in params["affiliate_hosts"]),
        affiliate_params=frozenset(p.lower() for p in params["affiliate_params"]),
        tracking_params=frozenset(p.lower() for p in params["tracking_params"]),
        front_matter_keys=tuple(params["disclosure_front_matter"]),
        stopwords=frozenset(_words(params["stopwords"])),
        off_topic_max_shared=float(params["off_topic_max_shared"]),
        off_topic_min_words=int(params["off_topic_min_words"]),
        off_topic_min_context=int(params["off_topic_min_context"]),
        topic_mentions=int(params["topic_mentions"]),
    )


# --- vocabulary shared by every sentence of a document ---------------------------------


@dataclass
class Vocabulary:
    """Lower-cased word counts of the whole document, computed once per document.

    ``all_words`` counts every word (to tell whether a brand is the post's topic);
    ``content`` counts content words only (to measure how off-topic a sentence is).
    Both count the words of the document's sentences, each as ``sentence_words``
    gives it. A sentence's own list is made only when it is scored (a handful per
    post), from ``ranges``.
    """

    all_words: Counter
    content: Counter
    #: Each sentence's words as a range [i, j) of ``Document.words``, by the sentence's
    #: start offset; None for a sentence that a word straddles (tokenised alone).
    ranges: dict[int, tuple[int, int] | None] = field(default_factory=dict)

    def sentence_words(self, doc: Document, start: int, end: int) -> list[str]:
        """The normal words of the sentence [start, end), as they were counted."""
        return _words_in(doc, self.ranges, start, end)


def _normal_form(word: str) -> str:
    """A cheap normal form so "providers" and "provider" meet: lower case, no possessive or plural s."""
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return w


class _NormalForms(dict):
    """``_normal_form`` of each word asked, memoised (a pure function of the word: a
    post's words are mostly words seen before). A dict read through ``__getitem__``
    answers a known word in C, which ``map`` over a post's words does for each;
    emptied when it reaches ``_NORMAL_FORMS_MAX`` words, so it stays small."""

    def __missing__(self, word: str) -> str:
        if len(self) >= _NORMAL_FORMS_MAX:
            self.clear()
        form = self[word] = _normal_form(word)
        return form


_NORMAL_FORMS_MAX = 1 << 16
#: ``_normal_form``, memoised (see ``_NormalForms``).
_normal = _NormalForms().__getitem__


def _sentence_words(doc: Document, start: int, end: int) -> list[str]:
    return list(map(_normal, WORD_RE.findall(doc.prose, start, end)))  # no groups: the words


def _words_in(
    doc: Document, ranges: dict[int, tuple[int, int] | None], start: int, end: int
) -> list[str]:
    """The normal words of the sentence [start, end), from its range (``_sentence_ranges``)."""
    found = ranges.get(start)
    if found is None:
        return _sentence_words(doc, start, end)
    i, j = found
    return [_normal(w) for w in doc.lower_words[i:j]]


def sentence_ranges(doc: Document, key: str) -> dict[int, tuple[int, int] | None]:
    """``_sentence_ranges``, memoised in ``doc.cache`` under ``key``."""
    cached = doc.cache.get(key)
    if cached is None:
        cached = doc.cache[key] = _sentence_ranges(doc)
    return cached


def _sentence_ranges(doc: Document) -> dict[int, tuple[int, int] | None]:
    """Each sentence's range of the document's shared word list (see ``Vocabulary``).

    Re-tokenising every sentence costs as much as tokenising the post again; the
    document's words already hold them. A word that straddles a sentence end (it
    would be cut short when the sentence is tokenised alone) gets that sentence None,
    and it is tokenised alone (``_sentence_words``), so the words are the same either way.
    """
    words = doc.words
    starts = doc.word_starts
    out: dict[int, tuple[int, int] | None] = {}
    for s in doc.sentences:
        i = bisect.bisect_left(starts, s.start)
        j = bisect.bisect_left(starts, s.end, i)
        out[s.start] = None if j > i and words[j - 1].end > s.end else (i, j)
    return out


def _content(words: Iterable[str], cfg: PromoConfig) -> list[str]:
    """The content words among ``words`` (``_is_content``), in order."""
    return list(filter(cfg.content_word, words))


def _is_content(word: str, stopwords: frozenset[str]) -> bool:
    return len(word) > 2 and word.isalpha() and word not in stopwords


class _ContentWords(dict):
    """``_is_content`` of each word asked, with one rule's stop words, memoised (a pure
    function of the word): read through ``dict.__getitem__``, which ``filter`` answers
    in C for a known word, as ``_NormalForms`` does; emptied at ``_NORMAL_FORMS_MAX``."""

    def __init__(self, stopwords: frozenset[str]):
        super().__init__()
        self.stopwords = stopwords

    def __missing__(self, word: str) -> bool:
        if len(self) >= _NORMAL_FORMS_MAX:
            self.clear()
        content = self[word] = _is_content(word, self.stopwords)
        return content


def vocabulary(doc: Document, cfg: PromoConfig, key: str) -> Vocabulary:
    """The document's word counts, memoised in ``doc.cache`` under ``key``.

    The sentences' lower-cased words (``Document.lower_words``) are normalised through
    the memo of ``_normal`` and counted, both in C (``map`` and ``Counter``).
    """
    cached = doc.cache.get(key)
    if cached is None:
        ranges = sentence_ranges(doc, key + ".ranges")
        sentences = {s.start: s.end for s in doc.sentences}
        lower = doc.lower_words
        words = chain.from_iterable(lower[r[0] : r[1]] for r in ranges.values() if r)
        counts = Counter(map(_normal, words))
        for start, found in ranges.items():
            if found is None:
                counts.update(_sentence_words(doc, start, sentences[start]))
        words = _content(counts, cfg)
        content = Counter(dict(zip(words, map(counts.__getitem__, words), strict=True)))
        cached = Vocabulary(counts, content, ranges)
        doc.cache[key] = cached
    return cached


def shared_fraction(words: list[str], vocab: Vocabulary, cfg: PromoConfig) -> float | None:
    """Fraction of the sentence's content words that occur elsewhere in the document.

    None when the sentence or the rest of the document is too short to judge.
    """
    content = _content(words, cfg)
    unique = set(content)
    own = Counter(content)
    context = sum(vocab.content.values()) - len(content)
    if len(unique) < cfg.off_topic_min_words or context < cfg.off_topic_min_context:
        return None
    shared = sum(1 for w in unique if vocab.content[w] > own[w])
    return shared / len(unique)


def mentioned_elsewhere(name: str, words: list[str], vocab: Vocabulary) -> int:
    """How many times a brand or domain name occurs outside this sentence."""
    key = _normal(name)
    return vocab.all_words[key] - words.count(key)


# --- links ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def host_of(url: str) -> str:
    """The URL's host, lower-cased, without "www." (memoised: a post repeats its links).

    Most URLs are read without ``urlsplit`` (``_PLAIN_HOST_RE``): "http" or "https",
    "://", then lower-case ASCII letters, digits, dots and hyphens up to "/", "?", "#"
    or the end. For such a URL ``urlsplit`` takes that scheme (letters before the first
    ":"), and the netloc after "//" runs to the first "/", "?" or "#" (the tab, CR and
    LF it deletes first are not in the host); a netloc without "@", ":" or "[" is its
    own ``hostname``, already lower-case, and raises nothing.
    """
    plain = _PLAIN_HOST_RE.match(url)
    if plain is not None:
        return plain.group(1).removeprefix("www.")
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


_PLAIN_HOST_RE = patterncache.compile(r"https?://([a-z0-9.-]+)(?:[/?#]|\Z)")


@functools.lru_cache(maxsize=4096)
def host_in(host: str, hosts: tuple[str, ...]) -> bool:
    """True when ``host`` is one of ``hosts`` or a subdomain of one.

    Memoised: a post links the same few hosts from many sentences, and the platform
    list is long.
    """
    return any(host == h or host.endswith("." + h) for h in hosts)


def _host_name(host: str) -> str:
    """The distinctive label of a host: "shop.acme.co.uk" -> "acme"."""
    labels = [x for x in host.split(".") if x]
    if len(labels) >= 3 and len(labels[-2]) <= 3:  # co.uk, com.au
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else (labels[0] if labels else "")


def links_in(doc: Document, start: int, end: int) -> list[Link]:
    """Links whose markup overlaps the sentence (the prose view blanks URLs themselves).

    For one of the document's sentences the answer is looked up (``_sentence_links``).
    """
    found = _sentence_links(doc).get((start, end))
    if found is not None:
        return found
    return [link for link in doc.links if link.start < end and link.end > start]


def _sentence_links(doc: Document) -> dict[tuple[int, int], list[Link]]:
    """``links_in`` of every sentence, by its (start, end), from one pass over the links.

    With sentences in order (starts and ends both non-decreasing), the sentences a link
    overlaps (``s.end > link.start`` and ``s.start < link.end``) are one run of indices
    found by bisection; links are visited in document order, so each list keeps
    ``doc.links``' order. Sentences out of order, or two with the same span, get no
    table (``links_in`` then scans the links).
    """
    table = doc.cache.get("promo.sentence_links")
    if table is not None:
        return table
    starts = [s.start for s in doc.sentences]
    ends = [s.end for s in doc.sentences]
    table = {(s.start, s.end): [] for s in doc.sentences}
    if starts != sorted(starts) or ends != sorted(ends) or len(table) != len(starts):
        table = {}
    else:
        for link in doc.links:
            first = bisect.bisect_right(ends, link.start)
            for i in range(first, bisect.bisect_left(starts, link.end)):
                table[(starts[i], ends[i])].append(link)
    doc.cache["promo.sentence_links"] = table
    return table


def link_query_keys(url: str) -> set[str]:
    try:
        parts = urlsplit(url)
    except ValueError:
        return set()
    keys = {k.lower() for k, _ in parse_qsl(parts.query, keep_blank_values=True)}
    keys |= {k.lower() for k, _ in parse_qsl(parts.fragment, keep_blank_values=True) if k}
    # Amazon-style path parameters: /dp/B000/ref=sr_1_1
    keys |= {seg.split("=", 1)[0].lower() for seg in parts.path.split("/") if "=" in seg}
    return keys


def first_party_hosts(doc: Document, cfg: PromoConfig) -> set[str]:
    """Hosts that are the post's own: its canonical URL, or linked from several sentences."""
    key = "promo.first_party_hosts"
    if key in doc.cache:
        return doc.cache[key]
    hosts: set[str] = set()
    for fm_key in ("canonical_url", "url", "permalink", "canonical"):
        value = doc.front_matter.get(fm_key)
        if isinstance(value, str) and "." in value:
            hosts.add(host_of(value))
    counts = Counter(host_of(link.url) for link in doc.links)
    hosts |= {h for h, n in counts.items() if h and n > cfg.topic_mentions}
    doc.cache[key] = hosts
    return hosts


# --- scoring one sentence ------------------------------------------------------------------


def _clause_start(text: str, pos: int, lead: int) -> bool:
    """True when ``pos`` opens the sentence or a clause (after , ; : or a dash).

    Up to ``lead`` short words may come first ("And", "So, speaking of which").
    """
    before = text[:pos].rstrip()
    for _ in range(lead + 1):
        if not before or before[-1] in ",;:\u2014\u2013-([\"'\u201c":
            return True
        m = re.search(r"(?:^|\s)(\w{1,4})$", before)
        if not m:
            return False
        before = before[: m.start()].rstrip()
    return False


#: The phrase lists that every document is scanned for (``PromoConfig`` attributes).
HIT_LISTS = ("segues", "claims", "calls_to_action", "first_party", "disclosures")


class DocumentHits:
    """Each phrase list matched once over the whole prose, then looked up per sentence.

    One scan of the document per list costs far less than one scan per sentence, and
    the lists' word-start phrases share a single scan (``WordStartScan``). ``spans``
    holds the lists that score sentences; the disclosures are kept apart.
    """

    def __init__(self, doc: Document, cfg: PromoConfig):
        prose, folded = doc.prose, lowered(doc.prose)
        low = prose.lower() if folded is None else folded  # ``prose_lower``
        matchers = [getattr(cfg, name) for name in HIT_LISTS]
        if len(low) == len(prose):
            word_start: list[list[tuple[int, int]] | None] = list(
                cfg.hit_scan.spans(low, doc.cache)
            )
        else:  # PhraseMatcher.spans matches the original text instead
            word_start = [None] * len(matchers)
        # ``lowered`` is ``fold_safe(prose)``, the copy each list's regexes search.
        skip = cfg.hit_gate.skipped(prose, folded, doc.cache)
        self.spans = {
            name: m.spans(prose, low, found, doc.cache, folded=folded, skip=skip)
            for name, m, found in zip(HIT_LISTS, matchers, word_start, strict=True)
        }
        self.disclosures = self.spans.pop("disclosures")
        self.starts = {name: [s for s, _ in spans] for name, spans in self.spans.items()}

    def within(self, name: str, start: int, end: int) -> list[tuple[int, int]]:
        """Matches inside [start, end), as offsets relative to ``start``."""
        spans, starts = self.spans[name], self.starts[name]
        i = bisect.bisect_left(starts, start)
        out = []
        while i < len(spans) and spans[i][0] < end:
            if spans[i][1] <= end:
                out.append((spans[i][0] - start, spans[i][1] - start))
            i += 1
        return out


def prose_lower(doc: Document) -> str:
    """``doc.prose.lower()``: the copy ``segment.lowered`` keeps for the other scans of
    the prose (the attribution gate's, say) when it has one, so the post is not
    lower-cased twice; equal to it in any case (``fold_safe`` gives ``prose.lower()``
    or None)."""
    return lowered(doc.prose) or doc.prose.lower()


def document_hits(doc: Document, cfg: PromoConfig, key: str) -> DocumentHits:
    hits = doc.cache.get(key)
    if hits is None:
        hits = doc.cache[key] = DocumentHits(doc, cfg)
    return hits


def _segue(text: str, found: list[tuple[int, int]], cfg: PromoConfig) -> Signal | None:
    for start, end in found:
        if _clause_start(text, start, cfg.clause_lead):
            return _signal(cfg, "segue", text[start:end])
    return None


def _signal(cfg: PromoConfig, name: str, match: str) -> Signal | None:
    weight = cfg.weights.get(name, 0.0)
    return Signal(name, " ".join(match.split()), weight) if weight else None


def _first(found: list[tuple[int, int]], text: str) -> str | None:
    """The first match, extended over matches that directly follow it.

    So "positioned itself as" + "the leading provider" reads as one claim.
    """
    if not found:
        return None
    start, end = found[0]
    for s, e in found[1:]:
        if s > end + 1:
            break
        end = max(end, e)
    return text[start:end]


def _vendor_signals(
    doc: Document, start: int, end: int, words: list[str], vocab: Vocabulary, cfg: PromoConfig
) -> list[Signal]:
    """The vendor a sentence names, if the post is not about it: at most one signal.

    A written domain ("Acme.com") beats a link to a commercial host, which beats a
    CamelCase brand; counting all three for one vendor would triple-count it.
    """
    text = doc.prose[start:end]
    own_hosts = first_party_hosts(doc, cfg)
    out: list[Signal | None] = []
    domains = list(cfg.domain.finditer(text)) if cfg.domain_hint.search(text) else []
    for m in domains:
        host = m.group(1).lower().removeprefix("www.")
        if host_in(host, cfg.platform_hosts) or host_in(host, tuple(own_hosts)):
            continue
        if mentioned_elsewhere(_host_name(host), words, vocab) < cfg.topic_mentions:
            out.append(_signal(cfg, "commercial_domain", m.group(1)))
            break
    if not out:
        out.extend(_linked_vendor(doc, start, end, words, vocab, cfg, own_hosts))
    if cfg.brand is not None and not out:
        for m in cfg.brand.finditer(text):
            inside_domain = any(d.start() <= m.start() < d.end() for d in domains)
            if (
                not inside_domain
                and mentioned_elsewhere(m.group(), words, vocab) < cfg.topic_mentions
            ):
                out.append(_signal(cfg, "brand", m.group()))
                break
    return [s for s in out if s]


def _linked_vendor(
    doc: Document,
    start: int,
    end: int,
    words: list[str],
    vocab: Vocabulary,
    cfg: PromoConfig,
    own_hosts: set[str],
) -> list[Signal]:
    for link in links_in(doc, start, end):
        host = host_of(link.url)
        tld_ok = cfg.domain.fullmatch(host) is not None
        if not tld_ok or host_in(host, cfg.platform_hosts) or host in own_hosts:
            continue
        if mentioned_elsewhere(_host_name(host), words, vocab) < cfg.topic_mentions:
            return [_signal(cfg, "commercial_link", host)]
    return []


def _link_signals(doc: Document, start: int, end: int, cfg: PromoConfig) -> list[Signal]:
    """Affiliate links (known hosts or affiliate parameters) and tracking parameters."""
    affiliate: Signal | None = None
    tracking: Signal | None = None
    for link in links_in(doc, start, end):
        is_affiliate, tracked = _url_facts(link.url, cfg)
        if affiliate is None and is_affiliate:
            affiliate = _signal(cfg, "affiliate_link", link.url)
        if tracking is None and tracked:
            tracking = _signal(cfg, "tracking_link", tracked)
    return [s for s in (affiliate, tracking) if s]


def _url_facts(url: str, cfg: PromoConfig) -> tuple[bool, str | None]:
    """What one link gives ``_link_signals``: is it an affiliate link, its first tracking key."""
    return _link_facts(url, cfg.link_rules)


def _signal_links(links: list[Link], cfg: PromoConfig) -> list[Link]:
    """The links whose URL gives an affiliate or tracking signal (``_url_facts``), in order.

    Most URLs have none, and one search over all of them settles those. ``_link_facts``
    gives a URL without "%" a signal only when ``facts_hint`` (the affiliate hosts,
    parameters and tracking prefixes) matches inside its ``_lower_url``. When the URLs
    hold no tab, CR or LF (which ``_lower_url`` deletes) and their lower-cased join
    (by spaces) keeps its length, each character lower-cases on its own, so each URL's
    ``_lower_url`` is its own stretch of that text. A search that resumes one character
    after each match start finds a match at every place where one starts, so such a
    URL holds one of the starts found: only the URLs holding a start, and those with
    "%", are asked one by one. Otherwise (or without a ``facts_hint``) every URL is.
    """
    hint = cfg.link_rules.facts_hint
    urls = [link.url for link in links]
    text = " ".join(urls)
    low = text.lower()
    if hint is not None and len(low) == len(text) and not _URL_DELETED_RE.search(text):
        found = [m.start() for m in _overlapping(hint.search, low)]
        if found:
            ends = list(itertools.accumulate(len(url) + 1 for url in urls))  # past each " "
            found = {bisect.bisect_right(ends, at) for at in found}
        links = [link for i, link in enumerate(links) if i in found or "%" in link.url]
    return [link for link in links if _url_facts(link.url, cfg) != (False, None)]


#: The characters ``urlsplit`` deletes from a URL (``_URL_DELETED``).
_URL_DELETED_RE = patterncache.compile("[\t\r\n]")


class LinkRules:
    """A rule's link parameters, hashed by identity so that ``_link_facts`` memoises cheaply."""

    def __init__(self, cfg: PromoConfig):
        self.platform_hosts = cfg.platform_hosts
        self.affiliate_hosts = cfg.affiliate_hosts
        self.affiliate_params = cfg.affiliate_params
        self.tracking_params = cfg.tracking_params
        #: Finds an affiliate host anywhere in a lower-cased URL (None: there are none).
        #: A trie of the hosts: it matches where a flat alternation of them would (only
        #: whether it matches is asked), and ``re`` scans it about a third faster. None,
        #: as for the empty alternation before it, when the hosts join to nothing.
        hosts = cfg.affiliate_hosts
        joined = "|".join(hosts)
        self.affiliate_hint = patterncache.compile(literal_trie(hosts)) if joined else None
        #: Finds an affiliate host, affiliate parameter or tracking prefix anywhere in a
        #: lower-cased URL (see ``_link_facts``); None when a parameter or prefix is not
        #: plain (lower-case ASCII letters, digits, "_" and "-"): keys are then parsed.
        keys = [*cfg.affiliate_params, *cfg.tracking_params]
        plain = bool(keys) and all(map(_PLAIN_KEY.fullmatch, keys))
        names = sorted({*hosts, *keys})
        self.facts_hint = patterncache.compile(literal_trie(names)) if plain else None


_PLAIN_KEY = patterncache.compile(r"[a-z0-9_-]+")


#: Characters ``urlsplit`` deletes from a URL before splitting it.
_URL_DELETED = str.maketrans("", "", "\t\r\n")


def _lower_url(url: str) -> str:
    """The URL without the characters ``urlsplit`` deletes, lower-cased."""
    return url.translate(_URL_DELETED).lower()


@functools.lru_cache(maxsize=4096)
def _link_facts(url: str, rules: LinkRules) -> tuple[bool, str | None]:
    """(affiliate link?, first tracking key or None) for a link that is not a platform's.

    Memoised, and most URLs are settled without parsing: ``link_query_keys`` finds keys
    only in a query (after "?"), a fragment (after "#") or a path segment with "=", so a
    URL with none of the three has no keys; it is then an affiliate link only if its host
    is an affiliate host or a subdomain of one. The host is a piece of the URL (after the
    tab, CR and LF that ``urlsplit`` deletes), lower-cased, and lower-casing maps each
    character on its own (the Greek final sigma aside, never part of an ASCII host), so
    an affiliate host inside it is inside the lower-cased URL too.

    A URL with keys is settled without parsing too when it holds no "%" and the
    lower-cased URL shows no affiliate host, parameter or tracking prefix
    (``LinkRules.facts_hint``). Each key is a piece of the URL after those deletions
    (``parse_qsl`` turns "+" into a space and decodes "%" escapes, none here), then
    lower-cased, character by character as above; a parameter or prefix is plain ASCII
    without "+" or spaces, so one inside a key is inside the lower-cased URL. An
    affiliate key equals a parameter and a tracked key starts with a prefix: without
    any, the URL is neither.
    """
    facts_hint = rules.facts_hint
    if "?" not in url and "#" not in url and "=" not in url:
        hint = rules.affiliate_hint
        if hint is None or hint.search(_lower_url(url)) is None:
            return False, None
    elif "%" not in url and facts_hint is not None and not facts_hint.search(_lower_url(url)):
        return False, None
    host = host_of(url)
    if host_in(host, rules.platform_hosts):
        return False, None
    keys = link_query_keys(url)
    affiliate = host_in(host, rules.affiliate_hosts) or bool(keys & rules.affiliate_params)
    tracked = sorted(k for k in keys if any(k.startswith(p) for p in rules.tracking_params))
    return affiliate, tracked[0] if tracked else None


def _off_topic(words: list[str], vocab: Vocabulary, cfg: PromoConfig) -> Signal | None:
    """Graded: the full weight when no content word occurs elsewhere, falling linearly
    to nothing at ``off_topic_max_shared``. A sentence that shares a fifth of its
    words with the post is much less of an insert than one that shares none."""
    fraction = shared_fraction(words, vocab, cfg)
    limit = cfg.off_topic_max_shared
    if fraction is None or limit <= 0 or fraction >= limit:
        return None
    weight = round(cfg.weights.get("off_topic", 0.0) * (1 - fraction / limit), 2)
    if not weight:
        return None
    return Signal("off_topic", f"{round(fraction * 100)}% of its words occur elsewhere", weight)


def score_sentence(
    doc: Document,
    span: Span,
    vocab: Vocabulary,
    cfg: PromoConfig,
    lead_in: Signal | None = None,
    hits: DocumentHits | None = None,
) -> ScoredSentence:
    """Every signal that fires in one sentence, with its weight.

    ``lead_in`` is a segue carried over from a question just before the sentence
    ("Looking for a new router? Acme routers are ..."): the pivot and the plug
    then sit in two sentences. ``hits`` are the document's phrase matches
    (computed here when not given).
    """
    text = doc.prose[span.start : span.end]
    if hits is None:
        hits = document_hits(doc, cfg, "promo.hits")

    def found(name: str) -> list[tuple[int, int]]:
        return hits.within(name, span.start, span.end)

    words = vocab.sentence_words(doc, span.start, span.end)
    signals: list[Signal | None] = [_segue(text, found("segues"), cfg) or lead_in]
    vendor = _vendor_signals(doc, span.start, span.end, words, vocab, cfg)
    signals.extend(vendor)
    claim = _first(found("claims"), text)
    if claim:
        signals.append(_signal(cfg, "marketing_claim", claim))
        if vendor:
            signals.append(_signal(cfg, "vendor_with_claim", vendor[0].match))
    cta = _first(found("calls_to_action"), text)
    if cta:
        signals.append(_signal(cfg, "call_to_action", cta))
    signals.extend(_link_signals(doc, span.start, span.end, cfg))
    signals.append(_off_topic(words, vocab, cfg))
    own = _first(found("first_party"), text)
    if own:
        signals.append(_signal(cfg, "first_party", own))
    return ScoredSentence(span.start, span.end, [s for s in signals if s])


def promotional_sentences(doc: Document, cfg: PromoConfig, cache_key: str) -> list[ScoredSentence]:
    """Sentences whose total score reaches the threshold, in document order.

    A sentence that is only first-party or only negative never counts; the
    threshold applies to the sum so that no single weak signal fires alone.
    """
    hits = document_hits(doc, cfg, cache_key + ".hits")
    vocab: Vocabulary | None = None  # built on the first sentence that needs scoring
    flagged = _flagged_sentences(doc, cfg, hits)
    plain_bound = _plain_bound(cfg)
    out = []
    lead_in: Signal | None = None
    for i, span in enumerate(doc.sentences):
        if lead_in is None and i not in flagged and plain_bound < cfg.threshold - _BOUND_MARGIN:
            continue  # nothing cheap fired: it cannot score, and carries no segue over
        bound = score_bound(doc, span, cfg, hits, lead_in)
        if bound < cfg.threshold - _BOUND_MARGIN or _short_of_it(
            doc, span, cfg, bound, sentence_ranges(doc, cache_key + ".vocab.ranges")
        ):
            lead_in = _skipped_question_segue(doc, span, cfg, hits, lead_in)
            continue
        if vocab is None:
            vocab = vocabulary(doc, cfg, cache_key + ".vocab")
        scored = score_sentence(doc, span, vocab, cfg, lead_in, hits)
        if scored.signals and scored.score >= cfg.threshold:
            out.append(scored)
        lead_in = _question_segue(doc, span, scored)
    return out


#: Slack for float rounding (off-topic weights are rounded to two decimals), so a
#: sentence is skipped only when it certainly cannot reach the threshold.
_BOUND_MARGIN = 0.011


def _short_of_it(
    doc: Document,
    span: Span,
    cfg: PromoConfig,
    bound: float,
    ranges: dict[int, tuple[int, int] | None],
) -> bool:
    """True when the sentence cannot score because off-topic-ness, counted in
    ``bound``, cannot fire: the sentence has too few distinct content words
    (``shared_fraction`` is then None) or no grading applies (``_off_topic``).

    Saves building the document's vocabulary for sentences that needed the full
    off-topic weight to reach the threshold. The words are those ``score_sentence``
    takes (``Vocabulary.sentence_words``), so the test is exact.
    """
    off_topic = cfg.bound_weights.get("off_topic", 0.0)
    if not off_topic or bound - off_topic >= cfg.threshold - _BOUND_MARGIN:
        return False
    if cfg.off_topic_max_shared <= 0:
        return True
    words = _words_in(doc, ranges, span.start, span.end)
    return len(set(_content(words, cfg))) < cfg.off_topic_min_words


def _plain_bound(cfg: PromoConfig) -> float:
    """The best score of a sentence with no phrase hit, link or domain: a brand, off-topic."""
    brand = max(cfg.weights.get("brand", 0.0), 0.0) if cfg.brand is not None else 0.0
    return brand + max(cfg.weights.get("off_topic", 0.0), 0.0)


def _flagged_sentences(doc: Document, cfg: PromoConfig, hits: DocumentHits) -> set[int]:
    """Indices of the sentences that a phrase hit, a link or a possible domain overlaps.

    Found from the (few) hits rather than by asking every sentence: the others can
    only reach ``_plain_bound``. Overlap is looser than what scoring counts, so no
    sentence that could score is left out.

    Evidence that cannot lift ``score_bound`` above ``_plain_bound`` flags nothing: a
    phrase list whose weights add nothing positive (first-party wording), and a link
    that gives no affiliate or tracking signal when a link to a commercial host weighs
    no more than the brand that any sentence may have. Such a sentence's bound is
    ``_plain_bound`` either way, and it carries no segue over (segue hits always flag).
    """
    weight, lists = cfg.bound_weights.get, cfg.list_bounds
    spans = [
        span
        for name, found in hits.spans.items()
        if name == "segues" or lists[name] > 0
        for span in found
    ]
    vendor_link = weight("commercial_link", 0.0) > (
        weight("brand", 0.0) if cfg.brand is not None else 0.0
    )
    links = doc.links if vendor_link else _signal_links(doc.links, cfg)
    spans += [(link.start, link.end) for link in links]
    spans += [m.span() for m in cfg.domain_hint.finditer(doc.prose)]
    starts = [s.start for s in doc.sentences]
    ends = [s.end for s in doc.sentences]
    flagged: set[int] = set()
    for start, end in spans:
        # sentences with s.end > start and s.start < end
        flagged.update(range(bisect.bisect_right(ends, start), bisect.bisect_left(starts, end)))
    return flagged


def score_bound(
    doc: Document, span: Span, cfg: PromoConfig, hits: DocumentHits, lead_in: Signal | None
) -> float:
    """An upper bound of the sentence's score from cheap tests (find, then confirm).

    Most sentences hold no segue, claim, call to action, link or domain; their best
    possible score (a brand plus off-topic-ness, with the default weights) stays under
    the threshold, so the costly signals (vocabulary, brand regex) are never computed
    for them. Only positive weights count (but first-party wording's, which a hit always
    adds), so the bound is never below the real score.
    """
    weight = cfg.bound_weights.get

    def has(name: str) -> bool:
        return bool(hits.within(name, span.start, span.end))

    bound = weight("off_topic", 0.0)
    if lead_in is not None or has("segues"):
        bound += max(weight("segue", 0.0), lead_in.weight if lead_in else 0.0)
    if has("claims"):
        bound += weight("marketing_claim", 0.0) + weight("vendor_with_claim", 0.0)
    if has("calls_to_action"):
        bound += weight("call_to_action", 0.0)
    if has("first_party"):
        # Exact, not clipped: a first-party hit always adds this one signal to the score
        # (``score_sentence``), so a negative weight lowers the bound as it lowers the score.
        bound += cfg.weights.get("first_party", 0.0)
    vendor = [weight("brand", 0.0)] if cfg.brand is not None else []
    if cfg.domain_hint.search(doc.prose, span.start, span.end):
        vendor.append(weight("commercial_domain", 0.0))
    if links_in(doc, span.start, span.end):
        vendor.append(weight("commercial_link", 0.0))
        bound += sum(max(s.weight, 0.0) for s in _link_signals(doc, span.start, span.end, cfg))
    return bound + max(vendor, default=0.0)


def _skipped_question_segue(
    doc: Document, span: Span, cfg: PromoConfig, hits: DocumentHits, lead_in: Signal | None
) -> Signal | None:
    """What ``_question_segue`` would carry over from a sentence that was not scored."""
    text = doc.prose[span.start : span.end]
    if not text.rstrip().endswith("?"):
        return None
    found = hits.within("segues", span.start, span.end)
    return _segue(text, found, cfg) or lead_in


def _question_segue(doc: Document, span: Span, scored: ScoredSentence) -> Signal | None:
    """The segue of a question sentence, which carries over to the next sentence."""
    if not doc.prose[span.start : span.end].rstrip().endswith("?"):
        return None
    return next((s for s in scored.signals if s.name == "segue"), None)


# --- disclosure ------------------------------------------------------------------------------


def find_disclosures(
    doc: Document, cfg: PromoConfig, found: list[tuple[int, int]] | None = None
) -> list[Disclosure]:
    """Clear disclosure labels and phrases in the prose, skipping negated ones ("not sponsored").

    ``found``: the disclosure spans when already scanned (``DocumentHits.disclosures``).
    """
    if found is None:
        found = cfg.disclosures.spans(doc.prose, prose_lower(doc))
    out = []
    for start, end in found:
        lead = doc.prose[max(0, start - 40) : start]
        if cfg.negation is not None and cfg.negation.search(lead):
            continue
        out.append(Disclosure(start, end, " ".join(doc.prose[start:end].split())))
    return out


def find_vague_labels(doc: Document, cfg: PromoConfig) -> list[str]:
    prose = doc.prose
    found = cfg.vague_labels.spans(prose, prose_lower(doc))
    return sorted({" ".join(prose[s:e].split()) for s, e in found})


def front_matter_disclosure(doc: Document, cfg: PromoConfig) -> str | None:
    """The front matter key that discloses the whole post (``sponsored: true``, ``disclosure: ...``)."""
    for key in cfg.front_matter_keys:
        value = doc.front_matter.get(key)
        if value is True or (isinstance(value, str) and value.strip().lower() not in _FALSY):
            return key
    return None


_FALSY = {"", "false", "no", "none", "0", "off"}
