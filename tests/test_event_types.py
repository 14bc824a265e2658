"""The event-type registry: one spec per type, checked against the output schema at load."""

import copy

import pytest

from pipeline.event_types import EventTypeError, event_types, load_event_types, registry_from
from pipeline.events.triggers import TriggerLexicon


def test_the_registry_holds_the_schema_types_in_order():
    names = [spec.name for spec in event_types()]
    assert names[:4] == ["ATTACK", "CLASH", "CEASEFIRE", "TALKS"]
    assert len(names) == 11


def test_a_registry_without_a_schema_type_is_refused_at_load():
    data = copy.deepcopy(load_event_types())
    del data["types"]["WITHDRAWAL"]
    with pytest.raises(EventTypeError, match=r"missing \['WITHDRAWAL'\]"):
        registry_from(data)


def test_a_type_the_schema_does_not_know_is_refused_at_load():
    data = copy.deepcopy(load_event_types())
    data["types"]["RIOT"] = copy.deepcopy(data["types"]["PROTEST"])
    with pytest.raises(EventTypeError, match=r"not in the schema \['RIOT'\]"):
        registry_from(data)


def test_an_unknown_frame_value_is_refused_at_load():
    data = copy.deepcopy(load_event_types())
    data["types"]["TALKS"]["frame"]["merge"] = "same_day"
    with pytest.raises(EventTypeError, match=r"TALKS: merge 'same_day'"):
        registry_from(data)


def test_a_suicide_bombing_is_a_kind_of_bombing_and_no_kind_of_airstrike():
    attack = event_types()["ATTACK"]
    assert attack.compatible_subtypes("suicide_bombing", "bombing")
    assert attack.narrower_subtype("bombing", "suicide_bombing") == "suicide_bombing"
    assert not attack.compatible_subtypes("suicide_bombing", "airstrike")


def test_a_broader_subtype_the_type_lacks_is_refused_at_load():
    data = copy.deepcopy(load_event_types())
    data["types"]["ATTACK"]["subtypes"]["suicide_bombing"]["broader"] = "explosion"
    with pytest.raises(EventTypeError, match=r"ATTACK/suicide_bombing: broader 'explosion'"):
        registry_from(data)


def test_a_subtype_can_make_the_genitive_the_target():
    attack = event_types()["ATTACK"]
    assert attack.genitive_role("assassination") == "target"  # اغتيال القائد
    assert attack.genitive_role("airstrike") == "agent"  # غارات التحالف
    assert event_types()["ARREST"].genitive_role(None) == "target"


def test_attacks_and_clashes_take_casualties_and_form_the_assault_family():
    registry = event_types()
    assert [spec.name for spec in registry if spec.casualties] == ["ATTACK", "CLASH"]
    assert registry.family_types("ASSAULT") == ("ATTACK", "CLASH")
    assert registry.family_types("PROTEST") == ("PROTEST",)


def test_only_talks_merge_by_shared_participants():
    assert [spec.name for spec in event_types() if spec.merges_by_participants] == ["TALKS"]


def test_a_trigger_of_an_unregistered_type_is_refused():
    lexicon = {"triggers": [{"type": "RIOT", "subtype": None, "weight": 0.5, "nouns": ["شغب"]}],
               "blocks": [], "cues": [], "not_triggers": []}  # fmt: skip
    with pytest.raises(ValueError, match="unknown event type 'RIOT'"):
        TriggerLexicon(lexicon)
