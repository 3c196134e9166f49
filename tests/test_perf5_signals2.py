"""Session 5, second round of the headline detectors: work skipped when it provably
finds nothing, and per-document work shared between scans.

Each mechanism is checked against the computation it skips or replaces: exact spans
and positions, case folding that changes length (İ) or hides a letter (ı, ſ, the
Kelvin sign), non-ASCII text, matches at the very start and end of the text, and the
empty text; then the rules themselves on corpus posts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from postlint import literals
from postlint.literals import LiteralScan, ScanGate, fold_safe

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"


def _spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


# --- ScanGate: scans skipped when none of their strings starts in the text ---------------------

GATED_PATTERNS = [
    (r"(?i)\bsave (?:up to )?(?:\d+\s?%|\$\d+)", re.MULTILINE),
    (r"(?i)\bwe (?:may |will )?(?:earn|get) (?:a )?(?:commission|a share of)", re.MULTILINE),
    (r"\bthe (?:best|top) [\w-]+ (?:provider|brand)s?\b", re.MULTILINE),
    (r"#1\b", re.MULTILINE),  # no word start: "#" opens it, found anywhere
    (r"(?i)\b\d+\s?% (?:off|discount)\b", re.MULTILINE),
    (r"(?i)\bfor\s+\w+\s+(?:needing|looking\s+for)\b", re.MULTILINE),
]
#: Strings at no word start that open with a letter: the pass would stop at every "a".
UNGATED_PATTERNS = [
    (r"(?:^[^\S\n]*|[\[(|][^\S\n]*)Ad(?:[^\S\n]*$|[^\S\n]*[\]):])", re.MULTILINE),
    (r"positioned (?:itself|themselves) as", re.MULTILINE),
    (r"\d+ items?", 0),  # " item" opens with a space: the pass would stop at every one
    (r"\d+\w*", 0),  # no string at all
]
GATE_TEXTS = [
    "",
    "save 10%",
    "Save up to $5 today. SAVE 20 % on it",
    "unsave 10% _save 10% 9save 10% save10%",
    "We may earn a commission. we get a share of it; WE EARN A COMMISSION",
    "The best cloud providers, the top web brand, the best-in-class brand",
    "#1 pick, #12, a#1 #1_ (#1)",
    "50% off, 50 % discount, 50%off, 5%  off",
    "for developers needing speed, For teams looking  for tools, forteams needing",
    "\u0130 save 10% \u0131 we earn a commission",  # no safe lower-cased copy
    "\u212a save 10% \u017f the best web brand",
    "caf\u00e9 save 10% \u00e9save 10% save 10%\u00e9 \u00absave 10%\u00bb",
    "[Ad] (Ad) Ad: | Ad\nAd\n repositioned itself as 3 items",
]


def test_which_scans_join_the_gate(prose_scan):
    scans = [LiteralScan(re.compile(p, f)) for p, f in GATED_PATTERNS + UNGATED_PATTERNS]
    gate = ScanGate(scans)
    assert list(gate.scans.values()) == scans[: len(GATED_PATTERNS)]
    assert gate.gate is not None and gate.gate.shared is not None
    # Letters are only looked for at word starts; "#" and "%" anywhere.
    assert not any(s[0].isalpha() for s in prose_scan._anywhere)
    assert {"#1", "% off", "% discount"} <= prose_scan._anywhere


@pytest.mark.parametrize("text", GATE_TEXTS)
def test_a_skipped_scan_has_no_match(text, prose_scan):
    scans = [LiteralScan(re.compile(p, f)) for p, f in GATED_PATTERNS + UNGATED_PATTERNS]
    gate = ScanGate(scans)
    cache: dict = {}
    folded = fold_safe(text)
    skipped = gate.skipped(text, folded, cache)
    for scan in scans:
        found = _spans(scan.regex.finditer(text))
        if scan in skipped:
            assert found == [], scan.regex.pattern
        if scan not in gate.scans.values() or folded is None:
            assert scan not in skipped
        assert _spans(scan.finditer(text, folded=folded, cache=cache)) == found


def test_the_gate_skips_what_holds_none_of_its_strings(prose_scan):
    scans = [LiteralScan(re.compile(p, f)) for p, f in GATED_PATTERNS]
    gate = ScanGate(scans)
    text = "Nothing to see here: no offers, no codes, only prose about the weather."
    assert gate.skipped(text, fold_safe(text), {}) == frozenset(scans)
    text = "We may earn a commission."
    assert gate.skipped(text, fold_safe(text), {}) == frozenset(scans) - {scans[1]}
    assert gate.skipped("\u0130 plain", None, {}) == frozenset()


def test_a_gate_without_scans_skips_nothing(prose_scan):
    gate = ScanGate([LiteralScan(re.compile(r"\d+\w*")), LiteralScan(re.compile(r"\d+ items?"))])
    assert gate.gate is None and gate.skipped("3 items", "3 items", {}) == frozenset()
    assert prose_scan._phrases == set()


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
def test_promotion_hits_with_the_gate_match_every_regex_scanned(monkeypatch):
    from postlint import promo_signals
    from postlint.document import parse
    from postlint.engine import Linter

    files = sorted(CORPUS.glob("*.md"))[::10]
    rule = next(r for r in Linter().rules_for(str(files[0])) if r.id == "Postlint.Promotion")
    cfg = rule.state
    assert len(cfg.hit_gate.scans) >= 8
    docs = [parse(p.read_text(encoding="utf-8"), str(p)) for p in files]
    gated = [promo_signals.DocumentHits(doc, cfg) for doc in docs]
    skipped = sum(len(cfg.hit_gate.skipped(d.prose, fold_safe(d.prose), d.cache)) for d in docs)
    assert skipped > len(docs) * 5
    monkeypatch.setattr(ScanGate, "skipped", lambda self, *args: frozenset())
    plain = [promo_signals.DocumentHits(parse(d.source, d.path), cfg) for d in docs]
    for doc, got, want in zip(docs, gated, plain, strict=True):
        assert got.spans == want.spans and got.disclosures == want.disclosures, doc.path


# --- Anchor: a literal every match holds after a prefix of known characters ------------------

ANCHORED_PATTERNS = [
    (r"(?:^[^\S\n]*|[\[(|][^\S\n]*)Ad(?:[^\S\n]*$|[^\S\n]*[\]):|\u2014\u2013]|\s-\s)", re.M),
    (r"(?<![\w])[ \t]*Ad\b", 0),
    (r"\bAd\b", 0),  # only zero-width items before it
    (r"[xy]?[ab]+cd", 0),
    (r"(?:\[|\()?\s*\u00e9x", 0),  # a non-ASCII literal
    (r".?Zz", re.S),
    (r"[^a]*aa", 0),  # the literal's own characters in the prefix run: overlapping walks
]
ANCHORED_TEXTS = [
    "",
    "Ad",
    "Ad\n",
    "x Ad\n  Ad\n[Ad] (Ad) | Ad | Add Ad:\nAd",
    "[ Ad]\t(\tAd) |Ad -  x\n\u0130 Ad \u212a Ad\u2014 Ad",
    "abcd xbacd yabbbbcd cd bcd aacdcd",
    "[ \u00e9x ( \u00e9\u0301x \u00e9\u00e9x",
    "\nZz aZz\nZz ZzZz",
    "aaaa baaab aa a aaa",
    "\U0001f600Ad [\U0001f600 Ad]\n\tAd",
]


@pytest.mark.parametrize(("pattern", "flags"), ANCHORED_PATTERNS)
@pytest.mark.parametrize("text", ANCHORED_TEXTS)
def test_an_anchored_scan_finds_every_match_of_the_regex(pattern, flags, text):
    regex = re.compile(pattern, flags)
    anchor = literals.Anchor.read(regex)
    assert anchor is not None
    for pos, endpos in [
        (0, None),
        (1, None),
        (0, max(len(text) - 2, 0)),
        (3, 12),
        (len(text), None),
    ]:
        end = len(text) if endpos is None else endpos
        expected = _spans(regex.finditer(text, pos, end))
        assert _spans(anchor.finditer(regex, text, pos, endpos)) == expected, (pos, endpos)
    scan = LiteralScan(regex)
    assert scan.plan.anchor == (anchor if scan.plan.candidates is None else None)
    assert _spans(scan.finditer(text)) == _spans(regex.finditer(text))


def test_anchor_starts_list_each_place_once_in_order():
    regex = re.compile(r"[^a]*aa")
    anchor = literals.Anchor.read(regex)
    assert anchor.literal == "aa"
    text = "xy aaa zaa"
    starts = list(anchor.starts(text, 0, len(text)))
    assert starts == [0, 1, 2, 3, 4, 6, 7, 8]  # 5: "a zaa" holds no run before "aa"
    assert {p for p in range(len(text) + 1) if regex.match(text, p)} <= set(starts)


@pytest.mark.parametrize(("pattern", "flags"), ANCHORED_PATTERNS)
@pytest.mark.parametrize("text", ANCHORED_TEXTS)
def test_anchor_starts_hold_every_place_a_match_starts(pattern, flags, text):
    regex = re.compile(pattern, flags)
    anchor = literals.Anchor.read(regex)
    for pos in (0, 2):
        for end in (len(text), max(len(text) - 3, 0)):
            starts = list(anchor.starts(text, pos, end))
            assert starts == sorted(set(starts))
            matching = {p for p in range(pos, end + 1) if regex.match(text, p, end)}
            assert matching <= set(starts), (pos, end)


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?i)\bAd\b",  # ignores case: the literal is not verbatim
        r"(\w)\1Ad",  # a group reference before it
        r"\w+",  # no literal
        r"x?Ad?",  # "A" alone: a run of one character
        r"Ad|Bd",  # top-level alternation
        r"(?i:x)Ad",  # a group with its own flags before it
    ],
)
def test_no_anchor_where_the_prefix_or_literal_is_unknown(pattern):
    assert literals.Anchor.read(re.compile(pattern)) is None


def test_a_leading_literal_still_uses_candidates_not_an_anchor():
    scan = LiteralScan(re.compile(r"Ad[ \t]*:"))
    assert scan.plan.candidates is not None and scan.plan.anchor is None


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
def test_the_ad_label_through_its_anchor_matches_the_regex_on_corpus_posts():
    from postlint.document import parse
    from postlint.engine import Linter
    from postlint.promo_signals import HIT_LISTS

    files = sorted(CORPUS.glob("*.md"))[::5]
    rule = next(r for r in Linter().rules_for(str(files[0])) if r.id == "Postlint.Promotion")
    scans = [r for name in HIT_LISTS for r in getattr(rule.state, name).regexes]
    anchored = [scan for scan in scans if scan.plan.anchor is not None]
    assert anchored and any("Ad" in scan.regex.pattern for scan in anchored)
    for path in files:
        prose = parse(path.read_text(encoding="utf-8"), str(path)).prose
        for scan in anchored:
            got = _spans(scan.plan.anchor.finditer(scan.regex, prose))
            assert got == _spans(scan.regex.finditer(prose)), path.name


# --- promo: normal forms memoised in a dict read in C ------------------------------------------


def test_normal_forms_stay_exact_when_the_memo_fills(monkeypatch):
    from postlint import promo_signals

    monkeypatch.setattr(promo_signals, "_NORMAL_FORMS_MAX", 3)
    forms = promo_signals._NormalForms()
    words = ["Providers", "provider\u2019s", "class", "ÉTATS", "\u0130s", "", "news", "Providers"]
    assert list(map(forms.__getitem__, words)) == [promo_signals._normal_form(w) for w in words]
    assert len(forms) <= 3
    assert promo_signals._normal_form("Providers") == "provider"
    assert promo_signals._normal_form("provider\u2019s") == "provider"
    assert promo_signals._normal_form("class") == "class"  # "ss" is no plural
    assert promo_signals._normal("Brands") == "brand"
    assert promo_signals._normal("news") == "news"  # four letters: kept


# --- attribution: origin lines tried only where a leading word starts ----------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "This post was originally published on Example.",
        "THIS ARTICLE WAS INSPIRED BY an essay. Cross-posted from x. Read the original.",
        "\u0130 this post was inspired by it; \u212a originally appeared on y",
        "reread the original; crossposted from z; firstly published, first published on w",
        "caf\u00e9 first appeared in v. _read the original_ \u00e9read the original",
    ],
)
def test_origin_scan_matches_the_origin_regex(text):
    from postlint.engine import Linter

    det = next(r for r in Linter().rules_for("x.md") if r.id == "Postlint.Attribution").state
    assert det.origin_scan is not None and det.origin_scan.regex is det.origin
    low = fold_safe(text)
    for pos, end in [(0, len(text)), (5, len(text)), (0, max(len(text) - 4, 0))]:
        expected = _spans(det.origin.finditer(text, pos, end))
        assert _spans(det.origin_scan.finditer(text, pos, end, folded=low)) == expected
