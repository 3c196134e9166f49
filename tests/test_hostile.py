"""Hostile rules: catastrophic patterns, YAML bombs, huge rule files, rules that try to be code.

Rule packs come from anywhere, so a rule must never be able to hang a CI job,
exhaust memory or run code. Each test builds the hostile rule in a temporary pack
and checks the exact message and that the rest of the batch was still linted.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TARGET_RULE, write_pack

from postlint.cli import main
from postlint.config import Config
from postlint.engine import Linter
from postlint.kinds.patterns import RegexTimeout, UserPattern, regex_time_limit
from postlint.yamlio import MAX_ALIASES, MAX_YAML_BYTES

#: Exponential backtracking with Python's ``re``: every split of the run of "a" is tried.
CATASTROPHIC = r"(a+)+$"
#: A long run of "a" that the pattern cannot match (the "!" stops ``$``).
EVIL_TEXT = "a" * 50_000 + "!\n"
LIMIT = 0.3


def hostile_linter(tmp_path: Path, rules: dict[str, str], limit: float = LIMIT) -> Linter:
    pack = write_pack(tmp_path / "packs", "Hostile", rules)
    return Linter(config=Config(packs=[str(pack)], regex_timeout=limit))


def timeout_message(rule_id: str, limit: float = LIMIT) -> str:
    return f"{rule_id}: patterns ran past the {limit:g} s limit (regex_timeout); rule skipped for this file"


# -- catastrophic patterns ---------------------------------------------------------------------

#: One hostile rule per kind that takes the author's regular expressions, and a text it chokes on.
HOSTILE_KIND_RULES = {
    "existence": (f"kind: existence\npatterns: ['{CATASTROPHIC}']\n", EVIL_TEXT),
    "occurrence": (f"kind: occurrence\npattern: '{CATASTROPHIC}'\nmax: 1\n", EVIL_TEXT),
    "substitution": (
        f"kind: substitution\nregex: true\nnonword: true\nswap: {{'{CATASTROPHIC}': b}}\n",
        EVIL_TEXT,
    ),
    "consistency": (
        f"kind: consistency\nregex: true\neither: {{'{CATASTROPHIC}': 'b+'}}\n",
        EVIL_TEXT,
    ),
    "conditional": (f"kind: conditional\nfirst: '{CATASTROPHIC}'\nsecond: 'x'\n", EVIL_TEXT),
    "capitalization": ("kind: capitalization\nmatch: '(a|aa)+b'\n", "# " + "a" * 60 + "\n"),
    "repetition": (
        "kind: repetition\npattern: '(a|aa)+b'\nscope: paragraph\n",
        "a" * 60 + " " + "a" * 60 + "\n",
    ),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_KIND_RULES))
def test_a_catastrophic_pattern_is_cut_off_in_every_kind_that_takes_one(tmp_path, kind):
    rule_yaml, text = HOSTILE_KIND_RULES[kind]
    linter = hostile_linter(tmp_path, {"Evil": rule_yaml, "Target": TARGET_RULE})
    started = time.monotonic()
    result = linter.lint_text(text + "A target.\n", "post.md")
    elapsed = time.monotonic() - started
    assert result.error == timeout_message("Hostile.Evil")
    # The other rule of the pack still ran on the same file.
    assert [(f.rule, f.line, f.column, f.match) for f in result.findings] == [
        ("Hostile.Target", 2, 3, "target")
    ]
    assert elapsed < LIMIT + 5, f"took {elapsed:.1f} s"


def test_the_bound_is_per_rule_and_file_and_the_batch_goes_on(tmp_path):
    evil = f"kind: existence\npatterns: ['{CATASTROPHIC}']\n"
    linter = hostile_linter(tmp_path, {"Evil": evil, "Target": TARGET_RULE})
    slow = tmp_path / "slow.md"
    slow.write_text(EVIL_TEXT + "target\n", encoding="utf-8")
    fine = tmp_path / "fine.md"
    fine.write_text("aaa and a target.\n", encoding="utf-8")
    first, second = linter.lint_paths([str(slow), str(fine)])
    assert (first.path, first.error) == (str(slow), timeout_message("Hostile.Evil"))
    assert [(f.rule, f.line, f.column) for f in first.findings] == [("Hostile.Target", 2, 1)]
    # The hostile rule is not disabled for the run: it still works where it is quick.
    assert second.error is None
    assert [(f.rule, f.line, f.column, f.match) for f in second.findings] == [
        ("Hostile.Target", 1, 11, "target")
    ]


def test_the_budget_is_shared_by_every_scan_a_rule_makes_on_one_file(tmp_path):
    # Sentence scope scans each sentence separately; 40 slow sentences must not each
    # get the full budget (that would be 40 x the limit).
    rule = "kind: existence\nscope: sentence\npatterns: ['(a|aa)+$']\n"
    linter = hostile_linter(tmp_path, {"Evil": rule}, limit=0.2)
    text = "".join("a" * 34 + "! " for _ in range(40)) + "\n"
    started = time.monotonic()
    result = linter.lint_text(text, "post.md")
    assert result.error == timeout_message("Hostile.Evil", 0.2)
    assert time.monotonic() - started < 3


def test_a_quick_pattern_keeps_its_matches_under_a_tight_budget(tmp_path):
    rule = (
        "kind: existence\nlevel: warning\nmessage: \"Found '{match}'.\"\npatterns: ['t[a-z]+t']\n"
    )
    linter = hostile_linter(tmp_path, {"Quick": rule}, limit=0.05)
    result = linter.lint_text("A target and a tent.\n", "post.md")
    assert result.error is None
    assert [(f.line, f.column, f.end_column, f.match, f.message) for f in result.findings] == [
        (1, 3, 9, "target", "Found 'target'."),
        (1, 16, 20, "tent", "Found 'tent'."),
    ]


def test_user_pattern_methods_raise_regex_timeout_past_the_deadline():
    pattern = UserPattern(CATASTROPHIC)
    with regex_time_limit(0.05):
        with pytest.raises(RegexTimeout):
            pattern.search(EVIL_TEXT)
        with pytest.raises(RegexTimeout):  # the budget is spent: even a quick call stops
            pattern.fullmatch("a")
    # Outside a limit (library use without the engine) matching is unbounded and normal.
    assert pattern.fullmatch("aaa").span() == (0, 3)


def test_a_user_pattern_that_regex_cannot_compile_names_the_key():
    from postlint.kinds.base import ParamError

    with pytest.raises(ParamError) as caught:
        UserPattern("(unclosed", key="first")
    assert caught.value.key == "first"
    assert str(caught.value).startswith("first: invalid regular expression '(unclosed': ")


def test_regex_timeout_is_validated_in_config(tmp_path):
    config = tmp_path / ".postlint.yml"
    config.write_text("regex_timeout: -1\n", encoding="utf-8")
    (tmp_path / "post.md").write_text("Hello.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "-c", str(config), str(tmp_path / "post.md")])
    assert result.exit_code == 2
    assert result.output == (
        f"postlint: {config}:1: key 'regex_timeout': expected seconds a rule's patterns may "
        "run on one file (a positive number)\n"
    )


def test_catastrophic_rule_through_the_cli_reports_the_file_and_exits_1(tmp_path):
    write_pack(tmp_path, "Hostile", {"Evil": f"kind: existence\npatterns: ['{CATASTROPHIC}']\n"})
    config = tmp_path / ".postlint.yml"
    config.write_text("packs: [Hostile]\nregex_timeout: 0.3\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(EVIL_TEXT, encoding="utf-8")
    (tmp_path / "b.md").write_text("Fine.\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["check", "-c", str(config), "-f", "line", str(tmp_path / "a.md"), str(tmp_path / "b.md")],
    )
    assert result.exit_code == 1
    assert f"{tmp_path / 'a.md'}" in result.output
    assert timeout_message("Hostile.Evil", 0.3) in result.output
    assert "Traceback" not in result.output


# -- YAML bombs and huge rule files -------------------------------------------------------------

BILLION_LAUGHS = """\
kind: existence
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
tokens: [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def run_check_with_pack(tmp_path: Path, rule_name: str, rule_text: str):
    pack = tmp_path / "Bombs"
    pack.mkdir()
    (pack / f"{rule_name}.yml").write_text(rule_text, encoding="utf-8")
    config = tmp_path / ".postlint.yml"
    config.write_text("packs: [Bombs]\n", encoding="utf-8")
    post = tmp_path / "post.md"
    post.write_text("Hello.\n", encoding="utf-8")
    started = time.monotonic()
    result = CliRunner().invoke(main, ["check", "-c", str(config), str(post)])
    return result, time.monotonic() - started, pack / f"{rule_name}.yml"


def test_billion_laughs_rule_is_refused_in_one_line(tmp_path):
    result, elapsed, rule_file = run_check_with_pack(tmp_path, "Bomb", BILLION_LAUGHS)
    assert result.exit_code == 2
    assert result.output == (
        f"postlint: {rule_file}:1: aliases expand to more than 100000 values: "
        "refusing a possible YAML bomb\n"
    )
    assert elapsed < 5


def test_too_many_aliases_are_refused(tmp_path):
    aliases = ", ".join(["*x"] * (MAX_ALIASES + 1))
    text = f"kind: existence\nx: &x lol\ntokens: [{aliases}]\n"
    result, _, rule_file = run_check_with_pack(tmp_path, "Aliases", text)
    assert result.exit_code == 2
    assert result.output == (
        f"postlint: {rule_file}:3: more than {MAX_ALIASES} aliases: refusing a possible YAML bomb\n"
    )


def test_huge_rule_file_is_refused_before_parsing(tmp_path):
    words = "".join(f"  - word{i}\n" for i in range(MAX_YAML_BYTES // 10))
    text = "kind: existence\ntokens:\n" + words
    assert len(text) > MAX_YAML_BYTES
    result, elapsed, rule_file = run_check_with_pack(tmp_path, "Huge", text)
    assert result.exit_code == 2
    assert result.output == (
        f"postlint: {rule_file}: file is larger than {MAX_YAML_BYTES} bytes; refusing to parse it\n"
    )
    assert elapsed < 5


def test_deeply_nested_rule_file_is_refused(tmp_path):
    text = "kind: existence\ntokens: " + "[" * 5000 + "]" * 5000 + "\n"
    result, _, rule_file = run_check_with_pack(tmp_path, "Deep", text)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert result.output.startswith(f"postlint: {rule_file}")
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['touch pwned']",
        "!!python/name:os.system",
        "!!python/object/new:subprocess.Popen [['touch', 'pwned']]",
    ],
)
def test_a_rule_file_cannot_run_code(tmp_path, monkeypatch, tag):
    monkeypatch.chdir(tmp_path)
    result, _, rule_file = run_check_with_pack(
        tmp_path, "Code", f"kind: existence\ntokens: {tag}\n"
    )
    assert result.exit_code == 2
    assert result.output.startswith(f"postlint: {rule_file}:2: invalid YAML: ")
    assert result.output.count("\n") == 1
    assert not (tmp_path / "pwned").exists()


def test_yaml_is_only_ever_loaded_safely():
    """No module calls an unsafe PyYAML loader: rules and configs are data only."""
    package = Path(__file__).resolve().parent.parent / "postlint"
    unsafe = ("yaml.load(", "yaml.load_all(", "yaml.unsafe_load", "yaml.full_load", "yaml.Loader")
    offenders = [
        f"{path.relative_to(package)}: {needle}"
        for path in sorted(package.rglob("*.py"))
        for needle in unsafe
        if needle in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_kinds_come_only_from_the_builtin_table_and_installed_entry_points(tmp_path):
    """A rule naming a Python path as its kind is refused, never imported."""
    result, _, rule_file = run_check_with_pack(tmp_path, "Import", "kind: os.system\ntokens: [x]\n")
    assert result.exit_code == 2
    assert result.output.startswith(f"postlint: {rule_file}:1: key 'kind': ")


def test_a_control_character_in_a_rule_file_is_one_line_with_its_line(tmp_path):
    result, _, rule_file = run_check_with_pack(
        tmp_path, "Bell", "kind: existence\ntokens: [ring\x07bell]\n"
    )
    assert result.exit_code == 2
    assert result.output == (
        f"postlint: {rule_file}:2: invalid YAML: character U+0007 is not allowed\n"
    )


def test_a_control_character_in_front_matter_is_the_files_error_and_the_body_is_linted(
    probe_linter,
):
    # Once a traceback: PyYAML's reader rejected the character before the loader's try.
    result = probe_linter.lint_text("---\ntitle: ring\x07bell\n---\nA target.\n", "post.md")
    assert result.error == (
        "malformed front matter (line 2): invalid YAML: character U+0007 is not allowed"
    )
    assert [(f.line, f.column, f.match) for f in result.findings] == [(4, 3, "target")]
