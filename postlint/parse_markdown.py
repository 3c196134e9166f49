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
from functools import cache, partial
from itertools import accumulate, compress, repeat
from operator import add, attrgetter, itemgetter, sub
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


@cache
def _markdown_parser():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    # Inline tokens carry no source offsets, so their children are never used: skipping
    # markdown-it's inline pass halves parse time. Inline markup is blanked by _InlineBlanker.
    md.core.ruler.disable(["inline", "text_join"], ignoreInvalid=True)
    # Its "normalize" rule rewrites the whole text with two regex substitutions: line
    # endings, which parse_markdown has already normalised, and NUL characters, which
    # _markdown_input replaces the same way (str.replace, no copy when there is none).
    md.core.ruler.disable(["normalize"], ignoreInvalid=True)
    _install_block_dispatch(md)
    _install_line_arrays(md)
    if all(md.normalizeLink(url) == url for url in _PLAIN_URL_SAMPLES):
        md.normalizeLink = partial(_normalize_link, md.normalizeLink)
    return md


#: Plain URLs this markdown-it must give back unchanged before ``_normalize_link`` is used
#: (a cheap check that the installed versions behave as the proof below reads them).
_PLAIN_URL_SAMPLES = ("https://Example.COM/a_b-c~d;e?x=1&y=(2)*3#f:g/h", "http://a.b", "http://x?q")


#: URLs that markdown-it's ``normalizeLink`` returns unchanged (proof in ``_normalize_link``):
#: http(s), a host of ASCII letter, digit and hyphen labels of at most 63 characters,
#: then optionally a path, query or fragment of characters that are never escaped.
_PLAIN_URL = re.compile(
    r"https?://[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*"
    r"(?:[/?#][A-Za-z0-9\-._~!$&'()*+,;=:/?#]*)?"
)


def _normalize_link(normalize: Callable[[str], str], url: str) -> str:
    """``normalize(url)`` (markdown-it's ``normalizeLink``), without its work for a plain URL.

    Reference definitions send every destination through it: mdurl parses the URL,
    punycode encodes the host, mdurl formats and percent-encodes the result, about
    13 us a URL. For a URL that ``_PLAIN_URL`` matches whole and whose host is at
    most 255 characters (mdurl empties a longer one) each step gives its input back:

    * ``mdurl.parse`` takes "http:" or "https:" as the protocol and the "//" as
      slashes; the host ends at the first "/", "?" or "#" (no "@" or ":" before it, so
      no auth and no port), each of its labels passes mdurl's host-part pattern, and
      the rest splits into path, query and fragment, which ``format`` joins back in
      the same order (an empty path stays empty);
    * ``to_ascii`` maps only labels holding non-ASCII characters;
    * ``mdurl.encode`` keeps ASCII letters, digits and ``;/?:@&=+$,-_.!~*'()#``, which
      covers every character the pattern allows ("%" is not allowed: encode treats it
      specially).

    Any other URL goes through ``normalize``. tests/test_perf5_markdown.py compares both
    on the corpus's destinations and on generated URLs.
    """
    if len(url) <= 262 and _PLAIN_URL.fullmatch(url):  # "http://" and at most 255 more
        return url
    return normalize(url)


# -- block rule dispatch ------------------------------------------------------------
#
# markdown-it's block parser tries every rule of its main chain, in order, at every
# line, and at every continuation line of a paragraph, reference, blockquote or list it
# tries every rule of that container's "terminator" chain (silent mode). Nearly all of
# those calls fail on the line's first non-space character, ``src[bMarks + tShift]``.
# The dispatchers below read that character once and call only the stock rules that
# can match there, in the stock order, so every token and every state change is the
# one the stock chains make. Each gate is a necessary condition read from the rule's
# source (markdown-it-py 4.x, ``markdown_it/rules_block``); below it a rule returns
# False after at most a LOGGER.debug call and reads of the state, with no write:
#
# * fence: False unless ``src[pos]`` is "`" or "~" (``marker not in markers``);
# * blockquote: False unless ``src[pos] == ">"``;
# * hr: False unless ``src[pos]`` is "*", "-" or "_" and every character of the line
#   from there on is that marker, a space or a tab (``_gated_hr``);
# * list: False unless ``skipOrderedListMarker`` (an ASCII digit, 0x30-0x39: "١" is
#   not one) or ``skipBulletListMarker`` ("*", "-" or "+") accepts ``src[pos]``;
# * reference: False unless ``src[pos] == "["``;
# * html_block: False unless ``src[pos] == "<"``;
# * heading: False unless ``src[pos] == "#"``;
# * table: False unless ``line + 2 <= endLine``, the next line is not empty and starts
#   with "|", "-" or ":", and the line itself holds a "|" (its trimmed text must);
# * every rule above, and lheading: False on a code line (``state.is_code_block``), the
#   only place where the "code" rule matches (it always does there);
# * lheading: False unless its own scan of the following lines finds an underline
#   (``_lheading_may_match`` repeats that scan without building anything, calling the
#   paragraph terminators only where they can fire); when it fails it leaves
#   ``state.parentType = "paragraph"`` behind (it restores it only on success), so the
#   dispatcher does that itself when it skips the rule;
# * paragraph always matches.
#
# Empty lines (never seen by the main chain, rarely by a terminator chain) go through
# the stock chain unchanged, as does any call in a mode the stock parser never makes.

