"""Syria's governorates, districts and subdistricts, and where each Syrian place lies in them.

Data: `DATA/syria_admin/syria_admin.tsv` (OpenSyria data-geography, CC BY 4.0: OCHA P-codes,
Arabic and English names, aliases, parents, centroids). The knowledge-base build uses it to

- add every district and subdistrict as an entry (`syria_admin:<P-code>`), and give the
  hand-written governorates their P-code;
- add the town a district or subdistrict is named after (`صدد` of `ناحية صدد`) where no
  GeoNames town has its name (`syria_admin:<P-code>:seat`);
- add each governorate's countryside, `ريف حلب` and `ريف حلب الشمالي` … (names from
  `resources/countryside.json`): the governorate known, no finer place (precision 3);
- give every Syrian place `admin` (admin1/admin2/admin3: English names and P-codes) and a
  `geo_precision` with ACLED's meaning: 1 the place itself (a town, a neighbourhood), 2 a part
  of a district (a district, a subdistrict, an area such as Eastern Ghouta), 3 only the
  governorate or the country.

A town's governorate comes from GeoNames (its admin1 code, mapped to a P-code by
`geonames_governorates`); its subdistrict is the one named like it (`تلبيسة` → ناحية تلبيسة,
`حمص` → مركز حمص), or else the subdistrict with the nearest centroid within its governorate,
and then `admin.derived` is true: the data has no such link, the position stands in for it.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline import resources
from pipeline.kb import alias_keys
from pipeline.lang.ar.clitics import definite_stem
from pipeline.lang.ar.fold import match_key

ADMIN_TSV = Path("syria_admin") / "syria_admin.tsv"
SOURCE = "OpenSyria data-geography (CC BY 4.0), from UN OCHA / geoBoundaries, GeoNames, Wikidata"
COUNTRY = "SY"
LEVELS = ("governorate", "district", "subdistrict")
# words that make a unit's formal name: `محافظة حمص`, `منطقة الرستن`, `ناحية تلبيسة`, `مركز حمص`
UNIT_WORDS = ("محافظة", "منطقة", "ناحية", "مركز")
CENTRE_WORD = "مركز"
COUNTRYSIDE_WORD = "ريف"
PRECISION_OF_KIND = {
    "city": 1,
    "town": 1,
    "neighbourhood": 1,
    "district": 2,
    "subdistrict": 2,
    "area": 2,
    "governorate": 3,
    "countryside": 3,
    "country": 3,
}


@dataclass(frozen=True, slots=True)
class AdminUnit:
    level: str  # governorate, district, subdistrict
    pcode: str
    name_en: str
    name_ar: str
    aliases_ar: tuple[str, ...]
    parent_pcode: str | None
    lat: float
    lon: float

    def names(self) -> list[str]:
        return [self.name_ar, *self.aliases_ar]

    def bare_names(self) -> list[str]:
        """Its names without the unit words (`ناحية مركز الأتارب` → `الأتارب`), each once."""
        bare: dict[str, str] = {}
        for name in self.names():
            for stripped in _without_unit_words(name):
                bare.setdefault(match_key(stripped), stripped)
        return list(bare.values())


def _folded(names: Iterable[str]) -> set[str]:
    return {match_key(name) for name in names}


def _without_unit_words(name: str) -> list[str]:
    """The name without the unit words it starts with, as written (none left: no name)."""
    words = name.split()
    while words and match_key(words[0]) in _unit_words():
        words = words[1:]
    return [" ".join(words)] if words else []


def read_units(path: Path) -> list[AdminUnit]:
    """The rows of `syria_admin.tsv`, in file order (governorates, districts, subdistricts)."""
    with path.open(encoding="utf-8") as stream:
        rows = csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [_unit(row) for row in rows]


def _unit(row: dict[str, str]) -> AdminUnit:
    aliases = [alias for alias in row["aliases_ar"].split("|") if _is_arabic(alias)]
    return AdminUnit(
        level=row["level"],
        pcode=row["pcode"],
        name_en=row["name_en"],
        name_ar=row["name_ar"],
        aliases_ar=tuple(aliases),
        parent_pcode=row["parent_pcode"] or None,
        lat=float(row["lat"]),
        lon=float(row["lon"]),
    )


def _is_arabic(name: str) -> bool:
    """An Arabic name: Arabic letters only (the source files Kurdish `kۆbany` under Arabic)."""
    letters = [ch for ch in name if ch.isalpha()]
    return bool(letters) and all("\u0621" <= ch <= "\u064a" for ch in letters)


class AdminAreas:
    """The units by P-code, with the lookups that place a town in them."""

    def __init__(self, units: Iterable[AdminUnit]) -> None:
        self.by_pcode = {unit.pcode: unit for unit in units}
        self.units = list(self.by_pcode.values())

    def of_level(self, level: str) -> list[AdminUnit]:
        return [unit for unit in self.units if unit.level == level]

    def chain(self, pcode: str) -> list[AdminUnit]:
        """The unit and the units that hold it, governorate first."""
        chain: list[AdminUnit] = []
        unit = self.by_pcode.get(pcode)
        while unit is not None:
            chain.insert(0, unit)
            unit = self.by_pcode.get(unit.parent_pcode) if unit.parent_pcode else None
        return chain

    def governorate_named(self, names: Iterable[str]) -> AdminUnit | None:
        """The one governorate one of `names` names, with or without `محافظة`."""
        keys = {match_key(bare) for name in names for bare in _without_unit_words(name)}
        found = [unit for unit in self.of_level("governorate") if keys & _folded(unit.bare_names())]
        return found[0] if len(found) == 1 else None

    def subdistrict_named(self, names: Iterable[str], governorate: str | None) -> AdminUnit | None:
        """The one subdistrict named like the town (else the centre of the one district)."""
        keys = {match_key(name) for name in names}
        for level in ("subdistrict", "district"):
            found = [
                unit
                for unit in self._within(level, governorate)
                if keys & _folded(unit.bare_names())
            ]
            if len(found) == 1:
                return found[0] if level == "subdistrict" else self.centre(found[0])
            if found:
                return None
        return None

    def nearest_subdistrict(self, lat: float, lon: float, governorate: str | None) -> AdminUnit:
        candidates = self._within("subdistrict", governorate) or self.of_level("subdistrict")
        return min(candidates, key=lambda unit: (unit.lat - lat) ** 2 + (unit.lon - lon) ** 2)

    def _within(self, level: str, governorate: str | None) -> list[AdminUnit]:
        return [
            unit
            for unit in self.of_level(level)
            if governorate is None or unit.pcode.startswith(governorate)
        ]

    def centre(self, district: AdminUnit) -> AdminUnit:
        """The district's central subdistrict (`مركز حمص`), or the district when none is."""
        for unit in self.of_level("subdistrict"):
            if unit.parent_pcode == district.pcode and unit.pcode == district.pcode + "00":
                return unit
        return district


