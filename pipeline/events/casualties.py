"""People killed and injured in a sentence: a casualty word and the count that goes with it.

`مقتل 40 عنصرا وجرح أكثر من 50`: a verb or noun of killing or injuring takes the count after it
(`مقتل` + `40`, `جرح` + `أكثر من 50`); a count noun takes the count before it (`40 قتيلا`,
`العشرات من القتلى`). Counts are read by `pipeline/events/quantities.py`; the words are
listed in `resources/event_context.json`.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.events.quantities import Quantity, find_quantities
from pipeline.events.wordsets import event_context, word_set

KINDS = ("killed", "injured")


@dataclass(frozen=True, slots=True)
class Casualty:
    kind: str  # killed or injured
    quantity: Quantity
    word: int  # position of the casualty word


def find_casualties(words: list[str], keys: list[str]) -> list[Casualty]:
    """Casualty counts of a sentence (`words` as written, `keys` folded), left to right."""
    quantities = find_quantities(words)
    used: set[tuple[int, int]] = set()
    found = []
    for position, key in enumerate(keys):
        for kind in KINDS:
            quantity = _count_for(kind, key, position, quantities, used)
            if quantity is not None:
                used.add((quantity.start, quantity.end))
                found.append(Casualty(kind, quantity, position))
    return found


def _count_for(
    kind: str, key: str, position: int, quantities: list[Quantity], used: set[tuple[int, int]]
) -> Quantity | None:
    settings = event_context()["casualties"]
    free = [q for q in quantities if (q.start, q.end) not in used]
    if key in word_set("casualties", kind, "verbs_and_nouns"):
        # `مقتل 40`; failing that a count before the verb: `ثلاثة أشخاص على الأقل قتلوا`
        after = _after(position, free, settings["after_window"])
        return after or _before(position, free, settings["subject_window"])
    if key in word_set("casualties", kind, "count_nouns"):
        return _before(position, free, settings["before_window"])
    return None


def _after(position: int, quantities: list[Quantity], window: int) -> Quantity | None:
    following = [q for q in quantities if position < q.start <= position + window]
    return min(following, key=lambda q: q.start, default=None)


def _before(position: int, quantities: list[Quantity], window: int) -> Quantity | None:
    preceding = [q for q in quantities if position - window <= q.end <= position]
    return max(preceding, key=lambda q: q.end, default=None)
