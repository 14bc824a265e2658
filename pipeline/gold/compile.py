"""Turn annotators' files into gold records with character offsets.

Annotators name a span by its exact text and which occurrence of that string in the article it
is (`"occ": 2` = the second time the string occurs, counting from the start, also inside
longer words); this module finds the offsets, checks every reference and field, and writes
`corpus/gold/{train,dev,test}.jsonl` (`python -m pipeline.gold.compile --data DATA`).
For each article the adjudicated file wins (`corpus/gold/annotations/adjudicated/`), then the
revised one (`revised/`: the first annotation brought up to the guidelines' change log by a
reviewer), then the first annotator's (named in `assignments.tsv`).
"""

from __future__ import annotations

import argparse
import itertools
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline.event_types import event_types as registry
from pipeline.gold.selection import ARTICLES_TSV, read_tsv
from pipeline.gold.texts import GoldText, load_texts
from pipeline.lang.ar.clitics import future_prefixes, proclitics

GOLD_VERSION = "1.0"
GOLD_DIR = ARTICLES_TSV.parent
ANNOTATIONS = GOLD_DIR / "annotations"
ASSIGNMENTS = GOLD_DIR / "assignments.tsv"
ADJUDICATED = "adjudicated"
REVISED = "revised"
SPLITS = ("train", "dev", "test")

SCHEMA = "gold.schema.json"


@cache
def gold_schema() -> dict[str, Any]:
    path = resources.files("pipeline").joinpath("schemas", SCHEMA)
    return json.loads(path.read_text("utf-8"))


def schema_enum(*path: str) -> tuple[str, ...]:
    """An enum of the gold schema, by its path of keys (the one place the values are listed)."""
    node: Any = gold_schema()
    for key in path:
        node = node[key]
    return tuple(node["enum"])


LABELS = schema_enum("$defs", "entity", "properties", "label")
TOPICS = schema_enum("properties", "topic")
MODALITIES = schema_enum("$defs", "event", "properties", "modality")
ROLES = schema_enum("$defs", "actor", "properties", "role")
CATEGORIES = schema_enum("$defs", "actor", "properties", "category")
GRANULARITIES = ("day", "month", "year")
# the keys an annotator's file may use, by place in the file
TOP_FIELDS = {
    "doc_id",
    "annotator",
    "annotators",
    "reviser",
    "adjudicated",
    "preannotated",
    "topic",
    "notes",
    "entities",
    "events",
}
ENTITY_FIELDS = {"id", "text", "occ", "label", "kb_id", "name_en", "note"}
EVENT_FIELDS = {
    "id",
    "type",
    "subtype",
    "modality",
    "optional",
    "mentions",
    "place",
    "date",
    "killed",
    "injured",
    "note",
    *ROLES,
}
SPAN_FIELDS = {"text", "occ"}
REFERENCE_FIELDS = {"entity", "text", "occ", "category", "note"}
DATE_FIELDS = {"text", "occ", "value", "granularity"}
COUNT_FIELDS = {"text", "occ", "min", "max", "approximate"}


