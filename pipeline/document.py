"""The document model that every stage reads and annotates.

A `Document` keeps the article's original text exactly as read. Stages add layers, always with
`[start, end)` offsets into that original text:

- `normalized`: the normalised text with its offset map (stage `normalise`);
- `tokens`, the one token layer, and `sentences` as ranges of it (stage `segment`, in every
  profile that reads tokens); the `syntax` stage adds part of speech, lemma and dependency head
  to those same tokens, and the sub-words of a token its models split (clitics, as stanza's
  Token/Word);
- `entities` (NER, then linking, with a typed `KbLink`), `times` (dates) and `events` (the event
  stage: typed `Event`s with their `Role`s, `Place`, `EventTime`, `Casualties` and mentions).
  Each is a span of tokens (`token_span`); its character offsets into the original text and its
  text are derived from the tokens once, when it is made (`Document.token_offsets`).

Layers live in `Document.layers` by name; `pipeline.codec` turns them into the output contract.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, overload

from pipeline.alignment import AlignedText

T = TypeVar("T")


class DocumentRejected(Exception):
    """A stage refuses a document (not Arabic, too long …): it goes to errors.jsonl."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(slots=True)
class SourceInfo:
    """Where a document came from: its file, the sha256 of its raw bytes, their encoding."""

    path: str
    sha256: str
    encoding: str
    line: int | None = None


# Tokens [first, end) of `Document.tokens`: the span an annotation covers.
TokenSpan = tuple[int, int]


@dataclass(slots=True)
class Sentence:
    """A sentence: tokens [token_start, token_end) of `Document.tokens`, and the original
    offsets from its first token's start to its last token's end. A sentence read back from
    output records (`pipeline.codec`) has its offsets only."""

    start: int
    end: int
    token_start: int | None = None
    token_end: int | None = None


@dataclass(slots=True)
class SubWord:
    """A syntactic word of a token that the syntax stage's models split (`وبحمص` → `و`, `ب`,
    `حمص`), with its own analysis; `head` is the index of the token holding its head word."""

    text: str
    upos: str | None
    lemma: str | None
    head: int | None
    deprel: str | None


@dataclass(slots=True)
class Token:
    """A token of the original text: its original offsets and text, its span and form in the
    normalised text, and its folded key (`pipeline.lang.ar.fold`), computed once.

    `upos`, `lemma`, `head` (index in `Document.tokens`, None for the root) and `deprel` are the
    syntax stage's analysis of the token (of its head word where the token was split; `words`
    then holds every sub-word).
    """

    start: int
    end: int
    text: str
    norm: str
    sentence: int
    key: str
    norm_start: int
    norm_end: int
    upos: str | None = None
    lemma: str | None = None
    head: int | None = None
    deprel: str | None = None
    words: tuple[SubWord, ...] = ()


@dataclass(slots=True)
class KbLink:
    """What a mention's cluster is linked to: a knowledge-base entry, or, for a name the
    knowledge base does not hold, its English spelling (`romanised`, no `kb_id`)."""

    name_en: str | None
    name_ar: str | None
    kb_id: str | None
    wikidata: str | None
    romanised: bool
    score: float  # how the link was made (see the link stage); 0 when romanised
    kind: str | None  # places: country, governorate, city, district …
    lat: float | None
    lon: float | None
    country: str | None
    areas: PlaceAreas | None = None  # linked places (schema 3.1)
    actor: ActorCode | None = None  # people and organisations, generic actor phrases (3.1)
    spelt_by: str | None = None  # names the KB does not hold: how name_en was made (3.1)

    @property
    def located(self) -> bool:
        """Whether the entry has coordinates."""
        return self.lat is not None


@dataclass(frozen=True, slots=True)
class PlaceAreas:
    """Where a linked place lies: its Syrian governorate, district and subdistrict (names and
    P-codes; null elsewhere), whether they were derived by nearest centroid, and ACLED's
    geo-precision (1 the place itself, 2 part of a district, 3 only the governorate or country)."""

    admin1: str | None
    admin1_pcode: str | None
    admin2: str | None
    admin2_pcode: str | None
    admin3: str | None
    admin3_pcode: str | None
    admin_derived: bool
    geo_precision: int | None


@dataclass(frozen=True, slots=True)
class ActorCode:
    """A person's, organisation's or generic actor phrase's CAMEO code on the article's date,
    and the ACLED-style category derived from it."""

    cameo: str | None
    actor_category: str | None


@dataclass(slots=True)
class Entity:
    """A named-entity mention, as the output contract describes it."""

    id: str
    label: str
    text: str
    start: int
    end: int
    sentence: int | None
    normalized: str
    canonical: KbLink | None
    cluster: str | None
    score: float | None
    source: str
    token_span: TokenSpan | None = None  # None when read back from output records


@dataclass(slots=True)
class TimeMention:
    """A date or time expression, with its ISO value where it can be resolved."""

    id: str
    text: str
    start: int
    end: int
    sentence: int | None
    value: str | None
    granularity: str  # day, month, year, unknown
    relative: bool
    token_span: TokenSpan | None = None  # None when read back from output records


@dataclass(slots=True)
class TextSpan:
    """A piece of the original text: `text == Document.text[start:end]`."""

    text: str
    start: int
    end: int
    token_span: TokenSpan | None = None  # None when read back from output records


@dataclass(slots=True)
class Role:
    """An event's actor: its role, the entity it is (if NER found it), its words."""

    role: str  # agent, target or participant
    entity: str | None  # id of the entity mention
    text: str
    name_en: str | None
    cameo: str | None = None  # CAMEO code of the actor (schema 3.1)
    category: str = "other"  # ACLED-style actor category (schema 3.1)


