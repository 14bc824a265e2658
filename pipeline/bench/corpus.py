"""The benchmark corpus: the seed articles, then articles spread evenly over the raw news."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.document import Document
from pipeline.read import Reader

RAWTEXT = Path("rawtext") / "saudinewsnet.jsonl"


def build_corpus(data: Path, seeds: Path, articles: int, target: Path) -> tuple[int, int]:
    """Seeds, then `articles` raw news articles spread evenly; returns (documents, words)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    rows = list(_seed_rows(seeds))
    rows += _spread_rows(data / RAWTEXT, articles)
    with target.open("w", encoding="utf-8") as stream:
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows), sum(len(row["text"].split()) for row in rows)


def _seed_rows(seeds: Path) -> list[dict[str, Any]]:
    """The seed articles as the pipeline reads them (with their metadata.jsonl dates)."""
    rows = []
    for doc in Reader([str(seeds)]):
        if isinstance(doc, Document):
            row = {"id": f"seed-{doc.doc_id}", "text": doc.text}
            if doc.date:
                row["date"] = doc.date
            rows.append(row)
    return rows


def _spread_rows(path: Path, articles: int) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        lines = stream.readlines()
    step = max(1, len(lines) // articles) if articles else 1
    chosen = lines[::step][:articles]
    rows = []
    for line in chosen:
        record = json.loads(line)
        rows.append({"id": record["id"], "text": record["text"], "date": record["date"][:10]})
    return rows


def head_of_corpus(corpus: Path, documents: int, target: Path) -> tuple[int, int]:
    """The first `documents` of a corpus file; returns (documents, words)."""
    count = words = 0
    with corpus.open(encoding="utf-8") as source, target.open("w", encoding="utf-8") as out:
        for line in source:
            if count >= documents:
                break
            out.write(line)
            count += 1
            words += len(json.loads(line)["text"].split())
    return count, words
