"""Draw the articles of the gold corpus from the raw news, by the rule in gold_selection.toml.

`python -m pipeline.gold.selection --data ../shared/data` writes `corpus/gold/articles.tsv`
(one row per article with its split and kind) and `corpus/gold/assignments.tsv` (who
annotates which article; the second annotator of the doubly annotated ones). The draw is
deterministic (sha1 order), so the same data and settings give the same files; the text itself
stays in the shared data.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import resources
from pipeline.paths import REPO_ROOT

RAWTEXT = Path("rawtext") / "saudinewsnet.jsonl"
ARTICLES_TSV = REPO_ROOT / "corpus" / "gold" / "articles.tsv"
SEED_FOLDER = REPO_ROOT / "corpus"
COLUMNS = ("doc_id", "split", "kind", "outlet", "date", "words", "text_sha256")


@dataclass(frozen=True, slots=True)
class Article:
    """One drawn article: where its text is, and which split and kind it belongs to."""

    doc_id: str
    split: str
    kind: str
    outlet: str
    date: str
    words: int
    text_sha256: str

    def row(self) -> str:
        values = (self.doc_id, self.split, self.kind, self.outlet, self.date)
        return "\t".join((*values, str(self.words), self.text_sha256))


def load_settings() -> dict[str, Any]:
    """The selection settings shipped with the package."""
    return tomllib.loads(resources.read_text("gold_selection.toml"))


def text_sha256(text: str) -> str:
    """The sha256 of an article's text as UTF-8: how the corpus checks it reads the same text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Classifier:
    """Says whether a raw article is about the Syrian war, other news, or neither."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.syria = re.compile("|".join(settings["syria_patterns"]))
        self.conflict = re.compile("|".join(settings["conflict_patterns"]))
        self.head_chars = settings["head_chars"]
        self.min_conflict = settings["min_conflict_hits"]
        self.min_syria = settings["min_syria_hits"]
        self.words = (settings["min_words"], settings["max_words"])

    def kind(self, title: str, text: str) -> str | None:
        if not self.words[0] <= len(text.split()) <= self.words[1]:
            return None
        head = f"{title} {text[: self.head_chars]}"
        if self.syria.search(head) and self.enough_hits(text):
            return "syria"
        if not self.syria.search(f"{title} {text}"):
            return "other"
        return None

    def enough_hits(self, text: str) -> bool:
        syria_hits = len(self.syria.findall(text))
        conflict_hits = len(self.conflict.findall(text))
        return syria_hits >= self.min_syria and conflict_hits >= self.min_conflict


def read_raw(path: Path) -> Iterator[dict[str, Any]]:
    """The raw news articles, one dict per JSONL line."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def draw_order(version: str, doc_id: str, salt: str = "") -> str:
    return hashlib.sha1(f"{version}:{salt}{doc_id}".encode()).hexdigest()


def draw(raw: Iterable[dict[str, Any]], settings: dict[str, Any]) -> list[Article]:
    """The articles of both kinds, with their split, in draw order."""
    classifier = Classifier(settings)
    candidates: dict[str, list[dict[str, Any]]] = {"syria": [], "other": []}
    for record in raw:
        kind = classifier.kind(record.get("title") or "", record["text"])
        if kind:
            candidates[kind].append(record)
    articles = []
    for kind in ("syria", "other"):
        taken = take_capped(candidates[kind], settings, kind)
        articles.extend(assign_splits(taken, settings, kind))
    return articles


def draw_extension(
    raw: Iterable[dict[str, Any]], settings: dict[str, Any], first: list[Article]
) -> list[Article]:
    """The extension's Syrian-war articles (all train): the relaxed rule, the first draw's
    articles skipped, its outlets' counts carried over to the cap."""
    relaxed = {**settings, **settings["extension"]}
    classifier = Classifier(relaxed)
    taken_ids = {article.doc_id for article in first}
    outlets = Counter(article.outlet for article in first if article.kind == "syria")
    candidates = [
        record
        for record in raw
        if record["id"] not in taken_ids
        and classifier.kind(record.get("title") or "", record["text"]) == "syria"
    ]
    relaxed["syria_count"] = settings["extension"]["count"]
    taken = take_capped(candidates, relaxed, "syria", outlets)
    return [to_article(record, "train", "syria") for record in taken]


def take_capped(
    records: list[dict[str, Any]],
    settings: dict[str, Any],
    kind: str,
    per_outlet: Counter[str] | None = None,
) -> list:
    version = settings["version"]
    count, cap = settings[f"{kind}_count"], settings[f"{kind}_outlet_cap"]
    per_outlet = Counter(per_outlet or {})
    taken = []
    for record in sorted(records, key=lambda r: draw_order(version, r["id"])):
        if len(taken) == count:
            break
        if per_outlet[record["source"]] < cap:
            per_outlet[record["source"]] += 1
            taken.append(record)
    if len(taken) < count:
        raise SystemExit(f"only {len(taken)} {kind} articles match the rule (want {count})")
    return taken


