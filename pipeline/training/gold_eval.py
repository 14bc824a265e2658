"""Score a pipeline output folder against a split of the gold corpus (`make eval-gold`).

    python -m pipeline.training.gold_eval OUT --split dev [--gold corpus/gold] [--json FILE]
    python -m pipeline.training.gold_eval --compare fast=A.json accurate=B.json   (side by side)

Entities: P/R/F1 by label, exact and head match, and linking accuracy (KB id, English name)
over head-matched mentions. Events: P/R/F1 by type, a record being right when its trigger lies
in a mention of a gold event of the same type, a second record of a matched gold event a
duplicate; arguments over matched events (rules in `pipeline.gold.scoring`). Documents of the
split missing from OUT count as predicted empty.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pipeline.gold.compile import GOLD_DIR
from pipeline.gold.scoring import Comparison, compare, from_output, summary
from pipeline.gold.selection import text_sha256
from pipeline.gold.validate import read_gold


def read_output(out: Path) -> dict[str, dict[str, Any]]:
    """The document records of an output folder, by doc_id."""
    documents = {}
    with (out / "documents.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            documents[record["doc_id"]] = record
    return documents


def empty_prediction(doc_id: str) -> dict[str, Any]:
    return {"doc_id": doc_id, "entities": [], "events": []}


def score(gold: list[dict[str, Any]], output: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The figures of an output against gold records."""
    result = Comparison()
    missing = []
    for record in gold:
        document = output.get(record["doc_id"])
        if document is None:
            missing.append(record["doc_id"])
            predicted = empty_prediction(record["doc_id"])
        elif text_sha256(document["text"]) != record["text_sha256"]:
            raise SystemExit(f"{record['doc_id']}: the output's text is not the gold article's")
        else:
            predicted = from_output(document)
        compare(record, predicted, result)
    figures = summary(result)
    figures["missing_documents"] = missing
    return figures


def percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def format_tables(figures: dict[str, Any], title: str) -> str:
    lines = [f"## {title}: {figures['documents']} articles", ""]
    lines += prf_table("entities (exact span and label)", figures["entities"]["exact"])
    lines += prf_table("entities (head match)", figures["entities"]["head"])
    linking = figures["entities"]["linking"]
    lines += [
        f"linking over {linking['mentions']} head-matched mentions: right (gold KB id, else "
        f"gold English name) {percent(linking['right'])} %; same KB id or both NIL "
        f"{percent(linking['kb_id'])} %; same English name {percent(linking['name_en'])} %",
        "",
    ]
    events = figures["events"]
    lines += prf_table("events (trigger in a gold mention, same type)", events)
    lines += [
        f"duplicates {events['duplicates']} ({percent(events['duplicate_rate'])} % of records); "
        f"trigger on a gold event of another type {events['wrong_type']}; "
        f"records on optional gold events (ignored) {events['ignored_optional']}",
        "",
        f"every mention on its own (type and overlap): P {percent(events['mentions']['p'])} "
        f"R {percent(events['mentions']['r'])} F1 {percent(events['mentions']['f1'])}",
        "",
    ]
    lines += argument_table(figures["arguments"])
    return "\n".join(lines)


def prf_table(title: str, table: dict[str, Any]) -> list[str]:
    lines = [
        f"{title}",
        "",
        "| class | P | R | F1 | gold | predicted |",
        "|---|---|---|---|---|---|",
    ]
    for key, scores in table.items():
        if key == "mentions" or not isinstance(scores, dict) or "f1" not in scores:
            continue
        name = f"**{key}**" if key == "micro" else key
        lines.append(
            f"| {name} | {percent(scores['p'])} | {percent(scores['r'])} | "
            f"{percent(scores['f1'])} | {scores['gold']} | {scores['predicted']} |"
        )
    return [*lines, ""]


def argument_table(arguments: dict[str, Any]) -> list[str]:
    lines = ["arguments over matched events", "", "| argument | score | over |", "|---|---|---|"]
    for role, scores in arguments["roles"].items():
        lines.append(
            f"| {role} (P / R / F1) | {percent(scores['p'])} / {percent(scores['r'])} / "
            f"{percent(scores['f1'])} | {scores['gold']} gold, {scores['predicted']} predicted |"
        )
    named = arguments["named_actors"]
    lines.append(f"| named actors found (R) | {percent(named['r'])} | {named['gold']} gold |")
    for key in ("place", "date", "killed", "injured", "modality"):
        if key in arguments:
            value = arguments[key]
            lines.append(
                f"| {key} right | {percent(value['accuracy'])} | {value['events']} events |"
            )
    spurious = ", ".join(f"{k} {v}" for k, v in sorted(arguments["spurious"].items())) or "none"
    return [*lines, "", f"given where the gold has none: {spurious}", ""]


LABELS = ("PER", "LOC", "ORG", "MISC")


def headline_rows(figures: dict[str, Any]) -> list[tuple[str, str]]:
    """The README's rows for one run: the figures an analyst asks about first."""
    exact, head = figures["entities"]["exact"], figures["entities"]["head"]
    events, arguments = figures["events"], figures["arguments"]
    roles = arguments["roles"]["micro"]
    rows = [
        (
            f"entity F1 {label} (exact / head)",
            f"{percent(exact[label]['f1'])} / {percent(head[label]['f1'])}",
        )
        for label in LABELS
        if label in exact
    ]
    rows += [
        (
            "entity F1 all (exact / head)",
            f"{percent(exact['micro']['f1'])} / {percent(head['micro']['f1'])}",
        ),
        (
            "linking right (KB id, else English name)",
            percent(figures["entities"]["linking"]["right"]),
        ),
        (
            "event P / R / F1",
            f"{percent(events['micro']['p'])} / {percent(events['micro']['r'])} / "
            f"{percent(events['micro']['f1'])}",
        ),
        ("duplicate records (% of records)", percent(events["duplicate_rate"])),
        (
            "roles P / R (matched events)",
            f"{percent(roles['p'])} / {percent(roles['r'])}",
        ),
        ("named actors found (R)", percent(arguments["named_actors"]["r"])),
    ]
    for key in ("place", "date", "killed", "injured", "modality"):
        if key in arguments:
            rows.append((f"{key} right (matched events)", percent(arguments[key]["accuracy"])))
    return rows


def comparison_table(runs: dict[str, dict[str, Any]]) -> str:
    """The headline rows of several runs side by side (`--compare NAME=FILE.json ...`)."""
    columns = {name: dict(headline_rows(figures)) for name, figures in runs.items()}
    names = list(columns)
    lines = ["| | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for row in columns[names[0]]:
        lines.append(f"| {row} | " + " | ".join(columns[n].get(row, "–") for n in names) + " |")
    return "\n".join(lines)


def compare_files(pairs: list[str]) -> int:
    runs = {}
    for pair in pairs:
        name, _, path = pair.partition("=")
        runs[name] = json.loads(Path(path).read_text("utf-8"))
    print(comparison_table(runs))
    return 0


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["--compare"]:
        return compare_files(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="output folder of a pipeline run")
    parser.add_argument("--split", choices=("train", "dev", "test"), default="dev")
    parser.add_argument("--gold", type=Path, default=GOLD_DIR)
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument("--title", help="heading of the printed tables")
    args = parser.parse_args(argv)
    gold = read_gold(args.gold / f"{args.split}.jsonl")
    if not gold:
        print(f"no gold articles in {args.gold}/{args.split}.jsonl", file=sys.stderr)
        return 1
    figures = score(gold, read_output(args.out))
    print(format_tables(figures, args.title or f"{args.out} against gold {args.split}"))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
