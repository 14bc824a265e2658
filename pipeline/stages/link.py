"""Stage `link`: mentions of one entity share a cluster; clusters that match the KB get a name.

Clusters (in one document): mentions with the same folded name; a person's shorter name that
is the end, the start or the first and last words of the longer names of one person met
earlier in the document (`الجعفري` after `بشار الجعفري`, `بشار` after `بشار الأسد`, `محمد
الزعبي` after `محمد إسماعيل الزعبي`); an organisation's or place's one definite word the
knowledge base does not know that starts one longer name of the document (`المرصد`,
`المرصد السوري لحقوق الإنسان`); mentions whose only knowledge-base candidate is the same
entry (`دي مستورا`, `ستافان دي ميستورا`, `#دي_ميستورا`).

Links: each cluster's candidates are the entries of `models/kb/kb.jsonl` one of whose aliases
is one of its names, of a compatible type; a name that matches none is looked up again without
its trailing modifiers (`resources/name_modifiers.txt`: `حمص السورية` → Homs), and a place
written after `محافظة` or `ريف` (`resources/place_words.txt`), or in a list after a plural
of one (`resources/place_word_plurals.txt`: `محافظات حماة وحمص`), is first looked up with that
word (`بمحافظة حماة` → Hama Governorate). One candidate:
linked. Several: the one whose containing place (`parent`) is also named in the document wins
(`الغوطة` with `حمص` → the Homs district); failing that, a hand-written entry over compiled
ones when only one is hand-written. A country and cities of its own of the same name
(`الكويت`): the country. Still several: left unlinked rather than guessed.
`canonical.score` says how the link was made; linked places carry their kind, coordinates,
country, admin areas (Syria: governorate, district, subdistrict) and ACLED geo-precision. A
place the knowledge base cannot place that the text puts inside the place named right after it
(`قرية قصر البريج في ريف حلب`, `resources/containing_place_words.txt`) takes that place's
country and admin areas, flagged derived.
People, places and organisations the knowledge base does not hold get an English `name_en` by
`pipeline/kb/unknown_names.py` (`spelt_by`: a generic phrase translated, `جيش النظام` → regime
army; an organisation with a head noun translated word by word, `وزارة الخارجية الروسية` →
Ministry of Foreign Affairs (Russia); a person, place or any other organisation transliterated
by the model of `models/translit/`, or romanised by `pipeline/romanise.py` without it),
flagged `romanised` unless translated; a MISC mention is
named only by a KB entry (those of the gold train split: `عاصفة الحزم` → Operation Decisive
Storm), never romanised.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.document import ActorCode, Document, Entity, KbLink, PlaceAreas
from pipeline.kb import KbEntry, KnowledgeBase
from pipeline.kb.actors import category_of, code_on
from pipeline.kb.unknown_names import english_of_unknown, generic_actor
from pipeline.lang.ar.clitics import ARTICLE, TATWEEL
from pipeline.lang.ar.clitics import RESOURCE as MORPHOLOGY_RESOURCE
from pipeline.lang.ar.fold import match_key
from pipeline.lang.ar.names import (
    CONTAINING_PLACE_WORDS,
    NAME_MODIFIERS,
    PERSON_NAME_EDGES,
    PLACE_WORD_PLURALS,
    PLACE_WORDS,
    SITE_WORDS,
    SITES_AT_NAMESAKE,
    containment,
    joins_a_list,
    name_connectors,
    name_heads,
    place_word_before,
    plural_place_word_before,
    site_namesake,
)
from pipeline.lang.ar.organisation_names import RESOURCE as ORGANISATION_WORDS
from pipeline.paths import models_dir
from pipeline.stages import Contract, DocumentStage, resource_provenance

FULL_NAME_SCORE = 0.95  # one candidate, by a full name or an unambiguous alias
SHORT_FORM_SCORE = 0.8  # one candidate, through a one-word short form (`لافروف`)
HEAD_SCORE = 0.7  # one candidate, once modifiers were cut off the name (`حلب الغربية`)
CONTEXT_SCORE = 0.6  # chosen among several candidates by the places of the article
ROMANISED_LABELS = {"PER", "LOC", "ORG"}
SHORT_FORM_LABELS = {"ORG", "LOC"}  # labels whose one-word short form joins the full name
SITE = "site"  # the `kind` of a site the KB lacks placed at its namesake (`مطار دمشق`)
WIDE_KINDS = frozenset({"country", "governorate", "region"})  # no site is placed at them
NEAR = 2  # ACLED's geo-precision of such a site: near or part of the place
ADMIN_KEYS = ("admin1", "admin1_pcode", "admin2", "admin2_pcode", "admin3", "admin3_pcode")
# which knowledge-base types a mention of each label may link to
COMPATIBLE = {"PER": {"PER"}, "LOC": {"LOC"}, "ORG": {"ORG"}, "MISC": {"MISC", "ORG", "LOC"}}


@dataclass(frozen=True, slots=True)
class Lookup:
    """One mention looked up in the knowledge base."""

    candidates: list[KbEntry]
    name: str  # the folded name that found them (`محافظه حمص` for `حمص` after `لمحافظة`)
    through_head: bool  # found only once modifiers were cut off


CONTRACT = Contract(requires=("entities",), assigns=("links",))


class LinkStage(DocumentStage):
    contract = CONTRACT
    name = "link"
    version = "kb-12"

    def __init__(self, kb: KnowledgeBase, kb_path: Path) -> None:
        self.kb = kb
        self.kb_path = kb_path

    def __call__(self, doc: Document) -> Document:
        listed = _list_place_words(doc.entities, doc.text)
        lookups = [
            self._lookup(entity, doc.text, listed[index])
            for index, entity in enumerate(doc.entities)
        ]
        candidates = [lookup.candidates for lookup in lookups]
        clusters = cluster_mentions(doc.entities, lookups)
        linked_ids = set()
        resolved = []
        for members in clusters:
            entry = self._resolve(members, candidates, doc.entities, linked_ids=None)
            resolved.append(entry)
            if entry is not None:
                linked_ids.add(entry.id)
        for number, members in enumerate(clusters):
            entry, score = resolved[number], None
            if entry is None:
                entry = self._resolve(members, candidates, doc.entities, linked_ids)
                score = CONTEXT_SCORE
            if score is None and all(lookups[index].through_head for index in members):
                score = HEAD_SCORE
            canonical = self._canonical(entry, score, members, doc.entities, doc.date)
            for index in members:
                doc.entities[index].cluster = f"c{number}"
                doc.entities[index].canonical = canonical
        _place_inside_named_areas(doc.entities, doc.text)
        return doc

    def _canonical(
        self,
        entry: KbEntry | None,
        score: float | None,
        members: list[int],
        entities: list[Entity],
        date: str | None = None,
    ) -> KbLink | None:
        if entry is not None:
            names = {match_key(entities[i].normalized) for i in members}
            full_name = match_key(entry.name_ar) in names or any(" " in n for n in names)
            return _linked(
                entry, score or (FULL_NAME_SCORE if full_name else SHORT_FORM_SCORE), date
            )
        label = entities[members[0]].label
        if label not in ROMANISED_LABELS:
            return None
        longest = max((entities[i] for i in members), key=lambda entity: len(entity.normalized))
        unknown = _romanised(_spelling(longest), label)
        namesake = self._namesake(longest) if label == "LOC" else None
        return _at_namesake(unknown, namesake) if namesake is not None else unknown

    def _namesake(self, site: Entity) -> KbEntry | None:
        """The one located town or smaller place of the knowledge base a site it lacks lies
        at and is named after (`مطار دمشق` → Damascus), else None: not a country or a
        governorate (`جبل لبنان`, `معبر الأردن`), whose point is a centroid."""
        name = site_namesake(site.normalized, at_namesake=True)
        if name is None:
            return None
        places = [
            entry
            for entry in self.kb.candidates(name)
            if entry.type == "LOC" and entry.lat is not None and entry.kind not in WIDE_KINDS
        ]
        return places[0] if len(places) == 1 else None

    def _lookup(self, entity: Entity, text: str, listed_place_word: str | None = None) -> Lookup:
        allowed = COMPATIBLE[entity.label]
        for name, cut in _lookup_names(entity, text, listed_place_word):
            found = [entry for entry in self.kb.candidates(name) if entry.type in allowed]
            if found:
                return Lookup(found, match_key(name), cut)
        return Lookup([], match_key(entity.normalized), False)

    def _resolve(
        self,
        members: list[int],
        candidates: list[list[KbEntry]],
        entities: list[Entity],
        linked_ids: set[str] | None,
    ) -> KbEntry | None:
        """The cluster's entry; with `linked_ids`, ambiguity is settled by the linked places."""
        votes: Counter[str] = Counter()
        entries: dict[str, KbEntry] = {}
        for index in members:
            for entry in candidates[index]:
                votes[entry.id] += 1
                entries[entry.id] = entry
        if not votes:
            return None
        best = max(votes.values())
        leaders = [entries[entry_id] for entry_id, count in votes.items() if count == best]
        if len(leaders) == 1:
            return leaders[0]
        country = _country_over_its_cities(leaders)
        if country is not None or linked_ids is None:
            return country
        return _by_context(leaders, linked_ids)

    def provenance(self) -> list[dict[str, Any]]:
        digest = hashlib.sha256(self.kb_path.read_bytes()).hexdigest()
        knowledge_base = {"name": "kb/kb.jsonl", "version": self.version, "sha256": digest}
        word_lists = (
            NAME_MODIFIERS,
            PLACE_WORDS,
            PLACE_WORD_PLURALS,
            PERSON_NAME_EDGES,
            SITE_WORDS,
            SITES_AT_NAMESAKE,
            CONTAINING_PLACE_WORDS,
            "romanisation.json",
            "common_nouns.json",
            ORGANISATION_WORDS,
            MORPHOLOGY_RESOURCE,
        )
        return [knowledge_base, *_translit_provenance(), *resource_provenance(*word_lists)]


