"""Counts of the gold corpus per split, for its README (`python -m pipeline.gold.stats`)."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.gold.compile import ANNOTATIONS, GOLD_DIR, LABELS, SPLITS
from pipeline.gold.selection import read_tsv
from pipeline.gold.validate import read_gold


def split_counts(records: list[dict[str, Any]], words: dict[str, int]) -> dict[str, Any]:
    """Articles, words, entities by label, events by type, mentions and roles of one split."""
    events = [event for record in records for event in record["events"]]
    return {
        "articles": len(records),
        "syria_war": sum(r["topic"] == "syria_war" for r in records),
        "words": sum(words[r["doc_id"]] for r in records),
        "entities": Counter(e["label"] for r in records for e in r["entities"]),
        "events": Counter(e["type"] for e in events),
        "optional": sum(e["optional"] for e in events),
        "mentions": sum(len(e["mentions"]) for e in events),
        "roles": Counter(a["role"] for e in events for a in e["actors"]),
        "with_place": sum(e["location"] is not None for e in events),
        "with_date": sum(e["time"] is not None for e in events),
        "with_casualties": sum(e["casualties"] is not None for e in events),
    }


def rows(counts: dict[str, Any], types: list[str]) -> list[tuple[str, str]]:
    """The README rows of one split's counts, in order."""
    roles = counts["roles"]
    events = sum(counts["events"].values())
    named = [
        ("articles", str(counts["articles"])),
        ("of them about the Syrian war", str(counts["syria_war"])),
        ("words", f"{counts['words']:,}"),
    ]
    named += [(f"entities {label}", str(counts["entities"][label])) for label in LABELS]
    named += [
        ("events (optional among them)", f"{events} ({counts['optional']})"),
        ("event mentions", str(counts["mentions"])),
        (
            "roles agent / target / participant",
            f"{roles['agent']} / {roles['target']} / {roles['participant']}",
        ),
        (
            "events with a place / a date / casualties",
            f"{counts['with_place']} / {counts['with_date']} / {counts['with_casualties']}",
        ),
    ]
    named += [(f"events {name}", str(counts["events"][name])) for name in types]
    return named


def table(counts: dict[str, dict[str, Any]]) -> str:
    """A markdown table: one column per split."""
    splits = list(counts)
    types = sorted({name for split in counts.values() for name in split["events"]})
    columns = [rows(counts[split], types) for split in splits]
    lines = ["| | " + " | ".join(splits) + " |", "|---" * (len(splits) + 1) + "|"]
    for index, (name, _) in enumerate(columns[0]):
        values = " | ".join(column[index][1] for column in columns)
        lines.append(f"| {name} | {values} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD_DIR)
    args = parser.parse_args(argv)
    words = {article.doc_id: article.words for article in read_tsv()}
    counts = {}
    for split in SPLITS:
        path = args.gold / f"{split}.jsonl"
        counts[split] = split_counts(read_gold(path) if path.exists() else [], words)
    print(table(counts))
    records = [r for split in SPLITS for r in read_gold(args.gold / f"{split}.jsonl")]
    topics = Counter((r["source"]["corpus"], r["topic"]) for r in records)
    print(
        "\narticles by source and topic: "
        + ", ".join(f"{corpus} {topic} {n}" for (corpus, topic), n in sorted(topics.items()))
    )
    folders = sorted(path for path in ANNOTATIONS.iterdir() if path.is_dir())
    print(
        "annotation files: "
        + ", ".join(f"{folder.name} {len(list(folder.glob('*.json')))}" for folder in folders)
    )


if __name__ == "__main__":
    main()
