"""Readability formulas computed once from shared counts, textstat-compatible.

Why: textstat recounts words, syllables and sentences inside every formula, and
postlint wants seven formulas for every paragraph *and* the document. Here a text
is counted once into :class:`Counts`; paragraph counts can be summed with
:func:`add`; every formula in :data:`FORMULAS` is a cheap function of the counts.

Definitions and constants follow textstat 0.7.13 (English), so scores agree with
``textstat.<formula>(text)`` when words are whitespace tokens of the text and the
sentence count is textstat's (:func:`count_sentences`):

* a *word* is a whitespace token that keeps at least one character after
  textstat's punctuation removal (apostrophes of contractions such as ``'t``,
  ``'s``, ``'ll`` survive; hyphens do not, so "well-known" is one word);
* *letters* are word characters (``\\w``: letters, digits, underscore);
* *characters* are all non-space characters, punctuation included, and ARI
  divides them by the raw token count (``tokens``), punctuation-only tokens
  included, exactly as textstat does;
* *complex words* (Gunning fog) are words of 3+ syllables not on the Dale-Chall
  easy word list; *difficult words* need 2+ syllables (``textstat.difficult_words``);
  the Dale-Chall formula itself counts every word not on the list
  (``unfamiliar_words``), as textstat and the original formula do;
* SMOG is computed for any sentence count > 0: textstat 0.7.13 does not require
  30 sentences (or 3) and neither do we.

Every formula returns 0.0 (textstat's neutral value) when a ratio it needs is
zero or undefined, so empty input never raises.
"""

from __future__ import annotations

import importlib.util
import math
import operator
import struct
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import NamedTuple

from postlint.syllables import syllables_of

from . import patterncache

__all__ = [
    "Counts",
    "EMPTY",
    "FORMULAS",
    "add",
    "total",
    "count_sentences",
    "count_text",
    "count_texts",
    "count_plain_text",
    "easy_words",
    "scores",
]

# textstat's punctuation rule: apostrophes survive only before contraction endings.
_NONCONTRACTION_APOSTROPHE = patterncache.compile(r"'(?!(?:[tsd]|ve|ll|re))")
_PUNCT_KEEP_APOSTROPHE = patterncache.compile(r"[^\w\s']")
_NON_WORD_CHAR = patterncache.compile(r"\W")
_SENTENCE = patterncache.compile(r"\b[^.!?]+[.!?]*")


class Counts(NamedTuple):
    """Everything the formulas need, counted once; add paragraph counts with :func:`add`.

    A named tuple rather than a frozen dataclass: a document makes one per paragraph,
    and a tuple is built in C (``_counts``), where a frozen dataclass's ``__init__``
    sets its eleven fields one ``object.__setattr__`` at a time.
    """

    words: int
    sentences: int
    syllables: int
    letters: int
    characters: int
    polysyllables: int  # words with >= 3 syllables
    complex_words: int  # Gunning fog: not an easy word and >= 3 syllables
    long_words: int  # > 6 letters
    difficult_words: int  # not an easy word and >= 2 syllables (every occurrence, not unique)
    unfamiliar_words: int  # Dale-Chall formula: not an easy word, any length
    tokens: int  # whitespace tokens incl. punctuation-only ones (ARI denominator)

    @property
    def words_per_sentence(self) -> float:
        """Average sentence length; 0.0 when there are no sentences."""
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        """Average syllables per word; 0.0 when there are no words."""
        return self.syllables / self.words if self.words else 0.0

    @property
    def letters_per_word(self) -> float:
        """Average word-characters per word; 0.0 when there are no words."""
        return self.letters / self.words if self.words else 0.0

    @property
    def sentences_per_word(self) -> float:
        """Sentences per word (Coleman-Liau's S/100); 0.0 when there are no words."""
        return self.sentences / self.words if self.words else 0.0

    @property
    def characters_per_token(self) -> float:
        """Non-space characters per raw token (ARI); 0.0 when there are no tokens."""
        return self.characters / self.tokens if self.tokens else 0.0

    def percent(self, part: int) -> float:
        """``part`` as a percentage of words; 0.0 when there are no words."""
        return 100.0 * part / self.words if self.words else 0.0


EMPTY = Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)


def _counts(values: Iterable[int]) -> Counts:
    """A ``Counts`` of eleven values in field order, built in C (no ``__new__`` call)."""
    return tuple.__new__(Counts, values)


def add(a: Counts, b: Counts) -> Counts:
    """Field-wise sum, so paragraph counts roll up into document counts.

    Note textstat counts at least one sentence per non-empty text; summing
    paragraphs therefore can give more sentences than textstat on the joined text.
    """
    return _counts(map(operator.add, a, b))


