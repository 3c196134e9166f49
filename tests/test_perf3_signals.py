"""Session 3 speed-ups of the attribution and promo detectors give the plain results.

``literals.SharedScan`` finds, in one pass, where any registered phrase may start;
the attribution gate (``LiteralGate(shared=True)``) and promo's ``WordStartScan`` try
their own regexes only there. Each is compared with the plain scan it replaces, on
texts built to catch the edge cases: matches at the ends, overlapping and prefix
phrases, whitespace runs, case folding that changes length (İ, ß) and non-ASCII text.
"""

from __future__ import annotations

import pickle
import re

import pytest
from test_perf_promo import _reference_facts  # host and keys parsed for every URL

from postlint.literals import PROSE_SCAN, LiteralGate, LiteralScan, SharedScan
from postlint.promo_signals import PhraseMatcher, WordStartScan, _word_start_spans
from postlint.segment import fold_safe, trie_pattern

TEXTS = [
    "",
    "said",  # one phrase that is the whole text
    "the reported reportedly report; reporters",  # phrases that are prefixes of others
    "check   out\tOUR store, checkout! our_ your ours",
    "metadata database data: a data-set",  # literals inside words
    '"quoted" “curly” -- en – em — (AP) (Reuters)',
    "Stra\u00dfe STRASSE said; caf\u00e9 \u00e9our our",  # ß, accented letters
    "abcabcab",  # overlapping occurrences
]


def _occurrences(phrase: str, low: str) -> list[int]:
    """Where ``phrase`` starts in ``low``, its spaces standing for whitespace runs."""
    regex = re.compile(r"\s+".join(map(re.escape, phrase.split(" "))))
    return [at for at in range(len(low) + 1) if regex.match(low, at)]


# --- SharedScan ------------------------------------------------------------------------------


def test_shared_scan_finds_every_start_of_every_phrase():
    scan = SharedScan("test")
    phrases = frozenset({"said", "report", "reported", "data", "our", "check out", "ab", "cab"})
    scan.add(phrases)
    for text in TEXTS:
        low = text.lower()
        found = scan.starts(low, phrases)
        assert found == sorted(set(found))
        expected = sorted({at for p in phrases for at in _occurrences(p, low)})
        assert found == expected, text  # every start, and here nothing else


def test_shared_scan_answers_from_the_cache_until_a_phrase_is_added():
    scan = SharedScan("test")
    cache: dict = {}
    assert scan.starts("said and told", frozenset({"said"}), cache) == [0]
    # A second scanner of the same text reuses the pass ...
    assert scan.starts("said and told", frozenset({"said"}), cache) is cache[scan.key][2]
    # ... a different text is scanned again ...
    assert scan.starts("we told", frozenset({"said"}), cache) == []
    # ... and a scanner bringing a new phrase makes older answers stale.
    assert scan.starts("said and told", frozenset({"told"}), cache) == [0, 9]


def test_an_unregistered_scanner_registers_itself_on_first_use():
    scan = SharedScan("test")  # as in a process where the scanner was unpickled
    assert scan.starts("we said it", frozenset({"said"})) == [3]


# --- LiteralGate through the shared scan ---------------------------------------------------

GATE_REGEXES = {
    "phrases": re.compile(r"(?<!\w)(?:according\s+to|said|reported(?:ly)?)(?!\w)", re.I),
    "data": re.compile(r"(?<!\w)data(?!\w)", re.I),
    "quote": re.compile(r'(?<![\w"])"(?=\S)([^"]{3,40}?)(?<=\S)"(?!\w)|“([^”]{3,40}?)”'),
    "dateline": re.compile(r"\((?P<agency>AP|Reuters)\)|^[A-Z]+\s+(?:—|–|--)(?=\s)", re.M),
}
GATE_TEXTS = [
    *TEXTS,
    "According   to\nthem, it was REPORTEDLY fine",
    "WASHINGTON — talks (AP). said",
    "\u0130stanbul said",  # İ lowers to two characters: no gate
    "th\u0131s said",  # dotless i: a fold trap, no gate
]


@pytest.mark.parametrize("text", GATE_TEXTS)
def test_a_shared_gate_finds_the_starts_of_its_own_scan(text):
    plain = LiteralGate.build(GATE_REGEXES, {"all": list(GATE_REGEXES)})
    shared = LiteralGate.build(GATE_REGEXES, {"all": list(GATE_REGEXES)}, shared=True)
    assert plain is not None and shared is not None
    PROSE_SCAN.add({"our", "check out", "a", "ab"})  # other scanners' phrases too
    expected = plain.starts(text)
    assert shared.starts(text) == expected
    low = fold_safe(text)
    if low is not None:
        cache: dict = {}
        PROSE_SCAN.starts(low, frozenset({"our"}), cache)  # another scanner went first
        assert shared.starts(text, folded=low, cache=cache) == expected


def test_a_shared_gate_survives_pickling():
    gate = LiteralGate.build(GATE_REGEXES, shared=True)
    copy = pickle.loads(pickle.dumps(gate))
    assert copy.starts("He said: data") == gate.starts("He said: data")


# --- WordStartScan through the shared scan -------------------------------------------------

LISTS = [
    (["our", "my", "mine"], []),
    (["check out", "checkout", "visit", "our store"], [r"(?i)\bsave \d+%"]),
    (["the leading provider", "leading", "must-have", "#ad", "world class"], []),
    ([], [r"#1\b"]),
]
PHRASE_TEXTS = [
    *TEXTS,
    "Our store: check   out OUR STORE, checkout! Visit my mine-field; your four hours.",
    "_our x2visit ourselves our_ \u00e9our our\u0301 Leading-edge the leading provider's",
    "World Class world-class WORLD\nCLASS #ad must-have must-haves visit",
    "visit",
]


