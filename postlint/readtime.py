"""Read-time estimation and declared read-time discovery, as plain library functions.

The ``readtime`` kind and batch reports both use this module, so an estimate in a
report always matches the one a finding quotes. Every constant is a field of
:class:`ReadTimeSettings`; the shipped rule (``rules/Postlint/ReadTime.yml``)
sets them and documents their sources:

* prose words: 238 words/min, the average silent-reading rate for English
  non-fiction (Brysbaert, 2019, "How many words do we read per minute? A review
  and meta-analysis of reading rate", Journal of Memory and Language 109);
* CJK characters (Chinese, Japanese, Korean have no spaces, so they are counted
  per character): 500 characters/min, the figure Medium's read-time help page
  uses for CJK text;
* images, Medium style: 12 s for the first, one second less for each next one,
  never less than 3 s;
* code blocks: their non-blank lines at their own rate (a project default; there
  is no published norm), or left out when the rate is 0.

A *declared* read time is page furniture or a promise in the text ("5 min read",
"Reading time: 4 minutes", "11 minutes readIt" pasted from a web page) or a front
matter key (``reading_time: 5``). Declarations are found on the prose view, so
code and URLs never produce one, and their own words are not counted as prose.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import patterncache
from .segment import count_cjk, lowered

if TYPE_CHECKING:
    from .document import Document

__all__ = [
    "DEFAULT_FRONT_MATTER_KEYS",
    "Declaration",
    "ReadTimeEstimate",
    "ReadTimeSettings",
    "code_lines",
    "estimate_read_time",
    "find_declarations",
    "image_seconds",
]

DEFAULT_FRONT_MATTER_KEYS = ("reading_time", "read_time", "readingTime", "readtime")


@dataclass(frozen=True)
class ReadTimeSettings:
    """The constants of an estimate (see the module docstring for their sources)."""

    words_per_minute: float = 238.0
    cjk_chars_per_minute: float = 500.0
    images: bool = True
    image_first_seconds: float = 12.0
    image_step_seconds: float = 1.0
    image_min_seconds: float = 3.0
    code_lines_per_minute: float = 30.0  # 0 leaves code blocks out


@dataclass(frozen=True)
class ReadTimeEstimate:
    """What was counted and the seconds each part adds up to."""

    words: int
    cjk_chars: int
    images: int
    code_lines: int
    word_seconds: float
    cjk_seconds: float
    image_seconds: float
    code_seconds: float

    @property
    def seconds(self) -> float:
        return self.word_seconds + self.cjk_seconds + self.image_seconds + self.code_seconds

    @property
    def minutes(self) -> float:
        """Estimated minutes, rounded to one decimal (the JSON ``read_time_minutes``)."""
        return round(self.seconds / 60, 1)

    @property
    def display(self) -> int:
        """Whole minutes as a publisher shows them: ``minutes`` rounded up, at least 1.

        Rounding up the one-decimal figure keeps the two consistent: 2.0 shows as
        2, never as 3 because of a few seconds hidden by the rounding.
        """
        return max(1, math.ceil(self.minutes))


@dataclass(frozen=True)
class Declaration:
    """A declared read time: where it is, the number's own span, and the minutes it says."""

    minutes: float
    start: int
    end: int
    number_start: int
    number_end: int
    origin: str  # "text" or "front matter 'key'"


def image_seconds(count: int, first: float, step: float, floor: float) -> float:
    """Medium-style image time: ``first`` seconds, ``step`` less for each next, at least ``floor``."""
    return sum(max(floor, first - i * step) for i in range(count))


_FENCE_RE = patterncache.compile(r"^\s*(?:`{3,}|~{3,})")


def code_lines(doc: Document) -> int:
    """Non-blank lines inside code blocks, fence lines excluded."""
    total = 0
    for block in doc.code_blocks:
        for line in doc.source[block.start : block.end].splitlines():
            if line.strip() and not _FENCE_RE.match(line):
                total += 1
    return total


def _per_minute(amount: float, rate: float) -> float:
    """Seconds to read ``amount`` units at ``rate`` units per minute; 0 when the rate is off."""
    return amount / rate * 60 if rate > 0 else 0.0


