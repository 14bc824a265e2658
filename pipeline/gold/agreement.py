"""Inter-annotator agreement on the doubly annotated articles (`make gold-agreement`).

    python -m pipeline.gold.agreement --data DATA [--pair first,B1] [--json FILE]

The pair's first file is taken as reference and its second as prediction (`first` is each
article's first annotator; `adjudicated` the adjudicated gold), with the counting rules of
`pipeline.gold.scoring` (swapping the pair swaps P and R, up to the order in which events are
matched; argument figures are over the event pairs both annotated). Every mention of the
second annotator's events counts, and optional events count as ordinary ones, so eventhood
disagreements are not hidden.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from pipeline.gold.compile import LABELS, annotation_file, compile_annotation, read_assignments
from pipeline.gold.scoring import Comparison, compare, summary
from pipeline.gold.selection import read_tsv
from pipeline.gold.texts import load_texts
from pipeline.training.gold_eval import format_tables

FIRST = "first"


def doubly_annotated(reference: str, prediction: str) -> list[tuple[str, str, str]]:
    """(doc_id, reference, prediction) annotator folders of the doubly annotated articles where
    both files exist; `first` stands for the article's first annotator."""
    triples = []
    for doc_id, annotators in read_assignments().items():
        if len(annotators) < 2:
            continue
        names = [annotators[0] if name == FIRST else name for name in (reference, prediction)]
        if all(annotation_file(doc_id, name).exists() for name in names):
            triples.append((doc_id, names[0], names[1]))
    return triples


def compiled(doc_id: str, annotator: str, gold_text: Any) -> dict[str, Any]:
    raw = json.loads(annotation_file(doc_id, annotator).read_text("utf-8"))
    record, problems = compile_annotation(raw, gold_text)
    if record is None:
        raise SystemExit(f"{doc_id} ({annotator}): {problems.errors[0]}")
    for event in record["events"]:
        event["optional"] = False
    return record


def agreement(data: Path, reference: str, prediction: str) -> dict[str, Any]:
    triples = doubly_annotated(reference, prediction)
    ids = {doc_id for doc_id, _, _ in triples}
    texts = load_texts(data, [a for a in read_tsv() if a.doc_id in ids])
    result = Comparison()
    for doc_id, first, second in triples:
        gold = compiled(doc_id, first, texts[doc_id])
        compare(gold, compiled(doc_id, second, texts[doc_id]), result)
    figures = summary(result)
    figures["articles"] = sorted(ids)
    return figures


PAIRS = (("first", "B1"), ("adjudicated", "first"), ("adjudicated", "B1"))


def pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def summary_rows(figures: dict[str, Any]) -> list[tuple[str, str]]:
    """One column of the README's agreement table."""
    exact = figures["entities"]["exact"]
    events, arguments = figures["events"], figures["arguments"]
    rows = [(f"entity F1 {label}", pct(exact.get(label, {}).get("f1"))) for label in LABELS]
    rows += [
        ("entity F1 (all, exact span and label)", pct(exact["micro"]["f1"])),
        (
            "link agrees (KB id; English name for a NIL)",
            pct(figures["entities"]["linking"]["right"]),
        ),
        ("event F1 (type, a mention in common)", pct(events["micro"]["f1"])),
        ("event mention F1 (each mention)", pct(events["mentions"]["f1"])),
        ("role F1 (agent, target, participant)", pct(arguments["roles"]["micro"]["f1"])),
    ]
    for key in ("place", "date", "killed", "injured", "modality"):
        rows.append((f"{key} agree (matched events)", pct(arguments.get(key, {}).get("accuracy"))))
    return rows


def summary_table(data: Path) -> str:
    columns = [summary_rows(agreement(data, *pair)) for pair in PAIRS]
    header = " | ".join(f"{prediction} vs {reference}" for reference, prediction in PAIRS)
    lines = [f"| | {header} |", "|---|---|---|---|"]
    for index, (name, _) in enumerate(columns[0]):
        lines.append(f"| {name} | " + " | ".join(column[index][1] for column in columns) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument(
        "--pair",
        default="first,B1",
        help="reference,prediction folders (`first` = each article's first annotator; "
        "`adjudicated` = the gold of the doubly annotated articles); default %(default)s",
    )
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--table", action="store_true", help="the README's table: the three pairs side by side"
    )
    args = parser.parse_args(argv)
    if args.table:
        print(summary_table(args.data))
        return
    reference, prediction = args.pair.split(",")
    figures = agreement(args.data, reference, prediction)
    print(format_tables(figures, f"agreement: {prediction} against {reference}"))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
