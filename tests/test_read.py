"""Every kind of input the command line accepts becomes documents with stable ids."""

import gzip
import io
import json
from pathlib import Path

import pytest

from pipeline.document import Document
from pipeline.engine import process_document
from pipeline.read import Reader, ReadFailure
from pipeline.stages import create_stages

HOMS = "قتل العشرات في هجوم على مقرين أمنيين في حمص"
GENEVA = "استأنف ممثلو الحكومة والمعارضة السورية مباحثاتهم في جنيف"


def read_all(inputs, **kwargs) -> list:
    return list(Reader([str(i) for i in inputs], **kwargs))


def test_a_folder_holding_a_pipeline_ignore_file_is_not_read(tmp_path: Path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / ".pipeline-ignore").write_text("annotations, not articles\n", "utf-8")
    (tmp_path / "gold" / "dev.jsonl").write_text('{"doc_id": "x", "events": []}\n', "utf-8")
    (tmp_path / "one.txt").write_text(HOMS, encoding="utf-8")
    assert [d.doc_id for d in read_all([tmp_path])] == ["one"]


def test_the_corpus_folder_gives_the_seed_articles_and_not_the_gold_files(corpus_dir: Path):
    doc_ids = [d.doc_id for d in read_all([corpus_dir])]
    assert sorted(doc_ids) == sorted(p.stem for p in corpus_dir.glob("*.txt"))


def test_folder_is_read_recursively_in_path_order(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(GENEVA, encoding="utf-8")
    (tmp_path / "one.txt").write_text(HOMS, encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    docs = read_all([tmp_path])
    assert [d.doc_id for d in docs] == ["b/two", "one"]


def test_glob_selects_matching_files(tmp_path: Path):
    (tmp_path / "a1.txt").write_text(HOMS, encoding="utf-8")
    (tmp_path / "a2.txt").write_text(GENEVA, encoding="utf-8")
    (tmp_path / "b1.txt").write_text(HOMS, encoding="utf-8")
    docs = read_all([tmp_path / "a*.txt"])
    assert [d.doc_id for d in docs] == ["a1", "a2"]


def test_jsonl_records_keep_their_ids_dates_titles_and_outlets(tmp_path: Path):
    path = tmp_path / "batch.jsonl"
    rows = [
        {"id": "x1", "text": HOMS, "date": "2017-02-25", "source": "رويترز", "title": "هجوم حمص"},
        {"id": 7, "text": GENEVA},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    first, second = read_all([path])
    assert (first.doc_id, first.date, first.outlet, first.title) == (
        "x1",
        "2017-02-25",
        "رويترز",
        "هجوم حمص",
    )
    assert first.source.line == 1
    assert second.doc_id == "7"
    assert second.title == GENEVA


def test_gzipped_jsonl_is_read(tmp_path: Path):
    path = tmp_path / "batch.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        stream.write(json.dumps({"id": "g1", "text": HOMS}, ensure_ascii=False) + "\n")
    (doc,) = read_all([path])
    assert doc.doc_id == "g1" and doc.text == HOMS


def test_metadata_sidecar_gives_title_date_and_outlet(corpus_dir: Path):
    docs = {d.doc_id: d for d in read_all([corpus_dir])}
    assert len(docs) == 5
    homs = docs["001_ce6e2c9d701215a3"]
    assert homs.date == "2017-02-25"
    assert homs.outlet == "المركز الصحفي السوري"
    assert docs["002_7f8bf6d9ccb754b3"].date == "2018-04"


def test_windows_1256_file_is_read_and_its_encoding_recorded(tmp_path: Path):
    path = tmp_path / "archive.txt"
    path.write_bytes(HOMS.encode("cp1256"))
    (doc,) = read_all([path])
    assert doc.text == HOMS
    assert doc.source.encoding == "windows-1256"


def test_stdin_text_is_one_document():
    (doc,) = list(Reader(["-"], stdin=io.BufferedReader(io.BytesIO(HOMS.encode()))))
    assert doc.doc_id == "stdin" and doc.text == HOMS


def test_stdin_jsonl_is_a_stream_of_documents():
    lines = "".join(json.dumps({"id": f"s{i}", "text": HOMS}) + "\n" for i in range(3))
    docs = list(Reader(["-"], stdin=io.BufferedReader(io.BytesIO(lines.encode()))))
    assert [d.doc_id for d in docs] == ["s0", "s1", "s2"]


def test_bad_date_is_dropped_with_a_warning(tmp_path: Path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"id": "d", "text": HOMS, "date": "Saturday"}) + "\n")
    (doc,) = read_all([path])
    assert doc.date is None
    assert "Saturday" in doc.warnings[0]


@pytest.mark.parametrize("date", ["2015-13-45", "2015-02-29", "2015-00", "2016-04-31"])
def test_impossible_date_is_dropped_with_a_bad_date_warning(tmp_path: Path, date: str):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"id": "d", "text": HOMS, "date": date}) + "\n")
    (doc,) = read_all([path])
    assert isinstance(doc, Document)
    assert doc.date is None
    assert doc.warnings[0].startswith("bad_date:")
    assert date in doc.warnings[0]


