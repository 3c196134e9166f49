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
from collections.abc import Callable, Iterator
from functools import partial
from itertools import accumulate
from operator import attrgetter, itemgetter
from typing import NamedTuple

from . import patterncache
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
from .markdown_parser import known_line_lengths, markdown_parser


def prepare() -> None:
    """Build the Markdown parser and import the HTML blanker now rather than on first use.

    Why: ``--jobs`` forks its workers from the parent after calling this, so they
    inherit both instead of each spending about 25 ms of CPU on the same imports and
    regex compiles before its first post.
    """
    markdown_parser()
    from . import parse_html  # noqa: F401 - for posts holding HTML blocks


def _markdown_input(text: str, front_matter_end: int) -> str:
    """What markdown-it parses: the same lines, front matter emptied, line breaks normalised.

    Exactly the text markdown-it's own "normalize" rule would produce from the masked
    source (``\\r\\n`` and ``\\r`` become ``\\n``, NUL becomes U+FFFD), which is disabled.
    """
    masked = _blank_text(text[:front_matter_end]) + text[front_matter_end:]
    # Each replacement only where needed: a test for one character is cheaper than a
    # replace that finds nothing.
    if "\r" in masked:
        masked = masked.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in masked:
        masked = masked.replace("\0", "\ufffd")
    return masked


_LINE_RE = patterncache.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def _line_lengths(source: str) -> list[int] | None:
    """The length of each ``\\n``-separated line, or None when the source has a ``\\r``.

    Shared by the line starts and the blank text, so the source is split once.
    """
    return None if "\r" in source else list(map(len, source.split("\n")))


def _line_starts(source: str, lengths: list[int] | None = None) -> list[int]:
    """Offsets where ``_LINE_RE`` finds a line (``len(source)`` last unless a line starts there).

    Without a carriage return every line ends at a ``\\n``: the starts are running sums of
    the line lengths (``_line_lengths``, given or computed), in C instead of a match object
    per line.
    """
    if "\r" in source:
        return [m.start() for m in _LINE_RE.finditer(source)]
    if lengths is None:
        lengths = _line_lengths(source)
    starts = list(accumulate(map((1).__add__, lengths), initial=0))
    starts[-1] -= 1  # the last line has no "\n" after it: its end is len(source)
    if starts[-1] == starts[-2]:  # the text ends with a line break: no empty last line
        starts.pop()
    return starts


def _document_line_starts(source: str, starts: list[int]) -> list[int]:
    """``Document.line_starts`` of a source without ``\\r``, from its ``_line_starts``.

    Every engine run asks for a document's line starts; the builder has already
    split the source into lines for its own. Both lists are the running sums of the
    line lengths plus one; ``_line_starts`` then ends with ``len(source)``, which
    ``Document.line_starts`` holds only when the last line is empty (an empty source,
    or one ending with ``\\n``: ``_line_starts`` has then dropped its extra last sum).
    """
    return starts[:] if not source or source.endswith("\n") else starts[:-1]


def _blank_text(source: str, lengths: list[int] | None = None) -> str:
    """``blank(source)`` (spaces, line breaks kept), built from the lines in C when there is no \\r.

    ``lengths`` are the source's ``_line_lengths`` when already known.
    """
    if "\r" in source:
        return blank(source)
    if lengths is None:
        lengths = _line_lengths(source)
    return "\n".join(map(" ".__mul__, lengths))


#: Token types that open or close nothing the walk tracks (most of the closing tags).
_IGNORED_TOKENS = frozenset(
    [
        "paragraph_close",
        "list_item_open",
        "list_item_close",
        "heading_close",
        "tr_open",
        "tr_close",
        "th_close",
        "td_close",
        "thead_open",
        "thead_close",
        "tbody_open",
        "tbody_close",
        "hr",
    ]
)


