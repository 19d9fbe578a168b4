"""Charts of a classroom room: what the class chose, where it leads, what it predicted."""

from __future__ import annotations

import altair as alt
import pandas as pd

CHOSEN_COLOUR, MODEL_COLOUR = "#0072B2", "#D55E00"  # Okabe-Ito blue and vermillion


def lever_counts_chart(frame: pd.DataFrame) -> alt.FacetChart:
    """``frame``: lever, level, order, students — one small bar chart per lever."""
    bars = alt.Chart().mark_bar(color=CHOSEN_COLOUR).encode(
        x=alt.X("students:Q", title="Students", axis=alt.Axis(tickMinStep=1, format="d")),
        y=alt.Y("level:N", title=None, sort=alt.EncodingSortField("order"), axis=alt.Axis(labelFontSize=13)),
        tooltip=["lever:N", "level:N", "students:Q"])
    # Mid grey reads on both the light and the dark theme.
    labels = bars.mark_text(align="left", dx=4, fontSize=13).encode(text="students:Q", color=alt.value("#888888"))
    return (alt.layer(bars, labels).properties(width=200, height=alt.Step(22))
            .facet(facet=alt.Facet("lever:N", title=None, sort=list(dict.fromkeys(frame["lever"])),
                                   header=alt.Header(labelFontSize=14, labelFontWeight="bold")),
                   columns=3, data=frame)
            .resolve_scale(y="independent"))


def outcomes_chart(frame: pd.DataFrame, label: str) -> alt.LayerChart:
    """``frame``: student, month, value — one thin line per submission and the class median."""
    x = alt.X("month:Q", title="Month", scale=alt.Scale(nice=False))
    y = alt.Y("value:Q", title=f"{label} (0–100)", scale=alt.Scale(domain=[0, 100]))
    lines = alt.Chart(frame).mark_line(strokeWidth=1.5, opacity=0.45, color=CHOSEN_COLOUR).encode(
        x=x, y=y, detail="student:N",
        tooltip=["student:N", "month:Q", alt.Tooltip("value:Q", format=".1f")])
    median = alt.Chart(frame).mark_line(strokeWidth=4, color=MODEL_COLOUR).encode(
        x=x, y="median(value):Q", tooltip=["month:Q", alt.Tooltip("median(value):Q", format=".1f", title="class median")])
    return alt.layer(lines, median).properties(height=360)


def predictions_chart(frame: pd.DataFrame) -> alt.Chart:
    """``frame``: response, series, percent — the class's predicted rises beside the model's."""
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("percent:Q", title="Share of the class (%)", scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("response:N", title=None, sort=None, axis=alt.Axis(labelLimit=320, labelFontSize=13)),
        yOffset=alt.YOffset("series:N"),
        color=alt.Color("series:N", title=None, scale=alt.Scale(range=[CHOSEN_COLOUR, MODEL_COLOUR]),
                        legend=alt.Legend(orient="bottom", labelFontSize=13, labelLimit=400)),
        tooltip=["response:N", "series:N", alt.Tooltip("percent:Q", format=".0f")],
    ).properties(height=alt.Step(14))
