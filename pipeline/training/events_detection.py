"""`make train-events`: the events stage's detection model, from the gold corpus.

    python -m pipeline.training.events_detection --data ../shared/data --out models/events

The gold train split's articles run through the fast profile without the events stage; the
events stage's candidates (`pipeline/events/detection.py`: every mention the rules find, with
the reporting model's score) are labelled against the gold events with the scorer's matching
rule (`pipeline.gold.scoring.find_gold_event`): positive when the trigger lies in a mention
of a non-optional gold event of the same type, negative when it lies in none; a candidate
that matches only an optional gold event is left out. Every mention of a gold event is
positive, the second and later ones too: a repeated mention is a reported event, and folding
it into the first is the merging step's job, not detection's.

An L2-regularised logistic regression (numpy) is fitted on all of train; its raw scores are
calibrated by Platt scaling fitted on out-of-fold scores (5 folds by article). The decision
threshold is the one whose output, merged and scored as `make eval-gold` scores it, has the
best event micro F1 on the gold dev split; then each type with at least `MIN_TYPE_GOLD` dev
gold events, the most frequent first, gets a threshold of its own where one raises that micro
F1 by at least `MIN_TYPE_GAIN` (a statement needs more evidence than an attack, or less). The
test split is never read.
"""

from __future__ import annotations

import argparse
import json
import math
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.codec import entity_row, event_row
from pipeline.document import Document, SourceInfo
from pipeline.events.attachment import MODEL_FILE as ATTACHMENT_FILE
from pipeline.events.attachment import AttachmentModel, attach_document
from pipeline.events.detection import (
    MODEL_FILE,
    Candidate,
    DetectionModel,
    decide,
    document_candidates,
)
from pipeline.events.mentions import EventMention
from pipeline.events.merging import MODEL_FILE as MERGING_FILE
from pipeline.events.merging import PairModel
from pipeline.events.records import event_of, merge_mentions
from pipeline.events.reporting import DEFAULT_DIMENSIONS, ReportingModel, feature_vector
from pipeline.events.triggers import TriggerLexicon
from pipeline.gold.compile import GOLD_DIR
from pipeline.gold.scoring import Comparison, compare, find_gold_event, from_output, summary
from pipeline.gold.selection import read_tsv
from pipeline.gold.texts import load_texts, pipeline_input
from pipeline.gold.validate import read_gold
from pipeline.paths import models_dir
from pipeline.stages import Stage, create_stages, run_stages

FOLDS = 5
L2_CHOICES = (0.03, 0.1, 0.3)  # picked by out-of-fold log loss on train
STEPS = 1500
LEARNING_RATE = 10.0  # rows are scaled to length 1: small steps do not converge in STEPS
THRESHOLDS = tuple(t / 100 for t in range(5, 96, 5))
MIN_TYPE_GOLD = 10  # dev gold events a type needs before it may get a threshold of its own
MIN_TYPE_GAIN = 0.02  # micro F1 a type's own threshold must add: two dev events; less is noise
RELIABILITY_BINS = 10
PROFILE = "fast"


@dataclass(slots=True)
class Example:
    doc_id: str
    features: list[str]
    label: bool


@dataclass(slots=True)
class Article:
    """A gold article run through the stages, with the events stage's candidates."""

    gold: dict[str, Any]
    doc: Document
    candidates: list[Candidate]


# --- data ------------------------------------------------------------------------------------


def read_articles(
    split: str, data: Path, gold_dir: Path = GOLD_DIR, attachment: AttachmentModel | None = None
) -> list[Article]:
    """The split's gold articles through the fast profile (no events stage), with candidates;
    their arguments re-attached by `attachment` when given, as the stage does after scoring."""
    if split == "test":
        raise ValueError("the test split is for reporting only: never train or tune on it")
    records = read_gold(gold_dir / f"{split}.jsonl")
    ids = {record["doc_id"] for record in records}
    texts = load_texts(data, [a for a in read_tsv() if a.doc_id in ids])
    stages, lexicon, reporting = _candidate_tools()
    articles = []
    for record in records:
        doc = run_stages(stages, as_document(pipeline_input(texts[record["doc_id"]])))
        candidates = document_candidates(doc, lexicon, reporting)
        attach_document([candidate.mention for candidate in candidates], attachment)
        articles.append(Article(record, doc, candidates))
    return articles


