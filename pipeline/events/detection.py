"""Is an event candidate a specific reported event, or only words that look like one?

Every event mention the rules find (`mentions.py`: triggers of all 11 types, their modality
and arguments) is a candidate. A logistic model (`models/events/detection.json`, trained by
`make train-events` on the gold corpus's train split, `pipeline/training/events_detection.py`)
gives each candidate the probability that it is a mention of a specific event of its type:
`الهيئة العليا للمفاوضات` (a name holding `مفاوضات`), `أي محادثات` (generic) and a job title
are not; `قتل 8 أشخاص أمس في تفجير` is. The probability is calibrated (Platt scaling on
out-of-fold scores of the training data) and written as the event's `confidence`; the events
stage writes only candidates at or above the model's threshold for their type
(`type_thresholds`, else `threshold`), each chosen on the gold dev split.

What the model reads of a candidate (`candidate_features`): the trigger's normal form, type,
subtype, verb or noun form and modality; the words around it; the sentence's position in the
article; whether the trigger lies inside a named entity, and which entities, dates, numbers
and casualty counts the sentence holds; the reporting model's score where it gave one (which
carries what the event gold standard taught it); reported-speech, quote, generic, habitual and
referring cue words (`resources/event_detection.json`); how many candidates of the type
came before in the article; and of the whole article, how many candidates of violent types
and how many types it holds and how often the trigger recurs. Each feature is also crossed
with the candidate's type, so one model learns what each type needs.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pipeline import resources
from pipeline.document import Document
from pipeline.event_types import event_types
from pipeline.events.mentions import EventMention, sentence_mentions
from pipeline.events.reporting import (
    ReportingModel,
    family_of,
    feature_vector,
    sentence_features,
)
from pipeline.events.triggers import TriggerLexicon
from pipeline.events.words import SentenceWords, sentence_words
from pipeline.events.wordsets import WordSet
from pipeline.lang.ar.clitics import definite_stem

RESOURCE = "event_detection.json"
MODEL_FILE = Path("events") / "detection.json"
SOURCE = "detection-model"  # `confidence_source` of events the model scored
WINDOW = 3  # words each side of the trigger read as context
DEFINITE_PREFIXES = ("ال", "وال", "بال", "فال", "لل", "كال", "ولل")


@dataclass(slots=True)
class Candidate:
    """An event mention the rules found, with what the detection model makes of it."""

    mention: EventMention
    features: list[str] = field(default_factory=list)
    probability: float | None = None


def document_candidates(
    doc: Document, lexicon: TriggerLexicon, reporting: ReportingModel | None
) -> list[Candidate]:
    """Every event mention of the document (in text order) with its features; attacks,
    clashes and protests carry the reporting model's score where it ran."""
    views = sentence_words(doc)
    by_sentence = [sentence_mentions(sentence, lexicon) for sentence in views]
    if reporting is not None:
        for sentence, mentions in zip(views, by_sentence, strict=True):
            if mentions:
                _score_reporting(reporting, sentence, mentions)
    article = _article_features([m for mentions in by_sentence for m in mentions])
    candidates: list[Candidate] = []
    seen_of_type: dict[str, int] = {}
    for mentions in by_sentence:
        for mention in mentions:
            earlier = seen_of_type.get(mention.type, 0)
            seen_of_type[mention.type] = earlier + 1
            features = candidate_features(mention, len(views), earlier, len(mentions))
            features += article(mention)
            candidates.append(Candidate(mention, features))
    return candidates


def _article_features(mentions: list[EventMention]) -> Callable[[EventMention], list[str]]:
    """What the whole article says about a candidate: how many other candidates of violent
    types it holds (event words in sports or trade news are rarely events), how many types,
    and how often the candidate's trigger recurs (a name such as a club's repeats)."""
    violent = sum(1 for m in mentions if event_types()[m.type].casualties)
    types = len({m.type for m in mentions})
    normals = Counter(_normal_form(m) for m in mentions)

    def features(mention: EventMention) -> list[str]:
        others = violent - int(event_types()[mention.type].casualties)
        repeats = normals[_normal_form(mention)] - 1
        plain = [
            f"article_violent={_bucket(others, (0, 1, 3))}",
            f"article_types={_bucket(types, (1, 2, 4))}",
            f"trigger_repeats={_bucket(repeats, (0, 1, 3))}",
        ]
        return [*plain, *(f"{mention.type}|{feature}" for feature in plain)]

    return features


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    return next((str(edge) for edge in edges if value <= edge), f">{edges[-1]}")


