"""Safe YAML loading that remembers where each key was written.

Rule and config errors must name the file, line and key; PyYAML's safe loader
throws the marks away, so we compose the node tree first and keep the line of
every top-level key. Aliases are counted to refuse "billion laughs" documents,
and files are size-capped before parsing.
"""

from __future__ import annotations

import copy
import marshal
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from . import patterncache

if TYPE_CHECKING:
    import yaml

MAX_YAML_BYTES = 1_000_000
MAX_ALIASES = 100
#: Nodes once aliases are expanded. A few dozen aliases nested nine deep expand to a
#: billion nodes: harmless while shared, fatal once anything copies or prints them.
MAX_EXPANDED_NODES = 100_000


class YamlLoadError(Exception):
    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(message)


@cache
def _counting_loader() -> type:
    """A SafeLoader that refuses documents with too many aliases (YAML bombs).

    Built on first use: importing PyYAML costs about 13 ms, which a run whose rule
    files come from the pattern store and whose drafts have no front matter skips.
    """
    import yaml

    class CountingLoader(yaml.SafeLoader):
        def __init__(self, stream: str):
            super().__init__(stream)
            self._aliases = 0

        def compose_node(self, parent, index):  # type: ignore[override]
            if self.check_event(yaml.AliasEvent):
                self._aliases += 1
                if self._aliases > MAX_ALIASES:
                    mark = self.peek_event().start_mark
                    raise YamlLoadError(
                        f"more than {MAX_ALIASES} aliases: refusing a possible YAML bomb",
                        mark.line + 1,
                    )
            return super().compose_node(parent, index)

    return CountingLoader


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """Nodes in the document once aliases are expanded; a recursive alias counts once."""
    import yaml

    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 1  # a recursive alias counts once instead of looping
    if isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(child, memo) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    else:
        size = 1
    memo[key] = size
    return size


@dataclass
class LoadedYaml:
    data: Any
    key_lines: dict[str, int] = field(default_factory=dict)


_ANCHOR_OR_ALIAS = patterncache.compile(r"(?:^|[\s\[{,:-])[&*][^\s,\]}]")


def _key_lines(node: yaml.Node | None) -> dict[str, int]:
    import yaml

    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key_lines[str(key_node.value)] = key_node.start_mark.line + 1
    return key_lines


def _load_fast(text: str) -> LoadedYaml | None:
    """libyaml's safe loader for documents that cannot be bombs (no anchors or aliases).

    It is about ten times faster than the pure-Python loader, which matters at
    start-up (every shipped rule file is parsed on each run). Anything unusual or
    wrong returns None and goes through the careful loader, whose errors are the
    ones users see.
    """
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", None)
    if loader_class is None or _ANCHOR_OR_ALIAS.search(text):
        return None
    try:
        loader = loader_class(text)
    except Exception:
        return None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except Exception:
        return None
    finally:
        loader.dispose()
    return LoadedYaml(data, _key_lines(node))


_CODE_TAG = patterncache.code_tag(__file__)


def _fast_parts(text: str) -> tuple[Any, dict[str, int]] | None:
    fast = _load_fast(text)
    return None if fast is None else (fast.data, fast.key_lines)


def _copied(parts: tuple[Any, dict[str, int]]) -> tuple[Any, dict[str, int]]:
    """A deep copy of remembered YAML data, so no caller can change the stored answer.

    A marshal round trip copies in C, several times faster than ``copy.deepcopy`` on
    rule files; it keeps every type safe YAML produces except dates, which marshal
    refuses (such a document is never stored, see ``patterncache.remember``) and which
    ``deepcopy`` then copies.
    """
    try:
        return marshal.loads(marshal.dumps(parts))
    except ValueError:
        return copy.deepcopy(parts)


def load_yaml(text: str, *, max_bytes: int = MAX_YAML_BYTES, remember: bool = False) -> LoadedYaml:
    """Parse one YAML document safely; record the 1-based line of each top-level key.

    ``remember``: keep the result in the pattern store, keyed by the text, for files
    read on every run (the shipped rule packs), so later runs need not import PyYAML
    for them. Only documents libyaml reads without trouble are kept; each call gets
    its own copy.
    """
    if len(text) > max_bytes:
        raise YamlLoadError(f"file is larger than {max_bytes} bytes; refusing to parse it")
    if remember:
        parts = patterncache.remember(_CODE_TAG, ("yaml", text), lambda: _fast_parts(text))
        if parts is not None:
            data, key_lines = _copied(parts)
            return LoadedYaml(data, key_lines)
    fast = _load_fast(text)
    if fast is not None:
        return fast
    import yaml

    try:
        loader = _counting_loader()(text)  # the reader rejects control characters right here
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise YamlLoadError(
            f"invalid YAML: character U+{exc.character:04X} is not allowed", line
        ) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return LoadedYaml(None)
        if _expanded_size(node, {}) > MAX_EXPANDED_NODES:
            raise YamlLoadError(
                f"aliases expand to more than {MAX_EXPANDED_NODES} values: "
                "refusing a possible YAML bomb",
                node.start_mark.line + 1,
            )
        data = loader.construct_document(node)
    except YamlLoadError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlLoadError(f"invalid YAML: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise YamlLoadError(f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlLoadError("invalid YAML: nesting is too deep") from None
    finally:
        loader.dispose()
    return LoadedYaml(data, _key_lines(node))
