"""Load test: many concurrent sessions against the dashboard, a bare app, and replicas.

Real browsers cannot make dozens of sessions on two cores, so the load client speaks
Streamlit's own websocket protocol (``/_stcore/stream``) with the protobuf messages that ship
inside the ``streamlit`` package. Each simulated user opens a session, runs the page once,
then moves a lever (by default one of six at random: see Levers and --levers) every
``--pace`` seconds (x0.8-1.2 jitter, staggered starts, never before its previous change has
finished), and times each change from sending the ``rerun_script`` message to receiving
``script_finished``.

A step runs N users: sessions open over a ramp (one first run's time, measured at warm-up,
per session and server), then one pace of unmeasured warm-up changes, then
``--duration`` seconds of measured changes. It passes with p95 < 1 s and no errors; a step
that can no longer pass is ended early (its figures are then partial). The search for each
target grows N by x1.5 while steps pass, then bisects between the last pass and the first
failure. The dashboard's capacity is then run again with one real browser page (Playwright +
Debian's Chromium) opening beside the load, to confirm what a user sees, and once more at half
the capacity with the page; the search itself runs without it, since on two cores the page's
rendering takes a third of the machine.

In one run: the dashboard (``streamlit_app.py``) and a bare app with the same levers
(``bench/bare_app.py``), each on one process, for the ratio of their capacities; then one
dashboard replica against two behind a local nginx (``deploy/nginx.conf``, Debian package
``nginx``; skipped with a note if nginx is missing). Per step: p50 / p95 / max per change,
errors, CPU of the servers, of the machine and of this client, peak RSS; per server: CPU and
RSS before, during and after the load. Also the bytes of a first visit of the dashboard,
uncompressed and gzip-compressed through nginx.

Everything runs on 127.0.0.1; every loop is bounded. Standard library + websockets +
streamlit's protos (+ playwright for the browser page).

Run, from the repository root:
    python bench/load.py                 # everything: about 7-8 min on two cores
    python bench/load.py --quick         # shorter steps, a coarser search: about 4-5 min
    python bench/load.py --only dashboard --no-replicas --no-browser --start 10 --max-sessions 10
Targets (issue): dashboard capacity >= 0.5 x the bare app's; two replicas >= 1.5 x one;
no errors; RSS back within 20 % of its start after the sessions close.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import gzip
import json
import math
import os
import queue
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
NGINX_TEMPLATE = ROOT / "deploy" / "nginx.conf"
APPS = {"dashboard": "streamlit_app.py", "bare": "bench/bare_app.py"}
HOST = "127.0.0.1"
P95_LIMIT_MS = 1000.0
CHANGE_TIMEOUT_S = 30.0
CLK_TCK = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# The levers the simulated users move: select_sliders take the option string, toggles a bool.
SANCTIONS = ["lifted", "eased", "current", "tightened", "maximum"]
JCPOA = ["outside", "indirect_talks", "interim_deal", "full_return"]
EXPLORED = {"sanctions": SANCTIONS, "jcpoa": JCPOA, "strikes_syria": ["none", "limited", "repeated", "sustained"],
            "response_doctrine": ["restraint", "proportional", "escalate"],
            "leadership_targeting": [False, True], "direct_talks": [False, True]}  # 960 scenarios
FINISHED_EARLY = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")
FINISHED_OK = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")


def log(text: str = "") -> None:
    print(text, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of values; NaN when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


# --- the server's CPU and memory, from /proc --------------------------------------------

def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far, in seconds (/proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime (fields 14, 15)


def rss_mb(pid: int) -> float:
    """Resident set size of a process, in MB (VmRSS of /proc/PID/status)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return math.nan


class CpuMeter:
    """CPU % of some processes over an interval (100 % = one core busy)."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = pids
        self.start = time.monotonic()
        self.cpu = {pid: cpu_seconds(pid) for pid in pids}

    def percent(self) -> dict[int, float]:
        elapsed = max(time.monotonic() - self.start, 1e-9)
        return {pid: 100 * (cpu_seconds(pid) - self.cpu[pid]) / elapsed for pid in self.pids}


class MachineMeter:
    """CPU % of the whole machine over an interval, all cores (200 % = two cores busy; /proc/stat)."""

    def __init__(self) -> None:
        self.start, self.busy = time.monotonic(), self.busy_seconds()

    @staticmethod
    def busy_seconds() -> float:
        with open("/proc/stat") as f:
            ticks = [int(x) for x in f.readline().split()[1:9]]  # user nice system idle iowait irq softirq steal
        return (sum(ticks) - ticks[3] - ticks[4]) / CLK_TCK

    def percent(self) -> float:
        return 100 * (self.busy_seconds() - self.busy) / max(time.monotonic() - self.start, 1e-9)


async def watch_rss(pids: list[int], peak: dict[int, float], stop: asyncio.Event, every_s: float = 0.5) -> None:
    """Record each process's peak RSS (MB) into ``peak`` until ``stop`` is set."""
    while not stop.is_set():
        for pid in pids:
            peak[pid] = max(peak.get(pid, 0.0), rss_mb(pid))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every_s)


# --- processes: streamlit servers and nginx ---------------------------------------------

