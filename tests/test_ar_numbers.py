"""Quantities of people in news sentences: digits, number words, modifiers, ranges, vague words."""

import pytest

from pipeline.lang.ar.numbers import Quantity, find_quantities
from pipeline.tokenization import TOKEN


def words_of(text: str) -> list[str]:
    return [m.group() for m in TOKEN.finditer(text)]


def quantities(text: str) -> list[tuple[str, int | None, int | None, bool]]:
    """Each quantity as (its words joined by spaces, min, max, approximate)."""
    words = words_of(text)
    return [
        (" ".join(words[q.start : q.end]), q.min, q.max, q.approximate)
        for q in find_quantities(words)
    ]


def test_digits_and_more_than_in_one_sentence_are_two_quantities():
    assert quantities("مقتل 40 عنصراً وجرح أكثر من 50") == [
        ("40", 40, 40, False),
        ("أكثر من 50", 51, None, False),
    ]


def test_more_than_is_a_lower_bound_one_above_the_number():
    assert quantities("أكثر من 250 شخصا") == [("أكثر من 250", 251, None, False)]


def test_no_less_than_is_a_lower_bound_at_the_number():
    assert quantities("ما لا يقل عن 21 مدنيا") == [("ما لا يقل عن 21", 21, None, False)]


def test_at_least_right_after_the_number_is_in_the_span():
    assert quantities("قتل 20 على الأقل") == [("20 على الأقل", 20, None, False)]


def test_at_least_after_the_counted_noun_bounds_the_number_but_leaves_the_noun_outside():
    assert quantities("سقط 40 قتيلا على الأقل") == [("40", 40, None, False)]


def test_at_least_after_the_noun_is_not_read_again_before_the_next_number():
    assert quantities("سقط 40 قتيلا على الأقل 3 منهم أطفال") == [
        ("40", 40, None, False),
        ("3", 3, 3, False),
    ]


def test_at_least_does_not_reach_back_over_a_new_clause():
    assert quantities("قتل 5 وأصيب 10 على الأقل") == [
        ("5", 5, 5, False),
        ("10 على الأقل", 10, None, False),
    ]


def test_less_than_is_an_upper_bound_one_below_the_number():
    assert quantities("أقل من 10 أشخاص") == [("أقل من 10", None, 9, False)]


def test_up_to_is_an_upper_bound_at_the_number():
    assert quantities("حتى 10 قتلى") == [("حتى 10", None, 10, False)]


def test_about_is_the_number_marked_approximate():
    assert quantities("نحو 50 طفلا") == [("نحو 50", 50, 50, True)]


def test_about_may_carry_a_proclitic():
    assert quantities("قدر عددهم بنحو ألف") == [("بنحو ألف", 1000, 1000, True)]


def test_approximately_after_the_noun_marks_the_number_approximate():
    assert quantities("مقتل 10 أشخاص تقريبا") == [("10", 10, 10, True)]


def test_between_two_numbers_is_a_range():
    assert quantities("سقط بين 20 و30 قتيلاً") == [("بين 20 و 30", 20, 30, False)]


def test_a_scale_on_the_second_number_of_a_range_applies_to_both():
    assert quantities("ما بين 3 و5 آلاف لاجئ") == [("ما بين 3 و 5 آلاف", 3000, 5000, False)]


def test_between_with_no_second_number_reads_units_and_tens_as_the_two_ends():
    assert quantities("بين خمسة وعشرين") == [("بين خمسة وعشرين", 5, 20, False)]


@pytest.mark.parametrize("text", ["20 - 30 قتيلا", "20 إلى 30 قتيلا", "عشرين إلى ثلاثين قتيلا"])
def test_two_numbers_joined_by_a_dash_or_ila_are_a_range(text):
    assert [q[1:] for q in quantities(text)] == [(20, 30, False)]


def test_number_word_is_a_count():
    assert quantities("قتل ثمانية من عناصر الشرطة") == [("ثمانية", 8, 8, False)]


def test_units_and_tens_joined_by_wa_are_one_number():
    assert quantities("خمسة وعشرين") == [("خمسة وعشرين", 25, 25, False)]


def test_hundreds_and_tens_joined_by_wa_are_one_number():
    assert quantities("مئة وعشرون جريحا") == [("مئة وعشرون", 120, 120, False)]


