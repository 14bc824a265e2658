"""A name the recogniser found once in an article is found again where the model missed it."""

from pipeline.ner import Mention
from pipeline.ner.consistency import SOURCE, propagate

SENTENCES = [
    ["التقى", "دي", "ميستورا", "وزير", "الخارجية", "الروسي", "لافروف", "في", "موسكو"],
    ["وقال", "لافروف", "إن", "الحوار", "كان", "مثمرا"],
    ["وأكد", "ميستورا", "أن", "دي", "ميستورا", "سيعود"],
]


def test_a_missed_repeat_of_a_found_name_gets_its_label():
    found = [[Mention(1, 3, "PER", "ner:spacy"), Mention(6, 7, "PER", "ner:spacy")], [], []]
    result = propagate(SENTENCES, found)
    assert [(m.start, m.end, m.label, m.source) for m in result[1]] == [(1, 2, "PER", SOURCE)]
    assert [(m.start, m.end) for m in result[2]] == [(3, 5)]


def test_mentions_the_model_found_are_left_as_they_are():
    found = [[Mention(1, 3, "PER", "ner:spacy")], [], [Mention(3, 5, "PER", "ner:spacy")]]
    assert propagate(SENTENCES, found)[2] == found[2]


def test_an_article_without_mentions_gains_none():
    assert propagate(SENTENCES, [[], [], []]) == [[], [], []]


def test_a_name_tagged_twice_as_a_person_and_once_as_an_organisation_is_a_person():
    sentences = [
        ["وقال", "دي", "ميستورا", "إن", "المحادثات", "مستمرة"],
        ["وأكد", "أن", "اجتماعاته", "(", "دي", "ميستورا", ")", "شملت", "المعارضة"],
        ["ويتوجه", "دي", "ميستورا", "إلى", "موسكو"],
    ]
    found = [
        [Mention(1, 3, "PER", "ner:spacy")],
        [Mention(4, 6, "ORG", "ner:spacy")],
        [Mention(1, 3, "PER", "ner:spacy")],
    ]
    assert [m.label for sentence in propagate(sentences, found) for m in sentence] == ["PER"] * 3


def test_a_tie_between_labels_is_broken_by_the_gazetteer():
    sentences = [
        ["وقال", "دي", "ميستورا", "إن", "المحادثات", "مستمرة"],
        ["وأكد", "أن", "اجتماعاته", "(", "دي", "ميستورا", ")", "شملت", "المعارضة"],
    ]
    found = [[Mention(1, 3, "PER", "ner:spacy")], [Mention(4, 6, "ORG", "ner:spacy")]]
    known = [[Mention(1, 3, "PER", "gazetteer")], [Mention(4, 6, "PER", "gazetteer")]]
    assert [m.label for m in propagate(sentences, found)[1]] == ["ORG"]
    assert [m.label for m in propagate(sentences, found, known)[1]] == ["PER"]


def test_a_tie_between_the_model_and_the_gazetteer_goes_to_the_gazetteer():
    sentences = [
        ["وقال", "دي", "ميستورا", "إن", "المحادثات", "مستمرة"],
        ["ويتوجه", "دي", "ميستورا", "إلى", "موسكو"],
    ]
    found = [[Mention(1, 3, "ORG", "ner:spacy")], [Mention(1, 3, "ORG", "ner:spacy")]]
    known = [[Mention(1, 3, "PER", "gazetteer")], [Mention(1, 3, "PER", "gazetteer")]]
    labels = [m.label for sentence in propagate(sentences, found, known) for m in sentence]
    assert labels == ["PER", "PER"]
