"""The local engine: read → stages of the profile → write, in batches, in worker processes.

The engine core (`pipeline/engine.py`) selects the work, batches it and runs the stages over
each batch; documents are written one by one, in input order. A document that fails
(unreadable, refused by a stage, or crashing one) becomes one record in `errors.jsonl` and the
run goes on.
With `workers > 1` batches are processed in worker processes that each build the stages once;
results come back in input order, so the output does not depend on the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from tqdm import tqdm

from pipeline.document import Document
from pipeline.engine import (
    BATCH_SIZE,
    Outcome,
    batched,
    limit_torch_threads,
    process_batch,
    redo_after_death,
    run_level_steps,
    work_to_do,
    worker_died,
)
from pipeline.manifest import RunDescription, RunSummary, build_manifest
from pipeline.read import DEFAULT_MAX_DOC_BYTES, Reader
from pipeline.stages import Stage, create_stages
from pipeline.write import OutputWriter


@dataclass
class RunOptions:
    inputs: list[str]
    out_dir: Path
    profile: str = "fast"
    workers: int = 1
    resume: bool = False
    limit: int | None = None
    max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES
    engine: str = "local"  # or "dask" (pipeline/dask_engine.py)
    stage_options: dict[str, Any] = field(default_factory=dict)
    progress: bool = True
    stdin: IO[bytes] | None = None


WINDOW_PER_WORKER = 64  # documents in flight per worker, at most
MAX_DEATHS_IN_A_ROW = 3  # workers dying on this many documents in a row stop the run
WARM_UP_PROBE_SECONDS = 0.05
WARM_UP_ROUNDS = 50

# Worker processes build their stages once, in the pool initialiser.
_worker_stages: list[Stage] | None = None


def _init_worker(profile: str, stage_options: dict[str, Any]) -> None:
    global _worker_stages
    _worker_stages = create_stages(profile, stage_options)
    limit_torch_threads()


def _worker_pid() -> int:
    time.sleep(WARM_UP_PROBE_SECONDS)  # hold this worker so the next probe reaches another
    return os.getpid()


def _process_in_worker(batch: list[Document | Outcome]) -> list[Outcome]:
    assert _worker_stages is not None, "worker initialiser did not run"
    return process_batch(_worker_stages, batch)


class WorkersKeepDying(RuntimeError):
    """Worker processes die on document after document: the run cannot go on."""


class WorkerPool:
    """Worker processes that survive the death of one of them.

    Documents go to a `ProcessPoolExecutor` (spawned workers, stages built once per worker) and
    come back in input order. When a worker dies (killed, out of memory, a crash in native
    code), the executor breaks and every document in flight fails with it; the pool is rebuilt
    and the rest of the window is redone one document at a time (`engine.redo_after_death`, the
    rule the Dask engine follows too), so the document that kills a worker again is found and
    recorded as `worker_died`, and only it is lost.
    """

    def __init__(self, workers: int, profile: str, stage_options: dict[str, Any]) -> None:
        self.workers = workers
        self.initargs = (profile, stage_options)
        self.executor = self._new_executor()
        self.deaths_in_a_row = 0

    def _new_executor(self) -> ProcessPoolExecutor:
        # spawn, not fork: a forked copy of a process that already ran torch can deadlock.
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=self.initargs,
        )

    def warm_up(self) -> None:
        """Start every worker and let it build its stages before documents are timed.

        A worker builds its stages before its first task, so the pool is warm once a probe
        has come back from each of them.
        """
        seen: set[int] = set()
        for _ in range(WARM_UP_ROUNDS):
            probes = [self.executor.submit(_worker_pid) for _ in range(self.workers)]
            try:
                seen.update(probe.result() for probe in probes)
            except BrokenProcessPool:
                raise WorkersKeepDying("worker processes die while starting") from None
            if len(seen) >= self.workers:
                return

    def _restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new_executor()

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)

    def process(self, window: list[Document | Outcome]) -> Iterator[Outcome]:
        batches = list(batched(window, BATCH_SIZE))
        try:
            futures = [self.executor.submit(_process_in_worker, batch) for batch in batches]
        except BrokenProcessPool:  # a worker died after the last window: nothing here is done
            yield from self._one_at_a_time(window)
            return
        for position, future in enumerate(futures):
            try:
                yield from future.result()
            except BrokenProcessPool:
                rest = [item for batch in batches[position:] for item in batch]
                yield from self._one_at_a_time(rest)
                return

    def _one_at_a_time(self, items: list[Document | Outcome]) -> Iterator[Outcome]:
        self._restart()
        self.deaths_in_a_row = 0
        yield from redo_after_death(items, self._run_alone)

    def _run_alone(self, doc: Document) -> list[Outcome]:
        """`doc` alone in the pool; its death is a second one, so it is the culprit."""
        try:
            outcomes = self.executor.submit(_process_in_worker, [doc]).result()
        except BrokenProcessPool:
            self.deaths_in_a_row += 1
            if self.deaths_in_a_row >= MAX_DEATHS_IN_A_ROW:
                raise WorkersKeepDying(
                    f"{self.deaths_in_a_row} documents in a row killed their worker process; "
                    "stopping (out of memory? a stage that cannot load?)"
                ) from None
            self._restart()
            return [worker_died(doc)]
        self.deaths_in_a_row = 0
        return outcomes


class Run:
    """One batch run over the inputs of `options`."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self.summary = RunSummary()
        self.reader = Reader(options.inputs, options.max_doc_bytes, options.stdin)
        self.seen_ids: set[str] = set()
        self.stages = create_stages(options.profile, options.stage_options)
        limit_torch_threads()

    def execute(self) -> RunSummary:
        options = self.options
        started_at = datetime.now(UTC)
        pool = self._warm_pool()
        started = time.perf_counter()  # models are loaded: from here on, documents are timed
        writer = OutputWriter(options.out_dir, resume=options.resume)
        already_done = set(writer.completed)
        self.seen_ids.update(already_done)
        progress = tqdm(
            unit="doc",
            desc="documents",
            disable=not options.progress,
            dynamic_ncols=True,
            file=sys.stderr,
        )
        try:
            for outcome in self._outcomes(already_done, pool):
                if outcome.kind == "document":
                    writer.write_document(outcome.record)
                else:
                    writer.write_error(outcome.record)
                self.summary.add(outcome)
                self.summary.seconds = time.perf_counter() - started
                progress.update(1)
                progress.set_postfix(
                    words_s=f"{self.summary.words_per_second:,.0f}",
                    errors=self.summary.errors,
                    refresh=False,
                )
        except BaseException:
            writer.close()
            raise
        finally:
            progress.close()
            if pool is not None:
                pool.shutdown()
        self.summary.seconds = time.perf_counter() - started
        writer.finalize(self._manifest(started_at))
        run_level_steps(options.out_dir, [options.out_dir], self.summary)
        return self.summary

    def _warm_pool(self) -> WorkerPool | None:
        """The worker processes, started with their stages built; None for one worker."""
        if self.options.workers <= 1:
            return None
        pool = WorkerPool(self.options.workers, self.options.profile, self.options.stage_options)
        try:
            pool.warm_up()
        except BaseException:
            pool.shutdown()
            raise
        return pool

    def _outcomes(self, completed: set[str], pool: WorkerPool | None) -> Iterator[Outcome]:
        documents = self._documents_to_process(completed)
        if pool is None:
            for batch in batched(documents, BATCH_SIZE):
                yield from process_batch(self.stages, batch)
            return
        # a window at a time: memory stays bounded whatever the corpus size
        for window in batched(documents, self.options.workers * WINDOW_PER_WORKER):
            yield from pool.process(window)

    def _documents_to_process(self, completed: set[str]) -> Iterator[Document | Outcome]:
        """Documents (and read errors) in input order, without finished or repeated ones."""
        return work_to_do(self.reader, completed, self.seen_ids, self.summary, self.options.limit)

    def _manifest(self, started_at: datetime) -> dict[str, Any]:
        description = RunDescription(
            profile=self.options.profile,
            stages=self.stages,
            workers=self.options.workers,
            resumed=self.options.resume,
            started_at=started_at,
        )
        return build_manifest(description, self.summary, self.reader.input_files)
