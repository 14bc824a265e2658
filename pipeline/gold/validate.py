"""Check a gold file: its schema, its references, and every offset against the article's text.

`python -m pipeline validate-gold FILE [--data DATA]`. Without the shared data (`--data` missing
or `--no-text`) only the schema and the references are checked.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from pipeline.gold.compile import event_types, valid_date
from pipeline.gold.selection import Article, read_tsv
from pipeline.gold.texts import GoldTextError, load_texts

SCHEMA = "gold.schema.json"


@cache
def gold_validator() -> Draft202012Validator:
    path = resources.files("pipeline").joinpath("schemas", SCHEMA)
    return Draft202012Validator(json.loads(path.read_text("utf-8")))


def read_gold(path: Path) -> list[dict[str, Any]]:
    """The records of a gold JSONL file."""
    lines = path.read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def schema_problems(record: dict[str, Any]) -> list[str]:
    problems = []
    for error in gold_validator().iter_errors(record):
        where = "/".join(str(part) for part in error.absolute_path) or "(record)"
        problems.append(f"{where}: {error.message}")
    return problems


def reference_problems(record: dict[str, Any]) -> Iterator[str]:
    """Actors and places that name an entity must name one of the article, with its span."""
    entities = {entity["id"]: entity for entity in record["entities"]}
    for event in record["events"]:
        references = [*event["actors"], *([event["location"]] if event["location"] else [])]
        for item in references:
            entity = entities.get(item["entity"]) if item["entity"] else None
            if item["entity"] and entity is None:
                yield f"event {event['id']}: no entity {item['entity']!r}"
            elif entity and span_of(entity) != span_of(item):
                yield f"event {event['id']}: span of {item['entity']} differs from the entity's"


def semantic_problems(record: dict[str, Any], articles: dict[str, Article]) -> Iterator[str]:
    """What the schema cannot say: ids, spans, subtypes, dates, counts, and the article list."""
    yield from article_problems(record, articles)
    for kind in ("entities", "events"):
        ids = [item["id"] for item in record[kind]]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            yield f"{kind}: repeated ids {repeated}"
    for where, span in all_spans(record):
        if span["start"] >= span["end"]:
            yield f"{where}: empty or reversed span [{span['start']}, {span['end']})"
    entities = sorted(record["entities"], key=lambda e: (e["start"], e["end"]))
    for first, second in itertools.pairwise(entities):
        if second["start"] < first["end"]:
            yield f"entities {first['id']} and {second['id']} overlap"
    types = event_types()
    for event in record["events"]:
        yield from event_problems(event, types)


def article_problems(record: dict[str, Any], articles: dict[str, Article]) -> Iterator[str]:
    article = articles.get(record["doc_id"])
    if article is None:
        yield "not an article of corpus/gold/articles.tsv"
        return
    if article.split != record["split"]:
        yield f"split {record['split']!r}, but articles.tsv puts it in {article.split!r}"
    if article.text_sha256 != record["text_sha256"]:
        yield "text_sha256 is not the one articles.tsv recorded"


def event_problems(event: dict[str, Any], types: dict[str, set[str]]) -> Iterator[str]:
    where = f"event {event['id']}"
    if event["subtype"] is not None and event["subtype"] not in types.get(event["type"], set()):
        yield f"{where}: subtype {event['subtype']!r} is not a subtype of {event['type']}"
    time = event["time"]
    if time and not valid_date(time["value"], time["granularity"]):
        yield f"{where}: date {time['value']!r} is not a {time['granularity']} date"
    for kind, count in (event["casualties"] or {}).items():
        low, high = (count or {}).get("min"), (count or {}).get("max")
        if low is not None and high is not None and low > high:
            yield f"{where}: {kind} min {low} > max {high}"


def span_of(item: dict[str, Any]) -> tuple[int, int, str]:
    return item["start"], item["end"], item["text"]


def all_spans(record: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for entity in record["entities"]:
        yield f"entity {entity['id']}", entity
    for event in record["events"]:
        where = f"event {event['id']}"
        for mention in event["mentions"]:
            yield f"{where} mention", mention
        for actor in event["actors"]:
            yield f"{where} {actor['role']}", actor
        for name in ("location", "time"):
            if event[name]:
                yield f"{where} {name}", event[name]
        for kind, count in (event["casualties"] or {}).items():
            if count:
                yield f"{where} {kind}", count


def offset_problems(record: dict[str, Any], text: str) -> Iterator[str]:
    for where, span in all_spans(record):
        if text[span["start"] : span["end"]] != span["text"]:
            yield f"{where}: {span['text']!r} is not text[{span['start']}:{span['end']}]"


def validate_gold(path: Path, data: Path | None) -> list[str]:
    """Problems of a gold file, each with its line number (an empty list when valid)."""
    records = read_gold(path)
    articles = {article.doc_id: article for article in read_tsv()}
    texts = texts_for(records, data) if data else {}
    problems = []
    seen: set[str] = set()
    for number, record in enumerate(records, 1):
        found = schema_problems(record)
        if not found:
            found = [*reference_problems(record), *semantic_problems(record, articles)]
            if record["doc_id"] in seen:
                found.append("doc_id repeated in the file")
            seen.add(record["doc_id"])
            if record["doc_id"] in texts:
                found += offset_problems(record, texts[record["doc_id"]])
        problems.extend(f"line {number} ({record.get('doc_id')}): {p}" for p in found)
    return problems


def texts_for(records: list[dict[str, Any]], data: Path) -> dict[str, str]:
    """The texts of the records' articles that articles.tsv knows (the others are reported)."""
    ids = {record.get("doc_id") for record in records}
    articles: list[Article] = [a for a in read_tsv() if a.doc_id in ids]
    try:
        return {doc_id: gold.text for doc_id, gold in load_texts(data, articles).items()}
    except GoldTextError as error:
        raise SystemExit(f"validate-gold: {error}") from error
