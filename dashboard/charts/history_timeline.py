"""The timeline of real episodes (data/history.yaml) for seminar mode."""

from __future__ import annotations

import altair as alt
import pandas as pd


def timeline_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """``frame``: date, title, summary, lane (0..n: alternating label rows)."""
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%Y", labelFontSize=14, tickCount="year"))
    y = alt.Y("lane:O", axis=None)
    tooltip = [alt.Tooltip("date:T", format="%d %B %Y"), "title:N", "summary:N"]
    rules = alt.Chart(frame).mark_rule(color="#888888", opacity=0.6).encode(x=x)
    points = alt.Chart(frame).mark_circle(size=220, color="#D55E00").encode(x=x, y=y, tooltip=tooltip)
    labels = alt.Chart(frame).mark_text(align="left", dx=10, fontSize=14, fontWeight="bold").encode(
        x=x, y=y, text="short:N", tooltip=tooltip)
    return alt.layer(rules, points, labels).properties(height=80 + 46 * frame["lane"].nunique())
