"""Parse a draft (Markdown, HTML or plain text) into a ``Document`` with exact positions.

The central idea: ``Document.prose`` is a copy of the source of the *same length*
in which everything that is not prose (front matter, code, URLs, markup, tags,
comments, entity padding) is replaced by spaces, newlines kept. Any offset found
in the prose view is therefore an offset in the source, and kinds never have to
translate positions. Links, images, headings and front matter are kept beside it
as structured data.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate, chain, repeat
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

from . import patterncache
from .segment import WORD_RE, sentences_in, split_lowered_words, split_words
from .yamlio import YamlLoadError, load_yaml

MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd", ".mdx")
HTML_EXTENSIONS = (".html", ".htm", ".xhtml")
TEXT_EXTENSIONS = (".txt", ".text")
KNOWN_EXTENSIONS = MARKDOWN_EXTENSIONS + HTML_EXTENSIONS + TEXT_EXTENSIONS

_NEWLINE_RE = patterncache.compile(r"\r\n|\r|\n")
_NOT_NEWLINE_RUN = patterncache.compile(r"[^\r\n]+")


class Span(NamedTuple):
    """A [start, end) range of source offsets (a tuple: millions are made per batch)."""

    start: int
    end: int


def _spans(pairs: Iterable[tuple[int, int]]) -> list[Span]:
    """``Span``s of ``(start, end)`` pairs, made in C.

    ``Span(start, end)`` is a Python call per span, and a document has thousands of
    words; ``tuple.__new__`` with the class passed by ``map`` builds each one in C.
    """
    return list(map(tuple.__new__, repeat(Span), pairs))


_match_span = re.Match.span
_span_start = itemgetter(0)
_block_range = attrgetter("start", "end")


# The parsed pieces are immutable records, as named tuples (like ``Span``): a post has
# dozens of blocks and links, and a named tuple is made about three times faster than
# a frozen dataclass (whose ``__init__`` sets each field through ``object.__setattr__``);
# its class is also created faster at import. Fields, keywords, defaults, immutability,
# repr and equality between records are a frozen dataclass's (a record also equals a
# plain tuple of its values, as ``Span`` does).


class Link(NamedTuple):
    """A hyperlink. ``start``/``end`` cover the whole markup; ``text_*`` the visible text."""

    text: str
    url: str
    start: int
    end: int
    text_start: int
    text_end: int


class Image(NamedTuple):
    alt: str
    url: str
    start: int
    end: int


class Block(NamedTuple):
    """A unit of prose: a heading, a paragraph (also a list item's or quote's), a table cell."""

    kind: str  # "heading" | "paragraph" | "table_cell"
    start: int
    end: int
    level: int = 0  # heading level
    in_quote: bool = False
    in_list: bool = False
    in_table: bool = False


class CodeBlock(NamedTuple):
    start: int
    end: int
    lang: str
    lines: int


class Directive(NamedTuple):
    """An inline ``<!-- postlint-... -->`` comment."""

    action: str  # "disable" | "enable" | "disable-next-line"
    rules: tuple[str, ...]  # empty means every rule
    line: int  # 1-based line of the comment
    end_line: int


@dataclass
class Document:
    path: str
    format: str
    source: str
    prose: str
    front_matter: dict[str, Any] = field(default_factory=dict)
    front_matter_end: int = 0
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    code_blocks: list[CodeBlock] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: Per-document memo for kinds that share work (e.g. readability counts).
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    # --- positions -------------------------------------------------------

    @cached_property
    def line_starts(self) -> list[int]:
        """Offset of each line's first character (a line break ends a line; none starts one).

        Without a carriage return every break is a ``\\n``: the offsets are running sums of
        the line lengths ``str.split`` gives, in C rather than a match object per line.
        """
        source = self.source
        if "\r" in source:
            return [0] + [m.end() for m in _NEWLINE_RE.finditer(source)]
        starts = list(accumulate([len(line) + 1 for line in source.split("\n")], initial=0))
        starts.pop()  # the sum after the last line: one past the end
        return starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a source offset."""
        starts = self.line_starts
        i = bisect.bisect_right(starts, offset) - 1
        return i + 1, offset - starts[i] + 1

    def line_text(self, line: int) -> str:
        starts = self.line_starts
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.source)
        return self.source[start:end].rstrip("\r\n")

    # --- segmentation (computed once, shared by every rule) ---------------

    @cached_property
    def sentences(self) -> list[Span]:
        return _spans(sentences_in(self.prose, map(_block_range, self.blocks)))

    @cached_property
    def words(self) -> list[Span]:
        """``segment.word_spans`` of every block, in order.

        When the blocks are whitespace-separated (``_blocks_split_like_prose``: nearly
        every post), the words of the blocks are the words of the whole prose, found by
        one ``re.split`` (``segment.split_words``): every other piece is a word, and the
        running sum of the pieces' lengths gives each word's start and end, all in C. The
        words' texts are kept for ``lower_words``; a narrow or Latin-1 prose is split
        lower-cased (``segment.split_lowered_words``: the same pieces' lengths), which gives
        ``lower_words`` itself. Otherwise each block is scanned on its own.
        """
        prose, blocks = self.prose, self.blocks
        if not self._blocks_split_like_prose:
            finditer = WORD_RE.finditer
            pairs: list[tuple[int, int]] = []
            for block in blocks:
                pairs += map(_match_span, finditer(prose, block.start, block.end))
            return _spans(pairs)
        pieces = split_lowered_words(prose)
        if pieces is not None:
            self.__dict__["lower_words"] = pieces[1::2]
        else:
            pieces = split_words(prose)
            self.__dict__["_word_texts"] = pieces[1::2]
        # Pieces alternate gap, word, ..., gap; piece k ends where piece k + 1 starts, so
        # the running ends alternate word start, word end; the end of the last gap is left
        # out. The starts are kept for ``word_starts``.
        offsets = list(accumulate(map(len, pieces)))
        starts = self.__dict__["word_starts"] = offsets[0:-1:2]
        return _spans(zip(starts, offsets[1::2], strict=True))

    @cached_property
    def _blocks_split_like_prose(self) -> bool:
        """``_blocks_split_like_prose`` of the prose and blocks (asked by ``words`` and
        ``quote_spans``)."""
        return _blocks_split_like_prose(self.prose, self.blocks)

    @cached_property
    def word_starts(self) -> list[int]:
        """The start offset of each of ``words``, for bisecting (kept by ``words`` when
        it finds them as offsets, else read off the spans)."""
        words = self.words  # may store this very property
        starts = self.__dict__.get("word_starts")
        return starts if starts is not None else list(map(_span_start, words))

    @cached_property
    def lower_words(self) -> list[str]:
        """Each word's text, lower-cased (set by ``words`` or from the texts it kept when it
        could)."""
        words = self.words
        texts = self.__dict__.pop("_word_texts", None)
        if texts is None:
            prose = self.prose
            texts = [prose[s:e] for s, e in words]
        return list(map(str.lower, texts))

    @cached_property
    def quote_spans(self) -> list[Span]:
        """Other people's words: text in quotation marks and whole block quotes."""
        spans = [Span(b.start, b.end) for b in self.blocks if b.in_quote]
        spans += _spans(_quotations(self.prose, self.blocks, self._blocks_split_like_prose))
        spans.sort()  # a Span is the tuple (start, end): by start, then end
        return spans

    @cached_property
    def _quote_starts(self) -> list[int]:
        return [s.start for s in self.quote_spans]

    @cached_property
    def _quote_reach(self) -> list[int]:
        """For each quote span, the furthest end among it and the spans before it, back to
        the last gap of more than ``_QUOTE_GAP`` characters between one span's end and
        the next one's start (see ``in_quote``)."""
        reach: list[int] = []
        previous_end = 0
        for span in self.quote_spans:
            if reach and span.start - previous_end <= _QUOTE_GAP:
                reach.append(max(reach[-1], span.end))
            else:
                reach.append(span.end)
            previous_end = span.end
        return reach

    def in_quote(self, start: int, end: int) -> bool:
        """Does a quote span hold [start, end)? Only spans after the last wide gap count.

        Defined as a walk back from the last span starting at or before ``start``,
        which stops where a span ends more than ``_QUOTE_GAP`` characters before the
        next one starts (such a span ends before ``start``, so the walk's own test
        for it always holds). Every span walked starts at or before ``start``, so
        one holds [start, end) exactly when the furthest end among them reaches
        ``end``: ``_quote_reach`` keeps that maximum, and one bisect answers.
        """
        i = bisect.bisect_right(self._quote_starts, start) - 1
        return i >= 0 and self._quote_reach[i] >= end

    @cached_property
    def unquoted_words(self) -> list[Span]:
        """``words`` that ``in_quote`` does not place inside a quotation, in order.

        ``in_quote`` can only accept a word that some quote span contains, so only the
        words starting inside a span (found by bisecting the sorted words) ask it; the
        others are copied over in slices, in C.
        """
        words = self.words
        quoted: set[int] = set()
        for span in self.quote_spans:
            i = bisect.bisect_left(words, span.start, key=_span_start)
            while i < len(words) and words[i].start < span.end:
                w = words[i]
                if w.end <= span.end and self.in_quote(w.start, w.end):
                    quoted.add(i)
                i += 1
        if not quoted:
            return list(words)
        out: list[Span] = []
        kept_from = 0
        for i in sorted(quoted):
            out += words[kept_from:i]
            kept_from = i + 1
        out += words[kept_from:]
        return out

    def block_at(self, offset: int) -> Block | None:
        starts = [b.start for b in self.blocks]
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and self.blocks[i].start <= offset < self.blocks[i].end + 1:
            return self.blocks[i]
        return None

    def word_count(self) -> int:
        return len(self.words)


