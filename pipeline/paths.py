"""Where the shipped models live, and the environment variables that move them."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
MODELS_ENV = "PIPELINE_MODELS_DIR"
STANZA_ENV = "PIPELINE_STANZA_DIR"


def models_dir() -> Path:
    """The models folder: $PIPELINE_MODELS_DIR, else `models/` beside the package."""
    return Path(os.environ.get(MODELS_ENV) or REPO_ROOT / "models")


def stanza_dir(override: str | Path | None = None) -> Path:
    """The stanza model folder: the option, else $PIPELINE_STANZA_DIR, else models/stanza."""
    chosen = override or os.environ.get(STANZA_ENV)
    return Path(chosen) if chosen else models_dir() / "stanza"