@dataclass
class Problems:
    """What is wrong with one annotation file: errors stop it, warnings are worth a look."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@cache
def event_types() -> dict[str, frozenset[str]]:
    """Event types and their subtypes, from the event-type registry."""
    return {spec.name: frozenset(spec.subtypes()) for spec in registry()}


def unknown_keys(item: Any, allowed: set[str], where: str, problems: Problems) -> bool:
    """Report an item that is not an object, or that has keys the format does not know (a
    misspelt key would otherwise be dropped without a word). True when the item is usable."""
    if not isinstance(item, dict):
        problems.errors.append(f"{where}: expected an object, got {type(item).__name__}")
        return False
    unknown = sorted(set(item) - allowed)
    if unknown:
        problems.errors.append(f"{where}: unknown fields {unknown}")
    return True


def list_of(raw: dict[str, Any], key: str, where: str, problems: Problems) -> list[Any]:
    value = raw.get(key, [])
    if not isinstance(value, list):
        problems.errors.append(f"{where}: `{key}` must be a list")
        return []
    return value


@cache
def allowed_prefixes() -> frozenset[str]:
    """What may be glued before a span: a proclitic (و، ف، ب، ل، ك and their pairs) or the
    future س with its conjunction."""
    return frozenset((*proclitics(), *future_prefixes()))


class Resolver:
    """Finds the offsets of annotated strings in one article and records what is wrong."""

    def __init__(self, text: str, problems: Problems) -> None:
        self.text = text
        self.problems = problems

    def span(self, item: dict[str, Any], where: str) -> dict[str, Any] | None:
        string, occ = item.get("text"), item.get("occ", 1)
        if not isinstance(string, str) or not string.strip():
            self.problems.errors.append(f"{where}: no text")
            return None
        if string != string.strip():
            self.problems.errors.append(f"{where}: {string!r} has spaces at its ends")
            return None
        start = self.nth(string, occ)
        if start is None:
            count = self.text.count(string)
            message = f"{where}: {string!r} occurrence {occ} not found ({count} in the text)"
            self.problems.errors.append(message)
            return None
        end = start + len(string)
        self.check_word_edges(start, end, where)
        return {"text": string, "start": start, "end": end}

    def nth(self, string: str, occ: Any) -> int | None:
        if isinstance(occ, bool) or not isinstance(occ, int) or occ < 1:
            return None
        start = -1
        for _ in range(occ):
            start = self.text.find(string, start + 1)
            if start < 0:
                return None
        return start

    def check_word_edges(self, start: int, end: int, where: str) -> None:
        """Warn about a span cut inside a word; what may stand before it is a proclitic."""
        word_start = start
        while word_start > 0 and self.text[word_start - 1].isalpha():
            word_start -= 1
        before = self.text[word_start:start]
        after = self.text[end] if end < len(self.text) else " "
        if before and before not in allowed_prefixes():
            self.problems.warnings.append(f"{where}: starts inside a word ({before!r} before it)")
        if after.isalpha():
            self.problems.warnings.append(f"{where}: ends inside a word ({after!r} after it)")


def compile_annotation(raw: dict[str, Any], gold: GoldText) -> tuple[dict | None, Problems]:
    """The gold record of one annotator's file, or None with the errors that stop it."""
    problems = Problems()
    resolver = Resolver(gold.text, problems)
    if not unknown_keys(raw, TOP_FIELDS, "file", problems):
        return None, problems
    preannotated = raw.get("preannotated", False)
    if not isinstance(preannotated, bool):
        problems.errors.append(f"preannotated {preannotated!r} is not true or false")
    elif preannotated and gold.article.split == "test":
        problems.errors.append("a test article must be annotated from scratch (preannotated)")
    if raw.get("doc_id") != gold.article.doc_id:
        problems.errors.append(f"doc_id {raw.get('doc_id')!r} is not {gold.article.doc_id!r}")
    topic = raw.get("topic")
    if topic not in TOPICS:
        problems.errors.append(f"topic {topic!r} is not one of {TOPICS}")
    entities = compile_entities(list_of(raw, "entities", "file", problems), resolver)
    known = {entity["id"]: entity for entity in entities}
    events = [
        compile_event(event, resolver, known, event_types())
        for index, event in enumerate(list_of(raw, "events", "file", problems))
        if unknown_keys(event, EVENT_FIELDS, f"event {index + 1}", problems)
    ]
    check_unique_ids(raw, problems)
    if problems.errors:
        return None, problems
    record = {
        "gold_version": GOLD_VERSION,
        "doc_id": gold.article.doc_id,
        "split": gold.article.split,
        "topic": topic,
        "source": {
            "corpus": "seed" if gold.article.kind == "seed" else "saudinewsnet",
            "outlet": gold.article.outlet or None,
            "date": gold.article.date or None,
        },
        "text_sha256": gold.article.text_sha256,
        "annotation": {
            "annotators": raw.get("annotators") or [raw.get("annotator")],
            "adjudicated": bool(raw.get("adjudicated", False)),
            "reviser": raw.get("reviser"),
            "preannotated": preannotated,
            "notes": raw.get("notes") or None,
        },
        "entities": entities,
        "events": events,
    }
    return record, problems


def check_unique_ids(raw: dict[str, Any], problems: Problems) -> None:
    for kind in ("entities", "events"):
        ids = [item.get("id") for item in raw.get(kind, [])]
        repeated = sorted({i for i in ids if ids.count(i) > 1}, key=str)
        if repeated:
            problems.errors.append(f"{kind}: repeated ids {repeated}")


