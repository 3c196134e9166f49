"""Session 5, headline detectors, literal scans and pattern kinds: more scans share the
one pass over the lower-cased prose (``literals.PROSE_SCAN``).

Each scanner that now takes its candidates from the shared pass is checked against the
scan it replaced (or the plain regex): exact match positions and objects' spans, with
``pos``/``endpos``, case folding that changes length (İ) or hides a letter (ı, ſ, the
Kelvin sign), non-ASCII letters and marks around a phrase, "_" and digits, matches at
the very start and end of the text, and the empty text; then the rules themselves on
corpus posts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from postlint import literals
from postlint.literals import SharedPhrases
from postlint.segment import WordPhrases

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"


# --- SharedPhrases: WordPhrases through the shared pass -------------------------------------

PHRASES = ["in order to", "a number of", "due to the fact that", "keep", "order", "9 lives"]
PHRASE_TEXTS = [
    "",
    "keep",
    "In order to keep",
    "in  order\n\tto, A NUMBER of; due to the fact that",
    "xin order to _in order to 9in order to in order tox in order to_",
    "\u0130n order to keep",  # İ lower-cases to two characters: no safe copy
    "\u0131n order to keep",  # dotless i matches "i" case-insensitively: no safe copy
    "\u212aeep order, \u212aEEP",  # the Kelvin sign matches "k" and lower-cases to it
    "stra\u00dfe order \u00dforder \u00e9order order\u00e9 \u00abkeep\u00bb",
    "e\u0301order order\u0301 keep\u2019s 9 lives 19 lives 9  lives",
    "a number of\na number of",
    "order order order",
]


def _spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


@pytest.mark.parametrize("text", PHRASE_TEXTS)
def test_shared_phrases_find_what_word_phrases_find(text, prose_scan):
    shared = SharedPhrases(PHRASES)
    plain = WordPhrases(PHRASES)
    assert shared.shared == {p.lower() for p in PHRASES}
    cache: dict = {}
    bounds = [(0, None), (1, None), (0, len(text) - 1), (3, 12), (len(text), None)]
    for pos, endpos in bounds:
        expected = _spans(plain.regex.finditer(text, pos, len(text) if endpos is None else endpos))
        assert _spans(plain.finditer(text, pos, endpos)) == expected
        assert _spans(shared.finditer(text, pos, endpos, cache=cache)) == expected, (pos, endpos)
        assert _spans(shared.finditer(text, pos, endpos)) == expected


@pytest.mark.parametrize("text", PHRASE_TEXTS)
def test_scanners_sharing_a_pass_each_find_their_own_matches(text, prose_scan):
    """Two phrase lists and a literal scan on one document's cache: the shared places
    hold every list's phrases, and each scanner keeps only its own matches."""
    first = SharedPhrases(["order", "in order to"])
    second = SharedPhrases(["keep", "a number of", "lives"])
    scan = literals.LiteralScan(re.compile(r"(?<!\w)(?:due|strasse)\b", re.I), shared=True)
    cache: dict = {}
    for scanner in (first, second, first):
        assert _spans(scanner.finditer(text, cache=cache)) == _spans(scanner.regex.finditer(text))
    low = literals.fold_safe(text)
    assert _spans(scan.finditer(text, folded=low, cache=cache)) == _spans(scan.regex.finditer(text))


def test_phrases_that_cannot_share_the_pass_scan_alone(prose_scan):
    assert SharedPhrases(["In order to"], ignorecase=False).shared is None
    assert SharedPhrases(["\u00e9t\u00e9 order"]).shared is None  # not ASCII
    assert SharedPhrases(["_order"]).shared is None  # "_" is no ASCII letter or digit
    assert prose_scan._phrases == set()
    text = "In order to, in order to, \u00e9t\u00e9 order"
    for phrases, ignorecase in ((["In order to"], False), (["\u00e9t\u00e9 order"], True)):
        scanner = SharedPhrases(phrases, ignorecase)
        assert _spans(scanner.finditer(text, cache={})) == _spans(scanner.regex.finditer(text))


