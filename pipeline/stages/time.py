"""Stage `time`: dates and relative time expressions, resolved against the document date.

Recognised on the normalised text (the date words are those of `pipeline.lang.ar.dates`,
`resources/time_expressions.json`):
- a day and month with an optional second month name and year: `27 فبراير (شباط)`,
  `3 أيار 2016`, `3 حزيران/يونيو`, `الـ8 من يوليو`; a month and year: `شباط 2014`; a year
  after `عام`/`العام`/`سنة`, also glued to it: `العام 2011`, `عام2011`;
- a month alone when a modifier says which (`سبتمبر الماضي` the latest before the document's
  month, `أيار المقبل` the next, `يوليو الجاري` this year's), after a word for a part of it
  (`مطلع يوليو`, `أواخر شهر آب 2014`), when written in both traditions
  (`حزيران/يونيو`), after `شهر` (`شهر آب`) or after `في` (`في مايو`, `months_after`); a
  bare month name elsewhere is no date (`نيسان` is also a car maker);
- weekdays (`السبت`, `يوم الثلاثاء`): the latest such day on or before the document date; a
  night of two weekdays (`ليل الثلاثاء الأربعاء`) the later one, and after a night's midnight
  (`بعد منتصف ليل الأحد`) the day after it;
- relative periods: a month or year counted from the document's (`الشهر الماضي`, `العام
  الحالي`), but not after a noun that `العام` qualifies (`الأمين العام الحالي`);
- relative days (`اليوم`, `أمس`, `الليلة الماضية`, `خلال الليل`, `غدا`); a relative day
  with a weekday is that weekday, on or before the relative day (`اليوم (الأحد)` in an
  article of Tuesday is Sunday: the text was written before the article's date);
- `منذ` + a count + a unit (`منذ ست سنوات`, `منذ 3 أيام`, `منذ 25 عاما`, `منذ خمسة وعشرين
  عاما`, `منذ عامين`); the count is read by the number grammar of `pipeline.lang.ar.numbers`.
- `قبل` + a count + a unit (`قبل نحو شهرين`, `قبل ثلاثة أيام`, `قبل عام مضى`): that long before
  the document date, unless `من` follows (`قبل ثلاثة أيام من الهجوم` counts from another event).
A proclitic on the first word (`وأمس`, `بالأمس`) is not part of the span. Words that lie
within a name the NER stage found are part of the name, not a time (`عين اليوم` and `روسيا
اليوم` are news outlets). Expressions that
need the document date get `value` null when it is unknown (or not a calendar date), or when
it is known only to the month or year and the expression is finer than that.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from pipeline.dates import parse_document_date
from pipeline.document import Document, TimeMention, TokenSpan
from pipeline.lang.ar.clitics import ARTICLE, LAM_ARTICLE, first_word_forms, proclitic_pattern
from pipeline.lang.ar.clitics import RESOURCE as MORPHOLOGY_RESOURCE
from pipeline.lang.ar.dates import RESOURCE, DateWords, date_words
from pipeline.lang.ar.numbers import RESOURCE as NUMBERS_RESOURCE
from pipeline.lang.ar.numbers import number_at
from pipeline.stages import Contract, DocumentStage, resource_provenance
from pipeline.tokenization import TOKEN

# the proclitics written onto a time word (`وأمس`, `بالأمس`): not ك
PROCLITIC = proclitic_pattern(("ب", "ل"))
BOUNDARY_BEFORE = r"(?<![^\W\d_])"
BOUNDARY_AFTER = r"(?![^\W\d_])"
AGO = "منذ"
AGO_WORDS = 6  # words read after `منذ`: a number of up to five words and its unit
ARTICLE_OR_LAM_ARTICLE = f"{ARTICLE}|{LAM_ARTICLE}"
ARTICLE_OR_LAM_ARTICLE_GROUP = f"(?:{ARTICLE_OR_LAM_ARTICLE})"
WORD_BEFORE_REACH = 40  # characters read back for the word before an expression
DAYS_IN_WEEK = 7
# `في يناير من العام الماضي`, `في مايو من عام 2013`: the year that follows says which May
YEAR_AFTER_MONTH = re.compile(r"\s+من\s+(?:ال)?(?:عام|سنة|سنه)")
MAX_AGO_COUNT = 999  # `منذ ألف عام` is a manner of speaking, not a date


@dataclass(frozen=True, slots=True)
class _Found:
    start: int  # offsets in the normalised text
    end: int
    value: str | None
    granularity: str
    relative: bool


CONTRACT = Contract(
    requires=("normalized",), uses=("sentences", "tokens", "entities"), assigns=("times",)
)


class TimeStage(DocumentStage):
    contract = CONTRACT
    name = "time"
    version = "rules-10"

    def __init__(self, words: DateWords) -> None:
        self.words = words
        self.patterns = self._patterns()

    def _patterns(self) -> list[tuple[re.Pattern[str], str]]:
        month = _alternation(self.words.months)
        day_name = _alternation(self.words.weekdays)
        relative = _alternation(self.words.relative_days)
        modifier = _alternation(self.words.month_modifiers)
        period = _with_lam_article(_alternation(self.words.relative_periods))
        # a month named in both traditions: `حزيران/يونيو`, `حزيران (يونيو)`
        pair = rf"(?:\s*/\s*(?:{month}))?(?:\s*\(\s*(?:{month})\s*\))?"
        # `عام2011`: the year is often glued to its word
        year = r"(?:\s+(?:عام\s*)?(?P<year>(?:19|20)\d{2}))?"
        part = _alternation(dict.fromkeys(self.words.month_parts))
        before = _alternation(dict.fromkeys(self.words.before_now.words))
        night = _alternation(dict.fromkeys(self.words.night_words))
        midnight = _alternation(dict.fromkeys(self.words.after_midnight))
        forms = [
            # `مطلع يوليو`, `أواخر شهر آب 2014`: a part of a month dates by its month
            (
                rf"(?:{part})\s+(?:شهر\s+)?(?P<month>{month}){pair}"
                rf"(?:\s+(?:عام\s*)?(?P<year>(?:19|20)\d{{2}})|\s+(?P<modifier>{modifier}))?",
                "month_part",
            ),
            # `27 فبراير`, `الـ8 من يوليو` (the tatweel is gone from the normalised text)
            (rf"(?:ال)?(?P<day>\d{{1,2}})\s+(?:من\s+)?(?P<month>{month}){pair}{year}", "date"),
            (rf"(?P<month>{month}){pair}\s+(?:عام\s*)?(?P<year>(?:19|20)\d{{2}})", "month"),
            (rf"(?:شهر\s+)?(?P<month>{month}){pair}\s+(?P<modifier>{modifier})", "month_named"),
            (rf"(?P<month>{month})\s*/\s*(?:{month})", "month_named"),
            (rf"شهر\s+(?P<month>{month})", "month_named"),
            # `في مايو`: a bare month name is a date only after such a word (`_after_a_month_word`)
            (rf"(?P<month>{month}){pair}", "bare_month"),
            (rf"(?:{ARTICLE_OR_LAM_ARTICLE})?(?:عام|سنة|سنه)\s*(?P<year>(?:19|20)\d{{2}})", "year"),
            (rf"{AGO}(?=\s)", "ago"),  # the count and unit after it: `_ago`
            (rf"(?:{before})(?=\s)", "before_now"),  # the count and unit: `_before_now`
            (rf"(?P<period>{period})", "period"),
            # `اليوم (الأحد)`, `أمس السبت`: the weekday says which day, the article may be later
            (
                rf"(?P<relative>{relative})\s*(?:\(\s*(?:يوم\s+)?(?P<bracketed>{day_name})\s*\)"
                rf"|(?:يوم\s+)?(?P<weekday>{day_name}))",
                "relative_weekday",
            ),
            # `ليل الثلاثاء الأربعاء`, `ليلة السبت-الأحد`: the night ends on the later day
            (
                rf"(?:{night})\s+(?:{day_name})\s*[-–/]?\s*(?P<weekday>{day_name})",
                "weekday",
            ),
            # `بعد منتصف ليل الأحد`, `بعد منتصف ليل أول من أمس`: the day after
            (
                rf"(?:{midnight})\s+(?:{night})\s+(?:يوم\s+)?(?P<weekday>{day_name})",
                "after_midnight",
            ),
            (rf"(?:{midnight})\s+(?:{night})\s+(?P<relative>{relative})", "after_midnight"),
            (rf"(?:يوم\s+)?(?P<weekday>{day_name})", "weekday"),
            (rf"(?P<relative>{relative})", "relative"),
        ]
        return [
            (re.compile(BOUNDARY_BEFORE + PROCLITIC + f"(?P<expr>{body})" + BOUNDARY_AFTER), kind)
            for body, kind in forms
        ]

    def provenance(self) -> list[dict[str, Any]]:
        return resource_provenance(RESOURCE, NUMBERS_RESOURCE, MORPHOLOGY_RESOURCE)

    def __call__(self, doc: Document) -> Document:
        if doc.normalized is None:
            raise RuntimeError("time needs the normalise stage to run first")
        anchor = parse_document_date(doc.date)
        found = self.find(doc.normalized.text, anchor)
        doc.times = []
        for item in found:
            start, end = doc.original_span(item.start, item.end)
            if _within_a_name(doc, start, end):
                continue
            span = doc.tokens_within(start, end) if doc.tokens else None
            doc.times.append(
                TimeMention(
                    id=f"t{len(doc.times)}",
                    text=doc.text[start:end],
                    start=start,
                    end=end,
                    sentence=self._sentence(doc, span, start),
                    value=item.value,
                    granularity=item.granularity,
                    relative=item.relative,
                    token_span=span,
                )
            )
        return doc

    @staticmethod
    def _sentence(doc: Document, span: TokenSpan | None, start: int) -> int | None:
        """The sentence of the expression's first token (where no tokens were made, the one
        that holds its start)."""
        return doc.tokens[span[0]].sentence if span is not None else doc.sentence_at(start)

    def find(self, text: str, anchor: tuple[dt.date, str] | None) -> list[_Found]:
        """Expressions of `text`, left to right, longest first where they overlap."""
        found: list[_Found] = []
        for pattern, kind in self.patterns:
            for match in pattern.finditer(text):
                item = self._resolve(match, kind, text, anchor)
                if item is None or any(item.start < f.end and f.start < item.end for f in found):
                    continue
                found.append(item)
        return sorted(found, key=lambda item: item.start)

    def _resolve(self, match: re.Match[str], kind: str, text: str, anchor: Any) -> _Found | None:
        groups = match.groupdict()
        start, end = match.span("expr")
        if kind == "date":
            return self._date(groups, start, end, anchor)
        if kind == "month":
            month = self.words.months[_squash(groups["month"])]
            return _Found(start, end, f"{groups['year']}-{month:02d}", "month", False)
        if kind == "month_named":
            return self._month_named(groups, start, end, anchor)
        if kind == "month_part":
            if groups.get("year"):
                month = self.words.months[_squash(groups["month"])]
                return _Found(start, end, f"{groups['year']}-{month:02d}", "month", False)
            return self._month_named(groups, start, end, anchor)
        if kind == "year":
            return _Found(start, end, groups["year"], "year", False)
        if kind == "ago":
            return self._ago(text, start, end, anchor)
        if kind == "before_now":
            return self._before_now(text, start, end, anchor)
        if kind == "period":
            if _word_before(text, start) in self.words.not_periods_after:
                return None  # `الأمين العام الحالي`: the current secretary-general
            unit, offset = self.words.relative_periods[_without_lam(_squash(groups["period"]))]
            return _period(unit, offset, start, end, anchor)
        if kind == "weekday":
            return _weekday(self.words.weekdays[groups["weekday"]], start, end, anchor)
        if kind == "after_midnight":
            return self._after_midnight(groups, start, end, anchor)
        if kind == "bare_month":
            if not self._after_a_month_word(text, start, end):
                return None
            return self._month_named(groups, start, end, anchor)
        if kind == "relative_weekday":
            offset = self.words.relative_days[_squash(groups["relative"])]
            weekday = self.words.weekdays[groups["bracketed"] or groups["weekday"]]
            return _weekday(weekday, start, end, _shifted(anchor, offset))
        return _days_from(self.words.relative_days[_squash(groups["relative"])], start, end, anchor)

    def _after_midnight(self, groups: dict[str, str], start: int, end: int, anchor: Any) -> _Found:
        """The day after the night named: a weekday's, resolved as the day after it is (the
        latest on or before the document date), or a relative day's (`أول من أمس`)."""
        if groups.get("weekday"):
            following = (self.words.weekdays[groups["weekday"]] + 1) % DAYS_IN_WEEK
            return _weekday(following, start, end, anchor)
        offset = self.words.relative_days[_squash(groups["relative"])]
        return _days_from(offset + 1, start, end, anchor)

    def _after_a_month_word(self, text: str, start: int, end: int) -> bool:
        """`في مايو`, `وخلال آب`, but not `في يناير من العام الماضي` (the year says which: the
        period is the date) nor `الطائفي تموز` (a word ending in في)."""
        if set(first_word_forms(_word_before(text, start))).isdisjoint(self.words.months_after):
            return False
        return YEAR_AFTER_MONTH.match(text, end) is None

    def _date(self, groups: dict[str, str], start: int, end: int, anchor: Any) -> _Found:
        month = self.words.months[_squash(groups["month"])]
        day = int(groups["day"])
        year = int(groups["year"]) if groups.get("year") else _year_near(month, anchor)
        if year is None:
            return _Found(start, end, None, "unknown", True)
        try:
            value = dt.date(year, month, day).isoformat()
        except ValueError:
            return _Found(start, end, None, "unknown", False)
        return _Found(start, end, value, "day", not groups.get("year"))

    def _month_named(self, groups: dict[str, str], start: int, end: int, anchor: Any) -> _Found:
        """A month without a day or year (`سبتمبر الماضي`, `حزيران/يونيو`, `شهر آب`): the
        occurrence its modifier says, else the one near the document date."""
        month = self.words.months[_squash(groups["month"])]
        modifier = self.words.month_modifiers.get(_squash(groups.get("modifier") or ""))
        if anchor is None or anchor[1] == "year":
            return _Found(start, end, None, "unknown", True)
        date = anchor[0]
        if modifier == "past":
            year = date.year if month < date.month else date.year - 1
        elif modifier == "next":
            year = date.year if month > date.month else date.year + 1
        elif modifier == "current":
            year = date.year
        else:
            year = date.year - 1 if month > date.month + 1 else date.year
        return _Found(start, end, f"{year}-{month:02d}", "month", True)

    def _before_now(self, text: str, start: int, end: int, anchor: Any) -> _Found | None:
        """`قبل` + a count and a unit (`قبل نحو شهرين`, `قبل عام مضى`): that long before the
        document date; None when no such words follow, or when `من`/`على` after them count
        from another event (`قبل ثلاثة أيام من الهجوم`)."""
        words = self.words.before_now
        spans = _words_after(text, end, AGO_WORDS + 1)
        texts = [text[s:e] for s, e in spans]
        skip = 1 if texts and texts[0] in words.approximately else 0
        if len(texts) > skip and texts[skip] in words.single_units:
            unit, count, unit_index = words.single_units[texts[skip]], 1, skip
        else:
            counted = _counted_unit(texts[skip:], self.words.units, self.words.dual_units)
            if counted is None:
                return None
            unit, count, unit_index = counted[0], counted[1], counted[2] + skip
        last = unit_index
        if last + 1 < len(texts) and texts[last + 1] in words.gone_by:
            last += 1
        if last + 1 < len(texts) and texts[last + 1] in words.relative_to:
            return None
        return _period(unit, -count, start, spans[last][1], anchor)

    def _ago(self, text: str, start: int, end: int, anchor: Any) -> _Found | None:
        """`منذ` + a count and a unit (`منذ 25 عاما`, `منذ خمسة وعشرين عاما`), or a dual unit
        (`منذ عامين`); None when no such words follow."""
        words = _words_after(text, end, AGO_WORDS)
        counted = _counted_unit(
            [text[s:e] for s, e in words], self.words.units, self.words.dual_units
        )
        if counted is None:
            return None
        unit, count, unit_index = counted
        return _period(unit, -count, start, words[unit_index][1], anchor)


