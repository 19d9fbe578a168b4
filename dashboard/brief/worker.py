"""Build briefs in one separate process, so building one never slows anyone else's page.

Rendering a chart holds Python's lock (vl-convert does not release the GIL: a thread counting
in the background ran at 3 % of its speed during a render), and a brief takes about a second
of CPU. In the server's process that second would stall every other session's rerun; in one
worker process it takes at most one core, and the server's threads only wait on a pipe.
Briefs queue for the one worker, so a class downloading at once cannot take both cores.

The worker is ``python -m dashboard.brief.worker``: pickled requests in on stdin, pickled
results out on stdout, each framed by its length. A plain subprocess rather than
multiprocessing, whose spawn re-imports the parent's main script (Streamlit's, pytest's, a
benchmark's) and whose fork is unsafe in a server with threads. It starts on first use, or in
the background when the Share menu opens (``warm``), and is replaced if it dies.
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
import threading
from pathlib import Path

from .build import Request, build

HEADER = struct.Struct(">Q")  # the length of the pickle that follows
ROOT = Path(__file__).resolve().parents[2]  # the repository: the worker imports `dashboard` from it


class BriefFailed(RuntimeError):
    """The worker could not build the brief (its message says why)."""


class _Worker:
    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        self.process = subprocess.Popen([sys.executable, "-m", "dashboard.brief.worker"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, env=env, cwd=ROOT)

    def ask(self, request: object) -> object:
        send(self.process.stdin, request)
        return receive(self.process.stdout)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


_worker: _Worker | None = None
_lock = threading.Lock()  # one brief at a time: the others queue here


def send(stream, value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def receive(stream) -> object:
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        raise EOFError("the brief worker stopped")
    (size,) = HEADER.unpack(head)
    return pickle.loads(stream.read(size))


def _running() -> _Worker:
    global _worker
    if _worker is None or not _worker.alive():
        _worker = _Worker()
    return _worker


def warm() -> None:
    """Start the worker in the background (imports and a first render, ~2 s), so the first
    brief does not wait for them."""
    def start() -> None:
        with _lock:
            _running().ask(None)

    if _lock.acquire(blocking=False):  # busy: it is running already
        try:
            if _worker is not None and _worker.alive():
                return
        finally:
            _lock.release()
        threading.Thread(target=start, name="brief-warm", daemon=True).start()


def build_elsewhere(request: Request) -> bytes | str:
    """``build(request)`` in the worker process; a worker that died is replaced once."""
    global _worker
    with _lock:
        for attempt in (1, 2):
            try:
                outcome, value = _running().ask(request)
                break
            except (EOFError, OSError, pickle.UnpicklingError):
                if _worker is not None:
                    _worker.process.kill()
                _worker = None
                if attempt == 2:
                    raise BriefFailed("the brief worker stopped twice") from None
    if outcome != "ok":
        raise BriefFailed(value)
    return value


def stop() -> None:
    """Stop the worker (tests, benchmarks)."""
    global _worker
    with _lock:
        if _worker is not None:
            _worker.stop()
            _worker = None


def _warm_up() -> None:
    import vl_convert as vlc

    from . import charts, pdf  # noqa: F401  (imported now, not at the first brief)

    vlc.vegalite_to_jpeg({"data": {"values": [{"x": 1}]}, "mark": "point", "encoding": {"x": {"field": "x"}}})
    charts.responses_layout(), charts.risk_layout()


def serve(stdin=None, stdout=None) -> None:
    """The worker's loop: a request in, ("ok", brief) or ("error", message) out; None warms up."""
    stdin, stdout = stdin or sys.stdin.buffer, stdout or sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the pipe
    try:
        while True:
            try:
                request = receive(stdin)
            except EOFError:
                return  # the server stopped
            if request is None:
                _warm_up()
                send(stdout, ("ok", None))
                continue
            try:
                answer = ("ok", build(request))
            except Exception as exc:  # noqa: BLE001 (any failure is reported to the page, which stays usable)
                answer = ("error", f"{type(exc).__name__}: {exc}")
            send(stdout, answer)
    except BrokenPipeError:  # the server stopped while a brief was being built
        return


if __name__ == "__main__":
    serve()
