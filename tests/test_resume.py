"""A run killed with SIGKILL and resumed ends with exactly one whole record per document."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, read_jsonl, run_cli

from pipeline.write import JOURNAL

pytestmark = pytest.mark.slow  # end-to-end runs of the command line

# Resuming is about the journal, not the models: the model-free profile keeps these runs short.
RULES = ("--profile", "rules")
SENTENCE = "واقتحم مسلحون مقرين لقوات النظام السوري في حمص، السبت، وقتلوا العشرات. "
DOCUMENTS = 3000


@pytest.fixture(scope="module")
def many_articles(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("many") / "articles.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for i in range(DOCUMENTS):
            record = {"id": f"a{i:05d}", "text": SENTENCE * (20 + i % 30)}
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def journal_lines(out: Path) -> int:
    path = out / JOURNAL
    return path.read_bytes().count(b"\n") if path.exists() else 0


def kill_when_journal_has(out: Path, process: subprocess.Popen, lines: int) -> None:
    deadline = time.monotonic() + 120
    while journal_lines(out) < lines:
        assert process.poll() is None, "the run finished before it could be killed"
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.005)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


def test_killed_run_resumes_to_exactly_one_record_per_document(many_articles, tmp_path):
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", str(many_articles), "-o", str(out), "-q", *RULES],
        cwd=REPO,
    )
    kill_when_journal_has(out, process, 200)
    assert not (out / "documents.jsonl").exists(), "final files appear only when a run ends"
    done_before = journal_lines(out)
    assert done_before < DOCUMENTS

    result = run_cli("run", str(many_articles), "-o", str(out), "--resume", "-q", *RULES)
    assert result.returncode == 0, result.stderr.decode()
    ids = [record["doc_id"] for record in read_jsonl(out / "documents.jsonl")]
    assert ids == [f"a{i:05d}" for i in range(DOCUMENTS)]
    manifest = json.loads((out / "run.json").read_text())
    assert manifest["counts"]["skipped_already_done"] >= done_before
    assert not (out / JOURNAL).exists()


def test_torn_last_line_is_dropped_and_its_document_redone(tmp_path):
    source = tmp_path / "in.jsonl"
    rows = [{"id": f"t{i}", "text": SENTENCE} for i in range(3)]
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    out = tmp_path / "out"
    run_cli("run", str(source), "-o", str(out), "-q", *RULES)
    finished = (out / "documents.jsonl").read_text().splitlines(keepends=True)
    journal = "".join(
        json.dumps({"kind": "document", "record": json.loads(line)}) + "\n" for line in finished[:2]
    )
    torn = json.dumps({"kind": "document", "record": json.loads(finished[2])})[:40]
    for name in ("documents.jsonl", "entities.jsonl", "events.jsonl", "errors.jsonl"):
        (out / name).unlink()
    (out / JOURNAL).write_text(journal + torn)

    result = run_cli("run", str(source), "-o", str(out), "--resume", "-q", *RULES)
    assert result.returncode == 0, result.stderr.decode()
    assert (out / "documents.jsonl").read_text().splitlines(keepends=True) == finished


def test_resume_after_a_finished_run_adds_only_new_documents(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text(SENTENCE, encoding="utf-8")
    out = tmp_path / "out"
    run_cli("run", str(folder), "-o", str(out), "-q", *RULES)
    (folder / "two.txt").write_text(SENTENCE, encoding="utf-8")
    result = run_cli("run", str(folder), "-o", str(out), "--resume", "-q", *RULES)
    assert result.returncode == 0
    assert [r["doc_id"] for r in read_jsonl(out / "documents.jsonl")] == ["one", "two"]
    assert json.loads((out / "run.json").read_text())["counts"]["skipped_already_done"] == 1


def test_run_without_resume_starts_afresh(tmp_path):
    source = tmp_path / "in.txt"
    source.write_text(SENTENCE, encoding="utf-8")
    out = tmp_path / "out"
    run_cli("run", str(source), "-o", str(out), "-q", *RULES)
    run_cli("run", str(source), "-o", str(out), "-q", *RULES)
    assert len(read_jsonl(out / "documents.jsonl")) == 1
