"""Shared pieces of the browser benchmarks: serve an app with `streamlit run`, open it in a
fresh Chromium context, and summarise timings.

Used by bench/bench_first_visit.py and bench/bench_browser.py.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402 (re-exported)

# The dashboard and its yardstick: the same sidebar and ten metrics that follow the levers, no model.
APPS = {"dashboard": "streamlit_app.py", "bare app": "bench/bare_app.py"}
METRIC = '[data-testid="stMetricValue"]'
WORDS = "h1, [data-testid=stMetricLabel]"  # the bare app has no title: its first words are a card's label
VIEWPORT = {"width": 1280, "height": 900}  # a projector laptop's screen


def start(script: str) -> tuple[subprocess.Popen, str]:
    """`streamlit run script` on a free local port; returns the process and its address once healthy."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true", "--server.address", "127.0.0.1",
         "--server.port", str(port), "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return process, url
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"{script} did not become healthy within 60 s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def visit(browser, url: str, since: float) -> tuple[float, float]:
    """Seconds from ``since`` to the first words and to the first figure, in a fresh context."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(WORDS, timeout=90_000)
    words = time.perf_counter() - since
    page.wait_for_selector(METRIC, timeout=90_000)
    figure = time.perf_counter() - since
    context.close()
    return words, figure


def launch(playwright):
    """Debian's Chromium, headless, as the browser tests drive it."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def median_p90(values: list[float]) -> tuple[float, float]:
    if len(values) < 2:
        return (values[0], values[0]) if values else (float("nan"), float("nan"))
    return statistics.median(values), statistics.quantiles(values, n=10)[-1]
