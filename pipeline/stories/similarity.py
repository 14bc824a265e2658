"""Whether two reports can be the same real-world event, and how alike they are.

`compatible(a, b)` is the hard test (different documents, types of one family, one modality
group, dates that overlap within their tolerance, places that are the same or contain each
other); `pair_score(a, b)` the weighted evidence in [0, 1] (type, date, place, actors, words of
the trigger sentences). Both read `resources/story_grouping.json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
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
    article_window: int
    country_only_conflicts: bool
    date_scores: dict[str, float]
    place_scores: dict[str, float]
    actor_scores: dict[str, float]
    type_scores: dict[str, float]
    exclusive_subtypes: frozenset[str]
    same_actor_types: frozenset[str]
    saturation: float
    weights: dict[str, float]
    threshold: float
    max_stories_per_key: int
    rarity: dict[str, float] | None = None  # word weights of the run (set by grouping)
    weights_of_reports: dict[tuple[str, str], float] = field(default_factory=dict)

    def family(self, event_type: str) -> str:
        return self.families.get(event_type, event_type)

    def with_changes(self, **changes: Any) -> GroupingRules:
        return GroupingRules(**{**self.__dict__, **changes})

    def days(self, report: Report) -> tuple[int, int]:
        """The days the event can be on: its date's days widened by the date's tolerance, or,
        for an article's date, the `article_window` days up to it."""
        lo, hi = report.lo or 0, report.hi or 0
        if report.date_source == "article":
            return lo - self.article_window + 1, hi
        slack = self.tolerance.get(report.granularity or "day", 0)
        return lo - slack, hi + slack

    @property
    def reach(self) -> int:
        """How many days after a report's last day another report's first day can still be
        the same event."""
        return max([*self.tolerance.values(), self.article_window]) * 2


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
        article_window=table["article_date_window_days"],
        country_only_conflicts=table["country_only_conflicts"],
        date_scores=table["date_scores"],
        place_scores=table["place_scores"],
        actor_scores=table["actor_scores"],
        type_scores=table["type_scores"],
        exclusive_subtypes=frozenset(table["exclusive_subtypes"]),
        same_actor_types=frozenset(table["same_actor_types"]),
        saturation=table["words"]["saturation"],
        weights=table["weights"],
        threshold=table["threshold"],
        max_stories_per_key=table["max_stories_per_key"],
    )


def compatible(a: Report, b: Report, rules: GroupingRules) -> bool:
    """Whether `a` and `b` may be one event: never two events of one document."""
    return (
        a.doc_id != b.doc_id
        and rules.family(a.type) == rules.family(b.type)
        and rules.modality_groups.get(a.modality) == rules.modality_groups.get(b.modality)
        and dates_agree(a, b, rules)
        and places_and_subtypes_agree(a, b, rules)
    )


def places_and_subtypes_agree(a: Report, b: Report, rules: GroupingRules) -> bool:
    """The part of `compatible` that grouping checks member by member (it keeps the rest,
    documents, family, modality and days, for a story as a whole)."""
    if a.type in rules.same_actor_types and not shared_actors(a, b):
        return False
    return not subtypes_exclude(a, b, rules) and (
        place_relation(a.path, b.path, rules.country_only_conflicts) != "conflict"
    )


def shared_actors(a: Report, b: Report) -> bool:
    return bool({x.key for x in a.actors} & {x.key for x in b.actors})


def dates_agree(a: Report, b: Report, rules: GroupingRules) -> bool:
    if a.lo is None or b.lo is None:
        return False
    (a_lo, a_hi), (b_lo, b_hi) = rules.days(a), rules.days(b)
    return a_lo <= b_hi and b_lo <= a_hi


def place_relation(a: tuple | None, b: tuple | None, country_only_conflicts: bool = True) -> str:
    """`same` (also one point, its areas known on one side only), `containing` (one is an
    admin area, or the country, of the other, as far as both are known), `sibling`
    (two points of one subdistrict), `unknown` (a side has no place, or, unless
    `country_only_conflicts`, only a country that is not the other's) or `conflict`."""
    if a is None or b is None:
        return "unknown"
    if a == b:
        return "same"
    if a[-1] is not None and a[-1] == b[-1]:  # one place, one side knowing more of its areas
        return "conflict" if _levels_differ(a, b) else "same"
    if _named_only(a) or _named_only(b):  # where it lies is unknown: nothing to compare
        return "unknown"
    if not country_only_conflicts and a[0] != b[0] and (_country_only(a) or _country_only(b)):
        return "unknown"
    for level, (x, y) in enumerate(zip(a, b, strict=True)):
        if x is not None and y is not None and x != y:
            return "sibling" if level == len(a) - 1 and a[:-1] == b[:-1] else "conflict"
    if _unplaced_in(a, b) or _unplaced_in(b, a):
        return "unknown"
    return "containing"


