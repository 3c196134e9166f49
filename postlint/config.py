"""Find, read and validate configuration.

Where it comes from, highest precedence first: ``--config FILE``; the nearest
``.postlint.yml``/``.postlint.yaml`` (or a ``pyproject.toml`` with
``[tool.postlint]``) found by walking up from each linted file; built-in
defaults. The nearest file wins as a whole (files are not merged up the tree),
which keeps "which settings apply here?" answerable by looking at one file.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .model import Level
from .yamlio import YamlLoadError, load_yaml

CONFIG_NAMES = (".postlint.yml", ".postlint.yaml")
DEFAULT_PACKS = ("Postlint", "Style")

_TOP_KEYS = {
    "packs": "a list of pack names or folders",
    "pack_paths": "a list of folders holding your own packs",
    "rules": "a mapping of rule id to 'off', a level, or a mapping of overrides",
    "overrides": "a list of {files: [globs], rules: {...}}",
    "min_level": "error, warning or suggestion",
    "fail_on": "error, warning, suggestion or none",
    "languagetool": "a mapping, e.g. {server: http://localhost:8081}",
    "max_file_size": "a size in bytes",
    "regex_timeout": "seconds a rule's patterns may run on one file (a positive number)",
    "extensions": "a list of file extensions to lint in folders",
}


@dataclass
class Config:
    """Effective settings for one linted file (or a whole run with ``--config``)."""

    path: Path | None = None  # the file it came from, if any
    root: Path = field(default_factory=Path.cwd)
    packs: list[str] = field(default_factory=lambda: list(DEFAULT_PACKS))
    pack_paths: list[Path] = field(default_factory=list)
    rules: dict[str, Any] = field(default_factory=dict)
    overrides: list[dict[str, Any]] = field(default_factory=list)
    min_level: Level = Level.SUGGESTION
    fail_on: Level | None = Level.ERROR
    languagetool: dict[str, Any] = field(default_factory=dict)
    max_file_size: int = 20_000_000
    #: Time budget for one rule's regex scans over one file; bounds catastrophic user patterns.
    regex_timeout: float = 2.0
    extensions: list[str] | None = None

    def rule_overrides_for(self, file_path: str) -> dict[str, Any]:
        """Per-rule overrides, with per-glob sections applied in order for this file."""
        merged = dict(self.rules)
        if not self.overrides:  # the common case: no per-glob sections, no path to resolve
            return merged
        rel = _relative(file_path, self.root)
        for section in self.overrides:
            if any(
                fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(Path(rel).name, g)
                for g in section["files"]
            ):
                merged.update(section.get("rules", {}))
        return merged

    def identity(self) -> str:
        return str(self.path) if self.path else "<defaults>"


def _relative(file_path: str, root: Path) -> str:
    try:
        return Path(file_path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(file_path).as_posix()


def parse_level(value: Any, key: str, where: str, allow_none: bool = False) -> Level | None:
    if allow_none and (value is None or value is False or str(value).lower() == "none"):
        return None
    try:
        return Level.parse(str(value))
    except ValueError:
        expected = "error, warning, suggestion" + (" or none" if allow_none else "")
        raise ConfigError(f"{where}: key '{key}': expected {expected}, got {value!r}") from None


def config_from_mapping(
    data: Any, path: Path | None, key_lines: dict[str, int] | None = None
) -> Config:
    """Validate a raw config mapping (from YAML, TOML or Python) into a Config."""
    where = str(path) if path else "config"
    lines = key_lines or {}

    def fail(key: str, expected: str) -> ConfigError:
        line = lines.get(key)
        at = f"{where}:{line}" if line else where
        return ConfigError(f"{at}: key '{key}': expected {expected}")

    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping of settings")
    for key in data:
        if key not in _TOP_KEYS:
            raise fail(key, "one of " + ", ".join(sorted(_TOP_KEYS)) + " (unknown key)")
    base = Path(os.path.normpath((path.parent if path else Path.cwd()).absolute()))
    cfg = Config(path=path, root=base)
    if "packs" in data:
        if not _is_str_list(data["packs"]):
            raise fail("packs", _TOP_KEYS["packs"])
        root = project_root(base)
        cfg.packs = [
            str(_inside(base, root, p, "packs", fail)) if _is_path(p) else p for p in data["packs"]
        ]
    if "pack_paths" in data:
        if not _is_str_list(data["pack_paths"]):
            raise fail("pack_paths", _TOP_KEYS["pack_paths"])
        root = project_root(base)
        cfg.pack_paths = [_inside(base, root, p, "pack_paths", fail) for p in data["pack_paths"]]
    if "rules" in data:
        cfg.rules = _validate_rule_settings(data["rules"], fail)
    if "overrides" in data:
        cfg.overrides = _validate_overrides(data["overrides"], fail)
    if "min_level" in data:
        cfg.min_level = parse_level(data["min_level"], "min_level", where)  # type: ignore[assignment]
    if "fail_on" in data:
        cfg.fail_on = parse_level(data["fail_on"], "fail_on", where, allow_none=True)
    if "languagetool" in data:
        if not isinstance(data["languagetool"], dict):
            raise fail("languagetool", _TOP_KEYS["languagetool"])
        cfg.languagetool = dict(data["languagetool"])
    if "max_file_size" in data:
        if not isinstance(data["max_file_size"], int) or data["max_file_size"] <= 0:
            raise fail("max_file_size", _TOP_KEYS["max_file_size"])
        cfg.max_file_size = data["max_file_size"]
    if "regex_timeout" in data:
        value = data["regex_timeout"]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise fail("regex_timeout", _TOP_KEYS["regex_timeout"])
        cfg.regex_timeout = float(value)
    if "extensions" in data:
        if not _is_str_list(data["extensions"]):
            raise fail("extensions", _TOP_KEYS["extensions"])
        cfg.extensions = [e if e.startswith(".") else "." + e for e in data["extensions"]]
    return cfg


def _is_path(pack: str) -> bool:
    """A pack given as a folder path ("styles/House", "./House", "../x") rather than a name."""
    return pack.startswith(".") or "/" in pack or "\\" in pack or Path(pack).is_absolute()


def project_root(folder: Path) -> Path:
    """The outermost folder at or above ``folder`` holding ``.git`` or a postlint config.

    A nested config (docs/.postlint.yml) may then name the project's shared packs
    ("../styles"), but nothing above the project.
    """
    root = folder
    for candidate in [folder, *folder.parents]:
        if (candidate / ".git").exists() or any((candidate / n).is_file() for n in CONFIG_NAMES):
            root = candidate
    return root


def _inside(base: Path, root: Path, raw: str, key: str, fail) -> Path:
    """Resolve a folder named in a config against the config's folder, inside the project.

    A config that comes with a repository must not make postlint read elsewhere on
    the machine, so a relative path that climbs out of the project (``project_root``)
    is refused. The check is on the text of the path: symlinks inside the project are
    the project's own choice. An absolute path is an explicit choice and is allowed.
    """
    if Path(raw).is_absolute():
        return Path(raw)
    joined = Path(os.path.normpath(base / raw))
    if joined != root and root not in joined.parents:
        raise fail(
            key,
            f"a folder inside the project ({root}) or an absolute path; '{raw}' leads outside it",
        )
    return joined


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _validate_rule_settings(value: Any, fail) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise fail("rules", _TOP_KEYS["rules"])
    out: dict[str, Any] = {}
    for rule_id, setting in value.items():
        if setting is False or (isinstance(setting, str) and setting.lower() == "off"):
            out[str(rule_id)] = "off"
        elif isinstance(setting, str) and setting.lower() in ("error", "warning", "suggestion"):
            out[str(rule_id)] = {"level": setting.lower()}
        elif isinstance(setting, dict):
            out[str(rule_id)] = dict(setting)
        elif setting is True or (isinstance(setting, str) and setting.lower() == "on"):
            out[str(rule_id)] = {}
        else:
            raise fail("rules", f"'off', 'on', a level or a mapping for {rule_id}, got {setting!r}")
    return out


def _validate_overrides(value: Any, fail) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise fail("overrides", _TOP_KEYS["overrides"])
    sections = []
    for section in value:
        if not isinstance(section, dict) or "files" not in section:
            raise fail("overrides", _TOP_KEYS["overrides"])
        files = section["files"]
        if isinstance(files, str):
            files = [files]
        if not _is_str_list(files):
            raise fail("overrides", "files: a glob or a list of globs")
        extra = set(section) - {"files", "rules"}
        if extra:
            raise fail(
                "overrides", f"only 'files' and 'rules' in each section, got {sorted(extra)}"
            )
        sections.append(
            {"files": files, "rules": _validate_rule_settings(section.get("rules", {}), fail)}
        )
    return sections


def load_config_file(path: Path) -> Config:
    """Read ``.postlint.yml`` or the ``[tool.postlint]`` table of a pyproject.toml."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    if path.name == "pyproject.toml":
        data = _tool_table(text, path)
        return config_from_mapping(data, path)
    try:
        loaded = load_yaml(text)
    except YamlLoadError as exc:
        at = f"{path}:{exc.line}" if exc.line else str(path)
        raise ConfigError(f"{at}: {exc}") from None
    return config_from_mapping(loaded.data, path, loaded.key_lines)