def test_hundred_written_as_two_words_is_one_number():
    assert quantities("ثلاث مئة عائلة") == [("ثلاث مئة", 300, 300, False)]


def test_unit_before_thousands_multiplies_them():
    assert quantities("ثلاثة آلاف لاجئ") == [("ثلاثة آلاف", 3000, 3000, False)]


def test_digits_before_thousands_multiply_them():
    assert quantities("نزوح 3 آلاف شخص") == [("3 آلاف", 3000, 3000, False)]


def test_thousands_and_a_smaller_number_after_wa_add_up():
    assert quantities("ثلاثة آلاف وخمسمئة") == [("ثلاثة آلاف وخمسمئة", 3500, 3500, False)]


def test_two_word_teen_is_one_number():
    assert quantities("إحدى عشرة امرأة") == [("إحدى عشرة", 11, 11, False)]


def test_one_of_is_one():
    assert quantities("قتل أحد عناصر الشرطة") == [("أحد", 1, 1, False)]


def test_proclitic_wa_on_a_number_word_is_read_through():
    assert quantities("وثلاثة جرحى") == [("وثلاثة", 3, 3, False)]


@pytest.mark.parametrize(
    ("text", "value"),
    [("إثنين", 2), ("اثنين", 2), ("ثلاثه", 3), ("مائة", 100), ("مئة", 100), ("ثمانى", 8)],
)
def test_hamza_ta_marbuta_and_alef_maqsura_variants_match(text, value):
    assert [q[1:] for q in quantities(text)] == [(value, value, False)]


def test_tatweel_inside_a_number_word_is_ignored():
    assert quantities("ثلاثـــة قتلى") == [("ثلاثـــة", 3, 3, False)]


def test_arabic_indic_digits_are_read_and_tanween_joins_the_word_before():
    words = words_of("٤٠ قتيلاً")
    assert words == ["٤٠", "قتيلا", "ً"]
    assert find_quantities(words) == [Quantity(0, 1, 40, 40, False)]


def test_tanween_after_the_last_word_is_inside_the_span():
    words = words_of("عشرون ألفاً")
    assert find_quantities(words) == [Quantity(0, 3, 20000, 20000, False)]


def test_comma_and_dot_before_three_digits_separate_thousands():
    assert quantities("1,200 و1.200") == [
        ("1,200", 1200, 1200, False),
        ("1.200", 1200, 1200, False),
    ]


def test_decimal_with_a_scale_is_not_a_count():
    assert quantities("خسائر بقيمة 2.5 مليار دولار و1.5 مليون") == []


def test_times_percentages_and_dates_are_not_counts():
    assert quantities("الساعة 10:30 و50% و12/3") == []


def test_year_after_aam_is_not_a_quantity():
    assert quantities("منذ عام 2011") == []


def test_years_linked_to_a_year_are_not_quantities():
    assert quantities("بين عامي 2011 و2013") == []


def test_day_and_year_around_a_month_name_are_not_quantities():
    assert quantities("في 3 أيار 2016 قتل 12") == [("12", 12, 12, False)]


def test_four_digits_without_a_year_word_are_a_count():
    assert quantities("مقتل 2000 شخص") == [("2000", 2000, 2000, False)]


def test_ten_after_an_ordinal_is_not_a_quantity():
    assert quantities("في اليوم الحادي عشر من الحصار") == []


def test_la_before_a_number_word_is_not_a_proclitic_in_lastu():
    assert quantities("لست أدري") == []


def test_definite_tens_word_is_a_vague_quantity():
    assert quantities("العشرات من القتلى") == [("العشرات", 20, 99, True)]


def test_vague_word_may_carry_a_proclitic_and_the_article():
    assert quantities("قتلوا بالعشرات") == [("بالعشرات", 20, 99, True)]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("مئات", 200, 999), ("المئات", 200, 999), ("آلاف", 2000, 9999), ("بضعة", 3, 9)],
)
def test_vague_words_have_their_ranges(text, low, high):
    assert [q[1:] for q in quantities(text)] == [(low, high, True)]


def test_tens_of_thousands_is_the_tens_range_times_a_thousand():
    assert quantities("عشرات الآلاف من اللاجئين") == [("عشرات الآلاف", 20000, 99999, True)]


def test_a_number_of_is_at_least_two():
    assert quantities("أصيب عدد من المدنيين") == [("عدد من", 2, None, True)]
