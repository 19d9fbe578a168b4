"""The History page's reading aids: what the chart's units and points are, and the back-test.

The back-test (``dashboard.model.backtest``) scores the replay out of sample: links and
parameters fitted on the record up to 2021, errors measured from 2022. A skill at or below
zero is shown and labelled, never hidden.
"""

from __future__ import annotations

import math

import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard.model import RESPONSES, shipped_parameters
from dashboard.model.labels import level_label
from dashboard.model.observed import observed_for
from dashboard.model.timeline import shipped_timeline
from dashboard.ui.text import plain

BACKTEST_DRAWS, BACKTEST_SEED = 200, 1


def lens_words(lens: str) -> str:
    """"coercive deterrence" for ``coercive_deterrence`` (data/labels.yaml, without its gloss)."""
    return level_label("lens", lens).split(" (")[0]


def skill_words(skill: float | None) -> str:
    """Skill against persistence (assuming no change from the last observed month) in plain words."""
    if skill is None or (isinstance(skill, float) and math.isnan(skill)):
        return "not scored (too few observations)"
    if skill > 0:
        return "better than assuming no change"
    return "no better than assuming no change" if skill == 0 else "worse than assuming no change"


def units_words() -> str:
    """How the chart's units come about, as the stored links say (their ``fitted_on``)."""
    spans = sorted({link.fitted_on for p in shipped_parameters().indicators.values() for link in (p.units or {}).values()})
    if not spans:
        return "No response has a link to real units yet, so the chart shows the index."
    end = shipped_timeline().end
    if all(span.split("..")[-1] < end for span in spans):
        return (f"Where a link to real units exists, the chart shows units, through links fitted on "
                f"{' and '.join(spans)} only: the months after are out of sample.")
    return (f"Where a link to real units exists, the chart shows units, through links fitted on {' and '.join(spans)}; "
            "the back-test below refits them on the early years alone and scores the years after.")


def about_the_chart(response: str, link, record: list, lens: str) -> None:
    """Captions under the chart: the index, the link to units, the observed series drawn, and the record as a table."""
    st.caption(f"The model's index for this response runs from 0 to 100: "
               f"{plain(shipped_parameters().indicators[response].meaning)}.")
    if link is not None:
        st.caption(f"Units: {plain(link.describe())}; fitted on {plain(link.fitted_on)}. "
                   f"The shaded band holds 80 % of the replay's draws (10–90 %), {lens_words(lens)} lens.")
        for series in record:
            st.caption(f"Observed, {plain(series.label)}: {plain(series.description)} Segments are averages over "
                       "their months; points are single months. Hover for the source.")
    else:
        st.caption("No fitted link to real units for this response yet: the replay is shown as its index (0–100), "
                   "and the observed record, in other units, is not drawn on the same axes. The shaded band holds "
                   "80 % of the replay's draws (10–90 %). Grey rules mark the timeline's events; hover for each.")
    table = record_table(response)
    if table.num_rows:
        with st.expander("The observed record for this response"):
            st.dataframe(table, hide_index=True, width="stretch",
                         column_config={"source": st.column_config.LinkColumn("source")})


@st.cache_data(max_entries=16, show_spinner=False)
def record_table(response: str) -> pa.Table:
    """Every observation compared with the response, one row each, with its first source page."""
    return pa.Table.from_pylist([{"series": s.label, "from": o.month_from, "to": o.month_to, "value": o.value, "unit": o.unit,
                          "source": o.source_url.split()[0], "note": o.note}
                             for s in observed_for(response) for o in s.observations])


@st.cache_data(max_entries=2, show_spinner="Scoring the replay out of sample…")
def scores(lens: str) -> tuple[dict, pa.Table, pa.Table] | None:
    """The back-test's periods, its score table and its direction checks, or None while
    ``dashboard.model.backtest`` is not there."""
    try:
        from dashboard.model.backtest import backtest
    except ImportError:
        return None
    result = backtest(lens=lens, draws=BACKTEST_DRAWS, seed=BACKTEST_SEED)
    short_names = {name: p.short for name, p in shipped_parameters().indicators.items()}
    periods = {"calibration": result["calibration"], "evaluation": result["evaluation"]}
    # As Arrow: st.dataframe then sends them without converting on every rerun.
    directions = direction_table(result)
    agree = int(directions["agree"].str.startswith("✓").sum()) if len(directions) else 0
    return ({**periods, "agree": agree}, pa.Table.from_pandas(score_table(result, short_names), preserve_index=False),
            pa.Table.from_pandas(directions, preserve_index=False))


def _number(value: float | None, sign: bool = False) -> str:
    return "–" if value is None else f"{value:+.2f}" if sign else f"{value:.2f}"


def score_table(result: dict, short_names: dict[str, str]) -> pd.DataFrame:
    """One row per scored response, the verdict in words beside the numbers (as text, so that
    a static table shows every column at any width)."""
    rows = []
    order = {name: i for i, name in enumerate(RESPONSES)}
    for response, s in sorted(result["indicators"].items(), key=lambda item: order.get(item[0], len(order))):
        skill, coverage = s.get("skill_vs_persistence"), s.get("coverage_80")
        rows.append({"response": short_names.get(response, response), "unit": s.get("unit"), "n": str(s.get("n")),
                     "model's error": _number(s.get("mae")), "no change": _number(s.get("mae_persistence")),
                     "the average": _number(s.get("mae_climatology")), "skill": _number(skill, sign=True),
                     "the model is": skill_words(skill),
                     "in 80 % band": "–" if coverage is None else f"{100 * coverage:.0f} %"})
    return pd.DataFrame(rows)


def direction_table(result: dict) -> pd.DataFrame:
    return pd.DataFrame([{"after": d.get("label"), "observed": d.get("observed"), "model": d.get("model"),
                          "agree": "✓ yes" if d.get("match") else "✗ no"} for d in result.get("directions", [])])


def backtest_section(lens: str) -> None:
    st.header("How well does the replay match the record out of sample?")
    found = scores(lens)
    if found is None:
        st.info("The back-test is not available in this version of the model.")
        return
    periods, table, directions = found
    calibration, evaluation = periods["calibration"], periods["evaluation"]
    st.caption(f"Links and parameters fitted on {calibration['from']} to {calibration['to']} only; errors measured on "
               f"{evaluation['from']} to {evaluation['to']}, which the fit never saw ({lens_words(lens)} lens). "
               "Errors are mean absolute errors in the response's units over the n observations: the model's; "
               "*no change*, the last value observed by the end of the fit held ever after; *the average*, the "
               "fit period's average held ever after. Skill is 1 − the model's error ÷ no change's: above 0 the "
               "model does better than assuming no change; at or below 0 it does not, and the table says so. "
               "About 80 % of observations should fall inside the model's 80 % band.")
    st.dataframe(table, hide_index=True, width="stretch")  # scrolls sideways on a phone, by keyboard too
    if directions.num_rows:
        st.subheader("Directions after held-out events")
        st.caption(f"The model moves the way the record moved in {periods['agree']} of {directions.num_rows} checks.")
        st.dataframe(directions, hide_index=True, width="stretch")
