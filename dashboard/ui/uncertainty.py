"""The Uncertainty and Sweep tabs: bands from many draws, the tornado, the lever sweep."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts.uncertainty import (
    ONE_SIDE,
    bands_frame,
    colour_domain,
    fan_chart,
    sweep_chart,
    tornado_chart,
    tornado_frame,
)
from dashboard.model import DEFAULT_SCENARIO, LEVER_LEVELS, RESPONSES, shipped_parameters, shipped_rules
from dashboard.model.ensemble import DEFAULT_SEED, MAX_DRAWS, ensemble, sensitivity, sweep
from dashboard.model.labels import level_label, lever_label, setting
from dashboard.model.links import whole_number
from dashboard.model.versions import parameters_for
from dashboard.ui import address, chart_specs, link_params
from dashboard.ui.content import labels
from dashboard.ui.costly import sweep_refused, uncertainty_refused
from dashboard.ui.session_cache import shared_for_shipped

SWEEP_DRAWS = 500
SWEEP_LEVERS = link_params.SWEEP_LEVERS
DISTRIBUTION = ("Each draw varies every assumption within its low–high range (most often near its central value): "
                "each rule's size (a rule's effects move together; rules vary independently of each other); where "
                "each response starts, the level it settles back to when nothing pushes it, and how fast it gets "
                "there; and how far force deters — a weight between the two lenses' views, drawn from the range of "
                "the lens you chose, so each lens allows a little of the other's mechanism. Chance events, such as "
                "an attack that kills Americans, happen or not in each draw and month, so a cycle of strikes can "
                "die out or spiral by chance; the single run on the other tabs counts their average effect instead.")
ZOOM_KEY = "sweep_zoom"  # the link holds "true" when the sweep's colours are zoomed to its cells


def choices() -> dict:
    """This module's link parameters and their allowed values (declared in link_params)."""
    return {**link_params.choices("Uncertainty"), **link_params.choices("Sweep")}


def defaults() -> dict:
    return {**link_params.defaults("Uncertainty"), **link_params.defaults("Sweep")}


def _sample_bands() -> pd.DataFrame:
    return bands_frame(ensemble(DEFAULT_SCENARIO, 50, 0), labels(), 1)


chart_specs.register("fan_chart", fan_chart, _sample_bands)