def _blocks_split_like_prose(prose: str, blocks: list[Block]) -> bool:
    """Are the words of the blocks, scanned one by one, the words of the whole prose?

    True when the blocks are in order, do not overlap, and whitespace (or the end of
    the prose) follows each block and fills everything between and around them.
    Proof: ``WORD_RE`` neither starts at nor consumes whitespace, so no word of the
    whole prose lies outside the blocks or runs past a block's end. A block's scan
    sees the text before the block (a look-behind is not limited by ``pos``); at a
    block's end it sees the end of the text where the whole scan sees whitespace,
    and every look-ahead of ``WORD_RE`` tests one character that is never
    whitespace, so it answers the same for both. The matches are therefore the same.
    """
    pos, size = 0, len(prose)
    for block in blocks:
        start, end = block.start, block.end
        if start < pos or end < start or end > size:
            return False
        if start > pos and not prose[pos:start].isspace():
            return False
        if end < size and not prose[end].isspace():
            return False
        pos = end
    return pos == size or prose[pos:].isspace()


def _quotations(prose: str, blocks: list[Block], in_order: bool) -> list[tuple[int, int]]:
    """The spans of ``_QUOTATION_RE.finditer(prose, block.start, block.end)`` over the blocks.

    Every match opens with a quotation mark (``_QUOTATION_MARKS``), so a block's scan
    can only match at one: when the blocks are in order and do not overlap
    (``in_order``), the marks are found with ``str.find`` and the pattern is tried at
    each mark inside a block, bounded by the block's end (as its scan is) and from the
    end of the block's previous match on, instead of ``re`` testing every character of
    every block for the three marks. Otherwise each block is scanned.
    """
    if not in_order:
        finditer = _QUOTATION_RE.finditer
        return [m.span() for block in blocks for m in finditer(prose, block.start, block.end)]
    marks = sorted(chain.from_iterable(_positions(prose, mark) for mark in _QUOTATION_MARKS))
    starts = [b.start for b in blocks]
    match, found, resume = _QUOTATION_RE.match, [], 0
    for at in marks:
        if at < resume:
            continue  # inside the previous match
        i = bisect.bisect_right(starts, at) - 1
        if i < 0 or at >= blocks[i].end:
            continue  # between blocks
        m = match(prose, at, blocks[i].end)
        if m is not None:
            found.append(m.span())
            resume = m.end()
    return found


