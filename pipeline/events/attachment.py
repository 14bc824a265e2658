"""Argument attachment: which words of a sentence fill which role of an event mention.

The rules of `arguments.py` (nearness, word order, the parse) and `casualties.py` propose;
a trained logistic model (`models/events/attachment.json`, `make train-events`,
`pipeline/training/events_attachment.py`) decides. Every (mention, candidate) pair of a
sentence is scored for each role it could fill:
- `agent`, `target`, `participant`: the sentence's actor candidates (people, organisations,
  countries named as actors, unnamed actor phrases such as `قوات النظام`, `مسلحون`);
- `place`: its places; `time`: its time expressions, except durations (`منذ ثلاث سنوات
  ونصف`); `killed`, `injured`: its casualty counts.

What the model reads of a pair (`pair_features`): the side and distance in words from the
nearest trigger of the mention; the preposition or proclitic before the candidate (`في`,
`على`, `ضد`, `مع`, `بين`, ب, ل; `resources/event_attachment.json`); clause breaks,
clause-opening words (`أن`, `الذي`, `بعد`) and quotation marks between them; a speech verb
between them or next to the candidate (the speaker of reported speech, a news outlet:
`قال المرصد`, `بحسب رويترز`); another trigger between them or nearer the candidate; the
trigger's type, form and frame; the candidate's entity label, KB actor category and place
kind; for times whether it is relative, an elapsed time (`منذ ثلاثة أيام`) or a day
something has gone on since (`منذ صباح أمس`); the dependency relation to the trigger where
the parse ran; and what the rules chose. Each feature is crossed with the role, and a few
with the type.

An actor candidate takes its most probable role when that probability reaches the role's
threshold (chosen on the gold dev split with the out-of-fold scores of train); a place, a
time and each casualty kind take the most probable candidate of the sentence above a floor
(`SLOT_FLOOR`), as the detection and merging models read them, but the record writes the
place only where it reaches the place's threshold (chosen like the actors': a wrong place is
worse than none; `EventMention.location_confident`). A place candidate above the floor that
lies within the chosen place and is named beside it, in its clause, then stands for it (`في
سوريا قرب مدينة الحسكة`: Hasakah; the guidelines give the most specific place): it refines a
place the model chose, so it is written where that place would be.

Two rules follow the model: the people the event's own casualty count counts, or who are
that count, are its victims, never its agent (`مقتل محسن الفضلي`); and whom a directed
event is attributed to, or who carried it out, right after its trigger is its agent (`هجوم
نسب إلى تنظيم داعش`, `هجوم نفذه تنظيم الدولة`; `attribution` and `carried_out_by` in
`resources/event_attachment.json`). A time between a speech verb and the `أن` or `إن` of
what was said dates the saying, and is no candidate for an event told after it (`قالت الوزارة
أمس إن انفجارا …`).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pipeline import resources
from pipeline.dates import parse_document_date
from pipeline.document import Document, Entity, EventTime, TimeMention
from pipeline.event_types import event_types
from pipeline.events.arguments import (
    Actor,
    Candidate,
    actor_candidates,
    is_locative,
    killed_them,
    place_candidates,
)
from pipeline.events.casualties import Casualty, sentence_casualties
from pipeline.events.detection import cue_words, sigmoid
from pipeline.events.mentions import EventMention, lies_within, trigger_words
from pipeline.events.modality import ASSERTED
from pipeline.events.reporting import DEFAULT_DIMENSIONS, feature_vector
from pipeline.events.triggers import TriggerHit
from pipeline.events.words import SentenceWords
from pipeline.events.wordsets import exact_words
from pipeline.kb.actors import actor_category
from pipeline.lang.ar.clitics import definite_stem

RESOURCE = "event_attachment.json"
MODEL_FILE = Path("events") / "attachment.json"
ACTOR_ROLES = ("agent", "target", "participant")
SLOT_ROLES = ("place", "time", "killed", "injured")
ROLES = ACTOR_ROLES + SLOT_ROLES
# a slot (place, time, count) takes its likeliest candidate whenever the sentence offers one
# above this floor, as the rules did: an event row wants a place where the text gives one, and
# what the model adds is which one (F1-chosen cuts left dev events without their place)
SLOT_FLOOR = 0.05
PLACE_BESIDE_WORDS = 3  # `في سوريا قرب مدينة الحسكة`: a finer place named beside the chosen one
DISTANCES = (0, 1, 2, 4, 8, 15)  # upper bounds of the distance buckets, in words
VICTIM_REACH = 3  # words from a killing or injuring word to the people it counts
SPEECH_REACH = 2  # words between a speech verb and the candidate it introduces
REPORT_REACH = 6  # words from a speech verb to the time of its saying (`قالت الوزارة في بيان أمس`)
DURATION_GRANULARITIES = ("month", "year")
DAY = "day"
CONTEXT = "context"  # `EventTime.source` of a date carried from an earlier sentence
NEWS_DAYS = 7  # how far before the article's date a day of its news lies
REPORTER_AS_PARTY = 0.9  # a speaker or outlet is a party only on the model's strong evidence
ATTRIBUTION_REACH = 3  # words from a trigger to the verb attributing it (`هجوم انتحاري نسب`)
ATTRIBUTED_REACH = 3  # words from that verb to whom it names (`نسبته السلطات إلى التمرد`)
ATTRIBUTED_MARKS = ("ل", "الي")  # the preposition before whom an event is attributed to
TYPED = ("side_distance", "rule")


@cache
def attachment_words(name: str) -> frozenset[str]:
    """The word list `name` of `resources/event_attachment.json`."""
    return frozenset(json.loads(resources.read_text(RESOURCE))[name])


@dataclass(slots=True)
class SentenceArguments:
    """What a sentence offers as arguments, found once for all its mentions."""

    sentence: SentenceWords
    mentions: list[EventMention]
    actors: list[Candidate]
    places: list[Entity]
    times: list[TimeMention]
    casualties: list[Casualty]
    time_words: dict[str, tuple[int, int]] = field(default_factory=dict)
    # head and relation of each parsed token, by its index in `Document.tokens`
    dependencies: dict[int, tuple[int | None, str | None]] = field(default_factory=dict)


def sentence_arguments(sentence: SentenceWords, mentions: list[EventMention]) -> SentenceArguments:
    """The candidates of `sentence` for the arguments of its `mentions`."""
    triggers = trigger_words([hit for mention in mentions for hit in mention.triggers])
    found = SentenceArguments(
        sentence=sentence,
        mentions=mentions,
        actors=actor_candidates(sentence, triggers),
        places=place_candidates(sentence),
        times=list(sentence.times),
        casualties=sentence_casualties(sentence),
    )
    for time in found.times:
        words = sentence.words_of(time.token_span) if time.token_span is not None else None
        if words is not None:
            found.time_words[time.id] = words
    for index, token in sentence.parsed:
        found.dependencies[index] = (token.head, token.deprel)
    return found


@dataclass(frozen=True, slots=True)
class Pair:
    """One role a candidate could fill for a mention, with the pair's features."""

    role: str
    item: Any  # Candidate, Entity (a place), TimeMention or Casualty
    span: tuple[int, int]  # the candidate's words [start, end)
    features: list[str]
    reporter: bool = False  # a speaker of reported speech or a news outlet


