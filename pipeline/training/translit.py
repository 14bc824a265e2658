"""`make train-translit` / `make eval-translit`: the transliterator of unknown names.

    python -m pipeline.training.translit train --data ../shared/data --out models/translit
    python -m pipeline.training.translit eval --data ../shared/data --models models

Pairs: `DATA/names/wikidata_person_names.tsv` (one English word of a Wikidata person name and
its most frequent Arabic spelling, with how many names gave it) and `DATA/names/google_ar2en.tsv`
(Arabic–English name words mined from Wikipedia). Arabic is folded (`arabic_key`), English
lower-cased to ASCII (`english_key`); pairs whose Arabic starts with the article are left out
(the article is spelt `al-` by rule, and those pairs are mostly misaligned: `الله` ↔ saâdallah),
and so are pairs whose lengths cannot be a transliteration (English shorter than half the
Arabic or longer than three times it plus two: `أ` ↔ alexander). One Arabic word in ten,
chosen by a hash of its folded form, is held out with all its English spellings: the letter
table and the letter model never see it. The shipped word table (each word's most frequent
spelling) holds every pair's word, held-out ones too: it is a lookup, and leaving one name word
in ten out of it would spell `فيصل` "Vis" in production rather than Faisal.

`eval` spells each held-out Arabic word with today's romanisation table (`pipeline/romanise.py`)
and with the transliterator's letter table and letter model (not its word table), and counts
a spelling as exact when it is one of the word's English spellings in the pairs; the character
error rate is the edit distance to the nearest of them over its length, summed over the words.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import time
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from pipeline.gold.compile import GOLD_DIR
from pipeline.gold.validate import read_gold
from pipeline.kb.gold_train import news_records, word_pairs
from pipeline.kb.transliteration import (
    ARTICLE,
    MAX_CHUNK,
    TABLE_FILE,
    TEST_SHARE,
    LetterModel,
    Transliterator,
    align,
    arabic_key,
    contexts,
    edit_distance,
    english_key,
    is_held_out,
)
from pipeline.romanise import romanise

WIKIDATA = Path("names") / "wikidata_person_names.tsv"
GOOGLE = Path("names") / "google_ar2en.tsv"


@dataclass(frozen=True, slots=True)
class Pair:
    arabic: str
    english: str
    weight: int
    source: str  # wikidata, google


def read_pairs(data: Path) -> list[Pair]:
    pairs = []
    with (data / WIKIDATA).open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE):
            pairs.append(_pair(row["name_ar"], row["name_en"], int(row["count"]), "wikidata"))
    with (data / GOOGLE).open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE):
            pairs.append(_pair(row["name_ar"], row["name_en"], 1, "google"))
    return [pair for pair in pairs if pair is not None and usable(pair)]


def _pair(arabic: str, english: str, weight: int, source: str) -> Pair | None:
    return Pair(arabic_key(arabic), english_key(english), weight, source)


def usable(pair: Pair) -> bool:
    """A plausible transliteration pair: no article, lengths within reach of each other."""
    if not pair.arabic or not pair.english or pair.arabic.startswith(ARTICLE):
        return False
    return len(pair.arabic) / 2 <= len(pair.english) <= 3 * len(pair.arabic) + 2


def split(pairs: list[Pair]) -> tuple[list[Pair], list[Pair]]:
    train = [pair for pair in pairs if not is_held_out(pair.arabic)]
    test = [pair for pair in pairs if is_held_out(pair.arabic)]
    return train, test


def learned_table(pairs: list[Pair]) -> dict[str, str]:
    """Each Arabic word's most frequent English spelling (by names, then alphabetically)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for pair in pairs:
        votes[pair.arabic][pair.english] += pair.weight
    return {
        arabic: min(counts.items(), key=lambda item: (-item[1], item[0]))[0]
        for arabic, counts in sorted(votes.items())
    }


LENGTH_PRIOR = {0: 0.1, 1: 0.5, 2: 0.3, 3: 0.08, 4: 0.02}


