"""The block-rule dispatchers of ``parse_markdown`` give exactly the stock token stream.

``_markdown_parser`` puts one dispatching rule first in markdown-it's main block chain
and one in place of each terminator chain; they call only the stock rules that can
match at a line's first non-space character. Every token (type, tag, map, content,
info, markup, attrs, level, nesting, hidden, meta...) and the reference table must be
those of a stock ``MarkdownIt`` with the same options: on every corpus post, on tricky
hand-written block constructs and on random documents built from block fragments. A
gate that let a rule be skipped where it can match would fail here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from postlint.document import split_front_matter
from postlint.markdown_parser import _MAIN_CHAIN, _install_block_dispatch
from postlint.markdown_parser import markdown_parser as _markdown_parser
from postlint.parse_markdown import _markdown_input

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"


def stock_parser() -> MarkdownIt:
    """``_markdown_parser``'s options without the dispatchers."""
    md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    md.core.ruler.disable(["inline", "text_join", "normalize"])
    return md


STOCK = stock_parser()


def assert_same_tokens(source: str) -> None:
    env_ours: dict = {}
    env_stock: dict = {}
    ours = [t.as_dict() for t in _markdown_parser().parse(source, env_ours)]
    stock = [t.as_dict() for t in STOCK.parse(source, env_stock)]
    assert ours == stock, source
    assert env_ours == env_stock, source
    assert block_state(_markdown_parser(), source) == block_state(STOCK, source), source


def block_state(md: MarkdownIt, source: str) -> dict:
    """The block parser's whole state after tokenizing ``source`` (line arrays, parentType...).

    Also what a rule leaves behind that no token shows: a failing lheading leaves
    ``parentType`` set to "paragraph", which the dispatcher must do too when it skips it.
    """
    state = StateBlock(source, md, {}, [])
    md.block.tokenize(state, state.line, state.lineMax)
    fields = {k: v for k, v in vars(state).items() if k not in ("md", "tokens")}
    return {**fields, "tokens": [t.as_dict() for t in state.tokens]}


def test_the_dispatchers_are_installed() -> None:
    """Otherwise the comparisons below would compare stock parsing with itself."""
    ruler = _markdown_parser().block.ruler
    active = ruler.get_active_rules()
    assert active[0] == "postlint_dispatch"
    assert "code" in active  # StateBlock.is_code_block asks for it
    for chain in ("paragraph", "reference", "blockquote", "list"):
        rules = ruler.getRules(chain)
        assert [r.__name__ for r in rules] == [f"{chain}_terminators"]


