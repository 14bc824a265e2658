"""English spellings of Arabic name words, learned from Arabic–English name pairs.

A name the knowledge base does not hold is spelt word by word: the article is `al-`; a word seen
in the training pairs takes its most frequent English spelling there (`هيلاري` → Hillary,
`كلينتون` → Clinton); any other word is spelt letter by letter from a learned table. The table
was learnt by aligning each training pair (every Arabic letter spells zero to four English
letters: `ش` → sh, `م` → mo in `محمد`), and says, for each Arabic letter with its neighbours,
which English letters it spells and how often; a letter with unseen neighbours backs off to one
neighbour, then to none. A beam search picks the spelling that best agrees with the table and
with an English letter model (trigrams of the training names), so `اسطنبول` becomes Istanbul and
not "Asatanaboul". Made by `make train-translit` (`pipeline.training.translit`) from
`DATA/names` (Wikidata person-name words, CC0; Google's ar2en pairs, Apache-2.0); shipped as
`models/translit/table.json`.

Arabic words are read in their folded form (`match_key`: alef and ya forms unified, ة→ه), which
is also how the tables are keyed; English is lower-case ASCII (`é` → `e`) until capitalised.
"""

from __future__ import annotations

import json
import math
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline import resources
from pipeline.lang.ar.fold import match_key
from pipeline.paths import models_dir

ARTICLE = "ال"
ENGLISH_LETTERS = "abcdefghijklmnopqrstuvwxyz'-"
TEST_SHARE = 10  # one Arabic word in ten (by a hash of its folded form) is held out
TABLE_FILE = "table.json"
MAX_CHUNK = 4  # English letters one Arabic letter may spell
EDGE = "#"  # the neighbour of a word's first and last letters
BEAM = 12
CANDIDATES = 6  # spellings of one letter tried in the beam
# weights of the beam search: the English letter model, and a bonus per English letter that
# offsets the letter model's preference for short spellings (chosen by `translit tune` on
# training words held out from training, never on the test words)
LM_WEIGHT = 0.5
LETTER_BONUS = 1.0


def arabic_key(word: str) -> str:
    """A word as the tables read it: folded, letters only."""
    return "".join(ch for ch in match_key(word) if ch.isalpha())


def english_key(word: str) -> str:
    """Lower-case ASCII letters, apostrophe and hyphen (`Saâdallah` → `saadallah`)."""
    ascii_form = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_form.lower() if ch in ENGLISH_LETTERS)


def is_held_out(arabic: str) -> bool:
    """Whether a folded Arabic word belongs to the test pairs (never trained on)."""
    return zlib.crc32(arabic.encode("utf-8")) % TEST_SHARE == 0


def contexts(word: str, index: int) -> list[str]:
    """The keys of letter `index` in `word`, most specific first: both neighbours, one, none."""
    left = word[index - 1] if index > 0 else EDGE
    right = word[index + 1] if index + 1 < len(word) else EDGE
    letter = word[index]
    return [f"{left}{letter}{right}", f"{letter}{right}>", f"<{left}{letter}", letter]


def align(arabic: str, english: str, chunk_score: Any) -> list[str] | None:
    """The best split of `english` into one chunk (0–4 letters) per Arabic letter."""
    size_a, size_e = len(arabic), len(english)
    best = [[-math.inf] * (size_e + 1) for _ in range(size_a + 1)]
    back: list[list[int]] = [[0] * (size_e + 1) for _ in range(size_a + 1)]
    best[0][0] = 0.0
    for i in range(size_a):
        for j in range(size_e + 1):
            if best[i][j] == -math.inf:
                continue
            for length in range(min(MAX_CHUNK, size_e - j) + 1):
                value = best[i][j] + chunk_score(arabic, i, english[j : j + length])
                if value > best[i + 1][j + length]:
                    best[i + 1][j + length] = value
                    back[i + 1][j + length] = length
    if best[size_a][size_e] == -math.inf:
        return None
    chunks, j = [], size_e
    for i in range(size_a, 0, -1):
        length = back[i][j]
        chunks.append(english[j - length : j])
        j -= length
    return chunks[::-1]


