"""Syrian geography: governorates, districts and subdistricts in the knowledge base, and the
admin areas and ACLED geo-precision of every Syrian place the pipeline links.

The knowledge-base building tests use a small hand-made extract of the admin table (two
governorates of OpenSyria's layout: P-codes, `مركز X` central subdistricts, parents, centroids);
the linking tests use the shipped knowledge base.
"""

import pytest
from shipped_link import link, link_in

from pipeline.codec import link_row
from pipeline.contract import record_problems
from pipeline.kb import KbEntry, KnowledgeBase
from pipeline.kb.syria_admin import (
    AdminAreas,
    annotate_places,
    countryside_records,
    geonames_governorates,
    read_units,
    unit_records,
)

HEADER = "level\tpcode\tname_en\tname_ar\taliases_ar\taliases_en\tparent_pcode\tlat\tlon"
ROWS = [
    "governorate\tSY04\tHoms\tحمص\tمحافظة حمص\tHoms Governorate\t\t34.6\t37.8",
    "governorate\tSY02\tAleppo\tحلب\tمحافظة حلب\tAleppo Governorate\t\t36.25\t37.6",
    "district\tSY0401\tHoms\tحمص\tمركز حمص|منطقة حمص\tHoms District\tSY04\t34.7\t36.9",
    "district\tSY0404\tAl-Rastan\tالرستن\tمنطقة الرستن\t\tSY04\t34.9\t36.7",
    "district\tSY0200\tMount Simeon\tجبل سمعان\tمنطقة حلب|منطقة جبل سمعان\t\tSY02\t36.0\t37.1",
    "subdistrict\tSY040100\tHoms\tمركز حمص\tناحية مركز حمص\t\tSY0401\t34.73\t36.72",
    "subdistrict\tSY040400\tAl-Rastan\tمركز الرستن\tناحية مركز الرستن\t\tSY0404\t34.92\t36.73",
    "subdistrict\tSY040401\tTalbiseh\tتلبيسة\tناحية تلبيسة\t\tSY0404\t34.84\t36.73",
    "subdistrict\tSY020000\tJebel Saman\tمركز جبل سمعان\t\t\tSY0200\t36.2\t37.16",
    "subdistrict\tSY020001\tAtareb\tمركز الأتارب\tناحية أتارب|أتارب\t\tSY0200\t36.12\t36.86",
]


@pytest.fixture
def areas(tmp_path) -> AdminAreas:
    path = tmp_path / "syria_admin.tsv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return AdminAreas(read_units(path))


def place(entry_id, name_ar, kind="city", **fields):
    return {"id": entry_id, "type": "LOC", "name_en": entry_id, "name_ar": name_ar,
            "aliases": [], "kind": kind, "country": "SY", **fields}  # fmt: skip


def test_a_hand_written_governorate_takes_its_p_code(areas):
    homs = place("loc:homs_governorate", "محافظة حمص", kind="governorate")
    ids = annotate_places([homs], areas, {})
    assert ids == {"SY04": "loc:homs_governorate"}
    assert (homs["pcode"], homs["admin"]["admin1"], homs["geo_precision"]) == ("SY04", "Homs", 3)


def test_districts_and_subdistricts_become_entries_under_their_parents(areas):
    records = {r["id"]: r for r in unit_records(areas, set(), {"SY04": "loc:homs_governorate"})}
    talbiseh = records["syria_admin:SY040401"]
    assert talbiseh["parent"] == "syria_admin:SY0404"
    assert records["syria_admin:SY0404"]["parent"] == "loc:homs_governorate"
    assert talbiseh["admin"]["admin2"] == "Al-Rastan"
    assert (talbiseh["kind"], talbiseh["geo_precision"]) == ("subdistrict", 2)
    assert "syria_admin:SY04" not in records  # the hand-written governorate stands for it


