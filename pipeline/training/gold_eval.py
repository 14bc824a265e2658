"""Score a pipeline output folder against a split of the gold corpus (`make eval-gold`).

    python -m pipeline.training.gold_eval OUT --split dev [--gold corpus/gold] [--json FILE]
    python -m pipeline.training.gold_eval --compare fast=A.json accurate=B.json   (side by side)

Entities: P/R/F1 by label, exact and head match, and linking accuracy (KB id, English name)
over head-matched mentions. Events: P/R/F1 by type, a record being right when its trigger lies
in a mention of a gold event of the same type, a second record of a matched gold event a
duplicate; arguments over matched events (rules in `pipeline.gold.scoring`), with the actor
category of the role-matched actors and the governorate (admin1) of Syrian event places.
Documents of the split missing from OUT count as predicted empty.

How the gold says admin1 (`GoldAdmin1`): the gold does not annotate governorates, so a gold
event place is placed through the data. A place linked to the knowledge base takes the
`admin1_pcode` of the gold entity's KB entry (the KB's admin areas come from OpenSyria and
GeoNames, `pipeline/kb/syria_admin.py`); a NIL place (or a place the gold gives as text only)
takes the governorate of the OpenSyria units (DATA/syria_admin) its text names, without the
unit words and a leading `ريف`, and if none, without its trailing modifiers as the link stage
cuts them (`حمص القديمة` → Homs), when they all lie in one governorate. Any other place (abroad,
Syria as a whole, a village the data lacks) is counted as unplaced and not scored.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pipeline.gold.compile import GOLD_DIR, LABELS
from pipeline.gold.scoring import Admin1Of, Comparison, compare, from_output, summary
from pipeline.gold.selection import text_sha256
from pipeline.gold.validate import read_gold, schema_problems
from pipeline.kb import KnowledgeBase, alias_keys
from pipeline.kb.syria_admin import ADMIN_TSV, AdminUnit, read_units
from pipeline.lang.ar.fold import match_key
from pipeline.lang.ar.names import name_heads
from pipeline.paths import models_dir

# words a gold place's text may start with that do not change its governorate
PLACE_PREFIXES = ("محافظة", "منطقة", "ناحية", "مركز", "ريف")


class ScoringError(Exception):
    """The output or the gold cannot be scored as given."""


def read_output(out: Path) -> dict[str, dict[str, Any]]:
    """The document records of an output folder, by doc_id (a repeated doc_id is an error)."""
    path = out / "documents.jsonl"
    if not path.exists():
        raise ScoringError(f"{path} is missing: is {out} the output folder of a run?")
    documents = {}
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise ScoringError(f"{path}:{number}: not JSON ({error})") from error
            if record["doc_id"] in documents:
                raise ScoringError(f"{path}:{number}: doc_id {record['doc_id']!r} repeated")
            documents[record["doc_id"]] = record
    return documents


def read_checked_gold(path: Path) -> list[dict[str, Any]]:
    """The gold records of a split file, refused if any breaks the gold schema."""
    if not path.exists():
        raise ScoringError(f"{path} is missing (make gold)")
    gold = read_gold(path)
    for record in gold:
        problems = schema_problems(record)
        if problems:
            raise ScoringError(f"{path}: {record.get('doc_id')}: {problems[0]}")
    return gold


class GoldAdmin1:
    """The governorate (admin1 P-code) of a gold event place: its KB entry's, else that of the
    OpenSyria units its text names (see the module's docstring)."""

    def __init__(self, kb: KnowledgeBase | None, units: list[AdminUnit]) -> None:
        self.kb = kb
        self.by_name: dict[str, set[str]] = {}
        for unit in units:
            for name in [*unit.names(), *unit.bare_names()]:
                for key in alias_keys(name):
                    self.by_name.setdefault(key, set()).add(unit.pcode[:4])

    def __call__(self, record: dict[str, Any], place: dict[str, Any]) -> str | None:
        entity = next((e for e in record["entities"] if e["id"] == place.get("entity")), None)
        entry = self.kb.get(entity.get("kb_id")) if entity and self.kb else None
        if entry is not None:
            return (entry.admin or {}).get("admin1_pcode")
        return self.named(entity["text"] if entity else place["text"])

    def named(self, text: str) -> str | None:
        words = match_key(text).split()
        prefixes = {match_key(word) for word in PLACE_PREFIXES}
        while len(words) > 1 and words[0] in prefixes:
            words = words[1:]
        for name in name_heads(" ".join(words)):
            governorates = {g for key in alias_keys(name) for g in self.by_name.get(key, ())}
            if governorates:
                return governorates.pop() if len(governorates) == 1 else None
        return None


def gold_admin1(kb_path: Path | None, data: Path | None) -> GoldAdmin1:
    """The resolver from the knowledge base and DATA/syria_admin (either may be missing)."""
    kb = KnowledgeBase.from_file(kb_path) if kb_path and kb_path.exists() else None
    admin = data / ADMIN_TSV if data else None
    units = read_units(admin) if admin and admin.exists() else []
    return GoldAdmin1(kb, units)


def empty_prediction(doc_id: str) -> dict[str, Any]:
    return {"doc_id": doc_id, "entities": [], "events": []}


def score(
    gold: list[dict[str, Any]],
    output: dict[str, dict[str, Any]],
    admin1_of: Admin1Of | None = None,
) -> dict[str, Any]:
    """The figures of an output against gold records (admin1 scored when `admin1_of` is
    given)."""
    result = Comparison()
    missing = []
    for record in gold:
        document = output.get(record["doc_id"])
        if document is None:
            missing.append(record["doc_id"])
            predicted = empty_prediction(record["doc_id"])
        elif text_sha256(document["text"]) != record["text_sha256"]:
            raise ScoringError(f"{record['doc_id']}: the output's text is not the gold article's")
        else:
            predicted = from_output(document)
        compare(record, predicted, result, admin1_of)
    figures = summary(result)
    figures["missing_documents"] = missing
    return figures


def percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def format_tables(figures: dict[str, Any], title: str) -> str:
    lines = [f"## {title}: {figures['documents']} articles", ""]
    missing = figures.get("missing_documents") or []
    if missing:
        lines += [
            f"**{len(missing)} gold articles are not in the output** (scored as empty): "
            + ", ".join(missing[:5])
            + ("…" if len(missing) > 5 else ""),
            "",
        ]
    lines += prf_table("entities (exact span and label)", figures["entities"]["exact"])
    lines += prf_table("entities (head match)", figures["entities"]["head"])
    linking = figures["entities"]["linking"]
    lines += [
        f"linking over {linking['mentions']} head-matched mentions: right (the gold KB id; for a "
        f"gold NIL, the gold English name) {percent(linking['right'])} %; the gold KB id, over "
        f"the {linking['kb_id_mentions']} with one, {percent(linking['kb_id'])} %; the same "
        f"English name {percent(linking['name_en'])} %; right with English names compared as "
        f"before issue 17 (no gloss rule, no letter folding) "
        f"{percent(linking.get('right_strict_names'))} %",
        "",
    ]
    events = figures["events"]
    lines += prf_table("events (trigger in a gold mention, same type)", events)
    lines += [
        f"duplicates {events['duplicates']} ({percent(events['duplicate_rate'])} % of records); "
        f"trigger on a gold event of another type {events['wrong_type']}; "
        f"records on optional gold events (ignored) {events['ignored_optional']}",
        "",
        f"every mention on its own (type and overlap): P {percent(events['mentions']['p'])} "
        f"R {percent(events['mentions']['r'])} F1 {percent(events['mentions']['f1'])}",
        "",
    ]
    lines += argument_table(figures["arguments"])
    return "\n".join(lines)


def prf_table(title: str, table: dict[str, Any]) -> list[str]:
    lines = [
        f"{title}",
        "",
        "| class | P | R | F1 | gold | predicted |",
        "|---|---|---|---|---|---|",
    ]
    for key, scores in table.items():
        if key == "mentions" or not isinstance(scores, dict) or "f1" not in scores:
            continue
        name = f"**{key}**" if key == "micro" else key
        lines.append(
            f"| {name} | {percent(scores['p'])} | {percent(scores['r'])} | "
            f"{percent(scores['f1'])} | {scores['gold']} | {scores['predicted']} |"
        )
    return [*lines, ""]


def argument_table(arguments: dict[str, Any]) -> list[str]:
    lines = ["arguments over matched events", "", "| argument | score | over |", "|---|---|---|"]
    for role, scores in arguments["roles"].items():
        lines.append(
            f"| {role} (P / R / F1) | {percent(scores['p'])} / {percent(scores['r'])} / "
            f"{percent(scores['f1'])} | {scores['gold']} gold, {scores['predicted']} predicted |"
        )
    named = arguments["named_actors"]
    lines.append(f"| named actors found (R) | {percent(named['r'])} | {named['gold']} gold |")
    for key in ("place", "date", "killed", "injured", "modality"):
        if key in arguments:
            value = arguments[key]
            lines.append(
                f"| {key} right | {percent(value['accuracy'])} | {value['events']} events |"
            )
    written = arguments.get("place_precision")
    if written:
        lines.append(
            f"| place precision (places written) | {percent(written['precision'])} | "
            f"{written['written']} events with a place |"
        )
    lines += category_rows(arguments.get("actor_category"))
    lines += admin1_rows(arguments.get("admin1"))
    spurious = ", ".join(f"{k} {v}" for k, v in sorted(arguments["spurious"].items())) or "none"
    modalities = ", ".join(f"{k} {v}" for k, v in sorted(arguments["modality_gold"].items()))
    return [
        *lines,
        "",
        f"gold modality of the matched events: {modalities or 'none'} (always the most frequent "
        f"one would score {percent(arguments['modality_baseline'])})",
        f"given where the gold has none: {spurious}",
        "",
    ]


def category_rows(category: dict[str, Any] | None) -> list[str]:
    if not category:
        return []
    errors = ", ".join(f"{k} {v}" for k, v in list(category["errors"].items())[:4]) or "none"
    return [
        f"| actor category right (event actors) | {percent(category['accuracy'])} | "
        f"{category['actors']} found of {category['gold_actors']} gold actors |",
        f"| actor category right, ACLED's eight types | {percent(category['acled_accuracy'])} | "
        f"the same; most frequent errors: {errors} |",
    ]


def admin1_rows(admin1: dict[str, Any] | None) -> list[str]:
    if not admin1 or (not admin1["places"] and not admin1["unplaced_gold_places"]):
        return []
    return [
        f"| admin1 right (Syrian event places) | {percent(admin1['accuracy'])} | "
        f"{admin1['places']} events ({admin1['with_predicted_admin1']} with a predicted "
        f"admin1; {admin1['unplaced_gold_places']} gold places not in a Syrian governorate) |"
    ]


def headline_rows(figures: dict[str, Any]) -> list[tuple[str, str]]:
    """The README's rows for one run: the figures an analyst asks about first."""
    exact, head = figures["entities"]["exact"], figures["entities"]["head"]
    events, arguments = figures["events"], figures["arguments"]
    roles = arguments["roles"]["micro"]
    rows = [
        (
            f"entity F1 {label} (exact / head)",
            f"{percent(exact[label]['f1'])} / {percent(head[label]['f1'])}",
        )
        for label in LABELS
        if label in exact
    ]
    rows += [
        (
            "entity F1 all (exact / head)",
            f"{percent(exact['micro']['f1'])} / {percent(head['micro']['f1'])}",
        ),
        (
            "linking right (KB id, else English name)",
            percent(figures["entities"]["linking"]["right"]),
        ),
        (
            "linking right, names compared as before",
            percent(figures["entities"]["linking"].get("right_strict_names")),
        ),
        (
            "event P / R / F1",
            f"{percent(events['micro']['p'])} / {percent(events['micro']['r'])} / "
            f"{percent(events['micro']['f1'])}",
        ),
        ("duplicate records (% of records)", percent(events["duplicate_rate"])),
        (
            "roles P / R (matched events)",
            f"{percent(roles['p'])} / {percent(roles['r'])}",
        ),
        ("named actors found (R)", percent(arguments["named_actors"]["r"])),
    ]
    for key in ("place", "date", "killed", "injured"):
        if key in arguments:
            rows.append((f"{key} right (matched events)", percent(arguments[key]["accuracy"])))
        if key == "place" and "place_precision" in arguments:
            written = arguments["place_precision"]
            rows.append(
                (
                    "place precision (places written)",
                    f"{percent(written['precision'])} of {written['written']}",
                )
            )
    if "admin1" in arguments:
        admin1 = arguments["admin1"]
        rows.append(
            (
                "admin1 right (Syrian event places)",
                f"{percent(admin1['accuracy'])} of {admin1['places']}",
            )
        )
    if "actor_category" in arguments:
        category = arguments["actor_category"]
        rows.append(
            (
                "actor category right (event actors found)",
                f"{percent(category['accuracy'])} of {category['actors']}",
            )
        )
    if "modality" in arguments:
        value = percent(arguments["modality"]["accuracy"])
        rows.append(
            (
                "modality right (majority class)",
                f"{value} ({percent(arguments['modality_baseline'])})",
            )
        )
    rows.append(("records on optional gold events (ignored)", str(events["ignored_optional"])))
    return rows


def comparison_table(runs: dict[str, dict[str, Any]]) -> str:
    """The headline rows of several runs side by side (`--compare NAME=FILE.json ...`)."""
    columns = {name: dict(headline_rows(figures)) for name, figures in runs.items()}
    names = list(columns)
    lines = ["| | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for row in columns[names[0]]:
        lines.append(f"| {row} | " + " | ".join(columns[n].get(row, "–") for n in names) + " |")
    return "\n".join(lines)


def compare_files(pairs: list[str]) -> int:
    runs = {}
    for pair in pairs:
        name, _, path = pair.partition("=")
        runs[name] = json.loads(Path(path).read_text("utf-8"))
    print(comparison_table(runs))
    return 0


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["--compare"]:
        return compare_files(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="output folder of a pipeline run")
    parser.add_argument("--split", choices=("train", "dev", "test"), default="dev")
    parser.add_argument("--gold", type=Path, default=GOLD_DIR)
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument(
        "--kb",
        type=Path,
        default=models_dir() / "kb" / "kb.jsonl",
        help="knowledge base whose entries give gold places their governorate",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=Path("../shared/data"),
        help="shared data folder (syria_admin/ places gold NIL places)",
    )
    parser.add_argument("--title", help="heading of the printed tables")
    parser.add_argument(
        "--only-corpus",
        help="score only the gold articles of this source corpus (`seed`: the seed articles "
        "of the train split)",
    )
    parser.add_argument(
        "--allow-missing",
        action="store_true",
        help="score gold articles missing from OUT as empty instead of failing",
    )
    args = parser.parse_args(argv)
    try:
        gold = read_checked_gold(args.gold / f"{args.split}.jsonl")
        if args.only_corpus:
            gold = [record for record in gold if record["source"]["corpus"] == args.only_corpus]
        if not gold:
            raise ScoringError(f"no gold articles to score in {args.gold}/{args.split}.jsonl")
        figures = score(gold, read_output(args.out), gold_admin1(args.kb, args.data))
    except ScoringError as error:
        print(f"gold_eval: {error}", file=sys.stderr)
        return 2
    print(format_tables(figures, args.title or f"{args.out} against gold {args.split}"))
    missing = figures["missing_documents"]
    if len(missing) == len(gold):
        print(f"gold_eval: none of the {len(gold)} gold articles is in {args.out}", file=sys.stderr)
        return 1
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=1) + "\n", "utf-8")
    if missing and not args.allow_missing:
        print(
            f"gold_eval: {len(missing)} gold articles missing from {args.out} (failed in the "
            "run? see its errors.jsonl); --allow-missing scores them as empty",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
