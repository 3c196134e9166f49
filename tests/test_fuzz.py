"""Property tests: whatever text comes in, linting ends normally with honest positions.

Hypothesis builds drafts from Markdown and HTML fragments, phrases the content
checks react to, mixed scripts, control characters, lone surrogates, CR/CRLF line
ends, BOMs and random Unicode. For every draft:

- no exception escapes ``Linter.lint_text`` (a file error entry is fine);
- every finding's line/column lies inside the text, its end is not before its start,
  and ``match`` is exactly the text between them;
- linting the same text again, with a fresh Linter, gives the same JSON;
- the CLI gives the same bytes with ``--jobs 1`` and ``--jobs 2`` on a batch of files.

The default run is small and reproducible (``derandomize``) so it fits the suite's
time budget; ``POSTLINT_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py`` runs many
more random examples. Inputs that ever crashed are kept in ``tests/regressions/``
and linted on every run.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postlint.cli import main
from postlint.config import Config
from postlint.engine import Linter
from postlint.formatters import render
from postlint.model import FileResult, RunResult

#: Examples per property in a long run; the default run uses a fraction of the suite's budget.
LONG_RUN = int(os.environ.get("POSTLINT_FUZZ_EXAMPLES", "0"))
REGRESSIONS = Path(__file__).parent / "regressions"
#: Every shipped pack, so the headline checks and the Style rules are all exercised.
PACKS = ["Postlint", "Style"]


def fuzz_settings(default_examples: int) -> settings:
    """Small and reproducible by default; random and as large as asked for on demand."""
    return settings(
        max_examples=LONG_RUN or default_examples,
        derandomize=not LONG_RUN,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )


# -- strategies --------------------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "the", "API", "Rust", "Go", "I think", "sort of", "according to Reuters",
        "said in a statement", "announced yesterday", "5 min read", "Reading time: 3 minutes",
        "Sponsored", "affiliate link", "the leading provider of", "Speaking of which",
        "Sign up today", "40% of developers", "a survey found", "CDN", "very", "utilize",
        "in order to", "the the", "was written by", "Source:", "日本語の文章", "中文",
        "مرحبا", "Ελληνικά", "😀", "👩‍👩‍👧", "e\u0301", "\u200b", "\u00a0", "\u202e", "\ufeff",
        "\x00", "\x07", "\x0b", "\x0c", "\x1b[31m", "\x85", "\u2028", "\ud800", "\udfff",
        "&amp;", "&#x1F600;", "&bogus;", "https://example.com/a?utm_source=x", "`code`",
    ]
)  # fmt: skip

#: Markdown and HTML constructs, each filled with a word or two.
TEMPLATES = st.sampled_from(
    [
        "# {0}", "## {0} {1}", "{0}\n===", "> {0}", "> > {0}", "- {0}", "1. {0}", "* [ ] {0}",
        "```{0}\n{1}\n```", "```\n{0}", "    {0}", "`{0}`", "**{0}**", "_{0}_", "~~{0}~~",
        "[{0}](https://example.com/{1})", "![{0}](img.png)", "[{0}][ref]", "[ref]: http://x.y",
        "<{0}>", "<div>{0}</div>", "<p>{0}", "<a href='{1}'>{0}</a>", "<script>{0}</script>",
        "<!-- {0} -->", "<!-- postlint-disable -->", "<!-- postlint-enable -->",
        "<!-- postlint-disable-next-line Style -->", "<!--", "| {0} | {1} |\n|---|---|\n| a | b |",
        "{0}[^1]\n\n[^1]: {1}", '"{0}," she said.', "“{0}”", "{0}\\\n{1}", "***", "<br/>",
    ]
)  # fmt: skip

FRONT_MATTER = st.sampled_from(
    [
        "",
        "---\ntitle: {0}\n---\n",
        "---\nreading_time: 3\nsponsored: true\nsource: https://e.com\n---\n",
        "---\npostlint:\n  disable: [Style]\n---\n",
        "---\ntitle: [unclosed\n---\n",
        "---\n- a\n---\n",
        "+++\ntitle = '{0}'\n+++\n",
        "---\n{0}: &a [*a]\n---\n",
        "---\n",
    ]
)
SEPARATORS = st.sampled_from(["", " ", "\n", "\n\n", "\r\n", "\r", "\r\n\r\n", "\t", ". "])
RANDOM_TEXT = st.text(st.characters(exclude_categories=()), max_size=40)


@st.composite
def pieces(draw) -> str:
    """One fragment: a filled template, a vocabulary word, or arbitrary Unicode."""
    choice = draw(st.integers(0, 5))
    if choice <= 2:
        template = draw(TEMPLATES)
        return template.format(draw(WORDS), draw(st.one_of(WORDS, RANDOM_TEXT)))
    if choice <= 4:
        return draw(WORDS)
    return draw(RANDOM_TEXT)


@st.composite
def drafts(draw) -> str:
    """A whole draft: optional BOM and front matter, then fragments joined by line ends."""
    bom = draw(st.sampled_from(["", "", "\ufeff"]))
    front = draw(FRONT_MATTER).format(draw(WORDS))
    body = ""
    for piece in draw(st.lists(pieces(), max_size=25)):
        body += piece + draw(SEPARATORS)
    return bom + front + body


PATHS = st.sampled_from(["post.md", "page.html", "notes.txt", "post.markdown"])

_LINTER: Linter | None = None


def linter() -> Linter:
    """One Linter for the module: packs compile once, as in a real run."""
    global _LINTER
    if _LINTER is None:
        _LINTER = Linter(config=Config(packs=list(PACKS)))
    return _LINTER


# -- the invariants ----------------------------------------------------------------------------

_LINE_END = re.compile(r"\r\n|\r|\n")


def line_starts(text: str) -> list[int]:
    """Where each line starts; CRLF, CR and LF each end a line (as editors count them)."""
    return [0] + [m.end() for m in _LINE_END.finditer(text)]


def offset_of(text: str, starts: list[int], line: int, column: int) -> int:
    """The offset of a 1-based (line, column), asserting it lies inside the text."""
    assert 1 <= line <= len(starts), f"line {line} outside 1..{len(starts)}"
    line_end = starts[line] if line < len(starts) else len(text)
    offset = starts[line - 1] + column - 1
    assert column >= 1 and offset <= line_end, f"column {column} outside line {line}"
    return offset


def assert_invariants(text: str, result: FileResult) -> None:
    """Positions point into ``text`` and each finding's match is the text at its span."""
    assert isinstance(result, FileResult)
    assert result.error is None or (isinstance(result.error, str) and "\n" not in result.error)
    starts = line_starts(text)
    for f in result.findings:
        where = f"{f.rule} at {f.line}:{f.column}-{f.end_line}:{f.end_column}"
        start = offset_of(text, starts, f.line, f.column)
        end = offset_of(text, starts, f.end_line, f.end_column)
        assert start <= end, where
        assert text[start:end] == f.match, where
        assert f.message and "\n" not in f.message.strip("\n"), where


