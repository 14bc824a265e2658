"""Minimal CoNLL-U reading and writing for preparing treebanks (no multi-word-token ranges)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ConlluSentence:
    comments: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)  # the 10 columns of each word line

    def text(self) -> str:
        """The sentence text rebuilt from its words and their SpaceAfter=No marks."""
        pieces = []
        for row in self.rows:
            pieces.append(row[1])
            if "SpaceAfter=No" not in row[9].split("|"):
                pieces.append(" ")
        return "".join(pieces).rstrip()


def read_conllu(path: Path) -> Iterator[ConlluSentence]:
    sentence = ConlluSentence()
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            line = line.rstrip("\n")
            if not line:
                if sentence.rows:
                    yield sentence
                sentence = ConlluSentence()
            elif line.startswith("#"):
                sentence.comments.append(line)
            else:
                columns = line.split("\t")
                if "-" in columns[0] or "." in columns[0]:
                    continue  # ranges and empty nodes: PUD has none, the tools skip them
                sentence.rows.append(columns)
    if sentence.rows:
        yield sentence


def map_forms(sentence: ConlluSentence, fold: Callable[[str], str]) -> ConlluSentence:
    """A copy with word forms and lemmas folded (normalised); `# text` rebuilt to match."""
    rows = []
    for row in sentence.rows:
        new = list(row)
        new[1] = fold(row[1]).replace(" ", "") or row[1]
        if row[2] != "_":
            new[2] = fold(row[2]).replace(" ", "") or row[2]
        rows.append(new)
    result = ConlluSentence([c for c in sentence.comments if not c.startswith("# text")], rows)
    result.comments.append(f"# text = {result.text()}")
    return result


def write_conllu(sentences: list[ConlluSentence], path: Path) -> None:
    with path.open("w", encoding="utf-8") as stream:
        for sentence in sentences:
            for comment in sentence.comments:
                stream.write(comment + "\n")
            for row in sentence.rows:
                stream.write("\t".join(row) + "\n")
            stream.write("\n")
