"""Which mentions of an article tell of the same real-world event (within-article merging).

Mentions come in text order. A continuation of a statement (`وأضاف`, `وأوضح`: a trigger the
lexicon marks `continues`) joins the latest statement record of its modality before it whose
speaker it names, or the latest when it names none, by rule: in the gold train split every
such mention is a later mention of the statement told before it. A noun that names its event
by the place right after it (`هجوم سوروتش`, later `اعتداء سوروتش`) joins the latest record of
its type named by that place, on no other day, by rule too. Every other mention is
compared with every record of its type built so far and
joins the one the pair model (`models/events/merging.json`, trained by `make train-events` on
the gold corpus's train split, `pipeline/training/events_merging.py`) finds likeliest to be
the same event, when that probability reaches the model's threshold; where it reaches it for
no record, a bare anaphor (a definite noun, `التفجير`, naming no other place, day or party)
joins the latest record of its type and modality by rule; otherwise the mention starts a
record of its own. A record that holds a mention of the same sentence is not compared (the
sentence's mentions were merged or kept apart by `mentions.py` already). A described attack,
then `الهجوم` or `الانفجار` a few sentences on: one record; a ceasefire in Zabadani and one
in Idlib, or two strikes on two towns: two.

What the model reads of a (record so far, new mention) pair (`pair_features`): whether the
mention's trigger has the lemma of one of the record's, and the lemma itself; whether it is
definite (an anaphor such as `الهجوم`), a verb or a noun, preceded or followed by a referring
word (`هذا`, `الأخير`); the sentence distance to the record's last and first mentions; how many
records of the type were opened since the record's last mention, and how many are open;
whether places, dates, killed counts and subtypes agree, conflict or are known on one side
only (a place may also lie in the other: `حلب` and `سوريا`); named participants shared and
new; both modalities; the record's size; what the rules say (`merge_rules.py`); and the
lemma match and the anaphor each with the gap and the place agreement. Each feature is also
crossed with the type, so one model learns what each type needs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pipeline.dates import within_date
from pipeline.document import Entity
from pipeline.event_types import event_types
from pipeline.events.detection import DEFINITE_PREFIXES, DetectionModel, cue_words
from pipeline.events.mentions import (
    COUNTRY,
    GOVERNORATE,
    EventMention,
    place_key,
    site_and_namesake,
)
from pipeline.events.merge_rules import dates_conflict, same_event_by_rules
from pipeline.events.modality import VERB_CLASSES
from pipeline.events.triggers import TriggerLexicon
from pipeline.lang.ar.clitics import definite_stem

MODEL_FILE = Path("events") / "merging.json"
PLACE_LABEL = "LOC"
# the pair model has the detection model's form (hashed logistic regression, Platt scaling,
# threshold), so the same class reads, scores and writes it
PairModel = DetectionModel


@dataclass(slots=True)
class EventRecord:
    """The mentions of one event, in text order."""

    mentions: list[EventMention] = field(default_factory=list)

    @property
    def first(self) -> EventMention:
        return self.mentions[0]

    @property
    def last(self) -> EventMention:
        return self.mentions[-1]


SameEvent = Callable[[EventRecord, EventMention, "Context"], float]


@dataclass(slots=True)
class Context:
    """Where a comparison stands: the records of the mention's type opened so far."""

    records: list[EventRecord]
    position: int  # index of the compared record among them

    @property
    def opened_since(self) -> int:
        """Records of the type opened after the compared record's last mention."""
        last = self.records[self.position].last
        return sum(1 for r in self.records if _before(last, r.first))