def _translit_provenance() -> list[dict[str, Any]]:
    found = []
    for name in ("translit/table.json", "kb/name_words.json"):
        table = models_dir() / name
        if table.exists():
            digest = hashlib.sha256(table.read_bytes()).hexdigest()
            found.append({"name": name, "version": None, "sha256": digest})
    return found


def _lookup_names(
    entity: Entity, text: str, listed_place_word: str | None = None
) -> Iterator[tuple[str, bool]]:
    """Names to look the entity up by, each with whether modifiers were cut off it.

    A place after `محافظة` / `ريف`, or in a list after `محافظات` (`listed_place_word`), is
    first looked up with that word (`محافظة حلب`).
    """
    place_word = place_word_before(text, entity.start) if entity.label == "LOC" else None
    place_word = place_word or listed_place_word
    if place_word:
        yield f"{place_word} {entity.normalized}", False
    for number, name in enumerate(name_heads(entity.normalized)):
        yield name, number > 0


def _list_place_words(entities: list[Entity], text: str) -> list[str | None]:
    """For each mention, the singular of a plural place word that heads the list of places it
    is in (`في محافظات حماة وحلب وحمص`: `محافظه` for all three), else None. The names of a
    list follow one another with only `و` or a comma between them."""
    words: list[str | None] = [None] * len(entities)
    previous: int | None = None
    for index, entity in enumerate(entities):
        if entity.label != "LOC":
            continue
        if previous is not None and _next_in_list(text, entities[previous], entity):
            words[index] = words[previous]
        else:
            words[index] = plural_place_word_before(text, entity.start)
        previous = index
    return words