def test_shared_phrases_keep_the_match_objects_of_the_regex(prose_scan):
    text = "Due to the fact that KEEP in order to"
    shared = SharedPhrases(PHRASES)
    got = [(m.group(), m.span(), m.re) for m in shared.finditer(text, cache={})]
    want = [(m.group(), m.span(), m.re) for m in shared.regex.finditer(text)]
    assert got == want


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
def test_substitution_through_the_shared_pass_matches_word_phrases_on_corpus_posts():
    from postlint.document import parse
    from postlint.engine import Linter

    files = sorted(CORPUS.glob("*.md"))[::25]
    rules = Linter().rules_for(str(files[0]))
    rule = next(r for r in rules if r.id == "Style.Wordy")
    shared = rule.state[0]
    assert isinstance(shared, SharedPhrases) and shared.shared is not None
    for path in files:
        doc = parse(path.read_text(encoding="utf-8"), str(path))
        for other in rules:  # the other scanners of the shared pass go first, as in a run
            if other.kind not in ("grammar", "substitution"):
                list(other.engine.check(other, doc))
        got = _spans(shared.finditer(doc.prose, cache=doc.cache))
        assert got == _spans(shared.phrases.finditer(doc.prose)), path.name


# --- user patterns: a word-start prefilter through the shared pass ---------------------------

ALL_CHARS = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i <= 0xDFFF)


def test_only_the_kelvin_sign_lower_cases_onto_an_ascii_word_character_from_outside():
    """``_shared_strings`` rests on this: a character that is no ASCII word character
    lower-cases to no ASCII letter or digit, except the Kelvin sign (to "k")."""
    from postlint.kinds.patterns import _ASCII_WORD, _KELVIN

    outside = [
        ch
        for ch in ALL_CHARS
        if ch not in _ASCII_WORD and len(ch.lower()) == 1 and ch.lower() in literals.WORD_OPENERS
    ]
    assert outside == [_KELVIN]


USER_PATTERNS = [
    r"(?<!\w)(?:colo|behavio|favo)ur(?:s|ed|ing)?(?!\w)",
    r"\b(?:gr[ae]y|organi[sz]e[ds]?)\b",
    r"(?<![\w'-])low[ -]hang(?:ing)?\b",
    r"(?<![A-Za-z0-9_])keep\w*",
    r"\bbest of\b|\bworst\b",
]
USER_TEXTS = [
    "",
    "colour",
    "Colour COLOR colours, favoured; unfavoured behaviour_ behaviours9",
    "\u212aeep keep Keeping kkeep _keep 9keep é keep",
    "grey gray greys organised organized Organizes disorganised",
    "low-hanging, low hanging, below-hanging, LOW HANG, low  hang",
    "best of luck, the best of, bestof, worst worsted",
    "\u0130 colour",  # no safe lower-cased copy: the prefilter's own scan
    "caf\u00e9 colour\u0301 \u00abcolour\u00bb \u00e9colour colour",
]


@pytest.mark.parametrize("pattern", USER_PATTERNS)
@pytest.mark.parametrize("text", USER_TEXTS)
def test_a_shared_prefilter_finds_every_match_of_the_pattern(pattern, text, prose_scan):
    import regex

    from postlint.kinds.patterns import UserPattern

    user = UserPattern(pattern, ignorecase=True)
    compiled = regex.compile(pattern, regex.IGNORECASE | regex.VERSION0)
    cache: dict = {}
    for pos, endpos in [(0, None), (2, None), (0, max(len(text) - 3, 0)), (5, 20)]:
        end = len(text) if endpos is None else min(endpos, len(text))
        if pos > end:
            continue
        expected = _spans(compiled.finditer(text, pos, end))
        assert _spans(user.finditer(text, pos, endpos, cache=cache)) == expected, (pos, endpos)
        assert _spans(user.finditer(text, pos, endpos)) == expected


