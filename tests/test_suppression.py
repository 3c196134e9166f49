"""Inline ``postlint-disable``/``enable``/``disable-next-line`` comments and front matter."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TARGET_RULE, write_pack

from postlint.config import Config
from postlint.engine import Linter

OTHER_RULE = TARGET_RULE.replace("[target]", "[goal]").replace("Found", "Saw")


@pytest.fixture
def linter(tmp_path: Path) -> Linter:
    """Two packs: Probe (Target, Goal) and Extra (Target), to tell rule from pack names."""
    probe = write_pack(tmp_path, "Probe", {"Target": TARGET_RULE, "Goal": OTHER_RULE})
    extra = write_pack(tmp_path, "Extra", {"Target": TARGET_RULE})
    return Linter(config=Config(packs=[str(probe), str(extra)]))


def found(linter: Linter, text: str, path: str = "post.md") -> list[tuple[str, int, int]]:
    result = linter.lint_text(text, path)
    assert result.error is None
    return [(f.rule, f.line, f.column) for f in result.findings]


def test_without_comments_every_rule_reports(linter):
    assert found(linter, "target goal\n") == [
        ("Extra.Target", 1, 1),
        ("Probe.Target", 1, 1),
        ("Probe.Goal", 1, 8),
    ]


CASES = [
    (
        "disable one rule, then enable",
        "target goal\n\n<!-- postlint-disable Probe.Target -->\n\ntarget goal\n\n"
        "<!-- postlint-enable -->\n\ntarget\n",
        [
            ("Extra.Target", 1, 1),
            ("Probe.Target", 1, 1),
            ("Probe.Goal", 1, 8),
            ("Extra.Target", 5, 1),
            ("Probe.Goal", 5, 8),
            ("Extra.Target", 9, 1),
            ("Probe.Target", 9, 1),
        ],
    ),
    (
        "disable two rules, comma separated",
        "<!-- postlint-disable Probe.Target, Probe.Goal -->\ntarget goal\n",
        [("Extra.Target", 2, 1)],
    ),
    (
        "disable everything",
        "<!-- postlint-disable -->\ntarget goal\n<!-- postlint-enable -->\n\ngoal\n",
        [("Probe.Goal", 5, 1)],
    ),
    (
        "enable one rule after disabling all",
        "<!-- postlint-disable -->\n<!-- postlint-enable Probe.Goal -->\ntarget goal\n",
        [("Probe.Goal", 3, 8)],
    ),
    (
        "disable by pack name",
        "<!-- postlint-disable Probe -->\ntarget goal\n",
        [("Extra.Target", 2, 1)],
    ),
    (
        "disable-next-line for every rule",
        "<!-- postlint-disable-next-line -->\ntarget goal\ntarget\n",
        [("Extra.Target", 3, 1), ("Probe.Target", 3, 1)],
    ),
    (
        "disable-next-line skips blank lines",
        "<!-- postlint-disable-next-line Probe.Goal -->\n\ntarget goal\ngoal\n",
        [("Extra.Target", 3, 1), ("Probe.Target", 3, 1), ("Probe.Goal", 4, 1)],
    ),
    (
        "comment on the same line as the text does not disable",
        "target <!-- postlint-disable-next-line -->\ntarget\n",
        [("Extra.Target", 1, 1), ("Probe.Target", 1, 1)],
    ),
    (
        "case-insensitive directive and names",
        "<!-- POSTLINT-DISABLE probe.target -->\ntarget\n",
        [("Extra.Target", 2, 1)],
    ),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_inline_comments(linter, text, expected):
    assert found(linter, text) == expected


@pytest.mark.parametrize(
    "front_matter, expected",
    [
        ("postlint:\n  disable: [Probe.Target]\n", ["Extra.Target", "Probe.Goal"]),
        ("postlint: {disable: Probe}\n", ["Extra.Target"]),
        ("postlint: {disable: all}\n", []),
        ("postlint: off\n", []),
        ("title: unrelated\n", ["Extra.Target", "Probe.Target", "Probe.Goal"]),
    ],
)
def test_front_matter_disable(linter, front_matter, expected):
    text = f"---\n{front_matter}---\n\ntarget goal\n"
    line = text.count("\n", 0, text.index("target goal")) + 1
    columns = {"Extra.Target": 1, "Probe.Target": 1, "Probe.Goal": 8}
    assert found(linter, text) == [(rule, line, columns[rule]) for rule in expected]


def test_directives_work_in_html(linter):
    page = "<p>target</p>\n<!-- postlint-disable-next-line Probe -->\n<p>target goal</p>\n"
    assert found(linter, page, "page.html") == [
        ("Extra.Target", 1, 4),
        ("Probe.Target", 1, 4),
        ("Extra.Target", 3, 4),
    ]


@pytest.mark.parametrize(
    "example",
    [
        "```\n<!-- postlint-disable -->\n```\n",
        "    <!-- postlint-disable -->\n",
        "Use `<!-- postlint-disable -->`.\n",
    ],
    ids=["fenced code", "indented code", "inline code"],
)
def test_directive_shown_in_code_is_an_example_not_a_directive(linter, example):
    text = f"Intro.\n\n{example}\ntarget\n"
    line = text.count("\n", 0, text.index("target")) + 1
    assert found(linter, text) == [("Extra.Target", line, 1), ("Probe.Target", line, 1)]
