"""Stages: each module of this package is one stage with one job.

A stage module defines `CONTRACT` (the document layers the stage requires, uses where present,
and assigns) and `create(options) -> Stage`. A `Stage` has a `name`, a `version` and its
`contract`; it is called with a `Document` and returns it with its layers added, `pipe(docs)`
does the same for a batch (a stage that runs a model runs it over the whole batch, as spaCy's
`nlp.pipe`; `DocumentStage` gives the others a `pipe` that takes the documents one by one),
and `provenance()` names the files (models, lexicons) its behaviour depends on.

A profile (`resources/profiles.toml`, or a TOML file of the same form) lists stage names in the
order they run. Building a profile checks the contracts first, before any model is loaded or
any input read: a stage whose required layer no earlier stage assigns, or that uses a layer a
later stage assigns, makes `ProfileError`, naming the stage and the layer.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pipeline import resources
from pipeline.document import Document

STAGE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
PROFILE_FILE_SUFFIX = ".toml"

# The layers a document can hold, by name; what stages declare in their contracts.
LAYERS = {
    "lang": "the language of the article (`Document.lang`)",
    "normalized": "the normalised text with its map to original offsets",
    "sentences": "sentences, as ranges of the token layer",
    "tokens": "the one token layer (original offsets, normalised form and span, folded key)",
    "syntax": "part of speech, lemma, dependency head and clitic sub-words of each token",
    "entities": "named-entity mentions",
    "links": "clusters of mentions and their knowledge-base entries (`canonical`)",
    "times": "date and time expressions with their values",
    "events": "events with their arguments and evidence",
}


class ProfileError(ValueError):
    """A profile that cannot run: unknown, unreadable, or with stages out of order."""


@dataclass(frozen=True, slots=True)
class Contract:
    """What a stage needs and gives: layer names of `LAYERS`.

    `requires`: layers it cannot run without; `uses`: layers it reads where an earlier stage
    assigned them (an absent one is fine: `rules` runs events without entities); `assigns`:
    layers it adds or replaces.
    """

    requires: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = [
            layer for layer in (*self.requires, *self.uses, *self.assigns) if layer not in LAYERS
        ]
        if unknown:
            raise ValueError(f"unknown layer(s) {', '.join(unknown)} (known: {', '.join(LAYERS)})")


class Stage(Protocol):
    name: str
    version: str
    contract: Contract

    def __call__(self, doc: Document) -> Document: ...

    def pipe(self, docs: list[Document]) -> list[Document]:
        """The stage over a batch of documents, returned in the same order."""
        ...

    def provenance(self) -> list[dict[str, Any]]:
        """The files this stage's behaviour depends on: name, version, sha256."""
        ...


class DocumentStage:
    """A stage that works on one document at a time: `pipe` calls it on each in turn."""

    def __call__(self, doc: Document) -> Document:
        raise NotImplementedError

    def pipe(self, docs: list[Document]) -> list[Document]:
        return [self(doc) for doc in docs]


@dataclass(frozen=True, slots=True)
class Profile:
    """The stages of a run, in order, and their options (`[PROFILE.options.STAGE]`)."""

    name: str
    stages: list[str]
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    description: str = ""


def load_profiles() -> dict[str, dict[str, Any]]:
    """The packaged profiles, from `resources/profiles.toml`."""
    return tomllib.loads(resources.read_text("profiles.toml"))


def load_profile(profile: str) -> Profile:
    """A packaged profile by name, or the profile of a TOML file (`stages = [...]`, optional
    `[options.STAGE]` tables) when `profile` is a path ending in `.toml`."""
    if profile.endswith(PROFILE_FILE_SUFFIX):
        table = _profile_file(Path(profile))
    else:
        profiles = load_profiles()
        if profile not in profiles:
            known = ", ".join(sorted(profiles))
            raise ProfileError(f"unknown profile {profile!r} (known: {known}, or a .toml file)")
        table = profiles[profile]
    stages = table.get("stages")
    if not isinstance(stages, list) or not all(isinstance(name, str) for name in stages):
        raise ProfileError(f"profile {profile!r}: `stages` must be a list of stage names")
    return Profile(profile, list(stages), table.get("options", {}), table.get("description", ""))


def _profile_file(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ProfileError(f"cannot read profile file {path}: {error.strerror}") from error
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"profile file {path} is not valid TOML: {error}") from error


def profile_stage_names(profile: str) -> list[str]:
    return load_profile(profile).stages


def stage_module(name: str) -> Any:
    """The module `pipeline.stages.<name>`."""
    if not STAGE_NAME.match(name):
        raise ProfileError(f"invalid stage name {name!r}")
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"{__name__}.{name}":
            raise
        known = ", ".join(sorted(stage_contracts()))
        raise ProfileError(f"unknown stage {name!r} (known: {known})") from None


def stage_contracts() -> dict[str, Contract]:
    """The contract of every stage module of this package, by stage name."""
    contracts = {}
    for module in pkgutil.iter_modules(__path__):
        contracts[module.name] = importlib.import_module(f"{__name__}.{module.name}").CONTRACT
    return contracts


def check_order(profile: str, names: list[str]) -> None:
    """Raise `ProfileError` when a stage of `names` comes before what it requires or uses."""
    contracts = [stage_module(name).CONTRACT for name in names]
    assigned: set[str] = set()
    for position, (name, contract) in enumerate(zip(names, contracts, strict=True)):
        later = _assigned_after(names, contracts, position)
        for layer in contract.requires:
            if layer not in assigned:
                raise ProfileError(_missing_message(profile, name, layer, later.get(layer)))
        for layer in contract.uses:
            if layer not in assigned and layer in later:
                raise ProfileError(
                    f"profile {profile!r}: stage {name!r} uses layer {layer!r}, which stage "
                    f"{later[layer]!r} assigns only after it; run {later[layer]!r} first"
                )
        assigned.update(contract.assigns)


def _assigned_after(names: list[str], contracts: list[Contract], position: int) -> dict[str, str]:
    """Each layer that a stage after `position` assigns, with the first such stage."""
    found: dict[str, str] = {}
    for later in range(position + 1, len(names)):
        for layer in contracts[later].assigns:
            found.setdefault(layer, names[later])
    return found


def _missing_message(profile: str, stage: str, layer: str, later_stage: str | None) -> str:
    start = f"profile {profile!r}: stage {stage!r} requires layer {layer!r}"
    if later_stage is not None:
        return f"{start}, which stage {later_stage!r} assigns only after it; run it first"
    providers = sorted(n for n, c in stage_contracts().items() if layer in c.assigns)
    hint = f" (assigned by: {', '.join(providers)})" if providers else ""
    return f"{start}, which no earlier stage assigns{hint}"


def create_stage(name: str, options: dict[str, Any] | None = None) -> Stage:
    """Build the stage of `pipeline.stages.<name>`."""
    return stage_module(name).create(options or {})


def create_stages(
    profile: str, options: dict[str, Any] | None = None, omit: Iterable[str] = ()
) -> list[Stage]:
    """The stages of `profile`, in order, once their contracts are checked.

    A stage's options are the profile's `[PROFILE.options.STAGE]` table, updated with
    `options[STAGE]` (from the command line). Stages named in `omit` are left out (the check
    then applies to the stages that remain).
    """
    chosen = load_profile(profile)
    left_out = set(omit)
    names = [name for name in chosen.stages if name not in left_out]
    check_order(profile, names)
    options = options or {}
    return [
        create_stage(name, {**chosen.options.get(name, {}), **options.get(name, {})})
        for name in names
    ]


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
