"""Word lists of `resources/event_context.json`, matched through their inflected forms.

An entry written `N:قتيل|قتلي` (or `V:`, `I:`, `W:`) matches every generated form
(`والقتلى`, `قتيلا`); a bare entry matches the folded word exactly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import Any

from pipeline import resources
from pipeline.lang.ar.morphology import FormIndex

RESOURCE = "event_context.json"


class WordSet:
    def __init__(self, entries: Iterable[str]) -> None:
        self.exact: set[str] = set()
        self.forms = FormIndex()
        for entry in entries:
            word_class, colon, words = entry.partition(":")
            if not colon:
                self.exact.add(entry)
                continue
            self.forms.add_all(word_class, words.split("|"))

    def __contains__(self, key: str) -> bool:
        return key in self.exact or bool(self.forms.lookup(key))


@cache
def event_context() -> dict[str, Any]:
    """The parsed `event_context.json` (cached; do not modify it)."""
    return json.loads(resources.read_text(RESOURCE))


@cache
def word_set(*path: str) -> WordSet:
    """The word list at `path` in event_context.json (`word_set("modality", "future")`):
    a list, or a table whose `words` is the list."""
    node: Any = event_context()
    for name in path:
        node = node[name]
    if isinstance(node, dict):
        node = node["words"]
    return WordSet(node)


@cache
def exact_words(*path: str) -> frozenset[str]:
    """The plain word list at `path` in event_context.json, as a set (cached)."""
    node: Any = event_context()
    for name in path:
        node = node[name]
    return frozenset(node)
