"""The markdown-it parser postlint reads Markdown with, and its exact faster paths.

``markdown_parser()`` is markdown-it-py (CommonMark, tables, strikethrough, raw HTML)
with the inline pass switched off (``parse_markdown`` blanks inline markup itself).
Four additions go through markdown-it's public plugin hooks and keep every token,
map and reference exactly as the stock parser makes them; each is installed only
after a check that the installed markdown-it-py is the one its proof reads, and is
otherwise left out:

* block-rule dispatch: at each line only the stock block rules that can match at its
  first non-space character are called, in the stock order;
* line arrays: the block state's per-line offsets and indents are computed with
  ``str`` methods instead of markdown-it's loop over every line;
* ``normalizeLink`` returns a plain http(s) URL unchanged without the mdurl round trip;
* the block state (built by the "block" core rule above) pushes tokens without
  ``Token``'s dataclass constructor and cuts lines with slices where that is exact.

``tests/test_perf5_markdown.py`` and ``tests/test_perf5_text2.py`` compare the token
streams with a stock parser on the corpus, tricky constructs and generated documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, partial
from itertools import accumulate, compress, repeat
from operator import add, sub


@cache
def markdown_parser():
    """The parser, built once per process (``parse_markdown.prepare`` builds it before forking)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True, **_ABSENT_OPTIONS})
    md.enable("table").enable("strikethrough")
    # Inline tokens carry no source offsets, so their children are never used: skipping
    # markdown-it's inline pass halves parse time. parse_markdown's _InlineBlanker blanks inline markup.
    md.core.ruler.disable(["inline", "text_join"], ignoreInvalid=True)
    # Its "normalize" rule rewrites the whole text with two regex substitutions: line
    # endings, which parse_markdown has already normalised, and NUL characters, which
    # parse_markdown._markdown_input replaces the same way (str.replace, no copy when there is none).
    md.core.ruler.disable(["normalize"], ignoreInvalid=True)
    _install_block_dispatch(md)
    _install_line_arrays(md)
    if all(md.normalizeLink(url) == url for url in _PLAIN_URL_SAMPLES):
        md.normalizeLink = partial(_normalize_link, md.normalizeLink)
    return md


#: Options the block rules read with ``options.get(name, False)`` (tasklists per list item,
#: alerts per blockquote, inline_definitions per reference definition), set to that
#: default: the same answer, without the KeyError that markdown-it's ``OptionsDict``
#: (a ``MutableMapping``) raises and catches inside ``get`` for an absent key.
_ABSENT_OPTIONS = {"tasklists": False, "alerts": False, "inline_definitions": False}


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

    The lengths of all lines are remembered for ``known_line_lengths``.
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


def known_line_lengths(src: str) -> list[int] | None:
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


def _block_state(src: str, md, env: dict, tokens: list, state_class: type | None = None):
    """``StateBlock(src, md, env, tokens)``, its line arrays made by ``_line_arrays``.

    Every other attribute is set by ``StateBlock.__init__`` itself (called on an empty
    source, whose loop makes only the fake line) and does not depend on the source.
    ``state_class`` is ``StateBlock`` (the default) or ``_fast_push_state``'s subclass.
    """
    if state_class is None:
        from markdown_it.rules_block import StateBlock as state_class

    state = state_class("", md, env, tokens)
    state.src = src
    state.bMarks, state.eMarks, state.tShift, state.sCount = _line_arrays(src)
    state.bsCount = [0] * len(state.bMarks)
    state.lineMax = len(state.bMarks) - 1
    return state


# -- tokens without the dataclass constructor --------------------------------------
#
# Every block token comes from ``StateBlock.push``, which calls ``Token(type, tag,
# nesting)``: the dataclass ``__init__`` sets the thirteen fields, two of them from
# ``dict`` default factories, and calls ``__post_init__``, which calls ``convert_attrs``
# on the empty dict and stores the new empty dict it returns. About 0.8 us a token, and
# a post has about 160 of them. ``_fast_push_state``'s subclass makes the same token
# with ``Token.__new__`` and thirteen plain stores (about 0.2 us). Its ``getLines`` (the
# text of a paragraph, fence or HTML block) cuts lines with slices instead of stepping
# over each skipped indentation character.

#: ``Token``'s fields, in order, each as ``_fast_push_state``'s push sets it.
_TOKEN_FIELDS = (
    "type",
    "tag",
    "nesting",
    "attrs",
    "map",
    "level",
    "children",
    "content",
    "markup",
    "info",
    "meta",
    "block",
    "hidden",
)