def total(items: Iterable[Counts]) -> Counts:
    """The field-wise sum of many counts at once (``EMPTY`` for none): ``add`` folded."""
    columns = list(zip(*items, strict=True))
    return _counts(map(sum, columns)) if columns else EMPTY


@lru_cache(maxsize=1)
def easy_words() -> frozenset[str]:
    """The Dale-Chall easy word list shipped inside textstat, loaded on first use.

    The file is found through the import spec rather than ``import textstat``,
    which would drag in NLTK (~250 ms) just to read a text file.
    """
    spec = importlib.util.find_spec("textstat")
    if spec is not None and spec.submodule_search_locations:
        path = Path(next(iter(spec.submodule_search_locations))) / "resources/en/easy_words.txt"
        if path.is_file():
            return frozenset(map(str.strip, path.read_text(encoding="utf-8").split("\n")))
    from importlib.resources import files  # rare fallback (zipped installs): ~4 ms of imports

    ref = files("textstat").joinpath("resources/en/easy_words.txt")
    return frozenset(map(str.strip, ref.read_text(encoding="utf-8").split("\n")))


#: Punctuation that wraps words ("word,", "(word)", "“word”."). Each character is
#: matched by ``_PUNCT_KEEP_APOSTROPHE`` (none is ``\\w``, white space or "'";
#: tests check it), so ``_clean`` deletes every one of them wherever it stands.
_WRAPPING = '.,;:!?()[]{}"“”‘’«»—–-*…/'


def _clean(token: str) -> str:
    """textstat's punctuation removal for one whitespace token (case preserved).

    A token that is letters inside wrapping punctuation (``_WRAPPING``) loses just that
    punctuation, without the two regex passes: it holds no "'", so the first pass
    keeps it whole, and the second deletes the wrapping characters and keeps the
    letters (``str.isalpha`` implies ``\\w``).
    """
    if token.isalpha():
        return token
    core = token.strip(_WRAPPING)
    if core.isalpha():
        return core
    return _PUNCT_KEEP_APOSTROPHE.sub("", _NONCONTRACTION_APOSTROPHE.sub("", token))


def _word_counts(word: str) -> tuple[int, ...]:
    """The columns of a token whose cleaned word (:func:`_clean`) is ``word``, with
    characters (column 3) left at 0: every other column depends on the word alone.

    Returns (is_word, syllables, letters, 0, poly, complex, long, difficult, unfamiliar).
    Letters are the token's word characters (``\\w``), and the word holds exactly
    those: ``_clean`` only deletes characters matched by ``[^\\w\\s']`` or an
    apostrophe, none of them ``\\w``, and a token holds no white space.

    An ASCII word has the counts of its lower-case form: ``lower`` then only turns
    A-Z into a-z, so the length, ``isalpha`` and the ``\\w`` characters stay, and
    syllables and the easy-word test look at ``word.lower()`` anyway. (Not so beyond
    ASCII: "İ" lower-cases to two characters, one of them not ``\\w``.)
    """
    if not word:
        return _NOT_A_WORD
    letters = len(word) if word.isalpha() else len(_NON_WORD_CHAR.sub("", word))
    syllables = syllables_of(word)  # memoised by the caller (_WordRows)
    unfamiliar = word.lower() not in easy_words()
    return (
        1,
        syllables,
        letters,
        0,
        int(syllables >= 3),
        int(unfamiliar and syllables >= 3),
        int(letters > 6),
        int(unfamiliar and syllables >= 2),
        int(unfamiliar),
    )


_NOT_A_WORD = (0,) * 9
_CHARACTERS = 3  # the column of ``characters``, the only one a token's punctuation adds to


def _token_counts(token: str) -> tuple[int, ...]:
    """Per-token contributions, in the order of :func:`_sum_tokens`.

    Returns (is_word, syllables, letters, characters, poly, complex, long,
    difficult, unfamiliar): the word's counts plus the token's length.
    """
    counts = list(_word_counts(_clean(token)))
    counts[_CHARACTERS] = len(token)
    return tuple(counts)


_COLUMNS = 9
#: Bits per column of a packed row. Every count of a packed row is below 2**16
#: (``_ROW`` refuses more) and a packed sum adds at most ``_SMALL`` = 2**16 rows, so
#: no column sum reaches 2**32 and none spills into the next column.
_BITS = 32
_SMALL = 1 << 16
_COUNT_LIMIT = (
    1 << 16
)  # what ``_ROW`` refuses (a token's length; its word's counts are packed by ``_ROW``)
_MAX_ROWS = 1 << 17  # memo bound: memory stays flat on runs full of URLs and typos