def admin_fields(chain: list[AdminUnit], derived: bool) -> dict[str, Any]:
    """`admin1`…`admin3` (English names) and their P-codes, null below the chain's end."""
    fields: dict[str, Any] = {}
    for level in range(3):
        unit = chain[level] if level < len(chain) else None
        fields[f"admin{level + 1}"] = unit.name_en if unit else None
        fields[f"admin{level + 1}_pcode"] = unit.pcode if unit else None
    fields["derived"] = derived
    return fields


def place_town(
    areas: AdminAreas,
    names: list[str],
    position: tuple[float, float] | None,
    governorate: str | None,
) -> dict[str, Any] | None:
    """`admin` of a Syrian town: by its name within its governorate, else by its position."""
    named = areas.subdistrict_named(names, governorate)
    if named is not None and (governorate is not None or position is None):
        return admin_fields(areas.chain(named.pcode), derived=False)
    if position is None:
        if named is not None:
            return admin_fields(areas.chain(named.pcode), derived=False)
        return admin_fields(areas.chain(governorate), derived=False) if governorate else None
    if named is not None:
        # the name is the data's link; without a governorate the position must agree with it
        near = areas.nearest_subdistrict(*position, None)
        if near.pcode[:4] == named.pcode[:4]:
            return admin_fields(areas.chain(named.pcode), derived=False)
    nearest = areas.nearest_subdistrict(*position, governorate)
    return admin_fields(areas.chain(nearest.pcode), derived=True)


