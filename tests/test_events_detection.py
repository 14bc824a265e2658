"""Event detection: the trained model that decides which of the rules' candidates are written.

The shipped model (`models/events/detection.json`, `make train-events`) is run through the
`fast` profile, as it was trained, on sentences of the kind the gold corpus holds; the
training is specified on small hand-made data.
"""

import json

import pytest
from conftest import read_jsonl, run_cli

from pipeline.codec import event_row
from pipeline.contract import validate_output
from pipeline.document import Document, SourceInfo
from pipeline.events.detection import DetectionModel
from pipeline.gold.scoring import from_output
from pipeline.paths import models_dir
from pipeline.stages import create_stages, run_stages
from pipeline.training import events_detection
from pipeline.training.events_detection import Example

MODEL = DetectionModel.from_file(models_dir() / "events" / "detection.json")
GENERIC_TALKS = "لن تكون هناك أي محادثات قبل رحيل الأسد."  # any talks: none held
REPORTED_ATTACK = "قتل 18 شخصا على الأقل أمس في تفجير انتحاري استهدف سوقا شعبيا في مدينة حمص."


@pytest.fixture(scope="module")
def fast():
    return create_stages("fast", {"events": {"keep_candidates": True}})


def events_of(stages, text: str) -> list[dict]:
    """The events of `text` as the output contract writes them."""
    source = SourceInfo(path="test", sha256="0" * 64, encoding="utf-8")
    doc = Document(doc_id="t", text=text, source=source, date="2016-02-10")
    return [event_row(event) for event in run_stages(stages, doc).events]


def test_talks_said_of_any_talks_are_not_an_event(fast):
    talks = [e for e in events_of(fast, GENERIC_TALKS) if e["type"] == "TALKS"]
    assert [e["trigger"]["text"] for e in talks] == ["محادثات"]
    assert talks[0]["accepted"] is False
    assert talks[0]["confidence"] < MODEL.threshold


def test_a_reported_attack_is_accepted_with_the_models_calibrated_confidence(fast):
    attacks = [e for e in events_of(fast, REPORTED_ATTACK) if e["type"] == "ATTACK"]
    assert attacks and all(e["accepted"] for e in attacks)
    assert all(e["confidence_source"] == "detection-model" for e in attacks)
    assert max(e["confidence"] for e in attacks) >= MODEL.threshold


ANNOUNCED_STRIKES = (
    "أعلن رئيس الوزراء التركي أحمد داود أوغلو أمس أن بلاده ستشن غارات على مواقع تنظيم داعش "
    "في سوريا. وقال داود أوغلو في مؤتمر صحفي في أنقرة إن تركيا لن تسمح بإقامة دولة كردية."
)
MONITOR_REPORT = f"{REPORTED_ATTACK} وقال المرصد السوري لحقوق الإنسان إن بين القتلى خمسة أطفال."


def test_a_government_announcing_strikes_makes_a_statement_not_an_attack(fast):
    written = [(e["type"], e["trigger"]["text"]) for e in events_of(fast, ANNOUNCED_STRIKES)]
    accepted = [
        (e["type"], e["trigger"]["text"])
        for e in events_of(fast, ANNOUNCED_STRIKES)
        if e["accepted"]
    ]
    assert ("STATEMENT", "أعلن") in accepted
    assert ("ATTACK", "ستشن") in written and ("ATTACK", "ستشن") not in accepted


def test_a_monitor_that_reports_is_a_candidate_statement_the_model_rejects(fast):
    statements = [e for e in events_of(fast, MONITOR_REPORT) if e["type"] == "STATEMENT"]
    assert [e["trigger"]["text"] for e in statements] == ["وقال"]
    assert statements[0]["accepted"] is False


def test_a_type_with_its_own_threshold_is_cut_there_and_the_others_at_the_shared_one():
    model = DetectionModel(8, {}, 0.0, 1.0, 0.0, 0.55, type_thresholds={"STATEMENT": 0.45})
    assert (model.cut_for("STATEMENT"), model.cut_for("ATTACK")) == (0.45, 0.55)


def test_type_thresholds_read_back_as_written(tmp_path):
    model = DetectionModel(8, {1: 0.5}, 0.0, 1.0, 0.0, 0.55, type_thresholds={"STATEMENT": 0.45})
    path = tmp_path / "detection.json"
    path.write_text(json.dumps(model.to_dict()), encoding="utf-8")
    again = DetectionModel.from_file(path)
    assert again.type_thresholds == {"STATEMENT": 0.45}
    assert (again.cut_for("STATEMENT"), again.cut_for("ATTACK")) == (0.45, 0.55)


