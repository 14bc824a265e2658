"""English names of names the knowledge base does not hold: a transliterator learnt from
Arabic–English name pairs for people and places, translation for generic phrases, which are
never spelt as if they were names.

Training tests use a dozen hand-made pairs; the spelling tests use the shipped model
(`models/translit/`) on held-out words, letter by letter, so that they prove the letter model.
"""

import pytest
from shipped_link import link, shipped_link_stage
from test_link import mention

from pipeline.codec import link_row
from pipeline.document import Document, SourceInfo
from pipeline.kb.transliteration import (
    Transliterator,
    align,
    arabic_key,
    is_held_out,
    joined_compounds,
    shipped,
)
from pipeline.kb.unknown_names import spell_name, translate_generic
from pipeline.training.translit import Pair, edit_distance, score, train, usable

TINY = [("سامي", "sami"), ("سمير", "samir"), ("شادي", "shadi"), ("شريف", "sharif"),
        ("مراد", "murad"), ("رامي", "rami"), ("مريم", "maryam"), ("سارة", "sara"),
        ("شاكر", "shakir"), ("كريم", "karim"), ("دارين", "darin"), ("رشيد", "rashid")]  # fmt: skip


@pytest.fixture(scope="module")
def tiny() -> Transliterator:
    return train([Pair(arabic_key(a), e, 1, "google") for a, e in TINY], log=False)


def test_alignment_splits_the_english_into_one_chunk_per_arabic_letter():
    spelled = {"ش": "sh", "ر": "ar", "ي": "i", "ف": "f"}

    def known_spellings(arabic, index, chunk):
        return 0.0 if spelled[arabic[index]] == chunk else -10.0

    assert align("شريف", "sharif", known_spellings) == ["sh", "ar", "i", "f"]


def test_a_word_of_the_training_pairs_takes_its_spelling_there(tiny):
    assert tiny.word("شريف") == "sharif"


def test_an_unseen_word_is_spelt_from_the_letters_learnt(tiny):
    # neither word is a training pair; their letters and neighbours are
    assert tiny.word("شامي") == "shami"
    assert tiny.word("كامي") == "kami"


def test_the_article_is_spelt_al_and_alef_lam_of_a_foreign_name_is_not(tiny):
    assert tiny.name("السامي").startswith("al-")
    assert not shipped().name("ألكسندر").lower().startswith("al-")


def test_pairs_that_cannot_be_transliterations_are_left_out():
    assert not usable(Pair(arabic_key("أ"), "alexander", 1, "wikidata"))
    assert not usable(Pair(arabic_key("الله"), "saadallah", 1, "wikidata"))
    assert usable(Pair(arabic_key("لافروف"), "lavrov", 2, "wikidata"))


def test_exact_match_counts_any_spelling_of_the_word_and_cer_the_nearest():
    figures = score({"محمد": "mohamed"}, {"محمد": {"muhammad", "mohamed"}})
    assert (figures["exact"], figures["cer"]) == (100.0, 0.0)
    figures = score({"محمد": "mohamad"}, {"محمد": {"muhammad", "mohamed"}})
    assert figures["exact"] == 0.0 and figures["cer"] == pytest.approx(100 / 7)
    assert edit_distance("kitten", "sitting") == 3


@pytest.mark.parametrize(
    "arabic, english",
    [("لندن", "Landen"), ("روبرتو", "Roberto"), ("نتنياهو", "Natnyaho")],
)
def test_the_shipped_letter_model_spells_names_it_has_not_seen(arabic, english):
    key = arabic_key(arabic)
    # never seen by the letter table or the letter model: held out, or in no pair at all
    assert is_held_out(key) or key not in shipped().words
    assert shipped().spell(key).capitalize() == english


def test_an_arabic_name_with_the_article_takes_the_press_consonants():
    # the letter model alone writes غ as G, as in the Western names of its pairs: al-Gamdi
    key = arabic_key("غامدي")
    assert key not in shipped().words
    assert shipped().spell(key) == "gamdi"
    assert shipped().name("حاتم الغامدي").endswith(" al-Ghamdi")


def test_a_borrowed_name_keeps_the_letters_of_its_own_language():
    assert shipped().name("غراهام") == "Graham"


def test_the_shipped_word_table_holds_the_held_out_words_too():
    # a lookup, not the model under test: one name word in ten would otherwise be spelt
    # letter by letter in production (`فيصل` as "Vis")
    key = arabic_key("فيصل")
    assert is_held_out(key)
    assert shipped().name("فيصل") == "Faisal"


def test_a_person_the_knowledge_base_does_not_hold_is_transliterated():
    (clinton,) = link(("PER", "هيلاري كلينتون"))
    canonical = link_row(clinton.canonical)
    assert (canonical["name_en"], canonical["spelt_by"], canonical["romanised"]) == (
        "Hilary Clinton",
        "transliterated",
        True,
    )


@pytest.mark.parametrize(
    "arabic, english",
    [
        ("جيش النظام", "regime army"),
        ("قوات الأمن السورية", "Syrian security forces"),
        ("فصائل المعارضة", "opposition factions"),
        ("مسلحون", "gunmen"),
        ("الأهالي", "residents"),
    ],
)
def test_generic_phrases_are_translated_not_romanised(arabic, english):
    (phrase,) = link(("ORG", arabic))
    canonical = link_row(phrase.canonical)
    assert (canonical["name_en"], canonical["spelt_by"], canonical["romanised"]) == (
        english,
        "generic",
        False,
    )


def test_a_phrase_with_a_name_in_it_is_not_generic():
    assert translate_generic("جيش الفتح") is None
    assert translate_generic("السورية") is None  # an adjective alone describes nothing


def test_a_name_is_spelt_as_written_where_the_hamza_says_it_has_no_article():
    # normalisation folds `إلسا` to `السا`, which reads as the article + `سا`
    written = mention(0, "PER", "إلسا غونزاليس")
    written.normalized = "السا غونزاليس"
    doc = Document(doc_id="d", text="", source=SourceInfo("d.txt", "0" * 64, "utf-8"))
    doc.entities = [written]
    (elsa,) = shipped_link_stage()(doc).entities
    assert elsa.canonical.name_en.endswith(" Gonzalez")
    assert not elsa.canonical.name_en.startswith("al-")


def test_abd_and_a_name_of_god_are_one_word():
    assert joined_compounds(["عبد", "الله", "عبد", "ربه"]) == ["عبدالله", "عبد", "ربه"]


def test_abd_and_a_name_of_god_are_spelt_as_one_english_word():
    # word by word `عبد الرحمن` was "Abdel al-Rehman"
    assert spell_name("عبد الرحمن") == spell_name("عبدالرحمن")
    assert shipped().name("عبد المجيد").startswith("Abdul")