def mention_pairs(mention: EventMention, found: SentenceArguments) -> list[Pair]:
    """Every (role, candidate) pair of a mention, with its features."""
    pairs = []
    rule_roles = {(a.candidate.start, a.candidate.end): a.role for a in mention.actors}
    actor_spans = [(c.start, c.end) for c in found.actors]
    for candidate, span in zip(found.actors, actor_spans, strict=True):
        base = _common(mention, found, span, actor_spans) + _actor_features(found, candidate)
        rule = rule_roles.get(span)
        reporter = "speaker" in base or "outlet" in base
        for role in ACTOR_ROLES:
            features = _crossed(role, mention, base, rule == role)
            pairs.append(Pair(role, candidate, span, features, reporter))
    place_spans = [found.sentence.entity_words(place) for place in found.places]
    for place, span in zip(found.places, place_spans, strict=True):
        if _names_another_event(found, mention, span):
            continue
        base = _common(mention, found, span, place_spans) + _place_features(found, place)
        chosen = mention.location is place
        pairs.append(Pair("place", place, span, _crossed("place", mention, base, chosen)))
    times = [
        t
        for t in found.times
        if t.id in found.time_words
        and not is_duration(found, t)
        and not dates_the_report(found, t, mention)
    ]
    time_spans = [found.time_words[time.id] for time in times]
    for time, span in zip(times, time_spans, strict=True):
        base = _common(mention, found, span, time_spans) + _time_features(found, time)
        chosen = mention.time is time
        pairs.append(Pair("time", time, span, _crossed("time", mention, base, chosen)))
    if event_types()[mention.type].casualties:
        count_spans = [(c.quantity.start, c.quantity.end) for c in found.casualties]
        for casualty, span in zip(found.casualties, count_spans, strict=True):
            base = _common(mention, found, span, count_spans) + _count_features(casualty, found)
            chosen = casualty in (mention.killed, mention.injured)
            features = _crossed(casualty.kind, mention, base, chosen)
            pairs.append(Pair(casualty.kind, casualty, span, features))
    return pairs


