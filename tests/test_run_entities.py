"""Run-wide ids for entities the knowledge base does not hold."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import read_jsonl

from pipeline.run_entities import write_run_entities

HOMS = {"name_en": "Homs", "kb_id": "loc:homs"}


def mention(doc_id: str, entity_id: str, label: str, text: str, cluster: str, kb=None) -> dict:
    return {"doc_id": doc_id, "id": entity_id, "label": label, "text": text, "start": 0,
            "end": len(text), "sentence": 0, "normalized": text, "canonical": kb,
            "cluster": cluster, "score": None, "source": "ner:spacy"}  # fmt: skip


def _out(tmp_path: Path, rows: list[dict], stories: list[dict] = ()) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    (out / "entities.jsonl").write_text(lines, "utf-8")
    (out / "stories.jsonl").write_text("".join(json.dumps(s) + "\n" for s in stories), "utf-8")
    write_run_entities(out, [out])
    return out


def _ids(out: Path) -> list:
    return [row["run_entity"] for row in read_jsonl(out / "entities.jsonl")]


def test_one_unknown_commander_in_two_articles_is_one_run_entity(tmp_path):
    out = _out(tmp_path, [mention("a", "e0", "PER", "إبراهيم درويش", "c0"),
                          mention("b", "e3", "PER", "وإبراهيم درويش", "c2")])  # fmt: skip
    first, second = _ids(out)
    assert first == second and first.startswith("r-")
    (entry,) = read_jsonl(out / "entities_index.jsonl")
    assert entry["documents"] == ["a", "b"] and entry["mentions"] == 2


def test_mentions_linked_to_the_knowledge_base_get_no_run_id(tmp_path):
    out = _out(tmp_path, [mention("a", "e0", "LOC", "حمص", "c0", kb=HOMS)])
    assert _ids(out) == [None]
    assert read_jsonl(out / "entities_index.jsonl") == []


def test_a_one_word_name_joins_across_articles_only_when_they_share_a_story(tmp_path):
    rows = [mention(d, "e0", "PER", "حسن", "c0") for d in ("a", "b", "c")]
    members = [{"doc_id": "a", "event": "v0"}, {"doc_id": "b", "event": "v1"}]
    story = {"story": "s-1", "documents": 2, "members": members}
    a, b, c = _ids(_out(tmp_path, rows, [story]))
    assert a == b != c


def test_the_same_name_with_another_label_is_another_entity(tmp_path):
    out = _out(tmp_path, [mention("a", "e0", "PER", "عمر المختار", "c0"),
                          mention("b", "e0", "ORG", "عمر المختار", "c0")])  # fmt: skip
    first, second = _ids(out)
    assert first != second
