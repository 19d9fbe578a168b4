"""The address bar as the page's memory.

Widgets whose shown labels are the link's values (the lever sliders, the tabs, the month)
are bound with ``bind="query-params"``. Streamlit writes a bound widget's *label* into the
link, so widgets that show titles but should write ids (``why=iraqi_backlash``,
``compare_b=article_recommendation``) are kept in step here instead: read from the link
before the widget is drawn, written back after.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence

import streamlit as st
from streamlit.errors import StreamlitAPIException

from dashboard.model.links import check_link
from dashboard.ui.link_params import VERSION
from dashboard.ui.text import plain_list

CHECKED = "link_checked_{}"
PROBLEMS = "link_problems_{}"


def check_once(page: str, choices: Mapping[str, Sequence[str] | range], with_levers: bool) -> None:
    """Once per session and page, before any widget: collect warnings about bad link
    parameters, move aliases to the levers they name, and drop names the page does not know."""
    if st.session_state.get(CHECKED.format(page)):
        return
    st.session_state[CHECKED.format(page)] = True
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    problems = []
    if with_levers and "rules" in params:  # custom rules travel as a token, checked on their own
        from dashboard.ui import rules_session

        token = params.pop("rules")
        problem = rules_session.from_link(token[-1]) if len(token) == 1 else "'rules' is given more than once; the shipped rules apply."
        if problem:
            problems.append(problem)
            del st.query_params["rules"]
    check = check_link(params, choices, with_levers=with_levers)
    if VERSION in choices:  # the rules version the link was made with: a notice, not a setting
        from dashboard.ui import version_link

        given = params.get(VERSION)
        version_link.remember(given[0] if given and VERSION not in check.rejected else None)
    for lever in check.aliased.values():
        if lever in check.levers:
            value = check.levers[lever]
            st.session_state[lever] = value == "true" if value in ("true", "false") else value
    for name in {*check.aliased, *check.rejected}:
        with contextlib.suppress(StreamlitAPIException):  # a bound widget drops its own bad value
            del st.query_params[name]  # else a bad, unknown or alias name would stay in the link
    st.session_state[PROBLEMS.format(page)] = problems + check.problems


def show_problems(page: str) -> None:
    key = PROBLEMS.format(page)
    problems = st.session_state.get(key)
    if problems:
        with st.container(border=True):
            st.warning("Some settings in this link could not be used; the rest of the link applies.\n\n" +
                       plain_list(problems))
            st.button("Dismiss", key="dismiss_link_problems", on_click=lambda: st.session_state.update({key: []}))


def read(key: str, choices: Sequence[str]) -> None:
    """Before the widget: take its value from the link the first time (if valid)."""
    if key not in st.session_state and st.query_params.get(key) in choices:
        st.session_state[key] = st.query_params[key]


def write(key: str, value: str, default: str) -> None:
    """After the widget: keep the link in step (a default value is left out)."""
    if value == default:
        st.query_params.pop(key, None)
    elif st.query_params.get(key) != value:
        st.query_params[key] = value
