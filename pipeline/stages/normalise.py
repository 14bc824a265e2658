"""Stage `normalise`: the normalised text for matching and models, with its offset map."""

from __future__ import annotations

from typing import Any

from pipeline.document import Document
from pipeline.lang.ar.normalisation import RESOURCE, normalise
from pipeline.stages import Contract, DocumentStage, resource_provenance

CONTRACT = Contract(assigns=("normalized",))


class NormaliseStage(DocumentStage):
    contract = CONTRACT
    name = "normalise"
    version = "1"

    def __call__(self, doc: Document) -> Document:
        doc.normalized = normalise(doc.text)
        return doc

    def provenance(self) -> list[dict[str, Any]]:
        return resource_provenance(RESOURCE)


def create(options: dict[str, Any]) -> NormaliseStage:
    return NormaliseStage()