def train(pairs: list[Pair], iterations: int = 3, log: bool = True) -> Transliterator:
    """Learn the word table, the letter table and the letter model from `pairs`.

    Alignment is hard EM: start from how often each English chunk appears near each Arabic
    letter's relative place in its pair, align every pair by its best split, count, repeat.
    """
    examples = sorted({(pair.arabic, pair.english) for pair in pairs})
    chunk_counts = _nearby_chunks(examples)
    alignments: list[tuple[str, list[str]]] = []
    for iteration in range(iterations):
        started = time.time()
        scores = _log_probabilities(chunk_counts)
        alignments = []
        for arabic, english in examples:
            chunks = align(arabic, english, _scorer(scores))
            if chunks is not None:
                alignments.append((arabic, chunks))
        chunk_counts = defaultdict(Counter)
        for arabic, chunks in alignments:
            for letter, chunk in zip(arabic, chunks, strict=True):
                chunk_counts[letter][chunk] += 1
        if log:
            print(
                f"alignment {iteration + 1}: {len(alignments)} pairs "
                f"({time.time() - started:.0f} s)"
            )
    letters: dict[str, Counter[str]] = defaultdict(Counter)
    for arabic, chunks in alignments:
        for index, chunk in enumerate(chunks):
            for key in contexts(arabic, index):
                letters[key][chunk] += 1
    letter_model = LetterModel.train(english for _, english in examples)
    table = {key: dict(counts) for key, counts in sorted(letters.items())}
    return Transliterator(learned_table(pairs), table, letter_model)


