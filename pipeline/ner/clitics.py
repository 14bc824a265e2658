"""Strip a proclitic off the first word of a name: `بحمص` → `حمص`, `وموسكو` → `موسكو`.

ANERcorp (and so the models) tag whole whitespace words, but a name's span should hold the name
alone. Arabic writes the conjunctions و/ف and the prepositions ب/ل/ك onto the next word, so a
word that starts with one of those letters is ambiguous: `بحمص` is ب + حمص, but `بشار`,
`لبنان` and `فرنسا` start with the same letters as part of the name. The decision comes from
word frequencies of the raw news text (`models/ner/word_counts.tsv`), after a list of words
known to be names as written (`models/ner/name_words.txt`: `بسمة`, `بشار`, `وليد`): a prefix
is stripped when the rest is a word of its own that is more frequent than the whole
(`حمص` ≫ `بحمص`, while `شار` ≪ `بشار`), or when the rest starts with the article
(`بالعراق`, `والنظام`).
`لل` is ل + the article with its alef dropped: `للنظام` → `النظام` (span `لنظام`).
Where the gazetteer is at hand, it decides first: a span it does not know under the mention's
label whose rest is one of its names under that label loses the proclitic (`ودي ميستورا` →
`دي ميستورا`, though `ودي` is a name word). The next name of a list (right after a name of
its label, at most a comma between) loses its `و` unless it is a name word as written or far
more frequent whole than without it (`الفوعة وكفريا` → `كفريا`; `وليد`, `وسام` stay): the plain
frequency rule cannot tell for rare villages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.lang.ar.clitics import ARTICLE, LAM, LIST_CONJUNCTION, conjunctions, proclitics
from pipeline.lang.ar.fold import match_key

MIN_REST = 2
# in a list, a word loses its و when the rest is written at least this share as often as it
LIST_REST_SHARE = 0.75


@dataclass(frozen=True, slots=True)
class Stripped:
    """How many leading characters to drop, and the name's normalised form."""

    drop: int
    name: str


class ProcliticStripper:
    def __init__(self, word_counts: dict[str, int], name_words: set[str]) -> None:
        """`name_words`: words that are names as written (`بسمة`), in `match_key` form."""
        self.word_counts = word_counts
        self.name_words = name_words

    @classmethod
    def from_files(cls, counts_path: Path, names_path: Path) -> ProcliticStripper:
        names = set(names_path.read_text(encoding="utf-8").split())
        return cls(read_word_counts(counts_path), names)

    def name_in(self, word: str) -> Stripped:
        """The proclitic to drop from `word` (a normalised word), or none."""
        if match_key(word) in self.name_words:
            return Stripped(0, word)
        for prefix in proclitics():
            if not word.startswith(prefix) or len(word) - len(prefix) < MIN_REST:
                continue
            name = self._likeliest_name(prefix, word[len(prefix) :])
            if self._is_own_word(word, name):
                return Stripped(len(prefix), name)
        return Stripped(0, word)

    def name_in_span(
        self,
        words: list[str],
        known: Callable[[tuple[str, ...]], bool] | None = None,
        listed: bool = False,
    ) -> Stripped:
        """The proclitic to drop from the first of a span's normalised `words`: as `name_in`,
        unless `known` (a gazetteer's test of match-key words) knows the span only without it,
        or the span is `listed` (written right after a name of its own label, with at most a
        comma between) and its first word starts with the list's `و` (`الفوعة وكفريا`)."""
        if not words:
            return Stripped(0, "")
        keys = tuple(match_key(word) for word in words)
        if listed and not (known is not None and known(keys)):
            coordinated = self._coordinated(words[0])
            if coordinated is not None:
                return coordinated
        if known is not None and not known(keys):
            for prefix in proclitics():
                rest = words[0][len(prefix) :]
                if not words[0].startswith(prefix) or len(rest) < MIN_REST:
                    continue
                if known((match_key(rest), *keys[1:])):
                    return Stripped(len(prefix), rest)
        return self.name_in(words[0])

    def _coordinated(self, word: str) -> Stripped | None:
        """A list's `و` cut off a word that is not a name as written: one the raw news never
        writes (`وزيدل`: villages too rare for the counts), or one whose rest it writes about
        as often (`وكفريا` 29, `كفريا` 23: the pair `الفوعة وكفريا` makes the whole frequent).
        Names that start with و are far more frequent whole (`وزارة`, `وسام` 58 against
        `سام` 33, `وانغ`, `واسط`) and keep it."""
        rest = word[len(LIST_CONJUNCTION) :]
        if not word.startswith(LIST_CONJUNCTION) or len(rest) <= MIN_REST:
            return None
        if match_key(word) in self.name_words:
            return None
        whole, without = self.word_counts.get(word, 0), self.word_counts.get(rest, 0)
        if whole and without < LIST_REST_SHARE * whole:
            return None
        if rest.startswith(conjunctions()):  # `وواصل`: the rest is the name as written
            return Stripped(len(LIST_CONJUNCTION), rest)
        inner = self.name_in(rest)  # a preposition may follow it (`ولمجلس الأمن`)
        return Stripped(len(LIST_CONJUNCTION) + inner.drop, inner.name)

    def _likeliest_name(self, prefix: str, rest: str) -> str:
        if prefix.endswith(LAM) and rest.startswith(LAM):
            # ل + ال writes the article without its alef (`للنظام`), unless the rest is a
            # word that starts with ل (`لليبيا`)
            with_article = ARTICLE + rest[1:]
            if self.word_counts.get(with_article, 0) > self.word_counts.get(rest, 0):
                return with_article
        return rest

    def _is_own_word(self, word: str, name: str) -> bool:
        if name.startswith(ARTICLE) and len(name) > len(ARTICLE) + 1:
            return True
        return self.word_counts.get(name, 0) > self.word_counts.get(word, 0)


def read_word_counts(path: Path) -> dict[str, int]:
    """`models/ner/word_counts.tsv`: each word of the raw news with its count."""
    counts = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, _, count = line.rstrip("\n").partition("\t")
            counts[word] = int(count)
    return counts
