"""``readtime``: estimate the read time and check a declared one against it.

The estimate itself lives in :mod:`postlint.readtime` so reports can reuse it;
this kind turns the rule's parameters into settings, flags declarations that are
off by more than the tolerance (at the declaration, with a fix for the number)
and publishes the JSON metrics ``read_time_minutes``, ``read_time_display`` and
``declared_read_time_minutes``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .. import patterncache
from ..model import Fix
from ..readtime import (
    DEFAULT_FRONT_MATTER_KEYS,
    Declaration,
    ReadTimeEstimate,
    ReadTimeSettings,
    estimate_read_time,
    find_declarations,
)
from .base import Kind, Param, ParamError

if TYPE_CHECKING:
    from ..document import Document
    from ..model import Finding
    from ..rules import Rule

_RATE_PARAMS = ("words_per_minute", "cjk_chars_per_minute", "image_first_seconds")


def _number(value: float) -> int | float:
    """5.0 -> 5 so messages and JSON show whole minutes as integers."""
    return int(value) if float(value).is_integer() else value


class ReadTimeKind(Kind):
    name = "readtime"
    description = (
        "Declared read time is {declared} min, but the text reads in about {estimate} min."
    )
    scopes = frozenset({"document"})
    default_scope = "document"
    skip_quotes_default = False
    params = {
        "words_per_minute": Param("number", 238.0, help="prose reading rate"),
        "cjk_chars_per_minute": Param("number", 500.0, help="rate for CJK characters"),
        "images": Param("bool", True, help="add Medium-style time for images"),
        "image_first_seconds": Param("number", 12.0, help="seconds for the first image"),
        "image_step_seconds": Param("number", 1.0, help="seconds less for each next image"),
        "image_min_seconds": Param("number", 3.0, help="never less than this per image"),
        "code_lines_per_minute": Param(
            "number", 30.0, help="rate for non-blank code lines; 0 leaves code out"
        ),
        "front_matter_keys": Param(
            "list[str]", list(DEFAULT_FRONT_MATTER_KEYS), help="front matter keys to read"
        ),
        "tolerance_minutes": Param(
            "number", 1.0, help="flag only when off by more than this many minutes"
        ),
        "tolerance_ratio": Param(
            "number", 0.2, help="...and by more than this fraction of the estimate"
        ),
        "require_declared": Param("bool", False, help="flag a document that declares none"),
        "check_all_declarations": Param(
            "bool",
            False,
            help="check every declaration, not only front matter and the first in the text",
        ),
        "missing_message": Param(
            "str",
            "No read time declared; the text reads in about {estimate} min.",
            help="message when require_declared finds no declaration",
        ),
    }

    def validate(self, rule: Rule) -> None:
        for key in _RATE_PARAMS:
            if rule.params[key] <= 0:
                raise ParamError(key, "expected a number greater than 0")
        for key in ("code_lines_per_minute", "tolerance_minutes", "tolerance_ratio"):
            if rule.params[key] < 0:
                raise ParamError(key, "expected a number of 0 or more")

    def prepare(self, rule: Rule) -> ReadTimeSettings:
        p = rule.params
        return ReadTimeSettings(
            words_per_minute=p["words_per_minute"],
            cjk_chars_per_minute=p["cjk_chars_per_minute"],
            images=p["images"],
            image_first_seconds=p["image_first_seconds"],
            image_step_seconds=p["image_step_seconds"],
            image_min_seconds=p["image_min_seconds"],
            code_lines_per_minute=p["code_lines_per_minute"],
        )

    # -- shared per document -------------------------------------------------

    def _analyse(self, rule: Rule, doc: Document) -> tuple[list[Declaration], ReadTimeEstimate]:
        """Declarations and estimate for this rule's settings, computed once per document."""
        key = ("readtime", rule.id)
        cached = doc.cache.get(key)
        if cached is None:
            declarations = find_declarations(doc, rule.params["front_matter_keys"])
            spans = [(d.start, d.end) for d in declarations if d.origin == "text"]
            cached = (declarations, estimate_read_time(doc, rule.state, spans))
            doc.cache[key] = cached
        return cached

    # -- findings ----------------------------------------------------------------

    def check(self, rule: Rule, doc: Document) -> Iterator[Finding]:
        declarations, estimate = self._analyse(rule, doc)
        if not declarations and rule.params["require_declared"]:
            first_line_end = len(doc.line_text(1)) if doc.source else 0
            yield rule.finding(
                doc,
                0,
                first_line_end,
                rule.params["missing_message"],
                evidence=_evidence(estimate, rule.state),
                estimate=_number(estimate.display),
            )
        for declaration in _describing_the_post(
            declarations, rule.params["check_all_declarations"]
        ):
            if _outside_tolerance(declaration.minutes, estimate, rule.params):
                yield self._mismatch(rule, doc, declaration, estimate)

    def _mismatch(
        self, rule: Rule, doc: Document, declaration: Declaration, estimate: ReadTimeEstimate
    ) -> Finding:
        replacement = _replace_number(doc, declaration, estimate.display)
        return rule.finding(
            doc,
            declaration.start,
            declaration.end,
            fix=Fix(replacement, f"declare {estimate.display} min"),
            evidence=[f"declared in {declaration.origin}", *_evidence(estimate, rule.state)],
            declared=_number(declaration.minutes),
            estimate=estimate.display,
            minutes=estimate.minutes,
        )

    def metrics(self, rule: Rule, doc: Document) -> dict[str, Any]:
        declarations, estimate = self._analyse(rule, doc)
        return {
            "read_time_minutes": estimate.minutes,
            "read_time_display": estimate.display,
            "declared_read_time_minutes": _number(declarations[0].minutes)
            if declarations
            else None,
        }


