"""A proclitic on a name's first word is stripped, and only a proclitic: `بحمص` → `حمص`, not
`بشار` → `شار`. Uses the word counts and name list shipped in models/ner."""

import pytest

from pipeline.ner.clitics import ProcliticStripper
from pipeline.paths import REPO_ROOT

NER_MODELS = REPO_ROOT / "models" / "ner"


@pytest.fixture(scope="module")
def stripper() -> ProcliticStripper:
    return ProcliticStripper.from_files(
        NER_MODELS / "word_counts.tsv", NER_MODELS / "name_words.txt"
    )


@pytest.mark.parametrize(
    ("word", "name"),
    [("بحمص", "حمص"), ("وموسكو", "موسكو"), ("بحلب", "حلب"), ("وبحمص", "حمص"), ("لجنيف", "جنيف")],
)
def test_preposition_or_conjunction_is_stripped_from_a_place(stripper, word, name):
    stripped = stripper.name_in(word)
    assert stripped.name == name
    assert word[stripped.drop :] == name


def test_lam_before_the_article_restores_its_alef(stripper):
    stripped = stripper.name_in("للنظام")
    assert stripped.drop == 1
    assert stripped.name == "النظام"


def test_preposition_before_the_article_is_stripped(stripper):
    assert stripper.name_in("بالعراق").name == "العراق"


@pytest.mark.parametrize("word", ["بشار", "لبنان", "فرنسا", "واشنطن", "بسمة", "وليد", "بريطانيا"])
def test_names_that_start_with_a_clitic_letter_are_kept_whole(stripper, word):
    assert stripper.name_in(word).drop == 0


def test_a_conjunction_is_stripped_when_only_the_rest_is_a_known_name(stripper):
    # `ودي` is a name word as written; `دي ميستورا` is the name the gazetteer knows
    known = {("دي", "ميستورا")}.__contains__
    assert stripper.name_in("ودي").drop == 0
    assert stripper.name_in_span(["ودي", "ميستورا"], known).drop == 1


def test_a_name_the_gazetteer_knows_whole_keeps_its_first_letter(stripper):
    known = {("وليد", "المعلم"), ("ليد", "المعلم")}.__contains__
    assert stripper.name_in_span(["وليد", "المعلم"], known).drop == 0


def test_the_next_name_of_a_list_loses_its_conjunction(stripper):
    # `الفوعة وزيدل`: too rare a village for the word counts to tell
    assert stripper.name_in_span(["وزيدل"]).drop == 0
    assert stripper.name_in_span(["وزيدل"], listed=True).name == "زيدل"


def test_a_listed_name_that_starts_with_waw_keeps_it(stripper):
    assert stripper.name_in_span(["وليد", "المعلم"], listed=True).drop == 0


def test_a_listed_name_keeps_its_own_waw_after_the_conjunction(stripper):
    # `وواصل الشمالي`: one و is the list's, the other the name's
    stripped = stripper.name_in_span(["وواصل", "الشمالي"], listed=True)
    assert (stripped.drop, stripped.name) == (1, "واصل")


def test_a_listed_name_loses_a_preposition_after_the_conjunction(stripper):
    assert stripper.name_in_span(["ولمجلس", "الامن"], listed=True).name == "مجلس"


@pytest.mark.parametrize("words", [["وسام", "الحسن"], ["وانغ", "يي"], ["وكالة", "الطاقة"]])
def test_a_listed_name_far_more_frequent_with_its_waw_keeps_it(stripper, words):
    # `سعد الحريري، وسام الحسن`: the raw news writes `وسام` more often than `سام`
    assert stripper.name_in_span(words, listed=True).drop == 0