def cluster(
    mentions: Iterable[EventMention], same_event: SameEvent, threshold: float
) -> list[EventRecord]:
    """Records of `mentions` (in text order): a continuation (`وأضاف`) joins the latest
    record of its type it may join; any other mention joins the record of its type with the
    highest `same_event` score if it reaches `threshold`, else, a bare anaphor, the record
    it refers back to (`_referred_to`), else opens one."""
    records: list[EventRecord] = []
    by_type: dict[str, list[EventRecord]] = {}
    for mention in mentions:
        open_records = by_type.setdefault(mention.type, [])
        continued = _continued(open_records, mention) or _named_alike(open_records, mention)
        if continued is not None:
            continued.mentions.append(mention)
            continue
        scores = [
            same_event(record, mention, Context(open_records, index))
            if comparable(record, mention)
            else 0.0
            for index, record in enumerate(open_records)
        ]
        if scores and max(scores) >= threshold:  # the earliest of the best, on a tie
            open_records[scores.index(max(scores))].mentions.append(mention)
            continue
        referred = _referred_to(open_records, mention) or _among_parties(open_records, mention)
        if referred is not None:
            referred.mentions.append(mention)
            continue
        record = EventRecord([mention])
        records.append(record)
        open_records.append(record)
    return records


def _continued(records: list[EventRecord], mention: EventMention) -> EventRecord | None:
    """The record a continuation goes on with, among those of its type and modality (never
    one of its own sentence): the latest whose speaker it names (`وأضاف لافروف`), or, when it
    names none, the latest. A continuation naming a speaker no record has is left to the
    pair model (another speaker's first statement may have been missed)."""
    if not mention.hit.continues:
        return None
    speakers = _speakers([mention])
    return _latest_joinable(
        records, mention, lambda record: not speakers or bool(speakers & _speakers(record.mentions))
    )


def _latest_joinable(
    records: list[EventRecord], mention: EventMention, fits: Callable[[EventRecord], bool]
) -> EventRecord | None:
    """The latest record a rule lets `mention` join: one of another sentence, of the
    mention's modality, that `fits` says the rule accepts."""
    joinable = [
        record
        for record in records
        if comparable(record, mention)
        and record.first.modality == mention.modality
        and fits(record)
    ]
    return max(joinable, key=lambda record: _position(record.last), default=None)


def _named_alike(records: list[EventRecord], mention: EventMention) -> EventRecord | None:
    """The latest record of the type that names its event by the place the mention's noun
    names it by (`هجوم سوروتش` … `اعتداء سوروتش`), on no other day: an event called by its
    place is one event wherever the article calls it so."""
    place = _named_by_place(mention)
    if place is None:
        return None
    return _latest_joinable(
        records,
        mention,
        lambda record: (
            any(_named_by_place(m) == place for m in record.mentions)
            and not dates_conflict(record, mention)
        ),
    )


def _referred_to(records: list[EventRecord], mention: EventMention) -> EventRecord | None:
    """The latest record of the type a bare anaphor refers back to, where the pair model
    joined it to none: a definite noun (`التفجير`, `الاشتباكات`) that says nothing the record
    contradicts (no other place, no other day, no named party it lacks) is how the text
    names an event it has told already, not a new one."""
    if not is_anaphor(mention):
        return None
    return _latest_joinable(records, mention, lambda record: _adds_nothing_else(record, mention))


def _among_parties(records: list[EventRecord], mention: EventMention) -> EventRecord | None:
    """The latest record of talks between two or more named parties that every party the
    mention names belongs to, on no other day and at no other place, where the pair model
    joined it to none: `أجرينا محادثات مع دي ميستورا`, `مباحثاته مع لافروف` after Lavrov met
    de Mistura are that meeting (types that merge by participants, `event_types.json`)."""
    if not event_types()[mention.type].merges_by_participants:
        return None
    parties = _participants([mention])
    if not parties:
        return None

    def holds_them(record: EventRecord) -> bool:
        known = _participants(record.mentions)
        return len(known) >= 2 and parties <= known and _adds_nothing_else(record, mention)

    return _latest_joinable(records, mention, holds_them)


def _adds_nothing_else(record: EventRecord, mention: EventMention) -> bool:
    """No place outside the record's, no other day, no named party the record lacks. Only
    places sure enough to be written count: one below the place threshold is often the
    topic's (`بحث اللقاء الأزمة في سوريا`), not the event's."""
    places = [m.location for m in record.mentions if m.location and m.location_confident]
    place = mention.location if mention.location_confident else None
    if _place_agreement(places, place) == "conflict":
        return False
    if dates_conflict(record, mention):
        return False
    return not _participants([mention]) - _participants(record.mentions)


