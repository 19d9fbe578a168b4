"""The instructor's view of a classroom room: the class at a glance, live, and the room's controls.

Opened with the room's key (held in the session and in a cookie of this browser, never in the
address bar), so a reload keeps this view. The projector view (``?projector=true``) shows only
what the class may see. The page around it is ``dashboard.ui.rooms``.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from functools import lru_cache

import pandas as pd
import segno
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard.charts.rooms import (
    FONT,
    lever_counts_chart,
    lever_counts_in_words,
    lever_counts_table,
    outcomes_chart,
    outcomes_table,
    predictions_chart,
    predictions_in_words,
)
from dashboard.model import INDICATORS, RESPONSES
from dashboard.model.labels import response_labels
from dashboard.model.predictions import PREDICTION_MONTH
from dashboard.rooms import RoomError, RoomStore, report
from dashboard.rooms.store import summarise
from dashboard.ui.content import labels
from dashboard.ui.failsafe import guarded
from dashboard.ui.room_shared import COOKIE, FORGET, JUST_OPENED, KEYS, base_url, dashboard_link, database_down
from dashboard.ui.seminar import LARGE_TYPE
from dashboard.ui.text import plain

LIVE_EVERY_S = 5
REMEMBERED = "room_remembered"  # session: codes of the rooms whose key this browser was asked to keep
CHART_FONT = {False: FONT, True: 20}  # chart text in pixels, normal and large type


def instructor_view(store: RoomStore, room, key: str) -> None:
    modes = st.container(horizontal=True, gap="medium")
    projector = modes.toggle("Projector view", key="projector", bind="query-params",
                             help="Only what the class may see: the join code, its QR code and the class's answers. "
                                  "No private link, no controls, no list of submissions.")
    big = modes.toggle("Large type", key="room_big", help="Larger text, charts included, for the back of the room.")
    if big:
        st.html(LARGE_TYPE)
    st.title(f"Room {room.code}: {plain(room.title)}")
    join_link = f"{base_url()}?room={room.code}"
    words, picture = st.columns([3, 1], vertical_alignment="center")
    words.header(f"Join with code {room.code}", anchor="join-with-code")
    words.markdown("at the Room page, or open the link (or scan the code):")
    words.code(join_link, language=None)
    picture.image(qr_png(join_link), caption="Scan to join", width=180,
                  alt=f"QR code of the join link of room {room.code}")
    just_opened = st.session_state.get(JUST_OPENED)
    if not projector and just_opened and just_opened[0] == room.code:
        private_link(room, key, join_link)
    st.header("The class")
    live = st.toggle(f"Live: refresh every {LIVE_EVERY_S} s", value=True, key="room_live")
    st.fragment(guarded(class_view), run_every=LIVE_EVERY_S if live else None)(
        store, room.code, key, projector, CHART_FONT[big])
    if not projector:
        manage(store, room, key)
    remember_on_this_browser(room, key)


def private_link(room, key: str, join_link: str) -> None:
    """The instructor link, once, folded away: the page may already be on the projector."""
    with st.expander(":material/lock: Private: your instructor link (not for the projector)"):
        st.warning("Anyone with this link can read, lock, close or delete the room. Keep it, and keep it private: "
                   "open this box only on your own screen. It is shown only now.")
        st.code(f"{join_link}&key={key}", language=None)
        st.download_button("Download both links", f"Join: {join_link}\nInstructor (private): {join_link}&key={key}\n",
                           f"room-{room.code}.txt", key="download_links")
        st.button("I have saved it", key="saved_links", on_click=lambda: st.session_state.pop(JUST_OPENED, None))
    st.caption("This browser keeps you in the instructor's view of this room, through reloads, until the room "
               "is deleted; the key never goes back into the address bar.")


def remember_on_this_browser(room, key: str) -> None:
    """A cookie keeps the key on this browser for the room's lifetime, so a reload (a new
    session) reopens this view (``rooms.key_from_this_browser``) with no key in the address
    bar; strictly same-site, and marked Secure over HTTPS."""
    remembered = st.session_state.setdefault(REMEMBERED, set())
    if room.code in remembered or st.context.cookies.get(COOKIE.format(room.code)) == key:
        return  # sent once: the script (and the key in it) leaves the page at the next rerun
    remembered.add(room.code)
    seconds = max(0, int((room.expires_at - datetime.now(UTC)).total_seconds()))
    cookie = json.dumps(f"{COOKIE.format(room.code)}={key}; Max-Age={seconds}; Path=/; SameSite=Strict")
    st.html(f"<script>document.cookie = {cookie} + (location.protocol === 'https:' ? '; Secure' : '');</script>",
            unsafe_allow_javascript=True)


@lru_cache(maxsize=64)
def qr_png(link: str) -> bytes:
    """The join link as a QR code, for phones in the room."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def class_view(store: RoomStore, code: str, key: str, projector: bool = False, font: int = FONT) -> None:
    """The class at a glance; a fragment, so the live refresh redraws only this part. The
    projector view leaves out the list of submissions (names, links) and the download."""
    try:
        room, rows = store.check_key(code, key), store.submissions(code, key)
    except RoomError as exc:
        st.error(plain(exc))
        return
    except SQLAlchemyError as exc:
        database_down(exc)
        return
    summary = summarise(rows)
    st.button("Refresh now", key="room_refresh", icon=":material/refresh:")
    count, status, last, expires = st.columns(4)
    count.metric("Submissions", summary.count, border=True)
    status.metric("Room", "closed" if room.closed else "locked" if room.locked else "open", border=True)
    last.metric("Last submission", ago(summary.last_submitted_at), border=True)
    expires.metric("Deleted in", until(room.expires_at), border=True)
    if not rows:
        st.info("No submissions yet. Students open the join link (or this page's Join box with the code), set the "
                "options, predict and submit.")
        return
    names = labels()
    st.subheader("What the class chose")
    counts = lever_counts_in_words(report.lever_counts(summary))
    most = counts.sort_values("students", ascending=False, kind="stable").drop_duplicates("lever")
    st.altair_chart(lever_counts_chart(counts, font), key="room_levers",
                    alt=f"How many of {summary.count} submissions chose each level of each option; the most chosen: "
                        + "; ".join(f"{lever}: {level}" for lever, level in zip(most["lever"], most["level"])))
    with st.expander("The choices as a table"):
        st.dataframe(lever_counts_table(counts), width="stretch")

    st.subheader("Where the class's options lead")
    shown = st.selectbox("Response", list(INDICATORS), index=list(INDICATORS).index("escalation_risk"),
                         format_func=names.get, key="room_outcome")
    frame = report.outcomes(rows, shown)
    st.altair_chart(outcomes_chart(frame, names[shown], font), key="room_outcomes", alt=(
        f"{names[shown]} month by month for each of {len(rows)} submissions (thin lines) and the class median (thick)."))
    st.caption("Each thin line is one submission, run through the model; the thick line is the class median.")
    with st.expander("The paths as a table"):
        st.dataframe(outcomes_table(frame), width="stretch")

    st.subheader("Predictions against the model")
    versus = report.predictions_against_model(rows)
    st.altair_chart(predictions_chart(predictions_in_words(versus, names), font), key="room_predictions_chart",
                    alt="Share of the class predicting each response rises, beside the share of their scenarios in "
                        "which the model has it rise.")
    st.caption(f"Against no new US action, at month {PREDICTION_MONTH} (or the end of a shorter run).")
    with st.expander("The predictions as a table"):
        st.dataframe(versus.assign(response=versus["response"].map(names)), hide_index=True, width="stretch")
    if projector:
        return
    short = response_labels(short=True)
    st.dataframe(pd.DataFrame({
        "student": report.student_labels(rows),
        "options": [dashboard_link(row.scenario) for row in rows],
        "submitted (UTC)": [row.submitted_at.strftime("%H:%M:%S") for row in rows],
        "agrees with the model": [f"{report.agreement(row)} of {len(RESPONSES)}" for row in rows],
        "predicted to rise": [", ".join(short[n] for n in row.predictions) or "none" for row in rows],
        "the model has rising": [", ".join(short[n] for n in report.model_rises(row.scenario)) or "none"
                                 for row in rows],
    }), hide_index=True, width="stretch", column_config={"options": st.column_config.LinkColumn(
        "options", display_text="open on the Dashboard", help="This submission's options on the Dashboard page")})
    st.download_button("Download all submissions (CSV)", lambda: report.to_csv(rows), f"room-{code}.csv",
                       mime="text/csv", key="room_csv", icon=":material/download:")  # built when clicked


