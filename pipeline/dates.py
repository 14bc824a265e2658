"""Document dates: ISO calendar dates to the year, month or day, checked against the calendar.

Inputs give a document's date as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or as an ISO datetime
(`2015-07-21 02:52:06`, `2015-07-21T10:00:00Z`) whose time is dropped. A value that has the
shape but names no real date (`2015-13-45`, `2015-02-29`) is as unusable as `Saturday`: the
reader drops it with a `bad_date` warning, and the document is processed without a date.
"""

from __future__ import annotations

import datetime as dt
import re

PRECISIONS = ("year", "month", "day")
ISO_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
# a datetime: a full date, then `T` or a space and a time of day (anything after it is ignored)
ISO_DATETIME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")
BAD_DATE = "bad_date"


class BadDate(ValueError):
    """A date value that is not a document date; the message says why."""


def document_date(value: object) -> str:
    """The date `value` names, as `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a datetime loses its time).

    Raises `BadDate` when `value` is not an ISO date or names a day the calendar lacks.
    """
    if not isinstance(value, str):
        raise BadDate(f"date {value!r} is not a string")
    datetime_match = ISO_DATETIME.match(value)
    candidate = datetime_match.group("date") if datetime_match else value
    if not ISO_DATE.match(candidate):
        raise BadDate(f"date {value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    problem = calendar_problem(candidate)
    if problem:
        raise BadDate(f"date {value!r} is not a calendar date ({problem})")
    return candidate


def calendar_problem(iso: str) -> str | None:
    """Why an ISO-shaped date names no real day or month (`month 13`), or None."""
    match = ISO_DATE.match(iso)
    if match is None:
        return "not YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = match.group("year", "month", "day")
    if month is not None and not 1 <= int(month) <= 12:
        return f"there is no month {int(month)}"
    if day is not None:
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError:
            return f"{year}-{month} has no day {int(day)}"
    return None


def parse_document_date(value: str | None) -> tuple[dt.date, str] | None:
    """A document date as its first day and its precision (year, month, day); None for no
    date or one that `document_date` would refuse."""
    if not value:
        return None
    try:
        iso = document_date(value)
    except BadDate:
        return None
    parts = [int(part) for part in iso.split("-")]
    year, month, day = [*parts, 1, 1][:3]
    return dt.date(year, month, day), PRECISIONS[len(parts) - 1]


def within_date(first: str | None, second: str | None) -> bool:
    """Whether one ISO date lies within the other (`2015-07` holds `2015-07-21`): one report
    names the month, another the day."""
    if first is None or second is None:
        return False
    return first.startswith(second) or second.startswith(first)
