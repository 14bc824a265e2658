"""The arguments of an event: who (actors with roles), where (a place) and when (a date).

Actors are the people and organisations the NER stage found, countries named as actors, and
noun phrases headed by words such as `قوات`, `طائرات`, `مسلحون` (`قوات النظام السوري`), listed
in `resources/event_context.json`. Roles come from the dependency parse where the parser ran
(`nsubj` → agent, `obj`/`nsubj:pass` → target) and otherwise from word order:
- talks, clashes and ceasefires: everyone near the trigger takes part (`participant`);
- a verb: the actor right after it is the agent (Arabic is mostly verb–subject–object), else
  the nearest one before it; the next one, or one after `على`/`ضد`, is the target;
- a noun: the actor right after it is the agent (`غارات التحالف`), or the target where the noun
  names what is done to someone (`اغتيال القائد`, `حصار المدينة`);
- killing and dying words: the actors after them are the victims (targets), unless a count
  follows the one right after a verb (`قتل مسلحون عشرات`: it killed them).
The place is the place of the sentence named after a locative word (`في`, `ب`, `قرب`, `ريف`
…), else, for fighting and the like, any place it names (`قصفت الطائرات حلب`); among several,
the one after the trigger and nearest it; the date is the nearest date of the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.document import Entity, TimeMention
from pipeline.event_types import event_types
from pipeline.events.triggers import TriggerHit
from pipeline.events.words import SentenceWords
from pipeline.events.wordsets import event_context, exact_words, word_set
from pipeline.lang.ar.clitics import (
    definite_stem,
    proclitic_readings,
    starts_with_article,
    starts_with_preposition_and_article,
)
from pipeline.lang.ar.fold import match_key
from pipeline.lang.ar.numbers import find_quantities, joined_by_and

ACTOR_LABELS = {"PER", "ORG"}
PERSON = "PER"
PLACE = "LOC"
NEAR_WORDS = 25  # how far from a talks/clash trigger named participants are looked for
NEAR_UNNAMED_WORDS = 6
VERB_SUBJECT_WINDOW = 4
SUBJECT_BEFORE_WINDOW = 6
TARGET_WINDOW = 8
DEFINITE_WORDS_BEFORE_PLACE = 2
COUNTRY = "country"  # the place kind a post's title names


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible actor over words [start, end) of a sentence; `proclitic`: how many letters of
    its first word are a conjunction or preposition, not part of the phrase (`لقوات`)."""

    start: int
    end: int
    entity: Entity | None
    proclitic: int = 0


@dataclass(frozen=True, slots=True)
class Actor:
    role: str
    candidate: Candidate


def actor_candidates(
    sentence: SentenceWords, triggers: frozenset[int] = frozenset()
) -> list[Candidate]:
    """The actors a sentence names: entities and actor noun phrases, left to right; a phrase
    stops before a word of `triggers`, the verb triggers (`الوزيران التقيا`: the verb is no
    part of who)."""
    phrases = _actor_phrases(sentence, triggers)
    entities = [
        Candidate(*sentence.entity_words(entity), entity)
        for entity in sentence.entities
        if _can_act(sentence, entity)
    ]
    inside_a_phrase = [
        candidate
        for candidate in entities
        if any(p.start <= candidate.start and candidate.end <= p.end for p in phrases)
    ]
    kept = [candidate for candidate in entities if candidate not in inside_a_phrase]
    return sorted(kept + phrases, key=lambda candidate: candidate.start)


def assign_roles(
    sentence: SentenceWords,
    hit: TriggerHit,
    candidates: list[Candidate],
) -> list[Actor]:
    """The actors of the event `hit`, with their roles."""
    if event_types()[hit.type].symmetric:
        return _participants(hit, candidates)
    if sentence.parsed:
        parsed = _roles_from_parse(sentence, hit, candidates)
        if parsed:
            return parsed
    if hit.outcome:
        return _outcome_roles(sentence, hit, candidates)
    if hit.word_class in ("V", "I"):
        return _verb_roles(sentence, hit, candidates)
    return _noun_roles(sentence, hit, candidates)


def event_location(sentence: SentenceWords, hit: TriggerHit) -> Entity | None:
    """The place where the event of `hit` happened, where the sentence names one."""
    places = place_candidates(sentence)
    if not event_types()[hit.type].bare_place:
        # a statement or a meeting in a sentence that names Libya did not happen in Libya
        places = [place for place in places if is_locative(sentence, place)]
    return min(places, key=lambda place: _place_rank(sentence, hit, place), default=None)


def event_time(sentence: SentenceWords, hit: TriggerHit) -> TimeMention | None:
    """The date of the sentence nearest the trigger."""
    trigger_start, _ = sentence.span(hit.start, hit.end)
    return min(sentence.times, key=lambda time: abs(time.start - trigger_start), default=None)


