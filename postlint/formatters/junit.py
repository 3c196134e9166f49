"""JUnit XML: one test suite, one test case per file.

A file with findings is a failed test case whose ``<failure>`` lists them, one a
line (``line:column: level Rule.Id message``); a file that could not be linted
gets an ``<error>``; a clean file passes. Times are always 0 so that the output
is the same bytes for the same input.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..baseline import relative_path
from ..model import FileResult, Finding, Level, RunResult

if TYPE_CHECKING:
    from ..rules import Rule

# characters XML 1.0 cannot hold, even escaped
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _summary(file: FileResult) -> str:
    parts = [
        _plural(file.count(level), level.label)
        for level in (Level.ERROR, Level.WARNING, Level.SUGGESTION)
        if file.count(level)
    ]
    return f"{_plural(len(file.findings), 'finding')}: {', '.join(parts)}"


def _line(f: Finding, path: str) -> str:
    text = f"{path}:{f.line}:{f.column}: {f.level.label} {f.rule} {f.message}"
    if f.evidence:
        text += f" [{'; '.join(f.evidence)}]"
    return text


def build(run: RunResult, *, root: str = ".") -> ET.Element:
    files = sorted(run.files, key=lambda r: relative_path(r.path, root))
    failures = sum(1 for r in files if r.findings)
    errors = sum(1 for r in files if r.error)
    counts = {
        "tests": str(len(files)),
        "failures": str(failures),
        "errors": str(errors),
        "skipped": "0",
        "time": "0",
    }
    suites = ET.Element("testsuites", {"name": "postlint", **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": "postlint", **counts})
    for file in files:
        path = xml_safe(relative_path(file.path, root))
        case = ET.SubElement(
            suite, "testcase", {"classname": "postlint", "name": path, "file": path, "time": "0"}
        )
        if file.findings:
            worst = file.worst()
            failure = ET.SubElement(
                case,
                "failure",
                {"message": _summary(file), "type": worst.label if worst else "finding"},
            )
            lines = [_line(f, path) for f in sorted(file.findings, key=Finding.sort_key)]
            failure.text = xml_safe("\n".join(lines))
        if file.error:
            error = ET.SubElement(
                case, "error", {"message": xml_safe(file.error), "type": "FileError"}
            )
            error.text = xml_safe(file.error)
    return suites


def render(run: RunResult, rules: Sequence[Rule], *, root: str = ".") -> str:
    """The JUnit XML document, UTF-8, with an XML declaration and a final newline."""
    tree = build(run, root=root)
    ET.indent(tree)
    body = ET.tostring(tree, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
