"""Words around names: modifiers after a name and place words before it.

`حمص السورية`, `حلب الغربية`: a name followed by modifiers (`resources/name_modifiers.txt`) is
still the name (`name_heads`). `محافظة حماة`, `بريف دمشق`: a place word before a name
(`resources/place_words.txt`) says which kind of place it is (`place_word_before`). `مطار
كويرس`, `مخيم اليرموك`: a site word (`resources/site_words.txt`) names a site after a place
(`site_named_after`). `قرية قصر البريج في ريف حلب`: words between two places
(`resources/containing_place_words.txt`) put the first inside the second (`puts_inside`).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from pipeline import resources
from pipeline.lang.ar.clitics import ARTICLE, LIST_CONJUNCTION, definite_stem, first_word_forms
from pipeline.lang.ar.fold import match_key

DESCRIPTORS = "name_descriptors.txt"
NAME_MODIFIERS = "name_modifiers.txt"
PLACE_WORDS = "place_words.txt"
PLACE_WORD_PLURALS = "place_word_plurals.txt"
SITE_WORDS = "site_words.txt"
SITES_AT_NAMESAKE = "sites_at_namesake.txt"
CONTAINING_PLACE_WORDS = "containing_place_words.txt"
ORGANISATION_ANAPHORS = "organisation_anaphors.txt"
PERSON_TITLES = "person_titles.txt"
PERSON_NAME_EDGES = "person_name_edges.txt"
CONNECTOR = "connector"  # the kind of its entries that join a name to the next word
LIST_COMMAS = frozenset({"،", ","})  # what may stand between two names of a list
PLACE_WORD_WINDOW = 24  # characters before a name searched for `محافظة` / `ريف`
PREPOSITION_CLITIC = "ب"  # `بريف حلب`, `بجنوب تركيا`: the preposition written on the next word
ANCHOR_KINDS = ("preposition", "near", "direction")  # what must stand between a place and its area
NEAR_KINDS = ("near", "direction")  # the place only lies in the other's region
CLITIC_HOSTS = ("place", "direction", "near")  # words `ب` is written on (`بمدينة`, `بجنوب`)


def name_heads(name: str) -> Iterator[str]:
    """`name`, then `name` with each further trailing modifier cut (`حلب الغربية` → `حلب`),
    in match-key form."""
    words = match_key(name).split()
    yield " ".join(words)
    modifiers = folded_word_list(NAME_MODIFIERS)
    while len(words) > 1 and words[-1] in modifiers:
        words = words[:-1]
        yield " ".join(words)


def place_word_before(text: str, start: int) -> str | None:
    """The place word (`محافظة`, `ريف`) written just before offset `start`, in folded form.

    A proclitic on it is dropped (`بمحافظة حماة`); punctuation between the two is not allowed.
    """
    word = _word_before(text, start)
    place_words = folded_word_list(PLACE_WORDS)
    return next((form for form in first_word_forms(word) if form in place_words), None)


def plural_place_word_before(text: str, start: int) -> str | None:
    """The singular, in folded form, of a plural or dual place word written just before offset
    `start` (`في محافظات حماة`, `محافظتي حلب`: `محافظه`), else None."""
    word = _word_before(text, start)
    plurals = place_word_plurals()
    return next((plurals[form] for form in first_word_forms(word) if form in plurals), None)


@cache
def place_word_plurals() -> dict[str, str]:
    """`resources/place_word_plurals.txt`: plural or dual → singular, in match-key form."""
    pairs = (line.split() for line in resources.read_words(PLACE_WORD_PLURALS))
    return {match_key(plural): match_key(singular) for plural, singular in pairs}


def _word_before(text: str, start: int) -> str:
    """The folded word written just before offset `start`, with a space between; else ''."""
    before = text[max(0, start - PLACE_WORD_WINDOW) : start]
    words = before.split()
    if not before.endswith(" ") or not words:
        return ""
    return match_key(words[-1])


@cache  # one entry per packaged list: a few
def words_by_kind(name: str) -> dict[str, frozenset[str]]:
    """The words of a packaged `KIND<TAB>word` list by kind, in match-key form."""
    table: dict[str, set[str]] = {}
    for line in resources.read_words(name):
        kind, _, word = line.partition("\t")
        table.setdefault(kind, set()).add(match_key(word))
    return {kind: frozenset(words) for kind, words in table.items()}


@cache
def descriptors() -> dict[str, frozenset[str]]:
    """Descriptor words by label (`تنظيم` before an organisation's name, `مدينة` before a
    place's), and the `keep` and `name_part` words, in match-key form."""
    return words_by_kind(DESCRIPTORS)


def person_name_edges() -> dict[str, frozenset[str]]:
    """The edge words of person names by kind (`resources/person_name_edges.txt`)."""
    return words_by_kind(PERSON_NAME_EDGES)


def name_connectors() -> frozenset[str]:
    """Words of a person's name that need the next one (`بن`, `أبو`, `عبد`: the `connector`
    entries of `resources/person_name_edges.txt`), in match-key form: what follows one is a
    father's name, a kunya or a name of God, not a name of its own."""
    return person_name_edges().get(CONNECTOR, frozenset())


def joins_a_list(between: str) -> bool:
    """Whether the text `between` two names makes the second the next name of a list: nothing,
    `و` or a comma (`حماة وحلب`, `حماة، حلب`), spaces aside."""
    rest = between.replace(" ", "")
    if rest.endswith(LIST_CONJUNCTION):
        rest = rest[: -len(LIST_CONJUNCTION)]
    return rest == "" or rest in LIST_COMMAS


@cache  # one entry per packaged list: a few
def folded_word_list(name: str) -> frozenset[str]:
    """The match keys of a packaged word list (one entry per line, `#` comments)."""
    return frozenset(match_key(word) for word in resources.read_words(name))


def puts_inside(between: str) -> bool:
    """Whether the text `between` a place and the next place name puts the first inside the
    second, or near it (`containment`)."""
    return containment(between) is not None


def containment(between: str) -> str | None:
    """How the text `between` a place and the next place name places the first: `in` the
    second (`في ريف`, `بمدينة`, `التي تقع في`) or `near` it, in its region (`بجنوب شرق`,
    `شمال`, `قرب مدينة`); None where it does not (a list, a comma, a distance). Every word is
    one of `resources/containing_place_words.txt`, a preposition or a direction among them,
    after any modifiers of the first name (`ريف القلمون الشرقي في`)."""
    words = match_key(between).split()
    modifiers = folded_word_list(NAME_MODIFIERS)
    while words and words[0] in modifiers:
        words = words[1:]
    read = [_containing_kind(word) for word in words]
    if not read or any(kind is None for kind, _ in read):
        return None
    if not any(kind in ANCHOR_KINDS or with_clitic for kind, with_clitic in read):
        return None
    return "near" if any(kind in NEAR_KINDS for kind, _ in read) else "in"


def _containing_kind(word: str) -> tuple[str | None, bool]:
    """The kind of a word of `containing_place_words.txt`, read also without a `ب` on it, and
    whether that `ب` was on it (`بمدينة`, `بجنوب`: the preposition and the word)."""
    if word == PREPOSITION_CLITIC:
        return "preposition", False
    for kind, listed in words_by_kind(CONTAINING_PLACE_WORDS).items():
        if word in listed:
            return kind, False
    rest = word.removeprefix(PREPOSITION_CLITIC)
    if rest != word:
        kind, _ = _containing_kind(rest)
        return kind, kind in CLITIC_HOSTS
    return None, False


def organisation_anaphor_head(word: str) -> str | None:
    """The bare head noun (`تنظيم`) of a word that is an organisation anaphor of
    `resources/organisation_anaphors.txt` with any proclitic (`للتنظيم`, `والحزب`), folded;
    else None."""
    anaphors = folded_word_list(ORGANISATION_ANAPHORS)
    for form in first_word_forms(match_key(word)):
        if form in anaphors:
            return form[len(ARTICLE) :]
    return None


def is_person_title(word: str) -> bool:
    """Whether a word is a title noun of `resources/person_titles.txt`, with or without the
    article and a proclitic (`وزير`, `الرئيس`, `والمبعوث`)."""
    titles = folded_word_list(PERSON_TITLES)
    return any(
        form in titles or definite_stem(form) in titles
        for form in first_word_forms(match_key(word))
    )


def names_after_head(text: str, entity_start: int, entity_name: str, head: str) -> bool:
    """Whether a name is written as `head` and the name (`تنظيم داعش`, `لتنظيم «داعش»`: the
    word before it, quotation marks aside) or starts with `head` (`حزب الله`), folded."""
    if match_key(entity_name).split()[:1] == [head]:
        return True
    before = text[max(0, entity_start - PLACE_WORD_WINDOW) : entity_start]
    words = before.replace("«", " ").replace('"', " ").split()
    return bool(words) and head in first_word_forms(match_key(words[-1]))


def site_namesake(site: str, at_namesake: bool = False) -> str | None:
    """The place a site is named after (`مطار دمشق` → `دمشق`), as normalised; None when
    `site` does not start with a site word (with `at_namesake`, one of a site that lies at the
    place it is named after: an airport, not a street)."""
    words = match_key(site).split()
    listed = folded_word_list(SITES_AT_NAMESAKE if at_namesake else SITE_WORDS)
    if len(words) < 2 or words[0] not in listed:
        return None
    return " ".join(words[1:])


def site_named_after(site: str, place: str) -> bool:
    """`site` is a site word followed by `place` (`مطار كويرس` and `كويرس`), as normalised."""
    return site_namesake(site) == match_key(place)