TRICKY = [
    "",
    "\n",
    " ",
    "   \n  ",
    "\t",
    "a",
    "a\n",
    "a\n  ",
    "a\n\n\n",
    "# H\n",
    "#H\n#\n####### seven\n###### six ##\n",
    "  ## indented ## \n    # code, not heading\n",
    # setext headings, and what is not one
    "Title\n=====\n",
    "Title\n---\n",
    "Two\nlines\n===\n",
    "Title\n= = =\n",
    "Title\n    ===\n",
    "  Title\n  ---  \n",
    "- item\n---\n",
    "> quote\n---\n",
    "para\n\n---\n",
    "para\n***\n",
    "para\n___\n",
    "para\n-\n",
    "para\n=\n",
    "para\n- - -\n",
    "para\n-a\n",
    "para\n2. cannot interrupt\n---\n",
    "para\n-\n===\n",
    "- item\n  para\n  2. x\n  ---\n",
    "para\n# heading\n---\n",
    "para\n    lazy\n===\n",
    "> para\nlazy\n---\n",
    # lazy continuation
    "> quote\nlazy line\n> more\n",
    "> quote\n\nnot lazy\n",
    "- item\nlazy\n  indented\n",
    "1. item\n   continued\nlazy\n2. next\n",
    "> - nested\n> - list\nlazy\n",
    "> para\n    indented lazy\n",
    # nested lists and blockquotes
    "- a\n  - b\n    - c\n      - d\n- e\n",
    "- a\n - b\n  - c\n   - d\n    - e\n",
    "1. a\n2. b\n10) c\n",
    "1. one\n\n   para\n\n2. two\n",
    "- a\n\n- b\n",
    "-\n\n  foo\n",
    "-\n\n\n- x\n",
    "- \n  foo\n",
    "* a\n+ b\n- c\n",
    "> > nested\n> back\n>\n> > > deep\n",
    ">no space\n>\ttab\n",
    "> # heading in quote\n> ```\n> code\n> ```\n",
    "para\n1. not interrupting? yes: starts with 1\n",
    "para\n2. cannot interrupt\n",
    "para\n- \n",
    "para\n-\n",
    "1234567890. too long\n123456789. fine\n",
    "١. arabic-indic digit\n",
    "٢) another\n",
    "１. fullwidth digit\n",
    "para\n١. no list\n",
    # fences
    "```\ncode\n```\n",
    "```python title\ncode\n```\n",
    "~~~\n```\n~~~\n",
    "``\nnot a fence\n``\n",
    "``` info `backtick`\n",
    "```\nunclosed\n",
    "- item\n  ```\n  code in list\n  ```\n- next\n",
    "- item\n```\nfence ends the list\n```\n",
    "> ```\n> in quote\n\nafter\n",
    "para\n```\nfence interrupts\n```\n",
    "    ```\n    indented fence is code\n",
    # tables
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "a | b\n--|--\n1 | 2\n",
    "para\n| a | b |\n|---|---|\n",
    "| a |\n|---|---|\n",
    "no pipe\n|---|\n",
    "| a | b |\n| - | - |\n",
    "| a | b |\n|:-:|--:|\n| x |\n| y | z | w |\n\nafter\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n> quote ends table\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n- list ends table\n",
    "| a |\n|---|\n|\n",
    "- | a | b |\n  |---|---|\n  | 1 | 2 |\n",
    "| a \\| b | c |\n|---|---|\n",
    "| a |\n-|\n",
    "| a |\n- x\n",
    "|\n|\n",
    "a|b\n:-\n",
    "a | b\n:-|-:\n1 | 2\n",
    "para\n| a | b |\n:--|--:\n",
    "- a | b\n  :-|-:\n",
    "| a\n|---|\n",
    "para\n|a\n-\n",
    # HTML blocks of each kind
    "<script>\nvar x;\n</script>\nafter\n",
    "<pre>\npre\n\ntext</pre>\n",
    "<style>p{}</style>\n",
    "<textarea>\n\n</textarea>\n",
    "<!-- comment\n\nstill -->\n",
    "<?php echo 1; ?>\n",
    "<!DOCTYPE html>\n",
    "<![CDATA[\nx\n]]>\n",
    "<div>\n*md*\n\n</div>\n",
    "</div>\n",
    "<custom-tag attr='1'>\n\n",
    "para\n<div>interrupts</div>\n",
    "para\n<span>does not interrupt</span>\n",
    "para\n<custom>does not interrupt\n",
    "- item\n<div>x</div>\n",
    "> q\n<div>x</div>\n",
    "<a href='x'>\n",
    "<",
    "<\n",
    # reference definitions
    "[a]: http://x.com\n\n[a]\n",
    "[a]: http://x.com \"title\"\n[b]: <y> 't'\n",
    "[a]:\nhttp://x.com\n",
    "[a\nb]: /url\n",
    "[a]: /url\n'title\nmultiline'\n",
    "[a]: /url 'title' garbage\n",
    "[a]: /url garbage\n",
    "[]: /url\n",
    "[a] not a ref\n",
    "[a]\n: not a ref\n",
    "[link](http://x) text\n",
    "[a]: /u\n[a]: /duplicate\n",
    "para\n[a]: /not-a-ref\n",
    "> [q]: /quoted-ref\n",
    "- [l]: /ref-in-list\n",
    "[a\\]]: /escaped\n",
    "[a[b]: /nested\n",
    "[\n",
    "[",
    # tabs
    "\tcode\n",
    " \tcode\n",
    "-\tlist with tab\n",
    ">\t\ttabbed quote\n",
    "- a\n\t- tab-nested\n",
    "1.\tx\n\n\tpara\n",
    "#\ttab heading\n",
    "para\n\t---\n",
    # indented code after paragraphs
    "para\n    not code\n",
    "para\n\n    code\n\n    more\n",
    "    code\n\n\n    same block\npara\n",
    "- item\n\n      code in item\n",
    "  - a\n     - b\n",
    # hr, headings interrupting
    "para\n# heading\n",
    "para\n#not heading\n",
    "* * *\n",
    "-- \n",
    "_ _ _ _\n",
    "- - x\n",
    "*\t*\t*\n",
    "para\n-\t-\t-\t\n",
    "- item\n- - -\t\n",
    "_ _ _ _x\n",
    "***x\n",
    "-*-\n",
    "*\n",
    "+\n",
    "+ \n",
    # empty / whitespace-only last lines, no trailing newline
    "para\n   ",
    "para\n\t",
    "> q\n>",
    "> q\n> ",
    "- a\n-",
    "- a\n- ",
    "```",
    "#",
    "|a|\n|-|",
    "Title\n---",
    "Title\n===   ",
    # mixed
    "Intro\n\n> quote\n> - list\n>   1. nested\n>\n> ```\n> fence\n> ```\n\nOutro\n",
    "<div>\n\n- list in html\n\n</div>\n",
    "Ünïcödé para\n=====\n\n– dash item\n• bullet\n",
    "İstanbul\n---\nß\n",
]


