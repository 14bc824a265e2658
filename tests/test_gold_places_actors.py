"""The gold scorer's ACLED lines: actor category of found actors, admin1 of Syrian places."""

from __future__ import annotations

from pipeline.gold.scoring import Comparison, compare, from_output, same_english_name, summary
from pipeline.kb import KbEntry, KnowledgeBase
from pipeline.kb.syria_admin import AdminUnit
from pipeline.training.gold_eval import GoldAdmin1
from tests.test_gold import TEXT, attack_annotation, compiled, predicted_event, prediction

ALEPPO = "SY02"
HOMS = "SY04"


def scored(gold: dict, predicted: dict, admin1_of: object = None) -> dict:
    result = Comparison()
    compare(gold, predicted, result, admin1_of)  # type: ignore[arg-type]
    return summary(result)["arguments"]


def regime_agent(category: str) -> dict:
    return {
        "role": "agent",
        "entity": None,
        "text": "قوات النظام",
        "start": None,
        "end": None,
        "category": category,
    }


def aleppo_place(pcode: str | None) -> dict:
    start = TEXT.index("حلب")
    return {"entity": "x", "text": "حلب", "start": start, "end": start + 3, "admin1_pcode": pcode}


def unit(level: str, pcode: str, name_ar: str, aliases: tuple[str, ...] = ()) -> AdminUnit:
    parent = pcode[:-2] if level != "governorate" else None
    return AdminUnit(level, pcode, name_ar, name_ar, aliases, parent, 0.0, 0.0)


def test_a_found_actor_with_the_gold_category_is_right():
    event = predicted_event("قصف", actors=[regime_agent("state_forces")])
    category = scored(compiled(attack_annotation()), prediction([event]))["actor_category"]
    assert (category["accuracy"], category["actors"], category["gold_actors"]) == (1.0, 1, 2)


def test_a_found_actor_with_another_category_is_wrong_and_named_in_the_errors():
    event = predicted_event("قصف", actors=[regime_agent("other")])
    category = scored(compiled(attack_annotation()), prediction([event]))["actor_category"]
    assert category["accuracy"] == 0.0
    assert category["errors"] == {"state_forces → other": 1}


def test_government_for_state_forces_is_right_on_acleds_scale_only():
    event = predicted_event("قصف", actors=[regime_agent("government")])
    category = scored(compiled(attack_annotation()), prediction([event]))["actor_category"]
    assert category["accuracy"] == 0.0
    assert category["acled_accuracy"] == 1.0


def test_an_actor_not_found_is_not_scored_for_its_category():
    category = scored(compiled(attack_annotation()), prediction([predicted_event("قصف")]))
    assert category["actor_category"]["actors"] == 0
    assert category["actor_category"]["gold_actors"] == 2


def test_the_place_of_an_output_event_carries_its_entitys_governorate():
    canonical = {"kb_id": "loc:aleppo", "name_en": "Aleppo", "admin1": "Aleppo"}
    entity = {"id": "e1", "label": "LOC", "text": "حلب", "start": 70, "end": 73}
    event = {
        "id": "v0",
        "type": "ATTACK",
        "subtype": None,
        "modality": "asserted",
        "trigger": {"text": "قصف", "start": 20, "end": 23},
        "actors": [],
        "location": {"entity": "e1", "text": "حلب"},
        "time": None,
        "casualties": None,
    }
    document = {
        "doc_id": "d",
        "entities": [{**entity, "canonical": {**canonical, "admin1_pcode": ALEPPO}}],
        "events": [event],
    }
    place = from_output(document)["events"][0]["location"]
    assert (place["admin1"], place["admin1_pcode"]) == ("Aleppo", ALEPPO)


def test_admin1_is_right_when_the_predicted_place_lies_in_the_gold_governorate():
    event = predicted_event("قصف", location=aleppo_place(ALEPPO))
    admin1 = scored(compiled(attack_annotation()), prediction([event]), lambda r, p: ALEPPO)
    assert admin1["admin1"] == {
        "accuracy": 1.0,
        "places": 1,
        "with_predicted_admin1": 1,
        "unplaced_gold_places": 0,
    }


def test_admin1_is_wrong_when_the_predicted_place_has_no_governorate():
    event = predicted_event("قصف", location=aleppo_place(None))
    admin1 = scored(compiled(attack_annotation()), prediction([event]), lambda r, p: ALEPPO)
    assert admin1["admin1"]["accuracy"] == 0.0


def test_a_gold_place_outside_the_syrian_governorates_is_counted_apart_not_scored():
    event = predicted_event("قصف", location=aleppo_place(HOMS))
    admin1 = scored(compiled(attack_annotation()), prediction([event]), lambda r, p: None)
    assert admin1["admin1"]["places"] == 0
    assert admin1["admin1"]["unplaced_gold_places"] == 1


def test_a_linked_gold_place_takes_the_governorate_of_its_kb_entry():
    aleppo = KbEntry(
        "loc:aleppo", "LOC", "Aleppo", "حلب", [], admin={"admin1_pcode": ALEPPO}, country="SY"
    )
    resolver = GoldAdmin1(KnowledgeBase([aleppo]), [])
    gold = compiled(attack_annotation())
    assert resolver(gold, gold["events"][0]["location"]) == ALEPPO


def test_a_nil_gold_place_is_placed_by_the_syrian_unit_its_name_names():
    units = [
        unit("governorate", HOMS, "حمص", ("محافظة حمص",)),
        unit("subdistrict", "SY040200", "ناحية تلبيسة"),
    ]
    resolver = GoldAdmin1(KnowledgeBase([]), units)
    assert resolver.named("تلبيسة") == HOMS
    assert resolver.named("ريف حمص") == HOMS
    assert resolver.named("حمص القديمة") == HOMS


def test_a_nil_name_of_units_in_two_governorates_is_not_placed():
    units = [
        unit("subdistrict", "SY020100", "ناحية الطيبة"),
        unit("subdistrict", "SY040100", "ناحية الطيبة"),
    ]
    assert GoldAdmin1(KnowledgeBase([]), units).named("الطيبة") is None


def test_a_trailing_gloss_on_one_side_does_not_make_another_english_name():
    assert same_english_name("Kurdistan Workers' Party (PKK)", "Kurdistan Workers' Party")
    assert same_english_name("Peoples' Democratic Party", "Peoples' Democratic Party (Turkey)")


def test_two_different_glosses_are_two_names():
    assert not same_english_name("Al-Mansoura (Hama)", "Al-Mansoura (Raqqa)")
    assert not same_english_name("Tal al-Saman", "Tel al-Sman")


def test_linking_reports_the_figure_of_the_former_name_comparison_beside_it():
    gold = compiled(attack_annotation())
    observatory = TEXT.index("المرصد")
    glossed = {
        "id": "x2",
        "label": "ORG",
        "text": "المرصد السوري لحقوق الإنسان",
        "start": observatory,
        "end": observatory + 27,
        "kb_id": None,
        "name_en": "Syrian Observatory for Human Rights (SOHR)",
    }
    result = Comparison()
    compare(gold, prediction([], [glossed]), result)
    linking = summary(result)["entities"]["linking"]
    assert (linking["right"], linking["right_strict_names"]) == (1.0, 0.0)


def test_a_letter_english_writes_plain_is_the_same_name():
    assert same_english_name("Sanliurfa", "Şanlıurfa")
    assert not same_english_name("Sanliurfa", "Urfa")
