"""Inter-annotator agreement on the doubly annotated articles (`make gold-agreement`).

    python -m pipeline.gold.agreement --data DATA [--second B1] [--json FILE]

The first annotator's file is taken as reference and the second's as prediction, with the
counting rules of `pipeline.gold.scoring` (F1 is symmetric; argument figures are over the
event pairs both annotated). Every mention of the second annotator's events counts, and
optional events count as ordinary ones, so eventhood disagreements are not hidden.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from pipeline.gold.compile import annotation_file, compile_annotation, read_assignments
from pipeline.gold.scoring import Comparison, compare, summary
from pipeline.gold.selection import read_tsv
from pipeline.gold.texts import load_texts
from pipeline.training.gold_eval import format_tables


def doubly_annotated(second: str) -> list[tuple[str, str]]:
    """(doc_id, first annotator) of the articles the second annotator also annotated."""
    pairs = []
    for doc_id, annotators in read_assignments().items():
        both = [annotation_file(doc_id, name) for name in (annotators[0], second)]
        if second in annotators[1:] and all(path.exists() for path in both):
            pairs.append((doc_id, annotators[0]))
    return pairs


def compiled(doc_id: str, annotator: str, gold_text: Any) -> dict[str, Any]:
    raw = json.loads(annotation_file(doc_id, annotator).read_text("utf-8"))
    record, problems = compile_annotation(raw, gold_text)
    if record is None:
        raise SystemExit(f"{doc_id} ({annotator}): {problems.errors[0]}")
    for event in record["events"]:
        event["optional"] = False
    return record


def agreement(data: Path, second: str) -> dict[str, Any]:
    pairs = doubly_annotated(second)
    ids = {doc_id for doc_id, _ in pairs}
    texts = load_texts(data, [a for a in read_tsv() if a.doc_id in ids])
    result = Comparison()
    for doc_id, first in pairs:
        reference = compiled(doc_id, first, texts[doc_id])
        prediction = compiled(doc_id, second, texts[doc_id])
        compare(reference, prediction, result)
    figures = summary(result)
    figures["articles"] = [doc_id for doc_id, _ in pairs]
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--second", default="B1")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    figures = agreement(args.data, args.second)
    print(format_tables(figures, f"agreement: first annotators vs {args.second}"))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
