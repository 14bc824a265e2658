"""One name, one label, throughout a document: repeat what the recogniser found elsewhere.

A model may tag `لافروف` in one sentence and miss it three sentences later. The names found in
a document become a small gazetteer for that document, and their other occurrences (with or
without a proclitic) are added where no mention is. Only the document's own mentions feed it.
"""

from __future__ import annotations

from pipeline.ner import Mention
from pipeline.ner.gazetteer import Gazetteer, merge

SOURCE = "ner:document"
MIN_NAME_CHARS = 3


def propagate(sentences: list[list[str]], mentions: list[list[Mention]]) -> list[list[Mention]]:
    """`mentions` plus the further occurrences of each name they hold, sentence by sentence."""
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
