"""The dashboard page: levers in the sidebar, the model's answer in the main area.

The page holds no model logic: it reads the widgets, calls the model and the chart
functions, and draws what they return.
"""

from __future__ import annotations

import streamlit as st

from dashboard.model import RESPONSES, simulate
from dashboard.model.baselines import BASELINES, baseline_for
from dashboard.model.explain import exchanges, in_a_sentence
from dashboard.ui import panels
from dashboard.ui.content import labels
from dashboard.ui.sidebar import render_levers

# Responses where a rise is good news for the US are shown with normal delta colours;
# for the rest (attacks, risk, nuclear advance...) a rise is shown in red.
RISE_IS_GOOD = {"gulf_alignment"}
TABS = ["Responses over time", "Escalation", "Regional map", "Why", "Rules", "About the model"]


def main() -> None:
    st.set_page_config(page_title="US–Iran policy options", page_icon="🧭", layout="wide")
    scenario = render_levers()

    st.title("US–Iran policy options")
    st.caption("Move the US options in the sidebar; the model shows how Iran, its partners and the region respond, "
               "month by month. Every number comes from a rule you can read in the **Rules** tab.")

    left, right = st.columns([3, 2])
    if st.session_state.get("month", 0) > scenario.months:  # the horizon shrank under the marker
        st.session_state["month"] = scenario.months
    with left:
        month = st.slider("Month shown", 1, scenario.months, value=min(12, scenario.months), key="month",
                          help="The month the headline figures, map and 'why' panel read; the marker on the charts.")
    with right:
        baseline_kind = st.radio("Compare with", list(BASELINES), format_func=BASELINES.get, key="baseline",
                                 horizontal=True, help="The baseline keeps your lens and horizon; only the options differ.")

    result = simulate(scenario)
    baseline = simulate(baseline_for(scenario, baseline_kind))

    with st.container(border=True):
        st.markdown("**In a sentence.** " + in_a_sentence(result, baseline, month, BASELINES[baseline_kind].lower()))

    headline(result, baseline, month)

    names = labels()
    tabs = st.tabs(TABS)
    with tabs[0]:
        panels.responses_over_time(result, baseline, month, names)
    with tabs[1]:
        panels.escalation(result, baseline, month, exchanges(result), names)
    with tabs[2]:
        panels.regional(result, month)
    with tabs[3]:
        panels.why(result, month, names)
    with tabs[4]:
        panels.rules_table()
    with tabs[5]:
        panels.about()


def headline(result, baseline, month: int) -> None:
    """One metric card per response: its value at the chosen month and the change against the baseline."""
    names = labels()
    now, then = result.at(month), baseline.at(month)
    for row in (RESPONSES[:5], RESPONSES[5:]):
        for column, name in zip(st.columns(len(row)), row):
            column.metric(
                names[name], f"{now[name]:.1f}", delta=f"{now[name] - then[name]:+.1f}",
                delta_color="normal" if name in RISE_IS_GOOD else "inverse",
                help=f"Index 0–100 at month {month}; the change is against the baseline.", border=True,
            )
