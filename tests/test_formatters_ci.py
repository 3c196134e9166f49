"""The CI formats: SARIF (validated against the committed 2.1.0 schema), GitHub
workflow commands, JUnit, checkstyle, rdjson and GitLab Code Quality.

Runs are built by hand from model objects with positions computed from real text
written to real files, so every position checked here points into a file.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from postlint.__about__ import __version__
from postlint.formatters import checkstyle, codeclimate, github, junit, rdjson, sarif
from postlint.model import FileResult, Finding, Fix, Level, RunResult
from postlint.rules import Rule

SCHEMA = Path(__file__).parent / "schemas" / "sarif-2.1.0.json"

POST_A = """\
# Launch day

The company announced yesterday that sales rose 40%.
In order to grow, we use the leading provider of widgets.
Café owners — naïve ones — utilize it daily.
"""

POST_B = "A clean post with nothing to say.\n"


def make_finding(
    text: str,
    needle: str,
    rule: Rule,
    message: str,
    *,
    nth: int = 0,
    fix: Fix | None = None,
    evidence: tuple[str, ...] = (),
) -> Finding:
    """A finding on the ``nth`` occurrence of ``needle`` in ``text``, positioned the way the engine does."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    end = start + len(needle)

    def line_col(offset: int) -> tuple[int, int]:
        line = text.count("\n", 0, offset) + 1
        return line, offset - (text.rfind("\n", 0, offset) + 1) + 1

    line, col = line_col(start)
    end_line, end_col = line_col(end)
    return Finding(
        rule=rule.id,
        kind=rule.kind,
        level=rule.level,
        message=message,
        offset=start,
        end_offset=end,
        match=needle,
        fix=fix,
        evidence=list(evidence),
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
    )


def make_rule(pack: str, name: str, kind: str, level: Level, **kw) -> Rule:
    return Rule(
        id=f"{pack}.{name}",
        pack=pack,
        name=name,
        kind=kind,
        level=level,
        message=kw.pop("message", "Avoid '{match}'."),
        **kw,
    )


WORDY = make_rule(
    "Plain",
    "Wordy",
    "substitution",
    Level.WARNING,
    description="Wordy phrases have plain alternatives. Shorter is clearer.",
    link="https://example.org/rules/wordy",
)
ATTR = make_rule(
    "Content",
    "Attribution",
    "attribution",
    Level.ERROR,
    description="Reported news needs a source.",
)
PROMO = make_rule("Content", "Promo", "promo", Level.SUGGESTION)
RULES = [WORDY, ATTR, PROMO]


@pytest.fixture
def run(tmp_path, monkeypatch) -> RunResult:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "a.md").write_text(POST_A, encoding="utf-8")
    (tmp_path / "b.md").write_text(POST_B, encoding="utf-8")
    findings = [
        make_finding(
            POST_A,
            "utilize",
            WORDY,
            "Use 'use' instead of 'utilize'.",
            fix=Fix("use", "Replace with 'use'"),
        ),
        make_finding(
            POST_A, "In order to", WORDY, "Use 'to' instead of 'In order to'.", fix=Fix("To")
        ),
        make_finding(
            POST_A,
            "announced yesterday",
            ATTR,
            'News reported with no source: 100% unlinked, "quote", a:b, c',
        ),
        make_finding(
            POST_A,
            "the leading provider of widgets",
            PROMO,
            "Promotional sentence with no disclosure.",
            evidence=["superlative: 'the leading provider'"],
        ),
    ]
    return RunResult(
        files=[
            FileResult(path="posts/a.md", findings=findings),
            FileResult(path="b.md"),
            FileResult(path="bad.md", error="cannot decode as UTF-8: byte 0xff at offset 3"),
        ]
    )


# --- SARIF --------------------------------------------------------------------


