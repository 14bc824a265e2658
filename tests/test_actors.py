"""Actors: CAMEO codes from UniversalPetrarch's Arabic dictionaries valid on the article's date,
agent codes for generic actor phrases, and an ACLED-style category for every event actor.

Dictionary tests use small in-test extracts in PETRARCH's format; the rest the shipped
knowledge base and resources.
"""

import pytest
from conftest import read_jsonl, run_cli
from test_link import mention

from pipeline.codec import link_row
from pipeline.contract import record_problems
from pipeline.document import Document, KbLink, SourceInfo
from pipeline.kb.actors import (
    actor_category,
    annotate_actors,
    category_of,
    code_on,
    paired,
    parse_actors,
    parse_code,
)
from pipeline.kb.unknown_names import generic_actor
from pipeline.stages import create_stage

SURFACE = """نوري المالكي
\t[IRQGOV 20101221-20140908]
\t[IRQELI 20140908-20161010]
syria [SYRCVLHLH]
جامعة الدول العربية  [IGO]
ستيفان دي ميستورا
\t[ITAGOV 20111129-20130428]
\t[IGO >20140701]
أبو بلال
\t[PSECVLELI 19840502-18000101]
\t[IMG?]"""
LEMMAS = """نوري المالكي
\t[IRQGOV 20101221-20140908]
\t[IRQELI 20140908-20161010]
جامعة دولة عربي  [IGO]
ستيفان دي ميستورا
\t[ITAGOV 20111129-20130428]
\t[IGO >20140701]
أبو بلال
\t[PSECVLELI 19840502-18000101]
\t[IMG?]"""


def test_entries_have_their_codes_with_date_ranges():
    maliki, *_ = parse_actors(SURFACE)
    assert maliki.name == "نوري المالكي"
    assert [(c.code, c.start, c.end) for c in maliki.codes] == [
        ("IRQGOV", "2010-12-21", "2014-09-08"),
        ("IRQELI", "2014-09-08", "2016-10-10"),
    ]


def test_a_code_from_a_date_a_range_that_ends_before_it_starts_and_a_malformed_code():
    assert (parse_code("RUSGOV >20040309").start, parse_code("RUSGOV > 20040309").end) == (
        "2004-03-09",
        None,
    )
    backwards = parse_code("PSECVLELI 19840502-18000101")
    assert (backwards.start, backwards.end) == ("1984-05-02", None)
    assert parse_code("IMG?") is None


def test_v2_and_v3_entries_pair_in_order_past_the_entries_v3_dropped():
    entries = paired(parse_actors(SURFACE), parse_actors(LEMMAS))
    lemma_of = {entry.name: entry.lemma for entry in entries}
    assert lemma_of["جامعة الدول العربية"] == "جامعة دولة عربي"
    assert lemma_of["syria"] is None
    assert lemma_of["أبو بلال"] == "أبو بلال"


def test_a_hand_written_person_gets_the_codes_of_its_names_after_its_own():
    envoy = {"id": "per:x", "type": "PER", "name_ar": "ستافان دي ميستورا", "curated": True,
             "aliases": ["ستيفان دي ميستورا"], "sources": []}  # fmt: skip
    assert annotate_actors([envoy], parse_actors(SURFACE)) == 1
    assert [item["code"] for item in envoy["cameo"]] == ["ITAGOV", "IGO"]


def test_the_code_valid_on_the_article_date_is_chosen():
    cameo = [{"code": "ITAGOV", "from": "2011-11-29", "to": "2013-04-28"},
             {"code": "IGO", "from": "2014-07-01", "to": None}]  # fmt: skip
    assert code_on(cameo, "2012-05-01") == "ITAGOV"
    assert code_on(cameo, "2017-02-26") == "IGO"
    assert code_on(cameo, "2017") == "IGO"
    assert code_on(cameo, None) == "IGO"  # no date: the code that has not ended
    assert code_on(cameo, "2013-12-01") is None


