"""The promo kind's fast scans find exactly what the plain regexes find.

``WordStartScan`` finds several phrase lists' word-start phrases in one pass, and
``PhraseMatcher`` joins them with its regexes (``literals.LiteralScan``, tested with
the shared machinery in ``tests/test_literals.py``); links settle their facts once.
Each is compared with the plain result on texts built to catch the edge cases.
"""

from __future__ import annotations

import re

from postlint.promo_signals import PhraseMatcher, WordStartScan, _word_start_spans

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


_SCORING_TEXT = """\
# Routers

Our team tested routers for a week. We liked our own build best. The router kept \
every device online in the office. Everyone who reads providers' reports knows that.

Use code SAVE10 at checkout today. We built it, so use code OURS5 when you buy our kit.
Looking for a router? Acme routers are the leading provider of fast Wi-Fi, trusted by \
2 million customers: visit Acme.com and get 20% off.
Grab the deal. Buy now! Shop Zyxo today, the best router brand for bakers and pilots.
We made Zorbo.com for pilots, so use code OURS5 for our kit.
Quantum gardening festivals celebrate purple submarine lanterns near volcanic libraries.
"""


def _brute_force(doc, cfg) -> list:
    """Every sentence scored with the vocabulary: what the bounds must reproduce."""
    from postlint.promo_signals import _question_segue, score_sentence, vocabulary

    vocab = vocabulary(doc, cfg, "brute.vocab")
    out, lead_in = [], None
    for span in doc.sentences:
        scored = score_sentence(doc, span, vocab, cfg, lead_in)
        if scored.signals and scored.score >= cfg.threshold:
            out.append(scored)
        lead_in = _question_segue(doc, span, scored)
    return out


def test_bounded_scoring_flags_what_scoring_every_sentence_flags():
    """The bounds (first-party weight, too few words for off-topic) skip no promotion."""
    from dataclasses import replace

    from postlint.document import parse
    from postlint.promo_signals import promotional_sentences

    base = _promotion_config()
    configs = [
        base,
        replace(base, threshold=1.0),
        replace(base, threshold=2.0),
        replace(base, threshold=1.5, off_topic_min_words=3),
        replace(base, threshold=2.5),
        replace(base, threshold=3.0, off_topic_min_words=2),
        replace(base, weights={**base.weights, "first_party": 0.5}),
    ]
    for n, cfg in enumerate(configs):
        doc = parse(_SCORING_TEXT, "promo.md")
        assert promotional_sentences(doc, cfg, f"t{n}") == _brute_force(doc, cfg), n


def test_vocabulary_counts_every_sentence_word():
    from collections import Counter

    from postlint.document import parse
    from postlint.promo_signals import _normal, _sentence_words, vocabulary

    doc = parse(_SCORING_TEXT, "promo.md")
    vocab = vocabulary(doc, _promotion_config(), "v")
    expected = Counter(w for s in doc.sentences for w in _sentence_words(doc, s.start, s.end))
    assert vocab.all_words == expected
    assert expected["provider"] >= 2  # "providers'" and "provider" meet (``_normal``)
    assert _normal("Providers") == "provider"
    for s in doc.sentences:
        assert vocab.sentence_words(doc, s.start, s.end) == _sentence_words(doc, s.start, s.end)


def test_affiliate_hint_finds_a_host_wherever_the_alternation_does():
    import re as _re

    from postlint.promo_signals import LinkRules

    cfg = _promotion_config()
    flat = _re.compile("|".join(_re.escape(h) for h in cfg.affiliate_hosts))
    hint = LinkRules(cfg).affiliate_hint
    assert hint is not None
    urls = [u.lower() for u in _URLS] + [
        h + suffix for h in cfg.affiliate_hosts for suffix in ("", "/x", ".evil")
    ]
    urls += ["x" + h[1:] for h in cfg.affiliate_hosts if h]  # first letter changed
    for url in urls:
        assert (hint.search(url) is None) == (flat.search(url) is None), url
