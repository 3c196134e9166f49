"""The promo kind's fast scans find exactly what the plain regexes find.

``PatternScan`` skips text by the literals every match must hold
(``required_literals``), ``WordStartScan`` finds several phrase lists' word-start
phrases in one pass, ``fold_safe`` decides when a lower-cased copy may stand in for
case-insensitive matching. Each is compared with the plain ``re`` result on texts
built to catch the edge cases: case folding that changes length or equates non-ASCII
characters with ASCII letters, look-behinds at the start of a pattern, matches at the
very start and end of the text, scoped flags, non-ASCII literals.
"""

from __future__ import annotations

import re
import sys

import pytest

from postlint.promo_signals import (
    FOLD_TRAPS,
    PatternScan,
    PhraseMatcher,
    WordStartScan,
    _word_start_spans,
    fold_safe,
    required_literals,
)

# --- fold_safe: the claim it rests on, for every code point --------------------------------


def test_ascii_case_insensitive_matches_lower_case_to_the_letter_or_are_known_traps():
    """A character that ``(?i)c`` matches, for ASCII ``c``, lower-cases to ``c.lower()``,
    unless it is one of ``FOLD_TRAPS`` or lower-cases to more than one character."""
    everything = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF)
    for code in range(128):
        c = chr(code)
        for t in re.findall("(?i)" + re.escape(c), everything):
            low = t.lower()
            assert low == c.lower() or t in FOLD_TRAPS or len(low) > 1, (c, t)


def test_fold_safe_refuses_traps_and_length_changes():
    assert fold_safe("Save NOW", "save now") == "save now"
    assert fold_safe("ſave", "ſave") is None  # long s: (?i)s matches it
    assert fold_safe("dıscount", "dıscount") is None  # dotless i
    assert fold_safe("İstanbul", "İstanbul".lower()) is None  # lower case is longer


# --- required_literals ----------------------------------------------------------------------


def _sets(pattern: str, flags: int = 0) -> tuple[list[str], list[list[str]]]:
    found = required_literals(pattern, flags)
    return sorted(found.lead), [sorted(g) for g in found.groups]


def test_required_literals_of_a_case_insensitive_pattern_are_lower_case():
    lead, groups = _sets(r"(?i)\b(?:I|We) (?:was|WERE) Paid (?:to|by)\b")
    assert lead == ["i was paid by", "i was paid to", "i were paid by", "i were paid to"] + [
        "we was paid by",
        "we was paid to",
        "we were paid by",
        "we were paid to",
    ]
    assert groups[0] == [" paid "]


def test_required_literals_in_alternatives_and_optional_parts():
    lead, groups = _sets(r"\d+\s?% (?:off|discount)\b")
    assert lead == []  # a match starts with a digit: no literal
    assert groups[0] == ["% discount", "% off"]
    lead, _ = _sets(r"get (?:up to )?\d")
    assert lead == ["get ", "get up to "]


def test_required_literals_skip_what_is_not_certain():
    assert _sets(r"(?i)café") == (["caf"], [["caf"]])  # é is not ASCII: not folded safely
    assert _sets(r"(?i)a(?-i:Bc)d") == (["a"], [])  # a scoped-flag group is opaque
    assert _sets(r"x*yz")[0] == []  # x* may match nothing: y is not the start
    assert _sets(r"ab|cd") == (["ab", "cd"], [["ab", "cd"]])
    assert _sets(r"(a)\1bc") == (["a"], [["bc"]])  # a back-reference ends the run
    assert _sets(r"[^\S\n]*Ad$", re.MULTILINE) == ([], [["Ad"]])


# --- PatternScan: the same matches as re.finditer -------------------------------------------

_TEXTS = [
    "",
    "Save 20% today! Savings are saved; SAVE up to 30% off. İstanbul unsaved.\n",
    "save up to 40% off",  # match at the very start and end
    "We were paid by Acme. I WAS PAID TO write. we was paid for it",
    "ſave 10% now; we were pａid; İ was paid by them.",  # long s, full-width a, dotted I
    "Kelvin: \u212aeep 5% off (Ad) [Ad]\nAd\n | Ad - x  Adverts",
    "x\u0131 was paid by z; \u0130 was paid by y",
    "get 5 % off, get up to 10%off; 3% discount\u00a0today; 7% OFF",
    "no.1 No. 1 #1 #12 trusted by 1,000 customers; used by 5k teams",
]

