"""Session 4, headline detectors and literal scans: strings looked for at word starts only.

``read_literals`` now also says which required strings every match holds at a *word
start* (the start of the text, or after a character that is not a letter or digit),
and ``SharedScan`` looks for such strings only there (``_word_walk``). These tests
check the facts that this rests on (case folding keeps word starts, ASCII
punctuation has no case partners), the break analysis on tricky patterns, and the
scans against plain definitions: exact offsets, text start and end, non-ASCII
letters, "_", digits and the empty text.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from postlint import literals
from postlint.literals import LiteralGate, SharedScan, fold_safe, gate_literals, read_literals

ALL_CHARS = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF)


# --- the facts the word starts rest on -------------------------------------------------------


def test_lower_casing_one_character_keeps_letters_and_digits():
    """A ``fold_safe`` copy lower-cases each character to one character (Greek capital
    sigma to σ or ς, both letters), so it has word starts exactly where the text has."""
    for ch in ALL_CHARS:
        low = ch.lower()
        if len(low) == 1:
            assert ch.isalnum() == low.isalnum(), hex(ord(ch))
    assert "\u03c3".isalnum() and "\u03c2".isalnum()


def test_a_unicode_word_character_is_a_letter_a_digit_or_underscore():
    words = set(re.findall(r"\w", ALL_CHARS))
    assert words == {ch for ch in ALL_CHARS if ch.isalnum() or ch == "_"}


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
def test_space_and_non_word_classes_hold_no_letter_or_digit(flags):
    """``_Reader.breaks`` takes a character matched by ``\\s`` or ``\\W`` as a break."""
    for category in (r"\s", r"\W", "\n"):
        assert not any(ch.isalnum() for ch in re.findall(category, ALL_CHARS, flags))


def test_ascii_punctuation_matches_only_itself_when_case_is_ignored():
    punctuation = [chr(i) for i in range(128) if not chr(i).isalnum()]
    found = re.findall("[" + re.escape("".join(punctuation)) + "]", ALL_CHARS, re.IGNORECASE)
    assert found == punctuation


# --- which strings are held at a word start --------------------------------------------------

ICASE = re.IGNORECASE


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        (r"(?<!\w)(?:according\s+to|said)(?!\w)", ICASE, ({"according", "said"}, True)),
        (r"\bfoo", 0, ({"foo"}, True)),
        (r"x\bfoo", 0, ({"xfoo"}, False)),
        (r"_?foo", 0, ({"foo"}, False)),  # "_foo": "foo" follows a word character
        (r"[ _]foo", 0, ({" foo", "_foo"}, False)),
        (r"\s+report", 0, ({"report"}, True)),
        (r"\s*report", 0, ({"report"}, False)),  # nothing before it may match
        (r"a\s+new\s+report", 0, ({"report"}, True)),
        (r"(?:a|)bcd", 0, ({"bcd"}, False)),  # "abcd" holds "bcd", not at its start
        (r"\b(?:cross-?posted|posted)\b", 0, ({"cross-posted", "crossposted", "posted"}, True)),
        (r"^[ \t>*_-]*(?:source|via)[ \t]*:", re.M | ICASE, ({"source", "via"}, True)),
        (r"\A\s*(?:source|via)", 0, ({"source", "via"}, True)),
        (r"(?<=\s)abc", 0, ({"abc"}, True)),
        (r"(?<=x)abc", 0, ({"abc"}, False)),
        (r"(?<!\w)foo", re.ASCII, ({"foo"}, False)),  # "é" is no \w there
        (r"(?a)\bfoo", 0, ({"foo"}, False)),
        (r"\W+foo", re.ASCII, ({"foo"}, False)),
        (r"\W+foo", 0, ({"foo"}, True)),
        (r"(?:\s|-)+(?:data|figures)", 0, ({"data", "figures"}, True)),
        (r"(?:\s|x)+data", 0, ({"data"}, False)),
        (r"https?://\S+|\bwww\.", ICASE, ({"http://", "https://", "www."}, False)),
    ],
)
def test_gate_literals_know_when_a_string_is_held_at_a_word_start(pattern, flags, expected):
    strings, at_break = gate_literals(re.compile(pattern, flags))
    assert (set(strings), at_break) == expected


@pytest.mark.parametrize(
    ("pattern", "flags", "at_break"),
    [
        (r"\b(?:trusted|used) by ", 0, True),
        (r"(?i)\b(?:i|we) (?:was|were) paid", 0, True),
        (r"(?:ab|ba)c?", 0, False),
        (r"(?<!\w)(?:said|told)", ICASE, True),
        (r"(?m)^(?:Ad|Sponsored)", 0, True),
        (r"https?://|www\.", ICASE, False),
    ],
)
def test_lead_at_break(pattern, flags, at_break):
    assert read_literals(re.compile(pattern, flags), for_lowered=True).lead_at_break is at_break


def test_required_literals_are_unchanged_by_the_word_start_variant():
    regex = re.compile(r"(?:\bcross-?posted|\bposted)\b", ICASE)
    assert literals.required_literals(regex) == {"posted"}
    assert gate_literals(regex) == ({"cross-posted", "crossposted", "posted"}, True)


# --- the shared scan at word starts ----------------------------------------------------------

WORD_PHRASES = {"said", "data", "report", "our", "check out", "9lives", "é-mail"}
ANYWHERE = {"http://", "(ap)", "“"}
SCAN_TEXTS = [
    "",
    "said",
    "metadata data, said: reported our-data",
    "_said x_data 2data data2 9lives a9lives",
    "éreport report\u00e9 ñsaid «said» check   out checkout",
    "xhttp://a (ap)(ap) “q” our",
    "data",
    "said\n\ndata",
]


def _starts_by_definition(low: str, word: set[str], anywhere: set[str]) -> list[int]:
    """Every offset where a phrase registered anywhere (or opening with anything but an
    ASCII letter or digit) starts, and every ASCII word start where a word phrase does."""
    elsewhere = anywhere | {p for p in word if p[0] not in literals.WORD_OPENERS}
    out = []
    for at in range(len(low)):
        ascii_start = at == 0 or not re.match(r"[a-z0-9]", low[at - 1])
        here = {p for p in anywhere | word if _phrase_at(p, low, at)}
        if here & elsewhere or (here and ascii_start):
            out.append(at)
    return out


def _phrase_at(phrase: str, low: str, at: int) -> bool:
    """Does ``phrase`` start at ``at``, a space standing for any run of white space?"""
    pattern = r"\s+".join(map(re.escape, phrase.split(" ")))
    return re.compile(pattern).match(low, at) is not None


@pytest.mark.parametrize("possessive", [True, False])
@pytest.mark.parametrize("text", SCAN_TEXTS)
def test_shared_scan_finds_word_phrases_at_word_starts_only(text, possessive, monkeypatch):
    monkeypatch.setattr(
        literals.patterncache, "POSSESSIVE_REPEATS", possessive and sys.version_info >= (3, 11, 5)
    )
    scan = SharedScan("test")
    scan.add(WORD_PHRASES, word_start=True)
    scan.add(ANYWHERE)
    low = text.lower()
    assert scan.starts(low) == _starts_by_definition(low, WORD_PHRASES, ANYWHERE)


def test_a_phrase_registered_anywhere_is_found_anywhere():
    scan = SharedScan("test")
    scan.add({"data"}, word_start=True)
    assert scan.starts("metadata data") == [9]
    scan.add({"data"})  # a second scanner without the proof: every place again
    assert scan.starts("metadata data") == [4, 9]
    assert scan.starts("metadata data", word_start=frozenset({"data"})) == [4, 9]


def test_registering_for_word_starts_again_changes_nothing():
    scan = SharedScan("test")
    scan.add({"said"})
    generation = scan._generation
    scan.add({"said"}, word_start=True)
    assert scan._generation == generation
    assert scan.starts("unsaid said") == [2, 7]


def test_a_scanner_registers_its_word_phrases_on_first_use():
    scan = SharedScan("test")  # as in a process where the scanner was unpickled
    assert scan.starts("unsaid, said", word_start=frozenset({"said"})) == [8]


# --- a gate that keeps only the places that count --------------------------------------------

GATE_REGEXES = {
    "phrases": re.compile(r"(?<!\w)(?:according\s+to|said|reported(?:ly)?)(?!\w)", ICASE),
    "data": re.compile(r"(?<!\w)data(?!\w)", ICASE),
    "origin": re.compile(r"\b(?:cross-?posted|originally\s+posted)\s+(?:on|from)\b", ICASE),
    "line": re.compile(r"^[ \t>*_-]*(?:sources?|via)[ \t]*:", re.M | ICASE),
    "url": re.compile(r"https?://\S+|\bwww\.\S+", ICASE),
    "dateline": re.compile(r"\((?P<agency>AP|Reuters)\)", ICASE),
}
GATE_TEXTS = [
    "",
    "Metadata DATA: said unsaid, REPORTEDLY reported",
    "crossposted from x; Cross-posted on y; originally  posted on z",
    "_source: x\n> via: y\nsources : z\nnot a source: w",
    "xhttp://a.b https://c.d www.e wwwww.f",
    "(AP) — (Reuters)said",
    "éSaid said_ _said 9data data9",
]


@pytest.mark.parametrize("text", GATE_TEXTS)
def test_a_word_start_gate_passes_every_match(text):
    gate = LiteralGate.build(
        GATE_REGEXES, {"all": list(GATE_REGEXES)}, shared=True, word_starts=True
    )
    assert gate is not None
    low = fold_safe(text)
    starts = gate.starts(text, folded=low, cache={})
    assert starts is not None
    for key, regex in GATE_REGEXES.items():
        for m in regex.finditer(text):
            for k in (key, "all"):
                assert any(m.start() <= at < m.end() for at in starts[k]), (key, m)


def test_a_word_start_gate_skips_literals_inside_words():
    # A literal no other test registers with the shared scan anywhere (it is global).
    regex = re.compile(r"(?<!\w)qxdata(?!\w)", ICASE)
    gate = LiteralGate.build({"q": regex}, shared=True, word_starts=True)
    assert gate is not None and gate.shared_word_start == {"qxdata"}
    assert gate.starts("metaqxdata QXdata")["q"] == [11]
    plain = LiteralGate.build({"q": regex})
    assert plain is not None and plain.starts("metaqxdata QXdata")["q"] == [4, 11]


# --- the detectors give the same answers ---------------------------------------------------------

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
def test_attribution_with_a_word_start_gate_matches_one_without():
    from postlint import attribution_signals
    from postlint.document import parse
    from postlint.engine import Linter

    files = sorted(CORPUS.glob("*.md"))[::40]
    rule = next(r for r in Linter().rules_for(str(files[0])) if r.id == "Postlint.Attribution")
    det = rule.state
    plain = attribution_signals.dataclasses.replace(
        det,
        gate=LiteralGate.build(
            attribution_signals._gated_regexes(det),
            {
                "block": [k for k in attribution_signals._gated_regexes(det) if k != "source_line"],
                "source_patterns": attribution_signals._source_keys(det),
            },
        ),
    )
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert attribution_signals.analyse(
            parse(text, str(path)), det
        ) == attribution_signals.analyse(parse(text, str(path)), plain)


def test_gate_tables_give_each_literal_the_keys_of_its_prefixes():
    needs = {
        "a": frozenset({"report"}),
        "b": frozenset({"reported", "said"}),
        "c": frozenset({"rep"}),
    }
    trie, owners = literals._gate_tables(needs)
    assert owners == {
        "rep": ("c",),
        "report": ("a", "c"),
        "reported": ("a", "b", "c"),
        "said": ("b",),
    }
    assert re.compile(trie).match("reportedly").group() == "reported"
    assert literals._gate_tables(needs) == (trie, owners)  # the same from the store
    assert literals._gate_tables({"a": frozenset()}) == (None, {})


# --- promotion: links with a signal, found with one search -------------------------------------

SIGNAL_URLS = [
    "https://example.com/a",
    "https://AMZN.TO/3xyz",  # an affiliate host, upper case
    "https://acme.com/p?tag=me-20",
    "https://acme.com/p?UTM_source=x",
    "https://acme.com/dp/B000/ref=sr_1_1",
    "https://acme.com/docs#references",
    "https://acme.com/p?q=%75tm_source",  # "%": asked on its own
    "https://am\tzn.to/x",  # urlsplit deletes the tab
    "https://\u0130.example/?tag=1",  # İ lower-cases to two characters
    "https://x.example/tags/a?x=1",  # a hint ("tag") that gives no signal
    "https://github.com/x?tag=1",  # a platform
    "http://[::1",
    "",
    "amzn.to",
]


def _promotion_config():
    from postlint.rules import load_rule_file

    root = Path(__file__).resolve().parent.parent
    return load_rule_file(root / "rules" / "Postlint" / "Promotion.yml", "Postlint").state


def _links(urls: list[str]) -> list:
    from postlint.document import Link

    return [Link("x", url, i, i + 1, i, i + 1) for i, url in enumerate(urls)]


@pytest.mark.parametrize("size", [0, 1, 2, 3, 5])
def test_signal_links_are_those_that_give_a_signal_one_by_one(size):
    from itertools import combinations

    from postlint.promo_signals import _signal_links, _url_facts

    cfg = _promotion_config()
    for urls in combinations(SIGNAL_URLS, size):
        links = _links(list(urls))
        expected = [link for link in links if _url_facts(link.url, cfg) != (False, None)]
        assert _signal_links(links, cfg) == expected, urls


def test_signal_links_in_corpus_posts():
    from postlint.document import parse
    from postlint.promo_signals import _signal_links, _url_facts

    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not here")
    cfg = _promotion_config()
    for path in sorted(CORPUS.glob("*.md"))[::20]:
        links = parse(path.read_text(encoding="utf-8"), str(path)).links
        expected = [link for link in links if _url_facts(link.url, cfg) != (False, None)]
        assert _signal_links(links, cfg) == expected, path


def test_gate_tables_are_stored_under_one_key_whatever_the_order_of_needs(monkeypatch):
    """A key that followed the order of ``needs`` (built from a set, as the pronoun gate
    is) changed from run to run, so every run stored the tables again."""
    keys = []

    def remember(namespace, key, compute):
        keys.append(key)
        return compute()

    monkeypatch.setattr(literals.patterncache, "remember", remember)
    forward = {"we": frozenset({"we"}), "our": frozenset({"our"}), "us": frozenset({"us"})}
    backward = dict(reversed(forward.items()))
    trie, owners = literals._gate_tables(forward)
    assert literals._gate_tables(backward) == (trie, owners)
    assert keys[0] == keys[1]


HOST_URLS = [
    "https://example.com",
    "https://www.example.com/a?b#c",
    "http://a-b.example.co.uk?x=1",
    "https://example.com#frag",
    "https://Example.com/",  # upper case: urlsplit
    "https://example.com:8080/",  # a port
    "https://user@example.com/",  # user info
    "https://exa\tmple.com/",  # a tab in the host
    "https://example.com/\tpath",
    "https://[::1]/",
    "http://[::1",
    "https://example.com.",
    "https://ex_ample.com/",
    "https://éxample.com/",
    " https://example.com/",
    "//example.com/",
    "example.com/a",
    "mailto:someone@example.com",
    "https://",
    "https:///path",
]


def _reference_host(url: str) -> str:
    """``host_of`` as it was: always through ``urlsplit``."""
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


@pytest.mark.parametrize("url", HOST_URLS)
def test_host_of_reads_plain_urls_as_urlsplit_does(url):
    from postlint.promo_signals import host_of

    host_of.cache_clear()
    assert host_of(url) == _reference_host(url)


def test_host_of_in_corpus_posts():
    from postlint.document import parse
    from postlint.promo_signals import host_of

    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not here")
    host_of.cache_clear()
    for path in sorted(CORPUS.glob("*.md"))[::10]:
        for link in parse(path.read_text(encoding="utf-8"), str(path)).links:
            assert host_of(link.url) == _reference_host(link.url), link.url
