"""Per-process memos give the same answers when they are emptied to keep memory flat."""

from __future__ import annotations

import re

from postlint.kinds import adverbs
from postlint.kinds.adverbs import AdverbState


def test_adverbs_already_known_survive_the_memo_being_emptied(monkeypatch) -> None:
    monkeypatch.setattr(adverbs, "_MEMO_SIZE", 3)
    state = AdverbState(pattern=re.compile(r"\w+ly"), not_adverbs=frozenset({"only"}))
    assert state.adverbs_among({"quickly", "slowly"}) == {"quickly", "slowly"}
    assert state.adverbs_among({"quickly", "badly", "fast", "only"}) == {"quickly", "badly"}
    # The memo is full now: judging "newly" empties it, "quickly" must still count.
    assert state.adverbs_among({"quickly", "newly", "fast"}) == {"quickly", "newly"}
    assert state.adverbs_among({"quickly", "newly", "fast"}) == {"quickly", "newly"}
