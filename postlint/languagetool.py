"""The LanguageTool client layer: find a server, send bounded requests, parse matches.

Why not ``language_tool_python.LanguageTool(...).check()`` for the requests
(language-tool-python 3.4): its only timeout is the private class constant
``_TIMEOUT = 300`` s and every check is tried twice, so one hung server would stall
a batch for ten minutes per file; each request goes through ``requests.post`` with
no session, so nothing is reused across the hundreds of requests of a batch run; its
constructor makes a blocking ``/v2/languages`` call with that same timeout; and its
``Match`` keeps process-wide state (``Match.PREVIOUS_MATCHES_TEXT``) that is not
safe when files are checked in threads. So this module talks to ``/v2/check``
itself through one ``requests.Session`` (``requests`` is a dependency of
language-tool-python), with a per-request timeout and no hidden retries.

The library is still what finds and starts a *local* LanguageTool: if one is already
installed where language-tool-python keeps its downloads (``$LTP_PATH`` or
``~/.cache/language_tool_python``), it is started pinned to that installed version,
so the library's automatic download can never run. Nothing here downloads anything.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import patterncache
from .errors import PostlintError

ENV_VAR = "POSTLINT_LANGUAGETOOL_URL"
DEFAULT_LANGUAGE = "en-US"
DEFAULT_MAX_REQUEST_CHARS = 20_000
DEFAULT_TIMEOUT = 10.0
#: The availability probe is short: a server that cannot list its languages in
#: this time is treated as absent (one notice) rather than failing every file.
PROBE_TIMEOUT = 3.0

_PARAGRAPH_BREAK = patterncache.compile(r"\n[ \t]*\n\s*")
_SOFT_BREAK = patterncache.compile(r"(?<=[.!?])\s+|\n")


class LanguageToolError(PostlintError):
    """A LanguageTool request failed; ``str(err)`` is one line naming the server and cause."""


@dataclass(frozen=True)
class LTMatch:
    """One LanguageTool match; ``offset``/``length`` are in Python characters of the text sent."""

    offset: int
    length: int
    message: str
    rule_id: str
    category_id: str
    issue_type: str
    replacements: list[str] = field(default_factory=list)
    short_message: str = ""


# --- text chunking and offsets ---------------------------------------------------


def split_chunks(text: str, limit: int) -> list[tuple[int, str]]:
    """Cut ``text`` into contiguous ``(offset, chunk)`` pieces of at most ``limit`` characters.

    Cuts fall after blank lines (paragraph boundaries) so LanguageTool never sees a
    sentence cut in half; only a single paragraph longer than ``limit`` is cut at a
    sentence end or line break, and as a last resort at ``limit``.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    chunks: list[tuple[int, str]] = []
    start = 0
    for piece_start, piece_end in _pieces(text, limit):
        if piece_end - start > limit and piece_start > start:
            chunks.append((start, text[start:piece_start]))
            start = piece_start
    if start < len(text):
        chunks.append((start, text[start:]))
    return chunks


def _pieces(text: str, limit: int) -> Iterator[tuple[int, int]]:
    """Paragraphs (with their trailing blank lines), over-long ones cut further."""
    start = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        yield from _cut_long(text, start, m.end(), limit)
        start = m.end()
    if start < len(text):
        yield from _cut_long(text, start, len(text), limit)


