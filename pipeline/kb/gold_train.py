"""Knowledge-base entries from the gold corpus's train split (`corpus/gold/train.jsonl`).

The annotators gave every person, place and organisation an English name (`name_en`: the name
as the English press writes it, docs/annotation.md §2.3) and, where the knowledge base of
their day held it, its KB id. The entities they found no entry for (`kb_id` null) become
entries here, so that the names met in train articles link with the annotators' English
names in other articles:

- one entry per label and English name (spellings that differ only in case, accents,
  hyphens or a trailing gloss in parentheses are one name: `Suruç` / `Suruc`,
  `Kurdistan Workers' Party (PKK)`; two different glosses are two entities,
  `Ministry of Interior (Kuwait)` and `Ministry of Interior (Turkey)`, and a name without a
  gloss joins a glossed one only when there is one), named by its most frequent spelling
  (the first met on a tie), its Arabic names the texts of its mentions;
- an Arabic name is kept only when every train mention written so is that entity (`محمد` is
  three people), it is not a person's single word (a given name or a surname alone is
  ambiguous across articles; the link stage joins it to the full name of its own article),
  and no entry built before this one has it (the hand-written and data entries win);
- MISC entities give entries too (`القرآن` → Quran, `عاصفة الحزم` → Operation Decisive
  Storm): the link stage names a MISC mention only through such an entry; entities without an
  English name give none. The annotators' English names of other names are the least
  consistent (`إف - 16` is both F-16 and F-16 Fighting Falcon, so the ambiguity rule below
  keeps it from both; `جنيف 3` and `جنيف - 3` became two entries of one conference);
- each entry cites the train articles it comes from (`sources`), and the ACLED-style category
  the annotators gave it most often as an event actor (`actor_category`), if any.

The annotators' spellings of the words of person and place names also make a word table
(`name_words`, `models/kb/name_words.json`) by which the link stage spells unknown names.

Only the train split is read (dev is for error analysis, test for the final figure), and of
it only the news articles: the five seed articles it also holds are left out.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.kb import alias_keys
from pipeline.kb.transliteration import arabic_key, edit_distance
from pipeline.lang.ar.fold import match_key
from pipeline.paths import REPO_ROOT

TRAIN = REPO_ROOT / "corpus" / "gold" / "train.jsonl"
SOURCE = "gold corpus train split (corpus/gold/train.jsonl), articles"
LINKED_LABELS = {"PER": "per", "LOC": "loc", "ORG": "org", "MISC": "misc"}
MAX_CITED = 8  # article ids written out in `sources`; more are counted
SEED_CORPUS = "seed"  # `source.corpus` of the seed articles in the gold records
PARENTHESIS = re.compile(r"\s*\([^)]*\)\s*$")


@dataclass(slots=True)
class TrainEntity:
    """One entity of the train split: its label, English spellings, Arabic names, articles."""

    label: str
    spellings: Counter = field(default_factory=Counter)
    names: dict[str, str] = field(default_factory=dict)  # match key → first text written
    documents: list[str] = field(default_factory=list)
    categories: Counter = field(default_factory=Counter)


def english_key(name: str) -> str:
    """An English name without case, accents, punctuation or a trailing gloss in parentheses."""
    plain = unicodedata.normalize("NFKD", PARENTHESIS.sub("", name).lower())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[^\W_]+", plain.replace("'", "").replace("’", "")))


def read_train(path: Path) -> list[dict[str, Any]]:
    """The train split's records, without the seed articles (see `news_records`)."""
    with path.open(encoding="utf-8") as lines:
        return news_records(json.loads(line) for line in lines if line.strip())


