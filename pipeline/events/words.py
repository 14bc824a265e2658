"""The words of each sentence, as the event modules read them.

Words are views of the document's token layer (`Document.tokens`): each with its normalised
form, its folded key (for lexicon lookups), its span in the original text and its index in the
token layer, grouped by the sentence that holds them. Entity and time mentions are attached to
the words their token spans cover, so a module can ask "which entity is word 7 part of" without
offsets arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.document import Document, Entity, TimeMention, Token


@dataclass(slots=True)
class Word:
    text: str  # normalised form
    key: str  # folded form (ة→ه), as lexicons are written
    start: int  # original offsets
    end: int
    token: int  # index in `Document.tokens`
    entity: Entity | None = None


@dataclass(slots=True)
class SentenceWords:
    index: int
    start: int  # original offsets of the sentence
    end: int
    first_token: int = 0  # index in `Document.tokens` of the sentence's first word
    words: list[Word] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    # the parsed tokens of the sentence with their index in `Document.tokens` (heads point
    # there); empty where no parser ran
    parsed: list[tuple[int, Token]] = field(default_factory=list)
    entity_spans: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def keys(self) -> list[str]:
        return [word.key for word in self.words]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of words [start, end)."""
        return self.words[start].start, self.words[end - 1].end

    def words_of(self, span: tuple[int, int]) -> tuple[int, int] | None:
        """The words [start, end) of this sentence within a token span, None if none are."""
        start = max(span[0] - self.first_token, 0)
        end = min(span[1] - self.first_token, len(self.words))
        return (start, end) if start < end else None

    def word_of_token(self, token: int) -> int:
        """The word of this sentence that is token `token` of `Document.tokens`."""
        return token - self.first_token

    def tokens(self, start: int, end: int) -> tuple[int, int]:
        """The token span (indices in `Document.tokens`) of words [start, end)."""
        return self.words[start].token, self.words[end - 1].token + 1

    def entity_words(self, entity: Entity) -> tuple[int, int]:
        """The words [start, end) of this sentence that an entity of it covers."""
        return self.entity_spans[entity.id]


def sentence_words(doc: Document) -> list[SentenceWords]:
    """Every sentence of `doc` with its words, entities and times."""
    views = []
    for index, sentence in enumerate(doc.sentences):
        first = sentence.token_start or 0
        view = SentenceWords(index, sentence.start, sentence.end, first)
        for position, token in enumerate(doc.sentence_tokens(index), start=first):
            view.words.append(Word(token.norm, token.key, token.start, token.end, position))
            if token.deprel:
                view.parsed.append((position, token))
        views.append(view)
    for entity in doc.entities:
        _attach_entity(views, doc, entity)
    for time in doc.times:
        views[_sentence_of(doc, time)].times.append(time)
    return views


def _sentence_of(doc: Document, mention: Entity | TimeMention) -> int:
    """The sentence of a mention's first token; a mention a stage made always has tokens."""
    if mention.token_span is None:
        raise RuntimeError(f"{mention.id} has no token span (not made by a stage)")
    return doc.tokens[mention.token_span[0]].sentence


def _attach_entity(views: list[SentenceWords], doc: Document, entity: Entity) -> None:
    view = views[_sentence_of(doc, entity)]
    words = view.words_of(entity.token_span)  # type: ignore[arg-type]
    if words is None:
        raise RuntimeError(f"entity {entity.id} lies outside its first token's sentence")
    start, end = words
    view.entities.append(entity)
    view.entity_spans[entity.id] = (start, end)
    for word in view.words[start:end]:
        word.entity = entity