def _positions(text: str, char: str) -> list[int]:
    """Every offset of ``char`` in ``text``, in order (``str.find``, in C)."""
    out, at = [], text.find(char)
    while at >= 0:
        out.append(at)
        at = text.find(char, at + 1)
    return out


#: ``in_quote`` looks back past quote spans only while they are closer than this.
_QUOTE_GAP = 10_000
_QUOTATION_RE = patterncache.compile(r'"[^"\n]{2,800}?"|“[^”]{2,800}?”|‘[^’\n]{2,400}?’(?!\w)')
#: The opening marks of ``_QUOTATION_RE``'s branches: every match starts with one.
_QUOTATION_MARKS = '"“‘'


# --- entry point ---------------------------------------------------------------


def detect_format(path: str, text: str = "") -> str:
    lower = path.lower()
    if lower.endswith(HTML_EXTENSIONS):
        return "html"
    if lower.endswith(TEXT_EXTENSIONS):
        return "text"
    if lower.endswith(MARKDOWN_EXTENSIONS):
        return "markdown"
    head = text[:500].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    return "markdown"


def parse(text: str, path: str = "<text>", format: str | None = None) -> Document:
    """Parse ``text`` into a Document; ``format`` is detected from the path when not given."""
    fmt = format or detect_format(path, text)
    if fmt == "html":
        from .parse_html import parse_html

        return parse_html(text, path)
    if fmt == "text":
        return parse_text(text, path)
    from .parse_markdown import parse_markdown

    return parse_markdown(text, path)


