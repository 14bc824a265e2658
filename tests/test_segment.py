"""Rule-based segmentation: sentences and tokens with offsets into the original text."""

from pipeline.document import Document, SourceInfo
from pipeline.stages.normalise import NormaliseStage
from pipeline.stages.segment import SegmentStage


def segment(text: str) -> Document:
    doc = Document(doc_id="d", text=text, source=SourceInfo("d.txt", "0" * 64, "utf-8"))
    return SegmentStage()(NormaliseStage()(doc))


def sentence_texts(doc: Document) -> list[str]:
    return [doc.text[s.start : s.end] for s in doc.sentences]


def test_scrape_artefacts_separate_sentences():
    doc = segment(
        'لتخريب محادثات السلام "جنيف 4"., واقتحم مسلحون مقرين.,  , وقال دي ميستورا في بيان'
    )
    assert sentence_texts(doc) == [
        'لتخريب محادثات السلام "جنيف 4".',
        "واقتحم مسلحون مقرين.",
        "وقال دي ميستورا في بيان",
    ]


def test_title_line_without_full_stop_is_its_own_sentence():
    doc = segment(
        "مفاوضات لتمديد وقف إطلاق النار في مدينة حمص السورية\n\nتجري مفاوضات بهدف تمديد الاتفاق."
    )
    assert len(doc.sentences) == 2


def test_question_mark_and_arabic_question_mark_end_sentences():
    doc = segment("هل تنجح المحادثات؟ لا أحد يعرف! قال المبعوث.")
    assert len(doc.sentences) == 3


def test_single_letter_abbreviation_does_not_end_a_sentence():
    doc = segment("وقال د. محمد إن الهدنة صامدة.")
    assert len(doc.sentences) == 1


def test_ellipsis_inside_a_line_does_not_end_a_sentence():
    doc = segment("كلنا نأمل أن نتمكن في غضون... بضع ساعات من استئناف وقف الاعمال القتالية.")
    assert len(doc.sentences) == 1


def test_tokens_carry_original_text_and_normalised_form():
    text = "ستيفان #دي_ميستورا في حمـص"
    doc = segment(text)
    assert [t.norm for t in doc.tokens] == ["ستيفان", "دي", "ميستورا", "في", "حمص"]
    for token in doc.tokens:
        assert token.text == text[token.start : token.end]
    assert doc.tokens[-1].text == "حمـص"


def test_times_and_decimals_stay_whole_and_glued_digits_split():
    doc = segment("حتى الساعة 09:00 منذ ديسمبر 2015على معظم أحياء حمص")
    norms = [t.norm for t in doc.tokens]
    assert "09:00" in norms
    assert norms[norms.index("2015") + 1] == "علي"


def test_punctuation_is_split_from_words():
    doc = segment('قال لافروف "السوريون وحدهم من يقررون"، مضيفا')
    norms = [t.norm for t in doc.tokens]
    assert norms[:3] == ["قال", "لافروف", '"']
    assert "," in norms


def test_a_feed_without_punctuation_is_cut_into_bounded_sentences():
    from pipeline.tokenization import MAX_SENTENCE_TOKENS

    clause = "قتل خمسة مدنيين في غارة جوية على حي الوعر في حمص "
    doc = segment(clause * 100)
    assert len(doc.sentences) > 1
    tokens_per_sentence = [
        sum(1 for t in doc.tokens if t.sentence == i) for i in range(len(doc.sentences))
    ]
    assert max(tokens_per_sentence) <= MAX_SENTENCE_TOKENS
    assert sum(tokens_per_sentence) == len(clause.split()) * 100


def test_a_long_sentence_is_cut_after_a_comma_when_one_is_near():
    clause = "وقال دي ميستورا إن المحادثات في جنيف مستمرة، "
    doc = segment(clause * 40)
    assert all(sentence.endswith("،") for sentence in sentence_texts(doc)[:-1])


def test_sentences_are_ranges_of_the_token_layer():
    doc = segment("قصفت الطائرات حلب. وقال المرصد إن 12 مدنيا قتلوا.\nهدوء في حمص")
    assert [(s.token_start, s.token_end) for s in doc.sentences] == [(0, 4), (4, 11), (11, 14)]
    for index, sentence in enumerate(doc.sentences):
        tokens = doc.sentence_tokens(index)
        assert (sentence.start, sentence.end) == (tokens[0].start, tokens[-1].end)
        assert all(token.sentence == index for token in tokens)


def test_each_token_carries_its_folded_key_and_normalised_span():
    doc = segment("أعلنت الهدنة في مدينة حمص")
    truce = doc.tokens[1]
    assert (truce.norm, truce.key) == ("الهدنة", "الهدنه")
    assert doc.normalized.text[truce.norm_start : truce.norm_end] == truce.norm
    assert doc.tokens[0].norm == "اعلنت"


def test_a_token_span_gives_the_offsets_of_its_tokens_less_a_cut_proclitic():
    doc = segment("قصف بحمص أمس")
    in_homs = doc.tokens_within(doc.text.index("حمص"), doc.text.index("حمص") + 3)
    assert in_homs == (1, 2)
    start, end = doc.token_offsets(in_homs, trim_start=1)
    assert doc.text[start:end] == "حمص"
    assert doc.tokens_within(3, 4) is None  # the space between two tokens
    assert doc.tokens_within(5, 5) is None  # an empty range
