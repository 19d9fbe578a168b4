"""Classroom rooms: an instructor opens a room; students submit their options and predictions.

    /room                     join a room by its code, or open one (instructors)
    /room?room=CODE           a student: the levers in the sidebar, predictions, submit
    /room?room=CODE&key=KEY   the instructor link: the key is taken into the session and
                              dropped from the address bar, so a projected page never shows it

Students see only their own submission. The storage is ``dashboard.rooms``; this page only
draws it.
"""

from __future__ import annotations

import io
import time
import uuid
from datetime import UTC, datetime
from functools import lru_cache

import pandas as pd
import segno
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard.charts.rooms import lever_counts_chart, outcomes_chart, predictions_chart
from dashboard.model import DEFAULT_SCENARIO, INDICATORS, RESPONSES, InputError, shipped_parameters
from dashboard.model.links import Pattern, share_query
from dashboard.model.predictions import PREDICTION_MONTH, rises
from dashboard.rooms import RoomError, RoomStore, database_url, report
from dashboard.rooms.limits import CREATE_LIMITS, JOIN_LIMITS, SUBMIT_LIMITS, trimmed, wait_seconds
from dashboard.rooms.store import CODE_ALPHABET
from dashboard.ui import address
from dashboard.ui.content import labels
from dashboard.ui.seminar import LARGE_TYPE
from dashboard.ui.sidebar import render_levers

LIVE_EVERY_S = 5
LINK_CHOICES = {
    "room": Pattern(f"[{CODE_ALPHABET}{CODE_ALPHABET.lower()}]{{4,12}}", "a room code (4 to 12 letters and digits)"),
    "key": Pattern("[A-Za-z0-9_-]{16,64}", "the instructor key of an instructor link"),
}
KEYS = "room_keys"  # session: room code -> instructor key
JUST_OPENED = "room_just_opened"  # session: (code, key) of the room this session opened, until dismissed


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> RoomStore:
    return RoomStore(url)  # one per server process, shared by its sessions (it is thread-safe)


def open_store() -> RoomStore | None:
    # Hosted on Community Cloud, DATABASE_URL comes as a secret: Streamlit copies root-level
    # secrets into the environment when it loads them, so make sure they are loaded.
    st.secrets.load_if_toml_exists()
    try:
        return _open_store(database_url())
    except ValueError as exc:  # a bad ROOMS_TTL_HOURS or DATABASE_URL: our own message names it
        st.error(f"Rooms are not available on this server: {exc}")
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
    code = st.query_params.get("room")
    if not code:
        lobby(store)
        return
    try:
        room = store.room(code)
    except RoomError as exc:
        st.error(str(exc))
        st.query_params.pop("room", None)
        lobby(store)
        return
    key = st.session_state.get(KEYS, {}).get(room.code)
    if key:
        instructor_view(store, room, key)
    else:
        student_view(store, room)


def take_key_from_link(store: RoomStore) -> None:
    """An instructor link's key goes into this session, and out of the address bar."""
    key, code = st.query_params.get("key"), st.query_params.get("room")
    if not key:
        return
    del st.query_params["key"]
    try:
        room = store.check_key(code or "", key)
    except RoomError as exc:
        st.error(f"This instructor link does not open room {code or '(no code)'}: {exc}")
        return
    st.session_state.setdefault(KEYS, {})[room.code] = key


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
        st.subheader("Join a room")
        typed = st.text_input("Room code", max_chars=12, placeholder="e.g. K7QX2M", key="join_code",
                              help="The code your instructor shows; letters and digits, case does not matter.")
        if st.button("Join", type="primary", key="join") and allowed("room_joins", JOIN_LIMITS, "try a code"):
            try:
                room = store.room(typed)
            except RoomError as exc:
                st.error(str(exc))
            else:
                st.query_params["room"] = room.code
                st.rerun()
    with create.container(border=True):
        st.subheader("Open a room (instructors)")
        title = st.text_input("Title", value="Seminar on US options toward Iran", max_chars=80, key="new_room_title")
        hours = store.lifetime.total_seconds() / 3600
        st.caption(f"The room and its submissions are deleted after {hours:g} hours, or when you delete it.")
        if st.button("Open a room", key="open_room"):
            open_room(store, title)


def open_room(store: RoomStore, title: str) -> None:
    if not allowed("room_creations", CREATE_LIMITS, "open a room"):
        return
    try:
        room, key = store.create_room(title)
    except RoomError as exc:
        st.error(str(exc))
        return
    st.session_state.setdefault(KEYS, {})[room.code] = key
    st.session_state[JUST_OPENED] = (room.code, key)
    st.query_params["room"] = room.code
    st.rerun()


def allowed(kind: str, limits, action: str) -> bool:
    """Per-session rate limit: record the action, or say how long to wait."""
    now = time.monotonic()
    history = trimmed(st.session_state.get(kind, []), now, limits)
    wait = wait_seconds(history, now, limits)
    if wait > 0:
        st.warning(f"Too many attempts: you can {action} again in {wait:.0f} s.")
        return False
    st.session_state[kind] = [*history, now]
    return True


