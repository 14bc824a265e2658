"""Workers: the output does not depend on their number, and one dying loses nothing else."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, run_cli

pytestmark = pytest.mark.slow  # end-to-end runs of the command line

SENTENCE = "وقال دي ميستورا في بيان إن المحادثات في جنيف مستمرة. "


def test_two_workers_write_byte_identical_documents(tmp_path):
    source = tmp_path / "in.jsonl"
    rows = [{"id": f"w{i}", "text": SENTENCE * (1 + i % 7)} for i in range(120)]
    rows.insert(40, {"id": "bad", "text": "English only, not an Arabic article."})
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    outputs = {}
    for workers in (1, 2):
        out = tmp_path / f"out{workers}"
        result = run_cli("run", str(source), "-o", str(out), "-q", "--workers", str(workers))
        assert result.returncode == 0, result.stderr.decode()
        outputs[workers] = [
            (out / name).read_bytes() for name in ("documents.jsonl", "errors.jsonl")
        ]
    assert outputs[1] == outputs[2]


def test_limit_stops_after_n_documents(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(
            json.dumps({"id": f"l{i}", "text": SENTENCE}, ensure_ascii=False) + "\n"
            for i in range(10)
        )
    )
    run_cli(
        "run", str(source), "-o", str(tmp_path / "out"), "-q", "--limit", "3", "--profile", "rules"
    )
    assert (tmp_path / "out" / "documents.jsonl").read_text().count("\n") == 3


def test_parallel_input_is_read_a_window_at_a_time():
    from pipeline.engine import batched

    consumed = []

    def documents():
        for i in range(1000):
            consumed.append(i)
            yield i

    first = next(batched(documents(), 64))
    assert first == list(range(64))
    assert len(consumed) == 64


def _worker_pids(parent: int) -> list[int]:
    """Pool workers among the children of `parent` (not multiprocessing's resource tracker)."""
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    workers = []
    for child in children:
        cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        if b"spawn_main" in cmdline:
            workers.append(int(child))
    return workers


def test_a_killed_worker_costs_no_other_document(tmp_path):
    source = tmp_path / "in.jsonl"
    rows = [{"id": f"k{i}", "text": SENTENCE * 150} for i in range(1000)]
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "run", str(source), "-o", str(out), "-q"]
    process = subprocess.Popen(
        [*command, "--profile", "rules", "--workers", "2"], cwd=REPO, stderr=subprocess.PIPE
    )
    journal = out / ".journal.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if journal.exists() and journal.read_bytes().count(b"\n") >= 100:
            break
        time.sleep(0.05)
    victims = _worker_pids(process.pid)
    assert victims, "no worker process found"
    os.kill(victims[0], signal.SIGKILL)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr.decode()
    documents = [json.loads(line)["doc_id"] for line in (out / "documents.jsonl").open()]
    errors = [json.loads(line) for line in (out / "errors.jsonl").open()]
    assert sorted(documents + [e["doc_id"] for e in errors]) == sorted(r["id"] for r in rows)
    assert len(documents) == len(set(documents))
    assert all(error["reason"] == "worker_died" for error in errors)
    assert len(errors) <= 1
    assert documents == sorted(documents, key=lambda doc_id: int(doc_id[1:]))


class _UpperStage:
    """A stage with a batch `pipe` that fails for the whole batch when one document is bad."""

    name = "upper"
    version = "test"

    def __init__(self) -> None:
        self.batch_calls = 0

    def __call__(self, doc):
        if "بسبب" in doc.text:
            raise ValueError("this document breaks the stage")
        doc.title = doc.text.upper()
        return doc

    def pipe(self, docs):
        self.batch_calls += 1
        return [self(doc) for doc in docs]

    def provenance(self):
        return []


def test_a_batch_that_fails_in_a_stage_costs_only_the_failing_document():
    from pipeline.document import Document, SourceInfo
    from pipeline.engine import process_batch

    texts = ["قال دي ميستورا", "انفجار بسبب سيارة مفخخة", "وصل لافروف إلى جنيف"]
    docs = [
        Document(doc_id=f"b{i}", text=text, source=SourceInfo("b.jsonl", "0" * 64, "utf-8", i))
        for i, text in enumerate(texts)
    ]
    stage = _UpperStage()
    outcomes = process_batch([stage], docs)
    assert stage.batch_calls == 1
    assert [o.kind for o in outcomes] == ["document", "error", "document"]
    assert outcomes[1].record["reason"] == "stage_failed"
    assert "breaks the stage" in outcomes[1].record["message"]
    assert [o.record["doc_id"] for o in outcomes] == ["b0", "b1", "b2"]
