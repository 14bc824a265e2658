"""Score predicted stories against hand labels of story identity (`make eval-stories`).

    python -m pipeline.stories.evaluation OUT --split dev [--labels adjudicated] [--json FILE]
    python -m pipeline.stories.evaluation --agreement S1 S2 --split dev    (two annotators)

Labels are `corpus/gold/stories/<annotator or adjudicated>/<split>.jsonl`
(docs/story_annotation.md): one line per story of two or more gold events; every gold event of
the split not listed is a story of its own. The items scored are the gold events of the split
(`corpus/gold/<split>.jsonl`). A predicted event is mapped to the gold event it matches in its
document by the gold corpus's event matching (`pipeline.gold.scoring.match_events`), and the
gold event takes the `story` of that event's row in `OUT/events.jsonl`; a gold event that no
prediction matched is a predicted story of its own. Figures: pairwise precision, recall and F1
over the pairs of events put in one story, and B-cubed precision, recall and F1; both over all
gold events (`all`: detection misses count against recall) and over the matched ones only
(`matched`: the grouping on its own).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path
from typing import Any

from pipeline.codec import read_rows
from pipeline.gold.scoring import Comparison, from_output, match_events

GOLD = Path("corpus/gold")
Item = tuple[str, str]  # (doc_id, event id)


class LabelError(ValueError):
    """Labels or output that cannot be scored as given."""


def read_labels(path: Path, items: set[Item] | None = None) -> dict[Item, str]:
    """The story of every labelled event (`doc_id`, event id) of a labels file; with `items`,
    a member that is not a gold event of the split is an error."""
    if not path.exists():
        raise LabelError(f"{path} is missing (see docs/story_annotation.md)")
    stories: dict[Item, str] = {}
    for number, row in enumerate(read_rows(path), start=1):
        members = row.get("members")
        if not isinstance(members, list) or not row.get("story"):
            raise LabelError(f"{path}:{number}: a story needs `story` and a list of `members`")
        for member in members:
            item = (member["doc_id"], member["event"])
            if items is not None and item not in items:
                raise LabelError(f"{path}:{number}: {item} is not a gold event of the split")
            if item in stories:
                raise LabelError(f"{path}:{number}: {item} is in two stories")
            stories[item] = f"{path.parent.name}:{row['story']}"
    return stories


def clusters(items: Iterable[Item], stories: dict[Item, str]) -> dict[Item, str]:
    """Every item's cluster: its story where it has one, else one of its own."""
    return {item: stories.get(item, f"single:{item[0]}:{item[1]}") for item in items}


def pair_set(assignment: dict[Item, str]) -> set[frozenset[Item]]:
    members: dict[str, list[Item]] = defaultdict(list)
    for item, story in assignment.items():
        members[story].append(item)
    return {frozenset(pair) for group in members.values() for pair in combinations(group, 2)}


def f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def pairwise(gold: dict[Item, str], predicted: dict[Item, str]) -> dict[str, Any]:
    """Precision, recall and F1 of the pairs of items put in one story."""
    gold_pairs, predicted_pairs = pair_set(gold), pair_set(predicted)
    right = len(gold_pairs & predicted_pairs)
    precision = right / len(predicted_pairs) if predicted_pairs else None
    recall = right / len(gold_pairs) if gold_pairs else None
    return {
        "p": precision,
        "r": recall,
        "f1": f1(precision, recall),
        "tp": right,
        "predicted": len(predicted_pairs),
        "gold": len(gold_pairs),
    }


def b_cubed(gold: dict[Item, str], predicted: dict[Item, str]) -> dict[str, Any]:
    """B-cubed precision, recall and F1 over the items both assignments cover."""
    items = sorted(gold.keys() & predicted.keys())
    if not items:
        return {"p": None, "r": None, "f1": None, "items": 0}
    by_gold: dict[str, set[Item]] = defaultdict(set)
    by_predicted: dict[str, set[Item]] = defaultdict(set)
    for item in items:
        by_gold[gold[item]].add(item)
        by_predicted[predicted[item]].add(item)
    precision = recall = 0.0
    for item in items:
        shared = len(by_gold[gold[item]] & by_predicted[predicted[item]])
        precision += shared / len(by_predicted[predicted[item]])
        recall += shared / len(by_gold[gold[item]])
    precision, recall = precision / len(items), recall / len(items)
    return {"p": precision, "r": recall, "f1": f1(precision, recall), "items": len(items)}


def scores(gold: dict[Item, str], predicted: dict[Item, str]) -> dict[str, Any]:
    return {"pairwise": pairwise(gold, predicted), "b_cubed": b_cubed(gold, predicted)}


# --- predicted stories of gold events -------------------------------------------------------