# --- students -------------------------------------------------------------------------------

def student_id() -> str:
    """This session's id in rooms: made here, never taken from the link or a form."""
    return st.session_state.setdefault("room_student_id", uuid.uuid4().hex)


def student_view(store: RoomStore, room) -> None:
    scenario = render_levers()
    st.title(f"Room {room.code}: {room.title}")
    if room.closed:
        st.warning("The instructor has closed this room: it no longer takes submissions.")
    names = labels()
    month = min(PREDICTION_MONTH, scenario.months)
    st.markdown(f"**1.** Set the US options in the sidebar (now: {describe(scenario)}).  \n"
                f"**2.** Predict: compared with **no new US action**, which responses will be **higher after "
                f"{month} months**?  \n**3.** Submit. You can change your mind and submit again; the latest counts.")
    predicted = st.pills("We expect these to rise", list(RESPONSES), selection_mode="multi", format_func=names.get,
                         key="room_predictions")
    group = st.text_input("Group name (optional)", max_chars=40, key="room_group",
                          help="Shown to the instructor beside your submission.")
    if st.button("Submit to the room", type="primary", disabled=room.closed, key="room_submit"):
        submit(store, room.code, scenario, group, predicted or [])
    mine = store.submission(room.code, student_id())
    if mine:
        reveal(mine, names)


def submit(store: RoomStore, code: str, scenario, group: str, predicted: list[str]) -> None:
    if not allowed("room_submissions", SUBMIT_LIMITS, "submit"):
        return
    try:
        row = store.submit(code, student_id(), scenario, group, predicted)
    except (RoomError, InputError) as exc:
        st.error(f"Not submitted: {exc}")
        return
    st.success(f"Submitted at {row.submitted_at:%H:%M:%S} UTC. The instructor sees your latest submission.")


def describe(scenario) -> str:
    changed = [f"{lever} {value}" for lever, value in scenario.levels().items()
               if value != DEFAULT_SCENARIO.levels()[lever]]
    return ", ".join(changed) if changed else "the status quo of early 2021"


def reveal(row, names: dict[str, str]) -> None:
    st.subheader("Your submission, and the model's answer")
    changes = report.changes_against_no_action(row.scenario)
    model = rises(changes)
    table = pd.DataFrame([{"response": names[n], "you: rises": "yes" if n in row.predictions else "no",
                           "model: change": round(changes[n], 1), "model: rises": "yes" if n in model else "no",
                           "agree": "✓" if (n in model) == (n in row.predictions) else "✗"} for n in RESPONSES])
    st.metric("You and the model agree on", f"{report.agreement(row)} of {len(RESPONSES)}")
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(f"Submitted {row.submitted_at:%H:%M:%S} UTC{' as ' + row.group if row.group else ''}: "
               f"{describe(row.scenario)}. [See why on the Dashboard]({dashboard_link(row.scenario)}), "
               "with these options.")


# --- the instructor -------------------------------------------------------------------------

def instructor_view(store: RoomStore, room, key: str) -> None:
    if st.toggle("Large type for the projector", key="room_big"):
        st.html(LARGE_TYPE)
    st.title(f"Room {room.code}: {room.title}")
    join_link = f"{base_url()}?room={room.code}"
    words, picture = st.columns([3, 1], vertical_alignment="center")
    words.markdown(f"### Join with code **{room.code}**\nat the Room page, or open the link (or scan the code):")
    words.code(join_link, language=None)
    picture.image(qr_png(join_link), caption="Scan to join", width=180)
    just_opened = st.session_state.get(JUST_OPENED)
    if just_opened and just_opened[0] == room.code:
        with st.container(border=True):
            st.markdown("**Your instructor link.** It opens this view and is shown only now: keep it, and keep it "
                        "private (anyone with it can read, close or delete the room).")
            st.code(f"{join_link}&key={key}", language=None)
            st.download_button("Download both links", f"Join: {join_link}\nInstructor (private): {join_link}&key={key}\n",
                               f"room-{room.code}.txt", key="download_links")
            st.button("I have saved it", key="saved_links", on_click=lambda: st.session_state.pop(JUST_OPENED, None))
    live = st.toggle(f"Live: refresh every {LIVE_EVERY_S} s", value=True, key="room_live")
    st.fragment(class_view, run_every=LIVE_EVERY_S if live else None)(store, room.code, key)
    manage(store, room, key)


