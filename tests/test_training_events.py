"""`make train-events` and `make eval-events` on a few sentences of the event gold standard."""

import csv

import pytest
from conftest import REPO

from pipeline.events.reporting import ReportingModel
from pipeline.training import events_eval, events_model

GSR = REPO.parent / "shared" / "data" / "event_gsr"
pytestmark = pytest.mark.skipif(not GSR.exists(), reason="needs ../shared/data/event_gsr")


@pytest.fixture(scope="module")
def small_data(tmp_path_factory):
    """Twelve positives and thirty negatives of each family, in the layout of the real data."""
    data = tmp_path_factory.mktemp("data")
    (data / "event_gsr").mkdir()
    for stem in ("assault", "protest"):
        with (GSR / f"{stem}_dev.csv").open(encoding="utf-8", newline="") as rows:
            reader = csv.DictReader(rows)
            fields, rows = reader.fieldnames, list(reader)
        chosen = [r for r in rows if r["label"] == "yes"][:12]
        chosen += [r for r in rows if r["label"] in ("easy no", "difficult no")][:30]
        with (data / "event_gsr" / f"{stem}_dev.csv").open(
            "w", encoding="utf-8", newline=""
        ) as out:
            writer = csv.DictWriter(out, fieldnames=fields)
            writer.writeheader()
            writer.writerows(chosen)
        spans = (GSR / f"{stem}_spans_dev.jsonl").read_text(encoding="utf-8").splitlines()[:5]
        (data / "event_gsr" / f"{stem}_spans_dev.jsonl").write_text("\n".join(spans) + "\n")
    return data


def test_train_events_writes_a_model_the_stage_can_load(small_data, tmp_path):
    events_model.main(["--data", str(small_data), "--out", str(tmp_path), "--dimensions", "1024"])
    model = ReportingModel.from_file(tmp_path / "reporting.json")
    assert set(model.families) == {"ASSAULT", "PROTEST"}
    assert 0 < model.families["ASSAULT"].threshold < 1
    assert model.families["ASSAULT"].weights


def test_cross_validation_decides_every_sentence_with_a_model_that_did_not_see_it(small_data):
    examples = events_model.read_examples(small_data, "ASSAULT")
    decisions = events_model.cross_validate(examples, dimensions=1024)
    assert len(decisions) == len(examples) == 42
    assert not any(d for d, e in zip(decisions, examples, strict=True) if e.features is None)


def test_eval_runs_each_gsr_sentence_with_a_reporting_model_that_did_not_see_it(
    small_data, tmp_path
):
    examples = {f: events_model.read_examples(small_data, f) for f in ("ASSAULT", "PROTEST")}
    held_out = events_eval.HeldOutStages("rules", examples, tmp_path)
    sentence = examples["ASSAULT"][0].id
    fold = events_model.fold_of(sentence)
    events_stage = next(s for s in held_out.for_sentence(sentence) if s.name == "events")
    assert events_stage.reporting.path == tmp_path / f"reporting-fold{fold}.json"
    without_it = [e for e in examples["ASSAULT"] if events_model.fold_of(e.id) != fold]
    expected = events_model.train(without_it)
    saved = events_stage.reporting.families["ASSAULT"].weights  # rounded to 6 places
    assert saved == pytest.approx(expected.weights, abs=1e-5)


def test_eval_events_prints_detection_actors_and_the_hand_annotated_fields(
    small_data, capsys, tmp_path
):
    arguments = ["--data", str(small_data), "--profile", "rules", "--limit", "10"]
    events_eval.main([*arguments, "--work", str(tmp_path)])
    printed = capsys.readouterr().out
    assert "| ASSAULT, reporting model (5-fold CV) |" in printed
    assert "| GSR spans |" in printed
    assert "| location |" in printed