def gold_events(gold_records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    return {record["doc_id"]: record["events"] for record in gold_records}


def stories_of_rows(out: Path) -> dict[Item, str | None]:
    """The `story` of every row of `OUT/events.jsonl`."""
    return {(row["doc_id"], row["id"]): row.get("story") for row in read_rows(out / "events.jsonl")}


def predicted_stories(
    out: Path, gold_records: list[dict[str, Any]], story_of: dict[Item, str | None] | None = None
) -> tuple[dict[Item, str], set[Item]]:
    """The story of each gold event that a predicted event matched (and the matched events);
    the stories are those of `OUT/events.jsonl` unless `story_of` gives them."""
    if story_of is None:
        story_of = stories_of_rows(out)
    events = gold_events(gold_records)
    assigned: dict[Item, str] = {}
    for document in read_rows(out / "documents.jsonl"):
        gold = events.get(document["doc_id"])
        if gold is None:
            continue
        predicted = from_output(document)["events"]
        for gold_event, event in match_events(gold, predicted, Comparison()):
            story = story_of.get((document["doc_id"], event["id"]))
            if story is None:
                raise LabelError(f"{out}: event {event['id']} of {document['doc_id']} has no story")
            assigned[(document["doc_id"], gold_event["id"])] = story
    return assigned, set(assigned)


def evaluate(
    out: Path,
    gold_records: list[dict[str, Any]],
    labels: Path,
    story_of: dict[Item, str | None] | None = None,
) -> dict[str, Any]:
    items = {(doc, event["id"]) for doc, evs in gold_events(gold_records).items() for event in evs}
    gold = clusters(items, read_labels(labels, items))
    assigned, matched = predicted_stories(out, gold_records, story_of)
    predicted = clusters(items, assigned)
    return {
        "labels": str(labels),
        "gold_events": len(items),
        "matched_events": len(matched),
        "gold_stories": len({story for story in gold.values() if not story.startswith("single:")}),
        "all": scores(gold, predicted),
        "matched": scores({i: gold[i] for i in matched}, {i: predicted[i] for i in matched}),
    }


def agreement(first: Path, second: Path, gold_records: list[dict[str, Any]]) -> dict[str, Any]:
    """Two annotators' labels of one split compared, the first as the reference."""
    items = {(doc, event["id"]) for doc, evs in gold_events(gold_records).items() for event in evs}
    a = clusters(items, read_labels(first, items))
    b = clusters(items, read_labels(second, items))
    return {"first": str(first), "second": str(second), "gold_events": len(items), **scores(a, b)}


# --- command line ------------------------------------------------------------------------------


def read_gold_split(gold_dir: Path, split: str) -> list[dict[str, Any]]:
    path = gold_dir / f"{split}.jsonl"
    if not path.exists():
        raise LabelError(f"{path} is missing (make gold)")
    return list(read_rows(path))


def percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def format_scores(title: str, figures: dict[str, Any]) -> str:
    pairs, cubed = figures["pairwise"], figures["b_cubed"]
    return (
        f"{title}: pairs P {percent(pairs['p'])} R {percent(pairs['r'])} F1 {percent(pairs['f1'])}"
        f" ({pairs['tp']} right of {pairs['predicted']} predicted, {pairs['gold']} gold);"
        f" B-cubed P {percent(cubed['p'])} R {percent(cubed['r'])} F1 {percent(cubed['f1'])}"
        f" ({cubed['items']} events)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, help="output folder of a run on the split")
    parser.add_argument("--split", default="dev", choices=["dev", "test"])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--labels", default="adjudicated", help="annotator folder of stories/")
    parser.add_argument("--agreement", nargs=2, metavar=("FIRST", "SECOND"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    try:
        gold_records = read_gold_split(args.gold, args.split)
        labels_dir = args.gold / "stories"
        if args.agreement:
            first, second = (labels_dir / name / f"{args.split}.jsonl" for name in args.agreement)
            figures = agreement(first, second, gold_records)
            text = format_scores(
                f"agreement {' vs '.join(args.agreement)} on {args.split}", figures
            )
        elif args.out is None:
            parser.error("give OUT (a run on the split) or --agreement FIRST SECOND")
        else:
            figures = evaluate(
                args.out, gold_records, labels_dir / args.labels / f"{args.split}.jsonl"
            )
            text = "\n".join(
                [
                    f"stories on gold {args.split} ({args.labels}): {figures['gold_events']} gold"
                    f" events, {figures['matched_events']} matched, {figures['gold_stories']}"
                    " gold stories of two or more",
                    format_scores("  all gold events", figures["all"]),
                    format_scores("  matched events ", figures["matched"]),
                ]
            )
    except LabelError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
