"""Compare a predicted annotation of an article with its gold annotation.

Both sides are in the gold record's shape (`pipeline/schemas/gold.schema.json`); a pipeline
document becomes one by `from_output`, whose events carry their trigger apart from the mentions
they merged (a record is right when its trigger lies in a mention of a gold event of the same
type; the mentions count in the per-mention figure). The same comparison, with a second
annotator as the prediction, gives inter-annotator agreement.

Counting rules:
- entities: exact = same start, end and label; head = same label and the predicted span
  holds the first word of the gold span and is at most two words longer; pairs are a maximum
  one-to-one matching;
- events: a predicted event (a record's trigger, at most four words; for a second annotator,
  any of its mentions) matches a gold event of its type whose mention it overlaps — one not
  matched yet first, a non-optional one first, then the first in the text; a second
  prediction of an already matched gold event is a duplicate (a false positive, also on an
  optional event); the first prediction on an optional gold event is ignored, and optional
  gold events that are not found are not missed;
- arguments are scored over matched event pairs, optional ones included; modality with the
  share of its majority class beside it;
- actor category: over the gold actors of matched events that a predicted actor of the same
  role matches (the pairs of the role figures), whether the two have the same category of
  `resources/actor_categories.json` (the scale the annotation guidelines and the pipeline
  share), and again on ACLED's eight actor types (`acled_types` of that file);
- admin1 (Syrian event places): over matched events whose gold place is a Syrian place below
  the country, whether the predicted place's entity has the same governorate (P-code). The
  gold does not write admin1: the caller says it for a gold place (`Admin1Of`, in
  `pipeline.training.gold_eval`: the admin1 of the gold entity's KB entry, or for a NIL the
  Syrian unit its text names); gold places it cannot place in a governorate (abroad, Syria
  itself, an unknown village) are counted apart and not scored.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pipeline import resources
from pipeline.lang.ar.fold import match_key

ROLES = ("agent", "target", "participant")
WORD = re.compile(r"\S+")
MAX_EXTRA_WORDS = 2  # head match: words a predicted entity may have beyond the gold span's
MAX_TRIGGER_WORDS = 4  # a trigger longer than this is no trigger
MIN_WORD_LETTERS = 2  # shorter "words" (a stray letter) never make two phrases the same
GLOSS = re.compile(r"\s*\([^)]*\)\s*$")  # a trailing `(PKK)`, `(Homs)` after an English name
# Latin letters with no decomposition into a plain letter and an accent
PLAIN_LETTERS = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ß": "ss", "æ": "ae", "œ": "oe"}
)
# the admin1 P-code of a gold event place, given the gold record and the place; None when the
# place is not a Syrian place below the country (or cannot be placed)
Admin1Of = Callable[[dict[str, Any], dict[str, Any]], str | None]


# --- the pipeline's output in the gold shape -------------------------------------------------


def from_output(document: dict[str, Any]) -> dict[str, Any]:
    """A document record of documents.jsonl as a predicted annotation; candidates the events
    stage rejected (`accepted` false, written by `--keep-candidates`) are not predictions."""
    entities = {entity["id"]: entity for entity in document["entities"]}
    events = [event for event in document["events"] if event.get("accepted", True)]
    return {
        "doc_id": document["doc_id"],
        "entities": [output_entity(entity) for entity in document["entities"]],
        "events": [output_event(event, entities) for event in events],
    }


def output_entity(entity: dict[str, Any]) -> dict[str, Any]:
    canonical = entity.get("canonical") or {}
    return {
        "id": entity["id"],
        "label": entity["label"],
        "text": entity["text"],
        "start": entity["start"],
        "end": entity["end"],
        "kb_id": canonical.get("kb_id"),
        "name_en": canonical.get("name_en"),
    }


def output_event(event: dict[str, Any], entities: dict[str, dict[str, Any]]) -> dict[str, Any]:
    casualties = event.get("casualties")
    mentions = [span_of(mention["trigger"]) for mention in event.get("mentions") or []]
    return {
        "id": event["id"],
        "type": event["type"],
        "subtype": event.get("subtype"),
        "modality": event["modality"],
        "optional": False,
        "trigger": span_of(event["trigger"]),
        "mentions": mentions or [span_of(event["trigger"])],
        "actors": [output_actor(actor, entities) for actor in event["actors"]],
        "location": output_place(event["location"], entities) if event["location"] else None,
        "time": event["time"],
        "casualties": casualties,
    }


def span_of(item: dict[str, Any]) -> dict[str, Any]:
    return {key: item[key] for key in ("text", "start", "end")}


def output_actor(actor: dict[str, Any], entities: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {**output_reference(actor, entities, actor["role"]), "category": actor.get("category")}


def output_place(place: dict[str, Any], entities: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """An event's place with the governorate of its entity's link (null where none)."""
    entity = entities.get(place.get("entity") or "") or {}
    canonical = entity.get("canonical") or {}
    return {
        **output_reference(place, entities),
        "kb_id": canonical.get("kb_id"),
        "admin1": canonical.get("admin1"),
        "admin1_pcode": canonical.get("admin1_pcode"),
    }


def output_reference(
    item: dict[str, Any], entities: dict[str, dict[str, Any]], role: str | None = None
) -> dict[str, Any]:
    entity = entities.get(item.get("entity") or "")
    reference = {
        "entity": item.get("entity"),
        "text": item["text"],
        "start": entity["start"] if entity else None,
        "end": entity["end"] if entity else None,
    }
    if role:
        reference["role"] = role
    return reference


# --- counts ----------------------------------------------------------------------------------


@dataclass
class Tally:
    """True positives, predictions and gold items of one class."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold

    def scores(self) -> dict[str, float | int | None]:
        """P, R and F1; None where there is nothing to divide by (no prediction, no gold)."""
        precision = self.tp / self.predicted if self.predicted else None
        recall = self.tp / self.gold if self.gold else None
        f1 = None
        if precision is not None and recall is not None:
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "p": precision,
            "r": recall,
            "f1": f1,
            "tp": self.tp,
            "predicted": self.predicted,
            "gold": self.gold,
        }


