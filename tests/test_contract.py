"""The output of `make run` on corpus/ is what the JSON Schemas promise, and DuckDB reads it."""

import json
import subprocess
from pathlib import Path

import duckdb
import pytest
from conftest import REPO, read_jsonl, run_cli

from pipeline.contract import record_problems, validate_output


@pytest.fixture(scope="module")
def make_run_output(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("make_run") / "out"
    subprocess.run(
        ["make", "--no-print-directory", "run", f"OUT={out}", "RUN_ARGS=-q"],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=600,
    )
    return out


def test_make_run_writes_one_record_per_corpus_article(make_run_output):
    records = read_jsonl(make_run_output / "documents.jsonl")
    assert sorted(r["doc_id"] for r in records) == sorted(
        p.stem for p in (REPO / "corpus").glob("*.txt")
    )


def test_every_output_file_matches_its_schema(make_run_output):
    assert validate_output(make_run_output) == {}


def test_sentences_are_exact_spans_of_the_original_text(make_run_output):
    for record in read_jsonl(make_run_output / "documents.jsonl"):
        original = (REPO / record["source"]["path"]).read_text(encoding="utf-8")
        assert record["text"] == original
        for sentence in record["sentences"]:
            piece = record["text"][sentence["start"] : sentence["end"]]
            assert piece == piece.strip() and piece


def test_manifest_lists_inputs_with_hashes_and_counts(make_run_output):
    manifest = json.loads((make_run_output / "run.json").read_text())
    assert manifest["counts"]["documents"] == 5
    assert {Path(i["path"]).name for i in manifest["inputs"]} >= {
        p.name for p in (REPO / "corpus").glob("*.txt")
    }
    assert manifest["words_per_second"] > 0


def test_validator_catches_an_entity_whose_text_is_not_its_span(make_run_output):
    record = read_jsonl(make_run_output / "documents.jsonl")[0]
    record["entities"] = [
        {
            "id": "T1",
            "label": "LOC",
            "text": "جنيف",
            "start": 0,
            "end": 4,
            "sentence": 0,
            "normalized": "جنيف",
            "canonical": None,
            "cluster": "C1",
            "score": 0.9,
            "source": "test",
        }
    ]
    assert any("is not text[0:4]" in p for p in record_problems("document", record))


def test_validator_rejects_an_unknown_event_type(make_run_output):
    record = read_jsonl(make_run_output / "documents.jsonl")[0]
    record["events"] = [{"type": "PICNIC"}]
    assert record_problems("document", record)


def test_duckdb_loads_documents_and_events_with_matching_counts(make_run_output):
    documents = make_run_output / "documents.jsonl"
    events = make_run_output / "events.jsonl"
    records = read_jsonl(documents)
    connection = duckdb.connect()
    count = connection.execute(f"SELECT count(*) FROM read_json('{documents}')").fetchone()[0]
    assert count == len(records)
    titles = connection.execute(
        f"SELECT doc_id, title, date FROM read_json('{documents}') ORDER BY doc_id"
    ).fetchall()
    assert titles[1][2] == "2017-02-25"
    columns = "{'doc_id': 'VARCHAR', 'type': 'VARCHAR'}"
    event_count = connection.execute(
        f"SELECT count(*) FROM read_json('{events}', columns={columns})"
    ).fetchone()[0]
    assert event_count == sum(len(r["events"]) for r in records)


def test_validate_command_reports_a_truncated_line(tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("قال دي ميستورا في جنيف إن المحادثات مستمرة.", encoding="utf-8")
    out = tmp_path / "out"
    run_cli("run", str(source), "-o", str(out), "-q")
    documents = out / "documents.jsonl"
    documents.write_text(documents.read_text()[:-30])
    result = run_cli("validate", str(out))
    assert result.returncode == 1
    assert b"truncated" in result.stderr
