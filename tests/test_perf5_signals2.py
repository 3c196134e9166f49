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
from postlint.literals import LiteralScan, ScanGate, SharedScan, fold_safe

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"


@pytest.fixture
def prose_scan(monkeypatch):
    """A fresh shared scan, so the phrases a test registers do not outlive it."""
    scan = SharedScan("test")
    monkeypatch.setattr(literals, "PROSE_SCAN", scan)
    return scan


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
