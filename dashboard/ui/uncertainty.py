"""The Uncertainty and Sweep tabs: bands from many draws, the tornado, the lever sweep."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
import streamlit as st

from dashboard.charts.trajectories import THEATRES
from dashboard.charts.uncertainty import fan_chart, sweep_chart, tornado_chart
from dashboard.model import LEVER_LEVELS, RESPONSES, DEFAULT_SCENARIO, shipped_rules
from dashboard.model.ensemble import DEFAULT_DRAWS, DEFAULT_SEED, MAX_DRAWS, PERCENTILES, ensemble, sensitivity, sweep
from dashboard.model.indicators import INDICATORS
from dashboard.ui import address, chart_specs
from dashboard.ui.content import labels

SWEEP_DRAWS = 500
SWEEP_LEVERS = [lever for lever in LEVER_LEVELS if lever != "lens"]
DISTRIBUTION = ("Each draw takes every rule's size from a triangular distribution over its low, central and high "
                "values — one quantile per rule, so a rule's effects move together; rules vary independently. "
                "Starting values, baselines and pull rates stay central.")


def choices() -> dict:
    """This module's link parameters and their allowed values."""
    return {"draws": range(1, MAX_DRAWS + 1), "seed": range(0, 10**9), "risk_at": range(0, 101),
            "sens": list(RESPONSES), "sweep_x": SWEEP_LEVERS, "sweep_y": SWEEP_LEVERS, "sweep_of": list(RESPONSES)}


def defaults() -> dict:
    return {"draws": DEFAULT_DRAWS, "seed": DEFAULT_SEED, "risk_at": 50, "sens": "escalation_risk",
            "sweep_x": "sanctions", "sweep_y": "jcpoa", "sweep_of": "escalation_risk"}


def _bands_frame(runs, names: dict[str, str], month: int) -> pd.DataFrame:
    bands = runs.bands()
    theatre_of = {name: theatre for theatre, members in THEATRES.items() for name in members}
    rows = []
    for name in RESPONSES:
        i = INDICATORS.index(name)
        for m in range(bands.shape[0]):
            rows.append((m, name, names[name], theatre_of[name], *(round(float(v), 2) for v in bands[m, i]), m == month))
    return pd.DataFrame(rows, columns=["month", "indicator", "response", "theatre",
                                       *(f"p{p}" for p in PERCENTILES), "shown"])


def _sample_bands() -> pd.DataFrame:
    return _bands_frame(ensemble(DEFAULT_SCENARIO, 50, 0), labels(), 1)


chart_specs.register("fan_chart", fan_chart, _sample_bands)


def _number(label: str, key: str, low: int, high: int, step: int, help: str) -> int:
    return int(st.number_input(label, low, high, value=defaults()[key], step=step, key=key, bind="query-params", help=help))


def _titled_select(label: str, key: str, options: list[str], names: dict[str, str]) -> str:
    address.read(key, options)
    value = st.selectbox(label, options, index=options.index(defaults()[key]), format_func=names.get, key=key)
    address.write(key, value, defaults()[key])
    return value


def _custom(book):
    """None for the shipped rules (whose draws are cached for everyone), else the session's own."""
    return None if book == shipped_rules() else book