def test_a_town_keeps_its_bare_name_and_the_district_its_formal_one(areas):
    taken = {"الرستن", "رستن"}  # the town of al-Rastan is already an entry
    records = {r["id"]: r for r in unit_records(areas, taken, {})}
    rastan = records["syria_admin:SY0404"]
    assert rastan["name_ar"] == "منطقة الرستن"
    assert "الرستن" not in rastan["aliases"]


def test_the_centre_subdistrict_name_belongs_to_the_subdistrict_not_the_district(areas):
    records = {r["id"]: r for r in unit_records(areas, {"حمص"}, {})}
    assert "مركز حمص" not in [records["syria_admin:SY0401"]["name_ar"]]
    assert "مركز حمص" not in records["syria_admin:SY0401"]["aliases"]
    assert records["syria_admin:SY040100"]["name_ar"] == "مركز حمص"


def test_a_town_named_like_its_subdistrict_is_placed_there_from_the_data(areas):
    talbiseh = place("loc:talbiseh", "تلبيسة", lat=34.84, lon=36.73, geonames=1)
    annotate_places([talbiseh], areas, {1: "SY04"})
    admin = talbiseh["admin"]
    assert (admin["admin1"], admin["admin2"], admin["admin3"]) == ("Homs", "Al-Rastan", "Talbiseh")
    assert (admin["admin3_pcode"], admin["derived"], talbiseh["geo_precision"]) == (
        "SY040401",
        False,
        1,
    )


def test_a_city_named_like_a_district_lies_in_its_central_subdistrict(areas):
    aleppo = place("loc:aleppo", "حلب", lat=36.2, lon=37.16, geonames=2)
    annotate_places([aleppo], areas, {2: "SY02"})
    assert (aleppo["admin"]["admin2"], aleppo["admin"]["admin3"]) == ("Mount Simeon", "Jebel Saman")


def test_a_town_the_data_does_not_place_goes_to_the_nearest_subdistrict_of_its_governorate(
    areas,
):
    # الدار الكبيرة lies between Homs and Talbiseh; nearer Talbiseh's centroid
    town = place("geonames:3", "الدار الكبيرة", lat=34.83, lon=36.74, geonames=3)
    annotate_places([town], areas, {3: "SY04"})
    assert (town["admin"]["admin3"], town["admin"]["derived"]) == ("Talbiseh", True)


def test_the_nearest_centroid_is_sought_only_within_the_towns_governorate(areas):
    # a point nearer Aleppo's subdistricts that GeoNames files under Homs stays in Homs
    town = place("geonames:4", "قرية", lat=35.9, lon=36.9, geonames=4)
    annotate_places([town], areas, {4: "SY04"})
    assert town["admin"]["admin1"] == "Homs"


def test_a_neighbourhood_lies_where_its_city_does(areas):
    homs = place("loc:homs", "حمص", lat=34.73, lon=36.72, geonames=5)
    waer = place("loc:waer_homs", "حي الوعر", kind="neighbourhood", parent="loc:homs")
    annotate_places([homs, waer], areas, {5: "SY04"})
    assert waer["admin"] == homs["admin"]
    assert waer["geo_precision"] == 1


def test_geonames_admin1_codes_map_to_governorates_by_their_largest_town(areas):
    towns = [("11", ["حمص"], 650000, 34.73, 36.72), ("11", ["تلبيسة"], 30000, 34.84, 36.73)]
    towns += [("09", ["حلب"], 1600000, 36.2, 37.16)]
    assert geonames_governorates(areas, towns) == {"09": "SY02", "11": "SY04"}


def test_an_admin1_code_without_a_named_town_goes_where_most_of_its_towns_lie(areas):
    towns = [("08", ["قرية"], 9000, 34.85, 36.73), ("08", ["بلدة"], 8000, 34.9, 36.7)]
    assert geonames_governorates(areas, towns) == {"08": "SY04"}


