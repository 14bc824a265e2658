"""The benchmark: every profile and reference measured on the same corpora."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.bench.corpus import build_corpus, head_of_corpus
from pipeline.bench.processes import run_profile, run_reference
from pipeline.bench.references import REFERENCES
from pipeline.bench.results import Measurement, measurement_dict, progress_line, ratios
from pipeline.paths import REPO_ROOT

PROFILES = ("fast", "accurate", "rules")
SLOW_PROFILES = frozenset({"accurate"})  # run on the smaller corpus, beside stanza


@dataclass
class BenchOptions:
    data: Path
    work: Path
    seeds: Path = REPO_ROOT / "corpus"
    articles: int = 2000
    slow_articles: int = 150
    repeats: int = 3
    profiles: tuple[str, ...] = PROFILES
    workers: tuple[int, ...] = (1, 2)
    references: tuple[str, ...] = tuple(REFERENCES)


def run_benchmark(options: BenchOptions, log: Any = print) -> dict[str, Any]:
    full = options.work / "corpus.jsonl"
    slow = options.work / "corpus_slow.jsonl"
    corpora = {"full": (full, *build_corpus(options.data, options.seeds, options.articles, full))}
    corpora["slow"] = (slow, *head_of_corpus(full, options.slow_articles, slow))
    for name, (path, documents, words) in corpora.items():
        log(f"corpus {name}: {path} ({documents:,} documents, {words:,} words)")
    measurements = []
    for profile in options.profiles:
        corpus = "slow" if profile in SLOW_PROFILES else "full"
        for workers in options.workers:
            measurements.append(
                _measure_profile(corpora[corpus], corpus, profile, workers, options)
            )
            log(progress_line(measurements[-1]))
    for reference in options.references:
        for corpus in _reference_corpora(reference, options.profiles):
            measurements.append(_measure_reference(corpora[corpus], corpus, reference, options))
            log(progress_line(measurements[-1]))
    results = {
        "corpora": {k: {"documents": v[1], "words": v[2]} for k, v in corpora.items()},
        "repeats": options.repeats,
        "measurements": [measurement_dict(m) for m in measurements],
        "ratios": ratios(measurements),
        "cpu_count": os.cpu_count(),
    }
    (options.work / "results.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return results


def _reference_corpora(reference: str, profiles: tuple[str, ...]) -> list[str]:
    """stanza beside the stanza-based profiles; the tokenizer beside the others."""
    wanted = {"slow" if profile in SLOW_PROFILES else "full" for profile in profiles}
    if reference == "stanza":
        return ["slow"] if "slow" in wanted else []
    return sorted(wanted)


def _measure_profile(
    corpus: tuple[Path, int, int],
    corpus_name: str,
    profile: str,
    workers: int,
    options: BenchOptions,
) -> Measurement:
    path, documents, words = corpus
    measurement = Measurement(f"{profile}", corpus_name, workers, documents, words)
    for _ in range(options.repeats):
        seconds, rss, manifest = run_profile(path, profile, workers)
        measurement.seconds.append(seconds)
        measurement.peak_rss_mb = _higher(measurement.peak_rss_mb, rss)
        for stage, spent in manifest["stage_seconds"].items():
            measurement.stage_seconds[stage] = measurement.stage_seconds.get(stage, 0) + spent
    measurement.stage_seconds = {
        stage: round(spent / options.repeats, 3)
        for stage, spent in measurement.stage_seconds.items()
    }
    return measurement


def _measure_reference(
    corpus: tuple[Path, int, int], corpus_name: str, reference: str, options: BenchOptions
) -> Measurement:
    path, documents, words = corpus
    measurement = Measurement(f"reference: {reference}", corpus_name, 1, documents, words)
    for _ in range(options.repeats):
        seconds, rss = run_reference(reference, path)
        measurement.seconds.append(seconds)
        measurement.peak_rss_mb = _higher(measurement.peak_rss_mb, rss)
    return measurement


def _higher(first: list[float], second: list[float]) -> list[float]:
    """The run whose worst worker used more memory."""
    return second if max(second, default=0) > max(first, default=0) else first
