"""Load YAML rule files into validated, compiled ``Rule`` objects.

A pack is a folder of ``*.yml`` files; a rule's id is ``Pack.RuleName``. Loading
never executes code: a rule is data for a kind, and kinds come from postlint or
from installed packages' ``postlint.kinds`` entry points.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import patterncache
from .errors import RuleError
from .kinds import get_kind
from .kinds.base import ALL_SCOPES, Kind, Param, ParamError
from .model import Finding, Fix, Level
from .yamlio import YamlLoadError, load_yaml

if TYPE_CHECKING:
    from .document import Document

#: Keys every rule may use, whatever its kind.
COMMON_KEYS = {
    "kind": Param("str", required=True, help="the engine that runs this rule"),
    "level": Param("str", "warning", choices=("error", "warning", "suggestion")),
    "message": Param("str", "", help="shown for each finding; {match} and kind placeholders"),
    "description": Param("str", "", help="what the rule checks and why"),
    "link": Param("str", "", help="a URL with more detail"),
    "scope": Param("str", None, help="where the rule looks: " + ", ".join(sorted(ALL_SCOPES))),
    "ignorecase": Param("bool", False, help="match case-insensitively"),
    "exceptions": Param("list[str]", [], help="matches to leave alone"),
    "skip_quotes": Param("bool", None, help="skip text in quotation marks and block quotes"),
    "example": Param("str", "", help="a sentence that triggers the rule, for `postlint explain`"),
}

RULE_NAME_RE = patterncache.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass
class Rule:
    """A validated rule, ready to run. ``state`` holds what the kind compiled."""

    id: str
    pack: str
    name: str
    kind: str
    level: Level
    message: str
    description: str = ""
    link: str = ""
    scope: str = "sentence"
    ignorecase: bool = False
    exceptions: list[str] = field(default_factory=list)
    skip_quotes: bool = True
    example: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    path: str = ""
    state: Any = None

    @property
    def engine(self) -> Kind:
        return get_kind(self.kind)

    def finding(
        self,
        doc: Document,
        start: int,
        end: int,
        message: str | None = None,
        *,
        fix: Fix | None = None,
        evidence: Iterable[str] = (),
        level: Level | None = None,
        **values: Any,
    ) -> Finding:
        """Build a finding at ``doc.source[start:end]`` with the message template filled in."""
        match = doc.source[start:end]
        template = message if message is not None else self.message
        placeholders = _Placeholders(values)  # a "match" the kind passes wins, as before
        placeholders.setdefault("match", match)
        # Positional: Finding(rule, kind, level, message, offset, end_offset, match, fix,
        # evidence), which dataclass __init__ binds faster than keywords (once a finding).
        return Finding(
            self.id,
            self.kind,
            level or self.level,
            _fill(template, placeholders),
            start,
            end,
            match,
            fix,
            list(evidence),
        )

    def with_overrides(self, overrides: dict[str, Any], origin: str) -> Rule:
        """A copy with config overrides (level, message, parameters) applied and re-validated."""
        raw = dict(self._raw())
        raw.update(overrides)
        return build_rule(raw, pack=self.pack, name=self.name, path=origin, key_lines={})

    def _raw(self) -> dict[str, Any]:
        out = {
            "kind": self.kind,
            "level": self.level.label,
            "message": self.message,
            "description": self.description,
            "link": self.link,
            "scope": self.scope,
            "ignorecase": self.ignorecase,
            "exceptions": list(self.exceptions),
            "skip_quotes": self.skip_quotes,
            "example": self.example,
        }
        out.update(self.params)
        return out


class _Placeholders(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def format_message(template: str, values: dict[str, Any]) -> str:
    """Fill ``{name}`` placeholders; unknown ones stay as written rather than crash."""
    return _fill(template, _Placeholders(values))


def _fill(template: str, placeholders: _Placeholders) -> str:
    try:
        return template.format_map(placeholders)
    except (ValueError, IndexError, AttributeError, KeyError):
        return template


# --- validation --------------------------------------------------------------


def _check_type(key: str, value: Any, param: Param) -> Any:
    t = param.type
    if t == "any":
        return value
    if t == "str":
        if not isinstance(value, str):
            raise ParamError(key, f"expected a string, got {_type_name(value)}")
    elif t == "bool":
        if not isinstance(value, bool):
            raise ParamError(key, f"expected true or false, got {_type_name(value)}")
    elif t == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParamError(key, f"expected an integer, got {_type_name(value)}")
    elif t in ("float", "number"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ParamError(key, f"expected a number, got {_type_name(value)}")
        value = float(value)
    elif t in ("list[str]", "list[regex]"):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            raise ParamError(key, f"expected a list of strings, got {_type_name(value)}")
        value = [str(v) for v in value]
        if t == "list[regex]":
            for v in value:
                _check_regex(key, v)
    elif t == "regex":
        if not isinstance(value, str):
            raise ParamError(key, f"expected a regular expression string, got {_type_name(value)}")
        _check_regex(key, value)
    elif t == "dict[str,str]":
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, (str, int, float)) for k, v in value.items()
        ):
            raise ParamError(
                key, f"expected a mapping of strings to strings, got {_type_name(value)}"
            )
        value = {k: str(v) for k, v in value.items()}
    elif t == "dict" and not isinstance(value, dict):
        raise ParamError(key, f"expected a mapping, got {_type_name(value)}")
    if param.choices is not None and value not in param.choices:
        raise ParamError(key, f"expected one of {', '.join(param.choices)}, got {value!r}")
    return value


def _check_regex(key: str, pattern: str) -> None:
    try:
        patterncache.compile(pattern)
    except re.error as exc:
        raise ParamError(key, f"invalid regular expression {pattern!r}: {exc}") from None


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), type(value).__name__
    )


def build_rule(raw: Any, *, pack: str, name: str, path: str, key_lines: dict[str, int]) -> Rule:
    """Validate a rule's raw mapping against its kind and compile it."""

    def fail(message: str, key: str | None = None) -> RuleError:
        return RuleError(path, message, key_lines.get(key) if key else None, key)

    if not isinstance(raw, dict):
        raise fail(f"expected a mapping of rule keys, got {_type_name(raw)}")
    kind_name = raw.get("kind")
    if not isinstance(kind_name, str):
        raise fail("missing or invalid; expected the name of a kind", "kind")
    try:
        kind = get_kind(kind_name)
    except KeyError as exc:
        raise fail(str(exc.args[0]), "kind") from None
    values: dict[str, Any] = {}
    params: dict[str, Any] = {}
    for key, value in raw.items():
        spec = COMMON_KEYS.get(key) or kind.params.get(key)
        if spec is None:
            allowed = sorted(set(COMMON_KEYS) | set(kind.params))
            raise fail(
                f"unknown key for kind '{kind_name}'; expected one of: {', '.join(allowed)}", key
            )
        try:
            checked = _check_type(key, value, spec) if value is not None else spec.default
        except ParamError as exc:
            raise fail(exc.expected, key) from None
        (values if key in COMMON_KEYS else params)[key] = checked
    for key, spec in kind.params.items():
        if key not in params:
            if spec.required:
                raise fail(f"missing required key '{key}' for kind '{kind_name}'")
            params[key] = spec.default
    scope = values.get("scope") or kind.default_scope
    if scope not in kind.scopes:
        raise fail(f"expected one of {', '.join(sorted(kind.scopes))}, got {scope!r}", "scope")
    skip_quotes = values.get("skip_quotes")
    rule = Rule(
        id=f"{pack}.{name}",
        pack=pack,
        name=name,
        kind=kind_name,
        level=Level.parse(values.get("level") or "warning"),
        message=values.get("message") or kind.description or f"{pack}.{name}",
        description=values.get("description") or "",
        link=values.get("link") or "",
        scope=scope,
        ignorecase=bool(values.get("ignorecase")),
        exceptions=list(values.get("exceptions") or []),
        skip_quotes=kind.skip_quotes_default if skip_quotes is None else skip_quotes,
        example=values.get("example") or "",
        params=params,
        path=path,
    )
    try:
        kind.validate(rule)
        rule.state = kind.prepare(rule)
    except ParamError as exc:
        raise fail(exc.expected, exc.key) from None
    return rule