def test_each_governorate_has_its_countryside_in_every_direction(areas):
    records = {r["name_ar"]: r for r in countryside_records(areas, set(), {})}
    north = records["ريف حلب الشمالي"]
    assert north["name_en"] == "northern Aleppo countryside"
    assert (north["admin"]["admin1_pcode"], north["admin"]["admin2"]) == ("SY02", None)
    assert north["geo_precision"] == 3
    assert records["ريف حمص"]["name_en"] == "Homs countryside"


# The shipped knowledge base


def test_the_northern_aleppo_countryside_is_in_aleppo_governorate_at_precision_3():
    text = "قصفت الطائرات قرى ريف حلب الشمالي أمس."
    for name in ("حلب الشمالي", "ريف حلب الشمالي"):
        canonical = link_row(link_in(text, "LOC", name).canonical)
        assert canonical["name_en"] == "northern Aleppo countryside"
        assert (canonical["admin1"], canonical["admin1_pcode"]) == ("Aleppo", "SY02")
        assert (canonical["admin2"], canonical["geo_precision"]) == (None, 3)


def test_the_western_countryside_of_damascus_is_rif_dimashq():
    canonical = link_row(link_in("اشتباكات في ريف دمشق الغربي", "LOC", "دمشق الغربي").canonical)
    assert canonical["admin1"] == "Rif Dimashq"


def test_a_syrian_town_carries_governorate_district_and_subdistrict():
    (talbiseh,) = link(("LOC", "تلبيسة"))
    canonical = link_row(talbiseh.canonical)
    assert (canonical["admin1"], canonical["admin2"], canonical["admin3"]) == (
        "Homs",
        "Al-Rastan",
        "Talbiseh",
    )
    assert (canonical["admin3_pcode"], canonical["geo_precision"]) == ("SY040401", 1)


def test_a_town_known_only_as_its_subdistricts_name_links_as_a_town_at_precision_2():
    canonical = link_row(link_in("قصف على الأتارب", "LOC", "الأتارب").canonical)
    assert (canonical["name_en"], canonical["kind"], canonical["admin3"]) == (
        "Atareb",
        "town",
        "Atareb",
    )
    assert canonical["geo_precision"] == 2  # placed by its subdistrict's centroid


def test_a_subdistrict_named_with_its_unit_word_links_to_the_subdistrict():
    canonical = link_row(link_in("قصف على ناحية أتارب", "LOC", "ناحية أتارب").canonical)
    assert (canonical["kind"], canonical["admin3"], canonical["geo_precision"]) == (
        "subdistrict",
        "Atareb",
        2,
    )


def test_a_governorate_is_precision_3_with_admin1_only():
    hama = link_row(link_in("قتل 21 مدنيا بمحافظة حماة", "LOC", "حماة").canonical)
    assert (hama["admin1"], hama["admin1_pcode"], hama["admin2"], hama["geo_precision"]) == (
        "Hama",
        "SY05",
        None,
        3,
    )


def test_a_place_outside_syria_has_no_admin_areas():
    (moscow,) = link(("LOC", "موسكو"))
    canonical = link_row(moscow.canonical)
    assert (canonical["admin1"], canonical["geo_precision"]) == (None, 1)


def test_people_carry_no_place_fields():
    (lavrov,) = link(("PER", "سيرغي لافروف"))
    canonical = link_row(lavrov.canonical)
    assert "admin1" not in canonical and "geo_precision" not in canonical


def test_every_syrian_place_of_the_shipped_kb_has_a_governorate():
    kb = KnowledgeBase.from_file(_shipped_kb())
    syrian: list[KbEntry] = [
        entry
        for entry in kb.entries.values()
        if entry.type == "LOC" and entry.country == "SY" and entry.kind != "country"
    ]
    assert len(syrian) > 400
    assert all(entry.admin and entry.admin["admin1_pcode"] for entry in syrian)
    assert all(entry.geo_precision in (1, 2, 3) for entry in syrian)


def _shipped_kb():
    from pipeline.paths import models_dir

    return models_dir() / "kb" / "kb.jsonl"


