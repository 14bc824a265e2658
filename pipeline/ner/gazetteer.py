"""Known names matched on folded tokens: recall for names the models miss.

The compiled list (`models/ner/gazetteer.tsv`: label, name, source) is built by
`make train-ner` from ANERGazet (places and organisations; its person list holds single first
and family names, too ambiguous alone), the Arabic names of GeoNames cities15000 and the
project's knowledge base (`models/kb/entities.jsonl`). Entries that the ANERcorp training
split shows to be mostly not entities (`عمان` as a verb form, …) are dropped at build time.

Both sides are folded the same way (`pipeline.lang.ar.fold.match_key`: the pipeline's
normaliser, then ة→ه, since the lists mostly write tā' marbūṭa and hamza loosely). A match may
start on a word that carries a proclitic (`بحمص`, `وموسكو`, read by
`pipeline.lang.ar.clitics.first_word_forms`): the span still covers the whole word, as ANERcorp
tags it; the NER stage strips the clitic afterwards. Model spans win, except over a known name
that strictly contains them (see `merge`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline.lang.ar.clitics import first_word_forms
from pipeline.lang.ar.fold import match_key
from pipeline.ner import Mention

MAX_NAME_TOKENS = 6
SOURCE = "gazetteer"


class Gazetteer:
    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        """`entries`: (label, name) pairs; a name listed under two labels keeps the first."""
        self.labels: dict[tuple[str, ...], str] = {}
        self.longest_from: dict[str, int] = {}  # first word → tokens of its longest name
        for label, name in entries:
            key = tuple(match_key(name).split())
            if 0 < len(key) <= MAX_NAME_TOKENS:
                self.labels.setdefault(key, label)
                self.longest_from[key[0]] = max(len(key), self.longest_from.get(key[0], 0))

    @classmethod
    def from_file(cls, path: Path) -> Gazetteer:
        entries = []
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                label, name, _source = line.rstrip("\n").split("\t")
                entries.append((label, name))
        return cls(entries)

    def __len__(self) -> int:
        return len(self.labels)

    def find(self, tokens: list[str]) -> list[Mention]:
        """Longest matches, left to right, not overlapping each other."""
        keys = [match_key(token) for token in tokens]
        mentions = []
        index = 0
        while index < len(keys):
            match = self._longest_match(keys, index)
            if match is None:
                index += 1
                continue
            mentions.append(match)
            index = match.end
        return mentions

    def _longest_match(self, keys: list[str], start: int) -> Mention | None:
        firsts = [form for form in first_word_forms(keys[start]) if form in self.longest_from]
        if not firsts:  # most words start no name: one set lookup per form
            return None
        longest = min(max(self.longest_from[form] for form in firsts), len(keys) - start)
        for length in range(longest, 0, -1):
            for first in firsts:
                name = (first, *keys[start + 1 : start + length])
                label = self.labels.get(name)
                if label is not None:
                    return Mention(start, start + length, label, source=SOURCE)
        return None


def merge(model: list[Mention], gazetteer: list[Mention]) -> list[Mention]:
    """Model mentions plus the gazetteer's, in order.

    A gazetteer mention that overlaps no model mention is added. One that strictly contains the
    model mentions it overlaps (the model found `مستورا` of `بدي مستورا`, the list knows
    `دي مستورا`) replaces them: a known full name beats a piece of it. Otherwise the model wins.
    """
    kept = list(model)
    for found in gazetteer:
        overlapping = [m for m in kept if found.overlaps(m)]
        if overlapping and not _strictly_contains(found, overlapping):
            continue
        kept = [m for m in kept if m not in overlapping]
        kept.append(found)
    return sorted(kept, key=lambda mention: mention.start)


def _strictly_contains(outer: Mention, inner: list[Mention]) -> bool:
    inside = all(outer.start <= m.start and m.end <= outer.end for m in inner)
    longer = all(outer.end - outer.start > m.end - m.start for m in inner)
    return inside and longer