@dataclass
class LetterModel:
    """English letter trigrams with add-one smoothing (`^^` starts a word, `$` ends it)."""

    counts: dict[str, dict[str, int]]

    @classmethod
    def train(cls, words: Iterable[str]) -> LetterModel:
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for word in words:
            padded = "^^" + word + "$"
            for index in range(2, len(padded)):
                counts[padded[index - 2 : index]][padded[index]] += 1
        return cls({history: dict(c) for history, c in counts.items()})

    def log_prob(self, history: str, letter: str) -> float:
        following = self.counts.get(history[-2:], {})
        total = sum(following.values())
        return math.log((following.get(letter, 0) + 1) / (total + len(ENGLISH_LETTERS) + 1))


class Transliterator:
    """The word table, the letter table and the English letter model."""

    def __init__(
        self,
        words: dict[str, str],
        letters: dict[str, dict[str, int]],
        letter_model: LetterModel,
        lm_weight: float = LM_WEIGHT,
        letter_bonus: float = LETTER_BONUS,
    ) -> None:
        self.words = words
        self.letters = letters
        self.letter_model = letter_model
        self.lm_weight = lm_weight
        self.letter_bonus = letter_bonus

    @classmethod
    def load(cls, folder: Path) -> Transliterator:
        meta = json.loads((folder / TABLE_FILE).read_text(encoding="utf-8"))
        model = LetterModel(meta["letter_model"])
        weights = {key: meta[key] for key in ("lm_weight", "letter_bonus") if key in meta}
        return cls(meta["words"], meta["letters"], model, **weights)

    def to_json(self) -> dict[str, Any]:
        return {
            "words": self.words,
            "letters": self.letters,
            "letter_model": self.letter_model.counts,
            "lm_weight": self.lm_weight,
            "letter_bonus": self.letter_bonus,
        }

    def _options(self, word: str, index: int, native: bool = False) -> list[tuple[str, float]]:
        """Spellings of one letter with their log probability, from its most specific key; for
        a `native` word, only those with the letter's press consonant (`ق` → q, not g), from
        the most specific key that has one."""
        allowed = native_consonants().get(word[index]) if native else None
        for key in contexts(word, index):
            counts = self.letters.get(key, {})
            if allowed:
                counts = {chunk: n for chunk, n in counts.items() if _spells_with(chunk, allowed)}
            if counts:
                total = sum(counts.values())
                ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
                return [(chunk, math.log(n / total)) for chunk, n in ranked[:CANDIDATES]]
        return [(allowed[0] if allowed else word[index], 0.0)]

    def spell(self, word: str, native: bool = False) -> str:
        """The letter-by-letter spelling of a folded Arabic word (beam search); `native`: a
        word of Arabic origin, spelt with the press consonants of `romanisation.json`."""
        beam: list[tuple[float, str]] = [(0.0, "")]
        for index in range(len(word)):
            grown = []
            for score, spelt in beam:
                for chunk, chunk_score in self._options(word, index, native):
                    value = score + chunk_score + self.letter_bonus * len(chunk)
                    history = ("^^" + spelt)[-2:]
                    for letter in chunk:
                        value += self.lm_weight * self.letter_model.log_prob(history, letter)
                        history = history[-1] + letter
                    grown.append((value, spelt + chunk))
            beam = _best(grown)
        finished = [
            (score + self.lm_weight * self.letter_model.log_prob(("^^" + spelt)[-2:], "$"), spelt)
            for score, spelt in beam
        ]
        return max(finished)[1]

    def word(self, word: str) -> str:
        """The lower-case spelling of one Arabic word: the word table's, else letter by letter."""
        key = arabic_key(word)
        if not key:
            return word
        if key in self.words:
            return self.words[key]
        compound = _compound_prefix(key)
        if compound is not None:  # `عبدالمجيد`: abdul + majid
            first, rest = compound
            return first + (self.words.get(rest) or self.spell(rest, native=True))
        if word.startswith(ARTICLE) and len(key) > len(ARTICLE) + 1:  # not `ألكسندر`
            rest = key[len(ARTICLE) :]
            if rest in self.words:
                return "al-" + self.words[rest]
            return "al-" + self.spell(rest, native=True)
        return self.spell(key, native=is_native(key))

    def name(self, name: str, spellings: dict[str, str] | None = None) -> str:
        """The English spelling of an Arabic name (`هيلاري كلينتون` → `Hillary Clinton`);
        `spellings`: English words to use as they are for some words (by `arabic_key`)."""
        known = spellings or {}
        return " ".join(
            known.get(arabic_key(word)) or _capitalise(self.word(word))
            for word in joined_compounds(name.split())
            if arabic_key(word)
        )