@pytest.mark.slow
def test_event_places_of_a_real_run_carry_admin1_and_validate(tmp_path):
    from conftest import read_jsonl, run_cli

    article = tmp_path / "article.txt"
    article.write_text(
        "قتل خمسة مدنيين في قصف جوي على مدينة تلبيسة في ريف حمص الشمالي يوم السبت.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    # every candidate written: this is about the places' governorates, not the detection cut
    result = run_cli("run", str(article), "-o", str(out), "-q", "--min-confidence", "0")
    assert result.returncode == 0, result.stderr.decode()
    (document,) = read_jsonl(out / "documents.jsonl")
    assert record_problems("document", document) == []
    places = [e["canonical"] for e in document["entities"] if e["label"] == "LOC"]
    assert {"Homs"} <= {place["admin1"] for place in places if place}
    locations = [event["location"] for event in document["events"] if event["location"]]
    assert locations and all(location["admin1"] == "Homs" for location in locations)


def test_the_kb_counts_say_how_many_syrian_places_were_placed_by_position():
    from pipeline.kb.stats import counts

    figures = counts(list(KnowledgeBase.from_file(_shipped_kb()).entries.values()))
    assert figures["Syrian places with admin1"] == figures["Syrian places"]
    assert 0 < figures["Syrian places placed by nearest centroid"] < figures["Syrian places"]


def test_a_site_the_knowledge_base_lacks_is_placed_at_the_town_it_is_named_after():
    (hospital,) = link(("LOC", "مستشفى منبج"))
    canonical = hospital.canonical
    assert (canonical.kb_id, canonical.kind, canonical.country) == (None, "site", "SY")
    assert canonical.areas.admin1 == "Aleppo" and canonical.areas.geo_precision == 2
    assert canonical.name_en == "Manbij Hospital"


def test_a_street_named_after_another_city_is_not_placed_there():
    (street,) = link(("LOC", "شارع بغداد"))
    assert street.canonical.kb_id is None and street.canonical.lat is None


def test_a_site_named_after_a_country_gets_no_point_at_its_centroid():
    (crossing,) = link(("LOC", "معبر الأردن"))
    assert crossing.canonical.lat is None and crossing.canonical.kind is None


def test_a_bare_subdistrict_name_no_town_entry_has_is_the_town_it_is_named_after(areas):
    records = {r["id"]: r for r in unit_records(areas, set(), {})}
    talbiseh = records["syria_admin:SY040401:seat"]
    assert (talbiseh["name_ar"], talbiseh["name_en"], talbiseh["kind"]) == (
        "تلبيسة",
        "Talbiseh",
        "town",
    )
    assert talbiseh["admin"]["admin3"] == "Talbiseh"
    subdistrict = records["syria_admin:SY040401"]
    assert "تلبيسة" not in [subdistrict["name_ar"], *subdistrict["aliases"]]
    assert subdistrict["name_ar"] == "ناحية تلبيسة"


def test_a_districts_seat_lies_in_its_central_subdistrict(areas):
    records = {r["id"]: r for r in unit_records(areas, set(), {})}
    rastan = records["syria_admin:SY0404:seat"]
    assert (rastan["name_ar"], rastan["admin"]["admin3_pcode"]) == ("الرستن", "SY040400")


def test_no_seat_entry_where_a_town_entry_has_the_name(areas):
    records = {r["id"]: r for r in unit_records(areas, {"الرستن", "رستن"}, {})}
    assert "syria_admin:SY0404:seat" not in records


def test_a_regions_name_makes_no_seat_town(areas):
    records = {r["id"]: r for r in unit_records(areas, set(), {})}
    assert "syria_admin:SY0200:seat" not in records  # جبل سمعان is a mountain, not a town
    assert "جبل سمعان" in [
        records["syria_admin:SY0200"]["name_ar"],
        *records["syria_admin:SY0200"]["aliases"],
    ]
