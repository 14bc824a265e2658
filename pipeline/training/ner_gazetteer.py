"""Compile `models/ner/gazetteer.tsv` from the shared gazetteers and the project's knowledge base.

Sources: ANERGazet places (countries, cities, mountains, rivers) and organisations; the Arabic
names of GeoNames cities15000 (places); `models/kb/entities.jsonl` (names and variants of every
type); and the names of several words that the built knowledge base (`models/kb/kb.jsonl`)
holds from the gold corpus's train split (`حمص القديمة`, `درعا البلد`, `قوة المهام المشتركة`):
a model that tags only `حمص` of `حمص القديمة` is overruled by a known name that contains its
span. Single words of that split are left to the model (`المملكة`, `الخليج`: names there,
words elsewhere). ANERGazet's person list is left out: it holds single first and family
names (`يوسف`, `اسعد`), which are common words or need a model to tell a name from a word.

Entries are then checked against ANERcorp's training split (and, with `check_on_gold_train`,
the gold corpus's train split too): a name that matches there at least `min_seen` times and is
a gold entity of its label in fewer than `min_precision` of them is dropped (common words that
happen to be place names; descriptions the guidelines leave untagged, `قوات النظام`).
One-word names from the lists (not the knowledge base) must have been seen as an entity there
`single_word_min_correct` times: unchecked ones (`تلا`, `مدني`, `جيب`) are mostly words that
are also names somewhere.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

from pipeline.kb.gold_train import SOURCE as GOLD_TRAIN_SOURCE
from pipeline.lang.ar.clitics import ARTICLE, conjunctions, first_word_forms, prepositions
from pipeline.lang.ar.fold import match_key
from pipeline.ner.clitics import read_word_counts
from pipeline.ner.gazetteer import Gazetteer
from pipeline.training.ner_data import TaggedSentence

MIN_LETTERS = 2
MIN_WIKIDATA_NAMES = 2  # a name word of one Wikidata name only is too often a mistake
# words that head a place name without being part of it (city, governorate, town, village)
GENERIC_HEADS = {"مدينه", "محافظه", "بلده", "قريه"}
LOC_KINDS = {"country", "city", "mountain", "river"}


def source_entries(
    data: Path, kb: Path, built_kb: Path | None = None
) -> list[tuple[str, str, str]]:
    """(label, name, source) from every source, knowledge base first."""
    entries = list(_kb_entries(kb))
    if built_kb is not None:
        entries += _gold_train_names(built_kb)
    entries += _anergazet_places(data / "gazetteers" / "anergazet_loc_hierarchy.tsv")
    entries += _lines(data / "gazetteers" / "anergazet_org.txt", "ORG", "anergazet_org")
    entries += _geonames(data / "gazetteers" / "geonames_cities15000_ar.tsv")
    return entries


def _kb_entries(kb: Path) -> list[tuple[str, str, str]]:
    entries = []
    with kb.open(encoding="utf-8") as lines:
        for line in lines:
            entity = json.loads(line)
            for name in [entity["name_ar"], *entity.get("aliases", [])]:
                entries.append((entity["type"], name, f"kb:{entity['id']}"))
    return entries


def _gold_train_names(built_kb: Path) -> list[tuple[str, str, str]]:
    """The names of two words or more of the built KB's entries drawn from the gold train
    split (their `sources` cite it)."""
    entries = []
    with built_kb.open(encoding="utf-8") as lines:
        for line in lines:
            entity = json.loads(line)
            if not any(
                source.startswith(GOLD_TRAIN_SOURCE) for source in entity.get("sources", [])
            ):
                continue
            for name in [entity["name_ar"], *entity.get("aliases", [])]:
                if len(name.split()) > 1:
                    entries.append((entity["type"], name, f"gold_train:{entity['id']}"))
    return entries


def _anergazet_places(path: Path) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8") as stream:
        rows = csv.DictReader(stream, delimiter="\t")
        return [("LOC", row["entry"], "anergazet_loc") for row in rows if row["kind"] in LOC_KINDS]


def _lines(path: Path, label: str, source: str) -> list[tuple[str, str, str]]:
    names = path.read_text(encoding="utf-8").splitlines()
    return [(label, name.strip(), source) for name in names if name.strip()]


def _geonames(path: Path) -> list[tuple[str, str, str]]:
    entries = []
    with path.open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE):
            for name in filter(None, (row["arabic_names"] or "").split("|")):
                entries.append(("LOC", name.strip(), f"geonames:{row['geonameid']}"))
    return entries


def precision_on(
    entries: list[tuple[str, str, str]], sentences: list[TaggedSentence]
) -> tuple[Counter[tuple[str, ...]], Counter[tuple[str, ...]]]:
    """How often each entry matches in `sentences`, and how often that match is gold."""
    gazetteer = Gazetteer((label, name) for label, name, _ in entries)
    seen: Counter[tuple[str, ...]] = Counter()
    correct: Counter[tuple[str, ...]] = Counter()
    for sentence in sentences:
        gold = set(sentence.spans())
        for mention in gazetteer.find(sentence.tokens):
            key = _entry_key(gazetteer, sentence.tokens, mention.start, mention.end)
            seen[key] += 1
            if (mention.start, mention.end, mention.label) in gold:
                correct[key] += 1
    return seen, correct


def _entry_key(gazetteer: Gazetteer, tokens: list[str], start: int, end: int) -> tuple[str, ...]:
    """The gazetteer key a match came from (its first word may have lost a proclitic)."""
    rest = tuple(match_key(token) for token in tokens[start + 1 : end])
    for first in first_word_forms(match_key(tokens[start])):
        if (first, *rest) in gazetteer.labels:
            return (first, *rest)
    raise AssertionError("a gazetteer match has no entry")


def compile_gazetteer(
    data: Path,
    kb: Path,
    train: list[TaggedSentence],
    target: Path,
    min_seen: int,
    min_precision: float,
    single_word_min_correct: int = 0,
    built_kb: Path | None = None,
) -> dict[str, int]:
    entries = source_entries(data, kb, built_kb)
    seen, correct = precision_on(entries, train)
    kept: dict[tuple[str, ...], tuple[str, str, str]] = {}
    dropped = 0
    for label, name, source in entries:
        key = tuple(match_key(name).split())
        if key in kept or sum(ch.isalpha() for ch in name) < MIN_LETTERS or _has_latin(name):
            continue
        if len(key) > 1 and key[0] in GENERIC_HEADS:
            continue  # `مدينة حمص`: the name is `حمص`, as ANERcorp tags it
        if seen[key] >= min_seen and correct[key] / seen[key] < min_precision:
            dropped += 1
            continue
        if (
            len(key) == 1
            and not source.startswith("kb:")
            and correct[key] < single_word_min_correct
        ):
            dropped += 1  # one-word names unseen as entities: too often common words
            continue
        kept[key] = (label, " ".join(key), source)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as out:
        for label, name, source in kept.values():
            out.write(f"{label}\t{name}\t{source}\n")
    return {"entries": len(kept), "dropped": dropped}


def compile_name_words(
    data: Path, gazetteer: Path, target: Path, word_counts: Path | None = None
) -> int:
    """Single words known to be names as written (`بسمة`, `بشار`, `وليد`), one per line.

    The NER stage never strips a "proclitic" off these: ANERGazet's first and family names,
    every one-word name of the compiled gazetteer, the first word of the knowledge base's
    people, and (with `word_counts`) the Wikidata person-name words that read as a proclitic
    and the article (`فاليري` is not ف + `اليري`, `والتر` not و + `التر`; `wikidata_name_words`).
    """
    words = {
        match_key(name)
        for _, name, _ in _lines(data / "gazetteers" / "anergazet_per.txt", "PER", "")
    }
    wikidata = data / "names" / "wikidata_person_names.tsv"
    if word_counts is not None and wikidata.exists():  # a small test data folder has none
        words |= wikidata_name_words(wikidata, word_counts)
    with gazetteer.open(encoding="utf-8") as lines:
        for line in lines:
            label, name, source = line.rstrip("\n").split("\t")[:3]
            if " " not in name:
                words.add(name)
            elif label == "PER" and source.startswith("kb:"):
                words.add(name.split()[0])
    words = {word for word in words if word and " " not in word}
    target.write_text("".join(f"{word}\n" for word in sorted(words)), encoding="utf-8")
    return len(words)


def wikidata_name_words(path: Path, word_counts: Path) -> set[str]:
    """Words of at least `MIN_WIKIDATA_NAMES` Wikidata person names that start with a
    proclitic letter and the article (`فاليري`, `والتر`, `فالح`), which the NER stage would
    otherwise always strip, and whose rest is no more frequent in the raw news than the whole
    (`والي`: و + `الي`, to, stays out)."""
    counts = read_word_counts(word_counts)
    names: Counter[str] = Counter()
    with path.open(encoding="utf-8") as lines:
        next(lines)
        for line in lines:
            fields = line.rstrip("\n").split("\t")
            if len(fields) == 3 and fields[2].isdigit():
                names[match_key(fields[1])] += int(fields[2])
    prefixes = (*conjunctions(), *prepositions())
    return {
        word
        for word, seen in names.items()
        if seen >= MIN_WIKIDATA_NAMES
        and word.startswith(prefixes)
        and word[1:].startswith(ARTICLE)
        and counts.get(word[1:], 0) <= counts.get(word, 0)
    }


def _has_latin(name: str) -> bool:
    """GeoNames mixes scripts in a few names (`Alepo - حلب`): those are not Arabic names."""
    return any("a" <= ch.lower() <= "z" for ch in name)
