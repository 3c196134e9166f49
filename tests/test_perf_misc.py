"""The fast paths of the metric counts and syllables give exactly the slow paths' answers.

Each test would fail if a shortcut (packed column sums, the pattern trie, byte-packed
CMUdict groups) drifted from the straightforward computation it replaces.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pyphen
import pytest

from postlint import readability, syllables
from postlint.document import parse
from postlint.kinds import passive
from postlint.readability import EMPTY, Counts, add, count_text, total
from postlint.rules import load_rule_file
from postlint.segment import lowered

TRICKY_TOKENS = [
    "The", "the", "THE", "readability", "well-known", "don't", "'quoted'", "(word)",
    "...", "—", "42", "3.14", "naïve", "Straße", "İstanbul", "ıs", "ſo", "K", "x",
    "supercalifragilisticexpialidocious", "foo_bar", "a" * 300, "日本語", "e.g.", "",
]  # fmt: skip


def naive_columns(tokens: list[str]) -> list[int]:
    """Column sums token by token, the definition the packed sums must equal."""
    sums = [0] * 9
    for token in tokens:
        for k, value in enumerate(readability._token_counts(token)):
            sums[k] += value
    return sums


@pytest.mark.parametrize("repeat", [1, 3])
def test_packed_sums_equal_column_sums(repeat: int) -> None:
    tokens = [t for t in TRICKY_TOKENS if t] * repeat
    assert readability._sum_tokens(tokens) == naive_columns(tokens)
    assert readability._sum_tokens([]) == [0] * 9


def test_packed_sums_fall_back_when_a_count_is_too_large(monkeypatch) -> None:
    tokens = ["short", "a" * 300, "words", "a" * 300]
    expected = naive_columns(tokens)
    one_byte = struct.Struct("<" + "Bxxx" * 9)  # counts of 256 or more are "too large"
    monkeypatch.setattr(readability, "_ROW", one_byte)
    monkeypatch.setattr(readability, "_ROWS", readability._PackedRows())
    assert readability._sum_tokens(tokens) == expected


def test_packed_sums_in_chunks(monkeypatch) -> None:
    tokens = ["a", "I", "a.", "o"] * 5  # every count is below 4
    expected = naive_columns(tokens)
    monkeypatch.setattr(readability, "_SMALL", 4)  # sums of 4 rows at a time
    monkeypatch.setattr(readability, "_ROWS", readability._PackedRows())
    assert readability._sum_tokens(tokens) == expected
    assert readability._sum_tokens(tokens[:3]) == naive_columns(tokens[:3])


def test_packed_memo_is_bounded(monkeypatch) -> None:
    monkeypatch.setattr(readability, "_MAX_ROWS", 4)
    rows = readability._PackedRows()
    monkeypatch.setattr(readability, "_ROWS", rows)
    tokens = [f"word{i}" for i in range(10)]
    assert readability._sum_tokens(tokens) == naive_columns(tokens)
    assert len(rows) <= 4


def test_count_text_fields() -> None:
    counts = count_text(["It", "was", "a", "remarkably", "readable", "sentence."], 1)
    assert counts.words == 6 and counts.tokens == 6 and counts.sentences == 1
    assert counts.syllables == 1 + 1 + 1 + 4 + 3 + 2
    assert counts.characters == len("Itwasaremarkablyreadablesentence.")


def test_total_equals_folded_add() -> None:
    parts = [count_text(t.split(), 1) for t in ("One two three.", "Complicated words here.", "")]
    folded = EMPTY
    for part in parts:
        folded = add(folded, part)
    assert total(parts) == folded
    assert total([]) == EMPTY
    assert isinstance(total(parts), Counts)


# --- hyphenation fallback --------------------------------------------------------------

HYPHENATION_WORDS = [
    "rearranges", "usaboundariesdata", "seroepidemiology", "hillerislambers", "20250707",
    "strescape_default", "a", "ab", "abc", "Hyphenation", "ÉCOLE", "naïveté", "straße",
    "İstanbul", "x" * 60, "zendesk", "unsoundnesses", "covid19", "1970's",
]  # fmt: skip


@pytest.fixture(scope="module")
def reference() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def test_plain_and_trie_lookups_match_pyphen(reference) -> None:
    hyphenator = syllables._pyphen()
    if not isinstance(hyphenator, syllables._Hyphenator):
        pytest.skip("pyphen's own object is in use (nonstandard patterns)")
    trie = syllables._pattern_trie(hyphenator.patterns)
    fresh = syllables._Hyphenator(hyphenator.patterns, hyphenator.maxlen)
    fresh._trie = trie
    for word in HYPHENATION_WORDS:
        expected = reference.positions(word)
        assert hyphenator._plain_positions(word) == expected, word
        assert fresh._trie_positions(word) == expected, word


def test_trie_is_built_after_the_plain_calls(reference) -> None:
    data = syllables._pyphen()
    if not isinstance(data, syllables._Hyphenator):
        pytest.skip("pyphen's own object is in use (nonstandard patterns)")
    hyphenator = syllables._Hyphenator(data.patterns, data.maxlen)
    hyphenator.plain_calls = 2
    results = [hyphenator.positions(w) for w in HYPHENATION_WORDS]
    assert hyphenator._trie is not None
    assert results == [reference.positions(w) for w in HYPHENATION_WORDS]


def test_trie_skipped_for_patterns_starting_before_their_key() -> None:
    hyphenator = syllables._Hyphenator({"ab": (-1, (1,))}, 2)
    hyphenator.plain_calls = 0
    hyphenator.positions("abab")
    assert hyphenator._trie is None


# --- CMUdict groups ---------------------------------------------------------------------


def test_groups_hold_the_same_counts() -> None:
    table = syllables.load_cmudict()
    shards = syllables._build_shards(table)
    assert shards is not None
    rebuilt: dict[str, int] = {}
    for shard in shards.values():
        rebuilt.update(syllables._split_group(shard))
    assert rebuilt == table
    assert syllables._valid_shards(shards)
    assert not syllables._valid_shards({str(i): "old format" for i in range(200)})


def test_groups_refuse_counts_over_a_byte() -> None:
    assert syllables._build_shards({"word": 300}) is None


# --- passive: candidate scan --------------------------------------------------------------


RULES = Path(__file__).resolve().parents[1] / "rules"

PASSIVE_TEXTS = [
    "Was delayed at the start. The build was delayed",  # matches at both ends of the text
    "This is done. His is done. Thisis done. It is\tdone and IS DONE and Is Done.",
    "It isn’t known. It isn't known. It ISN’T KNOWN. It’s known. Rust's known.",
    "The key was KEPT; the Kelvin \u212a was kept; the \u212aEY was kept.",
    "Dotless: \u0131s done. Long s: wa\u017f done.",  # fold traps: plain regex path
    "\u0130stanbul is visited often; it is well-known.",  # lower() changes the length
    "It was not always well written; it got merged; they get started; it's been done.",
    "naïve code was rewritten; Ünïcode was kept; 日本語 was translated.",
    "pre-was done; -is done; 'is done; is-done; was\n\ndone; was",
]


@pytest.fixture(scope="module")
def passive_rule():
    return load_rule_file(RULES / "Postlint" / "Passive.yml", "Postlint")


@pytest.mark.parametrize("text", PASSIVE_TEXTS)
def test_passive_candidates_find_exactly_the_regex_matches(passive_rule, text: str) -> None:
    state = passive_rule.state
    assert state.candidates is not None
    doc = parse(text, "t.txt")
    for start, end in [(0, len(text)), *((b.start, b.end) for b in doc.blocks)]:
        plain = [(m.span(), m.group()) for m in state.regex.finditer(text, start, end)]
        fast = passive._matches(state, text, lowered(text), start, end)
        assert [(m.span(), m.group()) for m in fast] == plain


def test_passive_rule_findings_unchanged_on_tricky_text(passive_rule) -> None:
    text = " ".join(PASSIVE_TEXTS)
    doc = parse(text, "t.txt")
    found = [(f.offset, f.end_offset) for f in passive_rule.engine.check(passive_rule, doc)]
    state = passive_rule.state
    expected = [
        m.span()
        for b in doc.blocks
        for m in state.regex.finditer(doc.prose, b.start, b.end)
        if passive._is_passive(m, state)
    ]
    assert found == expected and found


def test_auxiliary_candidates_need_ascii_forms() -> None:
    assert passive.auxiliary_candidates(["is", "wäre"]) is None
    assert passive.auxiliary_candidates([]) is None
    pattern = passive.auxiliary_candidates(["Is", "ISN’T"])
    assert pattern is not None
    assert pattern.match("isn't ") and pattern.match("isn’t ") and pattern.match("is\n")
    assert not pattern.match("is.")


# --- adverbs: one pass over the document's words ----------------------------------------

ADVERB_TEXT = """It really quickly became extremely clear. Only the family was early.
"He said it really quickly and badly," she noted. Surely, truly, clearly done.
REALLY QUICKLY Really quickly. Julyly Italy nearly. The ugly, lovely, likely ally.

