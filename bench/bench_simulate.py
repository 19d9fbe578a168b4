"""Benchmark: one 36-month simulation with its trace (target: median under 5 ms).

Run: python bench/bench_simulate.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.model import LEVER_LEVELS, Scenario, shipped_rules, simulate

TARGET_MS = 5.0


def time_runs(scenario: Scenario, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        simulate(scenario)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main(repeats: int = 300) -> None:
    shipped_rules()  # loading the rules file is a one-off cost, cached; time it separately
    start = time.perf_counter()
    shipped_rules.cache_clear()
    shipped_rules()
    load_ms = (time.perf_counter() - start) * 1000
    scenarios = {
        "status quo, 36 months": Scenario(months=36),
        "every lever at its top level, 36 months": Scenario(**{k: v[-1] for k, v in LEVER_LEVELS.items()}, months=36),
        "article's recommendation, 36 months": Scenario(strikes_syria="none", sanctions="lifted", jcpoa="full_return",
                                                         direct_talks=True, months=36),
    }
    print(f"rules file load + validation: {load_ms:.1f} ms (once per process)")
    for name, scenario in scenarios.items():
        times = time_runs(scenario, repeats)
        rows = len(simulate(scenario).trace)
        print(f"{name}: median {statistics.median(times):.2f} ms, p90 {statistics.quantiles(times, n=10)[-1]:.2f} ms "
              f"({repeats} runs, {rows} trace rows; target < {TARGET_MS:g} ms)")


if __name__ == "__main__":
    main()
