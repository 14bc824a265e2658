"""`make eval-linking`: canonical names against a hand-annotated linking test set.

    python -m pipeline.training.linking_eval --gold tests/data/linking_gold.jsonl --profile fast

The test set (`tests/data/linking_gold.jsonl`, see its README) holds 70 sentences of
SaudiNewsNet news about Syria (none from the seed articles) with every person, place and
organisation name marked by hand and given the knowledge-base id it should link to, or null
where the knowledge base does not hold the entity. Each sentence runs through the whole profile
(NER, then linking) as a document dated by its article. A gold mention counts as found when a
system entity overlaps it, and as linked correctly when that entity's `canonical.kb_id` is the
gold id. Precision is over the system links on gold mentions (a link on a mention whose gold
is null is wrong), recall over the gold mentions that have an id.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.document import Document, SourceInfo
from pipeline.stages import create_stages, run_stages

DEFAULT_GOLD = Path("tests/data/linking_gold.jsonl")


def read_gold(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def system_entities(profile: str, gold: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    stages = create_stages(profile)
    results = []
    for item in gold:
        source = SourceInfo(path=str(DEFAULT_GOLD), sha256="0" * 64, encoding="utf-8")
        doc = Document(doc_id=item["id"], text=item["text"], source=source, date=item["date"])
        doc = run_stages(stages, doc)
        results.append([_entity_view(entity) for entity in doc.entities])
    return results


def _entity_view(entity: Any) -> dict[str, Any]:
    kb_id = entity.canonical.kb_id if entity.canonical else None
    return {"start": entity.start, "end": entity.end, "kb_id": kb_id}


def score(gold: list[dict[str, Any]], system: list[list[dict[str, Any]]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for item, entities in zip(gold, system, strict=True):
        for mention in item["mentions"]:
            match = _overlapping(mention, entities)
            linkable = mention["kb_id"] is not None
            counts["gold"] += 1
            counts["linkable"] += linkable
            if match is None:
                counts["not_found"] += 1
                continue
            counts["found"] += 1
            if match["kb_id"] is None:
                counts["unlinked_nil" if not linkable else "unlinked"] += 1
            elif match["kb_id"] == mention["kb_id"]:
                counts["correct"] += 1
            else:
                counts["wrong_link_nil" if not linkable else "wrong_link"] += 1
            counts["system_links"] += match["kb_id"] is not None
    return counts


def _overlapping(mention: dict[str, Any], entities: list[dict[str, Any]]) -> dict | None:
    for entity in entities:
        if entity["start"] < mention["end"] and mention["start"] < entity["end"]:
            return entity
    return None


def report(counts: Counter[str], profile: str) -> str:
    precision = 100 * counts["correct"] / counts["system_links"] if counts["system_links"] else 0.0
    recall = 100 * counts["correct"] / counts["linkable"] if counts["linkable"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    nil = counts["gold"] - counts["linkable"]
    rows = [
        f"Linking, profile {profile}: {counts['gold']} gold mentions "
        f"({counts['linkable']} with a knowledge-base id, {nil} not in the knowledge base)",
        "| precision | recall | F1 | found by NER | linkable not found | found, unlinked |"
        " found, wrong entry | not-in-KB mentions linked anyway |",
        "|---|---|---|---|---|---|---|---|",
        f"| {precision:.1f} | {recall:.1f} | **{f1:.1f}** | {counts['found']} | "
        f"{counts['linkable'] - counts['correct'] - counts['unlinked'] - counts['wrong_link']} | "
        f"{counts['unlinked']} | {counts['wrong_link']} | {counts['wrong_link_nil']} |",
    ]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--profile", default="fast")
    args = parser.parse_args(argv)
    gold = read_gold(args.gold)
    print(report(score(gold, system_entities(args.profile, gold)), args.profile))


if __name__ == "__main__":
    main()
