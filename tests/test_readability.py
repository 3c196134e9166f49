"""Readability counts and formulas agree with textstat 0.7.13, offline."""

from __future__ import annotations

import subprocess
import sys

import pytest

from postlint import syllables
from postlint.readability import (
    EMPTY,
    FORMULAS,
    Counts,
    add,
    count_plain_text,
    count_sentences,
    count_text,
    scores,
)

TECHNICAL = (
    "The consortium's preliminary evaluation indicates that heterogeneous "
    "microarchitectures substantially complicate deterministic performance "
    "characterisation. Consequently, infrastructure administrators increasingly "
    "rely on probabilistic instrumentation, statistical extrapolation and "
    "automated regression identification. According to the accompanying "
    "documentation, the organisation's virtualisation layer introduces "
    "approximately 4.7% overhead, although independent laboratories reported "
    "considerably higher variability under concurrent, latency-sensitive "
    "workloads. Nevertheless, the recommendation remains unambiguous: "
    "prioritise reproducibility, characterise measurement uncertainty "
    "explicitly, and document methodological assumptions comprehensively."
)

SIMPLE = (
    "The dog ran to the park. It was a warm day. The sun was out and the sky "
    "was blue. A boy threw a red ball. The dog ran fast and got it. Then he "
    "came back and sat down. The boy gave him a pat on the head. They both "
    "sat in the grass for a long time. At last they went home for lunch."
)

NEWSY = (
    "On Tuesday, the city council voted 7-2 to approve the new bike-lane plan. "
    '"We\'ve waited years for this," said Maria Lopez, who chairs the transport '
    "committee. Critics say the lanes will slow traffic on Main Street and hurt "
    "small shops; supporters point to a 2019 study that found retail sales rose "
    "after similar changes in nearby towns. Construction starts in March and "
    "should finish by October — weather permitting. The project will cost about "
    "$3.2 million, most of it paid for by a state grant. Residents can comment "
    "online until Friday, or attend a public meeting at City Hall next week. "
    "Don't expect the work to go unnoticed: crews will close one lane at a time."
)

DOCS = (
    "To install the tool, run pip install postlint in a fresh virtual "
    "environment. Then create a file called postlint.yaml in the root of your "
    "repository and list the rule packs you want to enable. Each rule lives in "
    "its own YAML file, so you can copy a rule, change its message, and keep it "
    "under version control alongside your posts. When you run the linter, it "
    "prints one line per finding with the file name, the line and column, the "
    "rule id and a short message. If you'd rather see a summary, pass the "
    "--format table option. CI systems usually prefer SARIF or JUnit output."
)

NARRATIVE = (
    "My grandmother kept a notebook of every recipe she ever cooked, though she "
    "rarely followed any of them exactly. Some pages were stained with butter, "
    "others with coffee, and a few had been torn out entirely after what she "
    "called 'disasters.' When I was twelve, she let me read it for the first "
    "time. I remember being surprised by how short the instructions were: "
    "'flour, enough'; 'bake until done'; 'salt, you'll know.' She trusted the "
    "cook more than the recipe. Years later, trying to bake her bread in my own "
    "small kitchen, I finally understood what she meant."
)

PARAGRAPHS = {
    "technical": TECHNICAL,
    "simple": SIMPLE,
    "newsy": NEWSY,
    "docs": DOCS,
    "narrative": NARRATIVE,
}


@pytest.fixture(scope="module")
def textstat_offline():
    """textstat patched to use our data; nltk.download made to explode if ever called."""
    nltk = pytest.importorskip("nltk")
    syllables.make_textstat_offline()
    import textstat

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("nltk.download must never be called")

    original = nltk.download
    nltk.download = refuse
    try:
        yield textstat
    finally:
        nltk.download = original


@pytest.mark.parametrize("name", sorted(PARAGRAPHS))
def test_paragraph_lengths_are_realistic(name: str) -> None:
    assert 50 <= len(PARAGRAPHS[name].split()) <= 300


@pytest.mark.parametrize("formula", sorted(FORMULAS))
@pytest.mark.parametrize("name", sorted(PARAGRAPHS))
def test_formulas_match_textstat(textstat_offline, name: str, formula: str) -> None:
    # Tokens are text.split() and the sentence count is textstat's rule, which is
    # exactly how textstat sees the text, so agreement is exact to 2 decimals
    # (the tolerance only absorbs float rounding at the last digit).
    text = PARAGRAPHS[name]
    ours = scores(count_plain_text(text))[formula]
    theirs = getattr(textstat_offline, formula)(text)
    assert ours == pytest.approx(round(theirs, 2), abs=0.011)


