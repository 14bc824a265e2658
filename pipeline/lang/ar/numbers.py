"""Numbers and quantities in Arabic text: number words, their grammar, and quantity expressions.

`number_at(words, i)` reads the number written from word `i` (`25`, `خمسة وعشرين`, `ثلاثة
آلاف`). `find_quantities(words)`, for casualty counts (how many killed or injured), takes a
sentence's words as `pipeline.tokenization.TOKEN` cuts them and returns each quantity
expression, left to right, non-overlapping, the longest at each start.
Words are folded for matching only (diacritics and tatweel dropped, أإآ→ا, ى→ي, ة→ه,
Arabic-Indic digits → ASCII); a token of marks alone (`قتيلاً` → `قتيلا` + `ً`) belongs to the
word before it. The first word of an expression may carry a proclitic و/ف and/or ب/ل
(`وثلاثة`, `بنحو`, `بالعشرات`). Number words and modifiers live in
`resources/number_words.json`.

    expression                                    min       max       approximate
    40, ٤٠, 1,200, 1.200 (dot before 3 digits)    N         N         no
    ثمانية, خمسة وعشرين, مئة وعشرون, ثلاث مئة     N         N         no
    ثلاثة آلاف, 3 آلاف, عشرون ألفا, ألفان          N         N         no
    أحد / إحدى (one of)                           1         1         no
    أكثر من N, ما يزيد عن|على N                   N+1       null      no
    ما لا يقل عن N, لا يقل عن N, N على الأقل      N         null      no
    أقل من N                                      null      N-1       no
    نحو|حوالي|قرابة|زهاء|ما يقارب|ما يناهز N     N         N         yes
    N تقريبا                                      N         N         yes
    حتى N, ما يصل إلى N                           null      N         no
    بين|ما بين N و M, N إلى M, N - M (N < M)      N         M         no
    عشرات / العشرات                               20        99        yes
    مئات / المئات                                 200       999       yes
    آلاف / الآلاف                                 2000      9999      yes
    عشرات الآلاف (vague × scale)                  20000     99999     yes
    بضعة / بضع                                    3         9         yes
    عدد من, العديد من, عدد كبير من                2         null      yes

Decided here:
- `N على الأقل` and `N تقريبا` may have the counted noun between them (`40 قتيلا على الأقل`).
  The modifier then sets the bounds but the span ends at the number, so the noun still comes
  right after the quantity for whoever pairs counts with nouns. The noun must not start with
  و, which usually opens the next clause (`5 وأصيب 10 على الأقل`).
- In a range a scale on the second number also applies to the first when the first is smaller
  than the second's multiplicand: `بين 3 و5 آلاف` → 3000–5000, `بين 500 و5 آلاف` → 500–5000.
- A vague word times a scale covers the whole scaled range: `بضعة آلاف` → 3000–9999.
- Not quantities (skipped, with a scale word right after them): decimals (`2.5 مليار`),
  times, dates and percentages (`10:30`, `3/5`, `50%`); a 4-digit year 1900–2100 after a month
  name, `عام`-like word, or a linked year (`عامي 2011 و2013`); a day 1–31 before a month name
  (`3 أيار`); `عشر` after an ordinal (`الحادي عشر`).
- Modifiers apply to exact numbers only, never to vague words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple, TypeVar

from pipeline import resources
from pipeline.lang.ar.clitics import LIST_CONJUNCTION, number_word_forms
from pipeline.lang.ar.dates import month_names
from pipeline.lang.ar.fold import word_key

RESOURCE = "number_words.json"

INTEGER = re.compile(r"\d+")
# Thousands separators: `1,200`, and `1.200` since a count of people has no 3-digit decimals.
GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+|\d{1,3}(?:\.\d{3})+")
LETTERS = re.compile(r"[^\W\d_]+")
YEARS = range(1900, 2101)
DAYS = range(1, 32)


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int  # index of the first word of the expression (modifiers included)
    end: int  # one past its last word
    min: int | None
    max: int | None
    approximate: bool  # True for نحو/حوالي/قرابة/زهاء/تقريبا and for vague quantities


class _Found(NamedTuple):
    quantity: Quantity
    resume: int  # where reading goes on: past a modifier left out of the span


class _Number(NamedTuple):
    end: int  # one past the number's last word (in the folded, mark-free words)
    value: int
    scale: int = 1  # the multiplier of a number that ends in a scale word (`5 آلاف`)


Phrases = dict[tuple[str, ...], str]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Lexicon:
    units: dict[str, int]
    ten: dict[str, int]
    tens: dict[str, int]
    hundreds: dict[str, int]
    hundred: frozenset[str]
    scales: dict[str, int]
    plural_scales: dict[str, int]
    dual_scales: dict[str, int]
    vague: dict[str, tuple[int, int]]
    vague_phrases: dict[tuple[str, ...], tuple[int, int | None]]
    before: Phrases
    after: Phrases
    range_openers: Phrases
    range_links: frozenset[str]
    year_words: frozenset[str]
    months: frozenset[tuple[str, ...]]
    ordinals: frozenset[str]
    not_numbers: frozenset[str]

    @property
    def any_scale(self) -> dict[str, int]:
        return self.scales | self.plural_scales


def fold(word: str) -> str:
    """`word` as it is matched: its word key (no diacritics or tatweel, one alef, ya, ha and
    digit form; see `pipeline.lang.ar.fold`)."""
    return word_key(word)


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(fold(word) for word in text.split())


def _by_length(phrases: dict[str, T]) -> dict[tuple[str, ...], T]:
    """`phrases` folded into word tuples, longest first, so the first match is the longest."""
    folded = {_phrase(text): value for text, value in phrases.items()}
    return dict(sorted(folded.items(), key=lambda item: -len(item[0])))


@cache
def _lexicon() -> _Lexicon:
    data = json.loads(resources.read_text(RESOURCE))

    def values(key: str) -> dict[str, int]:
        return {fold(word): value for word, value in data[key].items()}

    def words(key: str) -> frozenset[str]:
        return frozenset(fold(word) for word in data[key])

    return _Lexicon(
        units=values("units"),
        ten=values("ten"),
        tens=values("tens"),
        hundreds=values("hundreds"),
        hundred=words("hundred"),
        scales=values("scales"),
        plural_scales=values("plural_scales"),
        dual_scales=values("dual_scales"),
        vague={fold(word): (low, high) for word, (low, high) in data["vague"].items()},
        vague_phrases=_by_length(
            {text: tuple(bounds) for text, bounds in data["vague_phrases"].items()}
        ),
        before=_by_length(data["before"]),
        after=_by_length(data["after"]),
        range_openers=_by_length(dict.fromkeys(data["range_openers"], "range")),
        range_links=words("range_links"),
        year_words=words("year_words"),
        months=frozenset(_phrase(month) for month in month_names()),
        ordinals=words("ordinals"),
        not_numbers=words("not_numbers"),
    )


def number_at(words: list[str], i: int) -> tuple[int, int] | None:
    """The longest number written from word `i` of `words` (`25`, `خمسة وعشرين`, `ثلاثة آلاف`)
    as (value, index of the word after it); None where none starts there. Days of the month
    and years are not read as numbers (`3 أيار`, `عام 2011`)."""
    lex = _lexicon()
    folded, index = _compact(words)
    if i not in index:
        return None
    numbers = _numbers_at(folded, index.index(i), lex)
    if not numbers:
        return None
    number = numbers[0]
    end = index[number.end] if number.end < len(index) else len(words)
    return number.value, end


def joined_by_and(words: list[str], index: int) -> bool:
    """Whether the count at word `index` follows `و`, as a word (`و 3`) or written on it
    (`واثنان`, `وثلاثة`): another group added to what came before, not an object."""
    if index > 0 and fold(words[index - 1]) == LIST_CONJUNCTION:
        return True
    word = fold(words[index])
    rest = word.removeprefix(LIST_CONJUNCTION)
    return rest != word and bool(find_quantities([rest]))


def find_quantities(words: list[str]) -> list[Quantity]:
    """Every quantity expression in `words`, left to right, non-overlapping, longest first."""
    lex = _lexicon()
    folded, index = _compact(words)
    found = []
    i = 0
    while i < len(folded):
        if skip := _not_a_count(folded, i, lex):
            i += skip
            continue
        at = _quantity_at(folded, i, lex)
        if at is None:
            i += 1
            continue
        found.append(_to_words(at.quantity, index, len(words)))
        i = at.resume
    return found


def _compact(words: list[str]) -> tuple[list[str], list[int]]:
    """The folded words without mark-only tokens, and the index of each in `words`."""
    folded, index = [], []
    for i, word in enumerate(words):
        if form := fold(word):
            folded.append(form)
            index.append(i)
    return folded, index


def _to_words(quantity: Quantity, index: list[int], count: int) -> Quantity:
    """`quantity` with its span in the original words; trailing marks join its last word."""
    end = index[quantity.end] if quantity.end < len(index) else count
    return Quantity(index[quantity.start], end, quantity.min, quantity.max, quantity.approximate)


def _quantity_at(folded: list[str], i: int, lex: _Lexicon) -> _Found | None:
    """The longest quantity expression that starts at word `i`, if any."""
    found = [_Found(q, q.end) for read in (_range_at, _modified_at) if (q := read(folded, i, lex))]
    if (plain := _plain_at(folded, i, lex)) is not None:
        found.append(plain)
    if (vague := _vague_at(folded, i, lex)) is not None:
        found.append(_Found(vague, vague.end))
    return max(found, key=lambda f: f.resume, default=None)


# --- Expressions -----------------------------------------------------------------------------


def _range_at(folded: list[str], i: int, lex: _Lexicon) -> Quantity | None:
    """`بين N و M`, `ما بين N و M`."""
    opener = _phrase_at(folded, i, lex.range_openers, lex)
    if opener is None:
        return None
    # Every reading of the first number, since `بين خمسة وعشرين` is 5–20 when no `و M` follows.
    for first in _numbers_at(folded, opener[0], lex):
        linked = _after_and(folded, first.end, lex)
        if linked is None:
            continue
        seconds = _numbers_at(folded, linked[0], lex, form=linked[1])
        if seconds and (quantity := _range(i, first, seconds[0])):
            return quantity
    return None


def _modified_at(folded: list[str], i: int, lex: _Lexicon) -> Quantity | None:
    """A modifier phrase and the number after it: `أكثر من 50`, `نحو 50`, `حتى 10`."""
    modifier = _phrase_at(folded, i, lex.before, lex)
    if modifier is None:
        return None
    numbers = _numbers_at(folded, modifier[0], lex)
    if not numbers:
        return None
    return _bounded(i, numbers[0].end, numbers[0].value, modifier[1])


def _plain_at(folded: list[str], i: int, lex: _Lexicon) -> _Found | None:
    """A number, perhaps the first of `N إلى M` or followed by `على الأقل` / `تقريبا`.

    After a counted noun (`40 قتيلا على الأقل`) the modifier sets the bounds but stays out of
    the span, so the noun still follows the quantity; reading resumes after the modifier.
    """
    numbers = _numbers_at(folded, i, lex)
    if not numbers:
        return None
    number = numbers[0]
    link = number.end
    if link < len(folded) and folded[link] in lex.range_links:
        seconds = _numbers_at(folded, link + 1, lex)
        if seconds and (quantity := _range(i, number, seconds[0])):
            return _Found(quantity, quantity.end)
    modifier = _modifier_after(folded, number.end, lex)
    if modifier is None:
        return _Found(Quantity(i, number.end, number.value, number.value, False), number.end)
    end, kind = modifier
    span_end = end if _phrase_at(folded, number.end, lex.after, lex) else number.end
    return _Found(_bounded(i, span_end, number.value, kind), end)


def _vague_at(folded: list[str], i: int, lex: _Lexicon) -> Quantity | None:
    """`العشرات`, `عشرات الآلاف`, `بضعة`, `عدد من`."""
    phrase = _phrase_at(folded, i, lex.vague_phrases, lex)
    if phrase is not None:
        low, high = phrase[1]
        return Quantity(i, phrase[0], low, high, True)
    bounds = next((lex.vague[w] for w in _vague_forms(folded[i], lex) if w in lex.vague), None)
    if bounds is None:
        return None
    low, high = bounds
    after = i + 1
    scale = _scale(folded, after, lex)
    if scale:
        return Quantity(i, after + 1, low * scale, (high + 1) * scale - 1, True)
    return Quantity(i, after, low, high, True)


def _range(start: int, first: _Number, second: _Number) -> Quantity | None:
    low = first.value
    if first.scale == 1 and second.scale > 1 and low < second.value // second.scale:
        low *= second.scale  # `بين 3 و5 آلاف`: the scale is written once for both
    if low >= second.value:
        return None
    return Quantity(start, second.end, low, second.value, False)


def _bounded(start: int, end: int, n: int, kind: str) -> Quantity:
    """The quantity a modifier of kind `kind` makes of the number `n`."""
    bounds = {
        "more_than": (n + 1, None, False),
        "at_least": (n, None, False),
        "less_than": (None, n - 1, False),
        "about": (n, n, True),
        "up_to": (None, n, False),
    }
    low, high, approximate = bounds[kind]
    return Quantity(start, end, low, high, approximate)


def _modifier_after(folded: list[str], j: int, lex: _Lexicon) -> tuple[int, str] | None:
    """`على الأقل` / `تقريبا` at word `j`, or after one counted noun there."""
    found = _phrase_at(folded, j, lex.after, lex)
    if found is not None or j >= len(folded) or not _is_noun(folded, j, lex):
        return found
    return _phrase_at(folded, j + 1, lex.after, lex)


def _is_noun(folded: list[str], j: int, lex: _Lexicon) -> bool:
    word = folded[j]
    return (
        LETTERS.fullmatch(word) is not None
        and not word.startswith("و")
        and not _numbers_at(folded, j, lex)
        and _vague_at(folded, j, lex) is None
    )


# --- Numbers ---------------------------------------------------------------------------------


def _numbers_at(folded: list[str], i: int, lex: _Lexicon, form: str | None = None) -> list[_Number]:
    """Every reading of a number starting at word `i`, longest first.

    `form` is the word as read there (after a conjunction `و`); by default the word and the
    word without its proclitics are tried.
    """
    if i >= len(folded):
        return []
    forms = [form] if form is not None else list(_forms(folded[i], lex))
    found = set()
    for word in forms:
        if word[:1].isdigit():
            found.update(_digit_numbers(folded, i, word, lex))
        else:
            found.update(_word_numbers(folded, i, word, lex))
    return sorted(found, key=lambda n: (-n.end, n.value))


def _digit_numbers(folded: list[str], i: int, word: str, lex: _Lexicon) -> list[_Number]:
    """`40`, `1,200`, and `3 آلاف`; nothing for a year or a day of the month."""
    value = _integer(word)
    if value is None or _is_year(folded, i, lex) or _is_day(folded, i, lex):
        return []
    found = [_Number(i + 1, value)]
    if scale := _scale(folded, i + 1, lex):
        found.append(_Number(i + 2, value * scale, scale))
    return found


def _integer(word: str) -> int | None:
    if INTEGER.fullmatch(word) or GROUPED.fullmatch(word):
        return int(re.sub(r"[.,]", "", word))
    return None


def _word_numbers(folded: list[str], i: int, word: str, lex: _Lexicon) -> list[_Number]:
    """Numbers in words: a group below 1000, times a scale, plus `و` and a smaller number."""
    heads = []
    for group in _groups(folded, i, word, lex):
        heads.append(group)
        if scale := _scale(folded, group.end, lex):
            heads.append(_Number(group.end + 1, group.value * scale, scale))
    if word in lex.scales:  # `ألف`, `مليون`: one
        heads.append(_Number(i + 1, lex.scales[word], lex.scales[word]))
    if word in lex.dual_scales:  # `ألفين`
        heads.append(_Number(i + 1, lex.dual_scales[word], lex.dual_scales[word] // 2))
    found = list(heads)
    for head in heads:
        if head.scale > 1:  # `ثلاثة آلاف وخمسمئة`: the rest is below the scale
            rest = _continued(folded, head.end, lex, _word_numbers)
            found += [_Number(r.end, head.value + r.value) for r in rest if r.value < head.scale]
    return found


def _groups(folded: list[str], i: int, word: str, lex: _Lexicon) -> list[_Number]:
    """Numbers below 1000 in words: `مئة وخمسة وعشرون`, `ثلاث مئة`, `أحد عشر`."""
    hundreds = []
    if word in lex.hundreds:
        hundreds.append(_Number(i + 1, lex.hundreds[word]))
    elif word in lex.units and lex.units[word] >= 3 and _word(folded, i + 1) in lex.hundred:
        hundreds.append(_Number(i + 2, lex.units[word] * 100))  # `ثلاث مئة`
    found = list(hundreds)
    for head in hundreds:
        rest = _continued(folded, head.end, lex, _below_hundred)
        found += [_Number(r.end, head.value + r.value) for r in rest]
    return found + _below_hundred(folded, i, word, lex)


def _below_hundred(folded: list[str], i: int, word: str, lex: _Lexicon) -> list[_Number]:
    """`ثمانية`, `عشرة`, `أحد عشر`, `عشرين`, `خمسة وعشرين`."""
    if word in lex.tens:
        return [_Number(i + 1, lex.tens[word])]
    if word in lex.ten:
        ordinal = i > 0 and any(f in lex.ordinals for f in _forms(folded[i - 1], lex))
        return [] if ordinal else [_Number(i + 1, lex.ten[word])]
    if word not in lex.units:
        return []
    unit = lex.units[word]
    found = [_Number(i + 1, unit)]
    if _word(folded, i + 1) in lex.ten:
        found.append(_Number(i + 2, unit + 10))
    tens = _continued(folded, i + 1, lex, _tens)
    return found + [_Number(t.end, unit + t.value) for t in tens]


def _tens(folded: list[str], i: int, word: str, lex: _Lexicon) -> list[_Number]:
    return [_Number(i + 1, lex.tens[word])] if word in lex.tens else []


Reader = Callable[[list[str], int, str, _Lexicon], list[_Number]]


def _continued(folded: list[str], j: int, lex: _Lexicon, read: Reader) -> list[_Number]:
    """What `read` finds after a conjunction `و` at word `j`."""
    linked = _after_and(folded, j, lex)
    return read(folded, linked[0], linked[1], lex) if linked else []


def _after_and(folded: list[str], j: int, lex: _Lexicon) -> tuple[int, str] | None:
    """The word after a conjunction at `j` (`وعشرين`, `و 30`): its index and form."""
    word = _word(folded, j)
    if word == "و":
        return (j + 1, folded[j + 1]) if j + 1 < len(folded) else None
    if word.startswith("و") and len(word) > 1 and word not in lex.units:  # not `واحد`
        return j, word[1:]
    return None


def _scale(folded: list[str], j: int, lex: _Lexicon) -> int:
    """The multiplier of a scale word at `j` (`آلاف`, `الآلاف`, `مليون`), or 0."""
    scales = lex.any_scale
    return next((scales[w] for w in _vague_forms(_word(folded, j), lex) if w in scales), 0)


# --- Words -----------------------------------------------------------------------------------


def _word(folded: list[str], j: int) -> str:
    return folded[j] if 0 <= j < len(folded) else ""


def _forms(word: str, lex: _Lexicon) -> tuple[str, ...]:
    """`word`, then without a proclitic و/ف and/or ب/ل (`وبثلاثة`, `للعام` = ل + العام)."""
    if word in lex.not_numbers:
        return (word,)
    return number_word_forms(word)


def _vague_forms(word: str, lex: _Lexicon) -> Iterator[str]:
    """The forms of `word`, each also without the article (`بالعشرات` → `عشرات`)."""
    for form in _forms(word, lex):
        yield form
        if form.startswith("ال") and len(form) > 3:
            yield form[2:]


def _phrase_at(
    folded: list[str], i: int, phrases: dict[tuple[str, ...], T], lex: _Lexicon
) -> tuple[int, T] | None:
    """The longest of `phrases` at word `i` (its first word may carry a proclitic): end, value.

    `phrases` are ordered longest first (see `_by_length`).
    """
    if i >= len(folded):
        return None
    firsts = set(_forms(folded[i], lex))
    for phrase, value in phrases.items():
        end = i + len(phrase)
        if phrase[0] in firsts and tuple(folded[i + 1 : end]) == phrase[1:]:
            return end, value
    return None


def _not_a_count(folded: list[str], i: int, lex: _Lexicon) -> int:
    """How many words a non-count number at `i` takes (with a scale after it), or 0.

    Decimals, times, dates and percentages (`2.5`, `10:30`, `50%`), years and days of the month.
    """
    word = folded[i]
    if not word[:1].isdigit():
        return 0
    if _integer(word) is not None and not _is_year(folded, i, lex) and not _is_day(folded, i, lex):
        return 0
    return 2 if _scale(folded, i + 1, lex) else 1


def _is_year(folded: list[str], i: int, lex: _Lexicon) -> bool:
    """A 4-digit year after a month name, `عام`, or `و`/`-`/`إلى`/`حتى` and another year."""
    word = folded[i]
    if not (len(word) == 4 and word.isdigit() and int(word) in YEARS):
        return False
    before = i - 1
    if _word(folded, before) == ")":  # `27 فبراير (شباط) 2014`
        before -= 1
    if before < 0:
        return False
    if any(form in lex.year_words for form in _forms(folded[before], lex)):
        return True
    if any(tuple(folded[before - k : before + 1]) in lex.months for k in (0, 1) if before >= k):
        return True
    links = {"و", "-", "–", "الي", "حتي"}
    return folded[before] in links and before > 0 and _is_year(folded, before - 1, lex)


def _is_day(folded: list[str], i: int, lex: _Lexicon) -> bool:
    """A day of the month: `3 أيار`, `1 كانون الثاني`."""
    word = folded[i]
    if not (word.isdigit() and int(word) in DAYS):
        return False
    return any(tuple(folded[i + 1 : i + 1 + len(m)]) == m for m in lex.months)
