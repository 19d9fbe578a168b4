"""The History page (``/history``): the replay of 2016–2025 against the record, and branches.

The model runs month by month under the US choices of the timeline (``data/timeline.yaml``);
the chart sets it against the observed record in real units where a fitted link exists. A
branch ("what if the US had not…") changes the options the user picks from a chosen month
on; the rest follows the timeline. Every setting lives in the link: ``branch=YYYY-MM``, the
branch's levers under their dashboard names, ``lens`` and ``response``.
"""

from __future__ import annotations

import html

import numpy as np
import pyarrow as pa
import streamlit as st

from dashboard.charts import replay as chart
from dashboard.model import INDICATORS, LEVER_LEVELS, RESPONSES, shipped_parameters
from dashboard.model.counterfactuals import counterfactuals
from dashboard.model.labels import level_label
from dashboard.model.observed import observed_for
from dashboard.model.replay import parse_branch, replay, replay_draws
from dashboard.model.timeline import TIMELINE_LEVERS, shipped_timeline
from dashboard.ui import address, chart_specs, history_scores
from dashboard.ui.content import labels, sources
from dashboard.ui.history_link import NO_BRANCH, PAGE, TIMELINE, check_link, choose, widget_key
from dashboard.ui.sidebar import GROUPS
from dashboard.ui.text import plain

BAND_DRAWS, BAND_SEED = 200, 1
LENS_WORDS = {"reciprocity": "reciprocity lens", "coercive_deterrence": "coercive-deterrence lens"}
LENS_CHOICES = {"reciprocity": "Reciprocity: force does not deter Iran (the article's view)",
                "coercive_deterrence": "Coercive deterrence: force deters (the view it argues against)"}
LEVER_SPECS = [spec for specs in GROUPS.values() for spec in specs if spec.key in TIMELINE_LEVERS]
SENTENCE_BOX = ("border: 1px solid rgba(128, 128, 128, 0.3); border-radius: 0.5rem; padding: 0.9rem 1rem; "
                "margin-bottom: 0.5rem; line-height: 1.6")


def months() -> list[str]:
    return shipped_timeline().months()


def branch_scenario(levers: dict[str, str]) -> dict[str, str | bool]:
    """Link spellings to a scenario mapping (booleans as JSON booleans), for parse_branch."""
    return {k: v == "true" if LEVER_LEVELS[k] == ("false", "true") else v for k, v in levers.items()}


@st.cache_data(max_entries=64, show_spinner=False)
def replay_table(lens: str, branch_month: str | None, levers: tuple[tuple[str, str], ...]) -> np.ndarray:
    """(months, indicators) of the replay, or of the branch when a month and levers are given."""
    branch = parse_branch(branch_month, branch_scenario(dict(levers)))[0] if branch_month and levers else None
    return np.array([[row[name] for name in INDICATORS] for row in replay(lens=lens, branch=branch).monthly])


@st.cache_resource(max_entries=2, show_spinner="Drawing the replay's uncertainty…")
def replay_ensemble(lens: str) -> np.ndarray:
    """(draws, months, indicators): shared by every session, read-only."""
    runs = replay_draws(lens, BAND_DRAWS, BAND_SEED)
    runs.flags.writeable = False
    return runs


def unit_link(response: str, lens: str):
    return shipped_parameters().indicators[response].link(lens)


@st.cache_data(max_entries=32, show_spinner=False)
def band(lens: str, response: str) -> tuple[np.ndarray, np.ndarray]:
    """The 10 % and 90 % of the draws, month by month, in units (each draw converted first)."""
    draws = chart.in_units(unit_link(response, lens), replay_ensemble(lens)[:, :, INDICATORS.index(response)])
    return np.quantile(draws, 0.1, axis=0), np.quantile(draws, 0.9, axis=0)


def apply_counterfactual() -> None:
    chosen = counterfactuals().get(st.session_state.get(widget_key("counterfactual")))
    if chosen is None:
        return
    st.session_state[widget_key("branch")] = chosen.branch
    for spec in LEVER_SPECS:
        st.session_state[widget_key(spec.key)] = chosen.link_levers().get(spec.key, TIMELINE)
    st.session_state[widget_key("counterfactual")] = None


def clear_branch() -> None:
    st.session_state[widget_key("branch")] = NO_BRANCH
    for spec in LEVER_SPECS:
        st.session_state[widget_key(spec.key)] = TIMELINE


def level_words(lever: str):
    """A format_func for a branch lever's options: "as in the timeline", then its levels in words."""
    return lambda level: "as in the timeline" if level == TIMELINE else level_label(lever, level)


