"""Responses over time, by theatre, with the baseline drawn faintly behind.

Colours: one fixed colour per response (colour-blind safe, from the indicator registry in
data/parameters.yaml), so a response looks the same on every chart and in both themes.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import altair as alt
import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.model import RESPONSES, Result, registry, shipped_parameters

# One colour per response and the theatre panels (title -> responses drawn in it), in the
# order drawn: both from the indicator registry (data/parameters.yaml).
INDICATOR_COLOURS = registry.colours()
THEATRES = {t.title: list(t.responses) for t in registry.theatres()}
CHOSEN, BASELINE = "your options", "baseline"
# Three panels a row fit the page at 1280 px wide with the sidebar open (a projector's width).
PANEL_WIDTH = 215
# Label columns of the bar and timeline charts: up to 420 px of a wide page, but at most 40 %
# of a narrow chart's width (a phone), so the bars keep room. containerSize() is 0 where there
# is no page (an exported image): then the wide limit.
LABEL_LIMIT = alt.ExprRef("containerSize()[0] > 0 ? min(420, 0.4 * containerSize()[0]) : 420")


def long_table(result: Result, baseline: Result, labels: dict[str, str], shown_month: int,
               runs: tuple[str, str] = (CHOSEN, BASELINE), theatres: list[str] | None = None) -> pa.Table:
    """One row per month, response, and run (your options / baseline), as an Arrow table.

    ``shown`` marks the rows of the chosen month: the charts draw their month marker from
    it, so a chart's spec does not change with the month and can be reused. Built straight
    in Arrow with text as dictionary columns (each label sent once): charts get it on every
    rerun, and this is 8 times smaller and faster than a pandas frame of the same rows.
    """
    months = len(result.monthly)
    series, fixed = _fixed_columns(runs, tuple(theatres) if theatres is not None else None, months,
                                   tuple(labels.items()))
    by_run = dict(zip(runs, (result, baseline)))
    values = np.array([[state[name] for state in by_run[run].monthly] for run, _, name in series], dtype=np.float64)
    first_run = np.repeat([run == runs[0] for run, _, _ in series], months)
    return pa.table({**fixed, "value": values.round(2).ravel().astype(np.float32),
                     "shown": (fixed["month"].to_numpy() == shown_month) & first_run,
                     "in_units": pa.array([text for run, _, name in series for text in approx(by_run[run], name)])})


def approx(result: Result, name: str) -> list[str]:
    """Each month's value in real units as words ("≈ 5.3 attacks a month"), or "" where no
    link to the record exists."""
    units = result.in_units(name)
    if units is None:
        return [""] * len(result.monthly)
    link = shipped_parameters().indicators[name].link(result.scenario.lens)
    assert link is not None  # in_units found it
    unit = link.unit
    if link.form == "stock":
        return [f"≈ {u:,.0f} {unit} added since early 2021 (month 0)" for u in units]
    return [f"≈ {u:.1f} {unit}" for u in units]


@lru_cache(maxsize=32)
def _fixed_columns(runs: tuple[str, str], theatres: tuple[str, ...] | None, months: int,
                   labels: tuple[tuple[str, str], ...]) -> tuple[list[tuple[str, str, str]], dict[str, pa.Array]]:
    """The (run, theatre, response) series and the columns that do not change with the levers."""
    names = dict(labels)
    series = [(run, theatre, name) for run in runs for theatre, responses in THEATRES.items()
              if theatres is None or theatre in theatres for name in responses]

    def repeated(items: list[str]) -> pa.DictionaryArray:
        categories = list(dict.fromkeys(items))
        codes = np.array([categories.index(item) for item in items], dtype=np.int8)
        return pa.DictionaryArray.from_arrays(np.repeat(codes, months), categories)

    return series, {
        "month": pa.array(np.tile(np.arange(months, dtype=np.int16), len(series))),
        "indicator": repeated([name for _, _, name in series]),
        "response": repeated([names[name] for _, _, name in series]),
        "theatre": repeated([theatre for _, theatre, _ in series]),
        "run": repeated([run for run, _, _ in series]),
    }


def differences_table(result_a: Result, result_b: Result, month: int, names: Mapping[str, str]) -> pd.DataFrame:
    """Each response at ``month`` under scenario A and B, and B − A (index points, one decimal)."""
    a_now, b_now = result_a.at(month), result_b.at(month)
    return pd.DataFrame({
        "response": [names[r] for r in RESPONSES],
        f"A: month {month}": [round(a_now[r], 1) for r in RESPONSES],
        f"B: month {month}": [round(b_now[r], 1) for r in RESPONSES],
        "B − A": [round(b_now[r] - a_now[r], 1) for r in RESPONSES],
    })


def long_frame(*args, **kwargs) -> pd.DataFrame:
    """``long_table`` as a pandas frame (text columns as categories)."""
    return long_table(*args, **kwargs).to_pandas()


def _colour(frame: pd.DataFrame) -> alt.Color:
    names = [n for n in INDICATOR_COLOURS if n in set(frame["indicator"])]
    labels = frame.drop_duplicates("indicator").set_index("indicator")["response"]
    return alt.Color("response:N", title="Response",
                     scale=alt.Scale(domain=[labels[n] for n in names], range=[INDICATOR_COLOURS[n] for n in names]),
                     legend=alt.Legend(orient="bottom", columns=3, labelLimit=320, labelFontSize=13))


def trajectory_layers(frame: pd.DataFrame, y_title: str = "Index (0–100)", runs: tuple[str, str] = (CHOSEN, BASELINE),
                      second_opacity: float = 0.45) -> alt.LayerChart | alt.FacetChart:
    """Solid lines for the first run, dashed (by default faint) lines for the second, and a
    rule at the chosen month."""
    x = alt.X("month:Q", title="Month", scale=alt.Scale(nice=False))
    y = alt.Y("value:Q", title=y_title, scale=alt.Scale(domain=[0, 100]))
    tooltip = [alt.Tooltip("response:N"), alt.Tooltip("run:N"), alt.Tooltip("month:Q"), alt.Tooltip("value:Q", format=".1f"),
               alt.Tooltip("in_units:N", title="in real units")]
    # A line's tooltip is its first month's, whatever month the pointer is at: the lines say
    # which series they are; the dot at the month shown carries its figures (every month's are
    # in the cards as the month slider moves, and in "Show the chart as a table").
    series = [alt.Tooltip("response:N"), alt.Tooltip("run:N")]
    # The data marks are hidden from screen readers (aria=False): Vega-Lite would otherwise
    # write a description for each of ~700 points and line vertices on every redraw, a sixth of
    # the chart's work in the browser. A screen reader reads the chart's alt text, its axes and
    # legend, and "Show the chart as a table".
    # No data of its own: the layers take the data of the chart they sit in (see below).
    base = alt.Chart().encode(x=x, y=y, color=_colour(frame), detail="run:N")
    first = base.transform_filter(alt.datum.run == runs[0])
    faint = (base.transform_filter(alt.datum.run == runs[1])
             .mark_line(strokeWidth=2, strokeDash=[5, 4], opacity=second_opacity, aria=False).encode(tooltip=series))
    chosen = first.mark_line(strokeWidth=3, aria=False).encode(tooltip=series)
    # The month marker comes from the same data so that it works inside facets.
    marker = (alt.Chart().transform_filter(alt.datum.shown)
              .mark_rule(strokeWidth=2, opacity=0.5, color="#888888", aria=False).encode(x=x))
    # A dot on the first run at the month shown only: a point at every month doubled the marks
    # the browser recomputes and draws on each lever move (bench/bench_browser.py).
    dot = first.transform_filter(alt.datum.shown).mark_point(size=90, filled=True, opacity=1, aria=False).encode(tooltip=tooltip)
    return alt.layer(faint, chosen, marker, dot)


def trajectories_chart(frame: pd.DataFrame, y_title: str = "Index (0–100)") -> alt.LayerChart | alt.FacetChart:
    """One panel of trajectories (all responses in ``frame`` together)."""
    return trajectory_layers(frame, y_title).properties(data=frame)


def comparison_chart(frame: pd.DataFrame, columns: int = 3) -> alt.FacetChart:
    """Scenario A (solid) and B (dashed) on the same panels; ``frame`` from long_frame with runs ("A", "B")."""
    theatres = [t for t in THEATRES if t in set(frame["theatre"])]
    return (
        trajectory_layers(frame, runs=("A", "B"), second_opacity=0.9)
        .properties(height=190, width=PANEL_WIDTH)
        .facet(facet=alt.Facet("theatre:N", title=None, sort=theatres, header=alt.Header(labelFontSize=15, labelFontWeight="bold")),
               columns=columns, data=frame)
    )


def responses_chart(frame: pd.DataFrame, columns: int = 3) -> alt.FacetChart:
    """Small multiples: one panel per theatre, with how to read them in the subtitle."""
    theatres = [t for t in THEATRES if t in set(frame["theatre"])]
    return (
        trajectory_layers(frame)
        .properties(height=190, width=PANEL_WIDTH)
        .facet(facet=alt.Facet("theatre:N", title=None, sort=theatres, header=alt.Header(labelFontSize=15, labelFontWeight="bold")),
               columns=columns, data=frame)
        .resolve_scale(color="shared")
        .properties(title=alt.Title("Responses by theatre", anchor="start", fontSize=15, subtitleFontSize=13,
                                    subtitle="Solid lines: your options. Dashed, faint: the baseline. "
                                             "The grey line marks the month shown."))
    )
