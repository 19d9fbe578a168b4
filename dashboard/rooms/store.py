"""Classroom rooms: an instructor opens a room, students submit their scenario and predictions.

One RoomStore is shared by every session of a server process (it is thread-safe); with
PostgreSQL, any number of processes may share one database. Students see only their own
submission; the instructor key (shown once, stored only as a hash) opens the rest.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Row, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from dashboard.model import LEVER_LEVELS, RESPONSES, Scenario, parse_scenario

from .config import database_url, room_lifetime
from .limits import ROOM_JOINS
from .schema import make_engine, migrate, rooms, submissions, write_transaction
from .submission import (
    TITLE_MAX_CHARS,
    RoomError,
    Submission,
    check_student_id,
    check_text,
    parse_submission,
    quoted,
)

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0 O 1 I L: read off a projector
CODE_LENGTH = 6
CODE_PATTERN = re.compile(f"[{CODE_ALPHABET}]{{4,12}}")
CODE_ATTEMPTS = 20
MAX_SUBMISSIONS_PER_ROOM = 200
NO_KEY = object()  # student access: no instructor key to check (None is a wrong key)

__all__ = [
    "MAX_SUBMISSIONS_PER_ROOM", "NotAllowed", "Room", "RoomBusy", "RoomClosed", "RoomError", "RoomLocked",
    "RoomNotFound", "RoomStore", "RoomSummary", "SubmissionRow", "TooMany", "utc_now",
]


class RoomNotFound(RoomError):
    """No such room: never created, expired, or deleted."""


class RoomClosed(RoomError):
    """The instructor has stopped taking submissions."""


class NotAllowed(RoomError):
    """The instructor key does not match."""


class TooMany(RoomError):
    """The room holds MAX_SUBMISSIONS_PER_ROOM students already."""


class RoomLocked(RoomError):
    """The instructor takes no new students; those already in may resubmit."""


class RoomBusy(RoomError):
    """More new students than ROOM_JOINS allows arrived just now: try again shortly."""


@dataclass(frozen=True)
class Room:
    code: str
    title: str
    created_at: datetime
    expires_at: datetime
    closed: bool
    locked: bool = False  # no new students


@dataclass(frozen=True)
class SubmissionRow(Submission):
    """A stored submission: the checked submission and when it arrived."""

    submitted_at: datetime


@dataclass(frozen=True)
class RoomSummary:
    """The class at a glance: how many submitted, what they chose, what they predicted."""

    count: int
    lever_counts: dict[str, dict[str, int]]  # lever -> level -> students (every level, zeros included)
    prediction_counts: dict[str, int]  # response -> students who predicted it rises (every response)
    last_submitted_at: datetime | None


def summarise(rows: list[SubmissionRow]) -> RoomSummary:
    """Counts over submissions: what they chose, what they predicted, the latest time."""
    chosen = Counter((lever, row.scenario.level(lever)) for row in rows for lever in LEVER_LEVELS)
    predicted = Counter(response for row in rows for response in row.predictions)
    return RoomSummary(
        count=len(rows),
        lever_counts={lever: {level: chosen[lever, level] for level in levels} for lever, levels in LEVER_LEVELS.items()},
        prediction_counts={response: predicted[response] for response in RESPONSES},
        last_submitted_at=max((row.submitted_at for row in rows), default=None),
    )


def utc_now() -> datetime:
    return datetime.now(UTC)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class RoomStore:
    def __init__(
        self, url: str | None = None, *, clock: Callable[[], datetime] = utc_now, lifetime: timedelta | None = None
    ):
        """Connects to ``url`` (default: ``config.database_url()``) and brings its tables up to date."""
        self.engine = make_engine(url or database_url())
        self.clock = clock
        self.lifetime = lifetime if lifetime is not None else room_lifetime()
        self.schema_version = migrate(self.engine)

    # --- instructor -------------------------------------------------------------------

    def create_room(self, title: str) -> tuple[Room, str]:
        """A new room and its instructor key (shown once: only its hash is kept)."""
        title = check_text("title", title, TITLE_MAX_CHARS, required=True)
        self.purge_expired()
        key, now = secrets.token_urlsafe(18), self._now()
        for _ in range(CODE_ATTEMPTS):
            room = Room(_new_code(), title, now, now + self.lifetime, closed=False)
            try:
                with write_transaction(self.engine) as conn:
                    conn.execute(insert(rooms).values(key_hash=key_hash(key), **vars(room)))
                return room, key
            except IntegrityError:  # the code is taken: draw another
                continue
        raise RoomError("code: could not find a free room code; please try again")

    def check_key(self, code: str, key: str) -> Room:
        """The room, if ``key`` is its instructor key; else NotAllowed (or RoomNotFound)."""
        with self.engine.connect() as conn:
            return self._room(conn, code, key=key)

    def submissions(self, code: str, key: str) -> list[SubmissionRow]:
        """Every student's latest submission, oldest first (instructor key needed)."""
        with self.engine.connect() as conn:
            room = self._room(conn, code, key=key)
            query = (
                select(submissions).where(submissions.c.room_code == room.code)
                .order_by(submissions.c.submitted_at, submissions.c.id)
            )
            return [_submission_row(row) for row in conn.execute(query)]

    def summary(self, code: str, key: str) -> RoomSummary:
        """Counts over the students' latest submissions (instructor key needed)."""
        return summarise(self.submissions(code, key))

    def close(self, code: str, key: str) -> Room:
        """Stop taking submissions; the instructor can still read them."""
        with write_transaction(self.engine) as conn:
            room = self._room(conn, code, key=key, lock=True)
            conn.execute(update(rooms).where(rooms.c.code == room.code).values(closed=True))
        return replace(room, closed=True)

    def lock(self, code: str, key: str, locked: bool = True) -> Room:
        """Take no new students (``locked``), or take them again; those in may still resubmit."""
        with write_transaction(self.engine) as conn:
            room = self._room(conn, code, key=key, lock=True)
            conn.execute(update(rooms).where(rooms.c.code == room.code).values(locked=locked))
        return replace(room, locked=locked)

    def remove_submission(self, code: str, key: str, student_id: str) -> None:
        """Delete one student's submission (say, one a script sent); they may submit again
        unless the room is locked."""
        student_id = check_student_id(student_id)
        with write_transaction(self.engine) as conn:
            room = self._room(conn, code, key=key, lock=True)
            gone = conn.execute(delete(submissions).where(
                submissions.c.room_code == room.code, submissions.c.student_id == student_id)).rowcount
        if not gone:
            raise RoomError(f"student: no submission from {quoted(student_id)} in room {quoted(room.code)}")

    def delete(self, code: str, key: str) -> None:
        """Remove the room and every submission to it."""
        with write_transaction(self.engine) as conn:
            room = self._room(conn, code, key=key, lock=True)  # no submission slips in meanwhile
            conn.execute(delete(submissions).where(submissions.c.room_code == room.code))
            conn.execute(delete(rooms).where(rooms.c.code == room.code))

    def purge_expired(self) -> int:
        """Delete the expired rooms and their submissions; returns how many rooms went."""
        expired = rooms.c.expires_at <= self._now()
        with write_transaction(self.engine) as conn:
            conn.execute(select(rooms.c.code).where(expired).with_for_update())  # no submission slips in meanwhile
            conn.execute(delete(submissions).where(submissions.c.room_code.in_(select(rooms.c.code).where(expired))))
            return conn.execute(delete(rooms).where(expired)).rowcount

    # --- students ---------------------------------------------------------------------

    def room(self, code: str) -> Room:
        """The open (unexpired) room with this code, closed or not, or RoomNotFound."""
        with self.engine.connect() as conn:
            return self._room(conn, code)

    def submit(
        self, code: str, student_id: str, scenario: Scenario | dict, group: str = "", predictions: Iterable[str] = ()
    ) -> SubmissionRow:
        """Record the student's submission, replacing their earlier one."""
        code = self._checked_code(code)
        checked = parse_submission(student_id, scenario, group, predictions)
        scenario_json, predictions_json = checked.payload()
        with write_transaction(self.engine) as conn:
            room = self._room(conn, code, lock=True)
            if room.closed:
                raise RoomClosed(f"Room {quoted(code)} is closed: the instructor has stopped taking submissions.")
            now = self._now()
            mine = select(submissions.c.id).where(
                submissions.c.room_code == code, submissions.c.student_id == checked.student_id)
            if conn.execute(mine).first() is None:
                self._admit(conn, room, now)
            values = {
                "room_code": code, "student_id": checked.student_id, "group_name": checked.group,
                "scenario_json": scenario_json, "predictions_json": predictions_json, "submitted_at": now,
                "joined_at": now,
            }
            dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
            upsert = dialect.insert(submissions).values(**values)
            conn.execute(upsert.on_conflict_do_update(
                index_elements=["room_code", "student_id"],
                # joined_at stays as it was: the student's first submission
                set_={name: upsert.excluded[name] for name in ("group_name", "scenario_json", "predictions_json", "submitted_at")},
            ))
        return SubmissionRow(checked.student_id, checked.group, checked.scenario, checked.predictions, now)

    def submission(self, code: str, student_id: str) -> SubmissionRow | None:
        """The student's own latest submission, if any."""
        student_id = check_student_id(student_id)
        with self.engine.connect() as conn:
            room = self._room(conn, code)
            query = select(submissions).where(submissions.c.room_code == room.code, submissions.c.student_id == student_id)
            row = conn.execute(query).one_or_none()
        return _submission_row(row) if row else None

    # --- helpers ----------------------------------------------------------------------

    def _admit(self, conn: Connection, room: Room, now: datetime) -> None:
        """A new student may join: the room is not locked, not full, and not flooded."""
        if room.locked:
            raise RoomLocked(f"Room {quoted(room.code)} is locked: the instructor takes no new students "
                             "(those who have submitted may still change their submission).")
        in_room = submissions.c.room_code == room.code
        if conn.execute(select(func.count()).where(in_room)).scalar_one() >= MAX_SUBMISSIONS_PER_ROOM:
            raise TooMany(f"Room {quoted(room.code)} is full: it takes at most {MAX_SUBMISSIONS_PER_ROOM} submissions.")
        joins, seconds = ROOM_JOINS
        recent = in_room & (submissions.c.joined_at > now - timedelta(seconds=seconds))
        if conn.execute(select(func.count()).where(recent)).scalar_one() >= joins:
            raise RoomBusy(f"Room {quoted(room.code)} is busy: {joins} students joined in the last "
                           f"{seconds:g} s; please submit again in a few seconds.")

    def _now(self) -> datetime:
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError("clock: returned a naive datetime; allowed: timezone-aware datetimes")
        return now.astimezone(UTC)

    def _not_found(self, code: object) -> RoomNotFound:
        hours = self.lifetime.total_seconds() / 3600
        return RoomNotFound(
            f"No open room with code {quoted(code)}: it may have expired "
            f"(rooms last {hours:g} hour{'s' * (hours != 1)}) or been deleted."
        )

    def _checked_code(self, code: object) -> str:
        """The code stripped and upper-cased; anything that cannot be a code is not found."""
        if not isinstance(code, str):
            raise self._not_found(code)
        normalised = code.strip().upper()
        if not CODE_PATTERN.fullmatch(normalised):
            raise self._not_found(code.strip())
        return normalised

    def _room(self, conn: Connection, code: object, *, key: object = NO_KEY, lock: bool = False) -> Room:
        """The unexpired room (row-locked if ``lock``), checking the key if one is given."""
        code = self._checked_code(code)
        query = select(rooms).where(rooms.c.code == code, rooms.c.expires_at > self._now())
        row = conn.execute(query.with_for_update() if lock else query).one_or_none()
        if row is None:
            raise self._not_found(code)
        if key is not NO_KEY and not (isinstance(key, str) and hmac.compare_digest(key_hash(key), row.key_hash)):
            raise NotAllowed(f"Wrong instructor key for room {quoted(code)}.")
        return Room(row.code, row.title, row.created_at, row.expires_at, bool(row.closed), bool(row.locked))


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _submission_row(row: Row) -> SubmissionRow:
    return SubmissionRow(
        student_id=row.student_id,
        group=row.group_name,
        scenario=parse_scenario(json.loads(row.scenario_json)),
        predictions=tuple(json.loads(row.predictions_json)),
        submitted_at=row.submitted_at,
    )
