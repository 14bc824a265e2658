"""Score the stanza models: CoNLL 2018 metrics on PUD test, clitic splits on NewsFANE.

    python -m pipeline.training.stanza_eval --data ../shared/data --models models/stanza

The treebank scores are end to end: the models read the (normalised) raw test text, and the
CoNLL 2018 shared-task scorer aligns their tokens and words with the gold ones by characters.
The clitic score compares where the tokenizer splits inside whitespace words of ANERcorp text
with the clitic segmentation of the same sentences in NewsFANE (never used for training).
"""

from __future__ import annotations

import argparse
import difflib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.lang.ar.fold import normal_form
from pipeline.stages.syntax import LANGUAGE, available_processors
from pipeline.training.stanza_models import SHORTHAND, data_file, prepare

# Stanza's published scores for its Arabic PADT models (stanza performance page, UD 2.12),
# on a different, larger treebank: context, not a like-for-like comparison.
PUBLISHED_PADT = {
    "Tokens": 99.98,
    "Words": 98.03,
    "UPOS": 95.18,
    "Lemmas": 93.54,
    "UAS": None,
    "LAS": 79.77,
}
METRICS = ("Tokens", "Words", "UPOS", "Lemmas", "UAS", "LAS")


def pipeline_for(models: Path, processors: list[str]) -> Any:
    import stanza

    return stanza.Pipeline(
        lang=LANGUAGE,
        dir=str(models),
        processors=",".join(processors),
        download_method=None,
        use_gpu=False,
        logging_level="WARN",
    )


def treebank_scores(models: Path, work: Path) -> tuple[dict[str, float], float]:
    """CoNLL 2018 F1 scores on the PUD test split, and words per second."""
    from stanza.models.common.utils import ud_scores
    from stanza.utils.conll import CoNLL

    nlp = pipeline_for(models, available_processors(models))
    text = data_file(work, "test", "txt").read_text(encoding="utf-8")
    started = time.perf_counter()
    doc = nlp(text)
    seconds = time.perf_counter() - started
    predicted = work / f"{SHORTHAND}.test.pred.conllu"
    CoNLL.write_doc2conll(doc, str(predicted))
    evaluation = ud_scores(str(data_file(work, "test", "conllu")), str(predicted))
    scores = {metric: 100 * evaluation[metric].f1 for metric in METRICS}
    return scores, doc.num_words / seconds


@dataclass
class SplitScore:
    precision: float
    recall: float
    f1: float
    word_accuracy: float
    words: int
    gold_splits: int


def clitic_scores(models: Path, data: Path) -> SplitScore:
    """Clitic split points inside ANERcorp dev words against NewsFANE's segmentation."""
    words = _conll_words(data / "anercorp" / "dev.conll")
    segments = _conll_words(data / "newsfane" / "newsfane_train_part.conll")
    word_stream, word_ends = _stream([_fold(w) for w in words])
    segment_stream, segment_ends = _region(*_stream([_fold(s) for s in segments]), word_stream)
    gold = _mapped_boundaries(segment_stream, segment_ends, word_stream) - word_ends
    predicted = _predicted_splits(pipeline_for(models, ["tokenize"]), words) - word_ends
    return _score(gold, predicted, word_ends)


def _region(stream: str, ends: set[int], target: str, probe: int = 40) -> tuple[str, set[int]]:
    """The part of NewsFANE's stream that holds `target` (its sentences are in another order)."""
    start = stream.find(target[:probe])
    last = stream.find(target[-probe:], max(start, 0))
    if start < 0 or last < 0:
        raise ValueError("ANERcorp dev text not found in NewsFANE")
    end = last + probe
    return stream[start:end], {e - start for e in ends if start < e <= end}


def _conll_words(path: Path, last_sentences: int | None = None) -> list[str]:
    sentences: list[list[str]] = [[]]
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                sentences[-1].append(line.split("\t")[0])
            elif sentences[-1]:
                sentences.append([])
    sentences = [s for s in sentences if s]
    if last_sentences is not None:
        sentences = sentences[-last_sentences:]
    return [word for sentence in sentences for word in sentence]


def _fold(word: str) -> str:
    return "".join(normal_form(word).split())


def _stream(pieces: list[str]) -> tuple[str, set[int]]:
    """Concatenated pieces and the positions where each piece ends."""
    ends, position = set(), 0
    for piece in pieces:
        position += len(piece)
        ends.add(position)
    return "".join(pieces), ends


def _mapped_boundaries(source: str, boundaries: set[int], target: str) -> set[int]:
    """Boundaries of `source` carried over to `target` through a character alignment."""
    matcher = difflib.SequenceMatcher(None, source, target, autojunk=False)
    mapped = set()
    for block in matcher.get_matching_blocks():
        for i in range(block.size + 1):
            if block.a + i in boundaries and i > 0:
                mapped.add(block.b + i)
    return mapped


def _predicted_splits(nlp: Any, words: list[str]) -> set[int]:
    """Token ends predicted by the tokenizer, as positions in the folded word stream."""
    folded = [_fold(w) for w in words]
    text = " ".join(f for f in folded if f)
    splits = set()
    doc = nlp(text)
    space_before = [0] * (len(text) + 1)
    for i, ch in enumerate(text):
        space_before[i + 1] = space_before[i] + (ch == " ")
    for token in doc.iter_tokens():
        position = token.end_char - space_before[token.end_char]
        splits.add(position)
    return splits


def _score(gold: set[int], predicted: set[int], word_ends: set[int]) -> SplitScore:
    true_positive = len(gold & predicted)
    precision = true_positive / len(predicted) if predicted else 0.0
    recall = true_positive / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    correct, start = 0, 0
    ordered_ends = sorted(word_ends)
    for end in ordered_ends:
        inside = set(range(start + 1, end))
        if gold & inside == predicted & inside:
            correct += 1
        start = end
    return SplitScore(
        100 * precision,
        100 * recall,
        100 * f1,
        100 * correct / len(ordered_ends),
        len(ordered_ends),
        len(gold),
    )


def format_table(scores: dict[str, float], words_per_second: float) -> str:
    lines = [
        "| metric (F1) | ours, UD Arabic-PUD test | stanza, UD Arabic-PADT (published) |",
        "|---|---|---|",
    ]
    for metric in METRICS:
        published = PUBLISHED_PADT[metric]
        shown = f"{published:.2f}" if published is not None else "n/a"
        lines.append(f"| {metric} | {scores[metric]:.2f} | {shown} |")
    lines.append(f"\nspeed: {words_per_second:,.0f} words/s (tokenize→depparse, this machine)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--work", type=Path, default=Path("build/stanza"))
    parser.add_argument("--models", type=Path, default=Path("models/stanza"))
    args = parser.parse_args(argv)
    if not data_file(args.work, "test", "conllu").exists():
        prepare(args.data, args.work)
    scores, speed = treebank_scores(args.models, args.work)
    print("CoNLL 2018 scores, end to end from raw text (PADT is a different, larger treebank;")
    print(
        "PUD has 800 training sentences, so the columns are context, not a like-for-like "
        "comparison):\n"
    )
    print(format_table(scores, speed))
    split = clitic_scores(args.models, args.data)
    print(
        f"\nclitic splits inside words, ANERcorp dev text vs NewsFANE ({split.words:,} words, "
        f"{split.gold_splits:,} gold splits): P {split.precision:.1f}  R {split.recall:.1f}  "
        f"F1 {split.f1:.1f}  words segmented exactly right {split.word_accuracy:.1f}%"
    )


if __name__ == "__main__":
    main()
