"""The report in a real browser: headless Chromium lays it out, follows its links, runs nothing.

Skips when Chromium or chromedriver is missing (`apt-get install chromium chromium-driver`;
.ci/run installs them). The screenshot of the corpus report is kept in pytest's temporary folder;
with UPDATE_DOCS_SCREENSHOT=1 it also replaces docs/report.png, the picture in the README.
"""

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, REPO, read_jsonl, run_cli
from sample_records import homs_record, hostile_record
from webdriver import Browser, missing_browser

from pipeline.report import RunOutput, render_report

pytestmark = pytest.mark.skipif(
    missing_browser() is not None, reason=f"no headless browser: {missing_browser()}"
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def browser():
    session = Browser()
    yield session
    session.quit()


@pytest.fixture(scope="module")
def corpus_output(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "out"
    result = run_cli("run", CORPUS.name, "-o", str(out), "-q")  # run in the repository
    assert result.returncode == 0, result.stderr.decode()
    return out


@pytest.fixture(scope="module")
def corpus_report(corpus_output) -> Path:
    target = corpus_output.parent / "report.html"
    result = run_cli("report", str(corpus_output), "-o", str(target))
    assert result.returncode == 0, result.stderr.decode()
    return target


@pytest.fixture(scope="module")
def sample_report(corpus_output) -> Path:
    """A report of hand-made records with entities and events (the stages have not landed)."""
    manifest = json.loads((corpus_output / "run.json").read_text())
    target = corpus_output.parent / "sample_report.html"
    html = render_report(RunOutput([homs_record(), hostile_record()], [], manifest))
    target.write_text(html, encoding="utf-8")
    return target


def test_corpus_report_lists_every_document(browser, corpus_report, corpus_output):
    browser.open(corpus_report)
    titles = browser.execute(
        "return [...document.querySelectorAll('tr.index-row .title-cell a')]"
        ".map(a => a.textContent)"
    )
    assert titles == [r["title"] for r in read_jsonl(corpus_output / "documents.jsonl")]


def test_article_texts_are_laid_out_right_to_left(browser, corpus_report):
    browser.open(corpus_report)
    directions = browser.execute(
        "return [...document.querySelectorAll('.article-text')]"
        ".map(e => getComputedStyle(e).direction)"
    )
    assert directions == ["rtl"] * 5


def test_report_loads_nothing_from_anywhere(browser, corpus_report):
    browser.open(corpus_report)
    assert browser.execute("return performance.getEntriesByType('resource').length") == 0


def test_entity_mentions_get_one_background_colour_per_label(browser, sample_report):
    browser.open(sample_report)
    colours = browser.execute(
        "const found = {};"
        "for (const e of document.querySelectorAll('.article-text .entity'))"
        "  found[e.dataset.label] = getComputedStyle(e).backgroundColor;"
        "return found;"
    )
    assert set(colours) == {"PER", "LOC", "ORG"}
    assert len(set(colours.values())) == 3
    assert "rgba(0, 0, 0, 0)" not in colours.values()


def test_hovering_a_mention_shows_its_canonical_name_and_kb_id(browser, sample_report):
    browser.open(sample_report)
    title = browser.execute(
        "return document.querySelector('.article-text .entity[data-label=PER]').title"
    )
    assert title == "PER · Staffan de Mistura · KB kb:per:de-mistura"


def test_following_an_event_row_link_highlights_its_evidence(browser, sample_report):
    browser.open(sample_report)
    state = browser.execute(
        "document.querySelector('#doc-1-event-2 a.evidence-link').click();"
        "const target = document.querySelector(':target');"
        "const other = document.getElementById('doc-1-event-1-evidence');"
        "return {id: target.id, text: target.textContent,"
        "  colour: getComputedStyle(target).backgroundColor,"
        "  other: getComputedStyle(other).backgroundColor};"
    )
    evidence = homs_record()["events"][1]["evidence"]["text"]
    assert (state["id"], state["text"]) == ("doc-1-event-2-evidence", evidence)
    assert state["colour"] != state["other"]


def test_events_table_has_a_row_per_event(browser, sample_report):
    browser.open(sample_report)
    rows = browser.execute(
        "return [...document.querySelectorAll('#doc-1 tr.event-row')]"
        ".map(r => r.cells[1].textContent.split(' ')[0])"
    )
    assert rows == [event["type"] for event in homs_record()["events"]]


def test_injected_markup_runs_no_script_in_the_browser(browser, sample_report):
    browser.open(sample_report)
    assert browser.alert_text() is None
    found = browser.execute(
        "return {scripts: document.scripts.length,"
        " frames: document.querySelectorAll('iframe, img').length,"
        " handlers: [...document.querySelectorAll('*')].filter("
        "   e => [...e.attributes].some(a => a.name.startsWith('on'))).length}"
    )
    assert found == {"scripts": 0, "frames": 0, "handlers": 0}


def test_screenshot_of_the_corpus_report(browser, corpus_report, tmp_path):
    browser.open(corpus_report)
    picture = browser.screenshot()
    assert picture.startswith(PNG_SIGNATURE) and len(picture) > 20_000
    saved = tmp_path / "report.png"
    saved.write_bytes(picture)
    if os.environ.get("UPDATE_DOCS_SCREENSHOT"):
        shutil.copyfile(saved, REPO / "docs" / "report.png")