#: The stock main chain (rule names in order) and the terminator chains it builds.
_MAIN_CHAIN = (
    "table",
    "code",
    "fence",
    "blockquote",
    "hr",
    "list",
    "reference",
    "html_block",
    "heading",
    "lheading",
    "paragraph",
)
_TERMINATOR_CHAINS = {
    "paragraph": ("table", "fence", "blockquote", "hr", "list", "html_block", "heading"),
    "reference": ("table", "fence", "blockquote", "hr", "list", "html_block", "heading"),
    "blockquote": ("fence", "blockquote", "hr", "list", "html_block", "heading"),
    "list": ("fence", "blockquote", "hr"),
}

#: The first non-space characters at which each character-gated rule can match.
_FIRST_CHARS = {
    "fence": "`~",
    "blockquote": ">",
    "hr": "*-_",
    "list": "*-+0123456789",
    "reference": "[",
    "html_block": "<",
    "heading": "#",
}


#: Rule name -> the name ``markdown_it.rules_block`` exports its function under.
_STOCK_FUNCTIONS = {name: "list_block" if name == "list" else name for name in _MAIN_CHAIN}


def _stock_rules() -> dict[str, Callable] | None:
    """The stock block rule functions by rule name (None: a version without one of them)."""
    from markdown_it import rules_block

    rules = {name: getattr(rules_block, attr, None) for name, attr in _STOCK_FUNCTIONS.items()}
    return None if None in rules.values() else rules


def _has_stock_chains(ruler, rules: dict[str, Callable]) -> bool:
    """Whether the block ruler holds exactly the stock rules, in the stock chains.

    The gates are proven for these functions in this order only; anything else (a
    plugin, a disabled rule, another version's chains) keeps stock parsing.
    """
    if ruler.get_all_rules() != list(_MAIN_CHAIN) or ruler.get_active_rules() != list(_MAIN_CHAIN):
        return False
    if ruler.getRules("") != [rules[name] for name in _MAIN_CHAIN]:
        return False
    return all(
        ruler.getRules(chain) == [rules[name] for name in names]
        for chain, names in _TERMINATOR_CHAINS.items()
    )


def _by_first_char(names: tuple[str, ...], rules: dict[str, Callable]) -> dict[str, tuple]:
    """For each first character, the character-gated rules of ``names`` that can match there.

    In chain order; a character no rule can start with is absent. The hr rule is called
    through ``_gated_hr`` (most lines opening with "-" or "*" are list items).
    """
    rules = {**rules, "hr": _gated_hr(rules["hr"])}
    chars = "".join(_FIRST_CHARS[name] for name in names if name in _FIRST_CHARS)
    return {
        ch: tuple(rules[name] for name in names if ch in _FIRST_CHARS.get(name, "")) for ch in chars
    }