def joined_compounds(words: list[str]) -> list[str]:
    """The words of a name with each compound written as one word (`عبد الرحمن` →
    `عبدالرحمن`): a first word of `romanisation.json`'s `compounds` before a word with the
    article."""
    firsts = _compounds()
    joined: list[str] = []
    for word in words:
        if joined and arabic_key(joined[-1]) in firsts and arabic_key(word).startswith(ARTICLE):
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def _compound_prefix(key: str) -> tuple[str, str] | None:
    """(English of the first word, the rest without the article) of a joined compound key
    (`عبدالمجيد` → abdul, `مجيد`), else None."""
    for first, english in _compounds().items():
        rest = key.removeprefix(first)
        if rest != key and rest.startswith(ARTICLE) and len(rest) > len(ARTICLE) + 1:
            return english, rest[len(ARTICLE) :]
    return None


@lru_cache(maxsize=1)
def _romanisation() -> dict[str, Any]:
    return json.loads(resources.read_text("romanisation.json"))


@lru_cache(maxsize=1)
def _compounds() -> dict[str, str]:
    table = _romanisation()["compounds"]["first_words"]
    return {arabic_key(word): english for word, english in table.items()}


def _native() -> dict[str, Any]:
    return _romanisation()["native"]


def native_consonants() -> dict[str, list[str]]:
    """The press consonants of Arabic names, by letter (`ق` → q, `غ` → gh)."""
    return _native()["consonants"]


def is_native(key: str) -> bool:
    """Whether a folded word without the article looks Arabic: one of the letters borrowed
    names rarely use (`ع`, `ح`, `ص` …)."""
    return any(letter in _native()["markers"] for letter in key)


def _spells_with(chunk: str, consonants: list[str]) -> bool:
    """Whether an English chunk writes one of `consonants`, perhaps after a vowel (`aq`)."""
    return chunk.lstrip("aeiou").startswith(tuple(consonants))


def _best(grown: list[tuple[float, str]]) -> list[tuple[float, str]]:
    kept: dict[str, float] = {}
    for score, spelt in grown:
        if score > kept.get(spelt, -math.inf):
            kept[spelt] = score
    ranked = sorted(((score, spelt) for spelt, score in kept.items()), reverse=True)
    return ranked[:BEAM]


def _capitalise(spelling: str) -> str:
    if spelling.startswith("al-"):
        return "al-" + spelling[3:].capitalize()
    return spelling.capitalize()


@lru_cache(maxsize=1)
def shipped() -> Transliterator | None:
    """The shipped transliterator, or None where `models/translit/` is missing."""
    folder = models_dir() / "translit"
    if not (folder / TABLE_FILE).exists():
        return None
    return Transliterator.load(folder)


def edit_distance(first: str, second: str) -> int:
    """Levenshtein distance of two spellings (insertions, deletions, substitutions)."""
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, 1):
        current = [i]
        for j, b in enumerate(second, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1]
