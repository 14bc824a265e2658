"""`make train-events`: the events stage's argument attachment model, from the gold corpus.

    python -m pipeline.training.events_attachment --data ../shared/data --out models/events

The gold train split's articles run through the fast profile without the events stage
(`events_detection.read_articles`); each event mention the rules find that lies in a gold
event (the scorer's matching rule, optional gold events included: their arguments are scored
too) gives one row per (role, candidate) pair of its sentence (`pipeline/events/attachment.py`).
A pair is positive when the candidate is that gold event's argument in that role: an actor
whose words overlap a gold actor of the role, a place that overlaps the gold place or has its
words, a time with the gold date's value (or over the gold time's words), a count with the
gold bounds of that casualty kind.

An L2-regularised logistic regression (the detection trainer's `fit`) is fitted on train; the
L2 weight is chosen by the pair log loss on the gold dev split, and each role's threshold by
that role's F1 after decoding (each actor its likeliest role) over dev and the out-of-fold
scores of train (5 folds by article) together; so is the place's, the likeliest place of the
sentence being taken only above it; the other slots take their likeliest candidate above a
floor (`SLOT_FLOOR`). The test split is never read.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from pipeline.events.attachment import (
    ACTOR_ROLES,
    MODEL_FILE,
    ROLES,
    SLOT_FLOOR,
    AttachmentModel,
    Pair,
    decide_arguments,
    mention_pairs,
    new_model,
    sentence_arguments,
)
from pipeline.events.detection import document_candidates
from pipeline.events.mentions import EventMention
from pipeline.events.reporting import ReportingModel
from pipeline.events.triggers import TriggerLexicon
from pipeline.gold.scoring import find_gold_event, same_phrase
from pipeline.gold.selection import read_tsv
from pipeline.gold.texts import load_texts, pipeline_input
from pipeline.gold.validate import read_gold
from pipeline.paths import models_dir
from pipeline.stages import create_stages, run_stages
from pipeline.training import events_detection
from pipeline.training.events_detection import (
    FOLDS,
    Article,
    Example,
    fit,
    fold_of,
    log_loss,
    read_articles,
    save_model,
    trainer_arguments,
)

L2_CHOICES = (0.01, 0.03, 0.1, 0.3)
# training rows from the fast profile only: adding the accurate profile's (parse features)
# scored no better on dev and takes several minutes of stanza (models/events/README.md)
PROFILES = ("fast",)
THRESHOLDS = tuple(t / 100 for t in range(10, 91, 5))
TUNED_ROLES = (*ACTOR_ROLES, "place")  # roles whose threshold is chosen by F1


@dataclass(slots=True)
class Instance:
    """A mention that lies in a gold event, with its scored pairs and what the gold says."""

    doc_id: str
    mention: EventMention
    gold: dict[str, Any]
    pairs: list[Pair]
    labels: list[bool]
    probabilities: list[float] | None = None  # the model's, once scored


# --- data ------------------------------------------------------------------------------------


def profile_articles(split: str, args: argparse.Namespace, profile: str) -> list[Article]:
    """The split's gold articles through `profile` (no events stage), with their candidates:
    the accurate profile's rows teach the parse features, the fast profile's the rest."""
    if profile == events_detection.PROFILE:
        return read_articles(split, args.data, args.gold)
    if split == "test":
        raise ValueError("the test split is for reporting only: never train or tune on it")
    records = read_gold(args.gold / f"{split}.jsonl")
    ids = {record["doc_id"] for record in records}
    texts = load_texts(args.data, [a for a in read_tsv() if a.doc_id in ids])
    stages = create_stages(profile, {}, omit=("events",))
    lexicon = TriggerLexicon.packaged()
    reporting_path = models_dir() / "events" / "reporting.json"
    reporting = ReportingModel.from_file(reporting_path) if reporting_path.exists() else None
    articles = []
    for record in records:
        line = pipeline_input(texts[record["doc_id"]])
        doc = run_stages(stages, events_detection.as_document(line))
        articles.append(Article(record, doc, document_candidates(doc, lexicon, reporting)))
    return articles


def instances_of(articles: list[Article]) -> list[Instance]:
    found = []
    for article in articles:
        mentions = [candidate.mention for candidate in article.candidates]
        groups: dict[int, list[EventMention]] = {}
        for mention in mentions:
            groups.setdefault(mention.sentence.index, []).append(mention)
        for group in groups.values():
            arguments = sentence_arguments(group[0].sentence, group)
            for mention in group:
                gold = gold_event_of(mention, article.gold["events"])
                if gold is None:
                    continue
                pairs = mention_pairs(mention, arguments)
                labels = [pair_label(article, mention, pair, gold) for pair in pairs]
                found.append(Instance(article.doc.doc_id, mention, gold, pairs, labels))
    return found


def gold_event_of(mention: EventMention, events: list[dict[str, Any]]) -> dict[str, Any] | None:
    start, end = mention.sentence.span(mention.hit.start, mention.hit.end)
    predicted = {"type": mention.type, "mentions": [{"start": start, "end": end}]}
    return find_gold_event(predicted, events, set())


def pair_label(article: Article, mention: EventMention, pair: Pair, gold: dict[str, Any]) -> bool:
    start, end = mention.sentence.span(*pair.span)
    text = article.doc.text[start:end]
    predicted = {"text": text, "start": start, "end": end}
    if pair.role in ACTOR_ROLES:
        return any(
            actor["role"] == pair.role and _same(predicted, actor) for actor in gold["actors"]
        )
    if pair.role == "place":
        place = gold["location"]
        return place is not None and (_same(predicted, place) or same_phrase({"text": text}, place))
    if pair.role == "time":
        gold_time = gold["time"]
        if gold_time is None:
            return False
        return pair.item.value is not None and pair.item.value == gold_time["value"]
    count = (gold["casualties"] or {}).get(pair.role)
    quantity = pair.item.quantity
    return count is not None and (quantity.min, quantity.max) == (count["min"], count["max"])


def _same(predicted: dict[str, Any], gold: dict[str, Any]) -> bool:
    if gold.get("start") is None:
        return same_phrase({"text": predicted["text"]}, gold)
    return same_phrase(predicted, gold)


def examples_of(instances: list[Instance]) -> list[Example]:
    return [
        Example(instance.doc_id, pair.features, label)
        for instance in instances
        for pair, label in zip(instance.pairs, instance.labels, strict=True)
    ]


# --- choosing ---------------------------------------------------------------------------------


def decoded_tallies(
    instances: list[Instance], model: AttachmentModel, thresholds: dict[str, float]
) -> dict[str, Counter[str]]:
    """Per role: pairs chosen (`predicted`), chosen and right (`tp`), right ones on offer
    (`gold`: for an actor role every positive pair, for a slot one per mention that has one)."""
    tallies = {role: Counter() for role in ROLES}
    for instance in instances:
        if instance.probabilities is None:
            instance.probabilities = [model.probability(pair.features) for pair in instance.pairs]
        scored = list(zip(instance.pairs, instance.probabilities, strict=True))
        labels = {
            id(pair): label for pair, label in zip(instance.pairs, instance.labels, strict=True)
        }
        decide_arguments(instance.mention, scored, thresholds)
        mention = instance.mention
        chosen: list[tuple[str, Any]] = [(actor.role, actor.candidate) for actor in mention.actors]
        for role, item in (("place", mention.location), ("time", mention.time),
                           ("killed", mention.killed), ("injured", mention.injured)):  # fmt: skip
            if item is not None:
                chosen.append((role, item))
        right = {(pair.role, id(pair.item)) for pair in instance.pairs if labels[id(pair)]}
        for role, item in chosen:
            tallies[role]["predicted"] += 1
            tallies[role]["tp"] += (role, id(item)) in right
        for role in ROLES:
            offered = sum(1 for r, _ in right if r == role)
            tallies[role]["gold"] += offered if role in ACTOR_ROLES else min(offered, 1)
    return tallies


def f1(tally: Counter[str]) -> float:
    denominator = tally["predicted"] + tally["gold"]
    return 2 * tally["tp"] / denominator if denominator else 0.0


def choose_thresholds(
    instances: list[Instance], model: AttachmentModel
) -> tuple[dict[str, float], dict[str, Any]]:
    """Each actor role's and the place's threshold of the best decoded F1 on `instances`, one
    role at a time with the others at their best so far, twice over (ties go to the cut
    nearest the start: 0.5 for an actor, the floor for the place); the other slots keep
    their floor. The place is chosen so because a wrong place on a record is worse than none:
    at the floor, dev records got a place the text does not give as often as a right one."""
    thresholds = {role: 0.5 if role in ACTOR_ROLES else SLOT_FLOOR for role in ROLES}
    for _ in range(2):
        for role in TUNED_ROLES:
            start = 0.5 if role in ACTOR_ROLES else SLOT_FLOOR
            cuts = THRESHOLDS if role in ACTOR_ROLES else (SLOT_FLOOR, *THRESHOLDS)
            best = max(
                cuts,
                key=lambda cut: (
                    f1(decoded_tallies(instances, model, {**thresholds, role: cut})[role]),
                    -abs(cut - start),
                ),
            )
            thresholds[role] = best
    tallies = decoded_tallies(instances, model, thresholds)
    return thresholds, {role: _scores(tallies[role]) for role in ROLES}


def _scores(tally: Counter[str]) -> dict[str, Any]:
    p = tally["tp"] / tally["predicted"] if tally["predicted"] else 0.0
    r = tally["tp"] / tally["gold"] if tally["gold"] else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f1(tally), 4), **tally}


def rule_tallies(instances: list[Instance]) -> dict[str, Any]:
    """The rules' own choice (the `rule=True` pairs), scored as the model's decoding is."""
    tallies = {role: Counter() for role in ROLES}
    for instance in instances:
        for pair, label in zip(instance.pairs, instance.labels, strict=True):
            if f"{pair.role}|rule=True" in pair.features:
                tallies[pair.role]["predicted"] += 1
                tallies[pair.role]["tp"] += label
        for role in ROLES:
            offered = sum(1 for p, y in zip(instance.pairs, instance.labels, strict=True)
                          if y and p.role == role)  # fmt: skip
            tallies[role]["gold"] += offered if role in ACTOR_ROLES else min(offered, 1)
    return {role: _scores(tallies[role]) for role in ROLES}


def score_out_of_fold(instances: list[Instance], l2: float, dimensions: int) -> None:
    """Give each train instance the probabilities of a model fitted on the other folds."""
    for fold in range(FOLDS):
        held_out = [i for i in instances if fold_of(i.doc_id) == fold]
        weights, bias = fit(
            examples_of([i for i in instances if fold_of(i.doc_id) != fold]), l2, dimensions
        )
        model = new_model(weights, bias, dimensions)
        for instance in held_out:
            instance.probabilities = [model.probability(p.features) for p in instance.pairs]


def pair_loss(model: AttachmentModel, examples: list[Example]) -> float:
    probabilities = [model.probability(e.features) for e in examples]
    return log_loss(probabilities, [e.label for e in examples])


def train(
    train_examples: list[Example], dev_examples: list[Example], dimensions: int
) -> tuple[AttachmentModel, dict[str, Any]]:
    """The model of the L2 weight with the lowest dev pair log loss."""
    losses = {}
    models = {}
    for l2 in L2_CHOICES:
        weights, bias = fit(train_examples, l2, dimensions)
        models[l2] = new_model(weights, bias, dimensions)
        losses[l2] = pair_loss(models[l2], dev_examples)
    best = min(L2_CHOICES, key=lambda l2: losses[l2])
    return models[best], {
        "l2": best,
        "dev_log_loss": {str(k): round(v, 4) for k, v in losses.items()},
    }


# --- command ---------------------------------------------------------------------------------


def markdown(figures: dict[str, Any]) -> str:
    lines = [
        "| role | threshold | rules P / R / F1 | model P / R / F1 | dev pairs (positive) |",
        "|---|---|---|---|---|",
    ]
    for role in ROLES:
        rule, model = figures["dev_rules"][role], figures["dev_model"][role]
        lines.append(
            f"| {role} | {figures['thresholds'][role]:.2f} | "
            f"{_prf(rule)} | {_prf(model)} | {figures['dev_pairs'][role]} |"
        )
    return "\n".join(lines)


def _prf(scores: dict[str, Any]) -> str:
    return " / ".join(f"{100 * scores[key]:.1f}" for key in ("p", "r", "f1"))


def _pair_counts(instances: list[Instance]) -> dict[str, str]:
    counts: dict[str, Counter[bool]] = {role: Counter() for role in ROLES}
    for instance in instances:
        for pair, label in zip(instance.pairs, instance.labels, strict=True):
            counts[pair.role][label] += 1
    return {role: f"{sum(c.values())} ({c[True]})" for role, c in counts.items()}


def main(argv: list[str] | None = None) -> None:
    parser = trainer_arguments(__doc__.split("\n")[0])
    parser.add_argument(
        "--profiles",
        default=",".join(PROFILES),
        help="profiles whose mentions are training rows, e.g. fast,accurate (parse features)",
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    profiles = args.profiles.split(",")
    train_instances = [
        i for p in profiles for i in instances_of(profile_articles("train", args, p))
    ]
    dev_instances = [i for p in profiles for i in instances_of(profile_articles("dev", args, p))]
    dev_rules = rule_tallies(dev_instances)  # before decoding changes the mentions
    train_examples, dev_examples = examples_of(train_instances), examples_of(dev_instances)
    model, choice = train(train_examples, dev_examples, args.dimensions)
    for instance in dev_instances:
        instance.probabilities = None  # scored by the chosen model
    # thresholds on dev and the out-of-fold scores of train together: dev alone holds too
    # few arguments of some roles for a stable choice
    score_out_of_fold(train_instances, choice["l2"], args.dimensions)
    model.thresholds, _ = choose_thresholds(train_instances + dev_instances, model)
    dev_model = {
        role: _scores(t)
        for role, t in decoded_tallies(dev_instances, model, model.thresholds).items()
    }
    figures = {
        "train_mentions": len(train_instances),
        "train_pairs": len(train_examples),
        "train_positive": sum(e.label for e in train_examples),
        "dev_mentions": len(dev_instances),
        "dev_pairs": _pair_counts(dev_instances),
        **choice,
        "thresholds": model.thresholds,
        "dev_rules": dev_rules,
        "dev_model": dev_model,
        "seconds": round(time.monotonic() - started),
    }
    path = args.out / MODEL_FILE.name
    save_model(
        model,
        path,
        "Argument attachment model of the events stage (pipeline/events/attachment.py).",
        "corpus/gold/train.jsonl (gold corpus v1.0 over SaudiNewsNet, "
        "CC BY-NC-SA 4.0), mentions of the fast profile; L2 and thresholds chosen on "
        "corpus/gold/dev.jsonl",
        figures,
    )
    print(
        f"train: {figures['train_mentions']} mentions, {figures['train_pairs']} pairs "
        f"({figures['train_positive']} positive); dev: {figures['dev_mentions']} mentions; "
        f"L2 {choice['l2']} (dev log loss {choice['dev_log_loss']})"
    )
    print(markdown(figures))
    print(f"wrote {path} ({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