@pytest.mark.parametrize(
    "code, category",
    [
        ("SYRMIL", "state_forces"),
        ("SYRCOP", "state_forces"),
        ("SYRGOV", "government"),
        ("SYRGOVMIL", "state_forces"),
        ("SYRREB", "rebel_groups"),
        ("IMG", "jihadist_groups"),
        ("UAF", "political_militias"),
        ("SYRCVL", "civilians"),
        ("IGO", "international_org"),
        ("RUS", "government"),
        (None, "other"),
    ],
)
def test_codes_map_to_acled_categories(code, category):
    assert category_of(code) == category


@pytest.mark.parametrize(
    "phrase, code, category",
    [
        ("قوات النظام", "MIL", "state_forces"),
        ("فصائل المعارضة", "REB", "rebel_groups"),
        ("مسلحون", "UAF", "political_militias"),
        ("الأهالي", "CVL", "civilians"),
        ("قوات الأمن السورية", "SYRCOP", "state_forces"),
        ("المتظاهرين", "OPP", "protesters"),
        ("والفصائل المعارضة", "REB", "rebel_groups"),  # behind a proclitic
        ("للمدنيين", "CVL", "civilians"),
        ("الطيران الحربي", "MIL", "state_forces"),  # aircraft are a state's
        ("مقاتلات تركية", "TURMIL", "state_forces"),
        ("المعارضة السورية المسلحة", "SYRREB", "rebel_groups"),  # armed adjective after the noun
        ("الفصائل المتطرفة", "RAD", "jihadist_groups"),  # the adjective says what kind of group
        ("السلطات الكويتية", "KWTGOV", "government"),
        ("اللاجئين السوريين", "SYRREF", "civilians"),
        ("المواطنين", "CVL", "civilians"),  # UniversalPetrarch's agents: مواطن ~CVL
        ("شرطيين", "COP", "state_forces"),  # policemen, as الشرطة ~COP
        ("مدنياً", "CVL", "civilians"),  # the accusative a count takes: `124 مدنياً`
        ("مسلحًا", "UAF", "political_militias"),
    ],
)
def test_generic_actor_phrases_get_an_agent_code_and_a_category(phrase, code, category):
    actor = generic_actor(phrase)
    assert (actor.code, actor.category) == (code, category)


@pytest.mark.parametrize(
    "phrase, code, category",
    [
        ("مقاتلو المعارضة", "REB", "rebel_groups"),  # the construct of مقاتلون
        ("جنوده", "MIL", "state_forces"),  # his soldiers: جنود with a pronoun
    ],
)
def test_a_listed_noun_is_known_in_its_construct_and_with_a_pronoun(phrase, code, category):
    actor = generic_actor(phrase)
    assert (actor.code, actor.category) == (code, category)


@pytest.mark.parametrize(
    "phrase, code, category",
    [
        ("الشرطة الإسبانية", "COP", "state_forces"),
        ("مقاتلي الفصائل الإسلامية", "REB", "rebel_groups"),
    ],
)
def test_a_listed_head_with_a_relative_adjective_the_list_lacks_is_still_described(
    phrase, code, category
):
    actor = generic_actor(phrase)
    assert (actor.code, actor.category) == (code, category)


@pytest.mark.parametrize("phrase", ["جيش الإسلام", "قوات سوريا الديمقراطية", "جيش الفتح"])
def test_a_listed_head_followed_by_a_name_is_a_name_not_a_description(phrase):
    assert generic_actor(phrase) is None


@pytest.mark.parametrize(
    "phrase, category",
    [
        ("الطائرات الحربية التابعة للنظام", "state_forces"),  # aircraft: a state's forces
        ("مقاتلات إف-16", "state_forces"),
        ("المدنيين المحاصرين", "civilians"),
    ],
)
def test_a_phrase_the_lists_do_not_cover_is_categorised_by_its_head(phrase, category):
    assert actor_category(phrase, None)["category"] == category


