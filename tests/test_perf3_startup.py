"""Start-up work: patterncache.compile's flag test stays equivalent to re's."""

from __future__ import annotations

import re

import pytest

from postlint import patterncache


@pytest.mark.parametrize(
    "flags",
    [0, re.I, re.I | re.M, int(re.S | re.X), re.ASCII, re.UNICODE | re.VERBOSE],
)
def test_compile_matches_re_for_every_flag_form(flags: int) -> None:
    pattern = r"(?P<w>\w+)\s+ İ?ß?"
    ours = patterncache.compile(pattern, flags)
    theirs = re.compile(pattern, flags)
    assert ours.pattern == theirs.pattern
    assert ours.flags == theirs.flags
    text = "Straße  İstanbul abc  ß"
    assert [m.span() for m in ours.finditer(text)] == [m.span() for m in theirs.finditer(text)]


def test_debug_flag_goes_to_re_compile(capsys: pytest.CaptureFixture[str]) -> None:
    """re.DEBUG (given as the enum or as a plain int) prints the parse: never served from the store."""
    for flags in (re.DEBUG, int(re.DEBUG)):
        compiled = patterncache.compile("ab", flags)
        assert compiled.match("ab")
        assert "LITERAL" in capsys.readouterr().out