def _cut_long(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    while end - start > limit:
        cut = start
        for m in _SOFT_BREAK.finditer(text, start, start + limit):
            cut = m.end()
        if cut <= start:
            cut = start + limit
        yield (start, cut)
        start = cut
    yield (start, end)


def utf16_index(text: str) -> list[int] | None:
    """Map UTF-16 code-unit offsets (LanguageTool is Java) to Python indexes; None if equal."""
    if all(ord(c) < 0x10000 for c in text):
        return None
    index: list[int] = []
    for i, ch in enumerate(text):
        index.append(i)
        if ord(ch) >= 0x10000:
            index.append(i)
    index.append(len(text))
    return index


# --- the client ------------------------------------------------------------------


def normalize_url(url: str) -> str:
    """``host:8081``, ``http://host:8081/`` or ``.../v2`` -> ``http://host:8081/v2/``."""
    url = url.strip()
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", url):
        url = "http://" + url
    url = url.rstrip("/")
    if url.endswith("/v2"):
        url = url[: -len("/v2")]
    return url + "/v2/"


class LanguageToolClient:
    """One connection-reusing client for a LanguageTool HTTP server, shared by a whole run."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_request_chars: int = DEFAULT_MAX_REQUEST_CHARS,
    ) -> None:
        self.api = normalize_url(url)
        self.timeout = timeout
        self.max_request_chars = max_request_chars
        import requests  # imported when a client is made: start-up stays fast without grammar

        self._session = requests.Session()
        self._available: bool | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"LanguageToolClient({self.api!r})"

    def close(self) -> None:
        self._session.close()

    def available(self) -> bool:
        """Whether the server answers ``/v2/languages``; asked once, then remembered."""
        with self._lock:
            if self._available is None:
                try:
                    self.languages(timeout=min(PROBE_TIMEOUT, self.timeout))
                    self._available = True
                except LanguageToolError:
                    self._available = False
            return self._available

    def languages(self, timeout: float | None = None) -> list[dict[str, Any]]:
        data = self._request("GET", "languages", None, timeout or self.timeout)
        if not isinstance(data, list):
            raise LanguageToolError(f"LanguageTool at {self.api}: unexpected /v2/languages reply")
        return data

    def check(
        self,
        text: str,
        language: str = DEFAULT_LANGUAGE,
        enabled_rules: Iterable[str] = (),
        disabled_rules: Iterable[str] = (),
        enabled_categories: Iterable[str] = (),
        disabled_categories: Iterable[str] = (),
        *,
        timeout: float | None = None,
        max_request_chars: int | None = None,
    ) -> list[LTMatch]:
        """Check ``text`` in requests of bounded size; offsets index ``text`` itself."""
        form = _form(
            language, enabled_rules, disabled_rules, enabled_categories, disabled_categories
        )
        limit = max_request_chars or self.max_request_chars
        out: list[LTMatch] = []
        for offset, chunk in split_chunks(text, limit):
            if chunk.strip():
                out.extend(self._check_chunk(chunk, offset, form, timeout or self.timeout))
        return out

    def _check_chunk(
        self, chunk: str, offset: int, form: dict[str, str], timeout: float
    ) -> list[LTMatch]:
        data = self._request("POST", "check", {**form, "text": chunk}, timeout)
        raw = data.get("matches") if isinstance(data, dict) else None
        if not isinstance(raw, list):
            raise LanguageToolError(f"LanguageTool at {self.api}: reply has no 'matches' list")
        index = utf16_index(chunk)
        return [_parse_match(m, offset, index, self.api) for m in raw]

    def _request(
        self, method: str, endpoint: str, form: dict[str, str] | None, timeout: float
    ) -> Any:
        import requests

        url = self.api + endpoint
        try:
            response = self._session.request(method, url, data=form, timeout=timeout)
        except requests.Timeout:
            raise LanguageToolError(
                f"LanguageTool at {self.api} did not answer within {timeout:g} s"
            ) from None
        except requests.RequestException as exc:
            raise LanguageToolError(
                f"cannot reach LanguageTool at {self.api}: {_reason(exc)}"
            ) from None
        if response.status_code != 200:
            raise LanguageToolError(
                f"LanguageTool at {self.api} answered HTTP {response.status_code}: "
                f"{_first_line(response.text)}"
            )
        try:
            return response.json()
        except ValueError:
            raise LanguageToolError(f"LanguageTool at {self.api} did not answer in JSON") from None


def _form(
    language: str,
    enabled_rules: Iterable[str],
    disabled_rules: Iterable[str],
    enabled_categories: Iterable[str],
    disabled_categories: Iterable[str],
) -> dict[str, str]:
    form = {"language": language}
    for key, values in (
        ("enabledRules", enabled_rules),
        ("disabledRules", disabled_rules),
        ("enabledCategories", enabled_categories),
        ("disabledCategories", disabled_categories),
    ):
        joined = ",".join(v for v in values if v)
        if joined:
            form[key] = joined
    return form


def _parse_match(raw: Any, offset: int, index: list[int] | None, api: str) -> LTMatch:
    try:
        start, length = int(raw["offset"]), int(raw["length"])
        rule = raw["rule"]
        category = rule.get("category") or {}
        if index is not None:
            start, length = index[start], index[start + length] - index[start]
        return LTMatch(
            offset=offset + start,
            length=length,
            message=str(
                raw.get("message") or raw.get("shortMessage") or rule.get("description", "")
            ),
            rule_id=str(rule["id"]),
            category_id=str(category.get("id", "")),
            issue_type=str(rule.get("issueType", "")),
            replacements=[str(r["value"]) for r in raw.get("replacements") or [] if "value" in r],
            short_message=str(raw.get("shortMessage") or ""),
        )
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        raise LanguageToolError(f"LanguageTool at {api}: malformed match in reply") from None


def _first_line(text: str, limit: int = 200) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "(empty body)")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _reason(exc: BaseException) -> str:
    """The innermost cause of a connection error, on one line (urllib3 nests them deeply)."""
    while exc.__context__ is not None and not str(exc).strip():
        exc = exc.__context__
    text = str(exc)
    m = re.search(r"\[Errno -?\d+\] ([^')\]]+)", text)
    return m.group(1).strip() if m else _first_line(text)


# --- where the server is -----------------------------------------------------------

_state_lock = threading.Lock()
_clients: dict[str, LanguageToolClient] = {}
_default_server: str | None = None
_local_tool: Any = None
_local_tried = False


def set_default_server(url: str | None) -> None:
    """The server from the run's configuration (``languagetool: {server: URL}``)."""
    global _default_server
    _default_server = url or None


def resolve_server(config_url: str | None) -> str | None:
    """Where LanguageTool is: argument, configured default, ``$POSTLINT_LANGUAGETOOL_URL``,
    then an already-installed local LanguageTool (started once per run); else None."""
    for candidate in (config_url, _default_server, os.environ.get(ENV_VAR)):
        if candidate and candidate.strip():
            return normalize_url(candidate)
    return local_server_url()


def get_client(
    config_url: str | None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_request_chars: int = DEFAULT_MAX_REQUEST_CHARS,
) -> LanguageToolClient | None:
    """The run's shared client for the resolved server, or None when no server answers."""
    url = resolve_server(config_url)
    if url is None:
        return None
    with _state_lock:
        client = _clients.get(url)
        if client is None:
            client = _clients[url] = LanguageToolClient(
                url, timeout=timeout, max_request_chars=max_request_chars
            )
    return client if client.available() else None


def check(
    text: str,
    language: str = DEFAULT_LANGUAGE,
    enabled_rules: Iterable[str] = (),
    disabled_rules: Iterable[str] = (),
    enabled_categories: Iterable[str] = (),
    disabled_categories: Iterable[str] = (),
    *,
    server: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_request_chars: int = DEFAULT_MAX_REQUEST_CHARS,
) -> list[LTMatch]:
    """Check ``text`` with the run's shared client; LanguageToolError if no server answers."""
    client = get_client(server, timeout=timeout, max_request_chars=max_request_chars)
    if client is None:
        raise LanguageToolError(unavailable_message())
    return client.check(
        text,
        language,
        enabled_rules,
        disabled_rules,
        enabled_categories,
        disabled_categories,
        timeout=timeout,
        max_request_chars=max_request_chars,
    )


def unavailable_message() -> str:
    return (
        "grammar checks skipped: no LanguageTool server answered; start one "
        "(java -cp languagetool-server.jar org.languagetool.server.HTTPServer --port 8081) "
        f"and set {ENV_VAR}=http://localhost:8081 or `languagetool: {{server: URL}}` in "
        ".postlint.yml (see docs/grammar.md)"
    )


def reset() -> None:
    """Close the run's clients and forget resolution results (a new run; tests)."""
    global _default_server
    with _state_lock:
        for client in _clients.values():
            client.close()
        _clients.clear()
        _default_server = None


# --- a LanguageTool already installed on this machine --------------------------------


def find_local_install() -> Path | None:
    """The newest LanguageTool that language-tool-python already downloaded, if any.

    Looks where the library keeps its downloads without creating that folder
    (the library's own helper does ``mkdir``).
    """
    root = Path(os.environ.get("LTP_PATH") or Path.home() / ".cache" / "language_tool_python")
    if not root.is_dir():
        return None
    found = [
        p
        for p in root.glob("LanguageTool-*")
        if p.is_dir()
        and any((p / jar).is_file() for jar in ("languagetool-server.jar", "languagetool.jar"))
    ]
    return max(found, key=lambda p: p.name) if found else None


def local_server_url() -> str | None:
    """Start (once per run) the installed local LanguageTool and return its URL, or None."""
    global _local_tool, _local_tried
    with _state_lock:
        if not _local_tried:
            _local_tried = True
            _local_tool = _start_local(find_local_install())
        return normalize_url(_local_tool.url) if _local_tool is not None else None


def _start_local(install: Path | None) -> Any:
    """Start the installed version through language-tool-python, never letting it download."""
    if install is None:
        return None
    import shutil  # ~2 ms with its compression modules: only when an install exists

    if shutil.which("java") is None:
        return None
    try:
        from language_tool_python import LanguageTool
        from language_tool_python.download_lt import LocalLanguageTool

        version = install.name.removeprefix("LanguageTool-")
        pinned = LocalLanguageTool.from_version_name(version)
        if pinned not in LocalLanguageTool.get_installed_versions():
            return None  # the library would download it: refuse
        return LanguageTool(DEFAULT_LANGUAGE, language_tool_download_version=version)
    except Exception:  # noqa: BLE001 - any failure to start means "not available"
        return None


def stop_local_server() -> None:
    """Stop the local LanguageTool this run started (the library also does so at exit)."""
    global _local_tool, _local_tried
    with _state_lock:
        if _local_tool is not None:
            with contextlib.suppress(Exception):
                _local_tool.close()
        _local_tool = None
        _local_tried = False
