"""Classroom rooms: an instructor opens a room; students submit their options and predictions.

    /room                     join a room by its code, or open one (instructors)
    /room?room=CODE           a student: the levers in the sidebar, predictions, submit
    /room?room=CODE&key=KEY   the instructor link: the key is taken into the session and
                              dropped from the address bar, so a projected page never shows it

Students see only their own submission. The storage is ``dashboard.rooms``; this page only
draws it: the lobby and the routing here, a student's view in ``room_student``, the
instructor's in ``room_instructor``.
"""

from __future__ import annotations

import json

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard.model.links import Pattern
from dashboard.rooms import RoomError, RoomStore, database_url
from dashboard.rooms.config import forwarded_hops
from dashboard.rooms.limits import CREATE_LIMITS, JOIN_LIMITS
from dashboard.rooms.store import CODE_ALPHABET
from dashboard.ui import address, room_instructor, room_shared, room_student
from dashboard.ui.room_shared import (
    COOKIE,
    FORGET,
    FOUND,
    JUST_OPENED,
    KEYS,
    LEFT,
    allowed,
    database_down,
    in_time,
    this_client,
)
from dashboard.ui.text import plain

LINK_CHOICES = {
    "room": Pattern(f"[{CODE_ALPHABET}{CODE_ALPHABET.lower()}]{{4,12}}", "a room code (4 to 12 letters and digits)"),
    "key": Pattern("[A-Za-z0-9_-]{16,64}", "the instructor key of an instructor link"),
    "projector": ["true", "false"],  # the instructor's projector view
}


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> RoomStore:
    return RoomStore(url)  # one per server process, shared by its sessions (it is thread-safe)


def open_store() -> RoomStore | None:
    # Hosted on Community Cloud, DATABASE_URL comes as a secret: Streamlit copies root-level
    # secrets into the environment when it loads them, so make sure they are loaded.
    st.secrets.load_if_toml_exists()
    try:
        forwarded_hops()  # checked here, so a bad setting is named once, like the others
        return _open_store(database_url())
    except ValueError as exc:  # a bad ROOMS_TTL_HOURS or DATABASE_URL: our own message names it
        st.error(f"Rooms are not available on this server: {plain(exc)}")
    except Exception as exc:  # noqa: BLE001 — a database that cannot be reached; its text may hold a password
        st.error("Rooms are not available on this server: the database could not be opened "
                 f"({type(exc).__name__}). Check DATABASE_URL or ROOMS_DATA_DIR.")
    return None


def main() -> None:
    try:
        room_page()
    except SQLAlchemyError as exc:
        database_down(exc)


def room_page() -> None:
    address.check_once("room", LINK_CHOICES, with_levers=True)
    store = open_store()
    address.show_problems("room")
    if store is None:
        return
    take_key_from_link(store)
    forget_on_this_browser()
    code = st.query_params.get("room")
    room = find_room(store, code) if code else None
    if room is None:
        st.query_params.pop("room", None)
        lobby(store)
        return
    key = st.session_state.get(KEYS, {}).get(room.code) or key_from_this_browser(store, room.code)
    if key:
        room_instructor.instructor_view(store, room, key)
    else:
        room_student.student_view(store, room)


def find_room(store: RoomStore, code: str):
    """The room of a code typed or in a link, or None (and a message). A code this session
    has not found before counts against its limit, and one that is not found against the
    address's: neither a session nor a script opening many sessions can try codes fast."""
    found = st.session_state.setdefault(FOUND, set())
    if code.strip().upper() not in found:
        if not allowed("room_joins", JOIN_LIMITS, "try a code"):
            return None
        wait = room_shared.ADDRESSES.wait("miss", this_client())
        if wait > 0:
            st.warning(f"Too many unknown codes from your network: you can try a code again {in_time(wait)}.")
            return None
    try:
        room = store.room(code)
    except RoomError as exc:
        room_shared.ADDRESSES.record("miss", this_client())
        st.error(plain(exc))
        return None
    found.add(room.code)
    return room


def take_key_from_link(store: RoomStore) -> None:
    """An instructor link's key goes into this session, and out of the address bar."""
    key, code = st.query_params.get("key"), st.query_params.get("room")
    if not key:
        return
    del st.query_params["key"]
    try:
        room = store.check_key(code or "", key)
    except RoomError as exc:
        st.error(f"This instructor link does not open room {plain(code or '(no code)', 12)}: {plain(exc)}")
        return
    st.session_state.setdefault(KEYS, {})[room.code] = key


def key_from_this_browser(store: RoomStore, code: str) -> str | None:
    """After a reload (a new session): the instructor key this browser keeps for the room, in a
    cookie the instructor's page set (``room_instructor.remember_on_this_browser``). The key
    stays out of the address bar; a stale or wrong cookie gives the student's view."""
    key = st.context.cookies.get(COOKIE.format(code))
    if not key or code in st.session_state.get(LEFT, ()):  # a session's cookies are those it started with
        return None
    try:
        room = store.check_key(code, key)
    except RoomError:
        return None
    st.session_state.setdefault(KEYS, {})[room.code] = key
    return key


def forget_on_this_browser() -> None:
    """Drop the cookie of a room this session deleted or left (the page after a rerun sends it)."""
    code = st.session_state.pop(FORGET, None)
    if code:
        st.session_state.setdefault(LEFT, set()).add(code)
        st.html(f"<script>document.cookie = {json.dumps(COOKIE.format(code) + '=; Max-Age=0; Path=/; SameSite=Strict')};"
                "</script>", unsafe_allow_javascript=True)


def lobby(store: RoomStore) -> None:
    st.title("Classroom rooms")
    st.markdown("A room collects a seminar's choices in one place: each student or group sets the US options, "
                "predicts what they will do, and submits; the instructor's view shows the whole class.")
    join, create = st.columns(2, gap="large")
    with join.container(border=True):
        st.header("Join a room")
        typed = st.text_input("Room code", max_chars=12, placeholder="e.g. K7QX2M", key="join_code",
                              help="The code your instructor shows; letters and digits, case does not matter.")
        if st.button("Join", type="primary", key="join") and typed.strip():
            st.query_params["room"] = typed.strip().upper()  # looked up, and limited, by find_room
            st.rerun()
    with create.container(border=True):
        st.header("Open a room (instructors)")
        title = st.text_input("Title", value="Seminar on US options toward Iran", max_chars=80, key="new_room_title")
        hours = store.lifetime.total_seconds() / 3600
        st.caption(f"The room and its submissions are deleted after {hours:g} hours, or when you delete it.")
        if st.button("Open a room", key="open_room"):
            open_room(store, title)


def open_room(store: RoomStore, title: str) -> None:
    if not allowed("room_creations", CREATE_LIMITS, "open a room", per_address="open"):
        return
    try:
        room, key = store.create_room(title)
    except RoomError as exc:
        st.error(plain(exc))
        return
    st.session_state.setdefault(KEYS, {})[room.code] = key
    st.session_state.setdefault(FOUND, set()).add(room.code)
    st.session_state[JUST_OPENED] = (room.code, key)
    st.query_params["room"] = room.code
    st.rerun()
