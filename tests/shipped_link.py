"""Linking with the shipped knowledge base, for the tests of what that knowledge base holds
(Syrian admin areas, world places, English names); tests/test_link.py specifies the linking
rules on a knowledge base written in the test."""

from __future__ import annotations

from functools import cache

from test_link import mention

from pipeline.document import Document, Entity, SourceInfo
from pipeline.stages import create_stage


@cache
def shipped_link_stage():  # type: ignore[no-untyped-def]
    return create_stage("link")


def link(*mentions: tuple[str, str]) -> list[Entity]:
    doc = Document(doc_id="d", text="", source=SourceInfo("d.txt", "0" * 64, "utf-8"))
    doc.entities = [mention(i, label, name) for i, (label, name) in enumerate(mentions)]
    return shipped_link_stage()(doc).entities


def link_in(text: str, label: str, name: str) -> Entity:
    """Link one mention of `name`, found at its first place in `text`."""
    doc = Document(doc_id="d", text=text, source=SourceInfo("d.txt", "0" * 64, "utf-8"))
    start = text.index(name)
    doc.entities = [mention(0, label, name)]
    doc.entities[0].start, doc.entities[0].end = start, start + len(name)
    return shipped_link_stage()(doc).entities[0]