_PATTERNS = [
    (r"(?i)\bsave (?:up to )?(?:\d+\s?%|\$\d+)", 0),
    (r"(?i)\b(?:i|we) (?:was|were) paid (?:to|by|for)\b", 0),
    (r"(?i)\b\d+\s?% (?:off|discount)\b", 0),
    (r"(?:^[^\S\n]*|[\[(|][^\S\n]*)Ad(?:[^\S\n]*$|[^\S\n]*[\]):|\u2014\u2013]|\s-\s)", re.M),
    (r"(?<![\w.])(?i:save)\b", 0),  # look-behind first, scoped flags
    (r"(?<!\w)paid", re.IGNORECASE),
    (r"(?i)kee", 0),  # the Kelvin sign matches k
    (r"\bno\.\s?1\b", 0),
    (r"#1\b", 0),
    (r"\b(?:trusted|used) by (?:over )?[\d,.]+\s*(?:k|m)?\s+(?:customers|teams)", 0),
    (r"(?i)^save|off$", re.M),
    (r"(?i)s?ave", 0),
    (r"(?i)\bget (?:up to )?\d+\s?% off\b", 0),
]


@pytest.mark.parametrize(("pattern", "flags"), _PATTERNS)
def test_pattern_scan_matches_exactly_like_re(pattern, flags):
    scan, plain = PatternScan(pattern, flags), re.compile(pattern, flags)
    for text in _TEXTS + ["\n".join(_TEXTS)]:
        expected = [m.span() for m in plain.finditer(text)]
        folded = fold_safe(text, text.lower())
        assert [m.span() for m in scan.finditer(text, folded)] == expected, text
        assert [m.span() for m in scan.finditer(text)] == expected, text


def test_pattern_scan_skips_a_text_without_the_required_literal():
    scan = PatternScan(r"(?i)\b(?:i|we) (?:was|were) paid (?:to|by|for)\b")
    text = "We were told about it. " * 50
    assert list(scan.finditer(text, fold_safe(text, text.lower()))) == []


# --- WordStartScan and PhraseMatcher --------------------------------------------------------

_LISTS = [
    (["our", "my", "mine"], []),
    (["check out", "checkout", "visit", "our store"], [r"(?i)\bsave \d+%"]),
    (["the leading provider", "leading", "must-have", "#ad", "world class"], []),
    ([], [r"#1\b"]),  # regexes only
]

_PHRASE_TEXTS = [
    "our",
    "Our store: check   out OUR STORE, checkout! Visit my mine-field; your four hours.",
    "_our x2visit ourselves our_ \u00e9our our\u0301 Leading-edge the leading provider's",
    "World Class world-class WORLD\nCLASS #ad #Ad must-have must-haves visit",
    "İstanbul: our store, check out",  # lower-casing changes the length
    "save 20% at our store; visit",
]


def test_word_start_scan_finds_what_each_matcher_finds_alone():
    matchers = [PhraseMatcher(tokens, patterns) for tokens, patterns in _LISTS]
    scan = WordStartScan(matchers)
    for text in _PHRASE_TEXTS:
        low = text.lower()
        together = scan.spans(low)
        for matcher, found in zip(matchers, together, strict=True):
            alone = _word_start_spans(matcher.word_start, low) if matcher.word_start else []
            assert found == alone, text


