"""Named-entity recognition: the pieces the `ner` stage and `make eval-ner` share.

- `recognisers`: the trained models (spaCy = fast, stanza = accurate) behind one interface,
  token lists in, token-span mentions out;
- `gazetteer`: known names (ANERGazet, GeoNames, the project's own list) matched on folded
  tokens, added where no model span is;
- `clitics`: strips a proclitic off a name (`بحمص` → `حمص`) using word frequencies.

Tokens are the project's word tokens (`pipeline.tokenization`) of the normalised text, the
units ANERcorp is annotated in.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity over tokens [start, end) of one sentence."""

    start: int
    end: int
    label: str
    source: str
    score: float | None = None

    def overlaps(self, other: Mention) -> bool:
        return self.start < other.end and other.start < self.end


def tag_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) token spans of BIO or BIOES tags; a stray `I-`/`E-` starts a span."""
    spans: list[tuple[int, int, str]] = []
    start, label = None, None
    for index, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        continues = prefix in ("I", "E") and kind == label
        if start is not None and not continues:
            spans.append((start, index, label))
            start, label = None, None
        if prefix in ("B", "I", "E", "S") and not continues:
            start, label = index, kind
        if prefix in ("E", "S"):
            spans.append((start, index + 1, label))
            start, label = None, None
    return spans
