"""`make eval-events`: the events stage against gold data.

    python -m pipeline.training.events_eval --data ../shared/data --profile fast

Three measures, each sentence run through the whole profile as a document of its own:

1. Sentence-level detection on the Arabic event gold standard (`event_gsr/*_dev.csv`; gold
   positive = `yes`; negative = `easy no` and `difficult no`; `ambiguous` left out), two ways:
   - as written: positive when the stage reports an asserted ATTACK or CLASH (PLOVER codes
     both as ASSAULT), for PROTEST an asserted PROTEST; the shipped reporting model, whose
     score the detection model reads, is trained on these very sentences, so each sentence is
     run with the reporting model of the other four folds in its place (`--in-sample` runs
     the shipped one, as before);
   - reporting model, 5-fold cross-validated (the shipped model is trained on this data, so
     each sentence is decided by a model trained on the other folds): positive when the
     sentence has such a trigger and the model's probability reaches its threshold.
2. Actors on `event_gsr/*_spans_dev.jsonl` (sentences of the same set, run the same way): a
   gold source (target) actor is found when an agent (target) or participant of an
   ATTACK/CLASH (PROTEST) event of that sentence shares a word with it; precision counts the
   system's agents (targets) that share a word with a gold source (target) of the sentence.
3. The hand-annotated test set `tests/data/events_gold.jsonl` (see tests/data/README.md): a
   gold event is found by a system event of the same type whose trigger (or one of its
   mentions) overlaps the gold trigger; per-field accuracy over the found events: subtype,
   modality, location (the same place name as written, folded, or the same English name, or
   both none), killed and injured (same min and max, or both none).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.codec import event_row
from pipeline.document import Document, SourceInfo
from pipeline.event_types import event_types
from pipeline.lang.ar.fold import match_key
from pipeline.stages import Stage, create_stage, create_stages, load_profile, run_stages
from pipeline.training import events_model

POSITIVE = {"yes"}
NEGATIVE = {"easy no", "difficult no"}
EVENTS_STAGE = "events"
FIELDS = ("subtype", "modality", "location", "killed", "injured")
DEFAULT_GOLD = Path("tests/data/events_gold.jsonl")


class HeldOutStages:
    """The profile's stages with, per cross-validation fold, an events stage whose reporting
    model did not see the fold's GSR sentences (the other stages are shared);
    `for_sentence` gives a sentence the stages of its fold. With `in_sample`, one set of
    stages with the shipped model for every sentence."""

    def __init__(
        self, profile: str, examples: dict[str, list], folder: Path, in_sample: bool = False
    ) -> None:
        shared = create_stages(profile)
        self.by_fold: list[list[Stage]] = [shared]
        if in_sample:
            return
        events_at = [stage.name for stage in shared].index(EVENTS_STAGE)
        options = load_profile(profile).options.get(EVENTS_STAGE, {})
        folder.mkdir(parents=True, exist_ok=True)
        self.by_fold = []
        for fold, model in enumerate(events_model.fold_models(examples)):
            path = folder / f"reporting-fold{fold}.json"
            path.write_text(json.dumps(model.to_dict({})) + "\n", encoding="utf-8")
            events = create_stage(EVENTS_STAGE, {**options, "reporting": str(path)})
            self.by_fold.append([*shared[:events_at], events, *shared[events_at + 1 :]])

    def for_sentence(self, sentence_id: str) -> list[Stage]:
        if len(self.by_fold) == 1:
            return self.by_fold[0]
        return self.by_fold[events_model.fold_of(sentence_id)]


def run_sentences(
    stages: list[Stage] | HeldOutStages, texts: Iterable[tuple[str, str, str | None]]
) -> Iterator[Document]:
    """Each (id, text, date) as a document through the stages."""
    source = SourceInfo(path="eval", sha256="0" * 64, encoding="utf-8")
    for doc_id, text, date in texts:
        chosen = stages.for_sentence(doc_id) if isinstance(stages, HeldOutStages) else stages
        yield run_stages(chosen, Document(doc_id=doc_id, text=text, source=source, date=date))


def event_rows_of(doc: Document) -> list[dict[str, Any]]:
    """The document's events as the output contract writes them (what is evaluated)."""
    return [event_row(event) for event in doc.events]


def reported(doc: Document, types: set[str]) -> bool:
    return any(e.type in types and e.modality == "asserted" for e in doc.events)


# -- 1. sentence-level detection -------------------------------------------------------------


