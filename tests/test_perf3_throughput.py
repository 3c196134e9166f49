"""Throughput shortcuts of round 2 give exactly the plain computations' answers.

* Readability rows: a token's row is its cleaned word's row plus its length
  (``readability._PackedRows`` over ``_WordRows``); checked against the plain
  per-token definition on tricky tokens and on every paragraph token of real posts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from postlint import readability
from postlint.document import parse
from postlint.readability import _clean, easy_words
from postlint.syllables import count_syllables

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"

TRICKY_TOKENS = [
    "The", "the", "THE", "(the", "the,", "“the”", "readability", "readability.",
    "well-known", "don't", "don't.", "'quoted'", "(word)", "...", "—", "42", "3.14",
    "naïve", "Straße", "STRASSE", "İstanbul", "(İstanbul)", "ıs", "ſo", "K", "x",
    "supercalifragilisticexpialidocious", "foo_bar", "a" * 300, "日本語", "e.g.",
    "it's", "'tis", "o'clock", "rock'n'roll", "www", "WWW.", "#1", "ﬁne", "x²",
]  # fmt: skip


def plain_token_counts(token: str) -> tuple[int, ...]:
    """The per-token definition before rows were split into word and punctuation parts."""
    word = _clean(token)
    letters = len(token) if token.isalpha() else len(re.sub(r"\W", "", token))
    if not word:
        return (0, 0, letters, len(token), 0, 0, 0, 0, 0)
    syllables = count_syllables(word)
    unfamiliar = word.lower() not in easy_words()
    return (
        1,
        syllables,
        letters,
        len(token),
        int(syllables >= 3),
        int(unfamiliar and syllables >= 3),
        int(letters > 6),
        int(unfamiliar and syllables >= 2),
        int(unfamiliar),
    )


def plain_sums(tokens: list[str]) -> list[int]:
    return [sum(column) for column in zip(*map(plain_token_counts, tokens), strict=True)] or [0] * 9


@pytest.fixture
def fresh_rows(monkeypatch):
    """Empty memos, so every row is computed (not left over from another test)."""
    monkeypatch.setattr(readability, "_ROWS", readability._PackedRows())
    monkeypatch.setattr(readability, "_WORD_ROWS", readability._WordRows())


def test_token_counts_equal_the_plain_definition() -> None:
    for token in TRICKY_TOKENS:
        assert readability._token_counts(token) == plain_token_counts(token), token


def test_rows_of_tricky_tokens(fresh_rows) -> None:
    for token in TRICKY_TOKENS:
        assert readability._sum_tokens([token]) == list(plain_token_counts(token)), token
    tokens = TRICKY_TOKENS * 3
    assert readability._sum_tokens(tokens) == plain_sums(tokens)
    assert readability._sum_tokens([]) == [0] * 9


def test_tokens_sharing_a_word_share_its_row(fresh_rows) -> None:
    readability._sum_tokens(["word", "word,", "(word", "“word”."])
    assert list(readability._WORD_ROWS) == ["word"]
    assert len(readability._ROWS) == 4


def test_long_tokens_fall_back_to_column_sums(fresh_rows) -> None:
    """A count of 2**16 or more does not fit a packed column: summed column by column."""
    punctuation = "(" * 70_000  # no word, but 70,000 characters
    long_word = "a" * 70_000 + "!"  # 70,000 letters
    for tokens in ([punctuation], ["ok", punctuation, "fine."], [long_word, "word"]):
        assert readability._sum_tokens(tokens) == plain_sums(tokens)


def test_word_memo_is_bounded(fresh_rows, monkeypatch) -> None:
    monkeypatch.setattr(readability, "_MAX_ROWS", 4)
    tokens = [f"(word{i})" for i in range(10)]
    assert readability._sum_tokens(tokens) == plain_sums(tokens)
    assert len(readability._WORD_ROWS) <= 4 and len(readability._ROWS) <= 4


@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not available")
def test_rows_of_real_paragraph_tokens(fresh_rows) -> None:
    tokens: list[str] = []
    for path in sorted(CORPUS.glob("*.md"))[::25]:
        doc = parse(path.read_text(encoding="utf-8"), str(path))
        for block in doc.blocks:
            if block.kind == "paragraph":
                tokens += doc.prose[block.start : block.end].split()
    distinct = list(dict.fromkeys(tokens))
    assert len(distinct) > 1000
    for token in distinct:
        assert readability._token_counts(token) == plain_token_counts(token), token
    assert readability._sum_tokens(tokens) == plain_sums(tokens)


# --- Work done once before forking workers ------------------------------------------


def test_prepare_compiles_a_user_pattern_and_its_prefilter() -> None:
    from postlint.kinds.patterns import UserPattern

    pattern = UserPattern(r"(?<!\w)colou?r(?!\w)", ignorecase=True)
    assert "_compiled" not in pattern.__dict__ or "prefilter" not in pattern.__dict__
    UserPattern.prepare_all()
    assert "_compiled" in pattern.__dict__ and "prefilter" in pattern.__dict__
    text = "Colour, color and COLOR; discolour."
    assert [m.span() for m in pattern.finditer(text)] == [
        m.span() for m in re.finditer(r"(?<!\w)colou?r(?!\w)", text, re.IGNORECASE)
    ]


def test_prepare_all_leaves_a_failing_pattern_to_its_first_use(monkeypatch) -> None:
    from postlint.kinds.patterns import UserPattern

    pattern = UserPattern("a+b")
    monkeypatch.setattr(UserPattern, "prepare", lambda self: 1 / 0)
    UserPattern.prepare_all()  # no error here
    monkeypatch.undo()
    assert pattern.search("xaab").span() == (1, 4)


def test_hyphenator_trie_built_before_use_gives_the_plain_points() -> None:
    from postlint import syllables

    syllables.prepare_hyphenator()
    built = syllables._load_hyphenator()
    built.build_trie()
    plain = syllables._load_hyphenator()
    plain.plain_calls = 10**9  # never builds its trie
    words = ["hyphenation", "kubernetes", "x", "abc", "Straße", "İstanbul", "ﬁnal", "a" * 40]
    assert built._trie is not None
    assert [built.positions(w) for w in words] == [plain.positions(w) for w in words]


def test_prepare_fork_leaves_workers_nothing_to_build(monkeypatch) -> None:
    import gc

    from postlint import parallel, syllables
    from postlint.engine import Linter

    linter = Linter()
    try:
        parallel._prepare_fork(linter)
    finally:
        gc.unfreeze()
    hyphenator = syllables._pyphen()
    assert getattr(hyphenator, "_trie", None) is not None
    assert readability.easy_words.cache_info().currsize == 1


def test_prepare_fork_builds_the_markdown_parser_for_the_workers() -> None:
    """In a fresh process (this one has long built it): workers inherit the parser."""
    import subprocess
    import sys

    script = (
        "import gc, sys\n"
        "from postlint import markdown_parser, parallel\n"
        "from postlint.engine import Linter\n"
        "before = (markdown_parser.markdown_parser.cache_info().currsize,"
        " 'postlint.parse_html' in sys.modules)\n"
        "parallel._prepare_fork(Linter())\n"
        "gc.unfreeze()\n"
        "after = (markdown_parser.markdown_parser.cache_info().currsize,"
        " 'postlint.parse_html' in sys.modules)\n"
        "print(before, after)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[0] == "(0, False) (1, True)"


def test_a_callers_frozen_objects_stay_frozen_after_a_parallel_run(tmp_path) -> None:
    """``lint_parallel`` is library API: a program that froze its own objects before
    forking must find them still frozen afterwards."""
    import subprocess
    import sys

    for i in range(3):
        (tmp_path / f"post{i}.md").write_text("# Title\n\nIt was really good.\n", encoding="utf-8")
    script = (
        "import gc, sys\n"
        "from postlint.engine import Linter\n"
        "from postlint.parallel import lint_parallel\n"
        "gc.freeze()\n"
        "paths = sorted(sys.argv[1:])\n"
        "results = list(lint_parallel(Linter(), paths, 2))\n"
        "print(len(results), gc.get_freeze_count() > 0)\n"  # unfrozen: 0
    )
    paths = [str(p) for p in tmp_path.glob("*.md")]
    out = subprocess.run(
        [sys.executable, "-c", script, *paths], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["3", "True"]
