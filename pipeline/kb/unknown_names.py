"""The English name of a mention the knowledge base does not hold.

Four cases, in order:

1. a generic phrase, every word of it a common noun or adjective of
   `resources/common_nouns.json` (`جيش النظام`, `قوات الأمن السورية`, `مسلحون`): translated
   (regime army, Syrian security forces, gunmen), never spelt as if it were a name;
2. an organisation name that starts with a head noun (`وزارة الخارجية الروسية`, `حزب العدالة
   والتنمية`; a sea among places): translated word by word
   (`pipeline/lang/ar/organisation_names.py`), its own names spelt as in case 3;
3. a person, a place or an organisation's name without a known head (`وول ستريت جورنال`,
   `الكونغرس`): spelt word by word, a word the gold train split's annotators spelt as they
   spelt it (`models/kb/name_words.json`, `pipeline/kb/gold_train.py`), any other by the
   transliterator learnt from name pairs (`pipeline/kb/transliteration.py`,
   `models/translit/`): Wall Streit Gornal, not the letter-by-letter Woul Satarit Jouranal;
4. where no transliterator is installed: the romanisation table (`pipeline/romanise.py`).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipeline import resources
from pipeline.kb import alias_keys
from pipeline.kb.actors import category_of
from pipeline.kb.gold_train import NAME_WORDS
from pipeline.kb.transliteration import shipped
from pipeline.lang.ar import organisation_names
from pipeline.lang.ar.clitics import ARTICLE, first_word_forms
from pipeline.lang.ar.fold import match_key
from pipeline.lang.ar.morphology import dual_singulars, free_noun_readings, is_nisba_shaped
from pipeline.paths import models_dir
from pipeline.romanise import romanise

TRANSLITERATED_LABELS = {"PER", "LOC", "ORG"}


@dataclass(frozen=True, slots=True)
class UnknownName:
    name_en: str
    how: str  # generic, translated, transliterated, romanised


def english_of_unknown(name: str, label: str) -> UnknownName:
    translation = translate_generic(name)
    if translation is not None:
        return UnknownName(translation, "generic")
    translation = organisation_names.translate(name, label, spell_name)
    if translation is not None:
        return UnknownName(translation, "translated")
    if label in TRANSLITERATED_LABELS and shipped() is not None:
        return UnknownName(spell_name(name), "transliterated")
    return UnknownName(romanise(name), "romanised")


def spell_name(name: str) -> str:
    """A name spelt by the transliterator, or by the romanisation table without one."""
    transliterator = shipped()
    if transliterator is None:
        return romanise(name)
    return transliterator.name(name, name_words())


@lru_cache(maxsize=1)
def name_words() -> dict[str, str]:
    """The annotators' spellings of name words (empty where the file is missing)."""
    path = models_dir() / "kb" / NAME_WORDS
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["words"]


def translate_generic(name: str) -> str | None:
    """The English of a phrase made only of common nouns and adjectives, else None."""
    nouns, adjectives = _common_words()
    english_nouns, english_adjectives = [], []
    for number, word in enumerate(match_key(name).split()):
        keys = _word_keys(word, first=number == 0)
        noun = next((nouns[key] for key in keys if key in nouns), None)
        adjective = next((adjectives[key] for key in keys if key in adjectives), None)
        if noun is not None:
            english_nouns.append(noun)
        elif adjective is not None:
            english_adjectives.append(adjective)
        else:
            return None
    if not english_nouns:
        return None
    return " ".join([*english_adjectives, *reversed(english_nouns)])


def _described_by_head(name: str) -> bool:
    """Whether the phrase's first word is a listed noun and every other word is listed or has
    a relative adjective's shape after the article."""
    nouns, _ = _common_words()
    words = match_key(name).split()
    if not words or not _known(_word_keys(words[0], first=True), nouns):
        return False
    return all(
        _known(_word_keys(word, first=False), _vocabulary()) or is_nisba_shaped(word)
        for word in words[1:]
    )


def _known(keys: list[str], words: Collection[str]) -> bool:
    return any(key in words for key in keys)