@pytest.mark.parametrize("source", TRICKY)
def test_tricky_block_constructs(source: str) -> None:
    assert_same_tokens(source)


def test_corpus_posts() -> None:
    paths = sorted(CORPUS.glob("*")) if CORPUS.is_dir() else []
    if not paths:
        pytest.skip("corpus not available")
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert_same_tokens(_markdown_input(text, split_front_matter(text)[1]))


FRAGMENTS = [
    "para text",
    "more words here",
    "a | b",
    "| a | b |",
    "|---|---|",
    "--|--",
    ":-:",
    ":-|-:",
    "|:-|-:|",
    "| 1 | 2 |",
    "# heading",
    "###### h6 ##",
    "#nospace",
    "===",
    "---",
    "- - -",
    "***",
    "___",
    "- item",
    "* item",
    "+ item",
    "-",
    "1. one",
    "2) two",
    "١. not a list",
    "> quote",
    ">",
    "> > deep",
    "```",
    "```py",
    "~~~",
    "<div>",
    "</div>",
    "<!-- c",
    "-->",
    "<span>x</span>",
    "<script>",
    "</script>",
    "<?x",
    "?>",
    "<!X",
    "[ref]: /url",
    "[ref]: /url 'title'",
    "[ref]",
    "[text](url)",
    "[open",
    "close]: /u",
    "\\[escaped",
    "é ünicode",
    "",
    "   ",
    "\t",
]
PREFIXES = ["", "", "", " ", "  ", "   ", "    ", "\t", "> ", "- ", "1. ", "  - ", ">"]

LINE = st.builds(
    lambda prefix, body: prefix + body, st.sampled_from(PREFIXES), st.sampled_from(FRAGMENTS)
)
DOCUMENT = st.builds(
    lambda lines, end: "\n".join(lines) + end,
    st.lists(LINE, max_size=14),
    st.sampled_from(["", "\n", "\n\n", " "]),
)


