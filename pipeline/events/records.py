"""Event records of a document: mentions of one event merged, written as the contract says.

Where the merging model is given (`models/events/merging.json`, see `merging.py`), it decides
which mentions of the article are one event. Without it, rules do: mentions in different
sentences are one event when they have the same type and modality, compatible subtypes and
dates, and the same place (`حمص` twice), or, for talks, at least two participants in common
(de Mistura and Lavrov meeting, told twice). A record keeps every mention (`mentions`:
trigger and sentence) and the union of their arguments; its clearest mention (`lead`: a verb
or a noun without the article before a definite anaphor such as `الهجوم`, the earliest among
equals) gives the record's trigger, sentence, evidence and modality. Its place is the most
specific its mentions write: a later mention's town replaces the country or governorate it
lies in (`غارة … في محافظة إدلب`, then `القصف على بلدة كفرنبل`). `event_of` makes the
typed `Event` of a record.
"""

from __future__ import annotations

import datetime as dt

from pipeline.dates import parse_document_date
from pipeline.document import (
    Casualties,
    Count,
    Document,
    Entity,
    Event,
    EventTime,
    MentionSpan,
    Place,
    Role,
    TextSpan,
)
from pipeline.event_types import event_types, mappings
from pipeline.events.arguments import Actor
from pipeline.events.casualties import Casualty
from pipeline.events.mentions import MAX_CONFIDENCE, EventMention, lies_within
from pipeline.events.merge_rules import record_subtype, same_event_by_rules
from pipeline.events.merging import (
    Context,
    EventRecord,
    PairModel,
    cluster,
    lead,
    model_score,
)
from pipeline.events.words import SentenceWords
from pipeline.kb.actors import actor_category, acts_by_force
from pipeline.lang.ar.clitics import first_word_forms, offset_after_letters
from pipeline.lang.ar.dates import is_bare_weekday
from pipeline.lang.ar.fold import match_key
from pipeline.lang.ar.names import (
    descriptors,
    is_person_title,
    names_after_head,
    organisation_anaphor_head,
)

DAYS_IN_WEEK = 7
TITLE_WINDOW = 80  # characters before a person's name searched for the title an actor is
FUTURE = "future"
MERGE_BONUS = 0.02  # confidence added by each further mention of the event
# a linked place's admin areas and geo-precision, copied onto the event's location (schema 3.1)
RECORDS_TO_COMPARE = 50  # by the rules, a mention joins one of the latest events of its type
RULES_THRESHOLD = 1.0  # the rules' score is 1 (same event) or 0


def merge_mentions(
    mentions: list[EventMention], model: PairModel | None = None
) -> list[EventRecord]:
    """Group the document's mentions (in text order) into events: by the merging model where
    given, else by the rules."""
    if model is not None:
        return cluster(mentions, model_score(model), model.threshold)
    return cluster(mentions, _rule_score, RULES_THRESHOLD)


def _rule_score(record: EventRecord, mention: EventMention, context: Context) -> float:
    recent = context.position >= len(context.records) - RECORDS_TO_COMPARE
    return float(recent and same_event_by_rules(record, mention))


def event_of(doc: Document, record: EventRecord, number: int, accepted: bool = True) -> Event:
    """The document's event `v<number>` made of the merged mentions of `record`; `accepted` is
    false for a candidate the detection model rejected (`--keep-candidates`)."""
    leading = lead(record)
    subtype = record_subtype(record)
    codes = mappings(leading.type, subtype)
    best = max(record.mentions, key=lambda mention: mention.confidence())
    return Event(
        id=f"v{number}",
        type=leading.type,
        subtype=subtype,
        trigger=_words_span(doc, leading.sentence, leading.hit.start, leading.hit.end),
        sentence=leading.sentence.index,
        modality=leading.modality,
        actors=_actors(doc, record, event_types()[leading.type].by_force),
        location=_location(most_specific_place(record)),
        time=_time(doc, next((m for m in record.mentions if m.time), None)),
        casualties=_casualties(doc, record),
        plover=codes["plover"],
        acled=codes["acled"],
        confidence=_confidence(record),
        confidence_source=best.confidence_source,
        accepted=accepted,
        evidence=_words_span(doc, leading.sentence, 0, len(leading.sentence.words)),
        mentions=_mention_spans(doc, record),
    )