def _next_in_list(text: str, before: Entity, entity: Entity) -> bool:
    return entity.start >= before.end and joins_a_list(text[before.end : entity.start])


def cluster_mentions(entities: list[Entity], lookups: list[Lookup]) -> list[list[int]]:
    """Groups of mention indexes, in order of first mention."""
    parent = list(range(len(entities)))

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    def union(first: int, second: int) -> None:
        parent[find(second)] = find(first)

    first_by_key: dict[tuple[str, str], int] = {}
    first_by_entry: dict[str, int] = {}
    for index, entity in enumerate(entities):
        key = lookups[index].name
        if (entity.label, key) in first_by_key:
            union(first_by_key[(entity.label, key)], index)
        first_by_key.setdefault((entity.label, key), index)
        if len(lookups[index].candidates) == 1:
            entry_id = lookups[index].candidates[0].id
            if entry_id in first_by_entry:
                union(first_by_entry[entry_id], index)
            first_by_entry.setdefault(entry_id, index)
    for part, full in _person_name_parts(entities, lookups, find):
        union(full, part)
    for short, full in _short_forms(entities, lookups):
        union(full, short)
    groups: dict[int, list[int]] = {}
    for index in range(len(entities)):
        groups.setdefault(find(index), []).append(index)
    return sorted(groups.values(), key=lambda members: members[0])


