"""The Dask engine: shards in, one output shard per input shard, nothing lost when a worker dies.

The tests start a `distributed.LocalCluster` of 2 worker processes and run the command line
against its scheduler address, as a user runs it against a real cluster.
"""

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, read_jsonl, run_cli

pytestmark = pytest.mark.slow  # end-to-end runs of the command line

distributed = pytest.importorskip("distributed")

SENTENCE = "وقال دي ميستورا في بيان إن المحادثات في جنيف مستمرة. "
ATTACK = "قتل خمسة مدنيين في غارة جوية على حي الوعر في حمص أمس. "


def _write_shard(path: Path, rows: list[dict]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")


def _shards(folder: Path, count: int, per_shard: int, repeat: int = 1) -> list[dict]:
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for shard in range(count):
        part = [
            {"id": f"s{shard}-{i}", "text": (SENTENCE + ATTACK) * (repeat + i % 3)}
            for i in range(per_shard)
        ]
        _write_shard(folder / f"part-{shard}.jsonl.gz", part)
        rows.extend(part)
    return rows


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local_cluster:
        yield local_cluster


def _run_dask(inputs: str, out: Path, scheduler: str, *extra: str) -> subprocess.CompletedProcess:
    return run_cli(
        "run", inputs, "-o", str(out), "-q", "--profile", "rules",
        "--engine", "dask", "--scheduler", scheduler, *extra,
    )  # fmt: skip


def _shard_ids(out: Path) -> tuple[list[str], list[dict]]:
    documents, errors = [], []
    for folder in sorted((out / "shards").iterdir()):
        documents += [r["doc_id"] for r in read_jsonl(folder / "documents.jsonl")]
        errors += read_jsonl(folder / "errors.jsonl")
    return documents, errors


def test_dask_output_shards_equal_a_local_run_byte_for_byte(tmp_path, cluster):
    _shards(tmp_path / "in", count=3, per_shard=20)
    pattern = str(tmp_path / "in" / "*.jsonl.gz")
    result = _run_dask(pattern, tmp_path / "dask", cluster.scheduler_address)
    assert result.returncode == 0, result.stderr.decode()
    local = run_cli("run", pattern, "-o", str(tmp_path / "local"), "-q", "--profile", "rules")
    assert local.returncode == 0, local.stderr.decode()
    merged = b"".join(
        (tmp_path / "dask" / "shards" / f"part-{k}" / "documents.jsonl").read_bytes()
        for k in range(3)
    )
    assert merged == (tmp_path / "local" / "documents.jsonl").read_bytes()


def test_dask_stories_span_shards_and_equal_a_local_run(tmp_path, cluster):
    folder = tmp_path / "in"
    folder.mkdir()
    for shard in range(2):  # the same attack reported in both shards, on one day
        text = SENTENCE + ATTACK
        rows = [{"id": f"s{shard}-{i}", "date": "2017-02-25", "text": text} for i in range(2)]
        _write_shard(folder / f"part-{shard}.jsonl.gz", rows)
    pattern = str(folder / "*.jsonl.gz")
    result = _run_dask(pattern, tmp_path / "dask", cluster.scheduler_address)
    assert result.returncode == 0, result.stderr.decode()
    local = run_cli("run", pattern, "-o", str(tmp_path / "local"), "-q", "--profile", "rules")
    assert local.returncode == 0, local.stderr.decode()
    stories = (tmp_path / "dask" / "stories.jsonl").read_bytes()
    assert stories == (tmp_path / "local" / "stories.jsonl").read_bytes()
    merged = b"".join(
        (tmp_path / "dask" / "shards" / f"part-{k}" / "events.jsonl").read_bytes() for k in range(2)
    )
    assert merged == (tmp_path / "local" / "events.jsonl").read_bytes()
    widest = max(read_jsonl(tmp_path / "dask" / "stories.jsonl"), key=lambda s: s["documents"])
    assert {m["doc_id"][:2] for m in widest["members"]} == {"s0", "s1"}
    assert run_cli("validate", str(tmp_path / "dask")).returncode == 0


def test_merged_manifest_lists_every_shard_with_its_counts(tmp_path, cluster):
    _shards(tmp_path / "in", count=3, per_shard=10)
    out = tmp_path / "out"
    result = _run_dask(str(tmp_path / "in" / "*.jsonl.gz"), out, cluster.scheduler_address)
    assert result.returncode == 0, result.stderr.decode()
    manifest = json.loads((out / "run.json").read_text())
    assert manifest["engine"] == "dask"
    assert manifest["workers"] == 2
    assert [s["output"] for s in manifest["shards"]] == [f"shards/part-{k}" for k in range(3)]
    assert all(s["status"] == "done" and s["documents"] == 10 for s in manifest["shards"])
    assert manifest["counts"]["documents"] == 30
    assert manifest["counts"]["events"]["ATTACK"] >= 30
    assert all(len(entry["sha256"]) == 64 for entry in manifest["inputs"])
    assert run_cli("validate", str(out)).returncode == 0


def test_a_bad_line_in_a_shard_costs_that_line_only(tmp_path, cluster):
    folder = tmp_path / "in"
    folder.mkdir()
    good = [{"id": f"g{i}", "text": SENTENCE} for i in range(4)]
    lines = [json.dumps(r, ensure_ascii=False) for r in good]
    lines.insert(2, '{"id": "broken", "text": ')
    with gzip.open(folder / "part.jsonl.gz", "wt", encoding="utf-8") as stream:
        stream.write("\n".join(lines) + "\n")
    out = tmp_path / "out"
    result = _run_dask(str(folder / "part.jsonl.gz"), out, cluster.scheduler_address)
    assert result.returncode == 0, result.stderr.decode()
    documents, errors = _shard_ids(out)
    assert documents == [r["id"] for r in good]
    assert [e["reason"] for e in errors] == ["malformed_json"]


def test_resume_completes_only_the_unfinished_shards(tmp_path, cluster):
    rows = _shards(tmp_path / "in", count=3, per_shard=15)
    pattern = str(tmp_path / "in" / "*.jsonl.gz")
    out = tmp_path / "out"
    assert _run_dask(pattern, out, cluster.scheduler_address).returncode == 0
    expected = _shard_ids(out)
    # as a killed run leaves it: shard 1 half journaled with a torn last line, shard 2 untouched
    half = out / "shards" / "part-1"
    records = read_jsonl(half / "documents.jsonl")[:7]
    journal = "".join(
        json.dumps({"kind": "document", "record": r}, ensure_ascii=False) + "\n" for r in records
    )
    for name in ("documents.jsonl", "entities.jsonl", "events.jsonl", "errors.jsonl", "run.json"):
        (half / name).unlink()
    (half / ".journal.jsonl").write_text(journal + '{"kind": "docu', encoding="utf-8")
    for path in (out / "shards" / "part-2").iterdir():
        path.unlink()
    result = _run_dask(pattern, out, cluster.scheduler_address, "--resume")
    assert result.returncode == 0, result.stderr.decode()
    assert _shard_ids(out) == expected
    manifest = json.loads((out / "run.json").read_text())
    assert manifest["counts"]["skipped_already_done"] == 15 + 7
    assert manifest["counts"]["documents"] == len(rows) - 15 - 7


def _worker_pids(client) -> list[int]:
    return list(client.run(os.getpid).values())


def test_a_killed_dask_worker_costs_at_most_the_document_in_flight(tmp_path, cluster):
    rows = _shards(tmp_path / "in", count=2, per_shard=100, repeat=40)
    out = tmp_path / "out"
    command = [
        sys.executable, "-m", "pipeline", "run", str(tmp_path / "in" / "*.jsonl.gz"),
        "-o", str(out), "-q", "--profile", "rules",
        "--engine", "dask", "--scheduler", cluster.scheduler_address,
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=REPO, stderr=subprocess.PIPE)
    journal = out / "shards" / "part-0" / ".journal.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if journal.exists() and journal.read_bytes().count(b"\n") >= 10:
            break
        time.sleep(0.05)
    with distributed.Client(cluster.scheduler_address) as client:
        victims = _worker_pids(client)
    os.kill(victims[0], signal.SIGKILL)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr.decode()
    documents, errors = _shard_ids(out)
    assert sorted(documents + [e["doc_id"] for e in errors]) == sorted(r["id"] for r in rows)
    assert len(documents) == len(set(documents))
    assert len(errors) <= 1
    assert all(error["reason"] == "worker_died" for error in errors)


def test_dask_engine_without_a_scheduler_is_refused(tmp_path):
    _shards(tmp_path / "in", count=1, per_shard=2)
    result = run_cli("run", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--engine", "dask")
    assert result.returncode == 2
    assert b"--scheduler" in result.stderr


def test_dask_engine_refuses_inputs_that_are_not_jsonl_shards(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(SENTENCE, encoding="utf-8")
    result = _run_dask(str(article), tmp_path / "out", "tcp://127.0.0.1:1")
    assert result.returncode == 2
    assert b"JSONL shards" in result.stderr


def test_a_document_started_by_an_earlier_run_is_not_blamed_for_a_death(tmp_path):
    from pipeline.dask_engine import StartedLog

    earlier = StartedLog(tmp_path, run_token="run-1")
    earlier.begin(["doc-7"])
    earlier.close()
    assert StartedLog(tmp_path, run_token="run-1").killer == "doc-7"
    assert StartedLog(tmp_path, run_token="run-2").killer is None


def test_a_batch_in_flight_at_a_death_is_redone_one_document_at_a_time(tmp_path):
    from pipeline.dask_engine import StartedLog

    earlier = StartedLog(tmp_path, run_token="run-1")
    earlier.begin(["doc-1", "doc-2", "doc-3"])
    earlier.close()
    retry = StartedLog(tmp_path, run_token="run-1")
    assert retry.suspects == ["doc-1", "doc-2", "doc-3"]
    assert retry.killer is None