@settings(
    max_examples=400,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(DOCUMENT)
def test_random_documents_from_block_fragments(source: str) -> None:
    assert_same_tokens(source)


# -- the guard ---------------------------------------------------------------------


def dispatch_rule_names(md: MarkdownIt) -> list[str]:
    return [name for name in md.block.ruler.get_all_rules() if name.startswith("postlint_")]


def test_install_on_stock_chains() -> None:
    md = stock_parser()
    assert _install_block_dispatch(md)
    assert md.block.ruler.get_active_rules()[1:12] == list(_MAIN_CHAIN)
    assert len(dispatch_rule_names(md)) == 5


def _extra_rule(state, line, end, silent) -> bool:
    return False


@pytest.mark.parametrize(
    "change",
    [
        lambda md: md.block.ruler.before("paragraph", "plugin", _extra_rule),
        lambda md: md.block.ruler.push("plugin", _extra_rule, {"alt": ["paragraph"]}),
        lambda md: md.block.ruler.disable("table"),
        lambda md: md.block.ruler.disable("code"),
        lambda md: md.block.ruler.at("hr", _extra_rule, {"alt": ["paragraph"]}),
        lambda md: md.block.ruler.at("fence", md.block.ruler.getRules("")[2]),  # no alt
    ],
)
def test_unexpected_chains_keep_stock_parsing(change) -> None:
    """A plugin, a disabled rule or changed terminators: nothing is installed, output stock."""
    md = stock_parser()
    change(md)
    reference = stock_parser()
    change(reference)
    chains = {c: md.block.ruler.getRules(c) for c in ("", "paragraph", "reference", "list")}
    assert not _install_block_dispatch(md)
    assert dispatch_rule_names(md) == []
    assert {c: md.block.ruler.getRules(c) for c in chains} == chains
    for source in ["para\n- item\n", "| a |\n|---|\n", "    code\n", "> q\n---\n"]:
        assert [t.as_dict() for t in md.parse(source)] == [
            t.as_dict() for t in reference.parse(source)
        ]


def test_paragraph_before_a_long_run_of_blocks_stays_linear() -> None:
    """lheading's gate stops where lheading stops: it must not scan to the next empty line.

    Counted in reads of the block parser's line starts, which are deterministic; a gate
    that scanned on would read about n**2 / 4 of them for n lines.
    """

    class Counted(list):
        reads = 0

        def __getitem__(self, index):
            Counted.reads += 1
            return super().__getitem__(index)

    def reads(md: MarkdownIt, source: str) -> int:
        state = StateBlock(source, md, {}, [])
        state.bMarks = Counted(state.bMarks)
        Counted.reads = 0
        md.block.tokenize(state, state.line, state.lineMax)
        return Counted.reads

    for unit in ["a\n# h\n", "a\n> q\n", "a\n```\n```\n", "- a\n  b\n", "a\n<div>\n"]:
        small, large = unit * 500, unit * 2000
        assert reads(_markdown_parser(), large) < 5 * reads(_markdown_parser(), small), unit
        assert reads(_markdown_parser(), large) < 2 * reads(STOCK, large), unit


# -- the inline scan -----------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        "",
        "plain words only",
        "a `code` b",
        "[t](http://x.com/a_b) then www.y.org and _em_",
        "\\* &amp; <b>x</b> {{< sc >}} ![i](p.png)",
        "snake_case_word and trailing_",
        "no markup but an @ sign",
        "mail me@example.com [x](y)",
    ],
)
def test_markup_scan_from_a_known_first_candidate(content: str) -> None:
    """``_markup(content, first)`` skips only the search that found ``first``."""
    from postlint.parse_markdown import _MARKUP_START, _markup

    def spans(matches):
        return [(m.start(), m.end(), m.lastgroup) for m in matches]

    first = _MARKUP_START.search(content)
    assert spans(_markup(content, first)) == spans(_markup(content))


def test_records_built_from_tuples_are_the_named_tuples() -> None:
    from postlint.document import Block, Link
    from postlint.parse_markdown import _block, _link

    block = _block(("heading", 1, 5, 2, False, True, False))
    assert type(block) is Block
    assert block == Block("heading", 1, 5, 2, False, True, False)
    assert block.level == 2 and block.in_list
    link = _link(("t", "http://x", 0, 9, 1, 2))
    assert type(link) is Link
    assert link == Link("t", "http://x", 0, 9, 1, 2) and link.text_end == 2


# -- link normalisation --------------------------------------------------------------