def wait_healthy(url: str, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not become healthy within {timeout_s:.0f} s")


class Server:
    """One `streamlit run` process on 127.0.0.1, its stderr in a log file under /tmp."""

    def __init__(self, script: str, session_ttl_s: int) -> None:
        self.script, self.port = script, free_port()
        self.url = f"http://{HOST}:{self.port}"
        # Open for the server's lifetime, closed in stop().
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115
            prefix=f"load-streamlit-{self.port}-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
             "--server.address", HOST, "--server.port", str(self.port), "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", "--server.disconnectedSessionTTL", str(session_ttl_s)],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        try:
            wait_healthy(self.url)
        except Exception:
            self.stop()
            raise
        self.pid = self.process.pid
        self.rss_at_start = rss_mb(self.pid)  # MB, healthy and no session yet

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def render_nginx_conf(listen_port: int, upstream_ports: list[int]) -> str:
    """deploy/nginx.conf with this run's ports. Each line mentioning replica 8501 (its upstream
    `server` line and its line in each map) is written once per replica, with the port and
    the name r1, r2...; the lines of replica 8502 are dropped; the `listen` line gets our port."""
    out = []
    for line in NGINX_TEMPLATE.read_text().splitlines(keepends=True):
        if line.lstrip().startswith("#"):
            out.append(line)
        elif "8501" in line:
            out += [re.sub(r"\br1\b", f"r{i}", line.replace("8501", str(port)))
                    for i, port in enumerate(upstream_ports, 1)]
        elif "8502" not in line:
            out.append(line)
    text = "".join(out)
    if "listen 127.0.0.1:8080;" not in text or text.count(str(upstream_ports[0])) < 4:
        raise RuntimeError(f"{NGINX_TEMPLATE}: no `listen 127.0.0.1:8080;` or too few replica lines")
    return text.replace("listen 127.0.0.1:8080;", f"listen {HOST}:{listen_port};")


