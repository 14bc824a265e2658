"""The engine core: what both engines (local worker pool, Dask) do with a stream of documents.

Work selection (`work_to_do`: skip what a resumed output holds, refuse a repeated id, turn read
failures into error outcomes), batches (`batched`), the stages over a batch (`process_batch`:
each stage's `pipe` on the batch, redone document by document when it fails, so a refusal or a
crash costs only its document), the one recovery rule after a worker process dies
(`redo_after_death`), and the outcomes that the writer and the run summary take.
`pipeline/runner.py` (local) and `pipeline/dask_engine.py` (one task per shard) feed it.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pipeline.codec import document_record, error_record
from pipeline.document import Document, DocumentRejected
from pipeline.manifest import RunSummary
from pipeline.read import ReadFailure
from pipeline.run_entities import write_run_entities
from pipeline.stages import Stage
from pipeline.stories.step import StoriesSummary, write_stories


@dataclass
class Outcome:
    """What processing one document gave: its record, or its error."""

    kind: str  # "document" | "error"
    record: dict[str, Any]
    words: int = 0
    entity_labels: Counter[str] = field(default_factory=Counter)
    event_types: Counter[str] = field(default_factory=Counter)
    stage_seconds: dict[str, float] = field(default_factory=dict)


BATCH_SIZE = 16  # documents that go through a stage's `pipe` together


def process_document(stages: list[Stage], doc: Document) -> Outcome:
    """Run every stage on `doc`; a refusal or a crash becomes an error outcome."""
    return process_batch(stages, [doc])[0]


def process_batch(stages: list[Stage], items: list[Document | Outcome]) -> list[Outcome]:
    """Run every stage on the documents of `items`, stage by stage; outcomes in item order.

    Each stage's `pipe(docs)` gets the batch's documents in one call (models run on bigger
    batches); if that call fails, the stage runs again document by document, so a refusal or a
    crash costs only the document that caused it. Outcomes already in `items` (read errors)
    pass through.
    """
    outcomes: list[Outcome | None] = [i if isinstance(i, Outcome) else None for i in items]
    live = {n: item for n, item in enumerate(items) if isinstance(item, Document)}
    seconds: dict[int, dict[str, float]] = {n: {} for n in live}
    words = {n: max(1, doc.word_count()) for n, doc in live.items()}  # shares of a batch's time
    for stage in stages:
        if len(live) > 1 and _pipe_stage(stage, live, seconds, words):
            continue
        for n in list(live):
            started = time.perf_counter()
            result = _call_stage(stage, live[n])
            if isinstance(result, Outcome):
                outcomes[n] = result
                del live[n]
                continue
            live[n] = result
            seconds[n][stage.name] = time.perf_counter() - started
    for n, doc in live.items():
        outcomes[n] = _document_outcome(doc, seconds[n])
    return [outcome for outcome in outcomes if outcome is not None]


def _pipe_stage(
    stage: Stage, live: dict[int, Document], seconds: dict[int, dict], words: dict[int, int]
) -> bool:
    """The stage's `pipe` over every live document; False (nothing kept) if it failed."""
    numbers = list(live)
    started = time.perf_counter()
    try:
        results = stage.pipe([live[n] for n in numbers])
    except Exception:  # redone one document at a time, which finds the culprit
        return False
    spent = time.perf_counter() - started
    total = sum(words[n] for n in numbers)
    for n, doc in zip(numbers, results, strict=True):
        live[n] = doc
        seconds[n][stage.name] = spent * words[n] / total  # the batch's time, shared by words
    return True


def _call_stage(stage: Stage, doc: Document) -> Document | Outcome:
    try:
        return stage(doc)
    except DocumentRejected as rejection:
        return stage_error(doc, stage.name, rejection.reason, rejection.message)
    except Exception as crash:  # a bug or a model failure costs this document only
        where = traceback.extract_tb(crash.__traceback__)[-1]
        message = f"{type(crash).__name__}: {crash} (at {Path(where.filename).name}:{where.lineno})"
        return stage_error(doc, stage.name, "stage_failed", message)


def _document_outcome(doc: Document, seconds: dict[str, float]) -> Outcome:
    return Outcome(
        kind="document",
        record=document_record(doc),
        words=doc.word_count(),
        entity_labels=Counter(entity.label for entity in doc.entities),
        event_types=Counter(event.type for event in doc.events),
        stage_seconds=seconds,
    )


