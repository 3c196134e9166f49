"""Session 3's faster parsing gives exactly what the plain code it replaced gives.

Each fast path is compared with a plain reference kept here as an oracle: the same
matches (every group's span) or the same Document fields, on tricky and random input.
"""

from __future__ import annotations

import random
import re

import pytest

from postlint import parse_markdown as pm

# -- link text, destination and label as unrolled loops ------------------------------------

#: The plain forms the unrolled ones replaced (one repeat step per character).
PLAIN_TEXT = r"(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*"
PLAIN_ESCAPED_TEXT = r"(?:[^\[\]\\]|\\.)*"
PLAIN_DEST = r"<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*"


def plain_master(fast: re.Pattern) -> re.Pattern:
    """The master pattern with the plain forms of link text, destination and label."""
    source = fast.pattern.replace(pm._TEXT, PLAIN_TEXT).replace(pm._DEST, PLAIN_DEST)
    source = source.replace(pm._ESCAPED_TEXT, PLAIN_ESCAPED_TEXT)
    assert pm._PLAIN_TEXT + "*" not in source and pm._PLAIN_DEST + "*" not in source
    return re.compile(source, fast.flags)


ORACLES = [
    (pm._MASTER, plain_master(pm._MASTER)),
    (pm._MASTER_EMAIL, plain_master(pm._MASTER_EMAIL)),
]

LINK_PIECES = [
    "word", " ", "  ", "\t", "\n", "[", "]", "(", ")", "\\", "\\[", "\\]", "\\(", "\\)", "\\\\",
    "\\\n", "<", ">", "<a b>", '"', "'", "`", "``", "x", "![", "](", "][", "[^1]", "http://a.b",
    "www.x", "*", "_", ":", "a@b.c", "&amp;", "é", "İ", "ß", "日本", "]:", "\\ ", "(t)", '"t"',
]  # fmt: skip

LINK_CASES = [
    "",
    "[a](b)",
    "[a](b) and ![i](<c d> 'T')",
    "[a [b](x) c](y)",
    "[a](x`y) and `z` and ` w",
    '[a](  "title")',
    "[a](<b>c)",
    "[a](b\\)c) [d](e(f)g) [h](i(j)",
    "[t\\]x](u) [r][l\\]] [r][] [^n] [x]: y",
    '[İß](ß) [日本](/wiki/日本 "日本")',
    "![",
    "[a](b",
    "[a]\n(b)",
]


def regs_at_every_position(pattern: re.Pattern, text: str) -> list:
    return [
        (m.regs, m.lastgroup) if (m := pattern.match(text, p)) else None
        for p in range(len(text) + 1)
    ]


def check_same_matches(text: str) -> None:
    for fast, plain in ORACLES:
        assert regs_at_every_position(fast, text) == regs_at_every_position(plain, text), text
        assert [m.regs for m in fast.finditer(text)] == [m.regs for m in plain.finditer(text)]


@pytest.mark.parametrize("text", LINK_CASES)
def test_unrolled_link_parts_match_like_the_plain_ones(text):
    check_same_matches(text)


@pytest.mark.parametrize("seed", range(3))
def test_unrolled_link_parts_match_like_the_plain_ones_on_random_text(seed):
    rnd = random.Random(seed)
    for _ in range(1500):
        check_same_matches("".join(rnd.choice(LINK_PIECES) for _ in range(rnd.randint(0, 14))))


# -- blanking inline markup by writes joined from slices -----------------------------------


def written_plain(content: str, writes: list[tuple]) -> str:
    """Every write applied in order to a list of characters; blanks keep line breaks."""
    chars = list(content)
    for write in writes:
        start, end = write[0], write[1]
        if len(write) == 3:
            chars[start:end] = write[2]
        else:
            chars[start:end] = ["\n" if ch == "\n" else " " for ch in content[start:end]]
    return "".join(chars)


WRITE_CASES = [
    ("", []),
    ("abc", []),
    ("abc", [(0, 3)]),
    ("abc", [(0, 0), (3, 3)]),
    ("[a](b) c", [(0, 1), (2, 6)]),  # a link: its "[" and "](b)"
    ("[a](b) c", [(2, 6), (0, 1)]),  # the same writes out of order
    ("a &amp; b", [(2, 7, "&    ")]),
    ("x &amp; y", [(0, 9), (2, 7, "&    ")]),  # overlapping: the later write wins
    ("x &amp; y", [(2, 7, "&    "), (0, 9)]),
    ("`a\nb` c\n", [(0, 5), (6, 7)]),  # a code span over a line break keeps it
    ("\n", [(0, 1)]),
    ("İß日本 ﬁ", [(1, 3), (4, 5, "é")]),
]


@pytest.mark.parametrize(("content", "writes"), WRITE_CASES)
def test_written_applies_writes_like_the_plain_replay(content, writes):
    assert pm._written(content, writes) == written_plain(content, writes)


def test_written_applies_random_writes_like_the_plain_replay():
    rnd = random.Random(7)
    for _ in range(5000):
        content = "".join(rnd.choice("ab İß\n日") for _ in range(rnd.randint(0, 12)))
        writes: list[tuple] = []
        for _ in range(rnd.randint(0, 4)):
            start = rnd.randint(0, len(content))
            end = rnd.randint(start, len(content))
            if rnd.random() < 0.3:
                writes.append((start, end, "".join(rnd.choice("xé") for _ in range(end - start))))
            else:
                writes.append((start, end))
        assert pm._written(content, writes) == written_plain(content, writes), (content, writes)