def as_json(result: FileResult) -> str:
    return render("json", RunResult([result]), [])


# -- properties --------------------------------------------------------------------------------


@fuzz_settings(150)
@given(text=drafts(), path=PATHS)
def test_any_draft_lints_with_positions_inside_the_text(text, path):
    assert_invariants(text, linter().lint_text(text, path))


@fuzz_settings(60)
@given(text=st.text(st.characters(exclude_categories=()), max_size=300), path=PATHS)
def test_arbitrary_unicode_lints_with_positions_inside_the_text(text, path):
    assert_invariants(text, linter().lint_text(text, path))


@fuzz_settings(30)
@given(text=drafts(), path=PATHS)
def test_the_same_draft_gives_the_same_json(text, path):
    first = as_json(linter().lint_text(text, path))
    again = as_json(Linter(config=Config(packs=list(PACKS))).lint_text(text, path))
    assert first == again


def _write_batch(folder: Path, texts: list[str]) -> list[str]:
    paths = []
    for i, text in enumerate(texts):
        path = folder / f"post{i:02d}.md"
        # Lone surrogates cannot be UTF-8: they reach the file as invalid bytes, on purpose.
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        paths.append(str(path))
    return paths


@fuzz_settings(8)
@given(texts=st.lists(drafts(), min_size=2, max_size=6))
def test_jobs_1_and_jobs_2_print_the_same_bytes(texts):
    with tempfile.TemporaryDirectory() as folder:
        paths = _write_batch(Path(folder), texts)
        runner = CliRunner()
        outputs = [
            runner.invoke(
                main,
                ["check", "--format", "json", "--fail-on", "none", "--jobs", jobs, *paths],
            )
            for jobs in ("1", "2")
        ]
    # Exit 1 is right when a file could not be linted fully (e.g. malformed front matter).
    assert outputs[0].exit_code in (0, 1), outputs[0].output[-500:]
    assert outputs[0].exit_code == outputs[1].exit_code
    assert outputs[0].stdout == outputs[1].stdout