class Nginx:
    """nginx in the foreground with a rendered copy of deploy/nginx.conf under a /tmp prefix."""

    def __init__(self, binary: str, upstream_ports: list[int]) -> None:
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.prefix = Path(tempfile.mkdtemp(prefix="load-nginx-"))
        self.prefix.chmod(0o755)  # started as root, nginx's workers run as nobody: they write the cache here
        conf = self.prefix / "nginx.conf"
        conf.write_text(render_nginx_conf(self.port, upstream_ports))
        with open(self.prefix / "stderr.log", "w") as stderr:  # nginx keeps its own copy of the descriptor
            self.process = subprocess.Popen([binary, "-p", str(self.prefix), "-c", str(conf), "-g", "daemon off;"],
                                            stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            wait_healthy(self.url, timeout_s=20)
        except Exception:
            self.stop()
            raise

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: lets the websockets close
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# --- one simulated user: Streamlit's websocket protocol ----------------------------------

@dataclass
class Run:
    """One script run as the client saw it."""
    seconds: float
    status: int
    bytes: int        # bytes of ForwardMsgs received for this run
    exceptions: int   # exception elements drawn (an error in the app)


class Session:
    """One Streamlit session over its websocket: send rerun_script, read until script_finished."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.page_hash = ""
        self.widget_ids: dict[str, str] = {}  # widget key -> widget id, from the deltas

    async def rerun(self, levers: dict[str, str], timeout_s: float = CHANGE_TIMEOUT_S) -> Run:
        """Send a rerun with these widget values (key -> select_slider option or toggle bool)
        and wait for its end."""
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = self.page_hash
        for key, value in levers.items():
            widget = msg.rerun_script.widget_states.widgets.add()
            widget.id = self.widget_ids[key]
            if isinstance(value, bool):
                widget.bool_value = value  # a toggle
            else:
                widget.string_array_value.data.append(value)  # a select_slider
        start = time.perf_counter()
        deadline = start + timeout_s
        await self.ws.send(msg.SerializeToString())
        received = exceptions = 0
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), max(deadline - time.perf_counter(), 0.001))
            received += len(raw)
            forward = ForwardMsg.FromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                exceptions += self._look_at(forward.delta.new_element)
            elif kind == "new_session":
                self.page_hash = forward.new_session.page_script_hash
            elif kind == "script_finished" and forward.script_finished != FINISHED_EARLY:
                return Run(time.perf_counter() - start, forward.script_finished, received, exceptions)

    def _look_at(self, element) -> int:
        """Remember widget ids by key; return 1 for an exception element."""
        kind = element.WhichOneof("type")
        if kind == "exception":
            return 1
        widget_id = getattr(getattr(element, kind), "id", "") if kind else ""
        if widget_id:
            self.widget_ids[widget_id.rsplit("-", 1)[-1]] = widget_id
        return 0


class Levers:
    """A user's lever positions, all sent with each change (the full state of those widgets).

    ``explore`` (the default): each change moves one lever, picked at random among six, to
    another of its values: a random walk over 960 scenarios, so the dashboard's shared cache
    of model runs (128 entries) mostly misses, as when a class explores. ``cycle``: each change
    moves sanctions one level, and the JCPOA path when sanctions wrap: 20 scenarios, which
    every session soon finds in that cache."""

    def __init__(self, rng: random.Random, mode: str = "explore") -> None:
        self.rng, self.mode = rng, mode
        self.values = {key: rng.choice(options) for key, options in EXPLORED.items()}
        self.step = rng.randrange(len(SANCTIONS) * len(JCPOA))

    def next(self) -> dict[str, str | bool]:
        if self.mode == "cycle":
            self.step += 1
            return {"sanctions": SANCTIONS[self.step % len(SANCTIONS)],
                    "jcpoa": JCPOA[(self.step // len(SANCTIONS)) % len(JCPOA)]}
        key = self.rng.choice(list(EXPLORED))
        self.values[key] = self.rng.choice([v for v in EXPLORED[key] if v != self.values[key]])
        return dict(self.values)


@dataclass
class StepResult:
    target: str
    sessions: int
    duration_s: float
    latencies_ms: list[float] = field(default_factory=list)
    first_run_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    change_bytes: list[int] = field(default_factory=list)
    replicas: Counter = field(default_factory=Counter)  # sessions per replica (nginx's X-Replica)
    server_cpu: dict[int, float] = field(default_factory=dict)  # pid -> CPU % during the window
    server_rss_peak: dict[int, float] = field(default_factory=dict)  # pid -> MB
    client_cpu: float = math.nan  # this load script's own CPU %
    machine_cpu: float = math.nan  # all processes, all cores
    browser: dict | None = None
    inflight: dict[int, float] = field(default_factory=dict)  # session -> monotonic start of its change
    stopped_early: bool = False  # the step was ended once its failure was certain

    @property
    def p50(self) -> float:
        return percentile(self.latencies_ms, 50)

    @property
    def p95(self) -> float:
        return percentile(self.latencies_ms, 95)

    @property
    def max(self) -> float:
        return max(self.latencies_ms, default=math.nan)

    @property
    def other_cpu(self) -> float:
        """CPU % of everything else on the machine (nginx, the browser, other users' work)."""
        return max(0.0, self.machine_cpu - sum(self.server_cpu.values()) - self.client_cpu)

    @property
    def n_errors(self) -> int:
        return sum(self.errors.values())

    @property
    def passed(self) -> bool:
        return bool(self.latencies_ms) and self.p95 < P95_LIMIT_MS and not self.n_errors and not self.stopped_early


@dataclass
class Plan:
    """When a step's users start and stop (time.monotonic seconds): sessions open during the
    ramp; changes start when it ends; the first ``pace_s`` of changes (the warm-up, which also
    absorbs the ramp's backlog of first runs) are not measured; then the measured window."""
    ws_url: str
    cookie_url: str | None  # nginx: fetch / first for the affinity cookie, as a browser does
    t0: float
    ramp_s: float
    window_s: float
    pace_s: float
    levers: str  # "explore" or "cycle" (see Levers)

    @property
    def changes_start(self) -> float:
        return self.t0 + self.ramp_s

    @property
    def window_start(self) -> float:
        return self.changes_start + self.pace_s

    @property
    def window_end(self) -> float:
        return self.window_start + self.window_s


async def sleep_until(t: float) -> None:
    await asyncio.sleep(max(0.0, t - time.monotonic()))


def affinity_cookie(url: str) -> tuple[str, str]:
    """GET / through nginx: the st_replica cookie it sets and the replica that answered."""
    with urllib.request.urlopen(url + "/", timeout=30) as response:
        response.read()
        cookie = (response.headers.get("Set-Cookie") or "").split(";")[0]
        return cookie, response.headers.get("X-Replica", "?")


async def user(index: int, plan: Plan, result: StepResult, rng: random.Random) -> None:
    """One simulated user: connect, run the page, then change a lever every ~pace seconds."""
    await sleep_until(plan.t0 + index * plan.ramp_s / max(result.sessions, 1))
    headers = {}
    try:
        if plan.cookie_url:
            cookie, _ = await asyncio.to_thread(affinity_cookie, plan.cookie_url)
            headers["Cookie"] = cookie
        async with websockets.connect(plan.ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=30,
                                      additional_headers=headers) as ws:
            result.replicas[ws.response.headers.get("X-Replica", "direct")] += 1
            session = Session(ws)
            first = await session.rerun({})
            result.first_run_ms.append(first.seconds * 1000)
            if first.status != FINISHED_OK or first.exceptions or not EXPLORED.keys() <= session.widget_ids.keys():
                result.errors["first run failed"] += 1
                return
            await changes(session, plan, result, rng)
    except TimeoutError:
        result.errors["timeout"] += 1
    except Exception as exc:  # noqa: BLE001 -- closed connections, refused handshakes...: counted, not raised
        result.errors[type(exc).__name__] += 1


async def changes(session: Session, plan: Plan, result: StepResult, rng: random.Random) -> None:
    """The user's lever changes, each timed to its script_finished; those started inside the
    measured window are recorded (errors are counted from the warm-up on)."""
    levers = Levers(rng, plan.levers)
    next_at = max(plan.changes_start + rng.uniform(0, plan.pace_s), time.monotonic())
    while next_at < plan.window_end:
        await sleep_until(next_at)
        measured = time.monotonic() >= plan.window_start
        if measured:
            result.inflight[id(session)] = time.monotonic()
        run = await session.rerun(levers.next())
        result.inflight.pop(id(session), None)
        if run.status != FINISHED_OK or run.exceptions:
            result.errors[f"script status {run.status}, {run.exceptions} exceptions"] += 1
        elif measured:
            result.latencies_ms.append(run.seconds * 1000)
            result.change_bytes.append(run.bytes)
        # A user looks at the answer before the next move: no change overlaps the previous one.
        next_at = max(next_at + plan.pace_s * rng.uniform(0.8, 1.2), time.monotonic())


# --- the real browser page ---------------------------------------------------------------

class Browser(threading.Thread):
    """Chromium driven by Playwright's sync API in its own thread (the load owns the event loop)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.jobs: queue.Queue = queue.Queue()
        self.ready: concurrent.futures.Future = concurrent.futures.Future()
        self.start()
        self.ready.result(timeout=60)

    def run(self) -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                self.ready.set_result(True)
                while (job := self.jobs.get()) is not None:
                    fn, args, future = job
                    try:
                        future.set_result(fn(browser, *args))
                    except Exception as exc:  # noqa: BLE001 -- reported, not raised: the load goes on
                        future.set_result({"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"})
                browser.close()
        except Exception as exc:  # noqa: BLE001 -- handed to the caller through `ready`
            if not self.ready.done():
                self.ready.set_exception(exc)

    async def call(self, fn, *args) -> dict:
        future: concurrent.futures.Future = concurrent.futures.Future()
        self.jobs.put((fn, args, future))
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        self.jobs.put(None)
        self.join(timeout=30)


METRIC = '[data-testid="stMetricValue"]'


def visit(browser, url: str, move_lever: bool) -> dict:
    """Open the page fresh: seconds to the first metric, metrics shown, and (dashboard) the
    seconds from a sanctions key press to an updated metric."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    try:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=60_000)
        page.wait_for_selector(METRIC, timeout=60_000)
        out = {"first_render_s": time.perf_counter() - start}
        page.wait_for_function(f"document.querySelectorAll('{METRIC}').length >= 10", timeout=30_000)
        out["metrics"] = page.locator(METRIC).count()
        if move_lever:
            old = page.locator(METRIC).first.inner_text()
            slider = page.locator('[data-testid="stSlider"]').filter(has_text="Sanctions").locator('input[type="range"]')
            slider.focus()
            start = time.perf_counter()
            slider.press("ArrowLeft")
            page.wait_for_function(
                "([sel, old]) => { const e = document.querySelector(sel); return e && e.innerText.trim() !== old; }",
                arg=[METRIC, old], timeout=30_000, polling="raf")
            out["change_s"] = time.perf_counter() - start
        return out
    finally:
        context.close()


def first_visit_traffic(browser, url: str) -> dict:
    """What a first visit downloads, as the browser saw it: requests, body bytes as served
    (encoded, e.g. gzip) and decoded. Waits for the metrics, then for the network to idle."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    try:
        page = context.new_page()
        requests = []
        page.on("requestfinished", requests.append)
        page.goto(url, wait_until="commit", timeout=60_000)
        page.wait_for_selector(METRIC, timeout=60_000)
        page.wait_for_load_state("networkidle", timeout=30_000)
        page.wait_for_timeout(1000)
        wire = decoded = 0
        by_kind: dict[str, list[int]] = {}  # first path segment -> [requests, decoded bytes]
        paths: dict[str, int] = {}  # path -> decoded bytes (for the JSON file)
        for request in requests:
            wire += request.sizes()["responseBodySize"]
            response = request.response()
            try:
                size = len(response.body()) if response else 0
            except Exception:  # noqa: BLE001 -- redirects and the like have no body
                size = 0
            decoded += size
            paths[urllib.parse.urlsplit(request.url).path] = size
            kind = by_kind.setdefault(urllib.parse.urlsplit(request.url).path.split("/")[1] or "/", [0, 0])
            kind[0], kind[1] = kind[0] + 1, kind[1] + size
        return {"requests": len(requests), "wire_bytes": wire, "decoded_bytes": decoded, "by_kind": by_kind,
                "paths": paths}
    finally:
        context.close()


# --- bytes of a first visit without a browser -------------------------------------------

class AssetLinks(HTMLParser):
    """The assets index.html makes a browser fetch: script src, and link href for
    stylesheets, module preloads, preloads and icons."""

    FETCHED_RELS = frozenset({"stylesheet", "modulepreload", "preload", "icon", "shortcut"})

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        elif tag == "link" and attrs.get("href") and self.FETCHED_RELS & set((attrs.get("rel") or "").split()):
            self.urls.append(attrs["href"])


def fetch(url: str, compressed: bool) -> tuple[int, int]:
    """(bytes on the wire, bytes decoded) of one GET, asking for gzip or not."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip" if compressed else "identity"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
        decoded = gzip.decompress(body) if response.headers.get("Content-Encoding") == "gzip" else body
        return len(body), len(decoded)


def static_first_visit(base: str, compressed: bool) -> dict:
    """index.html plus every asset it references (no lazy chunks): files and bytes."""
    try:
        return _static_first_visit(base, compressed)
    except OSError as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}


def _static_first_visit(base: str, compressed: bool) -> dict:
    parser = AssetLinks()
    with urllib.request.urlopen(base + "/", timeout=30) as response:
        parser.feed(response.read().decode("utf-8", "replace"))
    urls = [base + "/"] + [base + "/" + u.removeprefix("./").lstrip("/") for u in dict.fromkeys(parser.urls)]
    sizes = [fetch(u, compressed) for u in urls]
    return {"files": len(urls), "wire_bytes": sum(s[0] for s in sizes), "decoded_bytes": sum(s[1] for s in sizes)}


# --- steps and the capacity search ------------------------------------------------------

@dataclass
class Target:
    """What one capacity search runs against."""
    name: str
    ws_url: str
    page_url: str
    pids: list[int]
    cookie_url: str | None = None
    move_lever_in_browser: bool = True  # the dashboard: time a lever change in the browser page too
    ramp_per_session_s: float = 0.12  # seconds of ramp per session (see measure)


def certain_to_fail(result: StepResult, plan: Plan) -> bool:
    """Whether the step cannot pass any more: an error, or more than 5 % of the most changes
    the window can hold are already slow (done or still running after 1 s)."""
    if result.n_errors:
        return True
    now = time.monotonic()
    slow = sum(ms >= P95_LIMIT_MS for ms in result.latencies_ms)
    slow += sum(now - start >= P95_LIMIT_MS / 1000 for start in result.inflight.values())
    most = result.sessions * (plan.window_s / (0.8 * plan.pace_s) + 1)  # intervals are >= 0.8 x pace
    return slow > 0.05 * most


async def quiesce(pids: list[int], below_pct: float = 15, at_most_s: float = 15) -> None:
    """Wait until every server process is under ``below_pct`` CPU (backlog of a saturated step)."""
    for _ in range(int(at_most_s / 0.5)):
        meter = CpuMeter(pids)
        await asyncio.sleep(0.5)
        if max(meter.percent().values()) < below_pct:
            return


async def run_step(target: Target, sessions: int, args, browser: Browser | None = None) -> StepResult:
    """N users for one window of args.duration seconds; server CPU and peak RSS meanwhile.
    Without a browser the step ends early once it is certain to fail (its figures are then
    partial). With a browser, one real page opens beside the load, 2 s into the window."""
    result = StepResult(target.name, sessions, args.duration)
    rng = random.Random(sessions)
    ramp = max(args.pace, sessions * target.ramp_per_session_s)
    plan = Plan(target.ws_url, target.cookie_url, time.monotonic() + 0.2, ramp, args.duration, args.pace, args.levers)
    stop, peak = asyncio.Event(), {}
    watcher = asyncio.create_task(watch_rss(target.pids, peak, stop))
    users = [asyncio.create_task(user(i, plan, result, rng)) for i in range(sessions)]
    await sleep_until(plan.window_start)
    server_cpu, client_cpu, machine = CpuMeter(target.pids), CpuMeter([os.getpid()]), MachineMeter()
    page = None
    if browser:
        await asyncio.sleep(min(2.0, args.duration / 4))
        page = asyncio.create_task(browser.call(visit, target.page_url, target.move_lever_in_browser))
    while time.monotonic() < plan.window_end:
        await asyncio.sleep(0.25)
        if not browser and certain_to_fail(result, plan):
            result.stopped_early = True
            result.duration_s = time.monotonic() - plan.window_start
            break
    result.server_cpu, result.client_cpu = server_cpu.percent(), client_cpu.percent()[os.getpid()]
    result.machine_cpu = machine.percent()
    if result.stopped_early:
        for task in users:
            task.cancel()
    await asyncio.gather(*users, return_exceptions=True)
    result.browser = await page if page else None
    stop.set()
    await watcher
    result.server_rss_peak = peak
    await asyncio.sleep(0.5)
    await quiesce(target.pids)  # let the server finish the backlog and close the sessions
    return result


def browser_text(b: dict | None) -> str:
    if not b:
        return "-"
    if "error" in b:
        return b["error"]
    return (f"{b['metrics']} metrics in {b['first_render_s']:.1f} s"
            + (f", change {b['change_s'] * 1000:.0f} ms" if "change_s" in b else ""))


def step_line(r: StepResult) -> str:
    """One step as it finishes (ms, %, MB)."""
    cpu = "+".join(f"{c:.0f}" for c in r.server_cpu.values())
    rss = "+".join(f"{m:.0f}" for m in r.server_rss_peak.values())
    rate = len(r.latencies_ms) / r.duration_s
    kb = sum(r.change_bytes) / max(len(r.change_bytes), 1) / 1024
    spread = ""
    if "direct" not in r.replicas:
        spread = "  sessions/replica " + ",".join(str(v) for _, v in sorted(r.replicas.items()))
    errors = f"{r.n_errors}" + (f" {dict(r.errors)}" if r.errors else "")
    return (f"  {r.sessions:>4} sessions  {len(r.latencies_ms):>5} changes ({rate:4.1f}/s)  "
            f"first run p95 {percentile(r.first_run_ms, 95):5.0f}  "
            f"p50 {r.p50:5.0f}  p95 {r.p95:5.0f}  max {r.max:5.0f} ms  errors {errors}  "
            f"server CPU {cpu} %  client {r.client_cpu:.0f} %  other {r.other_cpu:.0f} %  RSS peak {rss} MB  {kb:.0f} kB/change{spread}"
            + (f"  browser: {browser_text(r.browser)}" if r.browser else "")
            + f"  {'ok' if r.passed else 'OVER'}" + (" (stopped early: certain to fail)" if r.stopped_early else ""))


def round5(x: float) -> int:
    return max(5, 5 * round(x / 5))


async def find_capacity(target: Target, first: int, args) -> tuple[int, int, list[StepResult]]:
    """(largest passing count, smallest failing count or 0, steps). A step passes with p95 < 1 s
    and no errors. From ``first``: up by x args.growth until a step fails (or args.max_sessions
    passes), or down by halves until one passes; then bisect (multiples of 5) until the gap is
    at most max(5, args.precision x the passing count)."""
    results, passed, failed, n = [], 0, 0, min(round5(first), args.max_sessions)
    log(f"[{target.name}] search from {n} sessions ({args.duration:.0f} s per step, "
        f"a change every ~{args.pace:.0f} s per session)")
    for _ in range(args.max_steps):
        results.append(await run_step(target, n, args))
        log(step_line(results[-1]))
        if results[-1].passed:
            passed = n
        else:
            failed = n
        if not failed:
            following = min(round5(n * args.growth), args.max_sessions)
        elif not passed:
            following = round5(n / 2)
        elif failed - passed > max(5, args.precision * passed):
            following = 5 * math.floor((passed + failed) / 10)  # round down: a pass ends the search sooner
        else:
            break
        if following in (n, passed, failed):
            break
        n = following
    return passed, failed, results


async def warm_up(ws_url: str, moves: int = 3) -> float:
    """One session: first run (imports, caches) and a few changes, then close. Returns the
    seconds of its first run."""
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=60) as ws:
        session = Session(ws)
        first = await session.rerun({}, timeout_s=120)
        levers = Levers(random.Random(0))
        for _ in range(moves):
            await session.rerun(levers.next())
        return first.seconds


