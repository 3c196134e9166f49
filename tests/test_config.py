"""Configuration: discovery, precedence, per-rule and per-glob overrides, validation errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_pack

from postlint.config import Config
from postlint.engine import Linter
from postlint.errors import ConfigError
from postlint.model import Level

DRAFT = "A target and a goal.\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with the Probe pack under ``packs/`` and one draft."""
    write_pack(tmp_path / "packs")
    write(tmp_path / "docs" / "post.md", DRAFT)
    return tmp_path


def summary(result) -> list[tuple]:
    return [(f.rule, f.level.label, f.line, f.column, f.match) for f in result.findings]


def test_discovery_walks_up_from_the_linted_file(project):
    write(project / ".postlint.yml", "packs: [Probe]\npack_paths: [packs]\n")
    result = Linter().lint_file(str(project / "docs" / "post.md"))
    assert result.error is None
    assert summary(result) == [("Probe.Target", "warning", 1, 3, "target")]


def test_nearest_config_wins_as_a_whole(project):
    write(project / ".postlint.yml", "packs: [Probe]\npack_paths: [packs]\n")
    write(
        project / "docs" / ".postlint.yml",
        "packs: [Probe]\npack_paths: [../packs]\nrules:\n  Probe.Target: error\n",
    )
    write(project / "other" / "post.md", DRAFT)
    linter = Linter()
    near = linter.lint_file(str(project / "docs" / "post.md"))
    far = linter.lint_file(str(project / "other" / "post.md"))
    assert summary(near) == [("Probe.Target", "error", 1, 3, "target")]
    assert summary(far) == [("Probe.Target", "warning", 1, 3, "target")]


def test_pyproject_tool_table_is_discovered(project):
    write(
        project / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.postlint]\npacks = ["Probe"]\npack_paths = ["packs"]\n'
        'rules = { "Probe.Target" = "suggestion" }\n',
    )
    result = Linter().lint_file(str(project / "docs" / "post.md"))
    assert summary(result) == [("Probe.Target", "suggestion", 1, 3, "target")]


def test_pyproject_without_tool_table_is_not_a_config(project):
    write(project / "pyproject.toml", '[project]\nname = "x"\n')
    write(
        project / ".postlint.yml",
        "packs: [Probe]\npack_paths: [packs]\nrules: {Probe.Target: error}\n",
    )
    result = Linter().lint_file(str(project / "docs" / "post.md"))
    assert summary(result) == [("Probe.Target", "error", 1, 3, "target")]


def test_explicit_config_file_beats_discovery(project):
    write(project / "docs" / ".postlint.yml", "packs: [Probe]\npack_paths: [../packs]\n")
    explicit = write(
        project / "ci.yml", "packs: [Probe]\npack_paths: [packs]\nrules: {Probe.Target: error}\n"
    )
    result = Linter(config_file=explicit).lint_file(str(project / "docs" / "post.md"))
    assert summary(result) == [("Probe.Target", "error", 1, 3, "target")]


@pytest.mark.parametrize(
    "setting, expected",
    [
        ("off", []),
        ("false", []),
        ("suggestion", [("Probe.Target", "suggestion", 1, 3, "target")]),
        ("{tokens: [goal]}", [("Probe.Target", "warning", 1, 16, "goal")]),
        ("{level: error, message: 'No {match}.'}", [("Probe.Target", "error", 1, 3, "target")]),
    ],
)
def test_per_rule_overrides(project, setting, expected):
    write(
        project / ".postlint.yml",
        f"packs: [Probe]\npack_paths: [packs]\nrules:\n  Probe.Target: {setting}\n",
    )
    result = Linter().lint_file(str(project / "docs" / "post.md"))
    assert summary(result) == expected


def test_override_of_the_message_template(project):
    write(
        project / ".postlint.yml",
        "packs: [Probe]\npack_paths: [packs]\nrules:\n  Probe.Target: {message: 'No {match}.'}\n",
    )
    [finding] = Linter().lint_file(str(project / "docs" / "post.md")).findings
    assert finding.message == "No target."


def test_per_glob_overrides_apply_only_to_matching_files(project):
    write(project / "drafts" / "wip.md", DRAFT)
    write(
        project / ".postlint.yml",
        "packs: [Probe]\npack_paths: [packs]\n"
        "overrides:\n"
        "  - files: ['drafts/*.md']\n"
        "    rules: {Probe.Target: off}\n"
        "  - files: '*.md'\n"
        "    rules: {Probe.Target: {tokens: [goal]}}\n",
    )
    linter = Linter()
    post = linter.lint_file(str(project / "docs" / "post.md"))
    wip = linter.lint_file(str(project / "drafts" / "wip.md"))
    assert summary(post) == [("Probe.Target", "warning", 1, 16, "goal")]
    # Later sections win: '*.md' matches the name too, so the rule is back on with 'goal'.
    assert summary(wip) == [("Probe.Target", "warning", 1, 16, "goal")]


