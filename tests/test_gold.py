"""The gold corpus: drawing articles, compiling annotations to offsets, validation, scoring."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.gold.compile import compile_annotation
from pipeline.gold.scoring import Comparison, compare, summary
from pipeline.gold.selection import Article, Classifier, draw, load_settings, text_sha256
from pipeline.gold.texts import GoldText
from pipeline.gold.validate import offset_problems, schema_problems, validate_gold
from tests.conftest import REPO, run_cli

SHARED = REPO.parent / "shared" / "data"
GOLD = REPO / "corpus" / "gold"

# Made for these tests in the style of the corpus (no sentence of a dev or test article).
TEXT = (
    "قتل 12 شخصا أمس في قصف بالبراميل المتفجرة نفذته قوات النظام على حي الشعار في حلب. "
    "وأفاد المرصد السوري لحقوق الإنسان أن القصف استهدف سوقا شعبيا في حلب."
)


def gold_text(text: str = TEXT, doc_id: str = "doc-1") -> GoldText:
    article = Article(doc_id, "dev", "syria", "okaz", "2015-07-22", 30, text_sha256(text))
    return GoldText(article, text, None)


def attack_annotation(**changes: object) -> dict:
    event = {
        "id": "v1",
        "type": "ATTACK",
        "subtype": "shelling",
        "modality": "asserted",
        "optional": False,
        "mentions": [{"text": "قصف", "occ": 1}, {"text": "القصف", "occ": 1}],
        "agent": [{"text": "قوات النظام", "occ": 1, "category": "state_forces"}],
        "target": [{"text": "حي الشعار", "occ": 1, "category": "civilians"}],
        "participant": [],
        "place": {"entity": "e1"},
        "date": {"text": "أمس", "occ": 1, "value": "2015-07-21", "granularity": "day"},
        "killed": {"min": 12, "max": 12, "text": "12 شخصا", "occ": 1},
        "injured": None,
    }
    event.update(changes)
    return {
        "doc_id": "doc-1",
        "annotator": "T",
        "topic": "syria_war",
        "entities": [
            {
                "id": "e1",
                "text": "حلب",
                "occ": 1,
                "label": "LOC",
                "kb_id": "loc:aleppo",
                "name_en": "Aleppo",
            },
            {
                "id": "e2",
                "text": "المرصد السوري لحقوق الإنسان",
                "occ": 1,
                "label": "ORG",
                "kb_id": None,
                "name_en": "Syrian Observatory for Human Rights",
            },
        ],
        "events": [event],
    }


def compiled(annotation: dict, text: str = TEXT) -> dict:
    record, problems = compile_annotation(annotation, gold_text(text))
    assert record is not None, problems.errors
    return record


# --- the draw --------------------------------------------------------------------------------


def test_an_article_naming_syria_in_its_head_with_conflict_words_is_a_syria_article():
    classifier = Classifier(load_settings())
    text = "قصفت قوات النظام السوري مدينة حلب ودمشق وقتل 12 شخصا في هجوم على سوريا " * 8
    assert classifier.kind("غارات على حلب", text) == "syria"


def test_an_article_that_never_names_syria_is_other_news():
    classifier = Classifier(load_settings())
    text = "افتتح أمير منطقة مكة المكرمة معرضا للكتاب في الطائف بحضور عدد من المسؤولين " * 10
    assert classifier.kind("معرض الكتاب", text) == "other"


def test_a_bare_al_assad_is_not_a_syria_word_because_it_also_means_the_lion():
    classifier = Classifier(load_settings())
    text = "قتل صياد الأسد سيسيل في زيمبابوي وأثار هجوم الصياد غضبا ومقتل الأسد " * 8
    assert classifier.kind("الأسد سيسيل", text) is None


def test_the_draw_is_deterministic_and_respects_the_counts():
    settings = {**load_settings(), "syria_count": 2, "other_count": 1}
    settings["split"] = {"syria": {"test": 1, "dev": 0}, "other": {"test": 0, "dev": 1}}
    syria = "قصفت قوات النظام السوري مدينة حلب في سوريا وقتل 12 شخصا في هجوم ومعارك " * 8
    other = "افتتح أمير المنطقة معرضا للكتاب بحضور عدد من المسؤولين والزوار " * 12
    raw = [
        {
            "id": f"a{i}",
            "source": f"outlet{i}",
            "date": "2015-07-21 10:00:00",
            "title": "",
            "text": syria if i % 2 else other,
        }
        for i in range(8)
    ]
    first, second = draw(raw, settings), draw(list(reversed(raw)), settings)
    assert [a.doc_id for a in first] == [a.doc_id for a in second]
    assert sorted(a.kind for a in first) == ["other", "syria", "syria"]
    assert sorted(a.split for a in first if a.kind == "syria") == ["test", "train"]


# --- compiling an annotation -----------------------------------------------------------------


def test_an_occurrence_number_becomes_the_offsets_of_that_occurrence():
    record = compiled(attack_annotation())
    second_aleppo = compiled(
        {
            **attack_annotation(),
            "entities": [
                {
                    "id": "e1",
                    "text": "حلب",
                    "occ": 2,
                    "label": "LOC",
                    "kb_id": None,
                    "name_en": "Aleppo",
                }
            ],
        }
    )["entities"][0]
    assert record["entities"][0]["start"] == TEXT.index("حلب")
    assert second_aleppo["start"] == TEXT.rindex("حلب")
    assert TEXT[second_aleppo["start"] : second_aleppo["end"]] == "حلب"


def test_an_actor_given_as_an_entity_takes_the_entity_span():
    event = compiled(attack_annotation(agent=[{"entity": "e2", "category": "other"}]))["events"][0]
    agent = next(a for a in event["actors"] if a["role"] == "agent")
    assert agent["entity"] == "e2"
    assert agent["text"] == "المرصد السوري لحقوق الإنسان"


def test_a_string_the_article_does_not_hold_is_an_error():
    record, problems = compile_annotation(
        attack_annotation(mentions=[{"text": "غارة", "occ": 1}]), gold_text()
    )
    assert record is None
    assert "'غارة' occurrence 1 not found" in problems.errors[0]


def test_an_impossible_date_and_an_unknown_subtype_are_errors():
    annotation = attack_annotation(
        subtype="drone_swarm",
        date={"text": "أمس", "occ": 1, "value": "2015-02-30", "granularity": "day"},
    )
    _, problems = compile_annotation(annotation, gold_text())
    assert any("subtype 'drone_swarm'" in error for error in problems.errors)
    assert any("'2015-02-30' is not a day date" in error for error in problems.errors)


def test_an_actor_pointing_at_a_missing_entity_is_an_error():
    annotation = attack_annotation(agent=[{"entity": "e9", "category": "state_forces"}])
    _, problems = compile_annotation(annotation, gold_text())
    assert any("no entity 'e9'" in error for error in problems.errors)


def test_a_span_cut_inside_a_word_is_a_warning_but_a_proclitic_before_it_is_not():
    annotation = attack_annotation(mentions=[{"text": "براميل", "occ": 1}])
    _, problems = compile_annotation(annotation, gold_text())
    assert any("starts inside a word" in warning for warning in problems.warnings)
    text = "وقال إن الغارات طالت وحلب أيضا"
    annotation = {
        **attack_annotation(),
        "entities": [
            {
                "id": "e1",
                "text": "حلب",
                "occ": 1,
                "label": "LOC",
                "kb_id": None,
                "name_en": "Aleppo",
            }
        ],
        "events": [],
    }
    _, problems = compile_annotation(annotation, gold_text(text))
    assert problems.warnings == []


def test_a_compiled_record_matches_the_gold_schema():
    assert schema_problems(compiled(attack_annotation())) == []


# --- the shipped corpus ----------------------------------------------------------------------


@pytest.mark.parametrize("split", ["train", "dev", "test"])
def test_the_shipped_gold_split_matches_its_schema(split):
    path = GOLD / f"{split}.jsonl"
    assert validate_gold(path, None) == []


@pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared/data for the articles' text")
@pytest.mark.parametrize("split", ["train", "dev", "test"])
def test_every_gold_span_is_the_text_at_its_offsets(split):
    path = GOLD / f"{split}.jsonl"
    result = run_cli("validate-gold", str(path), "--data", str(SHARED))
    assert result.returncode == 0, result.stderr.decode()


def test_the_corpus_has_150_syrian_war_articles_of_the_raw_news_and_30_of_other_news():
    records = [
        json.loads(line)
        for split in ("train", "dev", "test")
        for line in (GOLD / f"{split}.jsonl").read_text("utf-8").splitlines()
    ]
    raw = [r for r in records if r["source"]["corpus"] == "saudinewsnet"]
    assert sum(r["topic"] == "syria_war" for r in raw) >= 150
    assert sum(r["topic"] == "other" for r in raw) >= 30


def test_the_test_split_is_never_pre_annotated():
    path = GOLD / "test.jsonl"
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert records and not any(r["annotation"]["preannotated"] for r in records)


def test_validate_gold_reports_an_actor_whose_span_is_not_its_entitys(tmp_path: Path):
    record = compiled(attack_annotation())
    record["entities"][0]["text"] = "دمشق"
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    result = run_cli("validate-gold", str(path), "--no-text")
    assert result.returncode == 1
    assert "span of e1 differs" in result.stderr.decode()


# --- scoring ---------------------------------------------------------------------------------


def scored(gold: dict, predicted: dict) -> dict:
    result = Comparison()
    compare(gold, predicted, result)
    return summary(result)


def prediction(events: list[dict], entities: list[dict] | None = None) -> dict:
    return {"doc_id": "doc-1", "entities": entities or [], "events": events}


def predicted_event(trigger: str, event_type: str = "ATTACK", **changes: object) -> dict:
    start = TEXT.index(trigger)
    event = {
        "id": f"p{start}",
        "type": event_type,
        "modality": "asserted",
        "mentions": [{"text": trigger, "start": start, "end": start + len(trigger)}],
        "actors": [],
        "location": None,
        "time": None,
        "casualties": None,
    }
    event.update(changes)
    return event


def test_a_second_record_of_the_same_gold_event_is_a_duplicate_and_a_false_positive():
    gold = compiled(attack_annotation())
    figures = scored(gold, prediction([predicted_event("قصف"), predicted_event("القصف")]))
    assert figures["events"]["duplicates"] == 1
    assert figures["events"]["micro"]["p"] == 0.5
    assert figures["events"]["micro"]["r"] == 1.0


def test_a_record_on_an_optional_gold_event_is_neither_right_nor_wrong():
    gold = compiled(attack_annotation(optional=True))
    figures = scored(gold, prediction([predicted_event("قصف")]))
    assert figures["events"]["ignored_optional"] == 1
    assert figures["events"]["micro"]["predicted"] == 0
    assert figures["events"]["micro"]["gold"] == 0


def test_an_optional_gold_event_that_is_missed_costs_no_recall():
    gold = compiled(attack_annotation(optional=True))
    assert scored(gold, prediction([]))["events"]["micro"]["gold"] == 0


def test_a_record_of_the_wrong_type_on_a_gold_mention_is_a_false_positive():
    gold = compiled(attack_annotation())
    figures = scored(gold, prediction([predicted_event("قصف", "CLASH")]))
    assert figures["events"]["wrong_type"] == 1
    assert figures["events"]["micro"]["tp"] == 0


def test_an_actor_in_the_wrong_role_is_scored_wrong():
    gold = compiled(attack_annotation())
    flipped = predicted_event(
        "قصف",
        actors=[
            {"role": "target", "entity": None, "text": "قوات النظام", "start": None, "end": None},
            {"role": "agent", "entity": None, "text": "حي الشعار", "start": None, "end": None},
        ],
    )
    roles = scored(gold, prediction([flipped]))["arguments"]["roles"]
    assert roles["agent"]["tp"] == 0 and roles["target"]["tp"] == 0
    right = predicted_event(
        "قصف",
        actors=[
            {
                "role": "agent",
                "entity": None,
                "text": "قوات النظام السوري",
                "start": None,
                "end": None,
            },
        ],
    )
    assert scored(gold, prediction([right]))["arguments"]["roles"]["agent"]["tp"] == 1


@pytest.mark.parametrize("text, right", [("حلب", 1), ("سوقا شعبيا", 0)])
def test_an_actor_named_again_elsewhere_in_the_article_is_right_by_its_words(text, right):
    # the record names the target once, at its second occurrence; the annotator chose the first
    gold = compiled(attack_annotation(target=[{"text": "حلب", "occ": 1, "category": "civilians"}]))
    start = TEXT.rindex(text)
    actor = {"role": "target", "entity": None, "text": text, "start": start}
    event = predicted_event("قصف", actors=[{**actor, "end": start + len(text)}])
    assert scored(gold, prediction([event]))["arguments"]["roles"]["target"]["tp"] == right


def test_place_date_and_toll_are_scored_on_matched_events():
    gold = compiled(attack_annotation())
    aleppo = TEXT.index("حلب")
    event = predicted_event(
        "قصف",
        location={"entity": "x", "text": "حلب", "start": aleppo, "end": aleppo + 3},
        time={"text": "أمس", "value": "2015-07-22", "granularity": "day"},
        casualties={
            "killed": {"min": 12, "max": 12, "approximate": False, "text": "12"},
            "injured": None,
        },
    )
    arguments = scored(gold, prediction([event]))["arguments"]
    assert arguments["place"]["accuracy"] == 1.0
    assert arguments["place_precision"] == {"precision": 1.0, "written": 1}
    assert arguments["date"]["accuracy"] == 0.0
    assert arguments["killed"]["accuracy"] == 1.0


@pytest.mark.parametrize("kb_id, right", [("loc:aleppo", 1.0), ("loc:homs", 0.0), (None, 0.0)])
def test_the_gold_place_named_again_later_is_right_only_by_its_knowledge_base_id(kb_id, right):
    gold = compiled(attack_annotation())  # the gold place is the first حلب
    second_aleppo = TEXT.rindex("حلب")
    place = {"entity": "x", "text": "حلب", "start": second_aleppo, "end": second_aleppo + 3}
    event = predicted_event("قصف", location={**place, "kb_id": kb_id})
    assert scored(gold, prediction([event]))["arguments"]["place"]["accuracy"] == right


def test_a_place_given_where_the_gold_has_none_counts_against_place_precision():
    gold = compiled(attack_annotation())
    gold["events"][0]["location"] = None
    aleppo = TEXT.index("حلب")
    event = predicted_event(
        "قصف", location={"entity": "x", "text": "حلب", "start": aleppo, "end": aleppo + 3}
    )
    arguments = scored(gold, prediction([event]))["arguments"]
    assert arguments["place_precision"] == {"precision": 0.0, "written": 1}
    assert arguments["spurious"]["place"] == 1


def test_entities_count_exact_and_head_matches_and_their_links():
    gold = compiled(attack_annotation())
    start = TEXT.index("حلب")
    wide = {
        "id": "x1",
        "label": "LOC",
        "text": "حلب.",
        "start": start,
        "end": start + 4,
        "kb_id": "loc:aleppo",
        "name_en": "Aleppo",
    }
    entities = scored(gold, prediction([], [wide]))["entities"]
    assert entities["exact"]["LOC"]["tp"] == 0
    assert entities["head"]["LOC"]["tp"] == 1
    assert entities["linking"]["kb_id"] == 1.0


def test_a_link_is_right_by_the_gold_kb_id_or_else_by_the_gold_english_name():
    gold = compiled(attack_annotation())
    aleppo, observatory = TEXT.index("حلب"), TEXT.index("المرصد")
    same_id = {
        "id": "x1",
        "label": "LOC",
        "text": "حلب",
        "start": aleppo,
        "end": aleppo + 3,
        "kb_id": "loc:aleppo",
        "name_en": "Halab",
    }
    same_name = {
        "id": "x2",
        "label": "ORG",
        "text": "المرصد السوري لحقوق الإنسان",
        "start": observatory,
        "end": observatory + 27,
        "kb_id": "org:sohr",
        "name_en": "The Syrian Observatory for Human Rights",
    }
    linking = scored(gold, prediction([], [same_id, same_name]))["entities"]["linking"]
    assert linking["right"] == 1.0
    assert linking["kb_id"] == 1.0 and linking["kb_id_mentions"] == 1


def test_another_kb_entry_with_the_gold_english_name_is_a_wrong_link():
    gold = compiled(attack_annotation())
    aleppo = TEXT.index("حلب")
    governorate = {
        "id": "x1",
        "label": "LOC",
        "text": "حلب",
        "start": aleppo,
        "end": aleppo + 3,
        "kb_id": "loc:aleppo_governorate",
        "name_en": "Aleppo",
    }
    assert scored(gold, prediction([], [governorate]))["entities"]["linking"]["right"] == 0.0


def test_gold_eval_scores_a_real_run_of_the_pipeline(tmp_path: Path):
    record = {**compiled(attack_annotation()), "split": "dev"}
    (tmp_path / "dev.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    article = {"id": "doc-1", "text": TEXT, "date": "2015-07-22"}
    (tmp_path / "in.jsonl").write_text(json.dumps(article, ensure_ascii=False) + "\n", "utf-8")
    run = run_cli(
        "run",
        str(tmp_path / "in.jsonl"),
        "-o",
        str(tmp_path / "out"),
        "--profile",
        "rules",
        "--quiet",
    )
    assert run.returncode == 0, run.stderr.decode()
    figures_path = tmp_path / "figures.json"
    scored_run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline.training.gold_eval",
            str(tmp_path / "out"),
            "--split",
            "dev",
            "--gold",
            str(tmp_path),
            "--json",
            str(figures_path),
        ],
        capture_output=True,
        cwd=REPO,
        timeout=120,
    )
    assert scored_run.returncode == 0, scored_run.stderr.decode()
    figures = json.loads(figures_path.read_text("utf-8"))
    assert figures["missing_documents"] == []
    assert figures["events"]["micro"]["tp"] == 1
    assert figures["events"]["micro"]["gold"] == 1


def test_gold_eval_fails_when_gold_articles_are_missing_from_the_output(tmp_path: Path):
    record = {**compiled(attack_annotation()), "split": "dev"}
    (tmp_path / "dev.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "documents.jsonl").write_text("", "utf-8")
    command = [
        sys.executable,
        "-m",
        "pipeline.training.gold_eval",
        str(tmp_path / "out"),
        "--split",
        "dev",
        "--gold",
        str(tmp_path),
    ]
    refused = subprocess.run(command, capture_output=True, cwd=REPO, timeout=120)
    assert refused.returncode == 1
    assert "none of the 1 gold articles" in refused.stderr.decode()


def test_a_record_lying_on_two_gold_events_goes_to_the_one_not_matched_yet():
    annotation = attack_annotation(mentions=[{"text": "قصف بالبراميل", "occ": 1}])
    second = {
        **annotation["events"][0],
        "id": "v2",
        "mentions": [{"text": "بالبراميل المتفجرة", "occ": 1}],
    }
    annotation["events"].append(second)
    gold = compiled(annotation)
    figures = scored(gold, prediction([predicted_event("قصف"), predicted_event("بالبراميل")]))
    assert figures["events"]["micro"]["tp"] == 2
    assert figures["events"]["duplicates"] == 0


def test_a_trigger_that_swallows_the_text_matches_no_gold_event():
    gold = compiled(attack_annotation())
    whole = predicted_event("قصف")
    whole["mentions"] = [{"text": TEXT, "start": 0, "end": len(TEXT)}]
    assert scored(gold, prediction([whole]))["events"]["micro"]["tp"] == 0


def test_a_stray_letter_is_never_the_gold_actor():
    gold = compiled(attack_annotation())
    letter = predicted_event(
        "قصف", actors=[{"role": "agent", "entity": None, "text": "ا", "start": None, "end": None}]
    )
    assert scored(gold, prediction([letter]))["arguments"]["roles"]["agent"]["tp"] == 0


def test_a_place_span_that_swallows_the_sentence_is_no_head_match():
    gold = compiled(attack_annotation())
    sentence_end = TEXT.index(".") + 1
    wide = {
        "id": "x1",
        "label": "LOC",
        "text": TEXT[:sentence_end],
        "start": 0,
        "end": sentence_end,
        "kb_id": "loc:aleppo",
        "name_en": "Aleppo",
    }
    assert scored(gold, prediction([], [wide]))["entities"]["head"]["LOC"]["tp"] == 0


def test_matching_pairs_as_many_entities_as_can_be_paired():
    text = "قصفت الطائرات حلب وإدلب أمس"
    both = {
        "id": "x1",
        "label": "LOC",
        "text": "حلب وإدلب",
        "start": text.index("حلب"),
        "end": text.index("حلب") + len("حلب وإدلب"),
        "kb_id": None,
        "name_en": "Aleppo",
    }
    aleppo = {**both, "id": "x2", "text": "حلب", "end": text.index("حلب") + 3}
    annotation = {
        **attack_annotation(),
        "events": [],
        "entities": [
            {
                "id": "e1",
                "text": "حلب",
                "occ": 1,
                "label": "LOC",
                "kb_id": None,
                "name_en": "Aleppo",
            },
            {
                "id": "e2",
                "text": "إدلب",
                "occ": 1,
                "label": "LOC",
                "kb_id": None,
                "name_en": "Idlib",
            },
        ],
    }
    gold = compiled(annotation, text)
    assert scored(gold, prediction([], [both, aleppo]))["entities"]["head"]["LOC"]["tp"] == 2


def test_validate_gold_finds_what_the_schema_cannot_say(tmp_path: Path):
    record = compiled(attack_annotation())
    record["entities"][1]["id"] = "e1"
    record["events"][0]["subtype"] = "drone_swarm"
    record["events"][0]["casualties"]["killed"]["min"] = 50
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    problems = "\n".join(validate_gold(path, None))
    assert "repeated ids ['e1']" in problems
    assert "subtype 'drone_swarm'" in problems
    assert "killed min 50 > max 12" in problems
    assert "not an article of corpus/gold/articles.tsv" in problems


def test_an_offset_that_is_not_the_text_is_reported():
    record = compiled(attack_annotation())
    record["entities"][0]["start"] += 1
    record["entities"][0]["end"] += 1
    assert any("'حلب' is not text" in p for p in offset_problems(record, TEXT))


def test_a_misspelt_key_in_an_annotation_file_is_an_error_not_a_silent_loss():
    annotation = {**attack_annotation(), "evnets": []}
    _, problems = compile_annotation(annotation, gold_text())
    assert any("unknown fields ['evnets']" in error for error in problems.errors)


def test_a_test_article_that_was_pre_annotated_is_refused():
    article = Article("doc-1", "test", "syria", "okaz", "2015-07-22", 30, text_sha256(TEXT))
    annotation = {**attack_annotation(), "preannotated": True}
    _, problems = compile_annotation(annotation, GoldText(article, TEXT, None))
    assert any("from scratch" in error for error in problems.errors)
