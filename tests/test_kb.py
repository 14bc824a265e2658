"""The knowledge base: its compiled form is rebuilt from the hand-written entries and the data."""

import json
import shutil

import pytest

from pipeline.kb import KnowledgeBase, alias_keys
from pipeline.kb.build import build
from pipeline.paths import REPO_ROOT

SHARED = REPO_ROOT.parent / "shared" / "data"
KB_DIR = REPO_ROOT / "models" / "kb"


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    if not (SHARED / "gazetteers").is_dir():
        pytest.skip(f"gazetteers not found under {SHARED}")
    folder = tmp_path_factory.mktemp("kb")
    shutil.copyfile(KB_DIR / "entities.jsonl", folder / "entities.jsonl")
    counts = build(SHARED, folder)
    return folder, counts


def test_rebuilding_reproduces_the_shipped_compiled_file(rebuilt):
    folder, _ = rebuilt
    assert (folder / "kb.jsonl").read_bytes() == (KB_DIR / "kb.jsonl").read_bytes()


def test_homs_takes_its_coordinates_from_geonames(rebuilt):
    folder, _ = rebuilt
    homs = KnowledgeBase.from_file(folder / "kb.jsonl").get("loc:homs")
    assert (round(homs.lat, 2), round(homs.lon, 2), homs.country) == (34.73, 36.72, "SY")


def test_countries_come_with_arabic_names(rebuilt):
    folder, counts = rebuilt
    kb = KnowledgeBase.from_file(folder / "kb.jsonl")
    assert counts["countries"] > 200
    assert [entry.name_en for entry in kb.candidates("النرويج")] == ["Norway"]


def test_hand_written_aliases_are_not_shared_with_compiled_places():
    kb = KnowledgeBase.from_file(KB_DIR / "kb.jsonl")
    assert [entry.id for entry in kb.candidates("حلب")] == ["loc:aleppo"]


def test_names_are_looked_up_with_and_without_the_article():
    assert alias_keys("الرقة") == ["الرقه", "رقه"]


def test_every_hand_written_entry_names_its_sources():
    with (KB_DIR / "entities.jsonl").open(encoding="utf-8") as lines:
        entries = [json.loads(line) for line in lines]
    assert all(entry["sources"] for entry in entries)
    assert len({entry["id"] for entry in entries}) == len(entries)
