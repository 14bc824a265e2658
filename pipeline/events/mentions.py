"""Event mentions of one sentence: triggers with their modality and arguments.

A sentence's triggers become mentions, except those inside an organisation's name (`الهيئة
العليا للمفاوضات` names a body, not talks: no event of the gold train and dev splits lies in
one); a killing word (`مقتل`) joins the attack or clash of
its sentence (its victims become that event's targets) and stands as an ATTACK of its own
only when the sentence reports none; mentions of one type in one sentence that do not
disagree on subtype or place and have no contrast word between them (`فيما`, `بينما`) are
one mention, and so are two whose triggers stand side by side (`تفجير انتحاري`, whatever
their subtypes), and so are a statement's several acts (`أدانت … واتهمت`) and a visit with
the meeting held during it (`زار … حيث التقى`; event_types.json `acts_in_one_sentence`);
each casualty count goes to the nearest attack or clash.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace

from pipeline.document import Document, Entity, TimeMention
from pipeline.event_types import event_types
from pipeline.events.arguments import (
    Actor,
    actor_candidates,
    assign_roles,
    event_location,
    event_time,
)
from pipeline.events.casualties import Casualty, sentence_casualties
from pipeline.events.modality import VERB_CLASSES, modality
from pipeline.events.triggers import TriggerHit, TriggerLexicon
from pipeline.events.words import SentenceWords, sentence_words
from pipeline.events.wordsets import exact_words
from pipeline.lang.ar.clitics import first_word_forms
from pipeline.lang.ar.names import site_named_after

ORGANISATION = "ORG"
ARGUMENT_BONUS = 0.03  # confidence added by each argument found (actors, place, date, count)
MAX_CONFIDENCE = 0.99
COUNTRY, GOVERNORATE = "country", "governorate"  # the place kinds that hold others


@dataclass(slots=True)
class EventMention:
    sentence: SentenceWords
    hit: TriggerHit
    modality: str
    actors: list[Actor] = field(default_factory=list)
    location: Entity | None = None
    # whether the record may write `location`: false where the attachment model chose it below
    # its place threshold (the place still informs detection and merging, as in training)
    location_confident: bool = True
    time: TimeMention | None = None
    killed: Casualty | None = None
    injured: Casualty | None = None
    triggers: list[TriggerHit] = field(default_factory=list)  # every trigger merged in
    reported: float | None = None  # the reporting model's probability, where it scored it
    detected: float | None = None  # the detection model's calibrated probability, where it ran

    def __post_init__(self) -> None:
        if not self.triggers:
            self.triggers.append(self.hit)

    @property
    def confidence_source(self) -> str:
        """Where `confidence()` comes from (the event's `confidence_source`)."""
        if self.detected is not None:
            return "detection-model"
        return "reporting-model" if self.reported is not None else "trigger-rules"

    @property
    def type(self) -> str:
        return self.hit.type

    @property
    def subtype(self) -> str | None:
        return self.hit.subtype

    def confidence(self) -> float:
        """The detection model's probability where it ran; else the reporting model's where it
        scored the mention; otherwise the trigger's weight plus a little per argument found."""
        if self.detected is not None:
            return round(self.detected, 3)
        if self.reported is not None:
            return round(self.reported, 3)
        found = [bool(self.actors), self.location, self.time, self.killed or self.injured]
        score = self.hit.weight + ARGUMENT_BONUS * sum(1 for item in found if item)
        return round(min(score, MAX_CONFIDENCE), 3)


def document_mentions(
    doc: Document, lexicon: TriggerLexicon
) -> list[tuple[SentenceWords, list[EventMention]]]:
    """Each sentence of the document with its event mentions (uses the parse where it ran)."""
    return [(sentence, sentence_mentions(sentence, lexicon)) for sentence in sentence_words(doc)]


def sentence_mentions(sentence: SentenceWords, lexicon: TriggerLexicon) -> list[EventMention]:
    """The event mentions of one sentence, with their arguments."""
    keys = sentence.keys
    hits = [hit for hit in lexicon.find(keys) if not _inside_an_organisation_name(sentence, hit)]
    if not hits:
        return []
    candidates = actor_candidates(sentence, trigger_words(hits))
    mentions = [_mention(sentence, hit, keys, candidates) for hit in hits]
    mentions = _absorb_outcomes(mentions)
    mentions = _merge_same_type(mentions)
    _attach_casualties(mentions, sentence_casualties(sentence))
    return mentions


def trigger_words(hits: list[TriggerHit]) -> frozenset[int]:
    """The sentence's words that are verb triggers: no actor phrase runs over them (a noun
    trigger may be part of one: `وفد المفاوضات`)."""
    return frozenset(i for hit in hits if _is_verb(hit) for i in range(hit.start, hit.end))


def _inside_an_organisation_name(sentence: SentenceWords, hit: TriggerHit) -> bool:
    """Every word of the trigger lies in one organisation's name."""
    words = sentence.words[hit.start : hit.end]
    first = words[0].entity
    if first is None or first.label != ORGANISATION:
        return False
    return all(word.entity is not None and word.entity.id == first.id for word in words)


def _mention(
    sentence: SentenceWords,
    hit: TriggerHit,
    keys: list[str],
    candidates: list,
) -> EventMention:
    return EventMention(
        sentence=sentence,
        hit=hit,
        modality=modality(keys, hit),
        actors=assign_roles(sentence, hit, candidates),
        location=event_location(sentence, hit),
        time=event_time(sentence, hit),
    )


def _absorb_outcomes(mentions: list[EventMention]) -> list[EventMention]:
    """Killing words join the sentence's attack or clash; alone, the first is an ATTACK."""
    events = [m for m in mentions if not m.hit.outcome]
    outcomes = [m for m in mentions if m.hit.outcome]
    violent = [m for m in events if _takes_casualties(m)]
    if not violent and outcomes:
        violent = [outcomes.pop(0)]
        events.append(violent[0])
    for outcome in outcomes:
        nearest = _nearest(violent, outcome.hit.start)
        _take_roles(nearest, outcome.actors)
        nearest.triggers.append(outcome.hit)
    return sorted(events, key=lambda m: m.hit.start)


def _takes_casualties(mention: EventMention) -> bool:
    """Attacks and clashes (the registry's `casualties`): killings join them, counts go to them."""
    return event_types()[mention.type].casualties


def _merge_same_type(mentions: list[EventMention]) -> list[EventMention]:
    merged: list[EventMention] = []
    for mention in mentions:
        partner = next((m for m in merged if _same_event(m, mention)), None)
        if partner is None:
            merged.append(mention)
            continue
        _fold_into(partner, mention)
    return merged


def _same_event(first: EventMention, second: EventMention) -> bool:
    if first.type != second.type or first.modality != second.modality:
        return False
    if _adjacent(first, second):  # one phrase (`تفجير انتحاري`), whatever the subtypes say
        return True
    if _frames(first, second) or _frames(second, first):
        return True
    if _contrasted(first, second):
        return False
    spec = event_types()[first.type]
    subtypes_differ = not spec.compatible_subtypes(first.subtype, second.subtype)
    if subtypes_differ and not _acts_of_one_occasion(first, second):
        return False
    if first.location and second.location and not (points_back(first) or points_back(second)):
        return same_place(first.location, second.location)
    return True


def points_back(mention: EventMention) -> bool:
    """Whether the trigger is a noun right after a demonstrative (`هذه التفجيرات`, `ذلك
    الهجوم`): it names an event told before. A verb after one (`هذا وقصفت`, the opener `هذا
    و`) tells a new act."""
    start = mention.hit.start
    if start == 0 or _is_verb(mention.hit):
        return False
    before = mention.sentence.words[start - 1].key
    return not exact_words("mentions", "demonstratives").isdisjoint(first_word_forms(before))


def _frames(noun: EventMention, verb: EventMention) -> bool:
    """A noun trigger after `خلال` (`وخلال`) frames the verb's event (`التقيا … خلال اجتماع`)."""
    if not _is_verb(verb.hit) or _is_verb(noun.hit) or noun.hit.start == 0:
        return False
    before = noun.sentence.words[noun.hit.start - 1].key
    return not exact_words("mentions", "during").isdisjoint(first_word_forms(before))


def _acts_of_one_occasion(first: EventMention, second: EventMention) -> bool:
    """Two acts of one occasion, for a type whose acts in a sentence are one event: a
    statement that condemns, then accuses (`أدانت المعارضة الهجوم واتهمت النظام`), a visit
    and its meeting (`زار … حيث التقى`); a contrast word between them was ruled out before
    (`_contrasted`)."""
    return event_types()[first.type].acts_in_one_sentence


def _contrasted(first: EventMention, second: EventMention) -> bool:
    """A contrast word between the two (`فيما`, `بينما`, `في حين`): another act set beside
    the first (`استهدفته عشرات الغارات فيما لم يعلن … سوى عن ثلاث غارات على داعش`)."""
    left, right = sorted((first.hit.start, second.hit.start))
    words = first.sentence.words
    contrast = exact_words("mentions", "contrast")
    return any(words[position].key in contrast for position in range(left + 1, right))


def _adjacent(first: EventMention, second: EventMention) -> bool:
    """Whether a trigger of one mention directly follows a trigger of the other."""
    ends = {hit.end for hit in first.triggers} | {hit.start for hit in first.triggers}
    return any(hit.start in ends or hit.end in ends for hit in second.triggers)


def _fold_into(kept: EventMention, other: EventMention) -> None:
    """Merge `other` into `kept`; the more specific (or surer) trigger leads, except in a
    phrase, where the first word (the noun) leads with the subtype of the word after it
    (`تفجير انتحاري`: `تفجير`, suicide bombing), and where one is a verb and the other a noun:
    the verb says the event, the noun often only its means (`قصف الطيران بالبراميل
    المتفجرة`: `قصف`, with the barrel bombs' subtype), docs/annotation.md §3.3."""
    if _adjacent(kept, other):
        first, second = sorted((kept.hit, other.hit), key=lambda hit: hit.start)
        kept.hit = replace(first, subtype=second.subtype or first.subtype)
    elif _is_verb(kept.hit) != _is_verb(other.hit):
        verb, noun = (kept.hit, other.hit) if _is_verb(kept.hit) else (other.hit, kept.hit)
        kept.hit, other.hit = replace(verb, subtype=_verb_subtype(kept.type, verb, noun)), noun
    elif (other.subtype and not kept.subtype) or (
        bool(other.subtype) == bool(kept.subtype) and other.hit.weight > kept.hit.weight
    ):
        kept.hit, other.hit = other.hit, kept.hit
    _add_actors(kept, other.actors)
    kept.triggers.extend(other.triggers)
    if kept.location is None or (points_back(kept) and other.location is not None):
        kept.location = other.location
    kept.time = kept.time or other.time


def _verb_subtype(event_type: str, verb: TriggerHit, noun: TriggerHit) -> str | None:
    """The verb's subtype, else the noun's; the noun's where it is a kind of the verb's
    (`استهدفت … انتحاريون`: a bombing that is a suicide bombing)."""
    spec = event_types()[event_type]
    if spec.compatible_subtypes(verb.subtype, noun.subtype):
        return spec.narrower_subtype(verb.subtype, noun.subtype)
    return verb.subtype


def _is_verb(hit: TriggerHit) -> bool:
    return hit.word_class in VERB_CLASSES


def _take_roles(mention: EventMention, actors: list[Actor]) -> None:
    """Add a killing word's actors to the attack it joins, in the roles the killing word gives
    them: who it says died, or killed, is read from it, not from the attack's word order
    (`قتل ثلاثة مدنيين في قصف`: the civilians are no agent of the shelling)."""
    for actor in actors:
        known = [k for k in mention.actors if k.candidate == actor.candidate]
        if known:
            mention.actors = [actor if k is known[0] else k for k in mention.actors]
        else:
            mention.actors.append(actor)


def _add_actors(mention: EventMention, actors: list[Actor]) -> None:
    for actor in actors:
        if all(actor.candidate != known.candidate for known in mention.actors):
            mention.actors.append(actor)


def _attach_casualties(mentions: list[EventMention], casualties: list[Casualty]) -> None:
    violent = sorted((m for m in mentions if _takes_casualties(m)), key=lambda m: m.hit.start)
    if not violent:
        return
    for casualty in casualties:
        nearest = _nearest(violent, casualty.word)
        if casualty.kind == "killed" and nearest.killed is None:
            nearest.killed = casualty
        elif casualty.kind == "injured" and nearest.injured is None:
            nearest.injured = casualty


def _nearest(mentions: list[EventMention], position: int) -> EventMention:
    """The mention whose trigger starts nearest `position` (mentions in text order)."""
    starts = [m.hit.start for m in mentions]
    index = bisect.bisect_left(starts, position)
    neighbours = mentions[max(0, index - 1) : index + 1]
    return min(neighbours, key=lambda m: abs(m.hit.start - position))


def same_place(first: Entity, second: Entity) -> bool:
    """One place for merging: the same key, or a site and the place it is named after."""
    return place_key(first) == place_key(second) or site_and_namesake(first, second)


def site_and_namesake(first: Entity, second: Entity) -> bool:
    """A site the knowledge base does not hold and the place it is named after (`مطار كويرس`,
    `كويرس`), either way round: one place for merging, since a report names the airport and
    then the town for it. A site with an entry of its own (`مطار دمشق الدولي`) is its own
    place."""
    return _unknown_site_of(first, second) or _unknown_site_of(second, first)


def _unknown_site_of(site: Entity, place: Entity) -> bool:
    known = site.canonical is not None and site.canonical.kb_id is not None
    return not known and site_named_after(site.normalized, place.normalized)


def place_key(place: Entity) -> str:
    """What tells places apart: the knowledge-base id, else the normalised name."""
    if place.canonical and place.canonical.kb_id:
        return place.canonical.kb_id
    return place.normalized


def lies_within(inner: Entity, outer: Entity) -> bool:
    """Whether place `inner` lies in place `outer` by the knowledge base: a place of a country
    in that country (`دياربكر` in `تركيا`), a place of a governorate in it (`منبج` in
    `محافظة حلب`)."""
    a, b = inner.canonical, outer.canonical
    if a is None or b is None or place_key(inner) == place_key(outer):
        return False
    if b.kind == COUNTRY:
        return a.kind != COUNTRY and a.country is not None and a.country == b.country
    if b.kind == GOVERNORATE and a.kind != COUNTRY and a.areas and b.areas:
        return a.areas.admin1_pcode is not None and a.areas.admin1_pcode == b.areas.admin1_pcode
    return False
