"""Choose the grouping's threshold, date windows and rules on the gold dev split's labels.

    python -m pipeline.stories.tune OUT [--labels adjudicated] [--gold corpus/gold]

OUT is a run on the dev split (`make eval-stories` writes one to build/stories/dev-PROFILE).
The events of OUT are grouped again under each setting of the grid and scored (pairwise F1 over
the matched events, and over all gold events beside it); the table is printed, best first.
Only the dev split is read: the test split's labels are never used to choose anything.
"""

from __future__ import annotations

import argparse
import sys
from itertools import product
from pathlib import Path

from pipeline.stories.evaluation import GOLD, LabelError, evaluate, read_gold_split
from pipeline.stories.grouping import group_reports
from pipeline.stories.records import story_id
from pipeline.stories.similarity import GroupingRules, default_rules
from pipeline.stories.step import folder_reports

THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
WINDOWS = (1, 3, 5, 7, 10)
COUNTRY_ONLY = (False, True)
DAY_TOLERANCES = (1, 2, 3)


def assignment(out: Path, rules: GroupingRules) -> dict[tuple[str, str], str | None]:
    found: dict[tuple[str, str], str | None] = {}
    for group in group_reports(folder_reports([out]), rules):
        for member in group.members:
            found[member.ref] = story_id(group.members[0])
    return found


def grid(out: Path, gold: Path, labels: str) -> list[tuple[float, float, str]]:
    records = read_gold_split(gold, "dev")
    label_file = gold / "stories" / labels / "dev.jsonl"
    rows = []
    for threshold, window, country, days in product(
        THRESHOLDS, WINDOWS, COUNTRY_ONLY, DAY_TOLERANCES
    ):
        tolerance = {**default_rules().tolerance, "day": days}
        rules = default_rules().with_changes(
            threshold=threshold,
            article_window=window,
            country_only_conflicts=country,
            tolerance=tolerance,
        )
        figures = evaluate(out, records, label_file, assignment(out, rules))
        pairs, every = figures["matched"]["pairwise"], figures["all"]["pairwise"]
        setting = (
            f"threshold {threshold} window {window} country_only_conflicts {country}"
            f" day_tolerance {days}"
        )
        rows.append((pairs["f1"] or 0.0, every["f1"] or 0.0, f"{setting}: pairs {pairs}"))
    return sorted(rows, key=lambda row: (-row[0], -row[1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--labels", default="adjudicated")
    args = parser.parse_args(argv)
    try:
        rows = grid(args.out, args.gold, args.labels)
    except LabelError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for matched_f1, all_f1, text in rows:
        print(f"matched pairs F1 {matched_f1:.3f}  all pairs F1 {all_f1:.3f}  {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
