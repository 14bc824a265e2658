"""Stories: events of different documents that report one real-world event share a story."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import pytest
from conftest import read_jsonl, run_cli

from pipeline.stories.grouping import group_reports
from pipeline.stories.records import story_record
from pipeline.stories.reports import report_of_event
from pipeline.stories.similarity import compatible, default_rules, place_relation


def syrian_place(name_en: str, text: str, precision: int, *areas: tuple[str, str]) -> dict:
    """An event location in Syria with its admin areas (name, P-code) down to the deepest known."""
    place = {"country": "SY", "geo_precision": precision, "name_en": name_en, "text": text}
    for level in (1, 2, 3):
        name, pcode = areas[level - 1] if level <= len(areas) else (None, None)
        place |= {f"admin{level}": name, f"admin{level}_pcode": pcode}
    return place


HOMS_AREAS = (("Homs", "SY04"), ("Homs", "SY0400"), ("Homs", "SY040000"))
HOMS_CITY = syrian_place("Homs", "حمص", 1, *HOMS_AREAS)
HOMS_GOVERNORATE = syrian_place("Homs Governorate", "محافظة حمص", 3, HOMS_AREAS[0])
ALEPPO_CITY = syrian_place(
    "Aleppo", "حلب", 1, ("Aleppo", "SY02"), ("Jebel Saman", "SY0200"), ("Jebel Saman", "SY020000")
)

HOMS_CITY_PATH = ("SY", "SY04", "SY0400", "SY040000", "Homs")
ALEPPO_PATH = ("SY", "SY02", "SY0200", "SY020000", "Aleppo")

ATTACK_SENTENCE = "واقتحم مسلحون مقرين لقوات النظام السوري في حمص، وقتلوا العشرات بالأسلحة النارية."
ATTACK_SENTENCE_2 = "قتل العشرات في هجوم انغماسيين على مقرين للأمن العسكري في حمص."
TALKS_SENTENCE = "وقال دي ميستورا إن محادثات السلام في جنيف مستمرة."


def event(
    event_id: str = "v0",
    event_type: str = "ATTACK",
    place: dict | None = None,
    date: str | None = None,
    sentence: str = ATTACK_SENTENCE,
    modality: str = "asserted",
) -> dict[str, Any]:
    """An event row as the codec writes it, with only what grouping reads filled in."""
    return {
        "id": event_id,
        "type": event_type,
        "subtype": None,
        "trigger": {"text": sentence.split()[0], "start": 0, "end": 1},
        "modality": modality,
        "actors": [],
        "location": {"entity": None, "lat": None, "lon": None, **place} if place else None,
        "time": {"text": "", "value": date, "granularity": "day"} if date else None,
        "casualties": None,
        "confidence": 0.8,
        "accepted": True,
        "evidence": {"text": sentence, "start": 0, "end": len(sentence)},
    }


def report(doc_id: str, article_date: str | None, **fields: Any):
    return report_of_event(doc_id, article_date, event(**fields), {})


def stories_of(reports) -> list[set[tuple[str, str]]]:
    return [{member.ref for member in group.members} for group in group_reports(reports)]


# --- when two reports may be one event --------------------------------------------------------


def test_a_city_and_its_governorate_are_containing_places():
    city = report("a", "2017-02-25", place=HOMS_CITY)
    governorate = report("b", "2017-02-25", place=HOMS_GOVERNORATE)
    assert place_relation(city.path, governorate.path) == "containing"


def test_two_cities_of_different_governorates_conflict():
    homs = report("a", "2017-02-25", place=HOMS_CITY)
    aleppo = report("b", "2017-02-25", place=ALEPPO_CITY)
    assert place_relation(homs.path, aleppo.path) == "conflict"
    assert not compatible(homs, aleppo, default_rules())


# a place the knowledge base names without saying where it lies (an entry of the gold train
# split: `سروج` → Suruç, no country)
SURUC_BY_NAME = {"country": None, "geo_precision": None, "name_en": "Suruç", "text": "سروج"}
KOBANI_BY_NAME = {"country": None, "geo_precision": None, "name_en": "Kobani", "text": "كوباني"}
TURKISH_BORDER = {"country": None, "geo_precision": None, "name_en": "Turkish border",
                  "text": "الحدود التركية"}  # fmt: skip


def placed_by(doc_id: str, place: dict, canonical: dict, **fields: Any):
    """A report whose place is entity e0 with `canonical` (its link)."""
    row = event(place={**place, "entity": "e0"}, **fields)
    row["location"]["entity"] = "e0"
    return report_of_event(doc_id, "2015-07-22", row, {"e0": {"id": "e0", "canonical": canonical}})


SURUC_ENTRY = {"kb_id": "loc:suruc", "name_en": "Suruç", "spelt_by": None}


def test_a_place_known_by_its_name_alone_is_the_same_place_as_itself():
    first = placed_by("a", SURUC_BY_NAME, SURUC_ENTRY)
    second = placed_by("b", SURUC_BY_NAME, SURUC_ENTRY)
    assert first.path == (None, None, None, None, "loc:suruc")
    assert place_relation(first.path, second.path) == "same"


def test_a_place_known_by_its_name_alone_neither_matches_nor_conflicts_with_another():
    suruc = placed_by("a", SURUC_BY_NAME, SURUC_ENTRY)
    kobani = placed_by("b", KOBANI_BY_NAME, {"kb_id": None, "spelt_by": "transliterated"})
    homs = report("c", "2015-07-21", place=HOMS_CITY)
    assert place_relation(suruc.path, kobani.path) == "unknown"
    assert place_relation(suruc.path, homs.path) == "unknown"


# the same place, put in Turkey by its sentence (`سروج بجنوب شرقي تركيا`: the link stage)
SURUC_IN_TURKEY = {**SURUC_BY_NAME, "country": "TR", "geo_precision": 3}


def test_a_named_place_put_in_its_country_keeps_its_point():
    suruc = placed_by("a", SURUC_IN_TURKEY, SURUC_ENTRY)
    assert suruc.path == ("TR", None, None, None, "loc:suruc")


def test_one_place_known_with_its_country_on_one_side_only_is_the_same_place():
    in_turkey = placed_by("a", SURUC_IN_TURKEY, SURUC_ENTRY)
    by_name = placed_by("b", SURUC_BY_NAME, SURUC_ENTRY)
    assert place_relation(in_turkey.path, by_name.path) == "same"


def test_a_place_known_only_in_its_country_may_or_may_not_lie_in_a_governorate():
    sarmada = placed_by("a", {**SURUC_BY_NAME, "country": "SY", "name_en": "Sarmada"}, {
        "kb_id": None, "spelt_by": "transliterated"})  # fmt: skip
    governorate = report("b", "2015-07-22", place=HOMS_GOVERNORATE)
    assert place_relation(sarmada.path, governorate.path) == "unknown"


def test_one_name_placed_in_two_countries_is_two_places():
    in_turkey = placed_by("a", SURUC_IN_TURKEY, SURUC_ENTRY)
    in_syria = placed_by("b", {**SURUC_BY_NAME, "country": "SY", "geo_precision": 3}, SURUC_ENTRY)
    assert place_relation(in_turkey.path, in_syria.path) == "conflict"


def test_a_generic_place_phrase_is_no_place():
    border = placed_by("a", TURKISH_BORDER, {"kb_id": None, "spelt_by": "generic"})
    assert border.path is None


def test_two_reports_at_one_place_known_by_name_share_it_as_evidence():
    reports = [
        placed_by("a", SURUC_BY_NAME, SURUC_ENTRY, date="2015-07-20",
                  sentence="أسفر انفجار عن مقتل 32 شخصا."),
        placed_by("b", SURUC_BY_NAME, SURUC_ENTRY, date="2015-07-20",
                  sentence="تبنى التنظيم التفجير الانتحاري الذي وقع الاثنين."),
    ]  # fmt: skip
    assert stories_of(reports) == [{("a", "v0"), ("b", "v0")}]


def test_an_attack_and_a_clash_can_be_one_event_but_an_attack_and_talks_cannot():
    rules = default_rules()
    attack = report("a", "2017-02-25", place=HOMS_CITY)
    clash = report("b", "2017-02-25", place=HOMS_CITY, event_type="CLASH")
    talks = report("c", "2017-02-25", place=HOMS_CITY, event_type="TALKS")
    assert compatible(attack, clash, rules)
    assert not compatible(attack, talks, rules)


def test_a_denied_attack_is_not_the_attack_that_happened():
    happened = report("a", "2017-02-25", place=HOMS_CITY)
    denied = report("b", "2017-02-25", place=HOMS_CITY, modality="negated")
    assert not compatible(happened, denied, default_rules())


def test_the_article_date_stands_in_for_an_event_without_one():
    undated_event = report("a", "2017-02-26", place=HOMS_CITY)
    assert (undated_event.date, undated_event.date_source) == ("2017-02-26", "article")
    dated_event = report("b", "2017-02-26", place=HOMS_CITY, date="2017-02-25")
    assert compatible(undated_event, dated_event, default_rules())


def test_attacks_a_week_apart_are_not_one_event():
    first = report("a", "2017-02-18", place=HOMS_CITY, date="2017-02-18")
    second = report("b", "2017-02-25", place=HOMS_CITY, date="2017-02-25")
    assert not compatible(first, second, default_rules())


def test_statements_of_different_speakers_are_different_statements():
    condemn = event(event_type="STATEMENT", place=HOMS_CITY, sentence=ATTACK_SENTENCE)
    threaten = event(event_type="STATEMENT", place=HOMS_CITY, sentence=ATTACK_SENTENCE)
    condemn["actors"] = [{"role": "agent", "entity": None, "text": "المعارضة", "name_en": None}]
    threaten["actors"] = [{"role": "agent", "entity": None, "text": "الجعفري", "name_en": None}]
    a = report_of_event("a", "2017-02-25", condemn, {})
    b = report_of_event("b", "2017-02-25", threaten, {})
    assert not compatible(a, b, default_rules())


# --- grouping ---------------------------------------------------------------------------------


def test_two_reports_of_one_attack_become_one_story():
    reports = [
        report("a", "2017-02-25", place=HOMS_CITY, sentence=ATTACK_SENTENCE),
        report("b", "2017-02-25", place=HOMS_CITY, sentence=ATTACK_SENTENCE_2),
    ]
    assert stories_of(reports) == [{("a", "v0"), ("b", "v0")}]


def test_reports_alike_only_in_type_and_date_stay_apart():
    reports = [
        report("a", "2017-02-25", sentence="واقتحم مسلحون مقرين للأمن العسكري."),
        report("b", "2017-02-25", sentence="قصفت طائرات روسية بلدة معرة النعمان."),
    ]
    assert sorted(len(story) for story in stories_of(reports)) == [1, 1]


def test_a_story_never_holds_two_events_of_one_document():
    reports = [
        report("a", "2017-02-25", event_id="v0", place=HOMS_CITY),
        report("a", "2017-02-25", event_id="v1", place=HOMS_CITY),
    ]
    assert sorted(len(story) for story in stories_of(reports)) == [1, 1]


def test_stories_do_not_depend_on_the_order_of_the_reports():
    reports = [
        report(f"d{n}", f"2017-02-{20 + n % 5:02d}", place=place, sentence=sentence)
        for n, (place, sentence) in enumerate(
            [(HOMS_CITY, ATTACK_SENTENCE), (ALEPPO_CITY, ATTACK_SENTENCE_2)] * 6
        )
    ]
    shuffled = reports[:]
    random.Random(7).shuffle(shuffled)
    records = [story_record(group) for group in group_reports(reports)]
    again = [story_record(group) for group in group_reports(shuffled)]
    assert records == again


def test_a_story_keeps_its_id_when_a_later_report_joins_it():
    first = [report("a", "2017-02-25", place=HOMS_CITY, sentence=ATTACK_SENTENCE)]
    later = report("c", "2017-02-26", place=HOMS_CITY, sentence=ATTACK_SENTENCE_2)
    before = story_record(next(iter(group_reports(first))))
    after = story_record(next(iter(group_reports([*first, later]))))
    assert before["story"] == after["story"]
    assert [m["doc_id"] for m in after["members"]] == ["a", "c"]


def test_casualty_figures_keep_their_range_across_reports():
    low, high = event(place=HOMS_CITY), event(place=HOMS_CITY, sentence=ATTACK_SENTENCE_2)
    low["casualties"] = {"killed": {"min": 30, "max": 30, "approximate": False, "text": "30"},
                         "injured": None}  # fmt: skip
    high["casualties"] = {"killed": {"min": 42, "max": 42, "approximate": False, "text": "42"},
                          "injured": None}  # fmt: skip
    reports = [report_of_event("a", "2017-02-25", low, {}),
               report_of_event("b", "2017-02-25", high, {})]  # fmt: skip
    (group,) = group_reports(reports)
    killed = story_record(group)["casualties"]["killed"]
    assert (killed["min"], killed["max"], len(killed["reports"])) == (30, 42, 2)


def test_an_event_without_any_date_is_a_story_of_its_own():
    reports = [report("a", None, place=HOMS_CITY), report("b", None, place=HOMS_CITY)]
    assert sorted(len(story) for story in stories_of(reports)) == [1, 1]


# --- on the output of a real run (corpus/) ----------------------------------------------------


@pytest.fixture(scope="module")
def run_output(corpus_output):
    events = read_jsonl(corpus_output / "events.jsonl")
    stories = read_jsonl(corpus_output / "stories.jsonl")
    documents = {d["doc_id"]: d for d in read_jsonl(corpus_output / "documents.jsonl")}
    return documents, events, stories


def _seed(documents: dict, prefix: str) -> str:
    return next(doc_id for doc_id in documents if doc_id.startswith(prefix))


def test_the_two_reports_of_the_homs_attack_of_25_february_2017_share_a_story(run_output):
    documents, events, _ = run_output

    def homs_attack_stories(doc_id: str) -> set[str]:
        return {
            e["story"]
            for e in events
            if e["doc_id"] == doc_id
            and e["type"] == "ATTACK"
            and (e["location"] or {}).get("name_en") == "Homs"
        }

    first, second = _seed(documents, "000_"), _seed(documents, "001_")
    assert homs_attack_stories(first) & homs_attack_stories(second)


def test_events_of_articles_years_apart_share_no_story(run_output):
    documents, events, _ = run_output
    years: dict[str, set[str]] = {}
    for e in events:
        years.setdefault(e["story"], set()).add(documents[e["doc_id"]]["date"][:4])
    assert all(len(found) == 1 for found in years.values())


def test_every_event_row_names_a_story_that_lists_it(run_output):
    _, events, stories = run_output
    members = {(m["doc_id"], m["event"]): s["story"] for s in stories for m in s["members"]}
    assert {(e["doc_id"], e["id"]): e["story"] for e in events} == members


def test_no_story_joins_two_events_of_one_document(run_output):
    _, _, stories = run_output
    for story in stories:
        docs = Counter(member["doc_id"] for member in story["members"])
        assert max(docs.values()) == 1 and story["documents"] == len(docs)


def test_duckdb_joins_events_to_their_stories(corpus_output):
    duckdb = pytest.importorskip("duckdb")
    stories, events = corpus_output / "stories.jsonl", corpus_output / "events.jsonl"
    rows = (
        duckdb.connect()
        .execute(
            f"""SELECT s.story, s.documents, count(*) AS reports, count(DISTINCT e.doc_id) AS docs
            FROM read_json('{stories}') s JOIN read_json('{events}') e ON e.story = s.story
            GROUP BY s.story, s.documents"""
        )
        .fetchall()
    )
    assert rows and all(documents == reports == docs for _, documents, reports, docs in rows)
    assert any(documents > 1 for _, documents, _, _ in rows)


def test_a_resumed_run_rewrites_the_same_stories_without_copies(corpus_dir, tmp_path):
    out = tmp_path / "out"
    assert (
        run_cli("run", str(corpus_dir), "-o", str(out), "-q", "--profile", "rules").returncode == 0
    )
    before = (out / "stories.jsonl").read_bytes()
    again = run_cli("run", str(corpus_dir), "-o", str(out), "-q", "--profile", "rules", "--resume")
    assert again.returncode == 0, again.stderr.decode()
    assert (out / "stories.jsonl").read_bytes() == before


# --- synthetic records for timing -------------------------------------------------------------


def test_synthetic_records_move_real_reports_in_time_and_keep_real_places():
    from pipeline.stories.synthetic import Generator

    real = [
        report(f"real{n}", f"2017-02-{20 + n:02d}", place=place, sentence=sentence)
        for n, (place, sentence) in enumerate(
            [(HOMS_CITY, ATTACK_SENTENCE), (ALEPPO_CITY, ATTACK_SENTENCE_2), (None, TALKS_SENTENCE)]
        )
    ]
    made = list(Generator(real, seed=3).records(200))
    assert len(made) == 200
    assert len({r.lo for r in made}) > 20  # spread over many days
    assert {r.path for r in made if r.path} <= {HOMS_CITY_PATH, ALEPPO_PATH}
    assert all(r.date is not None and r.doc_id.startswith("syn-") for r in made)


def test_a_later_run_extends_a_story_under_its_id_without_copies(corpus_dir, tmp_path):
    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    (articles / "metadata.jsonl").write_bytes((corpus_dir / "metadata.jsonl").read_bytes())
    first, second = sorted(corpus_dir.glob("00[01]_*.txt"))
    (articles / first.name).write_bytes(first.read_bytes())
    assert run_cli("run", str(articles), "-o", str(out), "-q").returncode == 0
    before = {s["story"] for s in read_jsonl(out / "stories.jsonl")}
    (articles / second.name).write_bytes(second.read_bytes())
    assert run_cli("run", str(articles), "-o", str(out), "-q", "--resume").returncode == 0
    after = read_jsonl(out / "stories.jsonl")
    joined = [s for s in after if s["documents"] == 2]
    assert joined and all(s["story"] in before for s in joined)
    members = [(m["doc_id"], m["event"]) for s in after for m in s["members"]]
    assert len(members) == len(set(members)) == len(read_jsonl(out / "events.jsonl"))


def test_the_generator_knows_which_synthetic_reports_retell_one_event():
    from pipeline.stories.synthetic import Generator

    real = [report("real", "2017-02-25", place=HOMS_CITY), report("real2", "2017-02-26")]
    generator = Generator(real, seed=5)
    made = list(generator.records(300))
    told = {generator.truth[r.ref] for r in made}
    assert len(told) < len(made)  # some events are told by several articles
    assert all(story.split(":")[0].startswith("syn-") for story in told)
