"""`make bench`: throughput of each profile beside two references, on the same text, as ratios.

    python -m pipeline.benchmark --data ../shared/data --work build/bench

1. Builds the benchmark corpus: `--articles` articles spread evenly over the raw news text
   (`DATA/rawtext/saudinewsnet.jsonl`) after the seed articles of `corpus/`, as one JSONL file;
   the first `--slow-articles` of them form the corpus of the stanza-based runs.
2. Runs `python -m pipeline run` on it for each profile with 1 and 2 workers, as users run it,
   and reads documents/s, words/s (from the run's manifest: processing time, model loading
   excluded) and the peak RSS of every worker process (sampled from /proc).
3. In the same run, on the same text, the references: stanza's own pipeline
   (`tokenize,mwt,pos,lemma,depparse,ner` on the shipped models, `bulk_process` over batches of
   articles, torch's default threads) and a bare spaCy Arabic tokenizer (`spacy.blank("ar")`).
4. Prints the table (medians of `--repeats` runs), the ratios to the references, and the time
   per stage of the 1-worker runs (from the manifests), and writes `WORK/results.json`.

Words are whitespace-separated words of the original text everywhere (`Document.word_count`).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.document import Document
from pipeline.paths import REPO_ROOT, models_dir, stanza_dir
from pipeline.read import Reader

RAWTEXT = Path("rawtext") / "saudinewsnet.jsonl"
REFERENCE_BATCH = 32  # articles per stanza bulk_process call
RSS_SAMPLE_SECONDS = 0.2
PROFILES = ("fast", "accurate", "rules")
SLOW_PROFILES = frozenset({"accurate"})  # run on the smaller corpus, beside stanza
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


# ---- corpus ----


def build_corpus(data: Path, seeds: Path, articles: int, target: Path) -> tuple[int, int]:
    """Seeds, then `articles` raw news articles spread evenly; returns (documents, words)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    rows = list(_seed_rows(seeds))
    rows += _spread_rows(data / RAWTEXT, articles)
    with target.open("w", encoding="utf-8") as stream:
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows), sum(len(row["text"].split()) for row in rows)


def _seed_rows(seeds: Path) -> list[dict[str, Any]]:
    """The seed articles as the pipeline reads them (with their metadata.jsonl dates)."""
    rows = []
    for doc in Reader([str(seeds)]):
        if isinstance(doc, Document):
            row = {"id": f"seed-{doc.doc_id}", "text": doc.text}
            if doc.date:
                row["date"] = doc.date
            rows.append(row)
    return rows


