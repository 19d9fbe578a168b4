"""The dashboard page: levers in the sidebar, the model's answer in the main area.

The page holds no model logic: it reads the widgets, calls the model and the chart
functions, and draws what they return.
"""

from __future__ import annotations

import streamlit as st

from dashboard.model import RESPONSES, shipped_parameters, simulate
from dashboard.model.baselines import BASELINES, IN_A_SENTENCE, baseline_for
from dashboard.model.explain import exchanges, in_a_sentence
from dashboard.ui import panels
from dashboard.ui.content import labels
from dashboard.ui.sidebar import render_levers

# Responses where a rise is good news for the US are shown with normal delta colours;
# for the rest (attacks, risk, nuclear advance...) a rise is shown in red.
RISE_IS_GOOD = {"gulf_alignment"}


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
        st.markdown("**In a sentence.** " + in_a_sentence(result, baseline, month, IN_A_SENTENCE[baseline_kind]))

    headline(result, baseline, month)

    # Only the open tab is computed (on_change="rerun" makes the tabs lazy).
    names = labels()
    draw = {
        "Responses over time": lambda: panels.responses_over_time(result, baseline, month, names),
        "Escalation": lambda: panels.escalation(result, baseline, month, exchanges(result), names),
        "Regional map": lambda: panels.regional(result, month),
        "Why": lambda: panels.why(result, month, names),
        "Rules": panels.rules_table,
        "About the model": panels.about,
    }
    for tab, name in zip(st.tabs(list(draw), key="tab", on_change="rerun"), draw):
        if tab.open:
            with tab:
                draw[name]()


def headline(result, baseline, month: int) -> None:
    """One metric card per response: its value at the chosen month and the change against the baseline."""
    indicators = shipped_parameters().indicators
    now, then = result.at(month), baseline.at(month)
    for row in (RESPONSES[:5], RESPONSES[5:]):
        for column, name in zip(st.columns(len(row)), row):
            column.metric(
                indicators[name].short, f"{now[name]:.1f}", delta=f"{now[name] - then[name]:+.1f}",
                delta_color="normal" if name in RISE_IS_GOOD else "inverse", border=True,
                help=f"**{indicators[name].label}** at month {month}, against the baseline. "
                     f"Index 0–100: {indicators[name].meaning}.",
            )
