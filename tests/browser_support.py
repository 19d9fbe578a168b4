"""A real browser for the tests: Debian's Chromium driven by Playwright, against
`streamlit run` on 127.0.0.1. Skipped when Chromium is missing, unless REQUIRE_BROWSER=1
(as in CI), where a missing browser is a failure."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "tests" / "artifacts"
METRIC = '[data-testid="stMetricValue"]'  # a headline card's value
CHART = ".vega-embed canvas, .vega-embed svg"  # a drawn Vega chart


def require_browser() -> None:
    if Path(CHROMIUM).exists():
        try:
            import playwright  # noqa: F401
            return
        except ImportError:
            reason = "playwright is not installed (pip install -r requirements-dev.txt)"
    else:
        reason = "Debian's chromium is not installed (apt-get install -y chromium)"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    def __init__(self, env: dict[str, str] | None = None) -> None:
        """``env``: extra environment variables for the server (e.g. DATABASE_URL)."""
        self.env = dict(env or {})
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(self.port),
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})},
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2).read() == b"ok":
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("streamlit did not become healthy within 60 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def server():
    """A dashboard served for one test module (import this fixture with ``browser``)."""
    require_browser()
    running = StreamlitServer()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser(server):
    """Debian's Chromium driven by Playwright, for one test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module", name="server")
def server_with_own_rooms(tmp_path_factory):
    """As ``server``, with the rooms in a database of the test module's own (import this one
    instead of ``server``; tests still ask for ``server``)."""
    require_browser()
    running = StreamlitServer({"DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('rooms') / 'rooms.sqlite3'}"})
    yield running
    running.stop()