def _spread_rows(path: Path, articles: int) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        lines = stream.readlines()
    step = max(1, len(lines) // articles) if articles else 1
    chosen = lines[::step][:articles]
    rows = []
    for line in chosen:
        record = json.loads(line)
        rows.append({"id": record["id"], "text": record["text"], "date": record["date"][:10]})
    return rows


def head_of_corpus(corpus: Path, documents: int, target: Path) -> tuple[int, int]:
    """The first `documents` of a corpus file; returns (documents, words)."""
    count = words = 0
    with corpus.open(encoding="utf-8") as source, target.open("w", encoding="utf-8") as out:
        for line in source:
            if count >= documents:
                break
            out.write(line)
            count += 1
            words += len(json.loads(line)["text"].split())
    return count, words


# ---- measuring processes ----


class RssSampler:
    """Peak resident memory of a process tree, per process, sampled from /proc."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peaks: dict[int, int] = {}  # pid → VmHWM in kB
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in _descendants(self.root):
                peak = _peak_rss_kb(pid)
                if peak:
                    self.peaks[pid] = max(peak, self.peaks.get(pid, 0))
            self._stop.wait(RSS_SAMPLE_SECONDS)

    def worker_peaks_mb(self, workers: int) -> list[float]:
        """The `workers` largest peaks (the processes that held models), in MB."""
        largest = sorted(self.peaks.values(), reverse=True)[:workers]
        return [round(kb / 1024, 1) for kb in largest]


def _descendants(root: int) -> list[int]:
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            continue
        queue.extend(int(child) for child in children)
    return found


def _peak_rss_kb(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


def run_profile(corpus: Path, profile: str, workers: int) -> tuple[float, list[float], dict]:
    """One `pipeline run`; returns (processing seconds, worker peak RSS in MB, manifest)."""
    with tempfile.TemporaryDirectory(prefix="bench-") as out:
        command = [
            "pipeline", "run", str(corpus), "-o", out,
            "--profile", profile, "--workers", str(workers), "-q",
        ]  # fmt: skip
        _, peaks = _run_sampled(command, workers)
        manifest = json.loads((Path(out) / "run.json").read_text("utf-8"))
    return manifest["seconds"], peaks, manifest


def run_reference(kind: str, corpus: Path) -> tuple[float, list[float]]:
    """A reference in its own process; returns (processing seconds, peak RSS in MB)."""
    stdout, peaks = _run_sampled(["pipeline.benchmark", "reference", kind, str(corpus)], 1)
    return json.loads(stdout)["seconds"], peaks


def _run_sampled(module_and_args: list[str], workers: int) -> tuple[bytes, list[float]]:
    """`python -m MODULE ARGS`, its memory sampled; returns (stdout, the workers' peaks in MB)."""
    command = [sys.executable, "-m", *module_and_args]
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    with RssSampler(process.pid) as sampler:
        stdout, stderr = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {stderr.decode()[-2000:]}")
    return stdout, sampler.worker_peaks_mb(workers)


# ---- the references (run inside their own process) ----


def _texts(corpus: Path) -> list[str]:
    with corpus.open(encoding="utf-8") as stream:
        return [json.loads(line)["text"] for line in stream]


def time_stanza_pipeline(texts: list[str]) -> float:
    """Seconds for stanza's own full pipeline on the shipped models (loading excluded)."""
    import stanza

    from pipeline.ner.recognisers import STANZA_PRETRAIN
    from pipeline.stages.syntax import available_processors

    models = models_dir()
    processors = [*available_processors(stanza_dir(), parse=True), "ner"]
    nlp = stanza.Pipeline(
        lang="ar",
        dir=str(stanza_dir()),
        processors=",".join(processors),
        ner_model_path=str(models / "ner" / "stanza" / "ner.pt"),
        ner_pretrain_path=str(models / STANZA_PRETRAIN),
        download_method=None,
        use_gpu=False,
        logging_level="WARN",
    )
    started = time.perf_counter()
    for first in range(0, len(texts), REFERENCE_BATCH):
        nlp.bulk_process(texts[first : first + REFERENCE_BATCH])
    return time.perf_counter() - started


def time_spacy_tokenizer(texts: list[str]) -> float:
    """Seconds for a blank spaCy Arabic pipeline (its tokenizer alone) over the texts."""
    import spacy

    nlp = spacy.blank("ar")
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=256):
        pass
    return time.perf_counter() - started


REFERENCES = {"stanza": time_stanza_pipeline, "spacy-tokenizer": time_spacy_tokenizer}


# ---- the benchmark ----


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
            log(_line(measurements[-1]))
    for reference in options.references:
        for corpus in _reference_corpora(reference, options.profiles):
            measurements.append(_measure_reference(corpora[corpus], corpus, reference, options))
            log(_line(measurements[-1]))
    results = {
        "corpora": {k: {"documents": v[1], "words": v[2]} for k, v in corpora.items()},
        "repeats": options.repeats,
        "measurements": [_as_dict(m) for m in measurements],
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


def _as_dict(measurement: Measurement) -> dict[str, Any]:
    entry = asdict(measurement)
    entry["median_seconds"] = round(measurement.median_seconds, 3)
    entry["words_per_second"] = round(measurement.words_per_second, 1)
    entry["documents_per_second"] = round(measurement.documents_per_second, 2)
    return entry


def _line(m: Measurement) -> str:
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline.benchmark", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    reference = commands.add_parser("reference", help="time one reference (internal)")
    reference.add_argument("kind", choices=sorted(REFERENCES))
    reference.add_argument("corpus", type=Path)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--work", type=Path, default=Path("build/bench"))
    parser.add_argument("--seeds", type=Path, default=REPO_ROOT / "corpus")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--slow-articles", type=int, default=150)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--profiles", default=",".join(PROFILES))
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--references", default=",".join(REFERENCES))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "reference":
        seconds = REFERENCES[args.kind](_texts(args.corpus))
        print(json.dumps({"seconds": seconds}))
        return 0
    if not (args.data / RAWTEXT).is_file():
        print(f"error: {args.data / RAWTEXT} not found (set DATA=…)", file=sys.stderr)
        return 2
    options = BenchOptions(
        data=args.data,
        work=args.work,
        seeds=args.seeds,
        articles=args.articles,
        slow_articles=args.slow_articles,
        repeats=args.repeats,
        profiles=_names(args.profiles),
        workers=tuple(int(value) for value in args.workers.split(",")),
        references=_names(args.references),
    )
    results = run_benchmark(options)
    print(format_tables(results))
    return 0


def _names(value: str) -> tuple[str, ...]:
    return tuple(name for name in value.split(",") if name)


if __name__ == "__main__":
    raise SystemExit(main())