def _plain_spans(tokens: list[str], patterns: list[str], text: str) -> list[tuple[int, int]]:
    """What ``PhraseMatcher.spans`` stands for, with plain alternations, longest first."""
    phrases = sorted({" ".join(t.lower().split()) for t in tokens}, key=lambda p: (-len(p), p))

    def alternation(group: list[str]) -> str:
        ends = [r"(?!\w)" if p[-1].isalnum() or p[-1] == "_" else "" for p in group]
        bodies = [r"\s+".join(map(re.escape, p.split())) for p in group]
        return "|".join(b + e for b, e in zip(bodies, ends, strict=True))

    word_start = [p for p in phrases if p[0].isalnum() or p[0] == "_"]
    other = [p for p in phrases if p not in word_start]
    low = text.lower()
    scanned, flags = (low, 0) if len(low) == len(text) else (text, re.IGNORECASE)
    regexes = [rf"\b(?:{alternation(word_start)})"] if word_start else []
    regexes += [alternation(other)] if other else []
    found = [m.span() for r in regexes for m in re.finditer(r, scanned, flags)]
    found += [m.span() for p in patterns for m in re.finditer(p, text, re.MULTILINE)]
    return sorted(found, key=lambda s: (s[0], -s[1]))


def test_phrase_matcher_spans_are_those_of_the_plain_regexes():
    for tokens, patterns in _LISTS:
        matcher = PhraseMatcher(tokens, patterns)
        for text in _PHRASE_TEXTS:
            expected = _plain_spans(tokens, patterns, text)
            assert matcher.spans(text) == expected, (tokens, text)
            low = text.lower()
            if len(low) == len(text):
                [word_start] = WordStartScan([matcher]).spans(low)
                assert matcher.spans(text, low, word_start) == expected, (tokens, text)


# --- links: memoised facts and per-sentence lookup ------------------------------------------

_URLS = [
    "https://www.Acme.com/tablets",
    "https://AMZN.TO/3xyz",  # an affiliate host, upper case, no query
    "https://shop.amzn.to/x",  # a subdomain of one
    "https://am\tzn.to/x",  # urlsplit deletes the tab: the host is amzn.to
    "https://notamzn.to/x",
    "https://acme.com/p?tag=me-20",  # affiliate parameter
    "https://acme.com/p?utm_source=news&ref=top",  # tracking keys
    "https://acme.com/dp/B000/ref=sr_1_1",  # path parameter
    "https://acme.com/docs#references",  # a fragment key starting with "ref"
    "#section",
    "https://github.com/x?tag=1",  # a platform: never a signal
    "http://[::1",  # urlsplit raises ValueError
    "acme.com?aff",
]


def _reference_facts(url: str, cfg) -> tuple[bool, str | None]:
    """What ``_link_signals`` took from one link before ``_link_facts``."""
    from postlint.promo_signals import host_in, host_of, link_query_keys

    host = host_of(url)
    if host_in(host, cfg.platform_hosts):
        return False, None
    keys = link_query_keys(url)
    affiliate = host_in(host, cfg.affiliate_hosts) or bool(keys & cfg.affiliate_params)
    tracked = sorted(k for k in keys if any(k.startswith(p) for p in cfg.tracking_params))
    return affiliate, tracked[0] if tracked else None


def _promotion_config():
    from pathlib import Path

    from postlint.rules import load_rule_file

    root = Path(__file__).resolve().parent.parent
    return load_rule_file(root / "rules" / "Postlint" / "Promotion.yml", "Postlint").state


def test_link_facts_are_those_of_parsing_every_url():
    from postlint.promo_signals import _url_facts

    cfg = _promotion_config()
    for url in _URLS:
        assert _url_facts(url, cfg) == _reference_facts(url, cfg), url
    assert _url_facts("https://AMZN.TO/3xyz", cfg) == (True, None)
    assert _url_facts("https://acme.com/docs#references", cfg) == (False, "references")


def test_links_in_a_sentence_are_found_by_the_table_as_by_a_scan():
    from postlint.document import parse
    from postlint.promo_signals import links_in

    text = (
        "First [one](https://a.com) and [two](https://b.com). A [link that spans. Two "
        "sentences](https://c.com) here. [Start](https://d.com) of one. Plain one.\n\n"
        "New paragraph with [end](https://e.com)\n"
    )
    doc = parse(text, "links.md")
    assert len(doc.sentences) >= 5
    for s in doc.sentences:
        expected = [k for k in doc.links if k.start < s.end and k.end > s.start]
        assert links_in(doc, s.start, s.end) == expected
    assert links_in(doc, 0, len(doc.prose)) == doc.links  # not a sentence: scanned