class _Builder:
    """Collects the prose pieces, blocks, links and images of one Markdown document.

    The prose view is the blanked source with *pieces* put back: each located line of an
    inline run (its markup blanked) and each HTML block's own prose view. Pieces never
    overlap (an inline's lines, the cells of a table row and HTML blocks each own their
    source), so they are kept as ``(offset, text)`` and joined once at the end
    (``prose``) instead of editing a list with one item per character of the document.
    """

    def __init__(self, source: str, path: str, line_lengths: list[int] | None = None):
        """``line_lengths``: the source's ``_line_lengths`` when already known."""
        self.source = source
        self.path = path
        self.line_lengths = _line_lengths(source) if line_lengths is None else line_lengths
        self.line_starts = _line_starts(source, self.line_lengths)
        self.pieces: list[tuple[int, str]] = []
        self.links: list[Link] = []
        self.images: list[Image] = []
        self.blocks: list[Block] = []
        self.code_blocks: list[CodeBlock] = []
        self.references: dict = {}
        # Per source line, where the last located inline ended: table cells share a row,
        # so a cell must be searched for after the previous cell, not from the line start.
        self.line_cursor: dict[int, int] = {}
        self.code_spans: list[tuple[int, int]] = []  # inline code, in source offsets

    def prose(self) -> str:
        """The blanked source with every piece put back (the Document's prose view)."""
        base = _blank_text(self.source, self.line_lengths)
        out, pos = [], 0
        for start, text in sorted(self.pieces, key=itemgetter(0)):
            if start < pos:  # overlapping pieces (not expected): put them back in order
                return _prose_in_order(base, self.pieces)
            out.append(base[pos:start])
            out.append(text)
            pos = start + len(text)
        out.append(base[pos:])
        return "".join(out)

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
            # The commonest types first; closing tags of paragraphs, items and cells say nothing.
            if t == "inline":
                if tok.map:
                    kind, level = pending or ("paragraph", 0)
                    self.inline(tok, kind, level, quote > 0, lst > 0, table > 0)
                    pending = None
            elif t == "paragraph_open":
                pending = ("paragraph", 0)
            elif t in _IGNORED_TOKENS:
                continue
            elif t == "heading_open":
                pending = ("heading", int(tok.tag[1:]))
            elif t in ("th_open", "td_open"):
                pending = ("table_cell", 0)
            elif t in ("bullet_list_open", "ordered_list_open"):
                lst += 1
            elif t in ("bullet_list_close", "ordered_list_close"):
                lst -= 1
            elif t == "blockquote_open":
                quote += 1
            elif t == "blockquote_close":
                quote -= 1
            elif t == "table_open":
                table += 1
            elif t == "table_close":
                table -= 1
            elif t in ("fence", "code_block") and tok.map:
                start, end = self.line_span(*tok.map)
                lang = (tok.info or "").strip().split(" ")[0]
                self.code_blocks.append(CodeBlock(start, end, lang, tok.map[1] - tok.map[0]))
            elif t == "html_block" and tok.map:
                self.html_block(*self.line_span(*tok.map), quote > 0, lst > 0)

    def html_block(self, start: int, end: int, in_quote: bool, in_list: bool) -> None:
        from .parse_html import blank_html_fragment  # html.parser: only for posts with HTML

        fragment = blank_html_fragment(self.source[start:end], start)
        prose = fragment.prose
        self.pieces.append((start, prose))
        self.links.extend(fragment.links)
        self.images.extend(fragment.images)
        for s, e in fragment.block_spans:
            if re.search(r"\w", prose[s - start : e - start]):
                block = make_block(
                    "paragraph", prose, s - start, e - start, in_quote=in_quote, in_list=in_list
                )
                if block:
                    self.blocks.append(
                        Block(
                            "paragraph",
                            block.start + start,
                            block.end + start,
                            0,
                            in_quote,
                            in_list,
                        )
                    )

    # -- inline content ---------------------------------------------------------

    def locate_whole(self, content: str, first: int, last: int) -> int:
        """Where the whole content sits verbatim in the source, or -1.

        Most runs are one line, or lines without indentation or markers (a top-level
        paragraph): ``locate`` would find each of their lines where this one ``find``
        finds the whole, so the run is one piece, located in C. That holds when:

        * the content has one line per source line of the run and no empty line, and the
          copy lies in the run's lines, after the first line's cursor (so it starts in the
          first line, and each later line starts its source line, where ``locate`` finds it);
        * the first line has no earlier copy there (``locate`` takes the first one);
        * no later line of the run has a cursor yet (``locate`` would search after it).

        The cursors are then set as ``locate`` sets them; any other run returns -1 and
        goes through ``locate``.
        """
        source, starts, cursor = self.source, self.line_starts, self.line_cursor
        if not content or first + 1 >= len(starts):
            return -1
        line_start = starts[first]
        lo = line_start + cursor.get(first, 0)
        if "\n" not in content:
            at = source.find(content, lo, starts[first + 1])
            if at >= 0:
                cursor[first] = at - line_start + len(content)
            return at
        lines = content.split("\n")
        if len(lines) != last - first or "" in lines:
            return -1
        at = source.find(content, lo, starts[last] if last < len(starts) else len(source))
        head = len(lines[0])
        if (
            at < 0
            or source.find(lines[0], lo, at + head - 1) >= 0
            or not cursor.keys().isdisjoint(range(first + 1, last))
        ):
            return -1
        cursor[first] = at - line_start + head
        cursor.update(zip(range(first + 1, last), map(len, lines[1:]), strict=True))
        return at

    def locate(self, tok) -> tuple[list[_Segment], bool]:
        """Find each line of the inline's content in its source lines.

        Also says whether every line was found whole (else the parts not found must be
        blanked in the content before it is scanned for markup).
        """
        content = tok.content
        first, last = tok.map
        source, starts, cursor = self.source, self.line_starts, self.line_cursor
        segments: list[_Segment] = []
        complete = True
        content_pos = 0
        multi_line = last - first > 1
        for i, cline in enumerate(content.split("\n")):
            if cline:
                line_no = first + i if multi_line else first
                if line_no + 1 < len(starts):
                    line_start, line_end = starts[line_no], starts[line_no + 1]
                else:
                    line_start, line_end = self.line_span(line_no, line_no + 1)
                at = source.find(cline, line_start + cursor.get(line_no, 0), line_end)
                if at >= 0:
                    segments.append(_segment((content_pos, at, len(cline))))
                    cursor[line_no] = at - line_start + len(cline)
                else:
                    complete = False
                    if "|" in cline:
                        segments += self._locate_cell(cline, content_pos, line_no, line_start)
            content_pos += len(cline) + 1
        return segments, complete

    def _locate_cell(
        self, cline: str, content_pos: int, line_no: int, line_start: int
    ) -> list[_Segment]:
        """A table cell's content has ``\\|`` unescaped to ``|``: locate the pieces between pipes."""
        pieces = cline.split("|")
        pattern = r"\\?\|".join(f"({re.escape(p)})" for p in pieces)
        line_text = self.source[line_start : self.line_span(line_no, line_no + 1)[1]]
        m = re.compile(pattern).search(line_text, self.line_cursor.get(line_no, 0))
        if not m:
            return []
        self.line_cursor[line_no] = m.end()
        out, offset = [], content_pos
        for i, piece in enumerate(pieces, start=1):
            if piece:
                out.append(_segment((offset, line_start + m.start(i), len(piece))))
            offset += len(piece) + 1
        return out

    def _blanked(self, content: str, to_source: Callable[[], Callable[[int], int]]) -> str:
        """``content`` with its inline markup blanked; ``to_source()`` maps its offsets
        to the source's, and is only built when there is markup to blank."""
        email = "@" in content
        first = None if email else _MARKUP_START.search(content)
        if not email and first is None:
            return content
        return _InlineBlanker(self, to_source(), content).run(first)

    def inline(
        self, tok, kind: str, level: int, in_quote: bool, in_list: bool, in_table: bool
    ) -> None:
        """Put back an inline run's located lines with their markup blanked; add its block."""
        content = tok.content
        at = self.locate_whole(content, *tok.map)
        if at >= 0:  # one piece; line breaks in it are the source's own
            content = self._blanked(content, lambda: at.__add__)
            self.pieces.append((at, content))
            kept = content.lstrip()
            if kept:  # as make_block: no block when nothing of it is prose
                start = at + len(content) - len(kept)
                end = start + len(kept.rstrip())
                self.blocks.append(_block((kind, start, end, level, in_quote, in_list, in_table)))
            return
        segments, complete = self.locate(tok)
        if not segments:
            return
        if not complete:
            content = _only_located(content, segments)
        content = self._blanked(content, lambda: _to_source(segments, content))
        pieces = self.pieces
        first = last = -1  # source span of the run's prose without surrounding whitespace
        for content_start, source_start, length in segments:
            text = content[content_start : content_start + length]
            pieces.append((source_start, text))
            # Between two lines of a run the prose is blank (markers, indentation): it
            # trims away, so only the pieces decide where the block starts and ends.
            kept = text.lstrip()
            if kept:
                if first < 0:
                    first = source_start + length - len(kept)
                last = source_start + length - len(kept) + len(kept.rstrip())
        if first >= 0:  # as make_block: no block when nothing of it is prose
            self.blocks.append(_block((kind, first, last, level, in_quote, in_list, in_table)))


