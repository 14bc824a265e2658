"""`make train-events`: the events stage's merging model, from the gold corpus.

    python -m pipeline.training.events_merging --data ../shared/data --out models/events

The gold train split's articles run through the fast profile without the events stage
(`events_detection.read_articles`); each candidate mention is aligned to a gold event by the
scorer's rule (`events_detection.aligned_gold_event`). Every gold event lists all its
mentions, so the aligned mentions replay the right clustering: walking them in text order,
each is paired with every record of its type built so far (the record being the earlier
mentions of one gold event) that the stage would compare it with (`merging.comparable`),
labelled same when they belong to the same gold event. Mentions
that lie in no gold event have no identity to learn from and are left out.

The model is the detection model's learner (`events_detection.train`: L2 chosen among
`L2_CHOICES` by out-of-fold log loss over 5 folds by article, Platt scaling on out-of-fold
scores) over `merging.pair_features`. The threshold is the one whose clustering of the dev split's
aligned mentions has the best B-cubed F1 (it does not depend on the detection model); the
whole pipeline's dev event figures at each threshold (the accepted mentions of the detection
model found in `--out`, merged and scored as `make eval-gold` scores them; `make
train-events` retrains that model afterwards, so these are the previous one's) are printed
beside it. The test split is never read.
"""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

from pipeline.events.detection import MODEL_FILE as DETECTION_FILE
from pipeline.events.detection import DetectionModel
from pipeline.events.mentions import EventMention
from pipeline.events.merging import (
    MODEL_FILE,
    Context,
    EventRecord,
    PairModel,
    cluster,
    comparable,
    model_score,
    pair_features,
)
from pipeline.training.events_detection import (
    Article,
    Example,
    aligned_gold_event,
    auc,
    event_figures,
    save_model,
    train,
    train_and_dev_articles,
    trainer_arguments,
)

THRESHOLDS = tuple(t / 100 for t in range(10, 91, 5))
L2_CHOICES = (0.1, 0.3, 1.0, 3.0)  # picked by out-of-fold log loss on train


def aligned_mentions(article: Article) -> list[tuple[EventMention, str]]:
    """The article's candidate mentions that lie in a gold event, with that event's id."""
    pairs = []
    for candidate in article.candidates:
        target = aligned_gold_event(candidate.mention, article.gold["events"])
        if target is not None:
            pairs.append((candidate.mention, target["id"]))
    return pairs


def pair_examples(article: Article) -> list[Example]:
    """(record so far, mention) pairs of the article's gold clustering, labelled same or not."""
    examples = []
    records: dict[str, list[tuple[str, EventRecord]]] = defaultdict(list)
    for mention, gold_id in aligned_mentions(article):
        built = records[mention.type]
        kept = [record for _, record in built]
        for index, (record_id, record) in enumerate(built):
            if not comparable(record, mention):
                continue
            features = pair_features(record, mention, Context(kept, index))
            examples.append(Example(article.doc.doc_id, features, record_id == gold_id))
        own = next((record for record_id, record in built if record_id == gold_id), None)
        if own is None:
            built.append((gold_id, EventRecord([mention])))
        else:
            own.mentions.append(mention)
    return examples


