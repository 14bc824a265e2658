"""Running one configuration in its own process, with the peak memory of its workers."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from pipeline.paths import REPO_ROOT

RSS_SAMPLE_SECONDS = 0.2


class RssSampler:
    """Peak resident memory of a process tree, per process, sampled from /proc."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peaks: dict[int, int] = {}  # pid → VmHWM in kB
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in _descendants(self.root):
                peak = _peak_rss_kb(pid)
                if peak:
                    self.peaks[pid] = max(peak, self.peaks.get(pid, 0))
            self._stop.wait(RSS_SAMPLE_SECONDS)

    def worker_peaks_mb(self, workers: int) -> list[float]:
        """The `workers` largest peaks (the processes that held models), in MB."""
        largest = sorted(self.peaks.values(), reverse=True)[:workers]
        return [round(kb / 1024, 1) for kb in largest]


def _descendants(root: int) -> list[int]:
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            continue
        queue.extend(int(child) for child in children)
    return found


def _peak_rss_kb(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


def run_profile(corpus: Path, profile: str, workers: int) -> tuple[float, list[float], dict]:
    """One `pipeline run`; returns (processing seconds, worker peak RSS in MB, manifest)."""
    with tempfile.TemporaryDirectory(prefix="bench-") as out:
        command = [
            "pipeline", "run", str(corpus), "-o", out,
            "--profile", profile, "--workers", str(workers), "-q",
        ]  # fmt: skip
        _, peaks = _run_sampled(command, workers)
        manifest = json.loads((Path(out) / "run.json").read_text("utf-8"))
    return manifest["seconds"], peaks, manifest


def run_reference(kind: str, corpus: Path) -> tuple[float, list[float]]:
    """A reference in its own process; returns (processing seconds, peak RSS in MB)."""
    stdout, peaks = _run_sampled(["pipeline.bench", "reference", kind, str(corpus)], 1)
    return json.loads(stdout)["seconds"], peaks


def _run_sampled(module_and_args: list[str], workers: int) -> tuple[bytes, list[float]]:
    """`python -m MODULE ARGS`, its memory sampled; returns (stdout, the workers' peaks in MB)."""
    command = [sys.executable, "-m", *module_and_args]
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    with RssSampler(process.pid) as sampler:
        stdout, stderr = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {stderr.decode()[-2000:]}")
    return stdout, sampler.worker_peaks_mb(workers)
