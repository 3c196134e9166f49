"""Run rules over documents and collect positioned findings.

The engine owns everything rules should not have to think about: choosing the
rules for a file (config, overrides, --select/--ignore), inline and front-matter
disabling, exceptions, skipping quoted text, the minimum level shown, turning
offsets into line/column, and keeping one bad file or rule from stopping a batch.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Config, ConfigResolver
from .document import Document, parse
from .errors import ConfigError, PostlintError, RuleError
from .inputs import expand_paths, read_file
from .kinds.patterns import RegexTimeout, regex_time_limit
from .model import FINDING_ORDER, FileResult, Finding, Level, RunResult
from .rules import Rule, load_pack, resolve_pack


@dataclass
class Selection:
    """``--select``/``--ignore``: rule ids, pack names or bare rule names."""

    select: Sequence[str] = ()
    ignore: Sequence[str] = ()

    def allows(self, rule: Rule) -> bool:
        if self.select and not any(matches_rule(n, rule) for n in self.select):
            return False
        return not any(matches_rule(n, rule) for n in self.ignore)


def matches_rule(name: str, rule: Rule) -> bool:
    n = name.strip().lower()
    return n in (rule.id.lower(), rule.pack.lower(), rule.name.lower(), "all", "*")


class RuleSetCache:
    """Packs are loaded and compiled once per run, whatever number of files use them."""

    def __init__(self) -> None:
        self._packs: dict[Path, list[Rule]] = {}
        self._sets: dict[tuple, list[Rule]] = {}

    def pack(self, folder: Path) -> list[Rule]:
        key = folder.resolve()
        if key not in self._packs:
            self._packs[key] = load_pack(key)
        return self._packs[key]

    def rules_for(self, config: Config, file_path: str, selection: Selection) -> list[Rule]:
        overrides = config.rule_overrides_for(file_path)
        key = (
            config.identity(),
            repr(sorted(overrides.items(), key=lambda kv: kv[0])),
            repr(selection),
        )
        if key not in self._sets:
            self._sets[key] = self._build(config, overrides, selection)
        return self._sets[key]

    def _build(self, config: Config, overrides: dict[str, Any], selection: Selection) -> list[Rule]:
        rules: list[Rule] = []
        for name in config.packs:
            try:
                folder = resolve_pack(name, [*config.pack_paths, config.root])
            except KeyError:
                where = config.path or "defaults"
                raise ConfigError(
                    f"{where}: pack '{name}' not found (looked in pack_paths and the shipped packs)"
                ) from None
            rules.extend(self.pack(folder))
        known = {r.id for r in rules}
        for rule_id in overrides:
            if (
                "." in rule_id
                and rule_id not in known
                and rule_id.split(".")[0] in {r.pack for r in rules}
            ):
                raise ConfigError(f"{config.path or 'config'}: rules: unknown rule '{rule_id}'")
        out = []
        for rule in rules:
            setting = overrides.get(rule.id)
            if setting == "off" or not selection.allows(rule):
                continue
            if isinstance(setting, dict) and setting:
                try:
                    rule = rule.with_overrides(
                        setting, origin=f"{config.path or 'config'} (rules.{rule.id})"
                    )
                except RuleError as exc:
                    raise ConfigError(str(exc)) from None
            out.append(rule)
        return out


class Suppressions:
    """Inline ``postlint-disable``/``enable``/``disable-next-line`` and front matter ``postlint:``."""

    def __init__(self, doc: Document):
        self.whole_file: list[str] = _front_matter_disables(doc.front_matter)
        self.next_line: dict[int, list[str]] = {}
        # (line where it starts, names or () for all, enabled?)
        self.events: list[tuple[int, tuple[str, ...], bool]] = []
        for d in doc.directives:
            if d.action == "disable-next-line":
                self.next_line.setdefault(_next_content_line(doc, d.end_line), []).extend(
                    d.rules or ["*"]
                )
            else:
                self.events.append((d.line, d.rules, d.action == "enable"))
        self.event_lines = [e[0] for e in self.events]
        #: False when the document disables nothing, so ``suppressed`` is False for
        #: every finding (each of its three tests looks at an empty collection).
        self.any = bool(self.whole_file or self.next_line or self.events)

    def suppressed(self, rule: Rule, line: int) -> bool:
        if any(matches_rule(n, rule) for n in self.whole_file):
            return True
        if any(matches_rule(n, rule) for n in self.next_line.get(line, ())):
            return True
        disabled = False
        for _line, names, enable in self.events[: bisect.bisect_right(self.event_lines, line)]:
            if not names or any(matches_rule(n, rule) for n in names):
                disabled = not enable
        return disabled


def _next_content_line(doc: Document, line: int) -> int:
    total = len(doc.line_starts)
    nxt = line + 1
    while nxt <= total and not doc.line_text(nxt).strip():
        nxt += 1
    return nxt


def _front_matter_disables(front_matter: dict[str, Any]) -> list[str]:
    settings = front_matter.get("postlint")
    if settings is False or settings == "off":
        return ["*"]
    if not isinstance(settings, dict):
        return []
    disable = settings.get("disable", [])
    if disable is True or disable == "all":
        return ["*"]
    if isinstance(disable, str):
        return [disable]
    return [str(x) for x in disable] if isinstance(disable, list) else []


@dataclass
class Linter:
    """Lints text and files. Build one per run: it caches packs, configs and compiled rules."""

    config: Config | None = None
    config_file: Path | None = None
    selection: Selection = field(default_factory=Selection)
    min_level: Level | None = None  # overrides the config's when set

    def __post_init__(self) -> None:
        self.resolver = ConfigResolver(self.config_file, defaults=self.config)
        if self.config is not None and self.config_file is None:
            self.resolver._explicit = self.config  # an explicit Config object applies to every file
        self.rulesets = RuleSetCache()
        server = self.config_for(None).languagetool.get("server")
        if server:
            from . import languagetool

            languagetool.set_default_server(str(server))

    def config_for(self, path: str | None) -> Config:
        return self.resolver.for_path(path)

    def rules_for(self, path: str) -> list[Rule]:
        return self.rulesets.rules_for(self.config_for(path), path, self.selection)

    # -- linting ----------------------------------------------------------------

    def lint_text(self, text: str, path: str = "<text>", format: str | None = None) -> FileResult:
        """Lint a string as if it were the file ``path`` (its extension picks the format)."""
        config = self.config_for(path if Path(path).exists() else None)
        rules = self.rulesets.rules_for(config, path, self.selection)
        return self._lint_document(text, path, format, rules, config)

    def lint_file(self, path: str) -> FileResult:
        config = self.config_for(path)
        read = read_file(path, config.max_file_size)
        if read.text is None:
            return FileResult(path, error=read.error)
        rules = self.rulesets.rules_for(config, path, self.selection)
        result = self._lint_document(read.text, path, None, rules, config)
        if read.error:
            result.error = read.error + (f"; {result.error}" if result.error else "")
        return result

    def lint_paths(self, paths: Iterable[str]) -> Iterator[FileResult]:
        """Lint files and folders (recursively, by extension) in a stable order, streaming results."""
        for path in expand_paths(paths, self.config_for(None).extensions):
            yield self.lint_file(path)

    def _lint_document(
        self, text: str, path: str, format: str | None, rules: list[Rule], config: Config
    ) -> FileResult:
        try:
            doc = parse(text, path, format)
        except RecursionError:
            return FileResult(path, error="document is nested too deeply to parse")
        result = FileResult(path)
        if doc.problems:
            result.error = "; ".join(doc.problems)
        result.metrics = base_metrics(doc)
        suppress = Suppressions(doc)
        min_level = self.min_level or config.min_level
        findings: list[Finding] = []
        for rule in rules:
            try:
                with regex_time_limit(config.regex_timeout):
                    produced = list(rule.engine.check(rule, doc))
                    result.metrics.update(rule.engine.metrics(rule, doc))
            except RegexTimeout:  # a user's pattern backtracks badly: skip the rule here only
                result.error = _join(
                    result.error,
                    f"{rule.id}: patterns ran past the {config.regex_timeout:g} s "
                    "limit (regex_timeout); rule skipped for this file",
                )
                continue
            except PostlintError as exc:
                if isinstance(exc, ConfigError):
                    raise
                result.error = _join(result.error, f"{rule.id}: {exc}")
                continue
            except Exception as exc:  # a kind's bug must not stop the batch
                result.error = _join(result.error, f"{rule.id} failed: {type(exc).__name__}: {exc}")
                continue
            if produced:
                findings += _kept(produced, rule, doc, min_level)
        line_col = doc.line_col
        for finding in findings:
            # A message quoting a multi-line span (a setext heading) must stay one line:
            # the line, GitHub and text formats print one finding per line.
            if not finding.message.isprintable():  # else it holds no line break: one line
                finding.message = _one_line(finding.message)
            finding.line, finding.column = line_col(finding.offset)
            finding.end_line, finding.end_column = line_col(finding.end_offset)
        findings.sort(key=FINDING_ORDER)
        if suppress.any:
            by_id = {r.id: r for r in rules}
            findings = [f for f in findings if not suppress.suppressed(by_id[f.rule], f.line)]
        result.findings = findings
        return result

    def lint(self, paths: Iterable[str]) -> RunResult:
        return RunResult(list(self.lint_paths(paths)))


def _kept(produced: list[Finding], rule: Rule, doc: Document, min_level: Level) -> list[Finding]:
    """The findings of ``rule`` that are shown: at ``min_level`` or above, not one of the
    rule's exceptions (compared case-insensitively when the rule ignores case), and
    outside quotations when the rule skips them; in the order produced.

    Three list filters, one per test, instead of one call per finding; the rule's
    exceptions become a set once per rule and document instead of being lower-cased
    again for every finding (exceptions and matches are strings: a set holds an
    equal string exactly when ``any`` finds one).
    """
    kept = [f for f in produced if f.level >= min_level]
    if rule.exceptions and kept:
        if rule.ignorecase:
            exceptions = {e.lower() for e in rule.exceptions}
            kept = [f for f in kept if f.match.lower() not in exceptions]
        else:
            exceptions = set(rule.exceptions)
            kept = [f for f in kept if f.match not in exceptions]
    if rule.skip_quotes and kept:
        in_quote = doc.in_quote
        kept = [f for f in kept if not in_quote(f.offset, f.end_offset)]
    return kept


#: The youngest generation is collected after this many new objects instead of 700
#: in the processes a batch runs in: linting allocates many short-lived containers
#: and few cycles, and collecting less often cut the CPU of a run by about 3 %.
BATCH_GC_THRESHOLD = 10_000


@contextlib.contextmanager
def batch_gc() -> Iterator[None]:
    """Collect garbage less often while linting a batch; the old thresholds come back after."""
    old = gc.get_threshold()
    gc.set_threshold(BATCH_GC_THRESHOLD, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _one_line(message: str) -> str:
    return " ".join(message.splitlines())


def _join(a: str | None, b: str) -> str:
    return f"{a}; {b}" if a else b


def base_metrics(doc: Document) -> dict[str, Any]:
    return {
        "words": len(doc.words),
        "sentences": len(doc.sentences),
        "paragraphs": sum(1 for b in doc.blocks if b.kind == "paragraph"),
    }
