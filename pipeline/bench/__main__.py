"""`make bench`: throughput of each profile beside two references, on the same text, as ratios.

    python -m pipeline.bench --data ../shared/data --work build/bench

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
import sys
from pathlib import Path

from pipeline.bench.corpus import RAWTEXT
from pipeline.bench.measure import PROFILES, BenchOptions, run_benchmark
from pipeline.bench.references import REFERENCES, corpus_texts
from pipeline.bench.results import format_tables
from pipeline.paths import REPO_ROOT


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench", description=__doc__)
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
        seconds = REFERENCES[args.kind](corpus_texts(args.corpus))
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
