"""The NER stage on sentences of the seed articles, with the shipped models of both profiles.

Names of the Syrian talks are found with their types, spans point at the name itself (a
proclitic is not part of it), hashtags count, and every span is exact text of the original.
"""

import socket

import pytest
from conftest import segmented

from pipeline.stages import create_stage

SEED_000 = (
    "مبعوث الأمم المتحدة للسلام، ستيفان #دي_ميستورا ، أن الهجمات الأخيرة في حمص كانت محاولة "
    "متعمدة لتخريب محادثات السلام في جنيف."
)
SEED_001 = (
    "ربط رئيس وفد النظام السوري لمباحثات جنيف (بشار الجعفري) الهجوم الذي قام به انغماسيون في "
    "مقار للنظام السوري في حمص، اليوم السبت، مع محادثات السلام في جنيف، وتوعد برد قاسٍ."
)
SEED_004 = (
    "التقى ستافان دي ميستورا مبعوث الامم المتحدة الخاص إلى سوريا، اليوم (الثلاثاء)، في العاصمة "
    "الروسية موسكو، وزير الخارجية الروسي سيرجي لافروف، لبحث سبل استئناف وقف اطلاق النار في "
    "سوريا، بحيث تشمل مدينة حلب."
)
SEED_003 = "لكن فاليري آموس، مسؤولة شؤون الإغاثة في الأمم المتحدة، قالت إن المدنيين عانوا كثيرا."
BI_HOMS = "وقتل العشرات في هجوم بحمص يوم السبت."
HASHTAG = "وقالت #بسمة_قضماني إن المعارضة لن تنسحب من المحادثات."
VILLAGES = "وأطلقت فصائل المعارضة قذائف على بلدتي الفوعة وكفريا في ريف إدلب."


@pytest.fixture(scope="module", params=["spacy", "stanza"])
def ner(request):
    """The NER stage of each profile, built while every network connection attempt fails."""
    original_connect = socket.socket.connect

    def refuse(*args, **kwargs):
        raise OSError("network access attempted while loading models")

    socket.socket.connect = refuse
    try:
        yield create_stage("ner", {"model": request.param})
    finally:
        socket.socket.connect = original_connect


def entities(stage, text: str) -> list[tuple[str, str]]:
    doc = stage(segmented(text))
    for entity in doc.entities:
        assert entity.text == text[entity.start : entity.end]
    return [(entity.label, entity.normalized) for entity in doc.entities]


def test_de_mistura_is_a_person(ner):
    assert ("PER", "ستافان دي ميستورا") in entities(ner, SEED_004)


def test_a_first_name_that_starts_like_a_proclitic_keeps_its_first_letter(ner):
    assert ("PER", "فاليري اموس") in entities(ner, SEED_003)


def test_lavrov_is_a_person(ner):
    found = entities(ner, SEED_004)
    assert any(label == "PER" and name.endswith("لافروف") for label, name in found)


def test_bashar_al_jaafari_is_a_person(ner):
    assert ("PER", "بشار الجعفري") in entities(ner, SEED_001)


@pytest.mark.parametrize("place", ["حمص", "جنيف"])
def test_homs_and_geneva_are_places(ner, place):
    assert ("LOC", place) in entities(ner, SEED_001)


def test_aleppo_is_a_place(ner):
    assert ("LOC", "حلب") in entities(ner, SEED_004)


def test_united_nations_is_an_organisation(ner):
    assert ("ORG", "الامم المتحدة") in entities(ner, SEED_000)


def test_bi_homs_yields_the_span_homs(ner):
    doc = ner(segmented(BI_HOMS))
    homs = [e for e in doc.entities if e.label == "LOC"]
    assert [(e.text, e.start) for e in homs] == [("حمص", BI_HOMS.index("بحمص") + 1)]


def test_the_second_village_of_a_list_is_named_without_its_conjunction(ner):
    assert ("LOC", "كفريا") in entities(ner, VILLAGES)


def test_hashtag_names_a_person(ner):
    assert ("PER", "بسمة قضماني") in entities(ner, HASHTAG)


def test_hashtag_of_de_mistura_keeps_his_first_name(ner):
    found = entities(ner, SEED_000)
    assert any(label == "PER" and "دي ميستورا" in name for label, name in found)


def test_the_ner_model_of_a_run_is_chosen_on_the_command_line():
    from pipeline.cli import _stage_options, build_parser

    def ner_options(*flags: str) -> dict:
        return _stage_options(build_parser().parse_args(["run", "in.txt", "-o", "out", *flags]))

    assert "ner" not in ner_options()
    assert ner_options("--ner-model", "stanza")["ner"]["model"] == "stanza"
    assert ner_options("--stanza-ner-model", "other.pt")["ner"]["model"] == "stanza"
    both = ner_options("--stanza-ner-model", "other.pt", "--ner-model", "ensemble")["ner"]
    assert both["model"] == "ensemble" and both["stanza_ner_model"] == "other.pt"


def test_both_profiles_tag_names_with_the_spacy_model():
    from pipeline.stages import load_profile

    assert load_profile("fast").options["ner"]["model"] == "spacy"
    assert load_profile("accurate").options["ner"]["model"] == "spacy"