def manage(store: RoomStore, room, key: str) -> None:
    st.header("Manage the room")
    lock, remove = st.columns(2)
    if not room.closed and lock.toggle("Locked: no new students", value=room.locked, key="room_locked",
                                       help="Those who have submitted may still change their submission. "
                                            "Lock the room once the class is in, so no one else can fill it.") != room.locked:
        act(lambda: store.lock(room.code, key, not room.locked), "The room is locked." if not room.locked else
            "The room takes new students again.")
        st.rerun()
    with remove.popover("Remove a submission", icon=":material/person_remove:", key="room_remove_open",
                        on_change="rerun"):
        remove_submission(store, room, key)
    close, delete = st.columns(2)
    if not room.closed and close.button("Close the room", key="room_close",
                                        help="Stop taking submissions; you keep this view and the download."):
        act(lambda: store.close(room.code, key), "The room is closed.")
        st.rerun()
    if close.button("Leave the instructor's view on this browser", key="room_leave",
                    help="On a shared computer: this browser forgets the key (your saved link still opens the view)."):
        st.session_state.get(KEYS, {}).pop(room.code, None)
        st.session_state[FORGET] = room.code
        st.rerun()
    sure = delete.checkbox("Yes, delete the room and every submission", key="room_delete_sure")
    if delete.button("Delete the room", type="primary", disabled=not sure, key="room_delete"):
        act(lambda: store.delete(room.code, key), f"Room {room.code} and its submissions are deleted.")
        st.session_state.get(KEYS, {}).pop(room.code, None)
        st.session_state[FORGET] = room.code  # and this browser's cookie
        st.query_params.pop("room", None)
        st.rerun()


def remove_submission(store: RoomStore, room, key: str) -> None:
    """Pick one submission (say, one a script sent) and remove it."""
    rows = store.submissions(room.code, key)
    if not rows:
        st.caption("No submissions yet.")
        return
    labels = dict(zip((row.student_id for row in rows), report.student_labels(rows)))
    chosen = st.selectbox("Submission", list(labels), format_func=labels.get, key="room_remove_which",
                          help="As named in the table of submissions above.")
    if st.button("Remove it", key="room_remove", type="primary"):
        act(lambda: store.remove_submission(room.code, key, chosen), f"Removed {plain(labels[chosen])}.")
        st.rerun()


def act(action, message: str) -> None:
    try:
        action()
    except RoomError as exc:
        st.error(plain(exc))
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
