"""The grammar kind end to end: real client, real HTTP, a LanguageTool look-alike on loopback.

Nothing here downloads or starts LanguageTool: ``LTP_PATH`` points at an empty
folder so no local install is found, and the server is ``tests/languagetool_fake.py``.
``test_real_server`` runs against a real LanguageTool when POSTLINT_LANGUAGETOOL_URL is set.
"""

from __future__ import annotations

import os
import random
import socket
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from postlint import languagetool as lt
from postlint import notices
from postlint.document import parse
from postlint.errors import ConfigError
from postlint.kinds.grammar import GrammarKind, build_request_text
from postlint.model import Finding, Level
from postlint.rules import build_rule, load_rule_file

sys.path.insert(0, str(Path(__file__).parent))
from languagetool_fake import FakeLanguageTool  # noqa: E402

REAL_URL = os.environ.get(lt.ENV_VAR)
SHIPPED = Path(__file__).resolve().parent.parent / "rules" / "Postlint" / "Grammar.yml"


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """No env server, no local install, fresh clients and notices for every test."""
    monkeypatch.delenv(lt.ENV_VAR, raising=False)
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "no-languagetool-here"))
    lt.reset()
    lt.stop_local_server()
    notices.reset()
    yield
    lt.reset()
    notices.reset()


@pytest.fixture
def fake():
    with FakeLanguageTool() as server:
        yield server


def make_rule(tmp_path: Path, **params: Any):
    raw = {"kind": "grammar", "level": "warning", "message": "{lt_message}", **params}
    return build_rule(
        raw, pack="Test", name="Grammar", path=str(tmp_path / "Grammar.yml"), key_lines={}
    )


def run(rule, text: str, path: str = "post.md") -> tuple[Any, list[Finding]]:
    doc = parse(text, path)
    return doc, list(GrammarKind().check(rule, doc))


def by_rule(findings: list[Finding], lt_rule: str) -> list[Finding]:
    return [f for f in findings if f"LanguageTool {lt_rule} " in f.evidence[0]]


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# --- offsets -----------------------------------------------------------------------

MARKDOWN = """---
title: A post about recieve
tags: [the the]
---
# Getting **started** with teh tool

Read [the docs](https://example.com/recieve). Run `npm install`. It is **bold**.
You will recieve a apple
when it ships.

```python
recieve = "the the"
```

- a list item with the the repeat
- an item with <span>markup</span>, and *emphasis*.
"""


def test_markdown_matches_map_to_source(tmp_path: Path, fake: FakeLanguageTool) -> None:
    doc, findings = run(make_rule(tmp_path, server=fake.url), MARKDOWN)
    got = sorted((f.match, doc.line_col(f.offset)) for f in findings)
    assert got == [
        ("a", (8, 18)),
        ("recieve", (8, 10)),
        ("teh", (5, 28)),
        ("the the", (15, 20)),
    ]
    for f in findings:
        assert doc.source[f.offset : f.end_offset] == f.match


def test_markdown_sends_prose_only_without_markup_artifacts(
    tmp_path: Path, fake: FakeLanguageTool
) -> None:
    run(make_rule(tmp_path, server=fake.url), MARKDOWN)
    sent = fake.check_texts[0]
    assert "http" not in sent and "npm" not in sent and "title" not in sent
    assert 'recieve = "the the"' not in sent
    assert "Read the docs. Run. It is bold." in sent
    assert "an item with markup, and emphasis." in sent
    assert "  " not in sent and " ." not in sent and " ," not in sent


def test_html_matches_map_to_source(tmp_path: Path, fake: FakeLanguageTool) -> None:
    html = (
        "<!doctype html>\n<html><head><title>recieve</title>"
        "<script>var teh = 'the the';</script></head>\n<body>\n"
        "<h1>Notes on <em>teh</em> release</h1>\n"
        '<p>You <b>could</b> of seen <a href="https://x.test/recieve">the docs</a>.\n'
        "We will recieve&nbsp;it &amp; the the rest.</p>\n</body></html>\n"
    )
    doc, findings = run(make_rule(tmp_path, server=fake.url), html, "post.html")
    got = sorted((f.match, doc.line_col(f.offset)) for f in findings)
    assert got == [
        ("could</b> of", (5, 11)),
        ("recieve", (6, 9)),
        ("teh", (4, 18)),
        ("the the", (6, 31)),
    ]
    sent = fake.check_texts[0]
    assert "var" not in sent and "x.test" not in sent and " ." not in sent
    assert "You could of seen the docs. We will recieve it & the the rest." in sent