def b_cubed(articles: list[Article], model: PairModel, cut: float) -> dict[str, float]:
    """B-cubed precision, recall and F1 of the model's clustering of the aligned mentions
    (each mention: the share of its record in its gold event, and of its gold event in its
    record)."""
    precision = recall = 0.0
    count = 0
    for article in articles:
        aligned = aligned_mentions(article)
        gold_of = {id(mention): gold_id for mention, gold_id in aligned}
        records = cluster([m for m, _ in aligned], model_score(model), cut)
        gold_sizes: dict[str, int] = defaultdict(int)
        for _, gold_id in aligned:
            gold_sizes[gold_id] += 1
        for record in records:
            ids = [gold_of[id(mention)] for mention in record.mentions]
            for gold_id in ids:
                shared = ids.count(gold_id)
                precision += shared / len(ids)
                recall += shared / gold_sizes[gold_id]
                count += 1
    p, r = precision / max(count, 1), recall / max(count, 1)
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def sweep(
    articles: list[Article], model: PairModel, detection: DetectionModel | None
) -> list[dict[str, Any]]:
    """Per threshold: B-cubed on the aligned mentions and, with a detection model, the
    pipeline's event figures on the split."""
    rows = []
    for cut in THRESHOLDS:
        model.threshold = cut
        scores = b_cubed(articles, model, cut)
        row: dict[str, Any] = {"threshold": cut}
        row.update({f"b3_{name}": round(value, 4) for name, value in scores.items()})
        if detection is not None:
            events = event_figures(articles, detection, None, model)
            micro = events["micro"]
            row.update(
                p=round(micro["p"], 4), r=round(micro["r"], 4), f1=round(micro["f1"], 4),
                predicted=micro["predicted"], duplicates=events["duplicates"],
            )  # fmt: skip
        rows.append(row)
    return rows


def markdown(figures: dict[str, Any]) -> str:
    """The model card's table."""
    lines = [
        "| threshold | B³ P | B³ R | B³ F1 | event P | event R | event F1 | records | duplicates |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in figures["dev_threshold_sweep"]:
        mark = " **(chosen)**" if row["threshold"] == figures["threshold"] else ""
        events = (
            f"{100 * row['p']:.1f} | {100 * row['r']:.1f} | {100 * row['f1']:.1f} | "
            f"{row['predicted']} | {row['duplicates']}"
            if "p" in row
            else "– | – | – | – | –"
        )
        lines.append(
            f"| {row['threshold']:.2f}{mark} | {100 * row['b3_p']:.1f} | {100 * row['b3_r']:.1f} | "
            f"{100 * row['b3_f1']:.1f} | {events} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = trainer_arguments(__doc__.split("\n")[0])
    args = parser.parse_args(argv)
    started = time.monotonic()
    train_articles, dev_articles = train_and_dev_articles(args)
    train_examples = [e for article in train_articles for e in pair_examples(article)]
    dev_examples = [e for article in dev_articles for e in pair_examples(article)]
    model, choice = train(train_examples, args.dimensions, L2_CHOICES)
    detection_path = args.out / DETECTION_FILE.name
    detection = DetectionModel.from_file(detection_path) if detection_path.exists() else None
    rows = sweep(dev_articles, model, detection)
    best = max(rows, key=lambda row: (row["b3_f1"], row["threshold"]))
    model.threshold = best["threshold"]
    figures = {
        "train_pairs": len(train_examples),
        "train_same": sum(e.label for e in train_examples),
        "dev_pairs": len(dev_examples),
        "dev_same": sum(e.label for e in dev_examples),
        **choice,
        "threshold": model.threshold,
        "dev_auc": round(
            auc([model.score(e.features) for e in dev_examples], [e.label for e in dev_examples]),
            4,
        ),
        "dev_threshold_sweep": rows,
    }
    path = args.out / MODEL_FILE.name
    save_model(
        model,
        path,
        "Within-article merging model of the events stage "
        "(pipeline/events/merging.py): P(mention is of the same event as the record so far).",
        "corpus/gold/train.jsonl (gold corpus v1.0 over SaudiNewsNet, "
        "CC BY-NC-SA 4.0), fast-profile candidates aligned to gold events; threshold chosen "
        "on corpus/gold/dev.jsonl (B-cubed F1)",
        figures,
    )
    print(
        f"train: {figures['train_pairs']} pairs ({figures['train_same']} same); dev: "
        f"{figures['dev_pairs']} ({figures['dev_same']} same); L2 {choice['l2']}; AUC "
        f"out-of-fold on train {figures['out_of_fold_auc']}, dev {figures['dev_auc']}; "
        f"threshold {model.threshold:.2f} (best dev B-cubed F1)"
    )
    print(markdown(figures))
    print(f"wrote {path} ({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