def _prose_in_order(base: str, pieces: list[tuple[int, str]]) -> str:
    """The prose view with the pieces written over the blank source one after another."""
    chars = list(base)
    for start, text in pieces:
        chars[start : start + len(text)] = text
    return "".join(chars)


class _Segment(NamedTuple):
    """A run of inline content that sits contiguously in the source."""

    content_start: int
    source_start: int
    length: int


#: ``_Segment`` from a ``(content_start, source_start, length)`` tuple, made in C (a
#: NamedTuple's own ``__new__`` is a Python call, and there is one per located line).
_segment = partial(tuple.__new__, _Segment)
#: ``Block`` and ``Link`` from a tuple of all their fields, made in C the same way.
_block = partial(tuple.__new__, Block)
_link = partial(tuple.__new__, Link)


def _only_located(content: str, segments: list[_Segment]) -> str:
    """Blank the parts of the content that could not be found in the source lines."""
    out = [" " if ch != "\n" else ch for ch in content]
    for seg in segments:
        a, b = seg.content_start, seg.content_start + seg.length
        out[a:b] = content[a:b]
    return "".join(out)


def _to_source(segments: list[_Segment], content: str) -> Callable[[int], int]:
    """Source offset of a content offset: a shift when one segment covers the content."""
    seg = segments[0]
    if len(segments) == 1 and seg.content_start == 0 and seg.length == len(content):
        return seg.source_start.__add__
    return _Mapper(segments).to_source


