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
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import APPS, launch, start, stop, visit


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
        browser = launch(p)
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
