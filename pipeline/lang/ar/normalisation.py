"""Arabic text normalisation for matching and models, with an offset map back to the original.

The rules run in a fixed order, each one an edit of an `AlignedText`:

1. leftover HTML: tags become a space, entities their character;
2. bidi and other invisible controls are dropped;
3. Arabic presentation forms (ﻻ, ﺣ …) are unfolded to plain letters (NFKC);
4. NFC;
5. diacritics and tatweel are dropped (their span joins the letter they sit on);
6. alef/hamza, ya and kaf variants, Eastern digits, Arabic punctuation and exotic spaces are
   folded (one character for one, so offsets do not move);
7. hashtags lose `#` and their underscores become spaces (`#دي_ميستورا` → `دي ميستورا`);
8. stray `.,` / `,  ,` artefacts after a sentence end become a line break;
9. runs of spaces become one space.

The character classes live in `resources/arabic_normalisation.json`.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from functools import lru_cache

from pipeline import resources
from pipeline.alignment import AlignedText, Edit

RESOURCE = "arabic_normalisation.json"

HTML_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,500})?/?>", re.DOTALL)
HTML_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# A hashtag starts a word; underscores join its words (`#النظام_السوري`), never end it.
HASHTAG = re.compile(r"(?<![^\W_]|[#&])#([^\W_]+(?:_+[^\W_]+)*)")
# Scraped paragraphs joined with "., " leave commas after a sentence end: `"جنيف 4"., واقتحم`.
SENTENCE_END_ARTEFACT = re.compile(r"(?<=[.!?؟])(?:[ \t]*,)+(?=\s|$)")
SPACE_RUN = re.compile(r" {2,}")
NON_SPACE_RUN = re.compile(r"\S+")


def _char_class(ranges: list[list[str]]) -> str:
    parts = []
    for first, last, *_ in ranges:
        parts.append(re.escape(chr(int(first, 16))))
        if first != last:
            parts.append("-" + re.escape(chr(int(last, 16))))
    return "[" + "".join(parts) + "]"


class ArabicNormaliser:
    """Normalise Arabic text and keep the map to the original offsets."""

    def __init__(self, table: dict) -> None:
        self.marks = re.compile(_char_class(table["marks"]) + "+")
        self.invisible = re.compile(_char_class(table["invisible"]) + "+")
        self.presentation_forms = re.compile(_char_class(table["presentation_forms"]))
        self.letter_map: dict[int, str] = {}
        for group in table["map"].values():
            for source, target in group.items():
                self.letter_map[ord(source)] = target

    def __call__(self, text: str) -> AlignedText:
        aligned = AlignedText.identity(text)
        aligned = aligned.sub(HTML_TAG, " ")
        aligned = aligned.sub(HTML_ENTITY, _unescape_entity)
        aligned = aligned.sub(self.invisible, "")
        aligned = aligned.sub(self.presentation_forms, _unfold_presentation_form)
        aligned = _compose_nfc(aligned)
        aligned = aligned.sub(self.marks, "", attach=True)
        aligned = aligned.translate(self.letter_map)
        aligned = aligned.edit(_hashtag_edits(aligned.text))
        aligned = aligned.sub(SENTENCE_END_ARTEFACT, "\n")
        return aligned.sub(SPACE_RUN, " ")

    def fold(self, text: str) -> str:
        """The normalised form of a short string (a name, a lexicon entry), without offsets."""
        return self(text).text


def _unescape_entity(match: re.Match[str]) -> str:
    value = html.unescape(match.group(0))
    if value == match.group(0) or (not value.isprintable() and not value.isspace()):
        return match.group(0)
    return value


def _unfold_presentation_form(match: re.Match[str]) -> str:
    unfolded = unicodedata.normalize("NFKC", match.group(0))
    # Ligatures such as ﷺ unfold to whole phrases; splitting words out of one character would
    # break the offset map's word boundaries, so those stay as they are.
    if any(ch.isspace() for ch in unfolded):
        return match.group(0)
    return unfolded


def _compose_nfc(aligned: AlignedText) -> AlignedText:
    if unicodedata.is_normalized("NFC", aligned.text):
        return aligned
    edits = []
    for word in NON_SPACE_RUN.finditer(aligned.text):
        edits.extend(_nfc_word_edits(word.group(0), word.start()))
    return aligned.edit(edits)


def _nfc_word_edits(word: str, offset: int) -> list[Edit]:
    """NFC edits within one word: per starter-plus-marks cluster, or the whole word if needed."""
    composed = unicodedata.normalize("NFC", word)
    if composed == word:
        return []
    clusters = _combining_clusters(word)
    pieces = [unicodedata.normalize("NFC", word[s:e]) for s, e in clusters]
    if "".join(pieces) != composed:  # composition reaches across clusters: map the word whole
        return [Edit(offset, offset + len(word), composed)]
    return [
        Edit(offset + s, offset + e, piece)
        for (s, e), piece in zip(clusters, pieces, strict=True)
        if piece != word[s:e]
    ]


def _combining_clusters(word: str) -> list[tuple[int, int]]:
    clusters: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(word)):
        if unicodedata.combining(word[i]) == 0:
            clusters.append((start, i))
            start = i
    clusters.append((start, len(word)))
    return clusters


def _hashtag_edits(text: str) -> list[Edit]:
    edits = []
    for match in HASHTAG.finditer(text):
        edits.append(Edit(match.start(), match.start() + 1, ""))
        body_start = match.start(1)
        for i, ch in enumerate(match.group(1)):
            if ch == "_":
                edits.append(Edit(body_start + i, body_start + i + 1, " "))
    return edits


@lru_cache(maxsize=1)
def default_normaliser() -> ArabicNormaliser:
    """The normaliser built from the packaged character table."""
    return ArabicNormaliser(json.loads(resources.read_text(RESOURCE)))


def normalise(text: str) -> AlignedText:
    """Normalise `text` with the packaged rules."""
    return default_normaliser()(text)
