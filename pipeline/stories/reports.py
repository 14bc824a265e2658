"""Reports: what the stories step knows of one event record of one document.

A `Report` is the compact form of an event row that grouping compares: its type and modality,
its date as an interval of days (the event's own date, else the article's), its place as a path
through the admin hierarchy, its actors as keys (knowledge-base ids, else folded names), the
content words of its trigger sentence and its casualty figures. `reports_of_document(record)`
makes them from a `documents.jsonl` record; `Report.row()` / `Report.from_row()` write and read
the JSON form that grouping spills to disk and the synthetic generator writes.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pipeline import resources
from pipeline.dates import parse_document_date
from pipeline.lang.ar.clitics import definite_stem
from pipeline.lang.ar.fold import match_key, word_key
from pipeline.tokenization import TOKEN

STOPWORDS = "story_stopwords.txt"
PLACE_LEVELS = ("country", "admin1", "admin2", "admin3", "point")
MAX_WORDS = 40  # content words kept of a trigger sentence
NAME_SPELLINGS = frozenset({"transliterated", "translated"})  # canonical.spelt_by of names


@dataclass(frozen=True, slots=True)
class Actor:
    """An event actor as grouping compares it: `key` is its KB id, else its folded name."""

    key: str
    role: str
    category: str
    name_en: str | None
    text: str
    kb_id: str | None


@dataclass(frozen=True, slots=True)
class Report:
    """One event record of one document, in the form grouping compares."""

    doc_id: str
    event: str
    type: str
    subtype: str | None
    modality: str
    confidence: float
    date: str | None  # the ISO value the interval comes from
    granularity: str | None  # day, month, year
    date_source: str | None  # "event" (the text dates it) or "article" (the article's date)
    lo: int | None  # first day (proleptic ordinal) the event can be on
    hi: int | None  # last day
    place: dict[str, Any] | None  # the event's location as written, with `path`
    actors: tuple[Actor, ...]
    words: frozenset[str]
    casualties: dict[str, Any] | None
    trigger: str
    path: tuple[str | None, ...] | None = field(init=False, compare=False)

    def __post_init__(self) -> None:
        path = tuple(self.place["path"]) if self.place is not None else None
        object.__setattr__(self, "path", path)

    @property
    def ref(self) -> tuple[str, str]:
        return (self.doc_id, self.event)

    @property
    def sort_key(self) -> tuple[int, int, str, str]:
        """Grouping's order: by first possible day, then last, then document and event."""
        return (self.lo or 0, self.hi or 0, self.doc_id, self.event)

    def row(self) -> dict[str, Any]:
        """The JSON form (spill files, synthetic records)."""
        return {
            "doc_id": self.doc_id,
            "event": self.event,
            "type": self.type,
            "subtype": self.subtype,
            "modality": self.modality,
            "confidence": self.confidence,
            "date": self.date,
            "granularity": self.granularity,
            "date_source": self.date_source,
            "lo": self.lo,
            "hi": self.hi,
            "place": self.place,
            "actors": [
                [a.key, a.role, a.category, a.name_en, a.text, a.kb_id] for a in self.actors
            ],
            "words": sorted(self.words),
            "casualties": self.casualties,
            "trigger": self.trigger,
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Report:
        return cls(
            **{
                **row,
                "actors": tuple(Actor(*actor) for actor in row["actors"]),
                "words": frozenset(row["words"]),
            }
        )


def reports_of_document(record: dict[str, Any]) -> Iterator[Report]:
    """The reports of a document record's accepted events (rejected candidates have none)."""
    entities = {entity["id"]: entity for entity in record.get("entities", [])}
    for event in record.get("events", []):
        if event.get("accepted", True):
            yield report_of_event(record["doc_id"], record.get("date"), event, entities)


def report_of_event(
    doc_id: str, article_date: str | None, event: dict[str, Any], entities: dict[str, dict]
) -> Report:
    """The report of one event row of a document dated `article_date`."""
    value, granularity, source = event_date(event, article_date)
    span = date_interval(value)
    return Report(
        doc_id=doc_id,
        event=event["id"],
        type=event["type"],
        subtype=event.get("subtype"),
        modality=event.get("modality", "asserted"),
        confidence=float(event.get("confidence", 0.0)),
        date=value,
        granularity=granularity,
        date_source=source,
        lo=span[0] if span else None,
        hi=span[1] if span else None,
        place=place_of(event.get("location"), entities),
        actors=tuple(actor_of(actor, entities) for actor in event.get("actors", [])),
        words=content_words(event.get("evidence", {}).get("text", "")),
        casualties=event.get("casualties"),
        trigger=event["trigger"]["text"],
    )


def event_date(
    event: dict[str, Any], article_date: str | None
) -> tuple[str | None, str | None, str | None]:
    """The date grouping uses: the event's resolved date, else the article's (value,
    granularity, where it comes from); all None when neither is known."""
    time = event.get("time") or {}
    parsed = parse_document_date(time.get("value"))
    if parsed is not None:
        return time["value"], parsed[1], "event"
    parsed = parse_document_date(article_date)
    if parsed is not None:
        return article_date, parsed[1], "article"
    return None, None, None


def date_interval(value: str | None) -> tuple[int, int] | None:
    """The first and last day (ordinals) a date of day, month or year precision covers."""
    parsed = parse_document_date(value)
    if parsed is None:
        return None
    first, precision = parsed
    if precision == "day":
        last = first
    elif precision == "month":
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    else:
        last = dt.date(first.year, 12, 31)
    return first.toordinal(), last.toordinal()


def place_of(location: dict[str, Any] | None, entities: dict[str, dict]) -> dict[str, Any] | None:
    """The event's place with its `path` (country, admin1, admin2, admin3, point); None when
    the place is unknown. A place known by its name alone (a knowledge-base entry without a
    country, `سروج` of the gold train split; an English name spelt) is a path of its point
    only, which is the same place as itself and unknown to any other (see `place_relation`);
    one the text put in an area (`سروج بجنوب شرقي تركيا`: a named place of no kind and no
    coordinates with a country) keeps its point below that area's levels."""
    if location is None:
        return None
    canonical = (entities.get(location.get("entity") or "") or {}).get("canonical") or {}
    country = location.get("country")
    admin = [location.get(f"admin{n}_pcode") or location.get(f"admin{n}") for n in (1, 2, 3)]
    name = canonical.get("kb_id") or location.get("name_en")
    if country is None and not any(admin):
        return _named_only(location, canonical, name) if _names_a_place(canonical) else None
    name = name or match_key(location["text"])
    precise = location.get("geo_precision") == 1 or (
        location.get("geo_precision") is None and canonical.get("kind") not in (None, "country")
    )
    # a named place the text put in an area (the link stage: `سروج بجنوب تركيا`) is itself
    inside = (
        _names_a_place(canonical) and canonical.get("kind") is None and location.get("lat") is None
    )
    is_country = canonical.get("kind") == "country" or not (any(admin) or precise or inside)
    point = name if (precise or inside) and not is_country else None
    return {
        "name_en": location.get("name_en"),
        "text": location["text"],
        "kb_id": canonical.get("kb_id"),
        "country": country,
        "admin1": location.get("admin1"),
        "admin2": location.get("admin2"),
        "admin3": location.get("admin3"),
        "geo_precision": location.get("geo_precision"),
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "path": [country, *admin, point],
    }


def _names_a_place(canonical: dict[str, Any]) -> bool:
    """A KB entry, or a name spelt as a name; a generic phrase (`الحدود التركية`, the Turkish
    border) names no one place."""
    return bool(canonical.get("kb_id")) or canonical.get("spelt_by") in NAME_SPELLINGS


def _named_only(location: dict[str, Any], canonical: dict[str, Any], name: str) -> dict[str, Any]:
    return {
        "name_en": location.get("name_en"),
        "text": location["text"],
        "kb_id": canonical.get("kb_id"),
        "country": None,
        "admin1": None,
        "admin2": None,
        "admin3": None,
        "geo_precision": location.get("geo_precision"),
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "path": [None, None, None, None, name],
    }


def actor_of(actor: dict[str, Any], entities: dict[str, dict]) -> Actor:
    canonical = (entities.get(actor.get("entity") or "") or {}).get("canonical") or {}
    kb_id = canonical.get("kb_id")
    name_en = actor.get("name_en") or canonical.get("name_en")
    if kb_id:
        key = kb_id
    elif name_en:
        key = "name:" + name_en.lower()
    else:
        key = "text:" + " ".join(definite_stem(word) for word in match_key(actor["text"]).split())
    return Actor(
        key=key,
        role=actor.get("role", "participant"),
        category=actor.get("category") or "other",
        name_en=name_en,
        text=actor["text"],
        kb_id=kb_id,
    )


@cache
def stopwords() -> frozenset[str]:
    return frozenset(definite_stem(word_key(word)) for word in resources.read_words(STOPWORDS))


def content_words(text: str, min_letters: int = 3) -> frozenset[str]:
    """The folded content words of a sentence (article and proclitics dropped, stopwords and
    short words and numbers left out), at most `MAX_WORDS` of them in text order."""
    found: list[str] = []
    seen: set[str] = set()
    skip = stopwords()
    for token in TOKEN.findall(text):
        key = definite_stem(word_key(token))
        if len(key) < min_letters or not key.isalpha() or key in skip or key in seen:
            continue
        seen.add(key)
        found.append(key)
        if len(found) >= MAX_WORDS:
            break
    return frozenset(found)