def geonames_governorates(
    areas: AdminAreas, towns: Iterable[tuple[str, list[str], int, float, float]]
) -> dict[str, str]:
    """GeoNames admin1 code → governorate P-code, from the Syrian towns of each code.

    `towns`: (admin1 code, Arabic names, population, lat, lon). A code is the governorate named
    like its most populous town (`13` holds دمشق: Damascus), else the one where most of its
    towns' nearest subdistricts lie (`08`: Rif Dimashq).
    """
    by_code: dict[str, list[tuple[str, list[str], int, float, float]]] = {}
    for town in towns:
        by_code.setdefault(town[0], []).append(town)
    mapping = {}
    for code, members in sorted(by_code.items()):
        largest = max(members, key=lambda town: town[2])
        named = areas.governorate_named(largest[1])
        if named is not None:
            mapping[code] = named.pcode
            continue
        votes = Counter(areas.nearest_subdistrict(t[3], t[4], None).pcode[:4] for t in members)
        mapping[code] = votes.most_common(1)[0][0]
    return mapping


def unit_records(
    areas: AdminAreas, taken: set[str], governorate_ids: dict[str, str]
) -> Iterator[dict[str, Any]]:
    """Entries for the districts and subdistricts (and governorates no entry holds yet), and
    for the town each district and subdistrict is named after.

    A unit's formal names (`منطقة الرستن`, `ناحية صدد`) are its own. Its bare name (`صدد`) is
    the town the unit is named after and governed from, the better reading of a bare name in
    news (`بلدة صدد`): an earlier entry (a GeoNames town) keeps it, and where none has it, it
    names a seat entry (`syria_admin:<P-code>:seat`, `seat_records`).
    """
    ids = {**governorate_ids}
    taken = set(taken)
    for unit in areas.units:
        if unit.level == "governorate" and unit.pcode in governorate_ids:
            continue
        ids[unit.pcode] = f"syria_admin:{unit.pcode}"
        free = [name for name in _own_names(unit) if _is_formal(name) or _is_free(name, taken)]
        free += [name for name in unit.bare_names() if _is_free(name, taken)]
        seat_names = _seat_names(unit, free) if unit.level != "governorate" else []
        names = [name for name in free if name not in seat_names]
        if not any(_is_formal(name) for name in names):
            names.append(_formal_name(unit))
        names = _distinct(names)
        if unit.name_ar in names:
            names.remove(unit.name_ar)
            names.insert(0, unit.name_ar)
        taken |= {key for name in names + seat_names for key in _keys(name)}
        if seat_names:
            yield seat_record(areas, unit, seat_names, ids[unit.pcode])
        yield {
            "id": ids[unit.pcode],
            "type": "LOC",
            "name_en": _english_name(unit),
            "name_ar": names[0],
            "aliases": names[1:],
            "kind": unit.level,
            "country": COUNTRY,
            "parent": ids.get(unit.parent_pcode) if unit.parent_pcode else None,
            "lat": unit.lat,
            "lon": unit.lon,
            "pcode": unit.pcode,
            "admin": admin_fields(areas.chain(unit.pcode), derived=False),
            "geo_precision": PRECISION_OF_KIND[unit.level],
            "sources": [SOURCE],
        }


