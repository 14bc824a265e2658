"""Headless Chromium driven through chromedriver's W3C WebDriver API, with the standard library.

Chromium runs without network-hungry extras (no background networking, component updates, sync
or QUIC) in a fresh profile folder, and only ever opens file:// pages; chromedriver listens on
127.0.0.1 only.
"""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path(shutil.which("chromedriver") or "/usr/bin/chromedriver")
WINDOW_SIZE = (1200, 1600)


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium chromium-driver)"
    if not CHROMEDRIVER.exists():
        return f"{CHROMEDRIVER} is missing (apt-get install chromium-driver)"
    return None


def chromium_arguments(profile: Path) -> list[str]:
    width, height = WINDOW_SIZE
    return [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
    ]


class WebDriverError(Exception):
    def __init__(self, status: int, value: dict[str, Any]) -> None:
        super().__init__(f"{status} {value.get('error')}: {value.get('message', '')[:300]}")
        self.error = value.get("error")


class Browser:
    """One chromedriver process with one headless Chromium session."""

    def __init__(self) -> None:
        self.profile = Path(tempfile.mkdtemp(prefix="report-chromium-"))
        self.port = _free_port()
        self.driver = subprocess.Popen(
            [str(CHROMEDRIVER), f"--port={self.port}", "--allowed-ips=127.0.0.1"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_until_ready()
        options = {"binary": str(CHROMIUM), "args": chromium_arguments(self.profile)}
        capabilities = {"browserName": "chrome", "goog:chromeOptions": options}
        session = self._call("POST", "/session", {"capabilities": {"alwaysMatch": capabilities}})
        self.session = f"/session/{session['sessionId']}"

    def open(self, page: Path, fragment: str = "") -> None:
        url = page.resolve().as_uri() + (f"#{fragment}" if fragment else "")
        self._call("POST", f"{self.session}/url", {"url": url})

    def execute(self, script: str, *args: Any) -> Any:
        """Run JavaScript in the page (`return …` gives its value back)."""
        return self._call("POST", f"{self.session}/execute/sync", {"script": script, "args": args})

    def alert_text(self) -> str | None:
        """The text of an open alert dialog, or None when there is none."""
        try:
            return self._call("GET", f"{self.session}/alert/text")
        except WebDriverError as error:
            if error.error == "no such alert":
                return None
            raise

    def screenshot(self) -> bytes:
        """A PNG of the window."""
        return base64.b64decode(self._call("GET", f"{self.session}/screenshot"))

    def quit(self) -> None:
        try:
            self._call("DELETE", self.session)
        finally:
            self.driver.terminate()
            self.driver.wait(timeout=30)
            shutil.rmtree(self.profile, ignore_errors=True)

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + 30
        while True:
            try:
                self._call("GET", "/status")
                return
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read())["value"]
        except urllib.error.HTTPError as error:
            raise WebDriverError(error.code, json.loads(error.read())["value"]) from None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