@dataclass
class Memory:
    """RSS of a server process, MB: at start, after warm-up (the baseline), peak, after."""
    cold: float
    before: float
    peak: float = 0.0
    after: float = math.nan
    settle_s: float = 0.0

    @property
    def back_ratio(self) -> float:
        return self.after / self.before


@dataclass
class TargetReport:
    name: str
    capacity: int  # largest passing session count (0: none passed)
    failed_at: int  # smallest failing session count (0: none failed, capacity is a lower bound)
    steps: list[StepResult]
    confirm: StepResult | None  # the step at capacity again, with the browser page
    memory: dict[int, Memory]  # pid -> memory
    idle_cpu: dict[int, float]  # pid -> CPU % before the load
    after_cpu: dict[int, float]  # pid -> CPU % while the sessions settle after closing
    half: StepResult | None = None  # half the capacity, with the browser page: what a user sees short of the limit

    @property
    def capacity_text(self) -> str:
        return f"{self.capacity}" if self.failed_at else f">={self.capacity}"

    @property
    def all_steps(self) -> list[StepResult]:
        return self.steps + [step for step in (self.confirm, self.half) if step]


async def measure(name: str, servers: list[Server], ws_url: str, page_url: str, first: int, args,
                  browser, cookie_url: str | None = None, move_lever: bool = True) -> TargetReport:
    """Warm up each server, read idle CPU/RSS, search the capacity, confirm it with the browser
    page beside the load, then read CPU and RSS args.settle seconds after the sessions closed."""
    pids = [s.pid for s in servers]
    first_runs = []
    for server in servers:
        await warm_up(server.url.replace("http", "ws", 1) + "/_stcore/stream")
        first_runs.append(await warm_up(server.url.replace("http", "ws", 1) + "/_stcore/stream", moves=0))
    # Sessions open no faster than one first run at a time per server (a first run's latency
    # exceeds its CPU time), so the ramp leaves no backlog behind it.
    ramp_per_session = statistics.mean(first_runs) / len(servers)
    await asyncio.sleep(2)
    idle = CpuMeter(pids)
    await asyncio.sleep(2)
    memory = {s.pid: Memory(s.rss_at_start, rss_mb(s.pid)) for s in servers}
    idle_cpu = idle.percent()
    target = Target(name, ws_url, page_url, pids, cookie_url, move_lever, ramp_per_session)
    capacity, failed_at, results = await find_capacity(target, first, args)
    confirm = half = None
    if browser and capacity and move_lever:  # the dashboard's page (the bare app's would say little)
        confirm = await run_step(target, capacity, args, browser)
        log(step_line(confirm) + "  (confirmation, with the browser page)")
        # On two cores the page's own rendering takes a third of the machine, so at capacity
        # it tips the step over; at half the load it shows what a user sees short of the limit.
        half = await run_step(target, max(1, capacity // 2), args, browser)
        log(step_line(half) + "  (with the browser page, at half the capacity)")
    after = CpuMeter(pids)
    await asyncio.sleep(args.settle)
    after_cpu = after.percent()
    for server in servers:  # a new session's disconnect makes the storage drop the expired ones
        await warm_up(server.url.replace("http", "ws", 1) + "/_stcore/stream", moves=0)
    await asyncio.sleep(2)
    for pid, m in memory.items():
        m.peak = max(r.server_rss_peak.get(pid, 0) for r in results + [step for step in (confirm, half) if step])
        m.after, m.settle_s = rss_mb(pid), args.settle
    return TargetReport(name, capacity, failed_at, results, confirm, memory, idle_cpu, after_cpu, half)


# --- the experiments ---------------------------------------------------------------------

async def single_app(name: str, args, browser, extras: dict, first: int) -> TargetReport:
    """One app on one process, addressed directly."""
    server = Server(APPS[name], args.session_ttl)
    try:
        log(f"\n== {name}: {APPS[name]} on {server.url} (pid {server.pid}, log {server.log.name})")
        if name == "dashboard":
            extras["static_direct"] = await asyncio.to_thread(static_first_visit, server.url, False)
            if browser:
                extras["browser_direct"] = await browser.call(first_visit_traffic, server.url)
        ws_url = f"ws://{HOST}:{server.port}/_stcore/stream"
        return await measure(name, [server], ws_url, server.url, first, args, browser,
                             move_lever=name == "dashboard")
    finally:
        server.stop()


async def replicas(count: int, args, browser, first: int, extras: dict) -> TargetReport:
    """The dashboard on ``count`` processes behind nginx (deploy/nginx.conf, sticky cookie)."""
    servers, nginx = [], None
    try:
        for _ in range(count):
            servers.append(Server(APPS["dashboard"], args.session_ttl))
        nginx = Nginx(nginx_binary(), [s.port for s in servers])
        log(f"\n== {count} replica(s) behind nginx {nginx.url} -> "
            + ", ".join(f"{s.port} (pid {s.pid})" for s in servers) + f"; config {nginx.prefix}/nginx.conf")
        if count == 1:
            extras["static_gzip"] = await asyncio.to_thread(static_first_visit, nginx.url, True)
            if browser:
                extras["browser_gzip"] = await browser.call(first_visit_traffic, nginx.url)
        ws_url = f"ws://{HOST}:{nginx.port}/_stcore/stream"
        return await measure(f"{count} replica{'s' if count > 1 else ''}", servers, ws_url, nginx.url, first,
                             args, browser, cookie_url=nginx.url)
    finally:
        if nginx:
            nginx.stop()
        for server in servers:
            server.stop()


# --- the summary -------------------------------------------------------------------------

def fmt_ms(x: float) -> str:
    return "-" if math.isnan(x) else f"{x:.0f}"


def summary(reports: list[TargetReport], extras: dict, notes: list[str], elapsed_s: float, args) -> str:
    """The plain-text summary of the run."""
    title = (f"SUMMARY  latency per change = rerun_script sent -> script_finished received (ms); each session "
             f"changes a lever every ~{args.pace:.0f} s ({args.levers}); {args.duration:.0f} s per step; "
             f"CPU 100 % = one core (machine: {CORES} cores)")
    header = (f"{'target':<11}{'sessions':>9}{'changes':>8}{'p50':>6}{'p95':>6}{'max':>6}{'errors':>7}"
              f"{'server CPU %':>13}{'client %':>9}{'other %':>8}{'RSS MB':>9}  browser page beside the load")
    lines = ["", "=" * 110, title, "=" * 110, header]
    for rep in reports:
        for r in rep.all_steps:
            lines.append(f"{rep.name:<11}{r.sessions:>9}{len(r.latencies_ms):>8}{fmt_ms(r.p50):>6}{fmt_ms(r.p95):>6}"
                         f"{fmt_ms(r.max):>6}{r.n_errors:>7}{'+'.join(f'{c:.0f}' for c in r.server_cpu.values()):>13}"
                         f"{r.client_cpu:>9.0f}{r.other_cpu:>8.0f}"
                         f"{'+'.join(f'{m:.0f}' for m in r.server_rss_peak.values()):>9}  {browser_text(r.browser)}")
    lines.append("(other %: the rest of the machine, i.e. nginx, the browser page, and anything else running)")
    lines += ["", "Capacity: the largest session count with p95 < 1 s and no errors (steps without the browser page)"]
    caps = {rep.name: rep for rep in reports}
    for rep in reports:
        bracket = f"(passes at {rep.capacity}, fails at {rep.failed_at})" if rep.failed_at else \
            f"(no step failed up to {rep.capacity}: a lower bound; raise --max-sessions)"
        lines.append(f"  {rep.name:<11} {rep.capacity_text:>5} sessions  {bracket}")
    if "dashboard" in caps and "bare" in caps:
        lines.append(ratio_line("dashboard / bare app", caps["dashboard"], caps["bare"], 0.5))
    if "1 replica" in caps and "2 replicas" in caps:
        lines.append(ratio_line("2 replicas / 1 replica", caps["2 replicas"], caps["1 replica"], 1.5))
    lines += ["", ("Server processes: CPU % idle after warm-up / highest step / after the sessions closed; "
                   "RSS MB at start, after warm-up (the baseline), peak, and after the sessions closed"),
              (f"(servers run with server.disconnectedSessionTTL={args.session_ttl} s, Streamlit's default being "
               f"120 s, so closed sessions are dropped before RSS is read: {args.settle:.0f} s after closing, then "
               "one fresh session opens and closes, which makes the storage drop the expired ones, then 2 s)")]
    for rep in reports:
        for pid, m in rep.memory.items():
            ok = "within 20 %" if m.back_ratio <= 1.2 else "NOT within 20 %"
            during = max((r.server_cpu.get(pid, 0) for r in rep.all_steps), default=math.nan)
            lines.append(f"  {rep.name:<11} pid {pid:<7} CPU {rep.idle_cpu[pid]:3.0f} / {during:3.0f} / "
                         f"{rep.after_cpu[pid]:3.0f}   RSS {m.cold:4.0f} start, {m.before:4.0f} warm, "
                         f"{m.peak:4.0f} peak, {m.after:4.0f} {m.settle_s:.0f} s after closing "
                         f"({(m.back_ratio - 1) * 100:+.0f} % vs warm: {ok})")
    at_capacity = sum(r.n_errors for rep in reports for r in rep.all_steps if r.sessions <= rep.capacity)
    lines.append(f"\nErrors: {at_capacity} in the steps at or below capacity; "
                 f"{sum(r.n_errors for rep in reports for r in rep.all_steps)} in all steps")
    lines += ["", "First visit of the dashboard page (a fresh browser, until the metrics show and the network idles):"]
    lines += bytes_lines(extras)
    lines += [""] + [f"Note: {n}" for n in notes] + [f"Total time {elapsed_s / 60:.1f} min"]
    return "\n".join(lines)


def ratio_line(label: str, top: TargetReport, bottom: TargetReport, target: float) -> str:
    if not bottom.capacity:
        return f"  {label}: n/a (denominator 0)"
    ratio = top.capacity / bottom.capacity
    bound = "" if top.failed_at and bottom.failed_at else " (a bound: one search did not fail)"
    return (f"  {label}: {top.capacity}/{bottom.capacity} = {ratio:.2f}{bound}  "
            f"(target >= {target}: {'met' if ratio >= target else 'NOT met'})")


def bytes_lines(extras: dict) -> list[str]:
    def mb(x: int) -> str:
        return f"{x / 1e6:.2f} MB"

    out = []
    for key in ("static_direct", "static_gzip"):
        if "error" in extras.get(key, {}):
            out.append(f"  {key}: {extras.pop(key)['error']}")
    if s := extras.get("static_direct"):
        out.append(f"  index.html + the {s['files'] - 1} assets it references (no lazy chunks), direct, "
                   f"uncompressed: {mb(s['wire_bytes'])}")
    if s := extras.get("static_gzip"):
        out.append(f"  the same through nginx, gzip: {mb(s['wire_bytes'])} sent ({mb(s['decoded_bytes'])} decoded)")
    for key, label in (("browser_direct", "direct (the server does not compress)"),
                       ("browser_gzip", "through nginx (gzip)")):
        if (b := extras.get(key)) and "error" not in b:
            kinds = ", ".join(f"{k} {n} / {mb(size)}" for k, (n, size) in sorted(b["by_kind"].items()))
            out.append(f"  real browser, {label}: {b['requests']} requests, {mb(b['wire_bytes'])} sent, "
                       f"{mb(b['decoded_bytes'])} decoded  [{kinds} decoded]")
        elif b:
            out.append(f"  real browser, {label}: {b['error']}")
    return out or ["  not measured"]


# --- main --------------------------------------------------------------------------------

def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="8 s steps, a coarser search (from 40 sessions, x2, gap <= 50 %%, 5 steps at most), "
                             "6 s settle")
    parser.add_argument("--duration", type=float, help="seconds of measured changes per step (default 12; quick 8)")
    parser.add_argument("--pace", type=float, default=3.0, help="seconds between one user's changes")
    parser.add_argument("--levers", choices=["explore", "cycle"], default="explore",
                        help="explore: each change moves one of six levers at random (960 scenarios, the model "
                             "cache mostly misses); cycle: sanctions, then JCPOA, in turn (20 scenarios, all cached)")
    parser.add_argument("--start", type=int, default=20, help="the dashboard's first session count")
    parser.add_argument("--max-sessions", type=int, default=400, help="the search goes no higher")
    parser.add_argument("--growth", type=float, default=1.5, help="factor between steps while they pass")
    parser.add_argument("--precision", type=float, help="bisect until fail - pass <= max(5, this x pass) "
                        "(default 0.2; quick 0.5)")
    parser.add_argument("--max-steps", type=int, default=8, help="steps per search at most")
    parser.add_argument("--settle", type=float, help="seconds after the sessions close before RSS is read "
                        "(default 10; quick 6); keep it above --session-ttl")
    parser.add_argument("--session-ttl", type=int, default=5,
                        help="the servers' server.disconnectedSessionTTL in seconds (Streamlit's default is 120): "
                             "closed sessions are dropped before RSS is read after the load")
    parser.add_argument("--only", default="dashboard,bare", help="single-process targets, comma-separated ('' for none)")
    parser.add_argument("--no-replicas", action="store_true", help="skip one replica vs two behind nginx")
    parser.add_argument("--no-browser", action="store_true", help="no real browser page")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    args.duration = args.duration or (8.0 if args.quick else 12.0)
    args.precision = args.precision or (0.5 if args.quick else 0.2)
    if args.quick:  # fewer, longer strides: 40, 80, 160... then one or two bisections
        args.max_steps = min(args.max_steps, 5)
        args.growth = max(args.growth, 2.0)
        args.start = max(args.start, 40)
    args.settle = args.settle if args.settle is not None else (6.0 if args.quick else 10.0)
    args.only = [x for x in args.only.split(",") if x]
    unknown = set(args.only) - APPS.keys()
    if unknown:
        parser.error(f"--only: unknown {sorted(unknown)}; choose from {sorted(APPS)}")
    return args


def code_version() -> str:
    """The commit under test, and whether the work tree differs from it."""
    try:
        head = subprocess.run(["git", "log", "-1", "--format=%h %s"], cwd=ROOT, capture_output=True, text=True,
                              timeout=10, check=False).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10, check=False).stdout.strip()
        return f"{head[:90]}{' (+ uncommitted changes)' if dirty else ''}"
    except (OSError, subprocess.SubprocessError):
        return "unknown (no git)"


