"""The ``grammar`` kind: grammar and spelling from a LanguageTool server.

What is sent: the prose view only, block by block (headings, paragraphs, table
cells), blocks joined by blank lines. Blanked markup must not look like prose
mistakes, so each run of blanks is rebuilt the way a reader sees it:

- a run whose source holds no whitespace (nor ``<br>`` or ``&nbsp;``) is dropped:
  ``**``, ``</b>``, ``](url)``, entity padding; ``**bold**text`` reads ``boldtext``;
- a run that holds markup and is followed by closing punctuation is dropped too:
  ``the value `x`.`` reads ``the value.``, not ``the value .``;
- any other run becomes one space (line breaks inside a paragraph included).

Every sent character keeps its source offset, so each LanguageTool match maps
back to the exact span of the original file.

Levels: LanguageTool's issue type, then its category, picks a level (the rule's
``levels`` parameter can override it by rule id, category id or issue type):

- ``grammar`` issues and the GRAMMAR category -> error;
- misspellings (TYPOS), typography, punctuation, whitespace, casing, duplication and
  everything not listed -> warning;
- style, register, locale and redundancy (STYLE, REDUNDANCY, PLAIN_ENGLISH,
  COLLOQUIALISMS, REPETITIONS_STYLE, ...) -> suggestion.

The rule's own ``level`` caps the result: the shipped ``Postlint.Grammar`` is a
warning, so LanguageTool alone never fails a run unless a project raises the rule
to ``error``. The first replacement becomes the fix, when the matched source span
holds no markup (replacing it would otherwise delete the markup).

No server: one notice per run and no findings, unless ``required: true``, which
makes it a configuration error. A server failing on one file raises
``LanguageToolError`` for that file; the engine records it and goes on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from .. import languagetool as lt
from .. import patterncache
from ..errors import ConfigError
from ..model import Finding, Fix, Level
from ..notices import notice_once
from .base import Kind, Param, ParamError

if TYPE_CHECKING:
    from ..document import Document
    from ..rules import Rule

NOTICE_KEY = "languagetool-unavailable"

_ISSUE_LEVELS = {
    "grammar": Level.ERROR,
    "misspelling": Level.WARNING,
    "typographical": Level.WARNING,
    "whitespace": Level.WARNING,
    "duplication": Level.WARNING,
    "style": Level.SUGGESTION,
    "register": Level.SUGGESTION,
    "locale-violation": Level.SUGGESTION,
    "inconsistency": Level.SUGGESTION,
    "terminology": Level.SUGGESTION,
}
_CATEGORY_LEVELS = {
    "GRAMMAR": Level.ERROR,
    "STYLE": Level.SUGGESTION,
    "REDUNDANCY": Level.SUGGESTION,
    "PLAIN_ENGLISH": Level.SUGGESTION,
    "COLLOQUIALISMS": Level.SUGGESTION,
    "REPETITIONS_STYLE": Level.SUGGESTION,
    "REGIONALISMS": Level.SUGGESTION,
    "GENDER_NEUTRALITY": Level.SUGGESTION,
    "WIKIPEDIA": Level.SUGGESTION,
}
_SPELLING_RULE = patterncache.compile(r"MORFOLOGIK|HUNSPELL|SPELL", re.IGNORECASE)
_BLANKS = patterncache.compile(r"\s+")
#: Markup that a reader sees as a space: whitespace itself, a line break tag, a space entity.
_SPACE_LIKE = patterncache.compile(
    r"\s|<br\b[^>]*>|&(?:nbsp|ensp|emsp|thinsp|#32|#160|#x20|#xa0);", re.IGNORECASE
)
_CLOSING = frozenset(".,;:!?)]}")
_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class GrammarState:
    """What ``prepare`` compiled: the accepted words, exact and case-folded."""

    vocabulary: frozenset[str]
    vocabulary_folded: frozenset[str]
    levels: dict[str, Level]


@dataclass
class RequestText:
    """The text sent to LanguageTool and, per sent character, its source span."""

    text: str
    starts: list[int]
    ends: list[int]

    def source_span(self, offset: int, length: int) -> tuple[int, int]:
        """Map a match in ``text`` back to ``(start, end)`` in the source."""
        if not self.starts:
            return (0, 0)
        last = len(self.starts) - 1
        start = self.starts[min(offset, last)]
        if length <= 0:
            return (start, start)
        return (start, self.ends[min(offset + length - 1, last)])


class GrammarKind(Kind):
    name: ClassVar[str] = "grammar"
    description: ClassVar[str] = "grammar and spelling issues found by LanguageTool"
    scopes: ClassVar[frozenset[str]] = frozenset({"document"})
    default_scope: ClassVar[str] = "document"
    skip_quotes_default: ClassVar[bool] = False
    params: ClassVar[dict[str, Param]] = {
        "language": Param("str", lt.DEFAULT_LANGUAGE, help="LanguageTool language code"),
        "server": Param("str", None, help=f"server URL; else config, ${lt.ENV_VAR}, local install"),
        "enable": Param("list[str]", [], help="LanguageTool rule ids to turn on"),
        "disable": Param("list[str]", [], help="LanguageTool rule ids to turn off"),
        "enable_categories": Param("list[str]", [], help="LanguageTool category ids to turn on"),
        "disable_categories": Param("list[str]", [], help="LanguageTool category ids to turn off"),
        "vocabulary": Param(
            "str", None, help="file of accepted words, one per line (relative to the rule file)"
        ),
        "levels": Param(
            "dict[str,str]", {}, help="level per LanguageTool rule id, category id or issue type"
        ),
        "required": Param("bool", False, help="a missing server is a configuration error"),
        "max_request_chars": Param(
            "int", lt.DEFAULT_MAX_REQUEST_CHARS, help="longest request sent"
        ),
        "timeout": Param("number", lt.DEFAULT_TIMEOUT, help="seconds to wait for each request"),
    }

    def validate(self, rule: Rule) -> None:
        if rule.params["max_request_chars"] < 1000:
            raise ParamError("max_request_chars", "expected at least 1000")
        if rule.params["timeout"] <= 0:
            raise ParamError("timeout", "expected a positive number of seconds")
        _parse_levels(rule.params["levels"] or {})

    def prepare(self, rule: Rule) -> GrammarState:
        """Load the vocabulary once; with ``required: true`` insist on a server now (exit 2)."""
        words = _load_vocabulary(rule)
        if rule.params["required"] and self._client(rule) is None:
            raise ConfigError(_required_message(rule))
        return GrammarState(
            vocabulary=frozenset(words),
            vocabulary_folded=frozenset(w.casefold() for w in words if w == w.lower()),
            levels=_parse_levels(rule.params["levels"] or {}),
        )

    def check(self, rule: Rule, doc: Document) -> Iterable[Finding]:
        client = self._client(rule)
        if client is None:
            if rule.params["required"]:
                raise ConfigError(_required_message(rule))
            notice_once(NOTICE_KEY, lt.unavailable_message())
            return []
        request = build_request_text(doc, skip_quotes=rule.skip_quotes)
        if not request.text.strip():
            return []
        p = rule.params
        matches = client.check(
            request.text,
            p["language"],
            p["enable"],
            p["disable"],
            p["enable_categories"],
            p["disable_categories"],
            timeout=p["timeout"],
            max_request_chars=p["max_request_chars"],
        )
        state = rule.state or self.prepare(rule)
        return list(self._findings(rule, doc, request, matches, state))

    def _client(self, rule: Rule) -> lt.LanguageToolClient | None:
        p = rule.params
        return lt.get_client(
            p["server"], timeout=p["timeout"], max_request_chars=p["max_request_chars"]
        )

    def _findings(
        self,
        rule: Rule,
        doc: Document,
        request: RequestText,
        matches: list[lt.LTMatch],
        state: GrammarState,
    ) -> Iterator[Finding]:
        template = "{lt_message}" if rule.message == self.description else rule.message
        for m in matches:
            sent = request.text[m.offset : m.offset + m.length]
            if sent in rule.exceptions or _accepted(m, sent, state):
                continue
            start, end = request.source_span(m.offset, m.length)
            yield rule.finding(
                doc,
                start,
                end,
                template,
                fix=_fix(m, sent, doc.source[start:end]),
                evidence=[f"LanguageTool {m.rule_id} ({m.category_id}/{m.issue_type})"],
                level=min(level_for(m, state.levels), rule.level),
                lt_message=m.message,
                lt_rule=m.rule_id,
                lt_category=m.category_id,
                lt_issue_type=m.issue_type,
                replacements=", ".join(m.replacements[:5]),
            )


# --- building the request text ----------------------------------------------------


def build_request_text(doc: Document, *, skip_quotes: bool = False) -> RequestText:
    """The prose of every block, as a reader sees it, with a source offset per character."""
    text: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for block in doc.blocks:
        if skip_quotes and block.in_quote:
            continue
        piece, piece_starts = _collapse(doc.source, doc.prose, block.start, block.end)
        if not piece:
            continue
        if text:
            end = ends[-1]
            text.append(_SEPARATOR)
            starts.extend([end] * len(_SEPARATOR))
            ends.extend([end] * len(_SEPARATOR))
        text.append(piece)
        starts.extend(piece_starts)
        ends.extend(s + 1 for s in piece_starts)
    return RequestText("".join(text), starts, ends)


def _collapse(source: str, prose: str, start: int, end: int) -> tuple[str, list[int]]:
    """One block's prose with blank runs rebuilt (see the module docstring)."""
    out: list[str] = []
    offsets: list[int] = []
    pos = start
    for m in _BLANKS.finditer(prose, start, end):
        out.append(prose[pos : m.start()])
        offsets.extend(range(pos, m.start()))
        pos = m.end()
        space = _space_for(source, m.start(), m.end(), start, end, prose)
        if space is not None:
            out.append(" ")
            offsets.append(space)
    out.append(prose[pos:end])
    offsets.extend(range(pos, end))
    return "".join(out), offsets