def _crossed(role: str, mention: EventMention, base: list[str], chosen: bool) -> list[str]:
    base = [*base, f"rule={chosen}"]
    typed = [f for f in base if f.split("=", 1)[0] in TYPED]
    return [
        f"role={role}",
        f"{role}|type={mention.type}",
        *(f"{role}|{feature}" for feature in base),
        *(f"{role}|{mention.type}|{feature}" for feature in typed),
    ]


def _nearest_trigger(mention: EventMention, span: tuple[int, int]) -> TriggerHit:
    same_sentence = mention.triggers or [mention.hit]
    return min(same_sentence, key=lambda hit: _gap(hit.start, hit.end, span)[1])


def _gap(start: int, end: int, span: tuple[int, int]) -> tuple[str, int]:
    """Where words `span` lie from words [start, end): side and words between."""
    if span[0] >= end:
        return "after", span[0] - end
    if span[1] <= start:
        return "before", start - span[1]
    return "inside", 0


def _bucket(distance: int) -> int:
    return next((bound for bound in DISTANCES if distance <= bound), DISTANCES[-1] + 1)


def _common(
    mention: EventMention,
    found: SentenceArguments,
    span: tuple[int, int],
    peers: list[tuple[int, int]],
) -> list[str]:
    """Features of where the candidate stands from the mention's trigger, and among its
    `peers` (the candidates of its kind): the nearest on its side, the next one …"""
    sentence = found.sentence
    hit = _nearest_trigger(mention, span)
    side, distance = _gap(hit.start, hit.end, span)
    low, high = (hit.end, span[0]) if side == "after" else (span[1], hit.start)
    between = sentence.words[low:high] if side != "inside" else []
    breaks = sum(1 for word in between if word.key in exact_words("clause_breaks"))
    bucket = _bucket(distance - breaks)  # words, not punctuation
    nearer = sum(
        1
        for peer in peers
        if _gap(hit.start, hit.end, peer)[0] == side
        and _gap(hit.start, hit.end, peer)[1] < distance
    )
    features = [
        f"side={side}",
        f"side_distance={side}{bucket}",
        f"side_rank={side}{min(nearer, 2)}",
        f"form={hit.word_class}",
        f"outcome={hit.outcome}",
        f"frame={event_types()[mention.type].roles}",
        f"before={_word_before(sentence, span)}",
        f"breaks={min(breaks, 2)}",
    ]
    if any(word.key in attachment_words("clause_words") for word in between):
        features.append("clause_word_between")
    quotes = cue_words("quotes")
    if sum(1 for word in between if word.text in quotes) % 2 == 1:
        features.append("quote_between")
    speech = cue_words("speech")
    if any(word.key in speech for word in between):
        features.append("speech_between")
    near_before = sentence.words[max(0, span[0] - SPEECH_REACH) : span[0]]
    if any(word.key in speech for word in near_before):
        features.append("speech_before_candidate")
    near_after = sentence.words[span[1] : span[1] + SPEECH_REACH]
    if any(word.key in speech for word in near_after):
        features.append("speech_after_candidate")
    if is_speaker(sentence, span, hit):
        features.append("speaker")
    features += _other_triggers(mention, found, span, side, distance, (low, high))
    features += _dependency(found, mention, span)
    return features