class _Mapper:
    """Maps offsets in an inline's content string to source offsets."""

    def __init__(self, segments: list[_Segment]):
        self.segments = segments
        self.starts = [s.content_start for s in segments]
        #: The only segment of a one-line run (most runs): offsets just shift, no bisect.
        self.single = segments[0] if len(segments) == 1 else None

    def to_source(self, pos: int) -> int:
        seg = self.single
        if seg is None:
            seg = self.segments[max(bisect.bisect_right(self.starts, pos) - 1, 0)]
        return seg.source_start + min(max(pos - seg.content_start, 0), seg.length)


# Link text, destination and label, each a run of tokens: a plain character, an escape
# (``\\.``) or one bracketed (parenthesised) group of those. Written as "unrolled loops"
# (plain* (special plain*)*) so that ``re`` runs over plain characters in one C loop instead
# of one repeat step per character (a link cost about 9 us, now about 1 us). Same language,
# same matches: each token's kind is decided by its first character, so a run can end only
# between tokens, and both forms try those ends in the same (decreasing) order when the
# rest of the pattern fails. tests/test_perf3_parse.py compares them with the plain forms.
_PLAIN_TEXT = r"[^\[\]\\]"
_ESCAPED_TEXT = rf"{_PLAIN_TEXT}*(?:\\.{_PLAIN_TEXT}*)*"  # (?:[^\[\]\\]|\\.)*
#: (?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*
_TEXT = rf"{_PLAIN_TEXT}*(?:(?:\\.|\[{_ESCAPED_TEXT}\]){_PLAIN_TEXT}*)*"
_PLAIN_DEST = r"[^\s()\\]"
#: <[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*
_DEST = (
    rf"<[^<>\n]*>|{_PLAIN_DEST}*"
    rf"(?:(?:\\.|\({_PLAIN_DEST}*(?:\\.{_PLAIN_DEST}*)*\)){_PLAIN_DEST}*)*"
)
_TITLE = r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"


