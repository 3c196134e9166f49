"""Session 4, text statistics: faster words, readability rows and syllable data.

Each faster path is checked against the plain computation it replaces, on tricky
inputs (ASCII punctuation around words, abbreviations, case folding that changes
length, non-ASCII letters, empty input) and on real posts of the corpus.
"""

from __future__ import annotations

import marshal
import random
import re
from pathlib import Path

import pytest

from postlint import readability, segment, syllables, textmetrics
from postlint.document import Block, Span, _blocks_split_like_prose, parse

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"


def _corpus_texts(step: int) -> list[str]:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not available")
    return [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.md"))[::step]]


# --- words: the narrow form of WORD_SPLIT_RE ------------------------------------------

_ASCII_PIECES = list("aZ9 .,'-_\n\t\x1c\"()") + [
    "U.S.", "e.g.", "A.", "x.y", "3.14", "1,000", "don't", "well-known", "_a", "1.",
    ",5", "'s", "a--b", "9-", "-9", "a.b.c", "Ph.D.", "A.B", "1.2.3", "a'", "..", "x_y",
]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "a",
        "U.S. e.g. A.B x.y.z. 3.14 1,000,000 don't well-known -a- 'quoted' _under_score_",
        "a.b. c.d.e 1.a a.1 A.B.C.D. end.",
        "Mr. Smith's co-op (est. 1999) cost $3,500.50 - or 12.5%.",
    ],
)
def test_ascii_word_split_equals_the_unicode_pattern(text: str) -> None:
    assert text.isascii()
    assert segment._WORD_SPLIT_NARROW_RE.split(text) == segment.WORD_SPLIT_RE.split(text)
    assert segment.split_words(text) == segment.WORD_SPLIT_RE.split(text)


def test_ascii_word_split_on_random_ascii_text() -> None:
    rng = random.Random(4)
    for _ in range(4000):
        text = "".join(rng.choice(_ASCII_PIECES) for _ in range(rng.randrange(0, 14)))
        expected = segment.WORD_SPLIT_RE.split(text)
        assert segment._WORD_SPLIT_NARROW_RE.split(text) == expected, text


def test_split_words_keeps_the_unicode_pattern_for_other_text() -> None:
    for text in ["caf\u00e9 na\u00efve", "\u0130stanbul stra\u00dfe", "don\u2019t \u732b a\u0301b"]:
        assert not segment._is_narrow(text)
        assert segment.split_words(text) == segment.WORD_SPLIT_RE.split(text)


def test_regex_word_characters_are_isalnum_or_underscore() -> None:
    every = "".join(map(chr, range(0x110000)))
    word = "".join(re.findall(r"\w", every))
    assert word == "".join(c for c in every if c.isalnum() or c == "_")


def _plainly_narrow(text: str) -> bool:
    return not any((c.isalnum() and not c.isascii()) or segment._MARK_RE.match(c) for c in text)


# Non-ASCII characters that are not letters or digits (narrow), and some that are, or
# are marks, CJK or surrogates.
_NARROW_EXTRAS = (
    "\u2019\u2018\u201c\u201d\u2014\u2013\u2026\u2010\u2011\u00a0\u2028\u00a9\U0001f600\ud800"
)
_WIDE_EXTRAS = "\u00e9\u02bc\u0301\u200d\ufe0f\u732b\u00bd\u00b2\u0660\u0130\u2160"


def test_is_narrow_equals_its_definition() -> None:
    rng = random.Random(9)
    alphabet = "aZ9 .,'-_\n" + _NARROW_EXTRAS + _WIDE_EXTRAS
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 10)))
        assert segment._is_narrow(text) == _plainly_narrow(text), text
    assert segment._is_narrow("") and segment._is_narrow("plain")
    assert segment._is_narrow("don\u2019t \u201cquote\u201d \u2014 \ud800")
    for ch in _WIDE_EXTRAS:
        assert not segment._is_narrow(f"a {ch} b"), ch


def test_narrow_word_split_on_random_narrow_text() -> None:
    rng = random.Random(10)
    pieces = _ASCII_PIECES + list(_NARROW_EXTRAS) + ["don\u2019t", "a\u2010b", "x\u2011y\u2019s"]
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 14)))
        assert segment._is_narrow(text)
        expected = segment.WORD_SPLIT_RE.split(text)
        assert segment._WORD_SPLIT_NARROW_RE.split(text) == expected, text
        assert segment.split_words(text) == expected, text