def is_speaker(sentence: SentenceWords, span: tuple[int, int], hit: TriggerHit) -> bool:
    """The candidate introduces what is said and the event lies in it: `قال المرصد … إن
    قوات النظام قصفت`, `… بحسب رويترز` (a speech word next to the candidate, the trigger
    beyond it)."""
    speech = cue_words("speech")
    words = sentence.words
    before = [i for i in range(max(0, span[0] - SPEECH_REACH), span[0]) if words[i].key in speech]
    after = [
        i for i in range(span[1], min(len(words), span[1] + SPEECH_REACH)) if words[i].key in speech
    ]
    if before and (hit.start > span[1] or hit.end <= before[0]):
        return True
    return bool(after) and hit.start > after[0]


def _word_before(sentence: SentenceWords, span: tuple[int, int]) -> str:
    """The preposition or proclitic that marks the candidate, or `none`."""
    first = sentence.words[span[0]]
    if first.entity is not None and first.entity.start > first.start:
        clitic = first.text[: first.entity.start - first.start]
        for letter in ("ب", "ل", "ك"):
            if letter in clitic:
                return letter
    elif first.key.startswith(("بال", "وبال", "لل", "ولل")):
        return "ب" if "ب" in first.key[:2] else "ل"
    if span[0] == 0:
        return "start"
    previous = sentence.words[span[0] - 1].key
    if previous in attachment_words("prepositions"):
        return previous[1:] if previous.startswith("و") and len(previous) > 2 else previous
    if previous in exact_words("clause_breaks"):
        return "break"
    return "none"


def _other_triggers(
    mention: EventMention,
    found: SentenceArguments,
    span: tuple[int, int],
    side: str,
    distance: int,
    between: tuple[int, int],
) -> list[str]:
    features = []
    for other in found.mentions:
        if other is mention:
            continue
        for hit in other.triggers:
            if between[0] <= hit.start < between[1]:
                features.append("trigger_between")
            if _gap(hit.start, hit.end, span)[1] < distance and side != "inside":
                features.append("other_trigger_nearer")
    return sorted(set(features))


def _dependency(
    found: SentenceArguments, mention: EventMention, span: tuple[int, int]
) -> list[str]:
    """The candidate's relation to the trigger in the parse: a dependent, a grandchild."""
    if not found.dependencies:
        return []
    sentence = found.sentence
    trigger_tokens = set(range(*sentence.tokens(mention.hit.start, mention.hit.end)))
    relations = []
    for token, (head, deprel) in found.dependencies.items():
        if not span[0] <= sentence.word_of_token(token) < span[1]:
            continue
        if head in trigger_tokens:
            relations.append(f"dependency={deprel}")
        elif head is not None and found.dependencies.get(head, (None, None))[0] in trigger_tokens:
            relations.append(f"dependency=2:{deprel}")
    return sorted(set(relations)) or ["dependency=none"]


def _actor_features(found: SentenceArguments, candidate: Candidate) -> list[str]:
    entity = candidate.entity
    sentence = found.sentence
    whole = entity is not None and sentence.entity_words(entity) == (candidate.start, candidate.end)
    label = entity.label if whole and entity is not None else "PHRASE"
    features = [f"label={label}", f"words={min(candidate.end - candidate.start, 4)}"]
    if label == "PHRASE":
        features.append(f"head={definite_stem(sentence.words[candidate.start].key)}")
    link = entity.canonical if whole and entity is not None else None
    text = " ".join(word.text for word in sentence.words[candidate.start : candidate.end])
    features.append(f"category={_category(text, link, entity is not None)}")
    if is_outlet(link):
        features.append("outlet")
    if link is not None and link.kind:
        features.append(f"kind={link.kind}")
    rank = sum(1 for other in found.actors if other.start < candidate.start)
    features.append(f"rank={min(rank, 3)}")
    if any(counts_candidate(count, candidate) for count in found.casualties):
        features.append("counted")  # `ثلاثة مدنيين`: people counted are victims more often
    if any(c.word < candidate.start <= c.word + VICTIM_REACH for c in found.casualties):
        features.append("after_casualty_word")  # `قتل ثلاثة مدنيين`, `مقتل قائد`
    return features


def is_outlet(link: Any) -> bool:
    """A news outlet or agency: its CAMEO code has the media role (MED)."""
    actor = link.actor if link is not None else None
    return actor is not None and "MED" in (actor.cameo or "")


def _category(text: str, link: Any, holds_name: bool) -> str:
    if link is None:
        return _unnamed_category(text, holds_name)
    return actor_category(text, link, holds_name=holds_name)["category"]