def compile_entities(items: list[dict[str, Any]], resolver: Resolver) -> list[dict[str, Any]]:
    entities = []
    for index, item in enumerate(items):
        where = f"entity {index + 1}"
        if not unknown_keys(item, ENTITY_FIELDS, where, resolver.problems):
            continue
        where = f"entity {item.get('id', index + 1)}"
        span = resolver.span(item, where)
        if item.get("label") not in LABELS:
            resolver.problems.errors.append(f"{where}: label {item.get('label')!r}")
        if not item.get("name_en"):
            resolver.problems.errors.append(f"{where}: no name_en")
        if span is None:
            continue
        entity = {"id": item.get("id"), "label": item.get("label"), **span}
        entity["kb_id"] = item.get("kb_id") or None
        entity["name_en"] = item.get("name_en")
        entities.append(entity)
    entities.sort(key=lambda e: (e["start"], e["end"]))
    check_overlaps(entities, resolver.problems)
    return entities


def check_overlaps(entities: list[dict[str, Any]], problems: Problems) -> None:
    for first, second in itertools.pairwise(entities):
        if second["start"] < first["end"]:
            problems.errors.append(f"entities {first['id']} and {second['id']} overlap")


def compile_event(
    item: dict[str, Any],
    resolver: Resolver,
    entities: dict[str, dict[str, Any]],
    types: dict[str, set[str]],
) -> dict[str, Any]:
    where = f"event {item.get('id')}"
    errors = resolver.problems.errors
    event_type, subtype = item.get("type"), item.get("subtype")
    if event_type not in types:
        errors.append(f"{where}: type {event_type!r}")
    elif subtype is not None and subtype not in types[event_type]:
        errors.append(f"{where}: subtype {subtype!r} is not a subtype of {event_type}")
    if item.get("modality") not in MODALITIES:
        errors.append(f"{where}: modality {item.get('modality')!r}")
    mentions = [
        resolver.span(m, f"{where} mention")
        for m in list_of(item, "mentions", where, resolver.problems)
        if unknown_keys(m, SPAN_FIELDS, f"{where} mention", resolver.problems)
    ]
    if not mentions:
        errors.append(f"{where}: no mention")
    return {
        "id": item.get("id"),
        "type": event_type,
        "subtype": subtype,
        "modality": item.get("modality"),
        "optional": bool(item.get("optional", False)),
        "mentions": sorted((m for m in mentions if m), key=lambda m: m["start"]),
        "actors": compile_actors(item, resolver, entities, where),
        "location": compile_place(item.get("place"), resolver, entities, where),
        "time": compile_date(item.get("date"), resolver, where),
        "casualties": compile_casualties(item, resolver, where),
    }


def compile_actors(
    item: dict[str, Any], resolver: Resolver, entities: dict[str, dict], where: str
) -> list[dict[str, Any]]:
    actors = []
    for role in ROLES:
        for actor in list_of(item, role, where, resolver.problems):
            if not unknown_keys(actor, REFERENCE_FIELDS, f"{where} {role}", resolver.problems):
                continue
            span = reference(actor, resolver, entities, f"{where} {role}")
            category = actor.get("category")
            if category not in CATEGORIES:
                resolver.problems.errors.append(f"{where} {role}: category {category!r}")
            if span:
                actors.append({"role": role, **span, "category": category})
    return actors


def reference(
    item: dict[str, Any], resolver: Resolver, entities: dict[str, dict], where: str
) -> dict[str, Any] | None:
    """An entity mention by id, or a phrase of the text by its string and occurrence."""
    if item.get("entity"):
        entity = entities.get(item["entity"])
        if entity is None:
            resolver.problems.errors.append(f"{where}: no entity {item['entity']!r}")
            return None
        span = {key: entity[key] for key in ("text", "start", "end")}
        return {"entity": entity["id"], **span}
    span = resolver.span(item, where)
    return {"entity": None, **span} if span else None


def compile_place(
    item: dict[str, Any] | None, resolver: Resolver, entities: dict[str, dict], where: str
) -> dict[str, Any] | None:
    if item is None:
        return None
    if not unknown_keys(item, REFERENCE_FIELDS - {"category"}, f"{where} place", resolver.problems):
        return None
    return reference(item, resolver, entities, f"{where} place")


