"""The output contract: JSON Schemas for every output file, and a validator for a run's output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

SCHEMA_FILES = {
    "document": "document.schema.json",
    "entity_row": "entity_row.schema.json",
    "event_row": "event_row.schema.json",
    "error": "error.schema.json",
    "run": "run.schema.json",
    "story": "story.schema.json",
    "entity_index": "entity_index.schema.json",
}
OUTPUT_FILES = {
    "documents.jsonl": "document",
    "entities.jsonl": "entity_row",
    "events.jsonl": "event_row",
    "errors.jsonl": "error",
}
RUN_LEVEL_FILES = {"stories.jsonl": "story", "entities_index.jsonl": "entity_index"}


def load_schema(name: str) -> dict[str, Any]:
    """The JSON Schema `name` (a key of SCHEMA_FILES)."""
    path = resources.files("pipeline").joinpath("schemas", SCHEMA_FILES[name])
    return json.loads(path.read_text("utf-8"))


@cache
def _registry() -> Registry:
    schemas = [load_schema(name) for name in SCHEMA_FILES]
    return Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas
    )


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator for records of schema `name`."""
    return Draft202012Validator(
        load_schema(name), registry=_registry(), format_checker=FormatChecker()
    )


def record_problems(name: str, record: dict[str, Any]) -> list[str]:
    """Schema violations of one record, plus the offset checks a schema cannot express."""
    problems = [_describe(error) for error in validator(name).iter_errors(record)]
    if not problems and name == "document":
        problems.extend(_offset_problems(record))
    return problems


def _describe(error: Any) -> str:
    where = "/".join(str(part) for part in error.absolute_path) or "(record)"
    return f"{where}: {error.message}"


def _offset_problems(record: dict[str, Any]) -> Iterator[str]:
    text = record["text"]
    for i, sentence in enumerate(record["sentences"]):
        if not 0 <= sentence["start"] < sentence["end"] <= len(text):
            yield f"sentences/{i}: span outside the text"
    spans = [("entities", e) for e in record["entities"]]
    spans += [("times", t) for t in record["times"]]
    spans += [("events/trigger", e["trigger"]) for e in record["events"]]
    spans += [("events/evidence", e["evidence"]) for e in record["events"]]
    for where, span in spans:
        if text[span["start"] : span["end"]] != span["text"]:
            yield f"{where}: text {span['text']!r} is not text[{span['start']}:{span['end']}]"


def validate_output(out_dir: Path) -> dict[str, list[str]]:
    """Problems per output file of a run (an empty dict when all is valid).

    The output of a Dask run (a merged `run.json` listing `shards`) is checked shard by shard.
    """
    shards = _shard_folders(out_dir)
    if shards is None:
        problems = _validate_folder(out_dir)
    else:
        problems = _manifest_problems(out_dir / "run.json")
        for shard in shards:
            for file_name, found in _validate_folder(out_dir / shard).items():
                problems[f"{shard}/{file_name}"] = found
    problems.update(_run_level_problems(out_dir))
    return problems


def _run_level_problems(out_dir: Path) -> dict[str, list[str]]:
    """The files written once per run, beside the shards of a Dask run."""
    problems: dict[str, list[str]] = {}
    for file_name, schema in RUN_LEVEL_FILES.items():
        path = out_dir / file_name
        found = list(_file_problems(path, schema)) if path.exists() else ["missing"]
        if found:
            problems[file_name] = found
    return problems


def _shard_folders(out_dir: Path) -> list[str] | None:
    manifest = out_dir / "run.json"
    if not manifest.exists():
        return None
    try:
        shards = json.loads(manifest.read_text("utf-8")).get("shards")
    except (json.JSONDecodeError, AttributeError):
        return None
    if not isinstance(shards, list):
        return None
    return [s["output"] for s in shards if isinstance(s, dict) and s.get("status") == "done"]


def _manifest_problems(manifest: Path) -> dict[str, list[str]]:
    if not manifest.exists():
        return {"run.json": ["missing"]}
    try:
        record = json.loads(manifest.read_text("utf-8"))
    except json.JSONDecodeError as error:
        return {"run.json": [f"not JSON ({error})"]}
    found = record_problems("run", record)
    return {"run.json": found} if found else {}


def _validate_folder(out_dir: Path) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    for file_name, schema in OUTPUT_FILES.items():
        path = out_dir / file_name
        if not path.exists():
            problems[file_name] = ["missing"]
            continue
        found = list(_file_problems(path, schema))
        if found:
            problems[file_name] = found
    problems.update(_manifest_problems(out_dir / "run.json"))
    return problems


def _file_problems(path: Path, schema: str) -> Iterator[str]:
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.endswith("\n"):
                yield f"line {number}: truncated (no line end)"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                yield f"line {number}: not JSON ({error})"
                continue
            for problem in record_problems(schema, record):
                yield f"line {number}: {problem}"