#: The parts of the master pattern, in order (at a given position, earlier parts win), each
#: with the characters a match of it can start with.
_PARTS = [
    ("`", r"(?P<code>(?<!`)(?P<ticks>`+)(?!`)(?s:.+?)(?<!`)(?P=ticks)(?!`))"),
    ("<", r"(?P<comment><!--(?s:.*?)-->)"),
    (
        "<",
        r"(?P<autolink><(?P<auto>(?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)"
        r"|(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+))>)",
    ),
    ("{", r"(?P<shortcode>\{\{[<%](?s:.*?)[>%]\}\}|\{\{(?s:.*?)\}\})"),
    ("<", r"(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"),
    ("!", rf"(?P<image>!\[(?P<ialt>{_TEXT})\]\(\s*(?P<idest>{_DEST}){_TITLE})"),
    # A link is matched at its "[" only (the rest in a lookahead) so that markup in its
    # text is still seen by the scan; the destination is then skipped explicitly.
    (
        "[",
        rf"(?P<link>(?<![\\!])\[(?=(?P<ltext>{_TEXT})\]\(\s*(?P<ldest>{_DEST}){_TITLE}(?P<lend>)))",
    ),
    ("[", r"(?P<footnote>\[\^[^\]\s]+\])"),
    (
        "[",
        rf"(?P<ref>(?<![\\\]])\[(?=(?P<rtext>{_TEXT})\]"
        rf"(?:\[(?P<rlabel>{_ESCAPED_TEXT})\])?(?P<rend>)(?![(:])))",
    ),
    ("hw", r"(?P<url>(?<![\w/])(?:https?://|www\.)[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]*_])"),
    ("\\", r"(?P<escape>\\[!-/:-@\[-`{-~]|\\$)"),
    ("&", r"(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"),
    ("*~_", r"(?P<emphasis>\*+|~~|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9]))"),
]
#: With an "@" in the run, e-mail addresses too (before escapes, as any later part).
_EMAIL = r"(?P<email>(?<![\w/.])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\w)"


def _master(with_email: bool) -> re.Pattern:
    """One left-to-right pass over an inline run; at a given position, earlier parts win."""
    parts = [part for _, part in _PARTS]
    if with_email:
        parts.insert(parts.index(_PARTS[-3][1]), _EMAIL)
    # Most positions start no markup: a cheap first-character test lets the scan skip them
    # (about 5x faster than trying every alternative everywhere).
    first = r"(?=[`<{!\[\\&*_~\w.+-])" if with_email else r"(?=[`<{!\[\\&*_~hw])"
    return patterncache.compile(first + "(?:" + "|".join(parts) + ")", re.MULTILINE)


#: The reference for the scan without e-mail addresses (``_markup`` gives its matches).
_MASTER = _master(with_email=False)
_MASTER_EMAIL = _master(with_email=True)

#: Where a part of ``_MASTER`` can start: each part opens with one of these characters, or
#: with "http://", "https://" or "www." (the url part), so this matches wherever
#: ``_MASTER`` does. It is a branch of literals, which ``re`` skips to in C; ``_MASTER``'s
#: own first-character look-ahead is tried at every position, and "h" and "w" are common.
_MARKUP_START = patterncache.compile(r"`|<|\{|!|\[|\\|&|\*|_|~|https?://|www\.")