def test_word_split_on_real_posts() -> None:
    proses = [parse(text, "post.md").prose for text in _corpus_texts(3)]
    assert any(p.isascii() for p in proses)
    assert any(segment._is_narrow(p) and not p.isascii() for p in proses)
    assert any(not segment._is_narrow(p) for p in proses)
    for prose in proses:
        assert segment.split_words(prose) == segment.WORD_SPLIT_RE.split(prose)


# --- readability rows: ASCII case variants share the lower-case word's row ------------


def _plain_word_counts(word: str) -> tuple[int, ...]:
    """``_word_counts`` computed on the word itself, never through another word."""
    return readability._word_counts(word)


@pytest.fixture
def fresh_rows(monkeypatch):
    monkeypatch.setattr(readability, "_ROWS", readability._PackedRows())
    monkeypatch.setattr(readability, "_WORD_ROWS", readability._WordRows())


_CASED = [
    "The", "THE", "the", "Readability", "READABILITY", "McDonald's", "DON'T", "Don't",
    "IT'S", "iPhone", "NASA", "Kubernetes", "X", "A", "I", "42", "3D", "ABC123", "Foo_Bar",
    "\u0130stanbul", "\u0130", "STRASSE", "Stra\u00dfe", "Na\u00efve", "\u212aelvin",
    "\u0131s", "\u017fo", "\u00c9t\u00e9", "Hyphenation", "SUPERCALIFRAGILISTIC",
]  # fmt: skip


def test_case_variants_get_their_own_counts(fresh_rows) -> None:
    rows = readability._WORD_ROWS
    for word in _CASED:
        packed = int.from_bytes(readability._ROW.pack(*_plain_word_counts(word)), "little")
        assert rows[word] == packed, word
    tokens = [t for w in _CASED for t in (w, f"({w},", f"“{w}”.")]
    columns = zip(*map(readability._token_counts, tokens), strict=True)
    assert readability._sum_tokens(tokens) == [sum(c) for c in columns]


def test_ascii_case_variants_share_one_row(fresh_rows) -> None:
    readability._sum_tokens(["The", "THE,", "(the"])
    assert set(readability._WORD_ROWS) == {"the", "The", "THE"}
    rows = readability._WORD_ROWS
    assert rows["The"] == rows["THE"] == rows["the"]


def test_non_ascii_words_are_counted_as_they_are(fresh_rows, monkeypatch) -> None:
    asked: list[str] = []
    counts = readability._word_counts
    monkeypatch.setattr(readability, "_word_counts", lambda w: asked.append(w) or counts(w))
    readability._sum_tokens(["\u0130stanbul", "Stra\u00dfe", "Caf\u00e9"])
    assert asked == ["\u0130stanbul", "Stra\u00dfe", "Caf\u00e9"]


# --- hyphenation patterns loaded by groups ----------------------------------------------

_HYPHENATION_WORDS = [
    "", "a", "ab", "abc", "abcd", "https", "tlss", "intimidatinglooking", "Hyphenation",
    "rearrangement", "\u0130stanbul", "stra\u00dfe", "na\u00efvet\u00e9", "caf\u00e9s",
    "\ufb01nal", "o'clock", "don\u2019t", "x" * 40, "covid19", "1970's", "..", ".a.",
]  # fmt: skip


@pytest.fixture(scope="module")
def all_patterns() -> tuple[dict, int]:
    pyphen = pytest.importorskip("pyphen")
    hd = pyphen.Pyphen(lang="en_US").hd
    if not all(type(v) is int for _, values in hd.patterns.values() for v in values):
        pytest.skip("pyphen's patterns are not plain integers")
    return dict(hd.patterns), hd.maxlen


def _grouped(all_patterns: tuple[dict, int]) -> syllables._Hyphenator:
    patterns, maxlen = all_patterns
    return syllables._Hyphenator({}, maxlen, syllables._pattern_groups(patterns))


def test_pattern_groups_hold_every_pattern_once(all_patterns) -> None:
    patterns, _ = all_patterns
    groups = syllables._pattern_groups(patterns)
    merged: dict = {}
    for name, data in groups.items():
        group = marshal.loads(data)
        assert all(syllables._group_of(key) == name for key in group)
        assert not merged.keys() & group.keys()
        merged.update(group)
    assert merged == patterns