def _normal_form(mention: EventMention) -> str:
    """The trigger's words without proclitics and article, joined by `_`."""
    words = mention.sentence.words[mention.hit.start : mention.hit.end]
    return "_".join(definite_stem(word.key) for word in words)


def _score_reporting(
    reporting: ReportingModel, sentence: SentenceWords, mentions: list[EventMention]
) -> None:
    features = sentence_features(sentence, mentions)
    for mention in mentions:
        family = family_of(mention.type)
        if family is not None:
            mention.reported = reporting.probability(family, features)


def candidate_features(
    mention: EventMention, sentence_count: int, earlier_of_type: int, in_sentence: int
) -> list[str]:
    """What the detection model reads of one candidate; every feature also with its type."""
    plain = (
        _trigger_features(mention)
        + _context_features(mention)
        + _sentence_features(mention, sentence_count, in_sentence)
        + _argument_features(mention)
    )
    plain.append(f"earlier={min(earlier_of_type, 2)}")
    return [*plain, *(f"{mention.type}|{feature}" for feature in plain)]


def _trigger_features(mention: EventMention) -> list[str]:
    hit = mention.hit
    words = mention.sentence.words[hit.start : hit.end]
    features = [
        f"trigger={_normal_form(mention)}",
        f"subtype={hit.subtype}",
        f"form={hit.word_class}",
        f"modality={mention.modality}",
        f"words={min(hit.end - hit.start, 3)}",
        f"merged={min(len(mention.triggers), 3)}",
    ]
    if words[0].key.startswith(DEFINITE_PREFIXES):
        features.append("definite")
    if hit.outcome:
        features.append("outcome")
    entities = [word.entity for word in words if word.entity is not None]
    if entities:
        features += ["in_entity", f"in_entity={entities[0].label}"]
    return features


def _context_features(mention: EventMention) -> list[str]:
    """The words around the trigger, and the cue words before and after it."""
    words = mention.sentence.words
    hit = mention.hit
    features = []
    before = words[max(0, hit.start - WINDOW) : hit.start]
    after = words[hit.end : hit.end + WINDOW]
    for distance, word in enumerate(reversed(before), start=1):
        features.append(f"w-{distance}={definite_stem(word.key)}")
    for distance, word in enumerate(after, start=1):
        features.append(f"w+{distance}={definite_stem(word.key)}")
    if after and after[0].entity is not None:
        features.append(f"next_entity={after[0].entity.label}")
    if before and before[-1].key in cue_words("generic"):
        features.append("generic_before")
    if before and before[-1].key in cue_words("referring"):
        features.append("referring_before")
    if after and after[0].key in cue_words("referring"):
        features.append("referring_after")
    keys_before = [word.key for word in words[: hit.start]]
    keys_after = [word.key for word in words[hit.end :]]
    if any(key in cue_words("speech") for key in keys_before):
        features.append("speech_before")
    if any(key in cue_words("speech") for key in keys_after):
        features.append("speech_after")
    if any(key in cue_words("habitual") for key in keys_before + keys_after):
        features.append("habitual")
    quotes = cue_words("quotes")
    if sum(1 for word in words[: hit.start] if word.text in quotes) % 2 == 1:
        features.append("inside_quote")
    return features


def _sentence_features(mention: EventMention, sentence_count: int, in_sentence: int) -> list[str]:
    sentence = mention.sentence
    index = sentence.index
    relative = index / max(sentence_count - 1, 1)
    features = [
        f"sentence={min(index, 4)}",
        f"relative={min(int(relative * 4), 3)}",
        f"length={min(len(sentence.words) // 15, 4)}",
        f"candidates={min(in_sentence, 4)}",
    ]
    features += sorted({f"entity={entity.label}" for entity in sentence.entities})
    if sentence.times:
        features.append("sentence_time")
    if any(word.key.isdigit() for word in sentence.words):
        features.append("digits")
    if any(word.text in cue_words("quotes") for word in sentence.words):
        features.append("quotes")
    return features


