"""Does a sentence report a specific event, or only talk about one?

`قتل 8 أشخاص أمس في تفجير` reports an attack; `تمر الذكرى الأولى لاغتيال …` and `شن جنبلاط
هجوما عنيفا على حزب الله` do not. A logistic model per event family (ASSAULT = ATTACK and
CLASH, PROTEST) scores each sentence that has a trigger of the family, from its words (hashed)
and what the events stage found in it (trigger type, subtype and verb form, modality, counts,
dates). The model (`models/events/reporting.json`) is trained by `make train-events` on the
Arabic event gold standard (`event_gsr/*_dev.csv`); its probability becomes the event's
confidence, and `threshold` is where an analyst should cut.
"""

from __future__ import annotations

import json
import math
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.event_types import event_types
from pipeline.events.mentions import EventMention
from pipeline.events.words import SentenceWords
from pipeline.lang.ar.clitics import definite_stem

DEFAULT_DIMENSIONS = 1 << 14


def family_of(event_type: str) -> str | None:
    """The reporting model's family that scores `event_type` (the registry's
    `reporting_family`), or None."""
    return event_types()[event_type].reporting_family


def sentence_features(sentence: SentenceWords, mentions: list[EventMention]) -> list[str]:
    """What the model reads of one sentence: its words and the events found in it."""
    stems = [definite_stem(word.key) for word in sentence.words if word.key.isalpha()]
    features = [f"w={stem}" for stem in stems]
    features += [f"d={word.key}" for word in sentence.words if word.key.isdigit()][:1]
    for mention in mentions:
        features += _mention_features(mention)
    if sentence.times:
        features.append("time")
    features.append(f"length={min(len(sentence.words) // 15, 4)}")
    return features


def _mention_features(mention: EventMention) -> list[str]:
    hit = mention.hit
    trigger = "_".join(definite_stem(w.key) for w in mention.sentence.words[hit.start : hit.end])
    features = [
        f"trigger={trigger}",
        f"position={min(hit.start // 5, 3)}",
        f"type={hit.type}",
        f"subtype={hit.type}/{hit.subtype}",
        f"form={hit.type}/{hit.word_class}",
        f"modality={mention.modality}",
        f"outcome={hit.outcome}",
    ]
    if mention.killed:
        features.append("killed")
    if mention.injured:
        features.append("injured")
    if any(actor.role == "agent" for actor in mention.actors):
        features.append("agent")
    if any(actor.role == "target" for actor in mention.actors):
        features.append("target")
    return features


def feature_index(feature: str, dimensions: int) -> int:
    """A stable hash of the feature (Python's `hash` changes between runs)."""
    return zlib.crc32(feature.encode("utf-8")) % dimensions


def feature_vector(features: list[str], dimensions: int) -> set[int]:
    """The hashed features present (each counts once; the vector is scaled to length 1)."""
    return {feature_index(feature, dimensions) for feature in features}


@dataclass(slots=True)
class FamilyModel:
    weights: dict[int, float]
    bias: float
    threshold: float

    def probability(self, features: list[str], dimensions: int) -> float:
        indexes = feature_vector(features, dimensions)
        scale = 1.0 / math.sqrt(len(indexes)) if indexes else 0.0
        score = self.bias + scale * sum(self.weights.get(index, 0.0) for index in indexes)
        return 1.0 / (1.0 + math.exp(-max(min(score, 30.0), -30.0)))


@dataclass(slots=True)
class ReportingModel:
    dimensions: int
    families: dict[str, FamilyModel]
    path: Path | None = None

    @classmethod
    def from_file(cls, path: Path) -> ReportingModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        families = {
            name: FamilyModel(
                {int(index): weight for index, weight in family["weights"].items()},
                family["bias"],
                family["threshold"],
            )
            for name, family in data["families"].items()
        }
        return cls(data["dimensions"], families, path)

    def to_dict(self, extra: dict[str, Any]) -> dict[str, Any]:
        families = {
            name: {
                "bias": round(model.bias, 6),
                "threshold": round(model.threshold, 4),
                "weights": {str(i): round(w, 6) for i, w in sorted(model.weights.items()) if w},
            }
            for name, model in self.families.items()
        }
        return {**extra, "dimensions": self.dimensions, "families": families}

    def probability(self, family: str, features: list[str]) -> float | None:
        model = self.families.get(family)
        return model.probability(features, self.dimensions) if model else None