def test_grouped_hyphenator_gives_pyphens_points(all_patterns) -> None:
    pyphen = pytest.importorskip("pyphen")
    reference = pyphen.Pyphen(lang="en_US")
    rng = random.Random(5)
    words = _HYPHENATION_WORDS + [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz'\u00e9.\u2019") for _ in range(n))
        for n in (rng.randrange(1, 20) for _ in range(500))
    ]
    for word in words:  # each word on a fresh object: only its own groups are loaded
        assert _grouped(all_patterns).positions(word) == reference.positions(word), word
    shared = _grouped(all_patterns)
    assert [shared.positions(w) for w in words] == [reference.positions(w) for w in words]


def test_a_few_words_load_only_their_groups(all_patterns) -> None:
    patterns, _ = all_patterns
    hyphenator = _grouped(all_patterns)
    assert hyphenator._patterns == {}
    hyphenator.positions("abc")  # too short for a point: nothing is loaded
    assert hyphenator._patterns == {}
    hyphenator.positions("https")
    loaded = set(hyphenator._patterns)
    assert loaded and len(loaded) < len(patterns) / 4
    pointed = ".https."
    wanted = {pointed[i:j] for i in range(len(pointed)) for j in range(i + 1, len(pointed) + 1)}
    assert wanted & patterns.keys() <= loaded  # every pattern the word can use
    assert hyphenator.patterns == patterns  # the whole table on demand
    assert hyphenator._groups == {}


def test_trie_over_grouped_patterns(all_patterns) -> None:
    pyphen = pytest.importorskip("pyphen")
    reference = pyphen.Pyphen(lang="en_US")
    hyphenator = _grouped(all_patterns)
    hyphenator.positions("https")  # some groups loaded, the rest loaded by the build
    hyphenator.build_trie()
    assert hyphenator._trie is not None
    for word in _HYPHENATION_WORDS:
        assert hyphenator.positions(word) == reference.positions(word), word


def test_hyphenator_cache_is_grouped(tmp_path, monkeypatch, all_patterns) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(syllables, "user_cache_dir", lambda: tmp_path)
    first = syllables._load_hyphenator()  # from pyphen, then cached
    assert list(tmp_path.glob("pyphen-en_US-groups-*.marshal"))
    second = syllables._load_hyphenator()  # from the cache: nothing loaded yet
    assert second._patterns == {} and second._groups
    assert second.patterns == first.patterns == all_patterns[0]
    assert second.maxlen == first.maxlen == all_patterns[1]


# --- Counts are named tuples built in C ----------------------------------------------------


def test_count_text_puts_every_column_in_its_field() -> None:
    tokens = ["The", "readability", "of", "(naïve)", "İstanbul's", "—", "well-known", "x²."]
    columns = [sum(c) for c in zip(*map(readability._token_counts, tokens), strict=True)]
    expected = readability.Counts(
        words=columns[0],
        sentences=3,
        syllables=columns[1],
        letters=columns[2],
        characters=columns[3],
        polysyllables=columns[4],
        complex_words=columns[5],
        long_words=columns[6],
        difficult_words=columns[7],
        unfamiliar_words=columns[8],
        tokens=len(tokens),
    )
    counts = readability.count_text(tokens, 3)
    assert counts == expected and type(counts) is readability.Counts
    assert counts._asdict() == expected._asdict()
    assert readability.count_text([], 0) == readability.EMPTY


def test_add_and_total_give_counts() -> None:
    a = readability.count_text(["One", "two", "three."], 1)
    b = readability.count_text(["Complicated", "vocabulary", "everywhere!"], 1)
    both = readability.add(a, b)
    assert type(both) is readability.Counts
    assert both == readability.Counts(*(x + y for x, y in zip(a, b, strict=True)))
    assert readability.total([a, b]) == both and type(readability.total([a, b])) is type(both)
    assert readability.total([]) is readability.EMPTY


# --- parsed pieces are named tuples ------------------------------------------------------


