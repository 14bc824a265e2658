"""The one fold: the form in which Arabic words and names are compared.

Two levels, each computed one way only:
- `normal_form(text)`: the normaliser's form (`normalisation.py`: diacritics and tatweel
  dropped, alef/ya/kaf variants and digits folded, …), without the offset map; lexicon
  entries and model inputs are written this way, and so is the normalised text of a document;
- `word_key(text)`: the normal form with tā' marbūṭa written hā' (`ة` → `ه`), since news text,
  gazetteers and lexicons write it loosely; lexicons, the gazetteer and the knowledge base are
  matched in this form. `match_key(text)` is the same for a name of several words: its tokens
  joined by one space.
Text that is already normalised (a document's tokens) needs only `key_of_normalised`.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.lang.ar.normalisation import default_normaliser
from pipeline.tokenization import TOKEN

TA_MARBUTA = "ة"
HA = "ه"
KEY_CACHE_SIZE = 1 << 17  # words of news repeat: folding each distinct word once is enough


def normal_form(text: str) -> str:
    """The normalised form of a short string (a word, a name, a lexicon entry)."""
    return default_normaliser().fold(text)


def token_form(token: str) -> str:
    """A token in normal form without spaces; a token of marks alone stays as written."""
    return normal_form(token).replace(" ", "") or token


def key_of_normalised(text: str) -> str:
    """The key of text that is already in normal form: ة written ه."""
    return text.replace(TA_MARBUTA, HA)


@lru_cache(maxsize=KEY_CACHE_SIZE)
def word_key(text: str) -> str:
    """A word as lexicons are matched: its normal form with ة written ه."""
    return key_of_normalised(normal_form(text))


@lru_cache(maxsize=KEY_CACHE_SIZE)
def match_key(text: str) -> str:
    """A name as the gazetteer and the knowledge base match it: `word_key` of each of its
    tokens, joined by one space."""
    return " ".join(TOKEN.findall(word_key(text)))
