"""English names of Arabic organisation names, word by word from a lexicon.

An organisation the knowledge base does not hold is mostly common words: `وزارة الخارجية
الروسية` is the Ministry of Foreign Affairs (Russia), `حزب العدالة والتنمية` the Justice and
Development Party, `منظمة حماية الطفل` the Child Protection Organization. Such a name starts with
a head noun (`وزارة`, `حزب`, `منظمة`; `resources/organisation_words.json`), followed by nouns,
adjectives and nationality adjectives in any order, and may end in phrases opened by a
preposition (`لحقوق الإنسان`, `في سوريا`). English either names what follows after the head
(`of`: Ministry of Health) or puts it before (`before`: Child Protection Organization, the
compound nouns in reverse order); adjectives go first. A nationality is a gloss after an `of`
head (Ministry of Interior (Turkey)), as Wikipedia names ministries, and the first adjective of
a `before` head (Saudi Olympic Committee). A word the lexicon lacks is a name inside the name
(`جامعة تبوك`, `مركز حمص الإعلامي`) and is spelt by the caller's `spell`. Places named by a
common head (`شارع`, `مطار`, `معبر`) keep their own words spelt, as English names them
(`شارع الثورة`: al-Thora Street); only their adjectives with the article are translated.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pipeline import resources
from pipeline.lang.ar.clitics import ARTICLE, first_word_forms, proclitic_readings
from pipeline.lang.ar.fold import match_key

RESOURCE = "organisation_words.json"
OF, BEFORE = "of", "before"
SPELT = "spelt"
AND = "and"
NATIONALITY_ENDINGS = ("ة", "ين", "ون")  # feminine; plural (الأشقاء السوريين)
POSSESSIVE_ENDINGS = ("'s", "'")  # `People's` before a noun, `the People` after `of`


@dataclass(frozen=True, slots=True)
class Head:
    english: str
    style: str  # OF or BEFORE
    labels: frozenset[str]
    spelt: bool = False  # the words after it are its proper name, spelt


@dataclass(slots=True)
class Phrase:
    """The words of the name after its head, or of one prepositional phrase."""

    preposition: str | None = None
    nouns: list[tuple[str, bool]] = field(default_factory=list)  # (English, had the article)
    adjectives: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    nationality: tuple[str, str] | None = None  # (adjective, country)


def translate(name: str, label: str, spell: Callable[[str], str]) -> str | None:
    """The English of an organisation name that starts with a head noun, else None."""
    words = name.split()
    if len(words) < 2:  # a head alone (`الوزارة`) refers to a body; it names none
        return None
    head = _head(words[0], label)
    if head is None:
        return None
    return _render(head, _phrases(words[1:], spell, head.spelt))


def _head(word: str, label: str) -> Head | None:
    heads = _lexicon()["heads"]
    for form in first_word_forms(match_key(word)):
        head = heads.get(form.removeprefix(ARTICLE)) if form.startswith(ARTICLE) else None
        head = head or heads.get(form)
        if head is not None and label in head.labels:
            return head
    return None


def _phrases(words: list[str], spell: Callable[[str], str], nouns_spelt: bool) -> list[Phrase]:
    """The main phrase, then the prepositional phrases; with `nouns_spelt`, nouns are spelt as
    names."""
    phrases = [Phrase()]
    index = 0
    while index < len(words):
        index = _read_word(words, index, phrases, spell, nouns_spelt)
    return phrases


def _read_word(
    words: list[str],
    index: int,
    phrases: list[Phrase],
    spell: Callable[[str], str],
    nouns_spelt: bool,
) -> int:
    """Add `words[index]` (or a two-word entry starting there) to the phrases; the next index."""
    lexicon = _lexicon()
    key = match_key(words[index])
    pair = f"{key} {match_key(words[index + 1])}" if index + 1 < len(words) else ""
    if pair in lexicon["prepositions"]:
        phrases.append(Phrase(lexicon["prepositions"][pair]))
        return index + 2
    if pair in lexicon["nouns"] and not nouns_spelt:
        phrases[-1].nouns.append((lexicon["nouns"][pair], True))
        return index + 2
    if key in lexicon["prepositions"]:
        phrases.append(Phrase(lexicon["prepositions"][key]))
        return index + 1
    if _add_known(key, phrases[-1], nouns_spelt):
        return index + 1
    following = f" {match_key(words[index + 1])}" if index + 1 < len(words) else None
    for proclitic, rest in proclitic_readings(key):
        if not _readable(proclitic):  # ف, ك: `فروسية` is no ف + روسية here
            continue
        pair_rest = rest + following if following else None
        if pair_rest in lexicon["nouns"] and not nouns_spelt:
            _open(proclitic, phrases)
            phrases[-1].nouns.append((lexicon["nouns"][pair_rest], True))
            return index + 2
        if _known(rest, nouns_spelt):
            _open(proclitic, phrases)
            _add_known(rest, phrases[-1], nouns_spelt)
            return index + 1
    if key.isdigit():
        phrases[-1].numbers.append(key)
    else:
        phrases[-1].names.append(spell(words[index]))
    return index + 1


def _readable(proclitic: str) -> bool:
    """A proclitic the lexicon reads: `و`, a preposition it knows, or both."""
    lexicon = _lexicon()
    rest = proclitic.removeprefix(lexicon["conjunction"][0])
    return not rest or rest in lexicon["proclitic_prepositions"]


def _open(proclitic: str, phrases: list[Phrase]) -> None:
    """`و` joins the word to the nouns before it; `ل`, `ب` open a prepositional phrase."""
    lexicon = _lexicon()
    if proclitic.startswith(lexicon["conjunction"][0]):
        phrases[-1].nouns.append((AND, False))
        proclitic = proclitic[1:]
    if proclitic:
        phrases.append(Phrase(lexicon["proclitic_prepositions"][proclitic]))


def _known(key: str, nouns_spelt: bool) -> bool:
    """A word `_add_known` takes (with `nouns_spelt`, only one with the article)."""
    if nouns_spelt and not key.startswith(ARTICLE):
        return False
    lexicon = _lexicon()
    tables = (
        ("adjectives", "nationalities") if nouns_spelt else ("nouns", "adjectives", "nationalities")
    )
    return any(key in lexicon[table] for table in tables)


def _add_known(key: str, phrase: Phrase, nouns_spelt: bool) -> bool:
    """Add a lexicon word to `phrase`: a word that is a noun and an adjective modifies the
    noun before it (`مجلس العلاقات الخارجية`: Foreign Relations); a nationality right after a
    preposition, without the article, is its country (`في سورية`: in Syria). With
    `nouns_spelt` a noun is no lexicon word (`شارع الثورة`: al-Thora Street, not Revolution
    Street), nor an adjective without the article, which is part of a place's name (`معبر تل
    أبيض`: Tal Abyad Crossing)."""
    lexicon = _lexicon()
    nouns = {} if nouns_spelt else lexicon["nouns"]
    has_noun = any(english != AND for english, _ in phrase.nouns)
    if nouns_spelt and not key.startswith(ARTICLE):
        return False
    if key in lexicon["adjectives"] and (has_noun or key not in nouns):
        phrase.adjectives.append(lexicon["adjectives"][key])
    elif key in nouns:
        phrase.nouns.append((lexicon["nouns"][key], key.startswith(ARTICLE)))
    elif key in lexicon["nationalities"]:
        _add_nationality(key, phrase)
    else:
        return False
    return True


def _add_nationality(key: str, phrase: Phrase) -> None:
    adjective, country = _lexicon()["nationalities"][key]
    bare = not key.startswith(ARTICLE) and not phrase.nouns and not phrase.adjectives
    if phrase.preposition is not None and bare:
        phrase.names.append(country)
    elif phrase.nationality is None:
        phrase.nationality = (adjective, country)
    else:
        phrase.adjectives.append(adjective)


def _render(head: Head, phrases: list[Phrase]) -> str:
    main, *rest = phrases
    country = None
    if head.style == OF:
        country = main.nationality[1] if main.nationality else None
    if head.style == OF and not (main.nouns or main.names):  # adjectives only: Arab University
        words = [*main.adjectives, head.english, *main.numbers]
    elif head.style == OF:
        words = [head.english, *main.numbers]
        after = [*main.adjectives, *_nouns_of(main.nouns), *main.names]
        if after:
            words += ["of", *after]
    else:
        nationality = [main.nationality[0]] if main.nationality else []
        compound = _compound(main.nouns)
        words = [*nationality, *main.names, *main.adjectives, *compound, head.english]
        words += main.numbers
    for phrase in rest:
        words += _prepositional(phrase)
    name = " ".join(words)
    return f"{name} ({country})" if country else name


def _compound(nouns: list[tuple[str, bool]]) -> list[str]:
    """Nouns before a head: each run between `and`s in reverse order (`حماية الطفل` → Child
    Protection), the runs in order (`العدالة والتنمية` → Justice and Development)."""
    words: list[str] = []
    run: list[str] = []
    for english, _ in nouns:
        if english == AND:
            words += [*reversed(run), AND] if run else []
            run = []
        else:
            run.append(english)
    return words + list(reversed(run))


def _nouns_of(nouns: list[tuple[str, bool]], definite: bool = False) -> list[str]:
    """Nouns after `of` or a preposition: `Associations of Journalists`; with `definite`, each
    noun with the article takes `the` (`the Liberation of the People`)."""
    words: list[str] = []
    for number, (english, had_article) in enumerate(nouns):
        if english == AND:
            words.append(AND)
            continue
        if words and words[-1] != AND:
            words.append("of")
        if definite and (had_article or number == 0):
            words.append("the")
        words.append(_plain(english))
    return words


def _prepositional(phrase: Phrase) -> list[str]:
    nationality = [phrase.nationality[0]] if phrase.nationality else []
    several = sum(english != AND for english, _ in phrase.nouns) > 1
    nouns = _nouns_of(phrase.nouns, definite=several)
    return [phrase.preposition or "", *phrase.adjectives, *nationality, *nouns, *phrase.names]


def _plain(english: str) -> str:
    for ending in POSSESSIVE_ENDINGS:
        if english.endswith(ending):
            return english.removesuffix(ending)
    return english


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, Any]:
    data = json.loads(resources.read_text(RESOURCE))
    heads = {match_key(arabic): _head_entry(entry) for arabic, entry in data["heads"].items()}
    return {
        "heads": heads,
        "nouns": _keyed(data["nouns"]),
        "adjectives": _keyed(data["adjectives"]),
        "nationalities": _nationality_forms(data["nationalities"]),
        "prepositions": {
            match_key(word): english for word, english in data["prepositions"].items()
        },
        "proclitic_prepositions": data["proclitic_prepositions"],
        "conjunction": tuple(data["conjunction"]),
    }


def _head_entry(entry: list[Any]) -> Head:
    """`[english, style, labels]`, or with a fourth item `spelt` (see the resource's notes)."""
    english, style, labels, *what_follows = entry
    return Head(english, style, frozenset(labels), what_follows == [SPELT])


def _keyed(words: dict[str, str]) -> dict[str, str]:
    """Each entry by its match key, and a word with the article also without it."""
    keyed: dict[str, str] = {}
    for arabic, english in words.items():
        key = match_key(arabic)
        keyed.setdefault(key, english)
        if key.startswith(ARTICLE) and " " not in key:
            keyed.setdefault(key.removeprefix(ARTICLE), english)
    return keyed


def _nationality_forms(table: dict[str, list[str]]) -> dict[str, tuple[str, str]]:
    """Masculine, feminine and plural, with and without the article: `سوري`, `السورية` …"""
    forms: dict[str, tuple[str, str]] = {}
    for arabic, (adjective, country) in table.items():
        stem = match_key(arabic)
        for form in (stem, *(stem + match_key(ending) for ending in NATIONALITY_ENDINGS)):
            forms.setdefault(form, (adjective, country))
            forms.setdefault(ARTICLE + form, (adjective, country))
    return forms
