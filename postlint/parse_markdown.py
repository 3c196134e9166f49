"""Markdown (CommonMark + GFM tables) into a Document, via markdown-it-py.

markdown-it gives block structure with source line maps but no inline offsets,
so each inline run is located in its source lines and its inline markup (code
spans, link destinations, tags, emphasis markers, entities...) is blanked with
anchored patterns. The result keeps the source's length and every offset.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass
from functools import cache

from .document import (
    Block,
    CodeBlock,
    Document,
    Image,
    Link,
    blank,
    find_directives,
    make_block,
    split_front_matter,
)
from .parse_html import blank_html_fragment


@cache
def _markdown_parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


@dataclass
class _Segment:
    """A run of inline content that sits contiguously in the source."""

    content_start: int
    source_start: int
    length: int


class _Builder:
    def __init__(self, source: str, path: str):
        self.source = source
        self.path = path
        self.chars = list(blank(source))
        self.line_starts = [m.start() for m in _LINE_RE.finditer(source)]
        self.links: list[Link] = []
        self.images: list[Image] = []
        self.blocks: list[Block] = []
        self.code_blocks: list[CodeBlock] = []
        self.references: dict = {}
        # Per source line, where the last located inline ended: table cells share a row,
        # so a cell must be searched for after the previous cell, not from the line start.
        self.line_cursor: dict[int, int] = {}
        self.code_spans: list[tuple[int, int]] = []  # inline code, in source offsets

    # -- block structure ---------------------------------------------------

    def line_span(self, first: int, last: int) -> tuple[int, int]:
        starts = self.line_starts
        start = starts[first] if first < len(starts) else len(self.source)
        end = starts[last] if last < len(starts) else len(self.source)
        return start, end

    def walk(self, tokens) -> None:
        quote = lst = table = 0
        pending: tuple[str, int] | None = None  # (kind, heading level) of the next inline
        for tok in tokens:
            t = tok.type
            if t == "blockquote_open":
                quote += 1
            elif t == "blockquote_close":
                quote -= 1
            elif t in ("bullet_list_open", "ordered_list_open"):
                lst += 1
            elif t in ("bullet_list_close", "ordered_list_close"):
                lst -= 1
            elif t == "table_open":
                table += 1
            elif t == "table_close":
                table -= 1
            elif t == "heading_open":
                pending = ("heading", int(tok.tag[1:]))
            elif t == "paragraph_open":
                pending = ("paragraph", 0)
            elif t in ("th_open", "td_open"):
                pending = ("table_cell", 0)
            elif t == "inline" and tok.map:
                kind, level = pending or ("paragraph", 0)
                self.inline(tok, kind, level, quote > 0, lst > 0, table > 0)
                pending = None
            elif t in ("fence", "code_block") and tok.map:
                start, end = self.line_span(*tok.map)
                lang = (tok.info or "").strip().split(" ")[0]
                self.code_blocks.append(CodeBlock(start, end, lang, tok.map[1] - tok.map[0]))
            elif t == "html_block" and tok.map:
                self.html_block(*self.line_span(*tok.map), quote > 0, lst > 0)

    def html_block(self, start: int, end: int, in_quote: bool, in_list: bool) -> None:
        fragment = blank_html_fragment(self.source[start:end], start)
        self.chars[start:end] = fragment.prose
        self.links.extend(fragment.links)
        self.images.extend(fragment.images)
        prose = "".join(self.chars[start:end])
        for s, e in fragment.block_spans:
            if re.search(r"\w", prose[s - start : e - start]):
                block = make_block(
                    "paragraph", "".join(self.chars), s, e, in_quote=in_quote, in_list=in_list
                )
                if block:
                    self.blocks.append(block)

    # -- inline content ---------------------------------------------------------

    def locate(self, tok) -> list[_Segment]:
        """Find each line of the inline's content in its source lines."""
        segments = []
        content_pos = 0
        first = tok.map[0]
        cursor = self.line_cursor
        for i, cline in enumerate(tok.content.split("\n")):
            line_no = first + i if tok.map[1] - tok.map[0] > 1 else first
            line_start, line_end = self.line_span(line_no, line_no + 1)
            line_text = self.source[line_start:line_end]
            at = line_text.find(cline, cursor.get(line_no, 0)) if cline else -1
            if at >= 0:
                segments.append(_Segment(content_pos, line_start + at, len(cline)))
                cursor[line_no] = at + len(cline)
            content_pos += len(cline) + 1
        return segments

    def inline(
        self, tok, kind: str, level: int, in_quote: bool, in_list: bool, in_table: bool
    ) -> None:
        segments = self.locate(tok)
        if not segments:
            return
        for seg in segments:
            s = seg.source_start
            self.chars[s : s + seg.length] = self.source[s : s + seg.length]
        mapper = _Mapper(segments)
        # Work on a copy of the content in which only located text survives.
        work = list(tok.content)
        located = [False] * len(work)
        for seg in segments:
            located[seg.content_start : seg.content_start + seg.length] = [True] * seg.length
        for i, ok in enumerate(located):
            if not ok and work[i] != "\n":
                work[i] = " "
        _InlineBlanker(self, mapper, "".join(work)).run()
        start = segments[0].source_start
        last = segments[-1]
        end = last.source_start + last.length
        block = make_block(
            kind,
            "".join(self.chars[start:end]),
            0,
            end - start,
            level=level,
            in_quote=in_quote,
            in_list=in_list,
            in_table=in_table,
        )
        if block:
            self.blocks.append(
                Block(
                    kind, start + block.start, start + block.end, level, in_quote, in_list, in_table
                )
            )

    def blank_source(self, start: int, end: int, replacement: str | None = None) -> None:
        if replacement is None:
            self.chars[start:end] = blank(self.source[start:end])
        else:
            self.chars[start:end] = replacement.ljust(end - start)[: end - start]