def _word_keys(word: str, first: bool) -> list[str]:
    """A word's lookup keys; the first word also without a proclitic (`والفصائل`, `للنظام`);
    a word listed as none of them, by its free readings (`جنوده` → `جنود`, `مقاتلو` →
    `مقاتلون`), and the first as a dual too (`جنديين` → `جندي`): `المقاتلة` is the listed
    adjective, not `المقاتل` with a pronoun."""
    forms = first_word_forms(word) if first else (word,)
    keys = _keys_of(forms)
    if any(key in _vocabulary() for key in keys):
        return keys
    readings = [reading for form in forms for reading in free_noun_readings(form)]
    if first:  # a dual heads a phrase (`جنديين`); later words are adjectives (`الآمنين`)
        readings += [reading for form in forms for reading in dual_singulars(form)]
    return keys + _keys_of(readings)


def _keys_of(forms: Iterable[str]) -> list[str]:
    return [key for form in forms for key in (alias_keys(form) or [form])]


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    nouns, adjectives = _common_words()
    return frozenset(nouns) | frozenset(adjectives)


@lru_cache(maxsize=1)
def _common_nouns() -> dict[str, Any]:
    return json.loads(resources.read_text("common_nouns.json"))


@lru_cache(maxsize=1)
def _common_words() -> tuple[dict[str, str], dict[str, str]]:
    data = _common_nouns()
    return _keyed(data["nouns"]), _keyed(data["adjectives"])


def _keyed(words: dict[str, str]) -> dict[str, str]:
    """Each word by its folded forms, with and without the article."""
    keyed: dict[str, str] = {}
    for arabic, english in words.items():
        for key in alias_keys(arabic):
            keyed.setdefault(key, english)
    return keyed


@dataclass(frozen=True, slots=True)
class GenericActor:
    code: str | None  # CAMEO code (`SYRCOP`, `UAF`), where the phrase says enough
    category: str


def generic_actor(name: str) -> GenericActor | None:
    """The CAMEO code and ACLED category of a generic phrase (`قوات الأمن السورية` → SYRCOP).

    A phrase headed by a listed noun whose other words are listed or relative adjectives the
    list lacks (`الشرطة الإسبانية`, `الفصائل الإسلامية`) is coded by the words it knows; a head
    followed by a name (`جيش الإسلام`, `قوات سوريا الديمقراطية`) is not described, but named."""
    if translate_generic(name) is None and not _described_by_head(name):
        return None
    data = _code_data()
    role, country, category, armed = None, "", None, False
    for number, word in enumerate(match_key(name).split()):
        keys = set(_word_keys(word, first=number == 0))
        word_role = next((data["roles"][k] for k in keys if k in data["roles"]), None)
        if word_role is not None:
            role = word_role
        # a category a word gives outright stays (`شبيحة النظام`: the shabiha, not the regime)
        category = category or next(
            (data["categories"][k] for k in keys if k in data["categories"]), None
        )
        armed = armed or bool(keys & data["armed"])
        country = country or next(
            (data["countries"][k] for k in keys if k in data["countries"]), ""
        )
    role = ARMED_ROLES.get(role, role) if armed and role else role
    code = country + role if role else (country or None)
    return GenericActor(code, category or category_of(code))


def head_actor(name: str) -> GenericActor | None:
    """The code and category of an event actor's phrase by its first word alone, where the
    lists lack its other words (`الطائرات الحربية التابعة للنظام`, `مقاتلات إف-16`: aircraft,
    a state's forces; `المدنيين المحاصرين`: civilians); none where that word says no role,
    or where an indefinite head stands before a definite word: a construct whose genitive may
    be a name (`جيش الإسلام`, `لواء الحرية`)."""
    words = match_key(name).split()
    if len(words) < 2:
        return None
    if not words[0].startswith(ARTICLE) and words[1].startswith(ARTICLE):
        return None
    head = generic_actor(words[0])
    if head is None or head.code is None or head.category == "other":
        return None
    return head


# an armed word anywhere in the phrase makes the regime its military (قوات النظام) and the
# opposition its armed factions (فصائل المعارضة, المعارضة السورية المسلحة)
ARMED_ROLES = {"GOV": "MIL", "OPP": "REB"}


@lru_cache(maxsize=1)
def _code_data() -> dict[str, Any]:
    data = _common_nouns()
    return {
        "roles": _keyed(data["roles"]),
        "categories": _keyed(data["categories"]),
        "countries": _keyed(data["countries"]),
        "armed": set(_keyed({word: word for word in data["armed"]})),
    }
