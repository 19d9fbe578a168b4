"""Charts of uncertainty: fan charts (10-90 % bands), the tornado, and the lever sweep."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts.trajectories import INDICATOR_COLOURS, PANEL_WIDTH, THEATRES


def fan_chart(frame: pd.DataFrame, columns: int = 3) -> alt.FacetChart:
    """``frame``: month, indicator, response, theatre, p10, p50, p90, shown (bool)."""
    names = [n for n in INDICATOR_COLOURS if n in set(frame["indicator"])]
    labels = frame.drop_duplicates("indicator").set_index("indicator")["response"]
    colour = alt.Color("response:N", title="Response", legend=alt.Legend(orient="bottom", columns=2, labelLimit=320),
                       scale=alt.Scale(domain=[labels[n] for n in names], range=[INDICATOR_COLOURS[n] for n in names]))
    x = alt.X("month:Q", title="Month", scale=alt.Scale(nice=False))
    tooltip = ["response:N", "month:Q", alt.Tooltip("p10:Q", format=".1f"), alt.Tooltip("p50:Q", format=".1f"),
               alt.Tooltip("p90:Q", format=".1f")]
    band = alt.Chart().mark_area(opacity=0.25).encode(
        x=x, y=alt.Y("p10:Q", title="Index (0–100)", scale=alt.Scale(domain=[0, 100])), y2="p90:Q", color=colour,
        tooltip=tooltip)
    median = alt.Chart().mark_line(strokeWidth=3).encode(x=x, y=alt.Y("p50:Q", title="Index (0–100)"), color=colour, tooltip=tooltip)
    marker = alt.Chart().transform_filter(alt.datum.shown).mark_rule(color="#888888", opacity=0.5).encode(x=x)
    theatres = [t for t in THEATRES if t in set(frame["theatre"])]
    return (
        alt.layer(band, median, marker).properties(height=190, width=PANEL_WIDTH)
        .facet(facet=alt.Facet("theatre:N", title=None, sort=theatres, header=alt.Header(labelFontSize=15, labelFontWeight="bold")),
               columns=columns, data=frame)
    )


def tornado_chart(frame: pd.DataFrame, outcome_label: str) -> alt.LayerChart:
    """``frame``: title, rule, low, high, central — one row per rule, widest first."""
    order = list(frame["title"])
    y = alt.Y("title:N", title=None, sort=order, axis=alt.Axis(labelLimit=420, labelFontSize=13))
    tooltip = [alt.Tooltip("title:N", title="rule"), "rule:N", alt.Tooltip("low:Q", format=".1f", title="at low size"),
               alt.Tooltip("high:Q", format=".1f", title="at high size"), alt.Tooltip("central:Q", format=".1f")]
    bars = alt.Chart(frame).mark_bar(height=16, color="#0072B2", opacity=0.8).encode(
        x=alt.X("low:Q", title=f"{outcome_label}: value with the rule at its low → high size"), x2="high:Q", y=y,
        tooltip=tooltip)
    high_end = alt.Chart(frame).mark_tick(color="#D55E00", thickness=3, size=18).encode(x="high:Q", y=y, tooltip=tooltip)
    central = alt.Chart(frame).mark_rule(color="#888888", strokeDash=[4, 3]).encode(x="mean(central):Q")
    return alt.layer(bars, high_end, central).properties(height=70 + 28 * len(frame))


def sweep_chart(frame: pd.DataFrame, lever_x: str, lever_y: str, order_x: list[str], order_y: list[str],
                outcome_label: str) -> alt.LayerChart:
    """``frame``: lever_x, lever_y, p10, p50, p90, current (bool) — a heatmap of the median."""
    x = alt.X(f"{lever_x}:N", sort=order_x, title=lever_x, axis=alt.Axis(labelAngle=0, labelFontSize=13))
    y = alt.Y(f"{lever_y}:N", sort=order_y[::-1], title=lever_y, axis=alt.Axis(labelFontSize=13))
    tooltip = [f"{lever_x}:N", f"{lever_y}:N", alt.Tooltip("p50:Q", format=".1f", title="median"),
               alt.Tooltip("p10:Q", format=".1f"), alt.Tooltip("p90:Q", format=".1f")]
    # The colour scale spans the sweep's own range, so small differences between cells show.
    low, high = float(frame["p50"].min()), float(frame["p50"].max())
    cells = alt.Chart(frame).mark_rect().encode(
        x=x, y=y, tooltip=tooltip,
        color=alt.Color("p50:Q", title=f"{outcome_label} (median)", scale=alt.Scale(scheme="viridis", zero=False),
                        legend=alt.Legend(titleLimit=300)))
    text = alt.Chart(frame).mark_text(fontSize=15, fontWeight="bold").encode(
        x=x, y=y, text=alt.Text("p50:Q", format=".1f"), tooltip=tooltip,
        color=alt.condition(alt.datum.p50 > (low + high) / 2, alt.value("#000000"), alt.value("#ffffff")))
    current = alt.Chart(frame).transform_filter(alt.datum.current).mark_rect(
        fill=None, stroke="#D55E00", strokeWidth=4).encode(x=x, y=y)
    return alt.layer(cells, text, current).properties(height=max(220, 56 * len(order_y)))
