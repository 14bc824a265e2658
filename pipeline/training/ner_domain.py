"""In-domain NER training data: the gold corpus (Syrian-war news) and AQMAR (Arabic Wikipedia).

Both come out as `TaggedSentence`s in the units the fast NER model sees at run time:

- a gold article (`corpus/gold/{split}.jsonl`, its text read back from the shared data by
  `pipeline.gold.texts`) is normalised and segmented by the pipeline's own stages, so its
  sentences and tokens are those the NER stage reads at run time; a token is tagged with the
  gold entity whose original-text span it overlaps. Gold spans leave a proclitic out (`بحمص` →
  `حمص`), ANERcorp's tag the whole token: the token is tagged, and the NER stage strips the
  clitic again.
- AQMAR (`aqmar/{split}.conll`, ANERcorp's format) is folded like ANERcorp. Its MISC class is
  far broader than ANERcorp's (software, particles, sports, theories); `misc` says what to do
  with it: `keep`, `O` (not an entity) or `missing` (no annotation: the model learns nothing
  about those tokens).

Rehearsal sentences (raw news tagged by the model the round starts from) keep that model's
silver-data knowledge while it learns the new data.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.document import Document, SourceInfo
from pipeline.gold.selection import RAWTEXT, read_tsv
from pipeline.gold.texts import load_texts
from pipeline.lang.ar.fold import normal_form
from pipeline.paths import REPO_ROOT
from pipeline.stages import Stage, create_stage
from pipeline.tokenization import TOKEN
from pipeline.training.ner_data import (
    MISSING,
    TaggedSentence,
    fold_sentence,
    read_conll,
    split_long,
)

GOLD_FOLDER = REPO_ROOT / "corpus" / "gold"
MISC_CHOICES = ("keep", "O", "missing")

Span = tuple[int, int, str]  # start, end (original-text offsets), label


def gold_records(split: str, folder: Path = GOLD_FOLDER) -> list[dict]:
    """The annotated articles of one gold split."""
    lines = (folder / f"{split}.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def gold_sentences(data: Path, split: str, folder: Path = GOLD_FOLDER) -> list[TaggedSentence]:
    """Every sentence of the gold articles of `split`, tagged with their entities."""
    records = gold_records(split, folder)
    wanted = {record["doc_id"] for record in records}
    texts = load_texts(data, [a for a in read_tsv() if a.doc_id in wanted])
    sentences = []
    for record in records:
        spans = [(e["start"], e["end"], e["label"]) for e in record["entities"]]
        sentences.extend(tagged_article(texts[record["doc_id"]].text, spans))
    return sentences


def tagged_article(text: str, spans: list[Span]) -> list[TaggedSentence]:
    """The NER stage's sentences of `text`, each token tagged with the span it overlaps."""
    doc = _segmented(text)
    spans = _without_overlaps(spans)
    sentences = []
    for index in range(len(doc.sentences)):
        tokens = doc.sentence_tokens(index)
        owners = [_owner(token.start, token.end, spans) for token in tokens]
        sentences.append(TaggedSentence([token.norm for token in tokens], _bio(owners, spans)))
    return sentences


def _segmented(text: str) -> Document:
    doc = Document(doc_id="gold", text=text, source=SourceInfo("gold", "", "utf-8"))
    for stage in _segmenting_stages():
        doc = stage(doc)
    return doc


@cache
def _segmenting_stages() -> tuple[Stage, ...]:
    return tuple(create_stage(name) for name in ("normalise", "segment"))


def _without_overlaps(spans: list[Span]) -> list[Span]:
    """The longest spans first; a span overlapping one already kept is dropped."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if all(span[1] <= other[0] or other[1] <= span[0] for other in kept):
            kept.append(span)
    return sorted(kept)


def _owner(start: int, end: int, spans: list[Span]) -> int | None:
    """Index of the span that the token (original offsets) overlaps."""
    for index, (span_start, span_end, _) in enumerate(spans):
        if span_start < end and start < span_end:
            return index
    return None


def _bio(owners: list[int | None], spans: list[Span]) -> list[str]:
    tags = []
    for position, owner in enumerate(owners):
        if owner is None:
            tags.append("O")
            continue
        inside = position > 0 and owners[position - 1] == owner
        tags.append(f"{'I' if inside else 'B'}-{spans[owner][2]}")
    return tags


def aqmar_sentences(
    data: Path, split: str, misc: str = "O", max_tokens: int | None = 120
) -> list[TaggedSentence]:
    """One AQMAR split, folded like ANERcorp, with its MISC entities handled as `misc` says."""
    if misc not in MISC_CHOICES:
        raise ValueError(f"aqmar misc: {misc!r} is not one of {MISC_CHOICES}")
    sentences = []
    for sentence in read_conll(data / "aqmar" / f"{split}.conll"):
        folded = fold_sentence(without_misc(sentence, misc))
        sentences.extend(split_long(folded, max_tokens) if max_tokens else [folded])
    return sentences


def without_misc(sentence: TaggedSentence, misc: str) -> TaggedSentence:
    """`sentence` with its MISC tags kept, made O, or made missing."""
    if misc == "keep":
        return sentence
    replacement = "O" if misc == "O" else MISSING
    tags = [replacement if tag.endswith("-MISC") else tag for tag in sentence.tags]
    return TaggedSentence(sentence.tokens, tags)


def rehearsal_sentences(
    data: Path, teacher_dir: Path, gazetteer_file: Path, settings: dict[str, Any]
) -> list[TaggedSentence]:
    """Raw news sentences tagged by the model the in-domain round starts from.

    Trained on beside the new data, they keep what that model learnt from its silver data
    (rehearsal). The teacher is the fast profile: the model, the gazetteer and document
    consistency over each article. Articles of the gold corpus (any split) are never drawn.
    """
    from pipeline.ner.consistency import with_layers
    from pipeline.ner.gazetteer import Gazetteer
    from pipeline.ner.recognisers import SpacyRecogniser
    from pipeline.training.ner_silver import tags_of

    teacher = SpacyRecogniser(teacher_dir)
    gazetteer = Gazetteer.from_file(gazetteer_file)
    sentences: list[TaggedSentence] = []
    for article in _raw_articles(data, settings):
        found = with_layers(article, teacher.predict(article), gazetteer)
        for tokens, mentions in zip(article, found, strict=True):
            sentences.append(TaggedSentence(tokens, tags_of(len(tokens), mentions)))
    return sentences


def _raw_articles(data: Path, settings: dict[str, Any]) -> Iterator[list[list[str]]]:
    """Raw news articles (folded, tokenised, cut into sentences) drawn with a fixed seed."""
    from pipeline.training.ner_silver import article_sentences

    lines = (data / RAWTEXT).read_text("utf-8").splitlines()
    gold_ids = {article.doc_id for article in read_tsv()}
    order = list(range(len(lines)))
    random.Random(settings["rehearsal_seed"]).shuffle(order)
    words = 0
    for index in order:
        record = json.loads(lines[index])
        if record["id"] in gold_ids:
            continue
        tokens = " ".join(TOKEN.findall(normal_form(record["text"])))
        article = article_sentences(tokens, settings["min_tokens"], settings["max_tokens"])
        if article:
            yield article
            words += sum(len(sentence) for sentence in article)
            if words >= settings["rehearsal_words"]:
                return