@dataclass(slots=True)
class Place:
    """Where an event happened: a place mention and what it was linked to."""

    entity: str
    text: str
    name_en: str | None
    lat: float | None
    lon: float | None
    country: str | None
    areas: PlaceAreas | None = None  # written flat beside the other fields (schema 3.1)


@dataclass(slots=True)
class EventTime:
    """When an event happened: a time expression of its sentence (`source` "text"), or, for an
    event whose text gives no date, the last day an earlier sentence names (`source`
    "context", schema 3.5), else the article's date (`source` "article_date", schema 3.2)."""

    text: str
    value: str | None
    granularity: str
    source: str = "text"


@dataclass(slots=True)
class Count:
    """How many people: bounds (None where open), whether approximate, the words that say it."""

    min: int | None
    max: int | None
    approximate: bool
    text: str


@dataclass(slots=True)
class Casualties:
    killed: Count | None
    injured: Count | None


@dataclass(slots=True)
class MentionSpan:
    """One trigger merged into an event, and the sentence it is in."""

    trigger: TextSpan
    sentence: int


@dataclass(slots=True)
class Event:
    """An event of the document, with its arguments and evidence, as the contract writes it.

    `confidence_source` says where the confidence comes from (`detection-model`: the detection
    model's calibrated probability; `reporting-model`: the reporting model's; `trigger-rules`:
    the trigger's weight plus a bonus per argument found); `accepted` is false only for a
    rejected candidate written for review (`--keep-candidates`). Both were added in 3.1.
    """

    id: str
    type: str
    subtype: str | None
    trigger: TextSpan
    sentence: int
    modality: str
    actors: list[Role]
    location: Place | None
    time: EventTime | None
    casualties: Casualties | None
    plover: dict[str, Any] | None
    acled: dict[str, Any] | None
    confidence: float
    confidence_source: str
    accepted: bool
    evidence: TextSpan
    mentions: list[MentionSpan]


class LayerAttribute(Generic[T]):
    """`doc.entities` for `doc.layers["entities"]`: a named layer read and set as an attribute."""

    def __init__(self, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, doc: None, owner: type | None = None) -> LayerAttribute[T]: ...

    @overload
    def __get__(self, doc: Document, owner: type | None = None) -> list[T]: ...

    def __get__(
        self, doc: Document | None, owner: type | None = None
    ) -> list[T] | LayerAttribute[T]:
        if doc is None:
            return self
        return doc.layers.setdefault(self.name, [])

    def __set__(self, doc: Document, value: list[T]) -> None:
        doc.layers[self.name] = value


@dataclass(slots=True)
class Document:
    """An article: what was read (text and metadata), and the layers stages added, by name.

    The layers every profile knows are attributes (`doc.sentences`, `doc.entities` …); a stage
    may add another under its own name in `layers` (and register its serialiser with
    `pipeline.codec.register_layer` to have it written), without a change here.
    """

    doc_id: str
    text: str
    source: SourceInfo
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    lang: str | None = None
    warnings: list[str] = field(default_factory=list)
    normalized: AlignedText | None = None
    layers: dict[str, list[Any]] = field(default_factory=dict)

    sentences = LayerAttribute[Sentence]("sentences")
    tokens = LayerAttribute[Token]("tokens")
    entities = LayerAttribute[Entity]("entities")
    times = LayerAttribute[TimeMention]("times")
    events = LayerAttribute[Event]("events")

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text to the original text."""
        if self.normalized is None:
            raise RuntimeError("the normalise stage has not run on this document")
        return self.normalized.to_original(start, end)

    def sentence_tokens(self, index: int) -> list[Token]:
        """The tokens of sentence `index`."""
        sentence = self.sentences[index]
        if sentence.token_start is None or sentence.token_end is None:
            raise RuntimeError("the sentences of this document carry no token ranges")
        return self.tokens[sentence.token_start : sentence.token_end]

    def token_offsets(self, span: TokenSpan, trim_start: int = 0) -> tuple[int, int]:
        """Original offsets of tokens [first, end), less the first `trim_start` normalised
        characters of the first token (a proclitic cut off a name: `بحمص` → `حمص`)."""
        if span[0] >= span[1]:
            raise ValueError(f"empty token span {span}")
        first, last = self.tokens[span[0]], self.tokens[span[1] - 1]
        if not trim_start:
            return first.start, last.end
        return self.original_span(first.norm_start + trim_start, last.norm_end)

    def tokens_within(self, start: int, end: int) -> TokenSpan | None:
        """The tokens that overlap original offsets [start, end), if any."""
        if start >= end:
            return None
        first = bisect.bisect_right(self.tokens, start, key=_token_start) - 1
        if first < 0 or self.tokens[first].end <= start:
            first += 1
        last = bisect.bisect_left(self.tokens, end, key=_token_start)
        if first >= last:
            return None
        return first, last

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence (as segmented) that holds original offset `offset`, if any."""
        index = bisect.bisect_right(self.sentences, offset, key=_sentence_start) - 1
        if index < 0 or offset >= self.sentences[index].end:
            return None
        return index

    def word_count(self) -> int:
        """Whitespace-separated words of the original text (the unit of throughput figures)."""
        return len(self.text.split())


def _token_start(token: Token) -> int:
    return token.start


def _sentence_start(sentence: Sentence) -> int:
    return sentence.start
