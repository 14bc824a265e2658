"""The Dask engine: one task per input shard on a Dask cluster, one output shard per input shard.

    python -m pipeline run 'data/2015-*.jsonl.gz' -o /shared/out --engine dask \
        --scheduler tcp://scheduler:8786

Inputs are JSONL shards (`.jsonl`, `.jsonl.gz`, local paths, globs or fsspec URLs such as
`s3://bucket/news/*.jsonl.gz`). Each shard is read as a stream by one task on a worker, which
builds the profile's stages once per worker thread and writes `OUT/shards/NAME/` with the same
files as a local run (`documents.jsonl`, `entities.jsonl`, `events.jsonl`, `errors.jsonl`,
`run.json`), through the same crash-safe journal. The output folder must be one that every
worker can write (a shared file system). At the end the driver writes `OUT/run.json`, the
merged manifest, which lists every shard.

Faults: a document that crashes a stage becomes an error record, as in a local run. A worker that
dies (killed, out of memory) takes its shard task with it; Dask runs the task again elsewhere,
the new attempt continues from the shard's journal, and the document that was in flight when
the worker died is recorded as `worker_died` instead of being tried again. A shard whose workers
keep dying is marked `failed` in the manifest; `--resume` completes it later.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import threading
import time
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
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
    process_document,
    redo_after_death,
    run_level_steps,
    work_to_do,
)
from pipeline.manifest import RunDescription, RunSummary, build_manifest, summary_from_manifest
from pipeline.read import JSONL_SUFFIXES, HashingStream, InputFile, Reader, ReadFailure
from pipeline.runner import RunOptions
from pipeline.stages import Stage, create_stages
from pipeline.write import MANIFEST, OutputWriter

SHARDS = "shards"
STARTED_LOG = ".started.jsonl"
LOCAL_SCHEDULER = "local"


class DaskUnavailable(RuntimeError):
    """dask/distributed are not installed (the `dask` extra), or no cluster answers."""


@dataclass(frozen=True)
class Shard:
    """One input shard and the name of its output folder."""

    url: str
    name: str


@dataclass(frozen=True)
class ShardTask:
    """What a worker needs to process one shard (pickled to the worker)."""

    shard: Shard
    out_dir: str
    profile: str
    stage_options: dict[str, Any]
    max_doc_bytes: int
    run_token: str  # tells a retry within this run from a later --resume


@dataclass
class ShardResult:
    shard: Shard
    status: str  # "done" | "failed"
    seconds: float
    manifest: dict[str, Any] | None = None
    message: str | None = None
    summary: RunSummary = field(default_factory=RunSummary)


def list_shards(inputs: list[str]) -> list[Shard]:
    """The JSONL shards named by `inputs` (paths, globs, fsspec URLs), in order, named uniquely."""
    import fsspec

    urls: list[str] = []
    for argument in inputs:
        files = fsspec.open_files(argument, mode="rb")
        matches = [_plain_if_local(item.full_name) for item in files]
        if not matches:
            raise ValueError(f"no input shard matches {argument!r}")
        for url in sorted(matches):
            if not url.endswith(JSONL_SUFFIXES):
                raise ValueError(f"{url}: the Dask engine reads JSONL shards (.jsonl, .jsonl.gz)")
            if url not in urls:
                urls.append(url)
    return _named(urls)


def _plain_if_local(url: str) -> str:
    """A local file as a plain path (as a local run records it), anything else as its URL."""
    return url.removeprefix("file://")


def _named(urls: list[str]) -> list[Shard]:
    stems = [_stem(url) for url in urls]
    shards = []
    for url, stem in zip(urls, stems, strict=True):
        if stems.count(stem) > 1:  # same file name in two folders: keep both apart
            stem = f"{stem}-{hashlib.sha256(url.encode()).hexdigest()[:8]}"
        shards.append(Shard(url, stem))
    return shards


def _stem(url: str) -> str:
    name = url.rstrip("/").rsplit("/", 1)[-1]
    for suffix in sorted(JSONL_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


# ---- on the worker ----

_local = threading.local()


def _worker_stages(profile: str, stage_options: dict[str, Any]) -> list[Stage]:
    """The stages of `profile`, built once per worker thread and kept for its later tasks."""
    key = json.dumps([profile, stage_options], sort_keys=True)
    cache: dict[str, list[Stage]] = getattr(_local, "stages", None) or {}
    if key not in cache:
        cache[key] = create_stages(profile, stage_options)
        limit_torch_threads()
        _local.stages = cache
    return cache[key]


class StartedLog:
    """The documents a shard task began, batch by batch, so that a retry knows who killed it.

    Each line holds the run's token and the ids of one batch. When an attempt of this run died,
    the last line names the suspects: one id is the culprit (recorded as `worker_died`); several
    are redone one document at a time, so a second death names the culprit alone.
    """

    def __init__(self, shard_dir: Path, run_token: str) -> None:
        self.path = shard_dir / STARTED_LOG
        self.run_token = run_token
        self.suspects = self._unfinished_of_this_run()
        self.stream = self.path.open("a", encoding="utf-8")

    @property
    def killer(self) -> str | None:
        return self.suspects[0] if len(self.suspects) == 1 else None

    def _unfinished_of_this_run(self) -> list[str]:
        if not self.path.exists():
            return []
        last = None
        with self.path.open(encoding="utf-8") as stream:
            for line in stream:
                if line.endswith("\n"):
                    last = json.loads(line)
        if last is None or last["run"] != self.run_token:
            return []  # started by an earlier, interrupted run: no suspects
        return list(last["doc_ids"])

    def begin(self, doc_ids: list[str]) -> None:
        self.stream.write(json.dumps({"run": self.run_token, "doc_ids": doc_ids}) + "\n")
        self.stream.flush()

    def close(self) -> None:
        self.stream.close()


def process_shard(task: ShardTask) -> dict[str, Any]:
    """Process one shard on a worker; returns the shard's manifest."""
    started_at = datetime.now(UTC)
    started = time.perf_counter()
    stages = _worker_stages(task.profile, task.stage_options)
    shard_dir = Path(task.out_dir) / SHARDS / task.shard.name
    writer = OutputWriter(shard_dir, resume=True)
    log = StartedLog(shard_dir, task.run_token)
    summary = RunSummary()
    source = _ShardSource(task.shard, task.max_doc_bytes)
    try:
        for outcome in _shard_outcomes(stages, source, writer.completed, log, summary):
            if outcome.kind == "document":
                writer.write_document(outcome.record)
            else:
                writer.write_error(outcome.record)
            summary.add(outcome)
    except BaseException:
        writer.close()
        raise
    finally:
        log.close()
    summary.seconds = time.perf_counter() - started
    description = RunDescription(
        profile=task.profile,
        stages=stages,
        workers=1,
        resumed=summary.skipped > 0,
        started_at=started_at,
        engine="dask",
    )
    manifest = build_manifest(description, summary, [source.input_file()])
    writer.finalize(manifest)
    (shard_dir / STARTED_LOG).unlink(missing_ok=True)
    return manifest


