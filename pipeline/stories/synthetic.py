"""Synthetic but realistic reports for timing the stories step: real ones, moved in time and space.

    python -m pipeline.stories.synthetic OUT... --records 100000 --out FILE.jsonl [--seed 1]

The reports of the documents of the given output folders (a real run) are the templates. Each
synthetic article copies every event of one real article under a new id, with the same shift of
all its dates (anywhere in two years) and its places moved to another real place of the same
depth (a city to a city, a governorate to a governorate; the admin areas come with it), so that
the events of an article stay together as real ones do; half the words of its trigger sentences
are replaced by other words of the real vocabulary (it is another text). A share of the articles
re-report an earlier synthetic article instead, under another id, a few days later at most, with
some of its events dropped and a third of the words replaced: the same real-world event reported
by several outlets, which is what grouping has to find. Actors are kept.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from pipeline.stories.reports import Report
from pipeline.stories.step import folder_reports

DAYS = 730  # the dates are spread over two years
WORDS_KEPT = 0.5  # share of a template's trigger-sentence words a new article keeps
WORDS_RETOLD = 0.7  # share of the first report's words a re-report keeps
REPEAT = 0.4  # share of articles that re-report an earlier article's events
MAX_LATER = 3  # days after the first report a re-report comes, at most
KEEP = 0.7  # share of the events of the first report a re-report keeps


def articles_of(reports: list[Report]) -> list[list[Report]]:
    """The reports grouped by their document, in input order."""
    by_doc: dict[str, list[Report]] = {}
    for report in reports:
        by_doc.setdefault(report.doc_id, []).append(report)
    return [events for events in by_doc.values() if any(r.lo is not None for r in events)]


def places_by_depth(reports: list[Report]) -> dict[int, list[dict]]:
    """The distinct real places of the reports, by how many levels their path names."""
    found: dict[int, dict[str, dict]] = {}
    for report in reports:
        if report.place is not None:
            depth = sum(level is not None for level in report.place["path"])
            found.setdefault(depth, {})[json.dumps(report.place, sort_keys=True)] = report.place
    return {depth: list(places.values()) for depth, places in found.items()}


class Generator:
    """Synthetic articles from real ones (see the module's description)."""

    def __init__(self, reports: list[Report], seed: int, days: int = DAYS) -> None:
        self.articles = articles_of(reports)
        if not self.articles:
            raise ValueError("no dated events to make synthetic records from")
        self.places = places_by_depth(reports)
        self.vocabulary = sorted({word for report in reports for word in report.words})
        self.random = random.Random(seed)
        self.days = days
        self.start = min(r.lo for events in self.articles for r in events if r.lo is not None)
        self.made: list[list[Report]] = []
        self.truth: dict[tuple[str, str], str] = {}  # the real-world event each report tells

    def records(self, count: int) -> Iterator[Report]:
        """`count` synthetic reports (the last article may be cut short)."""
        written, number = 0, 0
        while written < count:
            events = self._article(f"syn-{number:07d}")
            number += 1
            yield from events[: count - written]
            written += min(len(events), count - written)

    def _article(self, doc_id: str) -> list[Report]:
        if self.made and self.random.random() < REPEAT:
            return self._re_report(self.random.choice(self.made[-200:]), doc_id)
        template = self.random.choice(self.articles)
        shift = self.start + self.random.randrange(self.days) - _first_day(template)
        moves: dict[str, dict] = {}
        events = [self._moved(report, doc_id, shift, moves) for report in template]
        for event in events:
            self.truth[event.ref] = f"{doc_id}:{event.event}"
        self.made.append(events)
        return events

    def _moved(self, report: Report, doc_id: str, shift: int, moves: dict[str, dict]) -> Report:
        place = report.place
        if place is not None:
            key = json.dumps(place, sort_keys=True)
            if key not in moves:
                depth = sum(level is not None for level in place["path"])
                moves[key] = self.random.choice(self.places[depth])
            place = moves[key]
        words = self._reworded(report.words, WORDS_KEPT)
        return shifted(dataclasses.replace(report, doc_id=doc_id, place=place, words=words), shift)

    def _reworded(self, words: frozenset[str], kept: float) -> frozenset[str]:
        """`words` with a share replaced by words of the real vocabulary: another sentence."""
        keep = {word for word in sorted(words) if self.random.random() < kept}
        others = self.random.sample(
            self.vocabulary, min(len(words) - len(keep), len(self.vocabulary))
        )
        return frozenset(keep | set(others))

    def _re_report(self, first: list[Report], doc_id: str) -> list[Report]:
        later = self.random.randint(0, MAX_LATER)
        kept = [r for r in first if self.random.random() < KEEP] or first[:1]
        for report in kept:
            self.truth[(doc_id, report.event)] = self.truth[report.ref]
        # the event's own date stays; an article's date is the later article's
        return [
            shifted(
                dataclasses.replace(
                    report, doc_id=doc_id, words=self._reworded(report.words, WORDS_RETOLD)
                ),
                later if report.date_source == "article" else 0,
            )
            for report in kept
        ]


def _first_day(events: list[Report]) -> int:
    return min(report.lo for report in events if report.lo is not None)


def shifted(report: Report, days: int) -> Report:
    """The report `days` later, its ISO date written again from its days."""
    if report.lo is None or report.hi is None:
        return report
    first = dt.date.fromordinal(report.lo + days)
    value = {"day": first.isoformat(), "month": first.strftime("%Y-%m")}.get(
        report.granularity or "day", str(first.year)
    )
    return dataclasses.replace(report, lo=report.lo + days, hi=report.hi + days, date=value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="+", type=Path, help="output folders of real runs")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--truth", type=Path, help="also write which reports tell one event")
    args = parser.parse_args(argv)
    reports = list(folder_reports(args.sources))
    generator = Generator(reports, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as stream:
        for report in generator.records(args.records):
            stream.write(json.dumps(report.row(), ensure_ascii=False) + "\n")
    if args.truth:
        with args.truth.open("w", encoding="utf-8") as stream:
            for (doc_id, event), story in generator.truth.items():
                stream.write(json.dumps({"doc_id": doc_id, "event": event, "story": story}) + "\n")
    print(f"{args.out}: {args.records} synthetic reports from {len(reports)} real ones")
    return 0


if __name__ == "__main__":
    sys.exit(main())
