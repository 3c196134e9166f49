"""``capitalization``: headings follow one case style (Vale's capitalization).

``match`` is ``$sentence``, ``$title``, ``$lower``, ``$upper`` or a regular
expression the heading must match in full. For the four styles the finding
carries a fix: the heading with only the letters that must change changed, so
inline markup (code, links, emphasis) survives.

Case styles cannot know every proper noun, so a word is left as written when:
- it is listed in ``exceptions`` (compared without case: product names, words
  such as "Go" that are also common words);
- it has a capital after its first letter (acronyms, "iOS", "GitHub"), a digit, or
  is a single letter ("I", "Plan B");
- it sits inside quotation marks (the title of someone else's work);
- (``learn_proper_nouns``) the post spells it that way elsewhere: capitalised in
  the middle of a sentence in the body (a name), or inside inline code (an
  identifier such as ``parzer`` or ``Run``).

Inside a heading, a word after ". ", "? " or "! " starts a new sentence; after a
colon, sentence case accepts either case and title case capitalises.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import compress
from typing import TYPE_CHECKING

from .. import patterncache
from ..model import Fix
from ..textmetrics import word_starts
from .base import Kind, Param, ParamError, iter_scope_spans
from .patterns import UserPattern

if TYPE_CHECKING:
    from ..document import Document
    from ..model import Finding
    from ..rules import Rule

STYLES = {"$sentence": "sentence case", "$title": "title case", "$lower": "lower case"}
STYLES["$upper"] = "upper case"

DEFAULT_SMALL_WORDS = [
    "a", "an", "and", "as", "at", "but", "by", "en", "for", "from", "if", "in", "into",
    "nor", "of", "off", "on", "onto", "or", "per", "so", "than", "the", "to", "up",
    "upon", "via", "vs", "with", "yet",
]  # fmt: skip


@dataclass
class Word:
    """A word of a heading and what the style expects of it."""

    start: int
    text: str
    first: bool  # starts the heading, or a sentence inside it
    after_colon: bool  # starts a phrase after a colon ("Part 2: The sequel")
    last: bool


class CapitalizationKind(Kind):
    name = "capitalization"
    description = "'{match}' should be in {style}: '{expected}'."
    default_scope = "heading"
    scopes = frozenset({"heading"})
    skip_quotes_default = False
    params = {
        "match": Param(
            "str", "$sentence", help="$sentence, $title, $lower, $upper or a regular expression"
        ),
        "small_words": Param(
            "list[str]", DEFAULT_SMALL_WORDS, help="words title case keeps lower case"
        ),
        "learn_proper_nouns": Param(
            "bool", True, help="keep words the post capitalises mid-sentence as written"
        ),
    }

    def validate(self, rule: Rule) -> None:
        style = rule.params["match"]
        if style.startswith("$") and style not in STYLES:
            raise ParamError("match", f"expected one of {', '.join(STYLES)} or a regex")
        if not style.startswith("$"):
            try:
                patterncache.compile(style)
            except re.error as exc:
                raise ParamError("match", f"invalid regular expression {style!r}: {exc}") from None

    def prepare(self, rule: Rule) -> UserPattern | None:
        style = rule.params["match"]
        return None if style in STYLES else UserPattern(style, key="match")

    def check(self, rule: Rule, doc: Document) -> Iterator[Finding]:
        style = rule.params["match"]
        keep = _Keeper(rule, doc) if rule.state is None else None
        recase = None
        if keep is not None:
            recase = _styler(style, {w.lower() for w in rule.params["small_words"]})
        for start, end in iter_scope_spans(doc, rule.scope):
            if keep is None:
                text = doc.prose[start:end].strip()
                if not rule.state.fullmatch(text):
                    yield rule.finding(doc, start, end, style=f"the form /{style}/", expected="")
                continue
            expected = self._recase(doc, start, end, keep, recase)
            if expected != doc.source[start:end]:
                yield rule.finding(
                    doc, start, end, fix=Fix(expected), style=STYLES[style], expected=expected
                )

    @staticmethod
    def _recase(
        doc: Document, start: int, end: int, keep: _Keeper, recase: Callable[[Word], str]
    ) -> str:
        """The heading's source with each word re-cased by ``recase`` (the style)."""
        chars = list(doc.source[start:end])
        for word in _heading_words(doc, start, end):
            # A word the style leaves as written stays so whatever ``keep`` says: only the
            # others ask it (which may need the body's spellings, the costliest test).
            styled = recase(word)
            target = styled if styled == word.text else keep.spelling(word) or styled
            chars[word.start - start : word.start - start + len(target)] = target
        return "".join(chars)


#: Between two words of a heading: a sentence ends (the next word starts one) or a colon.
_SENTENCE_BREAK = patterncache.compile(r"[.!?][\"'”’)\]]*\s")
_TAG = patterncache.compile(r"<[^>]*>")
_WORD_CHAR = patterncache.compile(r"\w")


