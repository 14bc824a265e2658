"""CAMEO actor codes from UniversalPetrarch's Arabic dictionaries, and ACLED actor categories.

Data: `DATA/actors/` (UniversalPetrarch, MIT). `actor_dict_ar_v2.txt` holds the actors in
surface form (`الأمين العام للأمم المتحدة`), `actor_dict_ar_v3.txt` the same entries in the same
order lemmatised (`أمين عام ل أمة المتحدة`), which is how PETRARCH matches parser output; v3
drops a few entries of v2. The entries are paired in order: entry i of v3 goes with the first of
the next three v2 entries whose codes are written the same, the v2 entries skipped being the
dropped ones (`syria [SYRCVLHLH]`), or with the next v2 entry when none is.
Raw text is matched against the v2 (surface) name, folded (`match_key`), the v3 lemma kept
beside it for reference.

The knowledge-base build gives each hand-written person or organisation whose name or alias is
a v2 name the codes of those entries (`cameo`: code, from, to), so that the link stage can
give a linked entity the code valid on the article's date (`code_on`).

Every event actor gets an ACLED-style category (`category_of`) from its code by
`resources/actor_categories.json`, which gives the reasoning of each mapping.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import resources
from pipeline.document import KbLink
from pipeline.lang.ar.fold import match_key

if TYPE_CHECKING:
    from pipeline.kb.unknown_names import GenericActor

ACTORS_V2 = Path("actors") / "actor_dict_ar_v2.txt"
ACTORS_V3 = Path("actors") / "actor_dict_ar_v3.txt"
SOURCE = "UniversalPetrarch Arabic actor dictionary v2/v3 (MIT, Open Event Data Alliance)"
CODE_LINE = re.compile(r"\[([^\]]*)\]")
CODE = re.compile(r"^[A-Z]{3}(?:[A-Z]{3})*$")
RANGE = re.compile(r"^(\d{8})\s*-\s*(\d{8})$")
AFTER = re.compile(r"^>\s*(\d{8})$")
BEFORE = re.compile(r"^<\s*(\d{8})$")
LOOKAHEAD = 3  # v2 entries looked at for the one a v3 entry lemmatises


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    start: str | None = None  # ISO date the code holds from
    end: str | None = None  # ISO date it holds until

    def holds_on(self, date: str | None) -> bool:
        """Whether the code holds on `date` (ISO, any precision); undated codes always do."""
        if date is None:
            return self.start is None and self.end is None
        return (self.start is None or date[: len(self.start)] >= self.start[: len(date)]) and (
            self.end is None or date[: len(self.end)] <= self.end
        )

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "from": self.start, "to": self.end}


@dataclass(slots=True)
class ActorEntry:
    name: str
    codes: list[Code] = field(default_factory=list)
    raw_codes: list[str] = field(default_factory=list)  # as written, to pair v2 with v3
    lemma: str | None = None


def parse_actors(text: str) -> list[ActorEntry]:
    """PETRARCH actor entries: a name line, then tab-indented `[CODE date]` lines (or inline)."""
    entries: list[ActorEntry] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        codes = CODE_LINE.findall(line)
        name = CODE_LINE.sub("", line).strip()
        if name and not line.startswith(("\t", " ")):
            entries.append(ActorEntry(name))
        if entries and codes:
            entries[-1].raw_codes += codes
            entries[-1].codes += [code for raw in codes if (code := parse_code(raw))]
    return entries


def parse_code(raw: str) -> Code | None:
    """`SYRGOV`, `IRQGOV 20101221-20140908`, `RUSGOV >20040309`, `X <20000101`; else None.

    A range that ends before it starts (`19840502-18000101`, 82 of them) keeps its start only.
    """
    parts = raw.strip().split(None, 1)
    if not parts or not CODE.match(parts[0]):
        return None
    restriction = parts[1].strip() if len(parts) > 1 else ""
    if not restriction:
        return Code(parts[0])
    if match := RANGE.match(restriction):
        start, end = _iso(match.group(1)), _iso(match.group(2))
        return Code(parts[0], start, end if end >= start else None)
    if match := AFTER.match(restriction):
        return Code(parts[0], start=_iso(match.group(1)))
    if match := BEFORE.match(restriction):
        return Code(parts[0], end=_iso(match.group(1)))
    return None


def _iso(date: str) -> str:
    return f"{date[:4]}-{date[4:6]}-{date[6:]}"


def paired(surface: list[ActorEntry], lemmas: list[ActorEntry]) -> list[ActorEntry]:
    """The v2 entries with their v3 lemma: in order, skipping v2 entries v3 dropped."""
    position = 0
    for lemma in lemmas:
        ahead = surface[position : position + LOOKAHEAD]
        same = [i for i, entry in enumerate(ahead) if entry.raw_codes == lemma.raw_codes]
        position += same[0] if same else 0  # no match near: the same entry, codes retyped
        if position >= len(surface):
            break
        surface[position].lemma = lemma.name
        position += 1
    return surface


def read_actors(data: Path) -> list[ActorEntry]:
    surface = parse_actors((data / ACTORS_V2).read_text(encoding="utf-8"))
    lemmas = parse_actors((data / ACTORS_V3).read_text(encoding="utf-8"))
    return paired(surface, lemmas)


def codes_by_name(entries: Iterable[ActorEntry]) -> dict[str, list[Code]]:
    """Folded v2 name → its codes (of all its entries, in file order, each once)."""
    by_name: dict[str, list[Code]] = {}
    for entry in entries:
        codes = by_name.setdefault(match_key(entry.name), [])
        codes += [code for code in entry.codes if code not in codes]
    return by_name


def annotate_actors(records: list[dict[str, Any]], entries: list[ActorEntry]) -> int:
    """Add to each hand-written person or organisation the codes of its names (after its own).

    Returns how many entries got codes from the dictionary.
    """
    by_name = codes_by_name(entries)
    annotated = 0
    for record in records:
        if record.get("type") not in ("PER", "ORG") or not record.get("curated"):
            continue
        written = [Code(c["code"], c.get("from"), c.get("to")) for c in record.get("cameo") or []]
        codes = list(written)
        for name in [record["name_ar"], *record.get("aliases", [])]:
            codes += [code for code in by_name.get(match_key(name), []) if code not in codes]
        if len(codes) > len(written):
            record["cameo"] = [code.to_json() for code in codes]
            record["sources"] = [*record.get("sources", []), SOURCE]
            annotated += 1
    return annotated


def code_on(cameo: list[dict[str, Any]] | None, date: str | None) -> str | None:
    """The first code that holds on `date`; with no date, the first that has not ended."""
    codes = [Code(item["code"], item.get("from"), item.get("to")) for item in cameo or []]
    for code in codes:
        if code.holds_on(date) if date else code.end is None:
            return code.code
    return None


@lru_cache(maxsize=1)
def _categories() -> dict[str, Any]:
    return json.loads(resources.read_text("actor_categories.json"))


def category_of(code: str | None) -> str:
    """The ACLED-style category of a CAMEO code (`SYRMIL` → state_forces), `other` if none."""
    if not code:
        return "other"
    mapping = _categories()
    if code[:3] in mapping["prefixes"]:
        return mapping["prefixes"][code[:3]]["category"]
    roles = list(_roles(code))
    for role in mapping["role_priority"]:
        if role in roles:
            return mapping["roles"][role]["category"]
    if len(code) == 3:
        return mapping["country_alone"]["category"]
    return "other"


def _roles(code: str) -> Iterator[str]:
    """The three-letter role codes of a code (`SYRGOVMIL` → GOV, MIL; `MIL` → MIL)."""
    roles = _categories()["roles"]
    pieces = [code[i : i + 3] for i in range(0, len(code), 3)]
    start = 0 if pieces[0] in roles else 1
    yield from pieces[start:]


def actor_category(
    text: str, link: KbLink | None, by_force: bool = False, holds_name: bool = False
) -> dict[str, Any]:
    """An event actor's `cameo` and `category`: its entity's, else its generic phrase's.

    A country named as an actor (`روسيا`) is its state (`country_alone` of the mapping); an actor
    nothing says more of is `other`. `by_force`: the actor acts by force (an agent of an
    attack), so a government is its forces and the political opposition its armed factions
    (`acting_by_force` of the mapping). `holds_name`: the phrase holds a named entity, linked
    or not, so its head says nothing of it (`قوات سوريا الديمقراطية` is no state's forces).
    """
    found = _actor_category(text, link, holds_name)
    if by_force:
        generic = link is None or link.actor is None
        found["category"] = _by_force(found["cameo"], found["category"], generic)
    return found


def _actor_category(text: str, link: KbLink | None, holds_name: bool) -> dict[str, Any]:
    from pipeline.kb.unknown_names import generic_actor, head_actor

    if link is not None and link.actor is not None:
        return {"cameo": link.actor.cameo, "category": link.actor.actor_category}
    generic = generic_actor(text)
    if link is not None and link.kind == "country" and not _describes_a_role(generic):
        return {"cameo": None, "category": _categories()["country_alone"]["category"]}
    if generic is None and link is None and not holds_name:
        generic = head_actor(text)  # `الطائرات الحربية التابعة للنظام`: aircraft
    if generic is not None:
        return {"cameo": generic.code, "category": generic.category}
    return {"cameo": None, "category": "other"}


def _describes_a_role(generic: GenericActor | None) -> bool:
    """Whether a phrase says what kind of actor it is beyond a country: in `قوات معارضة سورية`
    or `مقاتلات تركية` the country is the actor's nationality, not the actor."""
    return generic is not None and bool(generic.code) and any(True for _ in _roles(generic.code))


def _by_force(code: str | None, category: str, generic: bool) -> str:
    """The category of an actor that acts by force; the opposition's role is read only of a
    generic phrase (`المعارضة`): a named party keeps its own category."""
    acting = _categories()["acting_by_force"]
    if category in acting["categories"]:
        return acting["categories"][category]
    if category == "other" and code and generic:
        roles = set(_roles(code))
        for role, by_force in acting["roles"].items():
            if role in roles:
                return by_force
    return category


def acts_by_force(role: str) -> bool:
    """Whether an actor in `role` of an event done by force is one who uses it."""
    return role in _categories()["acting_by_force"]["force_roles"]