# --- helpers shared by the format parsers ----------------------------------------


def blank(text: str) -> str:
    """Spaces for every character except line breaks, so line numbers survive."""
    return _NOT_NEWLINE_RUN.sub(lambda m: " " * len(m.group()), text)


_DIRECTIVE_RE = patterncache.compile(
    r"<!--\s*postlint-(disable-next-line|disable|enable)\b\s*([^>]*?)\s*-->", re.IGNORECASE
)


def find_directives(source: str, line_col, skip: list[tuple[int, int]] = ()) -> list[Directive]:
    """Inline control comments; those inside ``skip`` spans (code showing an example) don't count."""
    out = []
    for m in _DIRECTIVE_RE.finditer(source):
        if any(s <= m.start() < e for s, e in skip):
            continue
        names = tuple(n for n in re.split(r"[\s,]+", m.group(2)) if n)
        line, _ = line_col(m.start())
        end_line, _ = line_col(m.end())
        out.append(Directive(m.group(1).lower(), names, line, end_line))
    return out


_FRONT_MATTER_RE = patterncache.compile(
    r"\A(?:\ufeff)?(---|\+\+\+)[ \t]*(?:\r\n|\r|\n)(.*?)(?:\r\n|\r|\n)(?:---|\.\.\.|\+\+\+)[ \t]*(?=\r\n|\r|\n|\Z)",
    re.DOTALL,
)


def split_front_matter(source: str) -> tuple[dict[str, Any], int, list[str]]:
    """Return (front matter, end offset of the block, problems)."""
    m = _FRONT_MATTER_RE.match(source)
    if not m:
        return {}, 0, []
    fence, body = m.group(1), m.group(2)
    if fence == "+++":
        return _parse_toml_front_matter(body, m.end())
    try:
        data = _fast_yaml(body)
        if data is _SLOW:
            data = load_yaml(body).data
    except YamlLoadError as exc:
        where = f" (line {exc.line + 1})" if exc.line else ""
        return {}, m.end(), [f"malformed front matter{where}: {exc}"]
    if data is None:
        return {}, m.end(), []
    if not isinstance(data, dict):
        return {}, m.end(), ["malformed front matter: expected a mapping of keys"]
    return {str(k): v for k, v in data.items()}, m.end(), []