def _participants(hit: TriggerHit, candidates: list[Candidate]) -> list[Actor]:
    """Named actors near the trigger, and unnamed ones (`فصائل المعارضة`) nearer still."""
    near = []
    for candidate in candidates:
        distance = abs(candidate.start - hit.start)
        reach = NEAR_WORDS if candidate.entity is not None else NEAR_UNNAMED_WORDS
        if distance <= reach:
            near.append(Actor("participant", candidate))
    return near


def _outcome_roles(
    sentence: SentenceWords, hit: TriggerHit, candidates: list[Candidate]
) -> list[Actor]:
    """The actors after a killing or dying word are its victims (`قتل ثلاثة مدنيين`, `مقتل
    الجندي`), unless a count follows the one right after a verb: the verb is then active, and
    that one killed (`قتل مسلحون عشرات من عناصر الأمن`)."""
    following = _after(hit.end, candidates, VERB_SUBJECT_WINDOW)
    if following:
        words = [word.text for word in sentence.words]
        counts = find_quantities(words)
        if any(killed_them(sentence, hit, following[0], count.start) for count in counts):
            return [Actor("agent", following[0]), *(Actor("target", c) for c in following[1:])]
    return [Actor("target", c) for c in following]


def killed_them(
    sentence: SentenceWords, verb: TriggerHit, candidate: Candidate, count_start: int
) -> bool:
    """Whether `candidate` stands right after the killing verb and right before the count at
    word `count_start` (`قتل مسلحون عشرات من عناصر الأمن`): the verb is active and it killed
    them; not a count joined by `و` (`قتل مدني واثنان من أبنائه`: all died)."""
    if verb.word_class != "V" or candidate.start != verb.end or candidate.end != count_start:
        return False
    return not joined_by_and([word.text for word in sentence.words], count_start)


def _verb_roles(
    sentence: SentenceWords, hit: TriggerHit, candidates: list[Candidate]
) -> list[Actor]:
    following = _after(hit.end, candidates, VERB_SUBJECT_WINDOW)
    bare = [c for c in following if not _after_stop_word(sentence, c)]
    # verb–subject order first, then a subject before the verb
    agent = bare[0] if bare else _nearest_before(hit.start, candidates, SUBJECT_BEFORE_WINDOW)
    actors = [Actor("agent", agent)] if agent else []
    target = _target(sentence, hit, candidates, exclude=agent)
    if target:
        actors.append(Actor("target", target))
    return actors


def _noun_roles(
    sentence: SentenceWords, hit: TriggerHit, candidates: list[Candidate]
) -> list[Actor]:
    genitive = next((c for c in candidates if c.start == hit.end), None)
    actors = []
    if genitive:
        actors.append(Actor(_genitive_role(hit), genitive))
    if not any(actor.role == "target" for actor in actors):
        target = _target(sentence, hit, candidates, exclude=genitive)
        if target:
            actors.append(Actor("target", target))
    return actors


def _genitive_role(hit: TriggerHit) -> str:
    return event_types()[hit.type].genitive_role(hit.subtype)


def _target(
    sentence: SentenceWords,
    hit: TriggerHit,
    candidates: list[Candidate],
    exclude: Candidate | None,
) -> Candidate | None:
    markers = exact_words("actors", "target_markers")
    following = [c for c in _after(hit.end, candidates, TARGET_WINDOW) if c != exclude]
    for candidate in following:
        if candidate.start > 0 and sentence.words[candidate.start - 1].key in markers:
            return candidate
    bare = [c for c in following if not _after_stop_word(sentence, c)]
    if hit.word_class in ("V", "I") and exclude is not None and bare:
        return bare[0]
    return None


def _roles_from_parse(
    sentence: SentenceWords, hit: TriggerHit, candidates: list[Candidate]
) -> list[Actor]:
    """Agent and target from the dependents of the trigger's token, where it was parsed."""
    if not sentence.parsed:
        return []
    heads = {sentence.words[i].token for i in range(hit.start, hit.end)}
    actors = []
    for index, token in sentence.parsed:
        if token.head not in heads or not token.deprel:
            continue
        role = _role_of_relation(token.deprel)
        candidate = _candidate_at(candidates, sentence.word_of_token(index))
        if role and candidate:
            actors.append(Actor(role, candidate))
    return actors


def _role_of_relation(deprel: str) -> str | None:
    if deprel == "nsubj":
        return "agent"
    if deprel in ("obj", "nsubj:pass"):
        return "target"
    return None


def _candidate_at(candidates: list[Candidate], word: int) -> Candidate | None:
    for candidate in candidates:
        if candidate.start <= word < candidate.end:
            return candidate
    return None


def _after(position: int, candidates: list[Candidate], window: int) -> list[Candidate]:
    return [c for c in candidates if position <= c.start < position + window]


