"""The History page's link: every setting in the address bar, read back with clear warnings.

``branch=YYYY-MM`` (a month of the timeline), the branch's levers under the dashboard's names
and levels (``strikes_iraq=none``, ``leadership_targeting=false``; the dashboard's short
aliases too), ``lens`` and ``response``. A lever left out follows the timeline. Each widget
reads its value from the link the first time and writes it back after; a bad value is
reported with the parameter's allowed values and left out.
"""

from __future__ import annotations

import re

import streamlit as st

from dashboard.model import LEVER_LEVELS, RESPONSES
from dashboard.model.links import ALIASES, Pattern
from dashboard.model.timeline import TIMELINE_LEVERS, shipped_timeline
from dashboard.ui import address

PAGE = "history"
TIMELINE, NO_BRANCH = "timeline", "none"  # a lever's first option (as it happened); no branch month


def widget_key(param: str) -> str:
    """The session key of the widget behind a link parameter. Prefixed: the dashboard's lever
    widgets use the bare names with other options, and a session keeps keys across pages."""
    return f"history_{param}"


def page_choices() -> dict:
    """The page's link parameters and their allowed values."""
    timeline = shipped_timeline()
    branch = Pattern("|".join(map(re.escape, timeline.months())),
                     f"a month YYYY-MM from {timeline.start} to {timeline.end} (leave it out for no branch)")
    return {"branch": branch, "response": list(RESPONSES), "lens": list(LEVER_LEVELS["lens"]),
            **{lever: list(LEVER_LEVELS[lever]) for lever in TIMELINE_LEVERS}}


def check_link() -> None:
    """Once per session, before any widget: aliases moved to the levers they name, then every
    parameter checked (``address.check_once``; ``address.show_problems`` shows the result)."""
    if st.session_state.get(address.CHECKED.format(PAGE)):
        return
    for alias, lever in ALIASES.items():
        if alias in st.query_params and lever not in st.query_params:
            st.query_params[lever] = st.query_params[alias]
            del st.query_params[alias]
    address.check_once(PAGE, page_choices(), with_levers=False)
    # links.check_link ends with "Using the default", naming the dashboard's default for a
    # lever; here a bad lever follows the timeline and a bad branch leaves the plain replay.
    fallbacks = {"branch": "The plain replay is shown.", **dict.fromkeys(TIMELINE_LEVERS, "It follows the timeline.")}
    key = address.PROBLEMS.format(PAGE)
    st.session_state[key] = [next((re.sub(r"Using the default( \([^)]*\))?\.$", fallback, problem)
                                   for name, fallback in fallbacks.items() if problem.startswith(f"'{name}")), problem)
                             for problem in st.session_state[key]]


def choose(widget, label: str, param: str, options: list[str], default: str, **kwargs) -> str:
    """A widget whose value the link holds under ``param``: read from the link the first time,
    written back after (a default value is left out of the link)."""
    key = widget_key(param)
    if key not in st.session_state and st.query_params.get(param) in options:
        st.session_state[key] = st.query_params[param]
    value = widget(label, options, key=key, **kwargs)
    if value == default:
        st.query_params.pop(param, None)
    elif st.query_params.get(param) != value:
        st.query_params[param] = value
    return value
