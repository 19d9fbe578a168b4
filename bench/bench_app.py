"""Benchmark the page: one rerun after a lever change (AppTest, existing session) against a
bare app with the same widgets and no model, and, in a real browser, the time from a
slider move to the updated metric.

Run: python bench/bench_app.py [--reruns 60] [--moves 20] [--no-browser]
Targets (issue #3): rerun < 100 ms and <= 3x the bare app; slider-to-figure < 250 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BARE_APP = ROOT / "bench" / "bare_app.py"  # the same levers and metrics, no model
SANCTIONS = ["lifted", "eased", "current", "tightened", "maximum"]


def rerun_times(script: str, reruns: int, params: dict[str, str] | None = None) -> list[float]:
    """Milliseconds of each rerun after a lever change, in one AppTest session opened with ``params``."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(script, default_timeout=60)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    at.run()
    times = []
    for i in range(reruns):
        widget = at.sidebar.select_slider(key="sanctions").set_value(SANCTIONS[i % len(SANCTIONS)])
        start = time.perf_counter()
        widget.run()
        times.append((time.perf_counter() - start) * 1000)
        assert not at.exception, at.exception
    return times


def browser_times(moves: int) -> list[float]:
    sys.path.insert(0, str(ROOT / "tests"))
    from browser_support import CHROMIUM, CHROMIUM_ARGS, StreamlitServer
    from playwright.sync_api import sync_playwright

    server = StreamlitServer()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(server.url, wait_until="commit")
            page.wait_for_selector('[data-testid="stMetricValue"]', timeout=60_000)
            page.wait_for_selector(".vega-embed canvas, .vega-embed svg", timeout=60_000)
            slider = page.locator('[data-testid="stSlider"]').filter(has_text="Sanctions").locator('input[type="range"]')
            times = []
            for i in range(moves):
                old = page.locator('[data-testid="stMetricValue"]').first.inner_text()
                slider.focus()
                start = time.perf_counter()
                slider.press("ArrowLeft" if (i // 4) % 2 == 0 else "ArrowRight")
                page.wait_for_function(
                    "([old]) => { const e = document.querySelector('[data-testid=stMetricValue]');"
                    " return e && e.innerText.trim() !== old; }", arg=[old], timeout=20_000, polling="raf")
                times.append((time.perf_counter() - start) * 1000)
                page.wait_for_timeout(150)
            browser.close()
            return times
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reruns", type=int, default=60)
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()

    bare_ms = statistics.median(rerun_times(str(BARE_APP), args.reruns))
    app_ms = statistics.median(rerun_times(str(ROOT / "streamlit_app.py"), args.reruns))
    print(f"AppTest rerun after a lever change, median of {args.reruns}: dashboard {app_ms:.1f} ms, "
          f"bare app with the same widgets {bare_ms:.1f} ms, ratio {app_ms / bare_ms:.2f}x "
          f"(targets: < 100 ms, <= 3x)")
    if not args.no_browser:
        times = browser_times(args.moves)
        print(f"Browser, slider move to updated metric, median of {len(times)}: {statistics.median(times):.0f} ms "
              f"(p90 {statistics.quantiles(times, n=10)[-1]:.0f} ms; target < 250 ms)")


if __name__ == "__main__":
    main()
