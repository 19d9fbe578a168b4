"""The dashboard page: levers in the sidebar, the model's answer in the main area.

The page holds no model logic: it reads the widgets, calls the model and the chart
functions, and draws what they return. Every setting lives in the address bar.
"""

from __future__ import annotations

import streamlit as st

from dashboard.model import RESPONSES, shipped_parameters, simulate
from dashboard.model.baselines import BASELINES, IN_A_SENTENCE, baseline_for
from dashboard.model.explain import exchanges, in_a_sentence
from dashboard.model.links import check_link, lever_choices, share_query
from dashboard.ui import panels
from dashboard.ui.content import labels
from dashboard.ui.sidebar import render_levers

# Responses where a rise is good news for the US are shown with normal delta colours;
# for the rest (attacks, risk, nuclear advance...) a rise is shown in red.
RISE_IS_GOOD = {"gulf_alignment"}
TABS = ["Over time", "Escalation", "Map", "Why", "Compare", "Rules", "About"]
DEFAULT_MONTH = 12
LINK_PROBLEMS = "link_problems"


def page_choices(months: int) -> dict:
    """The page's own link parameters and their allowed values (levers are checked apart)."""
    return {"month": range(1, months + 1), "baseline": list(BASELINES), "tab": TABS, "why": list(RESPONSES),
            **panels.compare_choices()}


def check_address_bar() -> None:
    """Once per session, before any widget: warn about bad link parameters, resolve aliases."""
    if LINK_PROBLEMS in st.session_state:
        return
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    months = params.get("months", [""])[0]
    horizon = int(months) if months.isdigit() and 1 <= int(months) <= 36 else 24
    check = check_link(params, page_choices(horizon))
    for alias, lever in check.aliased.items():
        if lever in check.levers:
            value = check.levers[lever]
            st.session_state[lever] = value == "true" if value in ("true", "false") else value
    known = {*lever_choices(), *page_choices(horizon)}
    for name in params:
        if name in check.aliased or name not in known:
            del st.query_params[name]  # else an alias or unknown name would stay in the link
    st.session_state[LINK_PROBLEMS] = check.problems


def main() -> None:
    st.set_page_config(page_title="US–Iran policy options", page_icon="🧭", layout="wide")
    check_address_bar()
    scenario = render_levers()

    st.title("US–Iran policy options")
    st.caption("Move the US options in the sidebar; the model shows how Iran, its partners and the region respond, "
               "month by month. Every number comes from a rule you can read in the **Rules** tab.")
    problems = st.session_state.get(LINK_PROBLEMS)
    if problems:
        with st.container(border=True):
            st.warning("Some settings in this link could not be used; the rest of the link applies.\n\n" +
                       "\n".join(f"- {p}" for p in problems))
            st.button("Dismiss", key="dismiss_link_problems", on_click=lambda: st.session_state.update({LINK_PROBLEMS: []}))

    left, middle, right = st.columns([6, 4, 1.3], vertical_alignment="bottom")
    if st.session_state.get("month", 0) > scenario.months:  # the horizon shrank under the marker
        st.session_state["month"] = scenario.months
    with left:
        month = st.slider("Month shown", 1, scenario.months, value=min(DEFAULT_MONTH, scenario.months), key="month",
                          bind="query-params",
                          help="The month the headline figures, map and 'why' panel read; the marker on the charts.")
    with middle:
        baseline_kind = st.radio("Compare with", list(BASELINES), format_func=BASELINES.get, key="baseline",
                                 horizontal=True, bind="query-params",
                                 help="The baseline keeps your lens and horizon; only the options differ.")

    result = simulate(scenario)
    baseline = simulate(baseline_for(scenario, baseline_kind))
    with right:
        share_popover(scenario)

    with st.container(border=True):
        st.markdown("**In a sentence.** " + in_a_sentence(result, baseline, month, IN_A_SENTENCE[baseline_kind]))

    headline(result, baseline, month)

    # Only the open tab is computed (binding the tabs to the link makes them lazy).
    names = labels()
    draw = {
        "Over time": lambda: panels.responses_over_time(result, baseline, month, names),
        "Escalation": lambda: panels.escalation(result, baseline, month, exchanges(result), names),
        "Map": lambda: panels.regional(result, month),
        "Why": lambda: panels.why(result, month, names),
        "Compare": lambda: panels.compare(scenario, month, names),
        "Rules": panels.rules_table,
        "About": panels.about,
    }
    for tab, name in zip(st.tabs(TABS, key="tab", bind="query-params"), TABS):
        if tab.open:
            with tab:
                draw[name]()


def share_popover(scenario) -> None:
    with st.popover("Share", icon=":material/link:", width="stretch"):
        page_state = {"month": st.session_state.get("month"), "baseline": st.session_state.get("baseline"),
                      "tab": st.session_state.get("tab"), "why": st.session_state.get("why"),
                      **{k: st.session_state.get(k) for k in panels.compare_choices()}}
        defaults = {"month": DEFAULT_MONTH, "baseline": next(iter(BASELINES)), "tab": TABS[0], "why": RESPONSES[0],
                    **panels.compare_defaults()}
        query = share_query(scenario, {k: v for k, v in page_state.items() if v is not None}, defaults)
        base = (st.context.url or "").split("?")[0]
        st.markdown("**Share this exact view.** Copy the link with the icon on its right; opening it shows the same "
                    "options, lens, month, baseline and tab.")
        st.code(f"{base}?{query}" if query else base, language=None, wrap_lines=True)
        st.download_button("Download results (CSV)", lambda: panels.results_csv(scenario), "results.csv",
                           mime="text/csv", key="download_results", width="stretch",
                           help="Every indicator by month for these options.")


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
