"""The one codec between the document model and the output contract, both ways.

Writing: `document_record(doc)` is a document's line of `documents.jsonl`;
`entity_rows(record)` and `event_rows(record)` are its lines of `entities.jsonl` and
`events.jsonl`; `error_record(...)` is a line of `errors.jsonl`. Reading: `read_rows(path)`
gives the lines of an output file, `document_from_record(record)` the `Document` a record was
written from (its layers rebuilt as typed objects), so that `document_record` of it is the
record again.

Each output layer registers its serialiser here with `register_layer` (name, how an element
becomes a row, how a row becomes an element); `document_record` writes the layers in the order
they were registered, after the document's own fields and before its warnings. The runner (and
so the Dask engine, which runs the runner's batches), `write.py` and the report use this module.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from pipeline.document import (
    ActorCode,
    Casualties,
    Count,
    Document,
    Entity,
    Event,
    EventTime,
    KbLink,
    MentionSpan,
    Place,
    PlaceAreas,
    Role,
    Sentence,
    SourceInfo,
    TextSpan,
    TimeMention,
)

SCHEMA_VERSION = 3
# additions within the major version (3.1: places' admin areas, actors' codes and categories,
# how unknown names were spelt, events' confidence_source and accepted; 3.2: the modality
# `demanded`, an event time's source (text or the article's date); 3.3: stories.jsonl, events'
# story, entities' run_entity and entities_index.jsonl; 3.4: `spelt_by` `translated`, an
# organisation name translated word by word; 3.5: an event time's source `context`, a
# place's kind `site`; 3.6: the areas of a place the text puts inside a linked one)
SCHEMA_MINOR_VERSION = 6


class UnreadableOutput(ValueError):
    """An output file with a line that is not JSON."""


@dataclass(frozen=True, slots=True)
class LayerCodec:
    """How one layer of a document is written into its record, and read back."""

    name: str  # the layer's name in `Document.layers` and its key in the record
    write: Callable[[Any], dict[str, Any]]
    read: Callable[[dict[str, Any]], Any]


_LAYERS: dict[str, LayerCodec] = {}


def register_layer(codec: LayerCodec) -> None:
    """Have the layer `codec.name` written into (and read from) every document record."""
    if codec.name in _LAYERS:
        raise ValueError(f"layer {codec.name!r} is registered already")
    _LAYERS[codec.name] = codec


def registered_layers() -> list[str]:
    """The names of the layers a record holds, in record order."""
    return list(_LAYERS)


def _sentence_row(sentence: Sentence) -> dict[str, Any]:
    return {"start": sentence.start, "end": sentence.end}


def _sentence(row: dict[str, Any]) -> Sentence:
    return Sentence(row["start"], row["end"])


AREA_FIELDS = tuple(field.name for field in fields(PlaceAreas))
ACTOR_FIELDS = tuple(field.name for field in fields(ActorCode))


def _flat(row: dict[str, Any], nested: str) -> dict[str, Any]:
    """`row` with the object under `nested` written as fields of its own (absent when None):
    the 3.1 additions sit beside the fields of schema 3.0."""
    inner = row.pop(nested)
    return {**row, **inner} if inner is not None else row


def link_row(link: KbLink) -> dict[str, Any]:
    """A link as the contract writes it (`canonical`)."""
    row = _flat(_flat(asdict(link), "areas"), "actor")
    if row["spelt_by"] is None:
        del row["spelt_by"]
    return row


def _contract_dict(item: Any) -> dict[str, Any]:
    """`asdict(item)` without the token spans: the token layer is not part of the contract,
    whose offsets are characters of the original text."""
    return asdict(item, dict_factory=_without_token_span)


def _without_token_span(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    return {key: value for key, value in pairs if key != "token_span"}


def entity_row(entity: Entity) -> dict[str, Any]:
    row = _contract_dict(entity)
    row["canonical"] = link_row(entity.canonical) if entity.canonical is not None else None
    return row


def _areas(row: dict[str, Any]) -> PlaceAreas | None:
    if "geo_precision" not in row:
        return None
    return PlaceAreas(**{name: row[name] for name in AREA_FIELDS})


def _link(row: dict[str, Any]) -> KbLink:
    actor = None
    if "actor_category" in row:
        actor = ActorCode(**{name: row[name] for name in ACTOR_FIELDS})
    extra = {*AREA_FIELDS, *ACTOR_FIELDS}
    base = {key: value for key, value in row.items() if key not in extra}
    return KbLink(**base, areas=_areas(row), actor=actor)


def _entity(row: dict[str, Any]) -> Entity:
    link = row["canonical"]
    return Entity(**{**row, "canonical": _link(link) if link is not None else None})


def _time(row: dict[str, Any]) -> TimeMention:
    return TimeMention(**row)


def event_row(event: Event) -> dict[str, Any]:
    """An event as the contract writes it."""
    row = _contract_dict(event)
    if row["location"] is not None:
        row["location"] = _flat(row["location"], "areas")
    return row


def _span(row: dict[str, Any]) -> TextSpan:
    return TextSpan(**row)


def _count(row: dict[str, Any] | None) -> Count | None:
    return Count(**row) if row is not None else None


def _place(row: dict[str, Any]) -> Place:
    base = {key: value for key, value in row.items() if key not in AREA_FIELDS}
    return Place(**base, areas=_areas(row))


def _event(row: dict[str, Any]) -> Event:
    location, time, casualties = row["location"], row["time"], row["casualties"]
    return Event(
        **{
            **row,
            "trigger": _span(row["trigger"]),
            "actors": [Role(**actor) for actor in row["actors"]],
            "location": _place(location) if location is not None else None,
            "time": EventTime(**time) if time is not None else None,
            "casualties": (
                Casualties(_count(casualties["killed"]), _count(casualties["injured"]))
                if casualties is not None
                else None
            ),
            "evidence": _span(row["evidence"]),
            "mentions": [
                MentionSpan(_span(mention["trigger"]), mention["sentence"])
                for mention in row["mentions"]
            ],
        }
    )


register_layer(LayerCodec("sentences", _sentence_row, _sentence))
register_layer(LayerCodec("entities", entity_row, _entity))
register_layer(LayerCodec("times", _contract_dict, _time))
register_layer(LayerCodec("events", event_row, _event))


def document_record(doc: Document) -> dict[str, Any]:
    """The `documents.jsonl` record of a processed document."""
    record: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "doc_id": doc.doc_id,
        "source": {
            "path": doc.source.path,
            "sha256": doc.source.sha256,
            "encoding": doc.source.encoding,
            "line": doc.source.line,
        },
        "title": doc.title,
        "date": doc.date,
        "outlet": doc.outlet,
        "lang": doc.lang,
        "text": doc.text,
    }
    for name, codec in _LAYERS.items():
        record[name] = [codec.write(element) for element in doc.layers.get(name, [])]
    record["warnings"] = list(doc.warnings)
    return record


def document_from_record(record: dict[str, Any]) -> Document:
    """The document a `documents.jsonl` record was written from (no normalised text: that is
    not part of the contract)."""
    source = record["source"]
    doc = Document(
        doc_id=record["doc_id"],
        text=record["text"],
        source=SourceInfo(source["path"], source["sha256"], source["encoding"], source["line"]),
        title=record["title"],
        date=record["date"],
        outlet=record["outlet"],
        lang=record["lang"],
        warnings=list(record["warnings"]),
    )
    for name, codec in _LAYERS.items():
        doc.layers[name] = [codec.read(row) for row in record.get(name, [])]
    return doc


def entity_rows(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The `entities.jsonl` rows of a document record: each mention with its `doc_id`."""
    for entity in record["entities"]:
        yield {"doc_id": record["doc_id"], **entity}


def event_rows(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The `events.jsonl` rows of a document record: each event with its `doc_id`."""
    for event in record["events"]:
        yield {"doc_id": record["doc_id"], **event}


def error_record(
    doc_id: str,
    stage: str,
    reason: str,
    message: str,
    path: str | None,
    line: int | None = None,
    sha256: str | None = None,
) -> dict[str, Any]:
    """The `errors.jsonl` record of a document that could not be processed."""
    return {
        "schema_version": SCHEMA_VERSION,
        "doc_id": doc_id,
        "stage": stage,
        "reason": reason,
        "message": message,
        "source": {"path": path, "line": line, "sha256": sha256},
    }


def dumps(record: dict[str, Any]) -> str:
    """One output line (without its newline): compact JSON, non-ASCII as is."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def read_rows(path: Path) -> Iterator[dict[str, Any]]:
    """The rows of an output JSONL file; `UnreadableOutput` names a line that is not JSON."""
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as error:
                raise UnreadableOutput(f"{path}, line {number}: not JSON ({error})") from error
