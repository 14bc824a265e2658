"""The event-type registry: one spec per type, loaded from `resources/event_types.json`.

Each type's entry holds its Arabic name, description, PLOVER and ACLED mappings, subtypes, and
its `frame`: how the events stage treats it (directed or symmetric roles, the role of a
genitive after a noun trigger, whether it takes casualties, how its mentions merge across
sentences, whether a bare place can be its place, the reporting model's family). The
registry is checked when it is loaded: its types must be exactly the `type` enum of the
output schema, in the same order, and every frame field must hold a known value. Adding a
type is one entry there (and its trigger words in `resources/event_triggers.json`).

The events stage, the report, the training commands and the generated `docs/event_types.md`
all read the types from here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline import resources
from pipeline.contract import load_schema

EVENT_TYPES_RESOURCE = "event_types.json"
ROLE_FRAMES = ("directed", "symmetric")
GENITIVE_ROLES = ("agent", "target")
MERGE_POLICIES = ("same_place", "same_place_or_participants")
FRAME_FIELDS = (
    "roles",
    "genitive",
    "casualties",
    "merge",
    "bare_place",
    "by_force",
    "acts_in_one_sentence",
    "reporting_family",
)


class EventTypeError(ValueError):
    """`event_types.json` disagrees with the output schema or holds an unknown value."""


@dataclass(frozen=True, slots=True)
class EventTypeSpec:
    """One event type: what the contract says about it and how the events stage treats it."""

    name: str
    name_ar: str
    roles: str  # directed (agent, target) or symmetric (participants)
    genitive: str  # role of the actor right after a noun trigger
    casualties: bool  # killing words join it; casualty counts go to it
    merge: str  # what makes mentions in two sentences one event
    bare_place: bool  # a place named without a locative word can be its place
    by_force: bool  # its agents and participants act by force (a state named as one: its forces)
    acts_in_one_sentence: bool  # its mentions of one sentence are one event, whatever the subtypes
    reporting_family: str | None
    described: dict[str, Any]  # the entry as written (descriptions, mappings, subtypes)

    @property
    def symmetric(self) -> bool:
        return self.roles == "symmetric"

    @property
    def merges_by_participants(self) -> bool:
        return self.merge == "same_place_or_participants"

    def subtypes(self) -> dict[str, dict[str, Any]]:
        return self.described["subtypes"]

    def compatible_subtypes(self, first: str | None, second: str | None) -> bool:
        """Whether two subtypes can name one event: either unknown, the same, or one the
        `broader` kind of the other (a suicide bombing is a bombing)."""
        if first is None or second is None or first == second:
            return True
        subtypes = self.subtypes()
        return subtypes[first].get("broader") == second or subtypes[second].get("broader") == first

    def narrower_subtype(self, first: str | None, second: str | None) -> str | None:
        """Of two compatible subtypes, the more specific one (the known one, or the one whose
        `broader` kind the other is)."""
        if first is None or second is None:
            return first or second
        return second if self.subtypes()[second].get("broader") == first else first

    def genitive_role(self, subtype: str | None) -> str:
        """The role of a genitive after a noun trigger of this type and subtype."""
        return self.subtypes().get(subtype or "", {}).get("genitive", self.genitive)

    def mappings(self, subtype: str | None) -> dict[str, Any]:
        """`{"plover": …, "acled": …}`: the subtype's mapping where it has one, else the
        type's."""
        chosen = self.subtypes().get(subtype, self.described) if subtype else self.described
        return {"plover": chosen["plover"], "acled": chosen["acled"]}


@dataclass(frozen=True, slots=True)
class EventTypeRegistry:
    types: dict[str, EventTypeSpec]
    families: dict[str, dict[str, Any]]  # reporting families: description, gold standard

    def __getitem__(self, name: str) -> EventTypeSpec:
        return self.types[name]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.types.values())

    def family_types(self, family: str) -> tuple[str, ...]:
        """The types that the reporting model's `family` scores, in registry order."""
        return tuple(spec.name for spec in self if spec.reporting_family == family)


@cache
def load_event_types() -> dict[str, Any]:
    """The whole `event_types.json` document (cached; do not modify it)."""
    return json.loads(resources.read_text(EVENT_TYPES_RESOURCE))


@cache
def event_types() -> EventTypeRegistry:
    """The registry of `resources/event_types.json`, checked against the output schema
    (cached)."""
    return registry_from(load_event_types())


def registry_from(data: dict[str, Any]) -> EventTypeRegistry:
    """The registry of an `event_types.json` document; `EventTypeError` where it disagrees
    with the output schema or holds an unknown frame value."""
    families = data["reporting_families"]
    specs = {name: _spec(name, described, families) for name, described in data["types"].items()}
    _check_against_schema(list(specs))
    return EventTypeRegistry(specs, families)


def _spec(name: str, described: dict[str, Any], families: dict[str, Any]) -> EventTypeSpec:
    frame = described.get("frame")
    if not isinstance(frame, dict) or set(frame) != set(FRAME_FIELDS):
        raise EventTypeError(f"event type {name}: `frame` must have exactly {FRAME_FIELDS}")
    _check_value(name, "roles", frame["roles"], ROLE_FRAMES)
    _check_value(name, "genitive", frame["genitive"], GENITIVE_ROLES)
    _check_value(name, "merge", frame["merge"], MERGE_POLICIES)
    _check_value(name, "reporting_family", frame["reporting_family"], (None, *families))
    for subtype, sub in described["subtypes"].items():
        if "genitive" in sub:
            _check_value(f"{name}/{subtype}", "genitive", sub["genitive"], GENITIVE_ROLES)
        if "broader" in sub:
            kinds = tuple(described["subtypes"])
            _check_value(f"{name}/{subtype}", "broader", sub["broader"], kinds)
    return EventTypeSpec(
        name=name,
        name_ar=described["name_ar"],
        roles=frame["roles"],
        genitive=frame["genitive"],
        casualties=bool(frame["casualties"]),
        merge=frame["merge"],
        bare_place=bool(frame["bare_place"]),
        by_force=bool(frame["by_force"]),
        acts_in_one_sentence=bool(frame["acts_in_one_sentence"]),
        reporting_family=frame["reporting_family"],
        described=described,
    )


def _check_value(where: str, field: str, value: Any, allowed: tuple[Any, ...]) -> None:
    if value not in allowed:
        raise EventTypeError(f"event type {where}: {field} {value!r} is not one of {allowed}")


def _check_against_schema(names: list[str]) -> None:
    enum = load_schema("document")["$defs"]["event_open"]["properties"]["type"]["enum"]
    if names != enum:
        missing = [name for name in enum if name not in names]
        extra = [name for name in names if name not in enum]
        raise EventTypeError(
            f"{EVENT_TYPES_RESOURCE} must list the schema's event types in its order: "
            f"missing {missing}, not in the schema {extra}"
        )


def mappings(event_type: str, subtype: str | None) -> dict[str, Any]:
    """`{"plover": …, "acled": …}` for an event: the subtype's mapping where it has one,
    else the type's."""
    return event_types()[event_type].mappings(subtype)


def plover_label(plover: dict[str, Any] | None) -> str:
    """`ASSAULT (firearms)`, `CONSULT`, or `—` where PLOVER has no category."""
    if not plover:
        return "—"
    return plover["event_type"] + (f" ({plover['mode']})" if plover.get("mode") else "")


def acled_label(acled: dict[str, Any] | None) -> str:
    """`Battles / Armed clash`, or `—` where ACLED has no category."""
    if not acled:
        return "—"
    sub = acled.get("sub_event_type")
    return acled["event_type"] + (f" / {sub}" if sub else "")
