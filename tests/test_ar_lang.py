"""Arabic language knowledge in one place (`pipeline.lang.ar`): fold, clitics, numbers, names."""

import pytest
from conftest import REPO

from pipeline.lang.ar.clitics import (
    definite_stem,
    first_word_forms,
    future_prefixes,
    noun_prefixes,
    offset_after_letters,
    proclitics,
)
from pipeline.lang.ar.fold import match_key, normal_form, token_form, word_key
from pipeline.lang.ar.morphology import dual_singulars, free_noun_readings, is_nisba_shaped
from pipeline.lang.ar.names import (
    name_heads,
    names_after_head,
    organisation_anaphor_head,
    place_word_before,
    puts_inside,
    site_named_after,
)
from pipeline.lang.ar.numbers import number_at


def test_normal_form_drops_diacritics_and_folds_hamza():
    assert normal_form("أُسامة") == "اسامة"


def test_word_key_writes_ta_marbuta_as_ha():
    assert word_key("المعارضة") == "المعارضه"


def test_match_key_is_the_word_key_of_each_token_joined_by_one_space():
    assert match_key("الأمم  المتحدة،") == "الامم المتحده ,"


def test_a_token_of_marks_alone_keeps_its_form():
    assert token_form("ً") == "ً"


def test_proclitics_come_longest_first():
    assert proclitics()[:2] == ("وب", "ول")
    assert proclitics()[-3:] == ("ب", "ل", "ك")


@pytest.mark.parametrize(
    ("word", "form"),
    [("بحمص", "حمص"), ("وموسكو", "موسكو"), ("للنظام", "النظام"), ("وللنظام", "النظام")],
)
def test_a_first_word_is_also_read_without_its_proclitic(word, form):
    assert form in first_word_forms(word)


def test_a_proclitic_leaves_at_least_two_letters():
    assert first_word_forms("بي") == ("بي",)


def test_lam_with_the_article_is_written_lam_lam():
    prefixes = noun_prefixes()
    assert "لل" in prefixes and "ولل" in prefixes and "لال" not in prefixes


def test_the_future_particle_may_follow_a_conjunction():
    assert set(future_prefixes()) == {"س", "وس", "فس"}


def test_a_definite_stem_loses_the_article_and_its_proclitics():
    assert definite_stem("والغارات") == "غارات"
    assert definite_stem("الى") == "الى"  # too short to be article + word


@pytest.mark.parametrize(
    ("words", "reading"),
    [
        (["25", "عاما"], (25, 1)),
        (["خمسة", "وعشرين", "عاما"], (25, 2)),
        (["ثلاثة", "آلاف", "شخص"], (3000, 2)),
        (["مئة", "وخمسون"], (150, 2)),
        (["عاما"], None),
    ],
)
def test_number_at_reads_digits_and_compound_number_words(words, reading):
    assert number_at(words, 0) == reading


def test_number_at_does_not_read_a_day_of_the_month():
    assert number_at(["3", "أيار"], 0) is None


def test_name_heads_cut_trailing_modifiers():
    assert list(name_heads("حلب الغربية")) == ["حلب الغربيه", "حلب"]


def test_a_place_word_before_a_name_is_found_without_its_proclitic():
    text = "في بمحافظة حماة"
    assert place_word_before(text, text.index("حماة")) == "محافظه"


@pytest.mark.parametrize(
    "between",
    [" في ريف ", " بمدينة ", " ب", " بجنوب شرقي ", " قرب مدينة ", " التي تقع في ", " الشرقي في "],
)
def test_a_preposition_or_direction_puts_a_place_inside_the_next(between):
    assert puts_inside(between)


@pytest.mark.parametrize(
    "between", [" و", " ومدينة ", "، على الحدود مع ", " (124 كلم غرب ", " ", " - "]
)
def test_a_list_a_border_a_distance_or_nothing_puts_no_place_inside_the_next(between):
    assert not puts_inside(between)


@pytest.mark.parametrize("word", ["التنظيم", "للتنظيم", "والتنظيم"])
def test_the_organisation_with_any_proclitic_is_an_anaphor_of_its_head(word):
    assert organisation_anaphor_head(word) == "تنظيم"


def test_a_name_after_the_head_noun_or_starting_with_it_is_named_after_it():
    text = "أعلن تنظيم «داعش» وحزب الله"
    assert names_after_head(text, text.index("داعش"), "داعش", "تنظيم")
    assert names_after_head(text, text.index("حزب"), "حزب الله", "حزب")
    assert not names_after_head(text, text.index("حزب"), "حزب الله", "تنظيم")


def test_folding_is_done_only_in_lang_ar():
    for path in sorted((REPO / "pipeline").rglob("*.py")):
        if "lang/ar" in path.relative_to(REPO).as_posix():
            continue
        source = path.read_text(encoding="utf-8")
        assert "default_normaliser" not in source, path
        assert 'replace("ة"' not in source, path


def test_a_proclitic_ends_after_its_letters_and_their_diacritics():
    text = "لِتنظيم داعش"
    assert text[offset_after_letters(text, 0, 1) :] == "تنظيم داعش"


def test_a_site_is_named_after_the_place_that_follows_its_site_word():
    assert site_named_after("مطار كويرس", "كويرس")
    assert site_named_after("مخيم اليرموك", "اليرموك")
    assert not site_named_after("مدينة حلب", "حلب")  # a descriptor, not a site
    assert not site_named_after("كويرس", "كويرس")


@pytest.mark.parametrize(
    "key, reading",
    [("جنوده", "جنود"), ("مقاتلو", "مقاتلون"), ("مقاتلوهم", "مقاتلون")],
)
def test_a_noun_is_read_free_of_its_pronoun_and_construct_ending(key, reading):
    assert reading in free_noun_readings(key)


@pytest.mark.parametrize("key, singular", [("جنديين", "جندي"), ("الطائرتين", "الطائره")])
def test_a_dual_is_read_as_its_singular(key, singular):
    assert singular in dual_singulars(key)


@pytest.mark.parametrize(
    "key, nisba", [("الاسبانيه", True), ("الاسلامي", True), ("الاسلام", False), ("الحي", False)]
)
def test_a_relative_adjective_is_known_by_its_article_and_ending(key, nisba):
    assert is_nisba_shaped(key) is nisba
