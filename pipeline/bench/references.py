"""The references, timed inside their own process: stanza's pipeline and spaCy's tokenizer."""

from __future__ import annotations

import json
import time
from pathlib import Path

from pipeline.paths import models_dir, stanza_dir

REFERENCE_BATCH = 32  # articles per stanza bulk_process call


def corpus_texts(corpus: Path) -> list[str]:
    with corpus.open(encoding="utf-8") as stream:
        return [json.loads(line)["text"] for line in stream]


def time_stanza_pipeline(texts: list[str]) -> float:
    """Seconds for stanza's own full pipeline on the shipped models (loading excluded)."""
    import stanza

    from pipeline.ner.recognisers import STANZA_PRETRAIN
    from pipeline.stages.syntax import available_processors

    models = models_dir()
    processors = [*available_processors(stanza_dir(), parse=True), "ner"]
    nlp = stanza.Pipeline(
        lang="ar",
        dir=str(stanza_dir()),
        processors=",".join(processors),
        ner_model_path=str(models / "ner" / "stanza" / "ner.pt"),
        ner_pretrain_path=str(models / STANZA_PRETRAIN),
        download_method=None,
        use_gpu=False,
        logging_level="WARN",
    )
    started = time.perf_counter()
    for first in range(0, len(texts), REFERENCE_BATCH):
        nlp.bulk_process(texts[first : first + REFERENCE_BATCH])
    return time.perf_counter() - started


def time_spacy_tokenizer(texts: list[str]) -> float:
    """Seconds for a blank spaCy Arabic pipeline (its tokenizer alone) over the texts."""
    import spacy

    nlp = spacy.blank("ar")
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=256):
        pass
    return time.perf_counter() - started


REFERENCES = {"stanza": time_stanza_pipeline, "spacy-tokenizer": time_spacy_tokenizer}
