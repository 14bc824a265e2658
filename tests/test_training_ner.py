"""`make train-ner` and `make eval-ner`, exercised end to end on a few ANERcorp sentences."""

import json
from pathlib import Path

import pytest

from pipeline.ner import Mention
from pipeline.ner.recognisers import load_recogniser
from pipeline.paths import REPO_ROOT
from pipeline.training import ner_eval, ner_models
from pipeline.training.ner_data import TaggedSentence, load_split, split_long
from pipeline.training.ner_silver import article_sentences, tags_of

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
[silver]
seed = 1
words = 1500
min_tokens = 5
max_tokens = 100
spacy_data = "silver"
spacy_gold_copies = 2
stanza_data = "agreed"
stanza_gold_copies = 1
[spacy_silver]
"training.max_steps" = 6
"training.eval_frequency" = 3
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


def test_raw_articles_are_cut_into_sentences_within_the_length_bounds():
    line = "قال لافروف إن الحل سياسي . نعم . وزار دي ميستورا موسكو اليوم"
    sentences = article_sentences(line, min_tokens=3, max_tokens=10)
    assert sentences == [
        ["قال", "لافروف", "إن", "الحل", "سياسي", "."],
        ["وزار", "دي", "ميستورا", "موسكو", "اليوم"],
    ]


def test_silver_tags_are_bio_tags_of_the_teacher_mentions():
    mentions = [Mention(1, 3, "PER", source="ner:stanza"), Mention(3, 4, "LOC", source="gazetteer")]
    assert tags_of(5, mentions) == ["O", "B-PER", "I-PER", "B-LOC", "O"]


@pytest.fixture(scope="module")
def trained(small_data, tmp_path_factory) -> tuple[Path, Path]:
    """`train-ner all` with tiny settings: (the models folder, the work folder)."""
    root = tmp_path_factory.mktemp("train")
    settings = root / "tiny.toml"
    settings.write_text(TINY_SETTINGS, encoding="utf-8")
    models = root / "models"
    (models / "kb").mkdir(parents=True)
    (models / "kb" / "entities.jsonl").symlink_to(REPO_ROOT / "models/kb/entities.jsonl")
    (models / "stanza").symlink_to(REPO_ROOT / "models/stanza")
    ner_models.main([
        "all", "--data", str(small_data), "--work", str(root / "work"),
        "--models", str(models / "ner"), "--config", str(settings),
    ])  # fmt: skip
    return models, root / "work"


def test_train_ner_builds_models_that_load_and_evaluate(small_data, trained):
    models, _ = trained
    for kind in ("spacy", "stanza"):
        recogniser = load_recogniser(kind, models)
        assert len(recogniser.predict([["زار", "لافروف", "دمشق"]])) == 1
    results = ner_eval.evaluate(small_data, models, repeats=1, kinds=["spacy", "stanza"])
    names = [name for name, _, _ in results]
    assert names[:4] == [
        "gazetteer only", "spacy", "spacy + gazetteer", "spacy + gazetteer + document consistency"
    ]  # fmt: skip
    assert len(names) == 9
    assert names[4] == "spacy + gazetteer + document consistency + span hygiene"
    assert "micro F1" in ner_eval.format_table(results)
    gazetteer_lines = (models / "ner" / "gazetteer.tsv").read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("PER\tدي ميستورا\t") for line in gazetteer_lines)
    assert json.loads((models / "ner" / "spacy" / "meta.json").read_text())["lang"] == "ar"


def test_second_round_trains_on_gold_and_silver_and_installs_its_models(trained):
    models, work = trained
    silver = json.loads((work / "silver" / "silver.json").read_text("utf-8"))
    assert sum(len(sentence) for sentence in silver) >= 1500
    gold = json.loads((work / "data" / "train.json").read_text("utf-8"))
    agreed = json.loads((work / "silver" / "agreed.json").read_text("utf-8"))
    mixed = json.loads((work / "silver" / "stanza_train.json").read_text("utf-8"))
    assert len(mixed) == len(gold) + len(agreed)
    assert sorted(path.name for path in (work / "silver" / "spacy_train").iterdir()) == [
        "gold0.spacy", "gold1.spacy", "silver.spacy"
    ]  # fmt: skip
    installed = (models / "ner" / "stanza" / "ner.pt").read_bytes()
    assert installed == (work / "stanza_silver" / "ner.pt").read_bytes()


def test_the_gazetteer_is_checked_on_the_gold_train_split_when_asked():
    if not (SHARED / "anercorp").is_dir() or not (SHARED / "rawtext").is_dir():
        pytest.skip(f"ANERcorp or the raw news not found under {SHARED}")
    config = {"data": {"max_tokens": 120}, "gazetteer": {}}
    anercorp = ner_models.gazetteer_check_sentences(SHARED, config)
    config["gazetteer"]["check_on_gold_train"] = True
    both = ner_models.gazetteer_check_sentences(SHARED, config)
    extra = both[len(anercorp) :]
    assert extra and any("قوات" in sentence.tokens for sentence in extra)
