"""The gazetteer layer: known names on folded tokens, through proclitics, under model spans."""

from pipeline.lang.ar.fold import match_key
from pipeline.ner import Mention, tag_spans
from pipeline.ner.gazetteer import Gazetteer, merge

GAZETTEER = Gazetteer(
    [("LOC", "حمص"), ("ORG", "الأمم المتحدة"), ("LOC", "الأردن"), ("PER", "بسمة قضماني")]
)


def test_names_match_whatever_the_hamza_and_ta_marbuta():
    assert match_key("الأمم المتحدة") == match_key("الامم المتحده")


def test_longest_known_name_is_found():
    tokens = ["قال", "مبعوث", "الامم", "المتحدة", "في", "حمص"]
    found = GAZETTEER.find(tokens)
    assert [(m.start, m.end, m.label) for m in found] == [(2, 4, "ORG"), (5, 6, "LOC")]


def test_a_name_with_a_proclitic_matches_as_a_whole_word():
    found = GAZETTEER.find(["هجوم", "بحمص", "وللأمم", "المتحدة"])
    assert [(m.start, m.end, m.label) for m in found] == [(1, 2, "LOC"), (2, 4, "ORG")]


def test_model_spans_win_over_overlapping_gazetteer_spans():
    model = [Mention(0, 2, "ORG", source="ner:spacy")]
    gazetteer = [Mention(1, 2, "LOC", source="gazetteer"), Mention(3, 4, "LOC", source="gazetteer")]
    merged = merge(model, gazetteer)
    assert [(m.start, m.end, m.source) for m in merged] == [
        (0, 2, "ner:spacy"),
        (3, 4, "gazetteer"),
    ]


def test_bioes_and_bio_tags_give_the_same_spans():
    assert tag_spans(["B-PER", "E-PER", "O", "S-LOC"]) == tag_spans(
        ["B-PER", "I-PER", "O", "B-LOC"]
    )


def test_a_known_full_name_replaces_the_piece_of_it_the_model_found():
    # `بدي مستورا`: the model tagged only `مستورا`, as an organisation
    model = [Mention(4, 5, "ORG", "ner:spacy")]
    known = [Mention(3, 5, "PER", "gazetteer")]
    assert merge(model, known) == known
