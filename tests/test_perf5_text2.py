"""Session 5, second round: parsing and segmentation fast paths equal what they replace.

``markdown_parser._block_state`` builds markdown-it's block state with line arrays made
in C (``_line_arrays``): every attribute must equal the stock ``StateBlock``'s, on
tricky sources (tabs expanded across columns, a last line of spaces only, a final
newline, Unicode spaces that are not markdown-it's spaces, empty lines), on random
sources and on every corpus post; and the parser must use it.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from markdown_it.rules_block import StateBlock

from postlint import readability, segment
from postlint.document import _QUOTATION_RE, Block, Document, Span, parse, split_front_matter
from postlint.markdown_parser import (
    _block_state,
    _expanded_width,
    _install_line_arrays,
)
from postlint.markdown_parser import (
    markdown_parser as _markdown_parser,
)
from postlint.parse_markdown import _markdown_input

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"

# --- markdown-it's block state from line arrays made in C -------------------------------

STATE_SOURCES = [
    "a", "\n", "\n\n", " ", "   ", "\t", " \t ", "a\n", "a\n ", "a\n \t", "a\n\t\n", "a\n\n\n",
    "\ta", " \ta", "  \t a", "   \tb", "\t\t  c", "x\ty", "\t \t \t", "- a\n\t- b\n  \t- c",
    "\u00a0a\n\u3000b\n\x0bc\n\x0cd", "\u2028 x\n", "日本\n\t語", "\ufffd\n", "a\r", "#\n\n  \n",
    "last line  ", "last line\n  \t  ", "  \n  \n  ", "code\n    indented\n\ttabbed\n",
]  # fmt: skip


def assert_same_state(source: str) -> None:
    md = _markdown_parser()
    ours = vars(_block_state(source, md, {}, []))
    assert ours == vars(StateBlock(source, md, {}, [])), repr(source)


@pytest.mark.parametrize("source", STATE_SOURCES)
def test_block_state_on_tricky_sources(source: str) -> None:
    assert_same_state(source)


def test_block_state_on_random_sources() -> None:
    rnd = random.Random(5)
    pieces = [" ", "\t", "a", "\n", "\n\n", "  ", "\u00a0", "\x0b", "b c", " \t ", "é", "-"]
    for _ in range(5000):
        assert_same_state("".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 20))))


def test_block_state_on_corpus_posts() -> None:
    files = sorted(CORPUS.glob("*.md"))
    if not files:
        pytest.skip("corpus not available")
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert_same_state(_markdown_input(text, split_front_matter(text)[1]))


def test_expanded_width() -> None:
    assert [_expanded_width(h) for h in ["", " ", "\t", " \t", "   \t", "    \t", "\t \t"]] == [
        0, 1, 4, 4, 4, 8, 8,
    ]  # fmt: skip


def test_the_parser_builds_its_block_state_from_line_arrays() -> None:
    """Otherwise the token comparisons of the other tests would not exercise it."""
    rules = _markdown_parser().core.ruler.getRules("")
    assert [rule.__qualname__ for rule in rules] == ["_block_rule.<locals>.block"]


def test_line_arrays_are_not_installed_on_a_changed_core() -> None:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    md.core.ruler.disable(["block"])
    assert not _install_line_arrays(md)
    stock = MarkdownIt("commonmark")
    assert _install_line_arrays(stock)
    source = "# t\n\n\tcode\n- a\n  - b\n\n> q\n"
    assert [t.as_dict() for t in stock.parse(source)] == [
        t.as_dict() for t in MarkdownIt("commonmark").parse(source)
    ]


# --- sentences: the stop pattern reads the next word itself --------------------------------


def _stop_texts() -> list[str]:
    rnd = random.Random(11)
    alphabet = list("ab. \n\t\u00a0\u3002\u2019!?\"'()[]A1\u2026\u201c\u00ab\u00bf_\u00e9")
    alphabet += ["e.g.", "Dr.", "U.S.", "\n\n", "  \n", "\u65e5\u672c", "No. 5", " i.e. x"]
    tricky = ["", ".", "a.", "a. B", "a.\u201cB", "a. \u00abb", "end.  ", "x?\n\n", "Hi.\u3002"]
    return tricky + [
        "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30))) for _ in range(6000)
    ]


def test_stop_pattern_names_its_branch_and_reads_the_next_word() -> None:
    """``lastgroup`` tells the branches apart, and ``word`` is ``_NEXT_RE.match``'s at the
    stop's end, bounded by the range end as that match was."""
    for text in _stop_texts():
        for end in {len(text), len(text) // 2}:
            for m in segment._STOP_RE.finditer(text, 0, end):
                if m["blank"] is not None:
                    assert m.lastgroup == "blank"
                elif m["punct"] is None:
                    assert m.lastgroup is None
                else:
                    assert m.lastgroup == "word"
                    nxt = segment._NEXT_RE.match(text, m.end(), end)
                    assert (m["word"], m.end("word")) == (nxt["word"], nxt.end()), text


# --- readability: a document's paragraphs counted together --------------------------------

PARAGRAPHS = [
    [],
    ["The", "cat", "sat."],
    [
        "\u0130stanbul",
        "stra\u00dfe",
        "na\u00efvet\u00e9",
        "\u212aelvin",
        "don't",
        "--",
        "(well-known)",
    ],
    ["e.g.", "U.S.", "1970's", "https://example.com/a_b", "\u65e5\u672c\u8a9e", "!!!"],
    ["antidisestablishmentarianism", "Readability", "rearrangement"],
]


def test_count_texts_equals_count_text() -> None:
    sentences = [0, 1, 2, 0, 3]
    assert readability.count_texts(PARAGRAPHS, sentences) == [
        readability.count_text(tokens, n) for tokens, n in zip(PARAGRAPHS, sentences, strict=True)
    ]
    assert readability.count_texts([], []) == []


def test_count_texts_with_a_paragraph_too_long_to_pack_at_once() -> None:
    texts = [["word"] * (readability._SMALL + 1), ["two", "words"]]
    expected = [readability.count_text(texts[0], 4), readability.count_text(texts[1], 1)]
    assert readability.count_texts(texts, [4, 1]) == expected
    assert expected[0].words == readability._SMALL + 1


def test_count_texts_with_a_token_too_large_to_pack() -> None:
    huge = "x" * readability._COUNT_LIMIT
    texts = [["a", "b."], ["c", huge, "d"], ["e"]]
    counts = readability.count_texts(texts, [1, 1, 1])
    assert counts == [readability.count_text(t, 1) for t in texts]
    assert counts[1].characters == readability._COUNT_LIMIT + 2


# --- inline markup: runs holding an "@" are dispatched too ---------------------------------

EMAIL_PIECES = [
    "a", "b.c", "@", "x@y.com", "a+b@c.d", "/", "_", "__", "h", "http://a@b.c", "www.x@y.z",
    "-", "+", ".", "`", "[", "](", "<a@b.c>", "*", " ", "\n", "\u00e9", "&amp;", "\\", "mailto:",
    "[a@b.c](x)", "1", "\u00e9@\u00e9.fr", "_a@b.co_", "{{", "}}", "<!--", "-->", "!",
]  # fmt: skip

EMAIL_TRICKY = [
    "@", "a@b", "a@b.c", "a@b.c.", "x a@b.c", "/a@b.c", ".a@b.c", "+a@b.c", "a.+b@c.d",
    "_a@b.c_", "__a@b.c", "see https://x.com/u@host.org and me@x.io",
    "www.a@b.cc", "[me](mailto:me@x.io) me@x.io", "`a@b.c` a@b.c", "<me@x.io>",
    "a@b.c@d.e", "\\@a@b.c", "&amp;@a.bc", "\u00e9t\u00e9@caf\u00e9.fr",
]  # fmt: skip


def _named_spans(m) -> tuple:
    named = {name: m.span(name) for name in m.re.groupindex if m.start(name) >= 0}
    return m.lastgroup, m.span(), m.group(), sorted(named.items())


def _assert_email_scan(content: str) -> None:
    from postlint.parse_markdown import _MASTER_EMAIL, _markup

    expected = [_named_spans(m) for m in _MASTER_EMAIL.finditer(content)]
    assert [_named_spans(m) for m in _markup(content)] == expected, content


@pytest.mark.parametrize("content", EMAIL_TRICKY)
def test_markup_scan_with_email_on_tricky_text(content: str) -> None:
    _assert_email_scan(content)


def test_markup_scan_with_email_on_random_text() -> None:
    rnd = random.Random(9)
    for _ in range(6000):
        content = "".join(rnd.choice(EMAIL_PIECES) for _ in range(rnd.randint(0, 16)))
        _assert_email_scan(content + "@")
        _assert_email_scan(content)


# --- quotation spans: the pattern tried only at quotation marks ----------------------------


def _reference_quote_spans(doc: Document) -> list[Span]:
    """``Document.quote_spans`` as it was: every block scanned by ``_QUOTATION_RE``."""
    spans = [Span(b.start, b.end) for b in doc.blocks if b.in_quote]
    for block in doc.blocks:
        for m in _QUOTATION_RE.finditer(doc.prose, block.start, block.end):
            spans.append(Span(m.start(), m.end()))
    spans.sort(key=lambda s: (s.start, s.end))
    return spans


QUOTE_PIECES = [
    '"',
    "\u201c",
    "\u201d",
    "\u2018",
    "\u2019",
    "ab",
    "it\u2019s",
    " ",
    "\n",
    "x",
    "\u00e9",
    "_",
]


def _document(prose: str, cuts: list[int], quote: bool = False) -> Document:
    """A document whose blocks are the pieces of ``prose`` between the characters at
    ``cuts`` (whitespace there makes them whitespace-separated, as most posts' blocks)."""
    bounds = [-1, *sorted(cuts), len(prose)]
    blocks = [
        Block("paragraph", s + 1, e, in_quote=quote)
        for s, e in zip(bounds[:-1], bounds[1:], strict=True)
        if s + 1 < e
    ]
    return Document("x.md", "markdown", prose, prose, blocks=blocks)


def test_quote_spans_on_tricky_documents() -> None:
    texts = [
        "", '"ab"', '"a"', 'x "quoted words" y', '\u201cab\n\ncd\u201d', '\u2018ab\u2019s \u2018cd\u2019',
        '"ab" "cd"', '""ab""', '"ab\ncd" "e"', 'he said \u201chi\u201d.', '"' * 9, "\u201c" + "a" * 900 + "\u201d",
        '"ab "cd" ef"', "\u201c a \u201d \u201c", "a \u2018b c\u2019d \u2018e\u2019",
    ]  # fmt: skip
    for text in texts:
        spaces = [i for i, ch in enumerate(text) if ch.isspace()]
        for cuts in ([], spaces, spaces[::2], [len(text) // 2], list(range(0, len(text), 3))):
            doc = _document(text, cuts)
            assert doc.quote_spans == _reference_quote_spans(doc), (text, cuts)


def test_quote_spans_on_random_documents() -> None:
    rnd = random.Random(13)
    in_order = 0
    for _ in range(4000):
        text = "".join(rnd.choice(QUOTE_PIECES) for _ in range(rnd.randint(0, 40)))
        cuts = [i for i, ch in enumerate(text) if ch.isspace() and rnd.random() < 0.5]
        if rnd.random() < 0.2:
            cuts.append(rnd.randrange(len(text) + 1))  # maybe not at a space
        for doc in (_document(text, cuts), _document(text, cuts, quote=rnd.random() < 0.5)):
            assert doc.quote_spans == _reference_quote_spans(doc), (text, cuts)
            in_order += doc._blocks_split_like_prose
        overlapping = _document(text, [])
        overlapping.blocks += [Block("paragraph", 0, len(text) // 2)]  # out of order
        assert overlapping.quote_spans == _reference_quote_spans(overlapping), text
    assert in_order > 4000  # the path through the quotation marks was taken often


def test_quote_spans_on_corpus_posts() -> None:
    files = sorted(CORPUS.glob("*.md"))[::4]
    if not files:
        pytest.skip("corpus not available")
    for path in files:
        doc = parse(path.read_text(encoding="utf-8"), str(path))
        assert doc.quote_spans == _reference_quote_spans(doc), path


# --- the line lengths are split once for markdown-it's state and the builder --------------

LINE_SOURCES = [
    "", "a", "a\n", "\n\n", "---\ntitle: x\n---\nbody\n", "+++\nx = 1\n+++\n\ttext", "nul\0here\n",
    "a\r\nb\rc", "  \n\t", "end  ", "\u65e5\u672c\n\u00e9",
]  # fmt: skip


@pytest.mark.parametrize("source", LINE_SOURCES)
def test_known_line_lengths_are_the_sources(source: str) -> None:
    from postlint.markdown_parser import known_line_lengths as _known_line_lengths
    from postlint.parse_markdown import _line_lengths, parse_markdown

    markdown_input = _markdown_input(source, split_front_matter(source)[1])
    _markdown_parser().parse(markdown_input, {})
    known = _known_line_lengths(markdown_input)
    if markdown_input and "\r" not in source:
        assert known == _line_lengths(source)
    assert _known_line_lengths(markdown_input + "x") is None  # another text
    doc = parse_markdown(source, "x.md")
    assert doc.line_starts == parse(source, "x.txt").line_starts


def test_letter_dots_answers_as_the_pattern() -> None:
    keys = [
        "",
        ".",
        "u.s",
        "j.r.r",
        "e.g",
        "u.s.",
        "us",
        "a",
        "\u00e9.t",
        "1.2",
        "a.1",
        "a..b",
        "a_b.c",
    ]
    rnd = random.Random(17)
    keys += [
        "".join(rnd.choice("ab.1_\u00e9") for _ in range(rnd.randint(0, 6))) for _ in range(3000)
    ]
    for key in keys:
        assert segment._is_letter_dots(key) == (segment._LETTER_DOTS_RE.fullmatch(key) is not None)


# --- words: Latin-1 text is split with Latin-1 classes -------------------------------------

#: ``WORD_RE`` as one group with plain (greedy) repeats: the split as it was defined.
_PLAIN_SPLIT = re.compile(f"({segment.WORD_RE.pattern})")


def test_latin1_classes_match_the_unicode_classes_on_every_latin1_code_point() -> None:
    alnum = re.compile(f"[{segment._LATIN1_ALNUM}]")
    alpha = re.compile(f"[{segment._LATIN1_ALPHA}]")
    for code in range(256):
        ch = chr(code)
        assert bool(alnum.match(ch)) == bool(re.match(r"[^\W_]", ch)), code
        assert bool(alnum.match(ch)) == bool(re.match(segment._L, ch)), code
        assert bool(alpha.match(ch)) == bool(re.match(segment._ALPHA, ch)), code
        assert not segment._MARK_RE.match(ch), code


LATIN1_PIECES = [
    "a", "Z", "9", "0", ".", ",", "'", "\u2019", "-", " ", "\n", "_", "\u00e9", "\u00c9", "\u00df",
    "\u00ff", "\u00b2", "\u00bd", "\u00aa", "\u00b5", "\u00d7", "\u00f7", "\u00a0", "\u00bf", "U.S.",
    "e.g.", "\u00e9.t.", "na\u00efve", "Zo\u00eb's", "3,5", "\u2014", "\u201c", "x\u00b2y",
]  # fmt: skip
#: Characters that make a text other than Latin-1: letters and digits above U+00FF, marks.
LATIN1_BREAKERS = ["\u0130", "\u0142", "\u0301", "\ufe0f", "\u200d", "\u0660", "\u732b", "\u03bc"]


def test_is_latin1_equals_its_definition() -> None:
    rnd = random.Random(19)
    for _ in range(3000):
        text = "".join(
            rnd.choice(LATIN1_PIECES + LATIN1_BREAKERS) for _ in range(rnd.randint(0, 8))
        )
        plain = all(ord(c) < 256 for c in text if c.isalnum() or segment._MARK_RE.match(c))
        assert segment._is_latin1(text) == plain, text
    for ch in LATIN1_BREAKERS:
        assert not segment._is_latin1(f"caf\u00e9 {ch}"), ch


def test_latin1_word_split_equals_the_plain_split() -> None:
    rnd = random.Random(23)
    texts = [
        "",
        "\u00e9",
        "caf\u00e9",
        "\u00e9.g. \u00c9.U. na\u00efve",
        "x\u00b2 \u00bd-\u00bd 1,\u00b2",
    ]
    texts += [
        "".join(rnd.choice(LATIN1_PIECES) for _ in range(rnd.randint(0, 30))) for _ in range(5000)
    ]
    for text in texts:
        assert segment._is_latin1(text)
        expected = _PLAIN_SPLIT.split(text)
        assert segment._WORD_SPLIT_LATIN1_RE.split(text) == expected, text
        assert segment.split_words(text) == expected, text


def test_split_words_on_latin1_corpus_posts() -> None:
    files = sorted(CORPUS.glob("*.md"))
    if not files:
        pytest.skip("corpus not available")
    taken = 0
    for path in files:
        prose = parse(path.read_text(encoding="utf-8"), str(path)).prose
        if not segment._is_narrow(prose) and segment._is_latin1(prose):
            taken += 1
            assert segment.split_words(prose) == _PLAIN_SPLIT.split(prose), path
    assert taken > 50
