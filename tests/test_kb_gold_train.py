"""Knowledge-base entries from the gold corpus's train split (pipeline/kb/gold_train.py)."""

from __future__ import annotations

from pipeline.kb import KbEntry
from pipeline.kb.gold_train import annotate_categories, english_key, train_records
from pipeline.stages.link import _actor_code


def mention(ident: str, text: str, label: str, name_en: str | None, kb_id: str | None = None):
    return {"id": ident, "label": label, "text": text, "kb_id": kb_id, "name_en": name_en}


def article(doc_id: str, *mentions: dict, actors: tuple[tuple[str, str], ...] = ()) -> dict:
    event = {"actors": [{"entity": e, "category": c} for e, c in actors]}
    return {"doc_id": doc_id, "entities": list(mentions), "events": [event]}


PKK = "Kurdistan Workers' Party"


def entries(*articles: dict, taken: set[str] | None = None) -> list[dict]:
    return list(train_records(list(articles), taken or set(), set()))


def test_a_nil_entity_becomes_an_entry_with_the_annotators_english_name_and_its_articles():
    (entry,) = entries(article("a1", mention("e1", "حزب العمال الكردستاني", "ORG", PKK)))
    assert (entry["id"], entry["type"], entry["name_en"]) == (
        "org:kurdistan_workers_party",
        "ORG",
        PKK,
    )
    assert entry["name_ar"] == "حزب العمال الكردستاني"
    assert "a1" in entry["sources"][0] and "train split" in entry["sources"][0]


def test_spellings_differing_in_accents_or_a_gloss_are_one_entity_named_by_the_most_frequent():
    (entry,) = entries(
        article("a1", mention("e1", "سروج", "LOC", "Suruç")),
        article(
            "a2", mention("e1", "سروج", "LOC", "Suruç"), mention("e2", "سوروتش", "LOC", "Suruc")
        ),
    )
    assert entry["name_en"] == "Suruç"
    assert entry["aliases"] == ["سوروتش"]
    assert english_key(f"{PKK} (PKK)") == english_key(PKK)


def test_two_different_glosses_are_two_entities_and_the_shared_name_an_alias_of_neither():
    found = entries(
        article(
            "a1",
            mention("e1", "وزارة الداخلية التركية", "ORG", "Ministry of Interior (Turkey)"),
            mention("e2", "وزارة الداخلية", "ORG", "Ministry of Interior (Turkey)"),
        ),
        article(
            "a2",
            mention("e1", "وزارة الداخلية الكويتية", "ORG", "Ministry of Interior (Kuwait)"),
            mention("e2", "وزارة الداخلية", "ORG", "Ministry of Interior (Kuwait)"),
        ),
    )
    names = {entry["name_en"]: [entry["name_ar"], *entry["aliases"]] for entry in found}
    assert names == {
        "Ministry of Interior (Turkey)": ["وزارة الداخلية التركية"],
        "Ministry of Interior (Kuwait)": ["وزارة الداخلية الكويتية"],
    }


def test_a_name_without_a_gloss_joins_the_one_glossed_entity_of_its_name():
    (entry,) = entries(
        article("a1", mention("e1", "حزب العمال الكردستاني", "ORG", f"{PKK} (PKK)")),
        article("a2", mention("e1", "العمال الكردستاني", "ORG", PKK)),
    )
    assert entry["aliases"] == ["العمال الكردستاني"]


def test_a_name_written_for_two_entities_is_no_alias_of_either():
    found = entries(
        article("a1", mention("e1", "محمد الزعبي", "PER", "Mohammed al-Zoubi")),
        article("a2", mention("e1", "محمد الزعبي", "PER", "Muhammad Ismail al-Zoubi")),
    )
    assert found == []


def test_a_persons_single_word_is_not_an_alias():
    (entry,) = entries(
        article(
            "a1",
            mention("e1", "أحمد داود أوغلو", "PER", "Ahmet Davutoğlu"),
            mention("e2", "أوغلو", "PER", "Ahmet Davutoğlu"),
        )
    )
    assert [entry["name_ar"], *entry["aliases"]] == ["أحمد داود أوغلو"]


def test_a_name_an_earlier_entry_holds_is_left_to_it():
    found = entries(
        article("a1", mention("e1", "الهلال الأحمر", "ORG", "Saudi Red Crescent")),
        taken={"الهلال الاحمر"},
    )
    assert found == []


def test_linked_mentions_give_no_entries():
    found = entries(article("a1", mention("e1", "حلب", "LOC", "Aleppo", kb_id="loc:aleppo")))
    assert found == []