def test_html_line_breaks_read_as_spaces(tmp_path: Path, fake: FakeLanguageTool) -> None:
    run(
        make_rule(tmp_path, server=fake.url),
        "<p>First line<br>second<br/>third <i>x</i>.</p>\n",
        "a.html",
    )
    assert fake.check_texts[0].split() == ["First", "line", "second", "third", "x."]


def test_real_whitespace_mistakes_are_still_reported(
    tmp_path: Path, fake: FakeLanguageTool
) -> None:
    doc, findings = run(make_rule(tmp_path, server=fake.url), "This is wrong . And  this too.\n")
    assert [
        (f.offset, f.end_offset) for f in by_rule(findings, "COMMA_PARENTHESIS_WHITESPACE")
    ] == [(13, 14)]
    # runs of real spaces are collapsed to one, as Markdown renders them
    assert by_rule(findings, "WHITESPACE_RULE") == []


def test_astral_characters_use_utf16_offsets(tmp_path: Path, fake: FakeLanguageTool) -> None:
    text = "Party 🎉🎉 time, we recieve 𝒳 guests.\n"
    doc, findings = run(make_rule(tmp_path, server=fake.url), text)
    assert [f.match for f in findings] == ["recieve"]
    assert findings[0].offset == text.index("recieve")


# --- findings: fixes, levels, vocabulary, rule switches --------------------------------


def test_first_replacement_becomes_fix_unless_markup_inside(
    tmp_path: Path, fake: FakeLanguageTool
) -> None:
    text = "We recieve it. Read the **the** book.\n"
    _, findings = run(make_rule(tmp_path, server=fake.url), text)
    fixes = {f.match: f.fix for f in findings}
    assert fixes["recieve"] is not None and fixes["recieve"].replacement == "receive"
    assert fixes["the **the"] is None


def test_levels_are_mapped_and_capped_by_rule_level(tmp_path: Path, fake: FakeLanguageTool) -> None:
    text = "You could of seen teh the the result.\n"
    _, capped = run(make_rule(tmp_path, server=fake.url), text)
    assert {f.match: f.level for f in capped} == {
        "could of": Level.WARNING,
        "teh": Level.WARNING,
        "the the": Level.WARNING,
    }
    _, full = run(
        make_rule(tmp_path, server=fake.url, level="error", levels={"TYPOS": "suggestion"}), text
    )
    assert {f.match: f.level for f in full} == {
        "could of": Level.ERROR,
        "teh": Level.SUGGESTION,
        "the the": Level.WARNING,
    }


def test_vocabulary_drops_accepted_spellings_only(tmp_path: Path, fake: FakeLanguageTool) -> None:
    (tmp_path / "vocab").mkdir()
    (tmp_path / "vocab" / "accept.txt").write_text(
        "# product names\nFrobnitz\nacmeflow\nthe\n", encoding="utf-8"
    )
    rule = make_rule(tmp_path, server=fake.url, vocabulary="vocab/accept.txt")
    _, findings = run(rule, "Frobnitz and acmeflow recieve the the parcel.\n")
    assert sorted(f.match for f in findings) == ["recieve", "the the"]


def test_rule_exceptions_leave_matches_alone(tmp_path: Path, fake: FakeLanguageTool) -> None:
    rule = make_rule(tmp_path, server=fake.url, exceptions=["the the"])
    _, findings = run(rule, "We recieve the the parcel.\n")
    assert [f.match for f in findings] == ["recieve"]


def test_missing_vocabulary_file_is_a_rule_error(tmp_path: Path) -> None:
    from postlint.errors import RuleError

    with pytest.raises(RuleError, match="vocabulary"):
        make_rule(tmp_path, vocabulary="nope.txt")


