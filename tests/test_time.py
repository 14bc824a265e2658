"""Dates and relative time expressions, with offsets, resolved against the document date."""

import pytest

from pipeline.document import Document, SourceInfo
from pipeline.stages import create_stage, create_stages, run_stages
from pipeline.stages.normalise import NormaliseStage

TIME = create_stage("time")
SEED_000 = "واقتحم مسلحون مقرين لقوات #النظام_السوري في حمص، السبت، وقتلوا العشرات."


def times(text: str, date: str | None) -> list[tuple[str, str | None, str]]:
    doc = Document(doc_id="d", text=text, source=SourceInfo("d.txt", "0" * 64, "utf-8"), date=date)
    doc = TIME(NormaliseStage()(doc))
    for found in doc.times:
        assert found.text == text[found.start : found.end]
    return [(t.text, t.value, t.granularity) for t in doc.times]


def test_saturday_in_seed_000_is_the_day_of_the_attack():
    assert times(SEED_000, "2017-02-25") == [("السبت", "2017-02-25", "day")]


def test_a_weekday_is_the_latest_such_day_up_to_the_document_date():
    assert times("وصل الوفد يوم الجمعة.", "2016-05-03") == [("يوم الجمعة", "2016-04-29", "day")]


def test_today_with_a_weekday_is_that_weekday_when_the_article_came_out_later():
    # an interview "aired today (Sunday)" in an article dated Tuesday
    text = "في مقابلة أذيعت اليوم (الأحد)"
    assert times(text, "2016-05-03") == [("اليوم (الأحد)", "2016-05-01", "day")]


def test_a_bracket_around_the_whole_phrase_is_not_part_of_the_expression():
    assert times("(وقال أمس الاثنين)", "2016-05-03") == [("أمس الاثنين", "2016-05-02", "day")]


def test_yesterday_with_its_weekday_is_one_date():
    assert times("وقال أمس الاثنين", "2016-05-03") == [("أمس الاثنين", "2016-05-02", "day")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("وقال اليوم", "2016-05-03"),
        ("وقتل أمس", "2016-05-02"),
        ("قصف الليلة الماضية", "2016-05-02"),
    ],
)
def test_relative_days_count_from_the_document_date(text, value):
    assert times(text, "2016-05-03")[0][1:] == (value, "day")


def test_a_proclitic_is_not_part_of_the_span():
    assert times("وأمس قال", "2016-05-03") == [("أمس", "2016-05-02", "day")]


def test_day_and_month_with_its_levantine_name_take_the_document_year():
    found = times("منذ 27 فبراير (شباط) الماضي", "2016-05-03")
    assert found == [("27 فبراير (شباط)", "2016-02-27", "day")]


def test_years_ago_in_words_resolve_to_a_year():
    assert times("للصراع المستمر منذ ست سنوات.", "2017-02-25") == [("منذ ست سنوات", "2011", "year")]


def test_a_written_date_needs_no_document_date():
    assert times("في 3 أيار 2016 وقعت الهدنة", None) == [("3 أيار 2016", "2016-05-03", "day")]


def test_without_a_document_date_relative_expressions_stay_unresolved():
    assert times("قال السبت", None) == [("السبت", None, "unknown")]


def test_a_month_precise_document_date_does_not_resolve_a_weekday():
    assert times("ظهر الأربعاء", "2018-04") == [("الأربعاء", None, "unknown")]


def test_a_document_date_that_is_no_calendar_date_leaves_relative_days_unresolved():
    assert times("وقتل أمس", "2015-13-45") == [("أمس", None, "unknown")]


@pytest.mark.parametrize(
    ("text", "expression"),
    [
        ("قتل منذ 25 عاما", "منذ 25 عاما"),
        ("قتل منذ خمسة وعشرين عاما", "منذ خمسة وعشرين عاما"),
        ("قتل منذ 25 عاماً", "منذ 25 عاماً"),
    ],
)
def test_years_ago_past_ten_take_the_singular_unit_and_any_number(text, expression):
    assert times(text, "2017-02-25") == [(expression, "1992", "year")]