def _within_a_name(doc: Document, start: int, end: int) -> bool:
    """Whether the characters [start, end) of the original text lie within an entity."""
    return any(entity.start <= start and end <= entity.end for entity in doc.entities)


def _counted_unit(
    texts: list[str], units: dict[str, str], dual_units: dict[str, tuple[str, int]]
) -> tuple[str, int, int] | None:
    """(unit, count, index of the unit word) of a count and unit at the start of `texts`
    (`ثلاثة أيام`, `25 عاما`, a dual `شهرين`); None when they are not one."""
    if not texts:
        return None
    if texts[0] in dual_units:
        unit, count = dual_units[texts[0]]
        return unit, count, 0
    number = number_at(texts, 0)
    if number is None:
        return None
    count, unit_index = number
    if not 0 < count <= MAX_AGO_COUNT or unit_index >= len(texts):
        return None
    unit = units.get(texts[unit_index])
    return (unit, count, unit_index) if unit is not None else None


def _word_before(text: str, position: int) -> str:
    """The word right before `position`, as written in the normalised text."""
    words = text[max(0, position - WORD_BEFORE_REACH) : position].split()
    return words[-1] if words else ""


def _words_after(text: str, position: int, limit: int) -> list[tuple[int, int]]:
    """Spans of the next `limit` tokens after `position`, each after white space (so
    `منذ 3، أيام` reads `3` only)."""
    spans = []
    for match in TOKEN.finditer(text, position):
        before = text[spans[-1][1] if spans else position : match.start()]
        if not before or not before.isspace() or len(spans) >= limit:
            break
        spans.append(match.span())
    return spans