def _gated_hr(hr: Callable) -> Callable:
    """The hr rule, called only on a line of its marker, spaces and tabs.

    hr returns False at the first character after the marker that is neither the marker
    nor a space or tab; ``str.strip`` of those three leaves nothing only when there is
    none. Called by the dispatchers on non-empty lines only.
    """

    def gated_hr(state, line: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[line] + state.tShift[line]
        text = state.src[pos : state.eMarks[line]]
        if text.strip(text[0] + " \t"):
            return False
        return hr(state, line, end, silent)

    return gated_hr


def _install_block_dispatch(md) -> bool:
    """Put the dispatching rules in place of the stock chains (see the comment above).

    The main dispatcher goes first in the main chain and always matches (paragraph
    does), so the stock rules after it are never reached; they stay enabled ("code"
    must: ``StateBlock.is_code_block`` asks whether it is active). Each stock rule is
    taken out of the terminator chains (``ruler.at`` with the same function and no
    ``alt``) and each terminator chain gets one dispatcher. Returns False, changing
    nothing, when the chains are not the stock ones.
    """
    ruler = md.block.ruler
    rules = _stock_rules()
    if rules is None or not _has_stock_chains(ruler, rules):
        return False
    for name in _MAIN_CHAIN:
        ruler.at(name, rules[name])
    known: list = [None]  # lheading's gate -> the paragraph rule's terminators
    terminators = {
        chain: _terminator_dispatcher(chain, names, rules, known if chain == "paragraph" else None)
        for chain, names in _TERMINATOR_CHAINS.items()
    }
    main = _main_dispatcher(rules, terminators["paragraph"], known)
    ruler.before("table", "postlint_dispatch", main)
    for chain, dispatcher in terminators.items():
        ruler.push(f"postlint_{chain}_terminators", dispatcher, {"alt": [chain]})
    return True


def _first_chain_match(chain: list[Callable], state, line: int, end: int, silent: bool) -> bool:
    """What the stock loop over a chain does: try each rule in order up to the first match."""
    return any(rule(state, line, end, silent) for rule in chain)


def _may_start_table(state, line: int, end: int, pos: int) -> bool:
    """The table gate: the next line opens with "|", "-" or ":" and this line holds a "|"."""
    after = line + 1
    if after >= end:
        return False
    start = state.bMarks[after] + state.tShift[after]
    return (
        start < state.eMarks[after]
        and state.src[start] in "|-:"
        and state.src.find("|", pos, state.eMarks[line]) >= 0
    )


def _lheading_may_match(
    state, line: int, end: int, terminates: Callable, stops: frozenset, known: list
) -> bool:
    """The lheading gate: False only where lheading, called now, returns False.

    It walks the lines after ``line`` as lheading does (markdown_it/rules_block/lheading.py)
    and stops where it stops: at an empty line or ``end`` (no underline: False); at an
    underline (True: lheading is then called, and decides); at a line the paragraph
    terminators end the run at (False). Like lheading, it skips lines indented four or
    more past the block (lazy continuations) and, after the underline test, lines with
    a negative indent (blockquote continuations). The terminators are called with
    ``parentType`` "paragraph", as lheading sets it, and only where one can fire (the
    line opens with a character in ``stops`` or may start a table); they are silent
    and change nothing. Without that stop a paragraph before a long run of headings
    would scan it to its end, quadratic over the document.

    Where the terminators end the run, ``known[0]`` is set to ``(state, line, end)``
    of that call: the paragraph rule, called next, asks the same question there.
    """
    src, begins, shifts, ends = state.src, state.bMarks, state.tShift, state.eMarks
    counts, indent = state.sCount, state.blkIndent
    parent = state.parentType
    try:
        for after in range(line + 1, end):
            start, stop = begins[after] + shifts[after], ends[after]
            if start >= stop:
                return False
            extra = counts[after] - indent
            if extra > 3:
                continue
            ch = src[start]
            # An underline: a run of "-" or "=", then only spaces and tabs.
            if ch in "-=" and extra >= 0 and not src[start:stop].lstrip(ch).strip(" \t"):
                return True
            if counts[after] < 0:
                continue
            if ch in stops or _may_start_table(state, after, end, start):
                state.parentType = "paragraph"
                if terminates(state, after, end, True):
                    known[0] = (state, after, end)
                    return False
        return False
    finally:
        state.parentType = parent


def _main_dispatcher(
    rules: dict[str, Callable], paragraph_terminators: Callable, known: list
) -> Callable:
    """The main chain's rule: the stock rules that can match at the line, in order.

    ``paragraph_terminators`` is the paragraph chain's dispatcher (lheading's gate uses
    it) and ``known`` the slot through which the gate hands it the line where the run
    ends (see ``_terminator_dispatcher``).
    """
    stock = [rules[name] for name in _MAIN_CHAIN]
    by_char = _by_first_char(_MAIN_CHAIN, rules)
    stops = frozenset(_by_first_char(_TERMINATOR_CHAINS["paragraph"], rules))
    table, code = rules["table"], rules["code"]
    lheading, paragraph = rules["lheading"], rules["paragraph"]

    def dispatch(state, line: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[line] + state.tShift[line]
        if silent or pos >= state.eMarks[line]:
            return _first_chain_match(stock, state, line, end, silent)
        if state.sCount[line] - state.blkIndent >= 4 and state.is_code_block(line):
            return code(state, line, end, silent)
        if _may_start_table(state, line, end, pos) and table(state, line, end, silent):
            return True
        for rule in by_char.get(state.src[pos], ()):
            if rule(state, line, end, silent):
                return True
        after = line + 1  # most paragraphs are one line: the next one is empty
        if (
            after < end
            and state.bMarks[after] + state.tShift[after] < state.eMarks[after]
            and _lheading_may_match(state, line, end, paragraph_terminators, stops, known)
        ):
            if lheading(state, line, end, silent):
                return True
        else:
            state.parentType = "paragraph"  # what lheading leaves behind when it fails
        try:
            return paragraph(state, line, end, silent)
        finally:
            known[0] = None

    return dispatch


def _terminator_dispatcher(
    chain: str, names: tuple[str, ...], rules: dict[str, Callable], known: list | None = None
):
    """A terminator chain's one rule: its stock rules that can match at the line, in order.

    ``known`` (the paragraph chain's) may hold ``(state, line, end)`` of a call that
    returned True, made by lheading's gate just before the paragraph rule runs: the
    paragraph rule's own call there is answered from it. Exact: between the two calls
    only silent rules run (no state changes) and ``parentType`` is "paragraph" for both;
    the main dispatcher empties the slot when the paragraph rule returns.
    """
    stock = [rules[name] for name in names]
    by_char = _by_first_char(names, rules)
    table = rules["table"] if "table" in names else None
    no_memo = [None] if known is None else known

    def terminates(state, line: int, end: int, silent: bool) -> bool:
        memo = no_memo[0]
        if memo is not None and memo[0] is state and memo[1] == line and memo[2] == end:
            return True
        pos = state.bMarks[line] + state.tShift[line]
        if not silent or pos >= state.eMarks[line]:
            return _first_chain_match(stock, state, line, end, silent)
        if state.sCount[line] - state.blkIndent >= 4 and state.is_code_block(line):
            return False
        if (
            table is not None
            and _may_start_table(state, line, end, pos)
            and table(state, line, end, True)
        ):
            return True
        # A loop, not any(): most lines find no rule, and a generator costs more than that.
        for rule in by_char.get(state.src[pos], ()):  # noqa: SIM110
            if rule(state, line, end, True):
                return True
        return False

    terminates.__name__ = f"{chain}_terminators"
    return terminates


# -- the block parser's line arrays -------------------------------------------------
#
# markdown-it's ``StateBlock`` starts by walking the source line by line in Python to
# record, per line, where it begins and ends and its leading spaces and tabs (about 15 %
# of ``md.parse``). ``_line_arrays`` computes the same arrays with ``str.split`` and
# ``str.lstrip`` in C; the stock "block" core rule is replaced (through the core ruler,
# the plugin API) by one that builds the state with them and tokenizes as
# ``ParserBlock.parse`` does.


def _line_arrays(src: str) -> tuple[list[int], list[int], list[int], list[int]]:
    r"""``StateBlock``'s ``bMarks``, ``eMarks``, ``tShift`` and ``sCount`` of a non-empty ``src``.

    The stock loop (markdown_it/rules_block/state_block.py) gives each "\n"-separated line
    a marker: its start, its end (the "\n" or the end of the text), its count of leading
    spaces and tabs (``isStrSpace``: exactly " " and "\t", what ``lstrip(" \t")``
    removes) and that indent with each tab expanded to the next multiple of 4. No line
    starts at the end of the text (after a final "\n"), and a last line of only spaces and
    tabs without a "\n" after it gets no marker. Then it appends a fake line at
    ``len(src)`` with zero indents.

    The lengths of all lines are remembered for ``_known_line_lengths``.
    """
    global _LAST_LINE_LENGTHS
    lines = src.split("\n")
    lengths = list(map(len, lines))
    _LAST_LINE_LENGTHS = (src, lengths)
    if not lines[-1].strip(" \t"):  # "" after a final "\n", or spaces and tabs only
        lines.pop()
        lengths = lengths[:-1]  # a copy: the remembered list stays whole
    begins = list(accumulate(map((1).__add__, lengths), initial=0))
    begins[-1] = len(src)  # the fake line
    ends = list(map(add, begins, lengths))
    ends.append(len(src))
    shifts = list(map(sub, lengths, map(len, map(str.lstrip, lines, repeat(" \t")))))
    counts = shifts[:]
    if "\t" in src:
        for i in compress(range(len(lines)), shifts):  # indented lines only
            head = lines[i][: shifts[i]]
            if "\t" in head:
                counts[i] = _expanded_width(head)
    shifts.append(0)
    counts.append(0)
    return begins, ends, shifts, counts


#: The source ``_line_arrays`` split last and the length of each of its lines.
_LAST_LINE_LENGTHS: tuple[str, list[int]] = ("", [0])


def _known_line_lengths(src: str) -> list[int] | None:
    """``_line_lengths(src)`` if ``src`` is the source ``_line_arrays`` split last, else None.

    The builder needs the line lengths of the document, and markdown-it's state those of
    the text it parses: split once (see ``parse_markdown``). The memo is read once, so
    another thread's parse can only make this None.
    """
    last = _LAST_LINE_LENGTHS
    return last[1] if last[0] is src and "\r" not in src else None


def _expanded_width(head: str) -> int:
    """The width of a run of spaces and tabs, each tab reaching the next multiple of 4."""
    offset = 0
    for ch in head:
        offset += 4 - offset % 4 if ch == "\t" else 1
    return offset


def _block_state(src: str, md, env: dict, tokens: list):
    """``StateBlock(src, md, env, tokens)``, its line arrays made by ``_line_arrays``.

    Every other attribute is set by ``StateBlock.__init__`` itself (called on an empty
    source, whose loop makes only the fake line) and does not depend on the source.
    """
    from markdown_it.rules_block import StateBlock

    state = StateBlock("", md, env, tokens)
    state.src = src
    state.bMarks, state.eMarks, state.tShift, state.sCount = _line_arrays(src)
    state.bsCount = [0] * len(state.bMarks)
    state.lineMax = len(state.bMarks) - 1
    return state


def _block_rule(stock: Callable) -> Callable:
    """The "block" core rule: ``ParserBlock.parse`` with the state from ``_block_state``."""

    def block(state) -> None:
        if state.inlineMode or not state.src:  # as stock (parse returns on an empty source)
            stock(state)
            return
        md = state.md
        block_state = _block_state(state.src, md, state.env, state.tokens)
        md.block.tokenize(block_state, block_state.line, block_state.lineMax)

    return block


#: Sources on which ``_block_state`` must equal ``StateBlock`` before it is used.
_STATE_SAMPLES = ("a", "a\n", " \t x\n\t\ty\n  \n\n \t", "\t \tz\n   ", "\n\n")


def _install_line_arrays(md) -> bool:
    """Replace the "block" core rule by ``_block_rule`` (False, changing nothing, unless the
    core and block parsers are the stock ones and ``_block_state`` agrees on the samples)."""
    from markdown_it.parser_block import ParserBlock
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import block

    if block not in md.core.ruler.getRules("") or type(md.block).parse is not ParserBlock.parse:
        return False
    for src in _STATE_SAMPLES:
        if vars(_block_state(src, md, {}, [])) != vars(StateBlock(src, md, {}, [])):
            return False
    md.core.ruler.at("block", _block_rule(block))
    return True


def prepare() -> None:
    """Build the Markdown parser and import the HTML blanker now rather than on first use.

    Why: ``--jobs`` forks its workers from the parent after calling this, so they
    inherit both instead of each spending about 25 ms of CPU on the same imports and
    regex compiles before its first post.
    """
    _markdown_parser()
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
    tokens = _markdown_parser().parse(markdown_input, env)
    # Without "\r" the parsed text has the source's lines, each as long: _markdown_input
    # only blanks the front matter (line breaks kept) and turns NUL into U+FFFD.
    known = _known_line_lengths(markdown_input) if "\r" not in text else None
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