def _person_name_parts(
    entities: list[Entity], lookups: list[Lookup], find: Callable[[int], int]
) -> Iterator[tuple[int, int]]:
    """(part, full name) pairs of one person, in text order. A shorter name whose words end a
    longer name met earlier (`الجعفري` after `بشار الجعفري`, `عبد الرحمن` after `رامي عبد
    الرحمن`) is the first person so named: news names its subject first, so a surname that two
    people share is mostly the first one's. A shorter name whose words start a longer name
    (`بشار` after `بشار الأسد`) or are its first and last words (`محمد الزعبي` after `محمد
    إسماعيل الزعبي`) joins it when only one person of the article is so named. A part the
    knowledge base knows as someone the longer name is not (`الأسد` after `سليمان هلال
    الأسد`: Bashar al-Assad) stays apart.

    `find` gives the cluster a mention is in so far; each pair yielded is joined before the
    next mention is read, so two earlier names of one person count once."""
    names = [lookup.name.split() for lookup in lookups]
    earlier: list[int] = []
    for index, entity in enumerate(entities):
        if entity.label != "PER":
            continue
        words = names[index]
        fulls = [
            other
            for other in earlier
            if _is_name_part(words, names[other]) and _may_join(lookups[index], lookups[other])
        ]
        surnamed = [other for other in fulls if _ends(words, names[other])]
        if surnamed:
            yield index, surnamed[0]
        elif len({find(other) for other in fulls}) == 1:
            yield index, fulls[0]
        earlier.append(index)


def _is_name_part(part: list[str], full: list[str]) -> bool:
    """Whether `part` is a shorter form of the name `full`: its end, its start, or its first
    and last words with words between them dropped. A last word after `بن`, `أبو`, `عبد` is
    not the person's own (`سلمان` of `محمد بن سلمان` is his father)."""
    if not part or len(part) >= len(full):
        return False
    if _ends(part, full) or full[: len(part)] == part:
        return True
    if len(part) < 2 or part[0] != full[0] or part[-1] != full[-1]:
        return False
    return full[-2] not in name_connectors() and _in_order(part, full)


def _ends(part: list[str], full: list[str]) -> bool:
    """`part` is the end of `full`, and not what follows a connector (`بن سلمان`)."""
    if len(part) >= len(full) or full[-len(part) :] != part:
        return False
    return full[-len(part) - 1] not in name_connectors()


def _in_order(part: list[str], full: list[str]) -> bool:
    remaining = iter(full)
    return all(word in remaining for word in part)


def _may_join(part: Lookup, full: Lookup) -> bool:
    """A part with knowledge-base candidates joins only a name that shares one of them."""
    if not part.candidates:
        return True
    return bool({entry.id for entry in part.candidates} & {entry.id for entry in full.candidates})