#: For each character that can start a part, ``_MASTER`` cut down to the parts that can
#: start with it, in the same order: the same match wherever ``_MASTER`` is tried, without
#: entering the other parts (``re`` enters every alternative of a branch whose
#: alternatives open with a group).
_BY_FIRST = {
    ch: patterncache.compile("|".join(part for chars, part in _PARTS if ch in chars), re.MULTILINE)
    for ch in "".join(chars for chars, _ in _PARTS)
}


#: The e-mail part alone, and the characters a match of it can start with.
_EMAIL_RE = patterncache.compile(_EMAIL, re.MULTILINE)
_EMAIL_FIRST = patterncache.compile(r"[\w.+-]")

#: ``_BY_FIRST`` for a run holding an "@": at a candidate whose character can start an
#: e-mail address ("_", "h", "w"), the e-mail part is tried in its place among the
#: others (after the url part, before escapes, entities and emphasis), as in
#: ``_MASTER_EMAIL``.
_BY_FIRST_EMAIL = {
    ch: patterncache.compile(
        "|".join(
            part
            for chars, part in [*_PARTS[:-3], ("", _EMAIL), *_PARTS[-3:]]
            if ch in chars or (part == _EMAIL and _EMAIL_FIRST.match(ch))
        ),
        re.MULTILINE,
    )
    for ch in _BY_FIRST
}


def _markup(content: str, first: re.Match | None = None) -> Iterator[re.Match]:
    """``finditer`` of the master pattern over an inline run (same matches, found faster).

    The scan jumps to the candidates ``_MARKUP_START`` finds and tries the parts that
    can start with the character there (``_BY_FIRST``); with an "@" in the run, e-mail
    addresses too (``_with_email``). ``first`` is ``_MARKUP_START.search(content)``
    when the caller has it already.
    """
    if "@" in content:
        return _with_email(content)
    return _dispatched(content, first)


def _with_email(content: str) -> Iterator[re.Match]:
    """``_MASTER_EMAIL.finditer(content)``: ``_dispatched`` with e-mail addresses.

    ``_MASTER_EMAIL`` tries its lookahead, which accepts any word character, and then
    every part at nearly every position. Here, from the scan position: at a position
    before the next candidate of ``_MARKUP_START`` only the e-mail part can match (no
    other part starts there), so the first match there is the first e-mail match
    (``_EMAIL_RE.search``, whose look-behind sees the text before the position as the
    master's does); failing that, the candidate is tried with the parts that can start
    with its character, the e-mail part among them (``_BY_FIRST_EMAIL``). An e-mail
    match comes from ``_EMAIL_RE``: the same span and ``lastgroup`` ("email"), and the
    only named group taking part in such a match. Every match is non-empty.
    """
    search, by_first, find_email = _MARKUP_START.search, _BY_FIRST_EMAIL, _EMAIL_RE.search
    candidate, email = search(content), find_email(content)
    while candidate is not None or email is not None:
        if email is not None and (candidate is None or email.start() < candidate.start()):
            yield email
            pos = email.end()
        else:
            start = candidate.start()
            m = by_first[content[start]].match(content, start)
            if m is None:
                candidate = search(content, start + 1)
                continue
            yield m
            pos = m.end()
        if candidate is not None and candidate.start() < pos:
            candidate = search(content, pos)
        if email is not None and email.start() < pos:
            email = find_email(content, pos)


def _dispatched(content: str, first: re.Match | None = None) -> Iterator[re.Match]:
    """``_MASTER.finditer(content)``: every match is non-empty and starts at a candidate.

    ``first``, when given, is the first candidate (the search from 0 is not repeated).
    """
    search, by_first = _MARKUP_START.search, _BY_FIRST
    candidate = search(content) if first is None else first
    while candidate is not None:
        start = candidate.start()
        m = by_first[content[start]].match(content, start)
        if m is None:
            candidate = search(content, start + 1)
        else:
            yield m
            candidate = search(content, m.end())


