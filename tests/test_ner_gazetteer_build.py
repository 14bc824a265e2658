"""Building the gazetteer and the name-word list (`pipeline/training/ner_gazetteer.py`) from
small in-test files."""

import json

from pipeline.training.ner_data import TaggedSentence
from pipeline.training.ner_gazetteer import precision_on, source_entries, wikidata_name_words


def write_kb(path, entries):
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), "utf-8")


def test_names_of_several_words_of_the_gold_train_split_join_the_gazetteer(tmp_path):
    (tmp_path / "gazetteers").mkdir()
    (tmp_path / "gazetteers" / "anergazet_org.txt").write_text("", "utf-8")
    (tmp_path / "gazetteers" / "anergazet_loc_hierarchy.tsv").write_text("entry\tkind\n", "utf-8")
    (tmp_path / "gazetteers" / "geonames_cities15000_ar.tsv").write_text(
        "geonameid\tarabic_names\n", "utf-8"
    )
    write_kb(tmp_path / "entities.jsonl", [])
    train = "gold corpus train split (corpus/gold/train.jsonl), articles saudinewsnet-1"
    write_kb(
        tmp_path / "kb.jsonl",
        [
            {"id": "loc:old_homs", "type": "LOC", "name_ar": "حمص القديمة", "sources": [train]},
            {"id": "loc:country_sa", "type": "LOC", "name_ar": "المملكة", "sources": [train]},
            {"id": "loc:x", "type": "LOC", "name_ar": "درعا البلد", "sources": ["GeoNames"]},
        ],
    )
    entries = source_entries(tmp_path, tmp_path / "entities.jsonl", tmp_path / "kb.jsonl")
    assert entries == [("LOC", "حمص القديمة", "gold_train:loc:old_homs")]  # one word: no


def test_a_wikidata_name_that_reads_as_a_proclitic_and_the_article_is_a_name_word(tmp_path):
    names = tmp_path / "names.tsv"
    names.write_text(
        "name_en\tname_ar\tcount\nvalerie\tفاليري\t10\nwali\tوالي\t3\nfalih\tفالح\t1\n"
        "basma\tبسمة\t6\n",
        "utf-8",
    )
    counts = tmp_path / "counts.tsv"
    counts.write_text("الي\t900\nوالي\t40\nفاليري\t30\nاليري\t2\n", "utf-8")
    # والي: الي (to) is far more frequent; فالح: one name only; بسمة: no article after ب
    assert wikidata_name_words(names, counts) == {"فاليري"}


def test_a_known_name_the_annotators_never_tag_is_counted_as_wrong():
    # `قوات النظام` is a KB alias of the regime's army, but a description under the guidelines
    entries = [("ORG", "قوات النظام", "kb:org:syrian_arab_army"), ("LOC", "حلب", "kb:loc:aleppo")]
    sentence = TaggedSentence(["قصفت", "قوات", "النظام", "حلب"], ["O", "O", "O", "B-LOC"])
    seen, correct = precision_on(entries, [sentence] * 3)
    assert seen[("قوات", "النظام")] == 3 and correct[("قوات", "النظام")] == 0
    assert correct[("حلب",)] == 3
