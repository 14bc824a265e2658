"""Run manifests (`run.json`): what ran, on what, with which models, and what it produced.

One builder serves the local engine, each shard of a Dask run, and the merged manifest of a Dask
run, so every `run.json` follows `schemas/run.schema.json`.
"""

from __future__ import annotations

import platform
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pipeline
from pipeline.codec import SCHEMA_MINOR_VERSION, SCHEMA_VERSION
from pipeline.read import InputFile
from pipeline.stages import Stage

if TYPE_CHECKING:
    from pipeline.engine import Outcome


@dataclass
class RunSummary:
    """Totals of a run (or of one shard), added up document by document."""

    documents: int = 0
    errors: int = 0
    skipped: int = 0
    words: int = 0
    seconds: float = 0.0
    entity_labels: Counter[str] = field(default_factory=Counter)
    event_types: Counter[str] = field(default_factory=Counter)
    error_reasons: Counter[str] = field(default_factory=Counter)
    stage_seconds: Counter[str] = field(default_factory=Counter)
    stories: int = 0  # written by the run-level stories step
    stories_joined: int = 0  # stories reported by more than one document

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0

    def add(self, outcome: Outcome) -> None:
        if outcome.kind == "error":
            self.errors += 1
            self.error_reasons[outcome.record["reason"]] += 1
            return
        self.documents += 1
        self.words += outcome.words
        self.entity_labels.update(outcome.entity_labels)
        self.event_types.update(outcome.event_types)
        self.stage_seconds.update(outcome.stage_seconds)

    def merge(self, other: RunSummary) -> None:
        """Add another summary's totals (not its seconds: shards run side by side)."""
        self.documents += other.documents
        self.errors += other.errors
        self.skipped += other.skipped
        self.words += other.words
        self.entity_labels.update(other.entity_labels)
        self.event_types.update(other.event_types)
        self.error_reasons.update(other.error_reasons)
        self.stage_seconds.update(other.stage_seconds)


def summary_from_manifest(manifest: dict[str, Any]) -> RunSummary:
    """The totals recorded in a `run.json`, back as a summary."""
    counts = manifest["counts"]
    return RunSummary(
        documents=counts["documents"],
        errors=counts["errors"],
        skipped=counts["skipped_already_done"],
        words=counts["words"],
        seconds=manifest["seconds"],
        entity_labels=Counter(counts["entities"]),
        event_types=Counter(counts["events"]),
        error_reasons=Counter(counts["error_reasons"]),
        stage_seconds=Counter(manifest["stage_seconds"]),
    )


@dataclass
class RunDescription:
    """How a run was set up: the part of the manifest that is not a count."""

    profile: str
    stages: list[Stage]
    workers: int
    resumed: bool
    started_at: datetime
    engine: str = "local"
    scheduler: str | None = None


def build_manifest(
    description: RunDescription, summary: RunSummary, inputs: Iterable[InputFile]
) -> dict[str, Any]:
    """The `run.json` of a finished run."""
    manifest: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "schema_minor_version": SCHEMA_MINOR_VERSION,
        "package": {"name": "arabic-news-ie", "version": pipeline.__version__},
        "profile": description.profile,
        "stages": [{"name": s.name, "version": s.version} for s in description.stages],
        "models": [entry for stage in description.stages for entry in stage.provenance()],
        "command": sys.argv,
        "python": platform.python_version(),
        "workers": description.workers,
        "engine": description.engine,
        "resumed": description.resumed,
        "started_at": description.started_at.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(summary.seconds, 3),
        "counts": {
            "documents": summary.documents,
            "errors": summary.errors,
            "skipped_already_done": summary.skipped,
            "words": summary.words,
            "entities": dict(sorted(summary.entity_labels.items())),
            "events": dict(sorted(summary.event_types.items())),
            "error_reasons": dict(sorted(summary.error_reasons.items())),
        },
        "words_per_second": round(summary.words_per_second, 1),
        "stage_seconds": {k: round(v, 4) for k, v in summary.stage_seconds.items()},
        "inputs": [asdict(item) for item in inputs],
    }
    if description.engine == "dask":
        manifest["scheduler"] = description.scheduler
    return manifest
