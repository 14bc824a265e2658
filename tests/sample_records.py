"""Hand-made document records with entities and events, valid against document.schema.json.

The NER and event stages have not landed, so the report's highlighting is tested on these.
Offsets are found with `str.index`, so every span is exactly `text[start:end]`.
"""

from __future__ import annotations

from typing import Any

HOMS_TEXT = (
    "واقتحم مسلحون مقرين لقوات النظام السوري في حمص، السبت، وقتلوا العشرات بالأسلحة النارية "
    "والمتفجرات، من بينهم ضابط كبير. ورد النظام بتوجيه ضربات جوية لآخر جيب يسيطر عليه مقاتلو "
    "المعارضة في المدينة.\n\nوقال ستيفان دي ميستورا في بيان إن الهجمات محاولة متعمدة لتخريب "
    "محادثات السلام في جنيف."
)


def span(text: str, piece: str, occurrence: int = 0) -> dict[str, Any]:
    """`{text, start, end}` of the `occurrence`-th appearance of `piece` in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(piece, start + 1)
    return {"text": piece, "start": start, "end": start + len(piece)}


def sentence_spans(text: str) -> list[dict[str, int]]:
    """Sentence spans ending after each full stop (enough for these hand-made texts)."""
    spans, start = [], 0
    for position, character in enumerate(text):
        if character == ".":
            while start < position and text[start].isspace():
                start += 1
            spans.append({"start": start, "end": position + 1})
            start = position + 1
    return spans


def entity(
    text: str,
    piece: str,
    label: str,
    number: int,
    name_en: str | None = None,
    kb_id: str | None = None,
) -> dict[str, Any]:
    canonical = None
    if name_en or kb_id:
        canonical = {
            "name_en": name_en, "name_ar": piece, "kb_id": kb_id, "wikidata": None,
            "romanised": kb_id is None, "score": 0.95 if kb_id else 0.0, "kind": None,
            "lat": None, "lon": None, "country": None,
        }  # fmt: skip
    found = span(text, piece)
    return {
        "id": f"T{number}",
        "label": label,
        **found,
        "sentence": None,
        "normalized": piece,
        "canonical": canonical,
        "cluster": f"C{number}",
        "score": 0.9,
        "source": "hand-made test record",
    }


def event(
    text: str,
    number: int,
    event_type: str,
    subtype: str | None,
    trigger: str,
    evidence: str,
    **fields: Any,
) -> dict[str, Any]:
    sentence = fields.pop("sentence", 0)
    return {
        "id": f"E{number}",
        "type": event_type,
        "subtype": subtype,
        "trigger": span(text, trigger),
        "sentence": sentence,
        "modality": fields.pop("modality", "asserted"),
        "actors": fields.pop("actors", []),
        "location": fields.pop("location", None),
        "time": fields.pop("time", None),
        "casualties": fields.pop("casualties", None),
        "plover": fields.pop("plover", None),
        "acled": fields.pop("acled", None),
        "confidence": fields.pop("confidence", 0.8),
        "confidence_source": fields.pop("confidence_source", "detection-model"),
        "accepted": fields.pop("accepted", True),
        "evidence": span(text, evidence),
        "mentions": [{"trigger": span(text, trigger), "sentence": sentence}],
    }


def document(doc_id: str, text: str, **fields: Any) -> dict[str, Any]:
    """A valid documents.jsonl record of `text`; `fields` override any top-level field."""
    record = {
        "schema_version": 3,
        "doc_id": doc_id,
        "source": {
            "path": f"hand-made/{doc_id}.txt",
            "sha256": "0" * 64,
            "encoding": "utf-8",
            "line": None,
        },
        "title": text.split("\n")[0][:60],
        "date": "2017-02-25",
        "outlet": None,
        "lang": "ar",
        "text": text,
        "sentences": sentence_spans(text),
        "entities": [],
        "times": [],
        "events": [],
        "warnings": [],
    }
    record.update(fields)
    return record


def homs_record() -> dict[str, Any]:
    """The Homs attacks of 25 February 2017: four entity mentions and three events."""
    text = HOMS_TEXT
    first = text[: text.index("كبير.") + len("كبير.")]
    second = text[text.index("ورد النظام") : text.index("في المدينة.") + len("في المدينة.")]
    third = text[text.index("وقال") :]
    homs = {
        "entity": "T2",
        "text": "حمص",
        "name_en": "Homs",
        "lat": 34.73,
        "lon": 36.71,
        "country": "SY",
    }
    return document(
        "homs-2017-02-25",
        text,
        title="دي ميستورا: هجوم حمص محاولة متعمدة لتخريب محادثات جنيف",
        outlet="المركز الصحفي السوري",
        entities=[
            entity(
                text, "النظام السوري", "ORG", 1, "Syrian government", "kb:org:syrian-government"
            ),
            entity(text, "حمص", "LOC", 2, "Homs", "kb:loc:homs"),
            entity(text, "ستيفان دي ميستورا", "PER", 3, "Staffan de Mistura", "kb:per:de-mistura"),
            entity(text, "جنيف", "LOC", 4, "Geneva", None),
        ],
        events=[
            event(
                text,
                1,
                "ATTACK",
                "armed_assault",
                "اقتحم",
                first,
                actors=[
                    {"role": "agent", "entity": None, "text": "مسلحون", "name_en": None},
                    {
                        "role": "target",
                        "entity": "T1",
                        "text": "قوات النظام السوري",
                        "name_en": "Syrian government forces",
                    },
                ],
                location=homs,
                time={"text": "السبت", "value": "2017-02-25", "granularity": "day"},
                casualties={
                    "killed": {"min": 20, "max": 99, "approximate": True, "text": "العشرات"},
                    "injured": None,
                },
                plover={"event_type": "ASSAULT", "mode": "firearms"},
                acled={"event_type": "Battles", "sub_event_type": "Armed clash"},
                confidence=0.91,
            ),
            event(
                text,
                2,
                "ATTACK",
                "airstrike",
                "ضربات جوية",
                second,
                sentence=1,
                actors=[{"role": "agent", "entity": None, "text": "النظام", "name_en": None}],
                location=homs,
                plover={"event_type": "ASSAULT", "mode": "heavy-weapons"},
                acled={
                    "event_type": "Explosions/Remote violence",
                    "sub_event_type": "Air/drone strike",
                },
                confidence=0.77,
            ),
            event(
                text,
                3,
                "STATEMENT",
                "condemn",
                "وقال",
                third,
                sentence=2,
                actors=[
                    {
                        "role": "agent",
                        "entity": "T3",
                        "text": "ستيفان دي ميستورا",
                        "name_en": "Staffan de Mistura",
                    }
                ],
                plover={"event_type": "ACCUSE", "mode": None},
                confidence=0.64,
            ),
        ],
    )


HOSTILE_TEXT = (
    'قال المتحدث <script>alert("text")</script> إن "الهدنة" & المفاوضات \u202eمستمرة\u202c في حمص.'
)


def hostile_record() -> dict[str, Any]:
    """A record whose title, outlet, text and canonical names carry markup, quotes, `&` and an
    unbalanced right-to-left override (U+202E)."""
    text = HOSTILE_TEXT
    mention = entity(text, "حمص", "LOC", 1, '" onmouseover="alert(1)', "kb:<b>x</b>")
    return document(
        "hostile<img src=x onerror=alert(2)>",
        text,
        title='<script>alert("title")</script> "جنيف" & \u202eحمص',
        outlet="<iframe src=//evil.example></iframe>",
        entities=[mention],
        events=[
            event(
                text,
                1,
                "STATEMENT",
                "<script>alert(3)</script>",
                "قال",
                text,
                actors=[
                    {"role": "agent", "entity": None, "text": "</td><script>", "name_en": None}
                ],
            )
        ],
        warnings=["<script>alert(4)</script>"],
    )