def _actors(doc: Document, record: EventRecord, by_force: bool) -> list[Role]:
    """The record's actors, each once; `by_force`: its type is done by force."""
    written: list[Role] = []
    seen: set[tuple[str, str]] = set()
    for mention in record.mentions:
        for actor in mention.actors:
            role = _actor(doc, mention, actor, by_force and acts_by_force(actor.role))
            identity = (role.role, role.name_en or role.text)
            if identity not in seen:
                seen.add(identity)
                written.append(role)
    return written


def _actor(doc: Document, mention: EventMention, actor: Actor, by_force: bool) -> Role:
    candidate = actor.candidate
    entity = candidate.entity
    if entity is not None and _is_whole_entity(mention, actor):
        start, end = entity.start, entity.end
    else:
        start, end = mention.sentence.span(candidate.start, candidate.end)
        start = offset_after_letters(doc.text, start, candidate.proclitic)
    if entity is None and candidate.end - candidate.start == 1:
        entity = _antecedent(doc, mention.sentence.words[candidate.start].text, start)
    elif entity is None:
        entity = _titled_person(doc, doc.text[start:end])
    link = entity.canonical if entity is not None else None
    text = doc.text[start:end]
    return Role(
        role=actor.role,
        entity=entity.id if entity is not None else None,
        text=text,
        name_en=link.name_en if link else None,
        **actor_category(text, link, by_force, holds_name=entity is not None),
    )


def _antecedent(doc: Document, word: str, start: int) -> Entity | None:
    """The organisation an anaphor actor (`التنظيم`, `للتنظيم`, `الحزب`:
    `names.organisation_anaphor_head`) refers back to: the latest organisation named before it
    after that noun or with a name that starts with it (`تنظيم داعش`, `حزب العمال
    الكردستاني`); None for any other word, or with no such organisation before it."""
    head = organisation_anaphor_head(word)
    if head is None:
        return None
    before = [e for e in doc.entities if e.label == "ORG" and e.end <= start]
    for entity in reversed(before):
        if names_after_head(doc.text, entity.start, entity.normalized, head):
            return entity
    return None


def _titled_person(doc: Document, phrase: str) -> Entity | None:
    """The one person the article names right after this phrase (`قال رئيس الوزراء التركي`
    after `رئيس الوزراء التركي أحمد داود أوغلو`): a title (its first word one of
    `names.is_person_title`) that stands for its holder; None for a phrase headed by anything
    else (`قوات النظام` after `قائد قوات النظام سهيل الحسن`), and where no person, or more
    than one, is so named."""
    words = match_key(phrase).split()
    if not words or not is_person_title(words[0]):
        return None
    people = {}
    for entity in doc.entities:
        if entity.label != "PER":
            continue
        before = match_key(doc.text[max(0, entity.start - TITLE_WINDOW) : entity.start]).split()
        if before[-len(words) :] != words:
            continue
        if len(before) > len(words) and is_person_title(before[-len(words) - 1]):
            continue  # `نائب وزير الخارجية فيصل المقداد`: the deputy's, not the minister's
        people.setdefault(entity.cluster or entity.normalized, entity)
    return next(iter(people.values())) if len(people) == 1 else None


def _is_whole_entity(mention: EventMention, actor: Actor) -> bool:
    """Whether the actor is its entity: the phrase is the name, or a descriptor and the name
    (`تنظيم داعش`, `لتنظيم الدولة الإسلامية`: the actor is the name, as docs/annotation.md
    writes it)."""
    entity = actor.candidate.entity
    assert entity is not None
    start, end = actor.candidate.start, actor.candidate.end
    words = mention.sentence.entity_words(entity)
    return words == (start, end) or (words == (start + 1, end) and _descriptor(mention, actor))