def load_rule_file(path: Path, pack: str) -> Rule:
    name = path.stem
    if not RULE_NAME_RE.match(name):
        raise RuleError(
            str(path), "rule file names must start with a letter and use A-Z, 0-9, _ or -"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(str(path), f"cannot read rule file: {exc}") from None
    try:
        loaded = load_yaml(text, remember=True)
    except YamlLoadError as exc:
        raise RuleError(str(path), str(exc), exc.line) from None
    return build_rule(loaded.data, pack=pack, name=name, path=str(path), key_lines=loaded.key_lines)


def load_pack(folder: Path) -> list[Rule]:
    """Load every ``*.yml``/``*.yaml`` rule in a pack folder, sorted by name."""
    pack = folder.name
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())
    return [load_rule_file(p, pack) for p in files]


def shipped_packs_dir() -> Path:
    """Where the packs that ship with postlint live (installed wheel or source checkout)."""
    here = Path(__file__).resolve().parent
    installed = here / "packs"
    if installed.is_dir():
        return installed
    return here.parent / "rules"


def resolve_pack(name_or_path: str, search_dirs: Iterable[Path]) -> Path:
    """Find a pack by folder path, in the user's pack folders, then among the shipped packs."""
    candidate = Path(name_or_path)
    if candidate.is_dir() and any(candidate.glob("*.y*ml")):
        return candidate
    for base in [*search_dirs, shipped_packs_dir()]:
        folder = base / name_or_path
        if folder.is_dir():
            return folder
    raise KeyError(name_or_path)
