"""The rooms database: how it is reached, its tables, and the migrations that build them.

The database is SQLite (one file, one server) or PostgreSQL (several replicas). Every
change to its shape is a numbered migration, applied once, in order, under a lock, so any
number of processes may start at the same time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    create_engine,
    event,
    func,
    insert,
    select,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.schema import CreateTable

from .config import with_driver

SQLITE_BUSY_TIMEOUT_S = 30
MIGRATION_LOCK_ID = 0x526F6F6D73  # "Rooms": the PostgreSQL advisory lock held while migrating


class UtcDateTime(TypeDecorator):
    """A timezone-aware UTC datetime in and out (SQLite stores naive UTC text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value.isoformat()}: the rooms store needs timezone-aware times")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()
schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))
rooms = Table(
    "rooms", metadata,
    Column("code", String(12), primary_key=True),
    Column("title", String(80), nullable=False),
    Column("key_hash", String(64), nullable=False),  # sha256 hex of the instructor key
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("closed", Boolean, nullable=False, default=False),
    Column("locked", Boolean, nullable=False, default=False),  # version 3: no new students
)
submissions = Table(
    "submissions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("room_code", String(12), ForeignKey("rooms.code"), nullable=False),
    Column("student_id", String(64), nullable=False),
    Column("group_name", String(40), nullable=False, default=""),
    Column("scenario_json", Text, nullable=False),
    Column("predictions_json", Text, nullable=False),
    Column("submitted_at", UtcDateTime, nullable=False),
    Column("joined_at", UtcDateTime, nullable=True),  # version 3: the student's first submission
    UniqueConstraint("room_code", "student_id", name="one_submission_per_student"),
)
submissions_by_time = Index("submissions_by_room_and_time", submissions.c.room_code, submissions.c.submitted_at)


def _create_tables(conn: Connection) -> None:
    # The tables as they stood at version 1 (a shipped migration must never change).
    v1 = MetaData()
    Table("rooms", v1, Column("code", String(12), primary_key=True), Column("title", String(80), nullable=False),
          Column("key_hash", String(64), nullable=False), Column("created_at", UtcDateTime, nullable=False),
          Column("expires_at", UtcDateTime, nullable=False), Column("closed", Boolean, nullable=False, default=False))
    Table("submissions", v1, Column("id", Integer, primary_key=True, autoincrement=True),
          Column("room_code", String(12), ForeignKey("rooms.code"), nullable=False),
          Column("student_id", String(64), nullable=False), Column("group_name", String(40), nullable=False, default=""),
          Column("scenario_json", Text, nullable=False), Column("predictions_json", Text, nullable=False),
          Column("submitted_at", UtcDateTime, nullable=False),
          UniqueConstraint("room_code", "student_id", name="one_submission_per_student"))
    for table in v1.sorted_tables:
        conn.execute(CreateTable(table))


def _index_submissions_by_time(conn: Connection) -> None:
    # The instructor's list and the summary read one room's rows in time order.
    submissions_by_time.create(conn)


def _lock_and_join_times(conn: Connection) -> None:
    # A room can be locked (no new students; those in may resubmit), and each submission
    # keeps when its student first joined: the per-room limit on joins counts those.
    conn.exec_driver_sql("ALTER TABLE rooms ADD COLUMN locked BOOLEAN NOT NULL DEFAULT FALSE")
    conn.exec_driver_sql(f"ALTER TABLE submissions ADD COLUMN joined_at {_timestamp(conn)}")


def _timestamp(conn: Connection) -> str:
    return "TIMESTAMP WITH TIME ZONE" if conn.dialect.name == "postgresql" else "DATETIME"


# (version, what it does): append only.
MIGRATIONS: tuple[tuple[int, Callable[[Connection], None]], ...] = (
    (1, _create_tables),
    (2, _index_submissions_by_time),
    (3, _lock_and_join_times),
)
LATEST_VERSION = MIGRATIONS[-1][0]


def make_engine(url: str) -> Engine:
    """An engine shared by every thread of the process.

    SQLite: WAL (readers never wait for the writer), a 30 s busy timeout, and our own BEGIN
    so that write transactions take the write lock up front (see ``write_transaction``).
    PostgreSQL: connections are checked before use, so a database restart is survived.
    """
    try:
        backend = make_url(with_driver(url)).get_backend_name()
    except ArgumentError:
        backend = None  # the URL is not echoed: it may hold a password
    if backend not in ("sqlite", "postgresql"):
        raise ValueError(
            "DATABASE_URL: not a supported database URL; allowed: postgresql://user:password@host:port/database "
            "or sqlite:///path/to/rooms.sqlite3"
        )
    if backend == "postgresql":
        return create_engine(with_driver(url), pool_pre_ping=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # pysqlite must not issue its own BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("rooms_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that will write. On SQLite it takes the write lock at BEGIN, so a
    read-then-write waits its turn instead of failing with "database is locked"."""
    with engine.connect() as conn:
        conn.execution_options(rooms_write=True)
        with conn.begin():
            yield conn


def current_version(conn: Connection) -> int:
    return conn.execute(select(func.coalesce(func.max(schema_version.c.version), 0))).scalar_one()


def migrate(engine: Engine) -> int:
    """Apply the missing migrations, each in its own transaction; returns the version.

    Idempotent. Concurrent starts are serialised by the SQLite write lock or, on
    PostgreSQL, by a transaction-scoped advisory lock; each transaction re-reads the version.
    """
    for version, apply in MIGRATIONS:
        with write_transaction(engine) as conn:
            if engine.dialect.name == "postgresql":
                conn.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK_ID)))
            schema_version.create(conn, checkfirst=True)
            if current_version(conn) < version:
                apply(conn)
                conn.execute(insert(schema_version).values(version=version))
    with engine.connect() as conn:
        return current_version(conn)