def news_records(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records of news articles: the seed articles, which the train split also holds, are
    left out, so that nothing here exists only to make a seed come out right."""
    return [r for r in records if (r.get("source") or {}).get("corpus") != SEED_CORPUS]


def nil_entities(records: Iterable[dict[str, Any]]) -> dict[tuple[str, str, str], TrainEntity]:
    """The NIL entities of the records with an English name, by (label, English key, gloss
    key); a name written without a gloss goes to the one glossed entity of its name, if there
    is exactly one (`Peoples' Democratic Party` to `Peoples' Democratic Party (HDP)`)."""
    mentions = list(_nil_mentions(records))
    glosses: dict[tuple[str, str], set[str]] = {}
    for _, mention in mentions:
        label, name, gloss = _name_key(mention)
        glosses.setdefault((label, name), set()).add(gloss)
    entities: dict[tuple[str, str, str], TrainEntity] = {}
    categories: dict[str, dict[str, list[str]]] = {}
    for record, mention in mentions:
        if record["doc_id"] not in categories:
            categories[record["doc_id"]] = _actor_categories(record)
        label, name, gloss = _name_key(mention)
        glossed = glosses[(label, name)] - {""}
        if not gloss and len(glossed) == 1:
            gloss = next(iter(glossed))
        entity = entities.setdefault((label, name, gloss), TrainEntity(label))
        _add_mention(entity, record["doc_id"], mention, categories[record["doc_id"]])
    return entities


def _nil_mentions(records: Iterable[dict[str, Any]]) -> Iterator[tuple[dict, dict]]:
    """(record, mention) of every linkable mention without a KB id and with an English name."""
    for record in records:
        for mention in record["entities"]:
            if mention["kb_id"] or not mention.get("name_en"):
                continue
            if mention["label"] in LINKED_LABELS:
                yield record, mention


def _add_mention(
    entity: TrainEntity, doc_id: str, mention: dict[str, Any], categories: dict[str, list[str]]
) -> None:
    entity.spellings[mention["name_en"]] += 1
    entity.names.setdefault(match_key(mention["text"]), mention["text"].replace("_", " "))
    if doc_id not in entity.documents:
        entity.documents.append(doc_id)
    entity.categories.update(categories.get(mention["id"], []))


def _name_key(mention: dict[str, Any]) -> tuple[str, str, str]:
    """(label, English key without the gloss, the gloss's key or "")."""
    name = mention["name_en"]
    gloss = PARENTHESIS.search(name)
    gloss_key = english_key(gloss.group().strip(" ()")) if gloss else ""
    return mention["label"], english_key(name), gloss_key


def _actor_categories(record: dict[str, Any]) -> dict[str, list[str]]:
    """The categories each entity of a record was given as an event actor."""
    found: dict[str, list[str]] = {}
    for event in record["events"]:
        for actor in event["actors"]:
            if actor.get("entity") and actor.get("category"):
                found.setdefault(actor["entity"], []).append(actor["category"])
    return found


def ambiguous_names(entities: dict[tuple[str, str], TrainEntity]) -> set[str]:
    """Match keys written for more than one entity."""
    owners: Counter = Counter()
    for entity in entities.values():
        owners.update(set(entity.names))
    return {key for key, count in owners.items() if count > 1}


def usable_names(entity: TrainEntity, ambiguous: set[str], taken: set[str]) -> list[str]:
    names = []
    for key, text in entity.names.items():
        if key in ambiguous or len(key.replace(" ", "")) < 2:
            continue
        if entity.label == "PER" and " " not in key:
            continue
        if taken & set(alias_keys(text)):
            continue
        names.append(text)
    return names


def train_records(
    records: list[dict[str, Any]], taken: set[str], taken_ids: set[str]
) -> Iterator[dict[str, Any]]:
    """Entries for the train split's NIL entities; `taken`: alias keys of earlier entries."""
    entities = nil_entities(records)
    ambiguous = ambiguous_names(entities)
    ids = set(taken_ids)
    for entity in entities.values():
        names = usable_names(entity, ambiguous, taken)
        if not names:
            continue
        name_en = entity.spellings.most_common(1)[0][0]
        entry_id = _free_id(f"{LINKED_LABELS[entity.label]}:{_slug(name_en)}", ids)
        ids.add(entry_id)
        record = {
            "id": entry_id,
            "type": entity.label,
            "name_en": name_en,
            "name_ar": names[0],
            "aliases": names[1:],
            "sources": [_source(entity.documents)],
        }
        if entity.categories:
            record["actor_category"] = entity.categories.most_common(1)[0][0]
        yield record


def _slug(name: str) -> str:
    return "_".join(english_key(name).split()) or "entity"


def _free_id(base: str, ids: set[str]) -> str:
    entry_id, number = base, 2
    while entry_id in ids:
        entry_id, number = f"{base}_{number}", number + 1
    return entry_id


def _source(documents: list[str]) -> str:
    cited = ", ".join(documents[:MAX_CITED])
    more = f" and {len(documents) - MAX_CITED} more" if len(documents) > MAX_CITED else ""
    return f"{SOURCE} {cited}{more}"


def categories_by_id(records: Iterable[dict[str, Any]]) -> dict[str, Counter]:
    """The categories the annotators gave each linked entity (by KB id) as an event actor."""
    found: dict[str, Counter] = {}
    for record in records:
        kb_ids = {mention["id"]: mention["kb_id"] for mention in record["entities"]}
        for entity, categories in _actor_categories(record).items():
            if kb_ids.get(entity):
                found.setdefault(kb_ids[entity], Counter()).update(categories)
    return found


def annotate_categories(entries: list[dict[str, Any]], records: list[dict[str, Any]]) -> int:
    """Give each person or organisation the train split's most frequent category for it (the
    link stage gives it before its CAMEO code's); returns how many got one."""
    found = categories_by_id(records)
    annotated = 0
    for entry in entries:
        categories = found.get(entry["id"])
        if entry.get("type") not in ("PER", "ORG") or not categories:
            continue
        entry["actor_category"] = categories.most_common(1)[0][0]
        entry["sources"] = [*entry.get("sources", []), f"actor_category: {SOURCE}"]
        annotated += 1
    return annotated


# --- English spellings of name words --------------------------------------------------------

NAME_WORDS = "name_words.json"
SPELT_LABELS = ("PER", "LOC")
MAX_DISTANCE = 0.5  # edits per letter between the annotators' word and the transliteration
VOWELS = frozenset("aeiouy")


def name_words(records: Iterable[dict[str, Any]], spell: Callable[[str], str]) -> dict[str, str]:
    """The annotators' English spelling of each Arabic word of person and place names.

    A name whose Arabic and English have as many words (a trailing gloss left out) pairs them
    in order; a pair counts only when its English word spells its Arabic word (`spell`, the
    transliterator: at most MAX_DISTANCE edits per letter), so that a pair misaligned by a
    dropped or added word (`جاوش اوغلو` / `Mevlüt Çavuşoğlu`) teaches nothing. A name teaches
    none of its pairs when half of them or more fail to spell (a translated name:
    `الشرق الأوسط` / Middle East would teach الأوسط → East) or when English put its words in
    another order (a failing pair whose Arabic word another of the English words spells:
    `شارع الثورة` / `Thawra Street`); `رجب طيب اردوغان` / Recep Tayyip Erdoğan, one of three
    failing, teaches Tayyip and Erdoğan. A word keeps its most frequent English word. Keys
    are the words' folded letters (`arabic_key`), as the transliterator reads them.
    """
    spelt = lru_cache(maxsize=None)(spell)
    seen: dict[str, Counter] = {}
    for record in records:
        for mention in record["entities"]:
            if mention["label"] not in SPELT_LABELS or not mention.get("name_en"):
                continue
            pairs = word_pairs(mention["text"], mention["name_en"])
            spelt_pairs = [spells(spelling, spelt(key)) for key, spelling in pairs]
            failing = spelt_pairs.count(False)
            if (failing and 2 * failing >= len(pairs)) or _reordered(pairs, spelt_pairs, spelt):
                continue
            for (key, spelling), good in zip(pairs, spelt_pairs, strict=True):
                if good and len(key) > 1:
                    seen.setdefault(key, Counter())[spelling] += 1
    return {key: spellings.most_common(1)[0][0] for key, spellings in sorted(seen.items())}


def _reordered(pairs: list[tuple[str, str]], good: list[bool], spell: Callable[[str], str]) -> bool:
    """Whether a pair fails because English wrote its word elsewhere in the name."""
    for index, (key, _) in enumerate(pairs):
        if good[index]:
            continue
        others = (spelling for other, (_, spelling) in enumerate(pairs) if other != index)
        if any(spells(spelling, spell(key)) for spelling in others):
            return True
    return False


def word_pairs(arabic: str, english: str) -> list[tuple[str, str]]:
    """(folded Arabic word, English word) in order, or none when the counts differ."""
    arabic_words = arabic.replace("_", " ").split()
    english_words = PARENTHESIS.sub("", english).split()
    if len(arabic_words) != len(english_words):
        return []
    return [(arabic_key(a), e) for a, e in zip(arabic_words, english_words, strict=True)]


def spells(spelling: str, transliteration: str) -> bool:
    """Whether an English word is a spelling of the word the transliterator spelt so: close
    letter by letter, or the same consonants (Arabic writes consonants; the vowels are the
    speller's choice: `bin` / `ibn` for `بن`)."""
    first, second = _letters(spelling), _letters(transliteration)
    if not first or not second:
        return False
    if _consonants(first) and _consonants(first) == _consonants(second):
        return True
    return edit_distance(first, second) <= MAX_DISTANCE * max(len(first), len(second))


def _consonants(letters: str) -> str:
    return "".join(ch for ch in letters if ch not in VOWELS)


def _letters(word: str) -> str:
    letters = english_key(word).replace(" ", "")
    return letters[2:] if letters.startswith("al") and len(letters) > 4 else letters


def write_name_words(kb: Path, table: dict[str, str]) -> None:
    about = (
        "English spellings of Arabic name words, as the gold corpus's train split's annotators "
        "wrote them in person and place names (pipeline/kb/gold_train.py `name_words`); the link "
        "stage spells a word of an unknown person or place so before the transliterator."
    )
    text = json.dumps({"_about": about, "words": table}, ensure_ascii=False, indent=0)
    (kb / NAME_WORDS).write_text(text + "\n", encoding="utf-8")