class _InlineBlanker:
    """Blanks inline markup in one inline run in a single scan; records links and images.

    Blanking works on the run's content string (located lines sit in it unchanged, so the
    pieces are cut from the result); only links, images and code spans need source offsets.
    What is blanked or rewritten is collected as writes and applied once (``_written``).
    """

    def __init__(self, builder: _Builder, src: Callable[[int], int], content: str):
        self.b = builder
        self.src = src
        self.content = content
        #: ``(start, end)`` to blank, ``(start, end, text)`` to rewrite, in the order found.
        self.writes: list[tuple] = []
        self.skip_until = -1
        self.skip_from = -1

    #: Source offset of a content offset (``int.__add__`` of the shift for a one-piece run).
    src: Callable[[int], int]

    def run(self, first: re.Match | None = None) -> str:
        """The content with its markup blanked (the same string when there was none).

        ``first`` is ``_MARKUP_START.search(content)`` when the caller has it already.
        """
        handlers, writes = _HANDLERS, self.writes
        for m in _markup(self.content, first):
            if self.skip_from <= m.start() < self.skip_until:
                continue  # inside a link destination already handled
            kind = m.lastgroup
            if kind in _BLANKED:
                writes.append(m.span())
            else:
                handlers[kind](self, m)
        return _written(self.content, writes)

    def _code(self, m: re.Match) -> None:
        # Remembered so that a postlint directive shown as inline code is not obeyed.
        start, end = m.span()
        self.b.code_spans.append((self.src(start), self.src(end)))
        self.writes.append((start, end))

    def _autolink(self, m: re.Match) -> None:
        url = m.group("auto")
        if "@" in url and ":" not in url:
            url = "mailto:" + url
        s, e = self.src(m.start()), self.src(m.end())
        self.b.links.append(_link((m.group("auto"), url, s, e, s + 1, e - 1)))
        self.writes.append(m.span())

    def _image(self, m: re.Match) -> None:
        self.b.images.append(
            Image(m.group("ialt"), _dest(m.group("idest")), self.src(m.start()), self.src(m.end()))
        )
        self.writes.append(m.span())

    def _link(self, m: re.Match) -> None:
        text_start, text_end = m.start("ltext"), m.end("ltext")
        self._record_link(m.start(), text_start, text_end, m.end("lend"), _dest(m.group("ldest")))

    def _ref(self, m: re.Match) -> None:
        label = m.group("rlabel") or m.group("rtext")
        ref = self.b.references.get(_normalise_label(label))
        if ref is None:
            return
        self._record_link(m.start(), m.start("rtext"), m.end("rtext"), m.end("rend"), ref["href"])

    def _record_link(self, start: int, text_start: int, text_end: int, end: int, url: str) -> None:
        src = self.src
        source_text_start, source_text_end = src(text_start), src(text_end)
        self.b.links.append(
            _link(
                (
                    self.b.source[source_text_start:source_text_end],
                    url,
                    src(start),
                    src(end),
                    source_text_start,
                    source_text_end,
                )
            )
        )
        self.writes += (start, text_start), (text_end, end)
        self.skip_from, self.skip_until = text_end, end

    def _url(self, m: re.Match) -> None:
        url = m.group()
        if url.startswith("www."):
            url = "http://" + url
        s, e = self.src(m.start()), self.src(m.end())
        self.b.links.append(_link((m.group(), url, s, e, s, e)))
        self.writes.append(m.span())

    def _email(self, m: re.Match) -> None:
        s, e = self.src(m.start()), self.src(m.end())
        self.b.links.append(_link((m.group(), "mailto:" + m.group(), s, e, s, e)))
        self.writes.append(m.span())

    def _escape(self, m: re.Match) -> None:
        start = m.start()  # the backslash only; the escaped character is text
        self.writes.append((start, start + 1))

    def _entity(self, m: re.Match) -> None:
        decoded = html.unescape(m.group())
        if len(decoded) != 1 or decoded == m.group():
            self.writes.append(m.span())
            return
        if decoded.isspace() or decoded in "\u00ad\u200b":
            decoded = " "
        start, end = m.span()
        self.writes.append((start, end, decoded.ljust(end - start)))  # an entity is 4+ long


