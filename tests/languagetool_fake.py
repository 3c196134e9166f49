"""A small LanguageTool look-alike on 127.0.0.1 for end-to-end tests of the client path.

It speaks ``GET /v2/languages`` and ``POST /v2/check`` (form-encoded) and answers in
LanguageTool's own JSON format (as in its documented examples and the reply
language-tool-python parses). Matches are computed from the request text, so their
offsets are real, and counted in UTF-16 code units as the Java server does:

- a repeated word ("the the")       ENGLISH_WORD_REPEAT_RULE  MISC/duplication
- a known misspelling ("recieve")   MORFOLOGIK_RULE_EN_US     TYPOS/misspelling
- "a" before a vowel ("a apple")    EN_A_VS_AN                MISC/misspelling
- "could of" / "should of"          COULD_OF                  GRAMMAR/grammar
- space before punctuation ("x .")  COMMA_PARENTHESIS_WHITESPACE TYPOGRAPHY/whitespace
- two or more spaces                WHITESPACE_RULE           TYPOGRAPHY/whitespace

``disabledRules``, ``disabledCategories``, ``enabledRules`` + ``enabledOnly`` are
honoured; every request is recorded. ``delay`` makes /v2/check sleep, ``fail_status``
makes it answer that HTTP status with a plain-text body, like the real server.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

LANGUAGES = [
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "German (Germany)", "code": "de", "longCode": "de-DE"},
]
KNOWN = {lang["longCode"] for lang in LANGUAGES} | {"auto"}

MISSPELLINGS = {
    "recieve": ["receive"],
    "teh": ["the", "tech"],
    "Frobnitz": [],
    "acmeflow": ["overflow"],
}


@dataclass(frozen=True)
class FakeRule:
    id: str
    description: str
    issue_type: str
    category: str
    category_name: str
    pattern: re.Pattern[str]
    message: str
    short: str


def _rule(
    id_: str, issue: str, cat: str, cat_name: str, pattern: str, message: str, short: str = ""
) -> FakeRule:
    return FakeRule(id_, message, issue, cat, cat_name, re.compile(pattern), message, short)


RULES = [
    _rule(
        "ENGLISH_WORD_REPEAT_RULE",
        "duplication",
        "MISC",
        "Miscellaneous",
        r"(?i)\b(\w+) \1\b",
        "Possible typo: you repeated a word.",
        "Word repetition",
    ),
    _rule(
        "MORFOLOGIK_RULE_EN_US",
        "misspelling",
        "TYPOS",
        "Possible Typo",
        r"\b(?:" + "|".join(MISSPELLINGS) + r")\b",
        "Possible spelling mistake found.",
        "Spelling mistake",
    ),
    _rule(
        "EN_A_VS_AN",
        "misspelling",
        "MISC",
        "Miscellaneous",
        r"(?i)\ba(?= [aeio]\w)",
        "Use “an” instead of ‘a’ if the following word starts with a vowel sound.",
        "Wrong article",
    ),
    _rule(
        "COULD_OF",
        "grammar",
        "GRAMMAR",
        "Grammar",
        r"(?i)\b(?:could|should|would) of\b",
        "Did you mean “could have”?",
        "Grammatical problem",
    ),
    _rule(
        "COMMA_PARENTHESIS_WHITESPACE",
        "whitespace",
        "TYPOGRAPHY",
        "Typography",
        r"(?<=\w) +(?=[.,;:!?)])",
        "Don’t put a space before the punctuation.",
        "",
    ),
    _rule(
        "WHITESPACE_RULE",
        "whitespace",
        "TYPOGRAPHY",
        "Typography",
        r"(?<=\S) {2,}(?=\S)",
        "Possible typo: you repeated a whitespace",
        "",
    ),
]


def _replacements(rule: FakeRule, matched: str) -> list[str]:
    if rule.id == "ENGLISH_WORD_REPEAT_RULE":
        return [matched.split(" ")[0]]
    if rule.id == "MORFOLOGIK_RULE_EN_US":
        return MISSPELLINGS.get(matched, [])
    if rule.id == "EN_A_VS_AN":
        return ["an" if matched.startswith("a") else "An"]
    if rule.id == "COULD_OF":
        return [matched[:-2] + "have"]
    return [""] if rule.id == "COMMA_PARENTHESIS_WHITESPACE" else [" "]


def _utf16(text: str, index: int) -> int:
    """Python index -> UTF-16 code units, as the Java server counts."""
    return len(text[:index].encode("utf-16-le")) // 2


def find_matches(text: str, form: dict[str, str]) -> list[dict[str, Any]]:
    """LanguageTool-format matches for ``text`` under the request's rule switches."""
    disabled = set(filter(None, form.get("disabledRules", "").split(",")))
    disabled_cats = set(filter(None, form.get("disabledCategories", "").split(",")))
    enabled = set(filter(None, form.get("enabledRules", "").split(",")))
    only = form.get("enabledOnly") == "true"
    out = []
    for rule in RULES:
        if (
            rule.id in disabled
            or rule.category in disabled_cats
            or (only and rule.id not in enabled)
        ):
            continue
        for m in rule.pattern.finditer(text):
            out.append(_match_json(text, rule, m.start(), m.end()))
    out.sort(key=lambda d: (d["offset"], d["rule"]["id"]))
    return out