@cache
def _unnamed_category(text: str, holds_name: bool) -> str:
    return actor_category(text, None, holds_name=holds_name)["category"]


def _place_features(found: SentenceArguments, place: Entity) -> list[str]:
    link = place.canonical
    features = [f"kind={link.kind if link else None}", f"located={bool(link and link.located)}"]
    if is_locative(found.sentence, place):
        features.append("locative")
    first, _ = found.sentence.entity_words(place)
    if any(c.entity is not place and c.start <= first < c.end for c in found.actors):
        features.append("inside_actor")
    elif first >= 2 and any(c.end == first - 1 for c in found.actors):
        # `مبعوث الأمم المتحدة إلى سوريا`, `سفير روسيا في دمشق`: the place qualifies an actor
        preposition = found.sentence.words[first - 1].key
        features.append(f"qualifies_actor={preposition}")
    features.append(f"places={min(len(found.places), 3)}")
    return features


def _names_another_event(
    found: SentenceArguments, mention: EventMention, span: tuple[int, int]
) -> bool:
    """A place right after the trigger of an event of another type is that event's name and
    place (`رسالة متعلقة بمفاوضات جنيف`: the talks'), not this one's."""
    return any(
        other.type != mention.type and any(hit.end == span[0] for hit in other.triggers)
        for other in found.mentions
    )


def is_duration(found: SentenceArguments, time: TimeMention) -> bool:
    """`منذ ثلاث سنوات ونصف`, `منذ أشهر`: an elapsed time counted in months or years says how
    long something has lasted, not when an event of the news took place (`منذ ثلاثة أيام`
    may be either, and is left to the model)."""
    start, _ = found.time_words[time.id]
    elapsed = found.sentence.words[start].key in attachment_words("ago")
    return elapsed and time.granularity in DURATION_GRANULARITIES


def dates_the_report(found: SentenceArguments, time: TimeMention, mention: EventMention) -> bool:
    """`قالت الوزارة في بيان أمس إن انفجارا …`: a time between a speech verb and the `أن` or
    `إن` that opens what was said dates the saying, not the event told after it (annotation
    guidelines, change v1.1 2)."""
    start, end = found.time_words[time.id]
    hit = _nearest_trigger(mention, (start, end))
    if hit.start < end:
        return False
    words = found.sentence.words
    complementisers = attachment_words("complementisers")
    if not any(word.key in complementisers for word in words[end : hit.start]):
        return False
    before = words[max(0, start - REPORT_REACH) : start]
    speech = cue_words("speech")
    for word in reversed(before):
        if word.key in complementisers:
            return False  # the time lies in what was said
        if word.key in speech:
            return True
    return False


def _time_features(found: SentenceArguments, time: TimeMention) -> list[str]:
    """`منذ ثلاث سنوات` (an elapsed time: as often a duration as a date) apart from `منذ
    صباح أمس` (since a day: the day is a date)."""
    start, _ = found.time_words[time.id]
    words = found.sentence.words
    ago = attachment_words("ago")
    features = [
        f"granularity={time.granularity}",
        f"relative={time.relative}",
        f"value={time.value is not None}",
        f"times={min(len(found.times), 3)}",
    ]
    if words[start].key in ago:
        features += ["elapsed", f"elapsed={time.granularity}"]
    elif start > 0 and words[start - 1].key in ago:
        features.append("since")
    return features


def _count_features(casualty: Casualty, found: SentenceArguments) -> list[str]:
    quantity = casualty.quantity
    same_kind = sum(1 for other in found.casualties if other.kind == casualty.kind)
    return [
        f"approximate={quantity.approximate}",
        f"open={quantity.max is None}",
        f"counts={min(same_kind, 3)}",
    ]


@dataclass(slots=True)
class AttachmentModel:
    """Hashed-feature logistic regression over (mention, candidate, role) with thresholds."""

    dimensions: int
    weights: dict[int, float]
    bias: float
    thresholds: dict[str, float]
    path: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def probability(self, features: list[str]) -> float:
        indexes = feature_vector(features, self.dimensions)
        norm = 1.0 / math.sqrt(len(indexes)) if indexes else 0.0
        return sigmoid(self.bias + norm * sum(self.weights.get(i, 0.0) for i in indexes))

    @classmethod
    def from_file(cls, path: Path) -> AttachmentModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        weights = {int(index): weight for index, weight in data["weights"].items()}
        extra = {k: v for k, v in data.items() if k not in _MODEL_KEYS}
        return cls(data["dimensions"], weights, data["bias"], data["thresholds"], path, extra)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.extra,
            "dimensions": self.dimensions,
            "thresholds": {role: round(value, 4) for role, value in self.thresholds.items()},
            "bias": round(self.bias, 6),
            "weights": {str(i): round(w, 6) for i, w in sorted(self.weights.items()) if w},
        }