def _space_for(source: str, a: int, b: int, start: int, end: int, prose: str) -> int | None:
    """Source offset of the single space a blank run stands for, or None to drop the run."""
    if a == start or b == end:
        return None
    raw = source[a:b]
    space = _SPACE_LIKE.search(raw)
    if space is None:
        return None
    has_markup = any(not ch.isspace() for ch in raw)
    if has_markup and prose[b] in _CLOSING:
        return None
    return a + space.start()


# --- matches to findings ----------------------------------------------------------


def level_for(match: lt.LTMatch, overrides: dict[str, Level]) -> Level:
    """The postlint level of a LanguageTool match (before the rule's level caps it)."""
    for key in (match.rule_id, match.category_id, match.issue_type):
        if key in overrides:
            return overrides[key]
    if match.issue_type in _ISSUE_LEVELS:
        return _ISSUE_LEVELS[match.issue_type]
    return _CATEGORY_LEVELS.get(match.category_id, Level.WARNING)


def is_spelling(match: lt.LTMatch) -> bool:
    return match.category_id == "TYPOS" or bool(_SPELLING_RULE.search(match.rule_id))


def _accepted(match: lt.LTMatch, sent: str, state: GrammarState) -> bool:
    if not state.vocabulary or not is_spelling(match):
        return False
    return sent in state.vocabulary or sent.casefold() in state.vocabulary_folded