def _seat_names(unit: AdminUnit, free: list[str]) -> list[str]:
    """The names of the town a unit is named after: its own name without the unit words
    (`ناحية مركز الأتارب` → `الأتارب`) and its other spellings (`أتارب`), among the `free`
    ones; none where that name is a region's (`جبل سمعان`, `الغوطة الغربية`)."""
    own = _without_unit_words(unit.name_ar)
    if not own or match_key(own[0]).split()[0] in _not_seat_heads():
        return []
    seat = definite_stem(match_key(own[0]))
    names = [
        name for name in free if not _is_formal(name) and definite_stem(match_key(name)) == seat
    ]
    return _distinct(names)


@lru_cache(maxsize=1)
def _not_seat_heads() -> frozenset[str]:
    words = json.loads(resources.read_text("countryside.json"))["not_seat_heads"]
    return frozenset(match_key(word) for word in words)


def seat_record(
    areas: AdminAreas, unit: AdminUnit, names: list[str], unit_id: str
) -> dict[str, Any]:
    """The town a district or subdistrict is named after (`صدد` of ناحية صدد), where no other
    entry names it. It lies in the unit (a district's seat in its central subdistrict, whose
    centroid and id it takes); its position is that subdistrict's centroid, so its precision
    is the subdistrict's, not a town's."""
    seat_unit = areas.centre(unit) if unit.level == "district" else unit
    return {
        "id": f"{unit_id}:seat",
        "type": "LOC",
        "name_en": unit.name_en,
        "name_ar": names[0],
        "aliases": names[1:],
        "kind": "town",
        "country": COUNTRY,
        "parent": f"syria_admin:{seat_unit.pcode}",
        "lat": seat_unit.lat,
        "lon": seat_unit.lon,
        "admin": admin_fields(areas.chain(seat_unit.pcode), derived=False),
        "geo_precision": PRECISION_OF_KIND[seat_unit.level],
        "sources": [SOURCE + "; the town a unit is named after"],
    }


