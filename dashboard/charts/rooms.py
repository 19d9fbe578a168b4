"""Charts of a classroom room: what the class chose, where it leads, what it predicted.

``font`` is the size of the chart's text in pixels: 13 as a default, larger for the
projector's large type (the charts' text is drawn on a canvas, where the page's CSS does
not reach). Levers and levels are shown in words (data/labels.yaml), never by contract name.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from dashboard.model.labels import level_label, lever_label

CHOSEN_COLOUR, MODEL_COLOUR = "#0072B2", "#D55E00"  # Okabe-Ito blue and vermillion
FONT = 13


def lever_counts_in_words(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame``: lever, level, order, students (``report.lever_counts``), with the lever and
    the level in words ("Strikes in Iraq", "repeated")."""
    return frame.assign(level=[level_label(lever, level) for lever, level in zip(frame["lever"], frame["level"])],
                        lever=frame["lever"].map(lever_label))


def lever_counts_chart(frame: pd.DataFrame, font: int = FONT) -> alt.FacetChart:
    """``frame`` from ``lever_counts_in_words`` — one small bar chart per lever."""
    bars = alt.Chart().mark_bar(color=CHOSEN_COLOUR).encode(
        x=alt.X("students:Q", title="Students", axis=alt.Axis(tickMinStep=1, format="d", labelFontSize=font,
                                                              titleFontSize=font)),
        y=alt.Y("level:N", title=None, sort=alt.EncodingSortField("order"),
                axis=alt.Axis(labelFontSize=font, labelLimit=20 * font)),
        tooltip=[alt.Tooltip("lever:N", title="option"), "level:N", "students:Q"])
    # Mid grey reads on both the light and the dark theme.
    labels = bars.mark_text(align="left", dx=4, fontSize=font).encode(text="students:Q", color=alt.value("#888888"))
    return (alt.layer(bars, labels).properties(width=15 * font, height=alt.Step(round(font * 1.7)))
            .facet(facet=alt.Facet("lever:N", title=None, sort=list(dict.fromkeys(frame["lever"])),
                                   header=alt.Header(labelFontSize=font + 1, labelFontWeight="bold",
                                                     labelLimit=22 * font)),
                   columns=3, data=frame)
            .resolve_scale(y="independent"))


def outcomes_chart(frame: pd.DataFrame, label: str, font: int = FONT) -> alt.LayerChart | alt.FacetChart:
    """``frame``: student, month, value — one thin line per submission and the class median."""
    axis = alt.Axis(labelFontSize=font, titleFontSize=font)
    x = alt.X("month:Q", title="Month", scale=alt.Scale(nice=False), axis=axis)
    y = alt.Y("value:Q", title=f"{label} (0–100)", scale=alt.Scale(domain=[0, 100]), axis=axis)
    lines = alt.Chart(frame).mark_line(strokeWidth=1.5, opacity=0.45, color=CHOSEN_COLOUR).encode(
        x=x, y=y, detail="student:N",
        tooltip=["student:N", "month:Q", alt.Tooltip("value:Q", format=".1f")])
    median = alt.Chart(frame).mark_line(strokeWidth=4, color=MODEL_COLOUR).encode(
        x=x, y="median(value):Q", tooltip=["month:Q", alt.Tooltip("median(value):Q", format=".1f", title="class median")])
    return alt.layer(lines, median).properties(height=360)


def lever_counts_table(counts: pd.DataFrame) -> pd.DataFrame:
    """``counts`` (``lever_counts_in_words``) as a table: a level a row, a lever a column, students."""
    return counts.pivot_table(index="level", columns="lever", values="students", sort=False).fillna(0).astype(int)


def outcomes_table(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (``report.outcomes``) as a table: a month a row, a submission a column."""
    return frame.pivot(index="month", columns="student", values="value").round(1)


PREDICTED, MODEL_RISE = "the class predicted a rise", "the model has a rise"


def predictions_in_words(versus: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """``versus`` (``report.predictions_against_model``) as the chart's rows: response (in words),
    series (the class's predicted rises, or the model's), percent."""
    long = versus.melt(id_vars="response", value_vars=["predicted rise", "model: rise"], var_name="series",
                       value_name="percent")
    return long.assign(series=long["series"].map({"predicted rise": PREDICTED, "model: rise": MODEL_RISE}),
                       response=long["response"].map(names))


def predictions_chart(frame: pd.DataFrame, font: int = FONT) -> alt.Chart:
    """``frame``: response, series, percent — the class's predicted rises beside the model's."""
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("percent:Q", title="Share of the class (%)", scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(labelFontSize=font, titleFontSize=font)),
        y=alt.Y("response:N", title=None, sort=None, axis=alt.Axis(labelLimit=25 * font, labelFontSize=font)),
        yOffset=alt.YOffset("series:N"),
        color=alt.Color("series:N", title=None, scale=alt.Scale(range=[CHOSEN_COLOUR, MODEL_COLOUR]),
                        legend=alt.Legend(orient="bottom", labelFontSize=font, labelLimit=30 * font)),
        tooltip=["response:N", "series:N", alt.Tooltip("percent:Q", format=".0f")],
    ).properties(height=alt.Step(round(font * 1.1)))