@cache
def _candidate_tools() -> tuple[list[Stage], TriggerLexicon, ReportingModel | None]:
    """The stages before events, the trigger lexicon and the reporting model: built once for
    every split a trainer reads."""
    return (
        create_stages(PROFILE, {}, omit=("events",)),
        TriggerLexicon.packaged(),
        _reporting_model(),
    )


def train_and_dev_articles(args: argparse.Namespace) -> tuple[list[Article], list[Article]]:
    """The train and dev articles of a trainer's arguments, with their arguments re-attached by
    the attachment model written before it (if any)."""
    attachment = attachment_model(args.out)
    train = read_articles("train", args.data, args.gold, attachment)
    return train, read_articles("dev", args.data, args.gold, attachment)


def as_document(line: dict[str, Any]) -> Document:
    source = SourceInfo(path="gold", sha256="0" * 64, encoding="utf-8")
    return Document(
        doc_id=line["id"], text=line["text"], source=source, title=line.get("title"),
        date=line.get("date"), outlet=line.get("source"),
    )  # fmt: skip


def attachment_model(folder: Path) -> AttachmentModel | None:
    """The attachment model `make train-events` wrote to `folder` before this one, if any: the
    merging model and the detection threshold then see the arguments the stage will give."""
    path = folder / ATTACHMENT_FILE.name
    return AttachmentModel.from_file(path) if path.exists() else None


def merging_model(folder: Path) -> PairModel | None:
    """The merging model `make train-events` wrote to `folder` before this one, if any."""
    path = folder / MERGING_FILE.name
    return PairModel.from_file(path) if path.exists() else None


def _reporting_model() -> ReportingModel | None:
    path = models_dir() / "events" / "reporting.json"
    return ReportingModel.from_file(path) if path.exists() else None


def aligned_gold_event(
    mention: EventMention, gold_events: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The gold event of the mention's type whose mention its trigger lies in, by the
    scorer's rule (a non-optional one first), else None."""
    start, end = mention.sentence.span(mention.hit.start, mention.hit.end)
    predicted = {"type": mention.type, "mentions": [{"start": start, "end": end}]}
    return find_gold_event(predicted, gold_events, set())


def candidate_label(candidate: Candidate, gold_events: list[dict[str, Any]]) -> bool | None:
    """True when the trigger lies in a non-optional gold event of its type, False when in
    none, None when only in an optional one (left out of training)."""
    target = aligned_gold_event(candidate.mention, gold_events)
    if target is None:
        return False
    return None if target["optional"] else True


def examples_of(articles: list[Article]) -> list[Example]:
    examples = []
    for article in articles:
        for candidate in article.candidates:
            label = candidate_label(candidate, article.gold["events"])
            if label is not None:
                examples.append(Example(article.doc.doc_id, candidate.features, label))
    return examples


# --- fitting ---------------------------------------------------------------------------------


def fit(
    examples: list[Example], l2: float, dimensions: int = DEFAULT_DIMENSIONS
) -> tuple[dict[int, float], float]:
    """Logistic regression by full-batch gradient descent; rows scaled to length 1."""
    if not examples:
        return {}, 0.0
    columns, values, rows = _sparse_rows(examples, dimensions)
    labels = np.array([e.label for e in examples], dtype=np.float64)
    weights = np.zeros(dimensions)
    bias = 0.0
    count = len(examples)
    for _ in range(STEPS):
        scores = np.bincount(rows, weights=weights[columns] * values, minlength=count) + bias
        errors = 1.0 / (1.0 + np.exp(-scores)) - labels
        gradient = np.bincount(columns, weights=values * errors[rows], minlength=dimensions)
        weights -= LEARNING_RATE * (gradient / count + l2 * weights / count)
        bias -= LEARNING_RATE * float(errors.mean())
    sparse = {int(i): float(weights[i]) for i in np.flatnonzero(np.abs(weights) > 1e-6)}
    return sparse, bias


def _sparse_rows(
    examples: list[Example], dimensions: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    columns: list[int] = []
    values: list[float] = []
    rows: list[int] = []
    for row, example in enumerate(examples):
        indexes = sorted(feature_vector(example.features, dimensions))
        columns += indexes
        values += [1.0 / math.sqrt(len(indexes))] * len(indexes)
        rows += [row] * len(indexes)
    return np.array(columns, dtype=np.int64), np.array(values), np.array(rows, dtype=np.int64)


def fold_of(doc_id: str) -> int:
    return zlib.crc32(doc_id.encode("utf-8")) % FOLDS


def out_of_fold_scores(examples: list[Example], l2: float, dimensions: int) -> list[float]:
    """Each example's raw score from a model trained on the other articles' folds."""
    scores = [0.0] * len(examples)
    for fold in range(FOLDS):
        training = [e for e in examples if fold_of(e.doc_id) != fold]
        weights, bias = fit(training, l2, dimensions)
        model = DetectionModel(dimensions, weights, bias, 1.0, 0.0, 0.5)
        for index, example in enumerate(examples):
            if fold_of(example.doc_id) == fold:
                scores[index] = model.score(example.features)
    return scores


def platt(scores: list[float], labels: list[bool]) -> tuple[float, float]:
    """(scale, shift) of sigmoid(scale * score + shift) fitted by Newton's method, with
    Platt's smoothed targets."""
    x = np.array(scores)
    positives = sum(labels)
    negatives = len(labels) - positives
    high, low = (positives + 1) / (positives + 2), 1 / (negatives + 2)
    y = np.array([high if label else low for label in labels])
    a, b = 1.0, 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(a * x + b)))
        weight = np.maximum(p * (1 - p), 1e-9)
        gradient = np.array([np.sum((p - y) * x), np.sum(p - y)])
        hessian = np.array(
            [[np.sum(weight * x * x), np.sum(weight * x)], [np.sum(weight * x), np.sum(weight)]]
        )
        step = np.linalg.solve(hessian + 1e-9 * np.eye(2), gradient)
        a, b = a - step[0], b - step[1]
        if np.max(np.abs(step)) < 1e-9:
            break
    return float(a), float(b)