_MODEL_KEYS = {"dimensions", "thresholds", "bias", "weights"}


def new_model(
    weights: dict[int, float], bias: float, dimensions: int = DEFAULT_DIMENSIONS
) -> AttachmentModel:
    """A model with the actor roles' thresholds at 0.5 (until they are chosen) and the
    slots' at their floor."""
    thresholds = {role: 0.5 if role in ACTOR_ROLES else SLOT_FLOOR for role in ROLES}
    return AttachmentModel(dimensions, weights, bias, thresholds)


def attach(mention: EventMention, found: SentenceArguments, model: AttachmentModel) -> None:
    """Replace the rules' arguments of `mention` by the model's choice. The place is chosen
    above the slot floor, as the detection and merging models were trained to read it, and
    marked confident (to be written) only when it reaches the place threshold; a finer place
    named beside it then takes its stead, under its confidence (`_finer_place`)."""
    scored = [(pair, model.probability(pair.features)) for pair in mention_pairs(mention, found)]
    proposing = {**model.thresholds, "place": min(model.thresholds["place"], SLOT_FLOOR)}
    chosen = decide_arguments(mention, scored, proposing)
    mention.location_confident = chosen.get("place", 0.0) >= model.thresholds["place"]
    mention.location = _finer_place(mention, scored, proposing["place"])
    for candidate in attributed_agents(mention, found):
        _make_agent(mention, candidate)


def attributed_agents(mention: EventMention, found: SentenceArguments) -> list[Candidate]:
    """The actors a directed event is attributed to right after its trigger: whom `إلى` or
    `ل` names after an attribution verb (`هجوم انتحاري نسب إلى تنظيم داعش`, `هجوم نسبته
    السلطات إلى التمرد الكردي`: the authorities who attribute it are no party), or the subject
    of a verb of carrying out (`هجوم نفذه ملثمون`). They are its agents."""
    if event_types()[mention.type].symmetric:
        return []
    sentence = found.sentence
    agents = []
    for verbs, agent_after in (("attribution", _attributed_to), ("carried_out_by", _subject_of)):
        positions = {_verb_after(sentence, hit.end, verbs) for hit in mention.triggers} - {None}
        agents += [c for c in found.actors if any(agent_after(sentence, v, c) for v in positions)]
    return agents


def _verb_after(sentence: SentenceWords, start: int, verbs: str) -> int | None:
    """The position of a verb of the list `verbs` within reach after word `start`, in its
    clause."""
    words = attachment_words(verbs)
    for position in range(start, min(len(sentence.words), start + ATTRIBUTION_REACH + 1)):
        key = sentence.words[position].key
        if key in words:
            return position
        if key in exact_words("clause_breaks"):
            return None
    return None


def _attributed_to(sentence: SentenceWords, verb: int, candidate: Candidate) -> bool:
    """Whether `إلى` or `ل` marks the candidate within reach after the attribution verb
    (`إلى تنظيم داعش`, `للتنظيم`, `لتنظيم`)."""
    if not verb < candidate.start <= verb + ATTRIBUTED_REACH:
        return False
    if _word_before(sentence, (candidate.start, candidate.end)) in ATTRIBUTED_MARKS:
        return True
    return "ل" in sentence.words[candidate.start].text[: candidate.proclitic]


def _subject_of(sentence: SentenceWords, verb: int, candidate: Candidate) -> bool:
    """Whether the candidate stands right after the verb, unmarked (`نفذه تنظيم الدولة`)."""
    return candidate.start == verb + 1 and candidate.proclitic == 0


def _make_agent(mention: EventMention, candidate: Candidate) -> None:
    span = (candidate.start, candidate.end)
    others = [a for a in mention.actors if (a.candidate.start, a.candidate.end) != span]
    actors = [*others, Actor("agent", candidate)]
    mention.actors = sorted(actors, key=lambda actor: actor.candidate.start)


