"""Did the event happen? `asserted`, or `negated`, `attempted`, `demanded`, `hypothetical`,
`future`.

Read from the words before (and, for the future, after) the trigger within its clause, with the
lists of `resources/event_context.json`: `لم تشن` and `نفت ... شن` are negated, `محاولة
لاقتحام` attempted, `طالبت ... بالإفراج عن` and `دعا إلى هدنة` demanded (a truce proposed or
called for is not asserted), `إذا تم التوصل` hypothetical, `سيلتقي`, `الجولة المقبلة من
المحادثات`, `هدد بشن هجوم` and `سنستأنف إدخال المساعدات` (a verb of the `future_verbs` list in
its future form) future. A trigger with no such word is asserted.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.events.triggers import TriggerHit
from pipeline.events.wordsets import event_context, exact_words, word_set
from pipeline.lang.ar.clitics import future_prefixes

ASSERTED = "asserted"
MODALITIES = ("asserted", "negated", "attempted", "demanded", "hypothetical", "future")
VERB_CLASSES = ("V", "I")
CLAUSE_REACH = 30  # no cue lies further away; bounds the work on a sentence with no stops


def modality(keys: list[str], hit: TriggerHit) -> str:
    """The modality of the trigger `hit` among the folded words `keys` of its sentence."""
    low, high = _clause(keys, hit)
    before = keys[low : hit.start]
    after = keys[hit.end : high]
    if _negated(before, hit):
        return "negated"
    if _near(before, "attempted"):
        return "attempted"
    if _demanded(keys[hit.start], before):
        return "demanded"
    if _hypothetical(before, hit):
        return "hypothetical"
    if _future(keys[hit.start], before, after, hit):
        return "future"
    return ASSERTED


def _clause(keys: list[str], hit: TriggerHit) -> tuple[int, int]:
    """The words of the trigger's clause: up to the nearest punctuation either side (at most
    `CLAUSE_REACH` words away)."""
    breaks = exact_words("clause_breaks")
    floor = max(0, hit.start - CLAUSE_REACH)
    ceiling = min(len(keys), hit.end + CLAUSE_REACH)
    low = hit.start
    while low > floor and keys[low - 1] not in breaks:
        low -= 1
    high = hit.end
    while high < ceiling and keys[high] not in breaks:
        high += 1
    return low, high


def _negated(before: list[str], hit: TriggerHit) -> bool:
    settings = event_context()["modality"]
    negations = word_set("modality", "negated")
    recent = before[-settings["negated"]["before"] :]
    for position, key in enumerate(recent):
        following = recent[position + 1] if position + 1 < len(recent) else None
        if key in negations and following not in settings["not_after_negation"]:
            return True
    if before and hit.word_class in VERB_CLASSES and before[-1] in settings["negated_verb_only"]:
        return True
    denial = word_set("modality", "denial")
    return any(key in denial for key in before[-settings["denial"]["before"] :])


def _demanded(trigger_key: str, before: list[str]) -> bool:
    """A demand word before the trigger, which a preposition links to it (`دعا إلى هدنة`,
    `طالبت بالإفراج`), with no relative clause between them."""
    settings = event_context()["modality"]["demanded"]
    linked = (before and before[-1] in settings["linked_by"]) or trigger_key.startswith(
        tuple(settings["linking_proclitics"])
    )
    if not linked:
        return False
    words = word_set("modality", "demanded")
    for key in reversed(before[-settings["before"] :]):
        if key in settings["not_across"]:
            return False
        if key in words:
            return True
    return False


def _hypothetical(before: list[str], hit: TriggerHit) -> bool:
    settings = event_context()["modality"]
    window = before[-settings["hypothetical"]["before"] :]
    words = word_set("modality", "hypothetical")
    for key in window:
        if key not in words:
            continue
        # `قد` + perfect is "has already": only `قد` + imperfect is "may"
        if key in settings["hypothetical_needs_imperfect"] and hit.word_class != "I":
            continue
        return True
    return False


def _future(trigger_key: str, before: list[str], after: list[str], hit: TriggerHit) -> bool:
    if hit.word_class == "I" and trigger_key.startswith(future_prefixes()):
        return True
    settings = event_context()["modality"]["future"]
    words = word_set("modality", "future")
    nearby = before[-settings["before"] :] + after[: settings["after"]]
    if any(key in words for key in nearby):
        return True
    return _near(before, "future_verbs", only=lambda key: key.startswith(future_prefixes()))


def _near(before: list[str], name: str, only: Callable[[str], bool] | None = None) -> bool:
    """Whether a word of the list `name` stands within its `before` words (and passes `only`)."""
    window = event_context()["modality"][name]["before"]
    words = word_set("modality", name)
    return any(key in words and (only is None or only(key)) for key in before[-window:])
