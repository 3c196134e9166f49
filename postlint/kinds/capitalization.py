"""``capitalization``: headings follow one case style (Vale's capitalization).

``match`` is ``$sentence``, ``$title``, ``$lower``, ``$upper`` or a regular
expression the heading must match in full. For the four styles the finding
carries a fix: the heading with only the letters that must change changed, so
inline markup (code, links, emphasis) survives.

Case styles cannot know every proper noun, so a word is left as written when:
- it is listed in ``exceptions`` (the listed spelling is then enforced: "Github"
  becomes "GitHub");
- it has a capital after its first letter (acronyms, "iOS", "GitHub"), a digit, or
  is a single letter ("I", "Plan B");
- (``learn_proper_nouns``) the same word is capitalised in the middle of a
  sentence in the body of the post, which is how the author spells a name.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Fix
from .base import Kind, Param, ParamError, iter_scope_spans

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
    first: bool  # the heading's first word
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
                re.compile(style)
            except re.error as exc:
                raise ParamError("match", f"invalid regular expression {style!r}: {exc}") from None

    def prepare(self, rule: Rule) -> re.Pattern | None:
        style = rule.params["match"]
        return None if style in STYLES else re.compile(style)

    def check(self, rule: Rule, doc: Document) -> Iterator[Finding]:
        style = rule.params["match"]
        for start, end in iter_scope_spans(doc, rule.scope):
            if rule.state is not None:
                text = doc.prose[start:end].strip()
                if not rule.state.fullmatch(text):
                    yield rule.finding(doc, start, end, style=f"the form /{style}/", expected="")
                continue
            expected = self._recase(rule, doc, start, end)
            if expected != doc.source[start:end]:
                yield rule.finding(
                    doc, start, end, fix=Fix(expected), style=STYLES[style], expected=expected
                )

    def _recase(self, rule: Rule, doc: Document, start: int, end: int) -> str:
        """The heading's source with each word re-cased to the style."""
        chars = list(doc.source[start:end])
        keep = _Keeper(rule, doc)
        recase = _styler(rule.params["match"], {w.lower() for w in rule.params["small_words"]})
        for word in _heading_words(doc, start, end):
            target = keep.spelling(word.text) or recase(word)
            chars[word.start - start : word.start - start + len(target)] = target
        return "".join(chars)


def _heading_words(doc: Document, start: int, end: int) -> list[Word]:
    starts = [w.start for w in doc.words]
    spans = doc.words[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
    words = []
    for i, span in enumerate(spans):
        after_colon = i > 0 and ":" in doc.prose[spans[i - 1].end : span.start]
        text = doc.source[span.start : span.end]
        words.append(Word(span.start, text, i == 0, after_colon, i == len(spans) - 1))
    return words


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
        self.exceptions = {e.lower(): e for e in rule.exceptions}
        self.proper = _proper_nouns(doc) if rule.params["learn_proper_nouns"] else set()
        self.upper = rule.params["match"] == "$upper"

    def spelling(self, word: str) -> str | None:
        """The spelling to keep, or None when the style decides."""
        listed = self.exceptions.get(word.lower())
        if listed is not None:
            return listed
        if self.upper:
            return None
        if len(word) == 1 and word.isupper():
            return word
        if any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:]):
            return word
        if word in self.proper:
            return word
        return None


def _proper_nouns(doc: Document) -> set[str]:
    """Words capitalised mid-sentence in the body (not headings): names, as the author spells them."""
    cached = doc.cache.get("capitalization.proper_nouns")
    if cached is not None:
        return cached
    headings = [(b.start, b.end) for b in doc.blocks if b.kind == "heading"]
    starts = [w.start for w in doc.words]
    found: set[str] = set()
    for sentence in doc.sentences:
        if any(s <= sentence.start < e for s, e in headings):
            continue
        lo = bisect.bisect_left(starts, sentence.start)
        hi = bisect.bisect_left(starts, sentence.end)
        for span in doc.words[lo + 1 : hi]:
            word = doc.source[span.start : span.end]
            if word[:1].isupper():
                found.add(word)
    doc.cache["capitalization.proper_nouns"] = found
    return found
