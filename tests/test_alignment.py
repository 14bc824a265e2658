"""AlignedText keeps, through every edit, the original span of each character."""

import re

from pipeline.alignment import AlignedText, Edit


def test_identity_maps_each_character_to_itself():
    aligned = AlignedText.identity("حمص")
    assert aligned.to_original(0, 3) == (0, 3)
    assert aligned.to_original(1, 2) == (1, 2)


def test_deleted_mark_joins_the_letter_it_sits_on():
    aligned = AlignedText.identity("حمصٍ في").sub(re.compile("\u064d"), "", attach=True)
    assert aligned.text == "حمص في"
    assert aligned.to_original(0, 3) == (0, 4)


def test_deletion_without_attach_leaves_neighbours_alone():
    aligned = AlignedText.identity("\u200fحمص").sub(re.compile("\u200f"), "")
    assert aligned.to_original(0, 3) == (1, 4)


def test_replacement_of_other_length_maps_to_the_whole_source_span():
    aligned = AlignedText.identity("a&amp;b").edit([Edit(1, 6, "&")])
    assert aligned.text == "a&b"
    assert aligned.to_original(1, 2) == (1, 6)
    assert aligned.to_original(2, 3) == (6, 7)


def test_edits_compose_through_successive_steps():
    first = AlignedText.identity("#دي_ميستورا").edit([Edit(0, 1, ""), Edit(3, 4, " ")])
    second = first.sub(re.compile("ي"), "ى")
    assert second.text == "دى مىستورا"
    assert second.to_original(3, 10) == (4, 11)


def test_empty_span_maps_to_a_position():
    aligned = AlignedText.identity("\u200fاب")
    aligned = aligned.sub(re.compile("\u200f"), "")
    assert aligned.to_original(0, 0) == (1, 1)
    assert aligned.to_original(2, 2) == (3, 3)
