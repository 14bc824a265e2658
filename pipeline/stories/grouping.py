"""Grouping: reports in date order become stories, with memory bounded by date blocks.

Reports are first spilled to one temporary file per month of their first possible day
(`DateBlocks`); the blocks are then read back one at a time, in date order, each sorted in
memory. A sweep over that order keeps only the open stories, those whose dates the current
report can still reach: a report joins the open story of its type family with which it shares
evidence (`similarity.shares_evidence` with a member: a word of the trigger sentence, an actor,
a place below country level), with whose every member it is compatible (`similarity.compatible`:
so a story cannot drift from day to day), and whose best pair score with a member reaches the
threshold, the best such story; otherwise it founds a story. A story is closed, and handed on,
as soon as the sweep has passed its last day plus the widest tolerance. Reports without any
date are stories of their own.

The result depends on the set of reports only, not on their input order (the sweep sorts by
date, document and event), so a local run and a Dask run over the same documents give the same
stories.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import math
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pipeline.stories.reports import Report
from pipeline.stories.similarity import (
    GroupingRules,
    default_rules,
    evidence_keys,
    pair_score,
    places_and_subtypes_agree,
)

MAX_OPEN_BLOCK_FILES = 64  # spill files held open at once


@dataclass
class Group:
    """A story being built: its reports in sweep order and the score each joined with."""

    members: list[Report]
    scores: list[float] = field(default_factory=list)
    docs: set[str] = field(default_factory=set)
    last_day: int = 0
    latest_start: int = 0  # the members' days as the rules widen them: the latest first day
    earliest_end: int = 0  # and the earliest last day (a report must reach both)

    @classmethod
    def founded_by(cls, report: Report, days: tuple[int, int] = (0, 0)) -> Group:
        return cls(
            members=[report],
            docs={report.doc_id},
            last_day=report.hi or 0,
            latest_start=days[0],
            earliest_end=days[1],
        )

    def add(self, report: Report, score: float, days: tuple[int, int] = (0, 0)) -> None:
        self.members.append(report)
        self.scores.append(score)
        self.docs.add(report.doc_id)
        self.last_day = max(self.last_day, report.hi or 0)
        self.latest_start = max(self.latest_start, days[0])
        self.earliest_end = min(self.earliest_end, days[1])


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
    """The open stories of a date-ordered sweep, found through the evidence they hold.

    Each open story is filed under the evidence keys of its members (`evidence_keys`: words,
    actors, places, with the type family), so a report is compared only with the stories it
    shares evidence with; a heap of expiry days closes the stories the sweep has passed.
    """

    def __init__(self, rules: GroupingRules) -> None:
        self.rules = rules
        self.reach = rules.reach
        self.groups: dict[int, Group] = {}
        self.index: dict[tuple, set[int]] = {}
        self.filed: dict[int, set[tuple]] = {}
        self.expiry: list[tuple[int, int]] = []
        self.next_id = 0

    def push(self, report: Report) -> Iterator[Group]:
        """Place `report`; yields the stories the sweep has now passed (closed)."""
        yield from self._close_before(report.lo or 0)
        rules = self.rules
        family = (rules.family(report.type), rules.modality_groups.get(report.modality))
        days = rules.days(report)
        own, wanted = evidence_keys(report)
        candidates: set[int] = set()
        for key in wanted:
            holders = self.index.get((*family, *key), ())
            if len(holders) <= rules.max_stories_per_key:  # a commoner key is no evidence
                candidates.update(holders)
        best: tuple[float, int] | None = None
        for number in sorted(candidates):
            score = self._score(report, days, self.groups[number])
            if score is not None and (best is None or score > best[0]):
                best = (score, number)
        if best is None:
            number = self.next_id
            self.next_id += 1
            self.groups[number] = Group.founded_by(report, days)
            self.filed[number] = set()
        else:
            number = best[1]
            self.groups[number].add(report, best[0], days)
        self._file(number, {(*family, *key) for key in own})
        heapq.heappush(self.expiry, (self.groups[number].last_day + self.reach, number))

    def _file(self, number: int, keys: set[tuple]) -> None:
        for key in keys - self.filed[number]:
            self.index.setdefault(key, set()).add(number)
        self.filed[number] |= keys

    def _score(self, report: Report, days: tuple[int, int], group: Group) -> float | None:
        """The best pair score with a member, when compatible with all (`compatible`: the
        family and modality are the index's, the days the group's bounds) and above the
        threshold."""
        if report.doc_id in group.docs:
            return None
        if days[0] > group.earliest_end or days[1] < group.latest_start:
            return None
        best = 0.0
        for member in group.members:
            if not places_and_subtypes_agree(report, member, self.rules):
                return None
            best = max(best, pair_score(report, member, self.rules))
        return best if best >= self.rules.threshold else None

    def _close_before(self, day: int) -> Iterator[Group]:
        while self.expiry and self.expiry[0][0] < day:
            expires, number = heapq.heappop(self.expiry)
            group = self.groups.get(number)
            if group is None or group.last_day + self.reach != expires:
                continue  # closed already, or a later member moved its expiry on
            yield self._close(number)

    def _close(self, number: int) -> Group:
        for key in self.filed.pop(number):
            holders = self.index[key]
            holders.discard(number)
            if not holders:
                del self.index[key]
        return self.groups.pop(number)

    def close_all(self) -> Iterator[Group]:
        for number in sorted(self.groups):
            yield self._close(number)
        self.expiry.clear()


def group_reports(
    reports: Iterable[Report], rules: GroupingRules | None = None, spill: Path | None = None
) -> Iterator[Group]:
    """The stories of `reports` (every report in exactly one), spilling by month into a
    temporary folder under `spill` (the system's default when None)."""
    rules = rules or default_rules()
    blocks = DateBlocks(spill)
    try:
        frequency: Counter[str] = Counter()
        count = 0
        for report in reports:
            blocks.add(report)
            frequency.update(report.words)
            count += 1
        rarity = {w: 1 + math.log((1 + count) / (1 + n)) for w, n in frequency.items()}
        sweep = Sweep(rules.with_changes(rarity=rarity, weights_of_reports={}))
        for report in blocks.in_date_order():
            yield from sweep.push(report)
        yield from sweep.close_all()
        for report in sorted(blocks.undated, key=lambda r: r.ref):
            yield Group.founded_by(report)
    finally:
        blocks.close()