def _finer_place(
    mention: EventMention, scored: list[tuple[Pair, float]], floor: float
) -> Entity | None:
    """The likeliest place candidate at or above `floor` that lies within the chosen place
    (the finer of the two) and is named beside it, in its clause (`في سوريا قرب مدينة
    الحسكة`: Hasakah, not Syria), else the chosen place: the guidelines give the most
    specific place the text names for the event. A place further on (`وقف إطلاق النار في
    سوريا، بحيث تشمل مدينة حلب`) may be a part the text singles out, not where it is."""
    place = mention.location
    if place is None:
        return None
    within = [
        (probability, pair.item)
        for pair, probability in scored
        if pair.role == "place"
        and probability >= floor
        and lies_within(pair.item, place)
        and _named_beside(mention.sentence, pair.item, place)
    ]
    return max(within, key=lambda item: item[0])[1] if within else place


def _named_beside(sentence: SentenceWords, place: Entity, other: Entity) -> bool:
    """At most `PLACE_BESIDE_WORDS` words between two places, none of them a clause break."""
    first, second = sorted((sentence.entity_words(place), sentence.entity_words(other)))
    between = sentence.words[first[1] : second[0]]
    breaks = exact_words("clause_breaks")
    return len(between) <= PLACE_BESIDE_WORDS and not any(w.text in breaks for w in between)


def decide_arguments(
    mention: EventMention, scored: list[tuple[Pair, float]], thresholds: dict[str, float]
) -> dict[str, float]:
    """Set the mention's arguments from scored pairs: each actor candidate its likeliest role
    at or above that role's threshold; each slot its likeliest candidate at or above its own.
    Returns the probability of each slot's chosen candidate. A place that is, or is named in,
    an agent or participant chosen (`شنت الولايات المتحدة غارات`) is that actor, not where the
    event happened: another place takes its stead, or, with none, it stays the
    mention's place for merging at probability 0, never written."""
    best_role: dict[int, tuple[float, str, Candidate]] = {}  # by id: entities are unhashable
    best_slot: dict[str, tuple[float, Any]] = {}
    places: list[tuple[float, Any]] = []
    for pair, probability in scored:
        if probability < thresholds[pair.role]:
            continue
        if pair.reporter and probability < REPORTER_AS_PARTY:
            continue  # who tells of an event is no party to it, unless the text says so
        if pair.role in ACTOR_ROLES:
            known = best_role.get(id(pair.item))
            if known is None or probability > known[0]:
                best_role[id(pair.item)] = (probability, pair.role, pair.item)
        elif pair.role == "place":
            places.append((probability, pair.item))
        else:
            known_slot = best_slot.get(pair.role)
            if known_slot is None or probability > known_slot[0]:
                best_slot[pair.role] = (probability, pair.item)
    chosen = sorted(best_role.values(), key=lambda item: item[2].start)
    # the one who acts is no place; a target may be (`شنت إسرائيل غارات على سوريا`)
    in_actors = [candidate.entity for _, role, candidate in chosen if role != "target"]
    free_places = [item for item in places if not any(item[1] is e for e in in_actors)]
    if free_places:
        best_slot["place"] = max(free_places, key=lambda item: item[0])
    elif places:  # kept for merging, which was trained on it, but never written
        best_slot["place"] = (0.0, max(places, key=lambda item: item[0])[1])
    mention.location = best_slot.get("place", (0.0, None))[1]
    mention.time = best_slot.get("time", (0.0, None))[1]
    mention.killed = best_slot.get("killed", (0.0, None))[1]
    mention.injured = best_slot.get("injured", (0.0, None))[1]
    counts = [count for count in (mention.killed, mention.injured) if count is not None]
    mention.actors = [
        Actor(_victim_role(role, candidate, counts, mention), candidate)
        for _, role, candidate in chosen
    ]
    return {role: probability for role, (probability, _) in best_slot.items()}


def _victim_role(
    role: str, candidate: Candidate, counts: list[Casualty], mention: EventMention
) -> str:
    """The people an event's own casualty count counts (`قتل ثلاثة مدنيين`, `عشرات من عناصر
    الأمن`), and the person or the one named that is the count (`مقتل محسن الفضلي`, `مقتل
    شرطي`), are its victims: never its agent; the one between a killing verb and the count
    killed them (`قتل مسلحون عشرات`): never its target."""
    words = mention.sentence.words
    if role == "agent" and any(
        counts_candidate(count, candidate)
        or is_count(count, candidate)
        or _counts_some_of(count, candidate, words)
        for count in counts
    ):
        return "target"
    if role == "target" and any(_killed_them(count, candidate, mention) for count in counts):
        return "agent"
    return role


