"""The inline markup scan finds exactly what the master pattern's own ``finditer`` finds.

``parse_markdown._markup`` jumps to the characters that can open a markup part
(``_MARKUP_START``) and tries the master pattern only there. If a part were added whose
first character is missing from ``_MARKUP_START``, or the candidate set were narrowed,
these comparisons would fail.
"""

from __future__ import annotations

import random

import pytest

from postlint.document import blank
from postlint.parse_markdown import _MASTER, _MASTER_EMAIL, _blank_chars, _markup

PIECES = [
    "word", " ", "\t", "h", "w", "ht", "http", "https://ex.com/a_b.", "http://x", "www.ex.org,",
    "www", "*", "**", "_", "__", "~~", "~", "`", "``", "[", "]", "(", ")", "![", "[^1]", "<",
    ">", "<!--", "-->", "<span>", "</a>", "<http://a.b>", "{{", "}}", "{{<", ">}}", "&amp;",
    "&#169;", "&", ";", "\\", "\\*", "\\|", "é", "日本", "!", "x_y", "a*b", "\n",
]  # fmt: skip

TRICKY = [
    "",
    "h",
    "https://ex.com",
    "see www.example.com, then http://a.b/c_d_.",
    '[text *em*](http://x.com/a_b "t") and ![alt](i.png) [ref] [^1]',
    "``code ` span`` and `unclosed",
    "<!-- c --> <b>bold</b> <http://auto.link> {{< sc >}} {{ v }}",
    "\\* not em \\\\ &amp; &bogus; &#x26; snake_case _em_ __x__ ~~del~~",
    "what which whom when where why http https www",
]


def spans(matches):
    return [(m.start(), m.end(), m.lastgroup) for m in matches]


def check(content: str) -> None:
    pattern = _MASTER_EMAIL if "@" in content else _MASTER
    assert spans(_markup(content)) == spans(pattern.finditer(content)), content


@pytest.mark.parametrize("content", TRICKY)
def test_markup_scan_matches_finditer_on_tricky_text(content):
    check(content)


@pytest.mark.parametrize("seed", range(3))
def test_markup_scan_matches_finditer_on_random_text(seed):
    rnd = random.Random(seed)
    for _ in range(3000):
        check("".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 30))))


@pytest.mark.parametrize(
    "source", ["", "a", "\n", "a\r\nb\rc\n", "x\u2028y\x0bz\n\n", "日本\r\n\r\n  é\t"]
)
def test_blank_chars_is_the_blanked_source_as_a_list(source):
    assert _blank_chars(source) == list(blank(source))