> Quoted really quickly badly.

A short line with surely one. Words: naïvely, ﬁnally, İmmediately, suddenly!
"""


def reference_adverb_findings(rule, doc) -> list[tuple[int, int, str]]:
    """The per-sentence scan the kind used to do, as the definition to match."""
    state, p = rule.state, rule.params
    out = []
    for sentence in doc.sentences:
        words = [(w.start, w.end) for w in doc.words if sentence.start <= w.start < sentence.end]
        adverbs = []
        for start, end in words:
            word = doc.prose[start:end]
            if word.lower() in state.not_adverbs or not state.pattern.fullmatch(word):
                continue
            if not doc.in_quote(start, end):
                adverbs.append(word)
        if len(adverbs) >= p["min_adverbs"] and len(adverbs) / len(words) > p["max_ratio"]:
            out.append((sentence.start, sentence.end, ", ".join(adverbs)))
    return out


@pytest.mark.parametrize("min_adverbs", [1, 2, 3])
def test_adverbs_match_the_per_sentence_scan(min_adverbs: int) -> None:
    rule = load_rule_file(RULES / "Postlint" / "Adverbs.yml", "Postlint")
    rule.params["min_adverbs"] = min_adverbs
    doc = parse(ADVERB_TEXT, "t.md")
    expected = reference_adverb_findings(rule, doc)
    found = [(f.offset, f.end_offset, f.evidence) for f in rule.engine.check(rule, doc)]
    assert found == [
        (start, end, [f"adverb: '{a}'" for a in adverbs.split(", ")])
        for start, end, adverbs in expected
    ]
    assert found
    # A second run judges the words from the memo: same findings.
    assert [(f.offset, f.end_offset, f.evidence) for f in rule.engine.check(rule, doc)] == found


# --- capitalization: learned spellings ----------------------------------------------------

CAPITALS_TEXT = """# A Heading With Names Like GitHub

