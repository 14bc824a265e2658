"""The proclitics and pronoun suffixes Arabic writes onto words, and the readings they give.

`وبحمص` is و + ب + حمص; `للنظام` is ل + النظام with the article's alef dropped; `غارته` is
غارة + ه. The letters are listed in `resources/arabic_morphology.json`. This module says which
readings a written word has; which one is right (`بشار` is a name, `بحمص` is ب + حمص) is for
the caller to decide, from word frequencies (`pipeline/ner/clitics.py`) or a lexicon.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from itertools import product
from typing import Any

from pipeline import resources

TATWEEL = "\u0640"

RESOURCE = "arabic_morphology.json"
MIN_REST = 2  # letters a word keeps once a proclitic is cut off
KEY_CACHE_SIZE = 1 << 17  # words of news repeat: analyse each distinct word once


@cache
def morphology_table() -> dict[str, Any]:
    """The parsed `arabic_morphology.json` (cached; do not modify it)."""
    return json.loads(resources.read_text(RESOURCE))


def _letters(name: str) -> tuple[str, ...]:
    return tuple(morphology_table()[name])


def conjunctions() -> tuple[str, ...]:
    """`و`, `ف`."""
    return _letters("conjunctions")


def prepositions() -> tuple[str, ...]:
    """`ب`, `ل`, `ك`."""
    return _letters("prepositions")


def pronouns() -> tuple[str, ...]:
    """The pronoun suffixes (`ه`, `ها`, `هم` …)."""
    return _letters("pronouns")


ARTICLE: str = morphology_table()["article"]
LAM_ARTICLE: str = morphology_table()["lam_article"]  # ل + the article, written `لل`
LAM = LAM_ARTICLE[0]  # the preposition ل, which the article loses its alef after
LIST_CONJUNCTION: str = morphology_table()["list_conjunction"]  # `الفوعة وكفريا`


def starts_with_article(key: str) -> bool:
    """A folded word written with the article, or with ل and the article (`النظام`,
    `للنظام`): a definite word, which closes a construct chain."""
    return key.startswith((ARTICLE, LAM_ARTICLE))


@cache
def proclitics(allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """Every proclitic sequence, longest first: a conjunction with a preposition (`وب`), a
    conjunction, a preposition. `allowed`: the prepositions to use (default: all)."""
    chosen = prepositions() if allowed is None else allowed
    joined = [conjunction + preposition for conjunction in conjunctions() for preposition in chosen]
    return (*joined, *conjunctions(), *chosen)


def proclitic_readings(
    word: str, allowed: tuple[str, ...] | None = None, min_rest: int = MIN_REST
) -> Iterator[tuple[str, str]]:
    """(proclitic, rest) for each way `word` can start with a proclitic, longest first.

    After ل (`للنظام`), a rest starting with ل is also read as the article without its alef:
    (`ل`, `لنظام`) and (`ل`, `النظام`).
    """
    for prefix in proclitics(allowed):
        if word.startswith(prefix) and len(word) - len(prefix) >= min_rest:
            rest = word[len(prefix) :]
            yield prefix, rest
            if prefix.endswith(LAM) and rest.startswith(LAM):
                yield prefix, ARTICLE[0] + rest


@lru_cache(maxsize=KEY_CACHE_SIZE)
def first_word_forms(key: str) -> tuple[str, ...]:
    """A word key as written, then without each proclitic it may carry (`بحمص` → `حمص`)."""
    return (key, *(rest for _, rest in proclitic_readings(key)))


@lru_cache(maxsize=KEY_CACHE_SIZE)
def number_word_forms(word: str) -> tuple[str, ...]:
    """A word, then without a proclitic و/ف and/or ب/ل (`وبثلاثة`, `للعام` = ل + العام): the
    forms a number or a counted word may take."""
    forms = [word]
    for _, rest in proclitic_readings(word, allowed=_number_prepositions()):
        if rest not in forms:
            forms.append(rest)
    return tuple(forms)


@cache
def _number_prepositions() -> tuple[str, ...]:
    # `ك` (as, like) does not go with counts
    return tuple(p for p in prepositions() if p != "ك")


def proclitic_pattern(allowed: Iterable[str]) -> str:
    """A regex for an optional conjunction then an optional preposition of `allowed`."""
    conjunction = "|".join(re.escape(c) for c in conjunctions())
    preposition = "|".join(re.escape(p) for p in allowed)
    return f"(?:(?:{conjunction})?(?:{preposition})?)"


def noun_prefixes() -> list[str]:
    """Everything written before a noun: conjunction, preposition, article (`وبال`, `لل`)."""
    prefixes = []
    for conjunction, preposition, definite in product(
        ("", *conjunctions()), ("", *prepositions()), ("", ARTICLE)
    ):
        if preposition == LAM and definite:
            prefixes.append(conjunction + LAM_ARTICLE)
        else:
            prefixes.append(conjunction + preposition + definite)
    return prefixes


def imperfect_particles() -> list[str]:
    """What an imperfect verb may carry before its person prefix: a conjunction, then the
    future `س` or the `ل` of purpose (`وسي…`, `لي…`)."""
    particles = ("", *_letters("verb_particles"))
    return [c + p for c, p in product(("", *conjunctions()), particles)]


def future_prefixes() -> tuple[str, ...]:
    """The future particle alone or after a conjunction: `س`, `وس`, `فس`."""
    future = morphology_table()["future"]
    return (future, *(c + future for c in conjunctions()))


def definite_stem(key: str, min_rest: int = 3) -> str:
    """A word key without its article and the proclitics before it (`والغارات` → `غارات`),
    as the reporting model's word features are written."""
    for prefix in _letters("definite_stem_prefixes"):
        if key.startswith(prefix) and len(key) - len(prefix) >= min_rest:
            return key[len(prefix) :]
    return key


def starts_with_preposition_and_article(key: str) -> bool:
    """`بالمدينة`, `للنظام`, `وبالعاصمة`: ب or ل with the article."""
    return key.startswith(_letters("preposition_article_prefixes"))


def offset_after_letters(text: str, start: int, letters: int) -> int:
    """The offset in `text` after `letters` letters from `start`, stepping over the marks
    normalisation removes (diacritics, tatweel): where a normalised proclitic ends in the
    original text (`لِتنظيم` → the offset of `ت`)."""
    position = start
    while letters > 0 and position < len(text):
        if not _removed_by_normalisation(text[position]):
            letters -= 1
        position += 1
    while position < len(text) and _removed_by_normalisation(text[position]):
        position += 1
    return position


def _removed_by_normalisation(char: str) -> bool:
    return char == TATWEEL or unicodedata.category(char) == "Mn"
