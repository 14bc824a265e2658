"""The link stage between a country and a city of the same name."""

from pathlib import Path

from pipeline.document import Document, Entity, SourceInfo
from pipeline.kb import KbEntry, KnowledgeBase
from pipeline.stages.link import LinkStage


def place(entry_id: str, kind: str, name_en: str, name_ar: str, country: str) -> KbEntry:
    return KbEntry(entry_id, "LOC", name_en, name_ar, [], kind=kind, country=country)


KB = KnowledgeBase(
    [
        place("country:KW", "country", "Kuwait", "الكويت", "KW"),
        place("geonames:285787", "city", "Kuwait City", "الكويت", "KW"),
        place("country:OM", "country", "Oman", "عمان", "OM"),
        place("geonames:250441", "city", "Amman", "عمان", "JO"),
    ]
)


def linked(name: str) -> str | None:
    doc = Document(doc_id="d", text=name, source=SourceInfo("d.txt", "0" * 64, "utf-8"))
    doc.entities = [
        Entity(
            id="e0", label="LOC", text=name, start=0, end=len(name), sentence=None,
            normalized=name, canonical=None, cluster=None, score=None, source="ner:spacy",
        )
    ]  # fmt: skip
    return LinkStage(KB, Path("kb.jsonl"))(doc).entities[0].canonical.kb_id


def test_a_country_named_like_its_own_city_is_the_country():
    assert linked("الكويت") == "country:KW"


def test_a_country_named_like_a_city_of_another_country_stays_unlinked():
    assert linked("عمان") is None
