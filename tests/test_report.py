"""The HTML report: what it shows of a run's output, and that data cannot break out of the page."""

import json

import pytest
from conftest import read_jsonl, run_cli
from html_tree import parse_html
from hypothesis import given, settings
from hypothesis import strategies as st
from sample_records import homs_record, hostile_record

from pipeline.contract import record_problems
from pipeline.report import (
    Highlight,
    RunOutput,
    _actor_text,
    casualties_text,
    highlight_text,
    place_name,
    render_highlighted_text,
    render_report,
)


@pytest.fixture(scope="module")
def corpus_page(corpus_output, tmp_path_factory):
    target = tmp_path_factory.mktemp("report_page") / "report.html"
    result = run_cli("report", str(corpus_output), "-o", str(target))
    assert result.returncode == 0, result.stderr.decode()
    return parse_html(target.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def homs_page():
    return parse_html(render_report(RunOutput([homs_record()], [], None)))


@pytest.fixture(scope="module")
def hostile_html() -> str:
    error = {
        "schema_version": 3,
        "doc_id": "<script>alert(5)</script>",
        "stage": "language",
        "reason": "not_arabic",
        "message": 'not Arabic: "<b>English</b> & more"',
        "source": {"path": "in/<x>.txt", "line": None, "sha256": None},
    }
    return render_report(RunOutput([hostile_record()], [error], None))


def test_hand_made_records_are_valid_documents():
    assert record_problems("document", homs_record()) == []
    assert record_problems("document", hostile_record()) == []


# --- the report of the real corpus run --------------------------------------------------------


def test_index_lists_every_corpus_document_with_title_and_date(corpus_output, corpus_page):
    records = read_jsonl(corpus_output / "documents.jsonl")
    rows = corpus_page.by_class("index-row")
    assert len(rows) == len(records) == 5
    for row, record in zip(rows, records, strict=True):
        assert record["title"] in row.text
        assert (record["date"] or "—") in row.text


def test_every_document_text_is_shown_whole_right_to_left(corpus_output, corpus_page):
    texts = corpus_page.by_class("article-text")
    records = read_jsonl(corpus_output / "documents.jsonl")
    assert [t.text for t in texts] == [r["text"] for r in records]
    assert all(t.attrs["dir"] == "rtl" and t.attrs["lang"] == "ar" for t in texts)


def test_highlights_and_event_rows_match_the_output_files(corpus_output, corpus_page):
    entities = read_jsonl(corpus_output / "entities.jsonl")
    events = read_jsonl(corpus_output / "events.jsonl")
    assert _marked_mentions(corpus_page) == {(e["doc_id"], e["id"]) for e in entities}
    assert len(corpus_page.by_class("event-row")) == len(events)


def _marked_mentions(page) -> set[tuple[str, str]]:
    """(doc_id, mention id) of every entity mention highlighted in the document texts."""
    marked = set()
    for article in page.by_class("document"):
        doc_id = article.attrs["data-doc-id"]
        for mention in article.by_class("article-text")[0].by_class("entity"):
            marked.add((doc_id, mention.attrs["data-mention"]))
    return marked


def test_manifest_shows_profile_version_models_and_inputs(corpus_output, corpus_page):
    manifest = json.loads((corpus_output / "run.json").read_text())
    section = corpus_page.by_id("manifest")
    facts = _definitions(section.by_tag("dl")[0])
    assert facts["package"] == f"arabic-news-ie {manifest['package']['version']}"
    assert facts["profile"] == manifest["profile"]
    assert (
        facts["words"] == f"{manifest['counts']['words']} ({manifest['words_per_second']} words/s)"
    )
    section = section.text
    for model in manifest["models"]:
        assert model["name"] in section and model["sha256"] in section
    for source in manifest["inputs"]:
        assert source["path"] in section and source["sha256"] in section


def _definitions(dl) -> dict[str, str]:
    terms = dl.by_tag("dt")
    return {term.text: dl.children[dl.children.index(term) + 1].text for term in terms}


def test_errors_are_listed_with_their_reasons(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "english.txt").write_text("This article is written in English only.")
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "homs.txt").write_text("قصفت الطائرات حي الوعر في حمص.", encoding="utf-8")
    run_cli("run", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q")
    run_cli("report", str(tmp_path / "out"), "-o", str(tmp_path / "report.html"))
    page = parse_html((tmp_path / "report.html").read_text(encoding="utf-8"))
    rows = {row.by_tag("td")[0].text: row.text for row in page.by_class("error-row")}
    assert set(rows) == {"english", "empty"}
    assert "not_arabic" in rows["english"] and "empty" in rows["empty"]


def test_report_of_a_folder_without_output_fails_with_a_message(tmp_path):
    result = run_cli("report", str(tmp_path), "-o", str(tmp_path / "report.html"))
    assert result.returncode == 1
    assert b"documents.jsonl not found" in result.stderr
    assert not (tmp_path / "report.html").exists()


# --- documents with entities and events (hand-made) -------------------------------------------


def test_mentions_are_marked_by_label_with_canonical_name_and_kb_id_on_hover(homs_page):
    mentions = {m.text: m for m in homs_page.by_class("article-text")[0].by_class("entity")}
    person = mentions["ستيفان دي ميستورا"]
    assert person.attrs["class"] == "entity entity-PER"
    assert "Staffan de Mistura" in person.attrs["title"]
    assert "kb:per:de-mistura" in person.attrs["title"]
    assert mentions["جنيف"].attrs["title"] == "LOC · Geneva"
    assert mentions["النظام السوري"].attrs["class"] == "entity entity-ORG"


def test_each_event_row_links_to_its_evidence_span_in_the_text(homs_page):
    record = homs_record()
    rows = homs_page.by_class("event-row")
    assert len(rows) == len(record["events"])
    for row, event in zip(rows, record["events"], strict=True):
        link = row.by_class("evidence-link")[0]
        target = homs_page.by_id(link.attrs["href"].removeprefix("#"))
        assert "evidence" in target.attrs["class"]
        assert target.text == event["evidence"]["text"]


def test_event_row_shows_type_trigger_actors_place_date_casualties_confidence(homs_page):
    cells = [cell.text for cell in homs_page.by_class("event-row")[0].by_tag("td")]
    assert cells[1].startswith("ATTACK") and cells[2] == "armed_assault"
    assert cells[3] == "اقتحم"
    assert "agent: مسلحون" in cells[4] and "(Syrian government forces)" in cells[4]
    assert cells[5] == "Homs (حمص), SY"
    assert cells[6] == "2017-02-25 (السبت)"
    assert cells[7] == "killed 20–99 (العشرات)"
    assert cells[8] == "0.91"


def test_an_event_that_did_not_happen_says_so_beside_its_subtype():
    record = homs_record()
    record["events"][0]["modality"] = "negated"
    page = parse_html(render_report(RunOutput([record], [], None)))
    cells = [cell.text for cell in page.by_class("event-row")[0].by_tag("td")]
    assert cells[2] == "armed_assaultnegated"
    assert page.by_class("modality")[0].text == "negated"


def test_casualty_ranges_are_shown_with_the_words_of_the_text():
    casualties = {
        "killed": {"min": 12, "max": 15, "text": "بين 12 و15 قتيلا"},
        "injured": {"min": 30, "max": 30, "text": "30 جريحا"},
    }
    assert casualties_text(casualties) == (
        "killed 12–15 (بين 12 و15 قتيلا) · injured 30 (30 جريحا)"
    )


def test_triggers_are_marked_inside_their_evidence(homs_page):
    for number, event in enumerate(homs_record()["events"], start=1):
        evidence = homs_page.by_id(f"doc-1-event-{number}-evidence")
        assert event["trigger"]["text"] in [t.text for t in evidence.by_class("trigger")]


def test_summary_counts_events_by_type_and_by_place(homs_page):
    summary = homs_page.by_id("summary")
    tables = {t.by_tag("caption")[0].text: t for t in summary.by_tag("table")}
    assert _body_rows(tables["Events by type"]) == [["ATTACK", "2"], ["STATEMENT", "1"]]
    assert _body_rows(tables["Events by place"]) == [["Homs (حمص), SY", "2"], ["(no place)", "1"]]


def _body_rows(table) -> list[list[str]]:
    return [
        [cell.text for cell in row.by_tag("td")] for row in table.by_tag("tbody")[0].by_tag("tr")
    ]


def test_report_without_a_manifest_says_so():
    page = parse_html(render_report(RunOutput([homs_record()], [], None)))
    assert "No run.json" in page.by_id("manifest").text


# --- highlighting offsets ---------------------------------------------------------------------


def _pieces_text(pieces) -> str:
    return "".join(p.text if p.highlight is None else _pieces_text(p.children) for p in pieces)


def test_a_mention_crossing_its_evidence_is_split_and_keeps_one_anchor():
    text = "قصفت الطائرات حمص. وقال المرصد إن القصف مستمر."
    crossing = Highlight(14, 23, "entity", "entity entity-LOC", element_id="mention")
    evidence = Highlight(0, 18, "evidence", "evidence", element_id="evidence")
    pieces = highlight_text(text, [crossing, evidence])
    assert _pieces_text(pieces) == text
    inner = pieces[0].children[-1]
    assert (inner.highlight.layer, inner.start, inner.end) == ("entity", 14, 18)
    rest = next(p for p in pieces if p.highlight and p.highlight.layer == "entity")
    assert (rest.start, rest.end, rest.highlight.element_id) == (18, 23, None)
    assert inner.highlight.element_id == "mention"


spans = st.tuples(
    st.integers(0, 60), st.integers(0, 60), st.sampled_from(["evidence", "entity", "trigger"])
)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="حمص جنيف،.\n", min_size=1, max_size=50), raw=st.lists(spans))
def test_highlighting_keeps_every_character_once_in_order(text, raw):
    highlights = [Highlight(min(a, b), max(a, b), layer, layer) for a, b, layer in raw]
    assert _pieces_text(highlight_text(text, highlights)) == text
    assert parse_html(render_highlighted_text(text, highlights)).text == text


