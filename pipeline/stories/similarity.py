"""Whether two reports can be the same real-world event, and how alike they are.

`compatible(a, b)` is the hard test (different documents, types of one family, one modality
group, dates that overlap within their tolerance, places that are the same or contain each
other); `pair_score(a, b)` the weighted evidence in [0, 1] (type, date, place, actors, words of
the trigger sentences). Both read `resources/story_grouping.json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline import resources
from pipeline.stories.reports import Report

RESOURCE = "story_grouping.json"


@dataclass(frozen=True)
class GroupingRules:
    """The parsed `story_grouping.json` (weights and threshold may be overridden for tuning)."""

    families: dict[str, str]
    modality_groups: dict[str, str]
    tolerance: dict[str, int]
    article_tolerance: int
    date_scores: dict[str, float]
    place_scores: dict[str, float]
    actor_scores: dict[str, float]
    type_scores: dict[str, float]
    saturation: float
    weights: dict[str, float]
    threshold: float

    def family(self, event_type: str) -> str:
        return self.families.get(event_type, event_type)

    def with_changes(self, **changes: Any) -> GroupingRules:
        return GroupingRules(**{**self.__dict__, **changes})

    def tolerance_of(self, report: Report) -> int:
        if report.date_source == "article":
            return self.article_tolerance
        return self.tolerance.get(report.granularity or "day", 0)


@cache
def default_rules() -> GroupingRules:
    return rules_from(json.loads(resources.read_text(RESOURCE)))


def rules_from(table: dict[str, Any]) -> GroupingRules:
    families = {}
    for group in table["compatible_types"]:
        for event_type in group:
            families[event_type] = "+".join(sorted(group))
    return GroupingRules(
        families=families,
        modality_groups=table["modality_groups"],
        tolerance=table["date_tolerance_days"],
        article_tolerance=table["article_date_tolerance_days"],
        date_scores=table["date_scores"],
        place_scores=table["place_scores"],
        actor_scores=table["actor_scores"],
        type_scores=table["type_scores"],
        saturation=table["words"]["saturation"],
        weights=table["weights"],
        threshold=table["threshold"],
    )


def compatible(a: Report, b: Report, rules: GroupingRules) -> bool:
    """Whether `a` and `b` may be one event: never two events of one document."""
    return (
        a.doc_id != b.doc_id
        and rules.family(a.type) == rules.family(b.type)
        and rules.modality_groups.get(a.modality) == rules.modality_groups.get(b.modality)
        and dates_agree(a, b, rules)
        and place_relation(a.path, b.path) != "conflict"
    )


def dates_agree(a: Report, b: Report, rules: GroupingRules) -> bool:
    if a.lo is None or b.lo is None:
        return False
    slack = max(rules.tolerance_of(a), rules.tolerance_of(b))
    return a.lo - slack <= b.hi and b.lo - slack <= a.hi  # type: ignore[operator]


def place_relation(a: tuple | None, b: tuple | None) -> str:
    """`same`, `containing` (one is an admin area, or the country, of the other), `sibling`
    (two points of one subdistrict), `unknown` (a side has no place) or `conflict`."""
    if a is None or b is None:
        return "unknown"
    if a == b:
        return "same"
    for level, (x, y) in enumerate(zip(a, b, strict=True)):
        if x is not None and y is not None and x != y:
            return "sibling" if level == len(a) - 1 and a[:-1] == b[:-1] else "conflict"
    return "containing"


def pair_score(a: Report, b: Report, rules: GroupingRules) -> float:
    """The evidence that two compatible reports are one event, in [0, 1]."""
    parts = {
        "type": rules.type_scores["same" if a.type == b.type else "compatible"],
        "date": date_score(a, b, rules),
        "place": rules.place_scores[place_relation(a.path, b.path)],
        "actors": actor_score(a, b, rules),
        "words": word_score(a, b, rules),
    }
    total = sum(rules.weights.values())
    return sum(rules.weights[name] * value for name, value in parts.items()) / total


def date_score(a: Report, b: Report, rules: GroupingRules) -> float:
    scores = rules.date_scores
    if a.granularity == "year" or b.granularity == "year":
        return scores["year"]
    if a.granularity == "month" or b.granularity == "month":
        return scores["month"]
    apart = abs((a.lo or 0) - (b.lo or 0))
    return max(0.0, scores["same_day"] - scores["per_day_apart"] * apart)


def actor_score(a: Report, b: Report, rules: GroupingRules) -> float:
    if not a.actors or not b.actors:
        return rules.actor_scores["unknown"]
    keys_a = {actor.key for actor in a.actors}
    keys_b = {actor.key for actor in b.actors}
    shared = len(keys_a & keys_b) / len(keys_a | keys_b)
    if shared:
        return min(1.0, 0.5 + shared)
    categories_a = {actor.category for actor in a.actors} - {"other"}
    categories_b = {actor.category for actor in b.actors} - {"other"}
    if categories_a & categories_b:
        return rules.actor_scores["category_share"]
    return 0.0


def word_score(a: Report, b: Report, rules: GroupingRules) -> float:
    """Shared content words over the smaller sentence's, saturating at `saturation`."""
    if not a.words or not b.words:
        return 0.0
    overlap = len(a.words & b.words) / min(len(a.words), len(b.words))
    return min(1.0, overlap / rules.saturation)