def _short_forms(entities: list[Entity], lookups: list[Lookup]) -> Iterator[tuple[int, int]]:
    """(short form, full name) pairs: an organisation or place written as one definite word the
    knowledge base does not know (`المرصد`, `الائتلاف`) that starts the longer names of exactly
    one entity of the same label in the article (`المرصد السوري لحقوق الإنسان` and
    `المرصد السوري`, both the one KB entry) is that entity, unless the word names a kind of
    actor itself (`الجيش` after `الجيش السوري الحر` is the army)."""
    longer: dict[tuple[str, str], set[str]] = {}
    first_of: dict[tuple[str, str], int] = {}
    for index, entity in enumerate(entities):
        words = lookups[index].name.split()
        if entity.label in SHORT_FORM_LABELS and len(words) > 1:
            identity = _identity(lookups[index])
            longer.setdefault((entity.label, words[0]), set()).add(identity)
            first_of.setdefault((entity.label, identity), index)
    for index, entity in enumerate(entities):
        key = lookups[index].name
        if entity.label not in SHORT_FORM_LABELS or " " in key or lookups[index].candidates:
            continue
        if _names_an_actor_kind(entity.normalized):
            continue
        identities = longer.get((entity.label, key), set())
        if key.startswith(ARTICLE) and len(identities) == 1:
            yield index, first_of[(entity.label, next(iter(identities)))]


def _names_an_actor_kind(text: str) -> bool:
    """A word that names a kind of actor with a role of its own (`الجيش`: the army, mostly the
    regime's; `الحكومة`, `المعارضة`) is that actor, not the short form of a longer name."""
    generic = generic_actor(text)
    return generic is not None and generic.code is not None


def _identity(lookup: Lookup) -> str:
    """What a longer name stands for: its one KB entry, else the name itself."""
    if len(lookup.candidates) == 1:
        return lookup.candidates[0].id
    return lookup.name


def _country_over_its_cities(leaders: list[KbEntry]) -> KbEntry | None:
    """A country that shares its name with cities of its own (`الكويت`: Kuwait and Kuwait City,
    `تونس`): the country, as the gold train split's annotators read all 12 such mentions. A
    city of another country (`عمان`: Amman, Jordan, or Oman) leaves the name ambiguous."""
    countries = [entry for entry in leaders if entry.kind == "country"]
    if len(countries) != 1 or not countries[0].country:
        return None
    others = [entry for entry in leaders if entry is not countries[0]]
    if all(entry.kind == "city" and entry.country == countries[0].country for entry in others):
        return countries[0]
    return None


def _by_context(leaders: list[KbEntry], linked_ids: set[str]) -> KbEntry | None:
    in_context = [entry for entry in leaders if entry.parent and entry.parent in linked_ids]
    if len(in_context) == 1:
        return in_context[0]
    curated = [entry for entry in leaders if entry.curated]
    if len(curated) == 1:
        return curated[0]
    return None


def _linked(entry: KbEntry, score: float, date: str | None) -> KbLink:
    return KbLink(
        name_en=entry.name_en,
        name_ar=entry.name_ar,
        kb_id=entry.id,
        wikidata=entry.wikidata,
        romanised=False,
        score=score,
        kind=entry.kind,
        lat=entry.lat,
        lon=entry.lon,
        country=entry.country,
        areas=_place_areas(entry),
        actor=_actor_code(entry, date),
    )


def _place_areas(entry: KbEntry) -> PlaceAreas | None:
    """A place's admin areas (Syria only; null elsewhere) and ACLED geo-precision."""
    if entry.type != "LOC":
        return None
    admin = entry.admin or {}
    return PlaceAreas(
        **{key: admin.get(key) for key in ADMIN_KEYS},
        admin_derived=bool(admin.get("derived")),
        geo_precision=entry.geo_precision,
    )


def _actor_code(entry: KbEntry, date: str | None) -> ActorCode | None:
    """A person's or organisation's CAMEO code on the article's date, and its ACLED category:
    the one the KB gives the entry (how the gold train split's annotators categorised it as an
    event actor: `حزب الله` political_militias though LBNREB), else its code's, else `other`."""
    if entry.type not in ("PER", "ORG"):
        return None
    code = code_on(entry.cameo, date)
    return ActorCode(cameo=code, actor_category=entry.actor_category or category_of(code))


