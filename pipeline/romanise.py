"""Readable English spellings for Arabic names the knowledge base does not hold.

`أسامة أبو زيد` → `Osama Abu Zaid`. Frequent name words take their usual English press spelling
(`resources/romanisation.json`); other words are spelt letter by letter: alef, waw and ya are
long vowels inside a word and `w`/`y` at its start or before a vowel, a short `a` goes between
two consonants (Arabic does not write short vowels), the article is `al-`. The result is
flagged `romanised` in the output: a reading aid, not a canonical name.
"""

from __future__ import annotations

import json
from functools import lru_cache

from pipeline import resources
from pipeline.lang.ar.clitics import ARTICLE
from pipeline.lang.ar.fold import match_key


@lru_cache(maxsize=1)
def _table() -> dict:
    return json.loads(resources.read_text("romanisation.json"))


def romanise(name: str) -> str:
    """The English spelling of an Arabic name, word by word."""
    return " ".join(_word(word) for word in match_key(name).split())


def _word(word: str) -> str:
    known = _table()["words"]
    if word in known:
        return known[word]
    if word.startswith(ARTICLE) and len(word) > len(ARTICLE) + 1:
        rest = word[len(ARTICLE) :]
        return "al-" + (known.get(rest) or _spell(rest).capitalize())
    return _spell(word).capitalize()


def _spell(word: str) -> str:
    table = _table()
    consonants, long_vowels, glides = table["consonants"], table["long_vowels"], table["glides"]
    pieces: list[str] = []
    previous_consonant = False
    for index, letter in enumerate(word):
        next_is_vowel = index + 1 < len(word) and word[index + 1] in long_vowels
        if letter in glides and (index == 0 or next_is_vowel):
            sound, is_consonant = glides[letter], True
        elif letter in long_vowels:
            sound, is_consonant = long_vowels[letter], False
        else:
            sound, is_consonant = consonants.get(letter, letter), True
        if is_consonant and previous_consonant:
            pieces.append("a")
        pieces.append(sound)
        previous_consonant = is_consonant
    return "".join(pieces)
