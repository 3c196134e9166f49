"""A malformed rule file gets one clear error naming the file, line, key and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from postlint.errors import RuleError
from postlint.rules import load_pack, load_rule_file


def rule_file(tmp_path: Path, text: str, name: str = "Probe.yml") -> Path:
    path = tmp_path / "Pack" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> RuleError:
    with pytest.raises(RuleError) as err:
        load_rule_file(path, "Pack")
    return err.value


def test_a_valid_rule_loads_with_defaults(tmp_path):
    rule = load_rule_file(rule_file(tmp_path, "kind: existence\ntokens: [very]\n"), "Pack")
    assert (rule.id, rule.kind, rule.level.label, rule.scope, rule.message) == (
        "Pack.Probe",
        "existence",
        "warning",
        "text",
        "'{match}' should be avoided.",
    )
    assert rule.params == {"tokens": ["very"], "patterns": []}


def test_typo_in_a_key_names_file_line_key_and_expected_keys(tmp_path):
    path = rule_file(tmp_path, "kind: existence\nlevel: error\ntokenz: [very]\n")
    err = error_of(path)
    assert (err.path, err.line, err.key) == (str(path), 3, "tokenz")
    assert str(err).startswith(f"{path}:3: key 'tokenz': unknown key for kind 'existence'; ")
    assert err.detail.endswith(
        "expected one of: description, example, exceptions, ignorecase, kind, level, link, "
        "message, patterns, scope, skip_quotes, tokens"
    )


@pytest.mark.parametrize(
    "text, line, key, expected",
    [
        (
            "kind: existence\ntokens: very\nignorecase: yes please\n",
            3,
            "ignorecase",
            "expected true or false, got a string",
        ),
        (
            "kind: existence\ntokens: {a: b}\n",
            2,
            "tokens",
            "expected a list of strings, got a mapping",
        ),
        (
            "kind: existence\ntokens: [a]\nlevel: fatal\n",
            3,
            "level",
            "expected one of error, warning, suggestion, got 'fatal'",
        ),
        (
            "kind: existence\ntokens: [a]\nscope: chapter\n",
            3,
            "scope",
            "expected one of blockquote, document, heading, list, paragraph, sentence, table, text, got 'chapter'",
        ),
        (
            "kind: existence\ntokens: [a]\nmessage: [x]\n",
            3,
            "message",
            "expected a string, got a list",
        ),
    ],
    ids=["bool", "list", "level choice", "scope", "message"],
)
def test_wrong_type(tmp_path, text, line, key, expected):
    err = error_of(rule_file(tmp_path, text))
    assert (err.line, err.key, err.detail) == (line, key, expected)


def test_invalid_regex_names_the_pattern(tmp_path):
    err = error_of(rule_file(tmp_path, "kind: existence\npatterns:\n  - 'ok'\n  - '(unclosed'\n"))
    assert (err.line, err.key) == (2, "patterns")
    assert err.detail.startswith("invalid regular expression '(unclosed': missing ), unterminated")


def test_missing_kind(tmp_path):
    err = error_of(rule_file(tmp_path, "level: error\ntokens: [a]\n"))
    assert (err.key, err.detail) == ("kind", "missing or invalid; expected the name of a kind")
    assert err.line is None


def test_unknown_kind_lists_the_known_ones(tmp_path):
    err = error_of(rule_file(tmp_path, "level: error\nkind: existance\n"))
    assert (err.line, err.key) == (2, "kind")
    assert err.detail.startswith("unknown kind 'existance'; expected one of: ")
    assert "existence" in err.detail and "substitution" in err.detail


def test_kind_level_validation_names_the_key(tmp_path):
    err = error_of(rule_file(tmp_path, "kind: existence\nlevel: error\n"))
    assert (err.key, err.detail) == ("tokens", "expected at least one of 'tokens' or 'patterns'")


def test_broken_yaml_names_the_line(tmp_path):
    path = rule_file(tmp_path, "kind: existence\ntokens: [a, b\nlevel: error\n")
    err = error_of(path)
    assert err.line == 3
    assert str(err).startswith(f"{path}:3: invalid YAML")


def billion_laughs(levels: int = 9, width: int = 9) -> list[str]:
    """Nested anchors: few aliases, but width**levels values once expanded."""
    lines = ["l0: &l0 [" + ",".join(['"lol"'] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * width) + "]")
    return lines


def test_yaml_bomb_is_refused(tmp_path):
    # 72 aliases (under the alias cap) that expand to 9**9 values.
    path = rule_file(tmp_path, "kind: existence\n" + "\n".join(billion_laughs()) + "\n")
    err = error_of(path)
    assert str(err) == (
        f"{path}:1: aliases expand to more than 100000 values: refusing a possible YAML bomb"
    )


def test_many_aliases_are_refused(tmp_path):
    path = rule_file(tmp_path, "kind: existence\nt: &t x\nu: [" + ", ".join(["*t"] * 101) + "]\n")
    err = error_of(path)
    assert (err.line, err.detail) == (3, "more than 100 aliases: refusing a possible YAML bomb")


def test_a_few_aliases_are_fine(tmp_path):
    text = "kind: existence\nexceptions: &ex [foo, bar]\ntokens: *ex\n"
    rule = load_rule_file(rule_file(tmp_path, text), "Pack")
    assert rule.params["tokens"] == ["foo", "bar"] and rule.exceptions == ["foo", "bar"]


@pytest.mark.parametrize(
    "text, got", [("- a\n- b\n", "a list"), ("just words\n", "a string"), ("", "nothing")]
)
def test_file_that_is_not_a_mapping(tmp_path, text, got):
    err = error_of(rule_file(tmp_path, text))
    assert err.detail == f"expected a mapping of rule keys, got {got}"


def test_unsafe_yaml_tags_are_refused(tmp_path):
    err = error_of(rule_file(tmp_path, "kind: !!python/object/apply:os.system ['true']\n"))
    assert err.line == 1 and "invalid YAML" in err.detail


def test_bad_rule_file_name(tmp_path):
    err = error_of(rule_file(tmp_path, "kind: existence\ntokens: [a]\n", name="1bad name.yml"))
    assert err.detail == "rule file names must start with a letter and use A-Z, 0-9, _ or -"


def test_non_utf8_rule_file(tmp_path):
    path = tmp_path / "Pack" / "Latin.yml"
    path.parent.mkdir()
    path.write_bytes("kind: existence\ntokens: [café]\n".encode("latin-1"))
    err = error_of(path)
    assert err.detail.startswith("cannot read rule file: 'utf-8' codec can't decode")


def test_pack_loads_rules_sorted_and_stops_at_the_bad_one(tmp_path):
    rule_file(tmp_path, "kind: existence\ntokens: [b]\n", name="Beta.yml")
    rule_file(tmp_path, "kind: existence\ntokens: [a]\n", name="Alpha.yml")
    assert [r.id for r in load_pack(tmp_path / "Pack")] == ["Pack.Alpha", "Pack.Beta"]
    bad = rule_file(tmp_path, "kind: existence\n", name="Gamma.yml")
    with pytest.raises(RuleError) as err:
        load_pack(tmp_path / "Pack")
    assert err.value.path == str(bad)


def test_every_shipped_rule_loads():
    root = Path(__file__).resolve().parents[1] / "rules"
    loaded = [
        r.id for pack in sorted(p for p in root.iterdir() if p.is_dir()) for r in load_pack(pack)
    ]
    assert loaded, "no shipped rules found"
    assert all(rule_id.count(".") == 1 for rule_id in loaded)
