"""Unknown names get a readable English spelling, not a letter-by-letter transliteration."""

import pytest

from pipeline.romanise import romanise


@pytest.mark.parametrize(
    ("arabic", "english"),
    [
        ("أسامة أبو زيد", "Osama Abu Zaid"),
        ("إبراهيم درويش", "Ibrahim Darwish"),
        ("فرحان حق", "Farhan Haq"),
        ("الحريري", "al-Hariri"),
        ("رامي عبد الرحمن", "Rami Abd al-Rahman"),
    ],
)
def test_names_take_their_usual_press_spelling(arabic, english):
    assert romanise(arabic) == english


def test_unlisted_words_are_spelt_with_vowels_between_consonants():
    assert romanise("ناظم") == "Nazam"


def test_diacritics_and_hamza_forms_do_not_change_the_spelling():
    assert romanise("أُسامَة") == romanise("اسامه")