def _distinct(names: list[str]) -> list[str]:
    """The names, each spelling the fold absorbs once (the first written)."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(match_key(name), name)
    return list(seen.values())


def _own_names(unit: AdminUnit) -> list[str]:
    """Its names; `مركز X` only for a subdistrict (the source also files it under districts)."""
    centre = match_key(CENTRE_WORD)
    names = unit.names()
    if unit.level == "subdistrict":
        return names
    return [name for name in names if match_key(name).split()[0] != centre]


def _is_free(name: str, taken: set[str]) -> bool:
    return _keys(name).isdisjoint(taken)


def _keys(name: str) -> set[str]:
    return set(alias_keys(name))


def _formal_name(unit: AdminUnit) -> str:
    word = UNIT_WORDS[LEVELS.index(unit.level)]
    return f"{word} {unit.bare_names()[0]}"


def _english_name(unit: AdminUnit) -> str:
    suffix = {"governorate": " Governorate", "district": " District", "subdistrict": " Subdistrict"}
    return unit.name_en + suffix[unit.level]


def _is_formal(name: str) -> bool:
    words = match_key(name).split()
    return bool(words) and words[0] in _unit_words()


def countryside_records(
    areas: AdminAreas, taken: set[str], governorate_ids: dict[str, str]
) -> Iterator[dict[str, Any]]:
    """`ريف X` and `ريف X الشمالي` …: the countryside of governorate X, precision 3.

    A governorate whose own name starts with `ريف` (ريف دمشق) is its countryside's base name,
    and `ريف دمشق` is not the countryside of Damascus. Names an earlier entry has are skipped.
    """
    directions = json.loads(resources.read_text("countryside.json"))["directions"]
    governorates = areas.of_level("governorate")
    names_of_others = {match_key(n) for unit in governorates for n in unit.names()}
    for unit in governorates:
        base = _countryside_base(unit, names_of_others)
        if base is None:
            continue
        for suffix_ar, prefix_en in [("", ""), *directions.items()]:
            name_ar = f"{base} {suffix_ar}".strip()
            if not _keys(name_ar).isdisjoint(taken):
                continue
            english = f"{prefix_en} {unit.name_en} countryside".strip()
            yield {
                "id": f"syria_admin:{unit.pcode}:countryside{_slug(prefix_en)}",
                "type": "LOC",
                "name_en": english,
                "name_ar": name_ar,
                "aliases": [],
                "kind": "countryside",
                "country": COUNTRY,
                "parent": governorate_ids.get(unit.pcode, f"syria_admin:{unit.pcode}"),
                "lat": unit.lat,
                "lon": unit.lon,
                "admin": admin_fields([unit], derived=False),
                "geo_precision": PRECISION_OF_KIND["countryside"],
                "sources": [SOURCE, "name: the governorate's name after ريف"],
            }


def _countryside_base(unit: AdminUnit, names_of_others: set[str]) -> str | None:
    name = match_key(unit.name_ar)
    if name.startswith(COUNTRYSIDE_WORD + " "):
        return unit.name_ar
    if f"{COUNTRYSIDE_WORD} {name}" in names_of_others:
        return None  # ريف دمشق is a governorate of its own
    return f"{COUNTRYSIDE_WORD} {unit.name_ar}"


def _slug(prefix_en: str) -> str:
    return "_" + prefix_en.replace(" ", "_") if prefix_en else ""


def precision_of(record: dict[str, Any]) -> int | None:
    """ACLED geo-precision of a place entry, by its kind (a neighbourhood of a city is 1)."""
    return PRECISION_OF_KIND.get(record.get("kind") or "")


@lru_cache(maxsize=1)
def _unit_words() -> frozenset[str]:
    return frozenset(match_key(word) for word in UNIT_WORDS)


def annotate_places(
    records: list[dict[str, Any]], areas: AdminAreas, governorate_of_geonames: dict[int, str]
) -> dict[str, str]:
    """Give every place its `geo_precision`, and every Syrian one its `admin` (in place).

    Governorates first (they take their P-code), then towns, then the places inside another
    entry (`parent`), which take its admin areas. Returns governorate P-code → entry id.
    """
    by_id = {record["id"]: record for record in records}
    places = [record for record in records if record.get("type") == "LOC"]
    syrian = [record for record in places if record.get("country") == COUNTRY]
    governorate_ids = {}
    for record in syrian:
        if record.get("kind") == "governorate":
            unit = areas.governorate_named([record["name_ar"], *record.get("aliases", [])])
            if unit is not None:
                record["pcode"] = unit.pcode
                record["admin"] = admin_fields([unit], derived=False)
                governorate_ids[unit.pcode] = record["id"]
    for record in syrian:
        if record.get("admin") or record.get("kind") in ("country", "governorate"):
            continue
        parent = by_id.get(record.get("parent") or "")
        if parent is None:
            record["admin"] = _town_admin(record, areas, governorate_of_geonames)
    for record in syrian:
        parent = by_id.get(record.get("parent") or "")
        if not record.get("admin") and parent is not None and parent.get("admin"):
            record["admin"] = _inherited_admin(record, parent["admin"])
    for record in places:
        record["geo_precision"] = precision_of(record)
    return governorate_ids


def _town_admin(
    record: dict[str, Any], areas: AdminAreas, governorate_of_geonames: dict[int, str]
) -> dict[str, Any] | None:
    names = [record["name_ar"], *record.get("aliases", [])]
    position = (record["lat"], record["lon"]) if record.get("lat") is not None else None
    governorate = governorate_of_geonames.get(record.get("geonames") or -1)
    return place_town(areas, names, position, governorate)


def _inherited_admin(record: dict[str, Any], parent_admin: dict[str, Any]) -> dict[str, Any]:
    """A neighbourhood lies where its city does; an area or countryside only in the governorate."""
    if precision_of(record) == 1:
        return dict(parent_admin)
    return {
        **parent_admin,
        **{key: None for key in ("admin2", "admin2_pcode", "admin3", "admin3_pcode")},
    }
