"""The Document model: the same-length prose view and the structure kept beside it."""

from __future__ import annotations

import html
import re

import pytest

from postlint.document import Document, parse

_ENTITY_AT = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")

INVARIANT_INPUTS = [
    (
        "md all markup",
        "draft.md",
        (
            "---\ntitle: A & B\ntags: [x]\n---\n# Head *line*\n\nText with `code`, "
            '[a link](http://x.y/z "t"), ![img](i.png), <b>tag</b>, &amp; &eacute; &#169;.\n\n'
            "> quote &mdash; here\n\n- item <http://auto.link>\n- two\n\n| a | b |\n|---|---|\n"
            "| c&amp;d | e |\n\n```\ncode\n```\n\n    indented\n\n<!-- comment -->\n"
            "<div>\n<p>html &lt;block&gt;</p>\n</div>\n"
        ),
    ),
    ("md CRLF", "draft.md", "# T\r\n\r\nA [b](http://c) &amp; d.\r\n\r\n```\r\nx\r\n```\r\n"),
    ("md CR", "draft.md", "# T\r\rA [b](http://c) &amp; d.\r\r| a |\r|---|\r| b |\r"),
    ("md emoji CJK", "draft.md", "🎉 日本語 **粗体** [链接](http://x) 😀\n"),
    ("md TOML", "draft.md", '+++\ntitle = "x"\n+++\nBody &copy; 2024.\n'),
    ("md nbsp and soft hyphen", "draft.md", "a&nbsp;b&shy;c&#8203;d\n"),
    ("md broken entity", "draft.md", "&notanentity; &#xZZ; & alone\n"),
    (
        "html page",
        "page.html",
        (
            "<!doctype html><html><head><title>T</title><style>p{}</style></head><body>"
            "<nav>menu</nav><h1>Title &amp; more</h1>\n<p>Para <a href='x'>link</a> "
            "&eacute;&#233;&#xe9;</p><script>var a = '<p>';</script><pre>code</pre>"
            "<!-- c --><footer>f</footer></body></html>\n"
        ),
    ),
    ("html CRLF", "page.html", "<p>\r\none &amp;\r\ntwo</p>\r\n"),
    ("html malformed", "page.html", "<p>unclosed <b>bold <a href=x>link &amp no semicolon\n"),
    ("text", "notes.txt", "Plain text http://x.y/z and mail a@b.co.\n\nSecond &amp; para.\n"),
]


def _prose_violations(source: str, prose: str) -> list[tuple[int, str, str]]:
    """Offsets where the prose view breaks its contract with the source."""
    bad = []
    for i, (p, s) in enumerate(zip(prose, source, strict=True)):
        if s in "\r\n" or p in "\r\n":
            if p != s:
                bad.append((i, p, s))
        elif p not in (" ", s):
            entity = _ENTITY_AT.match(source, i)
            if not (entity and html.unescape(entity.group()) == p):
                bad.append((i, p, s))
    return bad


@pytest.mark.parametrize(
    "path, text", [c[1:] for c in INVARIANT_INPUTS], ids=[c[0] for c in INVARIANT_INPUTS]
)
def test_prose_view_keeps_length_newlines_and_characters(path, text):
    doc = parse(text, path)
    assert doc.source == text
    assert len(doc.prose) == len(doc.source)
    assert _prose_violations(doc.source, doc.prose) == []


def test_entities_decode_into_their_first_character():
    doc = parse("Caf&eacute; &amp; co\n", "draft.md")
    assert doc.prose == "Caf" + "é".ljust(len("&eacute;")) + " " + "&".ljust(len("&amp;")) + " co\n"


def test_front_matter_code_and_urls_are_blanked():
    text = "---\ntitle: Hi\n---\nSee [docs](http://x.y) and `code`.\n"
    doc = parse(text, "draft.md")
    assert doc.front_matter == {"title": "Hi"}
    assert doc.front_matter_end == len("---\ntitle: Hi\n---")
    body = "See " + " docs" + " " * len("](http://x.y)") + " and " + " " * len("`code`") + ".\n"
    assert doc.prose == "   \n" + " " * len("title: Hi") + "\n   \n" + body


MARKDOWN = """\
---
title: Demo
---
# Release notes

Read [the guide](https://example.com/guide "Guide") and [the FAQ][faq].
Mail <ops@example.com> or visit <https://example.org>, or https://bare.example.net/path.

![A chart](img/chart.png)

> Quoted *words* here.

- first item

| Name | Value |
|------|-------|
| Dr. Smith | 3.5 |

```python
print("hi")
```

    indented code

[faq]: https://example.com/faq
"""


