"""The annotators' tool: read an article, find a string's occurrences, look up the KB, check a file.

    python -m pipeline.gold.annotate todo ANNOTATOR        the articles assigned, done or not
    python -m pipeline.gold.annotate show DOC_ID           metadata and text, in numbered lines
    python -m pipeline.gold.annotate find DOC_ID STRING    every occurrence, its `occ` and context
    python -m pipeline.gold.annotate kb NAME               knowledge-base entries for a name
    python -m pipeline.gold.annotate check FILE            compile one annotation file, say what
                                                            is wrong, and summarise it

The texts come from the shared data (`--data`, default ../shared/data). The pipeline's own
output is never shown: the gold is annotated from the text alone.
"""

from __future__ import annotations

import argparse
import json
import textwrap
from collections import Counter
from pathlib import Path

from pipeline.gold.compile import annotation_file, compile_annotation, read_assignments
from pipeline.gold.selection import read_tsv
from pipeline.gold.texts import GoldText, load_texts

CONTEXT = 40
LINE_WIDTH = 110


def one_text(data: Path, doc_id: str) -> GoldText:
    articles = [a for a in read_tsv() if a.doc_id == doc_id]
    if not articles:
        raise SystemExit(f"{doc_id} is not a gold article (corpus/gold/articles.tsv)")
    return load_texts(data, articles)[doc_id]


def show(gold: GoldText) -> None:
    article = gold.article
    print(f"doc_id: {article.doc_id}\nsplit: {article.split}  outlet: {article.outlet}")
    print(f"publication date: {article.date}\ntitle: {gold.title}\n")
    offset = 0
    for line in textwrap.wrap(gold.text, LINE_WIDTH, break_long_words=False):
        start = gold.text.find(line[:20], offset)
        print(f"[{start:5}] {line}")
        offset = max(offset, start)


def find(gold: GoldText, string: str) -> None:
    start, occ = gold.text.find(string), 0
    if start < 0:
        print(f"{string!r} does not occur in {gold.article.doc_id}")
    while start >= 0:
        occ += 1
        left = gold.text[max(0, start - CONTEXT) : start]
        right = gold.text[start + len(string) : start + len(string) + CONTEXT]
        print(f"occ {occ}  [{start}]  …{left}⟦{string}⟧{right}…")
        start = gold.text.find(string, start + 1)


def kb_lookup(name: str) -> None:
    from pipeline.kb import COMPILED, KnowledgeBase
    from pipeline.paths import models_dir

    kb = KnowledgeBase.from_file(models_dir() / "kb" / COMPILED)
    found = kb.candidates(name)
    if not found:
        print(f"no entry for {name!r}: use kb_id null (NIL) and give name_en")
    for entry in found:
        where = f" ({entry.kind}, {entry.country})" if entry.type == "LOC" else ""
        print(f"{entry.id}\t{entry.type}\t{entry.name_en}{where}\t{entry.role or ''}")


def check(data: Path, path: Path) -> int:
    raw = json.loads(path.read_text("utf-8"))
    gold = one_text(data, raw.get("doc_id", ""))
    record, problems = compile_annotation(raw, gold)
    for error in problems.errors:
        print(f"ERROR   {error}")
    for warning in problems.warnings:
        print(f"warning {warning}")
    if record is None:
        return 1
    labels = Counter(e["label"] for e in record["entities"])
    types = Counter(e["type"] for e in record["events"])
    print(
        f"ok: {len(record['entities'])} entities {dict(labels)}, "
        f"{len(record['events'])} events {dict(types)}"
    )
    return 0


def todo(annotator: str) -> None:
    assignments = read_assignments()
    splits = {article.doc_id: article.split for article in read_tsv()}
    order = {"test": 0, "dev": 1, "train": 2}
    mine = [doc for doc, names in assignments.items() if annotator in names]
    mine.sort(key=lambda doc_id: order[splits[doc_id]])
    for doc_id in mine:
        done = annotation_file(doc_id, annotator).exists()
        print(f"{'done' if done else 'todo'}\t{splits[doc_id]}\t{doc_id}")
    print(f"{sum(annotation_file(d, annotator).exists() for d in mine)} of {len(mine)} done")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("todo", help="the articles assigned, test first").add_argument("annotator")
    commands.add_parser("show").add_argument("doc_id")
    find_parser = commands.add_parser("find")
    find_parser.add_argument("doc_id")
    find_parser.add_argument("string")
    commands.add_parser("kb").add_argument("name")
    commands.add_parser("check").add_argument("file", type=Path)
    args = parser.parse_args(argv)
    if args.command == "todo":
        todo(args.annotator)
    elif args.command == "show":
        show(one_text(args.data, args.doc_id))
    elif args.command == "find":
        find(one_text(args.data, args.doc_id), args.string)
    elif args.command == "kb":
        kb_lookup(args.name)
    elif args.command == "check":
        return check(args.data, args.file)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