#: Master-pattern parts that are only blanked (no handler call, nothing recorded).
_BLANKED = frozenset(["comment", "shortcode", "tag", "footnote", "emphasis"])

#: Master-pattern part name -> its _InlineBlanker handler (``_link`` for "link", ...).
_HANDLERS = {
    name: getattr(_InlineBlanker, "_" + name)
    for name in _MASTER_EMAIL.groupindex
    if hasattr(_InlineBlanker, "_" + name)
}


def _written(content: str, writes: list[tuple]) -> str:
    """``content`` with each write applied: ``(start, end)`` blanks, ``(start, end, text)``
    puts ``text`` (as long as the span) there.

    Writes almost never overlap (a link blanks its destination ahead of the scan), so the
    result is joined from slices in one pass; when two overlap they are replayed in order
    on a list of characters, so a later write wins.
    """
    if not writes:
        return content
    out, pos = [], 0
    lines = "\n" in content
    for write in sorted(writes):
        start, end = write[0], write[1]
        if start < pos:
            return _written_in_order(content, writes)
        out.append(content[pos:start])
        if len(write) == 3:
            out.append(write[2])
        elif lines:
            out.append(_blank_span(content, start, end))
        else:
            out.append(" " * (end - start))
        pos = end
    out.append(content[pos:])
    return "".join(out)


def _written_in_order(content: str, writes: list[tuple]) -> str:
    """``_written`` for overlapping writes: each applied in turn to a list of characters."""
    chars = list(content)
    for write in writes:
        start, end = write[0], write[1]
        chars[start:end] = write[2] if len(write) == 3 else _blank_span(content, start, end)
    return "".join(chars)


def _blank_span(content: str, start: int, end: int) -> str:
    """``content[start:end]`` blanked, its line breaks kept (a one-piece run keeps them)."""
    if content.find("\n", start, end) < 0:
        return " " * (end - start)
    return _blank_text(content[start:end])


def _dest(raw: str) -> str:
    raw = raw.strip()
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    return html.unescape(raw.replace("\\", ""))


def _normalise_label(label: str) -> str:
    return " ".join(label.split()).casefold()


#: The sort key of blocks, links and images (a C call, where a lambda is a Python one).
_START = attrgetter("start")


def parse_markdown(text: str, path: str) -> Document:
    front_matter, fm_end, problems = split_front_matter(text)
    env: dict = {}
    markdown_input = _markdown_input(text, fm_end)
    tokens = markdown_parser().parse(markdown_input, env)
    # Without "\r" the parsed text has the source's lines, each as long: _markdown_input
    # only blanks the front matter (line breaks kept) and turns NUL into U+FFFD.
    known = known_line_lengths(markdown_input) if "\r" not in text else None
    builder = _Builder(text, path, known)
    builder.references = {_normalise_label(k): v for k, v in env.get("references", {}).items()}
    builder.walk(tokens)
    builder.blocks.sort(key=_START)
    prose = builder.prose()
    doc = Document(
        path,
        "markdown",
        text,
        prose,
        front_matter=front_matter,
        front_matter_end=fm_end,
        links=sorted(builder.links, key=_START),
        images=sorted(builder.images, key=_START),
        blocks=builder.blocks,
        code_blocks=builder.code_blocks,
        problems=problems,
    )
    if builder.line_lengths is not None:  # no "\r": the builder's lines are the Document's
        doc.__dict__["line_starts"] = _document_line_starts(text, builder.line_starts)
    code = [(c.start, c.end) for c in builder.code_blocks] + builder.code_spans
    doc.directives = find_directives(text, doc.line_col, skip=code)
    return doc
