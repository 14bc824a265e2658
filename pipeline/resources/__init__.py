"""Data files that ship with the package: character tables, profiles, word lists."""

from __future__ import annotations

import hashlib
from importlib import resources


def read_text(name: str) -> str:
    """The text of the packaged resource file `name`."""
    return resources.files(__name__).joinpath(name).read_text("utf-8")


def sha256(name: str) -> str:
    """The sha256 of the packaged resource file `name`, for run manifests."""
    data = resources.files(__name__).joinpath(name).read_bytes()
    return hashlib.sha256(data).hexdigest()