def _fast_push_state(md) -> type | None:
    """A ``StateBlock`` subclass whose ``push`` builds tokens without ``Token.__init__``
    (and whose ``getLines`` cuts lines with slices where that is exact).

    Returned only when ``Token`` has exactly the fields ``push`` sets and it pushes what
    the stock ``push`` does (equal tokens, the same level changes) for each nesting;
    else None.
    """
    import dataclasses

    from markdown_it.rules_block import StateBlock
    from markdown_it.token import Token

    new, get_lines = Token.__new__, StateBlock.getLines

    class FastPushState(StateBlock):
        """The block state: ``push`` makes each token field by field, ``getLines`` slices."""

        def push(self, ttype: str, tag: str, nesting: int) -> Token:
            """``StateBlock.push``: a block token at the current level, appended."""
            token = new(Token)
            token.type = ttype
            token.tag = tag
            token.nesting = nesting
            token.attrs = {}
            token.map = None
            token.children = None
            token.content = ""
            token.markup = ""
            token.info = ""
            token.meta = {}
            token.block = True
            token.hidden = False
            if nesting < 0:
                self.level -= 1  # closing tag
            token.level = self.level
            if nesting > 0:
                self.level += 1  # opening tag
            self.tokens.append(token)
            return token

        def getLines(self, begin: int, end: int, indent: int, keepLastLF: bool) -> str:
            """``StateBlock.getLines``, each line cut with one slice where that is exact.

            The stock loop skips up to ``indent`` columns at the start of each line
            (a space or any character before ``tShift`` counts one, a tab reaches the
            next multiple of 4) and cuts the line up to its line break, which it keeps
            except after the last line unless ``keepLastLF``. When the first
            ``k = min(indent, length)`` characters hold no tab and all lie before
            ``tShift``, it skips exactly those: the line is ``src[start + k : stop]``.
            With ``indent`` 0 and each line starting just after the previous line's
            break (not inside a blockquote, which moves the starts), the lines are one
            slice. Any other line is cut by the stock method (which raises IndexError
            where it reads past the end of the source: a last line without a line
            break whose every character it would skip, with ``keepLastLF``).
            """
            if begin >= end:
                return ""
            src, starts, ends = self.src, self.bMarks, self.eMarks
            last_stop = ends[end - 1] + 1 if keepLastLF else ends[end - 1]
            if indent == 0 and (
                end - begin == 1
                or starts[begin + 1 : end] == list(map((1).__add__, ends[begin : end - 1]))
            ):
                return src[starts[begin] : last_stop]
            shifts, size, pieces = self.tShift, len(src), []
            for line in range(begin, end):
                start = starts[line]
                stop = ends[line] + 1 if line + 1 < end else last_stop
                k = min(indent, stop - start)
                if shifts[line] >= k and start + k <= size and src.find("\t", start, start + k) < 0:
                    pieces.append(src[start + k : stop])
                else:
                    pieces.append(get_lines(self, line, line + 1, indent, stop > ends[line]))
            return "".join(pieces)

    if tuple(field.name for field in dataclasses.fields(Token)) != _TOKEN_FIELDS:
        return None
    stock, ours = StateBlock("", md, {}, []), FastPushState("", md, {}, [])
    stock.level = ours.level = 2
    for nesting in (1, 0, -1, -1):
        try:
            same = stock.push("t", "p", nesting) == ours.push("t", "p", nesting)
        except AttributeError:  # a field push left unset
            return None
        if not same or stock.level != ours.level:
            return None
    stock, ours = StateBlock(_LINES_SAMPLE, md, {}, []), FastPushState(_LINES_SAMPLE, md, {}, [])
    for begin, end, indent, keep in _LINES_CUTS:
        if ours.getLines(begin, end, indent, keep) != stock.getLines(begin, end, indent, keep):
            return None
    return FastPushState


#: A source and ``getLines`` cuts of it on which ``_fast_push_state``'s class must
#: agree with ``StateBlock`` (indents of spaces and tabs, a list marker, a last line).
_LINES_SAMPLE = "a\n  b\n\tc\n- d\n   e"
_LINES_CUTS = [
    (0, 1, 0, False),
    (0, 3, 0, True),
    (1, 3, 2, False),
    (2, 5, 4, True),
    (3, 5, 2, False),
]


def _block_rule(stock: Callable, state_class: type | None = None) -> Callable:
    """The "block" core rule: ``ParserBlock.parse`` with the state from ``_block_state``."""

    def block(state) -> None:
        if state.inlineMode or not state.src:  # as stock (parse returns on an empty source)
            stock(state)
            return
        md = state.md
        block_state = _block_state(state.src, md, state.env, state.tokens, state_class)
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
    md.core.ruler.at("block", _block_rule(block, _fast_push_state(md)))
    return True