def _nearest_before(position: int, candidates: list[Candidate], window: int) -> Candidate | None:
    before = [c for c in candidates if position - window <= c.end <= position]
    return max(before, key=lambda c: c.end, default=None)


def _after_stop_word(sentence: SentenceWords, candidate: Candidate) -> bool:
    """Whether a preposition or the like stands before the candidate (then it is no subject)."""
    stop_words = exact_words("actors", "stop_words")
    if candidate.start == 0:
        return False
    previous = sentence.words[candidate.start - 1].key
    return previous in stop_words or _has_preposition_clitic(sentence, candidate)


def _has_preposition_clitic(sentence: SentenceWords, candidate: Candidate) -> bool:
    """`بحمص`, `للنظام`: the entity's word starts before the entity, with ب or ل."""
    if candidate.entity is None:
        return starts_with_preposition_and_article(sentence.words[candidate.start].key)
    word = sentence.words[candidate.start]
    clitic = word.text[: max(0, candidate.entity.start - word.start)]
    return "ب" in clitic or "ل" in clitic


def _can_act(sentence: SentenceWords, entity: Entity) -> bool:
    if entity.label in ACTOR_LABELS:
        return True
    kind = entity.canonical.kind if entity.canonical else None
    is_country = entity.label == "LOC" and kind == "country"
    return is_country and not _after_preposition(sentence, entity)


def _after_preposition(sentence: SentenceWords, entity: Entity) -> bool:
    """`في سوريا`, `إلى سوريا`, `بسوريا`: a country named as a place, not as an actor."""
    if is_locative(sentence, entity):
        return True
    first, _ = sentence.entity_words(entity)
    if first == 0:
        return False
    settings = event_context()["location"]
    return sentence.words[first - 1].key in settings["not_locative_words"]


def _actor_phrases(sentence: SentenceWords, triggers: frozenset[int]) -> list[Candidate]:
    settings = event_context()["actors"]
    heads = word_set("actors", "heads")
    stop_words = exact_words("actors", "stop_words") | exact_words("clause_breaks")
    phrases = []
    position = 0
    while position < len(sentence.words):
        if sentence.words[position].key not in heads:
            position += 1
            continue
        end = position + 1
        while end < len(sentence.words) and end - position < settings["max_words"]:
            word = sentence.words[end]
            if _opens_quoted_name(sentence, end):
                end += 1  # `تنظيم «داعش»`: the quoted name is the head's
                continue
            if end in triggers or word.key in stop_words:
                break
            if not _continues_phrase(word.key, word.entity, heads):
                break
            if _coordinates_a_name(sentence, end):
                break  # `قوات النظام وداعش`: two actors
            if _place_after_definite(sentence, end):
                break  # `قصفت قوات النظام حلب`: the place is the object
            end += 1
        end = _past_closing_quote(sentence, position, _to_entity_end(sentence, end))
        entity = _last_entity(sentence, position, end)
        head = sentence.words[position].key
        phrases.append(Candidate(position, end, entity, _proclitic_length(head, heads)))
        position = end
    return phrases


def _coordinates_a_name(sentence: SentenceWords, position: int) -> bool:
    """A name that begins at `position` after the conjunction و (`وداعش`, `وحزب الله`)."""
    word = sentence.words[position]
    if word.entity is None or not word.key.startswith("و"):
        return False
    first, _ = sentence.entity_words(word.entity)
    return first == position and word.entity.start > word.start


def _place_after_definite(sentence: SentenceWords, position: int) -> bool:
    """A place name that begins at `position` right after a definite word or a name: either
    closes a construct chain (`قوات النظام`, `قوات الأسد`), so a place after it is no genitive
    of the phrase but the next part of the clause (`قوات النظام حلب`)."""
    word = sentence.words[position]
    if word.entity is None or word.entity.label != PLACE or position == 0:
        return False
    if sentence.entity_words(word.entity)[0] != position:
        return False
    before = sentence.words[position - 1]
    return before.entity is not None or starts_with_article(before.key)


def _opens_quoted_name(sentence: SentenceWords, position: int) -> bool:
    """A quotation mark at `position` with a name right after it."""
    words = sentence.words
    quotes = exact_words("actors", "name_quotes")
    following = position + 1
    if words[position].text not in quotes or following >= len(words):
        return False
    return words[following].entity is not None


def _past_closing_quote(sentence: SentenceWords, start: int, end: int) -> int:
    """The phrase's end past the quotation mark that closes a quoted name in it."""
    words = sentence.words
    quotes = exact_words("actors", "name_quotes")
    opened = sum(1 for word in words[start:end] if word.text in quotes) % 2 == 1
    if opened and end < len(words) and words[end].text in quotes:
        return end + 1
    return end