def test_sarif_is_valid_against_the_schema(run):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    doc = json.loads(sarif.render(run, RULES))
    validator = jsonschema.Draft4Validator(schema)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_sarif_driver_and_rules(run):
    doc = json.loads(sarif.render(run, RULES))
    assert doc["version"] == "2.1.0"
    assert doc["$schema"].endswith("sarif-schema-2.1.0.json")
    (sarif_run,) = doc["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "postlint"
    assert driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == [
        "Content.Attribution",
        "Content.Promo",
        "Plain.Wordy",
    ]
    wordy = driver["rules"][2]
    assert wordy["name"] == "Wordy"
    assert wordy["shortDescription"]["text"] == "Wordy phrases have plain alternatives."
    assert wordy["fullDescription"]["text"] == WORDY.description
    assert "https://example.org/rules/wordy" in wordy["help"]["text"]
    assert wordy["helpUri"] == "https://example.org/rules/wordy"
    assert wordy["defaultConfiguration"] == {"level": "warning"}
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in driver["rules"]}
    assert levels == {
        "Content.Attribution": "error",
        "Content.Promo": "note",
        "Plain.Wordy": "warning",
    }
    assert "helpUri" not in driver["rules"][0]


def test_sarif_results_positions_and_fixes(run):
    doc = json.loads(sarif.render(run, RULES))
    (sarif_run,) = doc["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    results = sarif_run["results"]
    # sorted by position within the file
    assert [r["ruleId"] for r in results] == [
        "Content.Attribution",
        "Plain.Wordy",
        "Content.Promo",
        "Plain.Wordy",
    ]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"] == {"uri": "posts/a.md", "uriBaseId": "%SRCROOT%"}
    attribution = results[0]
    assert attribution["level"] == "error"
    assert attribution["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3,
        "startColumn": 13,
        "endLine": 3,
        "endColumn": 32,
    }
    line3 = POST_A.splitlines()[2]
    assert line3[13 - 1 : 32 - 1] == "announced yesterday"
    utilize = results[3]
    region = utilize["locations"][0]["physicalLocation"]["region"]
    line5 = POST_A.splitlines()[4]
    # columns are code points: "Café … naïve" must not shift the position
    assert line5[region["startColumn"] - 1 : region["endColumn"] - 1] == "utilize"
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    (fix,) = utilize["fixes"]
    (change,) = fix["artifactChanges"]
    (replacement,) = change["replacements"]
    assert replacement["deletedRegion"] == region
    assert replacement["insertedContent"] == {"text": "use"}
    assert results[2]["level"] == "note"
    assert results[2]["properties"]["evidence"] == ["superlative: 'the leading provider'"]
    assert "fixes" not in results[0]


def test_sarif_fingerprints_survive_moved_lines(run, tmp_path):
    before = json.loads(sarif.render(run, RULES))["runs"][0]["results"]
    moved_text = "Intro paragraph added later.\n\n" + POST_A
    (tmp_path / "posts" / "a.md").write_text(moved_text, encoding="utf-8")
    moved = [
        make_finding(moved_text, f.match, r, f.message)
        for f, r in zip(run.files[0].findings, [WORDY, WORDY, ATTR, PROMO], strict=True)
    ]
    moved_run = RunResult(files=[FileResult(path="posts/a.md", findings=moved)])
    after = json.loads(sarif.render(moved_run, RULES))["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after] == [
        r["locations"][0]["physicalLocation"]["region"]["startLine"] + 2 for r in before
    ]
    assert [r["partialFingerprints"] for r in after] == [r["partialFingerprints"] for r in before]
    assert len({r["partialFingerprints"]["postlint/v1"] for r in before}) == 4


def test_sarif_file_errors_are_notifications(run):
    doc = json.loads(sarif.render(run, RULES))
    (invocation,) = doc["runs"][0]["invocations"]
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["message"]["text"].startswith("cannot decode as UTF-8")
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bad.md"


def test_sarif_unknown_rule_gets_a_descriptor_and_paths_are_relative_to_root(run, tmp_path):
    stray = make_rule("Grammar", "LT", "grammar", Level.WARNING)
    f = make_finding(POST_B, "clean", stray, "Grammar says so.")
    r = RunResult(files=[FileResult(path=str(tmp_path / "b.md"), findings=[f])])
    doc = json.loads(sarif.render(r, [], root=str(tmp_path)))
    (result,) = doc["runs"][0]["results"]
    assert doc["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "Grammar.LT"
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "b.md"


def test_sarif_empty_run_is_valid():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    doc = json.loads(sarif.render(RunResult(), []))
    jsonschema.Draft4Validator(schema).validate(doc)
    assert doc["runs"][0]["results"] == []


# --- GitHub -------------------------------------------------------------------


def test_github_escaping():
    assert github.escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert github.escape_property("a:b,c%d\n") == "a%3Ab%2Cc%25d%0A"


def test_github_annotations_exact(run):
    out = github.render(run, RULES)
    assert out == (
        "::error file=bad.md,title=postlint%3A file not linted::"
        "cannot decode as UTF-8: byte 0xff at offset 3\n"
        "::error file=posts/a.md,line=3,col=13,endLine=3,endColumn=32,title=Content.Attribution::"
        'News reported with no source: 100%25 unlinked, "quote", a:b, c\n'
        "::warning file=posts/a.md,line=4,col=1,endLine=4,endColumn=12,title=Plain.Wordy::"
        "Use 'to' instead of 'In order to'.%0ASuggested fix: \u201cTo\u201d\n"
        "::notice file=posts/a.md,line=4,col=26,endLine=4,endColumn=57,title=Content.Promo::"
        "Promotional sentence with no disclosure.%0ASignals: superlative: 'the leading provider'\n"
        "::warning file=posts/a.md,line=5,col=28,endLine=5,endColumn=35,title=Plain.Wordy::"
        "Use 'use' instead of 'utilize'.%0ASuggested fix: \u201cuse\u201d\n"
    )


def test_github_escapes_message_and_properties_in_annotations(tmp_path):
    rule = make_rule("My,Pack", "Odd:Rule", "existence", Level.ERROR)
    text = "x\n"
    f = make_finding(text, "x", rule, "50% off!\nBuy now: today, only\r")
    out = github.render(RunResult([FileResult(path="dir,1/a:b.md", findings=[f])]), [rule])
    assert out == (
        "::error file=dir%2C1/a%3Ab.md,line=1,col=1,endLine=1,endColumn=2,"
        "title=My%2CPack.Odd%3ARule::50%25 off!%0ABuy now: today, only%0D\n"
    )
    assert out.count("\n") == 1


def test_github_multiline_finding_has_no_columns():
    text = "one two\nthree four\n"
    f = make_finding(text, "two\nthree", WORDY, "Spans lines.")
    out = github.render(RunResult([FileResult(path="m.md", findings=[f])]), [WORDY])
    assert out == "::warning file=m.md,line=1,endLine=2,title=Plain.Wordy::Spans lines.\n"


def test_github_clean_run_prints_nothing():
    assert github.render(RunResult([FileResult(path="a.md")]), []) == ""


# --- JUnit --------------------------------------------------------------------


def test_junit(run):
    out = junit.render(run, RULES)
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.attrib == {
        "name": "postlint",
        "tests": "3",
        "failures": "1",
        "errors": "1",
        "skipped": "0",
        "time": "0",
    }
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["b.md", "bad.md", "posts/a.md"]
    clean, bad, post = cases
    assert list(clean) == []
    (error,) = bad.findall("error")
    assert error.get("message") == "cannot decode as UTF-8: byte 0xff at offset 3"
    (failure,) = post.findall("failure")
    assert failure.get("type") == "error"
    assert failure.get("message") == "4 findings: 1 error, 2 warnings, 1 suggestion"
    lines = failure.text.splitlines()
    assert lines[0] == (
        'posts/a.md:3:13: error Content.Attribution News reported with no source: 100% unlinked, "quote", a:b, c'
    )
    assert lines[3] == "posts/a.md:5:28: warning Plain.Wordy Use 'use' instead of 'utilize'."
    assert len(lines) == 4


def test_junit_survives_control_characters():
    r = RunResult([FileResult(path="x.md", error="binary file: starts with \x00\x01\x7f")])
    root = ET.fromstring(junit.render(r, []).encode("utf-8"))
    error = root.find("testsuite/testcase/error")
    assert error is not None
    assert error.get("message") == "binary file: starts with \ufffd\ufffd\x7f"


# --- checkstyle ---------------------------------------------------------------


def test_checkstyle(run):
    out = checkstyle.render(run, RULES)
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "checkstyle"
    files = root.findall("file")
    assert [f.get("name") for f in files] == ["b.md", "bad.md", "posts/a.md"]
    assert files[0].findall("error") == []
    (bad,) = files[1].findall("error")
    assert bad.get("source") == "postlint.FileError"
    assert bad.get("severity") == "error"
    errors = files[2].findall("error")
    assert [
        (e.get("line"), e.get("column"), e.get("severity"), e.get("source")) for e in errors
    ] == [
        ("3", "13", "error", "Content.Attribution"),
        ("4", "1", "warning", "Plain.Wordy"),
        ("4", "26", "info", "Content.Promo"),
        ("5", "28", "warning", "Plain.Wordy"),
    ]
    assert (
        errors[0].get("message") == 'News reported with no source: 100% unlinked, "quote", a:b, c'
    )


# --- rdjson -------------------------------------------------------------------


def test_rdjson(run):
    doc = json.loads(rdjson.render(run, RULES))
    assert doc["source"]["name"] == "postlint"
    diags = doc["diagnostics"]
    assert diags[0] == {
        "message": "cannot decode as UTF-8: byte 0xff at offset 3",
        "location": {"path": "bad.md"},
        "severity": "ERROR",
        "code": {"value": "postlint.FileError"},
    }
    assert [d["severity"] for d in diags[1:]] == ["ERROR", "WARNING", "INFO", "WARNING"]
    utilize = diags[4]
    assert utilize["code"] == {"value": "Plain.Wordy", "url": "https://example.org/rules/wordy"}
    # reviewdog columns are UTF-8 bytes: the line holds é, —, ï, — before the match
    line5 = POST_A.splitlines()[4].encode("utf-8")
    rng = utilize["location"]["range"]
    assert rng["start"]["line"] == rng["end"]["line"] == 5
    assert line5[rng["start"]["column"] - 1 : rng["end"]["column"] - 1] == b"utilize"
    assert (
        rng["start"]["column"] == 28 + 1 + 2 + 1 + 2
    )  # character 28; é, —, ï, — take 2, 3, 2, 3 bytes
    assert utilize["suggestions"] == [{"range": rng, "text": "use"}]


# --- GitLab code quality ------------------------------------------------------


def test_codeclimate(run):
    issues = json.loads(codeclimate.render(run, RULES))
    assert [i["check_name"] for i in issues] == [
        "postlint.FileError",
        "Content.Attribution",
        "Plain.Wordy",
        "Content.Promo",
        "Plain.Wordy",
    ]
    assert [i["severity"] for i in issues] == ["critical", "major", "minor", "info", "minor"]
    assert issues[1]["location"] == {
        "path": "posts/a.md",
        "positions": {"begin": {"line": 3, "column": 13}, "end": {"line": 3, "column": 32}},
    }
    assert len({i["fingerprint"] for i in issues}) == len(issues)


# --- all formats --------------------------------------------------------------


@pytest.mark.parametrize("fmt", [sarif, github, junit, checkstyle, rdjson, codeclimate])
def test_deterministic_and_order_independent(run, fmt):
    first = fmt.render(run, RULES)
    assert fmt.render(run, RULES) == first
    shuffled = RunResult(
        files=[
            FileResult(path=r.path, findings=list(reversed(r.findings)), error=r.error)
            for r in reversed(run.files)
        ]
    )
    assert fmt.render(shuffled, list(reversed(RULES))) == first


def test_streamed_json_from_the_cli_equals_the_library_rendering(tmp_path):
    """The CLI writes JSON file by file; the bytes must equal one render of the whole run."""
    import json as json_module
    import shutil
    from pathlib import Path

    from click.testing import CliRunner

    from postlint import lint_paths
    from postlint.cli import main
    from postlint.formatters import json as json_format

    examples = Path(__file__).resolve().parents[1] / "examples"
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for name in ("clean-essay.md", "news-rewrite-hidden-plug.md", "library-evening-hours.html"):
        shutil.copy(examples / name, drafts / name)
    (drafts / "binary.md").write_bytes(b"\x00\x01\x02")
    cfg = tmp_path / ".postlint.yml"
    cfg.write_text("packs: [Postlint, Style]\nrules:\n  Postlint.Grammar: off\n")
    args = ["check", "--no-cache", "--config", str(cfg), "--format", "json", str(drafts)]
    streamed = CliRunner().invoke(main, args).output
    expected = json_format.render(lint_paths([str(drafts)], config=cfg))
    assert streamed == expected
    data = json_module.loads(streamed)
    assert [Path(f["path"]).name for f in data["files"]] == [
        "binary.md",
        "clean-essay.md",
        "library-evening-hours.html",
        "news-rewrite-hidden-plug.md",
    ]
    out = tmp_path / "out.json"
    CliRunner().invoke(main, [*args, "--output", str(out)])
    assert out.read_text(encoding="utf-8") == expected
