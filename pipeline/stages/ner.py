"""Stage `ner`: people, places, organisations and other names, as clean spans of the original.

Over the document's sentences and tokens (the `segment` stage's token layer, tokenised as the
models' training data): a trained recogniser (spaCy for `fast`, stanza for `accurate`)
tags them; the gazetteer layer adds known names where the model found nothing; names found
once are found again elsewhere in the article (`pipeline/ner/consistency.py`); span hygiene
drops descriptors, trailing adjectives of places and splits coordinations
(`pipeline/ner/hygiene.py`); then each span loses a proclitic on its first word (`بحمص` → `حمص`,
`للنظام` → `النظام`, the next name of a list its `و`: `الفوعة وكفريا`; see
`pipeline/ner/clitics.py`). An entity is a span of tokens; its offsets come from them.
Hashtags reach the models already unfolded by normalisation (`#بسمة_قضماني` → `بسمة قضماني`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.document import Document, Entity, TokenSpan
from pipeline.lang.ar.clitics import RESOURCE as MORPHOLOGY_RESOURCE
from pipeline.lang.ar.names import (
    DESCRIPTORS,
    LIST_COMMAS,
    NAME_MODIFIERS,
    PERSON_NAME_EDGES,
    PLACE_WORDS,
    SITE_WORDS,
)
from pipeline.ner import Mention
from pipeline.ner.clitics import ProcliticStripper
from pipeline.ner.consistency import with_layers
from pipeline.ner.gazetteer import Gazetteer
from pipeline.ner.hygiene import SpanHygiene
from pipeline.ner.recognisers import Recogniser, load_recogniser
from pipeline.paths import models_dir, stanza_dir
from pipeline.stages import Contract, resource_provenance

CONTRACT = Contract(requires=("normalized", "sentences", "tokens"), assigns=("entities",))


class NerStage:
    contract = CONTRACT
    name = "ner"

    def __init__(
        self,
        recogniser: Recogniser,
        gazetteer: Gazetteer | None,
        stripper: ProcliticStripper,
        consistency: bool = True,
        hygiene: bool = True,
    ) -> None:
        self.recogniser = recogniser
        self.gazetteer = gazetteer
        self.stripper = stripper
        self.consistency = consistency
        self.hygiene = SpanHygiene(stripper, gazetteer) if hygiene else None
        self.version = recogniser.version
        self.files: list[Path] = list(recogniser.files)

    def __call__(self, doc: Document) -> Document:
        return self.pipe([doc])[0]

    def pipe(self, docs: list[Document]) -> list[Document]:
        """Annotate `docs`; the recogniser sees the sentences of all of them in one batch."""
        words_of = [_sentence_words(doc) for doc in docs]
        found = self.recogniser.predict([words for words_list in words_of for words in words_list])
        position = 0
        for doc, words in zip(docs, words_of, strict=True):
            mentions = found[position : position + len(words)]
            position += len(words)
            self._annotate(doc, words, mentions)
        return docs

    def _annotate(self, doc: Document, words: list[list[str]], found: list[list[Mention]]) -> None:
        found = with_layers(words, found, self.gazetteer, self.consistency)
        if self.hygiene is not None:
            found = [self.hygiene.clean(w, m) for w, m in zip(words, found, strict=True)]
        doc.entities = []
        for sentence, mentions, sentence_words in zip(doc.sentences, found, words, strict=True):
            first = sentence.token_start or 0
            previous = None
            for mention in mentions:
                span = (first + mention.start, first + mention.end)
                listed = _listed_after(previous, mention, sentence_words)
                entity = self._entity(doc, span, mention, listed)
                if entity is not None:
                    doc.entities.append(entity)
                previous = mention

    def _entity(
        self, doc: Document, span: TokenSpan, mention: Mention, listed: bool = False
    ) -> Entity | None:
        first, last = doc.tokens[span[0]], doc.tokens[span[1] - 1]
        if not first.norm[0].isalpha():
            return None
        words = [token.norm for token in doc.tokens[span[0] : span[1]]]
        stripped = self.stripper.name_in_span(words, self._known_as(mention.label), listed)
        start, end = doc.token_offsets(span, trim_start=stripped.drop)
        normalized = stripped.name + doc.normalized.text[first.norm_end : last.norm_end]
        return Entity(
            id=f"e{len(doc.entities)}",
            label=mention.label,
            text=doc.text[start:end],
            start=start,
            end=end,
            sentence=first.sentence,
            normalized=normalized,
            canonical=None,
            cluster=None,
            score=mention.score,
            source=mention.source,
            token_span=span,
        )

    def _known_as(self, label: str) -> Callable[[tuple[str, ...]], bool] | None:
        """The gazetteer's test of a name of `label` (match-key words), if it is on."""
        if self.gazetteer is None:
            return None
        labels = self.gazetteer.labels
        return lambda key: labels.get(key) == label

    def provenance(self) -> list[dict[str, Any]]:
        entries = []
        for path in self.files:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            entries.append({"name": _model_name(path), "version": self.version, "sha256": digest})
        word_lists = (DESCRIPTORS, PERSON_NAME_EDGES, SITE_WORDS, NAME_MODIFIERS, PLACE_WORDS)
        return entries + resource_provenance(MORPHOLOGY_RESOURCE, *word_lists)


def _listed_after(previous: Mention | None, mention: Mention, words: list[str]) -> bool:
    """Whether `mention` comes right after a mention of its label, with at most commas
    between (`الفوعة وكفريا`, `حلب، وإدلب`): the next name of a list."""
    if previous is None or previous.label != mention.label or previous.end > mention.start:
        return False
    return all(word in LIST_COMMAS for word in words[previous.end : mention.start])


def _sentence_words(doc: Document) -> list[list[str]]:
    """The normalised tokens of each sentence: what the models tag."""
    return [[token.norm for token in doc.sentence_tokens(i)] for i in range(len(doc.sentences))]


def _model_name(path: Path) -> str:
    try:
        return path.resolve().relative_to(models_dir().resolve()).as_posix()
    except ValueError:
        return path.name


def create(options: dict[str, Any]) -> NerStage:
    models = models_dir()
    recogniser = load_recogniser(
        options.get("model", "spacy"),
        models,
        stanza_models=stanza_dir(options.get("stanza_dir")),
        stanza_ner_model=options.get("stanza_ner_model"),
        stanza_ner_pretrain=options.get("stanza_ner_pretrain"),
    )
    use_gazetteer = options.get("gazetteer", True)
    gazetteer = Gazetteer.from_file(models / "ner" / "gazetteer.tsv") if use_gazetteer else None
    stripper = ProcliticStripper.from_files(
        models / "ner" / "word_counts.tsv", models / "ner" / "name_words.txt"
    )
    consistency, hygiene = options.get("consistency", True), options.get("hygiene", True)
    return NerStage(recogniser, gazetteer, stripper, consistency, hygiene)
