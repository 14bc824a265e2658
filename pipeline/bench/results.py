"""What a benchmark measured, its ratios to the references, and the README tables."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field
from typing import Any

TARGETS = {"fast_words_per_second_2_workers": 30_000, "accurate_over_stanza": 3.0}


@dataclass
class Measurement:
    """One configuration: a profile with N workers, or a reference."""

    name: str
    corpus: str
    workers: int
    documents: int
    words: int
    seconds: list[float] = field(default_factory=list)
    peak_rss_mb: list[float] = field(default_factory=list)  # per worker process, worst run
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def median_seconds(self) -> float:
        return statistics.median(self.seconds)

    @property
    def words_per_second(self) -> float:
        return self.words / self.median_seconds

    @property
    def documents_per_second(self) -> float:
        return self.documents / self.median_seconds


def ratios(measurements: list[Measurement]) -> dict[str, float]:
    """Each profile's words/s over the reference measured on its corpus."""
    by_reference = {
        (m.name.removeprefix("reference: "), m.corpus): m.words_per_second
        for m in measurements
        if m.name.startswith("reference: ")
    }
    found = {}
    for m in measurements:
        if m.name.startswith("reference: "):
            continue
        for (reference, corpus), speed in by_reference.items():
            if corpus == m.corpus:
                found[f"{m.name} x{m.workers} / {reference}"] = round(m.words_per_second / speed, 3)
    return found


def measurement_dict(measurement: Measurement) -> dict[str, Any]:
    entry = asdict(measurement)
    entry["median_seconds"] = round(measurement.median_seconds, 3)
    entry["words_per_second"] = round(measurement.words_per_second, 1)
    entry["documents_per_second"] = round(measurement.documents_per_second, 2)
    return entry


def progress_line(m: Measurement) -> str:
    return (
        f"  {m.name} x{m.workers} on {m.corpus}: {m.words_per_second:,.0f} words/s, "
        f"{m.documents_per_second:,.1f} docs/s, peak RSS {m.peak_rss_mb} MB "
        f"(runs: {', '.join(f'{s:.1f}' for s in m.seconds)} s)"
    )


def format_tables(results: dict[str, Any]) -> str:
    """The README tables: throughput with ratios, then seconds per stage."""
    header = (
        "| configuration | workers | corpus (words) | docs/s | words/s | peak RSS per worker (MB) |"
    )
    lines = [header, "|---|---|---|---|---|---|"]
    corpora = results["corpora"]
    for m in results["measurements"]:
        rss = " / ".join(f"{value:,.0f}" for value in m["peak_rss_mb"])
        lines.append(
            f"| {m['name']} | {m['workers']} | {m['corpus']} ({corpora[m['corpus']]['words']:,}) "
            f"| {m['documents_per_second']:,.1f} | {m['words_per_second']:,.0f} | {rss} |"
        )
    lines += ["", "| ratio | value |", "|---|---|"]
    lines += [f"| {name} | {value:.2f}× |" for name, value in results["ratios"].items()]
    lines += ["", *stage_table(results)]
    return "\n".join(lines)


def stage_table(results: dict[str, Any]) -> list[str]:
    """Seconds per stage of each 1-worker profile run, with its share and its own words/s."""
    lines = [
        "| profile | stage | seconds | share | words/s of the stage |",
        "|---|---|---|---|---|",
    ]
    for m in results["measurements"]:
        if m["workers"] != 1 or m["name"].startswith("reference") or not m["stage_seconds"]:
            continue
        total = m["median_seconds"]
        for stage, spent in m["stage_seconds"].items():
            speed = m["words"] / spent if spent > 0 else float("inf")
            lines.append(
                f"| {m['name']} | {stage} | {spent:.2f} | {spent / total:.0%} | {speed:,.0f} |"
            )
        rest = max(0.0, total - sum(m["stage_seconds"].values()))
        lines.append(f"| {m['name']} | (read, write, between stages) | {rest:.2f} | "
                     f"{rest / total:.0%} | – |")  # fmt: skip
    return lines
