"""Where the classroom rooms are stored and how long they last, read from the environment."""

from __future__ import annotations

import math
import os
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
TTL_DEFAULT_HOURS, TTL_MIN_HOURS, TTL_MAX_HOURS = 48.0, 0.1, 720.0
POSTGRES_SCHEMES = ("postgres://", "postgresql://")  # as hosting platforms write them


def database_url() -> str:
    """DATABASE_URL if set (PostgreSQL URLs get the psycopg 3 driver), else a SQLite file.

    The SQLite file is ``rooms.sqlite3`` in ROOMS_DATA_DIR, or in ``var/`` at the repository
    root; the folder is created.
    """
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return with_driver(url)
    data_dir = Path(os.environ.get("ROOMS_DATA_DIR") or REPO_ROOT / "var").resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir / 'rooms.sqlite3'}"


def with_driver(url: str) -> str:
    """PostgreSQL URLs as hosting platforms write them, pointed at the psycopg 3 driver."""
    for scheme in POSTGRES_SCHEMES:
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url.removeprefix(scheme)
    return url


def room_lifetime() -> timedelta:
    """How long a room stays open: ROOMS_TTL_HOURS (hours, 0.1 to 720; default 48)."""
    text = os.environ.get("ROOMS_TTL_HOURS", "").strip()
    if not text:
        return timedelta(hours=TTL_DEFAULT_HOURS)
    try:
        hours = float(text)
    except ValueError:
        hours = math.nan
    if not TTL_MIN_HOURS <= hours <= TTL_MAX_HOURS:  # also rejects nan
        raise ValueError(
            f"ROOMS_TTL_HOURS: {text[:40]!r} is not allowed; allowed: a number of hours "
            f"from {TTL_MIN_HOURS:g} to {TTL_MAX_HOURS:g}"
        )
    return timedelta(hours=hours)


MAX_FORWARDED_HOPS = 5


def forwarded_hops() -> int:
    """FORWARDED_HOPS: how many proxies in front of the app append the client's address to
    X-Forwarded-For (deploy/nginx.conf: 1). 0 (the default): use the connection's own peer,
    and ignore the header, which any client can write."""
    text = os.environ.get("FORWARDED_HOPS", "").strip() or "0"
    if not (text.isascii() and text.isdigit() and int(text) <= MAX_FORWARDED_HOPS):
        raise ValueError(f"FORWARDED_HOPS: {text[:40]!r} is not allowed; allowed: a whole number from 0 "
                         f"to {MAX_FORWARDED_HOPS}")
    return int(text)


def client_address(peer: str | None, forwarded_for: str | None, hops: int) -> str:
    """The client's address for rate limits. Each trusted proxy appends the address it saw to
    X-Forwarded-For, so with ``hops`` proxies the client is the hops-th entry from the right;
    entries further left came from the client and are not trusted."""
    entries = [part.strip() for part in (forwarded_for or "").split(",") if part.strip()]
    if hops and len(entries) >= hops:
        return entries[-hops][:64]
    return peer if isinstance(peer, str) and peer else "local"  # no peer: a browser on the same machine
