"""The editors' batch report: data step, charts, HTML, CSV, JSON, progress and the command.

Unit tests build runs by hand (findings positioned in text written to real
files), so each value asserted is known exactly; the command tests lint the
drafts in ``tests/data/report_posts`` with the shipped Postlint pack.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from postlint.cli_report import report
from postlint.model import FileResult, Finding, Fix, Level, RunResult
from postlint.progress import Progress, format_duration, render_line, should_show
from postlint.report import (
    ReportOptions,
    build_report,
    findings_csv,
    render_html,
    report_json,
    summary_csv,
)
from postlint.report.build import Context, post_status
from postlint.report.charts import Bin, bar_chart, bin_values, histogram, nice_step
from postlint.report.csv import FINDING_COLUMNS, POST_COLUMNS

POSTS = Path(__file__).parent / "data" / "report_posts"

NEWS = """\
# Plant news

Acme announced yesterday that it will build a plant.
It is a very big plant, according to a weekly paper.
"""

PROMO = """\
# Field notes

Speaking of which, <b>GadgetCo</b> is the leading provider of tablets.
"""


def locate(text: str, needle: str) -> tuple[int, int, int, int]:
    """(line, column, end_line, end_column) of ``needle`` in ``text``, 1-based like the engine."""
    start = text.index(needle)
    end = start + len(needle)

    def line_col(offset: int) -> tuple[int, int]:
        return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1

    return (*line_col(start), *line_col(end))


def finding(
    text: str,
    needle: str,
    rule: str,
    kind: str,
    level: Level,
    message: str,
    **extra,
) -> Finding:
    line, column, end_line, end_column = locate(text, needle)
    start = text.index(needle)
    return Finding(
        rule=rule,
        kind=kind,
        level=level,
        message=message,
        offset=start,
        end_offset=start + len(needle),
        match=needle,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        **extra,
    )


@pytest.fixture
def run(tmp_path: Path) -> RunResult:
    """Three posts: news without sources, an undisclosed plug, and one that could not be read."""
    news_path = tmp_path / "news.md"
    news_path.write_text(NEWS, encoding="utf-8")
    promo_path = tmp_path / "promo.md"
    promo_path.write_text(PROMO, encoding="utf-8")
    news = FileResult(
        str(news_path),
        findings=[
            finding(
                NEWS,
                "announced",
                "Postlint.Attribution",
                "attribution",
                Level.ERROR,
                "This post reports others' news but names no source.",
            ),
            finding(
                NEWS,
                "very",
                "Style.Weasel",
                "existence",
                Level.SUGGESTION,
                "'very' adds little; cut it.",
                fix=Fix("", "remove 'very'"),
            ),
        ],
        metrics={
            "words": 18,
            "flesch_kincaid_grade": 4.5,
            "read_time_minutes": 0.1,
            "promo": "none",
            "attribution": "missing",
        },
    )
    promo = FileResult(
        str(promo_path),
        findings=[
            finding(
                PROMO,
                "Speaking of which, <b>GadgetCo</b> is the leading provider of tablets.",
                "Postlint.Promotion",
                "promo",
                Level.ERROR,
                "Undisclosed promotion: segue 'Speaking of which'.",
                evidence=["segue: 'Speaking of which' (+2)", "superlative: 'the leading provider'"],
            ),
        ],
        metrics={"words": 11, "flesch_kincaid_grade": 9.0, "promo": "undisclosed"},
    )
    broken = FileResult(str(tmp_path / "gone.md"), error="no such file")
    return RunResult([news, promo, broken])


# -- build_report -------------------------------------------------------------------


def test_posts_keep_run_order_with_relative_paths_status_and_counts(run, tmp_path):
    data = build_report(run, root=str(tmp_path))
    assert [p.path for p in data.posts] == ["news.md", "promo.md", "gone.md"]
    assert [p.status for p in data.posts] == ["errors", "errors", "file error"]
    assert data.posts[0].counts == {"error": 1, "warning": 0, "suggestion": 1}
    assert data.posts[0].rules == ["Postlint.Attribution", "Style.Weasel"]
    assert data.posts[0].pairs == ["Postlint.Attribution:error", "Style.Weasel:suggestion"]
    assert data.posts[2].error == "no such file"
    assert data.posts[2].metrics == {}


def test_summary_counts_only_posts_that_have_each_metric(run):
    summary = build_report(run).summary
    assert summary.to_dict() == {
        "posts": 3,
        "words": 29,
        "findings": 3,
        "by_level": {"error": 2, "warning": 0, "suggestion": 1},
        "undisclosed_promotion": 1,
        "missing_attribution": 1,
        "readtime_mismatches": 0,
        "file_errors": 1,
    }


def test_readtime_mismatches_count_posts_with_a_readtime_finding(tmp_path):
    text = "# Post\n\n5 min read\n\nShort.\n"
    declared = finding(
        text, "5 min read", "Postlint.ReadTime", "readtime", Level.WARNING, "Declared 5 min."
    )
    other = finding(text, "Short", "Style.Weasel", "existence", Level.SUGGESTION, "Short.")
    run = RunResult([FileResult("a.md", [declared, other]), FileResult("b.md", [other])])
    data = build_report(run, read_source=lambda path: text)
    assert data.summary.readtime_mismatches == 1


def test_findings_by_rule_most_frequent_first_ties_by_id(run):
    assert build_report(run).by_rule == [
        ("Postlint.Attribution", 1),
        ("Postlint.Promotion", 1),
        ("Style.Weasel", 1),
    ]


def test_values_skip_missing_and_non_numeric_metrics(run):
    data = build_report(run)
    assert data.values("flesch_kincaid_grade") == [4.5, 9.0]
    assert data.values("read_time_minutes") == [0.1]
    assert data.values("promo") == []


@pytest.mark.parametrize(
    ("result", "status"),
    [
        (FileResult("a.md"), "clean"),
        (FileResult("a.md", error="binary file"), "file error"),
        (
            FileResult("a.md", [finding("x y", "y", "R.X", "existence", Level.WARNING, "m")]),
            "warnings",
        ),
        (
            FileResult("a.md", [finding("x y", "y", "R.X", "existence", Level.SUGGESTION, "m")]),
            "suggestions",
        ),
    ],
)
def test_post_status_is_the_worst_outcome(result, status):
    assert post_status(result) == status


def test_context_is_the_line_around_the_match(run):
    news = build_report(run).posts[0]
    assert news.findings[0].context == Context(
        line=3,
        before="Acme ",
        match="announced",
        after=" yesterday that it will build a plant.",
    )
    assert news.findings[1].context == Context(
        line=4, before="It is a ", match="very", after=" big plant, according to a weekly paper."
    )


def test_context_window_clips_long_lines_on_both_sides():
    text = "a" * 30 + " needle " + "b" * 30
    f = finding(text, "needle", "R.X", "existence", Level.WARNING, "m")
    run = RunResult([FileResult("x.md", [f])])
    row = build_report(run, options=ReportOptions(context_chars=5), read_source=lambda p: text)
    assert row.posts[0].findings[0].context == Context(
        1, "aaaa ", "needle", " bbbb", clipped_before=True, clipped_after=True
    )


def test_context_joins_a_match_wrapped_over_lines():
    text = "Intro line.\nThe sentence starts here\nand ends here. Then more.\n"
    f = finding(text, "The sentence starts here\nand ends here.", "R.S", "sentence_length",
                Level.WARNING, "long")  # fmt: skip
    run = RunResult([FileResult("x.md", [f])])
    context = build_report(run, read_source=lambda p: text).posts[0].findings[0].context
    assert context == Context(2, "", "The sentence starts here and ends here.", " Then more.")


def test_context_cuts_a_match_longer_than_max_match_chars():
    text = "Start. " + "word " * 20 + "end.\n"
    f = finding(text, text[7:-1], "R.P", "metric", Level.SUGGESTION, "hard paragraph")
    run = RunResult([FileResult("x.md", [f])])
    options = ReportOptions(max_match_chars=12)
    context = build_report(run, options=options, read_source=lambda p: text).posts[0]
    assert context.findings[0].context == Context(
        1, "Start. ", "word word wo", "", clipped_match=True
    )


def test_context_is_none_when_the_source_is_gone_or_shorter(run, tmp_path):
    (tmp_path / "news.md").unlink()
    assert build_report(run).posts[0].findings[0].context is None
    data = build_report(run, read_source=lambda path: "one line only")
    assert data.posts[0].findings[0].context is None


# -- charts -------------------------------------------------------------------------


def test_nice_step_picks_1_2_2_5_5_times_a_power_of_ten():
    assert nice_step(10, 12) == 1.0
    assert nice_step(20, 12) == 2.0
    assert nice_step(0.3, 12) == 0.025
    assert nice_step(45, 12) == 5.0
    assert nice_step(0, 12) == 1.0


def test_bin_values_on_nice_edges_upper_edge_goes_to_next_bin():
    assert bin_values([4.5, 9.0, 9.9, 12.0], max_bins=6) == [
        Bin(4, 6, 1),
        Bin(6, 8, 0),
        Bin(8, 10, 2),
        Bin(10, 12, 0),
        Bin(12, 14, 1),
    ]
    assert bin_values([7.0, 7.0]) == [Bin(7, 8, 2)]
    assert bin_values([0.2, 0.3, 0.3], min_step=1.0) == [Bin(0, 1, 3)]
    assert bin_values([]) == []


def bars(svg: str) -> list[dict[str, str]]:
    return [dict(re.findall(r'(\w+)="([^"]*)"', m)) for m in re.findall(r"<rect ([^>]*)>", svg)]


def test_histogram_draws_one_bar_per_bin_scaled_to_the_tallest():
    svg = str(histogram([1.0, 1.5, 3.2], title="Grades", unit="posts", max_bins=4, height=220))
    drawn = bars(svg)
    assert [b["height"] for b in drawn] == ["164.0", "0.0", "82.0"]
    assert "<title>1–1.5: 1 posts</title>" not in svg
    assert "<title>1–2: 2 posts</title>" in svg
    assert "<title>3–4: 1 posts</title>" in svg


def test_bar_chart_escapes_labels_and_sums_the_rest():
    svg = str(bar_chart([("<b>Pack.X</b>", 4), ("A.B", 2), ("C.D", 1)], title="t", max_bars=2))
    assert "<b>" not in svg
    assert "&lt;b&gt;Pack.X&lt;/b&gt;" in svg
    assert [b["width"] for b in bars(svg)] == ["162.0", "81.0"]
    assert "+ 1 more rules, 1 findings" in svg


def test_empty_charts_say_no_data():
    assert "No data" in str(histogram([], title="x", unit="posts"))
    assert "No data" in str(bar_chart([], title="x"))


# -- HTML ---------------------------------------------------------------------------


def test_html_escapes_linted_text_and_runs_only_its_own_script(run):
    page = render_html(build_report(run))
    assert "<b>GadgetCo</b>" not in page
    assert "&lt;b&gt;GadgetCo&lt;/b&gt;" in page
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page


def test_html_is_self_contained_and_deterministic(run):
    data = build_report(run)
    page = render_html(data)
    assert page == render_html(build_report(run))
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert page.count('<svg class="chart"') == 3


def test_html_table_rows_carry_filter_data_and_sort_keys(run, tmp_path):
    page = render_html(build_report(run, root=str(tmp_path)))
    assert (
        '<tr data-findings="|Postlint.Attribution:error|Style.Weasel:suggestion|" '
        'data-status="errors" data-post="post-1">'
    ) in page
    assert '<tr data-findings="||" data-status="file error" data-post="post-3">' in page
    # A post without metrics: empty sort keys (sorted last) and a dash on the page.
    gone = page[page.index('data-post="post-3"') :]
    assert '<td class="num" data-sort="">—</td>' in gone[: gone.index("</tr>")]


def test_html_shows_each_finding_with_line_level_rule_and_context(run):
    page = render_html(build_report(run))
    assert '<td class="num">3:6</td>' in page
    assert (
        '<div class="context"><span class="ln">3</span>Acme <mark>announced</mark>'
        " yesterday that it will build a plant.</div>"
    ) in page
    assert "<li>segue: &#39;Speaking of which&#39; (+2)</li>" in page
    assert "Could not be linted fully: no such file" in page


def test_html_generated_line_only_when_given(run):
    data = build_report(run, options=ReportOptions(title="Archive <2024>", generated="May run"))
    page = render_html(data)
    assert "<h1>Archive &lt;2024&gt;</h1>" in page
    assert "· May run</p>" in page
    assert "·" not in render_html(build_report(run)).split("</header>")[0]


# -- CSV and JSON -------------------------------------------------------------------


def read_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_findings_csv_one_row_a_finding_with_positions(run, tmp_path):
    text = findings_csv(build_report(run, root=str(tmp_path)))
    rows = read_csv(text)
    assert list(rows[0]) == list(FINDING_COLUMNS)
    assert len(rows) == 3
    assert rows[0] == {
        "path": "news.md",
        "line": "3",
        "column": "6",
        "end_line": "3",
        "end_column": "15",
        "rule": "Postlint.Attribution",
        "kind": "attribution",
        "level": "error",
        "message": "This post reports others' news but names no source.",
        "match": "announced",
        "context": "Acme announced yesterday that it will build a plant.",
        "fix": "",
        "evidence": "",
    }
    assert (rows[1]["line"], rows[1]["column"], rows[1]["rule"]) == ("4", "9", "Style.Weasel")
    assert (
        rows[2]["evidence"]
        == "segue: 'Speaking of which' (+2); superlative: 'the leading provider'"
    )
    assert text.count("\r\n") == 4


def test_csv_cells_that_a_spreadsheet_would_run_get_an_apostrophe(tmp_path):
    text = "=HYPERLINK(evil) is here\n"
    f = finding(text, "=HYPERLINK(evil)", "R.X", "existence", Level.WARNING, "@mention")
    data = build_report(RunResult([FileResult("x.md", [f])]), read_source=lambda p: text)
    row = read_csv(findings_csv(data))[0]
    assert (row["match"], row["message"]) == ("'=HYPERLINK(evil)", "'@mention")
    raw = read_csv(findings_csv(data, spreadsheet_safe=False))[0]
    assert raw["match"] == "=HYPERLINK(evil)"


def test_summary_csv_one_row_a_post_missing_metrics_empty(run, tmp_path):
    rows = read_csv(summary_csv(build_report(run, root=str(tmp_path))))
    assert list(rows[0]) == list(POST_COLUMNS)
    assert [r["path"] for r in rows] == ["news.md", "promo.md", "gone.md"]
    assert rows[0]["attribution"] == "missing"
    assert rows[0]["flesch_kincaid_grade"] == "4.5"
    assert rows[0]["rules"] == "Postlint.Attribution Style.Weasel"
    assert (rows[0]["errors"], rows[0]["suggestions"], rows[0]["findings"]) == ("1", "1", "2")
    assert rows[1]["read_time_minutes"] == ""
    assert rows[2] == {
        **dict.fromkeys(POST_COLUMNS, ""),
        "path": "gone.md",
        "status": "file error",
        "findings": "0",
        "errors": "0",
        "warnings": "0",
        "suggestions": "0",
        "file_error": "no such file",
    }


def test_report_json_has_summary_rules_and_each_post(run, tmp_path):
    data = json.loads(report_json(build_report(run, root=str(tmp_path))))
    assert data["summary"]["undisclosed_promotion"] == 1
    assert data["findings_by_rule"] == {
        "Postlint.Attribution": 1,
        "Postlint.Promotion": 1,
        "Style.Weasel": 1,
    }
    news = data["files"][0]
    assert (news["path"], news["status"], news["counts"]["error"]) == ("news.md", "errors", 1)
    assert news["findings"][1] == {
        "rule": "Style.Weasel",
        "kind": "existence",
        "level": "suggestion",
        "message": "'very' adds little; cut it.",
        "line": 4,
        "column": 9,
        "end_line": 4,
        "end_column": 13,
        "match": "very",
        "fix": {"replacement": "", "description": "remove 'very'"},
        "evidence": [],
    }
    assert data["files"][2]["metrics"] == {}


# -- progress -----------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_only_on_a_terminal_outside_ci():
    assert should_show(FakeTerminal(), environ={}) is True
    assert should_show(FakeTerminal(), environ={"CI": "true"}) is False
    assert should_show(io.StringIO(), environ={}) is False


def test_progress_line_has_files_done_rate_and_time_left():
    assert render_line(50, 200, 10.0, width=8) == "[##......] 50/200 files  5.0 files/s  0:30 left"
    assert render_line(0, 10, 0.0, width=4) == "[....] 0/10 files  0.0 files/s  ? left"
    assert format_duration(3700) == "1:01:40"


def test_progress_redraws_throttled_and_ends_the_line():
    clock = iter([0.0, 0.05, 0.1, 0.3]).__next__
    out = FakeTerminal()
    with Progress(3, out, enabled=True, clock=clock) as progress:
        progress.advance()  # 0.05: first draw
        progress.advance()  # 0.1: too soon, skipped
        progress.advance()  # 0.3: last file, always drawn
    assert out.getvalue() == (
        "\r[########................] 1/3 files  20.0 files/s  0:00 left"
        "\r[########################] 3/3 files  10.0 files/s  0:00 left\n"
    )


def test_progress_disabled_writes_nothing():
    out = io.StringIO()
    with Progress(2, out) as progress:
        progress.advance()
        progress.advance()
    assert out.getvalue() == ""


# -- the command --------------------------------------------------------------------


def invoke(*args: str):
    return CliRunner().invoke(report, [*args, "--ignore", "Postlint.Grammar", "-j", "1"])


@pytest.fixture
def outputs(tmp_path: Path, monkeypatch) -> dict[str, Path]:
    monkeypatch.chdir(POSTS.parent.parent.parent)
    return {name: tmp_path / f"report.{name}" for name in ("html", "csv", "summary", "json")}


def test_report_command_writes_every_file_and_exits_0(outputs):
    result = invoke(
        str(POSTS),
        "--select",
        "Postlint",
        "--html",
        str(outputs["html"]),
        "--csv",
        str(outputs["csv"]),
        "--summary-csv",
        str(outputs["summary"]),
        "--json",
        str(outputs["json"]),
    )
    assert result.exit_code == 0, result.output
    rows = read_csv(outputs["csv"].read_text(encoding="utf-8"))
    readtime = [r for r in rows if r["rule"] == "Postlint.ReadTime"]
    assert [(r["path"], r["line"], r["column"], r["match"]) for r in readtime] == [
        ("tests/data/report_posts/chip-plant-rewrite.md", "7", "1", "3 min read")
    ]
    assert readtime[0]["message"] == (
        "Declared read time is 3 min, but the text reads in about 0.3 min; declare 1 min."
    )
    promo = [r for r in rows if r["rule"] == "Postlint.Promotion"]
    assert [(r["path"], r["line"], r["column"]) for r in promo] == [
        ("tests/data/report_posts/rugged-tablets.md", "6", "1"),
        ("tests/data/report_posts/rugged-tablets.md", "8", "1"),
    ]
    posts = read_csv(outputs["summary"].read_text(encoding="utf-8"))
    assert [(p["path"].rsplit("/", 1)[1], p["promo"], p["attribution"]) for p in posts] == [
        ("chip-plant-rewrite.md", "none", "missing"),
        ("markup-in-text.md", "none", "not_needed"),
        ("release-checklist.md", "none", "not_needed"),
        ("rugged-tablets.md", "undisclosed", "not_needed"),
    ]
    summary = json.loads(outputs["json"].read_text(encoding="utf-8"))["summary"]
    assert (summary["posts"], summary["readtime_mismatches"]) == (4, 1)
    page = outputs["html"].read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "wrote " + str(outputs["html"]) in result.output


def test_report_with_workers_writes_the_same_bytes(outputs, tmp_path):
    serial, parallel = tmp_path / "serial.json", tmp_path / "parallel.json"
    assert invoke(str(POSTS), "--json", str(serial)).exit_code == 0
    args = [str(POSTS), "--json", str(parallel), "--ignore", "Postlint.Grammar", "-j", "2"]
    assert CliRunner().invoke(report, args).exit_code == 0
    assert parallel.read_bytes() == serial.read_bytes()


def test_report_needs_an_output_file(outputs):
    result = invoke(str(POSTS))
    assert result.exit_code == 2
    assert "nothing to write: give --html, --csv, --summary-csv or --json" in result.output


def test_report_on_missing_paths_is_a_usage_error(outputs, tmp_path):
    result = invoke(str(tmp_path / "nope.md"), "--json", str(outputs["json"]))
    assert result.exit_code == 2
    assert "no such file or folder" in result.output
    assert not outputs["json"].exists()


def test_report_on_a_bad_config_is_exit_2(outputs, tmp_path):
    config = tmp_path / "bad.yml"
    config.write_text("packs: [NoSuchPack]\n", encoding="utf-8")
    result = invoke(str(POSTS), "--config", str(config), "--json", str(outputs["json"]))
    assert result.exit_code == 2
    assert "pack 'NoSuchPack' not found" in result.output


def test_report_keeps_files_it_cannot_read_as_rows(outputs, tmp_path):
    binary = tmp_path / "blob.md"
    binary.write_bytes(b"\x00\x01 not text")
    result = invoke(str(binary), str(POSTS / "release-checklist.md"), "--summary-csv",
                    str(outputs["summary"]))  # fmt: skip
    assert result.exit_code == 0
    rows = read_csv(outputs["summary"].read_text(encoding="utf-8"))
    assert [(r["status"], r["file_error"]) for r in rows] == [
        ("file error", "binary file (contains NUL bytes); skipped"),
        ("clean", ""),
    ]
