"""The output does not depend on the number of workers."""

import json

from conftest import run_cli

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
    from pipeline.runner import _windows

    consumed = []

    def documents():
        for i in range(1000):
            consumed.append(i)
            yield i

    first = next(_windows(documents(), 64))
    assert first == list(range(64))
    assert len(consumed) == 64
