"""The full lever grid under both lenses (30,720 scenarios, 24 months): does the model hold up?

Prints the share of scenarios with an indicator pinned at a bound for 6+ months in a row,
the number of monotonicity breaks and of strict-responsiveness failures along each ordered
lever (the directions declared in tests/claims.yaml, ``monotone:``), and any response a
lever's rules move that the claims neither direct nor exempt. Target: all 0.
See dashboard/model/audit.py for the definitions.

Run: python bench/bench_grid.py [--processes N]   (about a minute on 2 cores)
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.model import shipped_rules
from dashboard.model.audit import Outcomes, evaluate, grid, load_directions, step_breaks, undeclared


def _evaluate(chunk):
    return evaluate(chunk)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    started = time.perf_counter()
    scenarios = grid()
    chunks = [scenarios[i::args.processes * 8] for i in range(args.processes * 8)]
    outcomes = Outcomes()
    with ProcessPoolExecutor(args.processes) as pool:
        for part in pool.map(_evaluate, chunks):
            outcomes.means.update(part.means)
            outcomes.pinned.update(part.pinned)
    directions = load_directions()
    breaks = step_breaks(outcomes, directions)
    pinned = [k for k, v in outcomes.pinned.items() if v]
    wrong = [b for b in breaks if b.kind == "wrong way"]
    dead = [b for b in breaks if b.kind == "no response"]
    steps = sum(len(d.up) + len(d.down) for d in directions)
    print(f"scenarios: {len(outcomes.means):,} (both lenses, 24 months) in {time.perf_counter() - started:.0f} s")
    print(f"pinned at a bound for 6+ months: {len(pinned):,} ({len(pinned) / len(outcomes.means):.2%})"
          f"  by indicator: {dict(collections.Counter(x for v in outcomes.pinned.values() for x in v))}")
    print(f"monotonicity breaks: {len(wrong):,}   strict-responsiveness failures: {len(dead):,}"
          f"   (over {steps} declared lever-response directions, every context)")
    for (lever, lens, response, kind), count in collections.Counter(
            (b.lever, b.lens, b.response, b.kind) for b in breaks).most_common(10):
        print(f"  {count:>6} {kind}: {lever} -> {response} under {lens}")
    missing = undeclared(shipped_rules(), directions)
    print(f"responses moved by a lever's rules but neither directed nor exempt: {len(missing)}")
    for line in missing:
        print(f"  {line}")


if __name__ == "__main__":
    main()
