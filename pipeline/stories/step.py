"""The run-level stories step: after every document is written, group their events into stories.

`write_stories(out_dir, folders)` reads `documents.jsonl` of each folder (the output folder of a
local run, or every finished shard of a Dask run) as a stream, groups the events of all of them
(`grouping.group_reports`), writes `OUT/stories.jsonl` and then rewrites each folder's
`events.jsonl` with every row's `story` id (null for a rejected candidate). Both files are
written under temporary names and renamed into place. The step runs again over everything
whenever a run finishes, so `--resume` and later runs into the same folder extend the stories
(ids come from their founding members) instead of adding copies.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.codec import dumps, read_rows
from pipeline.stories.grouping import group_reports
from pipeline.stories.records import story_record
from pipeline.stories.reports import Report, reports_of_document
from pipeline.stories.similarity import GroupingRules

STORIES = "stories.jsonl"
DOCUMENTS = "documents.jsonl"
EVENTS = "events.jsonl"


@dataclass
class StoriesSummary:
    stories: int = 0
    reports: int = 0
    joined: int = 0  # stories of more than one document


def folder_reports(folders: Iterable[Path]) -> Iterator[Report]:
    """The reports of every document of `folders`, streamed."""
    for folder in folders:
        path = folder / DOCUMENTS
        if path.exists():
            for record in read_rows(path):
                yield from reports_of_document(record)


def write_stories(
    out_dir: Path, folders: list[Path], rules: GroupingRules | None = None
) -> StoriesSummary:
    """Write `out_dir/stories.jsonl` from the documents of `folders` and the story ids into
    their `events.jsonl`."""
    summary = StoriesSummary()
    assigned: dict[tuple[str, str], str] = {}
    target = out_dir / STORIES
    temporary = target.with_name(f".{STORIES}.tmp")
    with temporary.open("w", encoding="utf-8") as stream:
        for group in group_reports(folder_reports(folders), rules, spill=out_dir):
            record = story_record(group)
            stream.write(dumps(record) + "\n")
            for member in group.members:
                assigned[member.ref] = record["story"]
            summary.stories += 1
            summary.reports += len(group.members)
            summary.joined += record["documents"] > 1
        stream.flush()
        os.fsync(stream.fileno())
    for folder in folders:
        mark_events(folder / EVENTS, assigned)
    os.replace(temporary, target)
    return summary


def mark_events(path: Path, assigned: dict[tuple[str, str], str]) -> None:
    """Rewrite `events.jsonl` with each row's `story` (atomically)."""
    if not path.exists():
        return
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("w", encoding="utf-8") as stream:
        for row in read_rows(path):
            row["story"] = assigned.get((row["doc_id"], row["id"]))
            stream.write(dumps(row) + "\n")
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, path)
