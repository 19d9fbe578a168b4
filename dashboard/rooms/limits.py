"""Rate limits for one session: at most N actions in any window of S seconds."""

from __future__ import annotations

from collections.abc import Sequence

# (actions, seconds) pairs, all of which must hold.
SUBMIT_LIMITS = ((1, 5.0), (20, 600.0))
CREATE_LIMITS = ((3, 600.0),)
JOIN_LIMITS = ((10, 60.0),)  # typed codes: slows anyone guessing them


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
