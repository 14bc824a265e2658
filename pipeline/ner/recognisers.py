"""The trained NER models behind one interface: sentences of tokens in, mentions out.

`SpacyRecogniser` (fast) runs the spaCy pipeline in `models/ner/spacy` over pre-tokenised
`Doc`s with `nlp.pipe`; `StanzaRecogniser` (accurate) runs stanza's own pipeline with its NER
processor loaded from files (`ner_model_path`, `ner_pretrain_path`, `download_method=None`) over
pre-tokenised sentences, so an official stanza NER model loads through the same code.
Both see the folded tokens of `pipeline.tokenization`, as in training.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from pipeline.ner import Mention, tag_spans
from pipeline.ner.gazetteer import merge

# the word vectors the stanza NER model is trained over: those of the shipped stanza models
STANZA_PRETRAIN = Path("stanza") / "ar" / "pretrain" / "pud_news.pt"  # under models/


class NerModelMissing(RuntimeError):
    """A NER model file or folder is missing."""


class Recogniser(Protocol):
    name: str
    version: str
    files: list[Path]

    def predict(self, sentences: list[list[str]]) -> list[list[Mention]]: ...


class SpacyRecogniser:
    name = "spacy"

    def __init__(self, model_dir: Path, batch_size: int = 256) -> None:
        import spacy

        if not (model_dir / "config.cfg").is_file():
            raise NerModelMissing(f"no spaCy NER model in {model_dir} (run `make train-ner`)")
        self.nlp = spacy.load(model_dir, exclude=["parser", "tagger", "lemmatizer"])
        self.batch_size = batch_size
        self.version = f"spacy-{spacy.__version__}"
        self.files = sorted(path for path in model_dir.rglob("*") if path.is_file())

    def predict(self, sentences: list[list[str]]) -> list[list[Mention]]:
        from spacy.tokens import Doc

        results = []
        # the strings of these sentences are forgotten afterwards: a worker's vocabulary does not
        # grow with every new word of a year of news
        with self.nlp.memory_zone():
            docs = (Doc(self.nlp.vocab, words=tokens) for tokens in sentences)
            for doc in self.nlp.pipe(docs, batch_size=self.batch_size):
                results.append(
                    [Mention(e.start, e.end, e.label_, source="ner:spacy") for e in doc.ents]
                )
        return results


class StanzaRecogniser:
    name = "stanza"

    def __init__(self, model_path: Path, pretrain_path: Path, stanza_dir: Path) -> None:
        import stanza

        for path in (model_path, pretrain_path):
            if not path.is_file():
                raise NerModelMissing(f"missing stanza NER file {path} (run `make train-ner`)")
        self.nlp = stanza.Pipeline(
            lang="ar",
            dir=str(stanza_dir),
            processors="tokenize,ner",
            tokenize_pretokenized=True,
            ner_model_path=str(model_path),
            ner_pretrain_path=str(pretrain_path),
            download_method=None,
            use_gpu=False,
            logging_level="WARN",
        )
        self.version = f"stanza-{stanza.__version__}"
        self.files = [model_path, pretrain_path]

    def predict(self, sentences: list[list[str]]) -> list[list[Mention]]:
        if not sentences:
            return []
        doc = self.nlp(sentences)
        results = []
        for sentence in doc.sentences:
            tags = [token.ner for token in sentence.tokens]
            spans = tag_spans(tags)
            results.append([Mention(s, e, label, source="ner:stanza") for s, e, label in spans])
        return results


class EnsembleRecogniser:
    """The first recogniser's mentions, plus the second's where the first found nothing."""

    name = "ensemble"

    def __init__(self, first: Recogniser, second: Recogniser) -> None:
        self.first = first
        self.second = second
        self.version = f"{first.version}+{second.version}"
        self.files = [*first.files, *second.files]

    def predict(self, sentences: list[list[str]]) -> list[list[Mention]]:
        first = self.first.predict(sentences)
        second = self.second.predict(sentences)
        return [merge(a, b) for a, b in zip(first, second, strict=True)]


def load_recogniser(
    kind: str,
    models: Path,
    stanza_models: Path | None = None,
    stanza_ner_model: str | Path | None = None,
    stanza_ner_pretrain: str | Path | None = None,
) -> Recogniser:
    """The shipped recogniser `kind` (`spacy`, `stanza`, or `ensemble` of both) from `models`.

    For stanza, another NER model (an official one, say) can replace ours by its files; the
    stanza folder gives the (pre-tokenised, so model-free) tokenizer's resources.
    """
    if kind == "spacy":
        return SpacyRecogniser(models / "ner" / "spacy")
    if kind == "stanza":
        return StanzaRecogniser(
            Path(stanza_ner_model or models / "ner" / "stanza" / "ner.pt"),
            Path(stanza_ner_pretrain or models / STANZA_PRETRAIN),
            stanza_models or models / "stanza",
        )
    if kind == "ensemble":
        stanza = load_recogniser(
            "stanza", models, stanza_models, stanza_ner_model, stanza_ner_pretrain
        )
        return EnsembleRecogniser(stanza, load_recogniser("spacy", models))
    raise ValueError(f"unknown NER model {kind!r} (known: spacy, stanza, ensemble)")