def _named_by_place(mention: EventMention) -> str | None:
    """The place a noun trigger names its event by, the name right after it (`هجوم
    سوروتش`, `مجزرة الحولة`), by its place key; else None."""
    if mention.hit.word_class in VERB_CLASSES or mention.hit.end >= len(mention.sentence.words):
        return None
    entity = mention.sentence.words[mention.hit.end].entity
    if entity is None or entity.label != PLACE_LABEL:
        return None
    if mention.sentence.entity_words(entity)[0] != mention.hit.end:
        return None
    return place_key(entity)


def _speakers(mentions: list[EventMention]) -> set[str]:
    """The named agents of `mentions`: who speaks, for a statement."""
    return _participants(mentions, role="agent")


def _position(mention: EventMention) -> tuple[int, int]:
    return mention.sentence.index, mention.hit.start


def comparable(record: EventRecord, mention: EventMention) -> bool:
    """Mentions of one sentence that `mentions.py` kept apart stay apart: a mention never
    joins a record that holds a mention of its sentence."""
    return all(m.sentence.index != mention.sentence.index for m in record.mentions)


def model_score(model: PairModel) -> SameEvent:
    """The pair model's calibrated probability as a `same_event` score."""

    def score(record: EventRecord, mention: EventMention, context: Context) -> float:
        return model.probability(pair_features(record, mention, context))

    return score


def lead(record: EventRecord) -> EventMention:
    """The record's clearest mention: the first that is not a definite noun (a verb, or a
    noun without the article: `انفجار` before `الانفجار`), else the first."""
    return next((m for m in record.mentions if not is_anaphor(m)), record.first)


def is_anaphor(mention: EventMention) -> bool:
    """A definite noun trigger (`الهجوم`, `والقصف`): how the text refers back to an event."""
    key = mention.sentence.words[mention.hit.start].key
    return mention.hit.word_class == "N" and key.startswith(DEFINITE_PREFIXES)


# --- features --------------------------------------------------------------------------------


def pair_features(record: EventRecord, mention: EventMention, context: Context) -> list[str]:
    """What the pair model reads of (record so far, new mention); every feature also with the
    mention's type."""
    triggers = _trigger_features(record, mention)
    distance = _distance_features(record, mention, context)
    arguments = _argument_features(record, mention)
    plain = [*triggers, *distance, *arguments, f"rules={same_event_by_rules(record, mention)}"]
    # how the mention refers (repeated lemma, anaphor) read together with how far back it
    # points and whether the places agree
    reference = [triggers[0], "anaphor" if is_anaphor(mention) else "not_anaphor"]
    plain += [f"{cue}&{other}" for cue in reference for other in (distance[0], arguments[0])]
    return [*plain, *(f"{mention.type}|{feature}" for feature in plain)]


def _trigger_features(record: EventRecord, mention: EventMention) -> list[str]:
    lemma = trigger_lemma(mention)
    lemmas = {trigger_lemma(m) for m in record.mentions}
    first_key = mention.sentence.words[mention.hit.start].key
    features = [
        "same_lemma" if lemma in lemmas else "other_lemma",
        f"lemma={lemma}",
        f"form={mention.hit.word_class}",
        f"record_form={record.first.hit.word_class}",
        f"modality={record.first.modality}>{mention.modality}",
        f"size={min(len(record.mentions), 3)}",
    ]
    if is_anaphor(mention):
        features.append("anaphor")
    elif first_key.startswith(DEFINITE_PREFIXES):
        features.append(f"definite_{mention.hit.word_class}")
    words = mention.sentence.words
    before = words[mention.hit.start - 1].key if mention.hit.start > 0 else None
    after = words[mention.hit.end].key if mention.hit.end < len(words) else None
    if before in cue_words("referring") or after in cue_words("referring"):
        features.append("referring")
    features.append("subtype=" + _agreement(_subtypes(record), mention.subtype))
    return features


