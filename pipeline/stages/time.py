"""Stage `time`: dates and relative time expressions, resolved against the document date.

Recognised on the normalised text (the lexicon is `resources/time_expressions.json`):
- a day and month with an optional second month name and year: `27 فبراير (شباط)`,
  `3 أيار 2016`; a month and year: `شباط 2014`; a year after `عام`/`سنة`: `عام 2011`;
- weekdays (`السبت`, `يوم الثلاثاء`): the latest such day on or before the document date;
- relative days (`اليوم`, `أمس`, `الليلة الماضية`, `غدا`);
- `منذ` + a count + a unit (`منذ ست سنوات`, `منذ 3 أيام`, `منذ عامين`).
A proclitic on the first word (`وأمس`, `بالأمس`) is not part of the span. Expressions that
need the document date get `value` null when it is unknown (or not a calendar date), or when
it is known only to the month or year and the expression is finer than that.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from pipeline import resources
from pipeline.dates import parse_document_date
from pipeline.document import Document, TimeMention
from pipeline.normalisation import default_normaliser
from pipeline.stages import Contract, DocumentStage, resource_provenance

RESOURCE = "time_expressions.json"
PROCLITIC = r"(?:[وف]?(?:ب|ل)?)"
BOUNDARY_BEFORE = r"(?<![^\W\d_])"
BOUNDARY_AFTER = r"(?![^\W\d_])"


@dataclass(frozen=True, slots=True)
class _Found:
    start: int  # offsets in the normalised text
    end: int
    value: str | None
    granularity: str
    relative: bool


CONTRACT = Contract(requires=("normalized",), uses=("sentences",), assigns=("times",))


class TimeStage(DocumentStage):
    contract = CONTRACT
    name = "time"
    version = "rules-1"

    def __init__(self, lexicon: dict[str, Any]) -> None:
        fold = default_normaliser().fold
        self.weekdays = {fold(k): v for k, v in lexicon["weekdays"].items()}
        self.relative_days = {fold(k): v for k, v in lexicon["relative_days"].items()}
        self.months = {fold(k): v for k, v in lexicon["months"].items()}
        self.numbers = {fold(k): v for k, v in lexicon["numbers"].items()}
        self.units = {fold(k): v for k, v in lexicon["units"].items()}
        self.dual_units = {fold(k): tuple(v) for k, v in lexicon["dual_units"].items()}
        self.patterns = self._patterns()

    def _patterns(self) -> list[tuple[re.Pattern[str], str]]:
        month = _alternation(self.months)
        count = r"\d{1,3}|" + _alternation(self.numbers)
        unit = _alternation(self.units)
        dual = _alternation(self.dual_units)
        day_name = _alternation(self.weekdays)
        relative = _alternation(self.relative_days)
        alt_month = rf"(?:\s*\(\s*(?:{month})\s*\))?"
        year = r"(?:\s+(?:عام\s+)?(?P<year>(?:19|20)\d{2}))?"
        forms = [
            (rf"(?P<day>\d{{1,2}})\s+(?P<month>{month}){alt_month}{year}", "date"),
            (rf"(?P<month>{month}){alt_month}\s+(?P<year>(?:19|20)\d{{2}})", "month"),
            (r"(?:عام|سنة|سنه)\s+(?P<year>(?:19|20)\d{2})", "year"),
            (rf"منذ\s+(?:(?P<count>{count})\s+(?P<unit>{unit})|(?P<dual>{dual}))", "ago"),
            (rf"(?:يوم\s+)?(?P<weekday>{day_name})", "weekday"),
            (rf"(?P<relative>{relative})", "relative"),
        ]
        return [
            (re.compile(BOUNDARY_BEFORE + PROCLITIC + f"(?P<expr>{body})" + BOUNDARY_AFTER), kind)
            for body, kind in forms
        ]

    def provenance(self) -> list[dict[str, Any]]:
        return resource_provenance(RESOURCE)

    def __call__(self, doc: Document) -> Document:
        if doc.normalized is None:
            raise RuntimeError("time needs the normalise stage to run first")
        anchor = parse_document_date(doc.date)
        found = self.find(doc.normalized.text, anchor)
        doc.times = []
        for item in found:
            start, end = doc.original_span(item.start, item.end)
            doc.times.append(
                TimeMention(
                    id=f"t{len(doc.times)}",
                    text=doc.text[start:end],
                    start=start,
                    end=end,
                    sentence=doc.sentence_at(start),
                    value=item.value,
                    granularity=item.granularity,
                    relative=item.relative,
                )
            )
        return doc

    def find(self, text: str, anchor: tuple[dt.date, str] | None) -> list[_Found]:
        """Expressions of `text`, left to right, longest first where they overlap."""
        found: list[_Found] = []
        taken: list[tuple[int, int]] = []
        for pattern, kind in self.patterns:
            for match in pattern.finditer(text):
                start, end = match.span("expr")
                if any(start < e and s < end for s, e in taken):
                    continue
                taken.append((start, end))
                found.append(self._resolve(match, kind, start, end, anchor))
        return sorted(found, key=lambda item: item.start)

    def _resolve(
        self, match: re.Match[str], kind: str, start: int, end: int, anchor: Any
    ) -> _Found:
        groups = match.groupdict()
        if kind == "date":
            return self._date(groups, start, end, anchor)
        if kind == "month":
            month = self.months[_squash(groups["month"])]
            return _Found(start, end, f"{groups['year']}-{month:02d}", "month", False)
        if kind == "year":
            return _Found(start, end, groups["year"], "year", False)
        if kind == "ago":
            return self._ago(groups, start, end, anchor)
        if kind == "weekday":
            return _weekday(self.weekdays[groups["weekday"]], start, end, anchor)
        return _days_from(self.relative_days[_squash(groups["relative"])], start, end, anchor)

    def _date(self, groups: dict[str, str], start: int, end: int, anchor: Any) -> _Found:
        month = self.months[_squash(groups["month"])]
        day = int(groups["day"])
        year = int(groups["year"]) if groups.get("year") else _year_near(month, anchor)
        if year is None:
            return _Found(start, end, None, "unknown", True)
        try:
            value = dt.date(year, month, day).isoformat()
        except ValueError:
            return _Found(start, end, None, "unknown", False)
        return _Found(start, end, value, "day", not groups.get("year"))

    def _ago(self, groups: dict[str, str], start: int, end: int, anchor: Any) -> _Found:
        if groups.get("dual"):
            unit, count = self.dual_units[groups["dual"]]
        else:
            unit = self.units[groups["unit"]]
            raw = groups["count"]
            count = int(raw) if raw.isdigit() else self.numbers[raw]
        if anchor is None:
            return _Found(start, end, None, "unknown", True)
        date, precision = anchor
        if unit == "year":
            return _Found(start, end, str(date.year - count), "year", True)
        if precision == "year":
            return _Found(start, end, None, "unknown", True)
        if unit == "month":
            months = date.year * 12 + date.month - 1 - count
            return _Found(start, end, f"{months // 12}-{months % 12 + 1:02d}", "month", True)
        return _days_from(-count, start, end, anchor)


def _alternation(words: dict[str, Any]) -> str:
    """A regex alternation of the lexicon's words, longest first, spaces matching any run."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _year_near(month: int, anchor: Any) -> int | None:
    """The year of a day and month written without one: the document's, or the one before
    when the month lies more than a month after the document's."""
    if anchor is None or anchor[1] == "year":
        return None
    date = anchor[0]
    return date.year - 1 if month > date.month + 1 else date.year


def _weekday(weekday: int, start: int, end: int, anchor: Any) -> _Found:
    if anchor is None or anchor[1] != "day":
        return _Found(start, end, None, "unknown", True)
    date = anchor[0]
    back = (date.weekday() - weekday) % 7
    return _Found(start, end, (date - dt.timedelta(days=back)).isoformat(), "day", True)


def _days_from(offset: int, start: int, end: int, anchor: Any) -> _Found:
    if anchor is None or anchor[1] != "day":
        return _Found(start, end, None, "unknown", True)
    return _Found(start, end, (anchor[0] + dt.timedelta(days=offset)).isoformat(), "day", True)


def create(options: dict[str, Any]) -> TimeStage:
    return TimeStage(json.loads(resources.read_text(RESOURCE)))