def test_per_glob_off_wins_when_it_comes_last(project):
    write(project / "drafts" / "wip.md", DRAFT)
    write(
        project / ".postlint.yml",
        "packs: [Probe]\npack_paths: [packs]\n"
        "overrides:\n  - files: ['drafts/**']\n    rules: {Probe.Target: off}\n",
    )
    linter = Linter()
    assert summary(linter.lint_file(str(project / "drafts" / "wip.md"))) == []
    assert len(linter.lint_file(str(project / "docs" / "post.md")).findings) == 1


def test_min_level_hides_lower_levels(project):
    write(project / ".postlint.yml", "packs: [Probe]\npack_paths: [packs]\nmin_level: error\n")
    linter = Linter()
    assert linter.lint_file(str(project / "docs" / "post.md")).findings == []
    assert Linter(min_level=Level.WARNING).lint_file(str(project / "docs" / "post.md")).findings


def test_explicit_config_object_applies_everywhere(probe_pack):
    config = Config(packs=[str(probe_pack)], min_level=Level.ERROR)
    assert Linter(config=config).lint_text(DRAFT, "post.md").findings == []


def test_unknown_top_level_key_names_file_and_line(project):
    cfg = write(
        project / ".postlint.yml", "packs: [Probe]\npack_paths: [packs]\nmin_levle: error\n"
    )
    with pytest.raises(ConfigError) as err:
        Linter().lint_file(str(project / "docs" / "post.md"))
    message = str(err.value)
    assert message.startswith(f"{cfg}:3: key 'min_levle': expected one of ")
    assert "min_level" in message and "(unknown key)" in message


def test_unknown_pack_is_a_config_error(project):
    cfg = write(project / ".postlint.yml", "packs: [NoSuchPack]\n")
    with pytest.raises(ConfigError) as err:
        Linter().lint_file(str(project / "docs" / "post.md"))
    assert str(err.value) == (
        f"{cfg}: pack 'NoSuchPack' not found (looked in pack_paths and the shipped packs)"
    )


def test_unknown_rule_id_is_a_config_error(project):
    cfg = write(
        project / ".postlint.yml",
        "packs: [Probe]\npack_paths: [packs]\nrules:\n  Probe.Targte: off\n",
    )
    with pytest.raises(ConfigError) as err:
        Linter().lint_file(str(project / "docs" / "post.md"))
    assert str(err.value) == f"{cfg}: rules: unknown rule 'Probe.Targte'"


@pytest.mark.parametrize(
    "text, key",
    [
        ("min_level: loud\n", "min_level"),
        ("packs: Probe\n", "packs"),
        ("rules: [Probe.Target]\n", "rules"),
        ("overrides: [{rules: {}}]\n", "overrides"),
        ("max_file_size: -1\n", "max_file_size"),
    ],
)
def test_wrong_types_name_the_key(project, text, key):
    cfg = write(project / ".postlint.yml", text)
    with pytest.raises(ConfigError) as err:
        Linter().lint_file(str(project / "docs" / "post.md"))
    assert str(err.value).startswith(str(cfg)) and f"key '{key}'" in str(err.value)


def test_broken_yaml_config_names_the_line(project):
    cfg = write(project / ".postlint.yml", "packs: [Probe\nmin_level: error\n")
    with pytest.raises(ConfigError) as err:
        Linter().lint_file(str(project / "docs" / "post.md"))
    assert str(err.value).startswith(f"{cfg}:2: invalid YAML")


def test_bad_parameter_override_is_a_config_error(project):
    write(
        project / ".postlint.yml",
        "packs: [Probe]\npack_paths: [packs]\nrules:\n  Probe.Target: {patterns: ['(']}\n",
    )
    with pytest.raises(ConfigError) as err:
        Linter().lint_file(str(project / "docs" / "post.md"))
    assert "key 'patterns'" in str(err.value) and "invalid regular expression" in str(err.value)


def test_yaml_bomb_in_config_is_refused_quickly(project):
    # Few aliases, 9**9 values once expanded: copying or printing it would never finish.
    lines = ['    l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        lines.append(f"    l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]")
    cfg = write(
        project / ".postlint.yml",
        "packs: [Probe]\npack_paths: [packs]\nrules:\n  Probe.Target:\n" + "\n".join(lines) + "\n",
    )
    with pytest.raises(ConfigError) as err:
        Linter().lint_file(str(project / "docs" / "post.md"))
    assert str(err.value) == (
        f"{cfg}:1: aliases expand to more than 100000 values: refusing a possible YAML bomb"
    )