def test_inline_markup_is_blanked_in_place_with_positions_kept():
    source = '[*a* &amp; `b`](http://x.y/z_ "t") &copy; __c__ <b>d</b> [^1] {{< e >}}\n'
    doc = pm.parse_markdown(source, "t.md")
    assert doc.prose == "  a  &" + " " * 29 + "©        c      d" + " " * 19 + "\n"
    assert len(doc.prose) == len(source)
    (link,) = doc.links
    assert (link.text, link.url, link.start, link.end) == ("*a* &amp; `b`", "http://x.y/z_", 0, 34)


# -- a run found whole in the source ---------------------------------------------------------


class Tok:
    def __init__(self, content: str, first: int, last: int):
        self.content, self.map = content, [first, last]


def builder_with_cursors(source: str, cursors: dict[int, int]) -> pm._Builder:
    builder = pm._Builder(source, "t.md")
    builder.line_cursor.update(cursors)
    return builder


def check_locate_whole(source: str, content: str, first: int, last: int, cursors: dict) -> bool:
    """``locate_whole`` gives -1, or the segments and cursors ``locate`` gives, as one piece."""
    fast = builder_with_cursors(source, cursors)
    at = fast.locate_whole(content, first, last)
    plain = builder_with_cursors(source, cursors)
    segments, complete = plain.locate(Tok(content, first, last))
    if at < 0:
        return False
    assert complete, (source, content, first, last, cursors)
    expected, pos = [], 0
    for line in content.split("\n"):
        if line:
            expected.append((pos, at + pos, len(line)))
        pos += len(line) + 1
    assert [tuple(s) for s in segments] == expected, (source, content, first, last, cursors)
    assert fast.line_cursor == plain.line_cursor, (source, content, first, last, cursors)
    return True


LOCATE_CASES = [
    ("a\nb\n", "a\nb", 0, 2, {}),
    ("- a\nb\n", "a\nb", 0, 2, {}),  # a lazy line after a list marker
    ("> x>x\nfoo", "x>x\nfoo", 0, 2, {}),  # the last line has no line break
    ("x x\nx\n", "x\nx", 0, 2, {}),  # an earlier copy of the first line: locate takes it
    ("a\nb\n", "a\nb", 0, 2, {1: 1}),  # a cursor on a later line
    ("ab\nab\n", "ab", 1, 2, {1: 0}),
    ("ab ab\n", "ab", 0, 1, {0: 2}),  # after the cursor
    ("a\n\nb\n", "a\n\nb", 0, 3, {}),  # an empty line
    ("a\nb\nc\n", "a\nb", 0, 3, {}),  # fewer lines than the run
    ("İß\nﬁ x\n", "İß\nﬁ x", 0, 2, {}),
    ("", "", 0, 1, {}),
]


@pytest.mark.parametrize(("source", "content", "first", "last", "cursors"), LOCATE_CASES)
def test_locate_whole_agrees_with_locate(source, content, first, last, cursors):
    check_locate_whole(source, content, first, last, cursors)


def test_locate_whole_agrees_with_locate_on_random_runs():
    rnd = random.Random(3)
    found = 0
    for _ in range(20000):
        source = "".join(
            rnd.choice(["a", "b", "ab", " ", "- ", ">", "\n", "\n"]) for _ in range(12)
        )
        lines = source.split("\n")
        first = rnd.randrange(len(lines))
        last = min(len(lines), first + rnd.randint(1, 3))
        if rnd.random() < 0.7:  # mostly a copy of the run's lines, from some column on
            content = "\n".join(lines[first:last])[rnd.randint(0, 2) :]
        else:
            content = "\n".join(rnd.choice(["a", "ab", "b a", ""]) for _ in range(last - first))
        cursors = {rnd.randrange(len(lines)): rnd.randint(0, 3) for _ in range(rnd.randint(0, 2))}
        found += check_locate_whole(source, content, first, last, cursors)
    assert found > 3000  # the fast path was taken often enough to mean something


# -- the scan tries only the parts that can start at each candidate ------------------------


@pytest.mark.parametrize("seed", range(2))
def test_dispatched_scan_gives_the_master_patterns_matches(seed):
    rnd = random.Random(seed)
    texts = LINK_CASES + [
        "".join(rnd.choice(LINK_PIECES + ["{{<", ">}}", "<!--", "-->", "&#169;", "~~", "hw"])
        for _ in range(rnd.randint(0, 20))) for _ in range(3000)
    ]  # fmt: skip
    for text in texts:
        if "@" not in text:
            expected = [named_spans(m) for m in pm._MASTER.finditer(text)]
            assert [named_spans(m) for m in pm._markup(text)] == expected, text


def named_spans(m: re.Match) -> tuple:
    """The match's kind and the span of each named group that took part in it."""
    spans = {name: m.span(name) for name in m.re.groupindex if m.start(name) >= 0}
    return m.lastgroup, m.span(), sorted(spans.items())


def test_every_part_is_reachable_from_its_first_characters():
    for chars, part in pm._PARTS:
        name = re.match(r"\(\?P<(\w+)>", part).group(1)
        for ch in chars:
            assert f"?P<{name}>" in pm._BY_FIRST[ch].pattern
    assert set(pm._BY_FIRST) == set("`<{![\\&*_~hw")
