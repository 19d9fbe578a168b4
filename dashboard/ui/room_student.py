"""A student in a classroom room: set the options, predict, submit; then the model's answer.

Made for a phone held in one hand: the levers, the predictions and the submit button are in
the main column, one under the other (no sidebar to find). Students see only their own
submission. The page around it is ``dashboard.ui.rooms``.
"""

from __future__ import annotations

import uuid

import streamlit as st

from dashboard.model import DEFAULT_SCENARIO, RESPONSES, InputError, Scenario
from dashboard.model.labels import response_labels, setting
from dashboard.model.predictions import prediction_month
from dashboard.rooms import RoomError, RoomStore, report
from dashboard.rooms.limits import SUBMIT_LIMITS
from dashboard.ui import notices
from dashboard.ui.content import labels
from dashboard.ui.room_shared import allowed, dashboard_link
from dashboard.ui.seminar import show_verdicts
from dashboard.ui.sidebar import GROUPS
from dashboard.ui.sidebar import _widget as lever_widget  # the sidebar's widget, drawn in the main column
from dashboard.ui.text import plain


def student_id() -> str:
    """This session's id in rooms: made here, never taken from the link or a form."""
    return st.session_state.setdefault("room_student_id", uuid.uuid4().hex)


def levers() -> Scenario:
    """The levers in the main column, a box per group (side by side on a wide screen, one under
    the other on a phone). The same widgets, keys and link names as the Dashboard's sidebar."""
    values = {}
    for column, (group, specs) in zip(st.columns(len(GROUPS)), GROUPS.items()):
        with column.container(border=True):
            st.markdown(f"**{group}**")
            for spec in specs:
                values[spec.key] = lever_widget(spec)
    return Scenario(**values)


def student_view(store: RoomStore, room) -> None:
    st.title(f"Room {room.code}: {plain(room.title)}")
    if room.closed:
        st.warning("The instructor has closed this room: it no longer takes submissions.")
    elif room.locked:
        st.info("The instructor has locked this room: it takes no new students; if you have submitted, "
                "you may still change your submission.")
    st.header("1 · Set the US options")
    scenario = levers()
    st.caption(f"Now: {describe(scenario)}.")
    names = labels()
    month = prediction_month(scenario)
    st.header("2 · Predict")
    st.markdown(f"Compared with **no new US action**, which responses will be **higher after {month} months**?")
    predicted = st.pills("We expect these to rise", list(RESPONSES), selection_mode="multi", format_func=names.get,
                         key="room_predictions")
    st.header("3 · Submit")
    group = st.text_input("Group name (optional)", max_chars=40, key="room_group",
                          help="Shown to the instructor beside your submission.")
    if st.button("Submit to the room", type="primary", disabled=room.closed, key="room_submit", width="stretch"):
        submit(store, room.code, scenario, group, predicted or [])
    st.caption("You can change your mind and submit again; the latest counts. "
               "Instructor? Open your private instructor link again to see the class.")
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
    """The options that differ from the status quo, in words ("Strikes in Iraq: repeated")."""
    default = DEFAULT_SCENARIO.levels()
    changed = [setting(lever, value) for lever, value in scenario.levels().items() if value != default[lever]]
    return "; ".join(changed) if changed else "the status quo of early 2021"


def reveal(row, names: dict[str, str]) -> None:
    st.header("Your submission, and the model's answer")
    notices.contradictions(row.scenario)
    show_verdicts(report.changes_against_no_action(row.scenario), set(row.predictions), response_labels(short=True),
                  column="You", headline="You and the model agree on", narrow=True)
    st.caption(f"Submitted {row.submitted_at:%H:%M:%S} UTC{' as ' + plain(row.group) if row.group else ''}: "
               f"{plain(describe(row.scenario))}. [See why on the Dashboard]({dashboard_link(row.scenario)}), "
               "with these options.")