Ésta is first. We met Émile and İlkay at Google's office; they use `parzer` and ``Run`s``.
Then ```` ` ```` odd fences, `unclosed and `Done`. Names: O'Neil, McDonald, Ⅻ Roman, ǅ digraph.

## Another Heading

- List item with Alice's book and Bob.
> Quoted Carol said hi.

`code` starts a line. Trailing Name
"""


def reference_learned(doc) -> set[str]:
    """The original per-sentence scan of every word, as the definition to match."""
    import bisect
    import re

    from postlint.kinds.capitalization import _IDENTIFIER, _POSSESSIVE

    inline_code = re.compile(r"(?<!`)(`+)(?!`)([^`]+?)\1(?!`)")
    heading_starts = [b.start for b in doc.blocks if b.kind == "heading"]
    heading_ends = [b.end for b in doc.blocks if b.kind == "heading"]
    starts = [w.start for w in doc.words]
    found: set[str] = set()
    for sentence in doc.sentences:
        i = bisect.bisect_right(heading_starts, sentence.start) - 1
        if i >= 0 and sentence.start < heading_ends[i]:
            continue
        lo = bisect.bisect_left(starts, sentence.start)
        hi = bisect.bisect_left(starts, sentence.end)
        for span in doc.words[lo + 1 : hi]:
            word = doc.source[span.start : span.end]
            if word[:1].isupper():
                found.add(_POSSESSIVE.sub("", word))
    for code in inline_code.finditer(doc.source):
        found.update(_IDENTIFIER.findall(code.group(2)))
    return found


@pytest.mark.parametrize("text", [CAPITALS_TEXT, "", "`", "No capitals here at all.", "A B C"])
def test_learned_spellings_match_the_full_scan(text: str) -> None:
    from postlint.kinds.capitalization import _learned_spellings

    doc = parse(text, "t.md")
    assert _learned_spellings(doc) == reference_learned(doc)
    if text == CAPITALS_TEXT:
        assert {"Émile", "İlkay", "Google", "parzer", "Done"} <= _learned_spellings(doc)


# --- repetition: equal neighbours found in C ---------------------------------------------

REPEAT_TEXT = """The the build. Straße STRASSE and the
the next line. That that is fine; had had too. **the** the end. word, word.

