"""`make train-events`: the reporting model of the events stage, from the event gold standard.

    python -m pipeline.training.events_model --data ../shared/data --out models/events

For each family (ASSAULT, PROTEST) the sentences of `event_gsr/<family>_dev.csv` labelled
`yes` (positive) or `easy no` / `difficult no` (negative) run through the rule stages
(language, normalise, segment, time) and the events stage's trigger finder; the sentences with
a trigger of the family train an L2-regularised logistic regression over `sentence_features`
(`pipeline/events/reporting.py`). Sentences with no trigger are never scored by the stage and
count as negatives it cannot recover. The decision threshold is the one that maximises F1 on
out-of-fold predictions inside the training data. `cross_validate` gives the figures
`make eval-events` reports: every sentence is scored by a model that did not see it.
"""

from __future__ import annotations

import argparse
import csv
import json
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.document import Document, SourceInfo
from pipeline.event_types import event_types
from pipeline.events.mentions import document_mentions
from pipeline.events.reporting import (
    DEFAULT_DIMENSIONS,
    FamilyModel,
    ReportingModel,
    feature_vector,
    sentence_features,
)
from pipeline.events.triggers import TriggerLexicon
from pipeline.stages import create_stages, run_stages

POSITIVE = {"yes"}
NEGATIVE = {"easy no", "difficult no"}
FOLDS = 5
L2 = 0.2  # chosen by cross-validation among 0.05, 0.2, 1 and 5
STEPS = 1500
LEARNING_RATE = 2.0


@dataclass(slots=True)
class Example:
    id: str
    label: bool
    features: list[str] | None  # None: no trigger of the family, never scored


def read_sentences(data: Path, family: str) -> list[dict[str, str]]:
    """The family's GSR rows labelled `yes`, `easy no` or `difficult no`."""
    path = data / "event_gsr" / f"{gold_standard(family)}_dev.csv"
    with path.open(encoding="utf-8", newline="") as rows:
        return [row for row in csv.DictReader(rows) if row["label"] in POSITIVE | NEGATIVE]


def read_examples(data: Path, family: str) -> list[Example]:
    """The family's GSR sentences with what the stage reads of them."""
    # the rule stages without the events stage: the features are computed here
    stages = create_stages("rules", {}, omit=("events",))
    lexicon = TriggerLexicon.packaged()
    source = SourceInfo(path="event_gsr", sha256="0" * 64, encoding="utf-8")
    examples = []
    for row in read_sentences(data, family):
        doc = run_stages(stages, Document(doc_id=row["id"], text=row["text"], source=source))
        examples.append(
            Example(row["id"], row["label"] in POSITIVE, _features(doc, lexicon, family))
        )
    return examples


def _features(doc: Document, lexicon: TriggerLexicon, family: str) -> list[str] | None:
    features: list[str] = []
    family_types = event_types().family_types(family)
    for sentence, mentions in document_mentions(doc, lexicon):
        if any(m.type in family_types for m in mentions):
            features += sentence_features(sentence, mentions)
    return features or None


def gold_standard(family: str) -> str:
    """The file stem of the family's sentences in `event_gsr/` (`assault`, `protest`)."""
    return event_types().families[family]["gold_standard"]


def train(examples: list[Example], dimensions: int = DEFAULT_DIMENSIONS) -> FamilyModel:
    """A logistic regression on the scored examples, with its F1-best threshold."""
    scored = [e for e in examples if e.features is not None]
    weights, bias = _fit(scored, dimensions)
    threshold = _best_threshold(examples, dimensions)
    return FamilyModel(_sparse(weights), bias, threshold)


def cross_validate(examples: list[Example], dimensions: int = DEFAULT_DIMENSIONS) -> list[bool]:
    """Out-of-fold decisions for every example (False where there is no trigger)."""
    decisions = [False] * len(examples)
    for fold in range(FOLDS):
        training = [e for e in examples if _fold(e) != fold]
        model = train(training, dimensions)
        for index, example in enumerate(examples):
            if _fold(example) == fold and example.features is not None:
                probability = model.probability(example.features, dimensions)
                decisions[index] = probability >= model.threshold
    return decisions