# -- extremes that random drafts do not reach ----------------------------------------------------

#: name -> (path, text, seconds it may take). Budgets are generous (slow CI machines) but
#: far below what a quadratic or exponential blow-up would take at these sizes.
EXTREMES = {
    "10,000-deep blockquote": ("post.md", "> " * 10_000 + "I think so.\n", 10),
    "10,000-deep list on one line": ("post.md", "- " * 10_000 + "I think so.\n", 10),
    "10,000-deep ordered list": ("post.md", "1. " * 10_000 + "x\n", 10),
    "quote and list mixed 5,000 deep": ("post.md", "> - " * 5_000 + "text\n", 10),
    "10,000 nested divs in HTML": ("page.html", "<div>" * 10_000 + "I think" + "</div>" * 10_000, 10),
    "10,000 unclosed tags in HTML": ("page.html", "<div><p><span>" * 3_400 + "text", 10),
    "10,000 nested divs in Markdown": ("post.md", "<div>" * 10_000 + "x" + "</div>" * 10_000, 10),
    "10,000 nested brackets": ("post.md", "[" * 10_000 + "a" + "]" * 10_000, 10),
    "5,000 nested link openers": ("post.md", "[a](" * 5_000 + ")" * 5_000, 10),
    "10,000 emphasis markers": ("post.md", "*" * 10_000 + "a" + "*" * 10_000, 10),
    "deep YAML front matter": ("post.md", "---\nx: " + "[" * 10_000 + "]" * 10_000 + "\n---\nHi.\n", 10),
    "deep TOML front matter": ("post.md", "+++\nx = " + "[" * 10_000 + "]" * 10_000 + "\n+++\nHi.\n", 10),
    "a 300 KB line of words": ("post.md", "I think it works. " * 17_000, 30),
    "a 100 KB word": ("post.md", "a" * 100_000, 30),
    "lone surrogates": ("post.md", "\ud800 I think \udfff so. " * 200, 10),
    "control characters": ("post.md", "".join(chr(i) for i in range(32)) * 1_000, 10),
    "only CR line ends": ("post.md", "---\rtitle: x\r---\r# A b\rI think so.\r" * 500, 10),
    "BOM inside the text": ("post.md", "\ufeff---\ntitle: x\n---\n\ufeffI think so.\n", 10),
    "unclosed comment": ("post.md", "<!-- " + "postlint-disable " * 10_000, 10),
    "unclosed code fence": ("post.md", "```\n" + "I think\n" * 10_000, 10),
}  # fmt: skip


@pytest.mark.parametrize("name", list(EXTREMES))
def test_extreme_inputs_lint_in_bounded_time(name):
    path, text, budget = EXTREMES[name]
    started = time.monotonic()
    result = linter().lint_text(text, path)
    elapsed = time.monotonic() - started
    assert_invariants(text, result)
    assert elapsed < budget, f"{name}: {elapsed:.1f} s"


# -- inputs that once crashed or hung -------------------------------------------------------------


def regression_inputs() -> list[Path]:
    return sorted(p for p in REGRESSIONS.glob("inputs/*") if p.is_file())


@pytest.mark.parametrize("path", regression_inputs(), ids=lambda p: p.name)
def test_regression_inputs_lint_cleanly(path):
    """Each file is a (minimised) input that once crashed or hung; see tests/regressions/README."""
    text = path.read_bytes().decode("utf-8", "surrogatepass")
    started = time.monotonic()
    result = linter().lint_text(text, path.name)
    assert_invariants(text, result)
    assert time.monotonic() - started < 20


def test_code_spans_are_still_found_after_the_backtick_run_fix():
    """The fix for backtick-run.md keeps CommonMark's rule: closing run as long as the opening."""
    from postlint.kinds.capitalization import _INLINE_CODE

    text = "`Run` and ``Go`` but ```x`` and `y``"
    assert [(m.start(), m.group(2)) for m in _INLINE_CODE.finditer(text)] == [
        (0, "Run"),
        (10, "Go"),
    ]