@dataclass
class Ratio:
    """Right out of all, for an argument over matched events."""

    right: int = 0
    total: int = 0

    def value(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass
class Comparison:
    """Everything counted over a set of articles."""

    entities_exact: dict[str, Tally] = field(default_factory=dict)
    entities_head: dict[str, Tally] = field(default_factory=dict)
    linked: Ratio = field(default_factory=Ratio)
    linked_strict: Ratio = field(default_factory=Ratio)  # English names without the gloss rule
    kb_id: Ratio = field(default_factory=Ratio)
    name_en: Ratio = field(default_factory=Ratio)
    events: dict[str, Tally] = field(default_factory=dict)
    mentions: Tally = field(default_factory=Tally)
    duplicates: int = 0
    ignored_optional: int = 0
    wrong_type: int = 0
    roles: dict[str, Tally] = field(default_factory=dict)
    named_actors: Tally = field(default_factory=Tally)
    arguments: dict[str, Ratio] = field(default_factory=dict)
    modalities: Counter = field(default_factory=Counter)
    spurious: Counter = field(default_factory=Counter)
    actor_category: Ratio = field(default_factory=Ratio)  # over role-matched actor pairs
    actor_category_acled: Ratio = field(default_factory=Ratio)  # the same on ACLED's types
    category_errors: Counter = field(default_factory=Counter)  # (gold, predicted) when wrong
    gold_actors: int = 0  # actors of the matched gold events, found or not
    admin1: Ratio = field(default_factory=Ratio)  # matched events with a Syrian gold place
    admin1_predicted: int = 0  # of those, with a predicted place that has an admin1
    admin1_unplaced: int = 0  # gold places of matched events not placed in a governorate
    places_written: Ratio = field(default_factory=Ratio)  # matched events with a predicted place
    documents: int = 0

    def tally(self, table: dict[str, Tally], key: str) -> Tally:
        return table.setdefault(key, Tally())

    def ratio(self, key: str) -> Ratio:
        return self.arguments.setdefault(key, Ratio())


# --- spans -----------------------------------------------------------------------------------


def overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def first_word_end(span: dict[str, Any]) -> int:
    match = WORD.match(span["text"])
    return span["start"] + (match.end() if match else len(span["text"]))


def word_count(span: dict[str, Any]) -> int:
    """Words of a span; one for a span given by its offsets alone (a candidate's trigger)."""
    if "text" not in span:
        return 1
    return len(WORD.findall(span["text"]))


def holds_head(predicted: dict[str, Any], gold: dict[str, Any]) -> bool:
    """The predicted span holds the gold span's first word and is at most two words longer
    (so a span that swallows its neighbours, or the whole text, is no match)."""
    holds = predicted["start"] <= gold["start"] and first_word_end(gold) <= predicted["end"]
    return holds and word_count(predicted) <= word_count(gold) + MAX_EXTRA_WORDS


def short_overlap(trigger: dict[str, Any], mention: dict[str, Any]) -> bool:
    """A trigger lies in a mention: they overlap and the trigger is a word or short phrase."""
    return overlaps(trigger, mention) and word_count(trigger) <= MAX_TRIGGER_WORDS


def phrase_words(text: str) -> list[str]:
    return [word for word in match_key(text).split() if len(word) >= MIN_WORD_LETTERS]


def contains_words(longer: list[str], shorter: list[str]) -> bool:
    width = len(shorter)
    return any(longer[i : i + width] == shorter for i in range(len(longer) - width + 1))


def same_phrase(predicted: dict[str, Any], gold: dict[str, Any]) -> bool:
    """Whether a predicted actor or place is the gold one: by overlapping offsets where it has
    them; else its folded words, in order, inside the gold phrase's or holding them."""
    if predicted.get("start") is not None:
        return overlaps(predicted, gold)
    mine, theirs = phrase_words(predicted["text"]), phrase_words(gold["text"])
    if not mine or not theirs:
        return False
    return contains_words(theirs, mine) or contains_words(mine, theirs)


def same_actor(predicted: dict[str, Any], gold: dict[str, Any]) -> bool:
    """Whether a predicted actor is the gold one: the same phrase, or the same folded words at
    another place of the article. A record names each actor once, while the annotator chose
    one of its occurrences among the event's mentions (`قوات النظام` of the headline or of the
    sentence that tells the fighting)."""
    if same_phrase(predicted, gold):
        return True
    words = phrase_words(predicted["text"])
    return bool(words) and words == phrase_words(gold["text"])


# --- comparing one article -------------------------------------------------------------------


def compare(
    gold: dict[str, Any],
    predicted: dict[str, Any],
    into: Comparison,
    admin1_of: Admin1Of | None = None,
) -> None:
    """Add the comparison of one article to `into`; `admin1_of` places gold event places in
    a Syrian governorate (without it, admin1 is not scored)."""
    into.documents += 1
    compare_entities(gold["entities"], predicted["entities"], into)
    compare_mentions(gold["events"], predicted["events"], into)
    place_ids = {entity["id"]: entity.get("kb_id") for entity in gold["entities"]}
    for gold_event, predicted_event in match_events(gold["events"], predicted["events"], into):
        compare_arguments(gold_event, predicted_event, into, place_ids)
        if admin1_of is not None and gold_event["location"] is not None:
            expected = admin1_of(gold, gold_event["location"])
            compare_admin1(expected, predicted_event["location"], into)


def compare_entities(gold: list[dict], predicted: list[dict], into: Comparison) -> None:
    for table, test in ((into.entities_exact, exact_entity), (into.entities_head, head_entity)):
        pairs = one_to_one(gold, predicted, test)
        for entity in gold:
            into.tally(table, entity["label"]).gold += 1
        for entity in predicted:
            into.tally(table, entity["label"]).predicted += 1
        for gold_entity, _ in pairs:
            into.tally(table, gold_entity["label"]).tp += 1
        if table is into.entities_head:
            for gold_entity, predicted_entity in pairs:
                score_link(gold_entity, predicted_entity, into)


def exact_entity(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    same_span = (gold["start"], gold["end"]) == (predicted["start"], predicted["end"])
    return same_span and gold["label"] == predicted["label"]


def head_entity(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    return gold["label"] == predicted["label"] and holds_head(predicted, gold)


def one_to_one(gold: list[dict], predicted: list[dict], test: Any) -> list[tuple[dict, dict]]:
    """A largest set of (gold, predicted) pairs passing `test`, each item in one pair at most
    (augmenting paths, Kuhn's algorithm: a greedy first fit can pair fewer)."""
    fits = [[j for j, item in enumerate(predicted) if test(g, item)] for g in gold]
    owner: dict[int, int] = {}
    for i in range(len(gold)):
        augment(i, fits, owner, set())
    return [(gold[i], predicted[j]) for j, i in sorted(owner.items(), key=lambda pair: pair[1])]


def augment(i: int, fits: list[list[int]], owner: dict[int, int], seen: set[int]) -> bool:
    for j in fits[i]:
        if j in seen:
            continue
        seen.add(j)
        if j not in owner or augment(owner[j], fits, owner, seen):
            owner[j] = i
            return True
    return False


def score_link(gold: dict[str, Any], predicted: dict[str, Any], into: Comparison) -> None:
    """A link is right when it has the gold KB id; for a gold NIL, when it has the gold English
    name (the gold records the KB of its day, so an entry added since must not count against
    a system) by `same_english_name`; `linked_strict` counts the same by the comparison of
    before issue 17 (plain `english_key`: no gloss rule, no letter folding).
    KB ids of gold entries and English names are also counted on their own."""
    gold_id, predicted_id = gold.get("kb_id") or None, predicted.get("kb_id") or None
    gold_name, predicted_name = gold.get("name_en"), predicted.get("name_en")
    same_name = same_english_name(gold_name, predicted_name)
    strict_name = english_key(gold_name) == english_key(predicted_name)
    into.linked.total += 1
    into.linked.right += gold_id == predicted_id if gold_id else same_name
    into.linked_strict.total += 1
    into.linked_strict.right += gold_id == predicted_id if gold_id else strict_name
    if gold_id:
        into.kb_id.total += 1
        into.kb_id.right += gold_id == predicted_id
    into.name_en.total += 1
    into.name_en.right += same_name


def same_english_name(gold: str | None, predicted: str | None) -> bool:
    """The same English name by `english_key` (its `letters` too: `Sanliurfa`, `Şanlıurfa`), or
    the same once a trailing gloss in parentheses
    is left out of one side: the annotators' and Wikipedia's disambiguators and expansions
    (`Kurdistan Workers' Party (PKK)`, `Peoples' Democratic Party (Turkey)`) are not part of
    the name the guidelines ask for. Two different glosses (`Al-Mansoura (Hama)`,
    `Al-Mansoura (Raqqa)`) stay different names."""
    if english_key(gold, letters=True) == english_key(predicted, letters=True):
        return True
    gold_gloss, predicted_gloss = GLOSS.search(gold or ""), GLOSS.search(predicted or "")
    if gold_gloss and predicted_gloss:
        return False
    without = GLOSS.sub("", gold or ""), GLOSS.sub("", predicted or "")
    return english_key(without[0], letters=True) == english_key(without[1], letters=True)


def english_key(name: str | None, letters: bool = False) -> str:
    """English names compared without case, accents, hyphens, apostrophes and the article `al`;
    with `letters`, also without the Latin letters accents do not make (`ı` of `Şanlıurfa`,
    `ł`, `ø`, `ß` …), which English spells without them."""
    if not name:
        return ""
    plain = unicodedata.normalize("NFKD", name.lower())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    if letters:
        plain = plain.translate(PLAIN_LETTERS)
    words = re.findall(r"[^\W_]+", plain.replace("'", "").replace("’", ""))
    return " ".join(word for word in words if word not in {"al", "el", "the"})


def match_events(
    gold: list[dict], predicted: list[dict], into: Comparison
) -> Iterable[tuple[dict, dict]]:
    """Pairs of (gold event, the predicted event that matched it), counting as it goes: the
    first record on an optional gold event is ignored, a later one is a duplicate."""
    matched: set[str] = set()
    for event in gold:
        if not event["optional"]:
            into.tally(into.events, event["type"]).gold += 1
    for event in sorted(predicted, key=lambda e: anchors(e)[0]["start"]):
        target = find_gold_event(event, gold, matched)
        if target is None:
            into.tally(into.events, event["type"]).predicted += 1
            into.wrong_type += any(lies_in(event, g) for g in gold if not g["optional"])
            continue
        first_time = target["id"] not in matched
        matched.add(target["id"])
        if target["optional"] and first_time:
            into.ignored_optional += 1
            yield target, event
            continue
        into.tally(into.events, event["type"]).predicted += 1
        if not first_time:
            into.duplicates += 1
            continue
        into.tally(into.events, event["type"]).tp += 1
        yield target, event


def anchors(event: dict[str, Any]) -> list[dict[str, Any]]:
    """What a predicted event is matched by: a pipeline record's trigger, else its mentions."""
    return [event["trigger"]] if event.get("trigger") else event["mentions"]


def lies_in(event: dict[str, Any], gold: dict[str, Any]) -> bool:
    return any(short_overlap(a, m) for a in anchors(event) for m in gold["mentions"])


def find_gold_event(
    event: dict[str, Any], gold: list[dict], matched: set[str]
) -> dict[str, Any] | None:
    """The gold event of the same type that `event` lies in: one not matched yet before one
    that is, a non-optional one before an optional one, then the first in the text."""
    candidates = [g for g in gold if g["type"] == event["type"] and lies_in(event, g)]
    candidates.sort(key=lambda g: (g["id"] in matched, g["optional"], g["mentions"][0]["start"]))
    return candidates[0] if candidates else None


def typed_mentions(events: list[dict]) -> list[dict[str, Any]]:
    return [{**mention, "type": e["type"]} for e in events for mention in e["mentions"]]


def compare_mentions(gold: list[dict], predicted: list[dict], into: Comparison) -> None:
    """Every mention on its own: the same type and overlapping spans (a pipeline record lists
    all the mentions it merged). Mentions of optional gold events, and predicted mentions
    that lie on them, are left out."""
    optional = typed_mentions([event for event in gold if event["optional"]])
    theirs = typed_mentions([event for event in gold if not event["optional"]])
    mine = [
        mention
        for mention in typed_mentions(predicted)
        if not any(m["type"] == mention["type"] and overlaps(m, mention) for m in optional)
    ]
    pairs = one_to_one(theirs, mine, lambda g, p: g["type"] == p["type"] and overlaps(g, p))
    into.mentions.add(Tally(tp=len(pairs), predicted=len(mine), gold=len(theirs)))


def compare_arguments(
    gold: dict[str, Any],
    predicted: dict[str, Any],
    into: Comparison,
    place_ids: dict[str, str | None] | None = None,
) -> None:
    """`place_ids`: the knowledge-base id of each gold entity, by its id."""
    compare_actors(gold["actors"], predicted["actors"], into)
    location = gold["location"]
    if location is not None and place_ids:
        location = {**location, "kb_id": place_ids.get(location.get("entity") or "")}
    compare_place(location, predicted["location"], into)
    compare_time(gold["time"], predicted["time"], into)
    for kind in ("killed", "injured"):
        compare_count(kind, gold, predicted, into)
    modality = into.ratio("modality")
    modality.total += 1
    modality.right += gold["modality"] == predicted["modality"]
    into.modalities[gold["modality"]] += 1


def compare_actors(gold: list[dict], predicted: list[dict], into: Comparison) -> None:
    into.gold_actors += len(gold)
    for role in ROLES:
        mine = [a for a in predicted if a["role"] == role]
        theirs = [a for a in gold if a["role"] == role]
        pairs = one_to_one(theirs, mine, lambda g, p: same_actor(p, g))
        tally = into.tally(into.roles, role)
        tally.add(Tally(tp=len(pairs), predicted=len(mine), gold=len(theirs)))
        for gold_actor, predicted_actor in pairs:
            compare_category(gold_actor.get("category"), predicted_actor.get("category"), into)
    named = [a for a in gold if a.get("entity")]
    named_predicted = [a for a in predicted if a.get("entity")]
    pairs = one_to_one(
        named, named_predicted, lambda g, p: p["role"] == g["role"] and same_actor(p, g)
    )
    into.named_actors.add(Tally(tp=len(pairs), predicted=len(named_predicted), gold=len(named)))


def compare_category(gold: str | None, predicted: str | None, into: Comparison) -> None:
    """One found actor's category, on the project's scale and on ACLED's actor types."""
    gold_category, predicted_category = gold or "other", predicted or "other"
    into.actor_category.total += 1
    into.actor_category.right += gold_category == predicted_category
    if gold_category != predicted_category:
        into.category_errors[f"{gold_category} → {predicted_category}"] += 1
    into.actor_category_acled.total += 1
    into.actor_category_acled.right += acled_type(gold_category) == acled_type(predicted_category)


@lru_cache(maxsize=1)
def _acled_types() -> dict[str, str]:
    return json.loads(resources.read_text("actor_categories.json"))["acled_types"]


def acled_type(category: str) -> str:
    """ACLED's actor type of one of the project's categories (`jihadist_groups` → Rebel
    Groups); a category the file does not know is External/Other."""
    types = _acled_types()
    return types.get(category, types["other"])


def compare_admin1(expected: str | None, predicted: dict | None, into: Comparison) -> None:
    """A matched event's governorate: the gold place's (`expected`, a P-code) against that of
    the predicted place's entity; a gold place with none known is counted, not scored."""
    if expected is None:
        into.admin1_unplaced += 1
        return
    got = (predicted or {}).get("admin1_pcode")
    into.admin1.total += 1
    into.admin1.right += got == expected
    into.admin1_predicted += got is not None


def compare_place(gold: dict | None, predicted: dict | None, into: Comparison) -> None:
    """`place` right over the gold places; `places_written` right over the predicted places
    (a place given where the gold has none is a wrong one there)."""
    right = gold is not None and predicted is not None and same_place(predicted, gold)
    if predicted is not None:
        into.places_written.total += 1
        into.places_written.right += right
    if gold is None:
        into.spurious["place"] += predicted is not None
        return
    place = into.ratio("place")
    place.total += 1
    place.right += right


def same_place(predicted: dict[str, Any], gold: dict[str, Any]) -> bool:
    """The gold place: the same words of the text, or the same place of the knowledge base
    named elsewhere in the article (`الزبداني` of the sentence before), since a record gives a
    place by its name and id, and an analyst reads those."""
    kb_id = predicted.get("kb_id")
    return same_phrase(predicted, gold) or (kb_id is not None and kb_id == gold.get("kb_id"))


def compare_time(gold: dict | None, predicted: dict | None, into: Comparison) -> None:
    predicted_value = (predicted or {}).get("value")
    if gold is None:
        into.spurious["date"] += predicted_value is not None
        return
    date = into.ratio("date")
    date.total += 1
    date.right += predicted_value == gold["value"]


def compare_count(kind: str, gold: dict, predicted: dict, into: Comparison) -> None:
    gold_count = (gold["casualties"] or {}).get(kind)
    predicted_count = (predicted["casualties"] or {}).get(kind)
    if gold_count is None:
        into.spurious[kind] += predicted_count is not None
        return
    ratio = into.ratio(kind)
    ratio.total += 1
    ratio.right += predicted_count is not None and bounds(predicted_count) == bounds(gold_count)


def bounds(count: dict[str, Any]) -> tuple[int | None, int | None]:
    return count["min"], count["max"]


# --- summary ---------------------------------------------------------------------------------


def micro(table: dict[str, Tally]) -> Tally:
    total = Tally()
    for tally in table.values():
        total.add(tally)
    return total


def summary(result: Comparison) -> dict[str, Any]:
    """The figures of a comparison, as JSON-ready numbers."""
    events = micro(result.events)
    return {
        "documents": result.documents,
        "entities": {
            "exact": table_scores(result.entities_exact),
            "head": table_scores(result.entities_head),
            "linking": {
                "right": result.linked.value(),
                "right_strict_names": result.linked_strict.value(),
                "kb_id": result.kb_id.value(),
                "kb_id_mentions": result.kb_id.total,
                "name_en": result.name_en.value(),
                "mentions": result.linked.total,
            },
        },
        "events": {
            **table_scores(result.events),
            "duplicates": result.duplicates,
            "duplicate_rate": result.duplicates / events.predicted if events.predicted else 0.0,
            "wrong_type": result.wrong_type,
            "ignored_optional": result.ignored_optional,
            "mentions": result.mentions.scores(),
        },
        "arguments": {
            "roles": table_scores(result.roles),
            "named_actors": result.named_actors.scores(),
            **{
                key: {"accuracy": ratio.value(), "events": ratio.total}
                for key, ratio in sorted(result.arguments.items())
            },
            "actor_category": {
                "accuracy": result.actor_category.value(),
                "acled_accuracy": result.actor_category_acled.value(),
                "actors": result.actor_category.total,
                "gold_actors": result.gold_actors,
                "errors": dict(result.category_errors.most_common()),
            },
            "admin1": {
                "accuracy": result.admin1.value(),
                "places": result.admin1.total,
                "with_predicted_admin1": result.admin1_predicted,
                "unplaced_gold_places": result.admin1_unplaced,
            },
            "place_precision": {
                "precision": result.places_written.value(),
                "written": result.places_written.total,
            },
            "modality_gold": dict(result.modalities),
            "modality_baseline": majority_share(result.modalities),
            "spurious": dict(result.spurious),
        },
    }


def majority_share(counts: Counter) -> float | None:
    """The share of the most frequent class: what always answering it would score."""
    total = sum(counts.values())
    return max(counts.values()) / total if total else None


def table_scores(table: dict[str, Tally]) -> dict[str, Any]:
    scores = {key: tally.scores() for key, tally in sorted(table.items())}
    scores["micro"] = micro(table).scores()
    return scores