@pytest.fixture(scope="module")
def md_doc():
    return parse(MARKDOWN, "draft.md")


def _span(doc, start, end):
    return doc.source[start:end]


def test_markdown_links(md_doc):
    got = [(lk.text, lk.url, _span(md_doc, lk.start, lk.end)) for lk in md_doc.links]
    assert got == [
        (
            "the guide",
            "https://example.com/guide",
            '[the guide](https://example.com/guide "Guide")',
        ),
        ("the FAQ", "https://example.com/faq", "[the FAQ][faq]"),
        ("ops@example.com", "mailto:ops@example.com", "<ops@example.com>"),
        ("https://example.org", "https://example.org", "<https://example.org>"),
        (
            "https://bare.example.net/path",
            "https://bare.example.net/path",
            "https://bare.example.net/path",
        ),
    ]
    texts = [_span(md_doc, lk.text_start, lk.text_end) for lk in md_doc.links]
    assert texts == [lk.text for lk in md_doc.links]
    assert md_doc.line_col(md_doc.links[2].start) == (7, 6)


def test_markdown_images(md_doc):
    [image] = md_doc.images
    assert (image.alt, image.url) == ("A chart", "img/chart.png")
    assert _span(md_doc, image.start, image.end) == "![A chart](img/chart.png)"
    assert md_doc.line_col(image.start) == (9, 1)


def test_markdown_blocks_and_flags(md_doc):
    got = [
        (b.kind, b.level, b.in_quote, b.in_list, b.in_table, _span(md_doc, b.start, b.end))
        for b in md_doc.blocks
    ]
    para = (
        'Read [the guide](https://example.com/guide "Guide") and [the FAQ][faq].\n'
        "Mail <ops@example.com> or visit <https://example.org>, or https://bare.example.net/path."
    )
    assert got == [
        ("heading", 1, False, False, False, "Release notes"),
        ("paragraph", 0, False, False, False, para),
        ("paragraph", 0, True, False, False, "Quoted *words* here."),
        ("paragraph", 0, False, True, False, "first item"),
        ("table_cell", 0, False, False, True, "Name"),
        ("table_cell", 0, False, False, True, "Value"),
        ("table_cell", 0, False, False, True, "Dr. Smith"),
        ("table_cell", 0, False, False, True, "3.5"),
    ]


def test_markdown_heading_levels():
    doc = parse("# One\n\n### Three\n\nTwo\n---\n", "draft.md")
    assert [(b.level, _span(doc, b.start, b.end)) for b in doc.blocks] == [
        (1, "One"),
        (3, "Three"),
        (2, "Two"),
    ]


def test_markdown_code_blocks(md_doc):
    got = [(c.lang, c.lines, _span(md_doc, c.start, c.end)) for c in md_doc.code_blocks]
    assert got == [
        ("python", 3, '```python\nprint("hi")\n```\n'),
        ("", 1, "    indented code\n"),
    ]


def test_sentences_with_abbreviations_across_blanked_markup():
    text = (
        "Dr. Smith arrived at 3 p.m. in the U.S. with `v1.2.3` of [the tool](http://x.y). "
        'He said "It works." Then he left... Really? Yes (e.g. twice.) Done.\n'
    )
    doc = parse(text, "draft.md")
    assert [_span(doc, s.start, s.end) for s in doc.sentences] == [
        "Dr. Smith arrived at 3 p.m. in the U.S. with `v1.2.3` of [the tool](http://x.y).",
        'He said "It works."',
        "Then he left...",
        "Really?",
        "Yes (e.g. twice.)",
        "Done.",
    ]
    # Words come from the prose view: code and the URL are not words.
    words = [doc.prose[w.start : w.end] for w in doc.words]
    assert "v1.2.3" not in words and "http" not in words
    assert words[:4] == ["Dr", "Smith", "arrived", "at"]


HTML = (
    "<html><head><title>T</title></head><body><header>H</header>"
    '<h2>Title</h2><p>See <a href="http://a.b/c">the <b>docs</b></a> now.</p>'
    "<ul><li>item one</li></ul><blockquote><p>quoted</p></blockquote>"
    '<table><tr><td>cell</td></tr></table><img src="i.png" alt="Alt">'
    "<pre><code>x = 1\ny = 2</code></pre></body></html>"
)