def branch_controls() -> tuple[str | None, dict[str, str]]:
    """The sidebar: a classic counterfactual, the branch month, and the options it changes."""
    with st.sidebar:
        st.header("Branch: what if…")
        st.selectbox("Classic counterfactuals", list(counterfactuals()), index=None, key=widget_key("counterfactual"),
                     format_func=lambda c: counterfactuals()[c].title, on_change=apply_counterfactual,
                     placeholder="Choose one…", help="Sets the branch month and the options below.")
        month = choose(st.selectbox, "Branch from", "branch", [NO_BRANCH, *months()], NO_BRANCH,
                       format_func=lambda m: "no branch" if m == NO_BRANCH else m,
                       help="From this month on, the options you change below replace the record.")
        st.caption("Options left *as in the timeline* follow the record; outside events (the Gaza war, the "
                   "Red Sea campaign, Israel's exchanges with Iran) still happen.")
        levers = {}
        for spec in LEVER_SPECS:
            options = [TIMELINE, *LEVER_LEVELS[spec.key]]
            value = choose(st.selectbox, spec.label, spec.key, options, TIMELINE, format_func=level_words(spec.key),
                           help=spec.help)
            if value != TIMELINE:
                levers[spec.key] = value
        st.button("Back to the plain replay", on_click=clear_branch, key=widget_key("clear_branch"), width="stretch")
    return (None if month == NO_BRANCH else month), levers


def main() -> None:
    check_link()
    st.title("History: the model against the record")
    st.caption("The model replayed month by month under the US choices as they were made, set against what was "
               "observed: **a model of one argument, not a forecast.** Each response is an index from 0 (none of "
               "the named thing) to 100 (the most the model allows); it is not a percentage. "
               + history_scores.units_words())
    address.show_problems(PAGE)
    names = labels()
    controls = st.container(horizontal=True, vertical_alignment="bottom", gap="medium")
    with controls:
        response = choose(st.selectbox, "Response", "response", list(RESPONSES), RESPONSES[0], format_func=names.get,
                          width=380)
        lens = choose(st.radio, "Assumption lens", "lens", list(LENS_CHOICES), "reciprocity",
                      format_func=LENS_CHOICES.get, horizontal=True)
    month, levers = branch_controls()
    draw_history(response, lens, month, levers, names[response])
    history_scores.backtest_section(lens)


def drawn_record(response: str, lens: str) -> list:
    """The observed series drawn on the chart: the one the response's unit link is fitted to."""
    link = unit_link(response, lens)
    return [s for s in observed_for(response) if link and link.series in (s.file, s.file.removesuffix(".csv"))]


@st.cache_data(max_entries=32, show_spinner=False)
def replay_frame(lens: str, response: str) -> pa.Table:
    """The chart's rows that no branch changes: the band, the replay, the record, the events.
    As Arrow, so a rerun adds the branch's rows without converting these again."""
    low, high = band(lens, response)
    replay_units = chart.in_units(unit_link(response, lens), replay_table(lens, None, ())[:, INDICATORS.index(response)])
    return pa.Table.from_pandas(chart.history_frame([
        chart.band_rows(months(), low, high), chart.model_rows(months(), replay_units, chart.REPLAY),
        chart.observed_rows(drawn_record(response, lens)),
        chart.event_rows(shipped_timeline().events(), {k: v.get("url", k) for k, v in sources().items()})]),
        preserve_index=False)


def draw_history(response: str, lens: str, month: str | None, levers: dict[str, str], label: str) -> None:
    link, position, all_months = unit_link(response, lens), INDICATORS.index(response), months()
    frame = replay_frame(lens, response)
    branched = bool(month and levers)
    if branched:
        replay_units = chart.in_units(link, replay_table(lens, None, ())[:, position])
        branch_units = chart.in_units(link, replay_table(lens, month, tuple(sorted(levers.items())))[:, position])
        frame = pa.concat_tables([frame, chart.branch_table(all_months, branch_units, month, frame.schema)])
    y_title = link.unit if link else chart.INDEX_TITLE
    name = f"history_{response}"
    chart_specs.register(name, lambda sample: chart.history_chart(sample, y_title), chart.sample_frame)
    chart_specs.draw(name, frame, f"{label}: the model's replay 2016–2025"
                     + (f" and the branch from {month}" if branched else "") + ", against the observed record.")
    if branched:
        sentence = chart.difference_sentence(label, all_months, replay_units, branch_units, month,
                                             link.unit if link else None, bool(link and link.form == "stock"),
                                             LENS_WORDS[lens])
        st.markdown(f'<div style="{SENTENCE_BOX}"><b>The branch.</b> {html.escape(sentence, quote=False)}</div>',
                    unsafe_allow_html=True)
        preset_note(month, levers)
    elif month:
        st.info("Change at least one option in the sidebar for the branch to differ from the replay.")
    elif levers:
        st.info("Choose a month to branch from in the sidebar: the options you changed apply from that month on.")
    history_scores.about_the_chart(response, link, drawn_record(response, lens), lens)


def preset_note(month: str, levers: dict[str, str]) -> None:
    """The note and discussion question of the classic counterfactual now on screen, if any."""
    for one in counterfactuals().values():
        if one.branch == month and one.link_levers() == levers:
            st.markdown(f"**{plain(one.title)}.** {plain(one.note)}\n\n*For discussion:* {plain(one.question)}")