def test_months_ago_in_compound_words_resolve_to_a_month():
    found = times("يجري التفاوض بشأنه منذ عشرين شهرا", "2015-07-21")
    assert found == [("منذ عشرين شهرا", "2013-11", "month")]


def test_days_ago_past_ten_resolve_to_a_day():
    assert times("اعتقل منذ 30 يوما", "2015-07-21") == [("منذ 30 يوما", "2015-06-21", "day")]


def test_a_thousand_years_ago_is_no_date():
    assert times("منذ ألف عام", "2017-02-25") == []


def test_since_a_day_of_the_month_is_that_day_not_an_age():
    assert times("منذ 3 أيار", "2016-05-20") == [("3 أيار", "2016-05-03", "day")]


def test_a_month_called_past_is_its_latest_occurrence_before_the_document_month():
    text = "قتل عشرة في غارة في سبتمبر الماضي."
    assert times(text, "2015-08-05") == [("سبتمبر الماضي", "2014-09", "month")]


def test_a_month_called_next_is_its_first_occurrence_after_the_document_month():
    text = "ستعقد الجولة المقبلة في أيار المقبل."
    assert times(text, "2015-08-05") == [("أيار المقبل", "2016-05", "month")]


def test_a_month_in_both_traditions_is_one_expression():
    text = "وقعت المجزرة في 3 حزيران/يونيو في ريف حلب."
    assert times(text, "2015-08-05") == [("3 حزيران/يونيو", "2015-06-03", "day")]


def test_a_year_after_the_article_is_a_year():
    assert times("بدأ الحصار في العام 2013.", "2015-08-05") == [("العام 2013", "2013", "year")]


def test_a_month_name_alone_is_no_date():
    # `نيسان` is also a car maker: a bare month name needs a modifier, its pair or `شهر`
    assert times("افتتحت نيسان مصنعا جديدا.", "2015-08-05") == []


def test_the_day_before_yesterday_is_written_both_ways():
    assert times("تظاهر المئات أول من أمس.", "2015-07-22") == [("أول من أمس", "2015-07-20", "day")]
    assert times("تظاهر المئات أمس الأول.", "2015-07-22") == [("أمس الأول", "2015-07-20", "day")]


def test_a_day_written_with_the_article_and_من_before_its_month_is_that_day():
    found = times("وقال إن الفضلي قتل في الـ8 من يوليو الجاري.", "2015-07-23")
    assert found == [("الـ8 من يوليو", "2015-07-08", "day")]


def test_a_year_glued_to_its_word_is_still_that_year():
    assert times("بدأت الاحتجاجات في مارس عام2011.", "2015-08-02") == [
        ("مارس عام2011", "2011-03", "month")
    ]


def test_the_current_secretary_general_is_no_date():
    assert times("وقال الأمين العام الحالي للأمم المتحدة إن الوضع خطير.", "2015-07-22") == []


def test_last_month_and_this_year_are_counted_from_the_article_date():
    assert times("سيطر التنظيم على البلدة الشهر الماضي.", "2015-01-22") == [
        ("الشهر الماضي", "2014-12", "month")
    ]
    assert times("وتنتهي المفاوضات أواخر العام الحالي.", "2015-07-22") == [
        ("العام الحالي", "2015", "year")
    ]


def test_this_year_after_the_preposition_ل_is_still_this_year():
    assert times("وقال إن الموازنة المخصصة للعام الحالي لم تصرف.", "2015-07-22") == [
        ("للعام الحالي", "2015", "year")
    ]


def test_a_year_after_the_preposition_ل_is_that_year():
    found = times("وأعلنت الوزارة خطتها للعام 2016.", "2015-07-22")
    assert found == [("للعام 2016", "2016", "year")]


