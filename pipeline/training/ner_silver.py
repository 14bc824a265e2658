"""Silver NER data: raw news articles tagged by the shipped models, for self-training.

ANERcorp's 113k training tokens are 2000s news; the raw news text (SaudiNewsNet, 2015) holds
the names of the Syrian war. A teacher tags a sample of its articles and the tagged sentences
join the gold ones when a model is trained again:

- the teacher is the accurate recogniser with both of the stage's layers (stanza + gazetteer +
  document consistency over the whole article, which raw articles allow and ANERcorp does not);
- `silver.spacy` / `silver.json` hold the teacher's tags (to distil it into the fast model);
- `agreed.spacy` / `agreed.json` hold only the sentences where the fast model alone finds
  exactly the teacher's spans (fewer, cleaner sentences to retrain the teacher itself on).

Articles are drawn with a fixed seed; sentences are cut at `.`, `!`, `?` and kept when their
length is within the configured bounds.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.ner import Mention
from pipeline.ner.consistency import with_layers
from pipeline.ner.gazetteer import Gazetteer
from pipeline.ner.recognisers import Recogniser, load_recogniser
from pipeline.training.ner_data import TaggedSentence, write_spacy_docbin, write_stanza_json

LOG = logging.getLogger("train-ner")
SENTENCE_END = frozenset({".", "!", "?"})


def article_sentences(line: str, min_tokens: int, max_tokens: int) -> list[list[str]]:
    """The sentences of one tokenised article line whose length lies within the bounds."""
    sentences, current = [], []
    for token in line.split():
        current.append(token)
        if token in SENTENCE_END:
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return [s for s in sentences if min_tokens <= len(s) <= max_tokens]


def sample_articles(rawtext: Path, settings: dict[str, Any]) -> Iterator[list[list[str]]]:
    """Articles drawn at random (fixed seed) until `words` words of sentences are reached."""
    lines = rawtext.read_text("utf-8").splitlines()
    order = list(range(len(lines)))
    random.Random(settings["seed"]).shuffle(order)
    words = 0
    for index in order:
        sentences = article_sentences(lines[index], settings["min_tokens"], settings["max_tokens"])
        if not sentences:
            continue
        yield sentences
        words += sum(len(sentence) for sentence in sentences)
        if words >= settings["words"]:
            return


def tags_of(length: int, mentions: list[Mention]) -> list[str]:
    """BIO tags of a sentence of `length` tokens holding `mentions`."""
    tags = ["O"] * length
    for mention in mentions:
        tags[mention.start] = f"B-{mention.label}"
        for index in range(mention.start + 1, mention.end):
            tags[index] = f"I-{mention.label}"
    return tags


def teacher_tags(
    article: list[list[str]], teacher: Recogniser, gazetteer: Gazetteer
) -> list[list[Mention]]:
    """The accurate profile's mentions: model, then gazetteer, then document consistency."""
    return with_layers(article, teacher.predict(article), gazetteer)


def same_spans(first: list[Mention], second: list[Mention]) -> bool:
    def spans(mentions: list[Mention]) -> set[tuple[int, int, str]]:
        return {(m.start, m.end, m.label) for m in mentions}

    return spans(first) == spans(second)


def build_silver(
    rawtext: Path, models: Path, work: Path, settings: dict[str, Any]
) -> dict[str, int]:
    """Tag sampled articles; write the silver and agreed sets under `work/silver/`."""
    teacher = load_recogniser("stanza", models)
    student = load_recogniser("spacy", models)
    gazetteer = Gazetteer.from_file(models / "ner" / "gazetteer.tsv")
    silver: list[TaggedSentence] = []
    agreed: list[TaggedSentence] = []
    for article in sample_articles(rawtext, settings):
        taught = teacher_tags(article, teacher, gazetteer)
        own = student.predict(article)
        for tokens, mentions, guess in zip(article, taught, own, strict=True):
            sentence = TaggedSentence(tokens, tags_of(len(tokens), mentions))
            silver.append(sentence)
            if same_spans(mentions, guess):
                agreed.append(sentence)
    target = work / "silver"
    for name, sentences in (("silver", silver), ("agreed", agreed)):
        write_spacy_docbin(sentences, target / f"{name}.spacy")
        write_stanza_json(sentences, target / f"{name}.json")
    counts = {
        "silver_sentences": len(silver),
        "silver_words": sum(len(s.tokens) for s in silver),
        "agreed_sentences": len(agreed),
        "agreed_words": sum(len(s.tokens) for s in agreed),
    }
    LOG.info("silver data: %s", counts)
    return counts
