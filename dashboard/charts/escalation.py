"""The escalation view: the risk of a spiral, and the tit-for-tat exchanges as a timeline."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts.trajectories import LABEL_LIMIT
from dashboard.model.explain import Exchange

SIDE_COLOURS = {"United States": "#0072B2", "Iran and partners": "#D55E00"}


def exchanges_frame(events: list[Exchange]) -> pd.DataFrame:
    return pd.DataFrame(
        [(e.month, e.side, e.theatre, e.action, round(e.intensity, 1)) for e in events],
        columns=["month", "side", "theatre", "action", "intensity"],
    )


def exchanges_chart(frame: pd.DataFrame, months: int, month: int) -> alt.LayerChart | alt.FacetChart:
    """Who struck, where, when: one row per side and theatre, one mark per month."""
    frame = frame.assign(row=frame["side"].str.replace("Iran and partners", "Iran & partners") + " · " + frame["theatre"])
    rows = sorted(frame["row"].unique(), key=lambda r: (not r.startswith("United"), r))
    points = alt.Chart(frame).mark_point(filled=True, opacity=0.85).encode(
        x=alt.X("month:Q", title="Month", scale=alt.Scale(domain=[0.5, months + 0.5], nice=False)),
        y=alt.Y("row:N", title=None, sort=rows, axis=alt.Axis(labelLimit=LABEL_LIMIT, labelFontSize=13)),
        color=alt.Color("side:N", title="Who", scale=alt.Scale(domain=list(SIDE_COLOURS), range=list(SIDE_COLOURS.values())),
                        legend=alt.Legend(orient="top")),
        shape=alt.Shape("side:N", scale=alt.Scale(domain=list(SIDE_COLOURS), range=["triangle-up", "circle"]), legend=None),
        size=alt.Size("intensity:Q", title="Intensity", scale=alt.Scale(domain=[0, 100], range=[40, 500]), legend=None),
        tooltip=["month:Q", "side:N", "theatre:N", "action:N", alt.Tooltip("intensity:Q", format=".0f")],
    )
    marker = alt.Chart(pd.DataFrame({"month": [month]})).mark_rule(color="#888888", strokeDash=[4, 3]).encode(x="month:Q")
    # Streamlit fits axes and legend inside the height, so leave room for them.
    return alt.layer(points, marker).properties(height=110 + 44 * len(rows))
