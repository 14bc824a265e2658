"""Stage `segment`: rule-based sentences and tokens, read off the normalised text.

This is the document's one token layer, in every profile: the syntax stage analyses these
tokens and the NER models tag them, as they were trained (ANERcorp is tokenised the same way).
Each token gets its folded key once, here. Sentences end at line breaks and at `. ! ? ؟`
followed by space, except after an ellipsis inside a line, a single letter (`د.` for doctor) or
a listed abbreviation. Tokens are runs of letters, numbers (with `: . , /` inside, so `09:00`
and `3.5` stay whole), links, or single punctuation marks; clitics stay attached (the syntax
stage's models may split them into sub-words). A sentence longer than `MAX_SENTENCE_TOKENS` (a
feed without punctuation) is cut, at a comma where one is near.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline import resources
from pipeline.document import Document, Sentence, Token
from pipeline.lang.ar.fold import key_of_normalised
from pipeline.stages import Contract, DocumentStage, resource_provenance
from pipeline.tokenization import LINE, TOKEN, bounded_spans

ABBREVIATIONS_RESOURCE = "abbreviations.txt"

SENTENCE_END = re.compile(r"(?:[.!?؟]+|…)[\"”»'’)\]]*(?=\s|$)")
ELLIPSIS = re.compile(r"\.\.\.|…")


def load_abbreviations() -> frozenset[str]:
    return frozenset(resources.read_words(ABBREVIATIONS_RESOURCE))


CONTRACT = Contract(requires=("normalized",), assigns=("sentences", "tokens"))


class SegmentStage(DocumentStage):
    contract = CONTRACT
    name = "segment"
    version = "1"

    def __init__(self, abbreviations: frozenset[str] | None = None) -> None:
        self.abbreviations = abbreviations if abbreviations is not None else load_abbreviations()

    def __call__(self, doc: Document) -> Document:
        if doc.normalized is None:
            raise RuntimeError("segment needs the normalise stage to run first")
        text = doc.normalized.text
        doc.sentences = []
        doc.tokens = []
        for sent_start, sent_end in self.sentence_spans(text):
            index, first = len(doc.sentences), len(doc.tokens)
            for match in TOKEN.finditer(text, sent_start, sent_end):
                doc.tokens.append(_token(doc, match, index))
            start, end = doc.token_offsets((first, len(doc.tokens)))
            doc.sentences.append(Sentence(start, end, first, len(doc.tokens)))
        return doc

    def sentence_spans(self, text: str) -> list[tuple[int, int]]:
        """Sentence spans of normalised text, trimmed of surrounding space, of bounded length."""
        spans = []
        for line in LINE.finditer(text):
            start = line.start()
            for end in [*self._line_breaks(text, line.start(), line.end()), line.end()]:
                spans.extend(bounded_spans(text, start, end))
                start = end
        return spans

    def _line_breaks(self, text: str, line_start: int, line_end: int) -> list[int]:
        breaks = []
        for match in SENTENCE_END.finditer(text, line_start, line_end):
            if match.end() < line_end and ELLIPSIS.search(match.group(0)):
                continue
            if match.group(0).startswith(".") and self._is_abbreviation(text, line_start, match):
                continue
            breaks.append(match.end())
        return breaks

    def _is_abbreviation(self, text: str, line_start: int, match: re.Match[str]) -> bool:
        word_start = max(text.rfind(" ", line_start, match.start()) + 1, line_start)
        word = text[word_start : match.start()].lstrip("(\"«'")
        return (len(word) == 1 and word.isalpha()) or word in self.abbreviations

    def provenance(self) -> list[dict[str, Any]]:
        return resource_provenance(ABBREVIATIONS_RESOURCE)


def _token(doc: Document, match: re.Match[str], sentence: int) -> Token:
    start, end = doc.original_span(match.start(), match.end())
    norm = match.group(0)
    return Token(
        start=start,
        end=end,
        text=doc.text[start:end],
        norm=norm,
        sentence=sentence,
        key=key_of_normalised(norm),
        norm_start=match.start(),
        norm_end=match.end(),
    )


def create(options: dict[str, Any]) -> SegmentStage:
    return SegmentStage()