@pytest.fixture(scope="module")
def two_sentences(tmp_path_factory):
    folder = tmp_path_factory.mktemp("input")
    path = folder / "news.jsonl"
    line = {"id": "n1", "text": f"{REPORTED_ATTACK}\n{GENERIC_TALKS}", "date": "2016-02-10"}
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def run_events(tmp_path, source, *options: str) -> tuple[list[dict], object]:
    out = tmp_path / "out"
    result = run_cli("run", str(source), "-o", str(out), "-q", *options)
    assert result.returncode == 0, result.stderr.decode()
    return read_jsonl(out / "documents.jsonl")[0]["events"], out


def test_min_confidence_one_writes_no_events(tmp_path, two_sentences):
    events, _ = run_events(tmp_path, two_sentences, "--min-confidence", "1.0")
    assert events == []


def test_min_confidence_zero_writes_every_candidate_as_accepted(tmp_path, two_sentences):
    events, _ = run_events(tmp_path, two_sentences, "--min-confidence", "0")
    assert "TALKS" in {e["type"] for e in events}
    assert all(e["accepted"] for e in events)


def test_keep_candidates_writes_the_rejected_ones_flagged(tmp_path, two_sentences):
    events, out = run_events(tmp_path, two_sentences, "--keep-candidates")
    rejected = [e for e in events if not e["accepted"]]
    assert [e["trigger"]["text"] for e in rejected if e["type"] == "TALKS"] == ["محادثات"]
    assert all(e["confidence"] < MODEL.threshold for e in rejected)
    assert any(e["accepted"] and e["type"] == "ATTACK" for e in events)
    assert validate_output(out) == {}


def test_by_default_rejected_candidates_are_not_written(tmp_path, two_sentences):
    events, _ = run_events(tmp_path, two_sentences)
    assert events and all(e["accepted"] for e in events)
    assert "محادثات" not in {e["trigger"]["text"] for e in events}


def test_the_gold_scorer_does_not_count_rejected_candidates():
    event = {"type": "TALKS", "accepted": False}
    document = {"doc_id": "d", "entities": [], "events": [event]}
    assert from_output(document)["events"] == []


# -- training, on hand-made data -------------------------------------------------------------


def hand_made_examples() -> list[Example]:
    """Reported attacks carry a count and a date; names and generic mentions do not."""
    examples = []
    for n in range(40):
        examples.append(Example(f"d{n}", ["trigger=هجوم", "killed", "time", f"w-1=x{n}"], True))
        examples.append(Example(f"d{n}", ["trigger=مفاوضات", "in_entity", f"w-1=y{n}"], False))
        examples.append(Example(f"e{n}", ["trigger=هجوم", "generic_before", f"w+1=z{n}"], False))
    return examples


def test_training_separates_reported_events_from_names_and_generic_mentions():
    model, choice = events_detection.train(hand_made_examples(), dimensions=1 << 10)
    reported = model.probability(["trigger=هجوم", "killed", "time"])
    name = model.probability(["trigger=مفاوضات", "in_entity"])
    generic = model.probability(["trigger=هجوم", "generic_before"])
    assert reported > 0.8 and name < 0.2 and generic < 0.5
    assert choice["l2"] in events_detection.L2_CHOICES


def test_platt_scaling_maps_scores_to_the_observed_share_of_positives():
    scores = [-2.0] * 80 + [-2.0] * 20 + [2.0] * 20 + [2.0] * 80
    labels = [False] * 80 + [True] * 20 + [False] * 20 + [True] * 80
    scale, shift = events_detection.platt(scores, labels)
    low = DetectionModel(1, {}, -2.0, scale, shift, 0.5).probability([])
    high = DetectionModel(1, {}, 2.0, scale, shift, 0.5).probability([])
    assert low == pytest.approx(0.2, abs=0.02)
    assert high == pytest.approx(0.8, abs=0.02)


def test_a_candidate_is_labelled_by_the_gold_event_its_trigger_lies_in():
    rules = create_stages("rules", {"events": {"detection": False}})
    source = SourceInfo(path="test", sha256="0" * 64, encoding="utf-8")
    doc = run_stages(rules[:-1], Document(doc_id="t", text=REPORTED_ATTACK, source=source))
    candidates = events_detection.document_candidates(doc, rules[-1].lexicon, None)
    (blast,) = [c for c in candidates if c.mention.sentence.words[c.mention.hit.start].text
                == "تفجير"]  # fmt: skip
    start = REPORTED_ATTACK.index("تفجير")
    mention = {"text": "تفجير", "start": start, "end": start + len("تفجير")}
    gold = {"id": "v1", "type": "ATTACK", "mentions": [mention], "optional": False}
    assert events_detection.candidate_label(blast, [gold]) is True
    assert events_detection.candidate_label(blast, [{**gold, "optional": True}]) is None
    assert events_detection.candidate_label(blast, [{**gold, "type": "CLASH"}]) is False


def test_the_test_split_is_refused_for_training(tmp_path):
    with pytest.raises(ValueError, match="test split"):
        events_detection.read_articles("test", tmp_path)
