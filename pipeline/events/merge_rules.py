"""The rules that say a mention is of the same event as a record (`records.py` merges by them
where no merging model is installed; the merging model reads their answer as a feature).

Mentions in different sentences are one event when they have the same type and modality,
compatible subtypes and dates, no two different death tolls, and the same place (`حمص` twice;
a site and the town it is named after count as one: `مطار كويرس`, `كويرس`), or, for talks, at
least two participants in common (de Mistura and Lavrov meeting, told twice).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.dates import within_date
from pipeline.document import Entity
from pipeline.event_types import event_types
from pipeline.events.casualties import Casualty
from pipeline.events.mentions import EventMention, same_place

if TYPE_CHECKING:
    from pipeline.events.merging import EventRecord

SHARED_PARTICIPANTS_FOR_TALKS = 2


def same_event_by_rules(record: EventRecord, mention: EventMention) -> bool:
    """The rules' answer: the same type and modality, compatible subtypes, dates and death
    tolls, and the same place, or (talks) two participants in common."""
    first = record.first
    if first.type != mention.type or first.modality != mention.modality:
        return False
    if not event_types()[first.type].compatible_subtypes(record_subtype(record), mention.subtype):
        return False
    if dates_conflict(record, mention):
        return False
    if _counts_differ(record, mention):
        return False
    places = [m.location for m in record.mentions if m.location]
    if mention.location and places:
        return any(same_place(mention.location, place) for place in places)
    if event_types()[first.type].merges_by_participants:
        shared = _participant_keys(record.mentions) & _participant_keys([mention])
        return len(shared) >= SHARED_PARTICIPANTS_FOR_TALKS
    return False


def dates_conflict(record: EventRecord, mention: EventMention) -> bool:
    """Both are dated and the mention's date lies within none of the record's (another day)."""
    value = mention.time.value if mention.time else None
    days = {m.time.value for m in record.mentions if m.time and m.time.value}
    return bool(value and days) and not any(within_date(value, day) for day in days)


def _counts_differ(record: EventRecord, mention: EventMention) -> bool:
    """Two different death tolls are two events (`3 killed` and `more than 250 killed`)."""
    if mention.killed is None:
        return False
    known = {_bounds(m.killed) for m in record.mentions if m.killed}
    return bool(known) and _bounds(mention.killed) not in known


def _bounds(casualty: Casualty) -> tuple[int | None, int | None]:
    return casualty.quantity.min, casualty.quantity.max


def record_subtype(record: EventRecord) -> str | None:
    """The first subtype among the record's mentions, or a later one that is a kind of it
    (a bombing, then a suicide bombing: the suicide bombing)."""
    spec = event_types()[record.first.type]
    subtype = None
    for mention in record.mentions:
        if subtype is None or spec.compatible_subtypes(subtype, mention.subtype):
            subtype = spec.narrower_subtype(subtype, mention.subtype)
    return subtype


def _participant_keys(mentions: list[EventMention]) -> set[str]:
    entities = [a.candidate.entity for m in mentions for a in m.actors if a.candidate.entity]
    return {_entity_key(entity) for entity in entities}


def _entity_key(entity: Entity) -> str:
    return entity.cluster or entity.normalized
