"""Session 4, pattern kinds: users' ``regex`` patterns served from the pattern store.

``patterncache.regex_compile`` keeps the arguments the ``regex`` module passes to its C
``_regex.compile`` and rebuilds patterns from them on later runs, loading only the C
extension. These tests pin down that a stored pattern is the pattern ``regex.compile``
gives (matches, positions, groups, flags, timeouts), that unusual patterns are never
stored, that a damaged or foreign store is ignored, and that a warm run does not
import the ``regex`` package at all.
"""

from __future__ import annotations

import marshal
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from postlint import patterncache
from postlint.kinds import patterns
from postlint.kinds.patterns import RegexTimeout, UserPattern, regex_time_limit

V0, IC = regex.VERSION0, regex.IGNORECASE

PATTERNS = [
    (r"colou?r", 0),
    (r"(?i)straße|İstanbul", 0),
    (r"straße", IC),
    (r"(?P<word>\w+)\s+(?P=word)", 0),
    (r"(?P<first>[A-Z])(?P<rest>[a-z]+)|(\d+)", 0),
    (r"(?<=\bis )(?:kind|sort) of\b", IC),
    (r"(?<![A-Z]\s)(?![IVXLCDM]+\b)([A-Z]{3,5})s?\b(?!\s[A-Z]{2,}\b)", 0),
    (r"\w[\w-]*\s+\(([A-Z]{3,5})s?\)|\b([A-Z]{3,5})s?\s+\([A-Za-z][\w -]+\)", 0),
    (r"(?>a+)b|a++c|x*+y", 0),
    (r"\p{Lu}\p{Ll}+", 0),
    (r"[^\W\d_]+(?:['’-][^\W\d_]+)*", IC),
    (r"(?x) a  b  # comment", 0),
    (r"(?m)^\s*-\s+(.*)$", 0),
    (r"(?s)<.*?>", 0),
    (r"(?a)\w+", 0),
    (r"é+|\u212a", IC),
    (r"", 0),
    (r"(a)|(b)|(?P<c>c)", 0),
]
TEXTS = [
    "",
    "Colour and color; the the word word. A Content Delivery Network (CDN) and DNS (domain).",
    "STRASSE straße İstanbul istanbul ſtraße Kelvin \u212a K abc aaab aac xxy y",
    "It is kind of slow, this is sort of fine. ABCs XYZ ABC DEF.\n- item one\n  - two\n<b>x</b>",
    "Ünïcödé Straße GitHub iOS API’s well-known co-op's 123 45",
]


def _matches(compiled, text: str) -> list:
    return [(m.span(), m.groups(), m.groupdict()) for m in compiled.finditer(text)]