def uncertainty(scenario, baseline_scenario, baseline_name: str, month: int, book) -> None:
    names = labels()
    left, middle, right = st.columns([1, 1, 2])
    with left:
        draws = _number("Draws", "draws", 1, MAX_DRAWS, 100, "How many runs, each with every rule's size drawn within its range.")
    with middle:
        seed = _number("Seed", "seed", 0, 10**9 - 1, 1, "The same seed gives the same draws, and so the same bands.")
    with right:
        st.caption(f"**{draws:,} draws, seed {seed}** — part of the share link, so anyone who opens it sees these "
                   f"same bands. {DISTRIBUTION}")
    runs = ensemble(scenario, draws, seed, rules=_custom(book))
    base_runs = ensemble(baseline_scenario, draws, seed, rules=_custom(book))

    threshold = st.slider("Escalation risk threshold", 0, 100, value=defaults()["risk_at"], key="risk_at",
                          bind="query-params", help="For the sentence below: how often the risk passes this level.")
    passes = runs.share_above("escalation_risk", threshold, month)
    st.markdown(f"**In {round(passes * 10)} of 10 draws** escalation risk passes {threshold} by month {month} "
                f"({passes:.0%} of {draws:,}).")

    table = []
    bands = runs.bands()
    for name in RESPONSES:
        i = INDICATORS.index(name)
        higher = runs.share_higher(base_runs, name, month)
        table.append({"response": names[name], "p10": round(float(bands[month, i, 0]), 1),
                      "p50": round(float(bands[month, i, 1]), 1), "p90": round(float(bands[month, i, 2]), 1),
                      f"higher than {baseline_name}": f"{round(higher * 10)} of 10 draws"})
    st.markdown(f"**Month {month}**: the middle 80 % of draws lies between p10 and p90.")
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")

    st.subheader("Bands over time")
    st.caption("Shaded: 10–90 % of draws. Line: the median draw. The grey marker is the month shown.")
    frame = _bands_frame(runs, names, month)
    chart_specs.draw("fan_chart", frame, f"Bands of {draws} draws by theatre: the 10 to 90 percent range and the median. "
                     "At month " + str(month) + ": " + "; ".join(f"{r['response']} {r['p10']}–{r['p90']}" for r in table))
    with st.expander("The bands as a table"):
        st.dataframe(frame.drop(columns=["indicator", "theatre", "shown"]), hide_index=True, width="stretch")

    st.subheader("Which assumptions matter most")
    outcome = _titled_select("Outcome", "sens", list(RESPONSES), names)
    swings = _tornado(scenario, outcome, month, book)[:12]
    if not swings:
        st.info("No rule's range moves this outcome at this month.")
        return
    rules = book.by_id()
    frame = pd.DataFrame([{"rule": s.rule, "title": rules[s.rule].title, "low": round(s.low, 2), "high": round(s.high, 2),
                           "central": round(s.central, 2)} for s in swings])
    st.caption(f"{names[outcome]} at month {month}: each bar runs from the value with one rule at the low end of its "
               "range to the value with it at the high end (orange tick), all other rules central. Widest first.")
    chart = tornado_chart(frame, names[outcome])
    st.altair_chart(chart, width="stretch", key="tornado_chart", alt=f"Tornado of the rules that move {names[outcome]} "
                    "most: " + "; ".join(f"{r.title} from {r.low:.1f} to {r.high:.1f}" for r in frame.itertuples()))
    with st.expander("The tornado as a table"):
        st.dataframe(frame, hide_index=True, width="stretch")
    chart_specs.save_buttons("tornado_chart", chart.to_dict)


@lru_cache(maxsize=64)
def _tornado(scenario, outcome: str, month: int, book):
    return sensitivity(scenario, outcome, month, book)


@lru_cache(maxsize=64)
def _sweep(scenario, lever_x: str, lever_y: str, outcome: str, month: int, seed: int, book):
    return sweep(scenario, lever_x, lever_y, outcome, month, draws=SWEEP_DRAWS, seed=seed, rules=book)


def lever_sweep(scenario, month: int, book) -> None:
    names = labels()
    left, middle, right = st.columns(3)
    with left:
        lever_x = st.selectbox("Across", SWEEP_LEVERS, index=SWEEP_LEVERS.index(defaults()["sweep_x"]), key="sweep_x",
                               bind="query-params")
    with middle:
        lever_y = st.selectbox("Down", SWEEP_LEVERS, index=SWEEP_LEVERS.index(defaults()["sweep_y"]), key="sweep_y",
                               bind="query-params")
    with right:
        outcome = _titled_select("Outcome", "sweep_of", list(RESPONSES), names)
    if lever_x == lever_y:
        st.warning("Choose two different levers.")
        return
    seed = int(st.session_state.get("seed", DEFAULT_SEED))
    rows = _sweep(scenario, lever_x, lever_y, outcome, month, seed, book)
    current = scenario.levels()
    frame = pd.DataFrame(rows)
    frame[lever_x] = frame[lever_x].astype(str).str.lower()
    frame[lever_y] = frame[lever_y].astype(str).str.lower()
    frame["current"] = (frame[lever_x] == str(current[lever_x]).lower()) & (frame[lever_y] == str(current[lever_y]).lower())
    best = frame.loc[frame["p50"].idxmin()]
    worst = frame.loc[frame["p50"].idxmax()]
    st.markdown(f"**{names[outcome]} at month {month}**, median of {SWEEP_DRAWS} draws (seed {seed}) for every "
                f"combination, the other options as you set them. Lowest: **{lever_x}={best[lever_x]}, "
                f"{lever_y}={best[lever_y]}** ({best['p50']:.0f}); highest: {lever_x}={worst[lever_x]}, "
                f"{lever_y}={worst[lever_y]} ({worst['p50']:.0f}). Your current combination is outlined.")
    chart = sweep_chart(frame, lever_x, lever_y, list(LEVER_LEVELS[lever_x]), list(LEVER_LEVELS[lever_y]), names[outcome])
    st.altair_chart(chart, width="stretch", key="sweep_chart", alt=f"Heatmap of {names[outcome]} over {lever_x} and "
                    f"{lever_y}; lowest at {lever_x}={best[lever_x]}, {lever_y}={best[lever_y]}.")
    chart_specs.save_buttons("sweep_chart", chart.to_dict)
    with st.expander("The sweep as a table"):
        st.dataframe(frame.drop(columns="current").round(1), hide_index=True, width="stretch")
