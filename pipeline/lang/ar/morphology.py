"""Surface forms of Arabic lexicon words: proclitics, inflection and pronoun suffixes.

A lexicon lists a word once (`غاره`, perfect `اقتحم`, imperfect stem `قتحم`); `FormIndex`
generates the forms it takes in news text (`والغارات`, `غارته`, `اقتحموا`, `وسيقتحمون`) and
maps each back to what it was generated from, so matching a word is one dictionary lookup.
Everything is folded first (`pipeline.lang.ar.fold.word_key`); the clitics and endings are those
of `resources/arabic_morphology.json`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from itertools import product

from pipeline.lang.ar.clitics import (
    ARTICLE,
    conjunctions,
    imperfect_particles,
    morphology_table,
    noun_prefixes,
    pronouns,
)
from pipeline.lang.ar.fold import word_key

NOUN, PERFECT, IMPERFECT, WORD = "N", "V", "I", "W"
MIN_STEM_LETTERS = 3  # a reading that leaves fewer letters is no word
NEEDS_SUFFIX = "+"  # a stem that never stands bare: `التق+` (التقت, التقوا) but not `التق`


@cache
def _inflection(name: str) -> tuple[str, ...]:
    """`noun_endings`, `perfect_endings`, `imperfect_persons` or `imperfect_endings`."""
    return tuple(morphology_table()[name])


def noun_forms(form: str) -> set[str]:
    """A noun or adjective with its endings, pronoun suffixes and proclitics."""
    stems = _noun_stems(form)
    return {prefix + stem for prefix in noun_prefixes() for stem in stems}


def perfect_forms(stem: str) -> set[str]:
    """A perfect verb stem with subject endings, object pronouns and و/ف."""
    inflected = _verb_suffixed(stem, _inflection("perfect_endings"))
    return {conj + form for conj in ("", *conjunctions()) for form in inflected}


def imperfect_forms(stem: str) -> set[str]:
    """An imperfect stem with person prefixes, the future س, endings and object pronouns."""
    inflected = _verb_suffixed(stem, _inflection("imperfect_endings"))
    prefixes = [
        particles + person
        for particles, person in product(imperfect_particles(), _inflection("imperfect_persons"))
    ]
    return {prefix + form for prefix in prefixes for form in inflected}


def _verb_suffixed(stem: str, endings: tuple[str, ...]) -> set[str]:
    """The stem with each subject ending and object pronoun (bare only when allowed)."""
    stem, bare_allowed = _strip_marker(stem)
    inflected = set()
    for ending, pronoun in product(endings, ("", *pronouns())):
        if not ending and not pronoun and not bare_allowed:
            continue
        inflected.add(stem + _join_verb_ending(ending, pronoun))
    return inflected


def word_forms(word: str) -> set[str]:
    """A word as written, with the proclitics a noun can take (`W:` phrase elements)."""
    return {prefix + word for prefix in noun_prefixes() if not prefix.endswith(ARTICLE)} | {word}


FORM_GENERATORS = {
    NOUN: noun_forms,
    PERFECT: perfect_forms,
    IMPERFECT: imperfect_forms,
    WORD: word_forms,
}


class FormIndex:
    """Surface form → the (class, lemma) pairs of the lexicon it can be a form of."""

    def __init__(self) -> None:
        self._index: dict[str, set[tuple[str, str]]] = defaultdict(set)

    def add(self, word_class: str, lemma: str) -> None:
        for form in FORM_GENERATORS[word_class](word_key_of_lemma(lemma)):
            self._index[form].add((word_class, lemma))

    def add_all(self, word_class: str, lemmas: Iterable[str]) -> None:
        for lemma in lemmas:
            self.add(word_class, lemma)

    def lookup(self, key: str) -> set[tuple[str, str]]:
        """What the folded word `key` can be a form of (empty when nothing)."""
        return self._index.get(key, set())


def word_key_of_lemma(lemma: str) -> str:
    """A lexicon entry folded like text words, keeping its `+` marker."""
    marker = NEEDS_SUFFIX if lemma.endswith(NEEDS_SUFFIX) else ""
    return word_key(lemma.removesuffix(NEEDS_SUFFIX)) + marker


def _strip_marker(stem: str) -> tuple[str, bool]:
    if stem.endswith(NEEDS_SUFFIX):
        return stem[:-1], False
    return stem, True


def _noun_stems(form: str) -> set[str]:
    """A noun and its suffixed forms, without proclitics."""
    stems = {form + ending for ending in _inflection("noun_endings")}
    if form.endswith("ه"):  # ة: plural ات, dual تان, and ت before a pronoun
        base = form[:-1]
        stems |= {base + "ات", base + "تان", base + "تين", base + "تا"}
        stems |= {base + "ت" + pronoun for pronoun in pronouns()}
    else:
        stems |= {form + pronoun for pronoun in pronouns()}
        stems |= {form + "ات" + pronoun for pronoun in pronouns()}
    table = morphology_table()
    if form.endswith(table["hamza_seat_ending"]):  # لقاء: لقائه, لقاؤه
        stems |= {form[:-1] + seat + p for seat in table["hamza_seats"] for p in pronouns()}
    return stems


def _join_verb_ending(ending: str, pronoun: str) -> str:
    # the alef of the plural وا is dropped before an object pronoun: قتلوا + ه → قتلوه
    if pronoun and ending == "وا":
        return "و" + pronoun
    return ending + pronoun


def singular_and_dual_forms(key: str) -> tuple[set[str], set[str]]:
    """The folded forms of a singular noun, as written alone (`جندي`, accusative `جنديا`), and
    of its dual, nominative and oblique (`جنديان`, `جنديين`; ة-final `سيده` → `سيدتان`,
    `سيدتين`). Only for a noun whose plural is broken: the dual of `مدني` is spelt like its
    plural `مدنيين`."""
    if key.endswith("ه"):
        return {key}, {key[:-1] + "تان", key[:-1] + "تين"}
    return {key, key + "ا"}, {key + "ان", key + "ين"}


def free_noun_readings(key: str) -> tuple[str, ...]:
    """What a folded noun may be written as standing free: without a pronoun suffix
    (`جنوده` → `جنود`) and, in a construct, with its sound plural ending restored
    (`مقاتلو` → `مقاتلون`). A guess each: a caller keeps only readings its word list holds."""
    readings: list[str] = []
    for pronoun in sorted(pronouns(), key=len, reverse=True):
        stem = key.removesuffix(pronoun)
        if stem != key and len(stem) >= MIN_STEM_LETTERS:
            readings.append(stem)
            break
    for word in (key, *readings):
        for construct, free in morphology_table()["construct_plural_endings"].items():
            if word.endswith(construct) and len(word) > MIN_STEM_LETTERS:
                readings.append(word[: -len(construct)] + free)
    return tuple(readings)


def dual_singulars(key: str) -> tuple[str, ...]:
    """The singulars a folded word would have if it were a dual (`جنديين` → `جندي`,
    `الطائرتين` → `الطائره`). A guess each, as `free_noun_readings`: `الآمنين` (safe) is no
    dual of `الأمن`, so a caller reads only a phrase's head so."""
    readings = []
    for ending, singular in morphology_table()["dual_endings"].items():
        stem = key.removesuffix(ending)
        if stem != key and len(stem) >= MIN_STEM_LETTERS:
            readings.append(stem + singular)
    return tuple(readings)


def is_nisba_shaped(key: str) -> bool:
    """A definite word with a relative adjective's ending (`الاسبانيه`, `الاسلامي`): the shape
    of a word that says of which country, creed or kind something is."""
    rest = key.removeprefix(ARTICLE)
    if rest == key or len(rest) < MIN_STEM_LETTERS:
        return False
    return rest.endswith(tuple(morphology_table()["nisba_endings"]))
