"""`make train-ner` and `make eval-ner`, exercised end to end on a few ANERcorp sentences."""

import json
from pathlib import Path

import pytest

from pipeline.ner.recognisers import load_recogniser
from pipeline.paths import REPO_ROOT
from pipeline.training import ner_eval, ner_models
from pipeline.training.ner_data import TaggedSentence, load_split, split_long

SHARED = REPO_ROOT.parent / "shared" / "data"
TINY_SETTINGS = """
[data]
max_tokens = 120
[vectors]
model = "cbow"
dim = 16
bucket = 2000
hash_count = 2
minn = 3
maxn = 4
min_count = 1
epochs = 1
threads = 1
[spacy]
"training.max_steps" = 6
"training.eval_frequency" = 3
[stanza]
max_steps = 4
eval_interval = 2
seed = 1
[lexicon]
min_count = 1
[gazetteer]
min_seen = 3
min_precision = 0.5
single_word_min_correct = 1
"""


def _head(source: Path, target: Path, blocks: int, separator: str = "\n\n") -> None:
    parts = source.read_text(encoding="utf-8").split(separator)[:blocks]
    target.write_text(separator.join(parts) + separator, encoding="utf-8")


@pytest.fixture(scope="module")
def small_data(tmp_path_factory) -> Path:
    """ANERcorp's first sentences, 200 raw articles, the real gazetteers."""
    if not (SHARED / "anercorp").is_dir():
        pytest.skip(f"ANERcorp not found under {SHARED}")
    data = tmp_path_factory.mktemp("data")
    for folder in ("anercorp", "rawtext"):
        (data / folder).mkdir()
    for split, size in (("train", 60), ("dev", 15), ("test", 15)):
        _head(SHARED / "anercorp" / f"{split}.conll", data / "anercorp" / f"{split}.conll", size)
    _head(SHARED / "rawtext/saudinewsnet.jsonl", data / "rawtext/saudinewsnet.jsonl", 200, "\n")
    (data / "gazetteers").symlink_to(SHARED / "gazetteers")
    return data


def test_training_tokens_are_folded_like_the_pipeline_input(small_data):
    tokens = [t for s in load_split(small_data, "train") for t in s.tokens]
    assert tokens
    assert not any(ch in token for token in tokens for ch in "أإآى")


def test_long_sentences_are_cut_outside_entities():
    tags = ["O"] * 4 + ["B-ORG", "I-ORG", "I-ORG"] + ["O"] * 3
    sentence = TaggedSentence([f"w{i}" for i in range(10)], tags)
    pieces = split_long(sentence, max_tokens=6)
    assert [len(p.tokens) for p in pieces] == [4, 6]
    assert pieces[1].spans() == [(0, 3, "ORG")]


def test_train_ner_builds_models_that_load_and_evaluate(small_data, tmp_path):
    settings = tmp_path / "tiny.toml"
    settings.write_text(TINY_SETTINGS, encoding="utf-8")
    models = tmp_path / "models"
    (models / "kb").mkdir(parents=True)
    (models / "kb" / "entities.jsonl").symlink_to(REPO_ROOT / "models/kb/entities.jsonl")
    (models / "stanza").symlink_to(REPO_ROOT / "models/stanza")
    ner_models.main([
        "all", "--data", str(small_data), "--work", str(tmp_path / "work"),
        "--models", str(models / "ner"), "--config", str(settings),
    ])  # fmt: skip
    for kind in ("spacy", "stanza"):
        recogniser = load_recogniser(kind, models)
        assert len(recogniser.predict([["زار", "لافروف", "دمشق"]])) == 1
    results = ner_eval.evaluate(small_data, models, repeats=1, kinds=["spacy", "stanza"])
    names = [name for name, _, _ in results]
    assert names[:4] == [
        "gazetteer only", "spacy", "spacy + gazetteer", "spacy + gazetteer + document consistency"
    ]  # fmt: skip
    assert len(names) == 7
    assert "micro F1" in ner_eval.format_table(results)
    gazetteer_lines = (models / "ner" / "gazetteer.tsv").read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("PER\tدي ميستورا\t") for line in gazetteer_lines)
    assert json.loads((models / "ner" / "spacy" / "meta.json").read_text())["lang"] == "ar"