def test_an_other_name_gives_an_entry_of_its_label():
    (entry,) = entries(
        article("a1", mention("e2", "عاصفة الحزم", "MISC", "Operation Decisive Storm"))
    )
    assert (entry["id"], entry["type"]) == ("misc:operation_decisive_storm", "MISC")


def test_an_entry_takes_the_category_the_annotators_gave_it_most_often_as_an_actor():
    (entry,) = entries(
        article(
            "a1",
            mention("e1", "حزب العمال الكردستاني", "ORG", PKK),
            actors=(("e1", "rebel_groups"), ("e1", "rebel_groups"), ("e1", "identity_militias")),
        )
    )
    assert entry["actor_category"] == "rebel_groups"


def test_a_kb_entry_named_as_an_actor_in_train_gets_that_category():
    kerry = {"id": "per:john_kerry", "type": "PER", "sources": []}
    train = article(
        "a1",
        mention("e1", "كيري", "PER", "John Kerry", "per:john_kerry"),
        actors=(("e1", "government"),),
    )
    assert annotate_categories([kerry], [train]) == 1
    assert kerry["actor_category"] == "government"


def test_the_link_gives_the_kb_category_before_the_codes_and_keeps_the_code():
    hezbollah = KbEntry(
        "org:hezbollah",
        "ORG",
        "Hezbollah",
        "حزب الله",
        [],
        cameo=[{"code": "LBNREB"}],
        actor_category="political_militias",
    )
    actor = _actor_code(hezbollah, "2015-07-21")
    assert (actor.cameo, actor.actor_category) == ("LBNREB", "political_militias")


def test_without_a_kb_category_the_link_gives_the_codes():
    army = KbEntry("org:syrian_arab_army", "ORG", "Syrian Arab Army", "الجيش العربي السوري", [])
    army.cameo = [{"code": "SYRMIL"}]
    assert _actor_code(army, "2015-07-21").actor_category == "state_forces"


def test_fighters_of_the_fighting_factions_are_rebel_groups_not_a_name():
    from pipeline.kb.unknown_names import generic_actor

    actor = generic_actor("مقاتلي الفصائل المقاتلة")
    assert (actor.code, actor.category) == ("REB", "rebel_groups")


def test_name_words_keep_the_annotators_spelling_of_a_word_they_spell():
    from pipeline.kb.gold_train import name_words

    train = article(
        "a1",
        mention("e1", "إبراهيم البلوي", "PER", "Ibrahim al-Balawi"),
        mention("e2", "جاوش اوغلو", "LOC", "Mevlüt Çavuşoğlu"),
    )
    spelt = {"ابراهيم": "ibrahim", "البلوي": "al-bloi", "جاوش": "jaus", "اوغلو": "oglu"}
    table = name_words([train], spelt.__getitem__)
    assert table == {"ابراهيم": "Ibrahim", "البلوي": "al-Balawi"}


def test_a_name_with_one_misaligned_word_teaches_none_of_its_words():
    from pipeline.kb.gold_train import name_words

    # English puts the translated word last: شارع/Thawra would pass the spelling check
    train = article("a1", mention("e1", "شارع الثورة", "LOC", "Thawra Street"))
    spelt = {"شارع": "sharea", "الثوره": "al-thawra"}
    assert name_words([train], spelt.__getitem__) == {}


def test_a_name_with_one_word_of_three_unspelt_teaches_the_other_two():
    from pipeline.kb.gold_train import name_words

    train = article("a1", mention("e1", "رجب طيب اردوغان", "PER", "Recep Tayyip Erdoğan"))
    spelt = {"رجب": "rajab", "طيب": "tayyib", "اردوغان": "ardogan"}
    assert name_words([train], spelt.__getitem__) == {"طيب": "Tayyip", "اردوغان": "Erdoğan"}


def test_an_unknown_name_is_spelt_with_the_annotators_words_first():
    from pipeline.kb.transliteration import shipped

    transliterator = shipped()
    if transliterator is None:
        return
    spelt = transliterator.name("إبراهيم البلوي", {"البلوي": "al-Balawi"})
    assert spelt.endswith(" al-Balawi")


def test_a_spelling_with_the_same_consonants_is_a_spelling_of_the_word():
    from pipeline.kb.gold_train import spells

    assert spells("bin", "ibn")
    assert not spells("Abu", "ali")


def test_the_seed_articles_of_the_train_split_are_left_out():
    from pipeline.kb.gold_train import news_records

    seed = {**article("000_seed"), "source": {"corpus": "seed"}}
    news = {**article("saudinewsnet-1"), "source": {"corpus": "saudinewsnet"}}
    assert news_records([seed, news]) == [news]