def _shard_outcomes(
    stages: list[Stage],
    source: _ShardSource,
    completed: set[str],
    log: StartedLog,
    summary: RunSummary,
) -> Iterator[Outcome]:
    """Outcomes of the shard's documents not yet done, in order, processed in batches."""
    for batch in batched(_new_items(source, completed, summary), BATCH_SIZE):
        documents = [item for item in batch if isinstance(item, Document)]
        suspects = [doc for doc in documents if doc.doc_id in log.suspects]
        if not suspects:
            log.begin([doc.doc_id for doc in documents])
            yield from process_batch(stages, batch)
            continue
        # a batch that was in flight when a worker died: one document at a time
        yield from redo_after_death(batch, partial(_run_alone, stages, log), log.killer)


def _new_items(
    source: _ShardSource, completed: set[str], summary: RunSummary
) -> Iterator[Document | Outcome]:
    return work_to_do(source, completed, set(), summary)


def _run_alone(stages: list[Stage], log: StartedLog, doc: Document) -> list[Outcome]:
    log.begin([doc.doc_id])
    return [process_document(stages, doc)]


class _ShardSource:
    """The documents of one shard, read as a stream through fsspec; hashes the raw bytes."""

    def __init__(self, shard: Shard, max_doc_bytes: int) -> None:
        self.shard = shard
        self.reader = Reader([], max_doc_bytes)
        self.hashing: HashingStream | None = None
        self.complete = False

    def __iter__(self) -> Iterator[Document | ReadFailure]:
        import fsspec

        url = self.shard.url
        try:
            with fsspec.open(url, "rb") as raw:
                self.hashing = HashingStream(raw)
                stream = _decompressed(self.hashing, url)
                yield from self.reader.read_jsonl_stream(stream, url, self.shard.name)
            self.complete = True
        except (OSError, EOFError, zlib.error) as error:
            yield ReadFailure(
                f"{self.shard.name}:corrupt",
                "corrupt_file",
                f"could not read the rest of {url}: {error}",
                url,
            )

    def input_file(self) -> InputFile:
        if self.hashing is None or not self.complete:
            return InputFile(self.shard.url, None, None)
        return InputFile(self.shard.url, self.hashing.hexdigest(), self.hashing.size)


def _decompressed(stream: HashingStream, url: str) -> IO[bytes]:
    if url.endswith(".gz"):
        return gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[arg-type]
    return stream  # type: ignore[return-value]


# ---- on the driver ----


