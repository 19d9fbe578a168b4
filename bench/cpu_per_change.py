"""Server CPU per lever change: the dashboard against the bare app, one session at a time.

The load test (bench/load.py) finds capacities, which swing by ±10 % between runs on a
shared two-core machine. This measures what drives them, more steadily: one simulated
user (Streamlit's websocket protocol, as in load.py) makes N lever changes one after the
other, and the server's CPU time is divided by N. Rounds alternate the two apps; the
median round is printed, with the bytes sent per change and the ratio.

Run from the repository root:
    python bench/cpu_per_change.py              # 3 rounds x 400 changes per app, ~1.5 min
    python bench/cpu_per_change.py --changes 200 --rounds 5
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import websockets
from load import Levers, Server, Session, cpu_seconds

APPS = {"dashboard": "streamlit_app.py", "bare": "bench/bare_app.py"}
WARM_UP_CHANGES = 30


async def one_round(script: str, changes: int, seed: int) -> tuple[float, float]:
    """(server CPU ms a change, kB sent a change) over ``changes`` sequential changes."""
    server = Server(script, session_ttl_s=5)
    try:
        url = server.url.replace("http", "ws") + "/_stcore/stream"
        async with websockets.connect(url, max_size=None) as ws:
            session, levers = Session(ws), Levers(random.Random(seed))
            await session.rerun({})
            for _ in range(WARM_UP_CHANGES):
                await session.rerun(levers.next())
            start, sent = cpu_seconds(server.pid), 0
            for _ in range(changes):
                sent += (await session.rerun(levers.next())).bytes
            return 1000 * (cpu_seconds(server.pid) - start) / changes, sent / changes / 1000
    finally:
        server.stop()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    figures: dict[str, list[tuple[float, float]]] = {name: [] for name in APPS}
    for round_number in range(args.rounds):
        for name, script in APPS.items():
            figures[name].append(asyncio.run(one_round(script, args.changes, seed=round_number)))
    medians = {}
    for name, rounds in figures.items():
        medians[name] = statistics.median(cpu for cpu, _ in rounds)
        print(f"{name:10s} server CPU a change: median {medians[name]:5.1f} ms "
              f"(rounds: {', '.join(f'{cpu:.1f}' for cpu, _ in rounds)}), {rounds[0][1]:.1f} kB sent a change")
    print(f"dashboard / bare: {medians['dashboard'] / medians['bare']:.2f}x the server CPU a change")
    return 0


if __name__ == "__main__":
    sys.exit(main())
