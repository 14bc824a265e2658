"""Settings tables (from the training TOML files) as command-line flags of stanza's trainers."""

from __future__ import annotations

from typing import Any


def trainer_flags(settings: dict[str, Any]) -> list[str]:
    """`{"max_steps": 800, "cpu": True}` → `["--max_steps", "800", "--cpu"]`; False drops a key."""
    flags = []
    for key, value in settings.items():
        if value is True:
            flags.append(f"--{key}")
        elif value is not False:
            flags.extend([f"--{key}", str(value)])
    return flags