class DaskRun:
    """A run whose shards are processed by the workers of a Dask cluster."""

    def __init__(self, options: RunOptions, scheduler: str) -> None:
        _require_dask()
        if options.limit is not None:
            raise ValueError("--limit is not supported by the Dask engine")
        if "-" in options.inputs:
            raise ValueError("the Dask engine reads shards, not standard input")
        self.options = options
        self.scheduler = scheduler
        # built here too, before the inputs are listed: a misordered profile or a missing model
        # fails before the cluster is busy, and the manifest records the exact model files
        self.stages = create_stages(options.profile, options.stage_options)
        self.shards = list_shards(options.inputs)
        self.summary = RunSummary()
        self.results: list[ShardResult] = []
        self.cluster_threads = 0

    def execute(self) -> RunSummary:
        options = self.options
        started_at = datetime.now(UTC)
        started = time.perf_counter()
        options.out_dir.mkdir(parents=True, exist_ok=True)
        if not options.resume:
            self._clear_shard_outputs()
        token = uuid.uuid4().hex
        tasks = [self._task(shard, token) for shard in self.shards]
        with _client(self.scheduler, options.workers) as client:
            self.cluster_threads = _cluster_threads(client)
            self.results = self._gather(client, tasks)
        for result in self.results:
            self.summary.merge(result.summary)
        self.summary.seconds = time.perf_counter() - started
        self._write_manifest(started_at)
        shards = self.options.out_dir / SHARDS
        folders = [shards / r.shard.name for r in self.results if r.status == "done"]
        run_level_steps(self.options.out_dir, folders, self.summary)
        return self.summary

    @property
    def failed_shards(self) -> list[ShardResult]:
        return [result for result in self.results if result.status == "failed"]

    def _clear_shard_outputs(self) -> None:
        for shard in self.shards:
            shutil.rmtree(self.options.out_dir / SHARDS / shard.name, ignore_errors=True)

    def _task(self, shard: Shard, token: str) -> ShardTask:
        return ShardTask(
            shard=shard,
            out_dir=str(self.options.out_dir.resolve()),
            profile=self.options.profile,
            stage_options=self.options.stage_options,
            max_doc_bytes=self.options.max_doc_bytes,
            run_token=token,
        )

    def _gather(self, client: Any, tasks: list[ShardTask]) -> list[ShardResult]:
        from distributed import as_completed

        futures = [client.submit(process_shard, task, pure=False) for task in tasks]
        submitted = {
            future.key: (task.shard, time.perf_counter())
            for future, task in zip(futures, tasks, strict=True)
        }
        results: dict[str, ShardResult] = {}
        progress = tqdm(
            total=len(tasks), unit="shard", desc="shards", disable=not self.options.progress
        )
        for future in as_completed(futures):
            shard, began = submitted[future.key]
            results[shard.name] = _shard_result(future, shard, time.perf_counter() - began)
            progress.update(1)
        progress.close()
        return [results[task.shard.name] for task in tasks]

    def _write_manifest(self, started_at: datetime) -> None:
        description = RunDescription(
            profile=self.options.profile,
            stages=self.stages,
            workers=max(1, self.cluster_threads),
            resumed=self.options.resume,
            started_at=started_at,
            engine="dask",
            scheduler=self.scheduler,
        )
        inputs = [_shard_input(result) for result in self.results]
        manifest = build_manifest(description, self.summary, inputs)
        manifest["shards"] = [_shard_entry(result) for result in self.results]
        path = self.options.out_dir / MANIFEST
        temporary = path.with_name(f".{MANIFEST}.tmp")
        temporary.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", "utf-8")
        temporary.replace(path)


def _shard_result(future: Any, shard: Shard, seconds: float) -> ShardResult:
    try:
        manifest = future.result()
    except Exception as failure:  # KilledWorker after repeated deaths, or a bug in the task
        message = f"{type(failure).__name__}: {failure}"
        return ShardResult(shard, "failed", seconds, message=message)
    summary = summary_from_manifest(manifest)
    return ShardResult(shard, "done", seconds, manifest=manifest, summary=summary)


def _shard_input(result: ShardResult) -> InputFile:
    if result.manifest and result.manifest["inputs"]:
        return InputFile(**result.manifest["inputs"][0])
    return InputFile(result.shard.url, None, None)


def _shard_entry(result: ShardResult) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "input": result.shard.url,
        "output": f"{SHARDS}/{result.shard.name}",
        "status": result.status,
        "documents": result.summary.documents,
        "errors": result.summary.errors,
        "words": result.summary.words,
        "seconds": round(result.seconds, 3),
    }
    if result.message:
        entry["message"] = result.message
    return entry


def _require_dask() -> None:
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as missing:
        raise DaskUnavailable(
            f"the Dask engine needs dask and distributed ({missing}): "
            "pip install 'arabic-news-ie[dask]'"
        ) from None


@contextmanager
def _client(scheduler: str, workers: int) -> Iterator[Any]:
    """A client of the cluster at `scheduler`, or of a cluster of `workers` local processes."""
    from distributed import Client, LocalCluster

    if scheduler == LOCAL_SCHEDULER:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        with cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout="30s")
    except OSError as error:
        raise DaskUnavailable(f"no Dask scheduler answers at {scheduler}: {error}") from None
    with client:
        yield client


def _cluster_threads(client: Any) -> int:
    workers = client.scheduler_info().get("workers", {})
    return sum(worker.get("nthreads", 1) for worker in workers.values())