def test_which_prefilters_share_the_pass(prose_scan):
    from postlint.kinds.patterns import UserPattern

    shared = UserPattern(r"(?<!\w)(?:colo|behavio)ur(?:s)?(?!\w)", ignorecase=True).prefilter
    assert shared.shared == {"colour", "behaviou"}
    assert prose_scan._phrases >= {"colour", "behaviou"}
    # Case-sensitive candidates are searched in the text itself, not the lower-cased copy.
    assert UserPattern(r"\b[A-Z]{3}\b").prefilter.shared is None
    # Not at a word start only: "kind of" may follow a letter through the look-behind.
    assert UserPattern(r"(?<=\bis )kind of\b", ignorecase=True).prefilter.shared is None
    # A candidate opening with "_" is not looked for at word starts by the shared pass.
    assert UserPattern(r"\b_private\b", ignorecase=True).prefilter.shared is None


def test_shared_strings_spell_out_every_candidate_or_give_up():
    from postlint.kinds.patterns import _MAX_SHARED, _shared_strings

    def prefix(*sets):
        return tuple((frozenset(chars), True) for chars in sets)

    assert _shared_strings(frozenset({prefix("gG", "r", "aAeE", "y")})) == {"gray", "grey"}
    assert _shared_strings(frozenset({prefix("a", "b"), prefix("c", " ", "d")})) == {"ab", "c d"}
    assert _shared_strings(frozenset({prefix("_", "x")})) is None
    assert _shared_strings(frozenset({prefix("\u00e9", "t")})) is None
    wide = "abcdefghijklmnopqrstuvwxyz"
    assert _shared_strings(frozenset({prefix(wide, wide)})) is None  # 676 > _MAX_SHARED
    assert _MAX_SHARED < 26 * 26
    assert _shared_strings(frozenset()) is None


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
def test_spelling_and_cliches_through_the_shared_pass_match_their_own_scans():
    from postlint.document import parse
    from postlint.engine import Linter
    from postlint.kinds.patterns import UserPattern

    files = sorted(CORPUS.glob("*.md"))[::25]
    rules = Linter().rules_for(str(files[0]))
    users = [
        (r.id, s)
        for r in rules
        if r.id in ("Style.Spelling", "Style.Cliches")
        for s in r.state
        if isinstance(s, UserPattern)
    ]
    assert len(users) == 2 and all(u.prefilter.shared for _id, u in users)
    for path in files:
        doc = parse(path.read_text(encoding="utf-8"), str(path))
        for rule in rules:  # the other scanners of the shared pass go first, as in a run
            if rule.kind != "grammar":
                list(rule.engine.check(rule, doc))
        for rule_id, user in users:
            got = _spans(user.finditer(doc.prose, cache=doc.cache))
            assert got == _spans(user._finditer(doc.prose, 0, None)), (rule_id, path.name)


# --- attribution: the phrase lists scanned over the prose share the pass ---------------------


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
def test_attribution_through_the_shared_pass_matches_its_phrase_lists_alone(monkeypatch):
    from postlint import attribution_signals
    from postlint.document import parse
    from postlint.engine import Linter

    files = sorted(CORPUS.glob("*.md"))[::20]
    rule = next(r for r in Linter().rules_for(str(files[0])) if r.id == "Postlint.Attribution")
    det = rule.state
    for scanner in (det.reporting_phrases, det.reference_phrases, det.reporting_verbs):
        assert isinstance(scanner, SharedPhrases) and scanner.shared
    shared = [
        attribution_signals.analyse(parse(p.read_text(encoding="utf-8"), str(p)), det)
        for p in files
    ]

    def alone(ctx, scanner, start, end):  # each list's own candidate scan (WordPhrases)
        return scanner.phrases.finditer(ctx.prose, start, end)

    monkeypatch.setattr(attribution_signals._Context, "phrases", alone)
    plain = [
        attribution_signals.analyse(parse(p.read_text(encoding="utf-8"), str(p)), det)
        for p in files
    ]
    assert shared == plain
    assert sum(bool(a.signals) for a in shared) >= 10