class _Mapper:
    """Maps offsets in an inline's content string to source offsets."""

    def __init__(self, segments: list[_Segment]):
        self.segments = segments
        self.starts = [s.content_start for s in segments]

    def spans(self, start: int, end: int):
        """Source spans covering content[start:end] (split at line breaks)."""
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        while i < len(self.segments) and self.segments[i].content_start < end:
            seg = self.segments[i]
            a = max(start, seg.content_start)
            b = min(end, seg.content_start + seg.length)
            if a < b:
                yield (
                    seg.source_start + (a - seg.content_start),
                    seg.source_start + (b - seg.content_start),
                )
            i += 1

    def to_source(self, pos: int) -> int:
        i = max(bisect.bisect_right(self.starts, pos) - 1, 0)
        seg = self.segments[i]
        return seg.source_start + min(max(pos - seg.content_start, 0), seg.length)


_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_AUTOLINK = re.compile(
    r"<((?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)|(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+))>"
)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}|\{\{.*?\}\}", re.DOTALL)
_BRACKETED = r"\[((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]"
_DEST = r"\(\s*(<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
_IMAGE = re.compile(r"!" + _BRACKETED + _DEST, re.DOTALL)
_LINK = re.compile(r"(?<![\\!])" + _BRACKETED + _DEST, re.DOTALL)
_REF_LINK = re.compile(
    r"(?<![\\\]])!?" + _BRACKETED + r"(?:\[((?:[^\[\]\\]|\\.)*)\])?(?![(:])", re.DOTALL
)
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_BARE_URL = re.compile(
    r"(?<![\w/])(?:https?://|www\.)[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]*_]|(?<![\w/.])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\w"
)
_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])|\\$", re.MULTILINE)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_EMPHASIS = re.compile(r"\*+|~~|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])")