def log_loss(probabilities: list[float], labels: list[bool]) -> float:
    total = 0.0
    for p, label in zip(probabilities, labels, strict=True):
        p = min(max(p, 1e-12), 1 - 1e-12)
        total -= math.log(p if label else 1 - p)
    return total / max(len(labels), 1)


def train(
    examples: list[Example],
    dimensions: int = DEFAULT_DIMENSIONS,
    l2_choices: tuple[float, ...] = L2_CHOICES,
) -> tuple[DetectionModel, dict[str, Any]]:
    """The model (threshold 0.5 until one is chosen) and what the choice of L2 among
    `l2_choices` saw."""
    labels = [e.label for e in examples]
    losses = {}
    calibrations = {}
    areas = {}
    for l2 in l2_choices:
        scores = out_of_fold_scores(examples, l2, dimensions)
        scale, shift = platt(scores, labels)
        calibrated = [1.0 / (1.0 + math.exp(-(scale * s + shift))) for s in scores]
        losses[l2] = log_loss(calibrated, labels)
        calibrations[l2] = (scale, shift)
        areas[l2] = auc(scores, labels)
    best = min(l2_choices, key=lambda l2: losses[l2])
    weights, bias = fit(examples, best, dimensions)
    scale, shift = calibrations[best]
    model = DetectionModel(dimensions, weights, bias, scale, shift, 0.5)
    rounded = {str(l2): round(loss, 4) for l2, loss in losses.items()}
    return model, {
        "l2": best,
        "out_of_fold_log_loss": rounded,
        "out_of_fold_auc": round(areas[best], 4),
    }


def auc(scores: list[float], labels: list[bool]) -> float:
    """Area under the ROC curve: the chance a positive outscores a negative (ties half)."""
    positives = [s for s, label in zip(scores, labels, strict=True) if label]
    negatives = [s for s, label in zip(scores, labels, strict=True) if not label]
    if not positives or not negatives:
        return 0.5
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


# --- choosing the threshold on dev -----------------------------------------------------------


def written_events(
    article: Article, model: DetectionModel, cut: float | None, merging: PairModel | None = None
) -> dict[str, Any]:
    """The article's document record as the events stage would write it at `cut` (None: the
    model's thresholds; mentions merged by `merging`, else by the rules), in the scorer's
    predicted shape."""
    accepted, _ = decide(article.candidates, model, cut)
    records = merge_mentions(accepted, merging)
    events = [event_row(event_of(article.doc, record, n)) for n, record in enumerate(records)]
    entities = [entity_row(entity) for entity in article.doc.entities]
    return from_output({"doc_id": article.doc.doc_id, "entities": entities, "events": events})


