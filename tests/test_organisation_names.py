"""Organisation names the knowledge base does not hold are translated word by word from
their head noun (pipeline/lang/ar/organisation_names.py), never spelt as if the common words
were a name."""

import json

import pytest
from shipped_link import link

from pipeline.codec import link_row
from pipeline.lang.ar.organisation_names import translate


def spelt(word: str) -> str:
    """A stand-in speller, so that these tests prove the translation, not the transliterator."""
    return f"<{word}>"


@pytest.mark.parametrize(
    "arabic, english",
    [
        ("وزارة الخارجية الروسية", "Ministry of Foreign Affairs (Russia)"),
        ("وزارة الداخلية التركية", "Ministry of Interior (Turkey)"),
        ("وزارة الدفاع الوطني", "Ministry of National Defence"),
        ("وزارة الشؤون الاجتماعية", "Ministry of Social Affairs"),
    ],
)
def test_a_ministry_names_its_portfolio_after_of_and_its_country_as_a_gloss(arabic, english):
    assert translate(arabic, "ORG", spelt) == english


@pytest.mark.parametrize(
    "arabic, english",
    [
        ("حزب العدالة والتنمية", "Justice and Development Party"),
        ("منظمة حماية الطفل", "Child Protection Organization"),
        ("مجلس التعاون الخليجي", "Gulf Cooperation Council"),
        ("اللجنة الأولمبية السعودية", "Saudi Olympic Committee"),
    ],
)
def test_a_party_or_an_organisation_puts_its_words_before_the_head(arabic, english):
    assert translate(arabic, "ORG", spelt) == english


def test_an_of_head_with_adjectives_alone_takes_them_before_it():
    assert translate("الجامعة العربية", "ORG", spelt) == "Arab University"


def test_a_phrase_after_a_preposition_follows_the_name():
    arabic = "الحملة الوطنية السعودية لنصرة الأشقاء في سوريا"
    english = "Saudi National Campaign for the Support of the Brothers in <سوريا>"
    assert translate(arabic, "ORG", spelt) == english


def test_a_two_word_noun_behind_a_proclitic_is_one_english_noun():
    assert translate("المرصد الآشوري لحقوق الإنسان", "ORG", spelt) == (
        "Assyrian Observatory for Human Rights"
    )


def test_a_word_the_lexicon_lacks_is_a_name_inside_the_name_and_is_spelt():
    assert translate("جامعة تبوك", "ORG", spelt) == "University of <تبوك>"
    assert translate("مركز حمص الإعلامي", "ORG", spelt) == "<حمص> Media Center"


def test_a_name_without_a_head_noun_is_not_translated():
    assert translate("عكاظ", "ORG", spelt) is None
    assert translate("الفيسبوك", "ORG", spelt) is None


def test_a_head_noun_alone_refers_to_a_body_and_names_none():
    assert translate("الوزارة", "ORG", spelt) is None


def test_a_word_behind_a_proclitic_the_lexicon_does_not_read_is_spelt_not_misread():
    # `فروسية` (horsemanship) is no ف + روسية (Russian)
    assert translate("مركز فروسية الرياض", "ORG", spelt) == "<فروسية> <الرياض> Center"


def test_a_sea_is_a_place_and_a_ministry_is_not():
    assert translate("البحر الأسود", "LOC", spelt) == "Black Sea"
    assert translate("وزارة الصحة", "LOC", spelt) is None


@pytest.mark.parametrize(
    "arabic, english",
    [
        ("الفرقة الأولى الساحلية", "First Coastal Division"),
        ("الفيلق الخامس", "Fifth Corps"),
        ("الفرقة 17", "Division 17"),
        ("قوات الدفاع الوطني", "National Defence Forces"),
    ],
)
def test_a_military_unit_takes_its_ordinal_or_number_and_its_kind(arabic, english):
    assert translate(arabic, "ORG", spelt) == english


def test_a_street_or_an_airport_is_named_by_its_arabic_words_spelt_and_adjectives_translated():
    assert translate("شارع الثورة", "LOC", spelt) == "<الثورة> Street"
    assert translate("مطار حلب الدولي", "LOC", spelt) == "<حلب> International Airport"


def test_an_adjective_without_the_article_is_part_of_a_place_name_not_translated():
    assert translate("معبر تل أبيض", "LOC", spelt) == "<تل> <أبيض> Crossing"
    assert translate("جسر بسوري", "LOC", spelt) == "<بسوري> Bridge"  # no ب + سوري


def test_the_link_stage_writes_a_translated_organisation_as_translated_not_romanised():
    (ministry,) = link(("ORG", "وزارة الزراعة اللبنانية"))
    canonical = link_row(ministry.canonical)
    assert (canonical["name_en"], canonical["spelt_by"], canonical["romanised"]) == (
        "Ministry of Agriculture (Lebanon)",
        "translated",
        False,
    )


def test_eval_names_scores_nil_mentions_by_label_and_by_how_they_were_named(tmp_path):
    from pipeline.training.names_eval import score_split

    def entity(label: str, text: str, name_en: str, kb_id: str | None = None) -> dict:
        return {"label": label, "text": text, "name_en": name_en, "kb_id": kb_id}

    record = {
        "source": {"corpus": "saudinewsnet"},
        "entities": [
            entity("ORG", "وزارة الخارجية الروسية", "Ministry of Foreign Affairs (Russia)"),
            entity("ORG", "عكاظ", "Okaz"),
            entity("LOC", "حمص", "Homs", kb_id="loc:homs"),
        ],
    }
    seed = {"source": {"corpus": "seed"}, "entities": [entity("ORG", "حزب النور", "Nour")]}
    path = tmp_path / "dev.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (record, seed)) + "\n")
    table = score_split(path)
    assert table["ORG"]["mentions"] == 2 and table["ORG"]["right"] == 1
    assert table["ORG"]["translated"] == 1 and table["ORG"]["transliterated"] == 1
    assert table["ORG"]["letters"] == len("ministry of foreign affairs russia") + len("okaz")
    assert table["LOC"].get("mentions", 0) == 0