def test_today_in_the_name_of_a_news_outlet_is_no_date():
    stages = [*create_stages("fast", omit=("link", "time", "events")), TIME]
    text = "عين اليوم – بيروت قال المرصد السوري لحقوق الإنسان إن اشتباكات دارت في حمص."
    source = SourceInfo("d.txt", "0" * 64, "utf-8")
    doc = run_stages(stages, Document(doc_id="d", text=text, source=source, date="2015-08-07"))
    assert any(entity.text == "عين اليوم" for entity in doc.entities)
    assert doc.times == []


def test_without_entities_today_in_a_name_is_still_read_as_today():
    assert times("عين اليوم – بيروت", "2015-08-07") == [("اليوم", "2015-08-07", "day")]


def test_the_start_of_a_month_dates_by_that_month():
    assert times("أدت الغارة في مطلع يوليو إلى مقتله", "2015-07-23") == [
        ("مطلع يوليو", "2015-07", "month")
    ]


def test_the_end_of_a_month_with_its_year_is_that_month_of_that_year():
    assert times("قتل في أواخر شهر آب 2014", "2015-07-23") == [
        ("أواخر شهر آب 2014", "2014-08", "month")
    ]


def test_the_middle_of_a_month_called_next_is_its_next_occurrence():
    assert times("تبدأ المفاوضات منتصف أيار المقبل", "2015-07-23") == [
        ("منتصف أيار المقبل", "2016-05", "month")
    ]


def test_about_two_months_before_the_article_is_a_month():
    assert times("سيطر جيش الفتح قبل نحو شهرين على محافظة إدلب", "2015-07-25") == [
        ("قبل نحو شهرين", "2015-05", "month")
    ]


def test_a_year_gone_by_is_the_year_before_the_article():
    assert times("قبل عام مضى، أعلن الرئيس الأمريكي شن ضربات جوية", "2015-08-08") == [
        ("قبل عام مضى", "2014", "year")
    ]


def test_days_before_another_event_are_no_date():
    assert times("وصل الوفد قبل ثلاثة أيام من الهجوم", "2015-07-25") == []


def test_a_month_name_after_in_is_that_month_near_the_article():
    assert times("وخطف ثلاثة مقنعين في مايو الأب جاك مراد", "2015-08-07") == [
        ("مايو", "2015-05", "month")
    ]


def test_a_night_of_two_weekdays_is_the_later_day():
    assert times("أوقفت الشرطة رجلا ليل الثلاثاء الأربعاء في مليلية", "2015-07-22") == [
        ("ليل الثلاثاء الأربعاء", "2015-07-22", "day")
    ]


def test_after_the_midnight_of_a_weekday_is_the_day_after_it():
    assert times("ضربت قواته أهدافا بعد منتصف ليل الأحد", "2015-07-28") == [
        ("بعد منتصف ليل الأحد", "2015-07-27", "day")
    ]


def test_during_the_night_is_the_night_before_the_article():
    assert times("ودارت خلال الليل اشتباكات بين قوات النظام", "2016-05-03") == [
        ("خلال الليل", "2016-05-02", "day")
    ]


def test_after_the_midnight_of_the_articles_own_weekday_is_no_later_than_the_article():
    # the day after Sunday's night is a Monday: in a Sunday article, the Monday before it
    assert times("ضربت قواته أهدافا بعد منتصف ليل الأحد", "2015-07-26") == [
        ("بعد منتصف ليل الأحد", "2015-07-20", "day")
    ]


def test_after_the_midnight_of_the_day_before_yesterday_is_yesterday():
    assert times("ضربت قواته أهدافا بعد منتصف ليل أول من أمس", "2015-08-01") == [
        ("بعد منتصف ليل أول من أمس", "2015-07-31", "day")
    ]


def test_a_month_after_in_with_the_year_after_it_leaves_the_date_to_the_year():
    assert times("قتل في يناير من العام الماضي", "2015-08-05") == [("العام الماضي", "2014", "year")]


def test_a_month_name_after_a_word_ending_in_the_letters_of_in_is_no_date():
    assert times("وقعت مواجهات ذات طابع طائفي تموز", "2015-08-05") == []