@pytest.mark.parametrize("phrase", ["جيش الإسلام", "لواء الحرية"])
def test_an_indefinite_head_before_a_definite_word_may_be_a_name_and_stays_other(phrase):
    assert actor_category(phrase, None)["category"] == "other"


def test_a_phrase_that_holds_a_name_is_not_categorised_by_its_head():
    # the Syrian Democratic Forces, when the KB does not link them, are no state's forces
    found = actor_category("قوات سوريا الديمقراطية", None, holds_name=True)
    assert found["category"] == "other"


def test_only_the_head_of_a_phrase_is_read_as_a_dual():
    # الآمنين (safe) is no dual of الأمن (security): the civilians stay civilians
    assert actor_category("المدنيين الآمنين", None)["category"] == "civilians"


def test_a_dual_is_read_as_its_singular():
    assert actor_category("جنديين", None) == {"cameo": "MIL", "category": "state_forces"}
    assert actor_category("الطائرتين", None)["category"] == "state_forces"


@pytest.mark.parametrize(
    "phrase, category",
    [("السلطات الكويتية", "state_forces"), ("المعارضة", "rebel_groups"), ("الأهالي", "civilians")],
)
def test_an_actor_that_acts_by_force_is_the_armed_side_of_what_it_names(phrase, category):
    assert actor_category(phrase, None, by_force=True)["category"] == category


def syria() -> KbLink:
    return KbLink("Syria", "سوريا", "country:SY", None, False, 1.0, "country", None, None, "SY")


def test_a_country_named_as_the_actor_is_its_state():
    assert actor_category("سوريا", syria())["category"] == "government"


def test_a_country_inside_a_phrase_that_says_who_is_the_actor_nationality():
    assert actor_category("قوات معارضة سورية", syria()) == {
        "cameo": "SYRREB",
        "category": "rebel_groups",
    }


def test_an_actor_that_does_not_act_by_force_keeps_its_political_category():
    assert actor_category("السلطات الكويتية", None)["category"] == "government"
    assert actor_category("المعارضة", None)["category"] == "other"


def test_a_linked_person_carries_the_code_of_the_article_date():
    doc = Document(doc_id="d", text="", source=SourceInfo("d.txt", "0" * 64, "utf-8"))
    doc.date = "2017-02-26"
    doc.entities = [mention(0, "PER", "سيرغي لافروف"), mention(1, "PER", "دي ميستورا")]
    lavrov, envoy = create_stage("link")(doc).entities
    assert (link_row(lavrov.canonical)["cameo"], link_row(lavrov.canonical)["actor_category"]) == (
        "RUSGOV",
        "government",
    )
    assert (link_row(envoy.canonical)["cameo"], link_row(envoy.canonical)["actor_category"]) == (
        "IGO",
        "international_org",
    )


@pytest.mark.slow
def test_every_event_actor_of_a_real_run_has_a_category(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(
        "قتل خمسة مدنيين في قصف شنته قوات النظام على مدينة تلبيسة يوم السبت، بينما اشتبكت "
        "فصائل المعارضة مع قوات الأمن السورية في ريف حلب الشمالي.\n",
        encoding="utf-8",
    )
    # every candidate written: this is about the actors' categories, not the detection cut
    out = tmp_path / "out"
    result = run_cli("run", str(article), "-o", str(out), "-q", "--min-confidence", "0")
    assert result.returncode == 0, result.stderr.decode()
    (document,) = read_jsonl(tmp_path / "out" / "documents.jsonl")
    assert record_problems("document", document) == []
    categories = {a["text"]: a["category"] for e in document["events"] for a in e["actors"]}
    assert categories["قوات النظام"] == "state_forces"
    assert categories["فصائل المعارضة"] == "rebel_groups"
    assert categories["مدنيين"] == "civilians"
