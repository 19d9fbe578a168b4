"""Classroom rooms: shared storage for instructors and students. Never imports Streamlit."""

from .config import database_url, room_lifetime
from .store import (
    MAX_SUBMISSIONS_PER_ROOM,
    NotAllowed,
    Room,
    RoomBusy,
    RoomClosed,
    RoomError,
    RoomLocked,
    RoomNotFound,
    RoomStore,
    RoomSummary,
    SubmissionRow,
    TooMany,
)

__all__ = [
    "MAX_SUBMISSIONS_PER_ROOM", "NotAllowed", "Room", "RoomBusy", "RoomClosed", "RoomError", "RoomLocked",
    "RoomNotFound", "RoomStore", "RoomSummary", "SubmissionRow", "TooMany", "database_url", "room_lifetime",
]
