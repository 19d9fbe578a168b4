"""Benchmark the uncertainty engine (issue #4 targets):

- 2,000 draws x 36 months: median < 200 ms, and >= 20x faster per draw than running the
  deterministic simulation in a loop;
- a two-lever sweep (every level combination, 500 draws each): < 2 s;
- the page with the Uncertainty tab open re-renders after a lever change in < 1 s.

Run: python bench/bench_ensemble.py [--repeats 15]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from dashboard.model import Scenario, shipped_rules, simulate  # noqa: E402
from dashboard.model.ensemble import ensemble, random_draws, run_many, sweep  # noqa: E402


def median_ms(action, repeats: int) -> float:
    action()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def page_rerun_ms(repeats: int) -> float:
    from bench_app import rerun_times

    return statistics.median(rerun_times(str(ROOT / "streamlit_app.py"), repeats, {"tab": "Uncertainty"}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    scenario = Scenario(months=36)
    draws = random_draws(shipped_rules(), 2000, 1, months=36)  # sizes, parameters, deterrence weight, events

    vector_ms = median_ms(lambda: run_many(scenario, draws), args.repeats)
    whole_ms = median_ms(lambda: ensemble(scenario, 2000, 1, rules=shipped_rules()), args.repeats)
    loop_runs = 200
    loop_ms = median_ms(lambda: [simulate(scenario) for _ in range(loop_runs)], 3)
    per_draw_vector, per_draw_loop = vector_ms / 2000, loop_ms / loop_runs
    print(f"2,000 draws x 36 months (every assumption drawn, events drawn): median {vector_ms:.1f} ms "
          f"(target < 200 ms); with drawing the assumptions {whole_ms:.1f} ms")
    print(f"per draw: vectorised {per_draw_vector * 1000:.1f} us, deterministic loop {per_draw_loop * 1000:.0f} us "
          f"-> {per_draw_loop / per_draw_vector:.0f}x faster (target >= 20x)")
    sweep_ms = median_ms(lambda: sweep(Scenario(months=36), "sanctions", "jcpoa", "escalation_risk", 24, draws=500), 5)
    print(f"two-lever sweep sanctions x jcpoa (20 combinations x 500 draws): median {sweep_ms:.0f} ms (target < 2000 ms)")
    print(f"page rerun after a lever change with the Uncertainty tab open (AppTest, 1,000 draws): "
          f"median {page_rerun_ms(args.repeats):.0f} ms (target < 1000 ms)")


if __name__ == "__main__":
    main()