def _number(label: str, key: str, low: int, high: int, step: int, help: str) -> int:
    # Kept in step with the link here, not bound: Streamlit's own reading of a bound number
    # input fails on a link such as ?seed=1e400 (an infinity), before the page can refuse it.
    if key not in st.session_state:
        given = whole_number(st.query_params.get(key, ""))
        st.session_state[key] = given if given is not None and low <= given <= high else defaults()[key]
    value = int(st.number_input(label, low, high, step=step, key=key, help=help))
    address.write(key, str(value), str(defaults()[key]))
    return value


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
        draws = _number("Draws", "draws", 1, MAX_DRAWS, 100, "How many runs, each with every assumption drawn within its range.")
    with middle:
        seed = _number("Seed", "seed", 0, 10**9 - 1, 1, "The same seed gives the same draws, and so the same bands.")
    with right:
        st.caption(f"**{draws:,} draws, seed {seed}** — part of the share link, so anyone who opens it sees these "
                   f"same bands. {DISTRIBUTION}")
    if uncertainty_refused(book, scenario.months, draws):
        return
    runs = ensemble(scenario, draws, seed, rules=_custom(book), parameters=parameters_for(book))
    base_runs = ensemble(baseline_scenario, draws, seed, rules=_custom(book), parameters=parameters_for(book))

    threshold = st.slider("Escalation risk threshold", 0, 100, value=defaults()["risk_at"], key="risk_at",
                          bind="query-params", help="For the sentence below: how often the risk passes this level.")
    passes = runs.share_above("escalation_risk", threshold, month)
    st.markdown(f"**In {round(passes * 10)} of 10 draws** escalation risk passes {threshold} by month {month} "
                f"({passes:.0%} of {draws:,}).")
    if scenario.response_doctrine != "restraint" and month >= 3:
        quiet_from = month - month // 3
        quiet = runs.share_echo_died(quiet_from, month)
        st.markdown(f"**In {round(quiet * 10)} of 10 draws** the US makes no retaliatory strike in months "
                    f"{quiet_from}–{month} ({quiet:.0%}): who gets hurt, and when, is drawn, so the tit-for-tat "
                    "echo dies out by chance in some draws and keeps going in others.")

    table = [{"response": names[band.indicator], "p10": round(band.p10, 1), "p50": round(band.p50, 1),
              "p90": round(band.p90, 1), f"higher than {baseline_name}":
              f"{round(runs.share_higher(base_runs, band.indicator, month) * 10)} of 10 draws"}
             for band in runs.table(month)]
    st.markdown(f"**Month {month}**: the middle 80 % of draws lies between p10 and p90.")
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")

    st.header("Bands over time")
    st.caption("Shaded: 10–90 % of draws. Line: the median draw. The grey marker is the month shown.")
    frame = bands_frame(runs, names, month)
    chart_specs.draw("fan_chart", frame, f"Bands of {draws} draws by theatre: the 10 to 90 percent range and the median. "
                     "At month " + str(month) + ": " + "; ".join(f"{r['response']} {r['p10']}–{r['p90']}" for r in table))
    with st.expander("The bands as a table"):
        st.dataframe(frame.drop(columns=["indicator", "theatre", "shown"]), hide_index=True, width="stretch")

    st.header("Which assumptions matter most")
    outcome = _titled_select("Outcome", "sens", list(RESPONSES), names)
    swings = _tornado(scenario, outcome, month, book)[:12]
    if not swings:
        st.info("No assumption's range moves this outcome at this month.")
        return
    lens_range = shipped_parameters().deterrence[scenario.lens]
    frame = tornado_frame(swings, {rule.id: rule.title for rule in book.rules}, names, (lens_range.low, lens_range.high))
    st.caption(f"{names[outcome]} at month {month}: each bar runs from the value with one assumption at the low end of "
               "its range to the value with it at the high end (orange tick), everything else central (dashed line). "
               "An assumption is a rule's size, where a response starts, the level it settles back to, how fast it "
               "gets there, or how far force deters. Widest first.")
    one_side = frame[frame["centre"] == ONE_SIDE]
    if len(one_side):
        st.caption(f"{len(one_side)} of these bars (reddish purple) {'lies' if len(one_side) == 1 else 'lie'} to one side "
                   "of the central value. That happens when a "
                   "rule fires only once a response passes a threshold, when a response near 0 or 100 bends and so "
                   "answers the low and high ends unevenly, or when an assumption moves the outcome the same way at "
                   "both ends (a strike that comes earlier or later, say).")
    chart = tornado_chart(frame, names[outcome])
    st.altair_chart(chart, width="stretch", key="tornado_chart", alt=f"Tornado of the assumptions that move "
                    f"{names[outcome]} most: " + "; ".join(
                        f"{r.title} from {r.low:.1f} to {r.high:.1f}" + (" (to one side of the central value)"
                                                                         if r.centre == ONE_SIDE else "")
                        for r in frame.itertuples()) + f". Central value {frame['central'].iloc[0]:.1f}.")
    with st.expander("The tornado as a table"):
        st.dataframe(frame.drop(columns="rule").rename(columns={"title": "assumption", "centre": "the bar"}),
                     hide_index=True, width="stretch")
    chart_specs.save_buttons("tornado_chart", chart.to_dict)


@shared_for_shipped(maxsize=64)
def _tornado(scenario, outcome: str, month: int, book):
    return sensitivity(scenario, outcome, month, book, parameters_for(book))


