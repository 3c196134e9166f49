"""HTML into a Document with the standard library's HTMLParser.

Only the prose of the body counts: script, style, nav, header, footer, aside and
similar page furniture are left out, code is blanked, tags and comments become
spaces and each entity becomes its character padded with spaces, so offsets in
the prose view are offsets in the source.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .document import Block, CodeBlock, Document, Image, Link, blank, find_directives, make_block

#: Elements whose whole content is not the post's prose.
SKIPPED = {
    "script", "style", "nav", "header", "footer", "aside", "template", "noscript",
    "head", "svg", "math", "iframe", "object", "select", "button", "form", "canvas",
}  # fmt: skip
CODE = {"pre", "code", "kbd", "samp"}
BLOCKS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd",
    "blockquote", "figure", "figcaption", "table", "thead", "tbody", "tr", "td", "th",
    "caption", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br", "body", "html", "address",
    "details", "summary", "pre",
}  # fmt: skip
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class HtmlFragment:
    prose: str
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    block_spans: list[tuple[int, int]] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    code_blocks: list[CodeBlock] = field(default_factory=list)


class _ProseParser(HTMLParser):
    def __init__(self, source: str, base: int):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.base = base
        self.chars = list(blank(source))
        self.nl_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.skip = 0
        self.code = 0
        self.quote = self.list = self.table = 0
        self.heading = 0
        self.cell = False
        self.boundaries: list[tuple[int, tuple]] = [(0, self.state())]
        self.open_links: list[tuple[str, int]] = []
        self.links: list[Link] = []
        self.images: list[Image] = []
        self.code_blocks: list[CodeBlock] = []
        self.code_start = 0

    def state(self) -> tuple:
        kind = "heading" if self.heading else ("table_cell" if self.cell else "paragraph")
        return (kind, self.heading, self.quote > 0, self.list > 0, self.table > 0)

    def pos(self) -> int:
        line, col = self.getpos()
        return self.nl_starts[line - 1] + col

    def boundary(self, at: int) -> None:
        self.boundaries.append((at, self.state()))

    def handle_starttag(self, tag: str, attrs) -> None:
        start = self.pos()
        raw = self.get_starttag_text() or ""
        end = start + len(raw)
        self._open(tag, dict(attrs), start, end, self_closing=raw.endswith("/>"))

    def handle_startendtag(self, tag: str, attrs) -> None:
        start = self.pos()
        raw = self.get_starttag_text() or ""
        self._open(tag, dict(attrs), start, start + len(raw), self_closing=True)

    def _open(self, tag: str, attrs: dict, start: int, end: int, self_closing: bool) -> None:
        void = self_closing or tag in VOID
        if tag == "img" and not self.skip:
            self.images.append(
                Image(
                    attrs.get("alt") or "",
                    attrs.get("src") or "",
                    self.base + start,
                    self.base + end,
                )
            )
        if self.skip:
            if tag in SKIPPED and not void:
                self.skip += 1
            return
        if tag in SKIPPED and not void:
            self.boundary(start)
            self.skip += 1
            return
        if tag in CODE and not void:
            if self.code == 0:
                self.code_start = start
            self.code += 1
        if tag == "a" and attrs.get("href") is not None and not void:
            self.open_links.append((attrs.get("href") or "", start, end))
        if tag in BLOCKS:
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.heading = int(tag[1])
            elif tag == "blockquote":
                self.quote += 1
            elif tag in ("ul", "ol"):
                self.list += 1
            elif tag == "table":
                self.table += 1
            elif tag in ("td", "th"):
                self.cell = True
            self.boundary(end)

    def handle_endtag(self, tag: str) -> None:
        start = self.pos()
        close = self.source.find(">", start)
        end = close + 1 if close >= 0 else len(self.source)
        if self.skip:
            if tag in SKIPPED:
                self.skip -= 1
                if self.skip == 0:
                    self.boundary(end)
            return
        if tag in CODE and self.code:
            self.code -= 1
            if self.code == 0 and tag == "pre":
                lines = self.source.count("\n", self.code_start, end) + 1
                self.code_blocks.append(
                    CodeBlock(self.base + self.code_start, self.base + end, "", lines)
                )
        if tag == "a" and self.open_links:
            href, tag_start, text_start = self.open_links.pop()
            text = self.source[text_start:start]
            self.links.append(
                Link(
                    html.unescape(re.sub(r"<[^>]*>", "", text)).strip(),
                    href,
                    self.base + tag_start,
                    self.base + end,
                    self.base + text_start,
                    self.base + start,
                )
            )
        if tag in BLOCKS:
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.heading = 0
            elif tag == "blockquote":
                self.quote = max(0, self.quote - 1)
            elif tag in ("ul", "ol"):
                self.list = max(0, self.list - 1)
            elif tag == "table":
                self.table = max(0, self.table - 1)
            elif tag in ("td", "th"):
                self.cell = False
            self.boundary(start)

    def handle_data(self, data: str) -> None:
        if self.skip or self.code:
            return
        start = self.pos()
        if self.source.startswith(data, start):
            self.chars[start : start + len(data)] = data

    def _reference(self, raw_prefix: str, name: str) -> None:
        if self.skip or self.code:
            return
        start = self.pos()
        end = start + len(raw_prefix) + len(name)
        if self.source.startswith(";", end):
            end += 1
        decoded = html.unescape(self.source[start:end])
        if len(decoded) == 1 and not decoded.isspace() and decoded not in "\u00ad\u200b":
            self.chars[start:end] = decoded.ljust(end - start)

    def handle_entityref(self, name: str) -> None:
        self._reference("&", name)

    def handle_charref(self, name: str) -> None:
        self._reference("&#", name)

    def block_spans(self) -> list[tuple[int, int, tuple]]:
        points = sorted(self.boundaries, key=lambda b: b[0])
        spans = []
        for (at, state), nxt in zip(points, points[1:] + [(len(self.source), None)], strict=True):
            if nxt[0] > at:
                spans.append((at, nxt[0], state))
        return spans


def _run_parser(source: str, base: int) -> _ProseParser:
    parser = _ProseParser(source, base)
    try:
        parser.feed(source)
        parser.close()
    except (AssertionError, ValueError, IndexError):
        pass  # malformed markup: keep what was parsed so far
    return parser


def blank_html_fragment(source: str, base: int = 0) -> HtmlFragment:
    """Prose view of an HTML fragment that starts at ``base`` in its document."""
    parser = _run_parser(source, base)
    prose = "".join(parser.chars)
    spans = [(base + s, base + e) for s, e, _ in parser.block_spans()]
    return HtmlFragment(prose, parser.links, parser.images, spans, code_blocks=parser.code_blocks)


def parse_html(text: str, path: str) -> Document:
    parser = _run_parser(text, 0)
    prose = "".join(parser.chars)
    blocks = []
    for start, end, (kind, level, quote, lst, table) in parser.block_spans():
        if re.search(r"\w", prose[start:end]):
            block = make_block(
                kind, prose, start, end, level=level, in_quote=quote, in_list=lst, in_table=table
            )
            if block:
                blocks.append(block)
    doc = Document(
        path,
        "html",
        text,
        prose,
        links=sorted(parser.links, key=lambda lk: lk.start),
        images=parser.images,
        blocks=blocks,
        code_blocks=parser.code_blocks,
    )
    doc.directives = find_directives(text, doc.line_col)
    return doc
