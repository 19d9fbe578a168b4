"""Rate limits: at most N actions in any window of S seconds, per session, per client
address and per room."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence

# (actions, seconds) pairs, all of which must hold.
SUBMIT_LIMITS = ((1, 5.0), (20, 600.0))
CREATE_LIMITS = ((3, 600.0),)
JOIN_LIMITS = ((10, 60.0),)  # codes typed or in a link: slows anyone guessing them
# New students a room takes: a class of 200 joining over 10 minutes comes ~20 a minute; a
# script sending 200 in 10 s gets 50 in, and the instructor can lock the room and remove them.
ROOM_JOINS = (50, 60.0)


def wait_seconds(history: Sequence[float], now: float, limits: Sequence[tuple[int, float]]) -> float:
    """Seconds to wait before one more action is allowed (0: allowed now), given the times
    of the earlier actions."""
    wait = 0.0
    for actions, seconds in limits:
        recent = sorted(t for t in history if now - t < seconds)
        if len(recent) >= actions:
            wait = max(wait, recent[-actions] + seconds - now)
    return wait


def trimmed(history: Sequence[float], now: float, limits: Sequence[tuple[int, float]]) -> list[float]:
    """The times still inside the longest window (the rest can be forgotten)."""
    longest = max(seconds for _, seconds in limits)
    return [t for t in history if now - t < longest]


# Per client address, over every session of the process: a script opens a new session (and
# so a new student) for each request, but its address stays. Sized for a real class behind
# one school network address: 200 students each submitting up to three times in 10 minutes.
ADDRESS_LIMITS: dict[str, tuple[tuple[int, float], ...]] = {
    "submit": ((60, 60.0), (600, 600.0)),
    "open": ((5, 60.0), (20, 3600.0)),  # rooms opened: a school's instructors share the address too
    "miss": ((30, 60.0),),  # room codes looked up and not found, typed or in a link
}
MAX_ADDRESSES = 10_000  # addresses remembered at once (the least recent are forgotten first)


class AddressLimits:
    """Rate limits per client address, shared by the sessions of one process; thread-safe
    and bounded in memory (MAX_ADDRESSES × the longest window's actions)."""

    def __init__(self, limits: Mapping[str, Sequence[tuple[int, float]]] = ADDRESS_LIMITS,
                 max_addresses: int = MAX_ADDRESSES, clock: Callable[[], float] = time.monotonic):
        self.limits, self.max_addresses, self.clock = limits, max_addresses, clock
        self._times: OrderedDict[tuple[str, str], list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def wait(self, kind: str, address: str) -> float:
        """Seconds before ``address`` may do one more ``kind`` (0: now)."""
        with self._lock:
            now = self.clock()
            return wait_seconds(self._recent(kind, address, now), now, self.limits[kind])

    def record(self, kind: str, address: str) -> None:
        with self._lock:
            now = self.clock()
            self._times[kind, address] = [*self._recent(kind, address, now), now]
            self._times.move_to_end((kind, address))
            while len(self._times) > self.max_addresses:
                self._times.popitem(last=False)

    def __len__(self) -> int:
        return len(self._times)

    def _recent(self, kind: str, address: str, now: float) -> list[float]:
        return trimmed(self._times.get((kind, address), []), now, self.limits[kind])