URL_EDGES = [
    "http://a.b",
    "https://www.rust-lang.org/governance/teams",
    "http://x?q",
    "http://x#f",
    "http://x/a#b?c",
    "http://x/a?b#c",
    "HTTP://a.b/",
    "Https://A.B/C",
    "http://a..b/",
    "http://a.b./",
    "http://.a.b/",
    "http://a.b:80/",
    "http://a.b:/",
    "http://u@a.b/",
    "http://a.b/u@v",
    "http://a.b/%41",
    "http://a.b/%zz",
    "http://a.b/ü",
    "http://ü.b/",
    "http://[::1]/",
    "http://a_b.c/",
    "http://a+b.c/",
    "http://a.b/ x",
    " http://a.b/",
    "http://a.b/<x>",
    'http://a.b/"q"',
    "http://a.b/`x`",
    "http://a.b/{x}|^\\",
    "ftp://a.b/",
    "mailto:a@b.c",
    "//a.b/c",
    "/relative/path",
    "http:/a.b",
    "http://" + "a" * 63 + ".b/",
    "http://" + "a" * 64 + ".b/",
    "http://" + ".".join(["a" * 63] * 4) + "/x",  # host of 255
    "http://" + ".".join(["a" * 63] * 3 + ["a" * 62, "a"]),  # host of 256
    "http://" + ".".join(["a" * 63] * 3 + ["a" * 62, "a"]) + "/",
    "https://" + ".".join(["a" * 63] * 4),  # host of 255 after "https://"
    "http://" + ".".join(["a" * 63] * 4) + "/" + "p" * 300,
]


_STOCK_NORMALIZER = MarkdownIt()


def stock_normalize(url: str) -> str:
    return _STOCK_NORMALIZER.normalizeLink(url)


@pytest.mark.parametrize("url", URL_EDGES)
def test_plain_url_normalisation_on_edge_cases(url: str) -> None:
    assert _markdown_parser().normalizeLink(url) == stock_normalize(url)


URL_PIECES = [
    "http://", "https://", "HTTP://", "ftp://", "a", "Z", "0", "-", ".", "..", "/", "?", "#",
    "=", "&", "%", "%4", "%41", "@", ":", ":8", "_", "~", "!", "$", "'", "(", ")", "*", "+",
    ",", ";", "ü", "日", " ", "\t", "<", ">", '"', "`", "[", "]", "{", "|", "\\", "^",
    "x" * 63, "y" * 64,
]  # fmt: skip


@settings(max_examples=500, derandomize=True, database=None, deadline=None)
@given(st.lists(st.sampled_from(URL_PIECES), max_size=12))
def test_plain_url_normalisation_on_generated_urls(pieces: list[str]) -> None:
    url = "".join(pieces)
    assert _markdown_parser().normalizeLink(url) == stock_normalize(url)


def test_reference_destinations_of_the_corpus() -> None:
    """Every destination the corpus's reference definitions send to ``normalizeLink``."""
    paths = sorted(CORPUS.glob("*")) if CORPUS.is_dir() else []
    if not paths:
        pytest.skip("corpus not available")
    recorder = stock_parser()
    urls: list[str] = []
    recorder.normalizeLink = lambda url: urls.append(url) or stock_normalize(url)
    for path in paths:
        recorder.parse(path.read_text(encoding="utf-8"))
    fast = _markdown_parser().normalizeLink
    assert len(urls) > 1000
    assert [fast(url) for url in urls] == [stock_normalize(url) for url in urls]


def test_the_parser_keeps_no_reference_to_a_parsed_document() -> None:
    """lheading's gate hands the paragraph rule a ``(state, line, end)`` it has answered;
    the slot is emptied when the paragraph rule returns, so no block state (with its
    source and tokens) outlives its parse, and no later call can be answered from it.
    """
    import gc
    import weakref

    md = _markdown_parser()
    for source in ["- a\n- b\n", "para\n# h\n", "> q\n> - a\n> - b\n", "a\nb\n- c\n"]:
        state = StateBlock(source, md, {}, [])
        md.block.tokenize(state, state.line, state.lineMax)
        ref = weakref.ref(state)
        del state
        gc.collect()
        assert ref() is None, source