def test_attribution_phrases_in_tricky_text(prose_scan):
    from postlint import attribution_signals
    from postlint.document import parse
    from postlint.engine import Linter

    rule = next(r for r in Linter().rules_for("x.md") if r.id == "Postlint.Attribution")
    texts = [
        "According to Reuters, officials said the survey found 40% of users left.",
        "\u0130stanbul officials SAID; according\nto DCD a survey  found 12% (AP).",
        "Unsaid: _according to x, said_ data-survey found 5%. \u212aeep said Acme.",
        "",
    ]
    for text in texts:
        with_pass = attribution_signals.analyse(parse(text, "x.md"), rule.state)
        doc = parse(text, "x.md")
        ctx = attribution_signals._Context(doc, rule.state)
        for scanner in (rule.state.reporting_phrases, rule.state.statistic_cue):
            got = _spans(ctx.phrases(scanner, 0, len(text)))
            assert got == _spans(scanner.regex.finditer(doc.prose)), text
        assert with_pass == attribution_signals.analyse(parse(text, "x.md"), rule.state)


# --- repetition: neighbouring words compared through doc.lower_words -------------------------

REPEAT_TEXTS = [
    ("", "md"),
    ("the the The THE end", "md"),
    ("Stra\u00dfe STRASSE strasse Strasse", "md"),  # ß casefolds to "ss": the slow path
    ("\u03a3\u0391\u03a3 \u03c3\u03b1\u03c2 \u03c3\u03b1\u03c3 \u03a3\u0391\u03a3", "md"),
    ("\u0130stanbul i\u0307stanbul \u0130STANBUL \u0130stanbul", "md"),
    ("\ufb01le file FILE \ufb01le \ufb01le", "md"),  # the ligature casefolds to "fi"
    ("caf&eacute; caf\u00e9 caf\u00e9 &amp; &amp; x&#233; x\u00e9", "md"),
    ("<p>caf&eacute caf\u00e9 caf\u00e9 and and &amp; &amp;</p>", "html"),
    ("Tom &amp Tom; \u212a \u212a k K; \u00c9t\u00e9 \u00e9t\u00e9", "md"),
    ("see `code code` and **bold** bold, so so", "md"),
    ("plain text text\nwith with &lt;tags&gt;", "txt"),
]


def _repeats_by_definition(doc) -> list[int]:
    keys = [doc.source[s:e].casefold() for s, e in doc.words]
    return [j for j in range(1, len(keys)) if keys[j] == keys[j - 1]]


@pytest.mark.parametrize(("text", "ext"), REPEAT_TEXTS)
def test_repeated_words_through_lower_words_match_the_definition(text, ext):
    from postlint.document import parse
    from postlint.kinds.repetition import _lower_words_fold_alike, _repeated

    doc = parse(text, f"x.{ext}")
    assert _repeated(doc, str.casefold) == _repeats_by_definition(doc)
    if _lower_words_fold_alike(doc):
        assert all(doc.prose[s:e] == doc.source[s:e] for s, e in doc.words)
        assert [w.casefold() for w in doc.lower_words] == doc.lower_words


