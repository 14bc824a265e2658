"""Grouping: reports in date order become stories, with memory bounded by date blocks.

Reports are first spilled to one temporary file per month of their first possible day
(`DateBlocks`); the blocks are then read back one at a time, in date order, each sorted in
memory. A sweep over that order keeps only the open stories, those whose dates the current
report can still reach: a report joins the open story of its type family with which it is
compatible for every member (`similarity.compatible`: so a story cannot drift from day to day)
and whose best pair score with a member reaches the threshold, the best such story; otherwise
it founds a story. A story is closed, and handed on, as soon as the sweep has passed its last
day plus the widest tolerance. Reports without any date are stories of their own.

The result depends on the set of reports only, not on their input order (the sweep sorts by
date, document and event), so a local run and a Dask run over the same documents give the same
stories.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pipeline.stories.reports import Report
from pipeline.stories.similarity import GroupingRules, compatible, default_rules, pair_score

MAX_OPEN_BLOCK_FILES = 64  # spill files held open at once


@dataclass
class Group:
    """A story being built: its reports in sweep order and the score each joined with."""

    members: list[Report]
    scores: list[float] = field(default_factory=list)
    docs: set[str] = field(default_factory=set)
    last_day: int = 0

    @classmethod
    def founded_by(cls, report: Report) -> Group:
        return cls(members=[report], docs={report.doc_id}, last_day=report.hi or 0)

    def add(self, report: Report, score: float) -> None:
        self.members.append(report)
        self.scores.append(score)
        self.docs.add(report.doc_id)
        self.last_day = max(self.last_day, report.hi or 0)


class DateBlocks:
    """Reports spilled to a temporary folder, one JSONL file per month; read back in order."""

    def __init__(self, folder: Path | None = None) -> None:
        self._temporary = tempfile.TemporaryDirectory(dir=folder, prefix=".stories-")
        self.folder = Path(self._temporary.name)
        self._open: dict[str, IO[str]] = {}
        self.undated: list[Report] = []

    def add(self, report: Report) -> None:
        if report.lo is None:
            self.undated.append(report)
            return
        month = dt.date.fromordinal(report.lo).strftime("%Y-%m")
        self._stream(month).write(json.dumps(report.row(), ensure_ascii=False) + "\n")

    def _stream(self, month: str) -> IO[str]:
        stream = self._open.get(month)
        if stream is None:
            if len(self._open) >= MAX_OPEN_BLOCK_FILES:
                self._open.pop(next(iter(self._open))).close()
            stream = (self.folder / f"{month}.jsonl").open("a", encoding="utf-8")
        else:
            del self._open[month]
        self._open[month] = stream  # most recently used last
        return stream

    def in_date_order(self) -> Iterator[Report]:
        """Every dated report, sorted; one month in memory at a time."""
        for stream in self._open.values():
            stream.close()
        self._open.clear()
        for path in sorted(self.folder.glob("*.jsonl")):
            with path.open(encoding="utf-8") as lines:
                block = [Report.from_row(json.loads(line)) for line in lines]
            yield from sorted(block, key=lambda report: report.sort_key)

    def close(self) -> None:
        for stream in self._open.values():
            stream.close()
        self._temporary.cleanup()


class Sweep:
    """The open stories of a date-ordered sweep, by type family."""

    def __init__(self, rules: GroupingRules) -> None:
        self.rules = rules
        self.open: dict[str, list[Group]] = {}
        self.reach = rules.reach

    def push(self, report: Report) -> Iterator[Group]:
        """Place `report`; yields the stories the sweep has now passed (closed)."""
        yield from self._close_before(report.lo or 0)
        family = self.open.setdefault(self.rules.family(report.type), [])
        best: tuple[float, Group] | None = None
        for group in family:
            score = self._score(report, group)
            if score is not None and (best is None or score > best[0]):
                best = (score, group)
        if best is None:
            family.append(Group.founded_by(report))
        else:
            best[1].add(report, best[0])

    def _score(self, report: Report, group: Group) -> float | None:
        """The best pair score with a member, when compatible with all and above threshold."""
        if report.doc_id in group.docs:
            return None
        best = 0.0
        for member in group.members:
            if not compatible(report, member, self.rules):
                return None
            best = max(best, pair_score(report, member, self.rules))
        return best if best >= self.rules.threshold else None

    def _close_before(self, day: int) -> Iterator[Group]:
        for family, groups in self.open.items():
            closed = [g for g in groups if g.last_day + self.reach < day]
            if closed:
                self.open[family] = [g for g in groups if g.last_day + self.reach >= day]
                yield from closed

    def close_all(self) -> Iterator[Group]:
        for groups in self.open.values():
            yield from groups
        self.open.clear()


def group_reports(
    reports: Iterable[Report], rules: GroupingRules | None = None, spill: Path | None = None
) -> Iterator[Group]:
    """The stories of `reports` (every report in exactly one), spilling by month into a
    temporary folder under `spill` (the system's default when None)."""
    rules = rules or default_rules()
    blocks = DateBlocks(spill)
    try:
        for report in reports:
            blocks.add(report)
        sweep = Sweep(rules)
        for report in blocks.in_date_order():
            yield from sweep.push(report)
        yield from sweep.close_all()
        for report in sorted(blocks.undated, key=lambda r: r.ref):
            yield Group.founded_by(report)
    finally:
        blocks.close()
