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
    """Every write applied in order to a list of characters (what the blanker used to do)."""
    chars = list(content)
    for write in writes:
        start, end = write[0], write[1]
        text = write[2] if len(write) == 3 else " " * (end - start)
        chars[start:end] = text.ljust(end - start)[: end - start]
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
