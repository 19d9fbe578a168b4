"""The timeline of real episodes (data/history.yaml) for seminar mode."""

from __future__ import annotations

import altair as alt
import pandas as pd


def timeline_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """``frame``: date, title, summary, short, lane (one row per episode), right (label to
    the left of its point, for the latest episodes, so that no label runs off the chart)."""
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%Y", labelFontSize=14, tickCount="year"))
    y = alt.Y("lane:O", axis=None)
    tooltip = [alt.Tooltip("date:T", format="%d %B %Y"), "title:N", "summary:N"]
    rules = alt.Chart(frame).mark_rule(color="#888888", opacity=0.4).encode(x=x)
    points = alt.Chart(frame).mark_circle(size=220, color="#D55E00").encode(x=x, y=y, tooltip=tooltip)
    text = dict(fontSize=14, fontWeight="bold")
    left = alt.Chart(frame).transform_filter("!datum.right").mark_text(align="left", dx=12, **text).encode(
        x=x, y=y, text="short:N", tooltip=tooltip)
    right = alt.Chart(frame).transform_filter("datum.right").mark_text(align="right", dx=-12, **text).encode(
        x=x, y=y, text="short:N", tooltip=tooltip)
    return alt.layer(rules, points, left, right).properties(height=60 + 34 * frame["lane"].nunique())