def _fix(match: lt.LTMatch, sent: str, source_span: str) -> Fix | None:
    """The first replacement, only where the source span is exactly the text LanguageTool saw."""
    if not match.replacements or sent != source_span:
        return None
    first = match.replacements[0]
    return Fix(first, f"replace with '{first}'")


# --- parameters -----------------------------------------------------------------


def _parse_levels(raw: dict[str, str]) -> dict[str, Level]:
    out: dict[str, Level] = {}
    for key, value in raw.items():
        try:
            out[key] = Level.parse(value)
        except ValueError:
            raise ParamError(
                "levels", f"{key}: expected error, warning or suggestion, got {value!r}"
            ) from None
    return out


def _load_vocabulary(rule: Rule) -> list[str]:
    """Accepted words from the ``vocabulary`` file (``#`` starts a comment line)."""
    name = rule.params["vocabulary"]
    if not name:
        return []
    path = Path(name).expanduser()
    if not path.is_absolute() and rule.path:
        path = Path(rule.path).parent / path
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ParamError("vocabulary", f"cannot read vocabulary file {path}: {exc}") from None
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def _required_message(rule: Rule) -> str:
    return (
        f"{rule.id}: 'required: true' but no LanguageTool server answered; set "
        f"{lt.ENV_VAR}, `languagetool: {{server: URL}}` in the config, or the rule's 'server'"
    )
