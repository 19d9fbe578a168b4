"""Benchmark of the history replay (issue #11 targets).

- the deterministic replay of 120 months (2016-01..2025-12, after its warm-up): median under 20 ms;
- a branch with 1,000 draws of every assumption: median under 1 s;
- the back-test (links fitted, 200 draws scored): printed, no target;
- the History page's rerun after a branch lever change against the dashboard's rerun after a
  lever change (AppTest, warm caches, interleaved): ratio at most 1.5.

Run: python bench/bench_replay.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.model.backtest import backtest
from dashboard.model.replay import parse_branch, replay, replay_draws


def timed(work, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def report(label: str, seconds: list[float], target_ms: float | None, unit: str = "ms") -> None:
    scale = 1000 if unit == "ms" else 1
    median = statistics.median(seconds) * scale
    p90 = sorted(seconds)[int(0.9 * (len(seconds) - 1))] * scale
    verdict = "" if target_ms is None else f"; target < {target_ms / (1 if unit == 'ms' else 1000):g} {unit}: " \
        f"{'met' if median * (1 if unit == 'ms' else 1000) < target_ms else 'NOT met'}"
    print(f"{label}: median {median:.3g} {unit}, p90 {p90:.3g} {unit} ({len(seconds)} runs{verdict})")


SANCTIONS = ["lifted", "eased", "current", "tightened", "maximum"]
HISTORY_PAGE = "from dashboard.ui.history_page import main\nmain()"


def page_reruns(rounds: int) -> tuple[list[float], list[float]]:
    """Seconds of each rerun after a sanctions change: the dashboard's, and the History page's
    with a branch from 2020-01 (each level seen once first, so both read warm caches)."""
    from streamlit.testing.v1 import AppTest

    dashboard = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "streamlit_app.py"), default_timeout=60)
    history = AppTest.from_string(HISTORY_PAGE, default_timeout=60)
    history.query_params["branch"] = "2020-01"
    dashboard.run(), history.run()
    moves = {"dashboard": (dashboard, lambda at, level: at.sidebar.select_slider(key="sanctions").set_value(level)),
             "history": (history, lambda at, level: at.sidebar.selectbox(key="history_sanctions").set_value(level))}
    times: dict[str, list[float]] = {"dashboard": [], "history": []}
    for i in range(rounds + len(SANCTIONS)):
        for name, (at, move) in moves.items():
            widget = move(at, SANCTIONS[i % len(SANCTIONS)])
            start = time.perf_counter()
            widget.run()
            if i >= len(SANCTIONS):
                times[name].append(time.perf_counter() - start)
            assert not at.exception, at.exception
    return times["dashboard"], times["history"]


def main() -> None:
    replay()  # load rules, parameters, timeline once
    branch, _ = parse_branch("2020-01", {"leadership_targeting": False, "strikes_iraq": "none"})
    report("replay, 120 months (deterministic)", timed(replay, 60), 20.0)
    report("replay, 120 months, with its trace", timed(lambda: replay(with_trace=True), 60), None)
    report("branch from 2020-01 (deterministic)", timed(lambda: replay(branch=branch), 60), 20.0)
    report("branch from 2020-01, 1,000 draws", timed(lambda: replay_draws("reciprocity", 1000, 1, branch=branch), 7),
           1000.0, unit="s")
    backtest.cache_clear()
    report("back-test (fit + 200 draws scored), first call", timed(lambda: (backtest.cache_clear(), backtest()), 3),
           None, unit="s")
    dashboard, history = page_reruns(30)
    report("dashboard rerun after a lever change (AppTest)", dashboard, None)
    report("History page rerun after a branch lever change (AppTest)", history, None)
    ratio = statistics.median(history) / statistics.median(dashboard)
    print(f"History page / dashboard rerun: {ratio:.2f}x (target <= 1.5x: {'met' if ratio <= 1.5 else 'NOT met'})")


if __name__ == "__main__":
    main()
