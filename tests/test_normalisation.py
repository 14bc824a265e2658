"""Normalisation folds what matching and models should not see, and every span maps back."""

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.lang.ar.normalisation import normalise


def original_of(text: str, start: int, end: int) -> str:
    aligned = normalise(text)
    s, e = aligned.to_original(start, end)
    return text[s:e]


def test_hashtag_becomes_the_words_it_joins():
    text = "مبعوث الأمم المتحدة، ستيفان #دي_ميستورا ، أن"
    aligned = normalise(text)
    start = aligned.text.index("دي ميستورا")
    span = aligned.to_original(start, start + len("دي ميستورا"))
    assert "دي ميستورا" in aligned.text
    assert text[span[0] : span[1]] == "دي_ميستورا"


def test_tatweel_and_diacritics_are_dropped_and_stay_in_the_span():
    aligned = normalise("مُحَمَّد في حمـــص")
    assert aligned.text == "محمد في حمص"
    assert original_of("مُحَمَّد في حمـــص", 0, 4) == "مُحَمَّد"


def test_alef_hamza_and_ya_variants_are_folded():
    assert normalise("إلى أن آخر الأمم").text == "الي ان اخر الامم"


def test_bidi_marks_are_removed():
    assert normalise("\u200fحمص\u202b السورية\u202c").text == "حمص السورية"


def test_stray_comma_artefacts_after_a_sentence_end_become_a_line_break():
    text = 'بـ"جنيف 4"., واقتحم مسلحون.,  , وقال دي ميستورا'
    aligned = normalise(text)
    assert ".," not in aligned.text
    assert aligned.text.count("\n") == 2
    assert "وقال دي ميستورا" in aligned.text


def test_ordinary_commas_are_kept_and_arabic_punctuation_folds_to_ascii():
    assert normalise("حمص, حماة، حلب؟").text == "حمص, حماة, حلب?"


def test_leftover_html_is_removed_and_entities_decoded():
    aligned = normalise("<p>قال&nbsp;لافروف &amp; كيري</p>")
    assert aligned.text.strip() == "قال لافروف & كيري"


def test_presentation_forms_unfold_to_letters():
    assert normalise("ﺣﻤﺺ ﻻ").text == "حمص لا"


def test_eastern_arabic_digits_become_ascii():
    assert normalise("مقتل ٤٠ عنصرا").text == "مقتل 40 عنصرا"


def test_seed_sentence_keeps_its_words():
    text = "واقتحم مسلحون مقرين لقوات #النظام_السوري في حمص، السبت"
    assert normalise(text).text == "واقتحم مسلحون مقرين لقوات النظام السوري في حمص, السبت"


# Text drawn from the characters that normalisation treats specially, plus anything at all.
SPECIAL = [
    *"حمصدي ميستوراأإآىیکـ#_.,،؟!\n\t <>/&;ﻻﺣ٤",
    "\u064e",
    "\u0651",
    "\u0670",
    "\u200f",
    "\u202b",
    "\u00a0",
    "&amp;",
    "&nbsp;",
    "<p>",
    "</b>",
    ".,",
    "., ,",
    "#دي_ميستورا",
    "a\u0301",
    "\ufdfa",
]
arabic_like_text = st.lists(st.sampled_from(SPECIAL), max_size=60).map("".join)
any_text = st.one_of(arabic_like_text, st.text(max_size=80))


@settings(max_examples=400, deadline=None)
@given(any_text)
@example("#دي_ميستورا ، أن")
@example('"جنيف 4"., واقتحم')
def test_offset_map_is_ordered_and_inside_the_original(text):
    aligned = normalise(text)
    previous_start = previous_end = 0
    for start, end in zip(aligned.starts, aligned.ends, strict=True):
        assert 0 <= start < end <= len(text)
        assert start >= previous_start and end >= previous_end
        previous_start, previous_end = start, end


@settings(max_examples=400, deadline=None)
@given(any_text)
@example("مُحَمَّد #النظام_السوري&amp;x")
def test_every_normalised_word_round_trips_through_its_original_span(text):
    aligned = normalise(text)
    for word in re.finditer(r"\S+", aligned.text):
        start, end = aligned.to_original(word.start(), word.end())
        assert normalise(text[start:end]).text == word.group(0)


@settings(max_examples=200, deadline=None)
@given(any_text)
@example("؟،")
def test_normalisation_is_idempotent(text):
    once = normalise(text).text
    assert normalise(once).text == once