def stage_error(doc: Document, stage: str, reason: str, message: str) -> Outcome:
    record = error_record(
        doc.doc_id, stage, reason, message, doc.source.path, doc.source.line, doc.source.sha256
    )
    return Outcome(kind="error", record=record)


WORKER_DIED = "worker_died"


def worker_died(doc: Document) -> Outcome:
    """The error of a document whose worker process died while it was the only one in flight."""
    return stage_error(doc, "worker", WORKER_DIED, "the worker process died on this document")


def redo_after_death(
    suspects: Iterable[Document | Outcome],
    run_alone: Callable[[Document], list[Outcome]],
    culprit: str | None = None,
) -> Iterator[Outcome]:
    """The documents that were in flight when a worker process died, redone one at a time.

    Both engines follow this rule: whoever was in flight at a death is a suspect; suspects run
    alone, so that a second death names its document, which is then recorded `worker_died` and
    never tried again (only it is lost). The local pool sees the second death at once
    (`run_alone` returns `worker_died`); a Dask task is itself killed and retried, and learns
    the `culprit` from its journal of started batches.
    """
    for item in suspects:
        if isinstance(item, Outcome):
            yield item
        elif item.doc_id == culprit:
            yield worker_died(item)
        else:
            yield from run_alone(item)


def failure_outcome(failure: ReadFailure) -> Outcome:
    record = error_record(
        failure.doc_id,
        "read",
        failure.reason,
        failure.message,
        failure.path,
        failure.line,
        failure.sha256,
    )
    return Outcome(kind="error", record=record)


def duplicate_outcome(item: Document | ReadFailure) -> Outcome:
    """The error of a document whose id an earlier input already used."""
    path = item.source.path if isinstance(item, Document) else item.path
    line = item.source.line if isinstance(item, Document) else item.line
    record = error_record(
        item.doc_id,
        "read",
        "duplicate_id",
        f"doc_id {item.doc_id!r} was already used by an earlier input; ids must be unique",
        path,
        line,
    )
    return Outcome(kind="error", record=record)


class Skipped(Protocol):
    """What counts the documents a resumed run finds done (the run summary)."""

    skipped: int


def work_to_do(
    items: Iterable[Document | ReadFailure],
    completed: set[str],
    seen: set[str],
    skipped: Skipped,
    limit: int | None = None,
) -> Iterator[Document | Outcome]:
    """Documents (and read errors) in input order, without those in `completed` (counted in
    `skipped.skipped`) or whose id is in `seen` already (a `duplicate_id` error); at most
    `limit` input items are looked at."""
    count = 0
    for item in items:
        if limit is not None and count >= limit:
            return
        count += 1
        if item.doc_id in completed:
            skipped.skipped += 1
            continue
        if item.doc_id in seen:
            yield duplicate_outcome(item)
            continue
        seen.add(item.doc_id)
        yield failure_outcome(item) if isinstance(item, ReadFailure) else item


def run_level_steps(
    out_dir: Path, folders: list[Path], summary: RunSummary | None = None
) -> StoriesSummary:
    """The run-level step after the per-document stages, in both engines: the events of every
    document of `folders` grouped into `out_dir/stories.jsonl`, their rows in each folder's
    `events.jsonl` marked with their story (`pipeline/stories/`); then the run-wide ids of the
    entities the knowledge base does not hold (`pipeline/run_entities.py`:
    `out_dir/entities_index.jsonl`, `run_entity` in each folder's `entities.jsonl`). `summary`
    (a `RunSummary`) gets the counts."""
    stories = write_stories(out_dir, folders)
    write_run_entities(out_dir, folders)
    if summary is not None:
        summary.stories = stories.stories
        summary.stories_joined = stories.joined
    return stories


def limit_torch_threads() -> None:
    """One torch thread per process, when a stage uses torch.

    N workers then share N cores without thrashing, and every process does the same arithmetic,
    so the output is byte-identical whatever the number of workers.
    """
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)


def batched(items: Iterable[Document | Outcome], size: int) -> Iterator[list]:
    """Consecutive lists of `size` items (the last may be shorter); reads no further ahead."""
    window: list[Document | Outcome] = []
    for item in items:
        window.append(item)
        if len(window) >= size:
            yield window
            window = []
    if window:
        yield window
