"""One codec between documents and the output contract: rows written, and read back."""

import pytest
from conftest import read_jsonl

from pipeline import codec
from pipeline.codec import (
    LayerCodec,
    document_from_record,
    document_record,
    entity_rows,
    register_layer,
    registered_layers,
)
from pipeline.document import Document, KbLink, SourceInfo


def test_a_record_read_back_is_written_again_unchanged(corpus_output):
    for record in read_jsonl(corpus_output / "documents.jsonl"):
        assert document_record(document_from_record(record)) == record


def test_read_back_entities_carry_a_typed_kb_link(corpus_output):
    records = read_jsonl(corpus_output / "documents.jsonl")
    links = [e.canonical for r in records for e in document_from_record(r).entities]
    linked = [link for link in links if link is not None and link.spelt_by is None]
    assert linked and all(isinstance(link, KbLink) and link.kb_id for link in linked)


def test_entity_rows_are_the_record_mentions_with_their_doc_id(corpus_output):
    (record, *_) = read_jsonl(corpus_output / "documents.jsonl")
    rows = list(entity_rows(record))
    assert [row.pop("doc_id") for row in rows] == [record["doc_id"]] * len(rows)
    assert rows == record["entities"]


def test_the_record_layers_are_those_of_the_contract_in_order():
    assert registered_layers() == ["sentences", "entities", "times", "events"]


def test_a_new_layer_is_written_by_its_own_serialiser(monkeypatch):
    monkeypatch.setattr(codec, "_LAYERS", dict(codec._LAYERS))
    register_layer(LayerCodec("notes", lambda note: {"note": note}, lambda row: row["note"]))
    doc = Document("d", "نص", SourceInfo("d.txt", "0" * 64, "utf-8"))
    doc.layers["notes"] = ["عاجل"]
    record = document_record(doc)
    assert list(record)[-2:] == ["notes", "warnings"]
    assert record["notes"] == [{"note": "عاجل"}]
    assert document_from_record(record).layers["notes"] == ["عاجل"]


def test_a_layer_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="registered already"):
        register_layer(LayerCodec("entities", dict, dict))


def test_token_spans_stay_out_of_the_written_record():
    from pipeline.stages import create_stages, run_stages

    text = "قصفت الطائرات حلب أمس."
    doc = Document(
        doc_id="d", text=text, source=SourceInfo("d", "0" * 64, "utf-8"), date="2016-01-02"
    )
    doc = run_stages(create_stages("rules", {"events": {"detection": False}}), doc)
    assert doc.times[0].token_span is not None and doc.events[0].trigger.token_span is not None
    record = document_record(doc)
    assert "token_span" not in str(record)