_SLOW = object()


def _fast_yaml(body: str) -> Any:
    """Front matter through libyaml when that is safe, else ``_SLOW``.

    The pure-Python loader in ``load_yaml`` (which counts aliases against YAML
    bombs and words errors with their line) takes a millisecond or more per post,
    the largest single cost of parsing a short draft. Front matter without
    anchors or aliases cannot be a bomb, so libyaml's safe loader, which builds
    the same values, reads it; anything it does not accept goes the careful way
    for the proper error message.
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None or "&" in body or "*" in body or len(body) > 100_000:
        return _SLOW
    try:
        reader = loader(body)
        try:
            return reader.get_single_data()
        finally:
            reader.dispose()
    except Exception:  # any problem: let load_yaml report it properly
        return _SLOW


def _parse_toml_front_matter(body: str, end: int) -> tuple[dict[str, Any], int, list[str]]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        return tomllib.loads(body), end, []
    except tomllib.TOMLDecodeError as exc:
        return {}, end, [f"malformed front matter: {exc}"]


# --- plain text -------------------------------------------------------------------

_URL_RE = patterncache.compile(
    r"\b(?:https?://|www\.)[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]|\b[\w.+-]+@[\w-]+\.[\w.-]+\w"
)
_BLANK_LINE_RE = patterncache.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)\s*")


def parse_text(text: str, path: str) -> Document:
    """Plain text: paragraphs are separated by blank lines; URLs become links and are blanked."""
    prose = list(text)
    links: list[Link] = []
    for m in _URL_RE.finditer(text):
        prose[m.start() : m.end()] = " " * (m.end() - m.start())
        links.append(Link(m.group(), _absolute(m.group()), m.start(), m.end(), m.start(), m.end()))
    prose_text = "".join(prose)
    separator = _NEWLINE_RE if _lines_are_paragraphs(prose_text) else _BLANK_LINE_RE
    blocks = []
    pos = 0
    for m in [*separator.finditer(prose_text), None]:
        end = m.start() if m else len(text)
        if prose_text[pos:end].strip():
            blocks.append(_trimmed_block("paragraph", prose_text, pos, end))
        pos = m.end() if m else len(text)
    doc = Document(path, "text", text, prose_text, links=links, blocks=blocks)
    doc.directives = find_directives(text, doc.line_col)
    return doc


def _lines_are_paragraphs(text: str) -> bool:
    """True for text pasted from a web page or word processor: one paragraph a line.

    Hard-wrapped text keeps its lines short (about 60-80 characters) and marks
    paragraphs with blank lines; unwrapped text has long lines and often no blank
    lines at all, so each line break ends a paragraph (or a heading).
    """
    lengths = sorted(len(line) for line in _NEWLINE_RE.split(text) if line.strip())
    if len(lengths) < 2:
        return False
    return lengths[len(lengths) * 3 // 4] > 120


def _absolute(url: str) -> str:
    if url.startswith("www."):
        return "http://" + url
    if "@" in url and "://" not in url and not url.startswith("mailto:"):
        return "mailto:" + url
    return url


def trimmed_span(prose: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without leading and trailing whitespace (empty, at its end, if all blank).

    ``str.strip`` removes exactly the characters ``str.isspace`` accepts, in C.
    """
    piece = prose[start:end]
    kept = piece.lstrip()
    start += len(piece) - len(kept)
    return start, start + len(kept.rstrip())


def _trimmed_block(kind: str, prose: str, start: int, end: int, **flags: Any) -> Block:
    start, end = trimmed_span(prose, start, end)
    return Block(kind, start, end, **flags)


def make_block(kind: str, prose: str, start: int, end: int, **flags: Any) -> Block | None:
    """A block trimmed of blank space, or None if nothing of it is prose."""
    block = _trimmed_block(kind, prose, start, end, **flags)
    return block if block.end > block.start else None
