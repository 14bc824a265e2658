"""Data files that ship with the package: character tables, profiles, word lists."""

from __future__ import annotations

import hashlib
from contextlib import AbstractContextManager
from importlib import resources
from pathlib import Path


def read_text(name: str) -> str:
    """The text of the packaged resource file `name`."""
    return resources.files(__name__).joinpath(name).read_text("utf-8")


def read_words(name: str) -> list[str]:
    """The entries of a packaged word list: one per line, blank lines and `#` comments skipped."""
    lines = (line.strip() for line in read_text(name).splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def sha256(name: str) -> str:
    """The sha256 of the packaged resource file `name`, for run manifests."""
    data = resources.files(__name__).joinpath(name).read_bytes()
    return hashlib.sha256(data).hexdigest()


def path(name: str) -> AbstractContextManager[Path]:
    """A context giving a file-system path of the packaged resource `name` (for CLI tools)."""
    return resources.as_file(resources.files(__name__).joinpath(name))
