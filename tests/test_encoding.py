"""Articles come in the encodings of Arabic archives; each is detected and recorded."""

import codecs

import pytest

from pipeline.encoding import DecodeError, decode

ARTICLE = "قال دي ميستورا في جنيف إن الهجوم على حمص محاولة لتخريب المحادثات"


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (ARTICLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8-sig"),
        (ARTICLE.encode("utf-16"), "utf-16"),
        (ARTICLE.encode("utf-16-le"), "utf-16-le"),
        (("Homs " + ARTICLE).encode("utf-16-be"), "utf-16-be"),
        (ARTICLE.encode("cp1256"), "windows-1256"),
    ],
)
def test_article_is_decoded_and_its_encoding_named(raw, encoding):
    text, detected = decode(raw)
    assert detected == encoding
    assert text.endswith(ARTICLE)


def test_binary_data_is_refused():
    with pytest.raises(DecodeError) as caught:
        decode(bytes(range(256)) * 8)
    assert caught.value.reason == "binary"


def test_binary_without_nul_bytes_is_refused():
    raw = bytes(b for b in range(1, 256)) * 8
    with pytest.raises(DecodeError) as caught:
        decode(raw)
    assert caught.value.reason == "binary"


def test_utf8_with_a_broken_byte_is_reported_not_misread_as_windows_1256():
    raw = ARTICLE.encode() * 3 + b"\xff" + ARTICLE.encode() * 3
    with pytest.raises(DecodeError) as caught:
        decode(raw)
    assert caught.value.reason == "undecodable"
    assert "offset" in caught.value.message
