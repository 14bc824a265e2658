"""In-domain NER training data: gold articles tagged in the fast model's tokens, AQMAR's MISC."""

from pipeline.training.ner_data import MISSING, TaggedSentence
from pipeline.training.ner_domain import tagged_article, without_misc


def _entities(sentences: list[TaggedSentence]) -> list[tuple[str, str]]:
    return [
        (" ".join(sentence.tokens[start:end]), label)
        for sentence in sentences
        for start, end, label in sentence.spans()
    ]


def test_a_gold_span_tags_the_tokens_it_covers_in_the_normalised_text():
    text = "قال المرصد السوري لحقوق الإنسان إن الطائرات قصفت كفرنبل."
    spans = [(4, 31, "ORG"), (49, 55, "LOC")]
    assert _entities(tagged_article(text, spans)) == [
        ("المرصد السوري لحقوق الانسان", "ORG"),
        ("كفرنبل", "LOC"),
    ]


def test_a_gold_span_without_its_proclitic_tags_the_whole_token_as_anercorp_does():
    text = "وسقطت قذائف بحمص أمس."
    start = text.index("حمص")
    assert _entities(tagged_article(text, [(start, start + 3, "LOC")])) == [("بحمص", "LOC")]


def test_the_sentences_of_a_gold_article_are_those_the_ner_stage_cuts():
    text = "زار لافروف دمشق. ثم عاد إلى موسكو."
    sentences = tagged_article(text, [(4, 10, "PER")])
    assert [len(sentence.tokens) for sentence in sentences] == [4, 5]
    assert sentences[0].tags == ["O", "B-PER", "O", "O"]


def test_of_two_overlapping_gold_spans_the_longer_is_kept():
    text = "أعلنت وزارة الخارجية الروسية ذلك"
    spans = [(6, 28, "ORG"), (6, 11, "ORG")]
    assert _entities(tagged_article(text, spans)) == [("وزارة الخارجية الروسية", "ORG")]


def test_aqmar_misc_can_be_made_missing_so_the_model_learns_nothing_from_it():
    sentence = TaggedSentence(
        ["نظام", "التشغيل", "لينكس", "في", "فنلندا"], ["B-MISC", "I-MISC", "O", "O", "B-LOC"]
    )
    masked = without_misc(sentence, "missing")
    assert masked.tags == [MISSING, MISSING, "O", "O", "B-LOC"]
    assert without_misc(sentence, "O").spans() == [(4, 5, "LOC")]


def test_missing_tags_become_unannotated_tokens_of_the_spacy_training_docs(tmp_path):
    import spacy
    from spacy.tokens import DocBin

    from pipeline.training.ner_data import write_spacy_docbin

    sentence = TaggedSentence(["لينكس", "في", "فنلندا"], [MISSING, "O", "B-LOC"])
    write_spacy_docbin([sentence], tmp_path / "train.spacy")
    doc = next(DocBin().from_disk(tmp_path / "train.spacy").get_docs(spacy.blank("ar").vocab))
    assert [token.ent_iob_ for token in doc] == ["", "O", "B"]