def _nearby_chunks(examples: list[tuple[str, str]]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for arabic, english in examples:
        for index, letter in enumerate(arabic):
            centre = round(index * len(english) / len(arabic))
            for start in range(max(0, centre - 1), min(len(english), centre + 2)):
                for length in range(MAX_CHUNK + 1):
                    if start + length <= len(english):
                        counts[letter][english[start : start + length]] += 1
    return counts


def _log_probabilities(counts: dict[str, Counter[str]]) -> dict[str, dict[str, float]]:
    scores = {}
    for letter, chunks in counts.items():
        total = sum(chunks.values())
        scores[letter] = {
            chunk: math.log(n / total) + math.log(LENGTH_PRIOR[len(chunk)])
            for chunk, n in chunks.items()
        }
    return scores


def _scorer(scores: dict[str, dict[str, float]]):
    unseen = math.log(1e-6)

    def chunk_score(arabic: str, index: int, chunk: str) -> float:
        return scores.get(arabic[index], {}).get(chunk, unseen)

    return chunk_score


def save(transliterator: Transliterator, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(transliterator.to_json(), ensure_ascii=False, sort_keys=True)
    (folder / TABLE_FILE).write_text(text + "\n", encoding="utf-8")


def references(pairs: list[Pair], source: str | None) -> dict[str, set[str]]:
    """Held-out Arabic words (of `source`, or all) → every English spelling the pairs give."""
    spellings: dict[str, set[str]] = defaultdict(set)
    for pair in pairs:
        spellings[pair.arabic].add(pair.english)
    chosen = {pair.arabic for pair in pairs if source is None or pair.source == source}
    return {arabic: spellings[arabic] for arabic in sorted(chosen)}


def score(spellings: dict[str, str], gold: dict[str, set[str]]) -> dict[str, float]:
    """Exact match (%) and character error rate (%) of spellings against the gold spellings."""
    exact, edits, characters = 0, 0, 0
    for arabic, options in gold.items():
        guess = spellings[arabic]
        exact += guess in options
        nearest = min(options, key=lambda option: (edit_distance(guess, option), option))
        edits += edit_distance(guess, nearest)
        characters += len(nearest)
    return {
        "words": len(gold),
        "exact": 100 * exact / len(gold),
        "cer": 100 * edits / characters,
    }


def compare(transliterator: Transliterator, test: list[Pair]) -> list[tuple[str, str, dict]]:
    """(test set, system, scores) for today's table and the transliterator on each set."""
    rows = []
    for label, source in (("Wikidata person names", "wikidata"), ("Google ar2en", "google")):
        gold = references(test, source)
        words = sorted(gold)
        today = {word: english_key(romanise(word)) for word in words}
        learned = dict(zip(words, _spell(transliterator, words), strict=True))
        rows.append((label, "romanisation table (pipeline/romanise.py)", score(today, gold)))
        rows.append((label, "learned letter table + letter model", score(learned, gold)))
    return rows


def gold_words(split: str) -> list[tuple[str, str]]:
    """(folded Arabic word, the annotators' English word) of the NIL people and places of a gold
    split (the seed articles left out), paired in order where the word counts agree."""
    records = news_records(read_gold(GOLD_DIR / f"{split}.jsonl"))
    words = []
    for record in records:
        for mention in record["entities"]:
            if mention["label"] not in ("PER", "LOC") or mention.get("kb_id"):
                continue
            if mention.get("name_en"):
                pairs = word_pairs(mention["text"], mention["name_en"])
                words += [(arabic, english_key(english)) for arabic, english in pairs]
    return words


def gold_rows(transliterator: Transliterator) -> list[tuple[str, str, dict]]:
    """Exact match on the gold splits' name words the word table does not hold, letter by
    letter and as the pipeline spells them (press consonants for Arabic words)."""
    rows = []
    for split in ("train", "dev"):
        pairs = [
            (a, e) for a, e in gold_words(split) if len(a) > 1 and a not in transliterator.words
        ]
        for system, spell in (
            ("learned letter table + letter model", lambda a: _letters_only(transliterator, a)),
            ("as the pipeline spells (press consonants)", lambda a: transliterator.word(a).lower()),
        ):
            exact = sum(spell(a) == e for a, e in pairs)
            rows.append(
                (
                    f"gold {split} NIL name words",
                    system,
                    {"words": len(pairs), "exact": 100 * exact / len(pairs)},
                )
            )
    return rows


def _letters_only(transliterator: Transliterator, arabic: str) -> str:
    if arabic.startswith(ARTICLE) and len(arabic) > len(ARTICLE) + 1:
        return "al-" + transliterator.spell(arabic[len(ARTICLE) :])
    return transliterator.spell(arabic)


def _spell(transliterator: Transliterator, words: list[str]) -> list[str]:
    """Letter by letter: the word table holds the held-out words too (see `main`)."""
    return [transliterator.spell(word) for word in words]


def tune(train_pairs: list[Pair]) -> None:
    """Exact match on a dev part of the training words (never the test words) per weight pair."""
    dev_words = {pair.arabic for pair in train_pairs if _is_dev(pair.arabic)}
    inner = [pair for pair in train_pairs if pair.arabic not in dev_words]
    dev = [pair for pair in train_pairs if pair.arabic in dev_words]
    transliterator = train(inner, log=False)
    gold = references(dev, "wikidata")
    for lm_weight in (0.5, 1.0):
        for letter_bonus in (0.0, 1.0, 2.0, 3.0):
            transliterator.lm_weight, transliterator.letter_bonus = lm_weight, letter_bonus
            spelt = {word: transliterator.word(word) for word in gold}
            figures = score(spelt, gold)
            print(
                f"lm_weight {lm_weight}, letter_bonus {letter_bonus}: "
                f"exact {figures['exact']:.1f} %, CER {figures['cer']:.1f} % ({len(gold)} words)"
            )


def _is_dev(arabic: str) -> bool:
    return zlib.crc32(arabic.encode("utf-8")) % TEST_SHARE == 1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["train", "eval", "tune"])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("models/translit"))
    parser.add_argument("--models", type=Path, default=Path("models"))
    parser.add_argument("--iterations", type=int, default=3)
    args = parser.parse_args(argv)
    train_pairs, test_pairs = split(read_pairs(args.data))
    if args.command == "tune":
        tune(train_pairs)
        return
    if args.command == "train":
        print(f"{len(train_pairs)} training pairs, {len(test_pairs)} held out")
        transliterator = train(train_pairs, iterations=args.iterations)
        # the word table is a lookup, not the model under test: it holds every pair's word
        # (`eval` scores the letter table and letter model alone on the held-out words)
        transliterator.words = learned_table(train_pairs + test_pairs)
        save(transliterator, args.out)
        print(f"wrote {args.out}")
        return
    transliterator = Transliterator.load(args.models / "translit")
    print("| held-out words | spelt by | words | exact match | character error rate |")
    print("|---|---|---|---|---|")
    for label, system, figures in compare(transliterator, test_pairs):
        print(
            f"| {label} | {system} | {figures['words']} | {figures['exact']:.1f} % "
            f"| {figures['cer']:.1f} % |"
        )
    for label, system, figures in gold_rows(transliterator):
        print(f"| {label} | {system} | {figures['words']} | {figures['exact']:.1f} % | – |")


if __name__ == "__main__":
    main()