def test_rule_switches_and_language_reach_the_server(
    tmp_path: Path, fake: FakeLanguageTool
) -> None:
    rule = make_rule(
        tmp_path,
        server=fake.url,
        language="en-GB",
        enable=["EN_A_VS_AN", "PASSIVE_VOICE"],
        disable=["COULD_OF"],
        enable_categories=["STYLE"],
        disable_categories=["TYPOS"],
    )
    _, findings = run(rule, "You could of seen teh a apple.\n")
    form = fake.requests[-1]
    assert form["language"] == "en-GB"
    assert form["enabledRules"] == "EN_A_VS_AN,PASSIVE_VOICE"
    assert form["disabledRules"] == "COULD_OF"
    assert form["enabledCategories"] == "STYLE"
    assert form["disabledCategories"] == "TYPOS"
    assert [f.match for f in findings] == ["a"]


def test_unknown_language_is_a_per_file_error(tmp_path: Path, fake: FakeLanguageTool) -> None:
    with pytest.raises(
        lt.LanguageToolError, match="HTTP 400: Error: 'xx-XX' is not a language code"
    ):
        run(make_rule(tmp_path, server=fake.url, language="xx-XX"), "Hello there.\n")


# --- batches: splitting, one client, timeouts, failures ----------------------------------


def test_long_documents_are_split_at_paragraphs_with_offsets_kept(
    tmp_path: Path, fake: FakeLanguageTool
) -> None:
    paragraphs = [f"Paragraph {i} says we recieve mail. " * 6 for i in range(60)]
    text = "# Title\n\n" + "\n\n".join(paragraphs) + "\n"
    doc, findings = run(make_rule(tmp_path, server=fake.url, max_request_chars=1000), text)
    assert len(fake.requests) > 10
    assert all(len(t) <= 1000 for t in fake.check_texts)
    assert all(t.endswith("\n\n") for t in fake.check_texts[:-1])  # cut only between paragraphs
    assert len(findings) == 360
    assert all(doc.source[f.offset : f.end_offset] == "recieve" for f in findings)
    assert "".join(fake.check_texts) == build_request_text(doc).text


def test_split_chunks_covers_text_exactly() -> None:
    rng = random.Random(5)
    words = ["alpha", "beta.", "gamma!", "\n", "\n\n", "\n \n", "delta", "x" * 50]
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 400)))
        limit = rng.randint(1, 300)
        chunks = lt.split_chunks(text, limit)
        assert "".join(c for _, c in chunks) == text
        assert all(0 < len(c) <= limit for _, c in chunks)
        assert all(text[o : o + len(c)] == c for o, c in chunks)


def test_one_client_and_one_connection_per_run(tmp_path: Path, fake: FakeLanguageTool) -> None:
    rule = make_rule(tmp_path, server=fake.url)
    for i in range(5):
        run(rule, f"Post {i}: we recieve mail.\n")
    assert fake.language_requests == 1  # probed once per run
    assert len(fake.requests) == 5
    assert len(fake.peers) == 1  # one keep-alive connection reused
    assert lt.get_client(fake.url) is lt.get_client(fake.url + "/v2/")


def test_timeout_is_a_clear_per_file_error(tmp_path: Path) -> None:
    with FakeLanguageTool(delay=2.0) as slow:
        rule = make_rule(tmp_path, server=slow.url, timeout=0.3)
        started = time.monotonic()
        with pytest.raises(lt.LanguageToolError) as err:
            run(rule, "We recieve mail.\n")
        assert time.monotonic() - started < 1.5  # no hidden retries
    assert str(err.value) == f"LanguageTool at {slow.url}/v2/ did not answer within 0.3 s"


def test_server_error_is_one_line(tmp_path: Path) -> None:
    with FakeLanguageTool(fail_status=500) as broken, pytest.raises(lt.LanguageToolError) as err:
        run(make_rule(tmp_path, server=broken.url), "We recieve mail.\n")
    assert (
        str(err.value)
        == f"LanguageTool at {broken.url}/v2/ answered HTTP 500: Error: Internal Server Error"
    )