def detection(
    stages: list[Stage] | HeldOutStages, rows: list[dict[str, str]], types: set[str]
) -> Counter[str]:
    counts: Counter[str] = Counter()
    texts = ((row["id"], row["text"], None) for row in rows)
    for row, doc in zip(rows, run_sentences(stages, texts), strict=True):
        gold = row["label"] in POSITIVE
        system = reported(doc, types)
        counts[_outcome(gold, system)] += 1
        if gold != system:
            counts[f"{_outcome(gold, system)} ({row['label']})"] += 1
    return counts


def model_detection(examples: list[events_model.Example]) -> Counter[str]:
    """Cross-validated decisions of the reporting model."""
    counts: Counter[str] = Counter()
    for example, system in zip(examples, events_model.cross_validate(examples), strict=True):
        counts[_outcome(example.label, system)] += 1
    return counts


def _outcome(gold: bool, system: bool) -> str:
    return {(True, True): "tp", (False, True): "fp", (True, False): "fn"}.get((gold, system), "tn")


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# -- 2. actors ---------------------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The GSR spans file or the hand-annotated test set, one object per line."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def actors(
    stages: list[Stage] | HeldOutStages,
    items: list[dict[str, Any]],
    types: set[str],
    ids_by_text: dict[str, str] | None = None,
) -> Counter[str]:
    """Actor recall and precision on the span items; an item is run as the GSR sentence of its
    text (`ids_by_text`: its fold), as some items' `source` is an outlet, not a sentence id."""
    counts: Counter[str] = Counter()
    known = ids_by_text or {}
    texts = ((known.get(item["text"], item["source"]), item["text"], None) for item in items)
    for item, doc in zip(items, run_sentences(stages, texts), strict=True):
        system = _system_actors(doc, types)
        for gold_field, role in (("source_actor", "agent"), ("target_actor", "target")):
            gold = _gold_actor_words(item, gold_field)
            found = system[role] + system["participant"]
            counts[f"{role}_gold"] += len(gold)
            counts[f"{role}_found"] += sum(1 for words in gold if _shares_word(words, found))
            counts[f"{role}_system"] += len(system[role])
            counts[f"{role}_correct"] += sum(
                1 for text in system[role] if _shares_word(set(text.split()), gold_texts(gold))
            )
    return counts