def _same_pattern(got, expected) -> None:
    assert type(got) is type(expected)
    assert (got.pattern, got.flags, got.groups, got.groupindex) == (
        expected.pattern,
        expected.flags,
        expected.groups,
        expected.groupindex,
    )
    for text in TEXTS:
        assert _matches(got, text) == _matches(expected, text), (got.pattern, text)
        for pos in (1, len(text) // 2):
            assert [m.span() for m in got.finditer(text, pos)] == [
                m.span() for m in expected.finditer(text, pos)
            ]
        assert got.sub("<\\g<0>>", text) == expected.sub("<\\g<0>>", text)


def _new_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget the in-memory store, as a new process would (the file stays)."""
    patterncache.save()
    monkeypatch.setattr(patterncache, "_store", None)
    monkeypatch.setattr(patterncache, "_used", set())


@pytest.mark.parametrize("pattern, flags", PATTERNS)
def test_a_stored_pattern_is_the_pattern_regex_compiles(
    pattern: str, flags: int, fresh_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flags |= V0
    expected = regex.compile(pattern, flags)
    first = patterncache.regex_compile(pattern, flags)  # compiled by regex, then stored
    _same_pattern(first, expected)
    _new_run(monkeypatch)
    key = ("regex", pattern, flags, patterncache.regex_install())
    assert key in patterncache._load()
    monkeypatch.setattr(patterncache, "_regex_module", _no_regex)  # must not be needed
    again = patterncache.regex_compile(pattern, flags)
    _same_pattern(again, expected)


def _no_regex():
    raise AssertionError("the stored pattern needed the regex package")


def test_a_stored_pattern_keeps_its_timeout(fresh_store: Path, monkeypatch) -> None:
    pattern = r"(a+)+$"
    UserPattern(pattern).prepare()
    _new_run(monkeypatch)
    user = UserPattern(pattern)
    assert "_compiled" not in user.__dict__
    with pytest.raises(RegexTimeout), regex_time_limit(0.05):
        list(user.finditer("a" * 50_000 + "!\n"))


@pytest.mark.parametrize(
    "pattern",
    [r"(?L)abc", r"(?:colour){e<=1}", r"\p{Greek}+", r"abc{i}"],
)
def test_unusual_patterns_are_not_stored(pattern: str, fresh_store: Path) -> None:
    compiled = patterncache.regex_compile(pattern, V0)
    assert compiled.pattern == pattern
    assert not [k for k in patterncache._load() if k[0] == "regex"]


def test_an_invalid_pattern_raises_regex_s_error_every_time(fresh_store: Path) -> None:
    for _ in range(2):
        with pytest.raises(regex.error) as caught:
            patterncache.regex_compile("(unclosed", V0)
        with pytest.raises(regex.error) as plain:
            regex.compile("(unclosed", V0)
        assert str(caught.value) == str(plain.value)
    with pytest.raises(regex.error):  # a named list the caller did not supply
        patterncache.regex_compile(r"\L<words>", V0)


def _stored_entry(pattern: str, monkeypatch) -> tuple:
    patterncache.regex_compile(pattern, V0)
    _new_run(monkeypatch)
    key = ("regex", pattern, V0, patterncache.regex_install())
    return key, patterncache._load()[key]


def _damaged(parts: tuple) -> list[tuple]:
    magic, checksum, data = parts
    code = bytearray(data[2])
    code[len(code) // 2] ^= 0x5A
    other = list(data)
    return [
        (magic + 1, checksum, data),  # another regex version's entry
        (magic, checksum, (*data[:2], bytes(code), *data[3:])),  # damaged code
        (magic, checksum + 1, data),
        (magic, checksum, data[:-1]),
        (magic, checksum, (*data[:3], {"x": 99}, *data[4:])),  # a group beyond the count
        (magic, checksum, tuple(other[:5]) + ({"w": frozenset({"a"})},) + tuple(other[6:])),
        (magic, checksum, ("other pattern", *data[1:])),
        "not a tuple",
        (magic, checksum),
    ]


@pytest.mark.parametrize("case", range(9))
def test_a_damaged_or_foreign_entry_is_dropped_and_compiled_for_real(
    case: int, fresh_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pattern = r"(?P<x>colou?r)s?\b"
    key, parts = _stored_entry(pattern, monkeypatch)
    store = patterncache._load()
    store[key] = _damaged(parts)[case]
    compiled = patterncache.regex_compile(pattern, V0)
    _same_pattern(compiled, regex.compile(pattern, V0))
    assert store[key] == parts  # compiled for real and stored again


def test_a_damaged_store_file_is_ignored(fresh_store: Path, monkeypatch) -> None:
    pattern = r"\b[A-Z]{3}\b"
    patterncache.regex_compile(pattern, V0)
    patterncache.save()
    path = patterncache.store_path()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    monkeypatch.setattr(patterncache, "_store", None)
    _same_pattern(patterncache.regex_compile(pattern, V0), regex.compile(pattern, V0))


def test_entries_of_another_regex_install_are_dropped_on_save(fresh_store: Path) -> None:
    patterncache.regex_compile(r"abc", V0)
    store = patterncache._load()
    foreign = ("regex", "abc", V0, ("/elsewhere", ("_regex.so", 1, 2)))
    store[foreign] = store[("regex", "abc", V0, patterncache.regex_install())]
    patterncache.save()
    saved = marshal.loads(patterncache.store_path().read_bytes())
    assert foreign not in saved
    assert ("regex", "abc", V0, patterncache.regex_install()) in saved


def test_the_flag_values_are_the_regex_module_s() -> None:
    for name, value in patterns._FLAG_NAMES.items():
        assert int(getattr(regex, name)) == value, name
    assert patterns.VERSION0 == V0 and patterns.IGNORECASE == IC
    assert patterncache.REGEX_LOCALE == regex.LOCALE


def test_a_user_pattern_pickles_without_its_compiled_pattern(fresh_store: Path) -> None:
    user = UserPattern(r"\w[\w-]*\s+\(([A-Z]{3,5})s?\)|\b([A-Z]{3,5})s?\s+\(\w+\)")
    user.prepare()
    clone = pickle.loads(pickle.dumps(user))
    assert "_compiled" not in clone.__dict__ and "prefilter" not in clone.__dict__
    text = TEXTS[1] + " XYZ (why)"
    assert [m.span() for m in clone.finditer(text)] == [m.span() for m in user.finditer(text)]
    assert clone in patterns._LIVE_PATTERNS


# --- infix heads as plain data -------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [r"\w", r"[\w-]", r"\s", r"[a-c-]", r"é", r"[^x]", r"(?:ab|b)", r"\p{Lu}", r"[\p{L}\d_]"],
)
def test_head_data_matches_what_the_parse_tree_matches(head: str) -> None:
    from regex import _regex_core as core

    source = core.Source(head + "+XYZ")
    info = core.Info(V0, source.char_type, {})
    tree = core._parse_pattern(source, info)
    leaves = patterns._head_leaves(tree.items[0])
    assert leaves
    data = tuple(patterns._leaf_data(leaf) for leaf in leaves)
    assert marshal.loads(marshal.dumps(data)) == data
    member = patterns._member_test(data)
    codes = list(range(0, 0x3000)) + list(range(0x3000, 0x110000, 97))
    for code in codes:
        expected = any(
            code in leaf if isinstance(leaf, frozenset) else leaf.matches(code) for leaf in leaves
        )
        assert member(code) == expected, (head, hex(code))


def test_an_infix_plan_is_plain_data_and_builds_the_same_prefilter() -> None:
    pattern = r"\w[\w-]*\s+\(([A-Z]{3,5})s?\)"
    plan = patterns._infix_plan(pattern, V0)
    assert marshal.loads(marshal.dumps(plan)) == plan
    built = patterns._build(plan, pattern, V0)
    assert isinstance(built, patterns.InfixPrefilter)
    text = "- (ABC) a -b (ABC) é (ÀBC) Ünï (ABCs) x\n\n(CDN) Word (ABCD)"
    user = UserPattern(pattern)
    assert [m.span() for m in user.finditer(text)] == [
        m.span() for m in regex.compile(pattern, V0).finditer(text)
    ]


# --- a warm run does not import the regex package ------------------------------------

_WARM_RUN = """
import sys
from postlint.kinds.patterns import UserPattern
found = []
for pattern, ignorecase in PATTERNS:
    user = UserPattern(pattern, ignorecase)
    found.append([(m.span(), m.groups()) for m in user.finditer(TEXT)])
print(repr(found))
print(sorted(m for m in sys.modules if m.startswith("regex")))
"""


def test_a_warm_run_loads_only_the_c_extension(tmp_path: Path) -> None:
    cases = [
        (r"\w[\w-]*\s+\(([A-Z]{3,5})s?\)|\b([A-Z]{3,5})s?\s+\([A-Za-z][\w -]+\)", False),
        (r"\b(?<![A-Z]\s)(?![IVXLCDM]+\b)([A-Z]{3,5})s?\b(?!\s[A-Z]{2,}\b)", False),
        (r"[^\W\d_]+(?:['’-][^\W\d_]+)*", True),
        (r"\p{Lu}+\s+\(\w+", False),
    ]
    text = TEXTS[1] + " " + TEXTS[2] + " NASA (agency) XY (ok) ÀÉÎ (Ünï)"
    script = f"PATTERNS = {cases!r}\nTEXT = {text!r}\n" + _WARM_RUN
    env = dict(os.environ, POSTLINT_CACHE_DIR=str(tmp_path), POSTLINT_PATTERN_CACHE="1")
    runs = [
        subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        ).stdout.splitlines()
        for _ in range(2)
    ]
    expected = [
        [(m.span(), m.groups()) for m in regex.compile(p, V0 | (IC if ic else 0)).finditer(text)]
        for p, ic in cases
    ]
    assert runs[0][0] == runs[1][0] == repr(expected)
    assert "regex._regex_core" in runs[0][1]  # the cold run parsed the patterns
    assert runs[1][1] == "['regex._regex']"  # the warm one only loaded the C extension


def test_importing_regex_after_a_warm_start_shares_the_extension(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from postlint import patterncache\n"
        "p = patterncache.regex_compile(r'(?P<x>ab+)c', 0x2000)\n"
        "assert 'regex' not in sys.modules\n"
        "import regex\n"
        "assert isinstance(p, regex.Pattern), type(p)\n"
        "assert regex.compile(r'(?P<x>ab+)c').match('abbc').span() == p.match('abbc').span()\n"
        "print(p.match('xabbbc', 1).groupdict())\n"
    )
    env = dict(os.environ, POSTLINT_CACHE_DIR=str(tmp_path), POSTLINT_PATTERN_CACHE="1")
    prime = "from postlint import patterncache\npatterncache.regex_compile(r'(?P<x>ab+)c', 0x2000)"
    subprocess.run([sys.executable, "-c", prime], env=env, check=True)
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "{'x': 'abbb'}"


# --- infix heads followed step by step ----------------------------------------------


def _assert_same_scan(pattern: str, ignorecase: bool, text: str) -> None:
    compiled = regex.compile(pattern, V0 | (IC if ignorecase else 0))
    user = UserPattern(pattern, ignorecase)
    n = len(text)
    for pos, endpos in [(0, None), (1, None), (0, n - 1), (n // 2, None)]:
        if 0 <= pos <= (n if endpos is None else endpos):
            expected = [(m.span(), m.groups()) for m in compiled.finditer(text, pos, endpos)]
            got = [(m.span(), m.groups()) for m in user.finditer(text, pos, endpos)]
            assert got == expected, (pattern, ignorecase, text, pos, endpos)


def test_the_acronym_head_is_followed_step_by_step() -> None:
    plan = patterns._infix_plan(r"\w[\w-]*\s+\(([A-Z]{3,5})s?\)", V0)
    steps = plan[3]
    assert [(lo, hi) for _leaf, lo, hi in steps] == [(1, 1), (0, -1), (1, -1)]
    finder = patterns._infix_from_plan(plan).finder("A Content Delivery Network (CDN) x")
    # One start to try (the last word), not every position of the run before "(".
    assert finder(0, 34) == len("A Content Delivery ")
    assert finder(20, 34) == 20  # "etwork (CDN)" would match too
    assert finder(len("A Content Delivery Network"), 34) is None


@pytest.mark.parametrize(
    "pattern, text",
    [
        (r"\w[\w-]*\s+\(([A-Z]{3,5})s?\)", "Word (ABC) x-y  (DEF)(GHI) (JKL)"),
        (r"\w[\w-]*\s+\(([A-Z]{3,5})s?\)", "(ABC) at the start, at the end (XYZ"),
        (r"\w{2,3}\s\(X", "a (X ab (X abcd (X  ab (X"),
        (r"\w+?\s*+\(X", "ab(X ab  (X é (X"),
        (r"(?<=,)\w+\(X", ",ab(X ab(X ,(X"),
        (r"[a-c]+\bX", "abX cX dX ab X"),  # a candidate inside C: the run answer
        (r"\p{Lu}\w*\s+\(X", "Ünï (X ünï (X ÀB (X"),
        (r"\w[\w-]*\s+\(([A-Z]{3,5})", "İstanbul (ABC ß (ABC ſx (ABC"),
    ],
)
def test_step_scans_match_the_plain_scan(pattern: str, text: str) -> None:
    assert patterns._infix_plan(pattern, V0)[3] is not None
    _assert_same_scan(pattern, False, text)
    _assert_same_scan(pattern, True, text)


def test_random_step_heads_match_the_plain_scan() -> None:
    import random

    rng = random.Random(404)
    leaves = ["a", "\\w", "[ab]", "[a-c-]", "\\s", " ", "é", "[^x(]", "\\d"]
    repeats = ["{}", "{}+", "{}*", "{}?", "{}{{1,2}}", "{}*?", "{}++", "{}{{0,3}}?"]
    zero = ["", "", "(?<=a)", "\\b", "(?!b)"]
    suffixes = ["\\(X", "\\(X|Y", "X", "\\((?:X|YZ)", "\\(X+", "\\(X(?=Y)"]
    alphabet = "aabbc  -éxXYZ((\n1\u212aİ"
    for _ in range(300):
        head = "".join(
            rng.choice(zero) + rng.choice(repeats).format(rng.choice(leaves)) for _ in range(3)
        )
        pattern = head + rng.choice(suffixes)
        ignorecase = rng.random() < 0.3
        for _ in range(6):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
            _assert_same_scan(pattern, ignorecase, text)


def test_too_much_step_work_falls_back_to_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patterns, "_MAX_STEP_WORK", 3)
    pattern = r"\w[\w-]*\s+\(([A-Z]{3,5})s?\)"
    _assert_same_scan(pattern, False, "A Content Delivery Network (CDN) and more words (DNS)")


# --- conditional: the companions are scanned only when a term needs them ------------


def _eager_conditional(rule, doc) -> list[tuple[int, int, str]]:
    """The definition: every companion first, then each first use of an undefined term."""
    from postlint.kinds.base import iter_scope_spans
    from postlint.kinds.conditional import match_key

    first, second = rule.state
    fold = str.casefold if rule.ignorecase else str
    satisfied = {fold(match_key(m)) for m in second.finditer(doc.prose)}
    satisfied |= {fold(e) for e in rule.exceptions}
    reported: set[str] = set()
    out = []
    for start, end in iter_scope_spans(doc, rule.scope):
        for m in first.finditer(doc.prose, start, end):
            key = fold(match_key(m))
            if m.end() == m.start() or key in satisfied or key in reported:
                continue
            if rule.skip_quotes and doc.in_quote(m.start(), m.end()):
                continue
            reported.add(key)
            out.append((m.start(), m.end(), match_key(m)))
    return out


CONDITIONAL_TEXTS = [
    "",
    "The API and HTML are fine. NASA too.",  # exceptions only: no companion scan needed
    "The CDN is fast. A Content Delivery Network (CDN) helps.",
    'He said "the XYZ is odd" and later the XYZ again. QRS (quite rare stuff) and QRS.',
    "ABCs and ABC; DEF (defined earlier) DEF. GHI GHI.",
]


def test_conditional_findings_equal_the_eager_definition() -> None:
    from postlint.document import parse
    from postlint.engine import Linter

    rule = next(r for r in Linter().rules_for("x.md") if r.id == "Style.Acronyms")
    corpus = sorted(Path(__file__).resolve().parents[2].glob("shared/corpus/docs/*.md"))[::25]
    texts = CONDITIONAL_TEXTS + [p.read_text(encoding="utf-8") for p in corpus]
    for text in texts:
        doc = parse(text, "x.md")
        got = [(f.offset, f.end_offset, f.match) for f in rule.engine.check(rule, doc)]
        assert got == [(s, e, doc.source[s:e]) for s, e, _term in _eager_conditional(rule, doc)]


def test_conditional_skips_the_companion_scan_when_every_term_is_an_exception() -> None:
    from postlint.document import parse
    from postlint.engine import Linter

    rule = next(r for r in Linter().rules_for("x.md") if r.id == "Style.Acronyms")
    first, second = rule.state

    class Counting:
        calls = 0

        def finditer(self, *args):
            Counting.calls += 1
            return second.finditer(*args)

    rule.state = (first, Counting())
    try:
        assert list(rule.engine.check(rule, parse("The API and HTML are fine.", "x.md"))) == []
        assert Counting.calls == 0
        assert len(list(rule.engine.check(rule, parse("The QRS and QRS.", "x.md")))) == 1
        assert Counting.calls == 1
    finally:
        rule.state = (first, second)


# --- capitalization: learned spellings asked one by one -----------------------------

LEARNED_TEXT = """# A Heading With Names Like GitHub

Ésta is first. We met Émile and İlkay at Google's office; they use `parzer` and ``Run`s``.
Names: O'Neil, McDonald, Ⅻ Roman, ǅ digraph, Bob's's, Alice’s. Google again. X's.

## Google Heading Bob

- List item with Alice's book and Bob.
> Quoted Carol said hi. Google

Trailing Name
"""


def test_learned_spellings_asked_one_by_one_equal_the_whole_set() -> None:
    from postlint.document import parse
    from postlint.kinds import capitalization as cap

    corpus = sorted(Path(__file__).resolve().parents[2].glob("shared/corpus/docs/*.md"))[::40]
    texts = [LEARNED_TEXT, "", "A", "# T\n\nThe The. The"]
    texts += [p.read_text(encoding="utf-8") for p in corpus]
    for text in texts:
        whole = cap._learned_spellings(parse(text, "t.md"))
        doc = parse(text, "t.md")
        asked = {doc.source[s:e] for s, e in doc.words}
        asked |= {cap._POSSESSIVE.sub("", w) for w in asked} | {"", "'s", "Bob's", "parzer"}
        for spelling in sorted(asked)[: cap._MAX_LEARNED_QUESTIONS]:
            assert cap._is_learned(doc, spelling) == (spelling in whole), spelling
        assert "capitalization.learned" not in doc.cache  # answered without the whole set
        for spelling in sorted(asked):  # past the bound: from the whole set
            assert cap._is_learned(doc, spelling) == (spelling in whole), spelling
        assert "capitalization.learned" in doc.cache or len(asked) <= 16


def test_every_spelling_asked_alone_equals_the_whole_set(monkeypatch) -> None:
    from postlint.document import parse
    from postlint.kinds import capitalization as cap

    monkeypatch.setattr(cap, "_MAX_LEARNED_QUESTIONS", 10**9)
    corpus = sorted(Path(__file__).resolve().parents[2].glob("shared/corpus/docs/*.md"))[::40]
    for text in [LEARNED_TEXT] + [p.read_text(encoding="utf-8") for p in corpus]:
        doc = parse(text, "t.md")
        whole = cap._learned_spellings(parse(text, "t.md"))
        asked = {doc.source[s:e] for s, e in doc.words}
        asked |= {cap._POSSESSIVE.sub("", w) for w in asked}
        assert [w for w in sorted(asked) if cap._is_learned(doc, w) != (w in whole)] == []


# --- leading prefilters skip candidates after an ASCII word character ----------------


@pytest.mark.parametrize(
    "pattern, flags, expected",
    [
        (r"\b[A-Z]{3,5}\b", 0, True),
        (r"(?<!\w)colou?r", IC, True),
        (r"(?<![\w'-])colou?r", 0, True),
        (r"\mabc", 0, True),
        (r"(?a)\babc", 0, True),
        (r"(?:\b(?i:low[- ]hanging)\b)|(?:\b(?i:game[- ]chang))", 0, True),
        (r"(?=a)\b(?<![A-Z]\s)abc", 0, True),
        (r"\Babc", 0, False),
        (r"(?<=\w)abc", 0, False),
        (r"(?<!x)abc", 0, False),
        (r"(?<!\d)abc", 0, False),
        (r"\b-abc", 0, False),  # a match may start with a non-word character
        (r"a\bbc", 0, False),
        (r"\babc|xyz", 0, False),
        (r"(?L)\babc", 0, False),
    ],
)
def test_which_patterns_start_at_word_starts(pattern: str, flags: int, expected: bool) -> None:
    plan = patterns._lead_plan(pattern, V0 | flags)
    assert plan is not None and plan[2] is expected


WORD_START_TEXTS = [
    "",
    "HTTPS and XHTTPS, _ABC 9ABC éABC ²ABC ABC_ ABCD ABCDEFGH (ABC) x-ABC",
    "colour recolour re-colour Colour COLOUR \u212aolour ſcolour İcolour colour's 2colour",
    "low hanging fruit, below-hanging fruit, yellow hanging fruit, Low-Hanging Fruit.",
    "game changer endgame changer GAME CHANGING\ngame\u00a0changer _game changer",
]


@pytest.mark.parametrize(
    "pattern, ignorecase",
    [
        (r"\b(?<![A-Z]\s)(?![IVXLCDM]+\b)([A-Z]{3,5})s?\b(?!\s[A-Z]{2,}\b)", False),
        (r"\b([A-Z]{3,5})s?\s+\([A-Za-z][\w -]+\)|\w[\w-]*\s+\(([A-Z]{3,5})s?\)", False),
        (r"(?<!\w)(?:colou?r|behaviou?r)(?!\w)", True),
        (r"(?:\b(?i:low[- ]hanging fruit)\b)|(?:\b(?i:game[- ]chang(?:er|ing))\b)", False),
        (r"\m(?:abc|xhttps|colour)", True),
        (r"(?a)\b[A-Z]{3}", False),
    ],
)
def test_word_start_prefilters_find_what_regex_finds(pattern: str, ignorecase: bool) -> None:
    for text in WORD_START_TEXTS:
        _assert_same_scan(pattern, ignorecase, text)


def test_random_word_start_patterns_find_what_regex_finds() -> None:
    import random

    rng = random.Random(7)
    opens = ["\\b", "(?<!\\w)", "(?<![\\w-])", "\\m", "(?<![a-z])", "\\B", ""]
    bodies = ["ab", "[ab]c", "(?i:ab)", "a[bc]?d", "ab|bc", "[A-C]{2,3}", "é", "_a"]
    alphabet = "abcdABC _-é9²\u212a\nxy"
    for _ in range(300):
        pattern = rng.choice(opens) + "(?:" + rng.choice(bodies) + ")"
        ignorecase = rng.random() < 0.4
        for _ in range(6):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
            _assert_same_scan(pattern, ignorecase, text)


@pytest.mark.parametrize(
    "pattern, flags, expected",
    [
        (r"(?<![^a])abc", IC, False),  # a negated set: case folding narrows it
        (r"(?<![\w\W])abc", 0, False),
        (r"(?<![\W])abc", 0, False),
        (r"(?<![a-zA-Z0-9_])abc", 0, True),
        (r"(?<![a-z0-9_])abc", IC, False),  # "A" is matched only through case folding
    ],
)
def test_look_behind_sets_are_read_safely(pattern: str, flags: int, expected: bool) -> None:
    plan = patterns._lead_plan(pattern, V0 | flags)
    assert plan is not None and plan[2] is expected
    for text in ["Aabc aabc _abc éabc abc", "ABC xABC"]:
        _assert_same_scan(pattern, bool(flags & IC), text)


# --- repetition: only words of equal length are compared -----------------------------


def _repeated_reference(doc, fold) -> list[int]:
    keys = [doc.source[s:e] for s, e in doc.words]
    if fold is not None:
        keys = [fold(k) for k in keys]
    return [j for j in range(1, len(keys)) if keys[j] == keys[j - 1]]


REPEATED_TEXTS = [
    "",
    "word",
    "The the build. the The. THE the thE",
    "Straße STRASSE strasse straße and ß ss SS ß",  # casefold changes the length
    "ﬁne fine FINE ﬁne",
    "İ i̇ İ İ and i I",
    "Kelvin \u212aelvin kelvin KELVIN; ΣΑΣ σας σας ΣΑΣ",
    "a a. b-b b-b; it's it’s it's; 10 10 v1 v1 _x _x",
    "**the** the end. word, word\n\nword word",
]


@pytest.mark.parametrize("text", REPEATED_TEXTS)
def test_repeated_words_equal_the_pairwise_comparison(text: str) -> None:
    from postlint.document import parse
    from postlint.kinds.repetition import _repeated

    for source in (text, text.replace("ß", "s").replace("ﬁ", "fi").replace("İ", "I")):
        doc = parse(source, "t.md")
        for fold in (None, str.casefold, str.lower):
            assert _repeated(doc, fold) == _repeated_reference(doc, fold), (source, fold)


def test_repeated_words_on_real_posts() -> None:
    from postlint.document import parse
    from postlint.kinds.repetition import _repeated

    corpus = sorted(Path(__file__).resolve().parents[2].glob("shared/corpus/docs/*.md"))[::20]
    for path in corpus:
        doc = parse(path.read_text(encoding="utf-8"), str(path))
        for fold in (None, str.casefold):
            assert _repeated(doc, fold) == _repeated_reference(doc, fold), path


# --- candidate starts shared by prefilters with the same candidate pattern ----------


def test_prefilters_with_the_same_candidates_share_one_scan() -> None:
    first = UserPattern(r"\b(?<![A-Z]\s)(?![IVXLCDM]+\b)([A-Z]{3,5})s?\b")
    second = UserPattern(r"\b([A-Z]{3,5})s?\s+\([A-Za-z][\w -]+\)")
    texts = [
        "The CDN (content delivery network) and HTTPS, NASA (agency) XIV ABCDEFG.",
        "ABC (x) ABCD ABCDE (y) at the end: XYZ",
        "no capitals at all",
        "",
    ]
    for _ in range(2):
        for text in texts:
            for user in (first, second, first):
                _assert_same_scan(user.pattern, False, text)
                plain = regex.compile(user.pattern, V0)
                got = [m.span() for m in user.finditer(text)]
                assert got == [m.span() for m in plain.finditer(text)]
    starts = patterns._candidate_starts(
        first.prefilter.candidates, "ABCD x ABC ABCDE"
    )  # every start, overlapping ones too
    assert starts == [0, 1, 7, 11, 12, 13]


# --- occurrence: a post without the token's first word is not scanned ---------------


@pytest.mark.parametrize(
    "token, ignorecase, expected",
    [("!", False, "!"), ("!", True, "!"), ("very good", False, "very"), ("Very", True, None),
     ("1.0", True, "1.0"), ("ſ", True, None), ("", False, None)],
)  # fmt: skip
def test_occurrence_needles(token: str, ignorecase: bool, expected: str | None) -> None:
    from types import SimpleNamespace

    from postlint.kinds.occurrence import _needle

    rule = SimpleNamespace(params={"token": token}, ignorecase=ignorecase)
    assert _needle(rule) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "No marks here.",
        "Wow! Really! Twice!\n\nOnce!\n\n`code!!` and <b>!</b>!",
        "Very very good. VERY good, very\ngood.",
        "One! Two!! Three!!!\n\nveryvery very-very very",
    ],
)
def test_occurrence_findings_equal_the_scan_of_every_scope(text: str, monkeypatch) -> None:
    from postlint.document import parse
    from postlint.kinds import occurrence
    from postlint.rules import load_rule_file

    rules = Path(__file__).resolve().parents[1] / "rules"
    rule = load_rule_file(rules / "Style" / "Exclamation.yml", "Style")
    variants = [(tok, ic, hi, lo) for tok in ("!", "very") for ic in (False, True)
                for hi, lo in ((1, None), (0, None), (3, None), (None, 1), (2, 1))]  # fmt: skip
    for token, ignorecase, high, low in variants:
        rule.params.update(token=token, max=high, min=low)
        rule.ignorecase = ignorecase
        rule.state = rule.engine.prepare(rule)
        doc = parse(text, "t.md")
        got = [(f.offset, f.end_offset, f.message) for f in rule.engine.check(rule, doc)]
        with monkeypatch.context() as patched:
            patched.setattr(occurrence, "_needle", lambda rule: None)
            doc = parse(text, "t.md")
            plain = [(f.offset, f.end_offset, f.message) for f in rule.engine.check(rule, doc)]
        assert got == plain, (token, ignorecase, high, low)


# --- word-start scans made after a non-word character --------------------------------


def test_every_character_lowering_to_an_ascii_word_character_is_a_word_character() -> None:
    word = regex.compile(r"\w", V0)
    for code in range(0x110000):
        c = chr(code)
        low = c.lower()
        if len(low) == 1 and low in patterns._ASCII_WORD:
            assert word.match(c), hex(code)


WIDE_WORD_START = [
    r"(?<!\w)(?:apologi|authori|categori|customi|finali|initiali|maximi|minimi|normali|optimi"
    r"|organi|paralleli|prioriti|reali|recogni|seriali|colo|behavio)(?:[sz]e|u?r)(?!\w)",
    r"\b(?:[a-m][a-z]{3})",
    r"(?<!\w)(?:alpha|beta|gamma|delta|epsilon|zeta|eta|theta|iota|kappa|lambda|mu|nu|xi"
    r"|omicron|pi|rho|sigma|tau|upsilon)s?\b",
]


@pytest.mark.parametrize("pattern", WIDE_WORD_START)
def test_wide_word_start_scans_find_what_regex_finds(pattern: str) -> None:
    import random

    user = UserPattern(pattern, True)
    assert user.prefilter.after_boundary is not None
    texts = WORD_START_TEXTS + [
        "Colour at the start; recolour, re-colour, _colour, 9colour, \u212aappa \u212a, \u212aa",
        "organise Organize ORGANISE reorganise re-organise minimize maximise colour behaviour",
        "ALPHA beta,Gamma(delta)epsilon zeta-eta theta_iota kappas\nanalyse centre",
        "éalpha ²beta ÀGamma grey\u00a0gray theatre",
    ]
    rng = random.Random(11)
    alphabet = "aceglkbz -_9é²\u212aİ(\n"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(300)]
    for text in texts:
        _assert_same_scan(pattern, True, text)