def test_html_structure():
    doc = parse(HTML, "page.html")
    [link] = doc.links
    assert (link.text, link.url) == ("the docs", "http://a.b/c")
    assert _span(doc, link.start, link.end) == '<a href="http://a.b/c">the <b>docs</b></a>'
    assert _span(doc, link.text_start, link.text_end) == "the <b>docs</b>"
    [image] = doc.images
    assert (image.alt, image.url, _span(doc, image.start, image.end)) == (
        "Alt",
        "i.png",
        '<img src="i.png" alt="Alt">',
    )
    blocks = [
        (b.kind, b.level, b.in_quote, b.in_list, b.in_table, _span(doc, b.start, b.end))
        for b in doc.blocks
    ]
    assert blocks == [
        ("heading", 2, False, False, False, "Title"),
        (
            "paragraph",
            0,
            False,
            False,
            False,
            'See <a href="http://a.b/c">the <b>docs</b></a> now.',
        ),
        ("paragraph", 0, False, True, False, "item one"),
        ("paragraph", 0, True, False, False, "quoted"),
        ("table_cell", 0, False, False, True, "cell"),
    ]
    [code] = doc.code_blocks
    assert (code.lines, _span(doc, code.start, code.end)) == (
        2,
        "<pre><code>x = 1\ny = 2</code></pre>",
    )


def test_plain_text_links_and_paragraphs():
    doc = parse("See www.example.com now.\n\nMail ops@example.com.\n", "notes.txt")
    assert [(lk.text, lk.url) for lk in doc.links] == [
        ("www.example.com", "http://www.example.com"),
        ("ops@example.com", "mailto:ops@example.com"),
    ]
    assert [_span(doc, b.start, b.end) for b in doc.blocks] == [
        "See www.example.com now.",
        "Mail ops@example.com.",
    ]


def test_line_col_counts_characters_on_every_line_ending():
    doc = parse("a\r\nb\rc\n😀d", "notes.txt")
    assert [doc.line_col(doc.source.index(ch)) for ch in "abcd"] == [
        (1, 1),
        (2, 1),
        (3, 1),
        (4, 2),
    ]
    assert doc.line_text(4) == "😀d"
    assert doc.line_text(1) == "a"


def test_unwrapped_plain_text_makes_each_line_a_paragraph():
    long_a = "The council approved the budget after a long debate about road repairs " * 3
    long_b = "Residents asked why the library hours were cut while the parking fund grew " * 3
    text = f"Budget vote\n{long_a.strip()}\n{long_b.strip()}\n"
    doc = parse(text, "pasted.txt")
    starts = [doc.line_col(b.start) for b in doc.blocks]
    assert starts == [(1, 1), (2, 1), (3, 1)]
    assert doc.source[doc.blocks[0].start : doc.blocks[0].end] == "Budget vote"


def test_hard_wrapped_plain_text_keeps_blank_line_paragraphs():
    text = (
        "The council approved the budget after a long\n"
        "debate about road repairs and library hours.\n"
        "\n"
        "Residents asked why the parking fund grew.\n"
    )
    doc = parse(text, "wrapped.txt")
    assert [doc.line_col(b.start)[0] for b in doc.blocks] == [1, 4]
    assert doc.source[doc.blocks[0].start : doc.blocks[0].end].endswith("library hours.")


@pytest.mark.parametrize(
    "source",
    ["", "a", "\n", "\n\n", "a\n", "a\nb", "a\r\nb\rc\n", "\r", "x\u2028y\x0bz\n", "é\n日"],
)
def test_line_starts_follow_every_line_break(source):
    """The split-based fast path gives what the line-break regex gives."""
    doc = Document("x.md", "markdown", source, source)
    assert doc.line_starts == [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", source)]


@pytest.mark.parametrize(
    "source",
    [
        "No quotes at all here.",
        'He said "yes and no" and then "maybe".',
        "“Curly ‘nested’ quote” and ‘single’s end’ then 'plain'.",
        '> Whole quote block with "inner" words.\n\nAfter "a" b "c d e" f.',
        '"unclosed quote and a "closed one" here',
        '"x" "y" "zz"',
    ],
)
def test_unquoted_words_are_the_words_in_quote_rejects(source):
    doc = parse(source, "q.md")
    assert doc.unquoted_words == [w for w in doc.words if not doc.in_quote(w.start, w.end)]
