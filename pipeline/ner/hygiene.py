"""Span hygiene after the model and the layers: names without the words around them.

Six repairs of the stage's mentions (token spans of one sentence), as docs/annotation.md §2.2
writes names:
- a place that is only a place word (`resources/place_words.txt`) with the article and
  modifiers (`الريف`, `الريف الشمالي`, `المحافظة`: the countryside or the governorate of a
  place named elsewhere, `في الريف الشمالي لمحافظة حلب`) names nothing and is dropped;
- a descriptor before the name is dropped (`تنظيم داعش` → `داعش`, `مدينة حلب` → `حلب`;
  `resources/name_descriptors.txt`), unless what is left names nothing alone (`تنظيم الدولة`);
- a trailing nationality adjective is dropped from a place when the rest is a known name
  (`حمص السورية` → `حمص`, `ميلانو الإيطالية` → `ميلانو`; `resources/name_modifiers.txt`, less
  the direction adjectives that are often part of the name: `الغوطة الشرقية`);
- a person or place span that holds a coordination is split before `و` + the article or `و` +
  a known name (`ظريف والإبراهيمي` → `ظريف`, `الإبراهيمي`; the second loses its `و` when the
  entity is written), not before a name that starts with `و` (`مبارك وجدي`).
- a place right after a site word (`resources/site_words.txt`) takes it in: the site is the
  entity (`مطار كويرس`, `معبر باب الهوى`, `مخيم الزعتري`), not the town it is named after.
- a person's span loses a first word no name starts with (`فإن داود أوغلو`) and a last noun in
  apposition (`جهاد نجل`), and takes the word a last `بن`, `أبو`, `عبد` needs (`محمد بن` →
  `محمد بن داخل الجهني`; `resources/person_name_edges.txt`).
A span the gazetteer knows as a whole (`المملكة العربية السعودية`, `البوسنة والهرسك`) keeps its
modifiers and conjunctions; a descriptor goes even then (the knowledge base lists `تنظيم داعش`
as an alias of Islamic State).
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.lang.ar.clitics import ARTICLE, LIST_CONJUNCTION, first_word_forms
from pipeline.lang.ar.dates import is_date_word
from pipeline.lang.ar.fold import match_key
from pipeline.lang.ar.names import (
    NAME_MODIFIERS,
    PLACE_WORDS,
    SITE_WORDS,
    descriptors,
    folded_word_list,
    person_name_edges,
)
from pipeline.ner import Mention
from pipeline.ner.clitics import ProcliticStripper
from pipeline.ner.gazetteer import Gazetteer

PARTICLE, APPOSITION, CONNECTOR = "particle", "apposition", "connector"
KEEP = "keep"
NAME_PART = "name_part"
TRIMMED_LABELS = frozenset({"LOC"})  # labels whose trailing modifiers are dropped
SPLIT_LABELS = frozenset({"PER", "LOC"})  # labels whose coordinations are split


def names_nothing(words: list[str], mention: Mention) -> bool:
    """A place that is a place word with the article, and modifiers at most (`الريف الشمالي`)."""
    if mention.label != "LOC":
        return False
    keys = [match_key(word) for word in words[mention.start : mention.end]]
    if not keys:
        return False
    definite = [form for form in first_word_forms(keys[0]) if form.startswith(ARTICLE)]
    heads = {form.removeprefix(ARTICLE) for form in definite}
    if not heads & folded_word_list(PLACE_WORDS):
        return False
    return all(key in folded_word_list(NAME_MODIFIERS) for key in keys[1:])


def _person_edges(words: list[str], mention: Mention, taken: set[int]) -> Mention:
    """A person's span without a leading particle or a trailing apposition, and with the word
    a trailing connector needs when that word is in no other mention."""
    if mention.label != "PER":
        return mention
    edges = person_name_edges()
    start, end = mention.start, mention.end
    if end - start > 1 and match_key(words[start]) in edges[PARTICLE]:
        start += 1
    if end - start > 1 and match_key(words[end - 1]) in edges[APPOSITION]:
        end -= 1
    free = end == mention.end  # nothing was cut off the end
    if free and match_key(words[end - 1]) in edges[CONNECTOR] and _free_name(words, end, taken):
        end += 1
        if _free_name(words, end, taken) and match_key(words[end]).startswith(ARTICLE):
            end += 1
    return replace(mention, start=start, end=end)


def _free_name(words: list[str], index: int, taken: set[int]) -> bool:
    """Word `index` exists, is written in letters, is no particle nor date word (`محمد بن
    سلمان الثلاثاء`) and is in no mention."""
    if index >= len(words) or index in taken or not words[index][:1].isalpha():
        return False
    return match_key(words[index]) not in person_name_edges()[PARTICLE] and not is_date_word(
        words[index]
    )


def _with_site_word(words: list[str], mention: Mention, taken: set[int]) -> Mention:
    """A place with the site word right before it (`مطار` + `كويرس`; a proclitic on the word
    is allowed: `بمطار`), when that word is in no other mention."""
    before = mention.start - 1
    if mention.label != "LOC" or before < 0 or before in taken:
        return mention
    sites = folded_word_list(SITE_WORDS)
    if not sites.intersection(first_word_forms(match_key(words[before]))):
        return mention
    return replace(mention, start=before)


class SpanHygiene:
    def __init__(self, stripper: ProcliticStripper, gazetteer: Gazetteer | None) -> None:
        self.stripper = stripper
        self.gazetteer = gazetteer

    def clean(self, words: list[str], mentions: list[Mention]) -> list[Mention]:
        """The mentions of one sentence (`words`), repaired."""
        cleaned = []
        taken = {index for mention in mentions for index in range(mention.start, mention.end)}
        for mention in mentions:
            if names_nothing(words, mention):
                continue
            mention = _with_site_word(words, mention, taken)
            taken.update(range(mention.start, mention.end))
            mention = self._without_descriptor(words, mention)
            if self._known(words, mention):
                cleaned.append(mention)
                continue
            mention = self._without_modifiers(words, mention)
            mention = _person_edges(words, mention, taken)
            taken.update(range(mention.start, mention.end))
            cleaned.extend(self._split_coordination(words, mention))
        return cleaned

    def _known(self, words: list[str], mention: Mention) -> bool:
        if self.gazetteer is None:
            return False
        keys = [match_key(word) for word in words[mention.start : mention.end]]
        return any(
            (first, *keys[1:]) in self.gazetteer.labels for first in first_word_forms(keys[0])
        )

    def _without_descriptor(self, words: list[str], mention: Mention) -> Mention:
        table = descriptors()
        listed = table.get(mention.label, frozenset())
        if mention.end - mention.start < 2 or not listed:
            return mention
        if not listed.intersection(first_word_forms(match_key(words[mention.start]))):
            return mention
        rest = [match_key(word) for word in words[mention.start + 1 : mention.end]]
        if len(rest) == 1 and rest[0] in table.get(KEEP, frozenset()):
            return mention
        return replace(mention, start=mention.start + 1)

    def _without_modifiers(self, words: list[str], mention: Mention) -> Mention:
        """A place without its trailing adjectives, when what is left is a known name."""
        if mention.label not in TRIMMED_LABELS:
            return mention
        modifiers = folded_word_list(NAME_MODIFIERS) - descriptors().get(NAME_PART, frozenset())
        end = mention.end
        while end - mention.start > 1 and match_key(words[end - 1]) in modifiers:
            end -= 1
        trimmed = replace(mention, end=end)
        return trimmed if end < mention.end and self._known(words, trimmed) else mention

    def _split_coordination(self, words: list[str], mention: Mention) -> list[Mention]:
        """Parts split before each `و` + a name: one with the article, or a known name."""
        if mention.label not in SPLIT_LABELS:
            return [mention]
        parts, start = [], mention.start
        for index in range(mention.start + 1, mention.end):
            if self._starts_conjunct(words, index, mention):
                parts.append(replace(mention, start=start, end=index))
                start = index
        parts.append(replace(mention, start=start, end=mention.end))
        return parts

    def _starts_conjunct(self, words: list[str], index: int, mention: Mention) -> bool:
        word = words[index]
        stripped = self.stripper.name_in(word)
        if not word.startswith(LIST_CONJUNCTION) or stripped.drop != 1:
            return False
        if stripped.name.startswith(ARTICLE):
            return True
        rest = [stripped.name, *words[index + 1 : mention.end]]
        return self._known(rest, Mention(0, 1, mention.label, mention.source))
