"""Story records: one line of `stories.jsonl` from a group of reports.

The story id comes from the story's founding member (its earliest report, by date, document and
event), so a story keeps its id when later articles join it. The best date is the most precise
one the texts give (the event's own date before an article's date), the most reported; the best
place the most specific of the members' places, with the members that agree with it; actors are
merged by key with the members that name them; casualty figures keep every report and their
range.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from typing import Any

from pipeline.codec import SCHEMA_VERSION
from pipeline.stories.grouping import Group
from pipeline.stories.reports import Report
from pipeline.stories.similarity import place_relation

GRANULARITY_RANK = {"day": 0, "month": 1, "year": 2}


def story_id(founder: Report) -> str:
    """`s-` and 16 hex digits of the founding member's document and event ids."""
    digest = hashlib.sha1(f"{founder.doc_id}\x1f{founder.event}".encode()).hexdigest()
    return f"s-{digest[:16]}"


def ref(report: Report) -> dict[str, str]:
    return {"doc_id": report.doc_id, "event": report.event}


def story_record(group: Group) -> dict[str, Any]:
    members = group.members
    types = Counter(report.type for report in members)
    return {
        "schema_version": SCHEMA_VERSION,
        "story": story_id(members[0]),
        "type": max(types, key=lambda t: (types[t], t == members[0].type)),
        "date": best_date(members),
        "place": best_place(members),
        "actors": merged_actors(members),
        "casualties": casualty_ranges(members),
        "documents": len(group.docs),
        "members": [
            member_row(report, score)
            for report, score in zip(members, [None, *group.scores], strict=True)
        ],
        "confidence": confidence(group),
    }


def member_row(report: Report, score: float | None) -> dict[str, Any]:
    return {
        **ref(report),
        "type": report.type,
        "subtype": report.subtype,
        "trigger": report.trigger,
        "date": report.date,
        "confidence": report.confidence,
        "score": round(score, 3) if score is not None else None,
    }


def best_date(members: list[Report]) -> dict[str, Any] | None:
    dated = [report for report in members if report.date is not None]
    if not dated:
        return None
    support = Counter(report.date for report in dated)

    def rank(report: Report) -> tuple:
        return (
            report.date_source != "event",
            GRANULARITY_RANK.get(report.granularity or "year", 3),
            -support[report.date],
            report.lo,
        )

    best = min(dated, key=rank)
    agreeing = [report for report in dated if report.date == best.date]
    return {
        "value": best.date,
        "granularity": best.granularity,
        "source": best.date_source,
        "earliest": _iso(min(report.lo for report in dated)),  # type: ignore[type-var]
        "latest": _iso(max(report.hi for report in dated)),  # type: ignore[type-var]
        "support": [ref(report) for report in agreeing],
    }


def _iso(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def best_place(members: list[Report]) -> dict[str, Any] | None:
    placed = [report for report in members if report.path is not None]
    if not placed:
        return None
    support = Counter(report.path for report in placed)
    best = max(
        placed,
        key=lambda r: (sum(level is not None for level in r.path or ()), support[r.path]),
    )
    agreeing = [r for r in placed if place_relation(r.path, best.path) in ("same", "containing")]
    place = {key: value for key, value in (best.place or {}).items() if key != "path"}
    return {**place, "support": [ref(report) for report in agreeing]}


def merged_actors(members: list[Report]) -> list[dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for report in members:
        for actor in report.actors:
            entry = merged.setdefault(
                actor.key,
                {
                    "key": actor.key,
                    "kb_id": actor.kb_id,
                    "name_en": actor.name_en,
                    "text": actor.text,
                    "category": actor.category,
                    "roles": [],
                    "support": [],
                },
            )
            if actor.role not in entry["roles"]:
                entry["roles"].append(actor.role)
            if ref(report) not in entry["support"]:
                entry["support"].append(ref(report))
    return sorted(merged.values(), key=lambda entry: -len(entry["support"]))


def casualty_ranges(members: list[Report]) -> dict[str, Any] | None:
    ranges = {kind: casualty_range(members, kind) for kind in ("killed", "injured")}
    return ranges if any(ranges.values()) else None


def casualty_range(members: list[Report], kind: str) -> dict[str, Any] | None:
    reports = []
    for report in members:
        count = (report.casualties or {}).get(kind)
        if count is not None:
            reports.append(
                {**ref(report), "min": count["min"], "max": count["max"], "text": count["text"]}
            )
    if not reports:
        return None
    lows = [r["min"] for r in reports if r["min"] is not None]
    figures = [value for r in reports for value in (r["min"], r["max"]) if value is not None]
    return {
        "min": min(lows) if lows else None,
        "max": max(figures) if figures else None,
        "reports": reports,
    }


def confidence(group: Group) -> float:
    """The surest member's confidence times the mean score its members joined with (1 for a
    story of one report)."""
    cohesion = sum(group.scores) / len(group.scores) if group.scores else 1.0
    return round(max(report.confidence for report in group.members) * cohesion, 3)