def _descriptor(mention: EventMention, actor: Actor) -> bool:
    """Whether the actor phrase's first word is a descriptor of its entity's kind."""
    entity = actor.candidate.entity
    assert entity is not None
    words = descriptors().get(entity.label, frozenset())
    key = mention.sentence.words[actor.candidate.start].key
    return any(form in words for form in first_word_forms(key))


def most_specific_place(record: EventRecord) -> Entity | None:
    """The record's place: its first mention's written place, or a later mention's that lies
    within it (`غارة جوية فوق سورية`, then `قتل … بالقرب من سرمدا`: Sarmada)."""
    place = None
    for mention in record.mentions:
        if not _written_place(mention):
            continue
        assert mention.location is not None
        if place is None or lies_within(mention.location, place):
            place = mention.location
    return place


def _written_place(mention: EventMention) -> bool:
    return mention.location is not None and mention.location_confident


def _location(place: Entity | None) -> Place | None:
    if place is None:
        return None
    link = place.canonical
    return Place(
        entity=place.id,
        text=place.text,
        name_en=link.name_en if link else None,
        lat=link.lat if link else None,
        lon=link.lon if link else None,
        country=link.country if link else None,
        areas=link.areas if link else None,
    )


def _time(doc: Document, timed: EventMention | None) -> EventTime | None:
    """The time of the record's first mention that has one; a weekday of a future mention is
    the next such day, not the last (`سيزور موسكو الثلاثاء`, written on a Saturday: three days
    later, not four days before), even when the record's clearest mention is another
    (`المباحثات` after `سيزور`)."""
    if timed is None or timed.time is None:
        return None
    time = timed.time
    value = time.value
    if timed.modality == FUTURE and time.relative and is_bare_weekday(time.text):
        value = _next_weekday(value, parse_document_date(doc.date))
    return EventTime(text=time.text, value=value, granularity=time.granularity)


def _next_weekday(value: str | None, anchor: tuple[dt.date, str] | None) -> str | None:
    """A weekday resolved to the latest such day before the document date, moved a week on."""
    if value is None or anchor is None or anchor[1] != "day":
        return value
    day = dt.date.fromisoformat(value)
    if day >= anchor[0]:
        return value
    return (day + dt.timedelta(days=DAYS_IN_WEEK)).isoformat()


def _casualties(doc: Document, record: EventRecord) -> Casualties | None:
    killed = next((m for m in record.mentions if m.killed), None)
    injured = next((m for m in record.mentions if m.injured), None)
    if killed is None and injured is None:
        return None
    return Casualties(
        killed=_count(doc, killed, killed.killed) if killed else None,
        injured=_count(doc, injured, injured.injured) if injured else None,
    )


def _count(doc: Document, mention: EventMention, casualty: Casualty | None) -> Count:
    assert casualty is not None
    quantity = casualty.quantity
    start, end = mention.sentence.span(quantity.start, quantity.end)
    return Count(
        min=quantity.min,
        max=quantity.max,
        approximate=quantity.approximate,
        text=doc.text[start:end],
    )


def _confidence(record: EventRecord) -> float:
    best = max(mention.confidence() for mention in record.mentions)
    if record.first.detected is not None:  # calibrated: no bonus for repeats
        return best
    score = best + MERGE_BONUS * (len(record.mentions) - 1)
    return round(min(score, MAX_CONFIDENCE), 3)


def _mention_spans(doc: Document, record: EventRecord) -> list[MentionSpan]:
    spans = []
    for mention in record.mentions:
        for hit in sorted(mention.triggers, key=lambda hit: hit.start):
            trigger = _words_span(doc, mention.sentence, hit.start, hit.end)
            spans.append(MentionSpan(trigger=trigger, sentence=mention.sentence.index))
    return spans


def _words_span(doc: Document, sentence: SentenceWords, start: int, end: int) -> TextSpan:
    """Words [start, end) of `sentence` as a span of tokens and of the original text."""
    tokens = sentence.tokens(start, end)
    first, last = doc.token_offsets(tokens)
    return TextSpan(text=doc.text[first:last], start=first, end=last, token_span=tokens)
