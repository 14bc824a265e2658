"""The link stage: an organisation's one-word short form joins the full name of its article."""

from pathlib import Path

from pipeline.document import Document, Entity, SourceInfo
from pipeline.kb import KbEntry, KnowledgeBase
from pipeline.stages.link import LinkStage

SOHR = KbEntry(
    "org:sohr",
    "ORG",
    "Syrian Observatory for Human Rights",
    "المرصد السوري لحقوق الإنسان",
    ["المرصد السوري"],
)
COALITION = KbEntry(
    "org:syrian_national_coalition",
    "ORG",
    "Syrian National Coalition",
    "الائتلاف الوطني السوري",
    [],
)
FSA = KbEntry(
    "org:free_syrian_army", "ORG", "Free Syrian Army", "الجيش السوري الحر", ["الجيش الحر"]
)
LINK = LinkStage(KnowledgeBase([SOHR, COALITION, FSA]), Path("kb.jsonl"))


def linked(*mentions: tuple[str, str]) -> list[str | None]:
    doc = Document(doc_id="d", text="", source=SourceInfo("d.txt", "0" * 64, "utf-8"))
    doc.entities = [
        Entity(
            id=f"e{i}", label=label, text=name, start=0, end=len(name), sentence=None,
            normalized=name, canonical=None, cluster=None, score=None, source="ner:spacy",
        )
        for i, (label, name) in enumerate(mentions)
    ]  # fmt: skip
    return [entity.canonical.kb_id for entity in LINK(doc).entities]


def test_the_observatory_after_its_full_name_is_the_same_organisation():
    found = linked(("ORG", "المرصد السوري لحقوق الإنسان"), ("ORG", "المرصد"))
    assert found == ["org:sohr", "org:sohr"]


def test_a_short_form_after_two_names_of_the_one_organisation_is_that_organisation():
    found = linked(
        ("ORG", "المرصد السوري لحقوق الإنسان"), ("ORG", "المرصد السوري"), ("ORG", "المرصد")
    )
    assert found == ["org:sohr", "org:sohr", "org:sohr"]


def test_the_army_after_the_free_syrian_army_is_not_its_short_form():
    # `الجيش` names a kind of actor itself (mostly the regime's army)
    found = linked(("ORG", "الجيش السوري الحر"), ("ORG", "الجيش الحر"), ("ORG", "الجيش"))
    assert found[2] is None


def test_a_short_form_alone_is_not_linked():
    assert linked(("ORG", "المرصد")) == [None]


def test_a_short_form_starting_two_full_names_is_not_linked():
    found = linked(
        ("ORG", "الائتلاف الوطني السوري"), ("ORG", "الائتلاف الدولي"), ("ORG", "الائتلاف")
    )
    assert found[2] is None


def test_a_short_form_of_another_label_does_not_join():
    assert linked(("ORG", "المرصد السوري لحقوق الإنسان"), ("PER", "المرصد"))[1] is None