def _count_outside(spans: Sequence[tuple[int, int]], excluded: Sequence[tuple[int, int]]) -> int:
    """How many spans do not start inside any excluded span.

    The excluded spans are merged into disjoint stretches and the starts inside
    each are counted by bisecting the sorted starts: the same count as testing
    every span against every excluded span, without a Python loop per word.
    """
    starts = sorted(s for s, _ in spans)
    inside = 0
    for a, b in _merged(excluded):
        inside += bisect.bisect_left(starts, b) - bisect.bisect_left(starts, a)
    return len(starts) - inside


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The union of half-open spans as sorted, disjoint, non-empty spans."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if a >= b:
            continue  # empty: holds no start
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _cjk_in_blocks(doc: Document) -> int:
    """CJK characters in the document's blocks; one scan of the prose when it has none.

    A block's CJK characters are characters of the prose, so prose without any
    (most posts) gives 0 for every block without scanning each one.
    """
    if not count_cjk(doc.prose):
        return 0
    return sum(count_cjk(doc.prose, b.start, b.end) for b in doc.blocks)


def estimate_read_time(
    doc: Document,
    settings: ReadTimeSettings | None = None,
    exclude: Iterable[tuple[int, int]] | None = None,
) -> ReadTimeEstimate:
    """Estimate the read time of a parsed document.

    ``exclude`` lists source spans whose words are not prose to read; by default
    the document's own read-time declarations, so "5 min read" does not count.
    """
    settings = settings or ReadTimeSettings()
    if exclude is None:
        exclude = [(d.start, d.end) for d in find_declarations(doc)]
    excluded = sorted(exclude)
    words = (
        _count_outside([(w.start, w.end) for w in doc.words], excluded)
        if excluded
        else len(doc.words)
    )
    cjk = _cjk_in_blocks(doc)
    images = len(doc.images) if settings.images else 0
    lines = code_lines(doc) if settings.code_lines_per_minute > 0 else 0
    return ReadTimeEstimate(
        words=words,
        cjk_chars=cjk,
        images=images,
        code_lines=lines,
        word_seconds=_per_minute(words, settings.words_per_minute),
        cjk_seconds=_per_minute(cjk, settings.cjk_chars_per_minute),
        image_seconds=image_seconds(
            images,
            settings.image_first_seconds,
            settings.image_step_seconds,
            settings.image_min_seconds,
        ),
        code_seconds=_per_minute(lines, settings.code_lines_per_minute),
    )


# --- declared read times -----------------------------------------------------------

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "sixty": 60,
}  # fmt: skip
_WORDS = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_NUM = rf"(?<![\w.,])(?P<num>\d{{1,3}}(?:[.,]\d{{1,2}})?|(?:{_WORDS})(?![\w]))"
_GAP = r"[ \t\u00a0]*"
# "read" ends the phrase unless a lowercase letter follows ("readIt" is furniture
# glued to the next word, "readme" is not); "reading" only at the end of a line,
# before punctuation or "time", so "5 minutes reading the docs" is not a declaration.
_READ_TAIL = (
    r"read(?:(?-i:(?![a-z]))|ing(?:(?=[ \t\u00a0]*(?:$|[^\w \t\u00a0]|time\b))|(?-i:(?=[A-Z]))))"
)
_SUFFIX_RE = patterncache.compile(
    rf"{_NUM}{_GAP}[-\u2010\u2011]?{_GAP}(?P<unit>minutes?|mins?|m)\.?{_GAP}{_READ_TAIL}",
    re.IGNORECASE | re.MULTILINE,
)
_PREFIX_RE = patterncache.compile(
    rf"(?<!\w)(?:(?:estimated|est\.){_GAP})?(?:(?:reading|read){_GAP}time|time{_GAP}to{_GAP}read|read{_GAP}in)"
    rf"{_GAP}[:\-\u2013\u2014]?{_GAP}(?:(?:about|around|approx(?:imately|\.)?|~|ca\.){_GAP})?"
    rf"{_NUM}{_GAP}(?P<unit>minutes?|mins?)\b\.?",
    re.IGNORECASE,
)
_FIRST_NUMBER_RE = patterncache.compile(r"\d+(?:[.,]\d+)?")


