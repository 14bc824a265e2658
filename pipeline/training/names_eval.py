"""English names of names the knowledge base does not hold, against the gold corpus
(`make eval-names`).

Every NIL mention of the gold splits with an English name (persons, places, organisations;
the five seed articles left out) is named by `english_of_unknown`, the link stage's naming of
an unlinked cluster, from its Arabic text, and compared with the annotators' English name as
`make eval-gold` compares them (`same_english_name`), and by its character error rate (edits to
the gold name over the gold name's letters, both compared as `english_key` writes them). The
train split's names also taught the
word table (`models/kb/name_words.json`), so only dev is a fair figure for persons and places;
test is read only with `--split test`.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from pipeline.gold.scoring import english_key, same_english_name
from pipeline.kb.gold_train import SEED_CORPUS
from pipeline.kb.transliteration import edit_distance
from pipeline.kb.unknown_names import english_of_unknown
from pipeline.paths import REPO_ROOT

GOLD = REPO_ROOT / "corpus" / "gold"
LABELS = ("PER", "LOC", "ORG")


def nil_names(path: Path) -> Iterator[tuple[str, str, str]]:
    """(label, Arabic text, gold English name) of each NIL mention of a gold split."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if (record.get("source") or {}).get("corpus") == SEED_CORPUS:
                continue
            for mention in record["entities"]:
                if mention["label"] in LABELS and not mention["kb_id"] and mention.get("name_en"):
                    yield mention["label"], mention["text"].replace("_", " "), mention["name_en"]


def score_split(path: Path) -> dict[str, dict[str, int]]:
    """Per label: mentions, right names, and how many each way of naming made."""
    table: dict[str, Counter] = {label: Counter() for label in LABELS}
    for label, text, gold in nil_names(path):
        named = english_of_unknown(text, label)
        row = table[label]
        row["mentions"] += 1
        row["right"] += same_english_name(gold, named.name_en)
        row[named.how] += 1
        expected = english_key(gold, letters=True)
        row["edits"] += edit_distance(english_key(named.name_en, letters=True), expected)
        row["letters"] += len(expected)
    return {label: dict(row) for label, row in table.items()}


def markdown(split: str, table: dict[str, dict[str, int]]) -> str:
    lines = [
        f"| {split} split, NIL mentions | mentions | right % | CER % | generic | translated "
        "| transliterated | romanised |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, row in table.items():
        mentions = row.get("mentions", 0)
        right = 100 * row.get("right", 0) / mentions if mentions else 0.0
        cer = 100 * row.get("edits", 0) / row["letters"] if row.get("letters") else 0.0
        counts = " | ".join(
            str(row.get(how, 0)) for how in ("generic", "translated", "transliterated", "romanised")
        )
        lines.append(f"| {label} | {mentions} | {right:.1f} | {cer:.1f} | {counts} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--split", action="append", choices=("train", "dev", "test"), help="(train and dev)"
    )
    parser.add_argument("--gold", type=Path, default=GOLD)
    args = parser.parse_args(argv)
    for split in args.split or ["train", "dev"]:
        print(markdown(split, score_split(args.gold / f"{split}.jsonl")))
        print()


if __name__ == "__main__":
    main()