@lru_cache(maxsize=64)
def qr_png(link: str) -> bytes:
    """The join link as a QR code, for phones in the room."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def class_view(store: RoomStore, code: str, key: str) -> None:
    """The class at a glance; a fragment, so the live refresh redraws only this part."""
    try:
        room, summary, rows = store.check_key(code, key), store.summary(code, key), store.submissions(code, key)
    except RoomError as exc:
        st.error(str(exc))
        return
    except SQLAlchemyError as exc:
        database_down(exc)
        return
    st.button("Refresh now", key="room_refresh", icon=":material/refresh:")
    count, status, last, expires = st.columns(4)
    count.metric("Submissions", summary.count, border=True)
    status.metric("Room", "closed" if room.closed else "open", border=True)
    last.metric("Last submission", ago(summary.last_submitted_at), border=True)
    expires.metric("Deleted in", until(room.expires_at), border=True)
    if not rows:
        st.info("No submissions yet. Students open the join link (or this page's Join box with the code), set the "
                "options, predict and submit.")
        return
    names = labels()
    st.subheader("What the class chose")
    counts = report.lever_counts(summary)
    st.altair_chart(lever_counts_chart(counts), key="room_levers",
                    alt=f"How many of {summary.count} submissions chose each level of each lever: " + "; ".join(
                        f"{lever} {max(levels, key=levels.get)}" for lever, levels in summary.lever_counts.items()))
    with st.expander("The choices as a table"):
        st.dataframe(counts.pivot(index="level", columns="lever", values="students").fillna(0).astype(int),
                     width="stretch")

    st.subheader("Where the class's options lead")
    shown = st.selectbox("Response", list(INDICATORS), index=list(INDICATORS).index("escalation_risk"),
                         format_func=names.get, key="room_outcome")
    frame = report.outcomes(rows, shown)
    st.altair_chart(outcomes_chart(frame, names[shown]), key="room_outcomes", alt=(
        f"{names[shown]} month by month for each of {len(rows)} submissions (thin lines) and the class median (thick)."))
    st.caption("Each thin line is one submission, run through the model; the thick line is the class median.")
    with st.expander("The paths as a table"):
        st.dataframe(frame.pivot(index="month", columns="student", values="value").round(1), width="stretch")

    st.subheader("Predictions against the model")
    versus = report.predictions_against_model(rows)
    long = versus.melt(id_vars="response", value_vars=["predicted rise", "model: rise"], var_name="series",
                       value_name="percent").replace({"series": {"predicted rise": "the class predicted a rise",
                                                                 "model: rise": "the model has a rise"}})
    long["response"] = long["response"].map(names)
    st.altair_chart(predictions_chart(long), key="room_predictions_chart",
                    alt="Share of the class predicting each response rises, beside the share of their scenarios in "
                        "which the model has it rise.")
    st.caption(f"Against no new US action, at month {PREDICTION_MONTH} (or the end of a shorter run).")
    with st.expander("The predictions as a table"):
        st.dataframe(versus.assign(response=versus["response"].map(names)), hide_index=True, width="stretch")
    short = {name: p.short for name, p in shipped_parameters().indicators.items()}
    table = report.submissions_table(rows)
    st.dataframe(pd.DataFrame({
        "student": table["student"],
        "options": [dashboard_link(row.scenario) for row in rows],
        "submitted (UTC)": [row.submitted_at.strftime("%H:%M:%S") for row in rows],
        "agrees with the model": [f"{n} of {len(RESPONSES)}" for n in table["agreement_of_10"]],
        "predicted to rise": [", ".join(short[n] for n in row.predictions) or "none" for row in rows],
        "the model has rising": [", ".join(short[n] for n in text.split(";") if n) or "none"
                                 for text in table["model_rises"]],
    }), hide_index=True, width="stretch", column_config={"options": st.column_config.LinkColumn(
        "options", display_text="open on the Dashboard", help="This submission's options on the Dashboard page")})
    st.download_button("Download all submissions (CSV)", report.to_csv(rows), f"room-{code}.csv", mime="text/csv",
                       key="room_csv", icon=":material/download:")


def manage(store: RoomStore, room, key: str) -> None:
    st.subheader("Manage the room")
    close, delete = st.columns(2)
    if not room.closed and close.button("Close the room", key="room_close",
                                        help="Stop taking submissions; you keep this view and the download."):
        act(lambda: store.close(room.code, key), "The room is closed.")
        st.rerun()
    sure = delete.checkbox("Yes, delete the room and every submission", key="room_delete_sure")
    if delete.button("Delete the room", type="primary", disabled=not sure, key="room_delete"):
        act(lambda: store.delete(room.code, key), f"Room {room.code} and its submissions are deleted.")
        st.session_state.get(KEYS, {}).pop(room.code, None)
        st.query_params.pop("room", None)
        st.rerun()


def act(action, message: str) -> None:
    try:
        action()
    except RoomError as exc:
        st.error(str(exc))
        return
    st.toast(message)


def ago(moment: datetime | None) -> str:
    if moment is None:
        return "none yet"
    seconds = max(0, int((datetime.now(UTC) - moment).total_seconds()))
    return f"{seconds} s ago" if seconds < 120 else f"{seconds // 60} min ago"


def until(moment: datetime) -> str:
    hours = (moment - datetime.now(UTC)).total_seconds() / 3600
    return f"{hours:.0f} h" if hours >= 2 else f"{max(hours * 60, 0):.0f} min"