# Heading heading

heading again again. ΣΑΣ σας and İ i̇ twice twice
- item item
- item

10 10 versions v1 v1.
"""


def reference_repetitions(rule, doc) -> list[tuple[int, int]]:
    """The original scan of every pair of neighbouring words in each scope span."""
    import bisect

    from postlint.kinds.base import iter_scope_spans
    from postlint.kinds.repetition import _adjacent

    pattern, tokens, exceptions = rule.state
    fold = str.casefold if rule.ignorecase else str
    word_starts = [w.start for w in doc.words]
    block_starts = [b.start for b in doc.blocks]
    out = []
    for start, end in iter_scope_spans(doc, rule.scope):
        lo, hi = bisect.bisect_left(word_starts, start), bisect.bisect_left(word_starts, end)
        words = doc.words[lo:hi]
        for first, second in zip(words, words[1:], strict=False):
            word = doc.source[second.start : second.end]
            key = fold(word)
            if key != fold(doc.source[first.start : first.end]):
                continue
            if (tokens and key not in tokens) or key in exceptions:
                continue
            if not pattern.fullmatch(word) or not _adjacent(doc, first.end, second.start):
                continue
            if bisect.bisect_right(block_starts, first.start) != bisect.bisect_right(
                block_starts, second.start
            ):
                continue
            out.append((first.end, second.end))
    return out


@pytest.mark.parametrize("ignorecase", [True, False])
@pytest.mark.parametrize("scope", ["paragraph", "sentence", "document"])
def test_repetitions_match_the_pairwise_scan(ignorecase: bool, scope: str) -> None:
    rule = load_rule_file(RULES / "Style" / "RepeatedWords.yml", "Style")
    rule.ignorecase = ignorecase
    rule.scope = scope
    rule.state = rule.engine.prepare(rule)
    doc = parse(REPEAT_TEXT, "t.md")
    found = [(f.offset, f.end_offset) for f in rule.engine.check(rule, doc)]
    assert found == reference_repetitions(rule, doc)
    assert found


# --- read time: counting words outside the declarations -----------------------------------


@pytest.mark.parametrize(
    "excluded",
    [[], [(0, 5)], [(3, 9), (5, 7)], [(8, 8), (9, 3)], [(0, 100)], [(2, 4), (4, 6), (20, 30)]],
)
def test_count_outside_matches_the_pairwise_test(excluded) -> None:
    from postlint.readtime import _count_outside

    spans = [(s, s + 1) for s in (0, 1, 4, 4, 6, 9, 2, 25, 99, 100)]  # unsorted, repeated
    expected = sum(1 for s, _ in spans if not any(a <= s < b for a, b in excluded))
    assert _count_outside(spans, excluded) == expected


@pytest.mark.parametrize(
    "text", ["No CJK here, only “quotes” — and 😀.", "混合 text 日本語。\n\n한국어 too"]
)
def test_cjk_gate_matches_the_per_block_count(text: str) -> None:
    from postlint.readtime import _cjk_in_blocks
    from postlint.segment import count_cjk

    doc = parse(text, "t.md")
    assert _cjk_in_blocks(doc) == sum(count_cjk(doc.prose, b.start, b.end) for b in doc.blocks)