@pytest.mark.parametrize(
    ("written", "date"),
    [
        ("2015-07-21 02:52:06", "2015-07-21"),
        ("2015-07-21T10:00:00Z", "2015-07-21"),
        ("2016-02-29", "2016-02-29"),
        ("2015-07", "2015-07"),
        ("2015", "2015"),
    ],
)
def test_iso_dates_and_datetimes_give_the_document_date(tmp_path: Path, written, date):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"id": "d", "text": HOMS, "date": written}) + "\n")
    (doc,) = read_all([path])
    assert (doc.date, doc.warnings) == (date, [])


def test_impossible_date_in_a_metadata_sidecar_is_dropped_with_a_warning(tmp_path: Path):
    (tmp_path / "homs.txt").write_text(HOMS, encoding="utf-8")
    meta = {"file": "homs.txt", "date": "2015-13-45"}
    (tmp_path / "metadata.jsonl").write_text(json.dumps(meta) + "\n", encoding="utf-8")
    (doc,) = read_all([tmp_path])
    assert doc.date is None
    assert doc.warnings[0].startswith("bad_date:")


def test_a_record_with_an_impossible_date_is_processed_not_failed(tmp_path: Path):
    path = tmp_path / "batch.jsonl"
    text = "قتل العشرات أمس في هجوم على مقرين أمنيين في حمص"
    path.write_text(json.dumps({"id": "d", "text": text, "date": "2015-13-45"}) + "\n")
    (doc,) = read_all([path])
    outcome = process_document(create_stages("rules"), doc)
    assert outcome.kind == "document"
    assert outcome.record["date"] is None
    assert outcome.record["times"][0]["text"] == "أمس"
    assert outcome.record["times"][0]["value"] is None


def test_oversized_jsonl_line_is_refused_and_the_next_line_read(tmp_path: Path):
    path = tmp_path / "batch.jsonl"
    big = json.dumps({"id": "big", "text": HOMS * 2000}, ensure_ascii=False)
    small = json.dumps({"id": "small", "text": GENEVA}, ensure_ascii=False)
    path.write_text(big + "\n" + small + "\n", encoding="utf-8")
    failure, doc = read_all([path], max_doc_bytes=10_000)
    assert isinstance(failure, ReadFailure) and failure.reason == "too_large"
    assert isinstance(doc, Document) and doc.doc_id == "small"


def test_missing_input_is_a_failure_not_an_exception(tmp_path: Path):
    (failure,) = read_all([tmp_path / "nowhere.txt"])
    assert failure.reason == "not_found"


def test_every_input_file_is_hashed_for_the_manifest(tmp_path: Path):
    (tmp_path / "one.txt").write_text(HOMS, encoding="utf-8")
    reader = Reader([str(tmp_path)])
    list(reader)
    assert len(reader.input_files) == 1
    assert len(reader.input_files[0].sha256) == 64
