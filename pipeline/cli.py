"""Command line: `python -m pipeline run INPUT... -o OUT`, `python -m pipeline validate OUT`,
`python -m pipeline validate-gold FILE` and `python -m pipeline report OUT -o report.html`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.contract import validate_output
from pipeline.manifest import RunSummary
from pipeline.ner.recognisers import NerModelMissing
from pipeline.read import DEFAULT_MAX_DOC_BYTES
from pipeline.report import ReportError, write_report
from pipeline.runner import Run, RunOptions, WorkersKeepDying
from pipeline.stages import PROFILE_FILE_SUFFIX, load_profiles
from pipeline.stages.syntax import StanzaModelsMissing


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Extract entities and events from Arabic news articles into JSONL.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="process articles into OUT/")
    run.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help=".txt files, folders, globs, .jsonl/.jsonl.gz files, or - for stdin",
    )
    run.add_argument("-o", "--out", required=True, type=Path, help="output folder")
    run.add_argument(
        "--profile",
        default="fast",
        help=f"one of {', '.join(sorted(load_profiles()))} (default: %(default)s), or a TOML "
        "file of the same form as pipeline/resources/profiles.toml's entries: "
        "stages = [...] and optional [options.STAGE] tables",
    )
    run.add_argument(
        "--workers",
        type=_positive_int,
        default=1,
        help="worker processes (--engine dask --scheduler local: processes of the local cluster)",
    )
    run.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: worker processes of this machine (default); dask: one task per input "
        "shard on a Dask cluster, one output shard per input shard (OUT/shards/)",
    )
    run.add_argument(
        "--scheduler",
        help="with --engine dask: the scheduler address (tcp://host:8786), or 'local' to start "
        "a cluster of --workers processes on this machine",
    )
    run.add_argument(
        "--resume",
        action="store_true",
        help="keep what OUT already holds and process only the documents missing",
    )
    run.add_argument("--limit", type=_positive_int, help="stop after N input documents")
    run.add_argument(
        "--strict", action="store_true", help="exit with status 1 when any document failed"
    )
    run.add_argument(
        "--max-doc-bytes",
        type=_positive_int,
        default=DEFAULT_MAX_DOC_BYTES,
        help="refuse documents larger than this (default: %(default)s)",
    )
    run.add_argument(
        "--stanza-dir",
        help="stanza model folder for the syntax stage (default: $PIPELINE_STANZA_DIR, "
        "else models/stanza); official models: stanza.download('ar', model_dir=DIR)",
    )
    run.add_argument(
        "--ner-model",
        choices=("spacy", "stanza", "ensemble"),
        help="the NER recogniser instead of the profile's (both profiles: spacy; stanza is the "
        "shipped stanza model, better on ANERcorp and worse on the gold corpus)",
    )
    run.add_argument(
        "--stanza-ner-model",
        help="a stanza NER model file instead of models/ner/stanza/ner.pt (an official one: "
        "DIR/ar/ner/*.pt; runs the stanza recogniser unless --ner-model says otherwise); give "
        "its word vectors with --stanza-ner-pretrain",
    )
    run.add_argument(
        "--stanza-ner-pretrain",
        help="the word-vector (pretrain) file of --stanza-ner-model",
    )
    run.add_argument(
        "--no-gazetteer",
        action="store_true",
        help="NER without the gazetteer layer (model spans only)",
    )
    run.add_argument(
        "--min-confidence",
        type=_probability,
        help="write the events whose confidence reaches this (0 to 1) instead of the detection "
        "model's threshold",
    )
    run.add_argument(
        "--keep-candidates",
        action="store_true",
        help="also write the event candidates the detection model rejected, with accepted: "
        "false, for review",
    )
    run.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    validate = commands.add_parser("validate", help="check OUT/ against the output schemas")
    validate.add_argument("out", type=Path)
    gold = commands.add_parser("validate-gold", help="check a gold file of corpus/gold/")
    gold.add_argument("file", type=Path)
    gold.add_argument(
        "--data",
        type=Path,
        default=Path("../shared/data"),
        help="shared data folder holding the articles' text (default: %(default)s)",
    )
    gold.add_argument(
        "--no-text", action="store_true", help="check schema and references only, not offsets"
    )
    report = commands.add_parser("report", help="write a self-contained HTML report of OUT/")
    report.add_argument("out", type=Path, help="output folder of a run")
    report.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("report.html"),
        help="HTML file to write (default: %(default)s)",
    )
    return parser


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return number


def _probability(value: str) -> float:
    number = float(value)
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {value}")
    return number


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        return _validate(args.out)
    if args.command == "report":
        return _report(args.out, args.output)
    if args.command == "validate-gold":
        return _validate_gold(args.file, None if args.no_text else args.data)
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    if args.profile.endswith(PROFILE_FILE_SUFFIX):  # worker processes may start elsewhere
        args.profile = str(Path(args.profile).resolve())
    options = RunOptions(
        inputs=args.inputs,
        out_dir=args.out,
        profile=args.profile,
        workers=args.workers,
        resume=args.resume,
        limit=args.limit,
        max_doc_bytes=args.max_doc_bytes,
        engine=args.engine,
        progress=not args.quiet,
        stage_options=_stage_options(args),
    )
    if args.engine == "dask":
        return _run_on_dask(args, options)
    try:
        run = Run(options)
    except (StanzaModelsMissing, NerModelMissing, ValueError, OSError) as error:
        print(f"error: cannot set up the {args.profile} profile: {error}", file=sys.stderr)
        return 2
    try:
        summary = run.execute()
    except WorkersKeepDying as error:
        print(f"error: {error}; finished documents are kept: rerun with --resume", file=sys.stderr)
        return 3
    if not args.quiet:
        print(format_summary(summary, options), file=sys.stderr)
    return 1 if args.strict and summary.errors else 0


def _run_on_dask(args: argparse.Namespace, options: RunOptions) -> int:
    from pipeline.dask_engine import DaskRun, DaskUnavailable

    if not args.scheduler:
        print("error: --engine dask needs --scheduler ADDRESS (or 'local')", file=sys.stderr)
        return 2
    try:
        run = DaskRun(options, args.scheduler)
        summary = run.execute()
    except (StanzaModelsMissing, NerModelMissing, DaskUnavailable, ValueError, OSError) as error:
        print(f"error: cannot run on Dask: {error}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(format_summary(summary, options), file=sys.stderr)
    for failed in run.failed_shards:
        print(f"error: shard {failed.shard.url} failed: {failed.message}", file=sys.stderr)
    if run.failed_shards:
        print("finished shards are kept: rerun with --resume", file=sys.stderr)
        return 3
    return 1 if args.strict and summary.errors else 0


def _stage_options(args: argparse.Namespace) -> dict[str, dict[str, object]]:
    options: dict[str, dict[str, object]] = {}
    if args.stanza_dir:
        options["syntax"] = {"stanza_dir": args.stanza_dir}
    ner: dict[str, object] = {}
    if args.stanza_dir:
        ner["stanza_dir"] = args.stanza_dir
    if args.stanza_ner_model:  # a stanza model to use is the stanza recogniser to run
        ner["stanza_ner_model"] = args.stanza_ner_model
        ner["model"] = "stanza"
    if args.ner_model:
        ner["model"] = args.ner_model
    if args.stanza_ner_pretrain:
        ner["stanza_ner_pretrain"] = args.stanza_ner_pretrain
    if args.no_gazetteer:
        ner["gazetteer"] = False
    if ner:
        options["ner"] = ner
    events: dict[str, object] = {}
    if args.min_confidence is not None:
        events["min_confidence"] = args.min_confidence
    if args.keep_candidates:
        events["keep_candidates"] = True
    if events:
        options["events"] = events
    return options


def format_summary(summary: RunSummary, options: RunOptions) -> str:
    """The one-screen summary printed at the end of a run."""
    lines = [
        f"Run finished: profile {options.profile}, {options.workers} worker(s), "
        f"{summary.seconds:.2f} s",
        f"  documents  {summary.documents:,} written to {_documents_path(options)}",
        f"  words      {summary.words:,} ({summary.words_per_second:,.0f} words/s)",
        f"  entities   {_counts(summary.entity_labels)}",
        f"  events     {_counts(summary.event_types)}",
        f"  errors     {summary.errors:,}{_reasons(summary)}",
        f"  stories    {summary.stories:,} ({summary.stories_joined:,} reported by more than one "
        "document; stories.jsonl)",
    ]
    if summary.skipped:
        lines.append(f"  resumed    {summary.skipped:,} documents were already done")
    return "\n".join(lines)


def _documents_path(options: RunOptions) -> Path:
    if options.engine == "dask":
        return options.out_dir / "shards" / "*" / "documents.jsonl"
    return options.out_dir / "documents.jsonl"


def _counts(counter: dict[str, int]) -> str:
    total = sum(counter.values())
    if not total:
        return "0"
    parts = ", ".join(f"{key} {value:,}" for key, value in sorted(counter.items()))
    return f"{total:,} ({parts})"


def _reasons(summary: RunSummary) -> str:
    if not summary.errors:
        return ""
    parts = ", ".join(f"{k} {v}" for k, v in sorted(summary.error_reasons.items()))
    return f" ({parts}; see errors.jsonl)"


def _validate(out: Path) -> int:
    problems = validate_output(out)
    for file_name, found in problems.items():
        for problem in found[:20]:
            print(f"{file_name}: {problem}", file=sys.stderr)
        if len(found) > 20:
            print(f"{file_name}: … {len(found) - 20} more", file=sys.stderr)
    if not problems:
        print(f"{out}: all output files match the schemas")
    return 1 if problems else 0


def _validate_gold(path: Path, data: Path | None) -> int:
    from pipeline.gold.validate import validate_gold

    problems = validate_gold(path, data)
    for problem in problems[:50]:
        print(f"{path}: {problem}", file=sys.stderr)
    if len(problems) > 50:
        print(f"{path}: … {len(problems) - 50} more", file=sys.stderr)
    if not problems:
        checked = "schema and references" if data is None else "schema, references and offsets"
        print(f"{path}: valid ({checked})")
    return 1 if problems else 0


def _report(out: Path, target: Path) -> int:
    try:
        output = write_report(out, target)
    except ReportError as error:
        print(f"report: {error}", file=sys.stderr)
        return 1
    print(f"{target}: report of {len(output.documents)} documents and {len(output.errors)} errors")
    return 0
