"""Checkstyle XML, read by Jenkins, reviewdog, GitLab and many CI dashboards.

``<file name="…">`` per linted file (clean files included, so a dashboard can
count them), ``<error line column severity message source>`` per finding with
severity ``error``/``warning``/``info`` (suggestion → info) and ``source`` the
rule id. A file that could not be linted gets an ``error`` with source
``postlint.FileError`` and no position.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..baseline import relative_path
from ..model import Finding, Level, RunResult
from .junit import xml_safe

if TYPE_CHECKING:
    from ..rules import Rule

SEVERITIES = {Level.ERROR: "error", Level.WARNING: "warning", Level.SUGGESTION: "info"}


def build(run: RunResult, *, root: str = ".") -> ET.Element:
    top = ET.Element("checkstyle", {"version": "4.3"})
    for file in sorted(run.files, key=lambda r: relative_path(r.path, root)):
        node = ET.SubElement(top, "file", {"name": xml_safe(relative_path(file.path, root))})
        if file.error:
            ET.SubElement(
                node,
                "error",
                {
                    "severity": "error",
                    "message": xml_safe(file.error),
                    "source": "postlint.FileError",
                },
            )
        for f in sorted(file.findings, key=Finding.sort_key):
            ET.SubElement(
                node,
                "error",
                {
                    "line": str(f.line),
                    "column": str(f.column),
                    "severity": SEVERITIES[f.level],
                    "message": xml_safe(f.message or f.rule),
                    "source": f.rule,
                },
            )
    return top


def render(run: RunResult, rules: Sequence[Rule], *, root: str = ".") -> str:
    """The checkstyle XML document with an XML declaration and a final newline."""
    tree = build(run, root=root)
    ET.indent(tree)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tree, encoding="unicode") + "\n"
