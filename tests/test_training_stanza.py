"""`make train-stanza` and `make eval-stanza`, exercised end to end on a few sentences."""

import shutil
from pathlib import Path

import pytest

from pipeline.paths import REPO_ROOT
from pipeline.stages.syntax import SyntaxStage
from pipeline.training import stanza_models
from pipeline.training.conllu import read_conllu
from pipeline.training.stanza_eval import _mapped_boundaries, _score, _stream

SHARED_PUD = REPO_ROOT.parent / "shared" / "data" / "ud_pud"


@pytest.fixture(scope="module")
def small_data(tmp_path_factory) -> Path:
    """A data folder holding the first sentences of each PUD split."""
    if not SHARED_PUD.is_dir():
        pytest.skip(f"UD Arabic-PUD not found at {SHARED_PUD}")
    data = tmp_path_factory.mktemp("data")
    (data / "ud_pud").mkdir()
    for split, size in (("train", 40), ("dev", 10), ("test", 10)):
        source = SHARED_PUD / f"ar_pud-{split}.conllu"
        blocks = source.read_text(encoding="utf-8").split("\n\n")[:size]
        (data / "ud_pud" / source.name).write_text("\n\n".join(blocks) + "\n\n", "utf-8")
    return data


def test_prepared_treebank_is_normalised_like_the_pipeline_input(small_data, tmp_path):
    stanza_models.prepare(small_data, tmp_path)
    sentences = list(read_conllu(stanza_models.data_file(tmp_path, "train", "conllu")))
    words = [row[1] for sentence in sentences for row in sentence.rows]
    assert len(sentences) == 40
    assert not any(ch in word for word in words for ch in "أإآىً")
    labels = stanza_models.data_file(tmp_path, "train", "toklabels").read_text()
    assert "2" in labels  # sentence ends are labelled


def test_a_tokenizer_trained_briefly_installs_and_loads_through_stanza(small_data, tmp_path):
    stanza_models.prepare(small_data, tmp_path)
    settings = {"steps": 30, "eval_steps": 30, "seed": 1}
    stanza_models._train_tokenizer(tmp_path, "", settings)
    models = tmp_path / "models"
    saved = tmp_path / "saved"
    for processor in ("pos", "lemma", "depparse"):  # stand-ins: only the tokenizer is new here
        shutil.copyfile(
            REPO_ROOT / "models/stanza/ar" / processor / "pud_news.pt", saved / f"{processor}.pt"
        )
    (tmp_path / "vectors").mkdir()
    shutil.copyfile(
        REPO_ROOT / "models/stanza/ar/pretrain/pud_news.pt", tmp_path / "vectors" / "news.pt"
    )
    stanza_models.install(tmp_path, models)
    stage = SyntaxStage(models, parse=False)
    assert stage.processors == ["tokenize", "pos", "lemma"]


def test_split_points_map_through_a_character_alignment():
    segments, segment_ends = _stream(["و", "قال", "ل", "لافروف"])
    words, _ = _stream(["وقال", "للافروف"])
    assert _mapped_boundaries(segments, segment_ends, words) == {1, 4, 5, 11}


def test_split_score_counts_words_segmented_exactly_right():
    word_ends = {4, 11}
    gold = {1, 5}
    predicted = {1, 6}
    score = _score(gold, predicted, word_ends)
    assert score.precision == 50 and score.recall == 50
    assert score.word_accuracy == 50
