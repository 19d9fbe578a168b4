"""A student in a classroom room: set the options, predict, submit; then the model's answer.

Students see only their own submission. The page around it is ``dashboard.ui.rooms``.
"""

from __future__ import annotations

import uuid

import streamlit as st

from dashboard.model import DEFAULT_SCENARIO, RESPONSES, InputError
from dashboard.model.predictions import prediction_month
from dashboard.rooms import RoomError, RoomStore, report
from dashboard.rooms.limits import SUBMIT_LIMITS
from dashboard.ui import notices
from dashboard.ui.content import labels
from dashboard.ui.rooms import allowed, dashboard_link
from dashboard.ui.seminar import show_verdicts
from dashboard.ui.sidebar import render_levers
from dashboard.ui.text import plain


def student_id() -> str:
    """This session's id in rooms: made here, never taken from the link or a form."""
    return st.session_state.setdefault("room_student_id", uuid.uuid4().hex)


def student_view(store: RoomStore, room) -> None:
    scenario = render_levers()
    st.title(f"Room {room.code}: {plain(room.title)}")
    if room.closed:
        st.warning("The instructor has closed this room: it no longer takes submissions.")
    elif room.locked:
        st.info("The instructor has locked this room: it takes no new students; if you have submitted, "
                "you may still change your submission.")
    names = labels()
    month = prediction_month(scenario)
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
    if not allowed("room_submissions", SUBMIT_LIMITS, "submit", per_address="submit"):
        return
    try:
        row = store.submit(code, student_id(), scenario, group, predicted)
    except (RoomError, InputError) as exc:
        st.error(f"Not submitted: {plain(exc)}")
        return
    st.success(f"Submitted at {row.submitted_at:%H:%M:%S} UTC. The instructor sees your latest submission.")


def describe(scenario) -> str:
    changed = [f"{lever} {value}" for lever, value in scenario.levels().items()
               if value != DEFAULT_SCENARIO.levels()[lever]]
    return ", ".join(changed) if changed else "the status quo of early 2021"


def reveal(row, names: dict[str, str]) -> None:
    st.subheader("Your submission, and the model's answer")
    notices.contradictions(row.scenario)
    show_verdicts(report.changes_against_no_action(row.scenario), set(row.predictions), names,
                  column="you: rises", headline="You and the model agree on")
    st.caption(f"Submitted {row.submitted_at:%H:%M:%S} UTC{' as ' + plain(row.group) if row.group else ''}: "
               f"{describe(row.scenario)}. [See why on the Dashboard]({dashboard_link(row.scenario)}), "
               "with these options.")
