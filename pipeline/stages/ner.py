"""Stage `ner`: people, places, organisations and other names, as clean spans of the original.

Over each line of the normalised text: the project's word tokens (`pipeline.tokenization`), cut
into sentences at `.`/`!`/`?`; a trained recogniser (spaCy for `fast`, stanza for `accurate`)
tags them; the gazetteer layer adds known names where the model found nothing; names found
once are found again elsewhere in the article (`pipeline/ner/consistency.py`); span hygiene
drops descriptors, trailing adjectives of places and splits coordinations
(`pipeline/ner/hygiene.py`); then each span
loses a proclitic on its first word (`بحمص` → `حمص`, `للنظام` → `النظام`, see
`pipeline/ner/clitics.py`) and is mapped back to the original text. Hashtags reach the models
already unfolded by normalisation (`#بسمة_قضماني` → `بسمة قضماني`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.document import Document, Entity
from pipeline.lang.ar.clitics import RESOURCE as MORPHOLOGY_RESOURCE
from pipeline.ner import Mention
from pipeline.ner.clitics import ProcliticStripper
from pipeline.ner.consistency import with_layers
from pipeline.ner.gazetteer import Gazetteer
from pipeline.ner.hygiene import SpanHygiene
from pipeline.ner.recognisers import Recogniser, load_recogniser
from pipeline.paths import models_dir, stanza_dir
from pipeline.stages import Contract, resource_provenance
from pipeline.tokenization import LINE, TOKEN

SENTENCE_END_TOKENS = frozenset({".", "!", "?", "…"})
MAX_SENTENCE_TOKENS = 120


@dataclass(frozen=True, slots=True)
class _Token:
    start: int  # offsets in the normalised text
    end: int
    text: str


CONTRACT = Contract(requires=("normalized",), uses=("sentences",), assigns=("entities",))


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
        for doc in docs:
            if doc.normalized is None:
                raise RuntimeError("ner needs the normalise stage to run first")
        sentences_of = [model_sentences(doc.normalized.text) for doc in docs]  # type: ignore[union-attr]
        words_of = [[[t.text for t in sentence] for sentence in s] for s in sentences_of]
        found = self.recogniser.predict([words for words_list in words_of for words in words_list])
        position = 0
        for doc, sentences, words in zip(docs, sentences_of, words_of, strict=True):
            mentions = found[position : position + len(words)]
            position += len(words)
            self._annotate(doc, sentences, words, mentions)
        return docs

    def _annotate(
        self,
        doc: Document,
        sentences: list[list[_Token]],
        words: list[list[str]],
        found: list[list[Mention]],
    ) -> None:
        found = with_layers(words, found, self.gazetteer, self.consistency)
        if self.hygiene is not None:
            found = [self.hygiene.clean(w, m) for w, m in zip(words, found, strict=True)]
        doc.entities = []
        for tokens, mentions in zip(sentences, found, strict=True):
            for mention in mentions:
                entity = self._entity(doc, tokens, mention)
                if entity is not None:
                    doc.entities.append(entity)

    def _entity(self, doc: Document, tokens: list[_Token], mention: Mention) -> Entity | None:
        first, last = tokens[mention.start], tokens[mention.end - 1]
        if not first.text[0].isalpha():
            return None
        stripped = self.stripper.name_in(first.text)
        start = first.start + stripped.drop
        normalized = stripped.name + doc.normalized.text[first.end : last.end]
        original_start, original_end = doc.original_span(start, last.end)
        return Entity(
            id=f"e{len(doc.entities)}",
            label=mention.label,
            text=doc.text[original_start:original_end],
            start=original_start,
            end=original_end,
            sentence=doc.sentence_at(original_start),
            normalized=normalized,
            canonical=None,
            cluster=None,
            score=mention.score,
            source=mention.source,
        )

    def provenance(self) -> list[dict[str, Any]]:
        entries = []
        for path in self.files:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            entries.append({"name": _model_name(path), "version": self.version, "sha256": digest})
        return entries + resource_provenance(MORPHOLOGY_RESOURCE)


def model_sentences(text: str) -> list[list[_Token]]:
    """Word tokens of each line, cut after sentence-final punctuation and at a maximum length."""
    sentences = []
    for line in LINE.finditer(text):
        current: list[_Token] = []
        for match in TOKEN.finditer(text, line.start(), line.end()):
            current.append(_Token(match.start(), match.end(), match.group(0)))
            if match.group(0) in SENTENCE_END_TOKENS or len(current) >= MAX_SENTENCE_TOKENS:
                sentences.append(current)
                current = []
        if current:
            sentences.append(current)
    return sentences


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
