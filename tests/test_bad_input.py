"""Bad input never stops a batch: each bad document is one error record, the rest is processed."""

import gzip
import json
from pathlib import Path

import pytest
from conftest import read_jsonl, run_cli

pytestmark = pytest.mark.slow  # end-to-end runs of the command line

HOMS = "واقتحم مسلحون مقرين لقوات النظام السوري في حمص، السبت، وقتلوا العشرات."


@pytest.fixture(scope="module")
def bad_batch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    (folder / "good1.txt").write_text(HOMS, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text("  \n\n ", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "broken_utf8.txt").write_bytes(HOMS.encode() * 4 + b"\xff\xfe\xfa" + HOMS.encode())
    with (folder / "huge.txt").open("wb") as stream:  # 50 MB, written without holding it
        block = (HOMS + "\n").encode() * 1000
        for _ in range(50 * 1024 * 1024 // len(block) + 1):
            stream.write(block)
    (folder / "english.txt").write_text(
        "UN envoy Staffan de Mistura said the Homs attacks were a deliberate attempt to "
        "derail the Geneva talks.",
        encoding="utf-8",
    )
    lines = [
        json.dumps({"id": "j1", "text": HOMS}, ensure_ascii=False),
        '{"id": "j2", "text": "نص بلا نهاية',
        json.dumps({"id": "j3", "title": "no text"}),
        json.dumps({"id": "j4", "text": HOMS}, ensure_ascii=False),
    ]
    (folder / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "good2.txt").write_text(HOMS, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def bad_run(bad_batch: Path, tmp_path_factory):
    out = tmp_path_factory.mktemp("bad_out")
    result = run_cli("run", str(bad_batch), "-o", str(out), "-q")
    return result, out


def errors_by_id(out: Path) -> dict[str, dict]:
    return {record["doc_id"]: record for record in read_jsonl(out / "errors.jsonl")}


def test_batch_with_bad_documents_exits_zero(bad_run):
    result, _ = bad_run
    assert result.returncode == 0, result.stderr.decode()


def test_good_documents_are_all_written(bad_run):
    _, out = bad_run
    ids = [record["doc_id"] for record in read_jsonl(out / "documents.jsonl")]
    assert ids == ["j1", "j4", "good1", "good2"]


@pytest.mark.parametrize(
    ("doc_id", "reason"),
    [
        ("empty", "empty"),
        ("blank", "empty"),
        ("binary", "binary"),
        ("broken_utf8", "undecodable"),
        ("huge", "too_large"),
        ("english", "not_arabic"),
        ("batch.jsonl:2", "malformed_json"),
        ("j3", "bad_record"),
    ],
)
def test_each_bad_document_gives_one_error_with_its_reason(bad_run, doc_id, reason):
    _, out = bad_run
    errors = errors_by_id(out)
    assert errors[doc_id]["reason"] == reason
    assert errors[doc_id]["message"]


def test_there_is_exactly_one_record_per_input_document(bad_run):
    _, out = bad_run
    ids = [r["doc_id"] for r in read_jsonl(out / "documents.jsonl")]
    ids += [r["doc_id"] for r in read_jsonl(out / "errors.jsonl")]
    assert len(ids) == len(set(ids)) == 12


def test_strict_mode_exits_non_zero_when_a_document_failed(bad_batch: Path, tmp_path: Path):
    result = run_cli(
        "run",
        str(bad_batch / "english.txt"),
        str(bad_batch / "good1.txt"),
        "-o",
        str(tmp_path),
        "-q",
        "--strict",
    )
    assert result.returncode == 1
    assert len(read_jsonl(tmp_path / "documents.jsonl")) == 1


def test_corrupt_gzip_keeps_the_records_before_the_damage(tmp_path: Path):
    rows = "".join(
        json.dumps({"id": f"z{i}", "text": HOMS}, ensure_ascii=False) + "\n" for i in range(200)
    )
    data = gzip.compress(rows.encode())
    path = tmp_path / "in" / "damaged.jsonl.gz"
    path.parent.mkdir()
    path.write_bytes(data[: len(data) // 2])
    out = tmp_path / "out"
    result = run_cli("run", str(path), "-o", str(out), "-q")
    assert result.returncode == 0
    assert len(read_jsonl(out / "documents.jsonl")) > 0
    assert [e["reason"] for e in read_jsonl(out / "errors.jsonl")] == ["corrupt_file"]


def test_duplicate_ids_keep_the_first_and_report_the_second(tmp_path: Path):
    path = tmp_path / "dups.jsonl"
    row = json.dumps({"id": "same", "text": HOMS}, ensure_ascii=False)
    path.write_text(row + "\n" + row + "\n", encoding="utf-8")
    run_cli("run", str(path), "-o", str(tmp_path / "out"), "-q")
    assert len(read_jsonl(tmp_path / "out" / "documents.jsonl")) == 1
    assert read_jsonl(tmp_path / "out" / "errors.jsonl")[0]["reason"] == "duplicate_id"
