"""Counts of the compiled knowledge base, for its card (models/kb/README.md).

python -m pipeline.kb.stats [models/kb/kb.jsonl]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from pipeline.kb import KbEntry, read_entries
from pipeline.paths import models_dir


def counts(entries: list[KbEntry]) -> dict[str, int]:
    syrian = [e for e in entries if e.type == "LOC" and e.country == "SY" and e.kind != "country"]
    by_prefix = Counter(entry.id.split(":")[0] for entry in entries)
    return {
        "entries": len(entries),
        "hand-written": sum(entry.curated for entry in entries),
        **{f"ids {prefix}:": n for prefix, n in sorted(by_prefix.items())},
        "Syrian places": len(syrian),
        "Syrian places with admin1": sum(bool(e.admin and e.admin["admin1"]) for e in syrian),
        "Syrian places with admin3": sum(bool(e.admin and e.admin["admin3"]) for e in syrian),
        "Syrian places placed by nearest centroid": sum(
            bool(e.admin and e.admin["derived"]) for e in syrian
        ),
        **{
            f"geo_precision {p}": sum(e.geo_precision == p for e in entries if e.type == "LOC")
            for p in (1, 2, 3)
        },
        "people and organisations with CAMEO codes": sum(bool(e.cameo) for e in entries),
    }


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else models_dir() / "kb" / "kb.jsonl"
    for name, value in counts(list(read_entries(path))).items():
        print(f"{name}: {value:,}")


if __name__ == "__main__":
    main()