async def main_async(args) -> int:
    started = time.monotonic()
    reports, extras, notes = [], {}, []
    version = code_version()
    log(f"Code under test: {version}")
    notes.append(f"code under test: {version}")
    browser = None
    if not args.no_browser:
        try:
            browser = await asyncio.to_thread(Browser)
        except Exception as exc:  # noqa: BLE001 -- the load runs without the page
            notes.append(f"no browser page ({type(exc).__name__}: {exc}); run with --no-browser to silence")
    try:
        for name in args.only:
            # The bare app's search starts at the target: twice the dashboard's capacity.
            first = 2 * reports[0].capacity if name == "bare" and reports and reports[0].capacity else args.start
            reports.append(await single_app(name, args, browser, extras, first))
        if args.no_replicas:
            notes.append("replicas skipped (--no-replicas)")
        elif not nginx_binary():
            notes.append("replicas and gzip bytes skipped: nginx is not installed (apt-get install -y nginx)")
            log("\n" + notes[-1])
        else:
            dash = next((r for r in reports if r.name == "dashboard"), None)
            one = await replicas(1, args, browser, dash.capacity if dash and dash.capacity else args.start, extras)
            reports.append(one)
            # Two replicas start at the target: 1.5 x one replica's capacity.
            reports.append(await replicas(2, args, browser, round5(1.5 * (one.capacity or args.start)), extras))
    finally:
        if browser:
            browser.close()
    log(summary(reports, extras, notes, time.monotonic() - started, args))
    if args.json:
        Path(args.json).write_text(json.dumps(to_json(reports, extras, args), indent=1))
    return 0


def to_json(reports: list[TargetReport], extras: dict, args) -> dict:
    def step(s: StepResult) -> dict:
        return {"sessions": s.sessions, "changes": len(s.latencies_ms), "p50_ms": s.p50, "p95_ms": s.p95,
                "max_ms": s.max, "errors": dict(s.errors), "server_cpu_pct": list(s.server_cpu.values()),
                "machine_cpu_pct": s.machine_cpu, "client_cpu_pct": s.client_cpu,
                "rss_peak_mb": list(s.server_rss_peak.values()), "replicas": dict(s.replicas), "browser": s.browser}

    return {"args": vars(args),
            "targets": [{"name": r.name, "capacity": r.capacity, "failed_at": r.failed_at,
                         "memory_mb": [vars(m) for m in r.memory.values()], "steps": [step(s) for s in r.steps],
                         "confirm": step(r.confirm) if r.confirm else None,
                         "half_with_browser": step(r.half) if r.half else None} for r in reports],
            "first_visit": extras}


def main(argv=None) -> int:
    return asyncio.run(main_async(parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
