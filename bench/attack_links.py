"""The attacks of issue #12 against a local server, with the figures the README quotes.

Everything runs on 127.0.0.1 with a bounded number of requests. A link is opened as a browser
would open it, over Streamlit's own websocket protocol (``bench/load.py``'s client), and the
server's CPU and memory are read from /proc:

1. CPU: the costliest links within the rule-book limits (300 rules whose effects last 1,500
   months in all) on each tab, the 42-second link of the issue (4 rules x 1,600 effects,
   now refused), and the shipped rules for comparison: server CPU seconds per open.
2. Memory: 40 sessions, each opened with a different custom rule book (as 40 strangers'
   links), then closed: RSS before, at the peak, and 15 s after the sessions went.
3. Fuzz: 300 links drawn from the page's parameters, hostile names and values, numbers in
   other scripts' digits ("²", "١٢"), "1e400", one-month runs and custom rules: how many
   drew a traceback or the page's "something went wrong" line (both must be 0).

Run from the repository root: ``python bench/attack_links.py`` (about 3 min on two cores).
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from load import FINISHED_EARLY, Server, cpu_seconds, rss_mb  # noqa: E402

from dashboard.model import shipped_rules  # noqa: E402
from dashboard.model.budget import most_draws  # noqa: E402
from dashboard.model.custom_rules import encode, to_token  # noqa: E402
from dashboard.model.rules import MAX_EFFECT_MONTHS, MAX_RULES  # noqa: E402
from dashboard.ui.costly import tornado_rows  # noqa: E402
from dashboard.ui.failsafe import FAILURE_TEXT  # noqa: E402

FUZZ_LINKS, FLOOD_SESSIONS, SESSION_TTL_S = 300, 40, 2


def rule(i: int, effects: int = 1, duration: int = 1) -> dict:
    return {"id": f"added_{i}", "title": "An added rule", "when": {"always": True},
            "effects": [{"target": "proxy_attacks", "size": {"low": 0, "central": 0.1, "high": 0.2},
                         "duration": duration}] * effects,
            "rationale": "Added by the attack bench.", "source": "article [1]",
            "lenses": {"reciprocity": 1, "coercive_deterrence": 1}, "confidence": "low"}


def costliest_token(salt: int = 0) -> str:
    """A book at the limits: as many rules as allowed, sharing out the allowed effect-months."""
    shipped = shipped_rules()
    spare = MAX_EFFECT_MONTHS - sum(e.duration for r in shipped.rules for e in r.effects)
    added = MAX_RULES - len(shipped.rules)
    rules = [rule(i, effects=max(1, min(12, spare // added))) for i in range(added)]
    rules[0]["title"] = f"Variant {salt}"
    return encode({"add": rules})


async def open_link(ws_url: str, query: str, timeout_s: float = 300) -> tuple[int, int]:
    """Open the dashboard with this query string; returns (tracebacks, "something went wrong" lines)."""
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=60) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_script_hash = ""
        await ws.send(msg.SerializeToString())
        tracebacks = failures = 0
        deadline = time.monotonic() + timeout_s
        while True:
            forward = ForwardMsg.FromString(await asyncio.wait_for(ws.recv(), deadline - time.monotonic()))
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                tracebacks += element.WhichOneof("type") == "exception"
                failures += element.WhichOneof("type") == "alert" and FAILURE_TEXT in element.alert.body
            elif kind == "script_finished" and forward.script_finished != FINISHED_EARLY:
                return tracebacks, failures


def cpu_of(server: Server, ws_url: str, query: str) -> float:
    before = cpu_seconds(server.pid)
    asyncio.run(open_link(ws_url, query))
    return cpu_seconds(server.pid) - before


def worst_links(server: Server, ws_url: str) -> None:
    from dashboard.model.custom_rules import from_token

    costly = costliest_token()
    book = from_token(costly, shipped_rules())
    months = next(m for m in (36, 30, 24, 18, 12) if most_draws(book, m, tornado_rows(book)) >= 1)
    fits = most_draws(book, months, tornado_rows(book))
    issue = encode({"add": [rule(i, effects=1600, duration=24) for i in range(4)]})
    links = {
        "shipped rules, Sweep tab, 36 months": {"tab": "Sweep", "months": "36"},
        "shipped rules, Uncertainty, 5,000 draws, 36 months": {"tab": "Uncertainty", "draws": "5000", "months": "36"},
        "the issue's link (4 rules x 1,600 effects x 24 months): refused": {"tab": "Uncertainty", "rules": issue},
        "book at the limits, Over time, 36 months": {"rules": costly, "months": "36"},
        "book at the limits, Sweep: refused": {"rules": costly, "tab": "Sweep", "months": "36"},
        "book at the limits, Uncertainty, 36 months: refused": {"rules": costly, "tab": "Uncertainty",
                                                                "months": "36"},
        f"book at the limits, Uncertainty, {months} months, at the most draws it may ({fits:,})": {
            "rules": costly, "tab": "Uncertainty", "draws": str(fits), "months": str(months)},
    }
    print("\nServer CPU seconds to open a link (each opened on a fresh session):")
    for name, params in links.items():
        print(f"  {cpu_of(server, ws_url, urlencode(params)):6.2f} s  {name}  (link {len(urlencode(params)):,} chars)")


async def flood(ws_url: str, count: int) -> None:
    async def one(n: int) -> None:
        await open_link(ws_url, urlencode({"rules": costliest_token(salt=n), "months": "36"}))

    for start in range(0, count, 4):  # four at a time
        await asyncio.gather(*(one(n) for n in range(start, min(start + 4, count))))


def memory(server: Server, ws_url: str) -> None:
    asyncio.run(open_link(ws_url, ""))
    before = rss_mb(server.pid)
    asyncio.run(flood(ws_url, FLOOD_SESSIONS))
    peak = rss_mb(server.pid)
    time.sleep(SESSION_TTL_S + 13)  # the sessions are dropped SESSION_TTL_S after their sockets close
    after = rss_mb(server.pid)
    print(f"\nMemory: {FLOOD_SESSIONS} sessions, each with a different book at the limits, then closed: RSS "
          f"{before:.0f} MB before, {peak:.0f} MB after the last opened, {after:.0f} MB 15 s after they closed "
          f"(+{after - before:.0f} MB held)")


def fuzzed_query(rng: random.Random) -> str:
    numbers = ["1", "36", "0", "²", "١٢", "1e400", "-1", "99999999999999", "", "12\u200b"]
    hostile = ["**x** [a](https://evil.example) ![](http://127.0.0.1:9/p.gif)", "<script>alert(1)</script>",
               ":red[x] $x$", "\u202e", "x" * 300]
    names = ["months", "month", "draws", "seed", "risk_at", "tab", "why", "baseline", "compare_a", "compare_b",
             "sens", "sweep_x", "sweep_of", "rules", "sanctions", "talks", "direct_talks", *hostile[:2]]
    values = {"tab": ["Uncertainty", "Sweep", "Why", "Compare", "Rules", "Map", "Escalation"],
              "rules": [to_token(shipped_rules(), shipped_rules()), encode({"add": [rule(0)]}), "!!", "x" * 20_000]}
    params = {}
    for name in rng.sample(names, rng.randint(1, 5)):
        pool = values.get(name, []) + numbers + hostile
        params[name] = rng.choice(pool)
    if rng.random() < 0.3:
        params["months"] = "1"  # the one-month family
    return urlencode(params)


def fuzz(ws_url: str) -> None:
    rng = random.Random(12)
    tracebacks = failures = 0
    for _ in range(FUZZ_LINKS):
        t, f = asyncio.run(open_link(ws_url, fuzzed_query(rng)))
        tracebacks, failures = tracebacks + t, failures + f
    print(f"\nFuzz: {FUZZ_LINKS} links: {tracebacks} tracebacks, {failures} 'something went wrong' lines")


def main() -> None:
    server = Server("streamlit_app.py", session_ttl_s=SESSION_TTL_S)
    ws_url = server.url.replace("http", "ws", 1) + "/_stcore/stream"
    started = time.monotonic()
    try:
        asyncio.run(open_link(ws_url, ""))  # warm: imports and the shipped caches
        worst_links(server, ws_url)
        memory(server, ws_url)
        fuzz(ws_url)
    finally:
        server.stop()
    print(f"\n({time.monotonic() - started:.0f} s; server log {server.log.name})")


if __name__ == "__main__":
    main()