#: A row as bytes: each count a little-endian 16-bit number (``struct`` refuses one of
#: 2**16 or more) padded to 32 bits, so column k of ``int.from_bytes`` sits at bit 32*k.
_ROW = struct.Struct("<" + "Hxx" * _COLUMNS)


#: A packed sum as bytes: column k is the k-th little-endian 32-bit number.
_SUM = struct.Struct("<" + "I" * _COLUMNS)


def _unpack_sum(packed: int) -> tuple[int, ...]:
    """The columns of a packed sum, split in C (``to_bytes`` + ``struct``).

    Exact because no column sum reaches 2**32 (see ``_BITS``), so the sum fits in
    ``_COLUMNS`` 32-bit words and ``to_bytes`` never overflows.
    """
    return _SUM.unpack(packed.to_bytes(_SUM.size, "little"))


class _TooLarge(Exception):
    """A token with a count of 2**16 or more (65,536 characters): summed column by column."""


class _WordRows(dict):
    """cleaned word -> its :func:`_word_counts` packed into one int, column k at bit 32*k.

    Tokens that differ only in punctuation ("word", "word,", "(word") share one word,
    whose syllables and easy-word test are thus worked out once, and an ASCII word
    takes the row of its lower-case form ("The" that of "the"); the memo is emptied
    when it holds ``_MAX_ROWS`` words.
    """

    def __missing__(self, word: str) -> int:
        if word.isascii() and (lower := word.lower()) != word:
            row = self[lower]  # the same counts (see ``_word_counts``)
        else:
            try:
                row = int.from_bytes(_ROW.pack(*_word_counts(word)), "little")
            except struct.error:
                raise _TooLarge(word[:20]) from None
        if len(self) >= _MAX_ROWS:
            self.clear()
        self[word] = row
        return row


class _PackedRows(dict):
    """token -> its :func:`_token_counts` packed into one int, column k at bit 32*k.

    Why: adding one int per token in C (``sum(map(rows.__getitem__, tokens))``) and
    splitting the total into columns once per paragraph costs about a third of
    summing nine columns token by token, and the columns come out the same (see
    ``_BITS``). Prose repeats a small vocabulary, so rows are memoised; the memo
    is emptied when it holds ``_MAX_ROWS`` tokens. A new token's row is its word's
    row (``_WordRows``) plus its length in the characters column: the packed form
    of :func:`_token_counts`, which adds the length to the word's counts.
    """

    def __missing__(self, token: str) -> int:
        if len(token) >= _COUNT_LIMIT:
            raise _TooLarge(token[:20])
        row = _WORD_ROWS[_clean(token)] + (len(token) << (_BITS * _CHARACTERS))
        if len(self) >= _MAX_ROWS:
            self.clear()
        self[token] = row
        return row


_WORD_ROWS = _WordRows()
_ROWS = _PackedRows()


def _sum_tokens(tokens: Sequence[str]) -> list[int]:
    """Column sums of :func:`_token_counts` over the tokens (packed, ``_SMALL`` at a time)."""
    try:
        if len(tokens) <= _SMALL:  # nearly every paragraph: one packed sum
            return list(_unpack_sum(sum(map(_ROWS.__getitem__, tokens))))
        sums = [0] * _COLUMNS
        for at in range(0, len(tokens), _SMALL):
            packed = sum(map(_ROWS.__getitem__, tokens[at : at + _SMALL]))
            sums = list(map(operator.add, sums, _unpack_sum(packed)))
    except _TooLarge:
        columns = zip(*map(_token_counts, tokens), strict=True)
        return [sum(column) for column in columns] or [0] * _COLUMNS
    return sums


def count_text(words: Sequence[str], sentences: int) -> Counts:
    """Count a text given its whitespace tokens and its sentence count.

    ``words`` are the caller's tokens, e.g. ``text.split()``; punctuation still
    attached to them is handled the textstat way (it counts toward characters,
    not letters, and punctuation-only tokens are not words).
    """
    # The columns are the fields of ``Counts`` without ``sentences`` and ``tokens``:
    # (words, syllables, letters, characters, polysyllables, complex_words,
    # long_words, difficult_words, unfamiliar_words).
    n_words, *rest = _sum_tokens(words)
    return _counts((n_words, sentences, *rest, len(words)))