# --- escaping ---------------------------------------------------------------------------------


def test_injected_markup_creates_no_element(hostile_html):
    tags = {element.tag for element in parse_html(hostile_html).iter()}
    assert not tags & {"script", "img", "iframe", "b"}


def test_no_element_gets_an_event_handler_attribute(hostile_html):
    attributes = {name for e in parse_html(hostile_html).iter() for name in e.attrs}
    assert not [name for name in attributes if name.startswith("on")]


def test_article_text_markup_quotes_and_ampersands_are_shown_as_text(hostile_html):
    text = parse_html(hostile_html).by_class("article-text")[0].text
    assert '<script>alert("text")</script> إن "الهدنة" & المفاوضات' in text
    assert "&#34;الهدنة&#34; &amp; المفاوضات" in hostile_html


def test_title_outlet_and_error_fields_are_shown_as_text(hostile_html):
    page = parse_html(hostile_html)
    assert '<script>alert("title")</script> "جنيف" &' in page.by_tag("h3")[0].text
    assert "<iframe src=//evil.example></iframe>" in page.by_class("index-row")[0].text
    assert "<script>alert(5)</script>" in page.by_class("error-row")[0].text


def test_canonical_name_cannot_close_the_title_attribute(hostile_html):
    mention = parse_html(hostile_html).by_class("article-text")[0].by_class("entity")[0]
    assert mention.attrs["title"] == 'LOC · " onmouseover="alert(1) · KB kb:<b>x</b>'


