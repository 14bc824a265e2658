"""Stage `events`: the events an article reports, with their arguments and evidence.

For each sentence: triggers (`pipeline/events/triggers.py`, through their inflected forms),
their modality (`modality.py`), actors, place and date (`arguments.py`), casualty counts
(`casualties.py`); mentions of one event are merged within the sentence (`mentions.py`) and
across the article (`records.py`, by the merging model of `merging.py`,
`models/events/merging.json`, where it exists). Attacks, clashes and protests are scored by
the reporting model (`reporting.py`, `models/events/reporting.json`): does the sentence
report a specific event? The attachment model (`attachment.py`, `models/events/attachment.json`)
then decides which candidate of the sentence fills which role, the place, the date and the
counts of each mention (the rules' arguments above are its proposals); an event whose text
names no date carries the last day an earlier sentence names (option `context_date`),
else the article's date (option `article_date`), each flagged. Every mention is
then a candidate for the detection model (`detection.py`,
`models/events/detection.json`): only candidates it accepts are merged and written, with its
calibrated probability as `confidence`; option `min_confidence` moves the cut and
`keep_candidates` also writes the rejected ones, merged among themselves, with `accepted`
false. Each event carries its PLOVER and ACLED codes (`resources/event_types.json`). Uses the
entities, links and dates of earlier stages where they ran, and the parse where it ran.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pipeline.document import Document
from pipeline.event_types import EVENT_TYPES_RESOURCE
from pipeline.events.attachment import MODEL_FILE as ATTACHMENT_MODEL
from pipeline.events.attachment import RESOURCE as ATTACHMENT_RESOURCE
from pipeline.events.attachment import (
    AttachmentModel,
    attach_document,
    date_from_article,
    date_from_context,
)
from pipeline.events.detection import MODEL_FILE as DETECTION_MODEL
from pipeline.events.detection import RESOURCE as DETECTION_RESOURCE
from pipeline.events.detection import DetectionModel, decide, document_candidates
from pipeline.events.merging import MODEL_FILE as MERGING_MODEL
from pipeline.events.merging import PairModel
from pipeline.events.records import event_of, merge_mentions
from pipeline.events.reporting import ReportingModel
from pipeline.events.triggers import RESOURCE as TRIGGERS_RESOURCE
from pipeline.events.triggers import TriggerLexicon
from pipeline.events.wordsets import RESOURCE as CONTEXT_RESOURCE
from pipeline.lang.ar.clitics import RESOURCE as MORPHOLOGY_RESOURCE
from pipeline.lang.ar.numbers import RESOURCE as NUMBERS_RESOURCE
from pipeline.paths import models_dir
from pipeline.stages import Contract, DocumentStage, resource_provenance

REPORTING_MODEL = Path("events") / "reporting.json"


CONTRACT = Contract(
    requires=("normalized", "sentences", "tokens"),
    uses=("entities", "links", "times", "syntax"),
    assigns=("events",),
)


class EventStage(DocumentStage):
    contract = CONTRACT
    name = "events"
    version = "rules-17+reporting-1+detection-2+merging-7+attachment-15"

    def __init__(
        self,
        lexicon: TriggerLexicon,
        reporting: ReportingModel | None,
        detection: DetectionModel | None = None,
        min_confidence: float | None = None,
        keep_candidates: bool = False,
        merging: PairModel | None = None,
        attachment: AttachmentModel | None = None,
        article_date: bool = True,
        context_date: bool = True,
    ) -> None:
        self.lexicon = lexicon
        self.reporting = reporting
        self.detection = detection
        self.merging = merging
        self.min_confidence = min_confidence
        self.keep_candidates = keep_candidates
        self.attachment = attachment
        self.article_date = article_date
        self.context_date = context_date

    def __call__(self, doc: Document) -> Document:
        candidates = document_candidates(doc, self.lexicon, self.reporting)
        # after detection's features, which were trained on the rules' arguments
        attach_document([candidate.mention for candidate in candidates], self.attachment)
        accepted, rejected = decide(candidates, self.detection, self.min_confidence)
        rows = [(record, True) for record in merge_mentions(accepted, self.merging)]
        if self.keep_candidates:
            rows += [(record, False) for record in merge_mentions(rejected, self.merging)]
        rows.sort(key=lambda row: (row[0].first.sentence.index, row[0].first.hit.start))
        doc.events = [event_of(doc, record, n, ok) for n, (record, ok) in enumerate(rows)]
        if self.context_date:
            date_from_context(doc)
        if self.article_date:
            date_from_article(doc)
        return doc

    def provenance(self) -> list[dict[str, Any]]:
        files = resource_provenance(
            TRIGGERS_RESOURCE,
            CONTEXT_RESOURCE,
            NUMBERS_RESOURCE,
            EVENT_TYPES_RESOURCE,
            MORPHOLOGY_RESOURCE,
            DETECTION_RESOURCE,
            ATTACHMENT_RESOURCE,
        )
        models = (
            ("reporting", self.reporting),
            ("detection", self.detection),
            ("merging", self.merging),
            ("attachment", self.attachment),
        )
        for name, model in models:
            if model is not None and model.path is not None:
                digest = hashlib.sha256(model.path.read_bytes()).hexdigest()
                files.append({"name": f"events/{name}.json", "version": None, "sha256": digest})
        return files


def create(options: dict[str, Any]) -> EventStage:
    """Options: `reporting`, `detection`, `merging` and `attachment` = path of that model, or
    false for none (the defaults are `models/events/reporting.json`, `detection.json`,
    `merging.json` and `attachment.json` when they exist; without a merging model, rules merge;
    without an attachment model the rules' arguments stay); `article_date` = give an event
    whose text names no date the article's date, flagged (`time.source` "article_date";
    default true); `context_date` = give such an event, before that, the last day named in an
    earlier sentence (`time.source` "context"; default true);
    `min_confidence` = the cut instead of the detection model's threshold; `keep_candidates`
    = also write the rejected candidates, with `accepted` false."""
    reporting = _load(options.get("reporting", True), REPORTING_MODEL, ReportingModel)
    detection = _load(options.get("detection", True), DETECTION_MODEL, DetectionModel)
    merging = _load(options.get("merging", True), MERGING_MODEL, PairModel)
    attachment = _load(options.get("attachment", True), ATTACHMENT_MODEL, AttachmentModel)
    min_confidence = options.get("min_confidence")
    return EventStage(
        TriggerLexicon.packaged(),
        reporting,
        detection,
        None if min_confidence is None else float(min_confidence),
        bool(options.get("keep_candidates", False)),
        merging,
        attachment,
        bool(options.get("article_date", True)),
        bool(options.get("context_date", True)),
    )


def _load(choice: bool | str, default: Path, kind: Any) -> Any:
    """The model at the path `choice`, else at `models/<default>` when it exists, else None."""
    if not choice:
        return None
    path = Path(choice) if isinstance(choice, str) else models_dir() / default
    if path.exists():
        return kind.from_file(path)
    if isinstance(choice, str):
        raise FileNotFoundError(f"events model not found: {path}")
    return None
