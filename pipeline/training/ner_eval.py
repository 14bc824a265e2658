"""`make eval-ner`: entity-level scores of the shipped NER models on ANERcorp test.

    python -m pipeline.training.ner_eval --data ../shared/data --models models

For each shipped recogniser, with and without the gazetteer layer, prints precision, recall and
F1 (exact token span and type; CoNLL-style) per type and micro-averaged, and the recogniser's
speed in words per second on the test text (median of `--repeats` timed passes, one thread).
The recognisers, the gazetteer and the merge are the same objects the `ner` stage uses; the
last row of each model adds the stage's span hygiene (`pipeline/ner/hygiene.py`: descriptors,
nisba adjectives, coordinations). The proclitic clean-up of the stage is not applied, because
ANERcorp's gold spans are whole words. `--split dev` scores dev (to choose between models).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipeline.ner import Mention
from pipeline.ner.clitics import ProcliticStripper
from pipeline.ner.consistency import propagate
from pipeline.ner.gazetteer import Gazetteer, merge
from pipeline.ner.hygiene import SpanHygiene
from pipeline.ner.recognisers import Recogniser, load_recogniser
from pipeline.training.ner_data import LABELS, TaggedSentence, load_split

Span = tuple[int, int, int, str]  # sentence, start, end, label
# ANERcorp marks no article ends: document consistency runs over windows of this many sentences
DOCUMENT_WINDOW = 10


@dataclass(slots=True)
class Scores:
    true_positives: Counter[str]
    predicted: Counter[str]
    gold: Counter[str]

    def row(self, label: str | None) -> tuple[float, float, float]:
        """Precision, recall, F1 in percent for one label, or micro-averaged for None."""
        if label is None:
            tp, pred, gold = (
                sum(c.values()) for c in (self.true_positives, self.predicted, self.gold)
            )
        else:
            tp, pred, gold = self.true_positives[label], self.predicted[label], self.gold[label]
        precision = 100 * tp / pred if pred else 0.0
        recall = 100 * tp / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def score(gold: set[Span], predicted: set[Span]) -> Scores:
    return Scores(
        true_positives=Counter(span[3] for span in gold & predicted),
        predicted=Counter(span[3] for span in predicted),
        gold=Counter(span[3] for span in gold),
    )


def gold_spans(sentences: list[TaggedSentence]) -> set[Span]:
    return {
        (i, s, e, label) for i, sentence in enumerate(sentences) for s, e, label in sentence.spans()
    }


def as_spans(mentions: list[list[Mention]]) -> set[Span]:
    return {(i, m.start, m.end, m.label) for i, sentence in enumerate(mentions) for m in sentence}


def timed_predict(
    recogniser: Recogniser, tokens: list[list[str]], repeats: int
) -> tuple[list[list[Mention]], float]:
    """Predictions and the median words per second over `repeats` passes."""
    words = sum(len(sentence) for sentence in tokens)
    rates, predictions = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        predictions = recogniser.predict(tokens)
        rates.append(words / (time.perf_counter() - started))
    return predictions, statistics.median(rates)


def evaluate(
    data: Path, models: Path, repeats: int, kinds: list[str], split: str = "test"
) -> list[tuple[str, Scores, float | None]]:
    test = load_split(data, split, max_tokens=None)
    tokens = [sentence.tokens for sentence in test]
    gold = gold_spans(test)
    gazetteer = Gazetteer.from_file(models / "ner" / "gazetteer.tsv")
    found = [gazetteer.find(sentence) for sentence in tokens]
    ner = models / "ner"
    stripper = ProcliticStripper.from_files(ner / "word_counts.tsv", ner / "name_words.txt")
    hygiene = SpanHygiene(stripper, gazetteer)
    results: list[tuple[str, Scores, float | None]] = [
        ("gazetteer only", score(gold, as_spans(found)), None)
    ]
    for kind in kinds:
        recogniser = load_recogniser(kind, models)
        predicted, rate = timed_predict(recogniser, tokens, repeats)
        results.append((kind, score(gold, as_spans(predicted)), rate))
        merged = [merge(p, g) for p, g in zip(predicted, found, strict=True)]
        results.append((f"{kind} + gazetteer", score(gold, as_spans(merged)), None))
        consistent = _propagate_in_windows(tokens, merged, found)
        name = f"{kind} + gazetteer + document consistency"
        results.append((name, score(gold, as_spans(consistent)), None))
        cleaned = [hygiene.clean(words, m) for words, m in zip(tokens, consistent, strict=True)]
        results.append((f"{name} + span hygiene", score(gold, as_spans(cleaned)), None))
    return results


def _propagate_in_windows(
    tokens: list[list[str]], mentions: list[list[Mention]], known: list[list[Mention]]
) -> list[list[Mention]]:
    """Document consistency over windows of sentences (ANERcorp marks no article ends)."""
    result: list[list[Mention]] = []
    for start in range(0, len(tokens), DOCUMENT_WINDOW):
        end = start + DOCUMENT_WINDOW
        result.extend(propagate(tokens[start:end], mentions[start:end], known[start:end]))
    return result


def format_table(results: list[tuple[str, Scores, float | None]]) -> str:
    header = "| model | " + " | ".join(f"{label} F1" for label in LABELS)
    header += " | micro P | micro R | micro F1 | words/s |"
    lines = [header, "|" + "---|" * (len(LABELS) + 5)]
    for name, scores, rate in results:
        per_type = " | ".join(f"{scores.row(label)[2]:.1f}" for label in LABELS)
        precision, recall, f1 = scores.row(None)
        speed = f"{rate:,.0f}" if rate else "–"
        lines.append(
            f"| {name} | {per_type} | {precision:.1f} | {recall:.1f} | **{f1:.1f}** | {speed} |"
        )
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--models", type=Path, default=Path("models"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--recognisers", default="spacy,stanza,ensemble")
    parser.add_argument(
        "--split", default="test", choices=["dev", "test"], help="dev: to choose between models"
    )
    return parser


def main(argv: list[str] | None = None) -> None:
    import torch

    args = build_parser().parse_args(argv)
    torch.set_num_threads(1)
    kinds = [kind for kind in args.recognisers.split(",") if kind]
    results = evaluate(args.data, args.models, args.repeats, kinds, args.split)
    source = args.data / "anercorp" / f"{args.split}.conll"
    print(f"ANERcorp {args.split} ({source}), exact span and type:")
    print(format_table(results))


if __name__ == "__main__":
    main()
