"""Fixtures for the rooms store: every test runs on SQLite and on PostgreSQL.

PostgreSQL comes from TEST_DATABASE_URL (``.ci/run`` sets it up); without it those tests
are skipped, unless REQUIRE_POSTGRES=1 (CI), where that is a failure. Import the fixtures
into a test module: ``from tests.rooms_support import clock, database_url, store``.
"""

from __future__ import annotations

import os
import random
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine

from dashboard.model import LEVER_LEVELS
from dashboard.rooms import RoomStore
from dashboard.rooms.schema import metadata

BACKENDS = ("sqlite", "postgresql")
LIFETIME = timedelta(hours=48)


class FakeClock:
    """A clock the test moves by hand; each reading is 1 ms after the last, so times order the calls."""

    def __init__(self, start: datetime = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)):
        self._now = start
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            self._now += timedelta(milliseconds=1)
            return self._now

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._now += delta


def postgres_url() -> str:
    """TEST_DATABASE_URL, or skip (fail if REQUIRE_POSTGRES=1)."""
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not url:
        message = "TEST_DATABASE_URL is not set: no PostgreSQL to test the rooms store against (see .ci/run)"
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return url


def drop_room_tables(url: str) -> None:
    """Start from an empty database: drop the rooms tables and the schema version."""
    engine = create_engine(url)
    try:
        metadata.drop_all(engine)
    finally:
        engine.dispose()


def random_scenario(rng: random.Random) -> dict[str, str]:
    """Every lever at a random level, as a submitted dict."""
    return {lever: rng.choice(levels) for lever, levels in LEVER_LEVELS.items()}


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path) -> str:
    """An empty database of each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'rooms.sqlite3'}"
    url = postgres_url()
    drop_room_tables(url)
    return url


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(database_url, clock):
    """A RoomStore on an empty database, with the test's clock and a 48-hour lifetime."""
    room_store = RoomStore(database_url, clock=clock, lifetime=LIFETIME)
    yield room_store
    room_store.engine.dispose()
