"""Sentence splitting, word tokenising and CJK counting on a prose view.

The prose view has the same length as the source, with non-prose blanked to spaces,
so every function here returns offsets into the string it was given and never
normalises or copies it as a whole: kinds turn these spans straight into positions.
Candidate boundaries come from one compiled regex scan (the hot path runs over
millions of words); only the few candidates it finds are judged in Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from . import patterncache

__all__ = [
    "WORD_RE",
    "WORD_SPLIT_RE",
    "StartsAtBoundary",
    "WordPhrases",
    "confirmed",
    "count_cjk",
    "lowered",
    "sentences_in",
    "split_lowered_words",
    "split_sentences",
    "split_words",
    "word_spans",
]

# CJK ideographs, kana and hangul: counted per character, never part of a word.
_CJK = (
    "\u1100-\u11ff"  # Hangul Jamo
    "\u3005-\u3007\u3021-\u3029\u3038-\u303b"  # iteration marks, ideographic numbers
    "\u3041-\u3096\u309d-\u309f"  # Hiragana
    "\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff"  # Katakana (not the middle dot)
    "\u3131-\u318e"  # Hangul compatibility Jamo
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs, ext. A, compatibility
    "\ua960-\ua97f\uac00-\ud7a3\ud7b0-\ud7ff"  # Hangul syllables and extended Jamo
    "\uff66-\uff9f\uffa0-\uffdc"  # half-width Katakana and Hangul
    "\U0001b000-\U0001b16f"  # Kana supplement and extension
    "\U00020000-\U0003134f"  # CJK ideograph extensions B..G
)
# Combining marks that Python's \w does not count as letters but that sit inside words
# (decomposed accents, Hebrew/Arabic points, Indic vowel signs, joiners, variation selectors).
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u0900-\u0963\u0966-\u0dff\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
    "\u1ab0-\u1aff\u1dc0-\u1dff\u200c\u200d\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f"
)
_L = rf"[^\W_{_CJK}]"  # a letter or digit that is not CJK
_RUN = rf"{_L}+(?:[{_MARKS}]+{_L}*)*"  # letters/digits with any combining marks
_ALPHA = r"[^\W\d_]"
#: Possessive repeats keep ``re`` from saving backtracking points (where it runs them
#: right: ``patterncache.POSSESSIVE_REPEATS``).
_POSSESSIVE = "+" if patterncache.POSSESSIVE_REPEATS else ""


def _joined_run(possessive: str) -> str:
    r"""``WORD_RE``'s second branch: a run of letters and digits with any marks, joined by
    internal apostrophes and hyphens, and by "." or "," between digits.

    With ``possessive`` = "+" its repeats never give back what they took. That finds the
    same matches: every piece after each repeat may match the empty string, and nothing
    follows the branch in the pattern, so once the branch is entered the greedy repeats
    succeed at their first try and are never asked to give anything back; a repeat's
    iteration that fails (a joiner with no run after it) is undone either way. The
    abbreviation branch, whose ``(?![^\W_])`` may make its repeats give back, stays as is.
    """
    p = possessive
    return (
        rf"(?<={_L})[a-zA-Z0-9]*{p}{_L}*{p}(?:[{_MARKS}]+{_L}*)*{p}"
        rf"(?:(?=[.,'\u2019\u02bc\-\u2010\u2011])"
        rf"(?:['\u2019\u02bc\-\u2010\u2011]|(?<=\d)[.,](?=\d)){_RUN})*{p}"
    )


WORD_RE = patterncache.compile(
    # Every word starts with a letter or digit, so the pattern opens with that character set,
    # which ``re`` skips to in C (a leading look-behind made it try every position, about 10 %
    # of segmentation). The look-behinds below are the original ones, each widened by one
    # character to sit after it; tests/test_perf_parse_segment.py keeps the original pattern.
    # Each branch and repeat first tests what it cannot do without (``(?=\.)`` for an
    # abbreviation, a joining character before a joined run) and the common ASCII run is
    # read as a simple character set before the full one: the same matches, found about a
    # quarter faster, since most words fail the abbreviation branch and have no joiner.
    r"[^\W_](?:"
    # Letter-dot abbreviations first, so "U.S." and "e.g." stay one word with their dot.
    rf"(?=\.)(?<={_ALPHA})(?<![^\W_][\s\S])(?<!{_ALPHA}\.[\s\S])(?:\.{_ALPHA})+\.?(?![^\W_])"
    # Otherwise a run joined by internal apostrophes/hyphens, and by . or , between digits.
    f"|{_joined_run('')}"
    ")"
)
#: ``WORD_RE`` as one group, for ``re.split``: the words come out as every other piece,
#: and the running sum of all pieces' lengths gives their offsets, with no match object
#: per word. Its joined-run branch is possessive (``_joined_run``).
WORD_SPLIT_RE = patterncache.compile(
    f"({WORD_RE.pattern.replace(_joined_run(''), _joined_run(_POSSESSIVE), 1)})"
)
#: ``WORD_SPLIT_RE`` for *narrow* text only (``_is_narrow``: every letter and digit is
#: ASCII, and no character is one of ``_MARKS``), written with ASCII classes, which
#: ``re`` tests faster than its Unicode categories and wide ranges. On narrow text each
#: class of ``WORD_RE`` matches exactly its ASCII members: ``[^\W_]`` and ``_L`` are
#: ``[a-zA-Z0-9]``, ``_ALPHA`` is ``[a-zA-Z]`` and ``\d`` is ``[0-9]`` (every other
#: character they match is a letter or digit, ``\w`` without "_"), and the joiner
#: classes are kept as they are. Three pieces drop out: ``(?<={_L})`` always holds after
#: the opening ``[a-zA-Z0-9]``; ``(?:[{_MARKS}]+{_L}*)*`` matches only the empty string;
#: and ``[a-zA-Z0-9]*{_L}*`` is one greedy run, since what follows may always match the
#: empty string (so the longest run is taken either way). Its repeats are possessive, as
#: in ``WORD_SPLIT_RE`` (see ``_joined_run``).
_JOINERS = "'\u2019\u02bc\\-\u2010\u2011"


def _narrow_split(alnum: str, alpha: str) -> re.Pattern:
    r"""``WORD_SPLIT_RE`` with ``[{alnum}]`` for ``[^\W_]`` and ``_L``, ``[{alpha}]`` for
    ``_ALPHA``, and the pieces that then drop out left out (see ``_WORD_SPLIT_NARROW_RE``)."""
    return patterncache.compile(
        rf"([{alnum}](?:"
        rf"(?=\.)(?<=[{alpha}])(?<![{alnum}][\s\S])(?<![{alpha}]\.[\s\S])(?:\.[{alpha}])+\.?(?![{alnum}])"
        rf"|[{alnum}]*{_POSSESSIVE}"
        rf"(?:(?=[.,{_JOINERS}])(?:[{_JOINERS}]|(?<=\d)[.,](?=\d))[{alnum}]+)*{_POSSESSIVE}"
        "))"
    )


_WORD_SPLIT_NARROW_RE = _narrow_split("a-zA-Z0-9", "a-zA-Z")
#: The Latin-1 characters (below U+0100) that ``[^\W_]`` (letters and digits: no CJK,
#: so also ``_L``) and ``_ALPHA`` (letters: the only Latin-1 ``\d`` are 0-9) match; a test
#: checks each of the 256 code points.
_LATIN1_ALNUM = "0-9A-Za-z\u00aa\u00b2\u00b3\u00b5\u00b9\u00ba\u00bc-\u00be\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff"
_LATIN1_ALPHA = _LATIN1_ALNUM.replace("0-9", "", 1)
#: ``WORD_SPLIT_RE`` for *Latin-1* text (``_is_latin1``: every letter and digit is below
#: U+0100, as in most posts with accented names), written with the Latin-1 classes. On
#: such text each class matches exactly its members above, and the argument of
#: ``_WORD_SPLIT_NARROW_RE`` carries over: no mark is below U+0100, so the text has none.
#: About 40 % faster than ``WORD_SPLIT_RE``.
_WORD_SPLIT_LATIN1_RE = _narrow_split(_LATIN1_ALNUM, _LATIN1_ALPHA)
_ASCII_BYTES = bytes(range(128))
_MARK_RE = patterncache.compile(f"[{_MARKS}]")


def _is_narrow(text: str) -> bool:
    """Are all letters and digits of ``text`` ASCII, and none of its characters a mark?

    Only the distinct non-ASCII characters are looked at, found in C (none for an ASCII
    text, answered at once by ``str.isascii``): UTF-8 writes ASCII characters as bytes
    below 128 and every other character (lone surrogates too, with ``surrogatepass``)
    as bytes of 128 or more only, so deleting the former leaves the others' encodings
    intact. ``str.isalnum`` is the test ``re`` uses for ``\\w`` ("_" aside, ASCII).
    """
    return not any(c.isalnum() or _MARK_RE.match(c) for c in _non_ascii(text))


def _is_latin1(text: str) -> bool:
    """Are all letters, digits and marks of ``text`` below U+0100 (``_WORD_SPLIT_LATIN1_RE``)?

    No mark is (``_MARKS`` starts at U+0300), so such a text has none. Only the distinct
    non-ASCII characters are looked at (``_non_ascii``), as in ``_is_narrow``.
    """
    return not any(c > "\u00ff" and (c.isalnum() or _MARK_RE.match(c)) for c in _non_ascii(text))


_LAST_NON_ASCII: tuple[str, frozenset[str]] = ("", frozenset())


def _non_ascii(text: str) -> frozenset[str]:
    """The distinct non-ASCII characters of ``text``, found in C (see ``_is_narrow``).

    Remembered for the last text asked about: the word split and ``count_cjk`` ask
    about the same prose.
    """
    global _LAST_NON_ASCII
    last = _LAST_NON_ASCII  # read once: another thread (a Dask worker's) may replace it
    if last[0] is not text:
        if text.isascii():
            chars: frozenset[str] = frozenset()
        else:
            others = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
            chars = frozenset(others.decode("utf-8", "surrogatepass"))
        last = _LAST_NON_ASCII = (text, chars)
    return last[1]


def split_words(text: str) -> list[str]:
    """``WORD_SPLIT_RE.split(text)``: gap, word, gap, ..., word, gap.

    A narrow text (``_is_narrow``: ASCII text, and most text with curly quotes and
    dashes) is split by the narrow form of the pattern, about 40 % faster, and a Latin-1
    text (``_is_latin1``: accented letters) by its Latin-1 form; the pieces are the same
    (see ``_WORD_SPLIT_NARROW_RE`` and ``_WORD_SPLIT_LATIN1_RE``).
    """
    if _is_narrow(text):
        return _WORD_SPLIT_NARROW_RE.split(text)
    if _is_latin1(text):
        return _WORD_SPLIT_LATIN1_RE.split(text)
    return WORD_SPLIT_RE.split(text)


def split_lowered_words(text: str) -> list[str] | None:
    """The pieces of ``split_words(text)``, each lower-cased, for a narrow or Latin-1 text;
    else None.

    Why: a document needs its words' lower-cased texts (``Document.lower_words``) as well
    as their offsets; lower-casing the text once, in C, saves a ``str.lower`` call per word.
    The pieces are the split of ``text.lower()`` by the text's pattern, which is exact for
    a narrow (``_is_narrow``) or Latin-1 (``_is_latin1``) text: ``lower`` changes only
    cased characters, which there are letters below U+0100, each becoming one letter below
    U+0100 in the same classes of the pattern (a test checks all 256), and characters
    that are neither letters, digits nor marks (circled letters), each becoming one such
    character that is no joiner (a test checks every code point). The pattern's classes
    hold no such character but their joiners (uncased) and the any-character class, so
    every step of the split answers alike on both texts: the same pieces, of the same
    lengths, lower-cased. The lower-cased text comes from ``lowered``, which the scans
    over the same prose then find remembered; it is never None for such a text, which
    keeps its length and holds neither trap (both are letters above U+00FF).
    """
    if _is_narrow(text):
        pattern = _WORD_SPLIT_NARROW_RE
    elif _is_latin1(text):
        pattern = _WORD_SPLIT_LATIN1_RE
    else:
        return None
    low = lowered(text)
    return None if low is None else pattern.split(low)


_CJK_RUN_RE = patterncache.compile(f"[{_CJK}]+")
#: A few wide ranges that hold every character of ``_CJK`` (a test checks each code
#: point): ``count_cjk`` tests a text's distinct non-ASCII characters against them to
#: rule out the posts without CJK, which are nearly all.
_CJK_HINT_RE = patterncache.compile(
    "[\u1100-\u11ff\u3005-\ud7ff\uf900-\ufaff\uff66-\uffdc\U0001b000-\U0003134f]"
)

_CLOSERS = "\"'\u201d\u2019\u00bb\u203a)\\]}\u300d\u300f\uff09\u3011\u3009\u300b"
_OPENERS = "\"'\u201c\u2018\u00ab\u2039([{\u00bf\u00a1\u300c\u300e\uff08\u3010"
_CJK_TERMS = "\u3002\uff01\uff1f\uff61"  # 。！？｡
_TERMS = ".?!\u2026\u203c\u2047-\u2049"  # Western terminators (a character class body)
#: Where a sentence may end. The rule, as one regex over the text (kept in the tests as the
#: reference, ``tests/test_perf_parse_segment.py``) would be:
#:   a blank line (newline, optional spaces or \r, newline) always ends a sentence;
#:   a run of CJK terminators (and closers) ends one whatever follows (CJK has no spaces);
#:   a token (a run of non-space, non-CJK-terminator characters) whose tail is a run of
#:   Western terminators and closers, before whitespace or the end, is a candidate.
#: That regex must be tried at every character (it opens with a look-behind), which is
#: slow. This one starts at the terminator or newline itself: the pattern opens with a
#: character set, which ``re`` skips to in C, and ``split_sentences`` finds the token's
#: start (the ``prev`` word) by stepping back from the terminator.
#:
#: What follows a Western terminator, read by ``_NEXT_RE`` from the end of the stop: the
#: space, any openers and the next word (all may be empty).
_NEXT_RE = patterncache.compile(rf"\s*[{_OPENERS}]*(?P<word>[^\W_]*)")
#: The punctuation branch reads it too, in a look-ahead at the stop's end (``(?=`` +
#: ``_NEXT_RE`` + ``)``): a look-ahead keeps its groups, takes the first way it can match
#: as ``match`` does, and sees the same text (the search's ``endpos`` bounds it as it
#: bounded ``_NEXT_RE.match``), so ``word`` and its end are ``_NEXT_RE.match``'s. Its
#: ``word`` group always takes part (it may match the empty string) and closes last, so
#: ``lastgroup`` names the branch: "blank", "word" (punctuation) or None (CJK).
_STOP_RE = patterncache.compile(
    rf"[\n{_CJK_TERMS}{_TERMS}]"
    rf"(?:(?<=\n)(?P<blank>[^\S\n]*\n)"
    rf"|(?<=[{_CJK_TERMS}])[{_CJK_TERMS}]*[{_CLOSERS}]*"
    # A terminator run from its first character only (linear on "....."): the same runs as
    # the reference's (?<![.?!…]) before them.
    rf"|(?<=[{_TERMS}])(?<![{_TERMS}][{_TERMS}])(?P<punct>[{_TERMS}]*)[{_CLOSERS}]*(?=\s|\Z)"
    f"(?={_NEXT_RE.pattern}))"
)
_LETTER_DOTS_RE = patterncache.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")


def _wordset(words: str) -> frozenset[str]:
    """Build a lookup set from a whitespace-separated list, which reads better than a literal."""
    return frozenset(words.split())


# Never end a sentence: titles and words that always introduce what follows.
_NEVER_END = _wordset(
    """mr mrs ms mx messrs dr prof st rev hon gen col capt lt sgt maj cmdr adm gov sen
    rep pres supt det insp mt ft vs v e.g i.e cf viz approx ca esp incl resp
    """
)
# Do not end a sentence before a number ("No. 5", "Fig. 3", "Jan. 12").
_BEFORE_NUMBER = _wordset(
    """no nos fig figs p pp vol vols ch chap sec sect eq eqs art para ref refs tab
    op ver jan feb mar apr jun jul aug sep sept oct nov dec
    """
)
# May end a sentence: split only before a number-free word that usually starts one.
_AMBIGUOUS = _wordset("inc ltd co corp llc plc jr sr bros al a.m p.m u.s u.k u.n e.u ph.d")
# Words that commonly start a sentence (Punkt-style "frequent sentence starters").
_STARTERS = _wordset(
    """the a an he she it they we i you this that these those there here in on at but
    and or so if when while then after before however its his her their our my your as
    for one some many most all what why how who where which yet also meanwhile still
    today now since although though because during with without by from to not each
    every both more other such instead indeed thus therefore moreover furthermore
    finally first second later last next is was are were do does did can could will
    would should may might let please yes no
    """
)
_INITIAL_STARTERS = _STARTERS - {"a", "i"}  # "A. A. Milne", "Henry I. The"


def _bounds(text: str, start: int, end: int | None) -> tuple[int, int]:
    """Clamp a range like a slice would, so callers can pass paragraph bounds as-is."""
    n = len(text)
    end = n if end is None else max(0, min(end, n))
    return max(0, min(start, end)), end


def _ends_after_period(prev: str, word: str) -> bool:
    """Decide a single "." before a capital, digit or symbol, from the word before it."""
    key = prev.lstrip(_OPENERS).lower()
    if key in _NEVER_END:
        return False
    if not word:  # a symbol, emoji or bracket follows
        return True
    if word[0].isdigit():
        return not (key in _BEFORE_NUMBER or key in _AMBIGUOUS or _is_letter_dots(key))
    lower = word.lower()
    if len(key) == 1 and key.isalpha() and prev[-1].isupper():  # an initial: "J. R. R."
        return lower in _INITIAL_STARTERS
    if key in _AMBIGUOUS or _is_letter_dots(key):
        return lower in _STARTERS
    return True


def _is_letter_dots(key: str) -> bool:
    """True for dotted abbreviations such as "u.s" or "j.r.r" (the final dot excluded).

    Every such key holds a ".", which ``in`` tests in C: most keys (plain words before a
    full stop) are answered without calling the regex.
    """
    return "." in key and _LETTER_DOTS_RE.fullmatch(key) is not None


def _is_boundary(prev: str, punct: str, word: str, at_end: bool) -> bool:
    """Judge a Western terminator ``punct`` after ``prev`` by what follows: ``word``, the
    next word (``_NEXT_RE``), which reaches the end of the range when ``at_end``."""
    if at_end and not word:
        return True  # only whitespace (or openers) left in the range
    if word and word[0].islower():
        return False  # "Wait... what?", "e.g. this", "Really? yes"
    if punct != ".":
        return True  # ?, !, ?!, or an ellipsis before a capital, digit or symbol
    return _ends_after_period(prev, word)


def _is_separator(ch: str) -> bool:
    """Does ``ch`` end a token? ``str.isspace`` is the same test as the regex ``\\s``."""
    return ch.isspace() or ch in _CJK_TERMS


def _token_start(text: str, scanned_from: int, at: int) -> int:
    """Start of the token holding the terminator at ``at``, or -1 if it is not a candidate.

    A token is a candidate only if a left-to-right scan that began at ``scanned_from``
    (the range start, or the end of the previous stop) meets its first character, with a
    separator or the start of the text just before it: a token already under way at
    ``scanned_from`` (a range that starts inside a word, closers eaten by a CJK stop) is
    not one.

    ``at`` is the first stop of ``_STOP_RE`` at or after ``scanned_from``, and every CJK
    terminator is a stop, so none lies in between: there a separator is whitespace,
    and the token's part before ``at`` is the last piece ``str.rsplit`` cuts off (both
    use ``str.isspace``), found in C instead of stepping back a character at a time.
    """
    before = text[scanned_from:at]
    i = at - len(before.rsplit(None, 1)[-1]) if before and not before[-1].isspace() else at
    return i if i == 0 or _is_separator(text[i - 1]) else -1


_NON_SPACE_RE = patterncache.compile(r"\S")


def _trim(text: str, s: int, e: int) -> tuple[int, int] | None:
    """Shrink [s, e) to exclude surrounding whitespace; None when nothing is left.

    ``text[s:e].strip()`` would copy every sentence twice. A sentence after the first
    of a block starts with the space after its predecessor, and most end on their
    terminator: the first non-space is searched for (``\\S`` is ``not str.isspace``, the
    test ``strip`` uses) only when ``text[s]`` is a space, and the end trimmed only
    when ``text[e - 1]`` is one.
    """
    if s >= e:
        return None
    if text[s].isspace():
        first = _NON_SPACE_RE.search(text, s, e)
        if first is None:
            return None
        s = first.start()
    if text[e - 1].isspace():
        e = s + len(text[s:e].rstrip())
    return s, e


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return trimmed, non-empty, ordered [s, e) spans of the sentences in text[start:end].

    A sentence ends at a blank line, at a CJK terminator, or at ``.``/``?``/``!``/``…``
    (with any closing quotes or brackets) when the context says so; a single newline
    never ends one. The last sentence may lack a terminator.
    """
    return sentences_in(text, [(start, end)])


