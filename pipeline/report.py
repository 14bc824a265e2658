"""A self-contained HTML report of a run's output: `python -m pipeline report OUT -o report.html`.

The page has no scripts and loads nothing: the CSS is inlined and every link is an in-page
anchor. It shows an index of the documents and the errors, each document's text right to left
with its entity mentions highlighted by label and its events as a table whose rows link to their
evidence in the text, a summary of events by type and by place, the stories reported by more
than one document (stories.jsonl) with their reports side by side, and the run manifest.

Everything that comes from the data goes through Jinja's autoescaping, and bidirectional
control characters (U+202A–U+202E, U+2066–U+2069), which could reorder the page around them,
are shown as visible `[U+202E]` markers instead. The text is cut into highlighted pieces by
offsets into the original `text` before any of that, so offsets stay exact.
"""

from __future__ import annotations

import heapq
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from pipeline import resources
from pipeline.codec import UnreadableOutput, read_rows
from pipeline.event_types import acled_label, load_event_types, plover_label
from pipeline.stories.step import STORIES
from pipeline.write import DOCUMENTS, ERRORS, MANIFEST

TEMPLATE_RESOURCE = "report.html.j2"
TEXT_TEMPLATE_RESOURCE = "report_text.html.j2"
STYLESHEET_RESOURCE = "report.css"
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Nesting order of highlights that cover the same text: evidence outside, triggers inside.
LAYER_RANK = {"evidence": 0, "entity": 1, "trigger": 2}


class ReportError(Exception):
    """The output folder cannot be reported on (missing or unreadable files)."""


@dataclass(frozen=True)
class RunOutput:
    """What a run wrote: document records, error records and the manifest (if any)."""

    documents: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    manifest: dict[str, Any] | None
    stories: list[dict[str, Any]] = field(default_factory=list)


def load_output(out_dir: Path) -> RunOutput:
    """Read documents.jsonl, errors.jsonl and run.json of a run's output folder."""
    documents_path = out_dir / DOCUMENTS
    if not documents_path.is_file():
        raise ReportError(f"{documents_path} not found: is {out_dir} the output of a run?")
    errors_path = out_dir / ERRORS
    manifest_path = out_dir / MANIFEST
    stories_path = out_dir / STORIES
    try:
        documents = list(read_rows(documents_path))
        errors = list(read_rows(errors_path)) if errors_path.is_file() else []
        stories = list(read_rows(stories_path)) if stories_path.is_file() else []
    except UnreadableOutput as error:
        raise ReportError(str(error)) from error
    manifest = _read_json(manifest_path) if manifest_path.is_file() else None
    return RunOutput(documents=documents, errors=errors, manifest=manifest, stories=stories)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ReportError(f"{path}: not JSON ({error})") from error


def write_report(out_dir: Path, target: Path) -> RunOutput:
    """Render the report of `out_dir` into the HTML file `target`; returns what was reported."""
    output = load_output(out_dir)
    title = f"Arabic news extraction report: {out_dir.resolve().name}"
    target.write_text(render_report(output, title=title), encoding="utf-8")
    return output


def render_report(output: RunOutput, title: str = "Arabic news extraction report") -> str:
    """The report page of `output`, as one HTML string."""
    documents = [document_view(i, record) for i, record in enumerate(output.documents, 1)]
    type_names = {name: typ["name_ar"] for name, typ in load_event_types()["types"].items()}
    template = _environment().get_template(TEMPLATE_RESOURCE)
    return template.render(
        title=title,
        stylesheet=Markup(resources.read_text(STYLESHEET_RESOURCE)),
        documents=documents,
        errors=output.errors,
        summary=summary_view(output),
        stories=story_views(output.stories, documents),
        manifest=output.manifest,
        event_type_names=type_names,
    )


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(resources.read_text),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=visible_controls,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_highlighted_text(text: str, highlights: Iterable[Highlight]) -> Markup:
    """The HTML of `text` with `highlights` marked up, as it appears in a document's section."""
    module = _environment().get_template(TEXT_TEMPLATE_RESOURCE).module
    return module.render_pieces(highlight_text(text, highlights))


