"""Run-wide entity ids for the entities the knowledge base does not hold (a run-level step).

A mention linked to a knowledge-base entry already has an id that holds across documents
(`canonical.kb_id`); any other mention has only its document's `cluster`. This step gives each
such cluster a run-level id, `run_entity`, shared by the clusters of different documents that are
the same entity: the same label and the same name once folded (`pipeline.lang.ar.fold.match_key`
of the cluster's longest mention, its article and proclitics dropped); a name of one word (`حسن`,
`الريف`) is too common to say so alone, and joins only clusters of documents that report a
common story (the context). It rewrites `entities.jsonl` of each folder with `run_entity` beside
`cluster` (null for mentions in the knowledge base) and writes `OUT/entities_index.jsonl`: one
line per run-level entity with its label, names and their counts, documents and mention count.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.codec import SCHEMA_VERSION, dumps, read_rows
from pipeline.lang.ar.clitics import definite_stem
from pipeline.lang.ar.fold import match_key

ENTITIES = "entities.jsonl"
INDEX = "entities_index.jsonl"
STORIES = "stories.jsonl"


@dataclass
class RunEntity:
    label: str
    key: str
    names: Counter[str] = field(default_factory=Counter)
    documents: list[str] = field(default_factory=list)
    mentions: int = 0

    @property
    def id(self) -> str:
        digest = hashlib.sha1(f"{self.label}\x1f{self.key}".encode()).hexdigest()
        return f"r-{digest[:16]}"


def name_key(text: str) -> str:
    """A name as clusters of different documents are compared."""
    return " ".join(definite_stem(word) for word in match_key(text).split())


def unknown(row: dict[str, Any]) -> bool:
    return not (row.get("canonical") or {}).get("kb_id")


def clusters_of(path: Path) -> Iterator[tuple[str, str, list[dict[str, Any]]]]:
    """(doc_id, cluster, its unknown mentions) for each cluster of an entities.jsonl."""
    current: dict[tuple[str, str], list[dict[str, Any]]] = {}
    doc = None
    for row in read_rows(path):
        if row["doc_id"] != doc:
            yield from ((d, c, rows) for (d, c), rows in current.items())
            current, doc = {}, row["doc_id"]
        if unknown(row):
            cluster = row.get("cluster") or row["id"]
            current.setdefault((row["doc_id"], cluster), []).append(row)
    yield from ((d, c, rows) for (d, c), rows in current.items())


def story_context(out_dir: Path) -> dict[str, set[str]]:
    """The stories of several documents each document reports (the context of short names)."""
    context: dict[str, set[str]] = {}
    path = out_dir / STORIES
    if not path.exists():
        return context
    for story in read_rows(path):
        if story["documents"] > 1:
            for member in story["members"]:
                context.setdefault(member["doc_id"], set()).add(story["story"])
    return context


def cluster_key(label: str, mentions: list[dict[str, Any]], doc_id: str, cluster: str) -> str:
    longest = max((m["normalized"] or m["text"] for m in mentions), key=len)
    key = name_key(longest)
    if len(key.split()) > 1:
        return key
    return f"{key}\x1f{doc_id}\x1f{cluster}"  # one word: its own entity unless context joins it


def assign(
    out_dir: Path, folders: list[Path]
) -> tuple[dict[tuple[str, str], RunEntity], list[RunEntity]]:
    """The run entity of every (doc_id, cluster) of unknown mentions."""
    context = story_context(out_dir)
    entities: dict[tuple[str, str], RunEntity] = {}
    of_cluster: dict[tuple[str, str], RunEntity] = {}
    short: dict[tuple[str, str], list[RunEntity]] = {}  # one-word names, by label and name
    for folder in folders:
        path = folder / ENTITIES
        if not path.exists():
            continue
        for doc_id, cluster, mentions in clusters_of(path):
            label = mentions[0]["label"]
            key = cluster_key(label, mentions, doc_id, cluster)
            if "\x1f" in key:
                entity = _short_entity(short, label, key, doc_id, context)
            else:
                entity = entities.setdefault((label, key), RunEntity(label, key))
            entities[(label, entity.key)] = entity
            entity.names.update(m["text"] for m in mentions)
            if doc_id not in entity.documents:
                entity.documents.append(doc_id)
            entity.mentions += len(mentions)
            of_cluster[(doc_id, cluster)] = entity
    return of_cluster, sorted(entities.values(), key=_order)


def _order(entity: RunEntity) -> tuple[str, str]:
    return (entity.label, entity.key)


def _short_entity(
    short: dict[tuple[str, str], list[RunEntity]],
    label: str,
    key: str,
    doc_id: str,
    context: dict[str, set[str]],
) -> RunEntity:
    """A one-word name joins an entity of that name whose documents share a story with it."""
    name = key.split("\x1f")[0]
    stories = context.get(doc_id, set())
    for entity in short.setdefault((label, name), []):
        if any(stories & context.get(other, set()) for other in entity.documents):
            return entity
    entity = RunEntity(label, key)
    short[(label, name)].append(entity)
    return entity


def write_run_entities(out_dir: Path, folders: list[Path]) -> int:
    """Write `run_entity` into each folder's entities.jsonl and OUT/entities_index.jsonl;
    returns the number of run-level entities."""
    of_cluster, entities = assign(out_dir, folders)
    for folder in folders:
        _mark(folder / ENTITIES, of_cluster)
    target = out_dir / INDEX
    temporary = target.with_name(f".{INDEX}.tmp")
    with temporary.open("w", encoding="utf-8") as stream:
        for entity in entities:
            stream.write(dumps(index_record(entity)) + "\n")
    os.replace(temporary, target)
    return len(entities)


def index_record(entity: RunEntity) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "run_entity": entity.id,
        "label": entity.label,
        "name": entity.names.most_common(1)[0][0],
        "names": [{"text": text, "mentions": n} for text, n in entity.names.most_common()],
        "documents": entity.documents,
        "mentions": entity.mentions,
    }


def _mark(path: Path, of_cluster: dict[tuple[str, str], RunEntity]) -> None:
    if not path.exists():
        return
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("w", encoding="utf-8") as stream:
        for row in read_rows(path):
            entity = of_cluster.get((row["doc_id"], row.get("cluster") or row["id"]))
            row = _beside_cluster(row, entity.id if entity and unknown(row) else None)
            stream.write(dumps(row) + "\n")
    os.replace(temporary, path)


def _beside_cluster(row: dict[str, Any], run_entity: str | None) -> dict[str, Any]:
    """The row with `run_entity` right after `cluster`."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key == "run_entity":
            continue
        out[key] = value
        if key == "cluster":
            out["run_entity"] = run_entity
    return out