def sentences_in(text: str, ranges: Iterable[tuple[int, int | None]]) -> list[tuple[int, int]]:
    """``split_sentences`` of each range in turn, in one list.

    A document's sentences are those of its blocks, a few dozen ranges: one call for
    all of them saves the set-up of a call per block.
    """
    spans: list[tuple[int, int]] = []
    search, size = _STOP_RE.search, len(text)
    for start, end in ranges:
        if end is None or not 0 <= start <= end <= size:  # else ``_bounds`` keeps them
            start, end = _bounds(text, start, end)
        sent_start = pos = start
        while (m := search(text, pos, end)) is not None:
            scanned_from, pos = pos, m.end()
            kind = m.lastgroup  # see ``_STOP_RE``
            if kind == "blank":
                cut = m.start()
            elif kind is None:  # CJK terminators
                cut = pos
            else:
                at = m.start()
                token = _token_start(text, scanned_from, at)
                if token < 0:
                    continue
                punct = text[at : m.end("punct")]
                word = m["word"]
                if not _is_boundary(text[token:at], punct, word, m.end("word") >= end):
                    continue
                cut = pos
            span = _trim(text, sent_start, cut)
            if span is not None:
                spans.append(span)
            sent_start = pos
        span = _trim(text, sent_start, end)
        if span is not None:
            spans.append(span)
    return spans


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return [s, e) spans of the words in text[start:end] (see ``WORD_RE``; CJK excluded)."""
    start, end = _bounds(text, start, end)
    return list(map(re.Match.span, WORD_RE.finditer(text, start, end)))


def count_cjk(text: str, start: int = 0, end: int | None = None) -> int:
    """Count CJK ideographs, kana and hangul in text[start:end]; read time weighs them apart.

    A text none of whose distinct non-ASCII characters (``_non_ascii``) is in the
    hint's ranges has no CJK character in any range: nearly every post, answered
    without scanning the text again.
    """
    start, end = _bounds(text, start, end)
    if not any(map(_CJK_HINT_RE.match, _non_ascii(text))):
        return 0
    return sum(map(len, _CJK_RUN_RE.findall(text, start, end)))


# --- fast case-insensitive whole-word phrase scans -----------------------------------

#: Characters that a case-insensitive regex (``re`` and the ``regex`` module alike)
#: equates with an ASCII letter although their ``str.lower()`` is not that letter and
#: has the same length: dotless i and long s. (İ also matches "i", and the Kelvin
#: sign K matches "k", but İ lower-cases to two characters, which changes the length,
#: and K lower-cases to "k".) ``tests/test_literals.py`` checks this against every
#: code point, for both engines.
FOLD_TRAPS = "\u0131\u017f"


def fold_safe(text: str, low: str | None = None) -> str | None:
    """``low`` (``text.lower()``, computed when not given) when it can stand in for ``text``.

    Lower-casing never shortens a character, so an unchanged length means every
    character became one character and offsets stay put. For an ASCII character
    ``c``, every character that a case-insensitive regex matches with ``c`` then
    lower-cases to ``c.lower()``, unless it is one of ``FOLD_TRAPS``: a text with none
    of them keeps every such match, at the same offsets, in ``low``. Otherwise None.
    """
    if low is None:
        low = text.lower()
    # ``in`` answers at once for a text whose characters are all narrower than the
    # traps (most posts); a character-class regex would read the whole text.
    if len(low) != len(text) or any(trap in text for trap in FOLD_TRAPS):
        return None
    return low


_LAST_LOWERED: tuple[str, str | None] = ("", "")


def lowered(text: str) -> str | None:
    """``fold_safe(text)``, remembered for the last text asked about: the scans of a
    kind run over the same prose view one after the other."""
    global _LAST_LOWERED
    last = _LAST_LOWERED  # read once: another thread (a Dask worker's) may replace it
    if last[0] is not text:
        last = _LAST_LOWERED = (text, fold_safe(text))
    return last[1]


def trie_pattern(phrases: list[str], word_end: bool = True) -> str:
    """One regex for many literal phrases, factored as a trie.

    "check out" and "checkout" become one branch "check" followed by either
    whitespace + "out" or "out". A flat alternation makes the regex engine try
    every phrase at every position; the trie only follows phrases that share the
    text's prefix, so the scan stays fast with hundreds of phrases. A phrase that
    ends in a letter or digit must end a word; a space matches any run of
    whitespace (``word_end=False`` drops that check: a bare candidate scan).
    Callers add the leading word boundary. Built once per phrase list and kept in
    the pattern store (about 5 ms of every start-up for the shipped packs).
    """
    return patterncache.remember(
        _CODE_TAG, ("trie", tuple(phrases), word_end), lambda: _trie(phrases, word_end)
    )


def _trie(phrases: list[str], word_end: bool) -> str:
    root: dict = {}
    for phrase in phrases:
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = True
    return _trie_body(root, "", word_end)


_CODE_TAG = patterncache.code_tag(__file__)


def _trie_body(node: dict, last: str, word_end: bool) -> str:
    branches = []
    for ch in sorted(k for k in node if k):
        piece = r"\s+" if ch == " " else re.escape(ch)
        branches.append(piece + _trie_body(node[ch], ch, word_end))
    if "" in node:  # a phrase may end here: after the longer ones, so they win
        branches.append(r"(?![\w])" if word_end and (last.isalnum() or last == "_") else "")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


class WordPhrases:
    r"""Literal phrases, whole words, case-insensitive: ``(?<!\w)(?:a|b\s+c)(?!\w)``, faster.

    Python's ``re`` scans a pattern that opens with a look-behind, or is
    case-insensitive, by trying it at every position, which costs about 25 times
    more than letting it jump to a literal. So candidates are found with the bare
    phrases on a lower-cased copy of the text, and the exact regex (``regex``,
    also available as ``pattern``) is then tried only at those positions: the
    matches, and the ``re.Match`` objects, are the same as ``regex.finditer``'s.
    """

    def __init__(self, phrases: Iterable[str], ignorecase: bool = True):
        words = [p.split() for p in sorted(set(phrases), key=lambda p: (-len(p), p)) if p.strip()]
        body = "|".join(r"\s+".join(re.escape(w) for w in ws) for ws in words)
        self.pattern = rf"(?<!\w)(?:{body})(?!\w)"
        self.ignorecase = ignorecase
        self.regex = patterncache.compile(self.pattern, re.IGNORECASE if ignorecase else 0)
        # Candidates: the bare phrases as a trie, which ``re`` scans faster than the
        # flat alternation and which finds the same (longest) phrase at each position.
        if not ignorecase:  # candidates are the bare phrases in the text itself
            self._candidates: re.Pattern | None = _bare_phrases([" ".join(ws) for ws in words])
            return
        lower_body = "|".join(r"\s+".join(re.escape(w.lower()) for w in ws) for ws in words)
        exact = lower_body.isascii() and lower_body == body.lower()
        lower = [" ".join(ws).lower() for ws in words]
        self._candidates = _bare_phrases(lower) if exact else None

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        if not self.ignorecase:
            return confirmed(self._candidates, self.regex, text, text, pos, endpos)
        low = lowered(text)
        if self._candidates is None or low is None:
            end = len(text) if endpos is None else endpos
            return self.regex.finditer(text, pos, end)
        return confirmed(self._candidates, self.regex, low, text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        return next(self.finditer(text, pos, endpos), None)


def _bare_phrases(phrases: list[str]) -> re.Pattern:
    """The phrases without word boundaries; an empty list matches everywhere, as ``""``."""
    return patterncache.compile(trie_pattern(phrases, word_end=False) if phrases else "")


def confirmed(
    candidates: re.Pattern,
    regex: re.Pattern,
    scanned: str,
    text: str,
    pos: int = 0,
    endpos: int | None = None,
) -> Iterator[re.Match]:
    """``regex.finditer(text, pos, endpos)``, found through a cheaper superset pattern.

    ``candidates`` must match in ``scanned`` (``text`` or a same-length copy) wherever
    ``regex`` matches in ``text``; ``regex`` is then tried only where a candidate
    starts, so the matches are exactly those of ``regex.finditer``.
    """
    end = len(text) if endpos is None else min(endpos, len(text))
    search, match = candidates.search, regex.match
    while pos <= end:
        candidate = search(scanned, pos, end)
        if candidate is None:
            return
        m = match(text, candidate.start(), end)
        if m is None:
            pos = candidate.start() + 1
            continue
        yield m
        pos = m.end() if m.end() > m.start() else m.end() + 1


_LEADING_BOUNDARY_RE = patterncache.compile(r"^(\(\?[aiLmsux]+\))?\\b")


class StartsAtBoundary:
    r"""A regex that opens with ``\b`` (after optional inline flags), scanned faster.

    A leading ``\b`` keeps ``re`` from jumping to the pattern's first letters, so the
    pattern without it finds candidates and the whole pattern confirms them
    (see ``confirmed``): the same matches as ``re.compile(pattern, flags).finditer``.
    """

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self.regex = patterncache.compile(pattern, flags)
        self._candidates: re.Pattern | None = None
        #: Candidates are a literal searched in the lower-cased text (see ``lowered``).
        self._lowered = False
        m = _LEADING_BOUNDARY_RE.match(pattern)
        if m is None:
            return
        inline, body = m.group(1) or "", pattern[m.end() :]
        prefix = "" if "x" in inline or flags & re.VERBOSE else literal_prefix(body)
        if len(prefix) >= 2:  # "(?i)\bsave ...": search "save" in the lower-cased text
            self._lowered = bool(self.regex.flags & re.IGNORECASE)
            self._candidates = patterncache.compile(
                re.escape(prefix.lower() if self._lowered else prefix)
            )
        else:
            self._candidates = patterncache.compile(inline + body, flags)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        scanned = lowered(text) if self._lowered else text
        if self._candidates is None or scanned is None:
            return self.regex.finditer(text, pos, len(text) if endpos is None else endpos)
        return confirmed(self._candidates, self.regex, scanned, text, pos, endpos)


def literal_prefix(body: str) -> str:
    """The ASCII letters, digits and spaces that every match of ``body`` starts with.

    A case-insensitive pattern cannot jump to its first letters, a literal can; so
    a literal every match must begin with makes a cheap candidate search. Empty
    when ``body`` has a top-level alternation (a match need not start with it);
    a last character made optional or repeatable by a quantifier is left out.
    """
    if len(split_top_level(body)) > 1:
        return ""
    end = 0
    while end < len(body) and body[end].isascii() and (body[end].isalnum() or body[end] == " "):
        end += 1
    if end < len(body) and body[end] in "?*{":
        end -= 1
    return body[: max(end, 0)]


def split_top_level(body: str) -> list[str]:
    """``body`` cut at each ``|`` outside every group and character class (one piece: none)."""
    pieces, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if body[i + 1 : i + 2] == "^":
                i += 1
            if body[i + 1 : i + 2] == "]":  # a "]" first in a set is a member
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            pieces.append(body[start:i])
            start = i + 1
        i += 1
    pieces.append(body[start:])
    return pieces