def _proclitic_length(key: str, heads: Any) -> int:
    """The letters of a phrase's first word before its head (`وقوات`, `لتنظيم`: 1)."""
    for prefix, rest in proclitic_readings(key):
        if rest in heads:
            return len(prefix)
    return 0


def _continues_phrase(key: str, entity: Entity | None, heads: Any) -> bool:
    if key.startswith("و") and key in heads:  # `وفصائل المعارضة`: the next actor begins
        return False
    if starts_with_article(key) or entity is not None:
        return True
    return key in heads and key not in word_set("actors", "opening_heads")


def _to_entity_end(sentence: SentenceWords, end: int) -> int:
    """A phrase cut by its length inside a name runs to the name's end (`وزير الخارجية
    الروسي سيرجي لافروف`), so that the name is not split between two candidates."""
    last = sentence.words[end - 1].entity
    while end < len(sentence.words) and last is not None and sentence.words[end].entity is last:
        end += 1
    return end


def _last_entity(sentence: SentenceWords, start: int, end: int) -> Entity | None:
    inside = [sentence.words[i].entity for i in range(start, end) if sentence.words[i].entity]
    return inside[-1] if inside else None


def place_candidates(sentence: SentenceWords) -> list[Entity]:
    """The places of `sentence` an event of it may have happened in: not a post's country."""
    places = [entity for entity in sentence.entities if entity.label == "LOC"]
    return [place for place in places if not names_a_post(sentence, place)]


def names_a_post(sentence: SentenceWords, entity: Entity) -> bool:
    """A country in an envoy's or ambassador's title (`المبعوث الخاص إلى سوريا`): his post,
    not where anything happens (`resources/event_context.json`, location)."""
    settings = event_context()["location"]
    link = entity.canonical
    if link is None or link.kind != COUNTRY:
        return False
    first, _ = sentence.entity_words(entity)
    if _proclitic_of(sentence.words[first].key, entity).endswith("ل"):
        preposition = first  # `لسوريا`
    elif first > 0 and sentence.words[first - 1].key in settings["title_prepositions"]:
        preposition = first - 1
    else:
        return False
    reach = range(max(0, preposition - settings["title_reach"]), preposition)
    titles = [i for i in reach if definite_stem(sentence.words[i].key) in settings["title_words"]]
    if not titles:
        return False
    if _person_right_after(sentence, entity):
        return True  # `زار المبعوث الخاص إلى سوريا ستيفان دي ميستورا طهران`: his title
    return not _travels(sentence, titles[0], settings["title_motion_words"])


def _person_right_after(sentence: SentenceWords, entity: Entity) -> bool:
    """Whether a person's name follows the entity at once: the titled man it is part of."""
    _, end = sentence.entity_words(entity)
    return any(
        other.label == PERSON and sentence.entity_words(other)[0] == end
        for other in sentence.entities
    )


def _proclitic_of(key: str, entity: Entity) -> str:
    """What the word key holds before the entity's first word (`لسوريا` → `ل`), in folded
    form, so that diacritics and tatweel of the original do not count."""
    words = match_key(entity.normalized).split()
    if words and key.endswith(words[0]):
        return key[: len(key) - len(words[0])]
    return ""


def _travels(sentence: SentenceWords, title: int, motion_words: list[str]) -> bool:
    """The titled person goes to the place (`وصل المبعوث الأممي إلى سوريا`): a motion word
    just before the title."""
    if title == 0:
        return False
    key = sentence.words[title - 1].key
    return key in motion_words or definite_stem(key) in motion_words


def is_locative(sentence: SentenceWords, entity: Entity) -> bool:
    """A place after `في`, `قرب`, `ريف` …, or with the proclitic ب, is where something is."""
    settings = event_context()["location"]
    first, _ = sentence.entity_words(entity)
    word = sentence.words[first]
    clitic = word.text[: max(0, entity.start - word.start)]
    if clitic.endswith("ب") or clitic.endswith("في"):
        return True
    # walk back over up to two definite words: `في العاصمة الروسية موسكو`
    for position in range(first - 1, max(first - 1 - DEFINITE_WORDS_BEFORE_PLACE, -1) - 1, -1):
        previous = sentence.words[position].key
        if previous in settings["not_locative_words"]:
            return False
        if previous in settings["locative_words"]:
            return True
        if not previous.startswith("ال"):
            return False
    return False


def _place_rank(
    sentence: SentenceWords, hit: TriggerHit, place: Entity
) -> tuple[int, int, int, int]:
    """Sort key: places after a locative word first, then those after the trigger, the
    nearest first, linked ones before others."""
    first, last = sentence.entity_words(place)
    after = first >= hit.end
    distance = first - hit.end if after else hit.start - last
    linked = bool(place.canonical and place.canonical.located)
    locative = is_locative(sentence, place)
    return (0 if locative else 1, 0 if after else 1, distance, 0 if linked else 1)
