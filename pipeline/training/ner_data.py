"""ANERcorp in the forms the NER trainers read, normalised the way the pipeline normalises text.

ANERcorp (`../shared/data/anercorp/{train,dev,test}.conll`) has one `token<TAB>TAG` line per
whitespace token (clitics attached, punctuation apart) and a blank line after each sentence, with
`B-`/`I-` tags of PER, LOC, ORG and MISC. Every token is folded by the pipeline's normaliser
(alef, ya and kaf variants, diacritics, Arabic punctuation), because that is the text the NER
stage sees. A few "sentences" run to hundreds of tokens (the source marks no sentence ends);
they are cut into pieces of at most `max_tokens`, never inside an entity.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.lang.ar.fold import token_form
from pipeline.ner import tag_spans

LABELS = ("PER", "LOC", "ORG", "MISC")
MAX_TOKENS = 120
MISSING = "-"  # the tag of a token without annotation (spaCy's missing value)


@dataclass(frozen=True, slots=True)
class TaggedSentence:
    tokens: list[str]
    tags: list[str]

    def spans(self) -> list[tuple[int, int, str]]:
        """Entity spans as (first token, end token, label), read from the BIO tags."""
        return tag_spans(self.tags)


def read_conll(path: Path) -> Iterator[TaggedSentence]:
    """Sentences of a `token<TAB>TAG` file, tokens as written."""
    tokens: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            line = line.rstrip("\n")
            if not line.strip():
                if tokens:
                    yield TaggedSentence(tokens, tags)
                tokens, tags = [], []
                continue
            token, separator, tag = line.rpartition("\t")
            if not separator or not token:
                raise ValueError(f"{path}:{number}: expected 'token<TAB>TAG', got {line!r}")
            tokens.append(token)
            tags.append(tag)
    if tokens:
        yield TaggedSentence(tokens, tags)


def fold_sentence(sentence: TaggedSentence) -> TaggedSentence:
    # a token of only marks or tatweel folds to nothing; `token_form` keeps it as written then
    return TaggedSentence([token_form(token) for token in sentence.tokens], sentence.tags)


def split_long(sentence: TaggedSentence, max_tokens: int = MAX_TOKENS) -> list[TaggedSentence]:
    """Cut a long sentence before tokens that start no entity and continue none."""
    if len(sentence.tokens) <= max_tokens:
        return [sentence]
    pieces = []
    start = 0
    while len(sentence.tokens) - start > max_tokens:
        cut = start + max_tokens
        while cut > start + 1 and sentence.tags[cut].startswith("I-"):
            cut -= 1
        pieces.append(TaggedSentence(sentence.tokens[start:cut], sentence.tags[start:cut]))
        start = cut
    pieces.append(TaggedSentence(sentence.tokens[start:], sentence.tags[start:]))
    return pieces


def load_split(data: Path, split: str, max_tokens: int | None = MAX_TOKENS) -> list[TaggedSentence]:
    """One ANERcorp split, folded, long sentences cut when `max_tokens` is set."""
    sentences = []
    for sentence in read_conll(data / "anercorp" / f"{split}.conll"):
        folded = fold_sentence(sentence)
        sentences.extend(split_long(folded, max_tokens) if max_tokens else [folded])
    return sentences


def write_stanza_json(sentences: Iterable[TaggedSentence], path: Path) -> None:
    """stanza's NER training format: a list of sentences, each a list of {text, ner}."""
    rows = [
        [{"text": token, "ner": tag} for token, tag in zip(s.tokens, s.tags, strict=True)]
        for s in sentences
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def write_spacy_docbin(sentences: Iterable[TaggedSentence], path: Path) -> None:
    """A spaCy DocBin of pre-tokenised docs with their entity spans.

    Tokens tagged `MISSING` carry no annotation (neither entity nor O): no loss is taken on them.
    """
    import spacy
    from spacy.tokens import DocBin, Span

    vocab = spacy.blank("ar").vocab
    docbin = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"])
    for sentence in sentences:
        doc = spacy.tokens.Doc(vocab, words=sentence.tokens)
        entities = [Span(doc, start, end, label) for start, end, label in sentence.spans()]
        missing = [Span(doc, i, i + 1) for i, tag in enumerate(sentence.tags) if tag == MISSING]
        doc.set_ents(entities, missing=missing)
        docbin.add(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(path)
