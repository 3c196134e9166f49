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
