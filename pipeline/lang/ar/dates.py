"""Date words: weekdays, relative days and periods, month names and the units of `منذ N …`.

The words live in `resources/time_expressions.json`, written in plain Arabic; here they are
put in normal form (`pipeline.lang.ar.fold.normal_form`), the form of a document's normalised
text, which the `time` stage reads. Numbers (`منذ خمسة وعشرين عاما`) are read by
`pipeline.lang.ar.numbers`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline import resources
from pipeline.lang.ar.fold import normal_form

RESOURCE = "time_expressions.json"


@dataclass(frozen=True, slots=True)
class BeforeNow:
    """The words of `قبل` + a count and a unit, counted back from the document date."""

    words: frozenset[str]  # `قبل`
    approximately: frozenset[str]  # `نحو` before the count
    single_units: dict[str, str]  # a unit alone counts one: `قبل عام`
    gone_by: frozenset[str]  # `مضى` after the unit
    relative_to: frozenset[str]  # `من`, `على` after it: counted from another event


@dataclass(frozen=True, slots=True)
class DateWords:
    """The lexicon, keyed by normal form."""

    weekdays: dict[str, int]  # Monday = 0
    relative_days: dict[str, int]  # offset from the document date
    months: dict[str, int]
    units: dict[str, str]  # year, month, day
    dual_units: dict[str, tuple[str, int]]  # `عامين` = (year, 2)
    relative_periods: dict[str, tuple[str, int]]  # `الشهر الماضي` = (month, -1)
    not_periods_after: frozenset[str]  # `الأمين` (العام الحالي is then no period)
    month_modifiers: dict[str, str]  # `الماضي` = past, `المقبل` = next, `الجاري` = current
    month_parts: frozenset[str]  # `مطلع`, `أواخر`: a part of the month named after it
    months_after: tuple[str, ...]  # `في`: a month name alone after it is a date (`في مايو`)
    night_words: tuple[str, ...]  # `ليل`, `ليلة`: `ليل الثلاثاء الأربعاء` is the later day
    after_midnight: tuple[str, ...]  # `بعد منتصف` (`ليل الأحد`): the day after
    before_now: BeforeNow  # `قبل نحو شهرين`


@cache
def _lexicon() -> dict[str, Any]:
    return json.loads(resources.read_text(RESOURCE))


def month_names() -> list[str]:
    """The month names as written in the lexicon (both the Egyptian/Gulf and the
    Levantine/Iraqi names)."""
    return list(_lexicon()["months"])


@cache
def date_words() -> DateWords:
    lexicon = _lexicon()

    def folded(name: str) -> dict[str, Any]:
        return {normal_form(word): value for word, value in lexicon[name].items()}

    return DateWords(
        weekdays=folded("weekdays"),
        relative_days=folded("relative_days"),
        months=folded("months"),
        units=folded("units"),
        dual_units={word: tuple(value) for word, value in folded("dual_units").items()},
        relative_periods={word: tuple(value) for word, value in folded("relative_periods").items()},
        month_modifiers=folded("month_modifiers"),
        not_periods_after=frozenset(normal_form(word) for word in lexicon["not_periods_after"]),
        month_parts=frozenset(normal_form(word) for word in lexicon["month_parts"]),
        months_after=tuple(normal_form(word) for word in lexicon["months_after"]),
        night_words=tuple(normal_form(word) for word in lexicon["nights"]["night"]),
        after_midnight=tuple(normal_form(word) for word in lexicon["nights"]["after_midnight"]),
        before_now=_before_now(lexicon["before_now"]),
    )


def _before_now(entry: dict[str, Any]) -> BeforeNow:
    def forms(name: str) -> frozenset[str]:
        return frozenset(normal_form(word) for word in entry[name])

    return BeforeNow(
        words=forms("words"),
        approximately=forms("approximately"),
        single_units={normal_form(word): unit for word, unit in entry["single_units"].items()},
        gone_by=forms("gone_by"),
        relative_to=forms("relative_to"),
    )


def is_bare_weekday(text: str) -> bool:
    """Whether a time expression is a weekday alone or after `يوم` (`الثلاثاء`, `يوم
    الثلاثاء`), not tied to a relative day (`اليوم (الأحد)`, `غدا الأحد`)."""
    words = date_words()
    forms = normal_form(text).replace("(", " ").replace(")", " ").split()
    has_weekday = any(form in words.weekdays for form in forms)
    return has_weekday and not any(form in words.relative_days for form in forms)


def is_date_word(word: str) -> bool:
    """A weekday, relative day, month name or unit of time (`الثلاثاء`, `أمس`, `أيام`): no name
    word."""
    words = date_words()
    form = normal_form(word)
    tables = (words.weekdays, words.relative_days, words.months, words.units, words.dual_units)
    return any(form in table for table in tables)