def assign_splits(records: list[dict[str, Any]], settings: dict[str, Any], kind: str) -> list:
    version = settings["version"]
    sizes = settings["split"][kind]
    ordered = sorted(records, key=lambda r: draw_order(version, r["id"], "split:"))
    articles = []
    for index, record in enumerate(ordered):
        if index < sizes["test"]:
            split = "test"
        elif index < sizes["test"] + sizes["dev"]:
            split = "dev"
        else:
            split = "train"
        articles.append(to_article(record, split, kind))
    return articles


def to_article(record: dict[str, Any], split: str, kind: str) -> Article:
    text = record["text"]
    return Article(
        doc_id=record["id"],
        split=split,
        kind=kind,
        outlet=record["source"],
        date=record["date"][:10],
        words=len(text.split()),
        text_sha256=text_sha256(text),
    )


def seed_articles(folder: Path = SEED_FOLDER) -> list[Article]:
    """The seed articles of corpus/ (train only), with their metadata's dates."""
    metadata = {}
    for line in (folder / "metadata.jsonl").read_text("utf-8").splitlines():
        entry = json.loads(line)
        metadata[entry["id"]] = entry
    seeds = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text("utf-8")
        entry = metadata.get(path.stem, {})
        seeds.append(
            Article(
                doc_id=path.stem,
                split="train",
                kind="seed",
                outlet=entry.get("source") or "",
                date=entry.get("date") or "",
                words=len(text.split()),
                text_sha256=text_sha256(text),
            )
        )
    return seeds


def candidate_counts(
    raw: Iterable[dict[str, Any]], settings: dict[str, Any]
) -> tuple[int, Counter[str]]:
    """How many raw articles there are, and how many of each kind the first rule admits."""
    classifier = Classifier(settings)
    total, kinds = 0, Counter()
    for record in raw:
        total += 1
        kinds[classifier.kind(record.get("title") or "", record["text"]) or "neither"] += 1
    return total, kinds


def write_tsv(articles: list[Article], path: Path) -> None:
    lines = ["\t".join(COLUMNS), *(article.row() for article in articles)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_tsv(path: Path = ARTICLES_TSV) -> list[Article]:
    """The articles of the gold corpus as drawn (corpus/gold/articles.tsv)."""
    rows = path.read_text("utf-8").splitlines()
    header = tuple(rows[0].split("\t"))
    if header != COLUMNS:
        raise ValueError(f"{path}: unexpected columns {header}")
    articles = []
    for row in rows[1:]:
        doc_id, split, kind, outlet, date, words, sha = row.split("\t")
        articles.append(Article(doc_id, split, kind, outlet, date, int(words), sha))
    return articles


def assign(
    articles: list[Article], annotators: list[str], second: str, double: int
) -> list[tuple[str, list[str]]]:
    """Who annotates what: each article to the least-loaded annotator (in words), in draw order;
    `double` articles of dev and test, half each, also to the `second` annotator."""
    load = {name: 0 for name in annotators}
    assignments = []
    for article in articles:
        first = min(annotators, key=lambda name: (load[name], name))
        load[first] += article.words
        assignments.append((article.doc_id, [first]))
    for split in ("dev", "test"):
        ids = [a.doc_id for a in articles if a.split == split and a.kind == "syria"]
        chosen = set(sorted(ids, key=lambda i: draw_order("double", i))[: double // 2])
        for doc_id, names in assignments:
            if doc_id in chosen:
                names.append(second)
    return assignments


def write_assignments(assignments: list[tuple[str, list[str]]], path: Path) -> None:
    lines = ["doc_id\tannotators", *(f"{d}\t{','.join(n)}" for d, n in assignments)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=ARTICLES_TSV)
    parser.add_argument("--annotators", default="A1,A2,A3,A4,A5,A6")
    parser.add_argument("--second", default="B1", help="the second annotator of --double articles")
    parser.add_argument("--double", type=int, default=20)
    parser.add_argument(
        "--extension-annotators", default="A7,A8,A9", help="annotators of the extension draw"
    )
    args = parser.parse_args(argv)
    settings = load_settings()
    first = draw(read_raw(args.data / RAWTEXT), settings)
    extension = draw_extension(read_raw(args.data / RAWTEXT), settings, first)
    articles = first + seed_articles() + extension
    write_tsv(articles, args.out)
    annotators = args.annotators.split(",")
    assignments = assign(first + seed_articles(), annotators, args.second, args.double)
    assignments += assign(extension, args.extension_annotators.split(","), args.second, 0)
    write_assignments(assignments, args.out.parent / "assignments.tsv")
    counts = Counter((a.kind, a.split) for a in articles)
    raw_count, candidates = candidate_counts(read_raw(args.data / RAWTEXT), settings)
    print(
        f"{raw_count} raw articles; under the rule: {candidates['syria']} Syrian-war and "
        f"{candidates['other']} other candidates"
    )
    print(f"{args.out}: {len(articles)} articles ({settings['version']})")
    for (kind, split), n in sorted(counts.items()):
        print(f"  {kind:6} {split:5} {n}")


if __name__ == "__main__":
    main()