def test_the_fast_path_is_refused_where_it_could_be_wrong():
    from postlint.document import parse
    from postlint.kinds.repetition import _lower_words_fold_alike

    refused = [
        "Stra\u00dfe STRASSE",
        "\u03a3\u0391\u03a3 \u03c3\u03b1\u03c2",
        "\ufb01le file",
        "caf&eacute; caf\u00e9",
    ]
    for text in refused:
        assert not _lower_words_fold_alike(parse(text, "x.md")), text
    accepted = ["the the", "caf\u00e9 \u201cquoted\u201d \u2014 &amp; & &&", "\u0130stanbul"]
    for text in accepted:
        assert _lower_words_fold_alike(parse(text, "x.md")), text


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
def test_repeated_words_through_lower_words_on_corpus_posts():
    from postlint.document import parse
    from postlint.kinds.repetition import _lower_words_fold_alike, _repeated

    fast = 0
    for path in sorted(CORPUS.glob("*.md"))[::7]:
        doc = parse(path.read_text(encoding="utf-8"), str(path))
        fast += _lower_words_fold_alike(doc)
        assert _repeated(doc, str.casefold) == _repeats_by_definition(doc), path.name
    assert fast > 100


# --- candidates that are a run of one ASCII class, found without re ------------------------------

RUN_TEXTS = [
    "",
    "ABC",
    "ABCDEF xyz AB CD EFG",
    "A?BCD ??? \u00c9ABC AB\u00c9C ABC\U0001f600DEF \ud800XYZ",
    "caf\u00e9 NASA's HTTPS\u2019 GitHub README\nEND",
    "lower case only, digits 12345",
]


@pytest.mark.parametrize("text", RUN_TEXTS)
def test_run_starts_are_every_place_the_candidate_regex_matches(text):
    from postlint.kinds.patterns import _class_run, _run_starts

    caps = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    for k in (2, 3, 4):
        run = _class_run(frozenset({((caps, False),) * k}), False)
        assert run is not None and run[1] == k
        regex = re.compile(f"(?=[A-Z]{{{k}}})")
        assert _run_starts(text, *run) == [m.start() for m in regex.finditer(text)], k


def test_class_runs_are_only_taken_for_one_ascii_set_without_question_marks():
    from postlint.kinds.patterns import _class_run

    def prefix(*sets, folded=False):
        return tuple((frozenset(chars), folded) for chars in sets)

    assert _class_run(frozenset({prefix("AB", "AB")}), False) is not None
    assert _class_run(frozenset({prefix("AB", "AB", folded=True)}), True)[0][ord("a")] == 1
    assert _class_run(frozenset({prefix("AB")}), False) is None  # one character
    assert _class_run(frozenset({prefix("AB", "BC")}), False) is None  # two sets
    assert _class_run(frozenset({prefix("A?", "A?")}), False) is None  # "?" stands for others
    assert _class_run(frozenset({prefix("A\u00c9", "A\u00c9")}), False) is None
    assert _class_run(frozenset({prefix("AB", "AB"), prefix("C", "C")}), False) is None


@pytest.mark.parametrize("text", RUN_TEXTS)
def test_acronyms_through_class_runs_match_the_regex(text):
    import regex

    from postlint.kinds.patterns import UserPattern

    pattern = r"\b(?<![A-Z]\s)(?![IVXLCDM]+\b)([A-Z]{3,5})s?\b(?!\s[A-Z]{2,}\b)"
    user = UserPattern(pattern)
    assert user.prefilter.run is not None
    expected = [m.span() for m in regex.compile(pattern, regex.VERSION0).finditer(text)]
    assert [m.span() for m in user.finditer(text)] == expected


def test_a_user_pattern_registers_its_shared_strings_before_its_prefilter_is_built(prose_scan):
    from postlint.kinds.patterns import UserPattern

    user = UserPattern(r"(?<!\w)(?:colo|behavio)ur(?:s)?(?!\w)", ignorecase=True)
    assert "prefilter" not in user.__dict__
    assert prose_scan._phrases == {"colour", "behaviou"}
    generation = prose_scan._generation
    assert user.prefilter.shared == {"colour", "behaviou"}
    assert prose_scan._generation == generation  # building it registers nothing new
    # A branch of a top-level alternation registers its strings too.
    UserPattern(r"\bgr[ae]y\b|\w+\s+\(x\)", ignorecase=True)
    assert {"gray", "grey"} <= prose_scan._phrases
