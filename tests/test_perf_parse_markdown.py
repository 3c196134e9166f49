"""The fast paths of ``parse_markdown`` give exactly what the plain code they replace gives.

``parse_markdown._markup`` jumps to the characters that can open a markup part
(``_MARKUP_START``) and tries the master pattern only there. If a part were added whose
first character is missing from ``_MARKUP_START``, or the candidate set were narrowed,
these comparisons would fail. The builder's blank text and line starts are built from
``str.split`` lengths: they are compared with the regex versions; the prose view is
assembled from pieces, compared with writing the pieces into a list of characters.
"""

from __future__ import annotations

import random

import pytest

from postlint.document import blank, parse
from postlint.parse_markdown import (
    _LINE_RE,
    _MASTER,
    _MASTER_EMAIL,
    _blank_text,
    _Builder,
    _line_starts,
    _markup,
    _prose_in_order,
)

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


SOURCES = [
    "", "a", "\n", "\n\n", "a\n", "a\nb", "a\n\nb\n", "a\r\nb\rc\n", "\r", "a\r",
    "x\u2028y\x0bz\n\n", "日本\r\n\r\n  é\t", "  \t\n \n",
]  # fmt: skip


@pytest.mark.parametrize("source", SOURCES)
def test_blank_text_is_the_blanked_source(source):
    assert _blank_text(source) == blank(source)


@pytest.mark.parametrize("source", SOURCES)
def test_line_starts_are_where_the_line_regex_finds_lines(source):
    assert _line_starts(source) == [m.start() for m in _LINE_RE.finditer(source)]


def test_prose_joins_pieces_over_the_blank_source():
    builder = _Builder("ab\ncd ef\r\ngh", "x.md")
    builder.pieces = [(10, "gh"), (0, "a "), (3, "c")]
    assert builder.prose() == "a \nc    \r\ngh"
    assert builder.prose() == _prose_in_order(blank(builder.source), builder.pieces)


def test_overlapping_pieces_are_written_in_order():
    builder = _Builder("abcdef", "x.md")
    builder.pieces = [(1, "bcd"), (2, "X")]
    assert builder.prose() == " bXd  "


TABLE_AND_MULTILINE = """\
| a `x` | b &amp; c | d \\| e |
|---|---|---|
| [l](http://x.y) | *em* |  |

> quoted *line*
> second `code` line
>   third &copy; [ref]

[ref]: http://r.example
"""


def test_prose_keeps_offsets_of_cells_and_multi_line_runs():
    doc = parse(TABLE_AND_MULTILINE, "t.md")
    assert len(doc.prose) == len(doc.source)
    texts = [doc.prose[b.start : b.end] for b in doc.blocks]
    # As the parser before the pieces gave (checked against it), the entity padded to its length.
    assert texts == [
        "a",
        "b &     c",
        "d    e",
        "l",
        "em",
        "quoted  line \n  second        line\n    third ©       ref",
    ]
    assert [(lk.text, doc.source[lk.text_start : lk.text_end]) for lk in doc.links] == [
        ("l", "l"),
        ("ref", "ref"),
    ]


@pytest.mark.parametrize(
    "source",
    [
        "",
        "a\0b\n\n`c\0`\r\n",
        "---\ntitle: x\0\n---\r\n# H\0\r\rpara\r\n> q\0\n",
        "| a\0 | b |\r\n|---|---|\r\n| \0 | x |\r\n",
        "\0",
        "<div>\0</div>\r\n\r\n    code\0\n",
    ],
)
def test_markdown_input_is_what_markdown_its_normalize_rule_gives(source):
    """markdown-it's "normalize" rule is disabled: ``_markdown_input`` does its work."""
    from markdown_it import MarkdownIt

    from postlint.document import split_front_matter
    from postlint.markdown_parser import markdown_parser as _markdown_parser
    from postlint.parse_markdown import _markdown_input

    fm_end = split_front_matter(source)[1]
    full = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    full.core.ruler.disable(["inline", "text_join"])
    masked = blank(source[:fm_end]) + source[fm_end:]
    env_a: dict = {}
    env_b: dict = {}
    ours = _markdown_parser().parse(_markdown_input(source, fm_end), env_a)
    theirs = full.parse(masked, env_b)
    assert [t.as_dict() for t in ours] == [t.as_dict() for t in theirs]
    assert env_a == env_b
