"""Stage `language`: keep Arabic articles, refuse others with a clear reason.

Script-based: the share of Arabic-script letters among all letters, and among those the share of
letters that only Persian, Urdu and similar languages use.
"""

from __future__ import annotations

from typing import Any

from pipeline.document import Document, DocumentRejected
from pipeline.stages import Contract, DocumentStage

ARABIC_SCRIPT_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
# ی and ک are left out: Arabic archives typed on Persian keyboards use them for ي and ك.
NON_ARABIC_LETTERS = frozenset("پچژگۀےڈٹں")


def _is_arabic_script(ch: str) -> bool:
    code = ord(ch)
    return any(first <= code <= last for first, last in ARABIC_SCRIPT_RANGES)


CONTRACT = Contract(assigns=("lang",))


class LanguageStage(DocumentStage):
    contract = CONTRACT
    name = "language"
    version = "1"

    def __init__(self, min_arabic_share: float = 0.5, max_non_arabic_letters: float = 0.02):
        self.min_arabic_share = min_arabic_share
        self.max_non_arabic_letters = max_non_arabic_letters

    def __call__(self, doc: Document) -> Document:
        letters = [ch for ch in doc.text if ch.isalpha()]
        if not letters:
            raise DocumentRejected("no_text", "the document contains no letters")
        arabic = [ch for ch in letters if _is_arabic_script(ch)]
        share = len(arabic) / len(letters)
        if share < self.min_arabic_share:
            raise DocumentRejected(
                "not_arabic",
                f"not Arabic: {share:.0%} of its {len(letters)} letters are in Arabic script "
                f"(at least {self.min_arabic_share:.0%} needed)",
            )
        foreign = sum(1 for ch in arabic if ch in NON_ARABIC_LETTERS)
        if foreign / len(arabic) > self.max_non_arabic_letters:
            raise DocumentRejected(
                "not_arabic",
                f"Arabic script but not Arabic: {foreign} letters such as پ چ گ ی "
                "point to Persian, Urdu or a similar language",
            )
        doc.lang = "ar"
        return doc

    def provenance(self) -> list[dict[str, Any]]:
        return []


def create(options: dict[str, Any]) -> LanguageStage:
    return LanguageStage(**options)
