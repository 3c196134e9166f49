"""Run-wide notices: things a user should hear about once per run, not once per file.

A kind that has to skip work for a reason that holds for the whole run (no
LanguageTool server, say) calls ``notice_once``; the CLI ``drain``s the notices
after the run and prints each on stderr. Keys make repeated calls from many files
(and many threads) collapse into one message.
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_seen: set[str] = set()
_pending: list[str] = []


def notice_once(key: str, message: str) -> None:
    """Queue ``message`` unless a notice with the same ``key`` was already given this run."""
    with _lock:
        if key in _seen:
            return
        _seen.add(key)
        _pending.append(message)


def drain() -> list[str]:
    """Return the queued messages in the order given and clear the queue (keys stay seen)."""
    with _lock:
        out = list(_pending)
        _pending.clear()
        return out


def reset() -> None:
    """Forget every key and message: the start of a new run (and of each test)."""
    with _lock:
        _seen.clear()
        _pending.clear()