def test_failure_midway_affects_only_later_files(tmp_path: Path) -> None:
    with FakeLanguageTool(fail_status=503, fail_after=1) as flaky:
        rule = make_rule(tmp_path, server=flaky.url)
        _, first = run(rule, "We recieve mail.\n")
        assert [f.match for f in first] == ["recieve"]
        with pytest.raises(lt.LanguageToolError, match="HTTP 503"):
            run(rule, "We recieve more mail.\n")
    assert notices.drain() == []


# --- no server -------------------------------------------------------------------------


def test_missing_server_gives_one_notice_per_run(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, server=closed_port_url())
    started = time.monotonic()
    for i in range(4):
        _, findings = run(rule, f"Post {i}: we recieve mail.\n")
        assert findings == []
    assert time.monotonic() - started < 5
    messages = notices.drain()
    assert len(messages) == 1
    assert lt.ENV_VAR in messages[0] and "docs/grammar.md" in messages[0]
    assert notices.drain() == []


def test_shipped_rule_without_any_server_only_notices() -> None:
    rule = load_rule_file(SHIPPED, "Postlint")
    assert rule.id == "Postlint.Grammar" and rule.level == Level.WARNING
    _, findings = run(rule, "We recieve the the mail.\n")
    assert findings == []
    assert len(notices.drain()) == 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_missing_server_notice_is_printed_once_whatever_the_number_of_workers(
    tmp_path: Path, jobs: str
) -> None:
    """Workers raise the notice in their own processes; the parent must print it once."""
    import subprocess

    for i in range(4):
        (tmp_path / f"post{i}.md").write_text(f"Post {i}: we recieve mail.\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != lt.ENV_VAR}
    cmd = [sys.executable, "-m", "postlint.cli", "check", "--no-cache", "--jobs", jobs]
    cmd += ["--select", "Postlint.Grammar", "--format", "line", str(tmp_path)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    notices_printed = [
        line for line in done.stderr.splitlines() if "grammar checks skipped" in line
    ]
    assert len(notices_printed) == 1, done.stderr


def test_required_without_server_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="required: true"):
        make_rule(tmp_path, required=True, server=closed_port_url())


def test_required_with_server_loads(tmp_path: Path, fake: FakeLanguageTool) -> None:
    rule = make_rule(tmp_path, required=True, server=fake.url)
    assert [f.match for f in run(rule, "We recieve mail.\n")[1]] == ["recieve"]


# --- resolution --------------------------------------------------------------------


def test_resolution_order(monkeypatch: pytest.MonkeyPatch) -> None:
    assert lt.resolve_server(None) is None
    monkeypatch.setenv(lt.ENV_VAR, "localhost:8081")
    assert lt.resolve_server(None) == "http://localhost:8081/v2/"
    lt.set_default_server("http://config.test:9000/")
    assert lt.resolve_server(None) == "http://config.test:9000/v2/"
    assert lt.resolve_server("https://rule.test/v2") == "https://rule.test/v2/"


def test_env_var_server_is_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake: FakeLanguageTool
) -> None:
    monkeypatch.setenv(lt.ENV_VAR, fake.url)
    _, findings = run(make_rule(tmp_path), "We recieve mail.\n")
    assert [f.match for f in findings] == ["recieve"]


def test_installed_language_tool_is_never_downloaded(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A folder that only looks like an install (no jar) is ignored; nothing is fetched."""
    root = tmp_path / "ltp"
    (root / "LanguageTool-6.8").mkdir(parents=True)
    monkeypatch.setenv("LTP_PATH", str(root))
    assert lt.find_local_install() is None
    assert lt.resolve_server(None) is None
    assert sorted(p.name for p in root.iterdir()) == ["LanguageTool-6.8"]


# --- a real LanguageTool -------------------------------------------------------------


@pytest.mark.skipif(not REAL_URL, reason=f"set {lt.ENV_VAR} to run against a real LanguageTool")
def test_real_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(lt.ENV_VAR, REAL_URL or "")
    text = "# Notes\n\nWe will [recieve](https://example.com) the the parcel tomorow.\n"
    doc, findings = run(make_rule(tmp_path, required=True), text)
    assert notices.drain() == []
    matches = {f.match for f in findings}
    assert "recieve" in matches and "tomorow" in matches
    for f in findings:
        assert doc.source[f.offset : f.end_offset] == f.match
        assert "https" not in f.match