def _counts_some_of(count: Casualty, candidate: Candidate, words: list[Any]) -> bool:
    """`عشرات من عناصر الأمن`: the count, `من`, then the people counted."""
    end = count.quantity.end
    return candidate.start == end + 1 and words[end].key in attachment_words("partitive")


def _killed_them(count: Casualty, candidate: Candidate, mention: EventMention) -> bool:
    """The candidate stands right after a killing verb of the mention and right before the
    count of its dead (`قتل مسلحون عشرات من عناصر الأمن`): the verb is active, it killed."""
    if count.kind != "killed":
        return False
    return any(
        hit.outcome and killed_them(mention.sentence, hit, candidate, count.quantity.start)
        for hit in mention.triggers
    )


def counts_candidate(count: Casualty, candidate: Candidate) -> bool:
    """Whether the people of `candidate` are those `count` counts (`ثلاثة مدنيين`)."""
    return count.quantity.start < candidate.start <= count.quantity.end


def is_count(count: Casualty, candidate: Candidate) -> bool:
    """Whether `candidate` opens with the words that are `count` itself: a person's name or a
    noun of one person counted one (`مقتل محسن الفضلي`, `مقتل شرطي`)."""
    return count.quantity.start == candidate.start


def attach_document(mentions: list[EventMention], model: AttachmentModel | None) -> None:
    """Re-attach the arguments of a document's mentions (in text order), sentence by sentence."""
    if model is None:
        return
    for group in _by_sentence(mentions):
        found = sentence_arguments(group[0].sentence, group)
        for mention in group:
            attach(mention, found, model)


def _by_sentence(mentions: list[EventMention]) -> list[list[EventMention]]:
    groups: dict[int, list[EventMention]] = {}
    for mention in mentions:
        groups.setdefault(mention.sentence.index, []).append(mention)
    return list(groups.values())


def article_time(doc: Document) -> EventTime | None:
    """The article's date as an event time flagged `article_date`, for events whose text
    gives no date of their own; None when the article's date is unknown."""
    parsed = parse_document_date(doc.date)
    if parsed is None:
        return None
    day, precision = parsed
    value = day.isoformat()[: {"year": 4, "month": 7}.get(precision, 10)]
    return EventTime(text=value, value=value, granularity=precision, source="article_date")


def date_from_context(doc: Document) -> None:
    """Give each asserted event of `doc` without a date the last day of the news named in an
    earlier sentence, flagged `context`: a report dates its lead once (`أمس`) and tells the
    rest by it. A planned or hoped-for event is not dated by what happened before it, and a
    day of the past the article recalls (`اعتداءات 11 سبتمبر 2001`) dates no later event."""
    anchor = parse_document_date(doc.date)
    for event in doc.events:
        if event.time is not None or event.modality != ASSERTED:
            continue
        earlier = [
            time
            for time in doc.times
            if _dates_a_day_before(time, event.sentence) and _of_the_news(time, anchor)
        ]
        if earlier:
            last = earlier[-1]
            event.time = EventTime(last.text, last.value, DAY, source=CONTEXT)


def _dates_a_day_before(time: TimeMention, sentence: int) -> bool:
    return (
        time.value is not None
        and time.granularity == DAY
        and time.sentence is not None
        and time.sentence < sentence
    )


def _of_the_news(time: TimeMention, anchor: tuple[dt.date, str] | None) -> bool:
    """Whether the day lies within `NEWS_DAYS` before the article's date (any day, when the
    article's date is unknown or not a day)."""
    if anchor is None or anchor[1] != DAY or time.value is None:
        return True
    day = dt.date.fromisoformat(time.value)
    return dt.timedelta(0) <= anchor[0] - day <= dt.timedelta(days=NEWS_DAYS)


def date_from_article(doc: Document) -> None:
    """Give the article's date, flagged as such, to each event of `doc` without a date."""
    fallback = article_time(doc)
    if fallback is None:
        return
    for event in doc.events:
        if event.time is None:
            event.time = fallback
