"""Span hygiene of the NER stage: names without descriptors, nisba adjectives, coordinations."""

import pytest

from pipeline.lang.ar.normalisation import normalise
from pipeline.ner import Mention
from pipeline.ner.clitics import ProcliticStripper
from pipeline.ner.gazetteer import Gazetteer
from pipeline.ner.hygiene import SpanHygiene
from pipeline.paths import models_dir


@pytest.fixture(scope="module")
def hygiene() -> SpanHygiene:
    ner = models_dir() / "ner"
    stripper = ProcliticStripper.from_files(ner / "word_counts.tsv", ner / "name_words.txt")
    gazetteer = Gazetteer(
        [("LOC", "حمص"), ("LOC", "إدلب"), ("LOC", "البوسنة والهرسك"), ("LOC", "الغوطة")]
    )
    return SpanHygiene(stripper, gazetteer)


def _names(words: list[str], mentions: list[Mention]) -> list[tuple[str, str]]:
    return [(" ".join(words[m.start : m.end]), m.label) for m in mentions]


def _clean(hygiene: SpanHygiene, sentence: str, start: int, end: int, label: str):
    """The names `hygiene` makes of one mention of the sentence as the stage sees it."""
    words = normalise(sentence).text.split()
    return _names(words, hygiene.clean(words, [Mention(start, end, label, source="ner:spacy")]))


def test_the_descriptor_tanzim_is_not_part_of_an_organisation(hygiene):
    assert _clean(hygiene, "هاجم مقاتلو تنظيم داعش القرية", 2, 4, "ORG") == [("داعش", "ORG")]


def test_a_descriptor_stays_when_the_rest_names_nothing_alone(hygiene):
    sentence = "أعلن تنظيم الدولة مسؤوليته"
    assert _clean(hygiene, sentence, 1, 3, "ORG") == [("تنظيم الدولة", "ORG")]


def test_a_town_descriptor_with_a_proclitic_is_dropped_from_a_place(hygiene):
    assert _clean(hygiene, "قصف بمدينة سراقب", 1, 3, "LOC") == [("سراقب", "LOC")]


def test_a_site_word_before_a_place_is_part_of_the_site_name(hygiene):
    assert _clean(hygiene, "اشتباكات في محيط مطار كويرس العسكري", 4, 5, "LOC") == [
        ("مطار كويرس", "LOC")
    ]


def test_a_site_word_with_a_proclitic_joins_the_place_span(hygiene):
    assert _clean(hygiene, "توقفت الحركة بمعبر باب الهوى", 3, 5, "LOC") == [
        ("بمعبر باب الهوي", "LOC")  # as normalised
    ]


def test_a_particle_before_a_person_is_not_part_of_the_name(hygiene):
    sentence = "وقال فإن داود أوغلو سيزور أنقرة"
    assert _clean(hygiene, sentence, 1, 4, "PER") == [("داود اوغلو", "PER")]  # as normalised


def test_a_noun_in_apposition_after_a_person_is_not_part_of_the_name(hygiene):
    sentence = "بعد مقتل جهاد نجل عماد مغنية"
    assert _clean(hygiene, sentence, 2, 4, "PER") == [("جهاد", "PER")]


def test_a_person_span_ending_in_bin_takes_the_fathers_name_and_the_family_name(hygiene):
    sentence = "وقال محمد بن داخل الجهني إن"
    assert _clean(hygiene, sentence, 1, 3, "PER") == [("محمد بن داخل الجهني", "PER")]


def test_anne_is_a_name_not_the_particle_it_is_spelt_like_without_hamza(hygiene):
    sentence = "وقالت آن باترسون إن"
    assert _clean(hygiene, sentence, 1, 3, "PER") == [("ان باترسون", "PER")]


def test_ban_is_a_name_not_the_particle_bi_anna(hygiene):
    sentence = "وقال بان كي مون إن"
    assert _clean(hygiene, sentence, 1, 4, "PER") == [("بان كي مون", "PER")]


def test_amin_ending_a_name_is_a_name_word_not_an_apposition(hygiene):
    sentence = "وصل محمد أمين إلى"
    assert _clean(hygiene, sentence, 1, 3, "PER") == [("محمد امين", "PER")]


def test_a_weekday_after_bin_is_not_taken_into_the_name(hygiene):
    sentence = "استقبل محمد بن سلمان الثلاثاء الوفد"
    assert _clean(hygiene, sentence, 1, 3, "PER") == [("محمد بن سلمان", "PER")]


def test_the_neighbourhood_word_is_not_part_of_a_place(hygiene):
    assert _clean(hygiene, "قصف حي الوعر في حمص", 1, 3, "LOC") == [("الوعر", "LOC")]


def test_a_nisba_adjective_is_cut_off_a_known_place(hygiene):
    assert _clean(hygiene, "في حمص السورية أمس", 1, 3, "LOC") == [("حمص", "LOC")]


def test_a_direction_adjective_that_names_a_region_stays(hygiene):
    sentence = "في الغوطة الشرقية أمس"
    assert _clean(hygiene, sentence, 1, 3, "LOC") == [("الغوطة الشرقية", "LOC")]


def test_the_countryside_word_alone_names_no_place(hygiene):
    sentence = "قصف في الريف الشمالي الشرقي لمحافظة حلب"
    assert _clean(hygiene, sentence, 2, 5, "LOC") == []


def test_the_countryside_of_a_named_place_stays_a_place(hygiene):
    assert _clean(hygiene, "قصف في ريف حلب الشمالي", 2, 5, "LOC") == [("ريف حلب الشمالي", "LOC")]


def test_coordinated_people_are_split(hygiene):
    sentence = "التقى ظريف والإبراهيمي في طهران"
    assert _clean(hygiene, sentence, 1, 3, "PER") == [("ظريف", "PER"), ("والابراهيمي", "PER")]


def test_coordinated_known_places_are_split(hygiene):
    sentence = "في حمص وإدلب أمس"
    assert _clean(hygiene, sentence, 1, 3, "LOC") == [("حمص", "LOC"), ("وادلب", "LOC")]


def test_a_name_that_starts_with_waw_is_not_a_coordination(hygiene):
    sentence = "قال مبارك وجدي إن"
    assert _clean(hygiene, sentence, 1, 3, "PER") == [("مبارك وجدي", "PER")]


def test_a_known_name_with_a_conjunction_stays_whole(hygiene):
    sentence = "في البوسنة والهرسك"
    assert _clean(hygiene, sentence, 1, 3, "LOC") == [("البوسنة والهرسك", "LOC")]