def _best_threshold(examples: list[Example], dimensions: int) -> float:
    """The threshold that maximises F1 of inner out-of-fold probabilities."""
    probabilities = [0.0] * len(examples)
    for fold in range(FOLDS):
        inner = [e for e in examples if _fold(e, salt="inner") != fold and e.features is not None]
        weights, bias = _fit(inner, dimensions)
        model = FamilyModel(_sparse(weights), bias, 0.5)
        for index, example in enumerate(examples):
            if _fold(example, salt="inner") == fold and example.features is not None:
                probabilities[index] = model.probability(example.features, dimensions)
    labels = [e.label for e in examples]
    candidates = [t / 100 for t in range(5, 96, 5)]
    return max(candidates, key=lambda t: _f1(labels, [p >= t for p in probabilities]))


def _fit(examples: list[Example], dimensions: int) -> tuple[np.ndarray, float]:
    """Gradient descent on the logistic loss; rows kept sparse (a sentence has ~40 features)."""
    if not examples:  # a fold of a tiny set may hold no sentence with a trigger
        return np.zeros(dimensions), 0.0
    columns, values, rows = _sparse_rows(examples, dimensions)
    labels = np.array([e.label for e in examples], dtype=np.float64)
    weights = np.zeros(dimensions)
    bias = 0.0
    count = len(examples)
    for _ in range(STEPS):
        scores = np.bincount(rows, weights=weights[columns] * values, minlength=count) + bias
        errors = 1.0 / (1.0 + np.exp(-scores)) - labels
        gradient = np.bincount(columns, weights=values * errors[rows], minlength=dimensions)
        weights -= LEARNING_RATE * (gradient / count + L2 * weights / count)
        bias -= LEARNING_RATE * float(errors.mean())
    return weights, bias


def _sparse_rows(
    examples: list[Example], dimensions: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(column, value, row) of every non-zero: each row's features, scaled to length 1."""
    columns, values, rows = [], [], []
    for row, example in enumerate(examples):
        indexes = sorted(feature_vector(example.features or [], dimensions))
        columns += indexes
        values += [1.0 / np.sqrt(len(indexes))] * len(indexes)
        rows += [row] * len(indexes)
    return np.array(columns), np.array(values), np.array(rows)


def _sparse(weights: np.ndarray) -> dict[int, float]:
    return {int(i): float(weights[i]) for i in np.flatnonzero(np.abs(weights) > 1e-6)}


def fold_of(sentence_id: str, salt: str = "") -> int:
    """The cross-validation fold of a GSR sentence, by its id."""
    return zlib.crc32((salt + sentence_id).encode("utf-8")) % FOLDS


def _fold(example: Example, salt: str = "") -> int:
    return fold_of(example.id, salt)


def fold_models(
    examples: dict[str, list[Example]], dimensions: int = DEFAULT_DIMENSIONS
) -> list[ReportingModel]:
    """Per fold, the reporting model of every family trained without that fold's sentences:
    what scores a GSR sentence when the whole stage is measured on it (`make eval-events`)."""
    return [
        ReportingModel(
            dimensions,
            {
                family: train([e for e in rows if _fold(e) != fold], dimensions)
                for family, rows in examples.items()
            },
        )
        for fold in range(FOLDS)
    ]


def _f1(labels: list[bool], decisions: list[bool]) -> float:
    tp = sum(1 for gold, system in zip(labels, decisions, strict=True) if gold and system)
    fp = sum(1 for gold, system in zip(labels, decisions, strict=True) if system and not gold)
    fn = sum(1 for gold, system in zip(labels, decisions, strict=True) if gold and not system)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("models/events"))
    parser.add_argument("--dimensions", type=int, default=DEFAULT_DIMENSIONS)
    args = parser.parse_args(argv)
    families = {}
    for family in event_types().families:
        examples = read_examples(args.data, family)
        families[family] = train(examples, args.dimensions)
        positives = sum(e.label for e in examples)
        print(f"{family}: {len(examples)} sentences ({positives} positive), "
              f"threshold {families[family].threshold:.2f}")  # fmt: skip
    model = ReportingModel(args.dimensions, families)
    args.out.mkdir(parents=True, exist_ok=True)
    provenance = {
        "description": "Reporting model of the events stage (pipeline/events/reporting.py).",
        "trained_on": "event_gsr assault_dev.csv and protest_dev.csv (OEDA Arabic event gold "
        "standard, MIT licence), labels yes vs easy no + difficult no",
        "command": "make train-events",
    }
    path = args.out / "reporting.json"
    path.write_text(json.dumps(model.to_dict(provenance)) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
