"""Event triggers: the words and phrases of `resources/event_triggers.json` in a sentence.

Each word of a sentence is looked up among the generated forms of the lexicon
(`pipeline/lang/ar/morphology.py`), so `وقصفت`, `الغارات` and `سيلتقي` match `قصف`, `غاره` and
`التقى`. Phrases (`وقف إطلاق النار`, `فجروا أنفسهم`) win over the single words they cover;
blocking phrases (`مؤتمر صحفي`) stop their words from triggering; cue words near a trigger set
its subtype (`تمديد الهدنة` → CEASEFIRE/extension) and are then not triggers themselves.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from pipeline import resources
from pipeline.event_types import event_types
from pipeline.lang.ar.morphology import FormIndex

RESOURCE = "event_triggers.json"
WORD_CLASSES = ("verbs", "imperfect", "nouns")
CLASS_OF_FIELD = {"verbs": "V", "imperfect": "I", "nouns": "N"}
# `اقتحم` is a perfect verb and, read as ا + قتحم, an imperfect: the perfect reading comes first
CLASS_PRIORITY = {"V": 0, "N": 1, "W": 2, "I": 3}

Analysis = tuple[str, str]  # (word class, lemma)
ANY_WORD = "*"  # a phrase element that matches any one word (`أعلن * مسؤوليته`)
ANY_WORD_ELEMENT: frozenset[Analysis] = frozenset({("*", "*")})


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    type: str
    subtype: str | None
    weight: float
    outcome: bool
    needs_model: bool = False  # written only where a detection model accepts it
    continues: bool = False  # goes on with the statement before (`وأضاف`), see merging.py


@dataclass(frozen=True, slots=True)
class TriggerHit:
    """A trigger over words [start, end) of a sentence."""

    start: int
    end: int
    type: str
    subtype: str | None
    weight: float
    outcome: bool
    word_class: str  # of the first word: N, V (perfect) or I (imperfect)
    needs_model: bool = False  # written only where a detection model accepts it
    continues: bool = False  # goes on with the statement before (`وأضاف`), see merging.py


@dataclass(frozen=True, slots=True)
class _Phrase:
    elements: tuple[frozenset[Analysis], ...]
    entry: TriggerEntry | None  # None for a blocking phrase


@dataclass(frozen=True, slots=True)
class _Cue:
    type: str
    subtype: str
    window: int
    words: frozenset[Analysis]
    applies_to: tuple[str | None, ...] | None  # subtypes it refines; None: any
    keep_cue: bool  # the cue word may still be a trigger of its own


class TriggerLexicon:
    def __init__(self, data: dict[str, Any]) -> None:
        self.forms = FormIndex()
        self.entries_of: dict[Analysis, list[TriggerEntry]] = defaultdict(list)
        # blocks first: a blocking phrase wins over a trigger phrase that starts where it does
        # (`السيطرة على الحريق` is no `سيطرة … على` of ground)
        self.phrases = [_Phrase(self._phrase_elements(text), None) for text in data["blocks"]]
        for raw in data["triggers"]:
            self._add_trigger(raw)
        self.cues = [self._cue(raw) for raw in data["cues"]]
        self.not_triggers = frozenset(data["not_triggers"])
        self.phrase_starts: dict[Analysis, list[int]] = defaultdict(list)
        for index, phrase in enumerate(self.phrases):
            for analysis in phrase.elements[0]:
                self.phrase_starts[analysis].append(index)

    @classmethod
    def packaged(cls) -> TriggerLexicon:
        return _packaged_lexicon()

    def find(self, keys: list[str]) -> list[TriggerHit]:
        """The triggers among the folded words `keys` of one sentence, left to right."""
        analyses = [set() if key in self.not_triggers else self.forms.lookup(key) for key in keys]
        covered = [False] * len(keys)
        hits = self._phrase_hits(analyses, covered)
        hits += self._word_hits(analyses, covered)
        hits.sort(key=lambda hit: hit.start)
        return self._apply_cues(hits, analyses)

    def _add_trigger(self, raw: dict[str, Any]) -> None:
        _check_type(raw["type"], raw.get("subtype"))
        entry = TriggerEntry(
            raw["type"], raw["subtype"], float(raw["weight"]), bool(raw.get("outcome", False)),
            bool(raw.get("needs_model", False)), bool(raw.get("continues", False)),
        )  # fmt: skip
        for field in WORD_CLASSES:
            for lemma in raw.get(field, []):
                if " " in lemma:  # a two-word noun is a phrase of two nouns
                    phrase = " ".join(f"N:{word}" for word in lemma.split())
                    self.phrases.append(_Phrase(self._phrase_elements(phrase), entry))
                    continue
                word_class = CLASS_OF_FIELD[field]
                self.forms.add(word_class, lemma)
                self.entries_of[(word_class, lemma)].append(entry)
        for phrase in raw.get("phrases", []):
            self.phrases.append(_Phrase(self._phrase_elements(phrase), entry))

    def _phrase_elements(self, phrase: str) -> tuple[frozenset[Analysis], ...]:
        return tuple(self._alternatives(element) for element in phrase.split())

    def _alternatives(self, element: str) -> frozenset[Analysis]:
        """`N:غاره|غارات` → the analyses it accepts, registering their forms."""
        if element == ANY_WORD:
            return ANY_WORD_ELEMENT
        word_class, _, words = element.partition(":")
        accepted = set()
        for lemma in words.split("|"):
            self.forms.add(word_class, lemma)
            accepted.add((word_class, lemma))
        return frozenset(accepted)

    def _cue(self, raw: dict[str, Any]) -> _Cue:
        _check_type(raw["type"], raw["subtype"])
        words = frozenset().union(*(self._alternatives(word) for word in raw["words"]))
        applies_to = tuple(raw["from"]) if "from" in raw else None
        return _Cue(
            raw["type"], raw["subtype"], int(raw["window"]), words, applies_to,
            bool(raw.get("keep_cue", False)),
        )  # fmt: skip

    def _phrase_hits(self, analyses: list[set[Analysis]], covered: list[bool]) -> list[TriggerHit]:
        hits = []
        for start in range(len(analyses)):
            for phrase in self._phrases_starting_with(analyses[start]):
                end = start + len(phrase.elements)
                if any(covered[start:end]) or not _phrase_matches(phrase, analyses, start):
                    continue
                covered[start:end] = [True] * (end - start)
                if phrase.entry is not None:
                    word_class = _first_class(analyses[start], phrase.elements[0])
                    # with a gap (`أعلن تنظيم داعش مسؤوليته`) the trigger is the first word:
                    # the words in the gap are the event's arguments, not its trigger
                    trigger_end = start + 1 if ANY_WORD_ELEMENT in phrase.elements else end
                    hits.append(_hit(phrase.entry, start, trigger_end, word_class))
        return hits

    def _phrases_starting_with(self, found: set[Analysis]) -> list[_Phrase]:
        """The phrases whose first word can be this word, in lexicon order."""
        indexes = sorted({i for analysis in found for i in self.phrase_starts.get(analysis, ())})
        return [self.phrases[i] for i in indexes]

    def _word_hits(self, analyses: list[set[Analysis]], covered: list[bool]) -> list[TriggerHit]:
        hits = []
        for position, found in enumerate(analyses):
            if covered[position]:
                continue
            candidates = [
                (entry, analysis[0])
                for analysis in sorted(found, key=_class_order)
                for entry in self.entries_of.get(analysis, [])
            ]
            if candidates:
                entry, word_class = max(candidates, key=lambda pair: pair[0].weight)
                hits.append(_hit(entry, position, position + 1, word_class))
        return hits

    def _apply_cues(
        self, hits: list[TriggerHit], analyses: list[set[Analysis]]
    ) -> list[TriggerHit]:
        """Set subtypes from cue words; a word used as a cue is not a trigger of its own."""
        cue_positions: set[int] = set()
        resolved = []
        for hit in hits:
            position, cue = self._nearest_cue(hit, analyses)
            if cue is not None:
                if not cue.keep_cue:
                    cue_positions.add(position)
                hit = _with_subtype(hit, cue.subtype)
            resolved.append(hit)
        return [hit for hit in resolved if hit.start not in cue_positions]

    def _nearest_cue(
        self, hit: TriggerHit, analyses: list[set[Analysis]]
    ) -> tuple[int, _Cue | None]:
        best: tuple[int, int, _Cue] | None = None  # (distance, position, cue)
        for cue in self.cues:
            if cue.type != hit.type:
                continue
            if cue.applies_to is not None and hit.subtype not in cue.applies_to:
                continue
            low = max(0, hit.start - cue.window)
            high = min(len(analyses), hit.end + cue.window)
            for position in range(low, high):
                if hit.start <= position < hit.end or not analyses[position] & cue.words:
                    continue
                distance = min(abs(position - hit.start), abs(position - (hit.end - 1)))
                if best is None or distance < best[0]:
                    best = (distance, position, cue)
        return (best[1], best[2]) if best else (-1, None)


def _check_type(event_type: str, subtype: str | None) -> None:
    """A trigger's type and subtype must be in the event-type registry."""
    registry = event_types()
    if event_type not in registry.types:
        raise ValueError(f"{RESOURCE}: trigger of unknown event type {event_type!r}")
    if subtype is not None and subtype not in registry[event_type].subtypes():
        raise ValueError(f"{RESOURCE}: {event_type} has no subtype {subtype!r}")


def _phrase_matches(phrase: _Phrase, analyses: list[set[Analysis]], start: int) -> bool:
    if start + len(phrase.elements) > len(analyses):
        return False
    return all(
        element is ANY_WORD_ELEMENT or analyses[start + offset] & element
        for offset, element in enumerate(phrase.elements)
    )


def _first_class(found: set[Analysis], element: frozenset[Analysis]) -> str:
    classes = sorted(found & element, key=_class_order)
    return classes[0][0] if classes else "N"


def _class_order(analysis: Analysis) -> tuple[int, str]:
    return CLASS_PRIORITY[analysis[0]], analysis[1]


def _hit(entry: TriggerEntry, start: int, end: int, word_class: str) -> TriggerHit:
    return TriggerHit(
        start, end, entry.type, entry.subtype, entry.weight, entry.outcome, word_class,
        entry.needs_model, entry.continues,
    )  # fmt: skip


def _with_subtype(hit: TriggerHit, subtype: str | None) -> TriggerHit:
    return replace(hit, subtype=subtype)


@cache
def _packaged_lexicon() -> TriggerLexicon:
    return TriggerLexicon(json.loads(resources.read_text(RESOURCE)))