@pytest.mark.parametrize("text", PHRASE_TEXTS)
def test_word_start_scan_finds_what_each_matcher_finds_alone(text):
    matchers = [PhraseMatcher(tokens, patterns) for tokens, patterns in LISTS]
    scan = WordStartScan(matchers)
    PROSE_SCAN.add({"data", "said", '"', "--"})  # the attribution gate's literals, say
    low = text.lower()
    for cache in (None, {}):
        together = scan.spans(low, cache)
        for matcher, found in zip(matchers, together, strict=True):
            alone = _word_start_spans(matcher.word_start, low) if matcher.word_start else []
            assert found == alone


def test_the_shared_trie_is_the_phrases_without_word_ends():
    scan = SharedScan("test")
    scan.add({"our", "check out"})
    assert scan._trie().pattern == trie_pattern(["check out", "our"], word_end=False)
    assert scan.starts("your checkout", frozenset({"our"})) == [1]  # a superset: "your"


# --- LiteralScan through the shared scan ---------------------------------------------------

SCAN_PATTERNS = [
    (r"\b(?:trusted|used|loved|chosen) by (?:over )?\d+", re.MULTILINE),  # case-sensitive
    (r"(?i)\b(?:i|we) (?:was|were) paid (?:to|by|for)\b", 0),
    (r"(?:ab|ba)c?", 0),  # overlapping candidates: "abab"
    (r"(?:said|told)(?!\w)", re.IGNORECASE),
]
SCAN_TEXTS = [
    *TEXTS,
    "Trusted by 40 teams; used by over 3 firms, USED BY 9; loved by\n12",
    "We were paid to write. I WAS PAID FOR it; we was paid byproducts",
    "abab bac cab abcab",
    "\u0130 said; Stra\u00dfe told; th\u0131s said",  # İ, ß, a fold trap
    "\u03a3 said \u03a3A told",  # capital sigma lowers by context
]


@pytest.mark.parametrize(("pattern", "flags"), SCAN_PATTERNS)
@pytest.mark.parametrize("text", SCAN_TEXTS)
def test_a_shared_literal_scan_matches_exactly_like_re(pattern, flags, text):
    regex = re.compile(pattern, flags)
    scan = LiteralScan(regex, shared=True)
    assert scan.plan.shared is not None  # leading strings open with several characters
    PROSE_SCAN.add({"our", "data", "a"})  # other scanners' phrases
    low = fold_safe(text)
    cache: dict = {}
    for pos in range(len(text) + 1):
        for endpos in {None, pos, pos + 3, len(text)}:
            expected = [
                m.span() for m in regex.finditer(text, pos, len(text) if endpos is None else endpos)
            ]
            found = scan.finditer(text, pos, endpos, folded=low, cache=cache)
            assert [m.span() for m in found] == expected, (pos, endpos)


def test_a_scan_whose_leads_share_a_first_character_searches_them_itself():
    assert LiteralScan(re.compile(r"the (?:best|top)"), shared=True).plan.shared is None
    assert LiteralScan(re.compile(r"said|told")).plan.shared is None  # not asked to share


# --- link facts settled without parsing ----------------------------------------------------

FACT_URLS = [
    "https://example.com/docs#install",
    "https://example.com/a?page=2&sort=asc",
    "https://example.com/a?UTM_Source=x",  # upper-case key
    "https://example.com/a?ut%6D_source=x",  # a key spelled with an escape
    "https://example.com/a?ut\nm_source=x",  # urlsplit deletes the newline
    "https://example.com/a?x=1#ref",  # a tracking key in the fragment
    "https://example.com/dp/B01/ref=sr_1_1",  # a path parameter
    "https://example.com/a?aff+id=3",  # "+" is a space in a key
    "https://example.com/?AFFILIATE_ID=7&q=%20",
    "https://shop.amzn.to/x?a=1",  # an affiliate host with keys
    "https://\u212aelvin.example/a?x=1",  # the Kelvin sign lowers to "k"
    "https://example.com/\u03a3?tag=1",
    "http://[::1/?q=1",  # urlsplit refuses it
    "example.com/a?b=c",
]


@pytest.mark.parametrize("url", FACT_URLS)
def test_link_facts_without_parsing_are_those_of_parsing(url):
    from postlint.kinds.promo import PromoKind
    from postlint.promo_signals import _url_facts, compile_config

    params = {name: p.default for name, p in PromoKind.params.items()}
    params.update(
        affiliate_hosts=["amzn.to"],
        affiliate_params=["tag", "aff id", "affiliate_id"],  # "aff id" is not plain
        tracking_params=["utm_", "ref"],
    )
    plain = {**params, "affiliate_params": ["tag", "affiliate_id"]}
    for cfg in (compile_config(params), compile_config(plain)):
        assert _url_facts(url, cfg) == _reference_facts(url, cfg)
    assert compile_config(params).link_rules.facts_hint is None
    assert compile_config(plain).link_rules.facts_hint is not None


# --- literal gates that open with white space ----------------------------------------------


@pytest.mark.parametrize("literal", [" paid ", "\tpaid", " earned", "x", "  "])
def test_a_gate_search_finds_a_literal_exactly_when_the_text_holds_it(literal):
    from postlint.literals import _literal_search

    search = _literal_search(literal)
    texts = ["", "paid", " paid ", "we were paid by", "unpaid  paid\t", "\tpaid", "x", " earned"]
    texts += [" paid", "paid ", "  ", "earned money", "\u00e9 paid \u00e9"]
    for text in texts:
        assert bool(search(text)) == (literal in text), (literal, text)