def _describing_the_post(declarations: list[Declaration], check_all: bool) -> list[Declaration]:
    """The declarations that speak for this post: front matter and the first one in the text.

    Pages pasted from the web carry "related articles" cards further down, each with
    its own "4 min read"; those describe other posts and must not be checked against
    this one.
    """
    if check_all:
        return declarations
    text = [d for d in declarations if d.origin == "text"]
    return [d for d in declarations if d.origin != "text"] + text[:1]


def _outside_tolerance(declared: float, estimate: ReadTimeEstimate, params: dict) -> bool:
    """Both tolerances must be exceeded: a short post may be 1 min off, a long one 20 %."""
    actual = estimate.seconds / 60
    off = abs(declared - actual)
    return off > params["tolerance_minutes"] and off > params["tolerance_ratio"] * actual


def _evidence(estimate: ReadTimeEstimate, settings: ReadTimeSettings) -> list[str]:
    """One line per part of the estimate that contributed, so the number can be checked."""
    parts = [
        f"{estimate.words} words at {_number(settings.words_per_minute)}/min"
        f" = {estimate.word_seconds / 60:.1f} min"
    ]
    if estimate.cjk_chars:
        parts.append(
            f"{estimate.cjk_chars} CJK characters at {_number(settings.cjk_chars_per_minute)}/min"
            f" = {estimate.cjk_seconds / 60:.1f} min"
        )
    if estimate.images:
        parts.append(f"{estimate.images} images = {estimate.image_seconds:.0f} s")
    if estimate.code_lines:
        parts.append(
            f"{estimate.code_lines} code lines at {_number(settings.code_lines_per_minute)}/min"
            f" = {estimate.code_seconds / 60:.1f} min"
        )
    return parts


_SUFFIX_FORM_RE = patterncache.compile(r"read(?:ing)?$", re.IGNORECASE)
_UNIT_RE = patterncache.compile(r"\b(minute|min)(s?)\b", re.IGNORECASE)


def _replace_number(doc: Document, declaration: Declaration, minutes: int) -> str:
    """The declaration's text with the estimate in place of its number.

    In "Reading time: 1 minute" the unit agrees with the new number; in the
    suffix forms ("5-minute read", "5 minutes read") it is left as written.
    """
    text = doc.source[declaration.start : declaration.end]
    a = declaration.number_start - declaration.start
    b = declaration.number_end - declaration.start
    head, tail = text[:a] + str(minutes), text[b:]
    if not _SUFFIX_FORM_RE.search(text):
        tail = _UNIT_RE.sub(lambda m: _agree(m, minutes), tail, count=1)
    return head + tail


def _agree(m: re.Match[str], minutes: int) -> str:
    """Singular unit for 1, plural otherwise; "min" abbreviations are left as written."""
    word = m.group(1)
    if word.lower() != "minute":
        return m.group()
    return word if minutes == 1 else word + "s"