def _period(unit: str, offset: int, start: int, end: int, anchor: Any) -> _Found:
    """The year, month or day `offset` units from the document date's."""
    if anchor is None:
        return _Found(start, end, None, "unknown", True)
    date, precision = anchor
    if unit == "year":
        return _Found(start, end, str(date.year + offset), "year", True)
    if precision == "year":
        return _Found(start, end, None, "unknown", True)
    if unit == "month":
        months = date.year * 12 + date.month - 1 + offset
        return _Found(start, end, f"{months // 12}-{months % 12 + 1:02d}", "month", True)
    return _days_from(offset, start, end, anchor)


def _alternation(words: dict[str, Any]) -> str:
    """A regex alternation of the lexicon's words, longest first, spaces matching any run."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)


def _with_lam_article(alternation: str) -> str:
    """Each word of `alternation` that starts with the article also as written after ل
    (`للعام الحالي`: for this year), the ل then part of the expression."""
    words = alternation.split("|")
    return "|".join(
        ARTICLE_OR_LAM_ARTICLE_GROUP + word[len(ARTICLE) :] if word.startswith(ARTICLE) else word
        for word in words
    )


def _without_lam(words: str) -> str:
    """`للعام الحالي` as the lexicon writes it: `العام الحالي`."""
    if words.startswith(LAM_ARTICLE):
        return ARTICLE + words[len(LAM_ARTICLE) :]
    return words


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


def _shifted(anchor: Any, days: int) -> Any:
    """The document date `days` on (`أمس السبت`: the Saturday on or before yesterday)."""
    if anchor is None or anchor[1] != "day":
        return anchor
    return anchor[0] + dt.timedelta(days=days), anchor[1]


def _days_from(offset: int, start: int, end: int, anchor: Any) -> _Found:
    if anchor is None or anchor[1] != "day":
        return _Found(start, end, None, "unknown", True)
    return _Found(start, end, (anchor[0] + dt.timedelta(days=offset)).isoformat(), "day", True)


def create(options: dict[str, Any]) -> TimeStage:
    return TimeStage(date_words())
