"""Writing: output records, a crash-safe journal, and atomic final files.

While a run goes, each finished document (or its error) is appended to `OUT/.journal.jsonl` as one
line, written with a single call and flushed, so a killed run leaves whole lines plus at most one
torn line at the end. `--resume` cuts that torn line off and skips the documents already there.
At the end the journal is turned into `documents.jsonl`, `entities.jsonl`, `events.jsonl` and
`errors.jsonl` (each written to a temporary file, synced and renamed into place) and `run.json`;
only then is the journal removed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pipeline.document import Document

SCHEMA_VERSION = 3
# additions within the major version (3.1: the events' confidence_source and accepted)
SCHEMA_MINOR_VERSION = 1
JOURNAL = ".journal.jsonl"
DOCUMENTS = "documents.jsonl"
ENTITIES = "entities.jsonl"
EVENTS = "events.jsonl"
ERRORS = "errors.jsonl"
MANIFEST = "run.json"


def document_record(doc: Document) -> dict[str, Any]:
    """The `documents.jsonl` record of a processed document (schema version 2)."""
    return {
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
        "sentences": [{"start": s.start, "end": s.end} for s in doc.sentences],
        "entities": [asdict(entity) for entity in doc.entities],
        "times": [asdict(time) for time in doc.times],
        "events": list(doc.events),
        "warnings": list(doc.warnings),
    }


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
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


class OutputWriter:
    """Journal documents as they finish; produce the final files at the end."""

    def __init__(self, out_dir: Path, resume: bool = False) -> None:
        self.out_dir = out_dir
        self.journal_path = out_dir / JOURNAL
        out_dir.mkdir(parents=True, exist_ok=True)
        self.completed: set[str] = set()
        if resume:
            self._prepare_resume()
        else:
            self.journal_path.unlink(missing_ok=True)
        self._journal = self.journal_path.open("ab")

    def _prepare_resume(self) -> None:
        if self.journal_path.exists():
            _cut_torn_tail(self.journal_path)
        else:
            self._seed_journal_from_final_files()
        for entry in _read_journal(self.journal_path):
            self.completed.add(entry["record"]["doc_id"])

    def _seed_journal_from_final_files(self) -> None:
        """A finished run being extended: its results become the start of the new journal."""
        temporary = self.journal_path.with_suffix(".seed")
        with temporary.open("w", encoding="utf-8") as journal:
            for kind, name in (("document", DOCUMENTS), ("error", ERRORS)):
                path = self.out_dir / name
                if not path.exists():
                    continue
                with path.open(encoding="utf-8") as stream:
                    for line in stream:
                        if line.strip():
                            record = json.loads(line)
                            journal.write(dumps({"kind": kind, "record": record}) + "\n")
        os.replace(temporary, self.journal_path)

    def write_document(self, record: dict[str, Any]) -> None:
        self._append({"kind": "document", "record": record})

    def write_error(self, record: dict[str, Any]) -> None:
        self._append({"kind": "error", "record": record})

    def _append(self, entry: dict[str, Any]) -> None:
        self._journal.write((dumps(entry) + "\n").encode("utf-8"))
        self._journal.flush()
        self.completed.add(entry["record"]["doc_id"])

    def finalize(self, manifest: dict[str, Any]) -> None:
        """Write the final files atomically from the journal, then remove the journal."""
        self._journal.close()
        outputs = {
            name: _AtomicFile(self.out_dir / name) for name in (DOCUMENTS, ENTITIES, EVENTS, ERRORS)
        }
        try:
            for entry in _read_journal(self.journal_path):
                _route(entry, outputs)
            for output in outputs.values():
                output.commit()
        finally:
            for output in outputs.values():
                output.discard()
        manifest_file = _AtomicFile(self.out_dir / MANIFEST)
        manifest_file.write(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        manifest_file.commit()
        self.journal_path.unlink(missing_ok=True)

    def close(self) -> None:
        self._journal.close()


def _route(entry: dict[str, Any], outputs: dict[str, _AtomicFile]) -> None:
    record = entry["record"]
    if entry["kind"] == "error":
        outputs[ERRORS].write(dumps(record) + "\n")
        return
    outputs[DOCUMENTS].write(dumps(record) + "\n")
    for entity in record["entities"]:
        outputs[ENTITIES].write(dumps({"doc_id": record["doc_id"], **entity}) + "\n")
    for event in record["events"]:
        outputs[EVENTS].write(dumps({"doc_id": record["doc_id"], **event}) + "\n")


class _AtomicFile:
    """A file written under a temporary name and renamed into place when complete."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.temporary = path.with_name(f".{path.name}.tmp")
        self.stream = self.temporary.open("w", encoding="utf-8")

    def write(self, text: str) -> None:
        self.stream.write(text)

    def commit(self) -> None:
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        os.replace(self.temporary, self.path)

    def discard(self) -> None:
        if not self.stream.closed:
            self.stream.close()
        self.temporary.unlink(missing_ok=True)


def _read_journal(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.endswith("\n"):
                yield json.loads(line)


def _cut_torn_tail(path: Path) -> None:
    """Truncate a journal after its last complete line (a kill may leave half a line)."""
    with path.open("rb+") as stream:
        stream.seek(0, os.SEEK_END)
        size = stream.tell()
        position = size
        while position > 0:
            step = min(65536, position)
            stream.seek(position - step)
            block = stream.read(step)
            newline = block.rfind(b"\n")
            if newline >= 0:
                position = position - step + newline + 1
                break
            position -= step
        if position != size:
            stream.truncate(position)