def visible_controls(value: Any) -> Any:
    """Data strings with their bidi controls replaced by visible `[U+202E]` markers."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return BIDI_CONTROLS.sub(lambda match: f"[U+{ord(match.group()):04X}]", value)
    return value


# --- highlighting ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Highlight:
    """A span of the text to mark up: an entity mention, an event trigger or an evidence span."""

    start: int
    end: int
    layer: str
    css_class: str
    title: str = ""
    element_id: str | None = None
    label: str | None = None
    mention: str | None = None


@dataclass
class Piece:
    """A node of the highlighted text: plain text, or a highlight holding further pieces."""

    start: int
    end: int
    highlight: Highlight | None = None
    text: str = ""
    children: list[Piece] = field(default_factory=list)


def highlight_text(text: str, highlights: Iterable[Highlight]) -> list[Piece]:
    """Cut `text` into properly nested pieces. A highlight that crosses the end of one it starts
    inside is split in two; only its first fragment keeps its element id."""
    root = Piece(0, len(text))
    queue = [_queued(h, text, order) for order, h in enumerate(highlights)]
    heapq.heapify(queue)
    open_pieces = [root]
    while queue:
        start, _, _, order, highlight = heapq.heappop(queue)
        end = highlight.end
        while len(open_pieces) > 1 and open_pieces[-1].end <= start:
            open_pieces.pop()
        parent = open_pieces[-1]
        if end > parent.end:
            rest = replace(highlight, start=parent.end, element_id=None)
            heapq.heappush(queue, (parent.end, -end, LAYER_RANK[rest.layer], order, rest))
            end = parent.end
        piece = Piece(start, end, highlight=replace(highlight, end=end))
        parent.children.append(piece)
        open_pieces.append(piece)
    _fill_text(root, text)
    return root.children


def _queued(highlight: Highlight, text: str, order: int) -> tuple:
    start = max(0, min(highlight.start, len(text)))
    end = max(start, min(highlight.end, len(text)))
    return (
        start,
        -end,
        LAYER_RANK[highlight.layer],
        order,
        replace(highlight, start=start, end=end),
    )


def _fill_text(piece: Piece, text: str) -> None:
    """Insert plain-text pieces into the gaps between a piece's highlighted children."""
    filled: list[Piece] = []
    position = piece.start
    for child in piece.children:
        if child.start > position:
            filled.append(Piece(position, child.start, text=text[position : child.start]))
        _fill_text(child, text)
        filled.append(child)
        position = child.end
    if position < piece.end:
        filled.append(Piece(position, piece.end, text=text[position : piece.end]))
    piece.children = filled


def document_highlights(prefix: str, record: dict[str, Any]) -> list[Highlight]:
    """The entity, trigger and evidence highlights of a document record."""
    highlights = [_entity_highlight(entity) for entity in record["entities"]]
    for number, event in enumerate(record["events"], start=1):
        evidence_title = f"evidence of event {number} ({event['type']})"
        trigger_title = f"trigger of event {number}: {_type_text(event)}"
        evidence_id = f"{prefix}-event-{number}-evidence"
        evidence = _span_highlight(event["evidence"], "evidence", evidence_title, evidence_id)
        highlights.append(evidence)
        highlights.append(_span_highlight(event["trigger"], "trigger", trigger_title))
    return highlights


def _span_highlight(
    span: dict[str, Any], kind: str, title: str, element_id: str | None = None
) -> Highlight:
    return Highlight(span["start"], span["end"], kind, kind, title=title, element_id=element_id)


def _entity_highlight(entity: dict[str, Any]) -> Highlight:
    return Highlight(
        entity["start"],
        entity["end"],
        "entity",
        f"entity entity-{entity['label']}",
        title=entity_title(entity),
        label=entity["label"],
        mention=entity["id"],
    )


def entity_title(entity: dict[str, Any]) -> str:
    """Hover text of a mention: label, canonical English name and knowledge-base ids."""
    parts = [entity["label"]]
    canonical = entity.get("canonical") or {}
    if canonical.get("name_en"):
        parts.append(canonical["name_en"])
    if canonical.get("kb_id"):
        parts.append(f"KB {canonical['kb_id']}")
    if canonical.get("wikidata"):
        parts.append(f"Wikidata {canonical['wikidata']}")
    return " · ".join(parts)


# --- views -------------------------------------------------------------------------------------


def document_view(number: int, record: dict[str, Any]) -> dict[str, Any]:
    """What the template shows of one document record."""
    prefix = f"doc-{number}"
    return {
        "anchor": prefix,
        "number": number,
        "record": record,
        "title": record.get("title") or record["doc_id"],
        "pieces": highlight_text(record["text"], document_highlights(prefix, record)),
        "events": [event_row(prefix, n, event) for n, event in enumerate(record["events"], 1)],
        "entity_labels": Counter(entity["label"] for entity in record["entities"]),
    }


def event_row(prefix: str, number: int, event: dict[str, Any]) -> dict[str, Any]:
    """One row of a document's events table."""
    return {
        "anchor": f"{prefix}-event-{number}",
        "evidence_anchor": f"{prefix}-event-{number}-evidence",
        "type": event["type"],
        "subtype": event["subtype"],
        "modality": event["modality"],
        "mapping": f"PLOVER {plover_label(event['plover'])} · ACLED {acled_label(event['acled'])}",
        "trigger": event["trigger"]["text"],
        "actors": [_actor_text(actor) for actor in event["actors"]],
        "place": place_name(event["location"]),
        "date": _time_text(event["time"]),
        "casualties": casualties_text(event["casualties"]),
        "confidence": f"{event['confidence']:.2f}",
    }


