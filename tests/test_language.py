"""Only Arabic articles go through; others are refused with the reason."""

import pytest

from pipeline.document import Document, DocumentRejected, SourceInfo
from pipeline.stages.language import LanguageStage


def make_doc(text: str) -> Document:
    return Document(doc_id="d", text=text, source=SourceInfo("d.txt", "0" * 64, "utf-8"))


def test_arabic_article_with_latin_words_is_arabic():
    doc = LanguageStage()(make_doc("مصدر الصورة Reuters تمكن عمال إغاثة من توصيل مساعدات في حمص"))
    assert doc.lang == "ar"


def test_english_article_is_refused_as_not_arabic():
    with pytest.raises(DocumentRejected) as caught:
        LanguageStage()(make_doc("The UN envoy Staffan de Mistura met Sergei Lavrov in Moscow."))
    assert caught.value.reason == "not_arabic"


def test_persian_article_is_refused_despite_arabic_script():
    persian = "گفتگوهای صلح سوریه در ژنو پس از چند روز دوباره آغاز شد و نمایندگان چند گروه"
    with pytest.raises(DocumentRejected) as caught:
        LanguageStage()(make_doc(persian))
    assert "Persian" in caught.value.message


def test_text_without_letters_is_refused():
    with pytest.raises(DocumentRejected) as caught:
        LanguageStage()(make_doc("2017 - 25 / 02 ... 40 50"))
    assert caught.value.reason == "no_text"