class _InlineBlanker:
    """Blanks inline markup in one inline run; records links and images."""

    def __init__(self, builder: _Builder, mapper: _Mapper, content: str):
        self.b = builder
        self.m = mapper
        self.work = content

    def blank(self, start: int, end: int, replacement: str | None = None) -> None:
        if end <= start:
            return
        for s, e in self.m.spans(start, end):
            if replacement is None:
                self.b.blank_source(s, e)
            else:
                self.b.blank_source(s, e, replacement)
                replacement = ""
        w = self.work
        self.work = w[:start] + blank(w[start:end]) + w[end:]

    def run(self) -> None:
        self.sub(_CODE_SPAN, self.code_span)
        self.sub(_COMMENT, lambda m: self.blank(m.start(), m.end()))
        self.sub(_AUTOLINK, self.autolink)
        self.sub(_SHORTCODE, lambda m: self.blank(m.start(), m.end()))
        self.sub(_TAG, lambda m: self.blank(m.start(), m.end()))
        self.sub(_IMAGE, self.image)
        self.sub(_LINK, self.link)
        self.sub(_FOOTNOTE, lambda m: self.blank(m.start(), m.end()))
        self.sub(_REF_LINK, self.ref_link)
        self.sub(_BARE_URL, self.bare_url)
        self.sub(_ESCAPE, lambda m: self.blank(m.start(), m.end()))
        self.sub(_ENTITY, self.entity)
        self.sub(_EMPHASIS, lambda m: self.blank(m.start(), m.end()))

    def sub(self, pattern: re.Pattern, action) -> None:
        for m in list(pattern.finditer(self.work)):
            if m.group().strip():
                action(m)

    def code_span(self, m: re.Match) -> None:
        self.b.code_spans.append((self.src(m.start()), self.src(m.end())))
        self.blank(m.start(), m.end())

    def src(self, pos: int) -> int:
        return self.m.to_source(pos)

    def autolink(self, m: re.Match) -> None:
        url = m.group(1)
        if "@" in url and ":" not in url:
            url = "mailto:" + url
        s, e = self.src(m.start()), self.src(m.end())
        # The visible text is inside the angle brackets.
        self.b.links.append(Link(m.group(1), url, s, e, self.src(m.start(1)), self.src(m.end(1))))
        self.blank(m.start(), m.end())

    def image(self, m: re.Match) -> None:
        self.b.images.append(
            Image(m.group(1), _dest(m.group(2)), self.src(m.start()), self.src(m.end()))
        )
        self.blank(m.start(), m.end())

    def link(self, m: re.Match) -> None:
        text_start, text_end = m.start(1), m.end(1)
        self.b.links.append(
            Link(
                self.b.source[self.src(text_start) : self.src(text_end)],
                _dest(m.group(2)),
                self.src(m.start()),
                self.src(m.end()),
                self.src(text_start),
                self.src(text_end),
            )
        )
        self.blank(m.start(), text_start)
        self.blank(text_end, m.end())

    def ref_link(self, m: re.Match) -> None:
        label = m.group(2) if m.group(2) else m.group(1)
        ref = self.b.references.get(_normalise_label(label))
        if ref is None:
            return
        is_image = m.group().startswith("!")
        if is_image:
            self.b.images.append(
                Image(m.group(1), ref["href"], self.src(m.start()), self.src(m.end()))
            )
            self.blank(m.start(), m.end())
            return
        text_start, text_end = m.start(1), m.end(1)
        self.b.links.append(
            Link(
                self.b.source[self.src(text_start) : self.src(text_end)],
                ref["href"],
                self.src(m.start()),
                self.src(m.end()),
                self.src(text_start),
                self.src(text_end),
            )
        )
        self.blank(m.start(), text_start)
        self.blank(text_end, m.end())

    def bare_url(self, m: re.Match) -> None:
        url = m.group()
        if url.startswith("www."):
            url = "http://" + url
        elif "://" not in url:
            url = "mailto:" + url
        s, e = self.src(m.start()), self.src(m.end())
        self.b.links.append(Link(m.group(), url, s, e, s, e))
        self.blank(m.start(), m.end())

    def entity(self, m: re.Match) -> None:
        decoded = html.unescape(m.group())
        if len(decoded) != 1 or decoded == m.group():
            self.blank(m.start(), m.end())
            return
        if decoded.isspace() or decoded in "\u00ad\u200b":
            decoded = " "
        self.blank(m.start(), m.end(), decoded)


def _dest(raw: str) -> str:
    raw = raw.strip()
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    return html.unescape(raw.replace("\\", ""))


def _normalise_label(label: str) -> str:
    return " ".join(label.split()).casefold()


def parse_markdown(text: str, path: str) -> Document:
    front_matter, fm_end, problems = split_front_matter(text)
    builder = _Builder(text, path)
    # markdown-it sees the same lines, with front matter emptied and line endings normalised.
    masked = blank(text[:fm_end]) + text[fm_end:]
    masked = masked.replace("\r\n", "\n").replace("\r", "\n")
    env: dict = {}
    tokens = _markdown_parser().parse(masked, env)
    builder.references = {_normalise_label(k): v for k, v in env.get("references", {}).items()}
    builder.walk(tokens)
    builder.blocks.sort(key=lambda b: b.start)
    prose = "".join(builder.chars)
    doc = Document(
        path,
        "markdown",
        text,
        prose,
        front_matter=front_matter,
        front_matter_end=fm_end,
        links=sorted(builder.links, key=lambda lk: lk.start),
        images=sorted(builder.images, key=lambda im: im.start),
        blocks=builder.blocks,
        code_blocks=builder.code_blocks,
        problems=problems,
    )
    code = [(c.start, c.end) for c in builder.code_blocks] + builder.code_spans
    doc.directives = find_directives(text, doc.line_col, skip=code)
    return doc
