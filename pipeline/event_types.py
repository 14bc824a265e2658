"""The event types of the output contract and their PLOVER and ACLED mappings.

The data lives in `resources/event_types.json`; the events stage, the report and the generated
`docs/event_types.md` all read it from there.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from pipeline import resources

EVENT_TYPES_RESOURCE = "event_types.json"


@cache
def load_event_types() -> dict[str, Any]:
    """The whole `event_types.json` document (cached; do not modify it)."""
    return json.loads(resources.read_text(EVENT_TYPES_RESOURCE))


def mappings(event_type: str, subtype: str | None) -> dict[str, Any]:
    """`{"plover": …, "acled": …}` for an event: the subtype's mapping where it has one,
    else the type's."""
    described = load_event_types()["types"][event_type]
    chosen = described["subtypes"].get(subtype, described) if subtype else described
    return {"plover": chosen["plover"], "acled": chosen["acled"]}


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