@pytest.mark.parametrize("name", sorted(PARAGRAPHS))
def test_counts_match_textstat(textstat_offline, name: str) -> None:
    ts = textstat_offline
    text = PARAGRAPHS[name]
    c = count_plain_text(text)
    assert c.words == ts.lexicon_count(text)
    assert c.sentences == ts.sentence_count(text)
    assert c.syllables == ts.syllable_count(text)
    assert c.letters == ts.letter_count(text)
    assert c.characters == ts.char_count(text)
    assert c.polysyllables == ts.polysyllabcount(text)
    assert c.long_words == ts.long_word_count(text)
    # textstat.difficult_words() counts unique words by default; the formulas (and
    # Counts, which must be summable) count every occurrence.
    assert c.difficult_words == ts.difficult_words(text, unique=False)
    assert c.complex_words == ts.difficult_words(text, syllable_threshold=3, unique=False)
    assert c.unfamiliar_words == ts.difficult_words(text, syllable_threshold=0, unique=False)


def test_hard_text_reads_harder_than_simple_text() -> None:
    hard, easy = scores(count_plain_text(TECHNICAL)), scores(count_plain_text(SIMPLE))
    assert hard["flesch_reading_ease"] < 20 < 90 < easy["flesch_reading_ease"]
    assert hard["flesch_kincaid_grade"] > 15 > 3 > easy["flesch_kincaid_grade"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [("readability", 5), ("the", 1), ("The", 1), ("THE", 1), ("syllable", 3), ("don't", 1)],
)
def test_known_syllable_counts(word: str, expected: int) -> None:
    assert syllables.count_syllables(word) == expected


def test_unknown_word_falls_back_to_pyphen() -> None:
    import pyphen

    word = "blorfentastical"
    assert word not in syllables.cmudict_syllables()
    expected = len(pyphen.Pyphen(lang="en_US").positions(word)) + 1
    assert syllables.count_syllables(word) == expected > 1


def test_empty_word_has_no_syllables() -> None:
    assert syllables.count_syllables("") == 0


def test_import_does_not_load_dictionary() -> None:
    code = (
        "import sys, postlint.syllables as s, postlint.readability as r; "
        "assert s._CMU is None; assert 'pyphen' not in sys.modules; "
        "assert 'textstat' not in sys.modules; assert 'nltk' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_zero_words_are_safe() -> None:
    for counts in (
        EMPTY,
        count_text([], 0),
        count_plain_text(""),
        count_plain_text(" — ... !! "),
        count_text(["hello"], 0),
    ):
        assert all(isinstance(v, float) for v in scores(counts).values())
    assert set(scores(EMPTY).values()) == {0.0}
    assert count_plain_text(" — ... !! ").words == 0


def test_punctuation_only_tokens_count_for_ari_like_textstat() -> None:
    counts = count_text(["Yes", "—", "no."], 1)
    assert (counts.words, counts.tokens, counts.characters, counts.letters) == (2, 3, 7, 5)


def test_add_sums_paragraph_counts() -> None:
    a, b = count_plain_text(SIMPLE), count_plain_text(TECHNICAL)
    both = add(a, b)
    joined = count_text(SIMPLE.split() + TECHNICAL.split(), a.sentences + b.sentences)
    assert both == joined
    assert add(EMPTY, a) == a
    assert isinstance(both, Counts)


def test_sentence_count_ignores_fragments_of_two_words_or_fewer() -> None:
    assert count_sentences("") == 0
    assert count_sentences("Hi.") == 1
    assert count_sentences("See Dr. Smith about the results. He is in today.") == 2


def test_make_textstat_offline_is_idempotent(textstat_offline) -> None:
    from textstat.backend.counts import _count_syllables as ts_count

    patched = ts_count.get_cmudict
    syllables.make_textstat_offline()
    assert ts_count.get_cmudict is patched
    assert textstat_offline.syllable_count("readability") == 5


def test_cache_round_trip_and_unwritable_dir(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("POSTLINT_CACHE_DIR", str(tmp_path / "cache"))
    first = syllables.load_cmudict()
    assert list((tmp_path / "cache").glob("cmudict-syllables-*.marshal"))
    assert syllables.load_cmudict() == first
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("POSTLINT_CACHE_DIR", str(blocker / "sub"))
    assert syllables.load_cmudict()["readability"] == 5


def test_corrupt_cache_is_ignored(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("POSTLINT_CACHE_DIR", str(tmp_path))
    path = syllables._cache_file(syllables._cmudict_path())
    path.write_bytes(b"garbage")
    assert syllables.load_cmudict()["the"] == 1
