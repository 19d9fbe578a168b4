"""What the rooms page and its two views share: session keys, the cookie's name, links, rate
limits. Its own module so that ``rooms`` (the routing) can import ``room_instructor`` and
``room_student`` and they can import this, without an import cycle."""

from __future__ import annotations

import math
import time

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard.model.links import share_query
from dashboard.rooms.config import client_address, forwarded_hops
from dashboard.rooms.limits import AddressLimits, trimmed, wait_seconds

KEYS = "room_keys"  # session: room code -> instructor key
JUST_OPENED = "room_just_opened"  # session: (code, key) of the room this session opened, until dismissed
FOUND = "room_codes_found"  # session: codes this session has looked up and found (not counted again)
FORGET = "room_forget"  # session: the code of a room whose cookie this browser should drop
LEFT = "room_left"  # session: codes of rooms this session left or deleted (their cookie no longer counts)
COOKIE = "room_key_{}"  # this browser's cookie holding an instructor's key for a room (see key_from_this_browser)
ADDRESSES = AddressLimits()  # one per server process, shared by its sessions


def database_down(exc: SQLAlchemyError) -> None:
    # The error's own text may hold the database URL and its password: name only its kind.
    st.error("The rooms database cannot be reached just now; nothing was lost. Try again in a moment "
             f"({type(exc).__name__}).")


def this_client() -> str:
    """This session's client address (see deploy/nginx.conf and FORWARDED_HOPS)."""
    return client_address(st.context.ip_address, st.context.headers.get("X-Forwarded-For"), forwarded_hops())


def base_url() -> str:
    return (st.context.url or "").split("?")[0]


def dashboard_link(scenario) -> str:
    """The Dashboard page with these options (the page's own address, less its ``room`` part)."""
    query = share_query(scenario, {}, {})
    return base_url().removesuffix("room").rstrip("/") + "/" + (f"?{query}" if query else "")


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
