"""The words of each sentence, as the event modules read them.

Words are the project's tokens (`pipeline/tokenization.py`) of the normalised text, each with
its folded form (`key`, for lexicon lookups) and its span in the original text, grouped by the
sentence that holds them. Entity and time mentions are attached to the words they cover, so a
module can ask "which entity is word 7 part of" without offsets arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.document import Document, Entity, TimeMention, Token
from pipeline.lang.ar.fold import key_of_normalised
from pipeline.tokenization import TOKEN


@dataclass(slots=True)
class Word:
    text: str  # normalised form
    key: str  # folded form (ة→ه), as lexicons are written
    start: int  # original offsets
    end: int
    entity: Entity | None = None


@dataclass(slots=True)
class SentenceWords:
    index: int
    start: int  # original offsets of the sentence
    end: int
    words: list[Word] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    # the parsed tokens of the sentence with their index in `Document.tokens` (heads point
    # there); empty where no parser ran
    parsed: list[tuple[int, Token]] = field(default_factory=list)
    _entity_spans: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def keys(self) -> list[str]:
        return [word.key for word in self.words]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of words [start, end)."""
        return self.words[start].start, self.words[end - 1].end

    def entity_words(self, entity: Entity) -> tuple[int, int]:
        """The words [start, end) an entity of this sentence covers (found once per entity)."""
        if entity.id not in self._entity_spans:
            covered = [i for i, word in enumerate(self.words) if _overlaps(word, entity)]
            self._entity_spans[entity.id] = (covered[0], covered[-1] + 1)
        return self._entity_spans[entity.id]


def sentence_words(doc: Document) -> list[SentenceWords]:
    """Every sentence of `doc` with its words, entities and times."""
    if doc.normalized is None:
        raise RuntimeError("the normalise stage has not run on this document")
    views = [
        SentenceWords(index, sentence.start, sentence.end)
        for index, sentence in enumerate(doc.sentences)
    ]
    current = 0  # tokens come in text order: walk the sentences alongside (no search per token)
    for match in TOKEN.finditer(doc.normalized.text):
        start, end = doc.original_span(match.start(), match.end())
        while current < len(views) and views[current].end <= start:
            current += 1
        if current < len(views) and views[current].start <= start:
            view = views[current]
            key = key_of_normalised(match.group())
            view.words.append(Word(match.group(), key, start, end))
    for entity in doc.entities:
        _attach_entity(views, doc, entity)
    if any(token.deprel for token in doc.tokens):
        for index, token in enumerate(doc.tokens):
            views[token.sentence].parsed.append((index, token))
    for time in doc.times:
        index = time.sentence if time.sentence is not None else doc.sentence_at(time.start)
        if index is not None:
            views[index].times.append(time)
    return views


def _attach_entity(views: list[SentenceWords], doc: Document, entity: Entity) -> None:
    index = entity.sentence if entity.sentence is not None else doc.sentence_at(entity.start)
    if index is None:
        return
    view = views[index]
    covered = [word for word in view.words if _overlaps(word, entity)]
    if not covered:
        return
    view.entities.append(entity)
    for word in covered:
        word.entity = entity


def _overlaps(word: Word, entity: Entity | TimeMention) -> bool:
    return word.start < entity.end and entity.start < word.end
