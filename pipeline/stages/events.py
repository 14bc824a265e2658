"""Stage `events`: the events an article reports, with their arguments and evidence.

For each sentence: triggers (`pipeline/events/triggers.py`, through their inflected forms),
their modality (`modality.py`), actors, place and date (`arguments.py`), casualty counts
(`casualties.py`); mentions of one event are merged within the sentence (`mentions.py`) and
across the article (`records.py`). Attacks, clashes and protests are scored by the reporting
model (`reporting.py`, `models/events/reporting.json`): does the sentence report a specific
event? Each event carries its PLOVER and ACLED codes (`resources/event_types.json`). Uses the
entities, links and dates of earlier stages where they ran, and the parse where it ran.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pipeline.document import Document
from pipeline.event_types import EVENT_TYPES_RESOURCE
from pipeline.events.mentions import EventMention, document_mentions
from pipeline.events.records import event_of, merge_mentions
from pipeline.events.reporting import ReportingModel, family_of, sentence_features
from pipeline.events.triggers import RESOURCE as TRIGGERS_RESOURCE
from pipeline.events.triggers import TriggerLexicon
from pipeline.events.wordsets import RESOURCE as CONTEXT_RESOURCE
from pipeline.lang.ar.clitics import RESOURCE as MORPHOLOGY_RESOURCE
from pipeline.lang.ar.numbers import RESOURCE as NUMBERS_RESOURCE
from pipeline.paths import models_dir
from pipeline.stages import Contract, DocumentStage, resource_provenance

REPORTING_MODEL = Path("events") / "reporting.json"


CONTRACT = Contract(
    requires=("normalized", "sentences"),
    uses=("entities", "links", "times", "syntax"),
    assigns=("events",),
)


class EventStage(DocumentStage):
    contract = CONTRACT
    name = "events"
    version = "rules-1+reporting-1"

    def __init__(self, lexicon: TriggerLexicon, reporting: ReportingModel | None) -> None:
        self.lexicon = lexicon
        self.reporting = reporting

    def __call__(self, doc: Document) -> Document:
        mentions: list[EventMention] = []
        for sentence, found in document_mentions(doc, self.lexicon):
            if self.reporting is not None and found:
                self._score(sentence_features(sentence, found), found)
            mentions.extend(found)
        records = merge_mentions(mentions)
        doc.events = [event_of(doc, record, n) for n, record in enumerate(records)]
        return doc

    def _score(self, features: list[str], mentions: list[EventMention]) -> None:
        assert self.reporting is not None
        for mention in mentions:
            family = family_of(mention.type)
            if family is not None:
                mention.reported = self.reporting.probability(family, features)

    def provenance(self) -> list[dict[str, Any]]:
        files = resource_provenance(
            TRIGGERS_RESOURCE,
            CONTEXT_RESOURCE,
            NUMBERS_RESOURCE,
            EVENT_TYPES_RESOURCE,
            MORPHOLOGY_RESOURCE,
        )
        if self.reporting is not None and self.reporting.path is not None:
            digest = hashlib.sha256(self.reporting.path.read_bytes()).hexdigest()
            files.append({"name": "events/reporting.json", "version": None, "sha256": digest})
        return files


def create(options: dict[str, Any]) -> EventStage:
    """Options: `reporting` = path of a reporting model, or false for none (the default is
    `models/events/reporting.json` when it exists)."""
    choice = options.get("reporting", True)
    reporting = None
    if choice:
        path = Path(choice) if isinstance(choice, str) else models_dir() / REPORTING_MODEL
        if path.exists():
            reporting = ReportingModel.from_file(path)
        elif isinstance(choice, str):
            raise FileNotFoundError(f"reporting model not found: {path}")
    return EventStage(TriggerLexicon.packaged(), reporting)
