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
import math
import time

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard.model.links import Pattern, share_query
from dashboard.rooms import RoomError, RoomStore, database_url
from dashboard.rooms.config import client_address, forwarded_hops
from dashboard.rooms.limits import CREATE_LIMITS, JOIN_LIMITS, AddressLimits, trimmed, wait_seconds
from dashboard.rooms.store import CODE_ALPHABET
from dashboard.ui import address
from dashboard.ui.text import plain

LINK_CHOICES = {
    "room": Pattern(f"[{CODE_ALPHABET}{CODE_ALPHABET.lower()}]{{4,12}}", "a room code (4 to 12 letters and digits)"),
    "key": Pattern("[A-Za-z0-9_-]{16,64}", "the instructor key of an instructor link"),
    "projector": ["true", "false"],  # the instructor's projector view
}
KEYS = "room_keys"  # session: room code -> instructor key
JUST_OPENED = "room_just_opened"  # session: (code, key) of the room this session opened, until dismissed
FOUND = "room_codes_found"  # session: codes this session has looked up and found (not counted again)
FORGET = "room_forget"  # session: the code of a room whose cookie this browser should drop
LEFT = "room_left"  # session: codes of rooms this session left or deleted (their cookie no longer counts)
COOKIE = "room_key_{}"  # this browser's cookie holding an instructor's key for a room (see key_from_this_browser)
ADDRESSES = AddressLimits()  # one per server process, shared by its sessions


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


def database_down(exc: SQLAlchemyError) -> None:
    # The error's own text may hold the database URL and its password: name only its kind.
    st.error("The rooms database cannot be reached just now; nothing was lost. Try again in a moment "
             f"({type(exc).__name__}).")


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
    from dashboard.ui import room_instructor, room_student  # they use this module's helpers

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
        wait = ADDRESSES.wait("miss", this_client())
        if wait > 0:
            st.warning(f"Too many unknown codes from your network: you can try a code again {in_time(wait)}.")
            return None
    try:
        room = store.room(code)
    except RoomError as exc:
        ADDRESSES.record("miss", this_client())
        st.error(plain(exc))
        return None
    found.add(room.code)
    return room


def this_client() -> str:
    """This session's client address (see deploy/nginx.conf and FORWARDED_HOPS)."""
    return client_address(st.context.ip_address, st.context.headers.get("X-Forwarded-For"), forwarded_hops())


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


def base_url() -> str:
    return (st.context.url or "").split("?")[0]


def dashboard_link(scenario) -> str:
    """The Dashboard page with these options (the page's own address, less its ``room`` part)."""
    query = share_query(scenario, {}, {})
    return base_url().removesuffix("room").rstrip("/") + "/" + (f"?{query}" if query else "")


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


def allowed(kind: str, limits, action: str, per_address: str | None = None) -> bool:
    """Rate limits of this session (and of its client address, for ``per_address`` actions):
    record the action, or say how long to wait."""
    now = time.monotonic()
    history = trimmed(st.session_state.get(kind, []), now, limits)
    wait, who = wait_seconds(history, now, limits), ""
    if per_address and not wait:
        wait, who = ADDRESSES.wait(per_address, this_client()), " from your network"
    if wait > 0:
        st.warning(f"Too many attempts{who}: you can {action} again {in_time(wait)}.")
        return False
    st.session_state[kind] = [*history, now]
    if per_address:
        ADDRESSES.record(per_address, this_client())
    return True


def in_time(wait: float) -> str:
    """A wait in words, rounded up ("in 3 s" for 2.2 s; never "in 0 s")."""
    return "in a moment" if wait < 1 else f"in {math.ceil(wait)} s"
