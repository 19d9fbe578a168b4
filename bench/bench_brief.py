"""Benchmark the scenario brief (issue #15, item 5): how long a click on "Download a one-page
brief" takes, and whether building briefs slows another session's rerun.

1. Build time: the median of N briefs as the Share menu builds them (a request to the warm
   worker process, and back), and, for comparison, built in this process, PDF and Markdown.
2. Another session's rerun (AppTest: the dashboard, a lever moved each time) while nothing
   else runs, while briefs are built back to back through the worker (as the app does), and
   while they are built in the server's own process (what the worker avoids: vl-convert holds
   the GIL while it renders).

Run: python bench/bench_brief.py [--briefs 15] [--reruns 30]
Target: the build < 1.5 s; a rerun beside briefs built in the worker close to the quiet one
(the machine has two cores: one for the worker, one for the server). The in-process build also
prints its CPU seconds, a reading less sensitive to other work on a shared machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.brief import worker  # noqa: E402
from dashboard.brief.build import Request, build, share_link  # noqa: E402
from dashboard.model import Scenario  # noqa: E402

SCENARIOS = [Scenario(strikes_iraq="repeated", sanctions="eased"), Scenario(jcpoa="full_return", direct_talks=True),
             Scenario(strikes_iran="limited", lens="coercive_deterrence")]
SANCTIONS = ["lifted", "eased", "current", "tightened", "maximum"]


def request(i: int, form: str = "pdf") -> Request:
    scenario = SCENARIOS[i % len(SCENARIOS)]
    return Request(scenario, share_link(scenario, 12, "no_new_action"), format=form)


def timed(make, count: int) -> tuple[list[float], list[float]]:
    """Wall-clock seconds of each call, and this process's CPU seconds (all its threads)."""
    times, cpu = [], []
    for i in range(count):
        start, start_cpu = time.perf_counter(), time.process_time()
        make(i)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return times, cpu


def reruns(count: int, more=lambda: False) -> list[float]:
    """Milliseconds of each rerun of one dashboard session after a lever change: ``count`` of
    them, and more while ``more()`` says so."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.run()
    times: list[float] = []
    i = 0
    while len(times) < count or more():
        at.sidebar.select_slider(key="sanctions").set_value(SANCTIONS[i % len(SANCTIONS)])
        start = time.perf_counter()
        at.run()
        if i >= 2:  # the first two fill the caches
            times.append((time.perf_counter() - start) * 1000)
        i += 1
    return times


def while_building(build_one, count: int, briefs: int = 3) -> tuple[list[float], int]:
    """Reruns while another thread builds briefs back to back (at least ``briefs`` of them
    finish during the reruns); and how many it built."""
    stop, built = threading.Event(), [0]

    def loop():
        i = 0
        while not stop.is_set():
            build_one(i)
            built[0] += 1
            i += 1

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    time.sleep(0.5)  # the first brief under way
    first = built[0]
    try:
        times = reruns(count, more=lambda: built[0] - first < briefs)
        return times, built[0] - first
    finally:
        stop.set()
        thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=15)
    parser.add_argument("--reruns", type=int, default=30)
    args = parser.parse_args()

    worker.build_elsewhere(request(0, "md"))  # start and warm the worker (its first brief waits for it)
    print("Build time, median of", args.briefs, "(seconds)")
    for label, make in [
        ("PDF, A4, through the worker (a click)", lambda i: worker.build_elsewhere(request(i))),
        ("Markdown, through the worker", lambda i: worker.build_elsewhere(request(i, "md"))),
        ("PDF, A4, in this process", lambda i: build(request(i))),
    ]:
        times, cpu = timed(make, args.briefs)
        print(f"  {label:40s} median {statistics.median(times):.2f}  max {max(times):.2f}"
              + (f"  (CPU {statistics.median(cpu):.2f} s: on an idle machine about the wall time)"
                 if "this process" in label else ""))

    print("\nAnother session's rerun after a lever change, median of", args.reruns, "(ms)")
    quiet = statistics.median(reruns(args.reruns))
    print(f"  {'nothing else running':40s} {quiet:7.0f}")
    for label, make in [("briefs built in the worker (as shipped)", lambda i: worker.build_elsewhere(request(i))),
                        ("briefs built in the server's process", lambda i: build(request(i)))]:
        times, built = while_building(make, args.reruns)
        median = statistics.median(times)
        print(f"  {label:40s} {median:7.0f}  ({median / quiet:.2f}x quiet; {len(times)} reruns while {built} briefs "
              "were built)")
    worker.stop()


if __name__ == "__main__":
    main()