def event_figures(
    articles: list[Article],
    model: DetectionModel,
    cut: float | None = None,
    merging: PairModel | None = None,
) -> dict[str, Any]:
    result = Comparison()
    for article in articles:
        compare(article.gold, written_events(article, model, cut, merging), result)
    return summary(result)["events"]


def sweep_row(threshold: float, events: dict[str, Any]) -> dict[str, Any]:
    micro = events["micro"]
    return {
        "threshold": threshold, "p": _figure(micro["p"]), "r": _figure(micro["r"]),
        "f1": _figure(micro["f1"]), "predicted": micro["predicted"],
        "duplicates": events["duplicates"],
    }  # fmt: skip


def choose_threshold(
    articles: list[Article], model: DetectionModel, merging: PairModel | None = None
) -> tuple[float, list[dict[str, Any]]]:
    """The threshold of the best event micro F1 on `articles` (dev), mentions merged as the
    events stage merges them, and the whole sweep."""
    sweep = [sweep_row(cut, event_figures(articles, model, cut, merging)) for cut in THRESHOLDS]
    best = max(sweep, key=lambda row: (row["f1"], -row["threshold"]))
    return best["threshold"], sweep


def choose_type_thresholds(
    articles: list[Article], model: DetectionModel, merging: PairModel | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Give `model` a threshold of its own for each frequent type where one raises the dev
    micro F1 (the others held where they are); returns each tried type's sweep."""
    model.type_thresholds = {}
    gold_types = Counter(
        event["type"] for a in articles for event in a.gold["events"] if not event["optional"]
    )
    sweeps: dict[str, list[dict[str, Any]]] = {}
    current = _figure(event_figures(articles, model, None, merging)["micro"]["f1"])
    for event_type, count in gold_types.most_common():
        if count < MIN_TYPE_GOLD:
            break
        rows = []
        for cut in THRESHOLDS:
            model.type_thresholds[event_type] = cut
            rows.append(sweep_row(cut, event_figures(articles, model, None, merging)))
        best = max(rows, key=lambda row: (row["f1"], -abs(row["threshold"] - model.threshold)))
        sweeps[event_type] = rows
        if best["f1"] >= current + MIN_TYPE_GAIN:
            model.type_thresholds[event_type] = best["threshold"]
            current = best["f1"]
        else:
            del model.type_thresholds[event_type]
    return sweeps


def _figure(value: float | None) -> float:
    """A P, R or F1 rounded for the sweep; 0 where undefined (no event written)."""
    return 0.0 if value is None else round(value, 4)


def reliability(examples: list[Example], model: DetectionModel) -> list[dict[str, Any]]:
    """Calibrated probability against the share of positives, by bins of width 0.1."""
    bins: list[list[tuple[float, bool]]] = [[] for _ in range(RELIABILITY_BINS)]
    for example in examples:
        p = model.probability(example.features)
        bins[min(int(p * RELIABILITY_BINS), RELIABILITY_BINS - 1)].append((p, example.label))
    table = []
    for index, items in enumerate(bins):
        if not items:
            continue
        table.append(
            {
                "bin": f"{index / RELIABILITY_BINS:.1f}-{(index + 1) / RELIABILITY_BINS:.1f}",
                "candidates": len(items),
                "mean_probability": round(sum(p for p, _ in items) / len(items), 3),
                "positive_share": round(sum(1 for _, y in items if y) / len(items), 3),
            }
        )
    return table


def brier(examples: list[Example], model: DetectionModel) -> float:
    errors = [(model.probability(e.features) - e.label) ** 2 for e in examples]
    return sum(errors) / max(len(errors), 1)


# --- command ---------------------------------------------------------------------------------


def markdown(figures: dict[str, Any]) -> str:
    """The model card's tables."""
    lines = ["| threshold | P | R | F1 | records | duplicates |", "|---|---|---|---|---|---|"]
    for row in figures["dev_threshold_sweep"]:
        mark = " **(chosen)**" if row["threshold"] == figures["threshold"] else ""
        lines.append(
            f"| {row['threshold']:.2f}{mark} | {100 * row['p']:.1f} | {100 * row['r']:.1f} | "
            f"{100 * row['f1']:.1f} | {row['predicted']} | {row['duplicates']} |"
        )
    for event_type, rows in figures.get("dev_type_threshold_sweeps", {}).items():
        own = figures["type_thresholds"].get(event_type)
        lines += ["", f"{event_type} alone (others held): threshold {own if own else 'shared'}"]
        lines += ["", "| threshold | P | R | F1 | records |", "|---|---|---|---|---|"]
        for row in rows:
            lines.append(
                f"| {row['threshold']:.2f} | {100 * row['p']:.1f} | {100 * row['r']:.1f} | "
                f"{100 * row['f1']:.1f} | {row['predicted']} |"
            )
    lines += ["", "| probability | candidates | mean probability | share positive |"]
    lines.append("|---|---|---|---|")
    for row in figures["dev_reliability"]:
        lines.append(
            f"| {row['bin']} | {row['candidates']} | {row['mean_probability']:.3f} | "
            f"{row['positive_share']:.3f} |"
        )
    return "\n".join(lines)


def trainer_arguments(description: str) -> argparse.ArgumentParser:
    """The options every events-stage trainer of `make train-events` takes."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("models/events"))
    parser.add_argument("--gold", type=Path, default=GOLD_DIR)
    parser.add_argument("--dimensions", type=int, default=DEFAULT_DIMENSIONS)
    return parser


def save_model(model: Any, path: Path, description: str, trained_on: str, figures: dict) -> None:
    """Write a trained events-stage model with its card fields (what, data, command, figures)."""
    model.extra = {
        "description": description,
        "trained_on": trained_on,
        "command": "make train-events",
        "figures": figures,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model.to_dict(), ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = trainer_arguments(__doc__.split("\n")[0])
    args = parser.parse_args(argv)
    started = time.monotonic()
    train_articles, dev_articles = train_and_dev_articles(args)
    train_examples = examples_of(train_articles)
    dev_examples = examples_of(dev_articles)
    model, choice = train(train_examples, args.dimensions)
    merging = merging_model(args.out)
    model.threshold, sweep = choose_threshold(dev_articles, model, merging)
    type_sweeps = choose_type_thresholds(dev_articles, model, merging)
    chosen = sweep_row(model.threshold, event_figures(dev_articles, model, None, merging))
    figures = {
        "train_candidates": len(train_examples),
        "train_positive": sum(e.label for e in train_examples),
        "dev_candidates": len(dev_examples),
        "dev_positive": sum(e.label for e in dev_examples),
        **choice,
        "threshold": model.threshold,
        "type_thresholds": dict(model.type_thresholds),
        "dev_figures": {key: chosen[key] for key in ("p", "r", "f1", "predicted", "duplicates")},
        "dev_brier": round(brier(dev_examples, model), 4),
        "dev_auc": round(
            auc([model.score(e.features) for e in dev_examples], [e.label for e in dev_examples]),
            4,
        ),
        "dev_threshold_sweep": sweep,
        "dev_type_threshold_sweeps": type_sweeps,
        "dev_reliability": reliability(dev_examples, model),
    }
    path = args.out / MODEL_FILE.name
    save_model(
        model,
        path,
        "Event detection model of the events stage (pipeline/events/detection.py).",
        "corpus/gold/train.jsonl (gold corpus v1.0 over SaudiNewsNet, "
        "CC BY-NC-SA 4.0), candidates of the fast profile; threshold chosen on "
        "corpus/gold/dev.jsonl",
        figures,
    )
    print(
        f"train: {figures['train_candidates']} candidates ({figures['train_positive']} "
        f"positive); dev: {figures['dev_candidates']} ({figures['dev_positive']} positive); "
        f"L2 {choice['l2']}; threshold {model.threshold:.2f} (best dev event F1), by type "
        f"{model.type_thresholds or 'none'}; dev event P / R / F1 with them "
        f"{chosen['p']} / {chosen['r']} / {chosen['f1']}; "
        f"dev Brier {figures['dev_brier']}; AUC out-of-fold on train "
        f"{figures['out_of_fold_auc']}, dev {figures['dev_auc']}"
    )
    print(markdown(figures))
    print(f"wrote {path} ({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
