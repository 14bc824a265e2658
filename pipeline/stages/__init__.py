"""Stages: each module of this package is one stage with one job.

A stage module defines `create(options) -> Stage`. A `Stage` has a `name`, is called with a
`Document` and returns it with its annotations added, and says which files (models, lexicons)
it depends on through `provenance()`. A stage that runs a model may also offer
`pipe(docs) -> docs`, which the runner calls on batches of documents (as spaCy's `nlp.pipe`).
Profiles (`resources/profiles.toml`) list stage names in the order they run.
"""

from __future__ import annotations

import importlib
import re
import tomllib
from collections.abc import Iterable
from typing import Any, Protocol

from pipeline import resources
from pipeline.document import Document

STAGE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class Stage(Protocol):
    name: str
    version: str

    def __call__(self, doc: Document) -> Document: ...

    def provenance(self) -> list[dict[str, Any]]:
        """The files this stage's behaviour depends on: name, version, sha256."""
        ...


def load_profiles() -> dict[str, dict[str, Any]]:
    """The profiles from `resources/profiles.toml`."""
    return tomllib.loads(resources.read_text("profiles.toml"))


def profile_stage_names(profile: str) -> list[str]:
    profiles = load_profiles()
    if profile not in profiles:
        known = ", ".join(sorted(profiles))
        raise ValueError(f"unknown profile {profile!r} (known: {known})")
    return list(profiles[profile]["stages"])


def create_stage(name: str, options: dict[str, Any] | None = None) -> Stage:
    """Import `pipeline.stages.<name>` and build its stage."""
    if not STAGE_NAME.match(name):
        raise ValueError(f"invalid stage name {name!r}")
    module = importlib.import_module(f"{__name__}.{name}")
    return module.create(options or {})


def create_stages(profile: str, options: dict[str, Any] | None = None) -> list[Stage]:
    """The stages of `profile`, in order.

    A stage's options are the profile's `[PROFILE.options.STAGE]` table, updated with
    `options[STAGE]` (from the command line).
    """
    options = options or {}
    profile_options = load_profiles()[profile].get("options", {})
    stages = []
    for name in profile_stage_names(profile):
        merged = {**profile_options.get(name, {}), **options.get(name, {})}
        stages.append(create_stage(name, merged))
    return stages


def run_stages(stages: Iterable[Stage], doc: Document) -> Document:
    for stage in stages:
        doc = stage(doc)
    return doc


def resource_provenance(*names: str) -> list[dict[str, Any]]:
    """Provenance entries for packaged resource files."""
    return [
        {"name": f"resources/{name}", "version": None, "sha256": resources.sha256(name)}
        for name in names
    ]