def test_blocks_and_links_keep_their_fields_defaults_and_equality() -> None:
    from postlint.document import Block, CodeBlock, Directive, Image, Link

    block = Block("paragraph", 3, 9, in_list=True)
    assert (block.kind, block.start, block.end, block.level) == ("paragraph", 3, 9, 0)
    assert (block.in_quote, block.in_list, block.in_table) == (False, True, False)
    assert block == Block(kind="paragraph", start=3, end=9, level=0, in_list=True)
    assert block != Block("paragraph", 3, 9)
    assert hash(block) == hash(Block("paragraph", 3, 9, 0, False, True, False))
    assert repr(block) == (
        "Block(kind='paragraph', start=3, end=9, level=0, in_quote=False, in_list=True,"
        " in_table=False)"
    )
    with pytest.raises(AttributeError):
        block.start = 4  # type: ignore[misc]
    link = Link("text", "https://example.com", 0, 30, 1, 5)
    assert (link.text_start, link.text_end, link.url) == (1, 5, "https://example.com")
    assert Image("alt", "a.png", 0, 9).alt == "alt"
    assert CodeBlock(0, 10, "py", 2).lines == 2
    assert Directive("disable", ("A.B",), 3, 3).rules == ("A.B",)


def test_parsed_documents_hold_the_named_records() -> None:
    from postlint.document import Block, Link

    doc = parse("# Title\n\nSee [the docs](https://example.com) now.\n", "post.md")
    assert [type(b) for b in doc.blocks] == [Block, Block]
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph"]
    assert doc.links == [Link("the docs", "https://example.com", 13, 44, 14, 22)]


# --- sentences: _trim without copying ----------------------------------------------------


def _strip_trim(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The plain definition: ``str.strip`` of the piece."""
    piece = text[s:e]
    stripped = piece.strip()
    if not stripped:
        return None
    s += len(piece) - len(piece.lstrip())
    return s, s + len(stripped)


def test_regex_space_is_str_isspace_for_every_code_point() -> None:
    every = "".join(map(chr, range(0x110000)))
    assert segment._NON_SPACE_RE.pattern == r"\S"
    assert "".join(re.findall(r"\s", every)) == "".join(filter(str.isspace, every))


def test_trim_equals_strip() -> None:
    spaces = " \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u3000"
    rng = random.Random(6)
    for _ in range(3000):
        text = "".join(rng.choice(spaces + "a.\u00e9\u200b") for _ in range(rng.randrange(0, 9)))
        for s in range(len(text) + 1):
            for e in range(len(text) + 1):
                assert segment._trim(text, s, e) == _strip_trim(text, s, e), (text, s, e)


def test_sentences_in_takes_any_range() -> None:
    text = "  One. Two!  \n\n Three? Four.  "
    ranges = [(0, None), (-5, 8), (3, 2), (2, 100), (40, 50), (0, len(text)), (7, 7)]
    for r in ranges:  # clamped by ``_bounds`` only when out of range: the same sentences
        assert segment.sentences_in(text, [r]) == segment.sentences_in(
            text, [segment._bounds(text, *r)]
        )
    assert segment.sentences_in(text, ranges) == [
        span for r in ranges for span in segment.sentences_in(text, [segment._bounds(text, *r)])
    ]


# --- word starts kept from the word split ---------------------------------------------------


@pytest.mark.parametrize("first", ["words", "word_starts"])
def test_word_starts_are_the_words_starts(first: str) -> None:
    text = "# A title\n\nSome *words*, U.S. e.g. well-known; caf\u00e9 \u732b x.\n\n- item one\n"
    doc = parse(text, "post.md")
    getattr(doc, first)
    assert doc.word_starts == [w.start for w in doc.words]
    assert doc.words and all(type(w) is Span for w in doc.words)


def test_word_starts_when_blocks_are_scanned_one_by_one() -> None:
    doc = parse("alpha beta gamma", "post.txt")
    doc.blocks = [Block("paragraph", 0, 8), Block("paragraph", 6, 16)]  # overlapping
    assert not _blocks_split_like_prose(doc.prose, doc.blocks)
    assert doc.word_starts == [w.start for w in doc.words] == [0, 6, 6, 11]
    assert textmetrics.word_starts(doc) is doc.word_starts


# --- readability: wrapped words are cleaned without the regexes ------------------------------


def _plain_clean(token: str) -> str:
    """textstat's two regex passes, always."""
    return readability._PUNCT_KEEP_APOSTROPHE.sub(
        "", readability._NONCONTRACTION_APOSTROPHE.sub("", token)
    )


def test_wrapping_punctuation_is_deleted_by_the_regexes() -> None:
    for ch in readability._WRAPPING:
        assert readability._PUNCT_KEEP_APOSTROPHE.fullmatch(ch), ch
        assert _plain_clean(ch) == ""


def test_clean_equals_the_regex_passes() -> None:
    tokens = [
        "", "word", "word,", "(word)", "“Word”.", "...", "—", "'word'", "don't", "(don't)",
        "rock'n'roll,", "‘tis", "l’homme,", "İstanbul,", "(ß)", "x²,", "3.14", "(42)",
        "foo_bar.", "-a-", "a-b", "/path/", "日本語。", "(e.g.", "naïve…", "'s", "it's.",
    ]  # fmt: skip
    rng = random.Random(8)
    alphabet = readability._WRAPPING + "aZé'_1 \u0130\u2019"
    tokens += [
        "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 8))) for _ in range(5000)
    ]
    for token in tokens:
        assert readability._clean(token) == _plain_clean(token), token


def test_clean_on_real_tokens() -> None:
    tokens = {t for text in _corpus_texts(20) for t in parse(text, "post.md").prose.split()}
    assert len(tokens) > 1000
    for token in tokens:
        assert readability._clean(token) == _plain_clean(token), token


# --- count_cjk: the distinct non-ASCII characters rule out CJK ------------------------------


def _scanned_cjk(text: str, start: int = 0, end: int | None = None) -> int:
    start, end = segment._bounds(text, start, end)
    return sum(map(len, segment._CJK_RUN_RE.findall(text, start, end)))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain ascii",
        "caf\u00e9 \u201cquoted\u201d \u2014 \u00bd",
        "\u732b cat \u3042\u3044 \ud55c\uad6d\uc5b4",
        "ascii first, then \u65e5\u672c\u8a9e at the end",
        "\u4f60\u597d",
        "lone \ud800 surrogate \u732b",
        "\U00020000 astral ideograph",
    ],
)
def test_count_cjk_equals_a_scan_of_the_range(text: str) -> None:
    for start in range(-1, len(text) + 2):
        for end in (None, start, start + 3, len(text), len(text) + 5):
            assert segment.count_cjk(text, start, end) == _scanned_cjk(text, start, end)