@shared_for_shipped(maxsize=64)
def _sweep(scenario, lever_x: str, lever_y: str, outcome: str, month: int, seed: int, book):
    return sweep(scenario, lever_x, lever_y, outcome, month, draws=SWEEP_DRAWS, seed=seed, rules=book,
                 parameters=parameters_for(book))


def _zoom_toggle() -> bool:
    """The sweep's zoom, kept in step with the link here rather than bound: a bound toggle's
    value is True or False, which the share link would write as "True" (the link takes "true")."""
    widget = f"{ZOOM_KEY}_toggle"
    if widget not in st.session_state:
        st.session_state[widget] = st.query_params.get(ZOOM_KEY) == "true"
    zoom = st.toggle("Zoom the colours to the cells' range", key=widget,
                     help="Off: the colours span the whole 0–100 index, so small differences look small. On: they "
                          "span only the cells' own range, to tell close cells apart.")
    st.session_state[ZOOM_KEY] = "true" if zoom else "false"  # read by the share link
    address.write(ZOOM_KEY, st.session_state[ZOOM_KEY], defaults()[ZOOM_KEY])
    return zoom


def _lever_select(title: str, key: str) -> str:
    """A lever picked by its label; the link keeps its contract name (so not bound: a bound
    widget would write the label into the link)."""
    address.read(key, SWEEP_LEVERS)
    lever = st.selectbox(title, SWEEP_LEVERS, index=SWEEP_LEVERS.index(defaults()[key]), key=key,
                         format_func=lever_label)
    address.write(key, lever, defaults()[key])
    return lever


def lever_sweep(scenario, month: int, book) -> None:
    names = labels()
    left, middle, right = st.columns(3)
    with left:
        lever_x = _lever_select("Across", "sweep_x")
    with middle:
        lever_y = _lever_select("Down", "sweep_y")
    with right:
        outcome = _titled_select("Outcome", "sweep_of", list(RESPONSES), names)
    if lever_x == lever_y:
        st.warning("Choose two different levers.")
        return
    if sweep_refused(book, scenario.months, lever_x, lever_y, SWEEP_DRAWS):
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
                f"combination, the other options as you set them. Lowest: **{setting(lever_x, best[lever_x])}, "
                f"{setting(lever_y, best[lever_y])}** ({best['p50']:.1f}); highest: {setting(lever_x, worst[lever_x])}, "
                f"{setting(lever_y, worst[lever_y])} ({worst['p50']:.1f}). Your current combination is outlined.")
    zoom = _zoom_toggle()
    low, high = colour_domain(frame, zoom)
    spread = f"the cells run from {best['p50']:.1f} to {worst['p50']:.1f}, a spread of {worst['p50'] - best['p50']:.1f} points"
    scale = (f"Colours zoomed to the cells' range, {low:.1f}–{high:.1f} of the 0–100 index: {spread}, so the full "
             "contrast of colours stands for that spread alone." if zoom else
             f"Colours span the whole 0–100 index: {spread}. Zoom the colours to see small differences.")
    st.caption(scale)
    chart = sweep_chart(frame, lever_x, lever_y, list(LEVER_LEVELS[lever_x]), list(LEVER_LEVELS[lever_y]), names[outcome],
                        zoom=zoom)
    st.altair_chart(chart, width="stretch", key="sweep_chart", alt=f"Heatmap of {names[outcome]} over "
                    f"{lever_label(lever_x)} and {lever_label(lever_y)}; lowest at {setting(lever_x, best[lever_x])}, "
                    f"{setting(lever_y, best[lever_y])}. {scale}")
    chart_specs.save_buttons("sweep_chart", chart.to_dict)
    with st.expander("The sweep as a table"):
        table = frame.drop(columns="current").round(1)
        for lever in (lever_x, lever_y):
            table[lever] = [level_label(lever, value) for value in table[lever]]
        st.dataframe(table.rename(columns={lever_x: lever_label(lever_x), lever_y: lever_label(lever_y), "p10": "10 %",
                                           "p50": "median", "p90": "90 %"}), hide_index=True, width="stretch")