def _to_minutes(number: str) -> float:
    word = NUMBER_WORDS.get(number.lower())
    return float(word) if word is not None else float(number.replace(",", "."))


#: What every declaration holds, in lower case: the prefix form's unit ("min", "mins",
#: "minute(s)") or the suffix form's unit run into its "read" ("5 min read" has "min",
#: "5m. read" has "m. read"). Both patterns ignore case and spell these in ASCII.
_DECLARATION_HINT_RE = patterncache.compile(r"min|m\.?[ \t\u00a0]*read")


def _lines_mentioning_read(prose: str) -> list[tuple[int, int]]:
    """(start, end) of each line that contains "read" and may hold a declaration.

    Scanning only these lines keeps the two declaration patterns off the rest of
    the document, which is most of it. Every declaration contains "read" and
    matches ``_DECLARATION_HINT_RE`` within its line. The hint is searched only in
    a fold-safe lower-cased copy (``segment.lowered``, shared with other kinds'
    scans of the same prose): there, every character that a case-insensitive
    pattern matches with an ASCII letter is that letter, at the same offset, so a
    line without the hint cannot hold a match. Otherwise every line with "read" is
    kept, as before.
    """
    safe = lowered(prose)
    lowered_prose = prose.lower() if safe is None else safe
    hint = None if safe is None else _DECLARATION_HINT_RE.search
    lines: list[tuple[int, int]] = []
    at = lowered_prose.find("read")
    while at != -1:
        start = lowered_prose.rfind("\n", 0, at) + 1
        end = lowered_prose.find("\n", at)
        end = len(prose) if end == -1 else end
        if hint is None or hint(safe, start, end) is not None:
            lines.append((start, end))
        at = lowered_prose.find("read", end)
    return lines


def _text_declarations(doc: Document) -> list[Declaration]:
    """Declarations in the prose view, in order, overlapping matches dropped."""
    found: list[Declaration] = []
    lines = _lines_mentioning_read(doc.prose)
    for regex in (_PREFIX_RE, _SUFFIX_RE):
        for m in (m for start, end in lines for m in regex.finditer(doc.prose, start, end)):
            if any(d.start < m.end() and m.start() < d.end for d in found):
                continue
            found.append(
                Declaration(
                    _to_minutes(m["num"]), m.start(), m.end(), m.start("num"), m.end("num"), "text"
                )
            )
    return sorted(found, key=lambda d: d.start)


def _front_matter_minutes(value: Any) -> float | None:
    """Minutes from a front matter value: a number, or the first number in a string ("5 min")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        m = _FIRST_NUMBER_RE.search(value)
        return _to_minutes(m.group()) if m else None
    return None


def _front_matter_declaration(doc: Document, key: str, minutes: float) -> Declaration:
    """Locate ``key: value`` in the front matter source; the finding covers the value."""
    head = doc.source[: doc.front_matter_end]
    line_re = re.compile(
        rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*[:=][ \t]*(?P<value>[^\r\n]*?)[ \t]*$",
        re.MULTILINE,
    )
    m = line_re.search(head)
    origin = f"front matter '{key}'"
    if m is None:  # e.g. a flow-style mapping; fall back to the first line
        first_end = len(doc.line_text(1))
        return Declaration(minutes, 0, first_end, 0, 0, origin)
    number = _FIRST_NUMBER_RE.search(head, m.start("value"), m.end("value"))
    n_start, n_end = number.span() if number else (m.start("value"), m.start("value"))
    return Declaration(minutes, m.start("value"), m.end("value"), n_start, n_end, origin)


def find_declarations(
    doc: Document, front_matter_keys: Iterable[str] = DEFAULT_FRONT_MATTER_KEYS
) -> list[Declaration]:
    """Every declared read time: front matter keys first, then the text in order."""
    out: list[Declaration] = []
    for key in front_matter_keys:
        minutes = _front_matter_minutes(doc.front_matter.get(key))
        if minutes is not None:
            out.append(_front_matter_declaration(doc, key, minutes))
    out.extend(_text_declarations(doc))
    return out