def _heading_words(doc: Document, start: int, end: int) -> list[Word]:
    starts = word_starts(doc)
    spans = doc.words[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
    words = []
    for i, span in enumerate(spans):
        gap = doc.prose[spans[i - 1].end : span.start] if i else ""
        first = _opens_heading(doc, span.start) if i == 0 else bool(_SENTENCE_BREAK.search(gap))
        text = doc.source[span.start : span.end]
        words.append(Word(span.start, text, first, ":" in gap, i == len(spans) - 1))
    return words


def _opens_heading(doc: Document, offset: int) -> bool:
    """False when the heading starts with code or other non-prose words ("`citool` is ...")."""
    line_start = doc.line_starts[doc.line_col(offset)[0] - 1]
    before = _TAG.sub("", doc.source[line_start:offset])
    return not _WORD_CHAR.search(before)


def _styler(style: str, small: set[str]) -> Callable[[Word], str]:
    def sentence(w: Word) -> str:
        if w.first:
            return _capital(w.text)
        if w.after_colon:  # either case reads well after a colon; the author chooses
            return w.text
        return _lower_initial(w.text)

    def title(w: Word) -> str:
        if w.text.lower() in small and not (w.first or w.after_colon or w.last):
            return _lower_initial(w.text)
        return _capital(w.text)

    table: dict[str, Callable[[Word], str]] = {
        "$sentence": sentence,
        "$title": title,
        "$lower": lambda w: w.text.lower(),
        "$upper": lambda w: w.text.upper(),
    }
    return table[style]


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


def _lower_initial(word: str) -> str:
    return word[:1].lower() + word[1:]


class _Keeper:
    """Decides which words keep their own spelling whatever the style says."""

    def __init__(self, rule: Rule, doc: Document):
        self.doc = doc
        self.exceptions = {e.lower() for e in rule.exceptions}
        self.learn = rule.params["learn_proper_nouns"]
        self.upper = rule.params["match"] == "$upper"

    def spelling(self, word: Word) -> str | None:
        """The word as written when it must be kept, or None when the style decides."""
        text = word.text
        if text.lower() in self.exceptions:
            return text
        if self.upper:
            return None
        if len(text) == 1 and text.isupper():
            return text
        if any(map(str.isdigit, text)) or any(map(str.isupper, text[1:])):
            return text
        if self.learn and _is_learned(self.doc, _POSSESSIVE.sub("", text)):
            return text
        if self.doc.in_quote(word.start, word.start + len(text)):
            return text
        return None


_POSSESSIVE = patterncache.compile(r"['’]s$")
#: A code span opens and closes with backtick runs of the same length (CommonMark). The
#: lookarounds make each run whole, so a long run of backticks is scanned once, not once per
#: backtick (that was quadratic: 100,000 backticks took over a minute). The pattern opens
#: with the backtick itself, so ``re`` jumps from backtick to backtick in C; the look-behind
#: after it, ``(?<!``)``, is the original ``(?<!`)`` before it: the character before the run
#: is not a backtick (tests/test_perf_misc.py keeps the original pattern as the reference).
#: The content was the lazy ``[^`]+?``, which tries the closing run after every character;
#: it can only succeed at the first backtick (it cannot pass one, and the run opens with
#: one), the one count a possessive ``[^`]++`` takes at once, then tries the run there
#: (possessive only where ``re`` runs it right: ``patterncache.POSSESSIVE_REPEATS``).
_INLINE_CODE = patterncache.compile(
    rf"(`(?<!``)`*)(?!`)([^`]+{'+' if patterncache.POSSESSIVE_REPEATS else '?'})\1(?!`)"
)
_IDENTIFIER = patterncache.compile(r"[^\W\d_][\w-]*")


#: Questions to ``_is_learned`` answered one by one per document; past it, the whole set.
_MAX_LEARNED_QUESTIONS = 16


def _is_learned(doc: Document, spelling: str) -> bool:
    """``spelling in _learned_spellings(doc)``, answered for this one spelling when few
    are asked.

    Why: most posts ask about a handful of heading words, while the whole set needs every
    capitalised word of the body placed in its sentence. A body word ``w`` gives
    ``_POSSESSIVE.sub("", w)``, a prefix of ``w``; so a word giving ``spelling`` starts
    where the source holds ``spelling``, and only the words starting at those places
    are judged (``_spelled_in_body``), by the same tests as ``_body_capitals``.
    """
    learned = doc.cache.get("capitalization.learned")
    if learned is None:
        asked = doc.cache["capitalization.asked"] = doc.cache.get("capitalization.asked", 0) + 1
        if asked <= _MAX_LEARNED_QUESTIONS:
            return spelling in _code_identifiers(doc) or _spelled_in_body(doc, spelling)
        learned = _learned_spellings(doc)
    return spelling in learned


def _learned_spellings(doc: Document) -> set[str]:
    """How the post itself spells names: words capitalised mid-sentence in the body, and
    identifiers it writes as inline code ("`parzer`", "`Run`"), which keep their case.

    Computed on first need only (many headings are decided before this test).
    """
    cached = doc.cache.get("capitalization.learned")
    if cached is not None:
        return cached
    source, words = doc.source, doc.words
    # Words are never empty (segment.WORD_RE consumes a character), so a word's first
    # character is the one ``_body_capitals`` tested; the slice below checks it again.
    spelled = {source[words[i].start : words[i].end] for i in _body_capitals(doc)}
    found = {_POSSESSIVE.sub("", word) for word in spelled if word[:1].isupper()}
    found |= _code_identifiers(doc)
    doc.cache["capitalization.learned"] = found
    return found


def _code_identifiers(doc: Document) -> set[str]:
    """The identifiers the post writes as inline code (memoised: code spans are few)."""
    found = doc.cache.get("capitalization.code")
    if found is None:
        found = set()
        for code in _INLINE_CODE.finditer(doc.source):
            found.update(_IDENTIFIER.findall(code.group(2)))
        doc.cache["capitalization.code"] = found
    return found


def _spelled_in_body(doc: Document, spelling: str) -> bool:
    """Does a word of ``_body_capitals`` give ``spelling`` (see ``_is_learned``)?"""
    if not spelling:  # a word giving "" is "'s" or empty: never capitalised
        return False
    source, words, starts = doc.source, doc.words, word_starts(doc)
    # ``_POSSESSIVE`` takes off two characters or none: a word giving ``spelling`` is as
    # long as it or two longer, a test that passes over "There" for "The" before any
    # slicing or regex call.
    sizes = (len(spelling), len(spelling) + 2)
    at = source.find(spelling)
    while at >= 0:
        i = bisect.bisect_left(starts, at)
        if i < len(starts) and starts[i] == at and words[i].end - at in sizes:
            word = source[at : words[i].end]
            if (
                word[:1].isupper()
                and _POSSESSIVE.sub("", word) == spelling
                and _is_body_capital(doc, i)
            ):
                return True
        at = source.find(spelling, at + 1)
    return False


def _is_body_capital(doc: Document, i: int) -> bool:
    """``_body_capitals``' test for the one word ``i`` (whose first letter is a capital):
    the last sentence starting at or before it holds its start, lies outside headings,
    and does not start with it."""
    sentence_starts = doc.cache.get("capitalization.sentence_starts")
    if sentence_starts is None:
        sentence_starts = list(map(_span_start, doc.sentences))
        doc.cache["capitalization.sentence_starts"] = sentence_starts
    start = word_starts(doc)[i]
    j = bisect.bisect_right(sentence_starts, start) - 1
    if j < 0 or start >= doc.sentences[j].end or _in_heading(doc, [sentence_starts[j]])[0]:
        return False
    return i != bisect.bisect_left(word_starts(doc), sentence_starts[j])


def _body_capitals(doc: Document) -> list[int]:
    """Indexes into ``doc.words`` of the capitalised words that follow the first word of a
    sentence outside headings.

    A sentence's words are those starting inside it (``doc.sentences`` are disjoint and
    in order), so a capitalised word counts when the last sentence starting at or
    before it (found by bisection) holds its start, lies outside headings, and does
    not start with it. Why this shape: the capitalised words (about one in seven)
    are picked out in C, and the three tests run as ``map`` calls over them, with
    per-sentence tables indexed by that bisection (index 0: before every sentence).
    """
    starts, source = word_starts(doc), doc.source
    capitals = list(compress(range(len(starts)), map(str.isupper, map(source.__getitem__, starts))))
    if not capitals:
        return []
    sentences = doc.sentences
    sentence_starts = list(map(_span_start, sentences))
    # Per sentence, shifted by one: where it ends (-1 in a heading: nothing lies before
    # that) and the index of its first word (-1: no word is).
    ends = [-1] + [
        -1 if heading else end
        for end, heading in zip(
            map(_span_end, sentences), _in_heading(doc, sentence_starts), strict=True
        )
    ]
    firsts = [-1] + list(map(partial(bisect.bisect_left, starts), sentence_starts))
    capital_starts = list(map(starts.__getitem__, capitals))
    where = list(map(partial(bisect.bisect_right, sentence_starts), capital_starts))
    inside = map(operator.lt, capital_starts, map(ends.__getitem__, where))
    not_first = map(operator.ne, capitals, map(firsts.__getitem__, where))
    return list(compress(capitals, map(operator.and_, inside, not_first)))


def _in_heading(doc: Document, offsets: list[int]) -> list[bool]:
    """For each offset: does it lie in a heading block (the last one starting at or before it)?"""
    heading_starts, heading_ends = _headings(doc)
    return [
        i > 0 and offset < heading_ends[i - 1]
        for offset, i in zip(
            offsets, map(partial(bisect.bisect_right, heading_starts), offsets), strict=True
        )
    ]


def _headings(doc: Document) -> tuple[list[int], list[int]]:
    """The starts and the ends of the heading blocks, kept in ``doc.cache``: ``_in_heading``
    is asked once per body word that ``_spelled_in_body`` judges."""
    found = doc.cache.get("capitalization.headings")
    if found is None:
        headings = [b for b in doc.blocks if b.kind == "heading"]
        found = [b.start for b in headings], [b.end for b in headings]
        doc.cache["capitalization.headings"] = found
    return found


_span_start = operator.itemgetter(0)
_span_end = operator.itemgetter(1)
