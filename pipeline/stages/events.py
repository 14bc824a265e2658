"""Stage `events`: the events an article reports, with their arguments and evidence.

For each sentence: triggers (`pipeline/events/triggers.py`, through their inflected forms),
their modality (`modality.py`), actors, place and date (`arguments.py`), casualty counts
(`casualties.py`); mentions of one event are merged within the sentence
(`mentions.py`) and across the article (`records.py`). Each event carries its PLOVER and
ACLED codes (`resources/event_types.json`). Uses the entities, links and dates of earlier
stages where they ran, and the dependency parse where the parser ran.
"""

from __future__ import annotations

from typing import Any

from pipeline.document import Document
from pipeline.event_types import EVENT_TYPES_RESOURCE
from pipeline.events.mentions import EventMention, sentence_mentions
from pipeline.events.records import event_dict, merge_mentions
from pipeline.events.triggers import RESOURCE as TRIGGERS_RESOURCE
from pipeline.events.triggers import TriggerLexicon
from pipeline.events.words import sentence_words
from pipeline.events.wordsets import RESOURCE as CONTEXT_RESOURCE
from pipeline.stages import resource_provenance

NUMBERS_RESOURCE = "number_words.json"


class EventStage:
    name = "events"
    version = "rules-1"

    def __init__(self, lexicon: TriggerLexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Document) -> Document:
        mentions: list[EventMention] = []
        parsed = doc.tokens if any(token.deprel for token in doc.tokens) else None
        for sentence in sentence_words(doc):
            mentions.extend(sentence_mentions(sentence, self.lexicon, parsed))
        records = merge_mentions(mentions)
        doc.events = [event_dict(doc, record, n) for n, record in enumerate(records)]
        return doc

    def provenance(self) -> list[dict[str, Any]]:
        return resource_provenance(
            TRIGGERS_RESOURCE, CONTEXT_RESOURCE, NUMBERS_RESOURCE, EVENT_TYPES_RESOURCE
        )


def create(options: dict[str, Any]) -> EventStage:
    return EventStage(TriggerLexicon.packaged())