def _unplaced_in(point: tuple, area: tuple) -> bool:
    """A point whose areas are unknown at a level the area names (`سرمدا` known only in
    Syria, and the Quneitra governorate): whether it lies there is unknown."""
    if point[-1] is None:
        return False
    return any(p is None and q is not None for p, q in zip(point[:-1], area[:-1], strict=True))


def _levels_differ(a: tuple, b: tuple) -> bool:
    return any(x is not None and y is not None and x != y for x, y in zip(a, b, strict=True))


def _country_only(path: tuple) -> bool:
    return all(level is None for level in path[1:])


def _named_only(path: tuple) -> bool:
    """A place known by its name alone (no country or area): `reports.place_of`."""
    return all(level is None for level in path[:-1])


def pair_score(a: Report, b: Report, rules: GroupingRules) -> float:
    """The evidence that two compatible reports are one event, in [0, 1]."""
    parts = {
        "type": type_score(a, b, rules),
        "date": date_score(a, b, rules),
        "place": rules.place_scores[place_relation(a.path, b.path, rules.country_only_conflicts)],
        "actors": actor_score(a, b, rules),
        "words": word_score(a, b, rules),
    }
    total = sum(rules.weights.values())
    return sum(rules.weights[name] * value for name, value in parts.items()) / total


def evidence_keys(report: Report) -> tuple[set[tuple], set[tuple]]:
    """What a report shares with another when they have evidence in common: (the keys it is
    filed under, the keys it looks up). Content words and actor keys are both; a place below
    country level is filed under its area at every level it has (`within`) and under itself
    (`at`), and looks up itself among `within` (places inside it) and its areas among `at`
    (places that hold it). So two reports share a key exactly when `shares_evidence`."""
    own: set[tuple] = {("w", word) for word in report.words}
    own |= {("a", actor.key) for actor in report.actors}
    wanted = set(own)
    path = report.path
    if path is not None and not _country_only(path):
        levels = _levels(path)
        # a named-only place is its own level; otherwise the country holds too much to say
        own |= {("within", level) for level in (levels if _named_only(path) else levels[1:])}
        own.add(("at", levels[-1]))
        wanted.add(("within", levels[-1]))
        wanted |= {("at", level) for level in levels[1:]}
    return own, wanted


def _levels(path: tuple) -> list[tuple]:
    """The path cut after each level it names: country, governorate … the place."""
    return [path[: n + 1] for n, level in enumerate(path) if level is not None]


def shares_evidence(a: Report, b: Report) -> bool:
    """A content word, an actor or a place below country level (the same, or one holding the
    other) in common: two reports with nothing but type and date alike are not one event."""
    if a.words & b.words or shared_actors(a, b):
        return True
    if a.path is None or b.path is None or _country_only(a.path) or _country_only(b.path):
        return False
    return place_relation(a.path, b.path) in ("same", "containing")


def subtypes_exclude(a: Report, b: Report, rules: GroupingRules) -> bool:
    """Two known, different subtypes of which one is exclusive (an abduction is no air strike)."""
    if a.subtype is None or b.subtype is None or a.subtype == b.subtype:
        return False
    return a.subtype in rules.exclusive_subtypes or b.subtype in rules.exclusive_subtypes


def type_score(a: Report, b: Report, rules: GroupingRules) -> float:
    scores = rules.type_scores
    if a.type != b.type:
        return scores["compatible"]
    if a.subtype is None or b.subtype is None:
        return scores["same_type"]
    return scores["same_subtype" if a.subtype == b.subtype else "other_subtype"]


def date_score(a: Report, b: Report, rules: GroupingRules) -> float:
    scores = rules.date_scores
    if a.date_source == "article" or b.date_source == "article":
        return scores["article"]
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


def _weight_of(report: Report, rules: GroupingRules) -> float:
    """The rarity-weighted size of a report's words, computed once per report."""
    totals = rules.weights_of_reports
    total = totals.get(report.ref)
    if total is None:
        rarity = rules.rarity or {}
        total = totals[report.ref] = sum(rarity.get(w, 1.0) for w in report.words)
    return total


def word_score(a: Report, b: Report, rules: GroupingRules) -> float:
    """Shared content words over the smaller sentence's, saturating at `saturation`; with the
    run's `rarity`, each word counts by how rare it is (a word every event shares, little)."""
    if not a.words or not b.words:
        return 0.0
    if rules.rarity is not None:
        weight = rules.rarity
        shared = sum(weight.get(w, 1.0) for w in a.words & b.words)
        if not shared:
            return 0.0
        smaller = min(_weight_of(a, rules), _weight_of(b, rules))
        return min(1.0, shared / smaller / rules.saturation) if smaller else 0.0
    overlap = len(a.words & b.words) / min(len(a.words), len(b.words))
    return min(1.0, overlap / rules.saturation)