def _match_json(text: str, rule: FakeRule, start: int, end: int) -> dict[str, Any]:
    offset, length = _utf16(text, start), _utf16(text, end) - _utf16(text, start)
    ctx_start = max(0, start - 40)
    context = text[ctx_start : end + 40].replace("\n", " ")
    return {
        "message": rule.message,
        "shortMessage": rule.short,
        "replacements": [{"value": v} for v in _replacements(rule, text[start:end])],
        "offset": offset,
        "length": length,
        "context": {"text": context, "offset": start - ctx_start, "length": end - start},
        "sentence": text[max(0, start - 60) : end + 60].strip(),
        "type": {"typeName": "Other"},
        "rule": {
            "id": rule.id,
            "description": rule.description,
            "issueType": rule.issue_type,
            "category": {"id": rule.category, "name": rule.category_name},
        },
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
    }


def check_reply(text: str, form: dict[str, str]) -> dict[str, Any]:
    lang = form.get("language", "en-US")
    return {
        "software": {
            "name": "LanguageTool",
            "version": "6.4",
            "buildDate": "2024-03-28 14:15:00 +0100",
            "apiVersion": 1,
            "premium": False,
            "status": "",
        },
        "warnings": {"incompleteResults": False},
        "language": {
            "name": next((x["name"] for x in LANGUAGES if x["longCode"] == lang), lang),
            "code": lang,
            "detectedLanguage": {"name": "English (US)", "code": "en-US", "confidence": 0.99},
        },
        "matches": find_matches(text, form),
    }


@dataclass
class FakeLanguageTool:
    """Start with ``with FakeLanguageTool() as lt:``; ``lt.url`` is its base URL."""

    delay: float = 0.0
    fail_status: int | None = None
    fail_after: int | None = None  # fail only after this many successful checks
    requests: list[dict[str, str]] = field(default_factory=list)
    language_requests: int = 0
    peers: set[tuple[str, int]] = field(default_factory=set)  # client connections seen
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeLanguageTool:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def check_texts(self) -> list[str]:
        return [r.get("text", r.get("data", "")) for r in self.requests]

    def should_fail(self) -> bool:
        if self.fail_status is None:
            return False
        return self.fail_after is None or len(self.requests) > self.fail_after


def _handler_for(fake: FakeLanguageTool) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like the real server
        # headers and body go out in two writes; without this, Nagle's algorithm and the
        # client's delayed ACK add ~40 ms to every keep-alive reply on loopback
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:  # silence test output
            pass

        def do_GET(self) -> None:
            fake.peers.add(self.client_address[:2])
            if urlparse(self.path).path == "/v2/languages":
                fake.language_requests += 1
                self._send(200, json.dumps(LANGUAGES), "application/json")
            else:
                self._send(404, "Error: unknown endpoint", "text/plain")

        def do_POST(self) -> None:
            fake.peers.add(self.client_address[:2])
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8")
            if urlparse(self.path).path != "/v2/check":
                self._send(404, "Error: unknown endpoint", "text/plain")
                return
            form = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
            fake.requests.append(form)
            if fake.delay:
                time.sleep(fake.delay)
            if fake.should_fail():
                self._send(
                    fake.fail_status or 500,
                    "Error: Internal Server Error\n\tat org.languagetool...",
                    "text/plain",
                )
                return
            lang = form.get("language", "")
            if lang not in KNOWN:
                self._send(
                    400,
                    f"Error: '{lang}' is not a language code known to LanguageTool.",
                    "text/plain",
                )
                return
            text = form.get("text") or _data_text(form.get("data", ""))
            self._send(200, json.dumps(check_reply(text, form)), "application/json")

        def _send(self, status: int, body: str, ctype: str) -> None:
            data = body.encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", f"{ctype}; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

    return Handler


def _data_text(data: str) -> str:
    """The ``data`` field (AnnotatedText JSON), simplified: markup parts become their
    ``interpretAs`` and offsets count that joined text, unlike the real server, which
    counts markup too. postlint sends ``text``; this only keeps such requests working."""
    if not data:
        return ""
    parsed = json.loads(data)
    return "".join(p.get("text", p.get("interpretAs", "")) for p in parsed.get("annotation", []))