def _system_actors(doc: Document, types: set[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"agent": [], "target": [], "participant": []}
    for event in doc.events:
        if event.type in types:
            for actor in event.actors:
                found[actor.role].append(actor.text)
    return found


def _gold_actor_words(item: dict[str, Any], field: str) -> list[set[str]]:
    """The distinct non-empty gold actors of a field, each as its set of words."""
    distinct = {tuple(span[field]) for span in item["spans"] if span[field]}
    return [set(words) for words in sorted(distinct)]


def gold_texts(gold: list[set[str]]) -> list[str]:
    return [" ".join(sorted(words)) for words in gold]


def _shares_word(words: set[str], texts: list[str]) -> bool:
    return any(words & set(text.split()) for text in texts)


# -- 3. the hand-annotated test set ------------------------------------------------------------


def gold_events(stages: list[Stage], items: list[dict[str, Any]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    texts = ((item["id"], item["text"], item.get("date")) for item in items)
    for item, doc in zip(items, run_sentences(stages, texts), strict=True):
        matched: set[str] = set()
        for gold in item["events"]:
            counts["gold"] += 1
            counts[f"gold {gold['type']}"] += 1
            system = _matching_event(gold, event_rows_of(doc))
            if system is None:
                continue
            matched.add(system["id"])
            counts["found"] += 1
            counts[f"found {gold['type']}"] += 1
            for field in FIELDS:
                counts[f"{field} correct"] += _field_correct(field, gold, system)
        counts["system"] += len(doc.events)
        counts["system matched"] += len(matched)
    return counts


def _matching_event(gold: dict[str, Any], events: list[dict[str, Any]]) -> dict | None:
    trigger = gold["trigger"]
    for event in events:
        if event["type"] != gold["type"]:
            continue
        spans = [mention["trigger"] for mention in event["mentions"]]
        if any(s["start"] < trigger["end"] and trigger["start"] < s["end"] for s in spans):
            return event
    return None


def _field_correct(field: str, gold: dict[str, Any], system: dict[str, Any]) -> bool:
    if field in ("subtype", "modality"):
        return gold[field] == system[field]
    if field == "location":
        return _same_place(gold["location"], system["location"])
    gold_count = gold[field]
    system_count = (system["casualties"] or {}).get(field)
    if gold_count is None or system_count is None:
        return gold_count is None and system_count is None
    return (gold_count["min"], gold_count["max"]) == (system_count["min"], system_count["max"])


def _same_place(gold: dict[str, Any] | None, system: dict[str, Any] | None) -> bool:
    """The same place: both none, the same name as written (folded), or the same English
    name (the English spelling of a place is the linking evaluation's business)."""
    if gold is None or system is None:
        return gold is None and system is None
    if match_key(gold["text"]) == match_key(system["text"]):
        return True
    return gold.get("name_en") is not None and gold["name_en"] == system.get("name_en")


# -- report ------------------------------------------------------------------------------------


def detection_line(name: str, counts: Counter[str]) -> str:
    precision, recall, f1 = prf(counts["tp"], counts["fp"], counts["fn"])
    detail = ", ".join(f"{key} {value}" for key, value in sorted(counts.items()) if "(" in key)
    return (
        f"| {name} | {counts['tp'] + counts['fn']} | {counts['fp'] + counts['tn']} "
        f"| {100 * precision:.1f} | {100 * recall:.1f} | {100 * f1:.1f} | {detail} |"
    )


def actor_line(name: str, counts: Counter[str]) -> str:
    cells = []
    for role in ("agent", "target"):
        precision = _ratio(counts[f"{role}_correct"], counts[f"{role}_system"])
        recall = _ratio(counts[f"{role}_found"], counts[f"{role}_gold"])
        cells.append(f"{precision} | {recall} ({counts[f'{role}_gold']} gold)")
    return f"| {name} | " + " | ".join(cells) + " |"


def gold_report(counts: Counter[str]) -> list[str]:
    precision = _ratio(counts["system matched"], counts["system"])
    recall = _ratio(counts["found"], counts["gold"])
    lines = [
        f"events: {counts['gold']} gold, {counts['system']} reported; "
        f"precision {precision}, recall {recall}",
        "| field | correct among found events |",
        "|---|---|",
    ]
    for field in FIELDS:
        lines.append(f"| {field} | {_ratio(counts[f'{field} correct'], counts['found'])} |")
    types = sorted(key.removeprefix("gold ") for key in counts if key.startswith("gold "))
    found = ", ".join(f"{t} {counts['found ' + t]}/{counts['gold ' + t]}" for t in types)
    lines.append(f"found by type: {found}")
    return lines


def _ratio(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}" if whole else "n/a"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--profile", default="fast")
    parser.add_argument("--limit", type=int, default=None, help="first N items of each set")
    parser.add_argument(
        "--in-sample",
        action="store_true",
        help="run the GSR sentences with the shipped reporting model, which was trained on them",
    )
    parser.add_argument(
        "--work", type=Path, default=Path("build/eval-events"), help="folder of the fold models"
    )
    args = parser.parse_args(argv)
    registry = event_types()
    examples = {
        name: events_model.read_examples(args.data, name)[: args.limit]
        for name in registry.families
    }
    held_out = HeldOutStages(args.profile, examples, args.work, args.in_sample)
    written = "as written, shipped reporting model" if args.in_sample else "as written"
    print(f"## events, profile {args.profile}\n")
    print("| GSR dev | positives | negatives | P | R | F1 | errors |")
    print("|---|---|---|---|---|---|---|")
    for name in registry.families:
        rows = events_model.read_sentences(args.data, name)[: args.limit]
        types = set(registry.family_types(name))
        print(detection_line(f"{name}, {written}", detection(held_out, rows, types)))
        model_counts = model_detection(examples[name])
        print(detection_line(f"{name}, reporting model (5-fold CV)", model_counts))
    print("\n| GSR spans | agent P | agent R | target P | target R |")
    print("|---|---|---|---|---|")
    for name in registry.families:
        stem = events_model.gold_standard(name)
        items = read_jsonl(args.data / "event_gsr" / f"{stem}_spans_dev.jsonl")[: args.limit]
        ids = {row["text"]: row["id"] for row in events_model.read_sentences(args.data, name)}
        types = set(registry.family_types(name))
        print(actor_line(name, actors(held_out, items, types, ids)))
    stages = held_out.by_fold[0] if args.in_sample else create_stages(args.profile)
    if args.gold.exists():
        print()
        print("\n".join(gold_report(gold_events(stages, read_jsonl(args.gold)[: args.limit]))))


if __name__ == "__main__":
    main()