def count_texts(texts: Sequence[Sequence[str]], sentences: Iterable[int]) -> list[Counts]:
    """``count_text`` of each text (its tokens) with its sentence count, in order.

    A document's paragraphs are counted together: each paragraph's packed sum, its
    split into columns and the columns' conversion happen in C (``map``), and only the
    ``Counts`` are assembled per paragraph, the same values ``count_text`` gives. A
    paragraph of more than ``_SMALL`` tokens, or a token too large to pack, sends every
    text through ``count_text`` instead.
    """
    if max(map(len, texts), default=0) > _SMALL:
        return list(map(count_text, texts, sentences))
    try:
        packed = list(map(sum, map(map, repeat(_ROWS.__getitem__), texts)))
    except _TooLarge:
        return list(map(count_text, texts, sentences))
    columns = map(_SUM.unpack, map(int.to_bytes, packed, repeat(_SUM.size), repeat("little")))
    return [
        _counts((c[0], n, *c[1:], len(tokens)))
        for c, n, tokens in zip(columns, sentences, texts, strict=True)
    ]


def _word_count(text: str) -> int:
    """Number of words in ``text`` by textstat's rule."""
    return sum(1 for token in text.split() if _clean(token))


def count_sentences(text: str) -> int:
    """textstat's sentence count: 0 for empty text, else >= 1.

    Runs of text ending in ``.!?`` are sentences, but those with two words or
    fewer ("e.g.", "Dr.", list bullets) are ignored.
    """
    if not text:
        return 0
    found = _SENTENCE.findall(text)
    ignored = sum(1 for s in found if _word_count(s) <= 2)
    return max(1, len(found) - ignored)


def count_plain_text(text: str) -> Counts:
    """Counts for a plain-text string exactly as textstat would see it."""
    return count_text(text.split(), count_sentences(text))


def flesch_reading_ease(c: Counts) -> float:
    """Flesch reading ease: 206.835 - 1.015 * words/sentence - 84.6 * syllables/word."""
    wps, spw = c.words_per_sentence, c.syllables_per_word
    if wps == 0 or spw == 0:
        return 0.0
    return 206.835 - 1.015 * wps - 84.6 * spw


def flesch_kincaid_grade(c: Counts) -> float:
    """Flesch-Kincaid grade: 0.39 * words/sentence + 11.8 * syllables/word - 15.59."""
    wps, spw = c.words_per_sentence, c.syllables_per_word
    if wps == 0 or spw == 0:
        return 0.0
    return 0.39 * wps + 11.8 * spw - 15.59


def gunning_fog(c: Counts) -> float:
    """Gunning fog: 0.4 * (words/sentence + 100 * complex words/words)."""
    if not c.words:
        return 0.0
    return 0.4 * (c.words_per_sentence + c.percent(c.complex_words))


def smog_index(c: Counts) -> float:
    """SMOG: 1.043 * sqrt(30 * polysyllables/sentences) + 3.1291 (no minimum sentence count)."""
    if not c.sentences:
        return 0.0
    return 1.043 * math.sqrt(30 * c.polysyllables / c.sentences) + 3.1291


def coleman_liau_index(c: Counts) -> float:
    """Coleman-Liau: 0.058 * letters per 100 words - 0.296 * sentences per 100 words - 15.8."""
    letters, sentences = c.letters_per_word * 100, c.sentences_per_word * 100
    if letters == 0 or sentences == 0:
        return 0.0
    return 0.058 * letters - 0.296 * sentences - 15.8


def automated_readability_index(c: Counts) -> float:
    """ARI: 4.71 * characters/token + 0.5 * words/sentence - 21.43."""
    cpt, wps = c.characters_per_token, c.words_per_sentence
    if cpt == 0 or wps == 0:
        return 0.0
    return 4.71 * cpt + 0.5 * wps - 21.43


def dale_chall_readability_score(c: Counts) -> float:
    """Dale-Chall: 0.1579 * % unfamiliar words + 0.0496 * words/sentence, +3.6365 above 5 %."""
    if not c.words:
        return 0.0
    pct = c.percent(c.unfamiliar_words)
    score = 0.1579 * pct + 0.0496 * c.words_per_sentence
    return score + 3.6365 if pct > 5 else score


FORMULAS: dict[str, Callable[[Counts], float]] = {
    "flesch_reading_ease": flesch_reading_ease,
    "flesch_kincaid_grade": flesch_kincaid_grade,
    "gunning_fog": gunning_fog,
    "smog_index": smog_index,
    "coleman_liau_index": coleman_liau_index,
    "automated_readability_index": automated_readability_index,
    "dale_chall_readability_score": dale_chall_readability_score,
}


def scores(counts: Counts) -> dict[str, float]:
    """All formulas, rounded to 2 decimals; 0.0 for empty input."""
    return {name: round(formula(counts), 2) for name, formula in FORMULAS.items()}