def _generic_code(name: str) -> ActorCode | None:
    actor = generic_actor(name)
    return ActorCode(cameo=actor.code, actor_category=actor.category) if actor else None


SPELLINGS = frozenset({"transliterated", "romanised"})  # ways of naming that spell the Arabic


def _spelling(entity: Entity) -> str:
    """The name to spell: the mention as written where it is its normalised name but for
    folding (the hamza of `إلسا` says its `ال` is no article), else the normalised name (a
    proclitic cut off, `للنظام` → `النظام`)."""
    written = "".join(char for char in entity.text.replace("_", " ") if char != TATWEEL)
    return written if match_key(written) == match_key(entity.normalized) else entity.normalized


def _at_namesake(site: KbLink, place: KbEntry) -> KbLink:
    """A site the knowledge base lacks, placed at the place it is named after: its
    coordinates, country and admin areas, at ACLED's geo-precision 2 (near the place)."""
    areas = _place_areas(place)
    if areas is not None:
        areas = replace(areas, geo_precision=NEAR)
    return replace(
        site, kind=SITE, lat=place.lat, lon=place.lon, country=place.country, areas=areas
    )


def _place_inside_named_areas(entities: list[Entity], text: str) -> None:
    """A place the knowledge base cannot place (no country: a village it lacks, or one of the
    gold train split's entries without coordinates) that the text puts inside the place named
    right after it (`قرية قصر البريج في ريف حلب`, `حي الميسر بمدينة حلب`, `سروج بجنوب شرق
    تركيا`: `names.containment`) takes that place's country and admin areas, `admin_derived`,
    at ACLED's geo-precision 2 or coarser (part of the area; its own point unknown), for all
    the mentions of its cluster. Read from the end, so a place placed in turn by a place after
    it (`قسطون بسهل الغاب`, `سهل الغاب في ريف حماة`) places the one before it."""
    for index in range(len(entities) - 2, -1, -1):
        place, area = entities[index], entities[index + 1]
        if place.label != "LOC" or area.label != "LOC" or area.start < place.end:
            continue
        link, area_link = place.canonical, area.canonical
        if link is None or link.country is not None or area_link is None:
            continue
        if area_link.country is None or area.cluster == place.cluster:
            continue
        relation = containment(text[place.end : area.start])
        if relation is None:
            continue
        inside = _inside(link, area_link, near=relation == "near")
        for entity in entities:
            if entity.cluster == place.cluster:
                entity.canonical = inside


def _inside(link: KbLink, area: KbLink, near: bool) -> KbLink:
    """`link` placed in `area`: its country and admin areas, only down to the governorate
    when the text places it by a direction or `قرب` (`شمال حلب`: in Aleppo's region, not
    necessarily in the city's district)."""
    areas = area.areas
    if areas is not None:
        precision = max(areas.geo_precision or NEAR, NEAR)
        areas = replace(areas, admin_derived=areas.admin1 is not None, geo_precision=precision)
        if near:
            areas = replace(areas, admin2=None, admin2_pcode=None, admin3=None, admin3_pcode=None)
    return replace(link, country=area.country, areas=areas)


def _romanised(name: str, label: str) -> KbLink:
    english = english_of_unknown(name, label)
    return KbLink(
        name_en=english.name_en,
        name_ar=name,
        kb_id=None,
        wikidata=None,
        romanised=english.how in SPELLINGS,
        score=0.0,
        kind=None,
        lat=None,
        lon=None,
        country=None,
        actor=_generic_code(name),
        spelt_by=english.how,
    )


def create(options: dict[str, Any]) -> LinkStage:
    path = Path(options.get("kb") or models_dir() / "kb" / "kb.jsonl")
    return LinkStage(KnowledgeBase.from_file(path), path)
