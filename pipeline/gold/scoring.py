"""Compare a predicted annotation of an article with its gold annotation.

Both sides are in the gold record's shape (`pipeline/schemas/gold.schema.json`); a pipeline
document becomes one by `from_output`, whose events carry their trigger as their only mention
(a record is right when its trigger lies in a mention of a gold event of the same type). The
same comparison, with a second annotator as the prediction, gives inter-annotator agreement.

Counting rules:
- entities: exact = same start, end and label; head = same label and the predicted span
  holds the first word of the gold span; each gold mention matches at most one prediction;
- events: a predicted event matches the first gold event of its type, in text order, with a
  mention overlapping one of its mentions; a second prediction of an already matched gold
  event is a duplicate (a false positive); a prediction that matches only an optional gold
  event is ignored, and optional gold events that are not found are not missed;
- arguments are scored over matched event pairs only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pipeline.lang.ar.fold import match_key

ROLES = ("agent", "target", "participant")
WORD = re.compile(r"\S+")


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
    trigger = event["trigger"]
    casualties = event.get("casualties")
    return {
        "id": event["id"],
        "type": event["type"],
        "subtype": event.get("subtype"),
        "modality": event["modality"],
        "optional": False,
        "mentions": [{key: trigger[key] for key in ("text", "start", "end")}],
        "actors": [output_reference(actor, entities, actor["role"]) for actor in event["actors"]],
        "location": output_reference(event["location"], entities) if event["location"] else None,
        "time": event["time"],
        "casualties": casualties,
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

    def scores(self) -> dict[str, float | int]:
        precision = self.tp / self.predicted if self.predicted else 0.0
        recall = self.tp / self.gold if self.gold else 0.0
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
    kb_id: Ratio = field(default_factory=Ratio)
    name_en: Ratio = field(default_factory=Ratio)
    events: dict[str, Tally] = field(default_factory=dict)
    duplicates: int = 0
    ignored_optional: int = 0
    wrong_type: int = 0
    roles: dict[str, Tally] = field(default_factory=dict)
    named_actors: Tally = field(default_factory=Tally)
    arguments: dict[str, Ratio] = field(default_factory=dict)
    spurious: Counter = field(default_factory=Counter)
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


def holds_head(predicted: dict[str, Any], gold: dict[str, Any]) -> bool:
    return predicted["start"] <= gold["start"] and first_word_end(gold) <= predicted["end"]


def same_phrase(predicted: dict[str, Any], gold: dict[str, Any]) -> bool:
    """Whether a predicted actor or place is the gold one: by offsets where it has them, else
    by its folded text contained in the gold phrase or holding it."""
    if predicted.get("start") is not None:
        return overlaps(predicted, gold)
    mine, theirs = match_key(predicted["text"]), match_key(gold["text"])
    return bool(mine) and bool(theirs) and (mine in theirs or theirs in mine)


# --- comparing one article -------------------------------------------------------------------


def compare(gold: dict[str, Any], predicted: dict[str, Any], into: Comparison) -> None:
    """Add the comparison of one article to `into`."""
    into.documents += 1
    compare_entities(gold["entities"], predicted["entities"], into)
    for gold_event, predicted_event in match_events(gold["events"], predicted["events"], into):
        compare_arguments(gold_event, predicted_event, into)


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
    used: set[int] = set()
    pairs = []
    for gold_item in gold:
        for index, predicted_item in enumerate(predicted):
            if index not in used and test(gold_item, predicted_item):
                used.add(index)
                pairs.append((gold_item, predicted_item))
                break
    return pairs


def score_link(gold: dict[str, Any], predicted: dict[str, Any], into: Comparison) -> None:
    """A link is right when it has the gold KB id, or else the gold English name: the gold
    records the KB of its day, so an entry added since must not count against a system."""
    same_id = bool(gold.get("kb_id")) and gold.get("kb_id") == predicted.get("kb_id")
    same_name = english_key(gold.get("name_en")) == english_key(predicted.get("name_en"))
    into.linked.total += 1
    into.linked.right += same_id or same_name
    into.kb_id.total += 1
    into.kb_id.right += (gold.get("kb_id") or None) == (predicted.get("kb_id") or None)
    into.name_en.total += 1
    into.name_en.right += same_name


def english_key(name: str | None) -> str:
    """English names compared without case, hyphens, apostrophes and the article `al`."""
    if not name:
        return ""
    words = re.findall(r"[a-z0-9]+", name.lower().replace("'", "").replace("’", ""))
    return " ".join(word for word in words if word not in {"al", "el", "the"})


def match_events(
    gold: list[dict], predicted: list[dict], into: Comparison
) -> Iterable[tuple[dict, dict]]:
    matched: set[str] = set()
    for event in gold:
        if not event["optional"]:
            into.tally(into.events, event["type"]).gold += 1
    for event in sorted(predicted, key=lambda e: e["mentions"][0]["start"]):
        target = find_gold_event(event, gold)
        if target is None:
            into.tally(into.events, event["type"]).predicted += 1
            into.wrong_type += any(mentions_overlap(event, g) for g in gold if not g["optional"])
            continue
        if target["optional"]:
            into.ignored_optional += 1
            continue
        into.tally(into.events, event["type"]).predicted += 1
        if target["id"] in matched:
            into.duplicates += 1
            continue
        matched.add(target["id"])
        into.tally(into.events, event["type"]).tp += 1
        yield target, event


def find_gold_event(event: dict[str, Any], gold: list[dict]) -> dict[str, Any] | None:
    """The gold event of the same type that a mention of `event` lies in; non-optional first."""
    candidates = [g for g in gold if g["type"] == event["type"] and mentions_overlap(event, g)]
    candidates.sort(key=lambda g: g["optional"])
    return candidates[0] if candidates else None


def mentions_overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return any(overlaps(m, n) for m in a["mentions"] for n in b["mentions"])


def compare_arguments(gold: dict[str, Any], predicted: dict[str, Any], into: Comparison) -> None:
    compare_actors(gold["actors"], predicted["actors"], into)
    compare_place(gold["location"], predicted["location"], into)
    compare_time(gold["time"], predicted["time"], into)
    for kind in ("killed", "injured"):
        compare_count(kind, gold, predicted, into)
    modality = into.ratio("modality")
    modality.total += 1
    modality.right += gold["modality"] == predicted["modality"]


def compare_actors(gold: list[dict], predicted: list[dict], into: Comparison) -> None:
    for role in ROLES:
        mine = [a for a in predicted if a["role"] == role]
        theirs = [a for a in gold if a["role"] == role]
        pairs = one_to_one(theirs, mine, lambda g, p: same_phrase(p, g))
        tally = into.tally(into.roles, role)
        tally.add(Tally(tp=len(pairs), predicted=len(mine), gold=len(theirs)))
    named = [a for a in gold if a.get("entity")]
    pairs = one_to_one(named, predicted, lambda g, p: p["role"] == g["role"] and same_phrase(p, g))
    into.named_actors.gold += len(named)
    into.named_actors.tp += len(pairs)
    into.named_actors.predicted += sum(1 for a in predicted if a.get("entity"))


def compare_place(gold: dict | None, predicted: dict | None, into: Comparison) -> None:
    if gold is None:
        into.spurious["place"] += predicted is not None
        return
    place = into.ratio("place")
    place.total += 1
    place.right += predicted is not None and same_phrase(predicted, gold)


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
                "kb_id": result.kb_id.value(),
                "name_en": result.name_en.value(),
                "mentions": result.kb_id.total,
            },
        },
        "events": {
            **table_scores(result.events),
            "duplicates": result.duplicates,
            "duplicate_rate": result.duplicates / events.predicted if events.predicted else 0.0,
            "wrong_type": result.wrong_type,
            "ignored_optional": result.ignored_optional,
        },
        "arguments": {
            "roles": table_scores(result.roles),
            "named_actors": result.named_actors.scores(),
            **{
                key: {"accuracy": ratio.value(), "events": ratio.total}
                for key, ratio in sorted(result.arguments.items())
            },
            "spurious": dict(result.spurious),
        },
    }


def table_scores(table: dict[str, Tally]) -> dict[str, Any]:
    scores = {key: tally.scores() for key, tally in sorted(table.items())}
    scores["micro"] = micro(table).scores()
    return scores