def _argument_features(mention: EventMention) -> list[str]:
    features = [f"role={role}" for role in sorted({actor.role for actor in mention.actors})]
    features.append(f"actors={min(len(mention.actors), 3)}")
    if any(actor.candidate.entity is not None for actor in mention.actors):
        features.append("named_actor")
    if mention.location is not None:
        features.append("location")
    if mention.time is not None:
        features.append("time")
    if mention.killed is not None:
        features.append("killed")
    if mention.injured is not None:
        features.append("injured")
    if mention.reported is not None:
        features.append(f"reported={min(int(mention.reported * 5), 4)}")
    return features


@cache
def cue_words(name: str) -> WordSet:
    """The cue word list `name` of `resources/event_detection.json`."""
    return WordSet(json.loads(resources.read_text(RESOURCE))[name])


def sigmoid(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(score, 30.0), -30.0)))


@dataclass(slots=True)
class DetectionModel:
    """Hashed-feature logistic regression with Platt scaling and decision thresholds: one for
    every type, and a type's own where dev chose one (`type_thresholds`)."""

    dimensions: int
    weights: dict[int, float]
    bias: float
    scale: float  # Platt scaling: probability = sigmoid(scale * score + shift)
    shift: float
    threshold: float
    path: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    type_thresholds: dict[str, float] = field(default_factory=dict)

    def cut_for(self, event_type: str) -> float:
        """The threshold a candidate of `event_type` must reach."""
        return self.type_thresholds.get(event_type, self.threshold)

    def score(self, features: list[str]) -> float:
        """The model's raw score (log-odds before calibration)."""
        indexes = feature_vector(features, self.dimensions)
        norm = 1.0 / math.sqrt(len(indexes)) if indexes else 0.0
        return self.bias + norm * sum(self.weights.get(index, 0.0) for index in indexes)

    def probability(self, features: list[str]) -> float:
        """The calibrated probability that the candidate is a specific reported event."""
        return sigmoid(self.scale * self.score(features) + self.shift)

    @classmethod
    def from_file(cls, path: Path) -> DetectionModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        weights = {int(index): weight for index, weight in data["weights"].items()}
        calibration = data["calibration"]
        extra = {k: v for k, v in data.items() if k not in _MODEL_KEYS}
        return cls(
            data["dimensions"], weights, data["bias"], calibration["scale"],
            calibration["shift"], data["threshold"], path, extra,
            dict(data.get("type_thresholds", {})),
        )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.extra,
            "dimensions": self.dimensions,
            "threshold": round(self.threshold, 4),
            "type_thresholds": {t: round(c, 4) for t, c in sorted(self.type_thresholds.items())},
            "calibration": {"scale": round(self.scale, 6), "shift": round(self.shift, 6)},
            "bias": round(self.bias, 6),
            "weights": {str(i): round(w, 6) for i, w in sorted(self.weights.items()) if w},
        }


_MODEL_KEYS = {"dimensions", "threshold", "type_thresholds", "calibration", "bias", "weights"}


def decide(
    candidates: list[Candidate], model: DetectionModel | None, min_confidence: float | None
) -> tuple[list[EventMention], list[EventMention]]:
    """(accepted, rejected) mentions: a candidate is accepted when its confidence (the model's
    probability, rounded as written) reaches `min_confidence`, else the model's threshold for
    its type. Without a model every candidate is accepted unless `min_confidence` is given,
    which then cuts the rules' own confidence, or its trigger needs a model (`needs_model`:
    a reporting verb alone says too little)."""
    accepted, rejected = [], []
    for candidate in candidates:
        mention = candidate.mention
        cut = min_confidence
        if model is not None:
            candidate.probability = model.probability(candidate.features)
            mention.detected = candidate.probability
            if cut is None:
                cut = model.cut_for(mention.type)
        if model is None and mention.hit.needs_model:
            rejected.append(mention)
        # the confidence as written, so that accepted events are exactly those at the cut
        elif cut is None or mention.confidence() >= cut:
            accepted.append(mention)
        else:
            rejected.append(mention)
    return accepted, rejected