def test_non_ascii_characters_follow_the_text_asked_about() -> None:
    a, b = "x \u732b y", "\u00e9t\u00e9 \ud800"
    assert segment._non_ascii(a) == {"\u732b"}
    assert segment._non_ascii(b) == {"\u00e9", "\ud800"}
    assert segment._non_ascii(a) == {"\u732b"}
    assert segment._non_ascii("ascii") == frozenset()
    assert (
        segment.count_cjk(a) == 1 and segment.count_cjk(b) == 0 and segment.count_cjk(a, 0, 1) == 0
    )


# --- CMUdict groups: look-ups without copying the group ---------------------------------------


@pytest.mark.parametrize(
    "words",
    [["one"], ["ab", "abc", "abd"], ["ab", "abab", "b", "ba"], ["x", "xy", "xyz", "xyzz", "y"]],
)
def test_find_in_shard_on_small_groups(words: list[str]) -> None:
    shard = ("\n".join(words), bytes(range(1, len(words) + 1)))
    group = syllables._split_group(shard)
    probes = words + [
        "",
        "a",
        "abcd",
        "bab",
        "one\n",
        "\none",
        "zz",
        words[0][:-1],
        words[-1] + "s",
    ]
    for word in probes:
        assert syllables._find_in_shard(shard, word) == group.get(word), (words, word)


def test_small_post_splits_no_cmudict_group(monkeypatch) -> None:
    """The words of a short post ask no group often enough to have it split."""
    monkeypatch.setattr(syllables, "_CMU", None)
    monkeypatch.setattr(syllables, "_GROUPS", {})
    monkeypatch.setattr(syllables, "_FINDS", {})
    text = (CORPUS.parent / "small.md") if CORPUS.is_dir() else None
    if text is None or not text.is_file():
        pytest.skip("the shared corpus is not available")
    doc = parse(text.read_text(encoding="utf-8"), str(text))
    table = syllables.load_cmudict()
    words = {readability._clean(token).lower() for token in doc.prose.split()} - {""}
    for word in words:  # each distinct word is asked once (readability's memo)
        assert syllables._cmudict_count(word) == table.get(word), word
    assert not any(syllables._GROUPS.values())  # only empty stand-ins for unknown prefixes
