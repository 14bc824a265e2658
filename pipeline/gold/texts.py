"""The texts of the gold articles, read back from the shared data (never copied into the repo).

The raw news articles are read from DATA/rawtext by id, the seeds from corpus/; each text is
checked against the sha256 that `corpus/gold/articles.tsv` recorded when it was drawn.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.gold.selection import RAWTEXT, SEED_FOLDER, Article, read_tsv, text_sha256


class GoldTextError(Exception):
    """A gold article's text is missing or is not the text that was annotated."""


@dataclass(frozen=True, slots=True)
class GoldText:
    """A gold article with its text and the metadata of its source."""

    article: Article
    text: str
    title: str | None


def load_texts(data: Path, articles: Iterable[Article] | None = None) -> dict[str, GoldText]:
    """The texts of `articles` (all of articles.tsv by default), by doc_id."""
    wanted = {a.doc_id: a for a in (read_tsv() if articles is None else articles)}
    texts = {}
    for doc_id, article in wanted.items():
        if article.kind == "seed":
            texts[doc_id] = read_seed(article)
    raw_ids = {doc_id for doc_id, a in wanted.items() if a.kind != "seed"}
    if raw_ids:
        texts.update(read_raw_texts(data / RAWTEXT, raw_ids, wanted))
    missing = sorted(set(wanted) - set(texts))
    if missing:
        raise GoldTextError(f"{len(missing)} gold articles not found in {data}: {missing[:3]}")
    return texts


def read_seed(article: Article) -> GoldText:
    text = (SEED_FOLDER / f"{article.doc_id}.txt").read_text("utf-8")
    return checked(GoldText(article, text, None))


def read_raw_texts(path: Path, ids: set[str], wanted: dict[str, Article]) -> dict[str, GoldText]:
    if not path.exists():
        raise GoldTextError(f"{path} is missing: give the shared data folder with --data")
    texts = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["id"] in ids:
                article = wanted[record["id"]]
                texts[article.doc_id] = checked(GoldText(article, record["text"], record["title"]))
    return texts


def checked(gold: GoldText) -> GoldText:
    if text_sha256(gold.text) != gold.article.text_sha256:
        raise GoldTextError(f"{gold.article.doc_id}: the text is not the one annotated (sha256)")
    return gold


def pipeline_input(gold: GoldText) -> dict[str, str | None]:
    """The article as one line of the pipeline's JSONL input."""
    article = gold.article
    return {
        "id": article.doc_id,
        "text": gold.text,
        "date": article.date or None,
        "source": article.outlet or None,
        "title": gold.title,
    }


def write_input(gold_file: Path, data: Path, out: Path, corpus: str | None = None) -> int:
    """Write the articles of a gold file (those of one source corpus when `corpus` is given) as
    the pipeline's JSONL input; returns how many."""
    records = [json.loads(line) for line in gold_file.read_text("utf-8").splitlines()]
    ids = [r["doc_id"] for r in records if corpus is None or r["source"]["corpus"] == corpus]
    articles = [a for a in read_tsv() if a.doc_id in set(ids)]
    texts = load_texts(data, articles)
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = (json.dumps(pipeline_input(texts[doc_id]), ensure_ascii=False) for doc_id in ids)
    out.write_text("".join(f"{line}\n" for line in lines), "utf-8")
    return len(ids)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a gold split's articles as pipeline input.")
    parser.add_argument("gold_file", type=Path, help="corpus/gold/SPLIT.jsonl")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, required=True, help="JSONL file to write")
    parser.add_argument("--only-corpus", help="only the articles of this source corpus (seed)")
    args = parser.parse_args(argv)
    count = write_input(args.gold_file, args.data, args.out, args.only_corpus)
    print(f"{args.out}: {count} articles")


if __name__ == "__main__":
    main()
