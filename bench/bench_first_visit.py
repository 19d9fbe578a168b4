"""Benchmark the first visit in a real browser, the dashboard against the bare app.

(a) Cold start: from launching `streamlit run` to the first headline figure on screen (the
    server imports everything and the first visitor's page is built from nothing).
(b) Warm first visit: a fresh browser context (no cache, no session) opening the page of a
    server that is already running and has served one visit.

Each also reports when the first words appear (the page's title, ``h1``): a visitor reads
something while the rest loads. Runs alternate between the two apps; medians are printed
with the ratio dashboard / bare app.

Run: python bench/bench_first_visit.py [--cold 3] [--warm 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

APPS = {"dashboard": "streamlit_app.py", "bare app": "bench/bare_app.py"}
METRIC = '[data-testid="stMetricValue"]'
WORDS = "h1, [data-testid=stMetricLabel]"  # the bare app has no title: its first words are a card's label


def start(script: str) -> tuple[subprocess.Popen, str]:
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
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(WORDS, timeout=90_000)
    words = time.perf_counter() - since
    page.wait_for_selector(METRIC, timeout=90_000)
    figure = time.perf_counter() - since
    context.close()
    return words, figure


def cold(browser, script: str) -> tuple[float, float]:
    since = time.perf_counter()
    process, url = start(script)
    try:
        return visit(browser, url, since)
    finally:
        stop(process)


def warm(browser, script: str, runs: int) -> list[tuple[float, float]]:
    process, url = start(script)
    try:
        visit(browser, url, time.perf_counter())  # the server's first visit is the cold one
        return [visit(browser, url, time.perf_counter()) for _ in range(runs)]
    finally:
        stop(process)


def report(kind: str, times: dict[str, list[tuple[float, float]]]) -> None:
    medians = {app: (statistics.median(w for w, _ in ts), statistics.median(f for _, f in ts)) for app, ts in times.items()}
    (dw, df), (bw, bf) = medians["dashboard"], medians["bare app"]
    n = len(times["dashboard"])
    print(f"{kind}, median of {n}: first words {dw:.2f} s (bare app {bw:.2f} s, {dw / bw:.2f}x); "
          f"first figure {df:.2f} s (bare app {bf:.2f} s, {df / bf:.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cold", type=int, default=3)
    parser.add_argument("--warm", type=int, default=7)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        cold_times: dict[str, list] = {app: [] for app in APPS}
        for _ in range(args.cold):  # alternate, so a busy moment of the machine hits both
            for app, script in APPS.items():
                cold_times[app].append(cold(browser, script))
        report("Cold start (server launch to page)", cold_times)
        warm_times = {app: warm(browser, script, args.warm) for app, script in APPS.items()}
        report("Warm first visit (fresh browser context, running server)", warm_times)
        browser.close()


if __name__ == "__main__":
    main()
