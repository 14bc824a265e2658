"""Shared helpers: the repository's corpus, and the command line run as users run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.document import Document, SourceInfo
from pipeline.stages.normalise import NormaliseStage
from pipeline.stages.segment import SegmentStage

REPO = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "regression: snapshot tests of the seed articles' output; a failure is a change of "
        "behaviour on corpus/ to explain, not necessarily a bug",
    )


CORPUS = REPO / "corpus"


def run_cli(
    *args: str, stdin: bytes | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    """`python -m pipeline ARGS` in a subprocess, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        input=stdin,
        capture_output=True,
        timeout=timeout,
        cwd=REPO,
    )


def segmented(text: str) -> Document:
    """A document of `text` with its normalised text, token layer and sentences: what the
    NER, syntax and later stages read."""
    doc = Document(doc_id="d", text=text, source=SourceInfo("d.txt", "0" * 64, "utf-8"))
    return SegmentStage()(NormaliseStage()(doc))


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream]


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def corpus_output(tmp_path_factory) -> Path:
    """The output folder of `python -m pipeline run corpus` (profile fast), run once for every
    test module that reads it."""
    out = tmp_path_factory.mktemp("corpus_run") / "out"
    result = run_cli("run", str(CORPUS), "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr.decode()
    return out
