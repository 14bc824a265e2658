"""People killed and injured in a sentence: a casualty word and the count that goes with it.

`مقتل 40 عنصرا وجرح أكثر من 50`: a verb or noun of killing or injuring takes the count after it
(`مقتل` + `40`, `جرح` + `أكثر من 50`); a count noun takes the count before it (`40 قتيلا`,
`العشرات من القتلى`). Counts are read by `pipeline/lang/ar/numbers.py`; the words are
listed in `resources/event_context.json`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from pipeline.events.wordsets import event_context, word_set
from pipeline.lang.ar.numbers import Quantity, find_quantities

KINDS = ("killed", "injured")


@dataclass(frozen=True, slots=True)
class Casualty:
    kind: str  # killed or injured
    quantity: Quantity
    word: int  # position of the casualty word


def find_casualties(words: list[str], keys: list[str]) -> list[Casualty]:
    """Casualty counts of a sentence (`words` as written, `keys` folded), left to right."""
    counts = _Counts(find_quantities(words))
    found = []
    for position, key in enumerate(keys):
        for kind in KINDS:
            quantity = _count_for(kind, key, position, counts)
            if quantity is not None:
                counts.use(quantity)
                found.append(Casualty(kind, quantity, position))
    return found


class _Counts:
    """The sentence's quantities in text order, each to be paired with one casualty word."""

    def __init__(self, quantities: list[Quantity]) -> None:
        self.quantities = quantities  # non-overlapping, left to right: starts and ends ascend
        self.starts = [q.start for q in quantities]
        self.ends = [q.end for q in quantities]
        self.used: set[int] = set()

    def use(self, quantity: Quantity) -> None:
        self.used.add(quantity.start)

    def after(self, position: int, window: int) -> Quantity | None:
        """The first free quantity starting within `window` words after `position`."""
        index = bisect.bisect_right(self.starts, position)
        while index < len(self.quantities) and self.starts[index] <= position + window:
            if self.starts[index] not in self.used:
                return self.quantities[index]
            index += 1
        return None

    def before(self, position: int, window: int) -> Quantity | None:
        """The last free quantity ending within `window` words before `position`."""
        index = bisect.bisect_right(self.ends, position) - 1
        while index >= 0 and self.ends[index] >= position - window:
            if self.starts[index] not in self.used:
                return self.quantities[index]
            index -= 1
        return None


def _count_for(kind: str, key: str, position: int, counts: _Counts) -> Quantity | None:
    settings = event_context()["casualties"]
    if key in word_set("casualties", kind, "verbs_and_nouns"):
        # `مقتل 40`; failing that a count before the verb: `ثلاثة أشخاص على الأقل قتلوا`
        after = counts.after(position, settings["after_window"])
        return after or counts.before(position, settings["subject_window"])
    if key in word_set("casualties", kind, "count_nouns"):
        return counts.before(position, settings["before_window"])
    return None