def test_bidi_override_characters_are_shown_as_visible_markers(hostile_html):
    assert "\u202e" not in hostile_html and "\u202c" not in hostile_html
    text = parse_html(hostile_html).by_class("article-text")[0].text
    assert "[U+202E]مستمرة[U+202C]" in text


def test_page_has_no_scripts_and_refers_to_nothing_outside_itself(hostile_html):
    page = parse_html(hostile_html)
    assert not page.by_tag("script") and not page.by_tag("link")
    assert not [e for e in page.iter() if "src" in e.attrs]
    assert all(a.attrs["href"].startswith("#") for a in page.by_tag("a"))
    policy = [m for m in page.by_tag("meta") if m.attrs.get("http-equiv")]
    assert policy[0].attrs["content"].startswith("default-src 'none'")


def test_a_syrian_event_place_shows_its_governorate():
    talbiseh = {"text": "تلبيسة", "name_en": "Talbiseh", "country": "SY", "admin1": "Homs"}
    assert place_name(talbiseh) == "Talbiseh (تلبيسة), Homs, SY"
    governorate = {"text": "حماة", "name_en": "Hama Governorate", "country": "SY", "admin1": "Hama"}
    assert place_name(governorate) == "Hama Governorate (حماة), SY"


def test_an_event_actor_shows_its_category():
    gunmen = {"role": "agent", "text": "مسلحون", "name_en": None, "category": "political_militias"}
    assert _actor_text(gunmen) == "agent: مسلحون [political_militias]"


def test_story_view_shows_the_homs_attack_reports_side_by_side(corpus_page, corpus_output):
    stories = {s["story"]: s for s in read_jsonl(corpus_output / "stories.jsonl")}
    shown = corpus_page.by_class("story")
    assert shown and all(
        stories[s.attrs["id"].removeprefix("story-")]["documents"] > 1 for s in shown
    )
    attack = next(s for s in shown if s.text.lstrip().startswith("ATTACK") and "Homs" in s.text)
    reports = attack.by_class("story-report")
    assert len(reports) == 2
    links = [a.attrs["href"] for report in reports for a in report.by_tag("a")]
    assert all(corpus_page.by_id(link.removeprefix("#")) is not None for link in links)
