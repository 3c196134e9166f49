"""Positions of findings in Markdown, HTML and plain text point into the original file.

Every case lints a small draft with the ``Probe.Target`` rule (see conftest.py) and
asserts the exact 1-based (line, column, end line, end column) of each "target",
columns counted in characters (Python code points).
"""

from __future__ import annotations

import pytest

T = "target"

MARKDOWN_CASES = [
    ("link text", "See [the target here](http://example.com) now.\n", [(1, 10, 1, 16, T)]),
    ("after inline code", "Call `target()` on the target.\n", [(1, 24, 1, 30, T)]),
    ("after &amp;", "Salt &amp; pepper target.\n", [(1, 19, 1, 25, T)]),
    ("after &eacute;", "Caf&eacute; target.\n", [(1, 13, 1, 19, T)]),
    ("after numeric entity", "A &#8212; target.\n", [(1, 11, 1, 17, T)]),
    ("after YAML front matter", "---\ntitle: Notes\n---\nThe target.\n", [(4, 5, 4, 11, T)]),
    ("after TOML front matter", '+++\ntitle = "Notes"\n+++\nThe target.\n', [(4, 5, 4, 11, T)]),
    ("table cell", "| a | b |\n|---|---|\n| x | the target |\n", [(3, 11, 3, 17, T)]),
    (
        "same text in two cells of a row",
        "| a | b |\n|---|---|\n| target | target |\n",
        [(3, 3, 3, 9, T), (3, 12, 3, 18, T)],
    ),
    (
        "table cell with an escaped pipe",
        "| a | b |\n|---|---|\n| x \\| target | target |\n",
        [(3, 8, 3, 14, T), (3, 17, 3, 23, T)],
    ),
    ("CRLF line endings", "Line one.\r\n\r\nThe target.\r\n", [(3, 5, 3, 11, T)]),
    ("lone CR line endings", "Line one.\r\rThe target.\r", [(3, 5, 3, 11, T)]),
    ("CRLF front matter", "---\r\ntitle: x\r\n---\r\ntarget\r\n", [(4, 1, 4, 7, T)]),
    ("after emoji and CJK", "🎉 日本語 target.\n", [(1, 7, 1, 13, T)]),
    ("after an astral-plane emoji pair", "👩‍💻 target\n", [(1, 5, 1, 11, T)]),
    ("list item", "- one\n- a target\n", [(2, 5, 2, 11, T)]),
    ("nested list item", "- a\n  - b target\n", [(2, 7, 2, 13, T)]),
    ("block quote", "> a target\n", [(1, 5, 1, 11, T)]),
    ("lazy block quote line", "> first\ntarget too\n", [(2, 1, 2, 7, T)]),
    ("ATX heading", "## The target\n", [(1, 8, 1, 14, T)]),
    ("setext heading", "The target\n==========\n", [(1, 5, 1, 11, T)]),
    (
        "emphasis",
        "An *emphasised target* and __target__.\n",
        [(1, 16, 1, 22, T), (1, 30, 1, 36, T)],
    ),
    ("HTML block", "<div>\n<p>The target.</p>\n</div>\n", [(2, 8, 2, 14, T)]),
    ("inline HTML attribute", 'A <span title="target">target</span>.\n', [(1, 24, 1, 30, T)]),
    ("link over two lines", "See [a\ntarget](http://example.com) ok.\n", [(2, 1, 2, 7, T)]),
    ("reference link", "See [target][1].\n\n[1]: http://example.com/target\n", [(1, 6, 1, 12, T)]),
    ("after autolink", "<http://example.com/target> target\n", [(1, 29, 1, 35, T)]),
    ("after bare URL", "http://example.com/target then target\n", [(1, 32, 1, 38, T)]),
    ("after image", "![target](target.png) target\n", [(1, 23, 1, 29, T)]),
    ("after link title", '[x](http://a.b "target") target\n', [(1, 26, 1, 32, T)]),
    ("escaped markup", "\\*target\\*\n", [(1, 3, 1, 9, T)]),
]

NOT_PROSE_MARKDOWN = [
    ("fenced code", "```\ntarget\n```\n"),
    ("tilde fence", "~~~python\ntarget = 1\n~~~\n"),
    ("indented code", "Para.\n\n    target\n"),
    ("inline code", "Use `target` here.\n"),
    ("link URL", "[docs](http://example.com/target)\n"),
    ("image alt and URL", "![a target](http://example.com/target.png)\n"),
    ("HTML comment", "<!-- target -->\n\nText <!-- target --> here.\n"),
    ("multi-line HTML comment", "<!--\ntarget\n-->\n"),
    ("YAML front matter", "---\ntitle: target\n---\nBody.\n"),
    ("TOML front matter", '+++\ntitle = "target"\n+++\nBody.\n'),
    ("reference definition", "[a]: http://example.com/target\n"),
    ("HTML script in Markdown", "<script>\nvar target = 1;\n</script>\n"),
]


@pytest.mark.parametrize(
    "text, expected", [c[1:] for c in MARKDOWN_CASES], ids=[c[0] for c in MARKDOWN_CASES]
)
def test_markdown_positions(positions, text, expected):
    assert positions(text, "draft.md") == expected


@pytest.mark.parametrize(
    "text", [c[1] for c in NOT_PROSE_MARKDOWN], ids=[c[0] for c in NOT_PROSE_MARKDOWN]
)
def test_markdown_non_prose_is_never_flagged(positions, text):
    assert positions(text, "draft.md") == []


HTML_CASES = [
    ("inside p", "<p>The target.</p>\n", [(1, 8, 1, 14, T)]),
    (
        "after tags and entities on one line",
        '<p>A &amp; <b>bold</b> <a href="http://x.y/target">target</a></p>\n',
        [(1, 52, 1, 58, T)],
    ),
    ("after &eacute;", "<p>caf&eacute; target</p>", [(1, 16, 1, 22, T)]),
    ("on a later line, CRLF", "<p>\r\nx</p>\r\n<p>target</p>\r\n", [(3, 4, 3, 10, T)]),
    ("unclosed paragraphs", "<p>target<p>target", [(1, 4, 1, 10, T), (1, 13, 1, 19, T)]),
    ("after a pre block", "<pre>\ntarget\n</pre><p>a target</p>", [(3, 12, 3, 18, T)]),
]

HTML_SKIPPED = ["script", "style", "nav", "header", "footer", "aside", "pre", "code"]


@pytest.mark.parametrize(
    "text, expected", [c[1:] for c in HTML_CASES], ids=[c[0] for c in HTML_CASES]
)
def test_html_positions(positions, text, expected):
    assert positions(text, "page.html") == expected


@pytest.mark.parametrize("tag", HTML_SKIPPED)
def test_html_furniture_and_code_are_not_prose(positions, tag):
    page = f"<html><body><{tag}>a target</{tag}><p>One target.</p></body></html>\n"
    col = page.index("One target") + len("One ") + 1
    assert positions(page, "page.html") == [(1, col, 1, col + 6, T)]


def test_html_comment_and_attributes_are_not_prose(positions):
    page = '<p title="target"><!-- target --><img alt="target" src="target.png"></p>'
    assert positions(page, "page.html") == []


def test_plain_text_blanks_urls(positions):
    text = "Visit http://example.com/target and the target.\nMail target@example.com.\n"
    assert positions(text, "notes.txt") == [(1, 41, 1, 47, T)]


def test_plain_text_keeps_markdown_syntax_as_prose(positions):
    # A .txt file is not Markdown: backticks do not make code.
    assert positions("Use `target` now.\n", "notes.txt") == [(1, 6, 1, 12, T)]
