"""Time the grouping of many reports (`make bench-stories`).

    python -m pipeline.stories.bench RECORDS.jsonl [--work DIR]

RECORDS is a file of report rows (`pipeline.stories.synthetic` writes one). They are read as a
stream, grouped (`grouping.group_reports`, spilling by month into DIR) and written as story
records to DIR/stories.jsonl. Prints, and writes to DIR/results.json: reports, stories, stories
of more than one document, seconds, reports per second and the process's peak RSS; with
`--truth` (the generator's), pairwise and B-cubed P/R/F1 of the stories against it.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.codec import dumps, read_rows
from pipeline.stories.evaluation import scores
from pipeline.stories.grouping import group_reports
from pipeline.stories.records import story_record
from pipeline.stories.reports import Report


def read_reports(path: Path) -> Iterator[Report]:
    for row in read_rows(path):
        yield Report.from_row(row)


def bench(records: Path, work: Path, assigned: dict | None = None) -> dict[str, float | int]:
    """Group the reports of `records` (the story of each into `assigned`, when given)."""
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    reports = stories = joined = 0
    with (work / "stories.jsonl").open("w", encoding="utf-8") as stream:
        for group in group_reports(read_reports(records), spill=work):
            record = story_record(group)
            stream.write(dumps(record) + "\n")
            if assigned is not None:
                assigned.update((member.ref, record["story"]) for member in group.members)
            reports += len(group.members)
            stories += 1
            joined += record["documents"] > 1
    seconds = time.perf_counter() - started
    return {
        "reports": reports,
        "stories": stories,
        "stories_of_several_documents": joined,
        "seconds": round(seconds, 2),
        "reports_per_second": round(reports / seconds) if seconds else 0,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("records", type=Path)
    parser.add_argument("--work", type=Path, default=Path("build/stories/bench"))
    parser.add_argument("--truth", type=Path, help="the generator's truth: score against it")
    args = parser.parse_args(argv)
    assigned: dict = {}
    results: dict[str, Any] = dict(bench(args.records, args.work, assigned))
    if args.truth:
        rows = read_rows(args.truth)  # (the last article may have been cut short)
        truth = {
            (r["doc_id"], r["event"]): r["story"]
            for r in rows
            if (r["doc_id"], r["event"]) in assigned
        }
        figures = scores(truth, {item: assigned[item] for item in truth})
        for name in ("pairwise", "b_cubed"):
            results.update({f"{name}_{k}": round(figures[name][k], 3) for k in ("p", "r", "f1")})
    (args.work / "results.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    print(", ".join(f"{key} {value:,}" for key, value in results.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