def _tool_table(text: str, path: Path) -> Any:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    return data.get("tool", {}).get("postlint")


def _has_tool_table(path: Path) -> bool:
    try:
        return "[tool.postlint" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def find_config_file(start: Path) -> Path | None:
    """The nearest config file at or above ``start`` (a file or folder)."""
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    for candidate_dir in [folder, *folder.parents]:
        for name in CONFIG_NAMES:
            candidate = candidate_dir / name
            if candidate.is_file():
                return candidate
        pyproject = candidate_dir / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


class ConfigResolver:
    """Gives the effective Config for each linted file, reading each config file once."""

    def __init__(self, explicit: Path | None = None, defaults: Config | None = None):
        self._explicit = load_config_file(explicit) if explicit else None
        self._defaults = defaults or Config()
        self._by_file: dict[Path, Config] = {}
        self._by_dir: dict[Path, Path | None] = {}
        self._resolved: dict[Path, Path] = {}
        self._by_key: dict[str | tuple[str, str], Config] = {}

    def for_path(self, file_path: str | None) -> Config:
        if self._explicit is not None:
            return self._explicit
        key = _folder_key(file_path)
        config = None if key is None else self._by_key.get(key)
        if config is None:
            config = self._resolve(file_path)
            if key is not None:
                self._by_key[key] = config
        return config

    def _resolve(self, file_path: str | None) -> Config:
        if not file_path or file_path == "-":
            start = Path.cwd()
        else:
            start = Path(file_path)
            if not start.exists():
                start = Path.cwd()
        raw_folder = (start if start.is_dir() else start.parent).absolute()
        folder = self._resolved.get(raw_folder)
        if folder is None:  # resolving costs a system call per path component: once per folder
            folder = self._resolved[raw_folder] = raw_folder.resolve()
        if folder not in self._by_dir:
            self._by_dir[folder] = find_config_file(folder)
        found = self._by_dir[folder]
        if found is None:
            return self._defaults
        if found not in self._by_file:
            self._by_file[found] = load_config_file(found)
        return self._by_file[found]


def _folder_key(file_path: str | None) -> str | tuple[str, str] | None:
    """What names the folder whose config applies to ``file_path``, from one ``stat``.

    ``ConfigResolver._resolve`` builds ``Path`` objects and calls ``stat`` twice to
    find that folder (about 20 us, once per linted file). The folder is the path itself
    when it is a folder, else its ``dirname`` (which names the same folder as
    ``Path.parent``), joined to the working folder when relative; and every step
    after it (resolving, finding and loading the config file) is cached for the
    resolver's life. So equal keys get the same config, and ``for_path`` memoises
    it by key. None (an unusual path, no such file, a failing ``stat``): take
    ``_resolve``'s way, which then decides, or raises, as it always did.
    """
    if type(file_path) is not str or not file_path or file_path == "-":
        return None
    try:
        mode = os.stat(file_path).st_mode
        folder = file_path if stat.S_ISDIR(mode) else os.path.dirname(file_path)
        return folder if os.path.isabs(folder) else (os.getcwd(), folder)
    except (OSError, ValueError):
        return None
