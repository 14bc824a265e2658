"""The story scorer: pairwise and B-cubed figures against hand labels, and annotator agreement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.stories.evaluation import (
    LabelError,
    agreement,
    b_cubed,
    clusters,
    evaluate,
    pairwise,
    read_labels,
)

ITEMS = [("a", "v1"), ("b", "v1"), ("c", "v1"), ("c", "v2")]
TEXT = "قتل خمسة مدنيين في غارة جوية على حمص. وقال دي ميستورا إن المحادثات مستمرة."


def test_pairs_put_in_one_story_are_scored_against_the_gold_pairs():
    gold = clusters(ITEMS, {("a", "v1"): "s", ("b", "v1"): "s", ("c", "v1"): "s"})
    predicted = clusters(ITEMS, {("a", "v1"): "x", ("b", "v1"): "x"})
    figures = pairwise(gold, predicted)
    assert (figures["tp"], figures["predicted"], figures["gold"]) == (1, 1, 3)
    assert (figures["p"], figures["r"]) == (1.0, pytest.approx(1 / 3))


def test_b_cubed_of_identical_clusterings_is_perfect():
    gold = clusters(ITEMS, {("a", "v1"): "s", ("b", "v1"): "s"})
    assert b_cubed(gold, dict(gold)) == {"p": 1.0, "r": 1.0, "f1": 1.0, "items": 4}


def test_b_cubed_penalises_a_story_that_merges_two_gold_stories():
    gold = clusters(ITEMS, {("a", "v1"): "s", ("b", "v1"): "s"})
    predicted = clusters(ITEMS, {("a", "v1"): "x", ("b", "v1"): "x", ("c", "v1"): "x"})
    figures = b_cubed(gold, predicted)
    # a and b: 2/3 precision each, c/v1: 1/3, c/v2: 1; recall stays 1
    assert figures["p"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert figures["r"] == 1.0


def _labels(path: Path, stories: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(s, ensure_ascii=False) + "\n" for s in stories), "utf-8")
    return path


def _story(name: str, *members: tuple[str, str]) -> dict:
    return {"story": name, "type": "ATTACK", "note": "",
            "members": [{"doc_id": d, "event": e} for d, e in members]}  # fmt: skip


def test_a_label_naming_an_event_the_split_lacks_is_refused(tmp_path):
    path = _labels(tmp_path / "S1" / "dev.jsonl", [_story("s1", ("a", "v1"), ("z", "v9"))])
    with pytest.raises(LabelError, match="not a gold event"):
        read_labels(path, set(ITEMS))


def test_an_event_in_two_stories_is_refused(tmp_path):
    stories = [_story("s1", ("a", "v1"), ("b", "v1")), _story("s2", ("a", "v1"), ("c", "v1"))]
    with pytest.raises(LabelError, match="two stories"):
        read_labels(_labels(tmp_path / "S1" / "dev.jsonl", stories), set(ITEMS))


def _gold_record(doc_id: str) -> dict:
    start = TEXT.index("غارة")
    mention = {"text": "غارة", "start": start, "end": start + 4}
    return {"doc_id": doc_id, "events": [{"id": "v1", "type": "ATTACK", "optional": False,
                                           "mentions": [mention]}]}  # fmt: skip


def test_annotators_who_agree_on_every_story_score_one(tmp_path):
    gold = [_gold_record(doc) for doc in "abc"]
    same = [_story("s1", ("a", "v1"), ("b", "v1"))]
    first = _labels(tmp_path / "S1" / "dev.jsonl", same)
    second = _labels(tmp_path / "S2" / "dev.jsonl", [_story("t9", ("b", "v1"), ("a", "v1"))])
    figures = agreement(first, second, gold)
    assert figures["pairwise"]["f1"] == 1.0 and figures["b_cubed"]["f1"] == 1.0


def _output(folder: Path, stories: dict[str, str]) -> Path:
    """An output folder whose documents each hold one predicted attack on the gold mention."""
    start = TEXT.index("غارة")
    folder.mkdir()
    with (
        (folder / "documents.jsonl").open("w", encoding="utf-8") as documents,
        (folder / "events.jsonl").open("w", encoding="utf-8") as events,
    ):
        for doc_id, story in stories.items():
            trigger = {"text": "غارة", "start": start, "end": start + 4}
            event = {"id": "v0", "type": "ATTACK", "subtype": "airstrike", "modality": "asserted",
                     "trigger": trigger, "mentions": [{"trigger": trigger, "sentence": 0}],
                     "actors": [], "location": None, "time": None, "casualties": None}  # fmt: skip
            documents.write(json.dumps({"doc_id": doc_id, "text": TEXT, "entities": [],
                                        "events": [event]}, ensure_ascii=False) + "\n")  # fmt: skip
            events.write(json.dumps({"doc_id": doc_id, **event, "story": story}) + "\n")
    return folder


def test_predicted_events_take_their_story_to_the_gold_event_they_match(tmp_path):
    gold = [_gold_record(doc) for doc in "abc"]
    labels = _labels(
        tmp_path / "adjudicated" / "dev.jsonl", [_story("s1", ("a", "v1"), ("b", "v1"))]
    )
    out = _output(tmp_path / "out", {"a": "s-1", "b": "s-1", "c": "s-1"})
    figures = evaluate(out, gold, labels)
    assert figures["matched_events"] == 3
    pairs = figures["all"]["pairwise"]
    assert (pairs["tp"], pairs["predicted"], pairs["gold"]) == (1, 3, 1)