def _distance_features(record: EventRecord, mention: EventMention, context: Context) -> list[str]:
    since_last = mention.sentence.index - record.last.sentence.index
    since_first = mention.sentence.index - record.first.sentence.index
    return [
        f"gap={_bucket(since_last, (0, 1, 2, 4, 8))}",
        f"span={_bucket(since_first, (0, 2, 5, 10))}",
        f"opened_since={min(context.opened_since, 2)}",
        f"open={min(len(context.records), 3)}",
        f"latest={context.position == len(context.records) - 1}",
    ]


def _argument_features(record: EventRecord, mention: EventMention) -> list[str]:
    places = [m.location for m in record.mentions if m.location]
    times = {m.time.value for m in record.mentions if m.time and m.time.value}
    killed = {_bounds(m) for m in record.mentions if m.killed}
    mine = _participants([mention])
    theirs = _participants(record.mentions)
    return [
        "place=" + _place_agreement(places, mention.location),
        "time=" + _time_agreement(times, mention.time.value if mention.time else None),
        "killed=" + _agreement(killed, _bounds(mention) if mention.killed else None),
        f"shared_actors={min(len(mine & theirs), 2)}",
        f"new_actors={min(len(mine - theirs), 2)}",
    ]


def _time_agreement(known: set[str], value: str | None) -> str:
    """As `_agreement`, a month or year agreeing with the days it holds (`2015-07` and
    `2015-07-21`: one report names the month, another the day)."""
    found = _agreement(known, value)
    if found == "conflict" and any(within_date(value, date) for date in known):
        return "same"
    return found


def _agreement(known: set, value: object) -> str:
    """How a mention's value stands to the record's values: same, conflict, or one side."""
    if value is None:
        return "record_only" if known else "neither"
    if not known:
        return "mention_only"
    return "same" if value in known else "conflict"


def _place_agreement(places: list[Entity], place: Entity | None) -> str:
    """As `_agreement`, with `nested` for a place that lies in one of the record's (or holds
    one): `حلب` and `سوريا`, a town and its governorate."""
    keys = {place_key(known) for known in places}
    found = _agreement(keys, place_key(place) if place else None)
    if found != "conflict":
        return found
    assert place is not None
    if any(site_and_namesake(place, known) for known in places):  # `مطار كويرس`, `كويرس`
        return "same"
    return "nested" if any(_nested(place, known) for known in places) else "conflict"


def _nested(first: Entity, second: Entity) -> bool:
    a, b = first.canonical, second.canonical
    if a is None or b is None:
        return False
    if COUNTRY in (a.kind, b.kind):
        return a.country is not None and a.country == b.country
    if GOVERNORATE in (a.kind, b.kind) and a.areas and b.areas:
        return a.areas.admin1_pcode is not None and a.areas.admin1_pcode == b.areas.admin1_pcode
    return False


def _subtypes(record: EventRecord) -> set[str]:
    return {m.subtype for m in record.mentions if m.subtype}


def _bounds(mention: EventMention) -> tuple[int | None, int | None]:
    assert mention.killed is not None
    return mention.killed.quantity.min, mention.killed.quantity.max


def _participants(mentions: list[EventMention], role: str | None = None) -> set[str]:
    """The named actors of `mentions` (of `role` only, when given), by cluster."""
    entities = [
        a.candidate.entity
        for m in mentions
        for a in m.actors
        if a.candidate.entity and (role is None or a.role == role)
    ]
    return {entity.cluster or entity.normalized for entity in entities}


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _before(mention: EventMention, other: EventMention) -> bool:
    return _position(mention) < _position(other)


def trigger_lemma(mention: EventMention) -> str:
    """The lexicon lemma of the trigger's first word (`الانفجار`, `انفجارا` → `انفجار`), else
    the word without its article and proclitics."""
    key = mention.sentence.words[mention.hit.start].key
    lemmas = _lemmas_of(key)
    return lemmas[0] if lemmas else definite_stem(key)


@cache
def _lemmas_of(key: str) -> tuple[str, ...]:
    return tuple(sorted(lemma for _, lemma in TriggerLexicon.packaged().forms.lookup(key)))
