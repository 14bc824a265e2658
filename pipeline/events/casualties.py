"""People killed and injured in a sentence: a casualty word and the count that goes with it.

`مقتل 40 عنصرا وجرح أكثر من 50`: a verb or noun of killing or injuring takes the count after it
(`مقتل` + `40`, `جرح` + `أكثر من 50`), never across another casualty word (`جنديين قتلا وأصيب
أربعة`: the four are injured); a count noun takes the count before it (`40 قتيلا`,
`العشرات من القتلى`). A noun of one person right after or before the word counts one, its dual
two (`قتل شرطي`, `بمقتل عنصرين`, `جنديين قتلا`); counts joined by `و` add up (`سيدة وثلاثة من
أطفالها`: four), unless the second is part of the first (`9 بينهم خمسة أطفال`). Counts are read
by `pipeline/lang/ar/numbers.py`; the words are listed in `resources/event_context.json`. A
person's name right after the word counts one (`مقتل محسن الفضلي`, `مقتل أبو سياف`), unless a
number follows the name directly (`قتل محمد 3 مدنيين`: Muhammad killed); a name before the
word is its subject, never a count (`نفى رامي عبد الرحمن مقتل مدنيين`). A count of days or
years is no toll (`مقتل الجندي 3 أيام`), nor is the number of a date (`قتل في الـ8 من
يوليو`).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from pipeline.events.words import SentenceWords
from pipeline.events.wordsets import event_context, word_set
from pipeline.lang.ar.clitics import ARTICLE
from pipeline.lang.ar.dates import is_date_word
from pipeline.lang.ar.fold import word_key
from pipeline.lang.ar.morphology import singular_and_dual_forms
from pipeline.lang.ar.numbers import Quantity, find_quantities, joined_by_and

KINDS = ("killed", "injured")
PERSON = "PER"
TABLES = ("verbs_and_nouns", "count_nouns")
AND = "و"


@dataclass(frozen=True, slots=True)
class Casualty:
    kind: str  # killed or injured
    quantity: Quantity
    word: int  # position of the casualty word


def sentence_casualties(sentence: SentenceWords) -> list[Casualty]:
    """Casualty counts of a sentence, its people's names counting one each; no number of its
    time expressions is a count."""
    names = [sentence.entity_words(e) for e in sentence.entities if e.label == PERSON]
    times = [sentence.words_of(t.token_span) for t in sentence.times if t.token_span]
    words = [word.text for word in sentence.words]
    return find_casualties(words, sentence.keys, names, [span for span in times if span])


def find_casualties(
    words: list[str],
    keys: list[str],
    names: Sequence[tuple[int, int]] = (),
    times: Sequence[tuple[int, int]] = (),
) -> list[Casualty]:
    """Casualty counts of a sentence (`words` as written, `keys` folded), left to right;
    `names`: the words [start, end) of each person's name in it; `times`: those of its time
    expressions, whose numbers are dates (`قتل في الـ8 من يوليو`), not counts."""
    kinds = [_casualty_word(key) for key in keys]
    quantities = [q for q in find_quantities(words) if not _inside_any(q, times)]
    counts = _Counts(quantities, words, keys, kinds, names)
    found = []
    for position, word in enumerate(kinds):
        if word is None:
            continue
        kind, table = word
        quantity = _count_for(table, position, counts)
        if quantity is not None:
            found.append(Casualty(kind, quantity, position))
    return found


def _inside_any(quantity: Quantity, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= quantity.start and quantity.end <= end for start, end in spans)


def _casualty_word(key: str) -> tuple[str, str] | None:
    """(kind, table) of a casualty word, None for any other word."""
    for kind in KINDS:
        for table in TABLES:
            if key in word_set("casualties", kind, table):
                return kind, table
    return None


class _Counts:
    """The sentence's counts in text order, each to be paired with one casualty word: its
    quantities, and the nouns of one person or two that no quantity counts (`40 عنصرا`)."""

    def __init__(
        self,
        quantities: list[Quantity],
        words: list[str],
        keys: list[str],
        kinds: list[tuple[str, str] | None],
        names: Sequence[tuple[int, int]] = (),
    ) -> None:
        people = _name_counts(quantities, names)
        nouns = [*_person_counts(quantities, keys), *people]
        self.noun_starts = {noun.start for noun in nouns}
        self.name_starts = {person.start for person in people}
        self.definite_nouns = {noun.start for noun in nouns if keys[noun.start].startswith(ARTICLE)}
        self.words = words
        self.quantities = sorted([*quantities, *nouns], key=lambda q: q.start)
        self.starts = [q.start for q in self.quantities]
        self.ends = [q.end for q in self.quantities]
        self.keys = keys
        self.kinds = kinds
        self.used: set[int] = set()

    def use(self, quantity: Quantity) -> None:
        self.used.add(quantity.start)

    def free(self, index: int, next_to: int | None) -> bool:
        """Quantity `index` is not taken, and if it is a noun count, it starts or ends at
        `next_to` (right after or right before the casualty word)."""
        start = self.starts[index]
        if start in self.used:
            return False
        if start in self.name_starts:  # a name before the word is its subject
            return next_to == start
        return start not in self.noun_starts or next_to in (start, self.ends[index])

    def noun_after(self, position: int) -> Quantity | None:
        """A free noun count within `noun_window` words after `position`, before any other
        quantity (`قتل المتمردون جنديين`: the subject comes between)."""
        window = event_context()["casualties"]["noun_window"]
        index = bisect.bisect_right(self.starts, position)
        if index == len(self.quantities) or self.starts[index] > position + window:
            return None
        start = self.starts[index]
        if start not in self.noun_starts or start in self.used or self.crosses(position, start):
            return None
        return self.quantities[index]

    def after(self, position: int, window: int) -> Quantity | None:
        """The first free quantity starting within `window` words after `position`, before
        the next casualty verb or noun; a definite noun right after gives way to a number
        after it (`قتل الجندي 3 مدنيين`: the soldier killed)."""
        index = bisect.bisect_right(self.starts, position)
        definite = None
        while index < len(self.quantities) and self.starts[index] <= position + window:
            start = self.starts[index]
            if self.crosses(position, start):
                break
            if self.counts_time(index) or not self.free(index, position + 1):
                index += 1
                continue
            if start in self.name_starts:
                if not self.number_right_after(index):
                    return self.quantities[index]
            elif start not in self.definite_nouns:
                return self.quantities[index]
            else:
                definite = definite or self.quantities[index]
            index += 1
        return definite

    def number_right_after(self, index: int) -> bool:
        """A count that is no time and no `و`-joined addition starts where quantity `index`
        ends (`قتل محمد 3 مدنيين`; not `مقتل محسن الفضلي وثلاثة من مرافقيه`)."""
        following = index + 1
        if following == len(self.quantities) or self.starts[following] != self.ends[index]:
            return False
        return not self.counts_time(following) and not self.opens_with_and(self.starts[following])

    def before(self, position: int, window: int) -> Quantity | None:
        """The last free quantity ending within `window` words before `position`."""
        index = bisect.bisect_right(self.ends, position) - 1
        while index >= 0 and self.ends[index] >= position - window:
            if self.free(index, position):
                return self.quantities[index]
            index -= 1
        return None

    def crosses(self, start: int, end: int) -> bool:
        """A casualty verb or noun lies between words `start` and `end` (both excluded)."""
        return any(
            word is not None and word[1] == "verbs_and_nouns"
            for word in self.kinds[start + 1 : end]
        )

    def joined(self, first: Quantity) -> Quantity:
        """`first` with the counts joined to it by `و`, added up."""
        settings = event_context()["casualties"]
        breaks = {word_key(word) for word in settings["list_breaks"]}
        total = first
        index = bisect.bisect_right(self.starts, first.start)
        while index < len(self.quantities):
            start = self.starts[index]
            between = [key.removeprefix(AND) for key in self.keys[total.end : start]]
            if start > total.end + settings["list_window"] or breaks & set(between):
                break
            if self.crosses(total.end - 1, start) or not self.free(index, start):
                break
            if not self.opens_with_and(start) or self.counts_a_noun(index):
                break
            if self.counts_time(index):  # `مقتل 5 أشخاص و 3 أيام من القصف`
                break
            self.use(self.quantities[index])
            total = _sum(total, self.quantities[index])
            index += 1
        return total

    def opens_with_and(self, start: int) -> bool:
        """The count at `start` follows `و` as a word (`و 3`) or carries it as a proclitic:
        the word without it is still a count (`وثلاثة`; `واحدة` only starts with the letter)."""
        if joined_by_and(self.keys, start):
            return True
        key = self.keys[start]
        return key.startswith(AND) and key.removeprefix(AND) in _noun_numbers()

    def counts_time(self, index: int) -> bool:
        """Quantity `index` counts days, months or years (`3 أيام`)."""
        end = self.ends[index]
        return end < len(self.words) and is_date_word(self.words[end])

    def counts_a_noun(self, index: int) -> bool:
        """A count noun follows quantity `index` closely: the count is its own (`مقتل شخصين
        وثلاثة جرحى`: the three are injured)."""
        window = event_context()["casualties"]["before_window"]
        end = self.ends[index]
        following = self.kinds[end : end + window]
        return any(word is not None and word[1] == "count_nouns" for word in following)


def _count_for(table: str, position: int, counts: _Counts) -> Quantity | None:
    settings = event_context()["casualties"]
    if table == "verbs_and_nouns":
        # `مقتل 40`; failing that a count before the verb: `ثلاثة أشخاص على الأقل قتلوا`
        after = counts.after(position, settings["after_window"]) or counts.noun_after(position)
        if after is not None:
            counts.use(after)
            return counts.joined(after)
        quantity = counts.before(position, settings["subject_window"])
    else:
        quantity = counts.before(position, settings["before_window"])
    if quantity is not None:
        counts.use(quantity)
    return quantity


def _sum(first: Quantity, second: Quantity) -> Quantity:
    def add(a: int | None, b: int | None) -> int | None:
        return None if a is None or b is None else a + b

    return Quantity(
        start=first.start,
        end=second.end,
        min=add(first.min, second.min),
        max=add(first.max, second.max),
        approximate=first.approximate or second.approximate,
    )


def _person_counts(quantities: list[Quantity], keys: list[str]) -> list[Quantity]:
    """A one-word count for each noun of one person or two that is not the counted noun of a
    quantity (`40 عنصرا`) nor inside one."""
    covered = {i for q in quantities for i in range(q.start, q.end + 1)}
    nouns = []
    for position, key in enumerate(keys):
        number = _noun_numbers().get(key.removeprefix(AND)) if position not in covered else None
        if number is not None:
            nouns.append(Quantity(position, position + 1, number, number, approximate=False))
    return nouns


def _name_counts(quantities: list[Quantity], names: Sequence[tuple[int, int]]) -> list[Quantity]:
    """A count of one for each person's name that no quantity overlaps."""
    covered = {i for q in quantities for i in range(q.start, q.end)}
    return [
        Quantity(start, end, 1, 1, approximate=False)
        for start, end in names
        if not covered & set(range(start, end))
    ]


@cache
def _noun_numbers() -> dict[str, int]:
    """Folded singular and dual forms of the person nouns → 1 or 2."""
    numbers: dict[str, int] = {}
    for noun in event_context()["casualties"]["person_nouns"]:
        singular, dual = singular_and_dual_forms(word_key(noun))
        for article in ("", ARTICLE):  # `قتل شرطي`, `مقتل الشرطي صالح`
            numbers.update({article + form: 1 for form in singular})
            numbers.update({article + form: 2 for form in dual})
    return numbers
