"""One name, one label, throughout a document: repeat what the recogniser found elsewhere.

A model may tag `لافروف` in one sentence and miss it three sentences later. The names found in
a document become a small gazetteer for that document, and their other occurrences (with or
without a proclitic) are added where no mention is. Only the document's own mentions feed it.
A name the document gives several labels takes the label most of its mentions have (`دي ميستورا`
tagged PER twice and ORG once is PER three times).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from pipeline.lang.ar.fold import match_key
from pipeline.ner import Mention
from pipeline.ner.gazetteer import Gazetteer, merge

SOURCE = "ner:document"
MIN_NAME_CHARS = 3


def propagate(
    sentences: list[list[str]],
    mentions: list[list[Mention]],
    known: list[list[Mention]] | None = None,
) -> list[list[Mention]]:
    """`mentions` plus the further occurrences of each name they hold, sentence by sentence.

    `known`: the gazetteer's matches in the same sentences; they vote on labels too.
    """
    mentions = majority_labels(sentences, mentions, known)
    names = []
    for tokens, found in zip(sentences, mentions, strict=True):
        for mention in found:
            name = " ".join(tokens[mention.start : mention.end])
            if mention.source != SOURCE and len(name) >= MIN_NAME_CHARS:
                names.append((mention.label, name))
    if not names:
        return mentions
    document_names = Gazetteer(names)
    propagated = []
    for tokens, found in zip(sentences, mentions, strict=True):
        repeats = [
            Mention(m.start, m.end, m.label, source=SOURCE) for m in document_names.find(tokens)
        ]
        propagated.append(merge(found, repeats))
    return propagated


def with_layers(
    sentences: list[list[str]],
    found: list[list[Mention]],
    gazetteer: Gazetteer | None,
    consistency: bool = True,
) -> list[list[Mention]]:
    """A model's mentions with the stage's layers: gazetteer matches, then document consistency."""
    known = None
    if gazetteer is not None:
        known = [gazetteer.find(sentence) for sentence in sentences]
        found = [merge(mentions, listed) for mentions, listed in zip(found, known, strict=True)]
    if consistency:
        found = propagate(sentences, found, known)
    return found


def majority_labels(
    sentences: list[list[str]],
    mentions: list[list[Mention]],
    known: list[list[Mention]] | None = None,
) -> list[list[Mention]]:
    """Each name's mentions relabelled with the label most votes give it, when one wins.

    Every mention votes for its label, and so does every gazetteer match in `known`. A tie goes
    to the label the gazetteer gives the name: a list of known names is the better judge of a
    name's type than a model that hesitates.
    """
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    listed: dict[str, Counter[str]] = defaultdict(Counter)
    for tokens, found in zip(sentences, mentions, strict=True):
        for mention in found:
            votes[_name_key(tokens, mention)][mention.label] += 1
    for tokens, found in zip(sentences, known or [], strict=False):
        for mention in found:
            name = _name_key(tokens, mention)
            votes[name][mention.label] += 1
            listed[name][mention.label] += 1
    winners = {name: _winner(counts, listed.get(name)) for name, counts in votes.items()}
    relabelled = []
    for tokens, found in zip(sentences, mentions, strict=True):
        sentence = []
        for mention in found:
            label = winners[_name_key(tokens, mention)] or mention.label
            sentence.append(mention if label == mention.label else replace(mention, label=label))
        relabelled.append(sentence)
    return relabelled


def _name_key(tokens: list[str], mention: Mention) -> str:
    return match_key(" ".join(tokens[mention.start : mention.end]))


def _winner(counts: Counter[str], listed: Counter[str] | None = None) -> str | None:
    """The label with more votes than any other; on a tie, the gazetteer's; else None."""
    ranked = counts.most_common(2)
    if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
        return ranked[0][0]
    tied = [label for label, count in counts.items() if count == ranked[0][1]]
    if listed:
        favoured = [label for label in tied if listed[label]]
        if len(favoured) == 1:
            return favoured[0]
    return None