def compile_date(item: dict[str, Any] | None, resolver: Resolver, where: str) -> dict | None:
    if item is None or not unknown_keys(item, DATE_FIELDS, f"{where} date", resolver.problems):
        return None
    span = resolver.span(item, f"{where} date")
    granularity, value = item.get("granularity"), item.get("value")
    if granularity not in GRANULARITIES:
        resolver.problems.errors.append(f"{where} date: granularity {granularity!r}")
    elif not valid_date(value, granularity):
        resolver.problems.errors.append(f"{where} date: {value!r} is not a {granularity} date")
    if span is None:
        return None
    return {**span, "value": value, "granularity": granularity}


def valid_date(value: Any, granularity: str) -> bool:
    from datetime import date

    if not isinstance(value, str):
        return False
    parts = value.split("-")
    expected = {"year": 1, "month": 2, "day": 3}[granularity]
    if len(parts) != expected or not all(p.isdigit() for p in parts):
        return False
    numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
    try:
        date(*numbers)
    except ValueError:
        return False
    return True


def compile_casualties(item: dict[str, Any], resolver: Resolver, where: str) -> dict | None:
    counts = {
        kind: compile_count(item.get(kind), resolver, f"{where} {kind}")
        for kind in ("killed", "injured")
    }
    if counts["killed"] is None and counts["injured"] is None:
        return None
    return counts


def compile_count(item: dict[str, Any] | None, resolver: Resolver, where: str) -> dict | None:
    if item is None or not unknown_keys(item, COUNT_FIELDS, where, resolver.problems):
        return None
    span = resolver.span(item, where)
    low, high = item.get("min"), item.get("max")
    for bound in (low, high):
        if bound is not None and (not isinstance(bound, int) or bound < 0):
            resolver.problems.errors.append(f"{where}: bound {bound!r}")
    if low is None and high is None:
        resolver.problems.errors.append(f"{where}: neither min nor max")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        resolver.problems.errors.append(f"{where}: min {low} > max {high}")
    if span is None:
        return None
    approximate = bool(item.get("approximate", low != high))
    return {"min": low, "max": high, "approximate": approximate, **span}


def read_assignments(path: Path = ASSIGNMENTS) -> dict[str, list[str]]:
    """doc_id → annotators, the first one primary (corpus/gold/assignments.tsv)."""
    assignments = {}
    for line in path.read_text("utf-8").splitlines()[1:]:
        doc_id, annotators = line.split("\t")[:2]
        assignments[doc_id] = annotators.split(",")
    return assignments


def annotation_file(doc_id: str, annotator: str, root: Path = ANNOTATIONS) -> Path:
    return root / annotator / f"{doc_id}.json"


def chosen_file(doc_id: str, annotators: list[str], root: Path = ANNOTATIONS) -> Path | None:
    """The adjudicated file where there is one, else the revised one (the first annotator's
    file brought up to the guidelines' change log), else the first annotator's."""
    for annotator in (ADJUDICATED, REVISED, annotators[0]):
        path = annotation_file(doc_id, annotator, root)
        if path.exists():
            return path
    return None


def compile_corpus(data: Path, out: Path = GOLD_DIR) -> dict[str, int]:
    """Write the split files from the annotation files; returns articles written per split."""
    articles = read_tsv()
    texts = load_texts(data, articles)
    assignments = read_assignments()
    by_split: dict[str, list[dict]] = {split: [] for split in SPLITS}
    failures = []
    for article in articles:
        path = chosen_file(article.doc_id, assignments.get(article.doc_id, ["-"]))
        if path is None:
            continue
        record, problems = compile_annotation(
            json.loads(path.read_text("utf-8")), texts[article.doc_id]
        )
        if record is None:
            failures.append(f"{path}: {problems.errors[0]} (+{len(problems.errors) - 1})")
            continue
        by_split[article.split].append(record)
    if failures:
        raise SystemExit("annotation files with errors:\n" + "\n".join(failures))
    for split, records in by_split.items():
        lines = (json.dumps(record, ensure_ascii=False) for record in records)
        (out / f"{split}.jsonl").write_text("".join(f"{line}\n" for line in lines), "utf-8")
    return {split: len(records) for split, records in by_split.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    args = parser.parse_args(argv)
    counts = compile_corpus(args.data)
    print(", ".join(f"{split} {n}" for split, n in counts.items()), "articles written")


if __name__ == "__main__":
    main()