def _type_text(event: dict[str, Any]) -> str:
    return event["type"] + (f" / {event['subtype']}" if event["subtype"] else "")


def _actor_text(actor: dict[str, Any]) -> str:
    name = f" ({actor['name_en']})" if actor.get("name_en") else ""
    category = f" [{actor['category']}]" if actor.get("category") else ""
    return f"{actor['role']}: {actor['text']}{name}{category}"


def place_name(location: dict[str, Any] | None) -> str:
    """`Homs (حمص), SY`: the place's English name with its text, or the text alone.

    A Syrian place adds its governorate unless it is one: `Talbiseh (تلبيسة), Homs, SY`.
    """
    if not location:
        return ""
    name = location["text"]
    if location.get("name_en") and location["name_en"] != location["text"]:
        name = f"{location['name_en']} ({location['text']})"
    admin1 = location.get("admin1")
    if admin1 and not (location.get("name_en") or "").startswith(admin1):
        name = f"{name}, {admin1}"
    return f"{name}, {location['country']}" if location.get("country") else name


def _time_text(time: dict[str, Any] | None) -> str:
    if not time:
        return ""
    if time.get("value"):
        return f"{time['value']} ({time['text']})"
    return time["text"]


def casualties_text(casualties: dict[str, Any] | None) -> str:
    """`killed 12–15 · injured 30 (أكثر من 30)` from the casualty counts of an event."""
    if not casualties:
        return ""
    parts = []
    for kind in ("killed", "injured"):
        count = casualties.get(kind)
        if count:
            parts.append(f"{kind} {_count_text(count)}")
    return " · ".join(parts)


def _count_text(count: dict[str, Any]) -> str:
    low, high = count.get("min"), count.get("max")
    if low is None and high is None:
        return count["text"]
    number = str(low) if high in (None, low) else f"{low if low is not None else '?'}–{high}"
    return f"{number} ({count['text']})" if count["text"] and count["text"] != number else number


def story_views(stories: list[dict[str, Any]], documents: list[dict[str, Any]]) -> list[dict]:
    """The stories reported by more than one document, each with its reports side by side
    (each linked to its event row in its document's section), most documents first."""
    where = {}
    for doc in documents:
        for n, event in enumerate(doc["record"]["events"]):
            where[(doc["record"]["doc_id"], event["id"])] = (doc, event, doc["events"][n])
    views = []
    for story in stories:
        if story["documents"] < 2:
            continue
        reports = [
            where[key] for m in story["members"] if (key := (m["doc_id"], m["event"])) in where
        ]
        views.append(
            {
                "id": story["story"],
                "type": story["type"],
                "date": (story["date"] or {}).get("value"),
                "place": (story["place"] or {}).get("name_en")
                or (story["place"] or {}).get("text"),
                "casualties": story_casualties(story["casualties"]),
                "confidence": f"{story['confidence']:.2f}",
                "reports": [
                    {
                        "title": doc["title"],
                        "anchor": doc["anchor"],
                        "date": doc["record"]["date"],
                        "event_anchor": row["anchor"],
                        "trigger": event["trigger"]["text"],
                        "evidence": event["evidence"]["text"],
                    }
                    for doc, event, row in reports
                ],
            }
        )
    return sorted(views, key=lambda view: -len(view["reports"]))


def story_casualties(casualties: dict[str, Any] | None) -> str:
    """`killed 27–32 (3 reports)`: the range of each figure across the reports."""
    if not casualties:
        return ""
    parts = []
    for kind in ("killed", "injured"):
        figure = casualties[kind]
        if figure:
            low, high = figure["min"], figure["max"]
            number = (
                str(low) if high in (None, low) else f"{low if low is not None else '?'}–{high}"
            )
            parts.append(f"{kind} {number} ({len(figure['reports'])} reports)")
    return ", ".join(parts)


def summary_view(output: RunOutput) -> dict[str, Any]:
    """Counts over the whole output: events by type and by place, entities by label."""
    events = [event for record in output.documents for event in record["events"]]
    entities = [entity for record in output.documents for entity in record["entities"]]
    return {
        "documents": len(output.documents),
        "errors": len(output.errors),
        "events": len(events),
        "entities": len(entities),
        "events_by_type": Counter(event["type"] for event in events).most_common(),
        "events_by_place": Counter(
            place_name(event["location"]) or "(no place)" for event in events
        ).most_common(),
        "entities_by_label": Counter(entity["label"] for entity in entities).most_common(),
        "errors_by_reason": Counter(error["reason"] for error in output.errors).most_common(),
    }
